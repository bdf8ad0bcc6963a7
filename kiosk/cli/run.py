"""``python main.py``: parse the command line, open the core, run one command.

Exit codes: 0 success, 2 bad usage or configuration, 1 failure at run time. Every
error is one line on stderr, never a traceback.

The core (SQLAlchemy, the store, the services) loads only when a command opens its
session: a window command is handed a :data:`SessionOpener` instead of a session, so
that its process paints a window first and opens the database while it shows.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, CommandFailed, say
from kiosk.cli.parser import UsageError, build_parser
from kiosk.config import Settings, load_settings
from kiosk.errors import ConfigError, KioskError, StoreUnavailable, ValidationError

if TYPE_CHECKING:
    from kiosk.cli.session import Session

#: Opens a window command's session when called (the core on its database, migrated,
#: demo data added); the session closes when the context ends. Any thread may call it.
SessionOpener = Callable[[], AbstractContextManager["Session"]]
#: A window command: the parsed arguments, the settings, and how to open its session.
WindowCommand = Callable[[argparse.Namespace, Settings, SessionOpener], int]


def main(argv: Sequence[str] | None, window_commands: Mapping[str, WindowCommand],
         preflight: Callable[[str], None] | None = None) -> int:
    """Run one command; ``window_commands`` are the ones that open windows (from ``ui``).

    Args:
        preflight: called with a window command's name before the database is opened
            (to say at once that this machine cannot show windows).
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        command = args.command or "all"
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        settings = load_settings(args.config)
        if command in window_commands:
            if preflight is not None:
                preflight(command)
        else:
            gc.enable()  # main.py starts without it; windows collect on their GUI thread
        return _dispatch(command, args, settings, window_commands)
    except UsageError as exc:
        return _fail(EXIT_USAGE, str(exc))
    except ConfigError as exc:
        return _fail(EXIT_USAGE, f"invalid settings: {exc}")
    except ValidationError as exc:
        return _fail(EXIT_USAGE, str(exc))
    except StoreUnavailable as exc:
        return _fail(EXIT_FAILURE, f"database unavailable: {exc}")
    except (KioskError, CommandFailed) as exc:
        return _fail(EXIT_FAILURE, str(exc))
    except KeyboardInterrupt:
        return EXIT_OK


def _dispatch(command: str, args: argparse.Namespace, settings: Settings,
              window_commands: Mapping[str, WindowCommand]) -> int:
    if command in window_commands:
        return window_commands[command](args, settings, window_session(command, args, settings))
    from kiosk.cli.commands import CORE_COMMANDS, cmd_admin_pin
    from kiosk.cli.session import open_session

    if command == "admin-pin":
        return cmd_admin_pin()
    if command in ("simulate", "replay", "staffing") and not args.db:
        args.db = _scratch_database()
    with open_session(args, settings, demo=False, migrate=command != "backup") as session:
        return CORE_COMMANDS[command](args, session)


def window_session(command: str, args: argparse.Namespace, settings: Settings) -> SessionOpener:
    """How a window command opens its session: ``--db`` (or the settings' database) with
    demo data, or a scratch database of demo data only for screenshots (a picture never
    shows a real visitor)."""

    def opener() -> AbstractContextManager[Session]:
        from kiosk.cli.session import open_session, scratch_session

        if command == "screenshots":
            return scratch_session(settings)
        return open_session(args, settings, demo=True)

    return opener


def _scratch_database() -> str:
    """A new SQLite file for a simulated day, never the live database."""
    folder = Path(tempfile.mkdtemp(prefix="techbar-simulate-"))
    say(f"simulating on a scratch database, {folder / 'simulated.db'} (--db to choose one)")
    return f"sqlite:///{folder / 'simulated.db'}"


def _fail(code: int, reason: str) -> int:
    say(reason)
    return code
