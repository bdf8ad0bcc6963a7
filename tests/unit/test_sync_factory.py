"""Choosing the ticketing adapter from the settings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.config import Settings, WebhookSettings
from kiosk.sync import WebhookAdapter, build_adapter


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
    with pytest.raises(ValueError, match="zendesk"):
        build_adapter(replace(settings, backend="zendesk"))
