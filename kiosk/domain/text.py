"""Input rules for text people type: limits, normalising, control characters, e-mail."""

from __future__ import annotations

import re
import unicodedata

from kiosk.errors import ValidationError

MAX_NAME = 120
MAX_EMAIL = 254
MAX_EMPLOYEE_ID = 64
MAX_DESCRIPTION = 2000
MAX_NOTES = 20000
MAX_RESOLUTION_CODE = 64
MAX_DEVICE = 120
MAX_ASSET_TAG = 64
LANGUAGES = ("en", "es", "de")


#: Control characters (C0 but tab and line feed, DEL, C1), and lone surrogates (which no
#: database driver can encode).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: Everything ``str.splitlines`` breaks a line at.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_line(value: str, field_name: str, limit: int, *, required: bool = False) -> str:
    """One line of visitor text: normalised, trimmed, no control characters.

    Line breaks of any kind and tabs become spaces. Control characters go before
    normalising, so a letter and its accent split by one still compose.
    """
    text = _CONTROL.sub("", _LINE_BREAK.sub(" ", value or "").replace("\t", " "))
    text = unicodedata.normalize("NFC", text).strip()
    text = re.sub(r"\s{2,}", " ", text)
    if required and not text:
        raise ValidationError(field_name, f"Please enter your {field_name.replace('_', ' ')}.")
    if len(text) > limit:
        raise ValidationError(
            field_name,
            f"The {field_name.replace('_', ' ')} is {len(text)} characters long; "
            f"at most {limit} are allowed.",
        )
    return text


def clean_text(value: str, field_name: str, limit: int) -> str:
    """Multi-line text (descriptions, notes): any line break becomes ``\\n``, control
    characters are removed (before normalising), the length is checked."""
    text = _CONTROL.sub("", _LINE_BREAK.sub("\n", value or ""))
    text = unicodedata.normalize("NFC", text).strip()
    if len(text) > limit:
        raise ValidationError(
            field_name,
            f"The {field_name.replace('_', ' ')} is {len(text):,} characters long; "
            f"at most {limit:,} are allowed.",
        )
    return text


def printable_line(value: str, limit: int) -> str:
    """Text from elsewhere (a ticketing server's answer) as one line that can be stored and
    shown: control characters and lone surrogates become spaces, runs of white space one
    space, cut to ``limit`` characters. Never refuses."""
    return " ".join(_CONTROL.sub(" ", _LINE_BREAK.sub(" ", str(value))).split())[:limit].rstrip()


def clean_email(value: str) -> str:
    text = clean_line(value, "email", MAX_EMAIL).lower()
    if text and not _EMAIL.match(text):
        raise ValidationError("email", f"'{text}' does not look like an email address.")
    return text
