"""What a ticketing server sends back, whatever it is: rate-limit headers read as a wait
(or ignored), error bodies read as one printable line; never an exception."""

from __future__ import annotations

import json
import math
import random
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

import requests
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.sync.backoff import MAX_RETRY_AFTER_SECONDS, Backoff, parse_retry_after
from kiosk.sync.http import REASON_CHARS, parse_reset, server_message
from tests.support.fuzz import hostile_text

MANY = hypothesis_settings(max_examples=500, deadline=None)
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

moments = st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=14)),
                                                  timezone(-timedelta(hours=12))]))
numbers = st.integers(0, 10**30).map(str) | st.sampled_from(["²", "١٢", "৩", "9" * 400, "00"])
headers = st.one_of(
    hostile_text(), numbers,
    moments.map(lambda m: format_datetime(m, usegmt=m.tzinfo is UTC)),
    moments.map(lambda m: m.isoformat()), moments.map(lambda m: m.isoformat() + "Z"),
    st.sampled_from(["Wed, 31 Feb 2026 25:61:00 GMT", "Sun, 22 Nov 2026 09:01:00 +9900",
                     "Mon, 01 Jan 0001 00:00:00 +0100", "Fri, 31 Dec 9999 23:59:59 -0100"]))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["error", "message", "detail", "errors", "errorMessages", "errorMessage",
                         "error_human", "description"]) | hostile_text(max_size=5),
        inner, max_size=4),
    max_leaves=8)
bodies = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.binary(max_size=200), st.sampled_from([b"[" * 100_000, b'{"a":' * 50_000]))


def a_wait(seconds: float | None) -> None:
    assert seconds is None or (seconds >= 0 and not math.isnan(seconds))


@MANY
@given(headers)
@example("²")  # str.isdigit() but not a number float() reads: was a ValueError
def test_retry_after_is_a_wait_or_nothing(value: str) -> None:
    a_wait(parse_retry_after(value, NOW))


@MANY
@given(headers)
@example("²")
@example("99999999999999999999")  # a unix time past the year 9999: was an OverflowError
@example("1000000000000")  # the year 33658: was a ValueError
def test_a_rate_limit_reset_is_a_bounded_wait_or_nothing(value: str) -> None:
    seconds = parse_reset(value, NOW)
    a_wait(seconds)
    assert seconds is None or seconds <= MAX_RETRY_AFTER_SECONDS


@MANY
@given(st.integers(-5, 10**6), st.floats(0, 1, exclude_max=True),
       st.none() | st.floats(0, allow_infinity=True), st.floats(0.01, 3600),
       st.floats(0.1, 86400))
def test_a_backoff_is_positive_and_bounded(failures: int, jitter: float,
                                           retry_after: float | None, base: float,
                                           cap: float) -> None:
    chance = random.Random()
    chance.random = lambda: jitter  # type: ignore[method-assign]
    delay = Backoff(base, cap).delay(failures, chance, retry_after)
    assert 0 < delay <= max(cap, MAX_RETRY_AFTER_SECONDS)


def an_answer(status: int, body: bytes, content_type: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = content_type
    return response


@MANY
@given(st.sampled_from([400, 403, 404, 409, 422, 429, 500, 503]), bodies,
       st.sampled_from(["application/json", "text/html; charset=utf-8", "", "text/plain; "
                        "charset=latin-1"]))
@example(400, b"[" * 100_000, "application/json")  # nested too deep: was a RecursionError
@example(422, b'{"message": "\\ud800 in\\u0000 \\u2028 name"}', "application/json")
@example(400, b'{"message": "' + b"x" * 199 + b' y"}', "application/json")  # cut after a space
def test_an_error_body_becomes_one_printable_line(status: int, body: bytes,
                                                  content_type: str) -> None:
    message = server_message(an_answer(status, body, content_type))
    message.encode("utf-8")  # no lone surrogate: it is stored with the outbox row
    assert len(message) <= REASON_CHARS
    assert message == " ".join(message.split())
    assert len(message.splitlines()) <= 1
    assert not [c for c in message if unicodedata.category(c) == "Cc"]
