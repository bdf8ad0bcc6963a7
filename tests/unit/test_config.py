from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG, load_settings
from kiosk.domain.pins import hash_pin
from kiosk.errors import ConfigError

MINIMAL = """
[site]
id = "b2"
name = "Building 2"
utc_offset = "-05:30"

[[categories]]
id = "laptop"
label = "Laptop"
wait_target_minutes = 12
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_file_loads() -> None:
    settings = load_settings(DEFAULT_CONFIG, environ={})
    assert settings.site_id == "hq"
    assert [c.id for c in settings.categories][:2] == ["laptop", "account"]
    assert settings.backend == "none"


def test_minimal_file_and_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL), environ={})
    assert settings.site_name == "Building 2"
    assert settings.utc_offset == -timedelta(hours=5, minutes=30)
    category = settings.categories[0]
    assert (category.prefix, category.wait_target) == ("L", timedelta(minutes=12))
    assert category.resolution_target == timedelta(minutes=30)


def test_kiosk_config_variable_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    assert load_settings(environ={"KIOSK_CONFIG": str(path)}).site_id == "b2"


def test_environment_overrides(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL), environ={
        "KIOSK_DATABASE_URL": "postgresql+psycopg://db/techbar",
        "KIOSK_BACKEND": "webhook",
        "KIOSK_WEBHOOK_URL": "https://hooks.example.test/visits",
        "KIOSK_WEBHOOK_SECRET": "s3cret",
    })
    assert settings.database_url == "postgresql+psycopg://db/techbar"
    assert settings.backend == "webhook"
    assert settings.webhook.url == "https://hooks.example.test/visits"
    assert settings.webhook.secret == "s3cret"
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(("text", "key", "problem"), [
    ("[site\nid=", "(syntax)", "not valid TOML"),
    ("colour = 1\n" + MINIMAL, "colour", "unknown key"),
    ('[site]\nid = "Bad Id"\n', "site.id", "lower-case"),
    ('[site]\nutc_offset = "5"\n' + MINIMAL.split("[site]")[1].split("\n", 4)[-1],
     "site.utc_offset", "not an offset"),
    (MINIMAL.replace('id = "laptop"', 'id = 7'), "categories[0].id", "must be a string"),
    (MINIMAL.replace("wait_target_minutes = 12", "wait_target_minutes = -1"),
     "categories[0].wait_target_minutes", "out of range"),
    (MINIMAL + '[[categories]]\nid = "laptop"\n', "categories[1].id", "used twice"),
    ('[site]\nid = "x"\n', "categories", "at least one"),
    (MINIMAL + '[backend]\nkind = "carrier-pigeon"\n', "backend.kind", "not one of"),
    (MINIMAL + '[backend.webhook]\nsecret = "oops"\n', "backend.webhook.secret",
     "not read from files"),
    (MINIMAL + '[backend]\nkind = "webhook"\n', "backend.webhook.url", "needs an http(s) URL"),
])
def test_invalid_files_name_file_key_and_problem(tmp_path: Path, text: str, key: str,
                                                  problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_webhook_without_secret_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KIOSK_WEBHOOK_SECRET"):
        load_settings(write(tmp_path, MINIMAL), environ={
            "KIOSK_BACKEND": "webhook", "KIOSK_WEBHOOK_URL": "http://127.0.0.1:9/x"})


def test_unknown_backend_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KIOSK_BACKEND"):
        load_settings(write(tmp_path, MINIMAL), environ={"KIOSK_BACKEND": "fax"})


KIOSK = MINIMAL.replace('label = "Laptop"', 'label = { en = "Laptop", de = "Notebook" }\nicon = "laptop"')


PIN_HASH = hash_pin("13579")


def test_kiosk_section_and_translated_labels(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, KIOSK + """
[kiosk]
idle_seconds = 30
countdown_seconds = 25
languages = ["en", "de"]
default_language = "de"
theme = "high-contrast"
large_text = true
status_url_template = "https://help.example.com/v/{visit_id}?t={ticket_number}"
"""), environ={"KIOSK_ADMIN_PIN_HASH": PIN_HASH})
    kiosk = settings.kiosk
    assert (kiosk.idle_seconds, kiosk.countdown_seconds, kiosk.theme) == (30, 25, "high-contrast")
    assert kiosk.languages == ("en", "de")
    assert kiosk.large_text is True
    assert kiosk.admin_pin_hash == PIN_HASH
    category = settings.categories[0]
    assert (category.label_for("de"), category.label_for("es")) == ("Notebook", "Laptop")
    assert category.icon == "laptop"


@pytest.mark.parametrize(("kiosk", "key", "problem"), [
    ("countdown_seconds = 5", "kiosk.countdown_seconds", "out of range"),
    ('languages = ["en", "fr"]', "kiosk.languages", "non-empty list"),
    ('default_language = "es"\nlanguages = ["en"]', "kiosk.default_language", "one of"),
    ('theme = "neon"', "kiosk.theme", "not one of"),
    ('large_text = "yes"', "kiosk.large_text", "true or false"),
    ('status_url_template = "https://x.example/{email}"', "kiosk.status_url_template",
     "only {visit_id}"),
    ("wallpaper = 1", "kiosk.wallpaper", "unknown key"),
])
def test_bad_kiosk_settings(tmp_path: Path, kiosk: str, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, MINIMAL + "[kiosk]\n" + kiosk + "\n"), environ={})
    assert caught.value.key == key
    assert problem in caught.value.problem


@pytest.mark.parametrize(("label", "key", "problem"), [
    ('{ es = "Portátil" }', "categories[0].label", "English label"),
    ('{ en = "Laptop", fr = "Portable" }', "categories[0].label.fr", "unknown language"),
    ("3", "categories[0].label", "string or a table"),
])
def test_bad_category_labels(tmp_path: Path, label: str, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, MINIMAL.replace('"Laptop"', label)), environ={})
    assert caught.value.key == key
    assert problem in caught.value.problem
