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


#: Control characters, and lone surrogates (which no database driver can encode).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_line(value: str, field_name: str, limit: int, *, required: bool = False) -> str:
    """One line of visitor text: normalised, trimmed, no control characters."""
    text = unicodedata.normalize("NFC", value or "").replace("\r", " ").replace("\n", " ")
    text = _CONTROL.sub("", text).strip()
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
    """Multi-line text (descriptions, notes): control characters removed, length checked."""
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).strip()
    if len(text) > limit:
        raise ValidationError(
            field_name,
            f"The {field_name.replace('_', ' ')} is {len(text):,} characters long; "
            f"at most {limit:,} are allowed.",
        )
    return text


def clean_email(value: str) -> str:
    text = clean_line(value, "email", MAX_EMAIL).lower()
    if text and not _EMAIL.match(text):
        raise ValidationError("email", f"'{text}' does not look like an email address.")
    return text
