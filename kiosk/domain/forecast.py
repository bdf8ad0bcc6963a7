"""The wait of everyone in line, by playing the floor forward a few hundred times.

"Average handling time x people ahead" is the estimate every queue gets wrong: it
ignores who can serve whom, how long the technicians have already been with their
visitors, and how uneven handling times are. Instead, from the floor as it is now
(the line in its real order, each technician's skills and current visit) and what the
desk has really done lately (handling times per category, how often people walk out),
:func:`forecast` simulates the rest of the line many times with handling times drawn
from that history, and reads each visitor's wait as the spread of those futures: the
median as the point, the 10th to 90th percentile as the range.

It uses only what the floor knows now: the time already spent with a visitor, never
how long that visit will in fact take. The draws come from a seeded generator, so the
same floor gives the same figures (a ticket does not flicker between two refreshes).
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from kiosk.domain.estimate import WaitEstimate

#: The share of futures below the range's low end and above its high end.
LOW_QUANTILE = 0.1
HIGH_QUANTILE = 0.9
#: Handling times a category needs before its own distribution is trusted; below it the
#: site's pooled times stand in, and below :data:`POOL_MIN` the category's typical time.
CATEGORY_MIN = 8
POOL_MIN = 20
#: How many of its own times a thin category's median counts for against the pooled one.
BORROW_WEIGHT = 4
#: Visitor placements simulated per forecast: the runs shrink as the line grows so that a
#: long line costs no more than a short one (never fewer than MIN_RUNS futures).
DRAW_BUDGET = 24_000
MIN_RUNS = 60
MAX_RUNS = 400
RUN_BLOCK = 50
#: Between a call and the start of service (walking up), when history does not say.
DEFAULT_WALK_UP = 60.0
#: A typical handling time is this share of the category's resolution target, spread
#: lognormally (the shape of service times measured at help desks), while history is thin.
TYPICAL_SHARE = 0.4
TYPICAL_SIGMA = 0.5
ROUND_TO = timedelta(minutes=5)


@dataclass(frozen=True)
class InLine:
    """A waiting visitor, in the line's order."""

    id: str
    category: str


@dataclass(frozen=True)
class Desk:
    """A technician at work now.

    Attributes:
        name: the technician.
        categories: the categories they take from the line; None means all.
        busy_for: time already spent with their current visitor (since the service
            started; since the call while ``starting``); None when free.
        category: the current visitor's category.
        starting: the visitor is called but not yet at the desk (service not started).
    """

    name: str
    categories: frozenset[str] | None = None
    busy_for: timedelta | None = None
    category: str = ""
    starting: bool = False

    def takes(self, category: str) -> bool:
        return self.categories is None or category in self.categories


@dataclass(frozen=True)
class Pace:
    """What the desk has done lately: the ground the futures are drawn from.

    Attributes:
        handling: recent handling times (start to end of service) in seconds, per category.
        typical: each category's typical handling time in seconds, for thin history.
        walk_up: seconds from a call to the start of service.
        walkout: the chance that a visitor waiting leaves before being called.
    """

    handling: Mapping[str, Sequence[float]] = field(default_factory=dict)
    typical: Mapping[str, float] = field(default_factory=dict)
    walk_up: float = DEFAULT_WALK_UP
    walkout: float = 0.0

    @property
    def pooled(self) -> list[float]:
        return [s for times in self.handling.values() for s in times if s > 0]

    def is_thin(self, category: str) -> bool:
        """Too little history to draw this category's times from what really happened."""
        return len(self.handling.get(category, ())) < CATEGORY_MIN and len(self.pooled) < POOL_MIN


@dataclass(frozen=True)
class Forecast:
    """Each waiting visitor's wait, and a newcomer's per category."""

    visits: Mapping[str, WaitEstimate]
    newcomers: Mapping[str, WaitEstimate]

    def of(self, visit_id: str) -> WaitEstimate | None:
        return self.visits.get(visit_id)


class _Draw:
    """Handling times for one category: its own history, the pooled one, or its typical time."""

    def __init__(self, rng: random.Random, own: Sequence[float], pooled: Sequence[float],
                 typical: float) -> None:
        self.rng = rng
        positive = sorted(s for s in own if s > 0)
        self.times = positive if len(positive) >= CATEGORY_MIN else (
            _borrowed(positive, pooled) if len(pooled) >= POOL_MIN else [])
        self.mu = math.log(max(typical * TYPICAL_SHARE, 60.0))

    def full(self) -> float:
        if self.times:
            return self.times[int(self.rng.random() * len(self.times))]
        return math.exp(self.rng.gauss(self.mu, TYPICAL_SIGMA))

    def remaining(self, spent: float) -> float:
        """What is left of a service already ``spent`` seconds long: a draw among the
        times longer than that, less what is spent (the inspection paradox handled)."""
        if self.times:
            longer = len(self.times) - bisect.bisect_right(self.times, spent)
            if longer:
                return self.times[len(self.times) - 1 - int(self.rng.random() * longer)] - spent
            return self.rng.random() * 0.5 * spent  # longer than anything seen: ending soon
        for _ in range(20):
            total = self.full()
            if total > spent:
                return total - spent
        return self.rng.random() * 0.5 * spent


def _borrowed(own: Sequence[float], pooled: Sequence[float]) -> list[float]:
    """The site's pooled times standing in for a category with a few of its own: scaled
    so their median moves toward the category's own (weighted by how many it has), so a
    rare long category is not drawn as the common short ones."""
    shared = sorted(s for s in pooled if s > 0)
    if not own:
        return shared
    pooled_median = statistics.median(shared)
    weight = len(own) / (len(own) + BORROW_WEIGHT)
    scale = math.exp(weight * (math.log(statistics.median(own)) - math.log(pooled_median)))
    return [s * scale for s in shared]


def forecast(line: Sequence[InLine], desks: Sequence[Desk], pace: Pace, *,
             categories: Iterable[str] = (), runs: int | None = None, seed: int = 0) -> Forecast:
    """Simulate the rest of the line ``runs`` times; each visitor's wait from now.

    Args:
        line: the waiting visitors in the line's order (priority, appointments, arrival).
        desks: the technicians at work now; with none, one technician taking every
            category is assumed and every estimate is coarse.
        pace: recent handling times, typical times, walk-up and walk-out rate.
        runs: futures to simulate (default: by the line's length, see DRAW_BUDGET).
        categories: more categories to give a newcomer's wait for (besides those of
            the line, the desks and ``pace.typical``).
        seed: the draws' seed (the same floor gives the same forecast).
    """
    staffed = bool(desks)
    desks = list(desks) or [Desk("anyone")]
    rng = random.Random(seed)
    names = sorted({v.category for v in line} | set(pace.typical) | set(categories)
                   | {d.category for d in desks if d.category})
    draws = {c: _Draw(rng, pace.handling.get(c, ()), pace.pooled, pace.typical.get(c, 1200.0))
             for c in names}
    waits, newcomer = _futures(_Floor(line, desks, pace, draws), names, rng, seed,
                               runs if runs is not None else _runs(len(line)))
    thin = {c: pace.is_thin(c) or not staffed for c in names}
    samples = {c: len(pace.handling.get(c, ())) for c in names}
    visits = {v.id: _estimate(waits[i], i, len(desks), samples[v.category], thin[v.category])
              for i, v in enumerate(line)}
    newcomers = {c: _estimate(newcomer[c], len(line), len(desks), samples[c], thin[c])
                 for c in names}
    return Forecast(visits, newcomers)


def _futures(floor: _Floor, categories: Sequence[str], rng: random.Random, seed: int,
             runs: int) -> tuple[list[list[float]], dict[str, list[float]]]:
    """Each visitor's call time in every future, and a newcomer's per category."""
    waits: list[list[float]] = [[] for _ in floor.line]
    newcomer: dict[str, list[float]] = {c: [] for c in categories}
    for run in range(runs):
        # Each future starts from its own seed, so a newcomer's wait (behind everyone)
        # and the same visitor's once in line come from the same draws: the kiosk's
        # promise is the ticket's estimate.
        rng.seed(seed * 1_000_003 + run)
        done_at = floor.play(rng, waits)
        for category, wait_list in newcomer.items():
            able = [done_at[n] for n, d in enumerate(floor.desks) if d.takes(category)]
            wait_list.append(min(able) if able else math.inf)
    return waits, newcomer


def _runs(waiting: int) -> int:
    """Futures for a line this long: the draw budget spread over it, counted in blocks of
    :data:`RUN_BLOCK` visitors (one more in line rarely changes the number)."""
    block = RUN_BLOCK * math.ceil(max(1, waiting) / RUN_BLOCK)
    return max(MIN_RUNS, min(MAX_RUNS, DRAW_BUDGET // block))


class _Floor:
    """The line and the desks, laid out once for many futures."""

    def __init__(self, line: Sequence[InLine], desks: Sequence[Desk], pace: Pace,
                 draws: Mapping[str, _Draw]) -> None:
        self.desks = desks
        self.pace = pace
        self.draws = draws
        kinds = sorted({v.category for v in line})
        number = {c: i for i, c in enumerate(kinds)}
        self.line = [number[v.category] for v in line]
        self.by_kind: list[list[int]] = [[] for _ in kinds]
        for index, kind in enumerate(self.line):
            self.by_kind[kind].append(index)
        self.kind_draws = [draws[c] for c in kinds]
        self.takes = [tuple(number[c] for c in kinds if d.takes(c)) for d in desks]
        # Everyone takes everything: the line is called in its order, no search needed.
        self.in_order = all(len(t) == len(kinds) for t in self.takes)
        fallback = next(iter(draws.values()))
        self.current = [draws.get(d.category, fallback) for d in desks]

    def play(self, rng: random.Random, waits: list[list[float]]) -> list[float]:
        """One future: each free desk calls the first visitor it may serve; every
        visitor's call time goes to ``waits``; returns when each desk runs out of work."""
        walk_up, walkout = self.pace.walk_up, self.pace.walkout
        free = [(self._first_free(rng, n, d), n) for n, d in enumerate(self.desks)]
        heapq.heapify(free)
        done_at = [0.0] * len(self.desks)
        next_of = [0] * len(self.by_kind)  # per category: its next visitor not yet called
        called = 0
        while free:
            at, desk = heapq.heappop(free)
            if self.in_order:
                if called == len(self.line):
                    done_at[desk] = at
                    continue
                index = called
                kind = self.line[index]
            else:
                index, kind = self._first_for(desk, next_of)
                if index < 0:
                    done_at[desk] = at  # nothing left this desk may take
                    continue
                next_of[kind] += 1
            called += 1
            waits[index].append(at)
            if walkout and rng.random() < walkout:
                heapq.heappush(free, (at, desk))  # they had left: the next one is called
            else:
                heapq.heappush(free, (at + walk_up + self.kind_draws[kind].full(), desk))
        return done_at

    def _first_free(self, rng: random.Random, number: int, desk: Desk) -> float:
        if desk.busy_for is None:
            return 0.0
        spent = desk.busy_for.total_seconds()
        draw = self.current[number]
        if desk.starting:
            return max(0.0, self.pace.walk_up - spent) + draw.full()
        return draw.remaining(spent)

    def _first_for(self, desk: int, next_of: list[int]) -> tuple[int, int]:
        """The first visitor in line (index, category) this desk may take; (-1, -1) if none."""
        best, best_kind = len(self.line), -1
        for kind in self.takes[desk]:
            position = next_of[kind]
            queue = self.by_kind[kind]
            if position < len(queue) and queue[position] < best:
                best, best_kind = queue[position], kind
        return (best, best_kind) if best_kind >= 0 else (-1, -1)


def _estimate(futures: list[float], ahead: int, desks: int, samples: int,
              coarse: bool) -> WaitEstimate:
    futures.sort()
    finite = [f for f in futures if math.isfinite(f)] or [86_400.0]
    low = _steps(_quantile(finite, LOW_QUANTILE), round)
    high = max(_steps(_quantile(finite, HIGH_QUANTILE), round), low + 1)
    return WaitEstimate(low=ROUND_TO * low, high=ROUND_TO * high, people_ahead=ahead,
                        technicians=desks, samples=samples,
                        point=timedelta(seconds=round(min(_quantile(finite, 0.5), 86_400.0))),
                        coarse=coarse)


def _quantile(ordered: Sequence[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _steps(seconds: float, rounding: Callable[[float], int]) -> int:
    """Whole :data:`ROUND_TO` steps in ``seconds`` (capped at a day), rounded as told."""
    return rounding(min(seconds, 86_400.0) / ROUND_TO.total_seconds())
