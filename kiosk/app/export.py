"""CSV export of the visits of a range of days, for reports and spreadsheets.

``python main.py export --from 2026-11-01 --to 2026-11-30 --out visits.csv``

The file is UTF-8 (no byte-order mark), comma-separated, with a header row, quoted
as needed (RFC 4180: a field holding a comma, a quote or a line break is quoted and
its quotes doubled), lines ending in CRLF. One row a visit that checked in on one of
the site's service days from ``--from`` to ``--to`` (both included), in check-in order.
Times are ISO 8601 in the site's local time with its offset; empty when not reached.
Visitor-typed text that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe.

==================== ================================================================
column               meaning
==================== ================================================================
visit_id             the visit's UUID (also the ticketing system's idempotency key)
ticket_number        the daily ticket number, e.g. ``L-042``
service_day          the site's local day of check-in, ``YYYY-MM-DD``
category             category id
state                final or current state (waiting, called, in_service, parked,
                     resolved, escalated, no_show, cancelled)
priority             0 normal, 10 appointment, 20 VIP, 30 urgent
requester_name       as given at check-in
requester_email      as given (may be empty)
requester_employee_id as given (may be empty)
description          the visitor's description of the problem
device               device named at check-in
asset_tag            asset tag named at check-in
technician           who called or served the visit
counter              the counter the visitor was called to
checked_in_at        arrival
called_at            (latest) call
started_at           start of service
ended_at             end (resolved, escalated, no-show or cancelled)
wait_seconds         check-in to call, whole seconds (empty if never called)
handling_seconds     start to end of service (resolved and escalated visits only)
time_spent_minutes   the time the technician recorded
resolution_code      e.g. ``fixed``; ``escalated:<group>`` for escalations
escalation_group     the backend group of an escalated visit
survey_score         1 unhappy, 2 neutral, 3 happy; empty without an answer
==================== ================================================================
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.metrics import ExportRow, MetricsRepository
from kiosk.store.tables import VisitRow

COLUMNS = (
    "visit_id", "ticket_number", "service_day", "category", "state", "priority",
    "requester_name", "requester_email", "requester_employee_id", "description", "device",
    "asset_tag", "technician", "counter", "checked_in_at", "called_at", "started_at",
    "ended_at", "wait_seconds", "handling_seconds", "time_spent_minutes", "resolution_code",
    "escalation_group", "survey_score",
)
NOTES_COLUMN = "resolution_notes"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SERVED = ("resolved", "escalated")


def export_visits(db: Database, settings: Settings, first: date, last: date,
                  out: TextIO, *, notes: bool = False) -> int:
    """Write the CSV of the visits checked in from ``first`` to ``last`` to ``out``.

    ``out`` should be opened with ``newline=""``. Returns the number of visits written.
    With ``notes``, a last column holds the resolution notes (they may name people).

    Raises:
        ValidationError: ``last`` is before ``first``.
    """
    if last < first:
        raise ValidationError("range", "--to must be on or after --from.")
    zone = timezone(settings.utc_offset)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS + (NOTES_COLUMN,) * notes)
    count = 0
    with UnitOfWork(db, readonly=True) as uow:
        rows = MetricsRepository(uow.session, db.dialect).export_rows(
            settings.site_id, first.isoformat(), last.isoformat())
        for row in rows:
            extra = _texts([row.visit.resolution_notes]) if notes else []
            writer.writerow(export_cells(row, zone) + extra)
            count += 1
    return count


def export_cells(row: ExportRow, zone: timezone) -> list[str]:
    """One visit's CSV cells, in :data:`COLUMNS` order."""
    v: VisitRow = row.visit
    handling = (_seconds(v.started_at, v.ended_at) if v.state in _SERVED else "")
    return [
        v.id, v.ticket_number, v.service_day, v.category, v.state, str(v.priority),
        *_texts((v.requester_name, v.requester_email, v.requester_employee_id, v.description,
                 v.device, v.asset_tag, v.technician, v.counter)),
        _time(v.checked_in_at, zone), _time(v.called_at, zone), _time(v.started_at, zone),
        _time(v.ended_at, zone), _seconds(v.checked_in_at, v.called_at), handling,
        "" if v.time_spent_minutes is None else str(v.time_spent_minutes),
        *_texts((v.resolution_code, v.escalation_group)),
        "" if row.score is None else str(row.score),
    ]


class ExportService:
    """CSV exports of visits (the liaison's button and ``main.py export``)."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._settings = settings

    def to_file(self, *, first: str, last: str, out: Path, notes: bool = False,
                bom: bool = False) -> int:
        """:func:`export_to_file` on this service's database."""
        return export_to_file(self._db, self._settings, first=first, last=last, out=out,
                              notes=notes, bom=bom)


def export_to_file(db: Database, settings: Settings, *, first: str, last: str,
                   out: Path, notes: bool = False, bom: bool = False) -> int:
    """Write the CSV file atomically; returns the number of visits.

    ``bom`` starts the file with a UTF-8 byte-order mark, which Excel needs to read
    accents right; ``notes`` adds the resolution notes.

    Args:
        first: ``--from`` as ``YYYY-MM-DD``.
        last: ``--to`` as ``YYYY-MM-DD``.
        out: the CSV file to write (replaced when it exists).

    Raises:
        ValidationError: a malformed date, a reversed range or an unwritable place.
    """
    start, end = _day(first, "--from"), _day(last, "--to")
    folder = out.resolve().parent
    if not folder.is_dir():
        raise ValidationError("out", f"The folder {folder} does not exist.")
    if out.is_dir():
        raise ValidationError("out", f"{out} is a folder; name a file, e.g. {out / 'visits.csv'}.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".csv", dir=folder)
    except OSError as exc:
        raise ValidationError("out", f"Cannot write in {folder}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig" if bom else "utf-8",
                       newline="") as file:
            count = export_visits(db, settings, start, end, file, notes=notes)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("date", f"{option}: '{text}' is not a date like 2026-11-22.") from None


def _texts(values: Iterable[str]) -> list[str]:
    return [("'" + value) if value.startswith(_FORMULA_STARTS) else value for value in values]


def _time(moment: datetime | None, zone: timezone) -> str:
    return "" if moment is None else moment.astimezone(zone).isoformat(timespec="seconds")


def _seconds(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return ""
    return str(round((end - start) / timedelta(seconds=1)))
