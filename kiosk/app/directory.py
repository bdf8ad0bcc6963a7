"""The company directory: people imported from CSV, found by badge, id, email or name.

CSV columns (UTF-8, a header row, comma-separated, quotes as usual):

========== ======== ====================================================
column     required meaning
========== ======== ====================================================
employee_id yes     the person's unique id (letters, digits, ``-_.``)
name       yes      full name as it should be shown to staff
email      no       work email (used for look-up and ticket requester)
badge_id   no       what the badge reader types (unique across people)
department no       free text
========== ======== ====================================================

Bad rows are reported by line number; good rows are kept (inserted or updated by
``employee_id``). Unknown columns are reported once and ignored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.domain.text import MAX_EMAIL, MAX_EMPLOYEE_ID, MAX_NAME, clean_email, clean_line
from kiosk.errors import ValidationError
from kiosk.store import Database, UnitOfWork
from kiosk.store.tables import PersonRow

REQUIRED_COLUMNS = ("employee_id", "name")
OPTIONAL_COLUMNS = ("email", "badge_id", "department")
MAX_BADGE = 64
MAX_DEPARTMENT = 120
MAX_FILE_BYTES = 50 * 1024 * 1024
_EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Person:
    employee_id: str
    name: str
    email: str = ""
    badge_id: str = ""
    department: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedDirectory:
    people: tuple[Person, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    errors: tuple[RowError, ...]
    warnings: tuple[str, ...] = ()

    def format_text(self) -> str:
        lines = [f"{self.added} added, {self.updated} updated, {len(self.errors)} rows rejected"]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"rejected {e}" for e in self.errors]
        return "\n".join(lines)


@dataclass(frozen=True)
class Identified:
    """A person found at the kiosk, with the devices their earlier visits were about.

    Attributes:
        last_device, last_asset_tag: of their most recent visit.
        devices: (category, device, asset tag) of earlier visits with a device, newest
            first, one per category.
    """

    person: Person
    last_device: str = ""
    last_asset_tag: str = ""
    devices: tuple[tuple[str, str, str], ...] = ()

    def device_for(self, category: str) -> tuple[str, str]:
        """The (device, asset tag) last brought for ``category``: a phone visit is never
        offered the laptop of a laptop visit. ("", "") when there is none."""
        return next(((device, tag) for kind, device, tag in self.devices if kind == category),
                    ("", ""))


def parse_directory_csv(text: str) -> ParsedDirectory:
    """Check every row; keep the good ones and say what is wrong with the others.

    Raises:
        ValidationError: the file as a whole is unusable (no header, missing columns).
    """
    lines = text.lstrip("\ufeff").split("\n")
    try:
        header = _cells(lines[0])
    except csv.Error as exc:
        raise ValidationError("file", f"line 1: not valid CSV ({exc}).") from None
    if not any(cell.strip() for cell in header):
        raise ValidationError("file", "The file is empty; expected a header row "
                                      "(employee_id,name,email,badge_id,department).")
    columns = [c.strip().lower() for c in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        hint = (" The values seem to be separated by ';': save the file as comma-separated "
                "CSV (in Excel: 'CSV UTF-8').") if len(columns) == 1 and ";" in columns[0] else ""
        raise ValidationError("file", f"The header row lacks the column(s) {', '.join(missing)}; "
                                      f"it has: {', '.join(columns) or '(nothing)'}.{hint}")
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        raise ValidationError("file", f"The header row repeats {', '.join(duplicates)}.")
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    warnings = (f"ignored unknown column(s): {', '.join(unknown)}",) if unknown else ()
    rows = _Rows(columns)
    for number, line in enumerate(lines[1:], start=2):
        rows.read(number, line)
    return ParsedDirectory(tuple(rows.people), tuple(rows.errors), warnings)


def _cells(line: str) -> list[str]:
    """One line's values, strictly: a quote opened must close on the same line."""
    return next(csv.reader([line.removesuffix("\r")], strict=True), [])


class _Rows:
    """The people read so far, the rows refused, and the ids and badges already seen."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.people: list[Person] = []
        self.errors: list[RowError] = []
        self._ids: dict[str, int] = {}
        self._badges: dict[str, int] = {}

    def read(self, number: int, line: str) -> None:
        try:
            cells = _cells(line)
        except csv.Error as exc:
            self.errors.append(RowError(number, f"not valid CSV ({exc}); a quote must close "
                                                "on the same line"))
            return
        if not any(cell.strip() for cell in cells):
            return
        try:
            person = _person(dict(zip(self.columns, cells, strict=False)), len(cells),
                             len(self.columns))
            _check_unique(person, number, self._ids, self._badges)
        except ValidationError as exc:
            self.errors.append(RowError(number, exc.problem))
            return
        self.people.append(person)


def _person(row: dict[str, str], cells: int, expected: int) -> Person:
    if cells > expected:
        raise ValidationError("row", f"{cells} values but the header has {expected} columns")
    employee_id = clean_line(row.get("employee_id", ""), "employee_id", MAX_EMPLOYEE_ID)
    if not employee_id:
        raise ValidationError("employee_id", "employee_id is empty")
    if not _EMPLOYEE_ID.match(employee_id):
        raise ValidationError("employee_id", f"employee_id '{employee_id}' may only hold "
                                             "letters, digits, '.', '-' and '_'")
    name = clean_line(row.get("name", ""), "name", MAX_NAME)
    if not name:
        raise ValidationError("name", "name is empty")
    return Person(
        employee_id=employee_id,
        name=name,
        email=clean_email(row.get("email", "")),
        badge_id=clean_line(row.get("badge_id", ""), "badge_id", MAX_BADGE),
        department=clean_line(row.get("department", ""), "department", MAX_DEPARTMENT),
    )


def _check_unique(person: Person, line: int, ids: dict[str, int], badges: dict[str, int]) -> None:
    if person.employee_id in ids:
        raise ValidationError("employee_id", f"employee_id {person.employee_id} already appears "
                                             f"on line {ids[person.employee_id]}")
    if person.badge_id and person.badge_id in badges:
        raise ValidationError("badge_id", f"badge_id {person.badge_id} already appears on line "
                                          f"{badges[person.badge_id]}")
    ids[person.employee_id] = line
    if person.badge_id:
        badges[person.badge_id] = line


class DirectoryService:
    """Import the directory and find people in it."""

    def __init__(self, db: Database, clock: Clock, site: str) -> None:
        self.db = db
        self.clock = clock
        self.site = site

    def import_csv(self, text: str) -> ImportReport:
        """Parse and store a directory file in one transaction; bad rows are reported."""
        if len(text) > MAX_FILE_BYTES:
            raise ValidationError("file", "The file is larger than 50 MB.")
        parsed = parse_directory_csv(text)
        return self.import_people(parsed.people, parsed.errors, parsed.warnings)

    def import_people(self, people: Iterable[Person], errors: tuple[RowError, ...] = (),
                      warnings: tuple[str, ...] = ()) -> ImportReport:
        batch = list(people)
        now = self.clock.now()
        added = updated = 0
        with UnitOfWork(self.db) as uow:
            owners = uow.people.badge_owners(p.badge_id for p in batch)
            # Badges move between people: release the ones this file gives to someone else.
            for person in batch:
                owner = owners.get(person.badge_id)
                if owner and owner != person.employee_id:
                    previous = uow.people.get(owner)
                    if previous is not None:
                        previous.badge_id = None
            uow.session.flush()
            for person in batch:
                if uow.people.upsert(person.employee_id, person.name, person.email,
                                     person.badge_id or None, person.department, now):
                    added += 1
                else:
                    updated += 1
            uow.commit()
        return ImportReport(added, updated, errors, warnings)

    def identify(self, text: str) -> Identified | None:
        """Find the person behind a badge scan, an employee id or an email."""
        key = clean_line(text, "badge", MAX_EMAIL)
        if not key:
            return None
        with UnitOfWork(self.db, readonly=True) as uow:
            row = (uow.people.by_badge(key) or uow.people.get(key)
                   or uow.people.by_employee_id_folded(key)
                   or (uow.people.by_email(key.lower()) if "@" in key else None))
            if row is None:
                return None
            last = uow.people.last_visit(row.employee_id, self.site)
            devices: dict[str, tuple[str, str, str]] = {}
            for visit in uow.people.visits_with_devices(row.employee_id, self.site):
                devices.setdefault(visit.category, (visit.category, visit.device,
                                                    visit.asset_tag))
            return Identified(_to_person(row), last.device if last else "",
                              last.asset_tag if last else "", tuple(devices.values()))

    def search(self, text: str, limit: int = 8) -> list[Person]:
        """People whose name, email or id contains ``text`` (at least 2 characters)."""
        key = clean_line(text, "search", MAX_NAME)
        if len(key) < 2:
            return []
        with UnitOfWork(self.db, readonly=True) as uow:
            return [_to_person(r) for r in uow.people.search(key, limit)]

    def count(self) -> int:
        with UnitOfWork(self.db, readonly=True) as uow:
            return uow.people.count()


def _to_person(row: PersonRow) -> Person:
    return Person(row.employee_id, row.name, row.email, row.badge_id or "", row.department)
