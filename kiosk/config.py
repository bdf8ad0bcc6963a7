"""Settings: one typed, validated object from a TOML file plus environment overrides.

Secrets (the webhook's shared secret) come only from the environment, never from
the file, so a settings file can be committed and copied freely.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DEFAULT_CONFIG = RESOURCES / "default-config.toml"
BACKENDS = ("none", "webhook")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_PREFIX = re.compile(r"^[A-Z]{1,3}$")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    prefix: str
    wait_target: timedelta
    resolution_target: timedelta


@dataclass(frozen=True)
class WebhookSettings:
    url: str = ""
    secret: str = field(default="", repr=False)
    timeout_seconds: float = 10.0
    max_attempts: int = 10


@dataclass(frozen=True)
class SyncSettings:
    base_delay_seconds: float = 2.0
    max_delay_seconds: float = 600.0
    poll_seconds: float = 2.0
    send_final_states: tuple[str, ...] = ("resolved", "escalated", "no_show", "cancelled")


@dataclass(frozen=True)
class Settings:
    site_id: str
    site_name: str
    utc_offset: timedelta
    categories: tuple[Category, ...]
    database_url: str = ""
    backend: str = "none"
    webhook: WebhookSettings = WebhookSettings()
    sync: SyncSettings = SyncSettings()
    source: str = "<defaults>"

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def with_database(self, url: str) -> Settings:
        return replace(self, database_url=url)


def load_settings(path: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file (or the bundled default) and apply environment overrides.

    ``path`` wins over ``KIOSK_CONFIG``; with neither, the bundled default is used.

    Raises:
        ConfigError: naming the file or variable, the key and what is wrong.
    """
    env = os.environ if environ is None else environ
    chosen = Path(path) if path else Path(env["KIOSK_CONFIG"]) if env.get("KIOSK_CONFIG") else None
    file = chosen or DEFAULT_CONFIG
    source = str(file)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(source, "(file)", "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, "(file)", f"cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "(syntax)", f"not valid TOML: {exc}") from None
    settings = _parse(data, source)
    return _apply_environment(settings, env)


def _parse(data: dict[str, Any], source: str) -> Settings:
    reader = _Reader(source)
    reader.only_keys(data, "", {"site", "categories", "database", "backend", "sync"})
    site = reader.table(data, "site")
    reader.only_keys(site, "site", {"id", "name", "utc_offset"})
    site_id = reader.string(site, "site.id", default="main")
    if not _ID.match(site_id):
        raise ConfigError(source, "site.id", "use 1-32 lower-case letters, digits, '-' or '_'")
    site_name = reader.string(site, "site.name", default="Tech Bar")
    if not site_name.strip():
        raise ConfigError(source, "site.name", "must not be empty")
    utc_offset = _offset(reader.string(site, "site.utc_offset", default="+00:00"), source)
    categories = _categories(data.get("categories"), reader)
    database = reader.table(data, "database")
    reader.only_keys(database, "database", {"url"})
    backend_table = reader.table(data, "backend")
    reader.only_keys(backend_table, "backend", {"kind", "webhook"})
    backend = reader.string(backend_table, "backend.kind", default="none")
    if backend not in BACKENDS:
        raise ConfigError(source, "backend.kind", f"'{backend}' is not one of {', '.join(BACKENDS)}")
    hook = reader.table(backend_table, "webhook", prefix="backend.")
    if "secret" in hook:
        raise ConfigError(source, "backend.webhook.secret",
                          "secrets are not read from files; set KIOSK_WEBHOOK_SECRET instead")
    reader.only_keys(hook, "backend.webhook", {"url", "timeout_seconds", "max_attempts"})
    webhook = WebhookSettings(
        url=reader.string(hook, "backend.webhook.url", default=""),
        timeout_seconds=reader.number(hook, "backend.webhook.timeout_seconds", 10.0, 0.1, 300),
        max_attempts=int(reader.number(hook, "backend.webhook.max_attempts", 10, 1, 1000)),
    )
    sync_table = reader.table(data, "sync")
    reader.only_keys(sync_table, "sync", {"base_delay_seconds", "max_delay_seconds", "poll_seconds"})
    sync = SyncSettings(
        base_delay_seconds=reader.number(sync_table, "sync.base_delay_seconds", 2.0, 0.01, 3600),
        max_delay_seconds=reader.number(sync_table, "sync.max_delay_seconds", 600.0, 0.1, 86400),
        poll_seconds=reader.number(sync_table, "sync.poll_seconds", 2.0, 0.05, 3600),
    )
    return Settings(
        site_id=site_id,
        site_name=site_name.strip(),
        utc_offset=utc_offset,
        categories=categories,
        database_url=reader.string(database, "database.url", default=""),
        backend=backend,
        webhook=webhook,
        sync=sync,
        source=source,
    )


def _categories(raw: Any, reader: _Reader) -> tuple[Category, ...]:
    if raw is None:
        raise ConfigError(reader.source, "categories", "at least one [[categories]] entry is needed")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(reader.source, "categories", "must be a non-empty array of tables")
    result: list[Category] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        key = f"categories[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(reader.source, key, "must be a table")
        reader.only_keys(item, key, {"id", "label", "prefix", "wait_target_minutes",
                                     "resolution_target_minutes"})
        cid = reader.string(item, f"{key}.id")
        if not _ID.match(cid):
            raise ConfigError(reader.source, f"{key}.id",
                              "use 1-32 lower-case letters, digits, '-' or '_'")
        if cid in seen:
            raise ConfigError(reader.source, f"{key}.id", f"'{cid}' is used twice")
        seen.add(cid)
        prefix = reader.string(item, f"{key}.prefix", default=cid[0].upper())
        if not _PREFIX.match(prefix):
            raise ConfigError(reader.source, f"{key}.prefix", "use 1-3 capital letters A-Z")
        result.append(Category(
            id=cid,
            label=reader.string(item, f"{key}.label", default=cid.title()),
            prefix=prefix,
            wait_target=timedelta(minutes=reader.number(item, f"{key}.wait_target_minutes",
                                                        15, 1, 24 * 60)),
            resolution_target=timedelta(minutes=reader.number(
                item, f"{key}.resolution_target_minutes", 30, 1, 7 * 24 * 60)),
        ))
    return tuple(result)


def _offset(text: str, source: str) -> timedelta:
    match = _OFFSET.match(text)
    if not match or int(match.group(2)) > 14 or int(match.group(3)) > 59:
        raise ConfigError(source, "site.utc_offset", f"'{text}' is not an offset like +01:00")
    sign = -1 if match.group(1) == "-" else 1
    return sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def _apply_environment(settings: Settings, env: Mapping[str, str]) -> Settings:
    if env.get("KIOSK_DATABASE_URL"):
        settings = replace(settings, database_url=env["KIOSK_DATABASE_URL"])
    if env.get("KIOSK_SITE_NAME"):
        settings = replace(settings, site_name=env["KIOSK_SITE_NAME"].strip())
    backend = env.get("KIOSK_BACKEND")
    if backend:
        if backend not in BACKENDS:
            raise ConfigError("KIOSK_BACKEND", "backend.kind",
                              f"'{backend}' is not one of {', '.join(BACKENDS)}")
        settings = replace(settings, backend=backend)
    webhook = settings.webhook
    if env.get("KIOSK_WEBHOOK_URL"):
        webhook = replace(webhook, url=env["KIOSK_WEBHOOK_URL"])
    webhook = replace(webhook, secret=env.get("KIOSK_WEBHOOK_SECRET", ""))
    settings = replace(settings, webhook=webhook)
    if settings.backend == "webhook":
        if not re.match(r"^https?://[^\s/]+", settings.webhook.url):
            raise ConfigError(settings.source, "backend.webhook.url",
                              "the webhook backend needs an http(s) URL "
                              "(set it in the file or KIOSK_WEBHOOK_URL)")
        if not settings.webhook.secret:
            raise ConfigError("KIOSK_WEBHOOK_SECRET", "backend.webhook.secret",
                              "the webhook backend needs a shared secret in KIOSK_WEBHOOK_SECRET")
    return settings


class _Reader:
    """Typed access to TOML values that reports the file and key on error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def only_keys(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                name = f"{where}.{key}" if where else key
                raise ConfigError(self.source, name,
                                  f"unknown key (expected one of {', '.join(sorted(allowed))})")

    def table(self, data: Mapping[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(self.source, prefix + key, "must be a table")
        return value

    def string(self, data: Mapping[str, Any], key: str, default: str | None = None) -> str:
        name = key.rsplit(".", 1)[-1]
        value = data.get(name, default)
        if value is None:
            raise ConfigError(self.source, key, "is required")
        if not isinstance(value, str):
            raise ConfigError(self.source, key, f"must be a string, not {type(value).__name__}")
        return value

    def number(self, data: Mapping[str, Any], key: str, default: float,
               low: float, high: float) -> float:
        name = key.rsplit(".", 1)[-1]
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(self.source, key, f"must be a number, not {type(value).__name__}")
        if not low <= value <= high:
            raise ConfigError(self.source, key, f"{value} is out of range ({low:g} to {high:g})")
        return float(value)
