"""Technicians: who may sign in to the console, with what PIN, skills and status.

A technician picks their name and types a PIN (a salted scrypt hash from
:mod:`kiosk.app.security`). After :data:`MAX_TRIES` wrong PINs in a row the account is
locked for :data:`LOCKOUT`; the count and the end of the lock-out are stored on the
row, so restarting the console does not reset them. Skills are category ids (none
means every category). A status change is appended to the change feed under the
topic ``"technician"`` so every window can show who is free.
"""

from __future__ import annotations

import builtins
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kiosk.clock import Clock
from kiosk.config import Settings
from kiosk.domain.pins import PinError, hash_pin, verify_pin
from kiosk.domain.text import clean_line
from kiosk.errors import KioskError, NotFound, ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import TechnicianRow

log = logging.getLogger(__name__)

TOPIC = "technician"
MAX_TRIES = 5
LOCKOUT = timedelta(minutes=5)
#: Lock-outs double with every further round of wrong PINs, up to this.
MAX_LOCKOUT = timedelta(hours=24)
MAX_COUNTER = 32
#: Demo technicians and their PIN: for demo databases only, never for a real site.
DEMO_PIN = "1234"
DEMO_TECHNICIANS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Dana", ("laptop", "account", "software", "pickup"), "Desk 1"),
    ("Luis", ("account", "mobile", "software"), "Desk 2"),
    ("Kim", (), "Desk 3"),
)



class TechnicianStatus(StrEnum):
    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"

    @property
    def label(self) -> str:
        return self.value.capitalize()


#: Demo technicians' statuses in turn, so the team strip shows a realistic mix.
DEMO_STATUSES = (TechnicianStatus.AVAILABLE, TechnicianStatus.BUSY, TechnicianStatus.AVAILABLE)


@dataclass(frozen=True)
class Technician:
    """An immutable snapshot of a technician (never the PIN hash)."""

    id: str
    name: str
    skills: tuple[str, ...]
    status: TechnicianStatus
    status_at: datetime
    counter: str = ""
    active: bool = True
    locked_until: datetime | None = None

    @property
    def categories(self) -> tuple[str, ...] | None:
        """The categories this technician takes from the queue; None means all of them."""
        return self.skills or None

    def can_take(self, category: str) -> bool:
        return not self.skills or category in self.skills


class SignInRefused(KioskError):
    """A wrong PIN, or a locked account.

    Attributes:
        tries_left: wrong tries left before the lock-out (0 when locked).
        locked_until: the end of the lock-out, or None.
    """

    def __init__(self, message: str, tries_left: int, locked_until: datetime | None) -> None:
        super().__init__(message)
        self.tries_left = tries_left
        self.locked_until = locked_until


class TechnicianService:
    """Add, change, list and sign in technicians; set their status."""

    def __init__(self, db: Database, settings: Settings, clock: Clock, *,
                 max_tries: int = MAX_TRIES, lockout: timedelta = LOCKOUT) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.max_tries = max_tries
        self.lockout = lockout

    # ------------------------------------------------------------ managing

    def add(self, *, name: str, pin: str, skills: Iterable[str] = (), counter: str = "") -> Technician:
        """A new technician, away until they sign in.

        Raises:
            ValidationError: an empty or taken name, a malformed PIN, an unknown skill.
        """
        clean_name = clean_line(name, "name", 120, required=True)
        row = TechnicianRow(
            id=uuid.uuid4().hex, site=self.settings.site_id, name=clean_name,
            pin_hash=_hash(pin), skills=",".join(self._skills(skills)),
            status=TechnicianStatus.AWAY.value, status_at=self.clock.now(),
            counter=clean_line(counter, "counter", MAX_COUNTER), failed_pins=0,
            locked_until=None, active=True)
        with UnitOfWork(self.db) as uow:
            self._check_name_free(uow, clean_name, None)
            uow.technicians.add(row)
            uow.changes.append(TOPIC, row.id, self.clock.now())
            uow.commit()
            log.info("technician %s added", row.id)
            return to_technician(row)

    def update(self, technician_id: str, *, name: str | None = None,
               skills: Iterable[str] | None = None, counter: str | None = None,
               pin: str | None = None, active: bool | None = None) -> Technician:
        """Change what is given; a new PIN also clears a lock-out."""
        with UnitOfWork(self.db) as uow:
            row = self._row(uow, technician_id)
            if name is not None:
                row.name = clean_line(name, "name", 120, required=True)
                self._check_name_free(uow, row.name, row.id)
            if skills is not None:
                row.skills = ",".join(self._skills(skills))
            if counter is not None:
                row.counter = clean_line(counter, "counter", MAX_COUNTER)
            if pin is not None:
                row.pin_hash, row.failed_pins, row.locked_until = _hash(pin), 0, None
            if active is not None:
                row.active = active
            uow.changes.append(TOPIC, row.id, self.clock.now())
            uow.commit()
            return to_technician(row)

    def list(self, *, active_only: bool = True) -> builtins.list[Technician]:
        """Technicians of this site, by name."""
        with UnitOfWork(self.db, readonly=True) as uow:
            return [to_technician(r) for r in uow.technicians.all(self.settings.site_id,
                                                                  active_only=active_only)]

    def get(self, technician_id: str) -> Technician:
        with UnitOfWork(self.db, readonly=True) as uow:
            return to_technician(self._row(uow, technician_id))

    # ------------------------------------------------------------ signing in

    def sign_in(self, technician_id: str, pin: str) -> Technician:
        """Check the PIN; on success the technician becomes available.

        Raises:
            SignInRefused: a wrong PIN (with the tries left) or a locked account.
            NotFound: no such (active) technician.
        """
        now = self.clock.now()
        with UnitOfWork(self.db) as uow:
            row = self._row(uow, technician_id, for_update=True)
            if not row.active:
                raise NotFound(f"{row.name} can no longer sign in.")
            if row.locked_until is not None and now < row.locked_until:
                raise self._locked(row.locked_until)
            if not verify_pin(pin, row.pin_hash):
                refusal = self._wrong_pin(uow, row, now)
                uow.commit()
                raise refusal
            row.failed_pins, row.locked_until = 0, None
            self._set_status(uow, row, TechnicianStatus.AVAILABLE, now)
            uow.commit()
            log.info("technician %s signed in", row.id)
            return to_technician(row)

    def sign_out(self, technician_id: str) -> Technician:
        return self.set_status(technician_id, TechnicianStatus.AWAY)

    def set_status(self, technician_id: str, status: TechnicianStatus | str) -> Technician:
        """Available, busy or away; others see it through the change feed."""
        try:
            wanted = TechnicianStatus(status)
        except ValueError:
            raise ValidationError("status", f"Unknown status '{status}'.") from None
        with UnitOfWork(self.db) as uow:
            row = self._row(uow, technician_id, for_update=True)
            self._set_status(uow, row, wanted, self.clock.now())
            uow.commit()
            return to_technician(row)

    # ------------------------------------------------------------ following changes

    def latest_change(self) -> int:
        with UnitOfWork(self.db, readonly=True) as uow:
            return uow.changes.latest()

    def changes_since(self, seq: int) -> tuple[int, tuple[Technician, ...]]:
        """The feed's new high-water mark and the technicians changed after ``seq``."""
        with UnitOfWork(self.db, readonly=True) as uow:
            changes = uow.changes.since(seq, 1000)
            if not changes:
                return seq, ()
            ids = list(dict.fromkeys(c.entity_id for c in changes if c.topic == TOPIC))
            rows = [uow.technicians.get(i) for i in ids]
            return changes[-1].seq, tuple(to_technician(r) for r in rows if r is not None)

    # ------------------------------------------------------------ internals

    def _wrong_pin(self, uow: UnitOfWork, row: TechnicianRow, now: datetime) -> SignInRefused:
        """Count the wrong PIN; every ``max_tries`` in a row lock the name, twice as long
        each time (up to a day), until a right PIN or a new one resets the count."""
        row.failed_pins += 1
        log.warning("technician %s: wrong PIN (%d in a row)", row.id, row.failed_pins)
        lockouts, tries = divmod(row.failed_pins, self.max_tries)
        if tries == 0:
            row.locked_until = now + min(self.lockout * 2 ** min(lockouts - 1, 16), MAX_LOCKOUT)
            uow.changes.append(TOPIC, row.id, now)  # the liaison's team list shows the lock
            log.warning("technician %s locked until %s", row.id, row.locked_until.isoformat())
            return self._locked(row.locked_until)
        left = self.max_tries - tries
        return SignInRefused(f"Wrong PIN. {left} {'try' if left == 1 else 'tries'} left.", left,
                             None)

    def _locked(self, until: datetime) -> SignInRefused:
        local = (until + self.settings.utc_offset).strftime("%H:%M")
        return SignInRefused(f"Too many wrong PINs. Try again at {local}.", 0, until)

    def _set_status(self, uow: UnitOfWork, row: TechnicianRow, status: TechnicianStatus,
                    now: datetime) -> None:
        row.status, row.status_at = status.value, now
        uow.changes.append(TOPIC, row.id, now)

    def _row(self, uow: UnitOfWork, technician_id: str, *,
             for_update: bool = False) -> TechnicianRow:
        row = uow.technicians.get(technician_id, for_update=for_update)
        if row is None or row.site != self.settings.site_id:
            raise NotFound(f"No technician with id {technician_id}.")
        return row

    def _check_name_free(self, uow: UnitOfWork, name: str, own_id: str | None) -> None:
        taken = [r for r in uow.technicians.all(self.settings.site_id, active_only=False)
                 if r.name.casefold() == name.casefold() and r.id != own_id]
        if taken:
            raise ValidationError("name", f"There is already a technician called {name}.")

    def _skills(self, skills: Iterable[str]) -> builtins.list[str]:
        known = [c.id for c in self.settings.categories]
        wanted = list(dict.fromkeys(s.strip() for s in skills if s.strip()))
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise ValidationError("skills", f"Unknown skill '{unknown[0]}'. Choose from: "
                                            f"{', '.join(known)}.")
        return wanted


def to_technician(row: TechnicianRow) -> Technician:
    return Technician(
        id=row.id, name=row.name, skills=tuple(s for s in row.skills.split(",") if s),
        status=TechnicianStatus(row.status), status_at=row.status_at, counter=row.counter,
        active=row.active, locked_until=row.locked_until)


def parse_skills(text: str) -> list[str]:
    """``"laptop, mobile"`` -> ``["laptop", "mobile"]`` (checked when stored)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _hash(pin: str) -> str:
    try:
        return hash_pin(pin)
    except PinError as error:
        raise ValidationError("pin", f"The PIN is not usable: {error}.") from None


# ------------------------------------------------------------ command line and demo


def seed_demo_technicians(db: Database, settings: Settings, clock: Clock,
                          names: Sequence[tuple[str, tuple[str, ...], str]] = DEMO_TECHNICIANS
                          ) -> list[Technician]:
    """Dana, Luis and Kim, all with the PIN :data:`DEMO_PIN` (demo databases only).

    Does nothing when the site already has technicians. Skills not among the
    configured categories are left out.
    """
    service = TechnicianService(db, settings, clock)
    if service.list(active_only=False):
        return []
    known = {c.id for c in settings.categories}
    made = [service.add(name=name, pin=DEMO_PIN, skills=[s for s in skills if s in known],
                        counter=counter) for name, skills, counter in names]
    return [service.set_status(tech.id, DEMO_STATUSES[index % len(DEMO_STATUSES)])
            for index, tech in enumerate(made)]
