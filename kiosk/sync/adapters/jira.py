"""Jira Service Management (servicedeskapi): one request per visit, found again by JQL.

There is no idempotency key: the visit's UUID goes into a label (``techbar-<uuid>``)
or a text custom field, and every delivery searches with JQL before it raises a
request. A delivery is three steps, each safe to repeat:

1. find the issue (JQL ``labels = "techbar-<uuid>"`` or ``cf[N] ~ "<uuid>"``, checked
   exactly), else raise the request (service desk, request type, summary, check-in
   details, the label or field; optionally on behalf of the visitor);
2. add the timeline as an internal comment (``public: false``) unless a comment
   starting with the timeline marker is already there;
3. resolved visits: unless the status category is already "done", apply the
   configured resolve transition (a transition that is not offered is a permanent
   error naming the setting). Escalated visits stay open, their group written to the
   configured ``escalation_field`` (a group picker or components, through the
   platform API's issue update) and an optional escalate transition applied.

Jira's search index follows a create within a second or two; as with Zammad, the
worker's backoff before a retry (``[sync] base_delay_seconds``) should exceed that.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.clock import Clock
from kiosk.config import JiraSettings
from kiosk.sync.adapters.text import (
    check_in_text,
    escalation_group,
    ticket_subject,
    timeline_note,
    timeline_subject,
)
from kiosk.sync.adapters.ticketing import ident, items, mapped_group, requester_email, visit_of
from kiosk.sync.delivery import Delivery, PermanentError
from kiosk.sync.http import Exchange, HttpClient

log = logging.getLogger(__name__)
USER_AGENT = "TechBar-Sync/1 (+jira)"
REQUEST = "/rest/servicedeskapi/request"
ISSUE = "/rest/api/2/issue"
MAX_SUMMARY = 250
COMMENT_PAGE = 50
MAX_COMMENT_PAGES = 20


class JiraAdapter:
    """Raises visits as Jira Service Management requests. Safe to share between threads."""

    def __init__(self, settings: JiraSettings, *, clock: Clock | None = None) -> None:
        if not settings.url:
            raise ValueError("the jira adapter needs the site URL")
        self.settings = settings
        self.base_url = settings.url.rstrip("/")
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        auth: tuple[str, str] | None = None
        if settings.email:
            auth = (settings.email, settings.token)
        else:
            headers["Authorization"] = f"Bearer {settings.token}"
        self._http = HttpClient("Jira", self.base_url, settings.timeout_seconds,
                                headers=headers, auth=auth, clock=clock,
                                url_key="backend.jira.url")

    def ticket_url(self, key: str) -> str:
        return f"{self.base_url}/browse/{key}"

    def send(self, payload: dict[str, Any]) -> Delivery:
        """Raise or finish the visit's request; see :class:`TicketingAdapter`."""
        visit_id = visit_of(payload)
        call = self._http.exchange()
        found = self._find(call, visit_id)
        if found is None:
            key, done = self._create(call, payload), False
            log.info("visit %s: Jira request %s raised", visit_id, key)
        else:
            key, done = found
        if not self._has_timeline(call, key, visit_id):
            call.object("POST", f"{REQUEST}/{key}/comment", f"comment on {key}",
                        json={"body": timeline_note(payload), "public": False})
        if payload.get("state") == "escalated":
            self._assign_group(call, key, escalation_group(payload))
            if self.settings.escalate_transition_id and not done:
                self._transition(call, key, self.settings.escalate_transition_id, required=False)
        elif not done:
            self._transition(call, key, self.settings.resolve_transition_id, required=True)
        return Delivery(key, self.ticket_url(key))

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ steps

    def _assign_group(self, call: Exchange, key: str, group: str) -> None:
        """Put the escalation group in the configured field (a PUT: safe to repeat)."""
        target = self.settings.escalation_field
        if not target or not group:
            return
        name = mapped_group(self.settings.escalation_groups, group)
        value: Any = [{"name": name}] if target == "components" else {"name": name}
        call.call("PUT", f"{ISSUE}/{key}", f"assign {key} to {name}",
                  json={"fields": {target: value}})

    def _label(self, visit_id: str) -> str:
        return f"{self.settings.label_prefix}{visit_id}"

    def _find(self, call: Exchange, visit_id: str) -> tuple[str, bool] | None:
        """(issue key, status category is done) of the visit's issue, if raised."""
        uuid_field = self.settings.uuid_field
        if uuid_field == "labels":
            jql = f'labels = "{self._label(visit_id)}" ORDER BY created ASC'
        else:
            jql = f'cf[{uuid_field.removeprefix("customfield_")}] ~ "{visit_id}" ORDER BY created ASC'
        what = "search for the visit's request"
        answer = call.object("GET", self.settings.search_path, what,
                             params={"jql": jql, "fields": f"status,{uuid_field}",
                                     "maxResults": "5"})
        matches = [issue for issue in items(answer, "issues", f"Jira {what}")
                   if self._carries(issue, visit_id)]
        if not matches:
            return None
        if len(matches) > 1:
            log.warning("visit %s: %d Jira issues carry it", visit_id, len(matches))
        fields = matches[0].get("fields") or {}
        status = fields.get("status") if isinstance(fields, dict) else None
        category = (status or {}).get("statusCategory") if isinstance(status, dict) else None
        done = isinstance(category, dict) and category.get("key") == "done"
        return ident(matches[0].get("key"), f"Jira {what}"), done

    def _carries(self, issue: dict[str, Any], visit_id: str) -> bool:
        """JQL ``~`` is a text search: keep only issues holding exactly this visit."""
        fields = issue.get("fields")
        value = fields.get(self.settings.uuid_field) if isinstance(fields, dict) else None
        if self.settings.uuid_field == "labels":
            return isinstance(value, list) and self._label(visit_id) in value
        return isinstance(value, str) and value.strip() == visit_id

    def _create(self, call: Exchange, payload: dict[str, Any]) -> str:
        s = self.settings
        visit_id = visit_of(payload)
        values: dict[str, Any] = {"summary": ticket_subject(payload, MAX_SUMMARY),
                                  "description": check_in_text(payload)}
        values[s.uuid_field] = [self._label(visit_id)] if s.uuid_field == "labels" else visit_id
        body: dict[str, Any] = {"serviceDeskId": s.service_desk_id,
                                "requestTypeId": s.request_type_id,
                                "requestFieldValues": values}
        email = requester_email(payload)
        if s.raise_on_behalf and email:
            body["raiseOnBehalfOf"] = email
        what = "raise a request"
        created = call.object("POST", REQUEST, what, json=body)
        return ident(created.get("issueKey"), f"Jira {what}")

    def _has_timeline(self, call: Exchange, key: str, visit_id: str) -> bool:
        marker = timeline_subject(visit_id)
        what = f"read the comments of {key}"
        for page in range(MAX_COMMENT_PAGES):
            params = {"public": "false", "internal": "true", "start": str(page * COMMENT_PAGE),
                      "limit": str(COMMENT_PAGE)}
            answer = call.object("GET", f"{REQUEST}/{key}/comment", what, params=params)
            values = items(answer, "values", f"Jira {what}")
            if any(str(c.get("body", "")).lstrip().startswith(marker) for c in values):
                return True
            if answer.get("isLastPage", True) is not False or not values:
                return False
        return False

    def _transition(self, call: Exchange, key: str, transition_id: str, *,
                    required: bool) -> None:
        what = f"read the transitions of {key}"
        offered = items(call.object("GET", f"{REQUEST}/{key}/transition", what), "values",
                        f"Jira {what}")
        if not any(str(t.get("id")) == transition_id for t in offered):
            if not required:
                return
            names = ", ".join(f"{t.get('id')} ({t.get('name')})" for t in offered) or "none"
            raise PermanentError(f"Jira {key}: transition {transition_id} is not offered "
                                 f"(offered: {names}); fix backend.jira.resolve_transition_id")
        call.call("POST", f"{REQUEST}/{key}/transition", f"transition {key}",
                  json={"id": transition_id})
