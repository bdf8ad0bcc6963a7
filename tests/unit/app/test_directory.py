"""The directory: CSV checks by line, import keeps good rows, look-ups at the kiosk."""

import pytest

from kiosk.app.directory import DirectoryService, parse_directory_csv
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import ValidationError
from kiosk.store import Database

GOOD = """employee_id,name,email,badge_id,department
E1001,Ana García,Ana.Garcia@example.com,04A1B2C3,Finance
E1002,"O'Brien, Tom",tom@example.com,,Sales
E1003,李小龍,li@example.com,99887766,Engineering
"""


def test_good_file_parses() -> None:
    parsed = parse_directory_csv("\ufeff" + GOOD)
    assert [p.employee_id for p in parsed.people] == ["E1001", "E1002", "E1003"]
    assert parsed.people[0].email == "ana.garcia@example.com"
    assert parsed.people[1].name == "O'Brien, Tom"
    assert parsed.people[2].name == "李小龍"
    assert parsed.errors == ()


def test_bad_rows_are_reported_by_line_and_good_rows_kept() -> None:
    text = ("employee_id,name,email,badge_id,colour\n"
            "E1,Ana,ana@example.com,B1,red\n"
            ",No Id,x@example.com,,\n"
            "E2,,nobody@example.com,,\n"
            "E3,Bad Mail,not-an-email,,\n"
            "E1,Ana Again,ana2@example.com,,\n"
            "E4,Badge Thief,b@example.com,B1,\n"
            "E 5,Space Id,s@example.com,,\n"
            "E6,Too,many,values,here,extra\n"
            "\n"
            "E7,Fine,fine@example.com,,\n")
    parsed = parse_directory_csv(text)
    assert [p.employee_id for p in parsed.people] == ["E1", "E7"]
    assert [(e.line, e.message.split(" ")[0]) for e in parsed.errors] == [
        (3, "employee_id"), (4, "name"), (5, "'not-an-email'"), (6, "employee_id"),
        (7, "badge_id"), (8, "employee_id"), (9, "6")]
    assert "already appears on line 2" in str(parsed.errors[3])
    assert parsed.warnings == ("ignored unknown column(s): colour",)


@pytest.mark.parametrize(("text", "message"), [
    ("", "The file is empty"),
    ("name,email\nAna,a@example.com\n", r"lacks the column\(s\) employee_id"),
    ("employee_id,name,name\n", "repeats name"),
])
def test_unusable_files(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_directory_csv(text)


@pytest.fixture
def directory(db: Database, clock: ManualClock, settings: Settings) -> DirectoryService:
    return DirectoryService(db, clock, settings.site_id)


def test_import_then_update(directory: DirectoryService) -> None:
    first = directory.import_csv(GOOD)
    assert (first.added, first.updated, first.errors) == (3, 0, ())
    again = directory.import_csv("employee_id,name,email\nE1001,Ana García López,ana@example.com\n"
                                 "E2000,New Person,new@example.com\n")
    assert (again.added, again.updated) == (1, 1)
    assert directory.count() == 4
    found = directory.identify("E1001")
    assert found is not None
    assert found.person.name == "Ana García López"


def test_a_badge_can_move_to_someone_else(directory: DirectoryService) -> None:
    directory.import_csv(GOOD)
    directory.import_csv("employee_id,name,badge_id\nE1002,\"O'Brien, Tom\",04A1B2C3\n")
    found = directory.identify("04A1B2C3")
    assert found is not None
    assert found.person.employee_id == "E1002"


def test_identify_by_badge_id_or_email(directory: DirectoryService) -> None:
    directory.import_csv(GOOD)
    for key in ("04A1B2C3", "E1001", "e1001", "ANA.GARCIA@example.com", "  E1001 "):
        found = directory.identify(key)
        assert found is not None, key
        assert found.person.employee_id == "E1001"
    assert directory.identify("nobody") is None
    assert directory.identify("") is None


def test_returning_visitor_gets_their_last_device(directory: DirectoryService,
                                                  service: VisitService) -> None:
    directory.import_csv(GOOD)
    service.check_in(name="Ana García", employee_id="E1001", category="laptop",
                     device="ThinkPad X1", asset_tag="TB-20931")
    found = directory.identify("04A1B2C3")
    assert found is not None
    assert (found.last_device, found.last_asset_tag) == ("ThinkPad X1", "TB-20931")


def test_the_device_offered_fits_the_category(directory: DirectoryService,
                                              service: VisitService) -> None:
    directory.import_csv(GOOD)
    for category, device in (("mobile", "iPhone 12"), ("laptop", "ThinkPad X1"),
                             ("mobile", "iPhone 15")):
        visit = service.check_in(name="Ana García", employee_id="E1001", category=category,
                                 device=device)
        service.cancel(visit.id, "kiosk")
    found = directory.identify("E1001")
    assert found is not None
    assert found.device_for("mobile") == ("iPhone 15", "")
    assert found.device_for("laptop") == ("ThinkPad X1", "")
    assert found.device_for("software") == ("", "")


def test_search_by_part_of_a_name(directory: DirectoryService) -> None:
    directory.import_csv(GOOD)
    assert [p.employee_id for p in directory.search("garc")] == ["E1001"]
    assert {p.employee_id for p in directory.search("example.com")} == {"E1001", "E1002", "E1003"}
    assert [p.employee_id for p in directory.search("example.com", limit=1)] == ["E1001"]
    assert directory.search("a") == []
    assert directory.search("100%") == []


def test_a_stray_quote_rejects_its_row_and_keeps_the_rest() -> None:
    text = ("employee_id,name,email,badge_id,department\n"
            'E1,"Ana,,,\nE2,Bo,,,\nE3,Cy,,,\n')
    parsed = parse_directory_csv(text)
    assert [p.employee_id for p in parsed.people] == ["E2", "E3"]
    assert [p.name for p in parsed.people] == ["Bo", "Cy"]
    [error] = parsed.errors
    assert error.line == 2
    assert "quote" in error.message


def test_a_semicolon_separated_file_gets_a_hint() -> None:
    with pytest.raises(ValidationError, match="separated by ';'"):
        parse_directory_csv("employee_id;name;email\nE1;Ana;ana@example.com\n")
