"""Any directory file: people and rejected lines, or one ValidationError for the whole
file; never another exception, and an import never loses the people already there."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.app.directory import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Person, parse_directory_csv
from kiosk.bootstrap import Core
from kiosk.errors import ValidationError
from kiosk.store import UnitOfWork
from kiosk.store.tables import PersonRow
from tests.support.fuzz import hostile_text, outcome

FUZZ = hypothesis_settings(max_examples=300, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])
#: Few ids and badges, so files repeat them and take them from people already stored.
IDS = ("E1", "E2", "e2", "E3", "E 4", "")
BADGES = ("B1", "B2", "b2", "")
COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "colour", " Name ", "")

#: Mostly what the column should hold, so many rows are good.
USUAL = {"employee_id": IDS, "name": ("Ana García", "Bo", "O'Brien, Tom"),
         "email": ("ana@example.com", "", "not-an-email"), "badge_id": BADGES,
         "department": ("Finance", "")}
odd = hostile_text(max_size=12) | st.sampled_from(['"', "x" * 130, "E5\r", "a,b"])


def cells(column: str) -> st.SearchStrategy[str]:
    usual = st.sampled_from(USUAL.get(column.strip().lower(), ("x",)))
    return st.one_of(usual, usual, usual, usual, odd)


@st.composite
def tables(draw: st.DrawFn) -> str:
    """A header of known (and some unknown) columns, then rows of any cells, written as
    CSV (or naively joined), with any line endings."""
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True))
    if draw(st.integers(0, 3)):
        header = [*REQUIRED_COLUMNS,
                  *[c for c in header if c.strip().lower() not in REQUIRED_COLUMNS]]
    row = st.tuples(*map(cells, header)).map(list)
    rows = draw(st.lists(st.one_of(row, row, st.lists(odd, max_size=len(header) + 1)),
                         max_size=6))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    if draw(st.booleans()):
        out = io.StringIO()
        csv.writer(out, lineterminator=ending).writerows([header, *rows])
        return out.getvalue()
    return ending.join(",".join(row) for row in [header, *rows])


files = st.one_of(tables(), tables(), tables(), hostile_text(max_size=120),
                  st.sampled_from(["", "\ufeff", "employee_id,name"]))


def stored_people(core: Core) -> dict[str, Person]:
    """Everyone in the directory, as the store holds them."""
    with UnitOfWork(core.directory.db, readonly=True) as uow:
        return {row.employee_id: Person(row.employee_id, row.name, row.email,
                                        row.badge_id or "", row.department)
                for row in uow.session.scalars(select(PersonRow))}


@hypothesis_settings(max_examples=600, deadline=None)
@given(files)
@example("employee_id,name\nE1,\"Ana\nE2,Bo\n")  # a stray quote rejects its own line only
@example("employee_id,name,email\nE1,Ana,\"a@b.c\"x\n")
def test_a_file_parses_into_people_and_rejected_lines(text: str) -> None:
    parsed = outcome(lambda: parse_directory_csv(text), ValidationError)
    if isinstance(parsed, ValidationError):
        assert parsed.problem.strip()
        event("file refused")
        return
    event(f"{min(len(parsed.people), 3)} people, {min(len(parsed.errors), 3)} rejected")
    lines = len(text.lstrip("\ufeff").split("\n"))
    assert len(parsed.people) + len(parsed.errors) <= lines - 1
    for error in parsed.errors:
        assert 2 <= error.line <= lines
        assert error.message.strip()
    ids = [p.employee_id for p in parsed.people]
    badges = [p.badge_id for p in parsed.people if p.badge_id]
    assert len(ids) == len(set(ids)), "an employee id twice"
    assert len(badges) == len(set(badges)), "a badge twice"
    for person in parsed.people:
        assert person.employee_id
        assert person.name
        for value in (person.employee_id, person.name, person.email, person.badge_id,
                      person.department):
            value.encode("utf-8")
            assert len(value.splitlines()) <= 1
            assert value == value.strip()


@FUZZ
@given(files)
@example("employee_id,name,badge_id\nE1,Ana,B1\nE2,Bo,B2\n")
@example("employee_id,name,badge_id\nE1,Ana,B2\nE2,Bo,B1\n")  # two people swap badges
@example("who,what\nE1,Ana\n")
def test_an_import_changes_only_the_people_in_the_file(core: Core, text: str) -> None:
    before = stored_people(core)
    report = outcome(lambda: core.directory.import_csv(text), ValidationError)
    if isinstance(report, ValidationError):
        assert report.problem.strip()
        assert stored_people(core) == before, "a refused file changed the directory"
        return
    parsed = parse_directory_csv(text)
    given_badges = {p.badge_id for p in parsed.people if p.badge_id}
    expected = {employee_id: (replace(person, badge_id="") if person.badge_id in given_badges
                              else person) for employee_id, person in before.items()}
    expected.update((p.employee_id, p) for p in parsed.people)
    assert stored_people(core) == expected
    assert (report.added, report.updated) == (
        sum(p.employee_id not in before for p in parsed.people),
        sum(p.employee_id in before for p in parsed.people))
    assert report.errors == parsed.errors
