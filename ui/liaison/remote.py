"""The front desk's switch for joining the line from a desk (``[web] remote_join``)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from kiosk.app.remote_join import RemoteJoinService
from ui.common.tasks import TaskRunner
from ui.liaison.outcome import Outcome

ACTOR = "front desk"


class RemoteJoinSwitch(QCheckBox):
    """"Pause joining from desks": read at start, written through the runner; the web
    service reads the switch from the database on every request, so every station and
    every web process agree."""

    def __init__(self, service: RemoteJoinService, runner: TaskRunner, outcome: Outcome,
                 parent: QWidget | None = None) -> None:
        super().__init__("Pause joining from desks", parent)
        self.service = service
        self.runner = runner
        self.outcome = outcome
        self.setAccessibleName("Pause joining the line from a desk")
        self.setToolTip("While paused, people cannot join the line from the company web page; "
                        "those already in line keep their place.")
        self.setEnabled(False)  # until the switch is read
        self._stored = False
        self.clicked.connect(self.on_clicked)
        runner.run(service.paused, self.on_read, self.on_failed, name="liaison.remote_join",
                   context=self)

    def on_read(self, paused: bool) -> None:
        self._stored = paused
        self.setChecked(paused)
        self.setEnabled(True)

    def on_clicked(self, paused: bool) -> None:
        self.setEnabled(False)
        service = self.service
        self.runner.run(lambda: service.set_paused(paused, ACTOR),
                        lambda _none: self.on_set(paused), self.on_failed,
                        name="liaison.remote_join", context=self)

    def on_set(self, paused: bool) -> None:
        self._stored = paused
        self.setEnabled(True)
        self.outcome.success("Joining from desks is paused." if paused
                             else "Joining from desks is open again.")

    def on_failed(self, error: BaseException) -> None:
        """The switch shows what is stored, and the window says why it did not change."""
        self.setChecked(self._stored)
        self.setEnabled(True)
        self.outcome.error(error)
