"""Shared metrics against hand-computed values, on SQLite and PostgreSQL.

The fixed day (clock starts Sunday 2026-11-22 09:00 UTC; minutes after 09:00):

====  ======  ========  ====  ==========  =======  ================  ===========
visit person  category  in    called      started  ended             survey
====  ======  ========  ====  ==========  =======  ================  ===========
A     E1      laptop    0     10 (Dana)   12       32 resolved       3 happy
B     E2      account   2     14 (Kim)    15       45 resolved       1 unhappy
C     guest   laptop    4     33 (Dana)   -        40 no-show        -
D     E4      mobile    5     -           -        20 cancelled      -
E     E1      laptop    50    51 (Kim)    52       62 resolved       3 happy
====  ======  ========  ====  ==========  =======  ================  ===========

Then F (E1, mobile) the next day, and G (E2, account) eight days later: outside
today, and G too late to count as B's person coming back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from kiosk.app.feedback import FeedbackService
from kiosk.app.metrics import MetricsReport, MetricsService
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import Database
from tests.conftest import START


def _at(clock: ManualClock, minutes: int) -> None:
    clock.set(START + timedelta(minutes=minutes))


def build_day(db: Database, settings: Settings, clock: ManualClock) -> dict[str, str]:
    """The fixed data set of the module docstring, made through the real services."""
    service = VisitService(db, settings, clock)
    feedback = FeedbackService(db, settings, clock)
    ids: dict[str, str] = {}

    def check_in(key: str, minute: int, category: str, employee_id: str = "") -> None:
        _at(clock, minute)
        ids[key] = service.check_in(name=f"Visitor {key}", category=category,
                                    employee_id=employee_id).id

    def step(minute: int, action: str, key: str, tech: str = "") -> None:
        _at(clock, minute)
        if action == "call":
            service.call(ids[key], tech)
        elif action == "start":
            service.start(ids[key], tech)
        elif action == "resolve":
            service.resolve(ids[key], tech, "fixed")
        elif action == "no_show":
            service.no_show(ids[key], tech)
        else:
            service.cancel(ids[key], "front desk", "left")

    check_in("A", 0, "laptop", "E1")
    check_in("B", 2, "account", "E2")
    check_in("C", 4, "laptop")
    check_in("D", 5, "mobile", "E4")
    step(10, "call", "A", "Dana")
    step(12, "start", "A", "Dana")
    step(14, "call", "B", "Kim")
    step(15, "start", "B", "Kim")
    step(20, "cancel", "D")
    step(32, "resolve", "A", "Dana")
    feedback.rate(ids["A"], 3)
    step(33, "call", "C", "Dana")
    step(40, "no_show", "C", "Dana")
    step(45, "resolve", "B", "Kim")
    feedback.rate(ids["B"], 1)
    check_in("E", 50, "laptop", "E1")
    step(51, "call", "E", "Kim")
    step(52, "start", "E", "Kim")
    step(62, "resolve", "E", "Kim")
    feedback.rate(ids["E"], 3)
    check_in("F", 24 * 60, "mobile", "E1")
    step(24 * 60 + 1, "call", "F", "Kim")
    step(24 * 60 + 2, "start", "F", "Kim")
    step(24 * 60 + 3, "resolve", "F", "Kim")
    check_in("G", 8 * 24 * 60 + 46, "account", "E2")
    return ids


@pytest.fixture
def report(db: Database, settings: Settings, clock: ManualClock) -> MetricsReport:
    build_day(db, settings, clock)
    metrics = MetricsService(db, settings, ManualClock(START + timedelta(hours=3)))
    return metrics.report(metrics.today())


def _s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def test_totals_match_the_hand_computed_day(report: MetricsReport) -> None:
    total = report.total
    assert (total.visits, total.called, total.handled) == (5, 4, 3)
    assert total.avg_wait == _s((600 + 720 + 1740 + 60) / 4)
    assert total.p90_wait == _s(1740)
    assert total.avg_handling == _s((1200 + 1800 + 600) / 3)
    assert total.p90_handling == _s(1800)
    assert total.wait_sla == pytest.approx(2 / 4)   # A 10 <= 15, B 12 > 10, C 29 > 15, E 1 <= 15
    assert total.resolution_sla == pytest.approx(2 / 3)  # B took 30 min, target 15
    assert (total.surveys, total.happy_share) == (3, pytest.approx(2 / 3))
    assert total.avg_score == pytest.approx(7 / 3)
    assert total.first_visit_resolution == pytest.approx(2 / 3)  # A's person came back
    assert (total.no_show, total.cancelled, total.abandoned) == (1, 1, 2)
    assert total.abandonment == pytest.approx(2 / 5)


def test_by_category(report: MetricsReport) -> None:
    assert [m.key for m in report.by_category] == ["laptop", "account", "mobile"]
    laptop = report.category("laptop")
    assert laptop is not None
    assert (laptop.visits, laptop.called, laptop.handled, laptop.no_show) == (3, 3, 2, 1)
    assert laptop.avg_wait == _s((600 + 1740 + 60) / 3)
    assert laptop.p90_wait == _s(1740)
    assert laptop.avg_handling == _s(900)
    assert laptop.p90_handling == _s(1200)
    assert laptop.wait_sla == pytest.approx(2 / 3)
    assert laptop.resolution_sla == 1.0
    assert laptop.first_visit_resolution == 0.5
    account = report.category("account")
    assert account is not None
    assert (account.wait_sla, account.resolution_sla, account.first_visit_resolution) == (
        0.0, 0.0, 1.0)
    assert account.avg_score == 1.0
    mobile = report.category("mobile")
    assert mobile is not None
    assert (mobile.visits, mobile.called, mobile.cancelled, mobile.avg_wait, mobile.wait_sla) == (
        1, 0, 1, None, None)
    assert mobile.abandonment == 1.0


def test_by_technician_and_hour(report: MetricsReport) -> None:
    assert [m.key for m in report.by_technician] == ["", "Dana", "Kim"]
    dana, kim = report.technician("Dana"), report.technician("Kim")
    assert dana is not None
    assert kim is not None
    assert (dana.visits, dana.handled, dana.no_show) == (2, 1, 1)
    assert dana.avg_wait == _s((600 + 1740) / 2)
    assert (kim.visits, kim.handled, kim.avg_handling) == (2, 2, _s((1800 + 600) / 2))
    assert kim.happy_share == 0.5
    assert [(m.key, m.visits) for m in report.by_hour] == [("9", 5)]


def test_periods_follow_the_site_day(db: Database, settings: Settings,
                                     clock: ManualClock) -> None:
    build_day(db, settings, clock)
    later = MetricsService(db, settings, ManualClock(START + timedelta(days=1, hours=3)))
    assert later.report(later.today()).total.visits == 1  # F only
    week = later.report(later.this_week())  # Monday 23rd: a new week
    assert week.total.visits == 1
    both = later.report(later.days(date(2026, 11, 22), date(2026, 11, 23)))
    assert both.total.visits == 6
    assert both.total.first_visit_resolution == pytest.approx(3 / 4)  # F is E1's first mobile
    ahead = replace(settings, utc_offset=timedelta(hours=2))
    shifted = MetricsService(db, ahead, clock)
    local = shifted.report(shifted.days(date(2026, 11, 22), date(2026, 11, 22)))
    assert [(m.key, m.visits) for m in local.by_hour] == [("11", 5)]
    with pytest.raises(ValidationError):
        later.days(date(2026, 11, 23), date(2026, 11, 22))


def test_an_empty_period(db: Database, settings: Settings, clock: ManualClock) -> None:
    metrics = MetricsService(db, settings, clock)
    report = metrics.report(metrics.today())
    assert report.total.visits == 0
    assert report.total.avg_wait is None
    assert report.total.abandonment is None
    assert report.by_category == ()
