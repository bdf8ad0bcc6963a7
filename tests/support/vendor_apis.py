"""The vendors' APIs served by :class:`tests.support.vendor_servers.VendorServer`.

One class per vendor routes a request to an answer (status, JSON, headers) the way
the vendor documents it, keeps its tickets through the server, and knows which
visit a request is about (for the overlap check). Faults are the server's business.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.support.vendor_servers import VendorServer

VENDORS = ("servicenow", "jira", "zammad", "zendesk")
USER, PASSWORD, TOKEN, EMAIL = "kiosk.api", "pa55-word", "t0ken-123", "api@example.test"
SERVICE_DESK_ID, REQUEST_TYPE_ID, RESOLVE_ID, REOPEN_ID = "10", "25", "761", "801"
ZAMMAD_GROUPS = ("Users", "Walk-up", "Network L2")
Answer = tuple[int, Any, dict[str, str]]
#: The faults chaos picks from, equally likely (repeat a kind to make it likelier).
CHAOS_KINDS = ("503", "503-date", "500", "429", "429-reset", "drop", "drop", "malformed",
               "malformed", "slow")


@dataclass(frozen=True)
class Fault:
    """One misbehaviour (see the module docstring)."""

    kind: str
    status: int = 0
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0

    @classmethod
    def reply(cls, status: int, body: Any = b"", headers: Iterable[tuple[str, str]] = ()) -> Fault:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        return cls("reply", status, data, (("Content-Type", "application/json"), *headers))

    @classmethod
    def none(cls) -> Fault:
        """No fault: lets a planned request through (to aim at a later one)."""
        return cls("pass")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        return cls("drop")

    @classmethod
    def malformed(cls) -> Fault:
        return cls("malformed")


@dataclass(frozen=True)
class Received:
    """One request as it arrived."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    fault: str | None


@dataclass
class Ticket:
    """A ticket as the vendor holds it (fields in the vendor's own names)."""

    id: str
    number: str
    visit_id: str
    fields: dict[str, Any]
    notes: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def http_date(seconds_from_now: float) -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=seconds_from_now), usegmt=True)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Api:
    """One vendor's routes: ``route`` answers (status, JSON, headers); no faults here."""

    def __init__(self, server: VendorServer) -> None:
        self.server = server

    def authorised(self, headers: dict[str, str]) -> bool:
        raise NotImplementedError

    def unauthorised(self) -> Answer:
        raise NotImplementedError

    def visit_of(self, request: Received) -> str:
        """The visit a request is about ("" when it cannot tell)."""
        raise NotImplementedError

    def route(self, request: Received) -> Answer:
        raise NotImplementedError

    def error_body(self, message: str) -> Any:
        return {"error": message}

    def rate_limited(self, retry_after: int | None) -> Fault:
        headers = [("Retry-After", str(retry_after or 1))]
        return Fault.reply(429, self.error_body("Too Many Requests"), headers)

    def ticket_visit(self, ticket_id: str) -> str:
        ticket = self.server._find(ticket_id)
        return ticket.visit_id if ticket else ""


def _not_found(body: Any) -> Answer:
    return 404, body, {}


class ServiceNow(Api):
    TABLE = re.compile(r"^/api/now/table/incident(?:/([0-9a-f]{32}))?$")

    def authorised(self, headers: dict[str, str]) -> bool:
        return headers.get("authorization") in (basic(USER, PASSWORD), f"Bearer {TOKEN}")

    def unauthorised(self) -> Answer:
        return 401, {"error": {"message": "User Not Authenticated",
                               "detail": "Required to provide Auth information"},
                     "status": "failure"}, {"WWW-Authenticate": 'Basic realm="Service-now"'}

    def error_body(self, message: str) -> Any:
        return {"error": {"message": message, "detail": ""}, "status": "failure"}

    def rate_limited(self, retry_after: int | None) -> Fault:
        reset = int(time.time()) + (retry_after or 2)
        headers = [("X-RateLimit-Rule", "a1b2"), ("X-RateLimit-Limit", "100"),
                   ("X-RateLimit-Reset", str(reset))]
        if retry_after is not None:
            headers.append(("Retry-After", str(retry_after)))
        return Fault.reply(429, self.error_body("Rate limit exceeded"), headers)

    def visit_of(self, request: Received) -> str:
        match = self.TABLE.match(request.path)
        if match and match.group(1):
            return self.ticket_visit(match.group(1))
        if request.method == "POST" and isinstance(request.body, dict):
            return str(request.body.get("correlation_id", ""))
        query = request.query.get("sysparm_query", "")
        return next((p.split("=", 1)[1] for p in query.split("^")
                     if p.startswith("correlation_id=")), "")

    def route(self, request: Received) -> Answer:
        match = self.TABLE.match(request.path)
        if not match:
            return _not_found(self.error_body("Requested URI does not represent any resource"))
        if request.method == "GET" and not match.group(1):
            return self._list(request)
        if request.method == "POST" and not match.group(1):
            return self._create(request.body)
        if request.method == "PATCH" and match.group(1):
            return self._update(match.group(1), request.body)
        return 405, self.error_body("Method not Supported"), {}

    def record(self, ticket: Ticket, wanted: str = "") -> dict[str, Any]:
        full = {"sys_id": ticket.id, "number": ticket.number, **ticket.fields}
        names = [n for n in wanted.split(",") if n]
        return {k: v for k, v in full.items() if not names or k in names}

    def _list(self, request: Received) -> Answer:
        visit = self.visit_of(request)
        found = [t for t in self.server.tickets_for(visit)
                 if t.fields.get("correlation_id") == visit]
        wanted = request.query.get("sysparm_fields", "")
        return 200, {"result": [self.record(t, wanted) for t in found]}, {}

    def _create(self, body: Any) -> Answer:
        if not isinstance(body, dict) or not body.get("short_description"):
            return 400, self.error_body("Missing short_description"), {}
        fields = {"state": "1", "assignment_group": "", "close_code": "", "close_notes": "",
                  **{k: v for k, v in body.items() if k != "work_notes"}}
        ticket = self.server._add(str(body.get("correlation_id", "")), fields, "INC{:07d}")
        location = f"{self.server.base_url}/api/now/table/incident/{ticket.id}"
        return 201, {"result": self.record(ticket)}, {"Location": location}

    def _update(self, sys_id: str, body: Any) -> Answer:
        ticket = self.server._find(sys_id)
        if ticket is None:
            return _not_found({"error": {"message": "No Record found", "detail": "Record doesn't "
                               "exist or ACL restricts the record retrieval"}, "status": "failure"})
        if not isinstance(body, dict):
            return 400, self.error_body("Invalid body"), {}
        if body.get("state") == "6" and not (body.get("close_code") and body.get("close_notes")):
            return 403, {"error": {"message": "Operation Failed", "detail": "Data Policy "
                         "Exception: the following fields are mandatory: Resolution code, "
                         "Resolution notes"}, "status": "failure"}, {}
        with self.server.lock:
            if body.get("work_notes"):
                ticket.notes.append({"element": "work_notes", "value": body["work_notes"]})
            ticket.fields.update({k: v for k, v in body.items() if k != "work_notes"})
        return 200, {"result": self.record(ticket)}, {}


class Jira(Api):
    REQUEST = re.compile(r"^/rest/servicedeskapi/request(?:/([A-Z]+-[0-9]+)(/comment|/transition)?)?$")
    SEARCH = "/rest/api/3/search/jql"
    ISSUE = re.compile(r"^/rest/api/2/issue/([A-Z]+-[0-9]+)$")
    JQL = re.compile(r'^(labels|cf\[([0-9]+)\]) (=|~) "([^"]+)"')

    def authorised(self, headers: dict[str, str]) -> bool:
        return headers.get("authorization") in (basic(EMAIL, TOKEN), f"Bearer {TOKEN}")

    def unauthorised(self) -> Answer:
        return 401, {"errorMessages": ["Client must be authenticated to access this resource."]}, {}

    def error_body(self, message: str) -> Any:
        return {"errorMessage": message, "i18nErrorMessage": {"i18nKey": "sd.error",
                                                              "parameters": []}}

    def rate_limited(self, retry_after: int | None) -> Fault:
        reset = (datetime.now(UTC) + timedelta(seconds=retry_after or 2)).isoformat(
            timespec="seconds").replace("+00:00", "Z")
        headers = [("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0"),
                   ("X-RateLimit-Reset", reset)]
        if retry_after is not None:
            headers.append(("Retry-After", str(retry_after)))
        return Fault.reply(429, {"errorMessages": ["Rate limit exceeded."]}, headers)

    def label_of(self, visit_id: str) -> str:
        return f"techbar-{visit_id}"

    def visit_of(self, request: Received) -> str:
        if request.path == self.SEARCH:
            match = self.JQL.match(request.query.get("jql", ""))
            return match.group(4).removeprefix("techbar-") if match else ""
        match = self.REQUEST.match(request.path)
        if match and match.group(1):
            return self.ticket_visit(match.group(1).split("-")[1])
        values = request.body.get("requestFieldValues", {}) if isinstance(request.body, dict) \
            else {}
        label = next(iter(values.get("labels") or []), "")
        return label.removeprefix("techbar-") or str(values.get(self.server.uuid_field, ""))

    def route(self, request: Received) -> Answer:
        if request.method == "GET" and request.path == self.SEARCH:
            return self._search(request.query)
        issue = self.ISSUE.match(request.path)
        if issue and request.method == "PUT":
            return self._update(issue.group(1), request.body)
        match = self.REQUEST.match(request.path)
        if not match:
            return _not_found({"errorMessages": ["Not found"]})
        key, tail = match.group(1), match.group(2)
        if key is None:
            return self._create(request.body) if request.method == "POST" else (405, {}, {})
        ticket = self.server._find(key.split("-")[1])
        if ticket is None:
            return _not_found(self.error_body(f"Request {key} does not exist."))
        if tail == "/comment":
            return self._comments(ticket, request)
        if tail == "/transition":
            return self._transition(ticket, request)
        return 200, self.request_json(ticket), {}

    def request_json(self, ticket: Ticket) -> dict[str, Any]:
        done = ticket.fields["status"] == "Resolved"
        return {"issueId": str(10000 + int(ticket.id)), "issueKey": ticket.number,
                "serviceDeskId": SERVICE_DESK_ID, "requestTypeId": REQUEST_TYPE_ID,
                "currentStatus": {"status": ticket.fields["status"],
                                  "statusCategory": "DONE" if done else "NEW"},
                "_links": {"web": f"{self.server.base_url}/servicedesk/customer/portal/1/"
                                  f"{ticket.number}"}}

    def _search(self, query: dict[str, str]) -> Answer:
        match = self.JQL.match(query.get("jql", ""))
        if not match:
            return 400, {"errorMessages": ["Error in the JQL Query"]}, {}
        value = match.group(4)
        found = []
        for t in self.server.tickets_for(value.removeprefix("techbar-")):
            if match.group(1) == "labels":
                hit = value in t.fields.get("labels", [])
            else:
                hit = value in str(t.fields.get(f"customfield_{match.group(2)}", ""))
            if hit:
                done = t.fields["status"] == "Resolved"
                fields = {"status": {"name": t.fields["status"],
                                     "statusCategory": {"key": "done" if done else "new"}},
                          **{k: v for k, v in t.fields.items()
                             if k == "labels" or k.startswith("customfield_")}}
                found.append({"id": str(10000 + int(t.id)), "key": t.number, "fields": fields})
        return 200, {"issues": found, "isLast": True}, {}

    def _update(self, key: str, body: Any) -> Answer:
        """The platform API's issue edit: 204 and no body, as Jira answers."""
        ticket = self.server._find(key.split("-")[1])
        if ticket is None:
            return _not_found({"errorMessages": ["Issue does not exist or you do not have "
                                                 "permission to see it."]})
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict) or not fields:
            return 400, {"errorMessages": ["No fields to update."], "errors": {}}, {}
        with self.server.lock:
            ticket.fields.update(fields)
        return 204, None, {}

    def _create(self, body: Any) -> Answer:
        if not isinstance(body, dict) or body.get("serviceDeskId") != SERVICE_DESK_ID:
            return 404, self.error_body("The service desk does not exist or you do not have "
                                        "permission to access it."), {}
        if body.get("requestTypeId") != REQUEST_TYPE_ID:
            return 400, self.error_body("The request type you specified does not exist."), {}
        values = body.get("requestFieldValues") or {}
        if not values.get("summary"):
            return 400, {"errorMessage": "Summary is required."}, {}
        visit = self.visit_of(Received("POST", "/", {}, {}, body, None))
        ticket = self.server._add(visit, {**values, "status": "Waiting for support",
                                          "raiseOnBehalfOf": body.get("raiseOnBehalfOf")}, "TB-{}")
        return 201, self.request_json(ticket), {}

    def _comments(self, ticket: Ticket, request: Received) -> Answer:
        if request.method == "GET":
            return 200, {"size": len(ticket.notes), "start": 0, "limit": 50, "isLastPage": True,
                         "values": list(ticket.notes)}, {}
        body = request.body if isinstance(request.body, dict) else {}
        if not body.get("body"):
            return 400, self.error_body("The comment body is required."), {}
        comment = {"id": str(len(ticket.notes) + 1), "body": body["body"],
                   "public": bool(body.get("public", True))}
        with self.server.lock:
            ticket.notes.append(comment)
        return 201, comment, {}

    def _transition(self, ticket: Ticket, request: Received) -> Answer:
        done = ticket.fields["status"] == "Resolved"
        offered = [{"id": REOPEN_ID, "name": "Reopen"}] if done else \
            [{"id": RESOLVE_ID, "name": "Resolve this issue"}, {"id": "781", "name": "Pending"}]
        if request.method == "GET":
            return 200, {"size": len(offered), "isLastPage": True, "values": offered}, {}
        wanted = request.body.get("id") if isinstance(request.body, dict) else None
        if wanted not in [t["id"] for t in offered]:
            return 400, self.error_body(f"The transition {wanted} is not valid."), {}
        with self.server.lock:
            ticket.fields["status"] = "Resolved" if wanted == RESOLVE_ID else "Waiting for support"
        return 204, None, {}


class Zammad(Api):
    TICKET = re.compile(r"^/api/v1/tickets/([0-9]+)$")
    ARTICLES = re.compile(r"^/api/v1/ticket_articles/by_ticket/([0-9]+)$")
    QUERY = re.compile(r'^([a-z_]+):"([^"]+)"$')

    def authorised(self, headers: dict[str, str]) -> bool:
        return headers.get("authorization") == f"Token token={TOKEN}"

    def unauthorised(self) -> Answer:
        return 401, {"error": "Invalid token!"}, {}

    def visit_of(self, request: Received) -> str:
        match = self.TICKET.match(request.path) or self.ARTICLES.match(request.path)
        if match:
            return self.ticket_visit(match.group(1))
        if request.path == "/api/v1/tickets/search":
            query = self.QUERY.match(request.query.get("query", ""))
            return query.group(2).removeprefix("techbar-") if query else ""
        body = request.body if isinstance(request.body, dict) else {}
        if request.path == "/api/v1/ticket_articles":
            return self.ticket_visit(str(body.get("ticket_id", "")))
        if self.server.uuid_field == "tags":
            return str(body.get("tags", "")).removeprefix("techbar-")
        return str(body.get(self.server.uuid_field, ""))

    def route(self, request: Received) -> Answer:
        path, method, body = request.path, request.method, request.body
        if method == "GET" and path == "/api/v1/tickets/search":
            return self._search(request.query.get("query", ""))
        if method == "POST" and path == "/api/v1/tickets":
            return self._create(body)
        if method == "POST" and path == "/api/v1/ticket_articles":
            ticket = self.server._find(str((body or {}).get("ticket_id", "")))
            return self._article(ticket, body) if ticket else _not_found(
                {"error": "Couldn't find Ticket"})
        match = self.ARTICLES.match(path) or self.TICKET.match(path)
        ticket = self.server._find(match.group(1)) if match else None
        if ticket is None:
            return _not_found({"error": "Couldn't find Ticket with 'id'"})
        if method == "GET" and self.ARTICLES.match(path):
            return 200, list(ticket.notes), {}
        if method == "PUT":
            return self._update(ticket, body)
        return 405, {"error": "no route"}, {}

    def ticket_json(self, ticket: Ticket) -> dict[str, Any]:
        return {"id": int(ticket.id), "number": ticket.number, **ticket.fields}

    def _search(self, query: str) -> Answer:
        match = self.QUERY.match(query)
        if not match:
            return 422, {"error": "query is invalid"}, {}
        name, value = match.groups()
        found = [t for t in self.server.tickets_for(value.removeprefix("techbar-"))
                 if (value in t.tags if name == "tags" else t.fields.get(name) == value)]
        assets = {t.id: self.ticket_json(t) for t in found}
        return 200, {"tickets": [int(t.id) for t in found], "tickets_count": len(found),
                     "assets": {"Ticket": assets}}, {}

    def _create(self, body: Any) -> Answer:
        if not isinstance(body, dict) or not body.get("title"):
            return 422, {"error": "Title is required"}, {}
        if body.get("group") not in ZAMMAD_GROUPS:
            text = f"No lookup value found for 'group': \"{body.get('group')}\""
            return 422, {"error": text, "error_human": text}, {}
        fields = {k: v for k, v in body.items() if k not in ("article", "tags")}
        fields["state"] = "new"
        visit = self.visit_of(Received("POST", "/api/v1/tickets", {}, {}, body, None))
        ticket = self.server._add(visit, fields, "3100{}")
        with self.server.lock:
            ticket.tags = [t.strip() for t in str(body.get("tags", "")).split(",") if t.strip()]
            ticket.notes.append({"id": 1, "ticket_id": int(ticket.id), **body["article"]})
        return 201, self.ticket_json(ticket), {}

    def _article(self, ticket: Ticket, body: Any) -> Answer:
        if body.get("type") not in ("note", "email", "phone") or not body.get("body"):
            return 422, {"error": "article type and body are required"}, {}
        with self.server.lock:
            article = {"id": len(ticket.notes) + 1, **body}
            ticket.notes.append(article)
        return 201, article, {}

    def _update(self, ticket: Ticket, body: Any) -> Answer:
        body = body if isinstance(body, dict) else {}
        if "group" in body and body["group"] not in ZAMMAD_GROUPS:
            return 422, {"error": f"No lookup value found for 'group': \"{body['group']}\""}, {}
        with self.server.lock:
            ticket.fields.update(body)
        return 200, self.ticket_json(ticket), {}


class Zendesk(Api):
    TICKET = re.compile(r"^/api/v2/tickets/([0-9]+)$")

    def authorised(self, headers: dict[str, str]) -> bool:
        return headers.get("authorization") == basic(f"{EMAIL}/token", TOKEN)

    def unauthorised(self) -> Answer:
        return 401, {"error": "Couldn't authenticate you"}, {}

    def error_body(self, message: str) -> Any:
        return {"error": message, "description": message}

    def visit_of(self, request: Received) -> str:
        match = self.TICKET.match(request.path)
        if match:
            return self.ticket_visit(match.group(1))
        if request.method == "GET":
            return request.query.get("external_id", "")
        return request.headers.get("idempotency-key", "")

    def route(self, request: Received) -> Answer:
        if request.path == "/api/v2/tickets" and request.method == "GET":
            wanted = request.query.get("external_id", "")
            found = [self.ticket_json(t) for t in self.server.tickets_for(wanted)
                     if t.fields.get("external_id") == wanted]
            return 200, {"tickets": found, "count": len(found), "next_page": None,
                         "previous_page": None}, {}
        if request.path == "/api/v2/tickets" and request.method == "POST":
            return self._create(request)
        match = self.TICKET.match(request.path)
        ticket = self.server._find(match.group(1)) if match else None
        if ticket is None:
            return _not_found({"error": "RecordNotFound", "description": "Not found"})
        if request.method == "PUT":
            return self._update(ticket, request.body)
        return 200, {"ticket": self.ticket_json(ticket)}, {}

    def ticket_json(self, ticket: Ticket) -> dict[str, Any]:
        return {"id": int(ticket.id), "url": f"{self.server.base_url}/api/v2/tickets/"
                f"{ticket.id}.json", "tags": list(ticket.tags), **ticket.fields}

    def _create(self, request: Received) -> Answer:
        key = request.headers.get("idempotency-key", "")
        raw = json.dumps(request.body, sort_keys=True).encode()
        with self.server.lock:
            if key in self.server._idempotency:
                seen, answer = self.server._idempotency[key]
                if seen != raw:
                    return 400, {"error": "IdempotentRequestError", "description":
                                 "Request parameters do not match the original request"}, {}
                return answer[0], answer[1], {"x-idempotency-lookup": "hit"}
        ticket_in = (request.body or {}).get("ticket") if isinstance(request.body, dict) else None
        if not isinstance(ticket_in, dict) or not (ticket_in.get("comment") or {}).get("body"):
            return 422, {"error": "RecordInvalid", "description": "Record validation errors",
                         "details": {"base": [{"description": "Description: cannot be blank"}]}}, {}
        fields = {k: v for k, v in ticket_in.items() if k not in ("comment", "tags")}
        fields["status"] = "new"
        ticket = self.server._add(str(ticket_in.get("external_id", "")), fields)
        with self.server.lock:
            ticket.tags = list(ticket_in.get("tags") or [])
            ticket.notes.append(dict(ticket_in["comment"]))
            answer: Answer = (201, {"ticket": self.ticket_json(ticket)}, {})
            if key:
                self.server._idempotency[key] = (raw, answer)
        return 201, answer[1], {"x-idempotency-lookup": "miss"}

    def _update(self, ticket: Ticket, body: Any) -> Answer:
        changes = body.get("ticket") if isinstance(body, dict) else None
        if not isinstance(changes, dict):
            return 400, {"error": "InvalidEndpoint"}, {}
        with self.server.lock:
            if changes.get("comment"):
                ticket.notes.append(dict(changes["comment"]))
            ticket.tags += [t for t in changes.get("additional_tags", []) if t not in ticket.tags]
            ticket.fields.update({k: v for k, v in changes.items()
                                  if k not in ("comment", "additional_tags")})
        return 200, {"ticket": self.ticket_json(ticket), "audit": {"events": []}}, {}


APIS: dict[str, type[Api]] = {"servicenow": ServiceNow, "jira": Jira, "zammad": Zammad,
                              "zendesk": Zendesk}
