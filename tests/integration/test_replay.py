"""``replay``: recorded arrivals through the real services; the estimates measured."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import main
from kiosk.app.technicians import TechnicianService, TechnicianStatus
from kiosk.bootstrap import assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.sim.replay import run_replay
from kiosk.sim.replay_csv import read_arrivals
from kiosk.store import Database
from tests.perf.arrivals import arrival_day, arrival_days, write_arrivals_csv

HEADER = "arrived_at,category,service_minutes,patience_minutes\n"
#: One technician: Ana is served at once for 10 minutes; Ben waits until 08:10; Cleo would
#: wait until 08:15 but leaves at 08:05; Dev arrives at 08:20 to a free desk.
KNOWN_DAY = HEADER + (
    "2026-11-23T08:00:00+00:00,laptop,10,\n"
    "2026-11-23T08:01:00+00:00,account,5,\n"
    "2026-11-23T08:02:00+00:00,account,5,3\n"
    "2026-11-23T08:20:00+00:00,pickup,2,\n")
JSONL_FIELDS = {"ticket_number", "category", "arrived_at", "estimate_low_minutes",
                "estimate_high_minutes", "estimate_minutes", "actual_wait_minutes", "outcome",
                "naive_estimate_minutes", "naive_low_minutes", "naive_high_minutes"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def replay(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str,
           *options: str) -> tuple[int, str, str]:
    csv_file = tmp_path / "arrivals.csv"
    csv_file.write_text(text, encoding="utf-8")
    return run(capsys, "replay", str(csv_file), "--db", f"sqlite:///{tmp_path}/r.db", *options)


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_known_day_gives_the_waits_the_rules_give(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, settings: Settings) -> None:
    out_file = tmp_path / "visits.jsonl"
    code, out, _ = replay(capsys, tmp_path, KNOWN_DAY, "--technicians", "1", "--json",
                          "--visits", str(out_file))
    assert code == 0
    visits = read_jsonl(out_file)
    assert [v["actual_wait_minutes"] for v in visits] == [0.0, 9.0, None, 0.0]
    assert [v["outcome"] for v in visits] == ["served", "served", "walked_out", "served"]
    assert [v["ticket_number"] for v in visits] == ["L-001", "A-002", "A-003", "P-004"]
    assert [v["service_minutes"] for v in visits] == [10.0, 5.0, None, 2.0]
    assert all(set(v) >= JSONL_FIELDS for v in visits)
    summary = json.loads(out)
    assert (summary["arrivals"], summary["served"], summary["walked_out"]) == (4, 3, 1)
    assert summary["estimator"]["visits"] == summary["naive"]["visits"] == 3
    # The naive point: people waiting ahead (not the one in service) x the mean handling
    # time, here still the category's typical one (nobody has finished), / 1 technician.
    assert visits[1]["naive_estimate_minutes"] == 0.0, "Ana is with the technician, not ahead"
    account = settings.category("account")
    assert account is not None
    assert visits[2]["naive_estimate_minutes"] == account.resolution_target.total_seconds() / 60
    expected_mae = sum(abs(v["naive_estimate_minutes"] - v["actual_wait_minutes"])  # type: ignore[operator]
                       for v in visits if v["outcome"] == "served") / 3
    assert summary["naive"]["mae_minutes"] == pytest.approx(expected_mae, abs=0.01)


def test_the_real_rules_decide_who_is_called(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    """An urgent visitor goes first; the same employee twice in line is let in."""
    text = ("arrived_at,category,service_minutes,priority,employee_id\n"
            "2026-11-23T09:00:00+01:00,laptop,10,,E1\n"
            "2026-11-23T09:01:00+01:00,account,5,normal,E2\n"
            "2026-11-23T09:02:00+01:00,account,5,30,E1\n")
    out_file = tmp_path / "visits.jsonl"
    code, _, err = replay(capsys, tmp_path, text, "--technicians", "1", "--visits", str(out_file))
    assert (code, err) == (0, "")
    visits = read_jsonl(out_file)
    assert [v["actual_wait_minutes"] for v in visits] == [0.0, 14.0, 8.0]
    assert visits[2]["arrived_at"] == "2026-11-23T09:02:00+01:00", "the file's own offset"


def test_replay_of_generated_days_prints_figures_per_day(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    csv_file = write_arrivals_csv(arrival_days(seed=4, days=2, pattern="morning-peak",
                                               visitors=25), tmp_path / "days.csv")
    out_file = tmp_path / "visits.jsonl"
    code, out, err = run(capsys, "replay", str(csv_file), "--technicians", "2", "--json",
                         "--visits", str(out_file), "--db", f"sqlite:///{tmp_path}/r.db")
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert summary["arrivals"] == 50
    assert [d["day"] for d in summary["days"]] == ["2026-11-23", "2026-11-24"]
    assert sum(d["served"] for d in summary["days"]) == summary["served"]
    for figures in (summary["estimator"], summary["naive"]):
        assert figures["visits"] == summary["served"]
        assert 0 <= figures["within_range"] <= 1
        assert figures["mae_minutes"] >= 0
    visits = read_jsonl(out_file)
    assert len(visits) == 50
    for visit in visits:
        assert visit["estimate_low_minutes"] <= visit["estimate_high_minutes"]  # type: ignore[operator]
        assert (visit["actual_wait_minutes"] is None) == (visit["outcome"] == "walked_out")
    code, text, _ = run(capsys, "replay", str(csv_file), "--technicians", "2",
                        "--db", f"sqlite:///{tmp_path}/r.db")
    assert code == 0
    assert "replayed 50 arrivals over 2 days with 2 technicians" in text
    assert "estimator" in text
    assert "naive" in text
    assert "2026-11-24" in text


def test_skills_are_respected(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv_file = write_arrivals_csv(arrival_day(seed=2, visitors=40), tmp_path / "day.csv")
    out_file = tmp_path / "visits.jsonl"
    code, _, _ = run(capsys, "replay", str(csv_file), "--technicians", "3",
                     "--skills", "laptop, mobile;account,software;*", "--visits", str(out_file),
                     "--db", f"sqlite:///{tmp_path}/r.db")
    assert code == 0
    served_by: dict[str, set[str]] = {}
    for visit in read_jsonl(out_file):
        if visit["technician"]:
            served_by.setdefault(str(visit["technician"]), set()).add(str(visit["category"]))
    assert served_by["tech-01"] <= {"laptop", "mobile"}
    assert served_by["tech-02"] <= {"account", "software"}
    assert "pickup" in served_by["tech-03"], "only the third serves pickups"


def test_the_technicians_are_registered_with_their_skills(settings: Settings,
                                                          db_url: str) -> None:
    """On SQLite and PostgreSQL: the known day's waits, and the site's technicians."""
    db = Database(db_url)
    try:
        arrivals = read_arrivals(KNOWN_DAY, settings).rows
        run_ = run_replay(db, settings, arrivals, (("laptop", "account"), None))
        # Two technicians: Ben is called by the second at once; Cleo finds both busy.
        assert [v.outcome for v in run_.visits] == ["served", "served", "walked_out", "served"]
        assert [v.wait for v in run_.visits] == [timedelta(0), timedelta(0), None, timedelta(0)]
        assert [v.technician for v in run_.visits] == ["tech-01", "tech-02", "", "tech-02"], \
            "the pickup goes to the one who serves all"
        assert run_.site.startswith(f"{settings.site_id}-sim-")
        site = dataclasses.replace(settings, site_id=run_.site)
        registered = TechnicianService(db, site, ManualClock(datetime.now(UTC))).list()
        assert [(t.name, t.skills) for t in registered] == [("tech-01", ("laptop", "account")),
                                                            ("tech-02", ())]
        assert {t.status for t in registered} == {TechnicianStatus.AWAY}, "gone home after"
        again = run_replay(db, settings, arrivals, (None,))
        assert again.site != run_.site, "a second replay never sees the first one's history"
        assert [v.ticket_number for v in again.visits][0] == "L-001"
    finally:
        db.dispose()


def test_the_export_csv_is_accepted_as_is(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          settings: Settings) -> None:
    clock = ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    database = Database(f"sqlite:///{tmp_path}/live.db")
    core = assemble(database, settings, clock)
    try:
        core.migrate()
        served = core.visits.check_in(name="Ana", category="laptop", employee_id="E1")
        clock.advance(timedelta(minutes=2))
        left = core.visits.check_in(name="Ben", category="account")
        core.visits.call(served.id, "Kim")
        core.visits.start(served.id, "Kim")
        clock.advance(timedelta(minutes=3))
        core.visits.cancel(left.id, "front-desk", "walked out")  # after 3 minutes
        clock.advance(timedelta(minutes=9))
        core.visits.resolve(served.id, "Kim", "fixed")
        core.visits.check_in(name="Cleo", category="mobile")  # still waiting: skipped
        core.export.to_file(first="2026-11-23", last="2026-11-23", out=tmp_path / "export.csv",
                            bom=True)
    finally:
        core.close()
    out_file = tmp_path / "visits.jsonl"
    code, out, err = run(capsys, "replay", str(tmp_path / "export.csv"), "--technicians", "1",
                         "--json", "--visits", str(out_file), "--db", f"sqlite:///{tmp_path}/r.db")
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert (summary["source"], summary["skipped_rows"], summary["arrivals"]) == ("export", 1, 2)
    visits = read_jsonl(out_file)
    assert [(v["category"], v["outcome"]) for v in visits] == [("laptop", "served"),
                                                               ("account", "walked_out")]
    assert visits[0]["service_minutes"] == 12.0
    assert visits[0]["arrived_at"] == "2026-11-23T09:00:00+00:00"


BAD_FILES = {
    "empty file": ("", "line 1: the file is empty"),
    "header only": (HEADER, "line 2: no arrivals after the header"),
    "missing column": ("arrived_at,category\n2026-11-23T08:00:00+00:00,laptop\n",
                       "line 1: missing column 'service_minutes'"),
    "unknown column": ("arrived_at,category,service_minutes,patience\n",
                       "line 1: unknown column 'patience'"),
    "unknown category": (HEADER + "2026-11-23T08:00:00+00:00,printer,5,\n",
                         "line 2: unknown category 'printer'"),
    "out of order": (HEADER + "2026-11-23T08:10:00+00:00,laptop,5,\n"
                     "2026-11-23T08:00:00+00:00,laptop,5,\n", "line 3: arrived at"),
    "negative duration": (HEADER + "2026-11-23T08:00:00+00:00,laptop,-5,\n",
                          "line 2: service_minutes -5 is negative"),
    "negative patience": (HEADER + "2026-11-23T08:00:00+00:00,laptop,5,-1\n",
                          "line 2: patience_minutes -1 is negative"),
    "bad number": (HEADER + "2026-11-23T08:00:00+00:00,laptop,five,\n",
                   "line 2: service_minutes 'five' is not a number"),
    "not a number": (HEADER + "2026-11-23T08:00:00+00:00,laptop,nan,\n",
                     "line 2: service_minutes 'nan' is not a number"),
    "no offset": (HEADER + "2026-11-23T08:00:00,laptop,5,\n", "line 2: arrived_at "),
    "bad time": (HEADER + "\n\n2026-11-23 25:00,laptop,5,\n", "line 4: arrived_at '2026-11-23 "),
    "short row": (HEADER + "2026-11-23T08:00:00+00:00,laptop\n", "line 2: 2 fields"),
    "bad priority": ("arrived_at,category,service_minutes,priority\n"
                     "2026-11-23T08:00:00+00:00,laptop,5,7\n", "line 2: priority '7'"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_is_one_line_naming_the_row(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, case: str) -> None:
    text, reason = BAD_FILES[case]
    code, out, err = replay(capsys, tmp_path, text, "--technicians", "1")
    assert code == 2
    assert out == ""
    assert err.startswith(f"techbar: {tmp_path / 'arrivals.csv'}: {reason}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(("options", "reason"), [
    (("--technicians", "2", "--skills", "laptop"), "--skills gives 1 group for 2 technicians"),
    (("--technicians", "2", "--skills", "laptop;printer"), "unknown category 'printer' in group 2"),
    (("--technicians", "2", "--skills", "laptop;"), "group 2 is empty"),
    (("--technicians", "2", "--skills", "laptop;laptop"), "no technician serves account"),
    (("--technicians", "0",), "The number of technicians must be from 1 to 200"),
    (("--technicians", "1", "--visits", "/nowhere/at/all.jsonl"), "--visits: the folder"),
])
def test_bad_options_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  options: tuple[str, ...], reason: str) -> None:
    code, _, err = replay(capsys, tmp_path, KNOWN_DAY, *options)
    assert code == 2
    assert reason in err
    assert err.count("\n") == 1


def test_a_file_that_is_not_utf8_or_missing(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "2026-11-23T08:00:00+00:00,café,5,\n".encode("latin-1"))
    code, _, err = run(capsys, "replay", str(latin), "--technicians", "1",
                       "--db", f"sqlite:///{tmp_path}/r.db")
    assert (code, err.count("\n")) == (2, 1)
    assert "is not UTF-8 text" in err
    code, _, err = run(capsys, "replay", str(tmp_path / "none.csv"), "--technicians", "1",
                       "--db", f"sqlite:///{tmp_path}/r.db")
    assert (code, err.count("\n")) == (2, 1)
    assert "none.csv: No such file or directory" in err


def test_without_db_it_runs_on_a_scratch_database(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{live}")
    csv_file = tmp_path / "arrivals.csv"
    csv_file.write_text(KNOWN_DAY, encoding="utf-8")
    code, out, err = run(capsys, "replay", str(csv_file), "--technicians", "1", "--json")
    assert code == 0
    assert "scratch database" in err
    assert not live.exists(), "the live database is never touched"
    assert json.loads(out)["served"] == 3
