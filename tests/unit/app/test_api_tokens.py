"""The API's tokens and idempotency keys, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.app.api_tokens import IN_PROGRESS, KeptAnswer, secret_hash
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from kiosk.errors import NotFound, ValidationError
from kiosk.store import UnitOfWork
from kiosk.store.tables import ApiTokenRow


def test_a_token_is_stored_as_a_hash_and_found_by_its_secret(core: Core) -> None:
    made = core.api_tokens.create("portal", "write")
    with UnitOfWork(core.api_tokens.db, readonly=True) as uow:
        row = uow.session.get(ApiTokenRow, made.token.id)
        assert row is not None
        assert row.secret_hash == secret_hash(made.secret) != made.secret
    found = core.api_tokens.authenticate(made.secret)
    assert found is not None
    assert (found.name, found.scope, found.actor) == ("portal", "write", "api:portal")
    assert found.may_write


@pytest.mark.parametrize("secret", ["", "tbk_", "tbk_wrong", "Bearer x", "tbk_" + "a" * 500])
def test_a_wrong_secret_finds_nothing(core: Core, secret: str) -> None:
    core.api_tokens.create("portal", "read")
    assert core.api_tokens.authenticate(secret) is None


def test_revoked_tokens_stop_at_once_and_stay_listed(core: Core, clock: ManualClock) -> None:
    made = core.api_tokens.create("dash", "read")
    clock.advance(timedelta(minutes=5))
    gone = core.api_tokens.revoke("dash")
    assert gone.revoked_at == clock.now()
    assert core.api_tokens.authenticate(made.secret) is None
    assert [t.name for t in core.api_tokens.list()] == ["dash"]
    with pytest.raises(ValidationError, match="already a token called dash"):
        core.api_tokens.create("dash", "read")
    with pytest.raises(NotFound, match="no token called ghost"):
        core.api_tokens.revoke("ghost")


def test_last_used_is_written_at_most_once_a_minute(core: Core, clock: ManualClock) -> None:
    made = core.api_tokens.create("dash", "read")
    core.api_tokens.authenticate(made.secret)
    first = clock.now()
    clock.advance(timedelta(seconds=30))
    core.api_tokens.authenticate(made.secret)
    assert core.api_tokens.list()[0].last_used_at == first
    clock.advance(timedelta(seconds=31))
    core.api_tokens.authenticate(made.secret)
    assert core.api_tokens.list()[0].last_used_at == clock.now()


@pytest.mark.parametrize(("name", "scope"), [("", "read"), ("a b", "read"), ("x" * 41, "read"),
                                              ("<i>", "write"), ("ok", "admin")])
def test_bad_names_and_scopes_are_refused(core: Core, name: str, scope: str) -> None:
    with pytest.raises(ValidationError):
        core.api_tokens.create(name, scope)
    assert core.api_tokens.list() == []


def test_an_idempotency_key_keeps_its_answer_for_the_same_request_only(core: Core) -> None:
    token = core.api_tokens.create("portal", "write").token
    tokens = core.api_tokens
    assert tokens.begin(token, "key-1", "a" * 64) is None
    assert tokens.begin(token, "key-1", "a" * 64) == KeptAnswer(IN_PROGRESS, "")
    tokens.finish(token, "key-1", 201, '{"ok":true}')
    assert tokens.begin(token, "key-1", "a" * 64) == KeptAnswer(201, '{"ok":true}')
    with pytest.raises(ValidationError, match="different request"):
        tokens.begin(token, "key-1", "b" * 64)
    other = core.api_tokens.create("other", "write").token
    assert tokens.begin(other, "key-1", "b" * 64) is None, "keys are per token"


def test_an_abandoned_key_may_be_used_again_and_answers_expire(core: Core,
                                                                clock: ManualClock) -> None:
    token = core.api_tokens.create("portal", "write").token
    tokens = core.api_tokens
    assert tokens.begin(token, "k", "a" * 64) is None
    tokens.abandon(token, "k")
    assert tokens.begin(token, "k", "b" * 64) is None
    tokens.finish(token, "k", 201, "{}")
    clock.advance(timedelta(days=1, seconds=1))
    assert tokens.begin(token, "k", "c" * 64) is None, "a day later the key is new again"


@pytest.mark.parametrize("key", ["", "a" * 256, "with space", "caf\u00e9", "tab\there"])
def test_malformed_idempotency_keys_are_refused(core: Core, key: str) -> None:
    token = core.api_tokens.create("portal", "write").token
    with pytest.raises(ValidationError, match="Idempotency-Key"):
        core.api_tokens.begin(token, key, "a" * 64)
