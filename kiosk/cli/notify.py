"""``python main.py notify [--once]``: send the "you're close" messages.

A process of its own, beside ``techbar sync`` (its own systemd unit, see
docs/deployment.md): the channels' credentials and failures stay out of the windows and of
the ticket sync. Several may run on one PostgreSQL database; rows are leased.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import TextIO

from kiosk.app.notify import NotifyHealth, NotifyService
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.notify.factory import build_senders
from kiosk.notify.worker import NotifyReport, NotifyWorker
from kiosk.store import Database, DatabaseError

NO_CHANNEL = ("notify: no channel is configured; set KIOSK_NOTIFY_SMTP_URL, "
              "KIOSK_NOTIFY_SMS_URL, KIOSK_NOTIFY_SLACK_URL or KIOSK_NOTIFY_TEAMS_URL")


def run_notify_command(db: Database, settings: Settings, clock: Clock, *, once: bool,
                       out: TextIO | None = None, err: TextIO | None = None,
                       stop: threading.Event | None = None) -> int:
    """Send due messages: once (0, or 1 if any failed for good) or until Ctrl+C / ``stop``.

    Returns 2 when no channel is configured.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    senders = build_senders(settings.notify)
    if not senders:
        err.write(NO_CHANNEL + "\n")
        return 2
    worker = NotifyWorker(db, settings, clock, senders)
    try:
        if once:
            report = worker.drain()
            out.write(format_report(report, NotifyService(db, settings, clock).health()))
            return 1 if report.failed else 0
        out.write(f"notify: sending by {', '.join(sorted(senders))} every "
                  f"{settings.notify.poll_seconds:g} s (Ctrl+C to stop)\n")
        out.flush()
        with contextlib.suppress(KeyboardInterrupt):
            worker.run(stop or threading.Event())
        out.write("notify: stopped\n")
        return 0
    except (KioskError, DatabaseError) as exc:
        text = str(getattr(exc, "orig", None) or exc).strip()
        err.write(f"notify: {text.splitlines()[0] if text else type(exc).__name__}\n")
        return 1


def format_report(report: NotifyReport, health: NotifyHealth) -> str:
    lines = [f"notify: {report.sent} sent, {report.retried} to retry, {report.failed} failed"
             + (f", {report.skipped} not needed any more" if report.skipped else ""),
             f"pending: {health.pending}"]
    if health.failures:
        lines.append(f"failed: {health.failed}")
        lines.extend(f"  {ticket}  {reason}" for ticket, reason, _at in health.failures)
    return "\n".join(lines) + "\n"
