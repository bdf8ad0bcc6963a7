"""Any settings file and any environment: valid Settings or a ConfigError naming the
problem, never another exception; and what loads keeps the rules the file is held to.

Files come two ways: the bundled default with a few keys replaced, removed or added
(values of every TOML type), written by the small TOML writer below; and any text or
bytes at all.
"""

from __future__ import annotations

import copy
import math
import re
import tomllib
from dataclasses import fields
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.config import (
    DEFAULT_CONFIG,
    ConsoleSettings,
    DisplaySettings,
    KioskSettings,
    Settings,
    SyncSettings,
    load_settings,
)
from kiosk.config.ticketing import BACKEND_TYPES, BACKENDS
from kiosk.errors import ConfigError
from tests.support.fuzz import TRICKY, hostile_text, outcome

FUZZ = hypothesis_settings(max_examples=500, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])
BASE: dict[str, Any] = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
Path_ = tuple[str | int, ...]


def _paths(table: dict[str, Any], prefix: Path_ = ()) -> list[Path_]:
    found: list[Path_] = []
    for key, value in table.items():
        found.append((*prefix, key))
        if isinstance(value, dict):
            found += _paths(value, (*prefix, key))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            found += _paths(value[0], (*prefix, key, 0))
    return found


#: Every key the default file has, and every key the loader knows (credentials too).
KEYS: list[Path_] = sorted(set(_paths(BASE)) | {
    ("site", "utc_offset"), ("database", "url"), ("categories", 0, "label", "es"),
    *(("backend", kind, f.name) for kind, cls in BACKEND_TYPES.items() for f in fields(cls)),
    *(("kiosk", f.name) for f in fields(KioskSettings)),
    *(("console", f.name) for f in fields(ConsoleSettings)),
    *(("display", f.name) for f in fields(DisplaySettings)),
    *(("sync", f.name) for f in fields(SyncSettings)),
    ("categories", 1, "id"), ("unknown",), ("site", "unknown")}, key=str)
#: Values the loader accepts somewhere, so mutated files get past the first check.
GOOD = ("laptop", "L", "+01:00", "-14:59", "https://tickets.example.test", "webhook", "rt",
        "servicenow", "jira", "zammad", "zendesk", "none", "en", "de", "light", "auto",
        "resolved", "tags", "labels", "customfield_10050", "10", "KioskSessionID", "incident",
        "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
        "scrypt$1048576$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5")
ENVIRONMENT = ("KIOSK_DATABASE_URL", "KIOSK_SITE_NAME", "KIOSK_ADMIN_PIN_HASH", "KIOSK_BACKEND",
               "KIOSK_RT_QUEUE", *(f"KIOSK_{kind.upper()}_URL" for kind in BACKEND_TYPES),
               *(f.metadata["env"] for cls in BACKEND_TYPES.values() for f in fields(cls)
                 if "env" in f.metadata))

text = st.text(st.characters(exclude_categories=("Cs",)) | st.sampled_from(TRICKY.replace(
    "\ud800", "").replace("\udc80", "").replace("\udfff", "")), max_size=20)
scalars = st.one_of(
    text, st.sampled_from(GOOD), st.tuples(st.sampled_from(GOOD), st.sampled_from(["\n", " "])).map(
        "".join), st.integers(-(2**63), 2**63 - 1), st.integers(-5, 1500),
    st.floats(), st.booleans(), st.dates(), st.datetimes(), st.times())
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "label", "en", "xx"]) | text, inner, max_size=3),
    max_leaves=6)
#: Environment values: what an environment can hold (no NUL; undecodable bytes as
#: surrogates), mostly for the variables the loader reads.
env_values = hostile_text(max_size=30).map(lambda v: v.replace("\x00", "")) | st.sampled_from(
    GOOD + ("", " ", "https://h.example.test/\n/x", "  Tech Bar  "))
environments = st.dictionaries(st.sampled_from(ENVIRONMENT) | st.just("KIOSK_OTHER"),
                               env_values, max_size=4)


# ------------------------------------------------------------ a small TOML writer


def toml_string(value: str) -> str:
    """A basic string: quotes, backslashes and control characters escaped."""
    escaped = ("\\" + c if c in '"\\' else f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F
               else c for c in value)
    return '"' + "".join(escaped) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else "inf" if value > 0 else "-inf"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(data: dict[str, Any]) -> str:
    """Every table inline: ``"site" = {"id" = "hq"}``, arrays of tables as arrays."""
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in data.items())


def changed(document: dict[str, Any], path: Path_, value: Any) -> None:
    """Set (``value`` not None) or remove the key at ``path``, making tables on the way
    (a number in ``path`` is a place in an array of tables)."""
    container: Any = document
    for key, following in zip(path, path[1:], strict=False):
        fresh: Any = [] if isinstance(following, int) else {}
        if isinstance(container, list) and isinstance(key, int):
            key = min(key, len(container))
            if key == len(container) or type(container[key]) is not type(fresh):
                container[key:key + 1] = [fresh]
        elif isinstance(container, dict) and isinstance(key, str):
            if type(container.get(key)) is not type(fresh):
                container[key] = fresh
        else:
            return
        container = container[key]
    last = path[-1]
    if isinstance(container, list) and isinstance(last, int):
        container[last:last + 1] = [] if value is None else [value]
    elif isinstance(container, dict) and isinstance(last, str):
        if value is None:
            container.pop(last, None)
        else:
            container[last] = value


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """The default settings with up to five keys replaced, removed or added."""
    document = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 5))):
        changed(document, draw(st.sampled_from(KEYS)), draw(st.none() | values))
    return document


# ------------------------------------------------------------ the properties


def load(path: Path | None, environ: dict[str, str]) -> Settings | None:
    """The settings, or None after a ConfigError with a message naming the source."""
    settings = outcome(lambda: load_settings(path, environ=environ), ConfigError)
    if isinstance(settings, ConfigError):
        assert settings.source
        assert settings.key
        assert settings.problem.strip()
        event(f"refused: {settings.key.split('.')[0].split('[')[0]}")
        return None
    event("loaded")
    follows_the_rules(settings)
    return settings


def follows_the_rules(settings: Settings) -> None:
    """What loaded obeys the rules the file is checked against, whatever the environment."""
    assert settings.site_name.strip() == settings.site_name != "", "the site needs a name"
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", settings.site_id)
    assert settings.categories
    assert len({c.id for c in settings.categories}) == len(settings.categories)
    for category in settings.categories:
        assert re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", category.id)
        assert re.fullmatch(r"[A-Z]{1,3}", category.prefix)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,31}", category.icon)
    assert settings.kiosk.default_language in settings.kiosk.languages
    assert settings.backend in BACKENDS
    if settings.backend == "rt":
        assert settings.rt.custom_field == settings.rt.custom_field.strip()


@FUZZ
@given(document=documents(), environ=environments)
@example(document=BASE, environ={"KIOSK_SITE_NAME": "   "})  # was an empty name
@example(document={**BASE, "site": {"id": "hq\n"}}, environ={})  # a trailing newline passed
@example(document={**BASE, "backend": {"kind": "rt", "rt": {
    "url": "https://rt.example.test", "custom_field": "KioskSessionID\n"}}},
    environ={"KIOSK_RT_TOKEN": "t"})
def test_a_settings_file_loads_or_names_its_problem(tmp_path: Path, document: dict[str, Any],
                                                   environ: dict[str, str]) -> None:
    path = tmp_path / "settings.toml"
    written = toml_document(document)
    path.write_text(written, encoding="utf-8")
    assert tomllib.loads(written).keys() == document.keys(), "the writer wrote valid TOML"
    load(path, environ)


@FUZZ
@given(content=hostile_text(max_size=200) | st.sampled_from(["[site", "a = [" * 3000, "\ufeff"]),
       environ=environments)
@example(content="a = {" * 5000, environ={})
@example(content="[site]\nname = \"\udcff\"", environ={})
def test_any_text_loads_or_names_its_problem(tmp_path: Path, content: str,
                                             environ: dict[str, str]) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    load(path, environ)


@FUZZ
@given(environ=environments, config=st.just("") | env_values)
@example(environ={}, config="\ud800")  # a name no file can have: was a UnicodeEncodeError
@example(environ={"KIOSK_BACKEND": "webhook", "KIOSK_WEBHOOK_URL": "http://h",
                  "KIOSK_WEBHOOK_SECRET": "s"}, config="")
def test_the_environment_alone_loads_or_names_its_problem(environ: dict[str, str],
                                                          config: str) -> None:
    load(None, {**environ, "KIOSK_CONFIG": config})
