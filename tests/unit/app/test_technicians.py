"""Technicians: adding, PIN sign-in with a lock-out that survives restarts, status, CLI, demo."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from kiosk.app.technicians import (
    DEMO_PIN,
    TOPIC,
    SignInRefused,
    TechnicianService,
    TechnicianStatus,
    seed_demo_technicians,
)
from kiosk.cli.technicians import add_technician_command, list_technicians_command
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.errors import NotFound, ValidationError
from kiosk.store import Database, UnitOfWork


@pytest.fixture
def techs(db: Database, settings: Settings, clock: ManualClock) -> TechnicianService:
    return TechnicianService(db, settings, clock)


def test_add_and_list(techs: TechnicianService) -> None:
    dana = techs.add(name=" Dana ", pin="1234", skills=["laptop", "mobile"], counter="Desk 2")
    techs.add(name="Ann", pin="987654")
    assert dana.name == "Dana"
    assert dana.skills == ("laptop", "mobile")
    assert dana.categories == ("laptop", "mobile")
    assert dana.can_take("laptop")
    assert not dana.can_take("account")
    assert dana.status is TechnicianStatus.AWAY
    assert [t.name for t in techs.list()] == ["Ann", "Dana"]
    assert techs.list()[0].categories is None, "no skills: every category"
    with UnitOfWork(techs.db, readonly=True) as uow:
        row = uow.technicians.get(dana.id)
        assert row is not None
        assert row.pin_hash.startswith("scrypt$")
        assert "1234" not in row.pin_hash


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": "", "pin": "1234"}, "enter your name"),
    ({"name": "Dana", "pin": "12"}, "4 to 12 digits"),
    ({"name": "Dana", "pin": "12ab"}, "digits only"),
    ({"name": "Dana", "pin": "1234", "skills": ["teleport"]}, "Unknown skill 'teleport'"),
    ({"name": "Dana", "pin": "1234", "counter": "x" * 33}, "at most 32"),
])
def test_bad_technicians_are_refused(techs: TechnicianService, kwargs: dict[str, object],
                                     message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        techs.add(**kwargs)  # type: ignore[arg-type]
    assert techs.list() == []


def test_names_are_unique(techs: TechnicianService) -> None:
    techs.add(name="Dana", pin="1234")
    with pytest.raises(ValidationError, match="already a technician called DANA"):
        techs.add(name="DANA", pin="1234")


def test_sign_in_makes_available_and_is_on_the_feed(techs: TechnicianService) -> None:
    dana = techs.add(name="Dana", pin="1234")
    seq = techs.latest_change()
    signed = techs.sign_in(dana.id, "1234")
    assert signed.status is TechnicianStatus.AVAILABLE
    latest, changed = techs.changes_since(seq)
    assert latest > seq
    assert [t.status for t in changed] == [TechnicianStatus.AVAILABLE]
    with UnitOfWork(techs.db, readonly=True) as uow:
        assert {c.topic for c in uow.changes.since(seq)} == {TOPIC}
    assert techs.set_status(dana.id, "busy").status is TechnicianStatus.BUSY
    assert techs.sign_out(dana.id).status is TechnicianStatus.AWAY
    with pytest.raises(ValidationError, match="Unknown status 'asleep'"):
        techs.set_status(dana.id, "asleep")


def test_five_wrong_pins_lock_for_five_minutes_across_restarts(
        db: Database, settings: Settings, clock: ManualClock) -> None:
    first = TechnicianService(db, settings, clock)
    dana = first.add(name="Dana", pin="1234")
    for left in (4, 3, 2, 1):
        with pytest.raises(SignInRefused, match=f"Wrong PIN. {left} tr") as refused:
            first.sign_in(dana.id, "0000")
        assert refused.value.tries_left == left
    with pytest.raises(SignInRefused, match="Too many wrong PINs. Try again at 09:05."):
        first.sign_in(dana.id, "0000")
    restarted = TechnicianService(db, settings, clock)  # a new console process
    with pytest.raises(SignInRefused, match="Try again at 09:05") as locked:
        restarted.sign_in(dana.id, "1234")
    assert locked.value.locked_until == clock.now() + timedelta(minutes=5)
    clock.advance(timedelta(minutes=5))
    assert restarted.sign_in(dana.id, "1234").status is TechnicianStatus.AVAILABLE


def test_a_right_pin_resets_the_count(techs: TechnicianService) -> None:
    dana = techs.add(name="Dana", pin="1234")
    for _ in range(4):
        with pytest.raises(SignInRefused):
            techs.sign_in(dana.id, "0000")
    techs.sign_in(dana.id, "1234")
    with pytest.raises(SignInRefused, match="4 tries left"):
        techs.sign_in(dana.id, "0000")


def test_update_changes_pin_and_clears_lock(techs: TechnicianService) -> None:
    dana = techs.add(name="Dana", pin="1234")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            techs.sign_in(dana.id, "0000")
    changed = techs.update(dana.id, pin="5555", skills=["account"], counter="Desk 9")
    assert (changed.skills, changed.counter, changed.locked_until) == (("account",), "Desk 9", None)
    assert techs.sign_in(dana.id, "5555").status is TechnicianStatus.AVAILABLE
    techs.update(dana.id, active=False)
    assert techs.list() == []
    with pytest.raises(NotFound, match="can no longer sign in"):
        techs.sign_in(dana.id, "5555")
    with pytest.raises(NotFound):
        techs.sign_in("nobody", "1234")


def test_add_command_asks_the_pin_twice(techs: TechnicianService) -> None:
    answers = iter(["12", "4321", "9999", "4321", "4321"])
    out = io.StringIO()
    code = add_technician_command(techs, name="Luis", skills="laptop, mobile", counter="Desk 2",
                                  input_fn=lambda _prompt: next(answers), out=out)
    assert code == 0
    text = out.getvalue()
    assert "4 to 12 digits; try again." in text
    assert "The two PINs differ; try again." in text
    assert "Added Luis at Desk 2 (laptop, mobile)." in text
    luis = techs.list()[0]
    assert techs.sign_in(luis.id, "4321").name == "Luis"
    listing = io.StringIO()
    assert list_technicians_command(techs, listing) == 0
    assert listing.getvalue() == "Luis\tDesk 2\tlaptop,mobile\tavailable\n"


def test_add_command_refuses_bad_skills_and_gives_up_on_pins(techs: TechnicianService) -> None:
    out = io.StringIO()
    assert add_technician_command(techs, name="Luis", skills="teleport", counter="",
                                  input_fn=lambda _prompt: "1234", out=out) == 1
    assert "Not added: Unknown skill 'teleport'" in out.getvalue()
    out = io.StringIO()
    assert add_technician_command(techs, name="Luis", skills="", counter="",
                                  input_fn=lambda _prompt: "1", out=out) == 1
    assert out.getvalue().endswith("No PIN set; nothing added.\n")
    assert techs.list() == []


def test_demo_technicians_once(db: Database, settings: Settings, clock: ManualClock) -> None:
    made = seed_demo_technicians(db, settings, clock)
    assert [t.name for t in made] == ["Dana", "Luis", "Kim"]
    assert [t.status.value for t in made] == ["available", "busy", "available"]
    assert made[2].skills == ()
    assert seed_demo_technicians(db, settings, clock) == []
    techs = TechnicianService(db, settings, clock)
    assert techs.sign_in(made[0].id, DEMO_PIN).status is TechnicianStatus.AVAILABLE


def test_each_further_lock_out_is_twice_as_long_up_to_a_day(
        techs: TechnicianService, clock: ManualClock) -> None:
    dana = techs.add(name="Dana", pin="1234")
    seen = techs.latest_change()
    lengths = []
    for _ in range(12):
        for _ in range(5):
            with pytest.raises(SignInRefused) as refused:
                techs.sign_in(dana.id, "0000")
        until = refused.value.locked_until
        assert until is not None
        lengths.append(until - clock.now())
        clock.set(until)
    assert lengths[:4] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert lengths[-1] == timedelta(hours=24)
    locked, rounds = timedelta(0), 0
    while locked < timedelta(days=1):
        locked += lengths[rounds]
        rounds += 1
    assert 5 * rounds <= 50, "at most 50 guesses a day at a 4-digit PIN (was 1,440)"
    _, changed = techs.changes_since(seen)
    assert [t.locked_until for t in changed] == [until], "the floor learns of the lock"
    assert techs.sign_in(dana.id, "1234").locked_until is None
    with pytest.raises(SignInRefused, match="4 tries left"):
        techs.sign_in(dana.id, "0000")
