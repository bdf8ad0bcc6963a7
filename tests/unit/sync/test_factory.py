"""Choosing the ticketing adapter from the settings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.config import (
    JiraSettings,
    ServiceNowSettings,
    Settings,
    WebhookSettings,
    ZammadSettings,
    ZendeskSettings,
)
from kiosk.sync.adapters.jira import JiraAdapter
from kiosk.sync.adapters.servicenow import ServiceNowAdapter
from kiosk.sync.adapters.webhook import WebhookAdapter
from kiosk.sync.adapters.zammad import ZammadAdapter
from kiosk.sync.adapters.zendesk import ZendeskAdapter
from kiosk.sync.factory import build_adapter, delivery_limits


def test_no_backend_means_no_adapter(settings: Settings) -> None:
    assert settings.backend == "none"
    assert build_adapter(settings) is None


def test_the_webhook_backend_builds_the_webhook_adapter(settings: Settings) -> None:
    configured = replace(settings, backend="webhook", webhook=WebhookSettings(
        url="http://127.0.0.1:9/hook", secret="s", timeout_seconds=3))
    adapter = build_adapter(configured)
    assert isinstance(adapter, WebhookAdapter)
    assert (adapter.url, adapter.timeout) == ("http://127.0.0.1:9/hook", 3)
    adapter.close()


def test_an_unknown_backend_is_refused(settings: Settings) -> None:
    with pytest.raises(ValueError, match="fax"):
        build_adapter(replace(settings, backend="fax"))


@pytest.mark.parametrize(("kind", "cls", "backend"), [
    ("servicenow", ServiceNowAdapter, ServiceNowSettings(url="http://127.0.0.1:9", token="t")),
    ("jira", JiraAdapter, JiraSettings(url="http://127.0.0.1:9", token="t")),
    ("zammad", ZammadAdapter, ZammadSettings(url="http://127.0.0.1:9", token="t")),
    ("zendesk", ZendeskAdapter, ZendeskSettings(url="http://127.0.0.1:9", token="t")),
])
def test_each_ticketing_backend_builds_its_adapter(settings: Settings, kind: str, cls: type,
                                                   backend: object) -> None:
    adapter = build_adapter(replace(settings, backend=kind, **{kind: backend}))
    assert isinstance(adapter, cls)
    adapter.close()


def test_attempts_and_timeout_come_from_the_active_backend_or_sync(settings: Settings) -> None:
    sync = replace(settings.sync, max_attempts=6)
    zendesk = ZendeskSettings(url="http://127.0.0.1:9", timeout_seconds=3)
    chosen = replace(settings, backend="zendesk", zendesk=zendesk, sync=sync)
    assert delivery_limits(chosen) == (3.0, 6)
    chosen = replace(chosen, zendesk=replace(zendesk, max_attempts=2))
    assert delivery_limits(chosen) == (3.0, 2)
    assert delivery_limits(replace(settings, sync=sync)) == (settings.webhook.timeout_seconds, 6)
