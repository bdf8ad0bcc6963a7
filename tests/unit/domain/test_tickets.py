"""Ticket numbers as visitors type them, read back the way the core writes them."""

from __future__ import annotations

import pytest

from kiosk.domain.tickets import format_ticket, is_ticket_number, normalise_ticket, safe_ticket_url


@pytest.mark.parametrize("typed", ["l42", "L42", "L-042", " l 042 ", "l - 42", "L-0042"])
def test_what_visitors_type_becomes_the_ticket_number(typed: str) -> None:
    assert is_ticket_number(typed)
    assert normalise_ticket(typed) == "L-042" == format_ticket("L", 42)


def test_longer_prefixes_and_numbers_follow_format_ticket() -> None:
    assert normalise_ticket("ab1234") == format_ticket("AB", 1234) == "AB-1234"
    assert normalise_ticket("abc-7") == format_ticket("ABC", 7)


@pytest.mark.parametrize("text", ["", "   ", "42", "L-", "DEADBEEF", "04A1B2C3", "ABCD-001",
                                  "L-12345", "L-4x", "ana@example.com"])
def test_anything_else_is_not_a_ticket_number_and_comes_back_stripped(text: str) -> None:
    assert not is_ticket_number(text)
    assert normalise_ticket(f"  {text} ") == text.strip()


@pytest.mark.parametrize(("url", "kept"), [
    ("https://rt.example.com/Ticket/Display.html?id=7", True),
    ("http://10.0.0.5:8080/t/7", True),
    ("file:///etc/passwd", False),
    ("javascript:alert(1)", False),
    ("https:///no-host", False),
    ("ftp://files.example.com/t", False),
    ("https://example.com/a b", False),
    ("https://example.com/\nx", False),
    ("", False),
])
def test_only_http_ticket_links_with_a_host_are_kept(url: str, kept: bool) -> None:
    assert safe_ticket_url(url) == (url if kept else "")
