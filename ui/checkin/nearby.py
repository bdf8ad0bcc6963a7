"""'Tell me when I'm close' on the ticket page: two rows of large toggles, and a number field.

:class:`NearbyChoice` is the widget (how: e-mail, text, Slack, Teams, no thanks; when: 1, 2,
3 or 5 people ahead, or only when called); :class:`NearbyFlow` stores the choice through
``Core.notify.choose`` on the task runner and says how it went, in the visitor's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.nearby import THRESHOLDS, Channel, Choice
from kiosk.domain.visit import Visit
from kiosk.errors import StoreUnavailable, ValidationError
from ui.checkin.calls import VisitorCalls
from ui.common.i18n import TextBinder
from ui.common.theme import set_kind
from ui.common.widgets import plain_label

# The "when" a visitor starts with: told when two people are ahead.
DEFAULT_AHEAD = 2
# Channels found by the visitor's e-mail (no e-mail on file: not offered).
_BY_EMAIL = (Channel.EMAIL, Channel.SLACK, Channel.TEAMS)


class Notifier(Protocol):
    """What the kiosk needs of ``Core.notify``."""

    def channels(self) -> tuple[Channel, ...]: ...

    def choose(self, visit_id: str, channel: str, address: str = "",
               ahead: object = None) -> Choice: ...


class NearbyChoice(QFrame):
    """The choice on the ticket page; hidden when the site offers nothing to choose.

    Signals:
        chosen(str, str, object): channel, address (the phone number for a text) and the
            threshold (None: only when called).
        touched(): the visitor used it (the ticket page should stay up).
        typing(bool): the phone number field appeared or went (the on-screen keyboard).
    """

    chosen = Signal(str, str, object)
    touched = Signal()
    typing = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "ticket-card")
        self.texts = TextBinder()
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 14, 24, 14)
        box.setSpacing(8)
        title = plain_label("", "subtitle")
        self.how, self.how_buttons = self._toggles(box, [c.value for c in Channel], title)
        self.when, self.when_buttons = self._toggles(
            box, [str(n) for n in THRESHOLDS] + ["called"])
        box.addLayout(self._phone_row())
        self.result_label = plain_label("", "subtitle", wrap=True)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_label.hide()
        box.addWidget(self.result_label)
        self.texts.bind(title.setText, lambda: self.tr("Tell me when I'm close:"))
        self.texts.bind(self.setAccessibleName, lambda: self.tr("Tell me when I'm close"))
        self._bind_labels()
        self.clear()
        self.how.idClicked.connect(self.on_how_clicked)
        self.when.idClicked.connect(self.on_when_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.phone_edit.returnPressed.connect(self.on_save_clicked)

    # ------------------------------------------------------------ what the page sets

    def offer(self, channels: tuple[Channel, ...], has_email: bool) -> None:
        """Show the channels this site offers that can reach this visitor (or hide all)."""
        shown = [c for c in channels if c is not Channel.PAGE and (has_email or c not in _BY_EMAIL)]
        for channel in Channel:
            self.how_buttons[channel.value].setVisible(channel in shown or channel is Channel.PAGE)
        self.clear()
        self.setVisible(bool(shown))

    def clear(self) -> None:
        """Nothing chosen, two people ahead, no number, no message."""
        for group in (self.how, self.when):
            group.setExclusive(False)
            for control in group.buttons():
                control.setChecked(False)
            group.setExclusive(True)
        self.when_buttons[str(DEFAULT_AHEAD)].setChecked(True)
        self.phone_edit.setText("+")
        self._show_phone(False)
        self.result_label.clear()
        self.result_label.hide()

    def show_saved(self, choice: Choice) -> None:
        """Say what was stored; a saved number closes its field (and the keys)."""
        if choice.channel is Channel.SMS:
            self.phone_edit.setText(choice.address)
            self._show_phone(False)
        self._say(self._saved_text(choice), "success")

    def show_error(self, text: str) -> None:
        self._say(text, "error")

    # ------------------------------------------------------------ the visitor's taps

    def channel(self) -> str:
        checked = self.how.checkedButton()
        return str(checked.property("value")) if checked is not None else ""

    def ahead(self) -> int | None:
        checked = self.when.checkedButton()
        value = str(checked.property("value")) if checked is not None else "called"
        return None if value == "called" else int(value)

    def on_how_clicked(self, _id: int) -> None:
        self.touched.emit()
        channel = self.channel()
        self._show_phone(channel == Channel.SMS.value)
        if channel == Channel.SMS.value:
            self.phone_edit.setFocus()
            self.phone_edit.end(False)
        else:
            self.chosen.emit(channel, "", self.ahead())

    def on_when_clicked(self, _id: int) -> None:
        self.touched.emit()
        channel = self.channel()
        if channel and channel not in (Channel.SMS.value, Channel.PAGE.value):
            self.chosen.emit(channel, "", self.ahead())

    def on_save_clicked(self) -> None:
        self.touched.emit()
        self.chosen.emit(Channel.SMS.value, self.phone_edit.text(), self.ahead())

    # ------------------------------------------------------------ texts

    def _saved_text(self, choice: Choice) -> str:
        if choice.channel is Channel.PAGE:
            return self.tr("No messages. Your ticket number will be called on the screen.")
        how = {Channel.EMAIL: self.tr("We'll e-mail you"),
               Channel.SMS: self.tr("We'll text %1").replace("%1", _masked(choice.address)),
               Channel.SLACK: self.tr("We'll message you on Slack"),
               Channel.TEAMS: self.tr("We'll message you on Teams")}[choice.channel]
        if choice.ahead is None:
            return self.tr("%1 when you're called.").replace("%1", how)
        return self.tr("%1 when %2 ahead of you, and when you're called.").replace(
            "%1", how).replace("%2", self._people(choice.ahead))

    def _people(self, count: int) -> str:
        return self.tr("1 person is") if count == 1 else self.tr("%1 people are").replace(
            "%1", str(count))

    def _bind_labels(self) -> None:
        names = {"email": lambda: self.tr("E-mail me"), "sms": lambda: self.tr("Text me"),
                 "slack": lambda: self.tr("Slack me"), "teams": lambda: self.tr("Teams me"),
                 "page": lambda: self.tr("No thanks"),
                 "called": lambda: self.tr("When I'm called")}
        for value, control in self.how_buttons.items():
            self.texts.bind(control.setText, names[value])
            self.texts.bind(control.setAccessibleName, names[value])
        for value, control in self.when_buttons.items():
            if value == "called":
                self.texts.bind(control.setText, names[value])
                self.texts.bind(control.setAccessibleName, names[value])
            else:
                self.texts.bind(control.setText, self._ahead_label(int(value)))
                self.texts.bind(control.setAccessibleName, self._ahead_name(int(value)))
        self.texts.bind(self.save_button.setText, lambda: self.tr("Save number"))
        self.texts.bind(self.save_button.setAccessibleName, lambda: self.tr("Save number"))
        self.texts.bind(self.phone_edit.setAccessibleName, lambda: self.tr(
            "Your mobile number, with the country code"))
        self.texts.bind(self.phone_edit.setPlaceholderText, lambda: self.tr("+44 7700 900123"))

    def _ahead_label(self, count: int) -> Callable[[], str]:
        return lambda: self.tr("%1 ahead").replace("%1", str(count))

    def _ahead_name(self, count: int) -> Callable[[], str]:
        return lambda: self.tr("When %1 ahead of me").replace("%1", self._people(count))

    def retranslate(self) -> None:
        self.texts.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ building

    def _toggles(self, box: QVBoxLayout, values: list[str], title: QWidget | None = None,
                 ) -> tuple[QButtonGroup, dict[str, QPushButton]]:
        """A row of toggles, one checked at a time; ``title`` leads the row."""
        group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addStretch(1)
        if title is not None:
            row.addWidget(title)
            row.addSpacing(8)
        buttons: dict[str, QPushButton] = {}
        for index, value in enumerate(values):
            control = QPushButton(self)
            set_kind(control, "language")
            control.setCheckable(True)
            control.setProperty("value", value)
            control.setCursor(Qt.CursorShape.PointingHandCursor)
            group.addButton(control, index)
            row.addWidget(control)
            buttons[value] = control
        row.addStretch(1)
        box.addLayout(row)
        return group, buttons

    def _phone_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addStretch(1)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(32)
        self.phone_edit.setMinimumWidth(360)
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.save_button = QPushButton(self)
        set_kind(self.save_button, "primary")
        self.save_button.setCursor(Qt.CursorShape.PointingHandCursor)
        row.addWidget(self.phone_edit)
        row.addWidget(self.save_button)
        row.addStretch(1)
        return row

    def _show_phone(self, shown: bool) -> None:
        was = self.phone_edit.isVisibleTo(self)
        self.phone_edit.setVisible(shown)
        self.save_button.setVisible(shown)
        if was != shown:
            self.typing.emit(shown)

    def _say(self, text: str, tone: str) -> None:
        set_kind(self.result_label, "subtitle", tone)
        self.result_label.setText(text)
        self.result_label.show()


class NearbyFlow(QObject):
    """Stores the visitor's choice for the visit on the ticket page, off the GUI thread.

    Signals:
        saved(object): the :class:`Choice` the core stored.
    """

    saved = Signal(object)

    def __init__(self, notify: Notifier, calls: VisitorCalls, choice: NearbyChoice,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notify = notify
        self.calls = calls
        self.choice = choice
        self.visit_id = ""
        choice.chosen.connect(self.on_chosen)

    def begin(self, visit: Visit) -> None:
        """The ticket page shows ``visit``: offer what can reach its visitor."""
        self.visit_id = visit.id
        self.choice.offer(self.notify.channels(), bool(visit.requester.email))

    def forget(self) -> None:
        self.visit_id = ""
        self.choice.clear()

    def on_chosen(self, channel: str, address: str, ahead: object) -> None:
        if not self.visit_id:
            return
        notify, visit_id = self.notify, self.visit_id
        self.calls.run_quietly(lambda: notify.choose(visit_id, channel, address, ahead),
                               self._on_saved, self._on_failed, "kiosk.notify")

    def _on_saved(self, choice: Choice) -> None:
        self.choice.show_saved(choice)
        self.saved.emit(choice)

    def _on_failed(self, error: BaseException) -> None:
        self.choice.show_error(self.explain(error))

    def explain(self, error: BaseException) -> str:
        """A translated line for the visitor (never the core's English message)."""
        field = error.field if isinstance(error, ValidationError) else ""
        if field == "phone":
            return self.tr("Please type your mobile number with its country code, "
                           "like +44 7700 900123.")
        if field == "email":
            return self.tr("We have no work e-mail for you: choose a text message instead.")
        if field == "visit":
            return self.tr("Your visit is no longer in line, so nothing can be sent.")
        if isinstance(error, StoreUnavailable):
            return self.tr("That could not be saved just now. Please try again, or ask at "
                           "the front desk.")
        return self.tr("That did not work. Please choose again.")


def _masked(phone: str) -> str:
    """Only the country code and the last digits: the screen is public."""
    return f"{phone[:3]}\u2022\u2022\u2022{phone[-3:]}" if len(phone) > 6 else phone
