"""'Tell me when I'm close': choosing, the thresholds queued by every way people move, once each."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import text

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.domain.nearby import CALLED, Channel, reached
from kiosk.domain.priority import Priority
from kiosk.domain.visit import Visit
from kiosk.errors import NotFound, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.repositories.notifications import NotificationRepository
from tests.conftest import ON_POSTGRESQL

CHANNELS = NotifySettings(smtp_url="mailto://mail.example.com", sms_url="twilio://AC1:t@+15550000000",
                          slack_url="slack://xoxb-1-2-3")


@pytest.fixture
def notifying(db: Database, settings: Settings, clock: ManualClock) -> Core:
    return assemble(db, replace(settings, notify=CHANNELS), clock)


def queued(core: Core, visit_id: str) -> list[tuple[int | None, int]]:
    with UnitOfWork(core._database, readonly=True) as uow:
        return [(r.threshold, r.people_ahead) for r in uow.notifications.for_visit(visit_id)]


def line(core: Core, count: int) -> list[str]:
    return [core.visits.check_in(name=f"P{i}", category="laptop", email=f"p{i}@example.com").id
            for i in range(count)]


def test_reached_compares_each_subscriber_with_its_place() -> None:
    order = ["a", "b", "c", "d", "e"]
    assert reached({"d": 2, "e": 5, "x": 1}, order) == [("e", 5, 4)]
    assert reached({"c": 2, "b": None}, order) == [("c", 2, 2)]
    assert reached({}, order) == []


def test_a_threshold_is_queued_once_as_people_are_called(notifying: Core) -> None:
    ids = line(notifying, 5)
    notifying.notify.choose(ids[4], "email", ahead=2)
    assert queued(notifying, ids[4]) == [], "4 ahead: not yet"
    notifying.visits.call_next("Kim", several=True)
    assert queued(notifying, ids[4]) == []
    notifying.visits.call_next("Kim", several=True)
    assert queued(notifying, ids[4]) == [(2, 2)]
    notifying.visits.call_next("Kim", several=True)
    notifying.visits.call_next("Kim", several=True)
    assert queued(notifying, ids[4]) == [(2, 2)], "never twice for one threshold"
    called = notifying.visits.call_next("Kim", several=True)
    assert called.id == ids[4]
    notifying.visits.recall(ids[4], "Kim")
    assert queued(notifying, ids[4]) == [(2, 2), (CALLED, 0)]


@pytest.mark.parametrize("move", ["cancel", "no_show", "transfer", "reprioritise"])
def test_every_way_people_move_queues_the_threshold(notifying: Core, clock: ManualClock,
                                                     move: str) -> None:
    ids = line(notifying, 3)
    notifying.notify.choose(ids[2], "sms", "+44 7700 900123", ahead=1)
    if move == "cancel":
        notifying.visits.cancel(ids[0], "front desk")
    elif move == "no_show":
        notifying.visits.call(ids[0], "Kim")
        notifying.visits.no_show(ids[0], "Kim")
    elif move == "transfer":
        clock.advance(timedelta(minutes=1))  # a new category: the end of the line
        other = next(c.id for c in notifying.settings.categories if c.id != "laptop")
        notifying.visits.transfer(ids[0], "front desk", category=other)
    else:
        notifying.floor.reprioritise(ids[2], max(int(p) for p in Priority))
    assert [t for t, _ in queued(notifying, ids[2])] == [1]


def test_a_change_that_brings_nobody_closer_reads_no_subscribers(
        notifying: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting or ending a service, or a check-in at the end of the line, brings nobody
    closer: the subscribers are not read. A call, or a subscriber back in line, does."""
    ids = line(notifying, 3)
    notifying.notify.choose(ids[2], "email", ahead=1)
    notifying.notify.choose(ids[0], "email", ahead=1)
    reads: list[str] = []
    original = NotificationRepository.waiting_subscribers

    def counted(self: NotificationRepository, site: str) -> dict[str, int]:
        reads.append(site)
        return original(self, site)

    monkeypatch.setattr(NotificationRepository, "waiting_subscribers", counted)
    notifying.visits.check_in(name="Late", category="laptop", email="late@example.com")
    assert reads == []
    called = notifying.visits.call_next("Kim")
    assert len(reads) == 1, "a call takes someone out of the line"
    assert queued(notifying, ids[2]) == [(1, 1)]
    notifying.visits.start(called.id, "Kim")
    notifying.visits.resolve(called.id, "Kim", "fixed")
    assert len(reads) == 1
    again = notifying.visits.call_next("Kim")
    assert again.id == ids[1]
    notifying.visits.cancel(ids[2], "front desk")
    assert len(reads) == 3
    notifying.visits.return_to_queue(again.id, "Kim", "back in a minute")
    assert len(reads) == 3, "back in line without a subscription: nobody is closer"
    notifying.visits.call_next("Kim")
    notifying.notify.choose(again.id, "email", ahead=2)
    notifying.visits.return_to_queue(again.id, "Kim", "back in a minute")
    assert len(reads) == 6, "the call, the choice, and a subscriber back in line"


@pytest.mark.parametrize("end", ["resolve", "cancel", "no_show"])
def test_a_visit_that_ends_forgets_how_to_reach_its_visitor(notifying: Core, end: str) -> None:
    first, second = line(notifying, 2)
    notifying.notify.choose(first, "sms", "+44 7700 900123", ahead=1)
    notifying.notify.choose(second, "email", ahead=1)
    if end == "resolve":
        notifying.visits.call(first, "Kim")
        notifying.visits.start(first, "Kim")
        notifying.visits.resolve(first, "Kim", "fixed")
    elif end == "cancel":
        notifying.visits.cancel(first, "front desk")
    else:
        notifying.visits.call(first, "Kim")
        notifying.visits.no_show(first, "Kim")
    assert notifying.notify.choice(first) is None
    assert notifying.notify.choice(second) is not None, "only the ended visit's"
    with UnitOfWork(notifying._database, readonly=True) as uow:
        assert uow.notifications.waiting_subscribers(notifying.settings.site_id) == {second: 1}


def test_the_upgrade_to_0012_forgets_the_addresses_of_visits_already_ended(
        notifying: Core, db: Database) -> None:
    ended, waiting = line(notifying, 2)
    notifying.notify.choose(waiting, "email", ahead=1)
    command.downgrade(db.alembic_config(), "0011")
    with UnitOfWork(db) as uow:  # as revision 0011 left it: a subscription outlived its visit
        uow.notifications.subscribe(ended, "sms", "+44 7700 900123", 2, notifying.clock.now())
        visit = uow.visits.get(ended)
        assert visit is not None
        visit.state, visit.ended_at = "cancelled", notifying.clock.now()
        uow.commit()
    db.migrate()
    assert notifying.notify.choice(ended) is None
    assert notifying.notify.choice(waiting) is not None


@ON_POSTGRESQL
def test_a_choice_made_as_the_visit_ends_leaves_no_address_behind(
        notifying: Core, db: Database, clock: ManualClock) -> None:
    # The status page's choice reads the visit by its link; a cancel holding the visit's
    # row commits in between. Read without the lock, the visit looked waiting and the
    # address was stored after the end had forgotten the others.
    visit = notifying.visits.check_in(name="Ana", category="laptop", email="ana@example.com")
    outcome: list[object] = []
    with UnitOfWork(db) as uow:
        row = uow.visits.get(visit.id, for_update=True)
        assert row is not None
        chooser = threading.Thread(target=lambda: outcome.append(_choose(notifying, visit)))
        chooser.start()
        _until_a_session_waits_on_a_lock(db)  # it has read the visit's link
        row.state, row.ended_at = "cancelled", clock.now()
        uow.notifications.unsubscribe(visit.id)
        uow.commit()
    chooser.join(10)
    [refused] = outcome
    assert isinstance(refused, ValidationError), refused
    assert notifying.notify.choice(visit.id) is None


def _until_a_session_waits_on_a_lock(database: Database) -> None:
    waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                   "AND datname = current_database()")
    deadline = time.monotonic() + 10
    with database.engine.connect() as conn:
        while not conn.execute(waiting).scalar():
            assert time.monotonic() < deadline, "the choice never waited on a lock"
            time.sleep(0.02)
            conn.rollback()  # a fresh snapshot of pg_stat_activity


def _choose(core: Core, visit: Visit) -> object:
    try:
        return core.notify.choose_by_token(visit.status_token, "email", ahead=2)
    except ValidationError as exc:
        return exc


def test_choosing_within_the_threshold_queues_at_once(notifying: Core) -> None:
    ids = line(notifying, 2)
    notifying.notify.choose(ids[1], "email", ahead=3)
    assert queued(notifying, ids[1]) == [(3, 1)]


def test_the_directory_e_mail_is_the_default_and_slack_needs_one(notifying: Core) -> None:
    [visit_id] = line(notifying, 1)
    choice = notifying.notify.choose(visit_id, "email", ahead=None)
    assert (choice.channel, choice.address, choice.ahead) == (Channel.EMAIL, "p0@example.com", None)
    guest = notifying.visits.check_in(name="Guest", category="laptop")
    with pytest.raises(ValidationError, match="company e-mail"):
        notifying.notify.choose(guest.id, "slack")
    assert notifying.notify.choose(guest.id, "page").channel is Channel.PAGE
    assert notifying.notify.choice(guest.id) is None


@pytest.mark.parametrize(("channel", "address", "ahead", "problem"), [
    ("sms", "12345", 2, "country code"),
    ("sms", "+1 555 <b>1234</b>", 2, "country code"),
    ("sms", "+4" + "4" * 10_000, 2, "characters"),
    ("email", "not-an-email", 2, "e-mail|email"),
    ("email", "<script>@x", 2, "e-mail|email"),
    ("email", "a" * 10_000 + "@example.com", 2, "characters"),
    ("email", "", 4, "1, 2, 3 or 5"),
    ("email", "", "<b>2</b>", "1, 2, 3 or 5"),
    ("teams", "", 2, "not set up"),
    ("<i>fax</i>", "", 2, "Choose how"),
    ("x" * 10_000, "", 2, "characters"),
])
def test_bad_choices_are_one_clear_message(notifying: Core, channel: str, address: str,
                                           ahead: object, problem: str) -> None:
    [visit_id] = line(notifying, 1)
    with pytest.raises(ValidationError, match=problem):
        notifying.notify.choose(visit_id, channel, address, ahead)
    assert notifying.notify.choice(visit_id) is None


def test_a_bad_token_is_not_found(notifying: Core) -> None:
    for token in ("", "x" * 10_000, "<script>alert(1)</script>" * 2, "A" * 32):
        with pytest.raises(NotFound):
            notifying.notify.choose_by_token(token, "email", "a@example.com", 2)


def test_the_liaison_resends_the_link_by_the_chosen_channel(notifying: Core) -> None:
    visit = notifying.visits.check_in(name="Ada", category="laptop", email="ada@example.com")
    with pytest.raises(ValidationError, match="page only"):
        notifying.notify.resend_link(visit.id)
    notifying.notify.choose_by_token(visit.status_token, "email", ahead="")
    url = notifying.notify.resend_link(visit.id)
    notifying.notify.resend_link(visit.id)
    assert url == notifying.notify.link(visit.id) == notifying.status.link(visit.status_token)
    assert queued(notifying, visit.id) == [(None, 0), (None, 0)], "a link may be sent again"
