"""``[web] opening_hours`` and ``[web] embed_origins``: the public page's settings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.config.hours import OpeningHours
from kiosk.errors import ConfigError
from tests.unit.test_config import MINIMAL, write


def test_the_defaults_are_weekdays_eight_to_five_and_no_embedding(tmp_path: Path) -> None:
    web = load_settings(write(tmp_path, MINIMAL), environ={}).web
    assert web.opening_hours == OpeningHours()
    assert web.opening_hours.days[0] == (8 * 60, 17 * 60)
    assert web.opening_hours.days[5:] == (None, None)
    assert web.embed_origins == ()
    monday = datetime(2026, 11, 23, 16, 59)
    assert web.opening_hours.is_open(monday)
    assert not web.opening_hours.is_open(monday.replace(hour=17, minute=0))
    assert not web.opening_hours.is_open(monday.replace(hour=7, minute=59))


def test_one_range_or_a_table_of_weekdays(tmp_path: Path) -> None:
    one = load_settings(write(tmp_path, MINIMAL + '[web]\nopening_hours = "07:30-24:00"\n'),
                        environ={}).web.opening_hours
    assert one.days == ((450, 1440),) * 5 + (None, None)
    table = load_settings(write(tmp_path, MINIMAL + """
[web]
opening_hours = { mon = "09:00-12:00", sat = "10:00 - 14:00", sun = "closed" }
embed_origins = ["https://intranet.example.com/", "http://wiki.example.com:8080"]
"""), environ={}).web
    assert table.opening_hours.days == ((540, 720), None, None, None, None, (600, 840), None)
    assert table.embed_origins == ("https://intranet.example.com",
                                   "http://wiki.example.com:8080")


@pytest.mark.parametrize(("value", "key"), [
    ('"8-17"', "web.opening_hours"),
    ('"17:00-08:00"', "web.opening_hours"),
    ('"08:00-08:00"', "web.opening_hours"),
    ('"25:00-26:00"', "web.opening_hours"),
    ("9", "web.opening_hours"),
    ("{ monday = \"08:00-17:00\" }", "web.opening_hours"),
    ("{}", "web.opening_hours"),
    ('{ tue = "08:00-17:60" }', "web.opening_hours.tue"),
    ("{ fri = 8 }", "web.opening_hours.fri"),
])
def test_bad_hours_are_one_line_naming_the_key(tmp_path: Path, value: str, key: str) -> None:
    config = write(tmp_path, MINIMAL + f"[web]\nopening_hours = {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert caught.value.key == key
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("origins", [
    ["*"], ["https://intranet.example.com/page"], "https://x.example", [1],
    ["javascript:alert(1)"],
])
def test_bad_embed_origins_are_refused(tmp_path: Path, origins: object) -> None:
    config = write(tmp_path, MINIMAL + f"[web]\nembed_origins = {json.dumps(origins)}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert caught.value.key == "web.embed_origins"
