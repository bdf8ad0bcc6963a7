"""Whatever a visitor or a technician types: a visit stored as typed (cleaned), or a
refusal with a message; never another exception, and nothing stored before is lost."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.domain.visit import Visit, VisitState
from kiosk.errors import KioskError
from kiosk.store import UnitOfWork
from kiosk.store.repositories.visits import to_visit
from tests.support.fuzz import hostile_text, huge_text, outcome

#: One database for all the examples of a test: each adds to what the others stored.
FUZZ = hypothesis_settings(max_examples=150, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])
typed = hostile_text() | huge_text() | st.sampled_from(["", "Ana", "ThinkPad T14", "A-4711"])


def stored(service: VisitService) -> dict[str, Visit]:
    """Every visit of the site with its timeline, as the store holds it now."""
    with UnitOfWork(service.db, readonly=True) as uow:
        rows = uow.visits.all_for_site(service.settings.site_id)
        timelines = uow.visits.events_for([row.id for row in rows])
        return {row.id: to_visit(row, timelines[row.id]) for row in rows}


def one_note_taker(service: VisitService) -> Visit:
    """A visit called by Dana, to take the notes (made once per database)."""
    held = [v for v in service.active_visits()
            if v.state is VisitState.CALLED and v.technician == "Dana"]
    if held:
        return held[0]
    visit = service.check_in(name="Noted", category="laptop")
    return service.call(visit.id, "Dana")


@FUZZ
@given(name=typed, category=st.sampled_from(["laptop", "mobile"]) | hostile_text(max_size=10),
       email=typed | st.emails(), description=typed, device=typed, asset_tag=typed)
@example(name="Zo\ud800ë", category="laptop", email="", description="d\x00\ud83d",
         device="", asset_tag="")
@example(name="Ana", category="laptop", email="ANA@EXAMPLE.COM", description="x" * 2001,
         device="", asset_tag="")
def test_a_check_in_is_stored_as_typed_or_refused(core: Core, name: str, category: str,
                                                  email: str, description: str, device: str,
                                                  asset_tag: str) -> None:
    service = core.visits
    before = stored(service)
    visit = outcome(lambda: service.check_in(
        name=name, category=category, email=email, description=description, device=device,
        asset_tag=asset_tag), KioskError)
    if isinstance(visit, KioskError):
        assert str(visit).strip(), f"{type(visit).__name__} without a message"
        assert stored(service) == before, "a refused check-in changed what was stored"
        return
    after = stored(service)
    kept = after.pop(visit.id)
    assert replace(kept, events=()) == visit, "stored otherwise than confirmed"
    assert kept.requester.name
    assert after == before, "a check-in changed another visit"


@FUZZ
@given(note=typed, actor=st.sampled_from(["Dana", "Kim"]) | hostile_text(max_size=10))
@example(note="\ud800\x00 \u2028", actor="Dana")
@example(note="x" * 20_001, actor="Dana")
def test_a_note_is_added_as_typed_or_refused(core: Core, note: str, actor: str) -> None:
    service = core.visits
    target = one_note_taker(service)
    before = stored(service)
    noted = outcome(lambda: service.add_note(target.id, actor, note), KioskError)
    if isinstance(noted, KioskError):
        assert str(noted).strip(), f"{type(noted).__name__} without a message"
        assert stored(service) == before, "a refused note changed what was stored"
        return
    after = stored(service)
    added = after[target.id].events[-1]
    assert (added.action, added.actor, added.note) == ("note", "Dana", noted.events[-1].note)
    assert added.note.strip()
    assert after[target.id].events[:-1] == before[target.id].events
    del after[target.id], before[target.id]
    assert after == before, "a note changed another visit"
