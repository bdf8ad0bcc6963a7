"""Check someone in on their behalf, from the keyboard, with the directory's help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.directory import DirectoryService, Person
from kiosk.app.floor import PRIORITY_CHOICES
from kiosk.config import Category
from kiosk.domain.text import MAX_DESCRIPTION, MAX_NAME
from ui.common.tasks import TaskRunner
from ui.common.theme import set_kind
from ui.common.widgets import button, plain_label

SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class CheckInRequest:
    """What the front desk typed for a visitor, ready for ``FloorService.check_in``."""

    name: str
    category: str
    description: str
    priority: int
    email: str = ""
    employee_id: str = ""


class CheckInForm(QFrame):
    """Check a visitor in on their behalf, from the keyboard.

    Type a name (or an employee id, email or badge): after a short pause matching
    people from the directory are listed; Down moves into the list, Enter picks one.
    Enter in the form checks in. The directory is read through the task runner.

    Signals:
        submitted(CheckInRequest): the check-in button or Enter was pressed.
    """

    submitted = Signal(object)

    def __init__(self, categories: Sequence[Category], runner: TaskRunner,
                 directory: DirectoryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        self.runner = runner
        self.directory = directory
        self.person: Person | None = None
        self._searching = False
        self._search_again = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(plain_label("CHECK SOMEONE IN  (Ctrl+N)", "section"))
        layout.addLayout(self._build_fields(categories))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.name_edit.textEdited.connect(self.on_name_edited)
        self.name_edit.returnPressed.connect(self.on_submit)
        self.results.itemActivated.connect(self.on_result_activated)
        self.submit_button.clicked.connect(self.on_submit)
        self.name_edit.installEventFilter(self)

    def _build_fields(self, categories: Sequence[Category]) -> QFormLayout:
        form = QFormLayout()
        form.setSpacing(8)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Name, employee id, email or badge")
        self.name_edit.setAccessibleName("Visitor name or directory search")
        self.name_edit.setMaxLength(MAX_NAME)
        self.results = QListWidget(self)
        self.results.setAccessibleName("Directory matches")
        self.results.setMaximumHeight(132)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.hide()
        self.category_combo = _combo(self, "Category",
                                     [(c.label, c.id) for c in categories])
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setPlaceholderText("What is it about? (optional)")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(72)
        self.priority_combo = _combo(self, "Priority",
                                     [(label, int(value)) for value, label in PRIORITY_CHOICES])
        # Never narrower than its longest choice: the side column widens instead (large text).
        self.priority_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        form.addRow(plain_label("Visitor", "field"), self.name_edit)
        form.addRow(self.results)
        self.who_label = plain_label("", "muted", wrap=True)
        self.who_label.hide()
        form.addRow(self.who_label)
        form.addRow(plain_label("Category", "field"), self.category_combo)
        form.addRow(plain_label("Details", "field"), self.description_edit)
        self.submit_button: QPushButton = button("Check in", "primary")
        last = QHBoxLayout()
        last.setSpacing(10)
        last.addWidget(self.priority_combo, 1)
        last.addWidget(self.submit_button, 1)
        form.addRow(plain_label("Priority", "field"), last)
        return form

    def request(self) -> CheckInRequest:
        person = self.person
        return CheckInRequest(
            name=self.name_edit.text(), category=str(self.category_combo.currentData()),
            description=self.description_edit.toPlainText()[:MAX_DESCRIPTION],
            priority=int(self.priority_combo.currentData()),
            email=person.email if person else "", employee_id=person.employee_id if person else "")

    def clear_form(self) -> None:
        self.person = None
        self.name_edit.clear()
        self.description_edit.clear()
        self.priority_combo.setCurrentIndex(0)
        self.results.clear()
        self.results.hide()
        self._show_who("")
        self.name_edit.setFocus()

    def choose(self, person: Person) -> None:
        """Take a directory match: their name, and their email and id for the ticket."""
        self.person = person
        self.name_edit.setText(person.name)
        detail = " \u00b7 ".join(x for x in (person.employee_id, person.email, person.department)
                                 if x)
        self._show_who(f"From the directory: {detail}")
        self.results.hide()
        self.category_combo.setFocus()

    # ------------------------------------------------------------ slots

    def on_name_edited(self, _text: str) -> None:
        self.person = None
        self._show_who("")
        self._timer.start()

    def search_now(self) -> None:
        """Look the typed text up in the directory (one query at a time)."""
        text = self.name_edit.text().strip()
        if len(text) < 2:
            self.results.hide()
            return
        if self._searching:
            self._search_again = True
            return
        self._searching = True
        directory = self.directory
        self.runner.run(lambda: _lookup(directory, text), self._on_found, self._on_search_failed,
                        name="liaison.directory", context=self)

    def on_result_activated(self, item: QListWidgetItem) -> None:
        person = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(person, Person):
            self.choose(person)

    def on_submit(self) -> None:
        if self.results.isVisible() and self.results.currentItem() is not None \
                and self.results.hasFocus():
            self.on_result_activated(self.results.currentItem())
            return
        self.submitted.emit(self.request())

    def eventFilter(self, watched: object, event: object) -> bool:
        if (watched is self.name_edit and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.results.count()):
            self.results.show()
            self.results.setFocus()
            self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.results.hasFocus() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.results.currentItem()
            if item is not None:
                self.on_result_activated(item)
                return
        super().keyPressEvent(event)

    def _show_who(self, text: str) -> None:
        self.who_label.setText(text)
        self.who_label.setVisible(bool(text))

    def _on_found(self, people: list[Person]) -> None:
        self._searching = False
        if self._search_again:
            self._search_again = False
            self.search_now()
            return
        self.results.clear()
        for person in people:
            extra = " \u00b7 ".join(x for x in (person.employee_id, person.email) if x)
            item = QListWidgetItem(f"{person.name}  \u2014  {extra}" if extra else person.name)
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.results.addItem(item)
        self.results.setVisible(bool(people))

    def _on_search_failed(self, _error: BaseException) -> None:
        self._searching = False
        self.results.hide()


def _lookup(directory: DirectoryService, text: str) -> list[Person]:
    """An exact badge, id or email first (a scan), else people whose name matches."""
    found = directory.identify(text)
    if found is not None:
        return [found.person]
    return directory.search(text)


def _combo(parent: QWidget, name: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for label, value in items:
        combo.addItem(label, value)
    return combo
