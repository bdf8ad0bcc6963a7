"""The API's JSON, as pydantic models: the OpenAPI document's schemas are made from these.

Lengths in request schemas are documented (``maxLength``) but checked by the core, so an
over-long field gets the words the kiosk and the console use. Personal data (the
visitor's name, e-mail, employee id, description, device, notes) is only in answers to
write-scoped tokens: a read token is for dashboards and wall displays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from kiosk.domain.text import (
    MAX_ASSET_TAG,
    MAX_DESCRIPTION,
    MAX_DEVICE,
    MAX_EMAIL,
    MAX_EMPLOYEE_ID,
    MAX_NAME,
    MAX_NOTES,
    MAX_RESOLUTION_CODE,
)

State = Literal["waiting", "called", "in_service", "parked", "resolved", "escalated",
                "no_show", "cancelled"]


def _text(limit: int, description: str, default: str | None = "") -> Any:
    """A string field whose length the core checks (documented here, not enforced)."""
    extra: JsonDict = {"maxLength": limit}
    if default is None:
        return Field(description=description, json_schema_extra=extra)
    return Field(default=default, description=description, json_schema_extra=extra)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(description="a URI naming the kind of problem")
    title: str
    status: int
    detail: str = Field(description="what went wrong, in the words the windows show")
    field: str | None = Field(default=None, description="the field at fault, when one is")


class Wait(BaseModel):
    """An expected wait: the point and a 10th-90th percentile range, in whole minutes."""

    minutes: int = Field(ge=0)
    low_minutes: int = Field(ge=0)
    high_minutes: int = Field(ge=0)
    people_ahead: int = Field(ge=0)
    coarse: bool = Field(description="too little history for a precise range")


class Event(BaseModel):
    """One entry of a visit's timeline (``actor`` names who did it: ``Kim via api:NAME``)."""

    action: str
    from_state: str | None
    to_state: str
    at: datetime
    actor: str
    note: str | None = Field(description="null for read-scoped tokens")


class Person(BaseModel):
    """Who the visit is for (write-scoped tokens only)."""

    name: str
    email: str
    employee_id: str


class VisitOut(BaseModel):
    """A visit. ``person``, ``description``, ``device`` and ``asset_tag`` are null for
    read-scoped tokens."""

    id: str
    ticket_number: str
    state: State
    category: str
    priority: int
    checked_in_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    technician: str
    counter: str
    resolution_code: str
    escalation_group: str
    language: str
    position: int = Field(ge=0, description="place in the waiting line; 0 when not waiting")
    expected: Wait | None = Field(description="the expected wait while waiting")
    person: Person | None
    description: str | None
    device: str | None
    asset_tag: str | None
    events: list[Event]


class InLine(BaseModel):
    """A visit in the waiting line, in the line's order."""

    id: str
    ticket_number: str
    category: str
    priority: int
    position: int = Field(ge=1)
    checked_in_at: datetime
    waited_seconds: int = Field(ge=0)
    technician: str = Field(description="a technician it was transferred to, else empty")
    expected: Wait | None
    name: str | None = Field(description="the visitor's name; null for read-scoped tokens")


class Queue(BaseModel):
    """The waiting line and what a newcomer would wait, per category."""

    at: datetime
    waiting: list[InLine]
    newcomer_waits: dict[str, Wait]


class AtDesk(BaseModel):
    """A technician of the floor, and the visit they are with."""

    name: str
    status: str
    counter: str
    ticket_number: str
    visit_state: str


class Floor(BaseModel):
    """The floor at a glance: counts by state, the longest wait and the team."""

    at: datetime
    waiting: int = Field(ge=0)
    called: int = Field(ge=0)
    in_service: int = Field(ge=0)
    parked: int = Field(ge=0)
    longest_wait_seconds: int = Field(ge=0)
    longest_wait_ticket: str
    sla_alerts: int = Field(ge=0, description="visits past or near their wait target")
    technicians: list[AtDesk]
    broadcast: str | None


class CheckIn(_Request):
    """Someone to put in line, as the kiosk or the front desk would."""

    name: str = _text(MAX_NAME, "the visitor's name (required)", default=None)
    category: str = Field(description="a category id of the site's settings")
    email: str = _text(MAX_EMAIL, "the visitor's e-mail")
    employee_id: str = _text(MAX_EMPLOYEE_ID, "the visitor's employee id")
    description: str = _text(MAX_DESCRIPTION, "what it is about")
    device: str = _text(MAX_DEVICE, "the device")
    asset_tag: str = _text(MAX_ASSET_TAG, "the device's asset tag")
    language: str = Field(default="en", description="the visitor's language (en, es, de)")


class CheckedIn(BaseModel):
    """The new visit, its place in line, its expected wait and its status page."""

    visit: VisitOut
    status_url: str = Field(description="the visitor's status page; empty without one")


class Acting(_Request):
    """The technician the API acts as (an active technician of the site)."""

    technician: str = _text(MAX_NAME, "the technician's name", default=None)


class CallNext(Acting):
    categories: list[str] | None = Field(
        default=None, description="categories to call from; null: the technician's skills")
    counter: str = _text(32, "where the visitor goes; empty: the technician's counter")
    several: bool = Field(default=False, description="they work on several visitors at once")


class Call(Acting):
    counter: str = _text(32, "where the visitor goes; empty: the technician's counter")
    several: bool = False


class WithNote(Acting):
    note: str = _text(MAX_NOTES, "a note for the timeline")


class Resolve(Acting):
    code: str = _text(MAX_RESOLUTION_CODE, "the resolution code (required)", default=None)
    notes: str = _text(MAX_NOTES, "the resolution notes")
    time_spent_minutes: int | None = Field(default=None, description="0-1440; null: counted")


class Escalate(Acting):
    group: str = _text(120, "the backend group it goes to (required)", default=None)
    notes: str = _text(MAX_NOTES, "what the group should know")
    code: str = _text(MAX_RESOLUTION_CODE, "a resolution code; empty: escalated:<group>")
    time_spent_minutes: int | None = Field(default=None, description="0-1440; null: counted")


class Cancel(Acting):
    reason: str = _text(MAX_NOTES, "why")


class NoticeText(BaseModel):
    title: str
    message: str


class NoticeOut(BaseModel):
    """An incident notice for the kiosk and the board."""

    id: int
    title: str
    message: str
    severity: Literal["info", "warning", "critical"]
    categories: list[str] = Field(description="empty: every category")
    starts_at: datetime
    ends_at: datetime | None
    created_by: str
    translations: dict[str, NoticeText]


class NoticeIn(_Request):
    """A notice to post now."""

    title: str = _text(120, "what people see (required)", default=None)
    message: str = _text(1000, "more detail")
    severity: Literal["info", "warning", "critical"] = "info"
    categories: list[str] = Field(default_factory=list, description="empty: every category")
    ends_at: datetime | None = Field(default=None, description="null: until ended")
    translations: dict[str, NoticeText] = Field(
        default_factory=dict, description="by language code, e.g. es, de")


class Figures(BaseModel):
    """The shared metrics of one group (durations in seconds, shares from 0 to 1)."""

    key: str
    visits: int
    called: int
    avg_wait_seconds: float | None
    p90_wait_seconds: float | None
    handled: int
    avg_handling_seconds: float | None
    p90_handling_seconds: float | None
    wait_sla: float | None
    resolution_sla: float | None
    surveys: int
    happy_share: float | None
    avg_score: float | None
    first_visit_resolution: float | None
    no_show: int
    cancelled: int
    abandonment: float | None


class MetricsOut(BaseModel):
    """A period's shared metrics: overall, by category, by local hour, by technician."""

    first_day: date
    last_day: date
    total: Figures
    by_category: list[Figures]
    by_hour: list[Figures]
    by_technician: list[Figures]


def seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()
