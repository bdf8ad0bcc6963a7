"""``techbar metrics rebuild``: what it prints, that it can run twice, and its refusals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete

import main
from kiosk.app.metrics import MetricsService
from kiosk.app.visits import VisitService
from kiosk.clock import SystemClock
from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.store import Database, UnitOfWork
from kiosk.store.stats import StatsRepository
from kiosk.store.tables import VisitStatsRow, VisitStatsSiteRow


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A database with two ended visits from before the aggregates (as after the upgrade)."""
    url = f"sqlite:///{tmp_path}/m.db"
    db = Database(url)
    db.migrate()
    settings = load_settings(DEFAULT_CONFIG, environ={})
    service = VisitService(db, settings, SystemClock())
    for name in ("Ada", "Bo"):
        visit = service.check_in(name=name, category="laptop")
        service.cancel(visit.id, "front desk")
    with UnitOfWork(db) as uow:
        uow.session.execute(delete(VisitStatsRow))
        uow.session.execute(delete(VisitStatsSiteRow))
        uow.commit()
    db.dispose()
    return url


def stored(url: str) -> dict[object, object]:
    db = Database(url)
    try:
        with UnitOfWork(db, readonly=True) as uow:
            return dict(StatsRepository(uow.session, db.dialect).rows("hq"))
    finally:
        db.dispose()


def test_rebuild_builds_every_day_and_can_run_again(capsys: pytest.CaptureFixture[str],
                                                    url: str) -> None:
    code, out, err = run(capsys, "metrics", "rebuild", "--db", url)
    assert (code, err) == (0, "")
    assert out.startswith("metrics rebuilt for ")  # 1 day, 2 after midnight
    assert "from 2 visits\n" in out
    assert "reports read the running aggregates" in out
    rows = stored(url)
    assert rows
    assert run(capsys, "--db", url, "metrics", "rebuild")[0] == 0
    assert stored(url) == rows
    db = Database(url)
    try:
        metrics = MetricsService(db, load_settings(DEFAULT_CONFIG, environ={}), SystemClock())
        report = metrics.report_from_aggregates(metrics.today())
        assert report is not None
        assert report.total.cancelled == 2
    finally:
        db.dispose()


def test_a_partial_rebuild_says_what_is_missing(capsys: pytest.CaptureFixture[str],
                                                url: str) -> None:
    today = SystemClock().now().date()
    code, out, _ = run(capsys, "metrics", "rebuild", "--from", str(today - timedelta(days=3)),
                       "--to", str(today - timedelta(days=2)), "--db", url)
    assert code == 0
    assert "metrics rebuilt for 2 days" in out
    assert "without --from and --to" in out


@pytest.mark.parametrize(("argv", "reason"), [
    (("metrics",), "required: action"),
    (("metrics", "rebuild", "--from", "2026-13-01"), "'2026-13-01' is not a date like"),
    (("metrics", "rebuild", "--to", "yesterday"), "'yesterday' is not a date like"),
    (("metrics", "rebuild", "--from", "2026-11-23", "--to", "2026-11-22"),
     "--to 2026-11-22 is before --from 2026-11-23"),
])
def test_bad_dates_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], url: str,
                                        argv: tuple[str, ...], reason: str) -> None:
    code, out, err = run(capsys, *argv, "--db", url)
    assert code == 2
    assert out == ""
    assert err.startswith("techbar: ")
    assert reason in err
    assert err.count("\n") == 1
