"""'Tell me when I'm close': when a waiting visitor is told, how, and the checks of what they type.

A visitor chooses a threshold (told once when at most 1, 2, 3 or 5 people are ahead of
them; or none) and is always told when called. Each (visit, threshold) is told at most
once: :data:`CALLED` stands for the call, and the liaison's re-sends of the status link
have no threshold at all (any number of them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.text import MAX_EMAIL, clean_email, clean_line
from kiosk.errors import ValidationError

#: The thresholds a visitor may choose: told once when at most this many are ahead.
THRESHOLDS = (1, 2, 3, 5)
#: The threshold of "you are called" (told once, whatever else was chosen).
CALLED = -1
MAX_PHONE = 32
_PHONE_FORMATTING = re.compile(r"[\s().\-/]")
#: E.164: a plus, a country code not starting with 0, 8 to 15 digits in all.
_E164 = re.compile(r"\+[1-9][0-9]{7,14}")


class Channel(StrEnum):
    """How a visitor is told; ``PAGE`` is "only on the open status page" (nothing is sent)."""

    EMAIL = "email"
    SMS = "sms"
    SLACK = "slack"
    TEAMS = "teams"
    PAGE = "page"


@dataclass(frozen=True)
class Choice:
    """What a visitor asked for: a channel, its address, and a threshold (None: only the call)."""

    channel: Channel
    address: str
    ahead: int | None


def due_thresholds(ahead: int | None, people_ahead: int) -> list[int]:
    """The thresholds a waiting visitor with ``people_ahead`` before them has reached."""
    if ahead is None or people_ahead < 0:
        return []
    return [ahead] if people_ahead <= ahead else []


def reached(subscribers: Mapping[str, int | None], line: Iterable[str]) -> list[tuple[str, int, int]]:
    """(visit id, threshold, people ahead) for every subscriber of ``line`` within its threshold.

    Args:
        subscribers: visit id to chosen threshold (None: only when called).
        line: the waiting visits' ids in the line's order.
    """
    found: list[tuple[str, int, int]] = []
    for index, visit_id in enumerate(line):
        if visit_id in subscribers:
            found.extend((visit_id, t, index) for t in due_thresholds(subscribers[visit_id], index))
    return found


def clean_threshold(value: object) -> int | None:
    """A threshold from a form or a widget: 1, 2, 3, 5, or None ("" or "called": only the call).

    Raises:
        ValidationError: anything else.
    """
    if value is None or value in ("", "called", "none"):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else -99
    except ValueError:
        number = -99
    if number not in THRESHOLDS:
        raise ValidationError("ahead", "Choose 1, 2, 3 or 5 people ahead, or only when called.")
    return number


def clean_channel(value: str, available: Iterable[Channel]) -> Channel:
    """One of the channels this site offers (the page is always offered).

    Raises:
        ValidationError: unknown, or not set up at this site.
    """
    try:
        channel = Channel(clean_line(value, "channel", 16))
    except ValueError:
        raise ValidationError("channel", "Choose how to be told: e-mail, text message, "
                                         "Slack, Teams or this page.") from None
    if channel is not Channel.PAGE and channel not in set(available):
        raise ValidationError("channel", f"{_NAMES[channel]} messages are not set up here.")
    return channel


def clean_phone(value: str) -> str:
    """A mobile number in international form (+ and country code), spaces and dashes allowed.

    Raises:
        ValidationError: empty, too long, or not a number like +44 7700 900123.
    """
    text = clean_line(value, "phone", MAX_PHONE * 4)
    digits = _PHONE_FORMATTING.sub("", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not _E164.fullmatch(digits):
        raise ValidationError("phone", "Type your mobile number with its country code, "
                                       "like +44 7700 900123.")
    return digits


def clean_address(channel: Channel, typed: str, directory_email: str) -> str:
    """The address to tell ``channel`` at: a checked phone number for SMS, an e-mail for
    the others (what was typed, else the directory's); "" for the page.

    Raises:
        ValidationError: a bad number or e-mail, or no e-mail for Slack or Teams.
    """
    if channel is Channel.PAGE:
        return ""
    if channel is Channel.SMS:
        return clean_phone(typed)
    if len(typed or "") > MAX_EMAIL * 4:
        raise ValidationError("email", f"An e-mail address has at most {MAX_EMAIL} characters.")
    email = clean_email(typed) or clean_email(directory_email)
    if not email:
        raise ValidationError("email", f"{_NAMES[channel]} messages need your company "
                                       "e-mail address.")
    return email


_NAMES = {Channel.EMAIL: "E-mail", Channel.SMS: "Text", Channel.SLACK: "Slack",
          Channel.TEAMS: "Teams", Channel.PAGE: "Page"}
