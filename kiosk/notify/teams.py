"""Microsoft Teams direct messages, by hand: apprise posts to channels, never to a person.

``teams://APP_ID:APP_SECRET@TENANT_ID`` names an Azure bot installed for the users
(personal scope). A message is the Bot Framework's proactive message, as documented:

1. a token by the client-credentials grant (``{login}/{tenant}/oauth2/v2.0/token``) for
   Microsoft Graph and one for the Bot Framework, each kept until it expires;
2. the person's Entra object id by their e-mail (``GET {graph}/v1.0/users/{email}``);
3. a 1:1 conversation (``POST {service}/v3/conversations``: bot, member, tenant);
4. the message (``POST {service}/v3/conversations/{id}/activities``).

Query parameters point at another cloud (``login_url``, ``graph_url``, ``service_url``,
e.g. the US government's). 429 and 5xx are tried again later (``Retry-After`` honoured),
other 4xx are refusals; a person Graph does not know is one too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import requests

from kiosk.notify.messages import Message
from kiosk.notify.sending import SendFailed
from kiosk.sync.backoff import parse_retry_after

LOGIN_URL = "https://login.microsoftonline.com"
GRAPH_URL = "https://graph.microsoft.com"
SERVICE_URL = "https://smba.trafficmanager.net/teams"
BOT_SCOPE = "https://api.botframework.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class TeamsSender:
    def __init__(self, url: str, timeout: float, endpoints: Mapping[str, str] | None = None) -> None:
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        query.update(endpoints or {})
        self.app_id = unquote(parts.username or "")
        self.secret = unquote(parts.password or "")
        self.tenant = parts.hostname or ""
        self.login = query.get("login_url", LOGIN_URL).rstrip("/")
        self.graph = query.get("graph_url", GRAPH_URL).rstrip("/")
        self.service = query.get("service_url", SERVICE_URL).rstrip("/")
        self.timeout = timeout
        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._http = requests.Session()

    def send(self, address: str, message: Message, message_id: str) -> None:
        graph = self._token(GRAPH_SCOPE)
        user = self._call("GET", f"{self.graph}/v1.0/users/{quote(address, safe='@')}",
                          graph, params={"$select": "id"}, missing="no Teams user has this e-mail")
        bot = self._token(BOT_SCOPE)
        conversation = self._call("POST", f"{self.service}/v3/conversations", bot, json={
            "bot": {"id": self.app_id}, "isGroup": False, "tenantId": self.tenant,
            "members": [{"id": str(user.get("id", ""))}],
            "channelData": {"tenant": {"id": self.tenant}}})
        conversation_id = quote(str(conversation.get("id", "")), safe=":@")
        self._call("POST", f"{self.service}/v3/conversations/{conversation_id}/activities", bot,
                   json={"type": "message", "text": message.body, "id": message_id})

    def _token(self, scope: str) -> str:
        with self._lock:
            cached = self._tokens.get(scope)
            if cached and cached[1] > time.monotonic():
                return cached[0]
        answer = self._call("POST", f"{self.login}/{quote(self.tenant)}/oauth2/v2.0/token", None,
                            data={"grant_type": "client_credentials", "client_id": self.app_id,
                                  "client_secret": self.secret, "scope": scope})
        token = str(answer.get("access_token", ""))
        if not token:
            raise SendFailed("Teams: the sign-in gave no token", permanent=True)
        lifetime = float(answer.get("expires_in", 300) or 300)
        with self._lock:
            self._tokens[scope] = (token, time.monotonic() + max(lifetime - 60, 30))
        return token

    def _call(self, method: str, url: str, token: str | None, *, missing: str = "",
              **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = self._http.request(method, url, headers=headers, timeout=self.timeout,
                                          allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            raise SendFailed(f"Teams could not be reached ({type(exc).__name__})",
                             permanent=False) from None
        status = response.status_code
        if status == 404 and missing:
            raise SendFailed(f"Teams: {missing}", permanent=True)
        if status == 429 or status >= 500:
            wait = parse_retry_after(response.headers.get("Retry-After"), datetime.now(UTC))
            raise SendFailed(f"Teams answered HTTP {status}", permanent=False, retry_after=wait)
        if status >= 300:
            raise SendFailed(f"Teams refused the message (HTTP {status})", permanent=True)
        try:
            data = response.json() if response.content else {}
        except ValueError:
            raise SendFailed("Teams answered with something that is not JSON",
                             permanent=False) from None
        return data if isinstance(data, dict) else {}
