"""The running aggregates of the shared metrics: what each visit adds, in its own transaction.

A visit counts on the local day it ended, in four rows (everything, its category, the
local hour of its check-in, its technician), exactly as :mod:`kiosk.app.metrics` defines
the metrics; :mod:`kiosk.store.stats` keeps the rows (and their months'). The hooks below run inside the
transaction of the use case that changes what a row holds:

- a visit ends (:func:`record_ended`): everything it adds, with the category's targets;
- its survey is stored (:func:`record_survey`): the answer;
- its person checks in again for the same category within 7 days
  (:func:`record_check_in`), or a later visit of theirs moves to another category
  (:func:`record_moved`): it stops (or starts again) counting as resolved at the first
  visit, exactly when the raw definition says so, however many later visits there are.

A site's rows are used only when every day was counted with the settings in force (its
UTC offset and targets): a brand-new site starts so; a site with older visits waits for
:func:`rebuild` (``techbar metrics rebuild``), which recomputes days from the visits. A
writer with other settings marks them unusable, and reports read the raw visits until the
next full rebuild.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.histogram import Histogram
from kiosk.errors import ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.metrics import Aggregate
from kiosk.store.stats import SiteStats, StatsKey, StatsRepository, Sums, VisitFacts
from kiosk.store.tables import VisitRow

log = logging.getLogger(__name__)
#: A resolved visit counts as resolved at the first visit unless its person checks in
#: again for the same category within this many days after it ended.
RETURN_DAYS = 7
HAPPY_SCORE = 3
_SERVED = ("resolved", "escalated")
Targets = dict[str, int]


@dataclass(frozen=True)
class RebuildReport:
    """What :func:`rebuild` did: the days recomputed, the visits counted, whether reports
    now read the aggregates."""

    first: date | None
    last: date | None
    days: int
    visits: int
    ready: bool


def targets_of(settings: Settings) -> tuple[Targets, Targets]:
    """Each category's wait and resolution targets, in whole seconds."""
    return ({c.id: int(c.wait_target.total_seconds()) for c in settings.categories},
            {c.id: int(c.resolution_target.total_seconds()) for c in settings.categories})


def offset_minutes(settings: Settings) -> int:
    return int(settings.utc_offset.total_seconds() // 60)


def fingerprint(settings: Settings) -> tuple[int, str]:
    """The settings the rows depend on: the UTC offset and the targets (as stored)."""
    wait, resolution = targets_of(settings)
    return offset_minutes(settings), json.dumps({"wait": wait, "resolution": resolution},
                                                sort_keys=True)


def whole_seconds(delta: timedelta) -> int:
    """Rounded half away from zero, as ``round()`` does in both databases."""
    micros = delta // timedelta(microseconds=1)
    seconds = (abs(micros) + 500_000) // 1_000_000
    return seconds if micros >= 0 else -seconds


# ---------------------------------------------------------------- what a visit adds


def keys_of(facts: VisitFacts, minutes: int) -> tuple[StatsKey, ...]:
    """The four rows a visit counts in, with the site's UTC offset in minutes."""
    shift = timedelta(minutes=minutes)
    day = (facts.ended_at + shift).date().isoformat()
    hour = str((facts.checked_in_at + shift).hour)
    return (StatsKey(facts.site, day, "total", ""),
            StatsKey(facts.site, day, "category", facts.category),
            StatsKey(facts.site, day, "hour", hour),
            StatsKey(facts.site, day, "technician", facts.technician))


def durations(facts: VisitFacts) -> tuple[int | None, int | None]:
    """Wait (check-in to the latest call) and handling time (start to end, served visits)."""
    wait = None if facts.called_at is None else whole_seconds(facts.called_at - facts.checked_in_at)
    started = facts.started_at if facts.state in _SERVED else None
    handling = None if started is None else whole_seconds(facts.ended_at - started)
    return wait, handling


def counted(facts: VisitFacts, wait: int | None, handling: int | None,
            targets: tuple[Targets, Targets]) -> tuple[int, ...]:
    """The visit's :data:`~kiosk.store.stats.SUMS`."""
    wait_met = _met(wait, targets[0].get(facts.category))
    resolution_met = _met(handling, targets[1].get(facts.category))
    score = facts.score
    return (1, wait is not None, wait or 0, handling is not None, handling or 0,
            wait_met is not None, wait_met is True,
            resolution_met is not None, resolution_met is True,
            score is not None, score == HAPPY_SCORE, score or 0,
            facts.came_back is not None, facts.came_back is False,
            facts.state == "no_show", facts.state == "cancelled")


def _met(seconds: int | None, target: int | None) -> bool | None:
    """Whether a duration was within its target (None: no duration or no target)."""
    return None if seconds is None or target is None else seconds <= target


def contribution(facts: VisitFacts, minutes: int,
                 targets: tuple[Targets, Targets]) -> dict[StatsKey, Sums]:
    """Everything one ended visit adds to its four rows."""
    wait, handling = durations(facts)
    sums = Sums(tuple(int(x) for x in counted(facts, wait, handling, targets)),
                Histogram.of(() if wait is None else (wait,)),
                Histogram.of(() if handling is None else (handling,)))
    return dict.fromkeys(keys_of(facts, minutes), sums)


def tally(facts: Iterable[VisitFacts], minutes: int,
          targets: tuple[Targets, Targets]) -> dict[StatsKey, Sums]:
    """The rows of many visits: :func:`contribution` summed, without a Sums per visit."""
    rows: dict[StatsKey, list[tuple[int, ...]]] = defaultdict(list)
    waits: dict[StatsKey, list[int]] = defaultdict(list)
    handlings: dict[StatsKey, list[int]] = defaultdict(list)
    for visit in facts:
        wait, handling = durations(visit)
        values = counted(visit, wait, handling, targets)
        for key in keys_of(visit, minutes):
            rows[key].append(values)
            if wait is not None:
                waits[key].append(wait)
            if handling is not None:
                handlings[key].append(handling)
    return {key: Sums(tuple(int(sum(column)) for column in zip(*values, strict=True)),
                      Histogram.of(waits[key]), Histogram.of(handlings[key]))
            for key, values in rows.items()}


def facts_of(row: VisitRow, *, came_back: bool | None = None,
             score: int | None = None) -> VisitFacts:
    if row.ended_at is None:
        raise ValueError(f"visit {row.id} has not ended")
    return VisitFacts(row.id, row.site, row.category, row.technician, row.state,
                      row.requester_employee_id, row.checked_in_at, row.called_at,
                      row.started_at, row.ended_at, score, came_back)


# ---------------------------------------------------------------- the hooks


def record_ended(uow: UnitOfWork, row: VisitRow, settings: Settings) -> None:
    """Count a visit that has just ended (its state and ``ended_at`` set on ``row``)."""
    stats = StatsRepository(uow.session, uow.db.dialect)
    uow.session.flush()
    site = _writable(stats, row.site, row.id, settings)
    if site is None:
        return
    measured = row.state == "resolved" and row.requester_employee_id != ""
    came_back = bool(stats.came_back([row.id], RETURN_DAYS)) if measured else None
    stats.add(contribution(facts_of(row, came_back=came_back), site.utc_offset_minutes,
                           targets_of(settings)))


def record_survey(uow: UnitOfWork, row: VisitRow, score: int) -> None:
    """Count the survey answer of an ended visit, on the day the visit ended."""
    stats = StatsRepository(uow.session, uow.db.dialect)
    site = stats.site(row.site)
    if site is None:
        return
    answer = Sums.of(surveys=1, happy=int(score == HAPPY_SCORE), score_sum=score)
    stats.add(dict.fromkeys(keys_of(facts_of(row), site.utc_offset_minutes), answer))


def record_check_in(uow: UnitOfWork, row: VisitRow) -> None:
    """A new visit: its person's resolved visits of the category within 7 days came back."""
    if not row.requester_employee_id:
        return
    uow.session.flush()
    stats = StatsRepository(uow.session, uow.db.dialect)
    stats.add(_returns(stats, row, row.category, -1))


def record_moved(uow: UnitOfWork, row: VisitRow, category: str) -> None:
    """A visit is about to move to ``category`` (call before changing ``row.category``)."""
    if not row.requester_employee_id or category == row.category:
        return
    uow.session.flush()
    stats = StatsRepository(uow.session, uow.db.dialect)
    changes = _returns(stats, row, row.category, +1)
    for key, sums in _returns(stats, row, category, -1).items():
        changes[key] = changes[key] + sums if key in changes else sums
    stats.add(changes)


def _returns(stats: StatsRepository, later: VisitRow, category: str,
             step: int) -> dict[StatsKey, Sums]:
    """``step`` on the first-visit count of each visit that ``later`` (as of ``category``)
    is the only return of."""
    changes: dict[StatsKey, Sums] = {}
    sites: dict[str, SiteStats | None] = {}
    earlier_visits = stats.returned_by(later.id, category, RETURN_DAYS)  # locked: then look
    others = stats.came_back((e.id for e in earlier_visits), RETURN_DAYS, excluding=later.id)
    for earlier in earlier_visits:
        if earlier.id in others:
            continue
        if earlier.site not in sites:
            sites[earlier.site] = stats.site(earlier.site)
        site = sites[earlier.site]
        if site is None:
            continue
        change = Sums.of(first_visit_resolved=step)
        for key in keys_of(earlier, site.utc_offset_minutes):
            changes[key] = changes[key] + change if key in changes else change
    return changes


def _writable(stats: StatsRepository, site_id: str, visit_id: str,
              settings: Settings) -> SiteStats | None:
    """The site's aggregates, if this writer's settings are the ones they are counted with."""
    offset, targets = fingerprint(settings)
    site = stats.site(site_id)
    if site is None and stats.ended_before(site_id, visit_id):
        # Older visits were never counted (`metrics rebuild` will), unless the one that
        # ended first was the site's first, whose writer claimed it since our first look.
        site = stats.site(site_id)
        if site is None:
            return None
    if site is None:
        stats.claim(site_id, offset, targets)  # waits for a concurrent first claim
        site = stats.site(site_id)
    if site is None or (site.utc_offset_minutes, site.targets) != (offset, targets):
        if site is not None and site.ready:
            log.warning("metrics of site %s: settings differ from those the running "
                        "aggregates were counted with; reports read the visits until "
                        "'techbar metrics rebuild'", site_id)
            stats.mark_unready(site_id)
        return None
    return site


# ---------------------------------------------------------------- reading and rebuilding


def aggregates_for(uow: UnitOfWork, settings: Settings, first: date,
                   last: date) -> list[Aggregate] | None:
    """Every group of the local days ``first``..``last`` from the aggregates, or None when
    they cannot answer for this site with these settings."""
    stats = StatsRepository(uow.session, uow.db.dialect)
    site = stats.site(settings.site_id)
    if site is None or not site.ready or (
            (site.utc_offset_minutes, site.targets) != fingerprint(settings)):
        log.info("metrics of site %s from the visits: the running aggregates are %s",
                 settings.site_id, "not built" if site is None else "not usable")
        return None
    return stats.aggregates(settings.site_id, first, last)


def rebuild(db: Database, settings: Settings, clock: Clock, first: date | None = None,
            last: date | None = None,
            progress: Callable[[int, int], None] | None = None) -> RebuildReport:
    """Recompute the site's rows of the local days ``first``..``last`` from the visits.

    Each day is one transaction that replaces its rows; writers wait for it. Without
    bounds every day with visits is rebuilt, up to today. After a rebuild that covers
    every day, reports read the aggregates. Idempotent.

    Raises:
        ValidationError: ``last`` before ``first``.
    """
    offset, targets = fingerprint(settings)
    with UnitOfWork(db) as uow:
        stats = StatsRepository(uow.session, db.dialect)
        before = stats.site(settings.site_id)
        span = _data_span(stats, settings)
        today = (clock.now() + settings.utc_offset).date()
        start = first or (span[0] if span else today)
        end = last or (max(span[1], today) if span else today)
        if end < start:
            raise ValidationError("range", f"The last day ({end.isoformat()}) is before the "
                                           f"first ({start.isoformat()}).")
        kept = before is not None and before.ready and (
            (before.utc_offset_minutes, before.targets) == (offset, targets))
        stats.set_site(SiteStats(settings.site_id, offset, targets, kept))
        uow.commit()
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    visits = 0
    for done, day in enumerate(days, start=1):
        visits += _rebuild_day(db, settings, day)
        if progress is not None:
            progress(done, len(days))
    ready = kept or span is None or (start <= span[0] and end >= span[1])
    if ready:
        with UnitOfWork(db) as uow:
            StatsRepository(uow.session, db.dialect).set_site(
                SiteStats(settings.site_id, offset, targets, True))
            uow.commit()
    return RebuildReport(start, end, len(days), visits, ready)


def _rebuild_day(db: Database, settings: Settings, day: date) -> int:
    start = datetime.combine(day, time(0), UTC) - settings.utc_offset
    with UnitOfWork(db) as uow:
        stats = StatsRepository(uow.session, db.dialect)
        stats.lock_for_rebuild()
        facts = stats.ended_facts(settings.site_id, start, start + timedelta(days=1), RETURN_DAYS)
        stats.replace_day(settings.site_id, day.isoformat(),
                          tally(facts, offset_minutes(settings), targets_of(settings)))
        uow.commit()
        return len(facts)


def _data_span(stats: StatsRepository, settings: Settings) -> tuple[date, date] | None:
    """The first and last local day with ended visits or rows (None: neither)."""
    days: list[date] = []
    for moment in stats.ended_span(settings.site_id):
        if moment is not None:
            days.append((moment + settings.utc_offset).date())
    days.extend(date.fromisoformat(d) for d in stats.day_span(settings.site_id) if d is not None)
    return (min(days), max(days)) if days else None

