"""Incident notices ("Wi-Fi is down in building B, we are on it") for the kiosk and board."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.text import clean_line, clean_text
from kiosk.errors import NotFound, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import NoticeRow

SEVERITIES = ("info", "warning", "critical")
MAX_TITLE = 120
MAX_MESSAGE = 1000


@dataclass(frozen=True)
class NoticeText:
    """A notice's title and message in one language (either may be empty: the default's
    is shown instead)."""

    title: str
    message: str = ""


@dataclass(frozen=True)
class Notice:
    """A notice; ``title`` and ``message`` are in the kiosk's default language, and
    ``translations`` holds ``(language, text)`` pairs for others, by language code."""

    id: int
    title: str
    message: str
    severity: str
    categories: tuple[str, ...]  # empty: every category
    starts_at: datetime
    ends_at: datetime | None
    created_by: str
    translations: tuple[tuple[str, NoticeText], ...] = ()

    def title_for(self, language: str) -> str:
        """The title in ``language``; the default one when it has none."""
        text = dict(self.translations).get(language)
        return text.title if text is not None and text.title else self.title

    def message_for(self, language: str) -> str:
        """The message in ``language``; the default one when it has none."""
        text = dict(self.translations).get(language)
        return text.message if text is not None and text.message else self.message

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories

    def active_at(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class NoticeService:
    """Post, edit, end and list notices; each change is one transaction on the change feed."""

    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    def post(self, *, title: str, message: str = "", severity: str = "info",
             categories: tuple[str, ...] = (), starts_at: datetime | None = None,
             ends_at: datetime | None = None, actor: str = "front desk",
             translations: Mapping[str, NoticeText] | None = None) -> Notice:
        """Post a notice; ``translations`` are its title and message in the kiosk's other
        languages (by code, e.g. ``{"es": NoticeText("Sin Wi-Fi en el edificio B")}``).

        Raises:
            ValidationError: a field or a translation cannot be accepted.
        """
        now = self.clock.now()
        fields = self._validated(title, message, severity, categories, starts_at or now, ends_at)
        fields["translations"] = self._translations(translations or {})
        with UnitOfWork(self.db) as uow:
            row = NoticeRow(site=self.settings.site_id, created_by=clean_line(actor, "actor", 120),
                            created_at=now, version=1, **fields)
            uow.notices.add(row)
            uow.session.flush()
            uow.changes.append("notice", str(row.id), now)
            uow.commit()
            return _to_notice(row)

    def edit(self, notice_id: int, *, title: str, message: str, severity: str,
             categories: tuple[str, ...], starts_at: datetime, ends_at: datetime | None,
             translations: Mapping[str, NoticeText] | None = None) -> Notice:
        """Change a notice; ``translations=None`` keeps its translations as they are."""
        fields = self._validated(title, message, severity, categories, starts_at, ends_at)
        if translations is not None:
            fields["translations"] = self._translations(translations)
        with UnitOfWork(self.db) as uow:
            row = self._get(uow, notice_id)
            for key, value in fields.items():
                setattr(row, key, value)
            row.version += 1
            uow.changes.append("notice", str(row.id), self.clock.now())
            uow.commit()
            return _to_notice(row)

    def end(self, notice_id: int) -> Notice:
        """End a notice now (it stays in the history)."""
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            row = self._get(uow, notice_id)
            if row.ends_at is None or row.ends_at > now:
                row.ends_at = max(now, row.starts_at)
                row.version += 1
                uow.changes.append("notice", str(row.id), now)
            uow.commit()
            return _to_notice(row)

    def active(self, category: str | None = None) -> list[Notice]:
        """Notices in force now; for a category, those that apply to it."""
        with UnitOfWork(self.db, readonly=True) as uow:
            notices = [_to_notice(r) for r in uow.notices.active(self.settings.site_id,
                                                                 self.clock.now())]
        if category is not None:
            notices = [n for n in notices if n.applies_to(category)]
        return sorted(notices, key=lambda n: (-SEVERITIES.index(n.severity), -n.id))

    def history(self, limit: int = 200) -> list[Notice]:
        with UnitOfWork(self.db, readonly=True) as uow:
            return [_to_notice(r) for r in uow.notices.all(self.settings.site_id, limit)]

    def _validated(self, title: str, message: str, severity: str, categories: tuple[str, ...],
                   starts_at: datetime, ends_at: datetime | None) -> dict[str, object]:
        clean_title = clean_line(title, "title", MAX_TITLE)
        if not clean_title:
            raise ValidationError("title", "A notice needs a title.")
        if severity not in SEVERITIES:
            raise ValidationError("severity", f"Severity must be one of {', '.join(SEVERITIES)}.")
        for category in categories:
            self.settings.known_category(category, "categories")
        if ends_at is not None and ends_at <= starts_at:
            raise ValidationError("ends_at", "A notice must end after it starts.")
        return {"title": clean_title, "message": clean_text(message, "message", MAX_MESSAGE),
                "severity": severity, "categories": ",".join(dict.fromkeys(categories)),
                "starts_at": starts_at, "ends_at": ends_at}

    def _translations(self, texts: Mapping[str, NoticeText]) -> dict[str, dict[str, str]]:
        """The translations to store: cleaned, empty ones dropped, only the kiosk's other
        languages."""
        kiosk = self.settings.kiosk
        others = [code for code in kiosk.languages if code != kiosk.default_language]
        stored: dict[str, dict[str, str]] = {}
        for language, text in sorted(texts.items()):
            if language not in others:
                raise ValidationError("translations", (
                    f"Notices can be translated into {', '.join(others) or 'no other language'}"
                    f", not '{language}'."))
            try:
                title = clean_line(text.title, "title", MAX_TITLE)
                message = clean_text(text.message, "message", MAX_MESSAGE)
            except ValidationError as error:
                raise ValidationError(f"{error.field}_{language}",
                                      f"{language}: {error.problem}") from None
            if title or message:
                stored[language] = {"title": title, "message": message}
        return stored

    @staticmethod
    def _get(uow: UnitOfWork, notice_id: int) -> NoticeRow:
        row = uow.notices.get(notice_id)
        if row is None:
            raise NotFound(f"No notice with id {notice_id}.")
        return row


def _to_notice(row: NoticeRow) -> Notice:
    return Notice(row.id, row.title, row.message, row.severity,
                  tuple(c for c in row.categories.split(",") if c), row.starts_at, row.ends_at,
                  row.created_by, _texts(row.translations))


def _texts(stored: object) -> tuple[tuple[str, NoticeText], ...]:
    """The stored translations as ``(language, text)`` pairs (anything malformed is left out)."""
    if not isinstance(stored, dict):
        return ()
    return tuple((language, NoticeText(str(text.get("title", "")), str(text.get("message", ""))))
                 for language, text in sorted(stored.items()) if isinstance(text, dict))
