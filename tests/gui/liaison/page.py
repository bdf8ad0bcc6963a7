"""A test-side page object for the liaison view: its widgets by the names the tests use."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QTableView

from kiosk.app.metrics import MetricsReport
from tests.gui.console.page import WindowPage
from ui.common.models import QueueTableModel
from ui.liaison.alerts import AlertList
from ui.liaison.checkin_form import CheckInForm
from ui.liaison.notices import BroadcastBox, NoticeEditor
from ui.liaison.view import LiaisonView


class LiaisonPage(WindowPage[LiaisonView]):
    """The liaison view's widgets by the names the tests use."""

    # ------------------------------------------------------------ the header

    @property
    def count_labels(self) -> dict[str, QLabel]:
        return self.view.counts.count_labels

    @property
    def longest_label(self) -> QLabel:
        return self.view.counts.longest_label

    @property
    def longest_hint(self) -> QLabel:
        return self.view.counts.longest_hint

    # ------------------------------------------------------------ the floor tab

    @property
    def model(self) -> QueueTableModel:
        return self.view.floor_tab.model

    @property
    def table(self) -> QTableView:
        return self.view.floor_tab.table

    @property
    def alert_list(self) -> AlertList:
        return self.view.floor_tab.alert_list

    @property
    def checkin_form(self) -> CheckInForm:
        return self.view.floor_tab.checkin_form

    @property
    def reprioritise_button(self) -> QPushButton:
        return self.view.floor_tab.reprioritise_button

    @property
    def move_button(self) -> QPushButton:
        return self.view.floor_tab.move_button

    @property
    def remove_button(self) -> QPushButton:
        return self.view.floor_tab.remove_button

    def on_reprioritise_clicked(self) -> None:
        self.view.floor_tab.on_reprioritise_clicked()

    def on_move_clicked(self) -> None:
        self.view.floor_tab.on_move_clicked()

    def on_remove_clicked(self) -> None:
        self.view.floor_tab.on_remove_clicked()

    # ------------------------------------------------------------ the other tabs

    @property
    def notice_editor(self) -> NoticeEditor:
        return self.view.notices_tab.notice_editor

    @property
    def broadcast_box(self) -> BroadcastBox:
        return self.view.notices_tab.broadcast_box

    @property
    def report(self) -> MetricsReport | None:
        return self.view.metrics_panel.report
