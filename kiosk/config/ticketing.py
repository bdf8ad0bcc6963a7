"""Settings of the ticketing backends (``[backend]``, ``[backend.<kind>]``) and ``[sync]``.

Kept apart from :mod:`kiosk.config`, which calls in here. Each backend is one frozen
dataclass whose fields are its file keys; a field with ``env`` metadata is a
credential, read only from that environment variable (or, when the optional
``keyring`` package is installed, from the system keyring under the service
``techbar`` and the variable's name), never from the file and never shown in a repr.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields, replace
from typing import Any, Protocol, TypeVar

from kiosk.errors import ConfigError

BACKENDS = ("none", "webhook", "rt", "servicenow", "jira", "zammad", "zendesk")
#: Final states sent to a ticketing system by default (the webhook receives every one).
TICKETING_FINAL_STATES = ("resolved", "escalated")
ALL_FINAL_STATES = ("resolved", "escalated", "no_show", "cancelled")
KEYRING_SERVICE = "techbar"
_HTTP_URL = re.compile(r"^https?://[^\s/]+")
#: A custom field name that can be quoted in TicketSQL ``CF.{...}`` as it is.
_CF_NAME = re.compile(r"[^{}'\"\\\s](?:[^{}'\"\\]{0,198}[^{}'\"\\\s])?")
_JIRA_FIELD = re.compile(r"labels|customfield_[0-9]{1,9}")
_JIRA_ESCALATION = re.compile(r"components|customfield_[0-9]{1,9}")
_ZAMMAD_ATTRIBUTE = re.compile(r"tags|[a-z][a-z0-9_]{0,62}")
_DIGITS = re.compile(r"[0-9]{1,18}")
_TIMEOUT = {"range": (0.1, 300.0)}
_ATTEMPTS = {"range": (1, 1000)}
#: Deliveries a sync worker keeps under way at once: the default and the most allowed.
DEFAULT_IN_FLIGHT = 4
MAX_IN_FLIGHT = 32


def _secret(variable: str) -> Any:
    return field(default="", repr=False, metadata={"env": variable})


@dataclass(frozen=True)
class WebhookSettings:
    """The generic JSON webhook. ``max_attempts`` None means ``[sync] max_attempts``."""

    url: str = ""
    secret: str = _secret("KIOSK_WEBHOOK_SECRET")
    timeout_seconds: float = field(default=10.0, metadata=_TIMEOUT)
    max_attempts: int | None = field(default=None, metadata=_ATTEMPTS)


@dataclass(frozen=True)
class RTSettings:
    """Request Tracker 5 (REST2).

    Attributes:
        url: the RT base, e.g. ``https://rt.example.com/rt`` (REST2 lives below it).
        queue: the queue tickets are created in.
        custom_field: the ticket custom field that holds the visit's UUID.
        timeout_seconds: the time allowed for all the calls that deliver one visit.
        resolve_status: the status given to tickets of resolved visits.
        username: Basic auth user (environment only).
        password: Basic auth password (environment only).
        token: an RT auth token, sent as ``Authorization: token ...`` (environment only).
    """

    url: str = ""
    queue: str = "General"
    custom_field: str = field(default="KioskSessionID", metadata={"raw": True})
    timeout_seconds: float = field(default=10.0, metadata=_TIMEOUT)
    resolve_status: str = "resolved"
    max_attempts: int | None = field(default=None, metadata=_ATTEMPTS)
    username: str = _secret("KIOSK_RT_USERNAME")
    password: str = _secret("KIOSK_RT_PASSWORD")
    token: str = _secret("KIOSK_RT_TOKEN")


@dataclass(frozen=True)
class ServiceNowSettings:
    """ServiceNow Table API.

    Attributes:
        url: the instance, e.g. ``https://acme.service-now.com``.
        table: the table tickets go to (``incident``).
        caller_id: the caller for visitors without an email (a user's sys_id or name).
        assignment_group: the group new tickets are assigned to ("" leaves it empty).
        category: the incident category ("" leaves the instance's default).
        contact_type: how the incident came in.
        resolved_state: the state value of a resolved incident.
        close_code: the resolution code of resolved tickets.
        escalation_groups: visit escalation group -> assignment group (name or sys_id);
            an unmapped group is sent as it is.
        timeout_seconds: the time allowed for all the calls that deliver one visit.
        max_attempts: None means ``[sync] max_attempts``.
    """

    url: str = ""
    table: str = "incident"
    caller_id: str = ""
    assignment_group: str = ""
    category: str = ""
    contact_type: str = "walk-in"
    resolved_state: str = "6"
    close_code: str = "Solution provided"
    escalation_groups: tuple[tuple[str, str], ...] = ()
    timeout_seconds: float = field(default=10.0, metadata=_TIMEOUT)
    max_attempts: int | None = field(default=None, metadata=_ATTEMPTS)
    username: str = _secret("KIOSK_SERVICENOW_USERNAME")
    password: str = _secret("KIOSK_SERVICENOW_PASSWORD")
    token: str = _secret("KIOSK_SERVICENOW_TOKEN")


@dataclass(frozen=True)
class JiraSettings:
    """Jira Service Management (servicedeskapi), Cloud or Data Center.

    Attributes:
        url: the site, e.g. ``https://acme.atlassian.net``.
        service_desk_id: the service desk (project) requests are raised in.
        request_type_id: the request type of a walk-up visit.
        uuid_field: ``labels`` (the label ``label_prefix + uuid``) or a text custom
            field such as ``customfield_10050`` holding the UUID.
        label_prefix: the label's prefix when ``uuid_field`` is ``labels``.
        resolve_transition_id: the workflow transition that resolves a request.
        escalate_transition_id: a transition for escalated visits ("" = none).
        search_path: the JQL search endpoint (``/rest/api/2/search`` on Data Center).
        raise_on_behalf: raise the request for the visitor's email (they must be a
            customer of the service desk).
        escalation_field: where an escalated visit's group goes: a group-picker custom
            field (``customfield_NNNNN``) or ``components`` ("" = the group is only
            written in the timeline comment).
        escalation_groups: visit escalation group -> Jira group or component name.
    """

    url: str = ""
    service_desk_id: str = ""
    request_type_id: str = ""
    uuid_field: str = "labels"
    label_prefix: str = "techbar-"
    resolve_transition_id: str = ""
    escalate_transition_id: str = ""
    search_path: str = "/rest/api/3/search/jql"
    raise_on_behalf: bool = False
    escalation_field: str = ""
    escalation_groups: tuple[tuple[str, str], ...] = ()
    timeout_seconds: float = field(default=10.0, metadata=_TIMEOUT)
    max_attempts: int | None = field(default=None, metadata=_ATTEMPTS)
    email: str = _secret("KIOSK_JIRA_EMAIL")
    token: str = _secret("KIOSK_JIRA_TOKEN")


@dataclass(frozen=True)
class ZammadSettings:
    """Zammad REST API.

    Attributes:
        url: the Zammad base, e.g. ``https://helpdesk.example.com``.
        group: the group new tickets go to.
        customer: the customer for visitors without an email (an email or login).
        uuid_field: a ticket object attribute holding the UUID, or ``tags`` (the tag
            ``tag_prefix + uuid``).
        tag_prefix: the tag's prefix when ``uuid_field`` is ``tags``.
        closed_state: the state of tickets of resolved visits.
        escalation_groups: visit escalation group -> Zammad group.
    """

    url: str = ""
    group: str = "Users"
    customer: str = ""
    uuid_field: str = "tags"
    tag_prefix: str = "techbar-"
    closed_state: str = "closed"
    escalation_groups: tuple[tuple[str, str], ...] = ()
    timeout_seconds: float = field(default=10.0, metadata=_TIMEOUT)
    max_attempts: int | None = field(default=None, metadata=_ATTEMPTS)
    token: str = _secret("KIOSK_ZAMMAD_TOKEN")


@dataclass(frozen=True)
class ZendeskSettings:
    """Zendesk Support API.

    Attributes:
        url: the account, e.g. ``https://acme.zendesk.com``.
        group_id: the group new tickets go to ("" = Zendesk's default).
        solved_status: the status of tickets of resolved visits.
        escalation_groups: visit escalation group -> Zendesk group id.
    """

    url: str = ""
    group_id: str = ""
    solved_status: str = "solved"
    escalation_groups: tuple[tuple[str, str], ...] = ()
    timeout_seconds: float = field(default=10.0, metadata=_TIMEOUT)
    max_attempts: int | None = field(default=None, metadata=_ATTEMPTS)
    email: str = _secret("KIOSK_ZENDESK_EMAIL")
    token: str = _secret("KIOSK_ZENDESK_TOKEN")


@dataclass(frozen=True)
class SyncSettings:
    """The outbox worker.

    Attributes:
        max_attempts: attempts before a visit fails for good, unless the backend's
            own ``max_attempts`` says otherwise.
        send_final_states: the ended states that are sent; empty while loading means
            "the backend's default" (every state for the webhook, resolved and
            escalated for ticketing systems).
        in_flight: deliveries each worker keeps under way at once, a whole number from
            1 (one after the other) to 32; default 4. Each visit is still sent exactly
            once, and each delivery keeps its own ``timeout_seconds``.
    """

    base_delay_seconds: float = 2.0
    max_delay_seconds: float = 600.0
    poll_seconds: float = 2.0
    send_final_states: tuple[str, ...] = ALL_FINAL_STATES
    max_attempts: int = 10
    in_flight: int = DEFAULT_IN_FLIGHT


#: The settings dataclass of each backend kind.
BACKEND_TYPES: dict[str, type] = {
    "webhook": WebhookSettings, "rt": RTSettings, "servicenow": ServiceNowSettings,
    "jira": JiraSettings, "zammad": ZammadSettings, "zendesk": ZendeskSettings,
}
_B = TypeVar("_B")


class Reader(Protocol):
    """The typed TOML access :mod:`kiosk.config` provides."""

    source: str

    def only_keys(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None: ...

    def table(self, data: Mapping[str, Any], key: str, prefix: str = "") -> dict[str, Any]: ...

    def string(self, data: Mapping[str, Any], key: str, default: str | None = None) -> str: ...

    def flag(self, data: Mapping[str, Any], key: str, default: bool) -> bool: ...

    def number(self, data: Mapping[str, Any], key: str, default: float,
               low: float, high: float) -> float: ...


# ------------------------------------------------------------ the file


def parse_backend_kind(table: Mapping[str, Any], reader: Reader) -> str:
    """``[backend] kind``, checking the table's keys."""
    reader.only_keys(table, "backend", {"kind", *BACKEND_TYPES})
    kind = reader.string(table, "backend.kind", default="none")
    if kind not in BACKENDS:
        raise ConfigError(reader.source, "backend.kind",
                          f"'{kind}' is not one of {', '.join(BACKENDS)}")
    return kind


def parse_backend(backend_table: Mapping[str, Any], name: str, reader: Reader) -> Any:
    """The ``[backend.<name>]`` table as its settings dataclass (credentials left empty).

    Raises:
        ConfigError: a credential in the file (naming its variable), an unknown key,
            or a value of the wrong type or out of range.
    """
    cls = BACKEND_TYPES[name]
    table = reader.table(backend_table, name, prefix="backend.")
    where = f"backend.{name}"
    for f in fields(cls):
        if "env" in f.metadata and f.name in table:
            raise ConfigError(reader.source, f"{where}.{f.name}",
                              f"credentials are not read from files; set {f.metadata['env']} "
                              "instead (or store it in the system keyring)")
    reader.only_keys(table, where, {f.name for f in fields(cls) if "env" not in f.metadata})
    values = {f.name: _value(table, f, f"{where}.{f.name}", reader)
              for f in fields(cls) if f.name in table}
    return cls(**values)


def _value(table: Mapping[str, Any], f: Field[Any], key: str, reader: Reader) -> Any:
    default = f.default
    if isinstance(default, bool):
        return reader.flag(table, key, default)
    if isinstance(default, str):
        text = reader.string(table, key)
        return text if f.metadata.get("raw") else text.strip()
    if isinstance(default, tuple):
        return _pairs(table[f.name], key, reader)
    low, high = f.metadata["range"]
    number = reader.number(table, key, 0, low, high)
    return int(number) if default is None else number


def _pairs(raw: Any, key: str, reader: Reader) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict):
        raise ConfigError(reader.source, key, 'must be a table like { "network" = "Network L2" }')
    for name, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(reader.source, f"{key}.{name}", "must be a non-empty string")
    return tuple(sorted((str(k), v.strip()) for k, v in raw.items()))


def parse_sync(table: Mapping[str, Any], reader: Reader) -> SyncSettings:
    """``[sync]``; ``send_final_states`` stays empty when the file does not set it."""
    reader.only_keys(table, "sync", {"base_delay_seconds", "max_delay_seconds", "poll_seconds",
                                     "max_attempts", "send_final_states", "in_flight"})
    states = table.get("send_final_states", [])
    if (not isinstance(states, list) or "send_final_states" in table and not states
            or any(s not in ALL_FINAL_STATES for s in states)):
        raise ConfigError(reader.source, "sync.send_final_states",
                          f"must be a non-empty list of {', '.join(ALL_FINAL_STATES)}")
    return SyncSettings(
        base_delay_seconds=reader.number(table, "sync.base_delay_seconds", 2.0, 0.01, 3600),
        max_delay_seconds=reader.number(table, "sync.max_delay_seconds", 600.0, 0.1, 86400),
        poll_seconds=reader.number(table, "sync.poll_seconds", 2.0, 0.05, 3600),
        max_attempts=int(reader.number(table, "sync.max_attempts", 10, 1, 1000)),
        send_final_states=tuple(dict.fromkeys(states)),
        in_flight=_in_flight(table.get("in_flight", DEFAULT_IN_FLIGHT), reader.source),
    )


def _in_flight(value: Any, source: str) -> int:
    """``[sync] in_flight``: a whole number of deliveries from 1 to :data:`MAX_IN_FLIGHT`."""
    wanted = f"a whole number from 1 to {MAX_IN_FLIGHT} (deliveries under way at once)"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(source, "sync.in_flight", f"must be {wanted}, not {type(value).__name__}")
    if not isinstance(value, int):
        raise ConfigError(source, "sync.in_flight", f"must be {wanted}, not {value}")
    if not 1 <= value <= MAX_IN_FLIGHT:
        raise ConfigError(source, "sync.in_flight", f"{value} is out of range: it must be {wanted}")
    return value


# ------------------------------------------------------------ the environment


def backend_kind(configured: str, env: Mapping[str, str]) -> str:
    """``KIOSK_BACKEND`` when set, else the file's kind."""
    kind = env.get("KIOSK_BACKEND") or configured
    if kind not in BACKENDS:
        raise ConfigError("KIOSK_BACKEND", "backend.kind",
                          f"'{kind}' is not one of {', '.join(BACKENDS)}")
    return kind


def with_environment(settings: _B, name: str, env: Mapping[str, str], *, active: bool) -> _B:
    """``settings`` with ``KIOSK_<NAME>_URL`` (and RT's queue) and its credentials.

    Credentials come from their variables; for the active backend a missing variable
    is looked up in the system keyring when the ``keyring`` package is installed.
    """
    prefix = f"KIOSK_{name.upper()}_"
    changes: dict[str, Any] = {}
    if env.get(prefix + "URL"):
        changes["url"] = env[prefix + "URL"].strip()
    if name == "rt" and env.get("KIOSK_RT_QUEUE"):
        changes["queue"] = env["KIOSK_RT_QUEUE"].strip()
    for f in fields(settings):  # type: ignore[arg-type]
        if "env" in f.metadata:
            variable = f.metadata["env"]
            changes[f.name] = env.get(variable, "") or (_keyring(variable) if active else "")
    return replace(settings, **changes)  # type: ignore[type-var]


def final_states(sync: SyncSettings, kind: str) -> SyncSettings:
    """Fill an unset ``send_final_states`` with the backend's default."""
    if sync.send_final_states:
        return sync
    default = ALL_FINAL_STATES if kind in ("none", "webhook") else TICKETING_FINAL_STATES
    return replace(sync, send_final_states=default)


def _keyring(variable: str) -> str:
    """The secret stored in the system keyring as (``techbar``, ``variable``), or ""."""
    try:
        keyring = importlib.import_module("keyring")
    except ImportError:
        return ""
    try:
        value = keyring.get_password(KEYRING_SERVICE, variable)
    except Exception:  # noqa: BLE001 - a locked or absent keyring means "not there"
        return ""
    return value if isinstance(value, str) else ""


# ------------------------------------------------------------ checks of the active backend


def check_backend(source: str, kind: str, settings: object) -> None:
    """Refuse an active backend that cannot work (no URL, missing ids or credentials).

    Raises:
        ConfigError: naming the key (or the variable) and what to do.
    """
    if kind == "none":
        return
    url = str(getattr(settings, "url", ""))
    if not _HTTP_URL.match(url):
        hint = ("the http(s) base URL of Request Tracker, e.g. https://rt.example.com/rt"
                if kind == "rt" else "an http(s) URL")
        raise ConfigError(source, f"backend.{kind}.url",
                          f"the {kind} backend needs {hint} (set it in the file or "
                          f"KIOSK_{kind.upper()}_URL)")
    _CHECKS[kind](source, settings)


def _require(source: str, key: str, value: str) -> None:
    if not value:
        raise ConfigError(source, key, "must not be empty")


def _check_webhook(source: str, settings: Any) -> None:
    if not settings.secret:
        raise ConfigError("KIOSK_WEBHOOK_SECRET", "backend.webhook.secret",
                          "the webhook backend needs a shared secret in KIOSK_WEBHOOK_SECRET")


def _check_rt(source: str, rt: Any) -> None:
    _require(source, "backend.rt.queue", rt.queue)
    if not _CF_NAME.fullmatch(rt.custom_field):
        raise ConfigError(source, "backend.rt.custom_field",
                          "use a custom field name without braces, quotes or backslashes")
    _require(source, "backend.rt.resolve_status", rt.resolve_status)
    if not rt.token and not (rt.username and rt.password):
        raise ConfigError("KIOSK_RT_USERNAME", "backend.rt",
                          "the rt backend needs KIOSK_RT_TOKEN, or KIOSK_RT_USERNAME "
                          "and KIOSK_RT_PASSWORD")


def _check_servicenow(source: str, sn: Any) -> None:
    for key in ("table", "resolved_state", "close_code"):
        _require(source, f"backend.servicenow.{key}", getattr(sn, key))
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,79}", sn.table):
        raise ConfigError(source, "backend.servicenow.table", "is not a table name")
    if not sn.token and not (sn.username and sn.password):
        raise ConfigError("KIOSK_SERVICENOW_USERNAME", "backend.servicenow",
                          "the servicenow backend needs KIOSK_SERVICENOW_TOKEN (OAuth bearer), "
                          "or KIOSK_SERVICENOW_USERNAME and KIOSK_SERVICENOW_PASSWORD")


def _check_jira(source: str, jira: Any) -> None:
    for key in ("service_desk_id", "request_type_id", "resolve_transition_id"):
        value = getattr(jira, key)
        if not _DIGITS.fullmatch(value):
            raise ConfigError(source, f"backend.jira.{key}", "must be a numeric id, e.g. \"10\"")
    if jira.escalate_transition_id and not _DIGITS.fullmatch(jira.escalate_transition_id):
        raise ConfigError(source, "backend.jira.escalate_transition_id", "must be a numeric id")
    if not _JIRA_FIELD.fullmatch(jira.uuid_field):
        raise ConfigError(source, "backend.jira.uuid_field",
                          "use 'labels' or a custom field id like 'customfield_10050'")
    if not re.fullmatch(r"[A-Za-z0-9_.-]{0,40}", jira.label_prefix):
        raise ConfigError(source, "backend.jira.label_prefix", "labels cannot hold spaces")
    if jira.escalation_field and not _JIRA_ESCALATION.fullmatch(jira.escalation_field):
        raise ConfigError(source, "backend.jira.escalation_field",
                          "use components or a group-picker field like customfield_10060")
    if not jira.search_path.startswith("/rest/"):
        raise ConfigError(source, "backend.jira.search_path", "must start with /rest/")
    if not jira.token:
        raise ConfigError("KIOSK_JIRA_TOKEN", "backend.jira",
                          "the jira backend needs KIOSK_JIRA_TOKEN (with KIOSK_JIRA_EMAIL for "
                          "an Atlassian Cloud API token; alone, a Data Center personal token)")


def _check_zammad(source: str, zammad: Any) -> None:
    _require(source, "backend.zammad.group", zammad.group)
    _require(source, "backend.zammad.closed_state", zammad.closed_state)
    if not _ZAMMAD_ATTRIBUTE.fullmatch(zammad.uuid_field):
        raise ConfigError(source, "backend.zammad.uuid_field",
                          "use 'tags' or an object attribute name like 'kiosk_session_id'")
    if not re.fullmatch(r"[a-z0-9_.-]{0,40}", zammad.tag_prefix):
        raise ConfigError(source, "backend.zammad.tag_prefix",
                          "use lower-case letters, digits, '.', '-' or '_'")
    if not zammad.token:
        raise ConfigError("KIOSK_ZAMMAD_TOKEN", "backend.zammad",
                          "the zammad backend needs an access token in KIOSK_ZAMMAD_TOKEN")


def _check_zendesk(source: str, zendesk: Any) -> None:
    _require(source, "backend.zendesk.solved_status", zendesk.solved_status)
    if zendesk.group_id and not _DIGITS.fullmatch(zendesk.group_id):
        raise ConfigError(source, "backend.zendesk.group_id", "must be a numeric group id")
    for name, group in zendesk.escalation_groups:
        if not _DIGITS.fullmatch(group):
            raise ConfigError(source, f"backend.zendesk.escalation_groups.{name}",
                              "must be a numeric group id")
    if not (zendesk.email and zendesk.token):
        raise ConfigError("KIOSK_ZENDESK_TOKEN", "backend.zendesk",
                          "the zendesk backend needs KIOSK_ZENDESK_EMAIL and KIOSK_ZENDESK_TOKEN "
                          "(an API token)")


_CHECKS = {"webhook": _check_webhook, "rt": _check_rt, "servicenow": _check_servicenow,
           "jira": _check_jira, "zammad": _check_zammad, "zendesk": _check_zendesk}
