"""A hostile ticketing server: every delivery ends within its deadline and its memory cap.

Each mode of :class:`HostileServer` answers in a way that used to hold a worker far past
its timeout (a trickled header or body), grow it without bound (an endless body, a 200 MB
body, a gzip bomb, endless headers) or send it elsewhere (a redirect). The delivery must
fail with a clear reason, in at most the timeout plus a little, using a few MB.
"""

from __future__ import annotations

import time
import tracemalloc
import uuid

import pytest

from kiosk.config import WebhookSettings
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.deadline import MAX_ANSWER_BYTES
from kiosk.sync.delivery import DeliveryError, PermanentError, TransientError
from tests.support.hostile_server import MODES, HostileServer

TIMEOUT = 2.0
#: What "within the deadline" allows beyond the timeout: the timer's wake-up, the close.
SLACK = 1.0
#: The memory a delivery may hold at its peak: the answer cap and its decoding buffers.
MEMORY_CAP = 3 * MAX_ANSWER_BYTES
EXPECTED: dict[str, tuple[type[DeliveryError], str]] = {
    "trickle-headers": (TransientError, "within 2 s (timeout)"),
    "trickle-body": (TransientError, "within 2 s (timeout)"),
    "endless": (TransientError, "larger than 4 MiB"),
    "gzip-bomb": (TransientError, "larger than 4 MiB"),
    "huge": (TransientError, "larger than 4 MiB"),
    "huge-headers": (TransientError, ""),
    "redirect": (PermanentError, "redirected to http://attacker.invalid/x"),
}


@pytest.mark.parametrize("mode", MODES)
def test_a_hostile_answer_ends_in_time_and_in_memory(mode: str) -> None:
    expected_error, reason = EXPECTED[mode]
    with HostileServer(mode) as server:
        adapter = WebhookAdapter(WebhookSettings(url=server.url + "/tickets", secret="s",
                                                 timeout_seconds=TIMEOUT))
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(DeliveryError) as caught:
                adapter.send({"visit_id": str(uuid.uuid4()), "ticket_number": "L-001"})
            took = time.monotonic() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            adapter.close()
    assert isinstance(caught.value, expected_error), caught.value
    assert reason in caught.value.reason
    assert took < TIMEOUT + SLACK, f"{mode}: the delivery took {took:.1f} s"
    assert peak < MEMORY_CAP, f"{mode}: the delivery held {peak / 2**20:.1f} MiB"
    print(f"{mode}: ended in {took:.2f} s holding at most {peak / 2**20:.2f} MiB")  # noqa: T201


def test_retry_after_from_a_server_is_capped_at_an_hour() -> None:
    from kiosk.sync.backoff import MAX_RETRY_AFTER_SECONDS

    assert MAX_RETRY_AFTER_SECONDS == 3600
