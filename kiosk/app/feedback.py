"""The three-faces survey a visitor answers after their visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from kiosk.app.stats import record_survey
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.text import clean_line, clean_text
from kiosk.domain.visit import VisitState
from kiosk.errors import NotFound, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import SurveyRow

SCORES = {1: "unhappy", 2: "neutral", 3: "happy"}
MAX_COMMENT = 1000
RATEABLE = (VisitState.RESOLVED.value, VisitState.ESCALATED.value)
FEEDBACK_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class FeedbackTarget:
    """The visit a survey answer will be about (only what the visitor may see)."""

    visit_id: str
    ticket_number: str
    category: str


class FeedbackService:
    def __init__(self, db: Database, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    def find(self, *, ticket_number: str = "", employee_id: str = "") -> FeedbackTarget:
        """The newest ended visit (last 7 days) without an answer, by ticket or by person.

        Raises:
            NotFound: nothing to rate for that ticket or person.
        """
        ticket = clean_line(ticket_number, "ticket_number", 16).upper()
        person = clean_line(employee_id, "employee_id", 64)
        if not ticket and not person:
            raise ValidationError("ticket_number", "Type your ticket number, e.g. L-042.")
        since = self.clock.now() - FEEDBACK_WINDOW
        with UnitOfWork(self.db, readonly=True) as uow:
            rows = uow.surveys.unrated_visits(self.settings.site_id, ticket_number=ticket,
                                              employee_id=person, ended_after=since,
                                              states=RATEABLE)
            targets = [FeedbackTarget(r.id, r.ticket_number, r.category) for r in rows]
        if not targets:
            raise NotFound("We found no finished visit to rate" +
                           (f" for ticket {ticket}." if ticket else "."))
        return targets[0]

    def rate(self, visit_id: str, score: int, comment: str = "") -> None:
        """Record the answer once; a second answer for the same visit is refused."""
        if score not in SCORES:
            raise ValidationError("score", "Choose one of the three faces.")
        text = clean_text(comment, "comment", MAX_COMMENT)
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            visit = uow.visits.get(visit_id)
            if visit is None:
                raise NotFound(f"No visit with id {visit_id}.")
            if visit.state not in RATEABLE:
                raise ValidationError("visit", f"Visit {visit.ticket_number} has not been "
                                               "completed yet.")
            if uow.surveys.get(visit_id) is not None:
                raise ValidationError("visit", f"Thanks, visit {visit.ticket_number} has "
                                               "already been rated.")
            uow.surveys.add(SurveyRow(visit_id=visit_id, score=score, comment=text, at=now))
            record_survey(uow, visit, score)
            uow.changes.append("visit", visit_id, now)
            uow.commit()

    def score(self, visit_id: str) -> int | None:
        with UnitOfWork(self.db, readonly=True) as uow:
            row = uow.surveys.get(visit_id)
            if row is None:
                if uow.visits.get(visit_id) is None:
                    raise NotFound(f"No visit with id {visit_id}.")
                return None
            return row.score
