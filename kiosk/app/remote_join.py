"""Joining the line from one's desk: a one-time code e-mailed to the directory address.

Where ``[web] remote_join`` is on, a person types their work e-mail, the reason and the
details; :meth:`RemoteJoinService.request_code` finds them in the directory (their name
comes from there, never from the form), keeps what they asked for with the SHA-256 of a
six-digit code salted by the request's random id, and mails the code to the DIRECTORY
address through the notify SMTP channel (whoever types someone else's address sends
that person the code, and cannot join as them without it). :meth:`~RemoteJoinService.confirm`
takes the code and checks the person in through the visits' own check-in (one visit per
person, kiosk and web alike), marked ``remote``.

Codes expire after :data:`CODE_TTL`, are single-use and void after :data:`MAX_WRONG`
wrong tries; an address gets :data:`CODES_PER_ADDRESS` codes an hour and a client (a
hash of its network address) :data:`CODES_PER_CLIENT` codes and :data:`WRONG_PER_CLIENT`
wrong tries an hour. These limits are counted in the database, so every web process
shares them. The liaison may pause joining (a switch in the database, for every station)
and ``[web] remote_max_waiting`` caps the remote visitors waiting at once (checked at
request and at confirmation; two confirmations at the same instant may pass it by one).
Logs carry code and visit ids, never addresses, names or codes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from kiosk.app.visits import VisitService
from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.priority import Priority
from kiosk.domain.text import LANGUAGES, MAX_EMAIL, clean_line
from kiosk.domain.visit import Requester, Visit
from kiosk.errors import AlreadyInLine, KioskError
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import JoinCodeRow

__all__ = ["CODE_TTL", "AlreadyJoined", "CodeRefused", "JoinRefused", "JoinState", "Joined",
           "MailNotSent", "Pending", "RemoteJoinService"]
log = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=10)
CODE_DIGITS = 6
MAX_WRONG = 5
CODES_PER_ADDRESS = 3
CODES_PER_CLIENT = 10
WRONG_PER_CLIENT = 15
WINDOW = timedelta(hours=1)
#: The site switch the liaison turns on to pause joining from a desk.
PAUSED = "remote_join_paused"
#: Who the visits' timelines say checked a remote visitor in.
ACTOR = "web"

#: The code's e-mail: (subject, body) per language; ``{code}``, ``{minutes}``, ``{site}``.
_MAIL = {
    "en": ("Your Tech Bar code: {code}",
           "Your code to join the {site} line is {code}. It is valid for {minutes} minutes.\n"
           "If you did not ask for it, ignore this message: nobody can join as you without it."),
    "es": ("Su código del Tech Bar: {code}",
           "Su código para unirse a la fila de {site} es {code}. Es válido durante {minutes} "
           "minutos.\nSi no lo ha pedido, ignore este mensaje: nadie puede unirse en su nombre "
           "sin él."),
    "de": ("Ihr Tech-Bar-Code: {code}",
           "Ihr Code für die Warteschlange von {site} lautet {code}. Er gilt {minutes} Minuten.\n"
           "Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht: ohne ihn kann "
           "sich niemand in Ihrem Namen anmelden."),
}

#: Sends one e-mail: (address, subject, body); raises :class:`MailNotSent`.
Mailer = Callable[[str, str, str], None]


class JoinState(StrEnum):
    """Whether a person may join from their desk now, and if not, why."""

    OPEN = "open"
    OFF = "off"          # [web] remote_join is false
    NO_MAIL = "no_mail"  # no SMTP channel to send codes through
    PAUSED = "paused"    # the liaison paused it
    FULL = "full"        # remote_max_waiting remote visitors are waiting


class JoinRefused(KioskError):
    """A request the site does not take now (``reason``: a :class:`JoinState` but OPEN,
    ``unknown`` for an address not in the directory, ``too_many`` past a limit,
    ``not_sent`` when the mail server did not take the code)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"Joining from your desk was refused ({reason}).")


class CodeRefused(KioskError):
    """A code that did not confirm (``reason``: ``wrong``, ``void``, ``expired``, ``used``,
    ``unknown`` or ``too_many``); ``left``: wrong tries left for ``wrong``."""

    def __init__(self, reason: str, left: int = 0) -> None:
        self.reason = reason
        self.left = left
        super().__init__(f"The code was refused ({reason}).")


class AlreadyJoined(KioskError):
    """The person already has a visit in progress: its ticket and status token."""

    def __init__(self, ticket_number: str, status_token: str) -> None:
        self.ticket_number = ticket_number
        self.status_token = status_token
        super().__init__(f"You're already in line as {ticket_number}.")


class MailNotSent(KioskError):
    """The mail server did not take a message (the reason names no address)."""


@dataclass(frozen=True)
class Pending:
    """A code sent: the request's id (the confirmation form carries it) and the address."""

    id: str
    email: str


@dataclass(frozen=True)
class Joined:
    """A remote visitor's new visit and its status token."""

    visit: Visit
    status_token: str


def code_hash(code_id: str, code: str) -> str:
    return hashlib.sha256(f"{code_id}:{code}".encode()).hexdigest()


def client_key(address: str) -> str:
    """The client as stored: a hash of its network address, not the address."""
    return hashlib.sha256(f"techbar-join:{address}".encode()).hexdigest()


class RemoteJoinService:
    """Codes, confirmation and the pause switch; ``mailer`` None: no SMTP, no joining."""

    def __init__(self, db: Database, settings: Settings, clock: Clock, visits: VisitService,
                 mailer: Mailer | None) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.visits = visits
        self.mailer = mailer
        self.site = settings.site_id

    def state(self) -> JoinState:
        """Whether joining is open now (read from the settings and the database)."""
        if not self.settings.web.remote_join:
            return JoinState.OFF
        if self.mailer is None:
            return JoinState.NO_MAIL
        with UnitOfWork(self.db, readonly=True) as uow:
            return self._state(uow)

    def paused(self) -> bool:
        with UnitOfWork(self.db, readonly=True) as uow:
            switch = uow.remote_join.switch(self.site, PAUSED)
            return bool(switch and switch.on)

    def set_paused(self, paused: bool, actor: str) -> None:
        """The liaison pauses (or reopens) joining from a desk, for every station."""
        who = clean_line(actor, "actor", 120, required=True)
        with UnitOfWork(self.db) as uow:
            uow.remote_join.set_switch(self.site, PAUSED, paused, self.clock.now(), who)
            uow.commit()
        log.info("remote joining %s", "paused" if paused else "reopened")

    def request_code(self, email: str, category: str, description: str, language: str,
                     client: str) -> Pending:
        """Check the request, keep it and mail a code to the person's directory address.

        Raises:
            ValidationError: an unknown category, over-long details, unknown language.
            JoinRefused: joining is not open, the address is not in the directory, a
                limit is reached, or the mail server did not take the code.
        """
        details = self.visits.check_in_details(category, description, "", "", _language(
            language), Priority.NORMAL)
        key = clean_line(email, "email", MAX_EMAIL).lower()
        now = self.clock.now()
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        code_id = secrets.token_hex(16)
        who = client_key(client)
        with UnitOfWork(self.db) as uow:
            self._refuse_unless_open(uow)
            person = uow.people.by_email(key) if "@" in key else None
            if person is None or not person.email:
                raise JoinRefused("unknown")
            since = now - WINDOW
            if (uow.remote_join.codes_for_email(self.site, person.email.lower(), since)
                    >= CODES_PER_ADDRESS
                    or uow.remote_join.codes_for_client(self.site, who, since) >= CODES_PER_CLIENT):
                raise JoinRefused("too_many")
            uow.remote_join.remove_codes_before(self.site, now - 2 * WINDOW)
            uow.remote_join.add_code(JoinCodeRow(
                id=code_id, site=self.site, employee_id=person.employee_id,
                email=person.email.lower(), category=details.category,
                description=details.description, language=details.language,
                code_hash=code_hash(code_id, code), client=who, created_at=now,
                expires_at=now + CODE_TTL, attempts=0))
            address = person.email
            uow.commit()
        self._mail(code_id, address, code, details.language)
        log.info("join code %s sent", code_id)
        return Pending(code_id, address)

    def confirm(self, code_id: str, code: str, client: str) -> Joined:
        """Check the person in when ``code`` is the one mailed for request ``code_id``.

        Raises:
            CodeRefused: a wrong, void, expired, used or unknown code, or too many wrong
                codes from this client.
            JoinRefused: joining closed (paused, full, switched off) since the code was sent.
            AlreadyJoined: the person already has a visit in progress (the code is used up).
        """
        typed = "".join(code.split())[:16]
        with UnitOfWork(self.db) as uow:
            row = uow.remote_join.code(self.site, code_id[:64], for_update=True)
            problem = self._code_problem(uow, row, client)
            if problem is not None or row is None:
                raise CodeRefused(problem or "unknown")
            if not hmac.compare_digest(row.code_hash, code_hash(row.id, typed)):
                row.attempts += 1
                uow.commit()
                log.info("join code %s: wrong code (%d)", row.id, row.attempts)
                left = MAX_WRONG - row.attempts
                raise CodeRefused("wrong" if left > 0 else "void", max(left, 0))
            return self._join(uow, row)

    def _join(self, uow: UnitOfWork, row: JoinCodeRow) -> Joined:
        self._refuse_unless_open(uow)
        row.used_at = self.clock.now()
        person = uow.people.get(row.employee_id)
        if person is None:
            uow.commit()
            raise CodeRefused("unknown")
        requester = Requester.create(person.name, person.email, person.employee_id)
        details = self.visits.check_in_details(row.category, row.description, "", "",
                                               row.language, Priority.NORMAL)
        try:
            visit = self.visits.add_visit(uow, requester, details, actor=ACTOR, remote=True)
        except AlreadyInLine as already:
            link = uow.links.for_visit(already.visit_id)
            uow.commit()
            raise AlreadyJoined(already.ticket_number, link.token if link else "") from None
        uow.commit()
        log.info("join code %s: visit %s joined from a desk", row.id, visit.id)
        return Joined(visit, visit.status_token)

    def _code_problem(self, uow: UnitOfWork, row: JoinCodeRow | None, client: str) -> str | None:
        now = self.clock.now()
        if uow.remote_join.wrong_tries_for_client(self.site, client_key(client),
                                                  now - WINDOW) >= WRONG_PER_CLIENT:
            return "too_many"
        if row is None:
            return "unknown"
        if row.used_at is not None:
            return "used"
        if row.attempts >= MAX_WRONG:
            return "void"
        if row.expires_at <= now:
            return "expired"
        return None

    def _state(self, uow: UnitOfWork) -> JoinState:
        switch = uow.remote_join.switch(self.site, PAUSED)
        if switch is not None and switch.on:
            return JoinState.PAUSED
        cap = self.settings.web.remote_max_waiting
        if cap and uow.remote_join.remote_waiting(self.site) >= cap:
            return JoinState.FULL
        return JoinState.OPEN

    def _refuse_unless_open(self, uow: UnitOfWork) -> None:
        if not self.settings.web.remote_join:
            raise JoinRefused(JoinState.OFF.value)
        if self.mailer is None:
            raise JoinRefused(JoinState.NO_MAIL.value)
        state = self._state(uow)
        if state is not JoinState.OPEN:
            raise JoinRefused(state.value)

    def _mail(self, code_id: str, address: str, code: str, language: str) -> None:
        subject, body = _MAIL.get(language, _MAIL["en"])
        values = {"code": code, "minutes": int(CODE_TTL.total_seconds() // 60),
                  "site": self.settings.site_name}
        if self.mailer is None:  # checked by _refuse_unless_open
            raise JoinRefused(JoinState.NO_MAIL.value)
        try:
            self.mailer(address, subject.format(**values), body.format(**values))
        except MailNotSent as failed:
            log.warning("join code %s not sent: %s", code_id, failed)
            with UnitOfWork(self.db) as uow:
                row = uow.remote_join.code(self.site, code_id)
                if row is not None:
                    row.attempts = MAX_WRONG  # void: nobody has it
                uow.commit()
            raise JoinRefused("not_sent") from None


def _language(language: str) -> str:
    return language if language in LANGUAGES else "en"
