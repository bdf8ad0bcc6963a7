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

# (name, email, employee id, category id, description), in order of arrival.
PEOPLE = [
    ("Ana García", "ana.garcia@example.com", "E1001", "laptop", "Laptop will not wake from sleep"),
    ("Jonas Müller", "jonas.mueller@example.com", "E1002", "account",
     "Locked out after password change"),
    ("Priya Natarajan", "priya.n@example.com", "E1003", "mobile",
     "Work email stopped syncing on phone"),
    ("Tom O'Brien", "tom.obrien@example.com", "E1004", "software", "Needs Visio installed"),
    ("Mei Chen", "mei.chen@example.com", "E1005", "laptop", "Cracked screen, asset TB-20931"),
    ("Kwame Mensah", "kwame.mensah@example.com", "E1006", "pickup", "Picking up a loaner laptop"),
    ("Sofia Rossi", "sofia.rossi@example.com", "E1007", "account", "MFA app on new phone"),
    ("Lukas Novak", "lukas.novak@example.com", "", "software", "VPN client crashes on start"),
    ("Fatima Zahra", "fatima.zahra@example.com", "E1009", "mobile", ""),
    ("Olivia Smith", "olivia.smith@example.com", "E1010", "laptop",
     "Docking station: no external screen"),
    ("Hiroshi Tanaka", "hiroshi.tanaka@example.com", "E1011", "account", "Account expired"),
    ("Zoë Dubois", "zoe.dubois@example.com", "", "software", "Teams camera not detected"),
    ("Ravi Patel", "ravi.patel@example.com", "E1013", "laptop", "Battery swelling"),
    ("Emma Johansson", "emma.j@example.com", "E1014", "pickup", "Returning old phone"),
    ("Carlos Mendes", "carlos.mendes@example.com", "E1015", "mobile", "New phone set-up"),
    ("Aisha Bello", "aisha.bello@example.com", "E1016", "account", "Password expired"),
    ("Noah Williams", "noah.w@example.com", "", "laptop", "Keyboard keys stuck"),
    ("Lea Schmitt", "lea.schmitt@example.com", "E1018", "software", "Excel add-in missing"),
    ("Marta Kowalska", "marta.k@example.com", "E1019", "pickup", "Collecting a headset"),
    ("Yusuf Demir", "yusuf.demir@example.com", "E1020", "mobile", "Phone will not charge"),
    ("Ingrid Larsen", "ingrid.larsen@example.com", "E1021", "software", "Licence for Adobe Acrobat"),
    ("Ben Cohen", "ben.cohen@example.com", "", "laptop", "Laptop very slow since update"),
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
    """Fill an empty database with a normal morning; do nothing if visits exist.

    Three technicians have served most visitors within their targets; at the end one
    visitor is called, two are in service, one is parked for a part and four wait (the
    longest close to its target: something for the liaison to act on). One each of
    escalated, no-show and cancelled visits completes the picture.

    Returns:
        The visits created (their latest snapshots), empty when data was already there.
    """
    end = now or SystemClock().now()
    clock = ManualClock(end - MORNING)
    service = VisitService(db, settings, clock)
    if service.latest_change() > 0:
        return []
    DirectoryService(db, clock, settings.site_id).import_csv(
        DEMO_DIRECTORY.read_text(encoding="utf-8"))
    seed_demo_technicians(db, settings, clock)  # first: their status follows the morning's work
    morning = _Morning(service, clock, settings)
    for step in SCRIPT:
        morning.play(*step)
    clock.set(end - timedelta(seconds=30))
    _extras(db, settings, service, clock, morning.visits)
    return [service.get(v.id) for v in morning.visits]


MORNING = timedelta(minutes=150)
#: (minute of the morning, what happens, whose visit (index into PEOPLE), technician).
SCRIPT: tuple[tuple[int, str, int, str], ...] = (
    (0, "arrive", 0, ""), (2, "serve", 0, "Dana"), (5, "arrive", 1, ""),
    (7, "serve", 1, "Luis"), (12, "resolve", 1, "Luis"), (14, "arrive", 2, ""),
    (15, "serve", 2, "Kim"), (18, "resolve", 0, "Dana"), (22, "arrive", 3, ""),
    (24, "serve", 3, "Dana"), (29, "resolve", 2, "Kim"), (31, "arrive", 4, ""),
    (33, "serve", 4, "Luis"), (38, "arrive", 5, ""), (40, "serve", 5, "Kim"),
    (43, "resolve", 5, "Kim"), (44, "resolve", 3, "Dana"), (49, "arrive", 6, ""),
    (51, "serve", 6, "Dana"), (55, "escalate", 4, "Luis"), (58, "resolve", 6, "Dana"),
    (60, "arrive", 7, ""), (62, "serve", 7, "Kim"), (67, "arrive", 8, ""),
    (69, "call", 8, "Luis"), (75, "no_show", 8, "Luis"), (78, "resolve", 7, "Kim"),
    (80, "arrive", 9, ""), (82, "serve", 9, "Dana"), (88, "arrive", 10, ""),
    (90, "serve", 10, "Luis"), (96, "resolve", 9, "Dana"), (98, "arrive", 11, ""),
    (99, "serve", 11, "Kim"), (100, "resolve", 10, "Luis"), (104, "arrive", 12, ""),
    (106, "serve", 12, "Dana"), (110, "arrive", 13, ""), (114, "cancel", 13, ""),
    (115, "resolve", 11, "Kim"), (116, "arrive", 14, ""), (118, "serve", 14, "Kim"),
    (120, "park", 12, "Dana"), (128, "arrive", 17, ""), (131, "serve", 17, "Luis"),
    (132, "resolve", 14, "Kim"), (138, "note", 17, "Luis"), (140, "arrive", 15, ""),
    (141, "arrive", 19, ""), (142, "serve", 15, "Dana"), (143, "arrive", 20, ""),
    (145, "urgent", 16, ""), (146, "arrive", 18, ""), (147, "call", 16, "Kim"),
    (148, "arrive", 21, ""),
)


class _Morning:
    """Plays the script through the real services (categories a site lacks fall back to
    its first one)."""

    def __init__(self, service: VisitService, clock: ManualClock, settings: Settings) -> None:
        self.service = service
        self.clock = clock
        self.start = clock.now()
        self.known = {c.id for c in settings.categories}
        self.fallback = settings.categories[0].id
        self.visits: list[Visit] = []
        self.by_person: dict[int, Visit] = {}

    def play(self, minute: int, what: str, person: int, technician: str) -> None:
        self.clock.set(max(self.clock.now(), self.start + timedelta(minutes=minute)))
        if what in ("arrive", "urgent"):
            self._arrive(person, urgent=what == "urgent")
            return
        visit = self.by_person[person]
        if what == "serve":
            self.service.call(visit.id, technician, counter=_counter(technician))
            self.clock.advance(timedelta(minutes=1))
            self.service.start(visit.id, technician)
        elif what == "call":
            self.service.call(visit.id, technician, counter=_counter(technician))
        else:
            ACTIONS[what](self.service, visit, technician)

    def _arrive(self, person: int, *, urgent: bool) -> None:
        name, email, employee_id, category, description = PEOPLE[person]
        index = len(self.visits)
        visit = self.service.check_in(
            name=name, email=email, employee_id=employee_id,
            category=category if category in self.known else self.fallback,
            description=description, priority=Priority.URGENT if urgent else Priority.NORMAL,
            device=DEVICES[index % len(DEVICES)] if index % 3 else "",
            asset_tag=f"TB-{20931 + index * 17}" if index % 2 else "")
        self.visits.append(visit)
        self.by_person[person] = visit


def _counter(technician: str) -> str:
    return f"Desk {TECHNICIANS.index(technician) + 1}"


ACTIONS = {
    "resolve": lambda s, v, t: s.resolve(v.id, t, "fixed", "Sorted out with the visitor."),
    "escalate": lambda s, v, t: s.escalate(v.id, t, "Hardware repair", "Screen to be replaced."),
    "park": lambda s, v, t: s.park(v.id, t, "Waiting for a replacement battery from stores."),
    "no_show": lambda s, v, t: s.no_show(v.id, t),
    "cancel": lambda s, v, t: s.cancel(v.id, "kiosk", "Visitor left before being called."),
    "note": lambda s, v, t: s.add_note(v.id, t, LONG_NOTE),
}


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
