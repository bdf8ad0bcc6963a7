"""Staffing advice without a database: the replay's rules, played in pure Python."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.staffing import Walkin, fewest_per_hour, waits

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
TARGET = 15 * MIN


def walkin(minute: float, service: float, patience: float | None = None) -> Walkin:
    return Walkin(NINE + minute * MIN, service * MIN, TARGET,
                  None if patience is None else patience * MIN)


def test_first_come_first_served_by_the_next_free_technician() -> None:
    day = [walkin(0, 10), walkin(1, 10), walkin(2, 10), walkin(3, 10)]
    assert waits(day, 1) == [timedelta(0), 9 * MIN, 18 * MIN, 27 * MIN]
    assert waits(day, 2) == [timedelta(0), timedelta(0), 8 * MIN, 8 * MIN]


def test_someone_who_runs_out_of_patience_leaves_and_takes_no_desk_time() -> None:
    day = [walkin(0, 30), walkin(1, 5, patience=10), walkin(2, 5)]
    assert waits(day, 1) == [timedelta(0), None, 28 * MIN]


def test_each_hour_gets_the_fewest_that_meet_the_target() -> None:
    quiet = [walkin(m, 5) for m in range(0, 60, 20)]  # 09:00-10:00: one is plenty
    rush = [walkin(60 + m, 12) for m in range(0, 60, 4)]  # 10:00-11:00: fifteen of 12 min
    advice = fewest_per_hour([quiet + rush], timedelta(0))
    assert advice[9] == 1
    assert advice[10] is not None
    assert advice[10] >= 3
    assert fewest_per_hour([quiet + rush], timedelta(0), max_technicians=1)[10] is None


def test_hours_are_the_sites_local_hours() -> None:
    advice = fewest_per_hour([[walkin(0, 5)]], timedelta(hours=2))
    assert list(advice) == [11]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 480), st.floats(0.5, 40)), max_size=40),
       st.integers(1, 5))
def test_another_technician_never_makes_anyone_wait_longer(
        visits: list[tuple[float, float]], technicians: int) -> None:
    day = sorted((walkin(*v) for v in visits), key=lambda w: w.at)
    fewer, more = waits(day, technicians), waits(day, technicians + 1)
    for before, after in zip(fewer, more, strict=True):
        assert before is not None
        assert after is not None
        assert after <= before
