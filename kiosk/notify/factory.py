"""The senders of the channels a site configured."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.config.notify import NotifySettings
from kiosk.notify.channels import AppriseSender
from kiosk.notify.email import EmailSender
from kiosk.notify.sending import Sender
from kiosk.notify.teams import TeamsSender


def build_senders(settings: NotifySettings,
                  endpoints: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Sender]:
    """A sender per configured channel (``email``, ``sms``, ``slack``, ``teams``)."""
    extra = endpoints or {}
    senders: dict[str, Sender] = {}
    if settings.smtp_url:
        senders["email"] = EmailSender(settings.smtp_url, settings.timeout_seconds)
    if settings.sms_url:
        senders["sms"] = AppriseSender(settings.sms_url, "the SMS provider",
                                       settings.timeout_seconds, extra.get("sms"))
    if settings.slack_url:
        senders["slack"] = AppriseSender(settings.slack_url, "Slack", settings.timeout_seconds,
                                         extra.get("slack"))
    if settings.teams_url:
        senders["teams"] = TeamsSender(settings.teams_url, settings.timeout_seconds,
                                       extra.get("teams"))
    return senders
