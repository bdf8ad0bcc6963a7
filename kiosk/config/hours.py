"""``[web] opening_hours``: when the Tech Bar is open, in the site's local time.

Either one range for Monday to Friday (``opening_hours = "08:00-17:00"``, the default)
or a table by weekday (``opening_hours = { mon = "08:00-17:00", sat = "09:00-12:00" }``),
where a day left out, or written ``"closed"``, is closed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.errors import ConfigError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_HOURS = "08:00-17:00"
_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)$")
_PROBLEM = ('must be a range like "08:00-17:00" (opening before closing, 24-hour clock) '
            'or "closed"')
_TABLE_PROBLEM = ('must be a range like "08:00-17:00" for Monday to Friday, or a table of '
                  'weekdays (mon, tue, wed, thu, fri, sat, sun) with ranges')

#: Minutes since midnight: opening, closing (closing after opening, at most 24:00).
Span = tuple[int, int]


@dataclass(frozen=True)
class OpeningHours:
    """Each weekday's opening span (Monday first), ``None`` when closed all day."""

    days: tuple[Span | None, ...] = ((480, 1020),) * 5 + (None, None)

    def on(self, local: datetime) -> Span | None:
        """The span of ``local``'s weekday (``local`` in the site's time)."""
        return self.days[local.weekday()]

    def is_open(self, local: datetime) -> bool:
        span = self.on(local)
        minute = local.hour * 60 + local.minute
        return span is not None and span[0] <= minute < span[1]


def clock_text(minutes: int) -> str:
    """``minutes`` since midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_hours(raw: Any, source: str) -> OpeningHours:
    """``[web] opening_hours`` as :class:`OpeningHours`.

    Raises:
        ConfigError: not a range or a table of weekdays, an unknown day, or a range that
            is malformed or closes before it opens (one line naming the key).
    """
    key = "web.opening_hours"
    if isinstance(raw, str):
        span = _span(raw, source, key)
        return OpeningHours((span,) * 5 + (None, None))
    if not isinstance(raw, Mapping) or not raw or any(day not in DAYS for day in raw):
        raise ConfigError(source, key, _TABLE_PROBLEM)
    return OpeningHours(tuple(_span(raw[day], source, f"{key}.{day}") if day in raw else None
                              for day in DAYS))


def _span(raw: Any, source: str, key: str) -> Span | None:
    if not isinstance(raw, str):
        raise ConfigError(source, key, _PROBLEM)
    text = raw.strip()
    if text.lower() == "closed":
        return None
    match = _RANGE.match(text)
    if match is None:
        raise ConfigError(source, key, _PROBLEM)
    start = int(match.group(1)) * 60 + int(match.group(2))
    end = int(match.group(3)) * 60 + int(match.group(4))
    if end <= start or end > 24 * 60:
        raise ConfigError(source, key, _PROBLEM)
    return start, end
