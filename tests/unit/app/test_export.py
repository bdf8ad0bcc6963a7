"""CSV export: documented columns, one row a visit, names that survive the round trip."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.app.export import COLUMNS, export_to_file
from kiosk.app.feedback import FeedbackService
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import Database

NAMES = (
    'Smith, "Bobby" Jr.',
    "O'Brien, Tom",
    "张伟",
    "Алёна Фёдорова",
    "محمد الأحمد",
    "Line\u2028separated",
)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_names_with_commas_quotes_and_other_scripts_round_trip(
        service: VisitService, db: Database, settings: Settings, clock: ManualClock,
        tmp_path: Path) -> None:
    made = []
    for index, name in enumerate(NAMES):
        made.append(service.check_in(name=name, category="laptop",
                                     description=f'Says "help", then: {name}\nsecond line',
                                     email=f"p{index}@example.com"))
        clock.advance(timedelta(minutes=1))
    out = tmp_path / "visits.csv"
    count = export_to_file(db, settings, first="2026-11-22", last="2026-11-22", out=out)
    rows = _read(out)
    assert count == len(NAMES) == len(rows)
    assert list(rows[0]) == list(COLUMNS)
    assert [r["requester_name"] for r in rows] == [v.requester.name for v in made]
    assert [r["description"] for r in rows] == [v.description for v in made]
    assert out.read_bytes().startswith(b"visit_id,ticket_number,")
    assert not list(tmp_path.glob(".export-*")), "the temporary file is gone"


def test_one_row_a_visit_with_times_durations_and_score(
        service: VisitService, db: Database, settings: Settings, clock: ManualClock,
        tmp_path: Path) -> None:
    visit = service.check_in(name="Ana García", category="account", employee_id="E1")
    clock.advance(timedelta(minutes=4, seconds=30))
    service.call(visit.id, "Dana", counter="Desk 1")
    clock.advance(timedelta(minutes=1))
    service.start(visit.id, "Dana")
    clock.advance(timedelta(minutes=12))
    service.resolve(visit.id, "Dana", "fixed")
    FeedbackService(db, settings, clock).rate(visit.id, 3)
    clock.advance(timedelta(days=1))
    service.check_in(name="=HYPERLINK(\"http://x\")", category="laptop")  # the next day
    out = tmp_path / "one.csv"
    assert export_to_file(db, settings, first="2026-11-22", last="2026-11-22", out=out) == 1
    (row,) = _read(out)
    assert row["ticket_number"] == visit.ticket_number
    assert row["state"] == "resolved"
    assert row["checked_in_at"] == "2026-11-22T09:00:00+00:00"
    assert (row["wait_seconds"], row["handling_seconds"]) == ("270", "720")
    assert (row["technician"], row["counter"], row["survey_score"]) == ("Dana", "Desk 1", "3")
    both = tmp_path / "both.csv"
    assert export_to_file(db, settings, first="2026-11-22", last="2026-11-23", out=both) == 2
    assert _read(both)[1]["requester_name"] == "'=HYPERLINK(\"http://x\")", "no formula runs"


def test_bad_ranges_are_refused(db: Database, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ValidationError, match="--from"):
        export_to_file(db, settings, first="22/11/2026", last="2026-11-22",
                       out=folder / "x.csv")
    with pytest.raises(ValidationError, match="on or after"):
        export_to_file(db, settings, first="2026-11-23", last="2026-11-22",
                       out=folder / "x.csv")
    assert not list(folder.iterdir()), "nothing is left behind"
    with pytest.raises(ValidationError, match="does not exist"):
        export_to_file(db, settings, first="2026-11-22", last="2026-11-22",
                       out=tmp_path / "missing" / "x.csv")


def test_an_empty_range_still_has_the_header(db: Database, settings: Settings,
                                             tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    assert export_to_file(db, settings, first=date(2026, 1, 1).isoformat(),
                          last="2026-01-31", out=out) == 0
    assert out.read_bytes() == (",".join(COLUMNS) + "\r\n").encode()
