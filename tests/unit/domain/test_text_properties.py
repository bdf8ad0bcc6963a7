"""Properties of the text rules, for any text at all: what comes out can be stored and
shown, and cleaning it again changes nothing."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import settings as hypothesis_settings

from kiosk.domain.text import clean_email, clean_line, clean_text
from kiosk.errors import ValidationError
from tests.support.fuzz import hostile_text, huge_text, outcome

MANY = hypothesis_settings(max_examples=400, deadline=None)


def storable(text: str) -> None:
    """No surrogates (the driver would refuse it), NFC, no edges of white space."""
    text.encode("utf-8")  # raises on a lone surrogate
    assert unicodedata.is_normalized("NFC", text)
    assert text == text.strip()


@MANY
@given(hostile_text() | huge_text())
@example("Jose\x00\u0301")  # was stored decomposed: the control split e from its accent
@example("Ana\u2028Lee")  # was a second line in a one-line field
@example("Bo\x85Lee\x80")  # NEL and the other C1 controls were kept
@example("Ana\tLee")
def test_a_line_is_one_clean_line_or_refused(value: str) -> None:
    line = outcome(lambda: clean_line(value, "name", 120, required=True), ValidationError)
    if isinstance(line, ValidationError):
        assert line.problem.strip()
        return
    storable(line)
    assert len(line.splitlines()) == 1
    assert 0 < len(line) <= 120
    assert not [c for c in line if unicodedata.category(c) == "Cc"]
    assert "  " not in line
    assert clean_line(line, "name", 120, required=True) == line


@MANY
@given(hostile_text(max_size=80) | huge_text())
@example("Jose\x00\u0301\r\nsecond\u2028third\x0b")
def test_text_keeps_its_lines_and_nothing_else(value: str) -> None:
    text = outcome(lambda: clean_text(value, "description", 2000), ValidationError)
    if isinstance(text, ValidationError):
        assert "at most 2,000" in text.problem
        return
    storable(text)
    assert len(text) <= 2000
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]
    assert "\r" not in text
    assert clean_text(text, "description", 2000) == text


@MANY
@given(hostile_text())
@example("ANA@Example.COM")
def test_an_email_is_lower_case_and_stays_itself(value: str) -> None:
    email = outcome(lambda: clean_email(value), ValidationError)
    if isinstance(email, ValidationError):
        assert email.problem.strip()
        return
    storable(email)
    assert email == email.lower()
    assert email == "" or email.count("@") == 1
    assert clean_email(email) == email
