"""Tech Bar: argv -> kiosk.bootstrap -> the command. Nothing else happens here.

The core's commands live in :mod:`kiosk.cli`; the ones below open windows, so they
are the only place where the command line meets :mod:`ui`.

Exit codes: 0 success, 2 bad usage or configuration, 1 failure at run time.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ui.common.desktop import require_desktop_libraries

if TYPE_CHECKING:
    from kiosk.cli.run import SessionOpener, WindowCommand
    from kiosk.config import Settings


def cmd_windows(args: argparse.Namespace, settings: Settings, open_session: SessionOpener) -> int:
    """A window process: its first window paints at once, the core opens behind it."""
    from ui.app import start_app

    return start_app(settings, open_session, args.command or "all", ["techbar"],  # WM_CLASS
                     windowed=bool(getattr(args, "windowed", False)))


def cmd_screenshots(args: argparse.Namespace, settings: Settings,
                    open_session: SessionOpener) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.screenshots.render import render_screenshots

    with open_session() as session:
        for file in render_screenshots(session.core, Path(args.out)):
            print(file)
    return 0


WINDOW_COMMANDS: dict[str, WindowCommand] = {
    "all": cmd_windows, "kiosk": cmd_windows, "console": cmd_windows, "liaison": cmd_windows,
    "display": cmd_windows, "screenshots": cmd_screenshots,
}


def preflight(command: str) -> None:
    """Before a window opens: the display and the libraries Qt needs (not for screenshots)."""
    if command != "screenshots":
        require_desktop_libraries()


def main(argv: Sequence[str] | None = None) -> int:
    from kiosk.cli.run import main as run_command

    return run_command(argv, WINDOW_COMMANDS, preflight)


if __name__ == "__main__":
    # Loading the modules allocates much and frees little: no collections meanwhile (a
    # tenth faster to a first window). A window process then collects on its GUI thread
    # (ui.common.collector), every other command turns the collector back on (kiosk.cli.run).
    gc.disable()
    sys.exit(main())
