"""Kiosk building blocks: category tiles with icons, and the ticket with its QR code.

Each piece retranslates itself: the view calls ``retranslate(language)`` (category
labels come from the settings, per language) and Qt's ``tr()`` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Category
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.visit import Visit
from ui.checkin.qr import QrCodeWidget
from ui.common.i18n import TextBinder
from ui.common.theme import set_kind
from ui.common.widgets import IconBadge, plain_label

TILE_COLUMNS = 2
Note = Callable[[], str]
"""Makes a line of text in the current language (called again on a language switch)."""


def category_label(category: Category, language: str) -> str:
    """The category's label in ``language`` (``label_for`` when the settings have it)."""
    label_for = getattr(category, "label_for", None)
    if callable(label_for):
        return str(label_for(language))
    return category.label


def category_icon(category: Category) -> str:
    """The name of the category's icon (its ``icon`` setting, else its id)."""
    return str(getattr(category, "icon", "") or category.id)


class CategoryTile(QPushButton):
    """A big touch tile for one category: its icon, the label and the wait target."""

    def __init__(self, category: Category, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.category_id = category.id
        set_kind(self, "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        badge = IconBadge(category_icon(category), 64, self)
        self.title_label = plain_label("", "tile-title", wrap=True)
        self.hint_label = plain_label("", "tile-hint", wrap=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 16)
        layout.setSpacing(20)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addStretch(1)
        text.addWidget(self.title_label)
        text.addWidget(self.hint_label)
        text.addStretch(1)
        layout.addLayout(text, 1)
        for child in (badge, self.title_label, self.hint_label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.retranslate(language)

    def retranslate(self, language: str) -> None:
        minutes = int(self.category.wait_target.total_seconds() // 60)
        label = category_label(self.category, language)
        hint = self.tr("We aim to see you within %n min", "", minutes)
        self.title_label.setText(label)
        self.hint_label.setText(hint)
        self.setAccessibleName(label)
        self.setAccessibleDescription(hint)


class CategoryGrid(QWidget):
    """The category tiles, two to a row; arrow keys move between them.

    Signals:
        chosen(str): the id of the category tapped.
    """

    chosen = Signal(str)

    def __init__(self, categories: Sequence[Category], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(16)
        self.tiles: dict[str, CategoryTile] = {}
        for index, category in enumerate(categories):
            tile = CategoryTile(category, language, self)
            tile.clicked.connect(lambda _=False, cid=category.id: self.chosen.emit(cid))
            grid.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)
            tile.installEventFilter(self)
            self.tiles[category.id] = tile

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys move through the grid (buttons alone would follow the focus chain)."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            return self.move_focus(event.key())
        return False

    def first_tile(self) -> CategoryTile | None:
        return next(iter(self.tiles.values()), None)

    def retranslate(self, language: str) -> None:
        for tile in self.tiles.values():
            tile.retranslate(language)

    def move_focus(self, key: int) -> bool:
        """Move the focus for an arrow key; whether the key was used."""
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                 Qt.Key.Key_Up: -TILE_COLUMNS, Qt.Key.Key_Down: TILE_COLUMNS}
        step = steps.get(Qt.Key(key))
        tiles = list(self.tiles.values())
        focused = next((i for i, tile in enumerate(tiles) if tile.hasFocus()), None)
        if step is None or focused is None:
            return False
        target = focused + step
        if 0 <= target < len(tiles):
            tiles[target].setFocus(Qt.FocusReason.TabFocusReason)
        return True


class ConfirmationPanel(QWidget):
    """The ticket: a greeting, the number, the place in line and (when set) a QR code.

    ``language`` tells the current language code (numbers are written its way).
    """

    def __init__(self, language: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        self.language = language
        self._shown: tuple[Visit, int, str, WaitEstimate | None, Note | None] | None = None
        body = QVBoxLayout(self)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addStretch(1)
        self.greeting_label = _centered(plain_label("", "title", wrap=True))
        body.addWidget(self.greeting_label)
        body.addSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addStretch(1)
        row.addWidget(self._ticket_card(), 0)
        row.addWidget(self._qr_card(), 0)
        row.addStretch(1)
        body.addLayout(row)
        body.addSpacing(8)
        self.note_label = _centered(plain_label("", "position", wrap=True))
        self.note_label.hide()
        body.addWidget(self.note_label)
        self.seat_label = _centered(plain_label("", "subtitle", wrap=True))
        body.addWidget(self.seat_label)
        body.addStretch(1)
        self.texts.bind(self.seat_label.setText, lambda: self.tr(
            "Please take a seat. We'll call your ticket number on the screen."))

    def show_ticket(self, visit: Visit, position: int, url: str,
                    estimate: WaitEstimate | None = None, note: Note | None = None) -> None:
        """Show ``visit``'s ticket; a QR code of ``url`` unless it is empty.

        Args:
            estimate: the wait range, shown when given.
            note: makes a line to show under the ticket (e.g. about an appointment).
        """
        self._shown = (visit, position, url, estimate, note)
        locale = QLocale(self.language())
        self.greeting_label.setText(self.tr("You're checked in, %1.").replace(
            "%1", visit.requester.name))
        self.ticket_label.setText(visit.ticket_number)
        self.ticket_label.setAccessibleName(self.tr("Your ticket number is %1").replace(
            "%1", visit.ticket_number))
        self.position_label.setText(self._position_text(position, locale))
        wait = self._wait_text(estimate, locale) if estimate is not None else ""
        self.estimate_label.setText(wait)
        self.estimate_label.setVisible(bool(wait))
        self.note_label.setText(note() if note is not None else "")
        self.note_label.setVisible(note is not None)
        self.qr_widget.set_text(url)
        self.qr_card.setVisible(bool(url))

    def clear(self) -> None:
        self._shown = None
        for label in (self.greeting_label, self.ticket_label, self.position_label,
                      self.estimate_label, self.note_label):
            label.clear()
        self.estimate_label.hide()
        self.note_label.hide()
        self.qr_widget.set_text("")
        self.qr_card.hide()

    def _wait_text(self, estimate: WaitEstimate, locale: QLocale) -> str:
        """An honest range, never a single number: "about 10\u201320 minutes"."""
        high = estimate.high_minutes
        if high <= 5:
            return self.tr("Estimated wait: a few minutes")
        if estimate.low_minutes <= 0:
            return self.tr("Estimated wait: under %1 minutes").replace(
                "%1", locale.toString(high))
        return self.tr("Estimated wait: about %1\u2013%2 minutes").replace(
            "%1", locale.toString(estimate.low_minutes)).replace("%2", locale.toString(high))

    def _position_text(self, position: int, locale: QLocale) -> str:
        if position == 1:
            return self.tr("You're next in line.")
        if position > 1:
            return self.tr("You are number %1 in line.").replace(
                "%1", locale.toString(position))
        return self.tr("We'll call your number shortly.")

    def _ticket_card(self) -> QFrame:
        card = QFrame(self)
        set_kind(card, "ticket-card")
        card.setMinimumWidth(540)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 24, 32, 28)
        inner.setSpacing(4)
        caption = _centered(plain_label("", "subtitle"))
        self.ticket_label = _centered(plain_label("", "ticket"))
        self.position_label = _centered(plain_label("", "position", wrap=True))
        self.estimate_label = _centered(plain_label("", "subtitle", wrap=True))
        self.estimate_label.hide()
        for widget in (caption, self.ticket_label, self.position_label, self.estimate_label):
            inner.addWidget(widget)
        self.texts.bind(caption.setText, lambda: self.tr("Your ticket number"))
        return card

    def _qr_card(self) -> QFrame:
        self.qr_card = QFrame(self)
        set_kind(self.qr_card, "ticket-card")
        inner = QVBoxLayout(self.qr_card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(8)
        self.qr_widget = QrCodeWidget("", self.qr_card)
        self.qr_widget.setFixedSize(200, 200)
        caption = _centered(plain_label("", "qr-caption", wrap=True))
        caption.setFixedWidth(200)
        inner.addWidget(self.qr_widget, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(caption)
        self.texts.bind(caption.setText, lambda: self.tr("Scan to follow your place in line"))
        self.texts.bind(self.qr_widget.setAccessibleName, lambda: self.tr(
            "QR code: follow your place in line on your phone"))
        self.qr_card.hide()
        return self.qr_card

    def retranslate(self) -> None:
        self.texts.retranslate()
        if self._shown is not None:
            self.show_ticket(*self._shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ConfirmationPage(QWidget):
    """The ticket page: the :class:`ConfirmationPanel` and a "Done" button.

    Signals:
        done(): the visitor tapped "Done".
    """

    done = Signal()

    def __init__(self, language: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        body = QVBoxLayout(self)
        body.setContentsMargins(64, 28, 64, 28)
        self.panel = ConfirmationPanel(language, self)
        body.addWidget(self.panel, 1)
        self.done_button = QPushButton(self)
        set_kind(self.done_button, "primary")
        self.done_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.done_button.setMinimumWidth(260)
        self.done_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        body.addLayout(buttons)
        self.texts.bind(self.done_button.setText, lambda: self.tr("Done"))
        self.texts.bind(self.done_button.setAccessibleName,
                        lambda: self.tr("Done: back to the start"))

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.panel.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.retranslate()
        super().changeEvent(event)


def _centered(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
