"""Whatever the ticketing system answers, the worker records an outcome it can store (on
SQLite and PostgreSQL) and never loses or changes the outcome of another visit."""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings, WebhookSettings
from kiosk.domain.tickets import MAX_TICKET_ID, MAX_TICKET_URL
from kiosk.store import Database, UnitOfWork
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.delivery import Delivery
from kiosk.sync.worker import SyncWorker
from tests.support.canned_answers import Answer, CannedAnswers
from tests.support.fuzz import hostile_text

FUZZ = hypothesis_settings(max_examples=100, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])
URL = "http://tickets.test/hook"

ids = st.one_of(hostile_text(max_size=20), st.integers(), st.sampled_from(
    ["T-12", "x" * 129, "a\x00b", "\ud800", "", None]))
links = st.one_of(hostile_text(max_size=20), st.sampled_from(
    ["https://tickets.test/12", "https://t.test/\x00", "https://\ud800.test/1",
     "https://t.test/" + "x" * 600, "javascript:alert(1)", None]))
documents = st.fixed_dictionaries({}, optional={"ticket_id": ids, "ticket_url": links,
                                                "id": ids, "url": links})
answers = st.builds(
    Answer,
    documents.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    | st.binary(max_size=40),
    st.sampled_from(["application/json", "text/plain", ""]),
    st.sampled_from([200, 201, 204, 400, 409, 422, 429, 500, 503]),
    st.lists(st.tuples(st.just("Retry-After"), st.sampled_from(["5", "²", "-1", "soon"])),
             max_size=1).map(tuple))


class CannedWebhook(WebhookAdapter):
    """The webhook adapter answered by ``answer`` on whichever thread delivers (the
    worker sends on its own threads, each with its own session)."""

    def __init__(self, settings: WebhookSettings, answer: Answer, *, clock: ManualClock) -> None:
        super().__init__(settings, clock=clock)
        self.canned = CannedAnswers([answer])

    @property
    def answered(self) -> int:
        return self.canned.sent

    def send(self, payload: dict[str, Any]) -> Delivery:
        self.canned.mount_on(self._http.session())
        return super().send(payload)


def storable(text: str) -> None:
    text.encode("utf-8")  # a lone surrogate fails here, as in SQLite's driver
    assert not [c for c in text if unicodedata.category(c) == "Cc"], "PostgreSQL refuses NUL"


def outcomes(db: Database) -> dict[str, tuple[str, int]]:
    with UnitOfWork(db, readonly=True) as uow:
        rows = uow.outbox.retrying(10_000) + uow.outbox.failed(10_000) + \
            uow.outbox.recently_sent(10_000)
        return {row.visit_id: (row.status, row.attempts) for row in rows}


@FUZZ
@given(answer=answers)
@example(Answer(b'{"ticket_id": "\\ud800", "ticket_url": "https://t.test/\\ud800"}'))
@example(Answer(b'{"ticket_id": "a\\u0000b"}'))  # PostgreSQL refuses NUL in text
@example(Answer(b'{"ticket_id": "' + b"x" * 128 + b'", "ticket_url": "https://t.test/'
                + b"x" * 600 + b'"}'))  # longer than the column
@example(Answer(b'{"message": "\\ud800 no"}', status=422))  # the reason is stored too
def test_every_answer_ends_in_an_outcome_the_store_keeps(
        db: Database, service: VisitService, settings: Settings, clock: ManualClock,
        answer: Answer) -> None:
    """The clock stands still: only this example's visit is due."""
    configured = replace(settings, backend="webhook",
                         webhook=WebhookSettings(url=URL, secret="s", max_attempts=3))
    visit = service.check_in(name="Zoë Ng", category="laptop")
    service.call(visit.id, "ana")
    service.start(visit.id, "ana")
    service.resolve(visit.id, "ana", "fixed")
    before = outcomes(db)
    adapter = CannedWebhook(configured.webhook, answer, clock=clock)
    try:
        report = SyncWorker(db, adapter, configured, clock, rng=random.Random(3)).drain()
    finally:
        adapter.close()
    assert report.claimed == 1
    assert adapter.answered == 1, "the canned answer was not the one the worker got"
    after = outcomes(db)
    status, attempts = after.pop(visit.id)
    event(status)
    assert (status, attempts) in (("sent", 1), ("pending", 1), ("failed", 1))
    assert after == before, "another visit's outcome changed"
    with UnitOfWork(db, readonly=True) as uow:
        row = uow.outbox.get(visit.id)
        assert row is not None
        for text in (row.external_id, row.external_url, row.last_error):
            storable(text)
        assert len(row.external_id) <= MAX_TICKET_ID
        assert len(row.external_url) <= MAX_TICKET_URL
        assert row.external_url == "" or row.external_url.startswith(("http://", "https://"))
