"""Who is free: the signed-in technician's status switcher and the team's statuses.

Statuses travel on the change feed (topic ``"technician"``); :class:`TeamStrip`
follows it with one query at a time, off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.app.technicians import Technician, TechnicianService, TechnicianStatus
from ui.common.tasks import TaskRunner
from ui.common.theme import set_property
from ui.common.widgets import button, plain_label

STATUS_SHORTCUTS = {TechnicianStatus.AVAILABLE: "Ctrl+1", TechnicianStatus.BUSY: "Ctrl+2",
                    TechnicianStatus.AWAY: "Ctrl+3"}


class StatusSwitcher(QWidget):
    """Three segmented buttons: available, busy, away (Ctrl+1, Ctrl+2, Ctrl+3).

    Signals:
        chosen(str): the status picked by the technician.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[TechnicianStatus, QPushButton] = {}
        for status, shortcut in STATUS_SHORTCUTS.items():
            choice = button(status.label, "segment", accessible=f"Status: {status.label}")
            choice.setCheckable(True)
            choice.setProperty("status", status.value)
            choice.setShortcut(shortcut)
            choice.setToolTip(f"{status.label} ({shortcut})")
            choice.clicked.connect(lambda _=False, s=status: self.chosen.emit(s.value))
            self.group.addButton(choice)
            row.addWidget(choice)
            self.buttons[status] = choice

    def set_status(self, status: TechnicianStatus) -> None:
        self.buttons[status].setChecked(True)


class TeamStrip(QWidget):
    """One chip per technician with their status, kept fresh from the change feed."""

    def __init__(self, technicians: TechnicianService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.technicians = technicians
        self.runner = runner
        self.people: dict[str, Technician] = {}
        self.chips: dict[str, QLabel] = {}
        self._seq: int | None = None
        self._busy = False
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        self.row.addWidget(plain_label("TEAM", "section"))
        self.row.addStretch(1)

    def refresh(self) -> None:
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
        self._busy = False  # the queue's own poll reports database trouble

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
                self.chips[tech.id] = chip
                self.row.insertWidget(self.row.count() - 1, chip)
            chip.setText(f"\u25cf  {tech.name} \u00b7 {tech.status.label}")
            chip.setAccessibleName(f"{tech.name} is {tech.status.value}")
            set_property(chip, "status", tech.status.value)
            chip.show()

    def available_names(self, exclude: str = "") -> list[str]:
        """Active technicians' names (for transfers), by name, leaving out ``exclude``."""
        return sorted(t.name for t in self.people.values() if t.active and t.name != exclude)

