"""Who is free: the signed-in technician's bar (status, name, sign out) and the team's statuses.

Statuses travel on the change table (topic ``"technician"``) but not in the floor
feed's visit batches: :class:`TeamStrip` reads the technicians changed since its last
read when the process's feed has moved past it, one query at a time, off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.app.technicians import Technician, TechnicianService, TechnicianStatus
from ui.common.feed import FloorFeed
from ui.common.flow import FlowLayout
from ui.common.tasks import TaskRunner
from ui.common.theme import set_property
from ui.common.widgets import button, plain_label

#: The height of the team's line: its title and every chip.
TEAM_LINE = 26
STATUS_SHORTCUTS = {TechnicianStatus.AVAILABLE: "Ctrl+1", TechnicianStatus.BUSY: "Ctrl+2",
                    TechnicianStatus.AWAY: "Ctrl+3"}


class StatusSwitcher(QWidget):
    """Three segmented buttons: available, busy, away (Ctrl+1, Ctrl+2, Ctrl+3); one is checked.

    Signals:
        chosen(str): the status picked by the technician.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.buttons: dict[TechnicianStatus, QPushButton] = {}
        for status, shortcut in STATUS_SHORTCUTS.items():
            choice = button(status.label, "segment", accessible=f"Status: {status.label}",
                            parent=self)
            choice.setCheckable(True)
            choice.setProperty("status", status.value)
            choice.setShortcut(shortcut)
            choice.setToolTip(f"{status.label} ({shortcut})")
            choice.clicked.connect(lambda _=False, s=status: self.on_segment_clicked(s))
            row.addWidget(choice)
            self.buttons[status] = choice

    def on_segment_clicked(self, status: TechnicianStatus) -> None:
        self.set_status(status)
        self.chosen.emit(status.value)

    def set_status(self, status: TechnicianStatus) -> None:
        """Check this status's segment only (one of three, each its own Tab stop)."""
        for key, segment in self.buttons.items():
            segment.setChecked(key is status)


class SignedInBar(QWidget):
    """The top bar's right side once signed in: status switcher, name and counter, sign out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        inner = QHBoxLayout(self)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(12)
        self.status_switch = StatusSwitcher(self)
        inner.addWidget(self.status_switch)
        self.who_label = plain_label("", "who")
        self.who_label.setAccessibleName("Signed in as")
        inner.addWidget(self.who_label)
        self.sign_out_button = button("Sign out", "ghost", accessible="Sign out")
        inner.addWidget(self.sign_out_button)

    def show_technician(self, technician: Technician) -> None:
        counter = f" \u00b7 {technician.counter}" if technician.counter else ""
        self.who_label.setText(technician.name + counter)
        self.status_switch.set_status(technician.status)


class TeamStrip(QWidget):
    """One chip per technician with their status, following the process's feed.

    Loads everyone when the feed loads; on each tick, reads the technicians changed
    since its last read when the feed has seen newer changes (no query otherwise).
    """

    def __init__(self, technicians: TechnicianService, runner: TaskRunner, feed: FloorFeed,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.technicians = technicians
        self.runner = runner
        self.feed = feed
        self.people: dict[str, Technician] = {}
        self.chips: dict[str, QLabel] = {}
        self._seq: int | None = None
        self._busy = False
        self.row = FlowLayout(self)  # more people than fit: another line, never a wider window
        title = plain_label("TEAM", "section")
        title.setMinimumHeight(TEAM_LINE)
        self.row.addWidget(title)
        feed.loaded.connect(self.refresh)
        feed.ticked.connect(self.on_feed_ticked)

    def on_feed_ticked(self) -> None:
        """Catch up when the feed has moved past the changes this strip has read."""
        if self._seq is None or (self.feed.seq or 0) > self._seq:
            self.refresh()

    def refresh(self, *_args: object) -> None:
        """Load everyone once, then ask only for technicians changed since."""
        if self._busy or self.runner.is_closed:
            return
        self._busy = True
        service = self.technicians
        if self._seq is None:
            self.runner.run(lambda: (service.latest_change(), tuple(service.list())),
                            self._on_changes, self._on_failed, name="team.load", context=self)
        else:
            seq = self._seq
            self.runner.run(lambda: service.changes_since(seq), self._on_changes,
                            self._on_failed, name="team.poll", context=self)

    def update_one(self, tech: Technician) -> None:
        self._apply((tech,))

    def _on_changes(self, result: tuple[int, tuple[Technician, ...]]) -> None:
        self._busy = False
        self._seq, changed = result
        self._apply(changed)

    def _on_failed(self, _error: BaseException) -> None:
        self._busy = False  # the window shows the feed's own report of database trouble

    def _apply(self, changed: tuple[Technician, ...]) -> None:
        for tech in changed:
            self.people[tech.id] = tech
            chip = self.chips.get(tech.id)
            if not tech.active:
                if chip is not None:
                    chip.hide()
                continue
            if chip is None:
                chip = plain_label("", "chip", self)
                chip.setMinimumHeight(TEAM_LINE)
                self.chips[tech.id] = chip
                self.row.addWidget(chip)
            chip.setText(f"\u25cf  {tech.name} \u00b7 {tech.status.label}")
            chip.setAccessibleName(f"{tech.name} is {tech.status.value}")
            set_property(chip, "status", tech.status.value)
            chip.show()

    def available_names(self, exclude: str = "") -> list[str]:
        """Active technicians' names (for transfers), by name, leaving out ``exclude``."""
        return sorted(t.name for t in self.people.values() if t.active and t.name != exclude)

