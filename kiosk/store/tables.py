"""SQLAlchemy 2.0 typed mappings. The schema itself is made by Alembic migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC timestamps on both databases (SQLite stores them as naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class VisitRow(Base):
    __tablename__ = "visits"
    __table_args__ = (
        UniqueConstraint("site", "service_day", "ticket_number", name="uq_visits_ticket"),
        # The schema is made by the migrations; these declarations name the indexes.
        # ix_visits_line holds the visits not yet ended (WHERE ended_at IS NULL),
        # ix_visits_desk those of them a technician has (AND technician <> '') and
        # ix_visits_ended the others (IS NOT NULL): all partial, see migrations 0005 and
        # 0011. (The dialects' *_where arguments would load both dialects in every process.)
        Index("ix_visits_line", "site", "state", text("priority DESC"), "queued_at",
              "ticket_number"),
        Index("ix_visits_desk", "site", "technician", "state"),
        Index("ix_visits_employee", "requester_employee_id", "checked_in_at"),
        Index("ix_visits_ended", "site", "ended_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site: Mapped[str] = mapped_column(String(32))
    service_day: Mapped[str] = mapped_column(String(10))
    ticket_number: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    requester_name: Mapped[str] = mapped_column(String(120))
    requester_email: Mapped[str] = mapped_column(String(254), default="")
    requester_employee_id: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    technician: Mapped[str] = mapped_column(String(120), default="")
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime())
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolution_code: Mapped[str] = mapped_column(String(64), default="")
    resolution_notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    device: Mapped[str] = mapped_column(String(120), default="")
    asset_tag: Mapped[str] = mapped_column(String(64), default="")
    appointment_code: Mapped[str] = mapped_column(String(16), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    time_spent_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    escalation_group: Mapped[str] = mapped_column(String(120), default="")
    counter: Mapped[str] = mapped_column(String(32), default="")
    #: Joined from the web (``/join``), not at the kiosk or the front desk (0010).
    remote: Mapped[bool] = mapped_column(Boolean, default=False)


class VisitEventRow(Base):
    """Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "visit_events"
    __table_args__ = (Index("ix_visit_events_visit", "visit_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_state: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")


class ChangeRow(Base):
    """The change feed: one row per changed entity, in commit order."""

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class TicketCounterRow(Base):
    __tablename__ = "ticket_counters"

    site: Mapped[str] = mapped_column(String(32), primary_key=True)
    service_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class OutboxRow(Base):
    """A finished visit waiting to be sent to the ticketing system."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    external_id: Mapped[str] = mapped_column(String(128), default="")
    external_url: Mapped[str] = mapped_column(String(512), default="")


class PersonRow(Base):
    """A person in the company directory (imported from CSV)."""

    __tablename__ = "people"

    employee_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True, default="")
    badge_id: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    department: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AppointmentRow(Base):
    __tablename__ = "appointments"
    __table_args__ = (Index("ix_appointments_site_time", "site", "scheduled_at"),)

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    site: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="")
    employee_id: Mapped[str] = mapped_column(String(64), default="")
    category: Mapped[str] = mapped_column(String(32))
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="booked")
    note: Mapped[str] = mapped_column(Text, default="")
    visit_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NoticeRow(Base):
    """An incident notice shown on the kiosk and the display board."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    message: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(16), default="info")
    categories: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The title and message in other languages: ``{"es": {"title": ..., "message": ...}}``;
    #: ``title`` and ``message`` above are the kiosk's default language.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)


class SurveyRow(Base):
    """A visitor's answer to the three-faces survey; one per visit."""

    __tablename__ = "surveys"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class TechnicianRow(Base):
    """A technician who signs in to the console with a PIN."""

    __tablename__ = "technicians"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    site: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    pin_hash: Mapped[str] = mapped_column(String(255), default="")
    skills: Mapped[str] = mapped_column(Text, default="")  # category ids, comma-separated; "" = all
    status: Mapped[str] = mapped_column(String(16), default="away")
    status_at: Mapped[datetime] = mapped_column(UTCDateTime())
    counter: Mapped[str] = mapped_column(String(32), default="")
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BroadcastRow(Base):
    """A delay message to everyone waiting (display board and visit status)."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class VisitStatsRow(Base):
    """Running sums of the shared metrics: one row per site, local day a visit ended,
    dimension (``total``, ``category``, ``hour`` of check-in, ``technician``) and key;
    and the same per local month (``span`` "month", ``day`` its first day).

    Kept in the transaction that ends a visit (and that stores its survey, or checks its
    person in again); rebuilt from the visits by ``techbar metrics rebuild``. Durations
    are whole seconds; the two histograms are :class:`kiosk.domain.histogram.Histogram`
    blobs.
    """

    __tablename__ = "visit_stats"

    site: Mapped[str] = mapped_column(String(32), primary_key=True)
    span: Mapped[str] = mapped_column(String(5), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    called: Mapped[int] = mapped_column(Integer, default=0)
    wait_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    handled: Mapped[int] = mapped_column(Integer, default=0)
    handling_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    wait_measured: Mapped[int] = mapped_column(Integer, default=0)
    wait_met: Mapped[int] = mapped_column(Integer, default=0)
    resolution_measured: Mapped[int] = mapped_column(Integer, default=0)
    resolution_met: Mapped[int] = mapped_column(Integer, default=0)
    surveys: Mapped[int] = mapped_column(Integer, default=0)
    happy: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)
    first_visit_measured: Mapped[int] = mapped_column(Integer, default=0)
    first_visit_resolved: Mapped[int] = mapped_column(Integer, default=0)
    no_show: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    wait_hist: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    handling_hist: Mapped[bytes] = mapped_column(LargeBinary, default=b"")


class VisitStatsSiteRow(Base):
    """Whether a site's :class:`VisitStatsRow` rows can answer its reports.

    ``utc_offset_minutes`` and ``targets`` (JSON: category to [wait, resolution] seconds)
    are the settings the rows were computed with; ``ready`` is false until every day has
    been built with them (and again after a writer with other settings came by).
    """

    __tablename__ = "visit_stats_sites"

    site: Mapped[str] = mapped_column(String(32), primary_key=True)
    utc_offset_minutes: Mapped[int] = mapped_column(Integer)
    targets: Mapped[str] = mapped_column(Text)
    ready: Mapped[bool] = mapped_column(Boolean, default=False)


class VisitLinkRow(Base):
    """A visit's status page token (``/v/{token}``), valid until ``expires_at``.

    Made in the check-in's transaction; random, unique, never the visit id (migration
    0007 says why it is stored as it is).
    """

    __tablename__ = "visit_links"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiTokenRow(Base):
    """A token of the company-facing API (``/api/v1``): its name, scope and secret's hash.

    Only the SHA-256 of the secret is kept (the secret is 32 random bytes, shown once by
    ``api-token create``); a revoked token stays listed with ``revoked_at``.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("site", "name", name="uq_api_tokens_site_name"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    site: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(8))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ApiIdempotencyRow(Base):
    """The answer to an API write sent with an ``Idempotency-Key``, per token and key.

    ``fingerprint`` is the SHA-256 of the request (method, path, body); ``status`` is 0
    while the first request is still being worked on. Kept for a day.
    """

    __tablename__ = "api_idempotency"

    token_id: Mapped[str] = mapped_column(ForeignKey("api_tokens.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class NotifySubscriptionRow(Base):
    """How a visitor asked to be told they are close (migration 0008): one per visit.

    ``ahead`` is the chosen threshold (told once at most that many are ahead), None for
    "only when called"; ``address`` is an e-mail (e-mail, Slack, Teams) or a phone number
    (SMS). A visitor who chose "only on the page" has no row.
    """

    __tablename__ = "notify_subscriptions"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(254))
    ahead: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NotificationRow(Base):
    """A message to send, written in the transaction of the change that calls for it.

    ``threshold`` is the people-ahead threshold reached, -1 for the call, NULL for a
    re-sent status link; (visit, threshold) is unique, so a threshold is queued once.
    Claimed under a lease like the ticket outbox (``claimed_by``, ``claimed_until``).
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("visit_id", "threshold", name="uq_notifications_visit_threshold"),
        Index("ix_notifications_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    people_ahead: Mapped[int] = mapped_column(Integer, default=0)
    counter: Mapped[str] = mapped_column(String(32), default="")
    #: The channel of the last attempt (set as it starts).
    channel: Mapped[str] = mapped_column(String(8), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class JoinCodeRow(Base):
    """A one-time code e-mailed to a directory address to join the line from a desk (0010).

    Only the code's salted SHA-256 is kept (``code_hash``: the salt is the row's random
    id); ``client`` is a hash of the client's address; ``used_at`` makes it single-use.
    """

    __tablename__ = "join_codes"
    __table_args__ = (
        Index("ix_join_codes_email", "site", "email", "created_at"),
        Index("ix_join_codes_client", "site", "client", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    site: Mapped[str] = mapped_column(String(32))
    employee_id: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(254))
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    code_hash: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SiteSwitchRow(Base):
    """An on/off switch of a site every station reads from the database (0010)."""

    __tablename__ = "site_switches"

    site: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    on: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str] = mapped_column(String(120))
