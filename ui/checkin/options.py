"""How the kiosk behaves (timings, languages, status link), read from ``settings.kiosk``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from kiosk.domain.tickets import status_url as fill_status_url
from kiosk.domain.visit import Visit
from ui.checkin.idle import MIN_COUNTDOWN_SECONDS


class Page(IntEnum):
    """The kiosk's pages, in the order of the view's page stack."""

    WELCOME = 0
    CATEGORY = 1
    DETAILS = 2
    CONFIRMATION = 3
    NOTICE = 4
    APPOINTMENT = 5
    FEEDBACK = 6
    RATE = 7
    THANKS = 8


@dataclass(frozen=True)
class KioskOptions:
    """How the kiosk behaves; :meth:`from_settings` reads ``settings.kiosk`` when present.

    Attributes:
        second_ms: how long a "second" of the idle countdown lasts (tests shorten it).
        scan_gap_ms: the longest pause between two keys of a badge or QR scan.
    """

    idle_seconds: float = 45
    countdown_seconds: int = MIN_COUNTDOWN_SECONDS
    confirmation_seconds: float = 10
    languages: tuple[str, ...] = ("en", "es", "de")
    default_language: str = "en"
    status_url_template: str = ""
    touch_keyboard: str = "auto"
    second_ms: int = 1000
    scan_gap_ms: float = 50

    @classmethod
    def from_settings(cls, settings: object, **overrides: Any) -> KioskOptions:
        kiosk = getattr(settings, "kiosk", None)
        values: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if kiosk is not None and hasattr(kiosk, name):
                values[name] = getattr(kiosk, name)
        link = getattr(settings, "status_link_template", None)
        if isinstance(link, str):  # the site's own page, else the web service's
            values["status_url_template"] = link
        values.update(overrides)
        if "languages" in values:
            values["languages"] = tuple(values["languages"])
        return cls(**values)


def status_url(template: str, visit: Visit) -> str:
    """The template with ``{visit_id}``, ``{ticket_number}`` and ``{status_token}`` filled in
    ("" when empty, or when it needs a token the visit does not carry)."""
    if not template.strip():
        return ""
    return fill_status_url(template, visit.id, visit.ticket_number,
                           getattr(visit, "status_token", ""))
