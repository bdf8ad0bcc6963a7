"""The ``[web]`` settings: the public address the kiosk's QR codes point at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.config.web import DEFAULT_PUBLIC_URL
from kiosk.errors import ConfigError
from tests.unit.test_config import MINIMAL, write


def test_the_default_points_the_qr_code_at_the_local_web_service(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL), environ={})
    assert settings.web.public_url == DEFAULT_PUBLIC_URL
    assert settings.status_link_template == f"{DEFAULT_PUBLIC_URL}/v/{{status_token}}"


def test_a_public_url_behind_a_proxy_with_a_path(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL + """
[web]
public_url = "https://help.example.com/techbar/"
rate_limit_per_minute = 1200
"""), environ={})
    assert settings.web.public_url == "https://help.example.com/techbar"
    assert settings.web.rate_limit_per_minute == 1200
    assert settings.status_link_template == "https://help.example.com/techbar/v/{status_token}"


def test_the_sites_own_page_wins_and_an_empty_url_shows_none(tmp_path: Path) -> None:
    own = load_settings(write(tmp_path, MINIMAL + """
[kiosk]
status_url_template = "https://intranet.example/queue?t={ticket_number}&k={status_token}"
"""), environ={})
    assert own.status_link_template.startswith("https://intranet.example/queue")
    none = load_settings(write(tmp_path, MINIMAL + '[web]\npublic_url = ""\n'), environ={})
    assert none.status_link_template == ""


def test_the_environment_overrides_the_public_url(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL),
                             environ={"KIOSK_PUBLIC_URL": "https://q.example.org"})
    assert settings.web.public_url == "https://q.example.org"
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, MINIMAL), environ={"KIOSK_PUBLIC_URL": "ftp://x"})
    assert caught.value.source == "KIOSK_PUBLIC_URL"


@pytest.mark.parametrize("url", [
    "help.example.com", "ftp://help.example.com", "https://", "https://h.example/?a=1",
    "https://h.example/#x", "https://user@h.example", "https://h.example/a b",
    "javascript:alert(1)", "https://h.example:99999", "https://h.example/\x07",
    "https://" + "x" * 10_000 + "\n",
])
def test_a_bad_public_url_is_one_line_naming_the_key(tmp_path: Path, url: str) -> None:
    config = write(tmp_path, MINIMAL + f"[web]\npublic_url = {json.dumps(url)}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert caught.value.key == "web.public_url"
    assert "\n" not in str(caught.value)[:300]


@pytest.mark.parametrize(("line", "problem"), [("rate_limit_per_minute = 1", "out of range"),
                                               ('colour = "red"', "unknown key")])
def test_other_bad_web_settings(tmp_path: Path, line: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        load_settings(write(tmp_path, MINIMAL + "[web]\n" + line + "\n"), environ={})
