"""Joining from one's desk: one-time codes, limits, the pause switch, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from kiosk.app.directory import Person
from kiosk.app.remote_join import (
    AlreadyJoined,
    CodeRefused,
    JoinRefused,
    JoinState,
    MailNotSent,
    RemoteJoinService,
)
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import UnitOfWork
from kiosk.store.tables import JoinCodeRow

ADA = Person("E100", "Ada Lovelace", "ada@example.com")
BOB = Person("E200", "Bob <b>Builder</b>", "bob@example.com")


class Outbox:
    """A hand-written mailer: keeps (address, subject, body); fails when told to."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.fail = False

    def __call__(self, address: str, subject: str, body: str) -> None:
        if self.fail:
            raise MailNotSent("the mail server could not be reached")
        self.sent.append((address, subject, body))

    def last_code(self) -> str:
        return self.sent[-1][1].rsplit(" ", 1)[-1]


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


def _service(core: Core, outbox: Outbox | None, **web: Any) -> RemoteJoinService:
    settings: Settings = replace(core.settings, web=replace(core.settings.web, remote_join=True,
                                                            **web))
    return RemoteJoinService(core.visits.db, settings, core.clock, core.visits, outbox)


@pytest.fixture
def joining(core: Core, outbox: Outbox) -> RemoteJoinService:
    core.directory.import_people([ADA, BOB])
    return _service(core, outbox)


def test_the_code_goes_to_the_directory_address_and_checks_in_a_remote_visit(
        joining: RemoteJoinService, outbox: Outbox, core: Core) -> None:
    pending = joining.request_code(" ADA@Example.com ", "laptop", "Screen <i>flickers</i>",
                                   "de", "10.0.0.1")
    assert outbox.sent[0][0] == "ada@example.com"
    code = outbox.last_code()
    assert len(code) == 6
    assert code.isdigit()
    assert code in outbox.sent[0][2]
    assert "10 Minuten" in outbox.sent[0][2]
    with UnitOfWork(core.visits.db, readonly=True) as uow:
        row = uow.session.get(JoinCodeRow, pending.id)
        assert row is not None
        assert code not in row.code_hash
        assert "10.0.0.1" not in row.client
    joined = joining.confirm(pending.id, code, "10.0.0.9")
    visit = core.visits.get(joined.visit.id)
    assert visit.remote
    assert visit.requester.name == "Ada Lovelace"
    assert visit.description == "Screen <i>flickers</i>"
    assert visit.language == "de"
    assert joined.status_token
    assert core.status.visit_status(joined.status_token).ticket_number \
        == visit.ticket_number
    assert [e.actor for e in visit.events] == ["web"]


def test_a_code_is_single_use(joining: RemoteJoinService, outbox: Outbox) -> None:
    pending = joining.request_code("ada@example.com", "laptop", "", "en", "c")
    joining.confirm(pending.id, outbox.last_code(), "c")
    with pytest.raises(CodeRefused) as refused:
        joining.confirm(pending.id, outbox.last_code(), "c")
    assert refused.value.reason == "used"


def test_a_code_expires_after_ten_minutes(joining: RemoteJoinService, outbox: Outbox,
                                          clock: ManualClock) -> None:
    pending = joining.request_code("ada@example.com", "laptop", "", "en", "c")
    clock.advance(timedelta(minutes=10))
    with pytest.raises(CodeRefused) as refused:
        joining.confirm(pending.id, outbox.last_code(), "c")
    assert refused.value.reason == "expired"


def test_five_wrong_codes_void_it_even_for_the_right_one(
        joining: RemoteJoinService, outbox: Outbox) -> None:
    pending = joining.request_code("ada@example.com", "laptop", "", "en", "c")
    right = outbox.last_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    lefts = []
    for _ in range(5):
        with pytest.raises(CodeRefused) as refused:
            joining.confirm(pending.id, wrong, "c")
        lefts.append((refused.value.reason, refused.value.left))
    assert lefts == [("wrong", 4), ("wrong", 3), ("wrong", 2), ("wrong", 1), ("void", 0)]
    with pytest.raises(CodeRefused) as refused:
        joining.confirm(pending.id, right, "c")
    assert refused.value.reason == "void"


def test_someone_elses_address_sends_them_the_code_and_not_a_visit(
        joining: RemoteJoinService, outbox: Outbox, core: Core) -> None:
    """Bob types Ada's address: Ada gets the code; Bob, without it, cannot join as her."""
    pending = joining.request_code("ada@example.com", "laptop", "", "en", "bob-pc")
    assert [to for to, _, _ in outbox.sent] == ["ada@example.com"]
    for guess in ("000000", "123456", "999999", "111111", "654321"):
        if guess == outbox.last_code():
            continue
        with pytest.raises(CodeRefused):
            joining.confirm(pending.id, guess, "bob-pc")
    with pytest.raises(CodeRefused):
        joining.confirm("0" * 32, outbox.last_code(), "bob-pc")  # another request's id
    assert core.visits.active_visits() == []


def test_three_codes_an_hour_per_address_and_ten_per_client(
        joining: RemoteJoinService, core: Core, clock: ManualClock) -> None:
    for _ in range(3):
        joining.request_code("ada@example.com", "laptop", "", "en", "a")
    with pytest.raises(JoinRefused, match="too_many"):
        joining.request_code("ada@example.com", "laptop", "", "en", "another-client")
    clock.advance(timedelta(minutes=61))
    joining.request_code("ada@example.com", "laptop", "", "en", "a")
    core.directory.import_people([Person(f"F{n}", f"P {n}", f"f{n}@example.com")
                                  for n in range(11)])
    for n in range(10):
        joining.request_code(f"f{n}@example.com", "laptop", "", "en", "b")
    with pytest.raises(JoinRefused, match="too_many"):
        joining.request_code("f10@example.com", "laptop", "", "en", "b")
    joining.request_code("f10@example.com", "laptop", "", "en", "c")


def test_wrong_codes_per_client_are_limited_across_requests(
        core: Core, outbox: Outbox) -> None:
    people = [Person(f"E{n}", f"P {n}", f"p{n}@example.com") for n in range(4)]
    core.directory.import_people(people)
    joining = _service(core, outbox)
    pendings = [joining.request_code(p.email, "laptop", "", "en", "mallory") for p in people]
    for pending in pendings[:3]:
        for _ in range(5):
            with pytest.raises(CodeRefused):
                joining.confirm(pending.id, "abcdef", "mallory")
    with pytest.raises(CodeRefused) as refused:
        joining.confirm(pendings[3].id, outbox.sent[3][1].rsplit(" ", 1)[-1], "mallory")
    assert refused.value.reason == "too_many"


def test_an_address_not_in_the_directory_is_refused_and_nothing_is_sent(
        joining: RemoteJoinService, outbox: Outbox) -> None:
    for address in ("eve@example.com", "<script>@x", "", "E100"):
        with pytest.raises(JoinRefused, match="unknown"):
            joining.request_code(address, "laptop", "", "en", "c")
    assert outbox.sent == []


def test_bad_details_are_refused_before_any_code(joining: RemoteJoinService,
                                                 outbox: Outbox) -> None:
    with pytest.raises(ValidationError):
        joining.request_code("ada@example.com", "<b>laptop</b>", "", "en", "c")
    with pytest.raises(ValidationError):
        joining.request_code("ada@example.com", "laptop", "x" * 2001, "en", "c")
    assert outbox.sent == []


def test_one_visit_per_person_across_kiosk_and_web(joining: RemoteJoinService, outbox: Outbox,
                                                   core: Core) -> None:
    at_kiosk = core.visits.check_in(name="Ada Lovelace", email="ada@example.com",
                                    employee_id="E100", category="mobile")
    pending = joining.request_code("ada@example.com", "laptop", "", "en", "c")
    with pytest.raises(AlreadyJoined) as already:
        joining.confirm(pending.id, outbox.last_code(), "c")
    assert already.value.ticket_number == at_kiosk.ticket_number
    assert already.value.status_token == at_kiosk.status_token
    with pytest.raises(CodeRefused, match="used"):
        joining.confirm(pending.id, outbox.last_code(), "c")


def test_off_without_smtp_paused_and_full(core: Core, outbox: Outbox) -> None:
    core.directory.import_people([ADA, BOB])
    assert RemoteJoinService(core.visits.db, core.settings, core.clock, core.visits,
                             outbox).state() is JoinState.OFF
    no_mail = _service(core, None)
    assert no_mail.state() is JoinState.NO_MAIL
    with pytest.raises(JoinRefused, match="no_mail"):
        no_mail.request_code("ada@example.com", "laptop", "", "en", "c")
    capped = _service(core, outbox, remote_max_waiting=1)
    pending = capped.request_code("bob@example.com", "laptop", "", "en", "c")
    capped.set_paused(True, "Liaison")
    assert capped.paused()
    assert capped.state() is JoinState.PAUSED
    with pytest.raises(JoinRefused, match="paused"):
        capped.confirm(pending.id, outbox.last_code(), "c")
    capped.set_paused(False, "Liaison")
    capped.confirm(pending.id, outbox.last_code(), "c")  # not used up by the refusal
    assert capped.state() is JoinState.FULL
    with pytest.raises(JoinRefused, match="full"):
        capped.request_code("ada@example.com", "laptop", "", "en", "c")


def test_a_code_the_mail_server_refused_is_void(joining: RemoteJoinService,
                                                outbox: Outbox) -> None:
    outbox.fail = True
    with pytest.raises(JoinRefused, match="not_sent"):
        joining.request_code("ada@example.com", "laptop", "", "en", "c")
