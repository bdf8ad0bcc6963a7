"""``[backend.<kind>]`` tables, ``[sync]``, and credentials from the environment or keyring."""

from __future__ import annotations

import sys
import types
from dataclasses import fields
from pathlib import Path

import pytest

from kiosk.config import (
    DEFAULT_CONFIG,
    JiraSettings,
    ServiceNowSettings,
    ZammadSettings,
    ZendeskSettings,
    load_settings,
)
from kiosk.config.ticketing import BACKEND_TYPES
from kiosk.errors import ConfigError

MINIMAL = """
[site]
id = "b2"

[[categories]]
id = "laptop"
"""
CREDENTIALS = {
    "servicenow": {"KIOSK_SERVICENOW_USERNAME": "api", "KIOSK_SERVICENOW_PASSWORD": "pw-sn"},
    "jira": {"KIOSK_JIRA_EMAIL": "api@example.test", "KIOSK_JIRA_TOKEN": "tok-jira"},
    "zammad": {"KIOSK_ZAMMAD_TOKEN": "tok-zammad"},
    "zendesk": {"KIOSK_ZENDESK_EMAIL": "api@example.test", "KIOSK_ZENDESK_TOKEN": "tok-zd"},
}
TABLES = {
    "servicenow": """
[backend.servicenow]
url = "https://acme.service-now.test"
table = "incident"
caller_id = "walkup"
assignment_group = "Service Desk"
close_code = "Solved (Permanently)"
escalation_groups = { "network" = "Network L2" }
timeout_seconds = 4
max_attempts = 7
""",
    "jira": """
[backend.jira]
url = "https://acme.atlassian.test"
service_desk_id = "10"
request_type_id = "25"
resolve_transition_id = "761"
uuid_field = "customfield_10050"
search_path = "/rest/api/2/search"
raise_on_behalf = true
""",
    "zammad": """
[backend.zammad]
url = "https://helpdesk.example.test"
group = "Walk-up"
customer = "desk@example.test"
uuid_field = "kiosk_session_id"
""",
    "zendesk": """
[backend.zendesk]
url = "https://acme.zendesk.test"
group_id = "360001"
escalation_groups = { "network" = "360099" }
""",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, kind: str, extra: str = "", **environ: str) -> object:
    text = MINIMAL + f'[backend]\nkind = "{kind}"\n' + TABLES[kind] + extra
    return load_settings(write(tmp_path, text), environ={**CREDENTIALS[kind], **environ})


def test_each_backend_table_is_read_with_credentials_from_the_environment(
        tmp_path: Path) -> None:
    sn = load(tmp_path, "servicenow").servicenow  # type: ignore[attr-defined]
    assert sn == ServiceNowSettings(
        url="https://acme.service-now.test", caller_id="walkup", assignment_group="Service Desk",
        close_code="Solved (Permanently)", escalation_groups=(("network", "Network L2"),),
        timeout_seconds=4.0, max_attempts=7, username="api", password="pw-sn")
    jira = load(tmp_path, "jira").jira  # type: ignore[attr-defined]
    assert jira == JiraSettings(
        url="https://acme.atlassian.test", service_desk_id="10", request_type_id="25",
        resolve_transition_id="761", uuid_field="customfield_10050",
        search_path="/rest/api/2/search", raise_on_behalf=True, email="api@example.test",
        token="tok-jira")
    zammad = load(tmp_path, "zammad").zammad  # type: ignore[attr-defined]
    assert zammad == ZammadSettings(url="https://helpdesk.example.test", group="Walk-up",
                                    customer="desk@example.test", uuid_field="kiosk_session_id",
                                    token="tok-zammad")
    settings = load(tmp_path, "zendesk")
    assert settings.zendesk == ZendeskSettings(  # type: ignore[attr-defined]
        url="https://acme.zendesk.test", group_id="360001",
        escalation_groups=(("network", "360099"),), email="api@example.test", token="tok-zd")
    for secret in ("pw-sn", "tok-jira", "tok-zammad", "tok-zd"):
        assert secret not in repr(settings)


SECRETS = [(kind, f.name, f.metadata["env"]) for kind, cls in BACKEND_TYPES.items()
           for f in fields(cls) if "env" in f.metadata]


@pytest.mark.parametrize(("kind", "key", "variable"), SECRETS)
def test_a_credential_in_the_file_is_refused_naming_its_variable(
        tmp_path: Path, kind: str, key: str, variable: str) -> None:
    path = write(tmp_path, MINIMAL + f'[backend.{kind}]\n{key} = "oops"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert caught.value.key == f"backend.{kind}.{key}"
    assert variable in caught.value.problem
    assert "oops" not in str(caught.value)


@pytest.mark.parametrize(("kind", "variable"), [
    ("servicenow", "KIOSK_SERVICENOW_TOKEN"), ("jira", "KIOSK_JIRA_TOKEN"),
    ("zammad", "KIOSK_ZAMMAD_TOKEN"), ("zendesk", "KIOSK_ZENDESK_TOKEN")])
def test_missing_credentials_name_the_variables(tmp_path: Path, kind: str,
                                                variable: str) -> None:
    text = MINIMAL + f'[backend]\nkind = "{kind}"\n' + TABLES[kind]
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text), environ={})
    assert variable in caught.value.problem


def test_a_servicenow_token_alone_is_enough(tmp_path: Path) -> None:
    text = MINIMAL + '[backend]\nkind = "servicenow"\n' + TABLES["servicenow"]
    settings = load_settings(write(tmp_path, text), environ={"KIOSK_SERVICENOW_TOKEN": "b"})
    assert settings.servicenow.token == "b"


@pytest.mark.parametrize(("kind", "line", "key"), [
    ("jira", 'request_type_id = "Walk-up"', "backend.jira.request_type_id"),
    ("jira", 'uuid_field = "summary"', "backend.jira.uuid_field"),
    ("jira", 'label_prefix = "tech bar"', "backend.jira.label_prefix"),
    ("jira", 'search_path = "search"', "backend.jira.search_path"),
    ("jira", 'escalation_field = "assignee"', "backend.jira.escalation_field"),
    ("zammad", 'uuid_field = "Kiosk ID"', "backend.zammad.uuid_field"),
    ("zammad", 'group = ""', "backend.zammad.group"),
    ("zendesk", 'group_id = "walk-up"', "backend.zendesk.group_id"),
    ("zendesk", 'escalation_groups = { "network" = "Network" }',
     "backend.zendesk.escalation_groups.network"),
    ("servicenow", 'table = "incident; drop"', "backend.servicenow.table"),
    ("servicenow", "escalation_groups = [1]", "backend.servicenow.escalation_groups"),
    ("servicenow", "timeout_seconds = 0", "backend.servicenow.timeout_seconds"),
    ("servicenow", 'colour = "red"', "backend.servicenow.colour"),
])
def test_invalid_backend_values_name_the_key(tmp_path: Path, kind: str, line: str,
                                             key: str) -> None:
    lines = TABLES[kind].strip().splitlines()
    name = line.split(" = ")[0]
    kept = [entry for entry in lines[1:] if not entry.startswith(name + " ")]
    table = "\n".join([lines[0], line, *kept]) + "\n"
    text = MINIMAL + f'[backend]\nkind = "{kind}"\n' + table
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text), environ=CREDENTIALS[kind])
    assert caught.value.key == key


def test_urls_come_from_kiosk_kind_url(tmp_path: Path) -> None:
    settings = load(tmp_path, "zammad", KIOSK_ZAMMAD_URL="http://127.0.0.1:3000")
    assert settings.zammad.url == "http://127.0.0.1:3000"  # type: ignore[attr-defined]
    with pytest.raises(ConfigError, match="KIOSK_JIRA_URL"):
        load_settings(DEFAULT_CONFIG, environ={"KIOSK_BACKEND": "jira", **CREDENTIALS["jira"]})


@pytest.mark.parametrize(("kind", "states"), [
    ("none", ("resolved", "escalated", "no_show", "cancelled")),
    ("zendesk", ("resolved", "escalated"))])
def test_final_states_default_by_backend(tmp_path: Path, kind: str,
                                         states: tuple[str, ...]) -> None:
    table = TABLES.get(kind, "")
    text = MINIMAL + f'[backend]\nkind = "{kind}"\n' + table
    settings = load_settings(write(tmp_path, text), environ=CREDENTIALS.get(kind, {}))
    assert settings.sync.send_final_states == states


def test_sync_settings_are_read_from_the_file(tmp_path: Path) -> None:
    settings = load(tmp_path, "zendesk", """
[sync]
max_attempts = 4
send_final_states = ["resolved", "no_show", "resolved"]
""")
    assert settings.sync.max_attempts == 4  # type: ignore[attr-defined]
    assert settings.sync.send_final_states == ("resolved", "no_show")  # type: ignore[attr-defined]


@pytest.mark.parametrize("states", ['[]', '["waiting"]', '"resolved"'])
def test_bad_final_states_are_refused(tmp_path: Path, states: str) -> None:
    path = write(tmp_path, MINIMAL + f"[sync]\nsend_final_states = {states}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert caught.value.key == "sync.send_final_states"


class FakeKeyring(types.ModuleType):
    def __init__(self, stored: dict[tuple[str, str], str]) -> None:
        super().__init__("keyring")
        self.stored = stored
        self.asked: list[str] = []

    def get_password(self, service: str, user: str) -> str | None:
        self.asked.append(user)
        return self.stored.get((service, user))


def test_credentials_may_come_from_the_system_keyring(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keyring = FakeKeyring({("techbar", "KIOSK_ZAMMAD_TOKEN"): "from-keyring"})
    monkeypatch.setitem(sys.modules, "keyring", keyring)
    text = MINIMAL + '[backend]\nkind = "zammad"\n' + TABLES["zammad"]
    settings = load_settings(write(tmp_path, text), environ={})
    assert settings.zammad.token == "from-keyring"
    assert keyring.asked == ["KIOSK_ZAMMAD_TOKEN"]  # only the active backend's secrets
    environment_wins = load_settings(write(tmp_path, text),
                                     environ={"KIOSK_ZAMMAD_TOKEN": "from-env"})
    assert environment_wins.zammad.token == "from-env"
