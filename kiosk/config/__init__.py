"""Settings: one typed, validated object from a TOML file plus environment overrides.

:mod:`.settings` reads the site, its categories and its windows; :mod:`.ticketing` the
``[backend*]`` and ``[sync]`` tables, :mod:`.web` the ``[web]`` table. The names callers
need are re-exported here.
"""

from kiosk.config.settings import (
    DEFAULT_CONFIG,
    RESOURCES,
    THEMES,
    Category,
    ConsoleSettings,
    DisplaySettings,
    KioskSettings,
    Settings,
    load_settings,
)
from kiosk.config.ticketing import (
    ALL_FINAL_STATES,
    BACKENDS,
    TICKETING_FINAL_STATES,
    JiraSettings,
    RTSettings,
    ServiceNowSettings,
    SyncSettings,
    WebhookSettings,
    ZammadSettings,
    ZendeskSettings,
)
from kiosk.config.web import WebSettings

__all__ = [
    "ALL_FINAL_STATES", "BACKENDS", "DEFAULT_CONFIG", "RESOURCES", "THEMES",
    "TICKETING_FINAL_STATES", "Category", "ConsoleSettings", "DisplaySettings", "JiraSettings",
    "KioskSettings", "RTSettings", "ServiceNowSettings", "Settings", "SyncSettings",
    "WebSettings", "WebhookSettings", "ZammadSettings", "ZendeskSettings", "load_settings",
]
