"""``staffing``: the fewest technicians per hour of the day that meet a wait target."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

import main
from kiosk.config import Settings
from kiosk.sim.replay_csv import Arrival
from kiosk.sim.staffing import StaffingAdvice, advise_staffing
from kiosk.store import Database
from tests.perf.arrivals import ArrivalRow, arrival_day, write_arrivals_csv

TARGET = timedelta(minutes=15)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def arrivals(rows: list[ArrivalRow]) -> list[Arrival]:
    return [Arrival(line, r.arrived_at, r.category, timedelta(minutes=r.service_minutes),
                    None if r.patience_minutes is None else timedelta(minutes=r.patience_minutes))
            for line, r in enumerate(rows, start=2)]


def advise(tmp_path: Path, settings: Settings, rows: list[ArrivalRow]) -> StaffingAdvice:
    db = Database(f"sqlite:///{tmp_path}/staffing.db")
    try:
        db.migrate()
        return advise_staffing(db, settings, arrivals(rows), target_wait=TARGET, sla=0.9,
                               max_technicians=8)
    finally:
        db.dispose()


def test_one_technician_suffices_for_a_trickle(tmp_path: Path, settings: Settings) -> None:
    advice = advise(tmp_path, settings, arrival_day(seed=5, mix="quick", visitors=8))
    assert advice.tried == 1, "every hour met the target with one: no more replays"
    assert sum(h.arrivals for h in advice.hours) == 8
    assert {h.technicians for h in advice.hours} == {1}


def test_more_arrivals_need_more_technicians(tmp_path: Path, settings: Settings) -> None:
    quiet = advise(tmp_path, settings, arrival_day(seed=5, pattern="lunch-rush", visitors=30))
    busy = advise(tmp_path, settings, arrival_day(seed=5, pattern="lunch-rush", visitors=60))
    need = {h.hour: h.technicians or 0 for h in busy.hours}
    assert all(h.technicians for h in busy.hours + quiet.hours), "all met with up to 8"
    assert max(need.values()) > max(h.technicians or 0 for h in quiet.hours)
    assert need[12] > 1, "the lunch rush needs more than one"
    for hour in busy.hours:  # the advice is the first staffing level that meets the SLA
        assert hour.technicians is not None
        assert hour.met_share[hour.technicians] >= 0.9
        assert all(hour.met_share[n] < 0.9 for n in range(1, hour.technicians))


def test_an_hour_never_met_has_no_advice(tmp_path: Path, settings: Settings) -> None:
    db = Database(f"sqlite:///{tmp_path}/staffing.db")
    try:
        db.migrate()
        advice = advise_staffing(db, settings, arrivals(arrival_day(seed=5, pattern="surge",
                                                                    visitors=60)),
                                 target_wait=TARGET, sla=0.9, max_technicians=1)
    finally:
        db.dispose()
    assert advice.tried == 1
    assert any(h.technicians is None for h in advice.hours)
    assert ">1" in advice.format_text()


def test_the_command_prints_a_table_and_json(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    csv_file = write_arrivals_csv(arrival_day(seed=5, pattern="lunch-rush", visitors=30),
                                  tmp_path / "day.csv")
    db = f"sqlite:///{tmp_path}/s.db"
    code, out, err = run(capsys, "staffing", str(csv_file), "--target-wait", "15", "--json",
                         "--db", db)
    assert (code, err) == (0, "")
    advice = json.loads(out)
    assert (advice["target_wait_minutes"], advice["sla"], advice["days"]) == (15.0, 0.9, 1)
    assert sum(h["arrivals"] for h in advice["hours"]) == 30
    assert all(1 <= h["technicians"] <= advice["replays"] for h in advice["hours"])
    code, text, _ = run(capsys, "staffing", str(csv_file), "--target-wait", "15", "--sla", "0.8",
                        "--db", db)
    assert code == 0
    assert "80% of visitors are called within 15 min" in text
    assert "12:00-13:00" in text


@pytest.mark.parametrize(("options", "reason"), [
    (("--target-wait", "0"), "--target-wait: '0': give a number of minutes above 0"),
    (("--target-wait", "nan"), "'nan': give a number of minutes"),
    (("--target-wait", "15", "--sla", "1.5"), "--sla must be a share above 0 and at most 1"),
    (("--target-wait", "15", "--max-technicians", "0"), "--max-technicians must be from 1"),
])
def test_bad_options_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  options: tuple[str, ...], reason: str) -> None:
    csv_file = write_arrivals_csv(arrival_day(seed=1, visitors=3), tmp_path / "day.csv")
    code, _, err = run(capsys, "staffing", str(csv_file), *options,
                       "--db", f"sqlite:///{tmp_path}/s.db")
    assert code == 2
    assert reason in err
    assert err.count("\n") == 1


def test_a_bad_file_names_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv_file = tmp_path / "day.csv"
    csv_file.write_text("arrived_at,category,service_minutes\n"
                        "2026-11-23T08:00:00+00:00,laptop,-1\n", encoding="utf-8")
    code, _, err = run(capsys, "staffing", str(csv_file), "--target-wait", "15",
                       "--db", f"sqlite:///{tmp_path}/s.db")
    assert code == 2
    assert err == f"techbar: {csv_file}: line 2: service_minutes -1 is negative\n"
