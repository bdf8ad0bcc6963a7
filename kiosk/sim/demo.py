"""Demo data: a realistic morning at the Tech Bar, made through the real services.

Used on the first start of ``make run`` and for screenshots. Timestamps are spread
over the last two hours by a private ManualClock, so waits and timelines look real.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.app.appointments import AppointmentService
from kiosk.app.directory import DirectoryService
from kiosk.app.feedback import FeedbackService
from kiosk.app.notices import NoticeService
from kiosk.app.technicians import seed_demo_technicians
from kiosk.app.visits import VisitService
from kiosk.clock import ManualClock, SystemClock
from kiosk.config import RESOURCES, Settings
from kiosk.domain.priority import Priority
from kiosk.domain.visit import Visit
from kiosk.store import Database

DEMO_DIRECTORY = RESOURCES / "demo-directory.csv"
DEVICES = ("ThinkPad X1 Carbon", "MacBook Pro 14", "iPhone 15", "Dell Latitude 7440")

# (name, email, employee id, category index, description)
PEOPLE = [
    ("Ana García", "ana.garcia@example.com", "E1001", 0, "Laptop will not wake from sleep"),
    ("Jonas Müller", "jonas.mueller@example.com", "E1002", 1, "Locked out after password change"),
    ("Priya Natarajan", "priya.n@example.com", "E1003", 2, "Work email stopped syncing on phone"),
    ("Tom O'Brien", "tom.obrien@example.com", "E1004", 3, "Needs Visio installed"),
    ("Mei Chen", "mei.chen@example.com", "E1005", 0, "Cracked screen, asset TB-20931"),
    ("Kwame Mensah", "kwame.mensah@example.com", "E1006", 4, "Picking up a loaner laptop"),
    ("Sofia Rossi", "sofia.rossi@example.com", "E1007", 1, "MFA app on new phone"),
    ("Lukas Novak", "lukas.novak@example.com", "", 3, "VPN client crashes on start"),
    ("Fatima Zahra", "fatima.zahra@example.com", "E1009", 2, ""),
    ("Olivia Smith", "olivia.smith@example.com", "E1010", 0, "Docking station: no external screen"),
    ("Hiroshi Tanaka", "hiroshi.tanaka@example.com", "E1011", 1, "Account expired"),
    ("Zoë Dubois", "zoe.dubois@example.com", "", 3, "Teams camera not detected"),
    ("Ravi Patel", "ravi.patel@example.com", "E1013", 0, "Battery swelling"),
    ("Emma Johansson", "emma.j@example.com", "E1014", 4, "Returning old phone"),
]
TECHNICIANS = ("Dana", "Luis", "Kim")
LONG_NOTE = (
    "Visitor reports the account expired overnight although HR extended the contract. "
    "Checked the directory: end date still set to yesterday. Raised it with the identity "
    "team (chat, 10:12) and extended the account by 30 days as a stop-gap.\n\n"
    "Next steps:\n"
    "1. Identity team to correct the end date at the source (HR system sync).\n"
    "2. Re-enrol the visitor's MFA app after the reset; the old phone is gone.\n"
    "3. Check mailbox access and shared drives once the sync has run.\n"
    "4. If the account locks again tomorrow, escalate to the identity team's queue.\n\n"
    "The visitor is waiting at the desk and prefers a call on the desk phone (ext. 4471)."
)


def seed_demo(db: Database, settings: Settings, now: datetime | None = None) -> list[Visit]:
    """Fill an empty database with visits in every state; do nothing if visits exist.

    Returns:
        The visits created (their latest snapshots), empty when data was already there.
    """
    end = now or SystemClock().now()
    clock = ManualClock(end - timedelta(minutes=140))  # the seeded morning ends before `end`
    service = VisitService(db, settings, clock)
    if service.latest_change() > 0:
        return []
    DirectoryService(db, clock, settings.site_id).import_csv(
        DEMO_DIRECTORY.read_text(encoding="utf-8"))
    categories = settings.categories
    created: list[Visit] = []
    for index, (name, email, employee_id, cat, description) in enumerate(PEOPLE):
        clock.advance(timedelta(minutes=7, seconds=20 * (index % 3)))
        created.append(service.check_in(
            name=name, email=email, employee_id=employee_id,
            category=categories[cat % len(categories)].id, description=description,
            priority=Priority.URGENT if index == 10 else Priority.NORMAL,
            device=DEVICES[index % len(DEVICES)] if index % 3 else "",
            asset_tag=f"TB-{20931 + index * 17}" if index % 2 else ""))
        _progress(service, clock, index, created)
    _extras(db, settings, service, clock, created)
    seed_demo_technicians(db, settings, clock)
    return [service.get(v.id) for v in created]


def _extras(db: Database, settings: Settings, service: VisitService, clock: ManualClock,
            created: list[Visit]) -> None:
    """A survey answer, an appointment due soon and an incident notice."""
    feedback = FeedbackService(db, settings, clock)
    feedback.rate(created[0].id, 3, "Fixed in five minutes, thank you!")
    feedback.rate(created[1].id, 2)
    appointments = AppointmentService(service, clock)
    appointments.book(name="Amara Okafor", email="amara.okafor@example.com",
                      employee_id="E2001", category=settings.categories[0].id,
                      scheduled_at=clock.now() + timedelta(minutes=20),
                      note="New laptop set-up")
    mobile = [c.id for c in settings.categories if c.id == "mobile"]
    NoticeService(db, settings, clock).post(
        title="Wi-Fi is down in building B",
        message="We are on it. Phones and laptops there cannot connect until about noon.",
        severity="warning", categories=tuple(mobile), actor="demo")


def _progress(service: VisitService, clock: ManualClock, index: int, made: list[Visit]) -> None:
    """Move earlier visits along so every state is represented."""
    tech = TECHNICIANS[index % len(TECHNICIANS)]
    step = timedelta(minutes=2)
    if index in (2, 4, 6, 8):
        visit = service.call_next(tech)
        clock.advance(step)
        service.start(visit.id, tech)
        if index in (2, 4):
            clock.advance(step * 3)
            service.resolve(visit.id, tech, "fixed", "Reset the device and tested with the visitor.")
        elif index == 6:
            clock.advance(step)
            service.park(visit.id, tech, "Waiting for a replacement part from the store room.")
    elif index == 9:
        visit = service.call_next(tech)
        clock.advance(step)
        service.no_show(visit.id, tech)
    elif index == 11:
        service.cancel(made[-1].id, "kiosk", "Visitor left before being called.")
    elif index == 12:
        visit = service.call_next(tech)
        clock.advance(step)
        service.start(visit.id, tech)
        clock.advance(step)
        service.add_note(visit.id, tech, LONG_NOTE)
    elif index == 13:
        service.call_next(TECHNICIANS[0])
