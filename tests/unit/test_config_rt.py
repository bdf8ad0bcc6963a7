"""The ``[backend.rt]`` table and the ``KIOSK_RT_*`` variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG, TICKETING_FINAL_STATES, RTSettings, load_settings
from kiosk.errors import ConfigError

MINIMAL = """
[site]
id = "b2"

[[categories]]
id = "laptop"
"""
CREDENTIALS = {"KIOSK_RT_USERNAME": "kiosk-api", "KIOSK_RT_PASSWORD": "pa55word"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_rt_table_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + """
[backend]
kind = "rt"

[backend.rt]
url = "https://rt.example.test/rt"
queue = "Walk-up"
custom_field = "Kiosk Session"
timeout_seconds = 4.5
resolve_status = "closed"
""")
    settings = load_settings(path, environ=CREDENTIALS)
    assert settings.backend == "rt"
    assert settings.rt == RTSettings(url="https://rt.example.test/rt", queue="Walk-up",
                                     custom_field="Kiosk Session", timeout_seconds=4.5,
                                     resolve_status="closed", username="kiosk-api",
                                     password="pa55word")
    assert settings.sync.send_final_states == TICKETING_FINAL_STATES == ("resolved", "escalated")
    assert "pa55word" not in repr(settings)


def test_defaults_and_environment_overrides() -> None:
    settings = load_settings(DEFAULT_CONFIG, environ={
        "KIOSK_BACKEND": "rt", "KIOSK_RT_URL": "http://127.0.0.1:18080/rt",
        "KIOSK_RT_QUEUE": " Tech Bar ", "KIOSK_RT_TOKEN": "1-2-abcdef"})
    assert settings.rt == RTSettings(url="http://127.0.0.1:18080/rt", queue="Tech Bar",
                                     custom_field="KioskSessionID", timeout_seconds=10.0,
                                     resolve_status="resolved", token="1-2-abcdef")
    assert "1-2-abcdef" not in repr(settings)
    assert settings.sync.send_final_states == ("resolved", "escalated")


def test_other_backends_keep_sending_every_final_state() -> None:
    settings = load_settings(DEFAULT_CONFIG, environ={
        "KIOSK_BACKEND": "webhook", "KIOSK_WEBHOOK_URL": "http://127.0.0.1:9/x",
        "KIOSK_WEBHOOK_SECRET": "s"})
    assert settings.sync.send_final_states == ("resolved", "escalated", "no_show", "cancelled")


@pytest.mark.parametrize(("table", "key", "problem"), [
    ('password = "oops"', "backend.rt.password", "KIOSK_RT_PASSWORD"),
    ('token = "oops"', "backend.rt.token", "KIOSK_RT_TOKEN"),
    ('username = "me"', "backend.rt.username", "KIOSK_RT_USERNAME"),
    ('colour = "red"', "backend.rt.colour", "unknown key"),
    ("timeout_seconds = 0", "backend.rt.timeout_seconds", "out of range"),
    ("queue = 3", "backend.rt.queue", "must be a string"),
])
def test_invalid_rt_tables(tmp_path: Path, table: str, key: str, problem: str) -> None:
    path = write(tmp_path, MINIMAL + "[backend.rt]\n" + table + "\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ=CREDENTIALS)
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert "oops" not in str(caught.value)


@pytest.mark.parametrize(("environ", "key", "problem"), [
    ({}, "backend.rt.url", "KIOSK_RT_URL"),
    ({"KIOSK_RT_URL": "rt.example.test/rt"}, "backend.rt.url", "http(s)"),
    ({"KIOSK_RT_URL": "http://rt", "KIOSK_RT_PASSWORD": ""}, "backend.rt", "KIOSK_RT_TOKEN"),
    ({"KIOSK_RT_URL": "http://rt", "KIOSK_RT_USERNAME": ""}, "backend.rt", "KIOSK_RT_USERNAME"),
    ({"KIOSK_RT_URL": "http://rt", "KIOSK_RT_QUEUE": "   "}, "backend.rt.queue", "empty"),
])
def test_an_incomplete_rt_backend_is_refused(environ: dict[str, str], key: str,
                                             problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(DEFAULT_CONFIG, environ={**CREDENTIALS, "KIOSK_BACKEND": "rt", **environ})
    assert caught.value.key == key
    assert problem in caught.value.problem


@pytest.mark.parametrize("name", ["", " padded", "Kiosk}ID", "it's", 'say "x"', "back\\slash"])
def test_a_custom_field_name_that_cannot_be_quoted_is_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, MINIMAL + f"[backend.rt]\ncustom_field = '''{name}'''\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={**CREDENTIALS, "KIOSK_BACKEND": "rt",
                                     "KIOSK_RT_URL": "http://rt.example.test/rt"})
    assert caught.value.key == "backend.rt.custom_field"


def test_an_empty_resolve_status_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '[backend.rt]\nresolve_status = " "\n')
    with pytest.raises(ConfigError, match="resolve_status"):
        load_settings(path, environ={**CREDENTIALS, "KIOSK_BACKEND": "rt",
                                     "KIOSK_RT_URL": "http://rt.example.test/rt"})
