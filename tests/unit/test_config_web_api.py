"""The API's ``[web]`` settings: the per-token rate and the CORS origins (closed by default)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.config.web import DEFAULT_API_RATE_LIMIT
from kiosk.errors import ConfigError
from tests.unit.test_config import MINIMAL, write


def test_by_default_cors_is_closed_and_tokens_have_the_default_rate(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL), environ={})
    assert settings.web.cors_origins == ()
    assert settings.web.api_rate_limit_per_minute == DEFAULT_API_RATE_LIMIT


def test_origins_and_a_rate(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL + """
[web]
api_rate_limit_per_minute = 120
cors_origins = ["https://intranet.example.com/", "http://board.example.com:8443",
                "https://intranet.example.com"]
"""), environ={})
    assert settings.web.api_rate_limit_per_minute == 120
    assert settings.web.cors_origins == ("https://intranet.example.com",
                                         "http://board.example.com:8443")


@pytest.mark.parametrize("value", ['"https://intranet.example.com"', '["*"]', '[""]', "[1]",
                                   '["https://intranet.example.com/page"]',
                                   '["ftp://intranet.example.com"]',
                                   '["https://intranet.example.com?x=1"]'])
def test_a_bad_origin_is_one_clear_error(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, MINIMAL + f"\n[web]\ncors_origins = {value}\n"), environ={})
    assert caught.value.key == "web.cors_origins"
    assert "\n" not in str(caught.value)


def test_a_rate_out_of_range_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="api_rate_limit_per_minute"):
        load_settings(write(tmp_path, MINIMAL + "\n[web]\napi_rate_limit_per_minute = 0\n"),
                      environ={})
