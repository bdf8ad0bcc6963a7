"""Reading the arrivals a replay runs: the replay's own CSV, or the ``export`` CSV as is.

The replay's CSV is UTF-8 with a header row:

==================== ==============================================================
column               meaning
==================== ==============================================================
arrived_at           ISO 8601 with a UTC offset, e.g. ``2026-11-23T08:04:00+01:00``;
                     rows in time order (several days allowed)
category             a category id of the settings
service_minutes      time at the desk, from the start of service to its end (>= 0)
patience_minutes     optional: walks out if not called by then (empty: waits)
priority             optional: 0 normal, 10 appointment, 20 VIP, 30 urgent (or the
                     name); empty: normal
employee_id          optional: checked in under it (a second visit of the same person
                     while the first is open is let in)
==================== ==============================================================

A file made by ``python main.py export`` is recognised by its header and mapped:
``checked_in_at`` is the arrival, ``handling_seconds`` (start to end of service) the
time at the desk, ``requester_employee_id`` the employee id. Resolved and escalated
visits are replayed as served; visits that were never served (cancelled, no-show) are
replayed as walk-outs who leave after the wait they actually had (check-in to their
call, else to their end) and need no time at the desk if called before that; visits
still open when exported (waiting, called, in service, parked) are skipped.

Every problem is an :class:`ArrivalsError` naming the line: the first one found.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.domain.text import MAX_EMPLOYEE_ID, clean_line
from kiosk.errors import ValidationError

REQUIRED = ("arrived_at", "category", "service_minutes")
OPTIONAL = ("patience_minutes", "priority", "employee_id")
EXPORT_REQUIRED = ("checked_in_at", "category", "state", "called_at", "ended_at",
                   "handling_seconds", "priority")
MAX_MINUTES = 24 * 60
_SERVED = ("resolved", "escalated")
_NEVER_SERVED = ("cancelled", "no_show")
_FORMULA_GUARD = "'"


class ArrivalsError(ValidationError):
    """A line of the arrivals file that cannot be replayed (the message names it)."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__("arrivals", f"line {line}: {problem}")
        self.line = line


@dataclass(frozen=True)
class Arrival:
    """One visitor to replay."""

    line: int
    arrived_at: datetime
    category: str
    service: timedelta
    patience: timedelta | None = None
    priority: int = Priority.NORMAL
    employee_id: str = ""


@dataclass(frozen=True)
class Arrivals:
    """The arrivals of a file, and what was left out of it."""

    rows: tuple[Arrival, ...]
    source: str  # "arrivals" or "export"
    skipped: int = 0  # export rows still open when exported


def read_arrivals(text: str, settings: Settings) -> Arrivals:
    """The arrivals in ``text`` (the file's content, a byte-order mark already removed).

    Raises:
        ArrivalsError: an empty file, a missing or unknown column, a bad value, a row out
            of time order; the first problem found, with its line.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    lines = _records(reader)
    try:
        line, header = next(lines)
    except StopIteration:
        raise ArrivalsError(1, "the file is empty; the first line must be the header "
                               + ",".join(REQUIRED + OPTIONAL)) from None
    names = [name.strip() for name in header]
    is_export = all(name in names for name in EXPORT_REQUIRED) and "arrived_at" not in names
    if not is_export:
        _check_header(line, names)
    parse = _export_row if is_export else _arrival_row
    rows: list[Arrival] = []
    skipped = 0
    for line, cells in lines:
        if len(cells) != len(names):
            raise ArrivalsError(line, f"{len(cells)} fields, but the header has {len(names)}")
        arrival = parse(line, dict(zip(names, cells, strict=True)), settings)
        if arrival is None:
            skipped += 1
            continue
        if rows and arrival.arrived_at < rows[-1].arrived_at:
            raise ArrivalsError(line, f"arrived at {arrival.arrived_at.isoformat()}, before the "
                                      f"row above ({rows[-1].arrived_at.isoformat()}); rows must "
                                      "be in time order")
        rows.append(arrival)
    if not rows:
        raise ArrivalsError(line + 1, "no arrivals after the header" if not skipped else
                            "every visit of the export was still open; nothing to replay")
    return Arrivals(tuple(rows), "export" if is_export else "arrivals", skipped)


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank record."""
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ArrivalsError(line, f"not readable as CSV ({exc})") from None
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = getattr(reader, "line_num", line) + 1


def _check_header(line: int, names: Sequence[str]) -> None:
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ArrivalsError(line, f"missing column '{missing[0]}'; the header needs "
                                  f"{', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})")
    unknown = [name for name in names if name not in REQUIRED + OPTIONAL]
    if unknown:
        raise ArrivalsError(line, f"unknown column '{unknown[0]}'; the columns are "
                                  f"{', '.join(REQUIRED + OPTIONAL)}")
    twice = [name for name in names if names.count(name) > 1]
    if twice:
        raise ArrivalsError(line, f"column '{twice[0]}' appears twice")


# ---------------------------------------------------------------- rows


def _arrival_row(line: int, cells: Mapping[str, str], settings: Settings) -> Arrival:
    patience = cells.get("patience_minutes", "").strip()
    return Arrival(
        line=line,
        arrived_at=_moment(line, "arrived_at", cells["arrived_at"]),
        category=_category(line, cells["category"], settings),
        service=_minutes(line, "service_minutes", cells["service_minutes"]),
        patience=_minutes(line, "patience_minutes", patience) if patience else None,
        priority=_priority(line, cells.get("priority", "")),
        employee_id=_employee_id(line, cells.get("employee_id", "")),
    )


def _export_row(line: int, cells: Mapping[str, str], settings: Settings) -> Arrival | None:
    state = cells["state"].strip()
    if state not in _SERVED + _NEVER_SERVED:
        return None
    arrived = _moment(line, "checked_in_at", cells["checked_in_at"])
    category = _category(line, cells["category"], settings)
    priority = _priority(line, cells["priority"])
    employee_id = _employee_id(line, cells.get("requester_employee_id", ""))
    if state in _SERVED:
        handling = cells["handling_seconds"].strip()
        if not handling:
            raise ArrivalsError(line, f"a {state} visit without handling_seconds")
        service = _minutes(line, "handling_seconds", handling, per_minute=60)
        return Arrival(line, arrived, category, service, None, priority, employee_id)
    left = cells["called_at"].strip() or cells["ended_at"].strip()
    if not left:
        raise ArrivalsError(line, f"a {state} visit without called_at or ended_at")
    waited = _moment(line, "called_at" if cells["called_at"].strip() else "ended_at", left) - arrived
    if waited < timedelta(0):
        raise ArrivalsError(line, f"the {state} visit left before it checked in")
    return Arrival(line, arrived, category, timedelta(0), waited, priority, employee_id)


# ---------------------------------------------------------------- values


def _moment(line: int, column: str, text: str) -> datetime:
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ArrivalsError(line, f"{column} '{value}' is not a date and time like "
                                  "2026-11-23T08:04:00+01:00") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ArrivalsError(line, f"{column} '{value}' has no UTC offset; write it like "
                                  "2026-11-23T08:04:00+01:00")
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ArrivalsError(line, f"{column} '{value}' is out of the range of dates") from None
    return moment


def _category(line: int, text: str, settings: Settings) -> str:
    value = text.strip()
    if settings.category(value) is None:
        known = ", ".join(c.id for c in settings.categories)
        raise ArrivalsError(line, f"unknown category '{value}' (the settings have {known})")
    return value


def _minutes(line: int, column: str, text: str, *, per_minute: int = 1) -> timedelta:
    value = text.strip()
    try:
        number = float(value)
    except ValueError:
        raise ArrivalsError(line, f"{column} '{value}' is not a number") from None
    if not math.isfinite(number):
        raise ArrivalsError(line, f"{column} '{value}' is not a number")
    if number < 0:
        raise ArrivalsError(line, f"{column} {value} is negative")
    if number / per_minute > MAX_MINUTES:
        raise ArrivalsError(line, f"{column} {value} is more than a day")
    return timedelta(minutes=number / per_minute)


def _priority(line: int, text: str) -> int:
    value = text.strip()
    if not value:
        return Priority.NORMAL
    by_name = {p.name.lower(): p for p in Priority}
    if value.lower() in by_name:
        return by_name[value.lower()]
    if value.lstrip("-").isdigit() and int(value) in set(Priority):
        return Priority(int(value))
    choices = ", ".join(f"{p.value} {p.name.lower()}" for p in Priority)
    raise ArrivalsError(line, f"priority '{value}' is not one of {choices}")


def _employee_id(line: int, text: str) -> str:
    value = text.strip()
    if value.startswith(_FORMULA_GUARD):  # the export's guard against spreadsheet formulas
        value = value[1:]
    try:
        return clean_line(value, "employee_id", MAX_EMPLOYEE_ID)
    except ValidationError as exc:
        raise ArrivalsError(line, f"employee_id: {exc}") from None
