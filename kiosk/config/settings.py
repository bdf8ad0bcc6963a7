"""Settings: one typed, validated object from a TOML file plus environment overrides.

Secrets (the webhook's shared secret, the ticketing systems' passwords and tokens) come
only from the environment (or the system keyring), never from the file, so a settings
file can be committed and copied freely. The ``[backend*]`` and ``[sync]`` tables are
read by :mod:`kiosk.config.ticketing`.
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

from kiosk.config.notify import NotifySettings, notify_environment, parse_notify
from kiosk.config.ticketing import (
    BACKENDS,
    JiraSettings,
    RTSettings,
    ServiceNowSettings,
    SyncSettings,
    WebhookSettings,
    ZammadSettings,
    ZendeskSettings,
    backend_kind,
    check_backend,
    final_states,
    parse_backend,
    parse_backend_kind,
    parse_sync,
    with_environment,
)
from kiosk.config.web import WebSettings, check_public_url, parse_web
from kiosk.domain.pins import pin_hash_problem
from kiosk.domain.text import LANGUAGES
from kiosk.errors import ConfigError, ValidationError

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEFAULT_CONFIG = RESOURCES / "default-config.toml"
THEMES = ("light", "high-contrast")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_PREFIX = re.compile(r"[A-Z]{1,3}")
_OFFSET = re.compile(r"([+-])([0-9]{2}):([0-9]{2})")
_HTTP_URL = re.compile(r"^https?://[^\s/]+")


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    prefix: str
    wait_target: timedelta
    resolution_target: timedelta
    labels: tuple[tuple[str, str], ...] = ()
    icon: str = ""

    def label_for(self, language: str) -> str:
        """The label in ``language``, or the English one when there is none."""
        return dict(self.labels).get(language, self.label)


@dataclass(frozen=True)
class ConsoleSettings:
    """The technician console."""

    no_show_grace_minutes: float = 3.0


@dataclass(frozen=True)
class DisplaySettings:
    """The "now serving" board: ticket numbers only unless show_names allows "Ana G."."""

    show_names: bool = False
    chime: bool = True
    #: A call not started within this many minutes leaves "Now serving" (its technician
    #: is offered a no-show by then).
    stale_call_minutes: float = 10.0


@dataclass(frozen=True)
class KioskSettings:
    """The walk-up kiosk: idle reset, languages, look, status link and lock-down."""

    idle_seconds: float = 45.0
    countdown_seconds: float = 20.0
    confirmation_seconds: float = 10.0
    languages: tuple[str, ...] = ("en", "es", "de")
    default_language: str = "en"
    theme: str = "light"
    large_text: bool = False
    touch_keyboard: str = "auto"
    status_url_template: str = ""
    admin_pin_hash: str = field(default="", repr=False)
    lockdown: bool = False
    appointment_early_minutes: float = 15.0
    appointment_late_minutes: float = 10.0


@dataclass(frozen=True)
class Settings:
    site_id: str
    site_name: str
    utc_offset: timedelta
    categories: tuple[Category, ...]
    database_url: str = ""
    backend: str = "none"
    webhook: WebhookSettings = WebhookSettings()
    rt: RTSettings = RTSettings()
    servicenow: ServiceNowSettings = ServiceNowSettings()
    jira: JiraSettings = JiraSettings()
    zammad: ZammadSettings = ZammadSettings()
    zendesk: ZendeskSettings = ZendeskSettings()
    sync: SyncSettings = SyncSettings()
    kiosk: KioskSettings = KioskSettings()
    console: ConsoleSettings = ConsoleSettings()
    display: DisplaySettings = DisplaySettings()
    web: WebSettings = WebSettings()
    notify: NotifySettings = NotifySettings()
    source: str = "<defaults>"

    @property
    def status_link_template(self) -> str:
        """The kiosk's QR link: ``kiosk.status_url_template`` when the site has a page of its
        own, else the web service's ``{public_url}/v/{status_token}`` ("" without either)."""
        if self.kiosk.status_url_template:
            return self.kiosk.status_url_template
        return f"{self.web.public_url}/v/{{status_token}}" if self.web.public_url else ""

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def known_category(self, category_id: str, field_name: str = "category") -> Category:
        """The category with this id.

        Raises:
            ValidationError: naming the unknown id and every id the site has.
        """
        found = self.category(category_id)
        if found is None:
            known = ", ".join(c.id for c in self.categories)
            raise ValidationError(field_name, f"Unknown category '{category_id}'. "
                                              f"Choose one of: {known}.")
        return found

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
        content = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, "(file)", "no such file") from None
    except (OSError, ValueError) as exc:  # ValueError: not UTF-8, or a name no file can have
        raise ConfigError(source, "(file)", f"cannot be read: {exc}") from None
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "(syntax)", f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(source, "(syntax)", "nested too deeply to be a settings file") from None
    settings = _parse(data, source)
    return _apply_environment(settings, env)


def _parse(data: dict[str, Any], source: str) -> Settings:
    reader = _Reader(source)
    reader.only_keys(data, "", {"site", "categories", "database", "backend", "sync", "kiosk",
                                "console", "display", "web", "notify"})
    site = reader.table(data, "site")
    reader.only_keys(site, "site", {"id", "name", "utc_offset"})
    site_id = reader.string(site, "site.id", default="main")
    if not _ID.fullmatch(site_id):
        raise ConfigError(source, "site.id", "use 1-32 lower-case letters, digits, '-' or '_'")
    site_name = reader.string(site, "site.name", default="Tech Bar")
    if not site_name.strip():
        raise ConfigError(source, "site.name", "must not be empty")
    utc_offset = _offset(reader.string(site, "site.utc_offset", default="+00:00"), source)
    categories = _categories(data.get("categories"), reader)
    database = reader.table(data, "database")
    reader.only_keys(database, "database", {"url"})
    backend_table = reader.table(data, "backend")
    backend = parse_backend_kind(backend_table, reader)
    backends = {name: parse_backend(backend_table, name, reader)
                for name in BACKENDS if name != "none"}
    sync = parse_sync(reader.table(data, "sync"), reader)
    return Settings(
        site_id=site_id,
        site_name=site_name.strip(),
        utc_offset=utc_offset,
        categories=categories,
        database_url=reader.string(database, "database.url", default=""),
        backend=backend,
        **backends,
        sync=sync,
        kiosk=_kiosk(reader.table(data, "kiosk"), reader),
        console=_console(reader.table(data, "console"), reader),
        display=_display(reader.table(data, "display"), reader),
        web=parse_web(reader.table(data, "web"), reader),
        notify=parse_notify(reader.table(data, "notify"), reader),
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
        reader.only_keys(item, key, {"id", "label", "icon", "prefix", "wait_target_minutes",
                                     "resolution_target_minutes"})
        cid = reader.string(item, f"{key}.id")
        if not _ID.fullmatch(cid):
            raise ConfigError(reader.source, f"{key}.id",
                              "use 1-32 lower-case letters, digits, '-' or '_'")
        if cid in seen:
            raise ConfigError(reader.source, f"{key}.id", f"'{cid}' is used twice")
        seen.add(cid)
        labels = _labels(item.get("label", cid.title()), f"{key}.label", reader)
        prefix = reader.string(item, f"{key}.prefix", default=cid[0].upper())
        if not _PREFIX.fullmatch(prefix):
            raise ConfigError(reader.source, f"{key}.prefix", "use 1-3 capital letters A-Z")
        result.append(Category(
            id=cid,
            label=labels.get("en", cid.title()),
            labels=tuple(sorted(labels.items())),
            icon=_icon(reader.string(item, f"{key}.icon", default=cid), f"{key}.icon", reader),
            prefix=prefix,
            wait_target=timedelta(minutes=reader.number(item, f"{key}.wait_target_minutes",
                                                        15, 1, 24 * 60)),
            resolution_target=timedelta(minutes=reader.number(
                item, f"{key}.resolution_target_minutes", 30, 1, 7 * 24 * 60)),
        ))
    return tuple(result)


def _labels(raw: Any, key: str, reader: _Reader) -> dict[str, str]:
    """``label = "Laptop"`` or ``label = { en = "Laptop", es = "Portátil", de = "Laptop" }``."""
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, dict):
        raise ConfigError(reader.source, key, "must be a string or a table of languages")
    if "en" not in raw:
        raise ConfigError(reader.source, key, "needs at least an English label (en = ...)")
    labels: dict[str, str] = {}
    for language, text in raw.items():
        if language not in LANGUAGES:
            raise ConfigError(reader.source, f"{key}.{language}",
                              f"unknown language (use {', '.join(LANGUAGES)})")
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(reader.source, f"{key}.{language}", "must be a non-empty string")
        labels[language] = text.strip()
    return labels


def _icon(name: str, key: str, reader: _Reader) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,31}", name):
        raise ConfigError(reader.source, key, "use a short icon name like 'laptop'")
    return name


def _kiosk(table: dict[str, Any], reader: _Reader) -> KioskSettings:
    reader.only_keys(table, "kiosk", set(KioskSettings.__dataclass_fields__))
    d = KioskSettings()
    languages = table.get("languages", list(d.languages))
    if (not isinstance(languages, list) or not languages
            or any(lang not in LANGUAGES for lang in languages)):
        raise ConfigError(reader.source, "kiosk.languages",
                          f"must be a non-empty list of {', '.join(LANGUAGES)}")
    default_language = reader.string(table, "kiosk.default_language", d.default_language)
    if default_language not in languages:
        raise ConfigError(reader.source, "kiosk.default_language", "must be one of kiosk.languages")
    theme = reader.string(table, "kiosk.theme", d.theme)
    if theme not in THEMES:
        raise ConfigError(reader.source, "kiosk.theme", f"'{theme}' is not one of {', '.join(THEMES)}")
    keyboard = reader.string(table, "kiosk.touch_keyboard", d.touch_keyboard)
    if keyboard not in ("auto", "on", "off"):
        raise ConfigError(reader.source, "kiosk.touch_keyboard", "must be auto, on or off")
    template = reader.string(table, "kiosk.status_url_template", d.status_url_template)
    if template and (not _HTTP_URL.match(template) or set(re.findall(r"{([^}]*)}", template))
                     - {"visit_id", "ticket_number", "status_token"}):
        raise ConfigError(reader.source, "kiosk.status_url_template",
                          "must be an http(s) URL using only {visit_id}, {ticket_number} "
                          "and {status_token}")
    return KioskSettings(
        idle_seconds=reader.number(table, "kiosk.idle_seconds", d.idle_seconds, 10, 3600),
        countdown_seconds=reader.number(table, "kiosk.countdown_seconds", d.countdown_seconds,
                                        20, 600),
        confirmation_seconds=reader.number(table, "kiosk.confirmation_seconds",
                                           d.confirmation_seconds, 3, 120),
        languages=tuple(languages),
        default_language=default_language,
        theme=theme,
        large_text=reader.flag(table, "kiosk.large_text", d.large_text),
        touch_keyboard=keyboard,
        status_url_template=template,
        admin_pin_hash=reader.string(table, "kiosk.admin_pin_hash", d.admin_pin_hash),
        lockdown=reader.flag(table, "kiosk.lockdown", d.lockdown),
        appointment_early_minutes=reader.number(table, "kiosk.appointment_early_minutes",
                                                d.appointment_early_minutes, 0, 240),
        appointment_late_minutes=reader.number(table, "kiosk.appointment_late_minutes",
                                               d.appointment_late_minutes, 0, 240),
    )


def _console(table: dict[str, Any], reader: _Reader) -> ConsoleSettings:
    reader.only_keys(table, "console", set(ConsoleSettings.__dataclass_fields__))
    return ConsoleSettings(no_show_grace_minutes=reader.number(
        table, "console.no_show_grace_minutes", ConsoleSettings().no_show_grace_minutes, 0, 120))


def _display(table: dict[str, Any], reader: _Reader) -> DisplaySettings:
    reader.only_keys(table, "display", set(DisplaySettings.__dataclass_fields__))
    return DisplaySettings(show_names=reader.flag(table, "display.show_names", False),
                           chime=reader.flag(table, "display.chime", True),
                           stale_call_minutes=reader.number(table, "display.stale_call_minutes",
                                                            10.0, 1, 240))


def _offset(text: str, source: str) -> timedelta:
    match = _OFFSET.fullmatch(text)
    if not match or int(match.group(2)) > 14 or int(match.group(3)) > 59:
        raise ConfigError(source, "site.utc_offset", f"'{text}' is not an offset like +01:00")
    sign = -1 if match.group(1) == "-" else 1
    return sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def _apply_environment(settings: Settings, env: Mapping[str, str]) -> Settings:
    if env.get("KIOSK_DATABASE_URL"):
        settings = replace(settings, database_url=env["KIOSK_DATABASE_URL"])
    if env.get("KIOSK_SITE_NAME"):
        if not env["KIOSK_SITE_NAME"].strip():
            raise ConfigError("KIOSK_SITE_NAME", "site.name", "must not be empty")
        settings = replace(settings, site_name=env["KIOSK_SITE_NAME"].strip())
    if "KIOSK_PUBLIC_URL" in env:
        settings = replace(settings, web=replace(settings.web, public_url=check_public_url(
            env["KIOSK_PUBLIC_URL"], "KIOSK_PUBLIC_URL", "web.public_url")))
    if env.get("KIOSK_ADMIN_PIN_HASH"):
        settings = replace(settings, kiosk=replace(settings.kiosk,
                                                   admin_pin_hash=env["KIOSK_ADMIN_PIN_HASH"]))
    _check_admin_pin_hash(settings, "KIOSK_ADMIN_PIN_HASH" if env.get("KIOSK_ADMIN_PIN_HASH")
                          else settings.source)
    settings = replace(settings, notify=notify_environment(settings.notify, env))
    return _backend_environment(settings, env)


def _check_admin_pin_hash(settings: Settings, source: str) -> None:
    """An admin PIN hash that could never be checked would lock the kiosk for good."""
    encoded = settings.kiosk.admin_pin_hash
    problem = pin_hash_problem(encoded) if encoded else None
    if problem is not None:
        raise ConfigError(source, "kiosk.admin_pin_hash", problem)


def _backend_environment(settings: Settings, env: Mapping[str, str]) -> Settings:
    """``KIOSK_BACKEND``, backend URLs and credentials; then check the chosen backend."""
    kind = backend_kind(settings.backend, env)
    backends: dict[str, Any] = {
        name: with_environment(getattr(settings, name), name, env, active=name == kind)
        for name in BACKENDS if name != "none"}
    settings = replace(settings, backend=kind, sync=final_states(settings.sync, kind),
                       **backends)
    check_backend(settings.source, kind, getattr(settings, kind, None))
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

    def flag(self, data: Mapping[str, Any], key: str, default: bool) -> bool:
        value = data.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, bool):
            raise ConfigError(self.source, key, f"must be true or false, not {type(value).__name__}")
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
