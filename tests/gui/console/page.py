"""A test-side page object for the console: its widgets by the names the tests use."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QTableView, QWidget

from ui.common.models import QueueTableModel
from ui.common.queue_filter import QueueFilterProxy
from ui.console.team import StatusSwitcher
from ui.console.view import ConsoleView

W = TypeVar("W", bound=QWidget)


class WindowPage(Generic[W]):
    """Wraps a window: what a subclass does not name is the window's own.

    Where Qt needs the widget itself (key clicks, ``isVisibleTo``), use ``page.view``.
    """

    def __init__(self, view: W) -> None:
        self.view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self.view, name)


class ConsolePage(WindowPage[ConsoleView]):
    """The console's widgets by the names the tests use."""

    @property
    def buttons(self) -> dict[str, QPushButton]:
        return self.view.action_card.buttons

    @property
    def model(self) -> QueueTableModel:
        return self.view.queue.model

    @property
    def proxy(self) -> QueueFilterProxy:
        return self.view.queue.proxy

    @property
    def table(self) -> QTableView:
        return self.view.queue.table

    @property
    def skills_check(self) -> QCheckBox:
        return self.view.queue.skills_check

    @property
    def several_check(self) -> QCheckBox:
        return self.view.queue.several_check

    @property
    def category_combo(self) -> QComboBox:
        return self.view.queue.category_combo

    @property
    def count_label(self) -> QLabel:
        return self.view.queue.count_label

    @property
    def who_label(self) -> QLabel:
        return self.view.signed_in_bar.who_label

    @property
    def status_switch(self) -> StatusSwitcher:
        return self.view.signed_in_bar.status_switch

    @property
    def sign_out_button(self) -> QPushButton:
        return self.view.signed_in_bar.sign_out_button
