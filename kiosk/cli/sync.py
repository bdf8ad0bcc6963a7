"""``python main.py sync [--once]``: run the outbox worker from the command line."""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import Protocol, TextIO
from urllib.parse import urlsplit

from kiosk.app.sync_health import DeliveryProblem, SyncHealth, sync_health
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.store import Database, DatabaseError
from kiosk.sync.delivery import PermanentError, TicketingAdapter, TransientError
from kiosk.sync.factory import backend_location, build_adapter
from kiosk.sync.payload import iso_utc
from kiosk.sync.worker import SyncReport, SyncWorker


class Lines(Protocol):
    """Where one-line errors go: standard error, or any stream a caller passes."""

    def write(self, text: str, /) -> object: ...


NO_BACKEND = ("sync: no ticketing backend is configured (backend.kind is \"none\"); "
              "set KIOSK_BACKEND=webhook, KIOSK_WEBHOOK_URL and KIOSK_WEBHOOK_SECRET "
              "(or rt, servicenow, jira, zammad, zendesk with their [backend.<kind>] settings)")


def run_sync_command(db: Database, settings: Settings, clock: Clock, *, once: bool,
                     out: TextIO | None = None, err: Lines | None = None,
                     stop: threading.Event | None = None) -> int:
    """Send finished visits to the ticketing system.

    Args:
        once: drain what is due now (each due visit tried once) and return; otherwise
            run until ``stop`` is set or Ctrl+C.
        out: the report (default standard output).
        err: one-line errors (default standard error).
        stop: ends the continuous mode when set.

    Returns:
        0 on success; 1 if a visit failed for good during this run, the database
        failed or the backend's own check refused its configuration (a missing RT
        queue or custom field, say); 2 when no backend is configured.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    adapter = build_adapter(settings, clock=clock)
    if adapter is None:
        err.write(NO_BACKEND + "\n")
        return 2
    worker = SyncWorker(db, adapter, settings, clock)
    try:
        if not _check_backend(adapter, err):
            return 1
        if once:
            return _drain(worker, db, settings, out)
        return _forever(worker, settings, out, stop or threading.Event())
    except (KioskError, DatabaseError) as exc:
        err.write(f"sync: {_first_line(exc)}\n")
        return 1
    finally:
        adapter.close()


def _check_backend(adapter: TicketingAdapter, err: Lines) -> bool:
    """Run the adapter's optional ``check()``; False when its configuration is wrong.

    A backend that cannot be reached right now is only a warning: the worker retries.
    """
    check = getattr(adapter, "check", None)
    if not callable(check):
        return True
    try:
        check()
    except PermanentError as exc:
        err.write(f"sync: the ticketing backend is misconfigured: {exc.reason}\n")
        return False
    except TransientError as exc:
        err.write(f"sync: cannot check the ticketing backend yet ({exc.reason}); "
                  "visits will be retried\n")
    return True


def _drain(worker: SyncWorker, db: Database, settings: Settings, out: TextIO) -> int:
    report = worker.drain()
    health = sync_health(db, settings.backend)
    out.write(format_report(report, health, _where(settings)))
    return 1 if report.failed else 0


def _forever(worker: SyncWorker, settings: Settings, out: TextIO,
             stop: threading.Event) -> int:
    out.write(f"sync: sending finished visits to {_where(settings)} "
              f"every {settings.sync.poll_seconds:g} s (Ctrl+C to stop)\n")
    out.flush()
    with contextlib.suppress(KeyboardInterrupt):
        worker.run(stop)
    out.write("sync: stopped\n")
    return 0


def format_report(report: SyncReport, health: SyncHealth, where: str) -> str:
    """A short report: this run's counts, what is left, and failures by ticket number."""
    lines = [f"sync to {where}: {report.sent} sent, {report.retried} to retry, "
             f"{report.failed} failed" + (f", {report.skipped} skipped" if report.skipped else "")]
    pending = f"pending: {health.pending}"
    if health.pending and health.next_attempt_at is not None:
        pending += f" (next attempt {iso_utc(health.next_attempt_at)})"
    lines.append(pending)
    if health.retrying:
        lines.append("retrying:")
        lines.extend(_problem_line(p) for p in health.retrying)
    if health.failures:
        lines.append(f"failed: {health.failed} "
                     "(no more automatic retries; retry them once the cause is fixed)")
        lines.extend(_problem_line(p) for p in health.failures)
    return "\n".join(lines) + "\n"


def _problem_line(problem: DeliveryProblem) -> str:
    tries = f"{problem.attempts} attempt" + ("" if problem.attempts == 1 else "s")
    return f"  {problem.ticket_number}  {problem.reason}  ({tries})"


def _where(settings: Settings) -> str:
    """The backend's scheme, host and path: no credentials, no query string."""
    parts = urlsplit(backend_location(settings))
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
