"""The liaison's notices (kiosk and board) and the delay message to everyone waiting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.floor import MAX_BROADCAST, Broadcast, FloorService
from kiosk.app.notices import (
    MAX_MESSAGE,
    MAX_TITLE,
    SEVERITIES,
    Notice,
    NoticeService,
    NoticeText,
)
from kiosk.config import Category
from ui.common.i18n import LANGUAGE_NAMES
from ui.common.tasks import TaskRunner
from ui.common.theme import set_kind
from ui.common.widgets import ListWithEmptyText, button, plain_label
from ui.liaison.outcome import Outcome

#: Offered lengths of a delay message; None keeps it until it is ended.
BROADCAST_LENGTHS: tuple[tuple[str, timedelta | None], ...] = (
    ("for 30 minutes", timedelta(minutes=30)), ("for 1 hour", timedelta(hours=1)),
    ("for 2 hours", timedelta(hours=2)), ("until I end it", None))


@dataclass(frozen=True)
class NoticeDraft:
    """The notice form's content; ``notice_id`` is None for a new notice."""

    notice_id: int | None
    title: str
    message: str
    severity: str
    categories: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime | None
    translations: tuple[tuple[str, NoticeText], ...] = ()


def to_qdatetime(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.utc())


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class NoticeTextTabs(QTabWidget):
    """The notice's title and message, one tab per language: the kiosk's default language
    first (the title is required), then the others (optional: the default text shows when
    one is left empty).

    Args:
        languages: language codes, the default first.
    """

    def __init__(self, languages: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Notice text by language")
        self.default = languages[0] if languages else "en"
        self.edits: dict[str, tuple[QLineEdit, QPlainTextEdit]] = {}
        for code in dict.fromkeys((self.default, *languages)):
            self._add_language(code)

    def _add_language(self, code: str) -> None:
        name = LANGUAGE_NAMES.get(code, code)
        default = LANGUAGE_NAMES.get(self.default, self.default)
        optional = code != self.default
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 10, 0, 0)
        form.setSpacing(8)
        title = QLineEdit(page)
        title.setMaxLength(MAX_TITLE)
        message = QPlainTextEdit(page)
        message.setTabChangesFocus(True)
        message.setFixedHeight(72)
        suffix = f" ({name})" if optional else ""
        title.setAccessibleName(f"Notice title{suffix}")
        message.setAccessibleName(f"Notice message{suffix}")
        title.setPlaceholderText(f"Optional: empty shows the {default} title" if optional
                                 else "Wi-Fi is down in building B")
        message.setPlaceholderText(
            f"Optional: empty shows the {default} message" if optional
            else f"What people should know (up to {MAX_MESSAGE} characters)")
        form.addRow(plain_label("Title", "field"), title)
        form.addRow(plain_label("Message", "field"), message)
        self.edits[code] = (title, message)
        self.addTab(page, f"{name} (optional)" if optional else name)

    def translations(self) -> tuple[tuple[str, NoticeText], ...]:
        """The texts typed in the other languages (empty ones too: the core drops them)."""
        return tuple((code, NoticeText(title.text(), message.toPlainText()))
                     for code, (title, message) in self.edits.items() if code != self.default)

    def set_translations(self, notice: Notice | None) -> None:
        """Show ``notice``'s translations (none: empty fields)."""
        texts = dict(notice.translations) if notice is not None else {}
        for code, (title, message) in self.edits.items():
            if code != self.default:
                text = texts.get(code, NoticeText(""))
                title.setText(text.title)
                message.setPlainText(text.message)


class NoticeEditor(QFrame):
    """Create, edit and end notices; lists those in force and recent ones.

    Args:
        languages: the kiosk's languages, the default first (the others are optional).

    Signals:
        save_requested(NoticeDraft): "Post" or "Save changes".
        end_requested(int): "End now" on the selected notice.
    """

    save_requested = Signal(object)
    end_requested = Signal(int)

    def __init__(self, categories: Sequence[Category], utc_offset: timedelta,
                 parent: QWidget | None = None, *, languages: Sequence[str] = ("en",)) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        self.utc_offset = utc_offset
        self.texts = NoticeTextTabs(languages, self)
        self.notices: list[Notice] = []
        self.editing: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(20)
        left = QVBoxLayout()
        left.addWidget(plain_label("NOTICES", "section"))
        self.list = ListWithEmptyText("No notices yet. Write one on the right and post it: "
                                      "it shows on the kiosk and the display board.", self)
        self.list.setAccessibleName("Notices")
        self.list.setMinimumHeight(160)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.new_button = button("New notice")
        self.end_button = button("End now", "danger")
        row.addWidget(self.new_button)
        row.addWidget(self.end_button)
        row.addStretch(1)
        left.addLayout(row)
        layout.addLayout(left, 2)
        layout.addLayout(self._build_form(categories), 3)
        self.list.currentItemChanged.connect(self.on_list_current_changed)
        self.new_button.clicked.connect(self.on_new_clicked)
        self.end_button.clicked.connect(self.on_end_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.no_end_check.toggled.connect(self.ends_edit.setDisabled)
        QWidget.setTabOrder(self.end_button, self.texts)  # Tab: the list's column, then the form
        self.on_new_clicked()

    def _build_form(self, categories: Sequence[Category]) -> QVBoxLayout:
        column = QVBoxLayout()
        self.form_title = plain_label("New notice", "section")
        column.addWidget(self.form_title)
        form = QFormLayout()
        form.setSpacing(8)
        self.title_edit, self.message_edit = self.texts.edits[self.texts.default]
        self.severity_combo = QComboBox(self)
        self.severity_combo.setAccessibleName("Severity")
        for severity in SEVERITIES:
            self.severity_combo.addItem(severity.capitalize(), severity)
        grid = self._build_category_checks(categories)
        self.starts_edit = self._datetime_edit("Starts")
        self.ends_edit = self._datetime_edit("Ends")
        self.no_end_check = QCheckBox("No end (until ended)", self)
        form.addRow(self.texts)
        form.addRow(plain_label("Severity", "field"), self.severity_combo)
        form.addRow(plain_label("Categories", "field"), plain_label("none ticked: all", "muted"))
        form.addRow("", grid)
        form.addRow(plain_label("Starts", "field"), self.starts_edit)
        ends = QHBoxLayout()
        ends.addWidget(self.ends_edit, 1)
        ends.addWidget(self.no_end_check)
        form.addRow(plain_label("Ends", "field"), ends)
        column.addLayout(form)
        self.save_button = button("Post notice", "primary")
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)
        return column

    def _build_category_checks(self, categories: Sequence[Category]) -> QGridLayout:
        grid = QGridLayout()
        self.category_checks: dict[str, QCheckBox] = {}
        for index, category in enumerate(categories):
            check = QCheckBox(category.label.replace("&", "&&"), self)
            self.category_checks[category.id] = check
            grid.addWidget(check, index // 2, index % 2)
        return grid

    def _datetime_edit(self, name: str) -> QDateTimeEdit:
        edit = QDateTimeEdit(self)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setTimeZone(QTimeZone(int(self.utc_offset.total_seconds())))
        return edit

    def set_notices(self, notices: list[Notice], now: datetime) -> None:
        """Show the notices (newest first), marking those in force."""
        selected = self.editing
        self.notices = notices
        self.list.blockSignals(True)
        self.list.clear()
        for notice in notices:
            state = "in force" if notice.active_at(now) else (
                "scheduled" if notice.starts_at > now else "ended")
            scope = ", ".join(notice.categories) or "all categories"
            also = "".join(f" \u00b7 {code}" for code, _text in notice.translations)
            item = QListWidgetItem(
                f"{notice.title}\n{notice.severity} \u00b7 {scope} \u00b7 {state}{also}")
            item.setData(Qt.ItemDataRole.UserRole, notice.id)
            self.list.addItem(item)
            if notice.id == selected:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def draft(self) -> NoticeDraft:
        categories = tuple(key for key, check in self.category_checks.items() if check.isChecked())
        return NoticeDraft(
            notice_id=self.editing, title=self.title_edit.text(),
            message=self.message_edit.toPlainText(),
            severity=str(self.severity_combo.currentData()), categories=categories,
            starts_at=from_qdatetime(self.starts_edit.dateTime()),
            ends_at=None if self.no_end_check.isChecked()
            else from_qdatetime(self.ends_edit.dateTime()),
            translations=self.texts.translations())

    def edit(self, notice: Notice) -> None:
        """Load a notice into the form for changes."""
        self.editing = notice.id
        self.form_title.setText(f"Edit notice #{notice.id}")
        self.title_edit.setText(notice.title)
        self.message_edit.setPlainText(notice.message)
        self.texts.set_translations(notice)
        self.severity_combo.setCurrentIndex(SEVERITIES.index(notice.severity))
        for key, check in self.category_checks.items():
            check.setChecked(key in notice.categories)
        self.starts_edit.setDateTime(to_qdatetime(notice.starts_at))
        self.no_end_check.setChecked(notice.ends_at is None)
        self.ends_edit.setDateTime(to_qdatetime(notice.ends_at or notice.starts_at
                                                + timedelta(hours=2)))
        self.save_button.setText("Save changes")

    # ------------------------------------------------------------ slots

    def on_new_clicked(self) -> None:
        self.editing = None
        self.list.clearSelection()
        self.form_title.setText("New notice")
        self.title_edit.clear()
        self.message_edit.clear()
        self.texts.set_translations(None)
        self.texts.setCurrentIndex(0)
        self.severity_combo.setCurrentIndex(0)
        for check in self.category_checks.values():
            check.setChecked(False)
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        self.starts_edit.setDateTime(to_qdatetime(now))
        self.ends_edit.setDateTime(to_qdatetime(now + timedelta(hours=2)))
        self.no_end_check.setChecked(False)
        self.save_button.setText("Post notice")

    def set_start(self, now: datetime) -> None:
        """Start a new notice at ``now`` (the service clock), ending two hours later."""
        if self.editing is None:
            self.starts_edit.setDateTime(to_qdatetime(now))
            self.ends_edit.setDateTime(to_qdatetime(now + timedelta(hours=2)))

    def on_list_current_changed(self, item: QListWidgetItem | None,
                                _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        notice_id = item.data(Qt.ItemDataRole.UserRole)
        notice = next((n for n in self.notices if n.id == notice_id), None)
        if notice is not None:
            self.edit(notice)

    def on_save_clicked(self) -> None:
        self.save_requested.emit(self.draft())

    def on_end_clicked(self) -> None:
        if self.editing is not None:
            self.end_requested.emit(self.editing)


class BroadcastBox(QFrame):
    """The delay message: type it, choose how long, send; or end the one in force.

    Signals:
        send_requested(str, object): the message and its length (a timedelta or None).
        end_requested(): "End message".
    """

    send_requested = Signal(str, object)
    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(8)
        layout.addWidget(plain_label("DELAY MESSAGE TO EVERYONE WAITING", "section"))
        self.current_label = plain_label("No delay message is shown.", "muted", wrap=True)
        layout.addWidget(self.current_label)
        row = QHBoxLayout()
        self.message_edit = QLineEdit(self)
        self.message_edit.setMaxLength(MAX_BROADCAST)
        self.message_edit.setAccessibleName("Delay message")
        self.message_edit.setPlaceholderText("We are short-staffed: expect about 30 minutes' wait.")
        self.length_combo = QComboBox(self)
        self.length_combo.setAccessibleName("Show the message")
        for label, length in BROADCAST_LENGTHS:
            self.length_combo.addItem(label, length)
        self.send_button = button("Broadcast", "primary")
        self.end_button = button("End message", "danger")
        row.addWidget(self.message_edit, 1)
        row.addWidget(self.length_combo)
        row.addWidget(self.send_button)
        row.addWidget(self.end_button)
        layout.addLayout(row)
        self.send_button.clicked.connect(self.on_send_clicked)
        self.message_edit.returnPressed.connect(self.on_send_clicked)
        self.end_button.clicked.connect(self.end_requested)
        self.set_broadcast(None)

    def set_broadcast(self, broadcast: Broadcast | None, utc_offset: timedelta = timedelta(0)) -> None:
        self.broadcast = broadcast
        self.end_button.setEnabled(broadcast is not None)
        if broadcast is None:
            self.current_label.setText("No delay message is shown.")
            return
        until = ("until ended" if broadcast.ends_at is None
                 else f"until {(broadcast.ends_at + utc_offset).strftime('%H:%M')}")
        self.current_label.setText(f"Showing now ({until}): \u201c{broadcast.message}\u201d")

    def on_send_clicked(self) -> None:
        self.send_requested.emit(self.message_edit.text(), self.length_combo.currentData())


class NoticesTab(QWidget):
    """The "Notices & delays" tab: the delay message on top, the notices under it.

    Posting, editing and ending notices go to :class:`~kiosk.app.notices.NoticeService`,
    the delay message to :class:`~kiosk.app.floor.FloorService`, on the task runner.
    """

    def __init__(self, notices: NoticeService, floor: FloorService, runner: TaskRunner,
                 outcome: Outcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notices = notices
        self.floor = floor
        self.runner = runner
        self.outcome = outcome
        settings = floor.settings
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 12, 0, 0)
        column.setSpacing(14)
        self.broadcast_box = BroadcastBox(self)
        column.addWidget(self.broadcast_box)
        kiosk = settings.kiosk
        self.notice_editor = NoticeEditor(
            settings.categories, settings.utc_offset, self,
            languages=(kiosk.default_language, *kiosk.languages))
        column.addWidget(self.notice_editor, 1)
        self.notice_editor.save_requested.connect(self.on_save_requested)
        self.notice_editor.end_requested.connect(self.on_end_requested)
        self.broadcast_box.send_requested.connect(self.on_broadcast_requested)
        self.broadcast_box.end_requested.connect(self.on_broadcast_end_requested)

    def open(self) -> None:
        """The tab was opened: a new notice starts now, and the list is read again."""
        self.notice_editor.set_start(self.floor.clock.now())
        self.refresh()

    def refresh(self) -> None:
        self.runner.run(self.notices.history, self._on_notices, self.outcome.error,
                        name="liaison.notices", context=self)

    def show_broadcast(self, broadcast: Broadcast | None) -> None:
        self.broadcast_box.set_broadcast(broadcast, self.floor.settings.utc_offset)

    def on_save_requested(self, draft: NoticeDraft) -> None:
        notices, notice_id = self.notices, draft.notice_id
        if notice_id is None:
            self._run("notice", lambda: _post(notices, draft), lambda _notice: (
                "Notice posted: it shows on the kiosk and the display board."))
        else:
            self._run("notice", lambda: _edit(notices, notice_id, draft),
                      lambda _notice: "Notice saved.")

    def on_end_requested(self, notice_id: int) -> None:
        notices = self.notices
        self._run("notice_end", lambda: notices.end(notice_id),
                  lambda notice: f"Notice \u201c{notice.title}\u201d ended.")

    def on_broadcast_requested(self, message: str, length: timedelta | None) -> None:
        floor, box = self.floor, self.broadcast_box
        ends_at = floor.clock.now() + length if length else None

        def done(_result: object) -> None:
            box.message_edit.clear()
            self.outcome.changed("Delay message shown to everyone waiting.")

        self.runner.run(lambda: floor.broadcast(message, ends_at), done, self.outcome.error,
                        name="liaison.broadcast", context=self)

    def on_broadcast_end_requested(self) -> None:
        self.runner.run(self.floor.end_broadcast,
                        lambda _result: self.outcome.changed("Delay message ended."),
                        self.outcome.error, name="liaison.broadcast_end", context=self)

    def _run(self, name: str, work: Callable[[], Notice], said: Callable[[Notice], str]) -> None:
        def done(notice: Notice) -> None:
            self.notice_editor.edit(notice)
            self.outcome.success(said(notice))
            self.refresh()

        self.runner.run(work, done, self.outcome.error, name=f"liaison.{name}", context=self)

    def _on_notices(self, notices: list[Notice]) -> None:
        self.notice_editor.set_notices(notices, self.floor.clock.now())


def _post(notices: NoticeService, draft: NoticeDraft) -> Notice:
    return notices.post(title=draft.title, message=draft.message, severity=draft.severity,
                        categories=draft.categories, starts_at=draft.starts_at,
                        ends_at=draft.ends_at, translations=dict(draft.translations))


def _edit(notices: NoticeService, notice_id: int, draft: NoticeDraft) -> Notice:
    return notices.edit(notice_id, title=draft.title, message=draft.message,
                        severity=draft.severity, categories=draft.categories,
                        starts_at=draft.starts_at, ends_at=draft.ends_at,
                        translations=dict(draft.translations))
