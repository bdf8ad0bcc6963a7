"""Tech Bar: the composition root.

Parses the command line, loads settings, builds the database, services, adapters
and windows, and passes them in. Nothing else happens here.

Exit codes: 0 success, 2 bad usage or configuration, 1 failure at run time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timezone
from pathlib import Path

from kiosk.clock import SystemClock
from kiosk.config import Settings, load_settings
from kiosk.errors import ConfigError, KioskError, StoreUnavailable, ValidationError
from kiosk.store import Database, default_sqlite_url

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("techbar")


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(suppress=False)
    nested = _common_options(suppress=True)
    parser = _Parser(prog="techbar", parents=[common],
                     description="Tech Bar: walk-up IT help with a fair queue and complete tickets.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, text in (("all", "open the check-in, console and liaison windows (default)"),
                       ("kiosk", "open the check-in kiosk"),
                       ("console", "open the technician console"),
                       ("liaison", "open the front-desk liaison view")):
        sub.add_parser(name, parents=[nested], help=text)
    board = sub.add_parser("display", parents=[nested],
                           help='the "now serving" board for a TV in the waiting area')
    board.add_argument("--windowed", action="store_true", help="in a window, not full screen")
    sub.add_parser("migrate", parents=[nested], help="create or upgrade the database schema")
    export = sub.add_parser("export", parents=[nested], help="visits of a date range as CSV")
    export.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="last", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--out", required=True, metavar="FILE.csv")
    sync = sub.add_parser("sync", parents=[nested], help="send ended visits to the ticketing system")
    sync.add_argument("--once", action="store_true",
                      help="send what is due, then exit (1 if anything failed)")
    sim = sub.add_parser("simulate", parents=[nested],
                         help="run a simulated day through the real services")
    sim.add_argument("--visitors", type=int, required=True)
    sim.add_argument("--technicians", type=int, required=True)
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    directory = sub.add_parser("directory", parents=[nested], help="the directory of people")
    directory_sub = directory.add_subparsers(dest="action", required=True, parser_class=_Parser)
    importer = directory_sub.add_parser("import", parents=[nested],
                                        help="import people from a CSV file (see README)")
    importer.add_argument("file", metavar="FILE.csv")
    appointment = sub.add_parser("appointment", parents=[nested], help="book and list appointments")
    appointment_sub = appointment.add_subparsers(dest="action", required=True, parser_class=_Parser)
    booking = appointment_sub.add_parser("book", parents=[nested], help="book an appointment")
    booking.add_argument("--name", required=True)
    booking.add_argument("--email", default="")
    booking.add_argument("--employee-id", default="")
    booking.add_argument("--category", required=True)
    booking.add_argument("--at", required=True, metavar="YYYY-MM-DDTHH:MM",
                         help="site local time, or with an offset")
    booking.add_argument("--note", default="")
    appointment_sub.add_parser("list", parents=[nested], help="appointments of the next 12 hours")
    notice = sub.add_parser("notice", parents=[nested], help="incident notices for kiosk and board")
    notice_sub = notice.add_subparsers(dest="action", required=True, parser_class=_Parser)
    posting = notice_sub.add_parser("post", parents=[nested], help="post a notice")
    posting.add_argument("--title", required=True)
    posting.add_argument("--message", default="")
    posting.add_argument("--severity", default="info", choices=("info", "warning", "critical"))
    posting.add_argument("--category", action="append", default=[],
                         help="a category it applies to (repeat; none: all)")
    posting.add_argument("--hours", type=float, default=None, help="ends after this many hours")
    notice_sub.add_parser("list", parents=[nested], help="notices in force now")
    ending = notice_sub.add_parser("end", parents=[nested], help="end a notice now")
    ending.add_argument("id", type=int)
    technician = sub.add_parser("technician", parents=[nested], help="technicians of the console")
    technician_sub = technician.add_subparsers(dest="action", required=True, parser_class=_Parser)
    adding = technician_sub.add_parser("add", parents=[nested],
                                       help="add a technician (asks the PIN twice)")
    adding.add_argument("--name", required=True)
    adding.add_argument("--skills", default="", help="category ids, comma-separated (none: all)")
    adding.add_argument("--counter", default="", help='where visitors go, e.g. "Desk 2"')
    technician_sub.add_parser("list", parents=[nested], help="every technician")
    sub.add_parser("admin-pin", parents=[nested],
                   help="make the hash of a kiosk admin PIN (for kiosk.admin_pin_hash)")
    shots = sub.add_parser("screenshots", parents=[nested],
                           help="render every window and screen offscreen to PNG files")
    shots.add_argument("--out", required=True, metavar="DIR")
    return parser


def _common_options(*, suppress: bool) -> _Parser:
    """Options every command takes, before or after the command name.

    The copy given to subcommands has no defaults, so ``--db X migrate`` and
    ``migrate --db X`` both work.
    """
    default = argparse.SUPPRESS if suppress else None
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="URL", default=default,
                        help="database URL (default: settings, KIOSK_DATABASE_URL, "
                             "or a SQLite file in the user data directory)")
    common.add_argument("--config", metavar="FILE", default=default,
                        help="settings file (TOML); or KIOSK_CONFIG")
    common.add_argument("--no-demo", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help="do not add demo data to an empty database")
    common.add_argument("-v", "--verbose", action="store_true",
                        default=argparse.SUPPRESS if suppress else False, help="log more")
    return common


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        command = args.command or "all"
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        settings = load_settings(args.config)
        handler = COMMANDS[command]
        return handler(args, settings)
    except UsageError as exc:
        return _fail(EXIT_USAGE, str(exc))
    except ConfigError as exc:
        return _fail(EXIT_USAGE, f"invalid settings: {exc}")
    except ValidationError as exc:
        return _fail(EXIT_USAGE, str(exc))
    except StoreUnavailable as exc:
        return _fail(EXIT_FAILURE, f"database unavailable: {exc}")
    except KioskError as exc:
        return _fail(EXIT_FAILURE, str(exc))
    except KeyboardInterrupt:
        return EXIT_OK


def _fail(code: int, reason: str) -> int:
    print(f"techbar: {reason}", file=sys.stderr)
    return code


def open_database(args: argparse.Namespace, settings: Settings, *, demo: bool) -> Database:
    """Build the engine, run migrations, and on a new local database add demo data."""
    url = args.db or settings.database_url or default_sqlite_url()
    db = Database(url)
    db.migrate()
    if demo and not args.no_demo and not os.environ.get("KIOSK_NO_DEMO"):
        from kiosk.sim.demo import seed_demo

        seed_demo(db, settings)
    return db


def cmd_windows(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app.visits import VisitService
    from ui.app import run_app

    db = open_database(args, settings, demo=True)
    try:
        service = VisitService(db, settings, SystemClock())
        return run_app(service, settings, args.command or "all", [sys.argv[0]])
    finally:
        db.dispose()


def cmd_display(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app.visits import VisitService
    from ui.board.view import run_display

    db = open_database(args, settings, demo=True)
    try:
        return run_display(VisitService(db, settings, SystemClock()), [sys.argv[0]],
                           show_names=settings.display.show_names, chime=settings.display.chime,
                           theme=settings.kiosk.theme, windowed=args.windowed)
    finally:
        db.dispose()


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app.export import export_command

    db = open_database(args, settings, demo=False)
    try:
        count = export_command(db, settings, first=args.first, last=args.last, out=Path(args.out))
    finally:
        db.dispose()
    print(f"{count} visits written to {args.out}")
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    db = open_database(args, settings, demo=False)
    print(f"database {db.describe()} is at the newest schema")
    db.dispose()
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.cli.sync import run_sync_command

    db = open_database(args, settings, demo=False)
    try:
        return run_sync_command(db, settings, SystemClock(), once=args.once)
    finally:
        db.dispose()


def cmd_simulate(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.sim.simulate import run_simulation

    db = open_database(args, settings, demo=False)
    try:
        report = run_simulation(db, settings, visitors=args.visitors,
                                technicians=args.technicians, seed=args.seed)
    finally:
        db.dispose()
    print(json.dumps(report.as_dict()) if args.json else report.format_text())
    return EXIT_OK


def cmd_screenshots(args: argparse.Namespace, settings: Settings) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.app.visits import VisitService
    from ui.screenshots.render import render_screenshots

    db = open_database(args, settings, demo=True)
    try:
        files = render_screenshots(VisitService(db, settings, SystemClock()), settings,
                                   Path(args.out))
    finally:
        db.dispose()
    for file in files:
        print(file)
    return EXIT_OK


def cmd_directory(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app.directory import DirectoryService

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV "
                         "and try again") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    db = open_database(args, settings, demo=False)
    try:
        report = DirectoryService(db, SystemClock(), settings.site_id).import_csv(text)
    except ValidationError as exc:
        raise UsageError(f"{path}: {exc}") from None
    finally:
        db.dispose()
    print(report.format_text())
    return EXIT_FAILURE if report.errors else EXIT_OK


def cmd_appointment(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.app.appointments import AppointmentService
    from kiosk.app.visits import VisitService

    clock = SystemClock()
    db = open_database(args, settings, demo=False)
    try:
        appointments = AppointmentService(VisitService(db, settings, clock), clock)
        if args.action == "book":
            booked = appointments.book(name=args.name, email=args.email,
                                       employee_id=args.employee_id, category=args.category,
                                       scheduled_at=_local_time(args.at, settings),
                                       note=args.note)
            print(f"{booked.code} {booked.name} at {_show(booked.scheduled_at, settings)}")
        else:
            for item in appointments.upcoming():
                print(f"{item.code}  {_show(item.scheduled_at, settings)}  {item.status:<10} "
                      f"{item.category:<10} {item.name}")
    finally:
        db.dispose()
    return EXIT_OK


def cmd_notice(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta

    from kiosk.app.notices import NoticeService

    clock = SystemClock()
    db = open_database(args, settings, demo=False)
    try:
        notices = NoticeService(db, settings, clock)
        if args.action == "post":
            ends = clock.now() + timedelta(hours=args.hours) if args.hours else None
            posted = notices.post(title=args.title, message=args.message,
                                  severity=args.severity, categories=tuple(args.category),
                                  ends_at=ends, actor="command line")
            print(f"notice {posted.id} posted")
        elif args.action == "end":
            notices.end(args.id)
            print(f"notice {args.id} ended")
        else:
            for item in notices.active():
                scope = ",".join(item.categories) or "all"
                print(f"{item.id:>4}  {item.severity:<8} [{scope}] {item.title}")
    finally:
        db.dispose()
    return EXIT_OK


def cmd_technician(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from kiosk.app.technicians import (
        TechnicianService,
        add_technician_command,
        list_technicians_command,
    )

    db = open_database(args, settings, demo=False)
    try:
        service = TechnicianService(db, settings, SystemClock())
        if args.action == "add":
            return add_technician_command(service, name=args.name, skills=args.skills,
                                          counter=args.counter, input_fn=getpass.getpass,
                                          out=sys.stdout)
        return list_technicians_command(service, sys.stdout)
    finally:
        db.dispose()


def cmd_admin_pin(_args: argparse.Namespace, _settings: Settings) -> int:
    import getpass

    from kiosk.app.security import PinError, prompt_new_pin_hash

    try:
        prompt_new_pin_hash(getpass.getpass, sys.stdout)
    except (PinError, EOFError) as exc:
        return _fail(EXIT_FAILURE, f"no admin PIN set: {exc or 'no input'}")
    print("(or set it in the environment as KIOSK_ADMIN_PIN_HASH)")
    return EXIT_OK


def _local_time(text: str, settings: Settings) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--at: '{text}' is not a date and time like 2026-11-23T14:30") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone(settings.utc_offset))
    return moment.astimezone(UTC)


def _show(moment: datetime, settings: Settings) -> str:
    return (moment + settings.utc_offset).strftime("%Y-%m-%d %H:%M")


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "all": cmd_windows, "kiosk": cmd_windows, "console": cmd_windows, "liaison": cmd_windows,
    "migrate": cmd_migrate, "display": cmd_display, "export": cmd_export, "sync": cmd_sync,
    "simulate": cmd_simulate,
    "screenshots": cmd_screenshots, "directory": cmd_directory, "appointment": cmd_appointment,
    "notice": cmd_notice, "admin-pin": cmd_admin_pin, "technician": cmd_technician,
}

if __name__ == "__main__":
    sys.exit(main())
