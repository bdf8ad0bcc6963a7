"""The core's commands: each takes the parsed arguments and an open :class:`Session`.

Every command prints its result on stdout and returns an exit code; errors are raised
as the core's exceptions (or :class:`CommandFailed` after a report) and turned into one
line on stderr, starting "techbar: ", by :func:`kiosk.cli.run.main`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from kiosk.cli.output import EXIT_FAILURE, EXIT_OK, CommandFailed, say
from kiosk.cli.parser import UsageError, read_csv_text
from kiosk.cli.progress import progress_bar
from kiosk.cli.prompts import prompt_new_pin_hash
from kiosk.cli.session import Session
from kiosk.cli.technicians import add_technician_command, list_technicians_command
from kiosk.config import Settings
from kiosk.domain.pins import PinError
from kiosk.errors import ValidationError

Command = Callable[[argparse.Namespace, Session], int]


class _Reasons:
    """Standard error for a command that writes its own one-line reasons; counts them."""

    def __init__(self) -> None:
        self.lines = 0

    def write(self, text: str, /) -> int:
        for line in text.splitlines():
            say(line)
            self.lines += 1
        return len(text)


def cmd_migrate(_args: argparse.Namespace, session: Session) -> int:
    print(f"database {session.core.database_name} is at the newest schema")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, session: Session) -> int:
    count = session.core.export.to_file(first=args.first, last=args.last, out=Path(args.out),
                                        notes=args.notes, bom=args.bom)
    print(f"{count} visits written to {args.out}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, session: Session) -> int:
    from kiosk.cli.sync import run_sync_command

    reasons = _Reasons()
    code = run_sync_command(session.database, session.core.settings, session.core.clock,
                            once=args.once, err=reasons)
    if code != EXIT_OK and not reasons.lines:
        raise CommandFailed("sync: visits failed for good (listed above)")
    return code


def cmd_notify(args: argparse.Namespace, session: Session) -> int:
    from kiosk.cli.notify import run_notify_command

    return run_notify_command(session.database, session.core.settings, session.core.clock,
                              once=args.once)


def cmd_web(args: argparse.Namespace, session: Session) -> int:
    from kiosk.cli.web import web_command

    return web_command(args, session)


def cmd_api_token(args: argparse.Namespace, session: Session) -> int:
    from kiosk.cli.api_tokens import api_token_command

    return api_token_command(args, session.core.api_tokens, session.core.settings, sys.stdout)


def cmd_status_link(args: argparse.Namespace, session: Session) -> int:
    from kiosk.cli.web import status_link_command

    return status_link_command(args, session)


def cmd_simulate(args: argparse.Namespace, session: Session) -> int:
    from kiosk.sim.simulate import run_simulation

    report = run_simulation(session.database, session.core.settings, visitors=args.visitors,
                            technicians=args.technicians, seed=args.seed)
    print(json.dumps(report.as_dict()) if args.json else report.format_text())
    return EXIT_OK


def cmd_replay(args: argparse.Namespace, session: Session) -> int:
    from kiosk.cli.replay import replay_command

    return replay_command(args, session)


def cmd_staffing(args: argparse.Namespace, session: Session) -> int:
    from kiosk.cli.replay import staffing_command

    return staffing_command(args, session)


def cmd_directory(args: argparse.Namespace, session: Session) -> int:
    path = Path(args.file)
    text = read_csv_text(path)
    try:
        report = session.core.directory.import_csv(text)
    except ValidationError as exc:
        raise UsageError(f"{path}: {exc}") from None
    print(report.format_text())
    if report.errors:
        raise CommandFailed(f"{path}: {len(report.errors)} rows rejected (listed above)")
    return EXIT_OK


def cmd_appointment(args: argparse.Namespace, session: Session) -> int:
    appointments, settings = session.core.appointments, session.core.settings
    if args.action == "book":
        booked = appointments.book(name=args.name, email=args.email,
                                   employee_id=args.employee_id, category=args.category,
                                   scheduled_at=local_time(args.at, settings), note=args.note)
        print(f"{booked.code} {booked.name} at {_show(booked.scheduled_at, settings)}")
        return EXIT_OK
    for item in appointments.upcoming():
        print(f"{item.code}  {_show(item.scheduled_at, settings)}  {item.status:<10} "
              f"{item.category:<10} {item.name}")
    return EXIT_OK


def cmd_notice(args: argparse.Namespace, session: Session) -> int:
    notices = session.core.notices
    if args.action == "post":
        ends = session.core.clock.now() + timedelta(hours=args.hours) if args.hours else None
        posted = notices.post(title=args.title, message=args.message, severity=args.severity,
                              categories=tuple(args.category), ends_at=ends,
                              actor="command line")
        print(f"notice {posted.id} posted")
    elif args.action == "end":
        notices.end(args.id)
        print(f"notice {args.id} ended")
    else:
        for item in notices.active():
            scope = ",".join(item.categories) or "all"
            print(f"{item.id:>4}  {item.severity:<8} [{scope}] {item.title}")
    return EXIT_OK


def cmd_technician(args: argparse.Namespace, session: Session) -> int:
    technicians = session.core.technicians
    if args.action == "list":
        return list_technicians_command(technicians, sys.stdout)
    if add_technician_command(technicians, name=args.name, skills=args.skills,
                              counter=args.counter, input_fn=getpass.getpass,
                              out=sys.stdout) != EXIT_OK:
        raise CommandFailed("no technician added (the reason is above)")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, session: Session) -> int:
    target = Path(args.file)
    with progress_bar("backup", "pages") as progress:
        pages = session.database.backup(target, progress)
    print(f"backed up {session.core.database_name} to {target} ({pages:,} pages)")
    return EXIT_OK


def cmd_metrics(args: argparse.Namespace, session: Session) -> int:
    """``metrics rebuild``: the running aggregates of a range of days, from the visits."""
    if args.first and args.last and args.last < args.first:
        raise UsageError(f"--to {args.last.isoformat()} is before --from {args.first.isoformat()}")
    with progress_bar("metrics rebuild", "days") as progress:
        done = session.core.metrics.rebuild(args.first, args.last, progress)
    span = (f"{done.first.isoformat()} to {done.last.isoformat()}" if done.first and done.last
            else "no days")
    print(f"metrics rebuilt for {done.days:,} day{'' if done.days == 1 else 's'} ({span}) "
          f"from {done.visits:,} visit{'' if done.visits == 1 else 's'}")
    if done.ready:
        print("reports read the running aggregates")
    else:
        print("reports keep reading the visits until every day is rebuilt with these "
              "settings: run 'techbar metrics rebuild' without --from and --to")
    return EXIT_OK


def cmd_admin_pin() -> int:
    """Needs no database: the hash goes into the settings file."""
    try:
        prompt_new_pin_hash(getpass.getpass, sys.stdout)
    except (PinError, EOFError) as exc:
        say(f"no admin PIN set: {exc or 'no input'}")
        return EXIT_FAILURE
    print("(or set it in the environment as KIOSK_ADMIN_PIN_HASH)")
    return EXIT_OK


def local_time(text: str, settings: Settings) -> datetime:
    """``--at`` in the site's local time (or with an explicit offset), as UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--at: '{text}' is not a date and time like 2026-11-23T14:30") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone(settings.utc_offset))
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise UsageError(f"--at: '{text}' is out of the range of dates") from None


def _show(moment: datetime, settings: Settings) -> str:
    return (moment + settings.utc_offset).strftime("%Y-%m-%d %H:%M")


#: Commands that need the database, by name (with whether an empty one gets demo data).
CORE_COMMANDS: dict[str, Command] = {
    "migrate": cmd_migrate, "export": cmd_export, "sync": cmd_sync, "simulate": cmd_simulate,
    "directory": cmd_directory, "appointment": cmd_appointment, "notice": cmd_notice,
    "technician": cmd_technician, "backup": cmd_backup, "metrics": cmd_metrics,
    "replay": cmd_replay, "staffing": cmd_staffing, "web": cmd_web,
    "status-link": cmd_status_link, "notify": cmd_notify, "api-token": cmd_api_token,
}
