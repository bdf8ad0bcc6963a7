"""Small shared widgets. Every label here shows plain text: visitor input never renders."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.theme import set_kind, set_property


def plain_label(text: str = "", kind: str | None = None, parent: QWidget | None = None, *,
                wrap: bool = False) -> QLabel:
    """A QLabel that never interprets its text as rich text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if kind:
        set_kind(label, kind)
    return label


def button(text: str, kind: str | None = None, *, accessible: str = "",
           parent: QWidget | None = None) -> QPushButton:
    """A push button; ``&`` in ``text`` is shown as-is (no mnemonic)."""
    widget = QPushButton(text.replace("&", "&&"), parent)
    widget.setAccessibleName(accessible or text)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    if kind:
        set_kind(widget, kind)
    return widget


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A white rounded panel and its layout."""
    frame = QFrame(parent)
    set_kind(frame, "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 18, 20, 18)
    layout.setSpacing(10)
    return frame, layout


class MessageArea(QLabel):
    """Where a view tells the person what happened: errors, confirmations, hints.

    Plain text only, announced to assistive technology by its accessible name.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setObjectName("message")
        self.setAccessibleName("Message")
        set_kind(self, "message", "info")
        self.hide()

    @property
    def tone(self) -> str:
        return str(self.property("tone"))

    def show_error(self, text: str) -> None:
        self._show(text, "error")

    def show_info(self, text: str) -> None:
        self._show(text, "info")

    def show_success(self, text: str) -> None:
        self._show(text, "success")

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, text: str, tone: str) -> None:
        set_property(self, "tone", tone)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()


def top_bar(parent: QWidget, site_name: str, subtitle: str) -> tuple[QFrame, QHBoxLayout]:
    """The staff windows' header: site name and window title, then room for controls."""
    bar = QFrame(parent)
    set_kind(bar, "topbar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(24, 12, 24, 12)
    row.setSpacing(12)
    row.addWidget(plain_label(site_name, "brand"))
    row.addWidget(plain_label(subtitle, "subtitle"))
    row.addStretch(1)
    return bar, row
