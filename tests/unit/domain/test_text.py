"""Text people type: one line or many, trimmed, without control characters or surrogates."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.app.visits import VisitService
from kiosk.domain.text import clean_line, clean_text
from kiosk.domain.visit import Requester


@pytest.mark.parametrize("clean", [lambda t: clean_line(t, "name", 120),
                                   lambda t: clean_text(t, "description", 2000)])
def test_lone_surrogates_are_dropped_like_control_characters(clean: Callable[[str], str]
                                                             ) -> None:
    cleaned = clean("Zo\ud800\udfffë\x00 Ng")
    assert cleaned == "Zoë Ng"
    assert cleaned.encode("utf-8") == "Zoë Ng".encode()


def test_a_name_with_a_surrogate_can_be_stored(service: VisitService) -> None:
    visit = service.check_in(name="Ana\udc80", category="laptop", description="d\ud83d")
    assert visit.requester == Requester("Ana")
    assert service.get(visit.id).description == "d"
