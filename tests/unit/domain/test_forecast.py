"""The wait forecast: the floor played forward, with what the floor knows now."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.forecast import CATEGORY_MIN, Desk, InLine, Pace, forecast

MINUTE = 60.0
#: Ten minutes a visit, give or take: enough history for every category.
STEADY = Pace(handling={c: [MINUTE * m for m in (6, 8, 9, 10, 10, 11, 12, 14, 16, 20)]
                        for c in ("laptop", "account")},
              typical={"laptop": 1800.0, "account": 1800.0}, walk_up=0.0)


def line(*categories: str) -> list[InLine]:
    return [InLine(f"v{i}", c) for i, c in enumerate(categories)]


def minutes(delta: timedelta | None) -> float:
    assert delta is not None
    return delta.total_seconds() / 60


def test_a_free_desk_and_nobody_waiting_is_a_few_minutes() -> None:
    found = forecast([], [Desk("Dana")], STEADY)
    assert found.newcomers["laptop"].high_minutes <= 5
    assert found.newcomers["laptop"].describe() == "a few minutes"


def test_the_point_is_the_people_ahead_times_the_typical_visit() -> None:
    """Four ahead, one technician starting now, ten minutes a visit: about 40 minutes."""
    found = forecast(line(*["laptop"] * 5), [Desk("Dana")], STEADY)
    last = found.of("v4")
    assert last is not None
    assert 35 <= minutes(last.point) <= 50
    assert last.low < last.expected < last.high
    assert not last.coarse


def test_a_technician_who_cannot_serve_those_ahead_is_not_blocked_by_them() -> None:
    """Ten account visitors ahead, but the laptop technician is free: called at once."""
    desks = [Desk("Luis", frozenset({"account"})), Desk("Kim", frozenset({"laptop"}))]
    found = forecast(line(*["account"] * 10, "laptop"), desks, STEADY)
    laptop = found.of("v10")
    account = found.of("v9")
    assert laptop is not None
    assert account is not None
    assert minutes(laptop.point) == 0
    assert minutes(account.point) > 60


def test_time_already_spent_counts_without_knowing_the_future() -> None:
    """A visit longer than any seen so far is about to end; a fresh one has a way to go."""
    fresh = forecast(line("laptop"), [Desk("Dana", busy_for=timedelta(0), category="laptop")],
                     STEADY).of("v0")
    long_one = forecast(line("laptop"), [Desk("Dana", busy_for=timedelta(minutes=25),
                                              category="laptop")], STEADY).of("v0")
    assert fresh is not None
    assert long_one is not None
    assert minutes(long_one.point) < minutes(fresh.point)
    assert 6 <= minutes(fresh.point) <= 14


def test_walk_outs_shorten_the_wait_of_those_behind() -> None:
    people = line(*["laptop"] * 8)
    stay = forecast(people, [Desk("Dana")], STEADY).of("v7")
    leave = forecast(people, [Desk("Dana")],
                     Pace(STEADY.handling, STEADY.typical, 0.0, walkout=0.5)).of("v7")
    assert stay is not None
    assert leave is not None
    assert minutes(leave.point) < 0.7 * minutes(stay.point)


def test_thin_history_is_coarse_and_enough_is_not() -> None:
    thin = Pace(handling={"laptop": [600.0] * (CATEGORY_MIN - 1)}, typical={"laptop": 1800.0})
    enough = Pace(handling={"laptop": [600.0] * CATEGORY_MIN}, typical={"laptop": 1800.0})
    assert forecast(line("laptop"), [Desk("Dana")], thin).newcomers["laptop"].coarse
    assert not forecast(line("laptop"), [Desk("Dana")], enough).newcomers["laptop"].coarse
    assert forecast(line("laptop"), [], enough).newcomers["laptop"].coarse, \
        "nobody at work: the wait is a guess"


def test_the_promise_to_a_newcomer_is_the_wait_once_in_line() -> None:
    """The kiosk's tile (a newcomer behind everyone) and the ticket agree exactly."""
    desks = [Desk("Dana", busy_for=timedelta(minutes=3), category="account"),
             Desk("Luis", frozenset({"account"}))]
    people = line("laptop", "account", "laptop")
    promised = forecast(people, desks, STEADY).newcomers["laptop"]
    ticket = forecast([*people, InLine("new", "laptop")], desks, STEADY).of("new")
    assert ticket == replace(promised, people_ahead=3)


def test_the_same_floor_gives_the_same_forecast() -> None:
    people = line("laptop", "account", "laptop", "account")
    assert forecast(people, [Desk("Dana")], STEADY) == forecast(people, [Desk("Dana")], STEADY)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["laptop", "account"]), max_size=25),
       st.integers(min_value=1, max_value=4))
def test_nobody_is_told_a_shorter_wait_than_someone_ahead(categories: list[str],
                                                          desks: int) -> None:
    """Technicians who take everything call in line order: waits never go down the line."""
    found = forecast(line(*categories), [Desk(f"t{i}") for i in range(desks)], STEADY)
    waits = [found.of(f"v{i}") for i in range(len(categories))]
    for ahead, behind in zip(waits, waits[1:], strict=False):
        assert ahead is not None
        assert behind is not None
        assert ahead.expected <= behind.expected
        assert ahead.low <= behind.low
        assert ahead.high <= behind.high


def test_four_in_five_actual_waits_fall_inside_the_range() -> None:
    """A floor of three technicians and one line, measured against what then happens.

    The futures are drawn from the same distribution as reality (the limit any estimator
    without the future can reach); the stated 10th-90th percentile range holds about
    80 % of the actual waits.
    """
    rng = random.Random(7)
    inside = total = 0
    for _ in range(150):
        ahead = rng.randrange(0, 12)
        people = line(*["laptop"] * (ahead + 1))
        spent = [timedelta(minutes=rng.uniform(0, 8)) for _ in range(3)]
        desks = [Desk(f"t{i}", busy_for=spent[i], category="laptop") for i in range(3)]
        told = forecast(people, desks, STEADY).of(f"v{ahead}")
        assert told is not None
        actual = _actual_wait(rng, ahead, [s.total_seconds() for s in spent])
        inside += told.low.total_seconds() <= actual <= told.high.total_seconds()
        total += 1
    assert 0.7 <= inside / total <= 0.92


def _actual_wait(rng: random.Random, ahead: int, spent: list[float]) -> float:
    """What really happens: each busy desk's visit runs its (hidden) full length."""
    times = sorted(STEADY.handling["laptop"])
    free = []
    for used in spent:
        longer = [t for t in times if t > used]
        free.append((rng.choice(longer) - used) if longer else rng.random() * 0.5 * used)
    for _ in range(ahead):
        index = min(range(len(free)), key=free.__getitem__)
        free[index] += rng.choice(times)
    return min(free)
