"""Reports from the running aggregates equal reports from the raw visits, on both databases.

Hypothesis plays a help desk through the real services on a :class:`ManualClock` that
moves by whole days, hours, minutes and odd microseconds: check-ins (identified people
who come back within 7 days, exactly 7 days later, or later; guests; second visits),
calls, starts, parking, returns to the line, transfers to other categories, resolutions,
escalations, no-shows, cancellations, surveys, and check-ins of the same people at a
second site with another UTC offset. Then every local day, the whole range, today and
this week are reported twice: from the aggregates (:meth:`MetricsService.report_from_aggregates`,
which must answer) and from the visits (:meth:`MetricsService.report_from_visits`, the
reference), whose exact 90th percentiles go through the same ``bucket_floor`` the
histograms report. They must be equal, field for field. Then ``metrics rebuild`` must
write exactly the rows the visits' own transactions wrote, and change no report.

Each example is a new pair of sites and new people on the test's database, so the
examples of one run share it without meeting.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.app.feedback import FeedbackService
from kiosk.app.metrics import Metrics, MetricsReport, MetricsService, Period
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.histogram import bucket_floor
from kiosk.domain.visit import TRANSITIONS, Action, Visit, VisitState
from kiosk.errors import KioskError
from kiosk.store import Database, UnitOfWork
from kiosk.store.stats import DAY, MONTH, StatsKey, StatsRepository, Sums
from tests.conftest import START

CATEGORIES = ("laptop", "account", "mobile")
TECHNICIANS = ("Dana", "Kim", "Luis")
PEOPLE = 4  # person 0 is a guest (no employee id)
OFFSETS = (timedelta(0), timedelta(hours=-7), timedelta(hours=5, minutes=30), timedelta(hours=13))
STEPS = {"call": Action.CALL, "start": Action.START, "resolve": Action.RESOLVE,
         "escalate": Action.ESCALATE, "no_show": Action.NO_SHOW, "cancel": Action.CANCEL,
         "park": Action.PARK, "resume": Action.RESUME, "return": Action.RETURN_TO_QUEUE}
TRANSFERABLE = TRANSITIONS[Action.TRANSFER][0]
RUNS = hypothesis_settings(max_examples=20, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                  HealthCheck.too_slow])

short = st.one_of(
    st.integers(0, 40 * 60).map(lambda s: timedelta(seconds=s)),
    st.sampled_from([timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=15),
                     timedelta(minutes=30)]),
    st.tuples(st.integers(0, 3600), st.sampled_from([1, 250_000, 499_999, 500_000, 999_999]))
    .map(lambda t: timedelta(seconds=t[0], microseconds=t[1])),
)
steps_forward = st.one_of(
    short, short, short, short,
    st.sampled_from([timedelta(hours=3), timedelta(hours=9), timedelta(days=1),
                     timedelta(days=3), timedelta(days=6, hours=23)]),
)
which = st.integers(0, 63)
people = st.integers(0, PEOPLE - 1)
categories = st.sampled_from(CATEGORIES)
technicians = st.sampled_from(TECHNICIANS)
#: A whole visit: check-in, a wait, a call, a service, an end (and maybe a survey).
journeys = st.tuples(
    st.just("journey"), people, categories, short, short,
    st.sampled_from(["resolve", "resolve", "resolve", "escalate", "no_show", "cancel"]),
    technicians, st.none() | st.integers(1, 3))
actions = st.one_of(
    journeys, journeys, journeys, journeys, journeys,
    st.tuples(st.just("check_in"), people, categories, st.booleans()),
    st.tuples(st.just("elsewhere"), st.integers(1, PEOPLE - 1), categories,
              st.booleans()),  # and leaves at once
    st.tuples(st.just("seven_days_later"), which),
    st.tuples(st.sampled_from(sorted(STEPS)), which, technicians),
    st.tuples(st.just("transfer"), which, categories),
    st.tuples(st.just("rate"), which, st.integers(1, 3)),
)
programs = st.lists(st.tuples(steps_forward, actions), min_size=10, max_size=30)


@dataclass
class Desk:
    """Two sites of one example, their services on one clock, and the visits made.

    ``states`` is each visit's state as the services last returned it, so that a step
    aims at a visit it can apply to (``which`` picks among them).
    """

    db: Database
    here: Settings
    there: Settings
    clock: ManualClock = field(default_factory=lambda: ManualClock(START))
    people: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    states: dict[str, VisitState] = field(default_factory=dict)
    visits_there: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.service = VisitService(self.db, self.here, self.clock)
        self.elsewhere = VisitService(self.db, self.there, self.clock)
        self.feedback = FeedbackService(self.db, self.here, self.clock)

    @property
    def visits(self) -> list[str]:
        return list(self.states)

    def play(self, step: timedelta, action: tuple[Any, ...]) -> None:
        self.clock.advance(step)
        with contextlib.suppress(KioskError):  # refused: already in line, already rated...
            self._act(str(action[0]), *action[1:])

    def _act(self, kind: str, *args: Any) -> None:
        if kind == "journey":
            self._journey(*args)
        elif kind == "check_in":
            self._check_in(args[0], args[1], "helping a colleague" if args[2] else "")
        elif kind == "elsewhere":
            self._elsewhere(*args)
        elif kind == "seven_days_later":
            self._come_back(self._pick(args[0], {VisitState.RESOLVED}))
        elif kind == "transfer":
            self._step(lambda v: self.service.transfer(v, "front desk", category=args[1]),
                       self._pick(args[0], TRANSFERABLE))
        elif kind == "rate":
            visit = self._pick(args[0], {VisitState.RESOLVED, VisitState.ESCALATED})
            if visit:
                self.feedback.rate(visit, args[1])
        else:
            visit = self._pick(args[0], TRANSITIONS[STEPS[kind]][0])
            self._step(lambda v: self._technician(kind, v, args[1]), visit)

    def _journey(self, person: int, category: str, wait: timedelta, handling: timedelta,
                 outcome: str, technician: str, score: int | None) -> None:
        visit = self._check_in(person, category, "back for more")
        self.clock.advance(wait)
        self._step(lambda v: self.service.call(v, technician, several=True), visit)
        if outcome in ("no_show", "cancel"):
            self._step(lambda v: self._technician(outcome, v, technician), visit)
            return
        self._step(lambda v: self.service.start(v, technician), visit)
        self.clock.advance(handling)
        self._step(lambda v: self._technician(outcome, v, technician), visit)
        if score is not None:
            self.feedback.rate(visit, score)

    def _check_in(self, person: int, category: str, second: str) -> str:
        visit = self.service.check_in(
            name=f"Visitor {person}", category=category,
            employee_id=f"{self.people}-{person}" if person else "", second_visit_reason=second)
        self.states[visit.id] = visit.state
        return visit.id

    def _elsewhere(self, person: int, category: str, leaves: bool) -> None:
        visit = self.elsewhere.check_in(name=f"Visitor {person}", category=category,
                                        employee_id=f"{self.people}-{person}",
                                        second_visit_reason="at the other site")
        self.visits_there.append(visit.id)
        if leaves:
            self.elsewhere.cancel(visit.id, "front desk")

    def _pick(self, which: int, states: Collection[VisitState]) -> str:
        fitting = [v for v, state in self.states.items() if state in states]
        return fitting[which % len(fitting)] if fitting else ""

    def _step(self, act: Callable[[str], Visit], visit: str) -> None:
        if visit:
            self.states[visit] = act(visit).state

    def _technician(self, kind: str, visit_id: str, technician: str) -> Visit:
        s = self.service
        who = s.get(visit_id).technician or technician
        act: dict[str, Callable[[], Visit]] = {
            "call": lambda: s.call(visit_id, who, several=True),
            "start": lambda: s.start(visit_id, who),
            "resolve": lambda: s.resolve(visit_id, who, "fixed"),
            "escalate": lambda: s.escalate(visit_id, who, "Network L2"),
            "no_show": lambda: s.no_show(visit_id, who),
            "cancel": lambda: s.cancel(visit_id, "front desk"),
            "park": lambda: s.park(visit_id, who), "resume": lambda: s.resume(visit_id, who),
            "return": lambda: s.return_to_queue(visit_id, who)}
        return act[kind]()

    def _come_back(self, visit_id: str) -> None:
        """The person of a resolved visit checks in again exactly 7 days after it ended."""
        if not visit_id:
            return
        visit = self.service.get(visit_id)
        again = visit.ended_at + timedelta(days=7) if visit.ended_at else None
        if again is not None and again >= self.clock.now() and visit.requester.employee_id:
            self.clock.set(again)
            self._check_in(int(visit.requester.employee_id.rsplit("-", 1)[1]), visit.category,
                           "back again")


def floored(report: MetricsReport) -> MetricsReport:
    """The raw report with its percentiles read as the histograms read them."""
    def floor(value: timedelta | None) -> timedelta | None:
        return None if value is None else timedelta(seconds=bucket_floor(int(value.total_seconds())))

    def group(m: Metrics) -> Metrics:
        return replace(m, p90_wait=floor(m.p90_wait), p90_handling=floor(m.p90_handling))

    return replace(report, total=group(report.total),
                   by_category=tuple(map(group, report.by_category)),
                   by_hour=tuple(map(group, report.by_hour)),
                   by_technician=tuple(map(group, report.by_technician)))


def periods(metrics: MetricsService, service: VisitService, visits: list[str]) -> list[Period]:
    """The whole range, today, this week, the first and last day, the first two and last
    two days a visit ended, the spans between them, and each whole month (read from the
    month rows) alone and with the days after it."""
    offset = metrics.settings.utc_offset
    first = (START + offset).date() - timedelta(days=1)
    last = (metrics.clock.now() + offset).date()
    ended = sorted({(v.ended_at + offset).date() for v in map(service.get, visits)
                    if v.ended_at is not None})
    days = sorted({first, last, *ended[:2], *ended[-2:]})
    months = sorted({day.replace(day=1) for day in (first, last)})
    return [metrics.days(first, last), metrics.today(), metrics.this_week(),
            *(metrics.days(day, day) for day in days),
            *(metrics.days(a, b) for a, b in zip(days, days[1:], strict=False)),
            *(metrics.days(m, (m + timedelta(days=32)).replace(day=1) - timedelta(days=1))
              for m in months),
            metrics.days(months[0], last)]


def assert_same_reports(desk: Desk, settings: Settings, visits: list[str]) -> None:
    """Every period's report from the aggregates is the raw one (percentiles floored);
    without any visit ended at the site, there are no aggregates to ask."""
    metrics = MetricsService(desk.db, settings, desk.clock)
    service = desk.service if settings == desk.here else desk.elsewhere
    for period in periods(metrics, service, visits):
        expected = floored(metrics.report_from_visits(period))
        found = metrics.report_from_aggregates(period)
        if found is None and not any(service.get(v).ended_at for v in visits):
            continue
        assert found == expected, period.label


def stored_rows(db: Database, site: str) -> dict[StatsKey, Sums]:
    """The site's rows; each month row is the sum of its days' rows."""
    with UnitOfWork(db, readonly=True) as uow:
        rows = StatsRepository(uow.session, db.dialect).rows(site)
    months: dict[StatsKey, Sums] = {}
    for key, sums in rows.items():
        if key.span == DAY:
            months[key.month()] = months[key.month()] + sums if key.month() in months else sums
    assert {k: s for k, s in rows.items() if k.span == MONTH} == months
    return rows


@RUNS
@given(program=programs, here=st.sampled_from(OFFSETS), there=st.sampled_from(OFFSETS))
def test_reports_from_the_aggregates_equal_reports_from_the_visits(
        db: Database, settings: Settings, program: list[tuple[timedelta, tuple[object, ...]]],
        here: timedelta, there: timedelta) -> None:
    tag = uuid.uuid4().hex[:10]
    desk = Desk(db, replace(settings, site_id=f"a{tag}", utc_offset=here),
                replace(settings, site_id=f"b{tag}", utc_offset=there))
    for step, action in program:
        desk.play(step, action)
    whole = MetricsService(db, desk.here, desk.clock)
    total = whole.report_from_visits(whole.days(START.date() - timedelta(days=1),
                                                 desk.clock.now().date() + timedelta(days=1))).total
    event("ended visits: " + ("none" if not total.visits else "1-4" if total.visits < 5
                              else "5-9" if total.visits < 10 else "10 or more"))
    event("someone came back within 7 days" if total.first_visit_resolution not in (None, 1.0)
          else "nobody came back")
    for site, visits in ((desk.here, desk.visits), (desk.there, desk.visits_there)):
        assert_same_reports(desk, site, visits)
        kept = stored_rows(db, site.site_id)
        assert MetricsService(db, site, desk.clock).rebuild().ready
        assert stored_rows(db, site.site_id) == kept  # so the reports are the same too
