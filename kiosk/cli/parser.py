"""The command line's grammar: every command, its options and its help text."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.domain.tickets import is_ticket_number, normalise_ticket

MAX_NOTICE_HOURS = 24 * 366
MAX_TARGET_MINUTES = 24 * 60
_MAX_ID = 2**31 - 1


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


def read_csv_text(path: Path, encoding: str = "utf-8") -> str:
    """A CSV file's text, or a :class:`UsageError` saying why it cannot be read."""
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV "
                         "and try again") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(suppress=False)
    nested = _common_options(suppress=True)
    parser = Parser(prog="techbar", parents=[common],
                    description="Tech Bar: walk-up IT help with a fair queue and complete tickets.")
    sub = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")
    for add in (_windows, _data, _people, _notices, _operations):
        add(sub, nested)
    return parser


def _windows(sub: Any, nested: Parser) -> None:
    for name, text in (("all", "open the check-in, console and liaison windows (default)"),
                       ("kiosk", "open the check-in kiosk"),
                       ("console", "open the technician console"),
                       ("liaison", "open the front-desk liaison view")):
        sub.add_parser(name, parents=[nested], help=text, description=text)
    board = sub.add_parser("display", parents=[nested],
                           help='the "now serving" board for a TV in the waiting area')
    board.add_argument("--windowed", action="store_true", help="in a window, not full screen")
    shots = sub.add_parser("screenshots", parents=[nested],
                           help="render every window and screen offscreen to PNG files")
    shots.add_argument("--out", required=True, metavar="DIR", help="the folder for the PNG files")


def _data(sub: Any, nested: Parser) -> None:
    sub.add_parser("migrate", parents=[nested], help="create or upgrade the database schema")
    export = sub.add_parser("export", parents=[nested], help="visits of a date range as CSV")
    export.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD",
                        help="the first day (site time)")
    export.add_argument("--to", dest="last", required=True, metavar="YYYY-MM-DD",
                        help="the last day, included")
    export.add_argument("--out", required=True, metavar="FILE.csv",
                        help="the file to write (replaced when it exists)")
    export.add_argument("--notes", action="store_true",
                        help="add the resolution notes (they may name people)")
    export.add_argument("--bom", action="store_true",
                        help="start with a byte-order mark, so Excel reads accents right")
    sim = sub.add_parser("simulate", parents=[nested],
                         help="run a simulated day through the real services (a scratch "
                              "database unless --db is given)")
    sim.add_argument("--visitors", type=int, required=True,
                     help="people arriving during the day (0-10,000)")
    sim.add_argument("--technicians", type=int, required=True,
                     help="technicians serving them (1-200)")
    sim.add_argument("--seed", type=int, default=1, help="the same seed gives the same day")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    _replay(sub, nested)
    backup = sub.add_parser("backup", parents=[nested],
                            help="copy the SQLite database, live, to a file (PostgreSQL: pg_dump)")
    backup.add_argument("file", metavar="FILE", help="the copy (replaced when it exists)")
    _metrics(sub, nested)


def _replay(sub: Any, nested: Parser) -> None:
    replay = sub.add_parser("replay", parents=[nested],
                            help="run recorded arrivals (CSV, or an export) through the real "
                                 "services and measure the wait estimates (a scratch database "
                                 "unless --db is given)")
    replay.add_argument("file", metavar="ARRIVALS.csv",
                        help="UTF-8: arrived_at,category,service_minutes[,patience_minutes,"
                             "priority,employee_id], or a file made by export")
    replay.add_argument("--technicians", type=int, required=True,
                        help="technicians serving (1-200)")
    replay.add_argument("--skills", default=None, metavar="SPEC",
                        help='one group per technician, e.g. "laptop,mobile;account;*" '
                             "(* = all; default: all serve all)")
    replay.add_argument("--json", action="store_true", help="print one JSON object")
    replay.add_argument("--visits", default=None, metavar="OUT.jsonl",
                        help="write one JSON object per visit (estimates and actual wait)")
    staffing = sub.add_parser("staffing", parents=[nested],
                              help="replay recorded arrivals with 1, 2, ... technicians: the "
                                   "fewest per hour of the day that meet a wait target")
    staffing.add_argument("file", metavar="ARRIVALS.csv", help="as for replay")
    staffing.add_argument("--target-wait", type=_target_minutes, required=True, metavar="MINUTES",
                          help="the longest wait before being called")
    staffing.add_argument("--sla", type=float, default=0.9,
                          help="the share of visitors called within the target (default 0.9)")
    staffing.add_argument("--max-technicians", type=int, default=10, metavar="N",
                          help="try up to this many technicians (default 10)")
    staffing.add_argument("--json", action="store_true", help="print one JSON object")


def _metrics(sub: Any, nested: Parser) -> None:
    metrics = sub.add_parser("metrics", parents=[nested], help="the shared metrics")
    metrics_sub = metrics.add_subparsers(dest="action", required=True, parser_class=Parser)
    rebuild = metrics_sub.add_parser(
        "rebuild", parents=[nested],
        help="recompute the metrics' running aggregates from the visits (after the upgrade "
             "that adds them, or a change of the site's UTC offset or targets)")
    rebuild.add_argument("--from", dest="first", type=_day, default=None, metavar="YYYY-MM-DD",
                         help="the first day (site time; default: the first day with visits)")
    rebuild.add_argument("--to", dest="last", type=_day, default=None, metavar="YYYY-MM-DD",
                         help="the last day, included (default: today)")


def _people(sub: Any, nested: Parser) -> None:
    directory = sub.add_parser("directory", parents=[nested], help="the directory of people")
    directory_sub = directory.add_subparsers(dest="action", required=True, parser_class=Parser)
    importer = directory_sub.add_parser("import", parents=[nested],
                                        help="import people from a CSV file (see README)")
    importer.add_argument("file", metavar="FILE.csv",
                          help="UTF-8, comma-separated: employee_id,name,email[,badge_id,"
                               "department]")
    appointment = sub.add_parser("appointment", parents=[nested], help="book and list appointments")
    appointment_sub = appointment.add_subparsers(dest="action", required=True, parser_class=Parser)
    booking = appointment_sub.add_parser("book", parents=[nested], help="book an appointment")
    booking.add_argument("--name", required=True, help="the visitor's name")
    booking.add_argument("--email", default="", help="the visitor's e-mail")
    booking.add_argument("--employee-id", default="", help="the visitor's employee id")
    booking.add_argument("--category", required=True, help="a category id of the settings")
    booking.add_argument("--at", required=True, metavar="YYYY-MM-DDTHH:MM",
                         help="site local time, or with an offset")
    booking.add_argument("--note", default="", help="what it is about, for the technician")
    appointment_sub.add_parser("list", parents=[nested], help="appointments of the next 12 hours")
    technician = sub.add_parser("technician", parents=[nested], help="technicians of the console")
    technician_sub = technician.add_subparsers(dest="action", required=True, parser_class=Parser)
    adding = technician_sub.add_parser("add", parents=[nested],
                                       help="add a technician (asks the PIN twice)")
    adding.add_argument("--name", required=True, help="as the console and the board show it")
    adding.add_argument("--skills", default="", help="category ids, comma-separated (none: all)")
    adding.add_argument("--counter", default="", help='where visitors go, e.g. "Desk 2"')
    technician_sub.add_parser("list", parents=[nested], help="every technician")


def _notices(sub: Any, nested: Parser) -> None:
    notice = sub.add_parser("notice", parents=[nested], help="incident notices for kiosk and board")
    notice_sub = notice.add_subparsers(dest="action", required=True, parser_class=Parser)
    posting = notice_sub.add_parser("post", parents=[nested], help="post a notice")
    posting.add_argument("--title", required=True, help='what people see, e.g. "Wi-Fi is down"')
    posting.add_argument("--message", default="", help="more detail, under the title")
    posting.add_argument("--severity", default="info", choices=("info", "warning", "critical"),
                         help="how it is shown (default: info)")
    posting.add_argument("--category", action="append", default=[],
                         help="a category id it applies to (repeat; none: all)")
    posting.add_argument("--hours", type=_hours, default=None,
                         help=f"ends after this many hours (up to {MAX_NOTICE_HOURS:,})")
    notice_sub.add_parser("list", parents=[nested], help="notices in force now")
    ending = notice_sub.add_parser("end", parents=[nested], help="end a notice now")
    ending.add_argument("id", type=_notice_id, help="the number 'notice list' shows")


def _operations(sub: Any, nested: Parser) -> None:
    sync = sub.add_parser("sync", parents=[nested], help="send ended visits to the ticketing system")
    sync.add_argument("--once", action="store_true",
                      help="send what is due, then exit (1 if anything failed)")
    notify = sub.add_parser("notify", parents=[nested],
                            help="send the visitors' \"you're close\" messages ([notify])")
    notify.add_argument("--once", action="store_true",
                        help="send what is due, then exit (1 if anything failed)")
    sub.add_parser("admin-pin", parents=[nested],
                   help="make the hash of a kiosk admin PIN (for kiosk.admin_pin_hash)")
    _web(sub, nested)


def _web(sub: Any, nested: Parser) -> None:
    web = sub.add_parser("web", parents=[nested],
                         help="serve the visitors' status pages (the kiosk's QR codes) over "
                              "HTTP; [web] public_url is the address phones use")
    web.add_argument("--host", default="127.0.0.1",
                     help="the address to listen on (default 127.0.0.1; 0.0.0.0: all)")
    web.add_argument("--port", type=_port, default=8080, help="the port (default 8080)")
    _api_tokens(sub, nested)
    link = sub.add_parser("status-link", parents=[nested],
                          help="print the status page's link of a ticket")
    link.add_argument("ticket", type=_ticket, metavar="TICKET", help="e.g. L-042")
    link.add_argument("--date", type=_day, default=None, metavar="YYYY-MM-DD",
                      help="the ticket's day (site time; default: today)")


def _api_tokens(sub: Any, nested: Parser) -> None:
    token = sub.add_parser("api-token", parents=[nested],
                           help="tokens of the company-facing API (/api/v1)")
    token_sub = token.add_subparsers(dest="action", required=True, parser_class=Parser)
    making = token_sub.add_parser("create", parents=[nested],
                                  help="make a token and print its secret (shown once)")
    making.add_argument("--name", required=True,
                        help="who uses it, e.g. helpdesk-portal (the visits' timelines show it)")
    making.add_argument("--scope", required=True, choices=("read", "write"),
                        help="read: the queue, floor, visits, notices, metrics (no personal "
                             "data); write: also check-ins, technician actions, notices")
    token_sub.add_parser("list", parents=[nested],
                         help="every token: name, scope, created, last used, revoked")
    revoking = token_sub.add_parser("revoke", parents=[nested], help="stop a token now")
    revoking.add_argument("name", help="the token's name")


def _common_options(*, suppress: bool) -> Parser:
    """Options every command takes, before or after the command name.

    The copy given to subcommands has no defaults, so ``--db X migrate`` and
    ``migrate --db X`` both work.
    """
    default = argparse.SUPPRESS if suppress else None
    common = Parser(add_help=False)
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


def _positive(unit: str, most: float) -> Callable[[str], float]:
    """An argument type: a number of ``unit`` above 0 and at most ``most`` (nan and inf
    refused), else a one-line message naming the unit."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number of {unit}") from None
        if not 0 < value <= most:  # also refuses nan and inf
            raise argparse.ArgumentTypeError(
                f"'{text}': give a number of {unit} above 0 and at most {most:,}")
        return value

    return parse


_hours = _positive("hours", MAX_NOTICE_HOURS)
_target_minutes = _positive("minutes", MAX_TARGET_MINUTES)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-23") from None


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a port number (1-65535)")
    return int(text)


def _ticket(text: str) -> str:
    if not is_ticket_number(text):
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a ticket number like L-042")
    return normalise_ticket(text)


def _notice_id(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= _MAX_ID:
        raise argparse.ArgumentTypeError(f"'{text}' is not a notice number (see 'notice list')")
    return int(text)
