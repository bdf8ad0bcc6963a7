"""The composition root of the core: settings, then the database, then every service, once.

This is the documented Python API for scripts and integrations (``docs/architecture.md``);
the names below are kept stable::

    from kiosk.bootstrap import build_core

    with build_core(database_url="sqlite:///techbar.db") as core:
        core.migrate()
        visit = core.visits.check_in(name="Ada Lovelace", category="laptop")
        called = core.visits.call_next("Kim")
        core.visits.start(called.id, "Kim")
        core.visits.resolve(called.id, "Kim", "fixed", "Replaced the charger.")
        print(core.visits.get(visit.id).state)   # resolved

Nothing here opens a window or a connection at import time; :func:`build_core` creates
the engine (connections are made on first use) and :meth:`Core.close` disposes of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from kiosk.app.api_tokens import ApiTokenService
from kiosk.app.appointments import AppointmentService
from kiosk.app.checkin import CheckInService
from kiosk.app.directory import DirectoryService
from kiosk.app.export import ExportService
from kiosk.app.feedback import FeedbackService
from kiosk.app.floor import FloorService
from kiosk.app.metrics import MetricsService
from kiosk.app.notices import NoticeService
from kiosk.app.notify import NotifyService
from kiosk.app.remote_join import RemoteJoinService
from kiosk.app.status import StatusService
from kiosk.app.sync_health import SyncHealthService
from kiosk.app.technicians import TechnicianService
from kiosk.app.visits import VisitService
from kiosk.clock import Clock, SystemClock
from kiosk.config import Settings, load_settings
from kiosk.store import Database, default_sqlite_url
from kiosk.store.notify import change_channel

__all__ = ["Core", "build_core"]


@dataclass(frozen=True, eq=False)
class Core:
    """Every service of one site on one database, built once by :func:`build_core`.

    Attributes:
        settings: the validated settings the services were built with.
        clock: where every timestamp comes from.
        visits: check-in and the technician's actions (``check_in``, ``call``,
            ``call_next``, ``start``, ``park``, ``resume``, ``resolve``, ``escalate``,
            ``transfer``, ``no_show``, ``cancel``, ``add_note``, ``get``...), and the
            change feed (``changes_since``, ``change_waiter()`` to block until another
            process changes something).
        floor: the liaison's floor: snapshot, board, reprioritise, broadcasts.
        technicians: sign-in, status, skills.
        notices: incident notices for the kiosk and the board.
        appointments: booking and checking in with a code.
        directory: people looked up by badge, employee id or e-mail.
        feedback: the visitor's rating after a visit.
        metrics: shared metrics for a period.
        export: CSV exports.
        sync: the health of the sync to the ticketing system, and ticket links.
        checkin: the kiosk's use cases: a walk-in, an appointment code, a visit to rate.
        status: the visitor's status page by token (``visit_status``, ``statuses``,
            ``leave``), and a ticket's link (``status_link``), for the web service.
        notify: "tell me when I'm close": a visitor's choice (``choose``,
            ``choose_by_token``), the liaison's ``link`` and ``resend_link``, ``health``.
        api_tokens: the company-facing API's tokens (``create``, ``list``, ``revoke``,
            ``authenticate``) and the answers kept for its idempotency keys.
        remote_join: joining the line from a desk: whether it is open (``state``) and the
            liaison's pause switch (``paused``, ``set_paused``); codes are asked for and
            confirmed through the web service, which gives it a mailer.
    """

    settings: Settings
    clock: Clock
    visits: VisitService
    floor: FloorService
    technicians: TechnicianService
    notices: NoticeService
    appointments: AppointmentService
    directory: DirectoryService
    feedback: FeedbackService
    metrics: MetricsService
    export: ExportService
    sync: SyncHealthService
    checkin: CheckInService
    status: StatusService
    notify: NotifyService
    api_tokens: ApiTokenService
    remote_join: RemoteJoinService
    _database: Database

    @property
    def database_name(self) -> str:
        """The database URL without its password, for messages."""
        return self._database.describe()

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest revision (safe to repeat)."""
        self._database.migrate()

    def seed_demo(self) -> bool:
        """Fill an empty database with a demo morning; False when visits already exist."""
        from kiosk.sim.demo import seed_demo

        return bool(seed_demo(self._database, self.settings))

    def close(self) -> None:
        """Dispose of the connection pool; the services must not be used afterwards."""
        self._database.dispose()

    def __enter__(self) -> Core:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def build_core(config_path: str | Path | None = None, database_url: str | None = None, *,
               settings: Settings | None = None, clock: Clock | None = None) -> Core:
    """Build the core for one site.

    Args:
        config_path: a settings file (TOML); None uses ``KIOSK_CONFIG`` or the defaults.
            Ignored when ``settings`` is given.
        database_url: overrides the settings' URL; without either, a SQLite file in
            the user's data directory.
        settings: already loaded settings (tests and the command line).
        clock: the time source (tests move a manual clock); the wall clock by default.

    Raises:
        ConfigError: the settings file is invalid.
        StoreUnavailable: the database URL is malformed or its driver is missing.
    """
    chosen = settings if settings is not None else load_settings(
        None if config_path is None else os.fspath(config_path))
    url = database_url or chosen.database_url or default_sqlite_url()
    return assemble(Database(url), chosen, clock or SystemClock())


def assemble(db: Database, settings: Settings, clock: Clock) -> Core:
    """Every service on an existing database handle (which the core then owns).

    The handle's change-feed writers also notify the site's channel (PostgreSQL), which
    ``visits.change_waiter()`` of every process of the site listens to.
    """
    db.notify_changes_on(change_channel(settings.site_id))
    visits = VisitService(db, settings, clock)
    notices = NoticeService(db, settings, clock)
    appointments = AppointmentService(visits, clock)
    directory = DirectoryService(db, clock, settings.site_id)
    feedback = FeedbackService(db, settings, clock)
    return Core(
        settings=settings, clock=clock, visits=visits,
        floor=FloorService(visits, notices),
        technicians=TechnicianService(db, settings, clock),
        notices=notices, appointments=appointments, directory=directory, feedback=feedback,
        metrics=MetricsService(db, settings, clock),
        export=ExportService(db, settings),
        sync=SyncHealthService(db, clock, settings.backend),
        checkin=CheckInService(visits, appointments, directory, notices, feedback),
        status=StatusService(db, settings, clock, visits),
        notify=NotifyService(db, settings, clock),
        api_tokens=ApiTokenService(db, settings, clock),
        remote_join=RemoteJoinService(db, settings, clock, visits, mailer=None),
        _database=db,
    )
