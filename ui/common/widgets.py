"""Small shared widgets. Every label here shows plain text: visitor input never renders."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.tickets import safe_ticket_url
from ui.common.theme import current_colours, set_kind, set_property


def is_on_screen(widget: QWidget) -> bool:
    """Whether ``widget`` is on screen: shown (its page too, in a tab or a stack) and its
    window not minimised. Work done only for the eye waits while it is not."""
    return widget.isVisible() and not widget.window().isMinimized()


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


def top_bar(parent: QWidget, site_name: str, subtitle: str
            ) -> tuple[QFrame, QHBoxLayout, QLabel]:
    """The staff windows' header: site name and what is shown, then room for controls.

    Returns:
        The bar, its row (append controls to it) and the subtitle's label.
    """
    bar = QFrame(parent)
    set_kind(bar, "topbar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(24, 10, 24, 10)
    row.setSpacing(12)
    row.addWidget(plain_label(site_name, "brand"))
    heading = plain_label(subtitle, "subtitle")
    heading.setAccessibleName("Showing")
    row.addWidget(heading)
    row.addStretch(1)
    return bar, row, heading


# ------------------------------------------------------------ kiosk pieces

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
GENERIC_ICON = "generic"


def icon_path(name: str) -> Path:
    """The SVG of a line icon in ``resources/icons`` (the generic one when unknown)."""
    path = ICONS / f"{name}.svg"
    return path if name and path.is_file() else ICONS / f"{GENERIC_ICON}.svg"


def icon_pixmap(name: str, size: int, colour: str, ratio: float = 2.0) -> QPixmap:
    """A line icon drawn in ``colour`` at ``size`` logical pixels, sharp on HiDPI screens."""
    svg = icon_path(name).read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    side = round(size * ratio)
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class IconBadge(QLabel):
    """A round badge holding a category's line icon in the theme's accent colour."""

    def __init__(self, icon: str, size: int = 64, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "badge")
        self.setFixedSize(size, size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPixmap(icon_pixmap(icon, round(size * 0.56), current_colours().accent_text))


class StepDots(QWidget):
    """A progress cue: one dot per step, the done and current ones filled."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.dots: list[QFrame] = []
        for _ in range(count):
            dot = QFrame(self)
            dot.setFixedSize(12, 12)
            set_kind(dot, "dot", "todo")
            row.addWidget(dot)
            self.dots.append(dot)
        self.current = -1

    def set_current(self, index: int) -> None:
        """Mark step ``index`` (0-based) current; -1 or past the end hides the dots."""
        self.current = index
        self.setVisible(0 <= index < len(self.dots))
        for position, dot in enumerate(self.dots):
            tone = "done" if position < index else "current" if position == index else "todo"
            set_property(dot, "tone", tone)
            dot.setFixedSize(28 if tone == "current" else 12, 12)


class LanguageSwitcher(QWidget):
    """Big round buttons, one per language, each named in its own language.

    Signals:
        chosen(str): the language code of the button pressed.
    """

    chosen = Signal(str)

    def __init__(self, languages: list[tuple[str, str]], current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for code, name in languages:
            choice = button(name, "language", accessible=name)
            choice.setCheckable(True)
            choice.setChecked(code == current)
            choice.setProperty("language", code)
            choice.clicked.connect(lambda _=False, c=code: self.chosen.emit(c))
            self.group.addButton(choice)
            row.addWidget(choice)
            self.buttons[code] = choice
        row.addStretch(1)

    def set_current(self, code: str) -> None:
        if code in self.buttons:
            self.buttons[code].setChecked(True)


def kiosk_page(margins: tuple[int, int, int, int] = (64, 28, 64, 28)) -> tuple[QWidget,
                                                                               QVBoxLayout]:
    """An empty kiosk page and its vertical layout."""
    page = QWidget()
    body = QVBoxLayout(page)
    body.setContentsMargins(*margins)
    body.setSpacing(10)
    return page, body


def footer(back: QPushButton | None, forward: QPushButton | None,
           min_forward_width: int = 260) -> QHBoxLayout:
    """The bottom row of a kiosk page: the way back on the left, the way on at the right."""
    row = QHBoxLayout()
    row.setSpacing(16)
    if back is not None:
        row.addWidget(back)
    row.addStretch(1)
    if forward is not None:
        forward.setMinimumWidth(min_forward_width)
        row.addWidget(forward)
    return row


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget and nested layout of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        child = item.layout()
        if child is not None:
            clear_layout(child)
            child.deleteLater()


def scrolled(widget: QWidget, *, sideways: bool = True) -> QScrollArea:
    """``widget`` in a frameless scroll area, so the window never outgrows the screen: a
    short window scrolls it, and one narrower than it can be scrolls it sideways, never
    clips it (``sideways=False``: an area whose width is set to fit its widget)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; it scrolls to them
    widget.setProperty("kind", "page")
    return area


class ListWithEmptyText(QListWidget):
    """A list that says what its emptiness means (muted, centred) instead of a blank box."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(QColor(current_colours().muted))
        painter.drawText(self.viewport().rect().adjusted(16, 12, -16, -12),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         self.empty_text)
        painter.end()


def name_tab_bars(root: QWidget) -> None:
    """Give every tab bar under ``root`` its tab widget's accessible name, when it has none."""
    for tabs in root.findChildren(QTabWidget):
        bar = tabs.tabBar()
        if not bar.accessibleName():
            bar.setAccessibleName(tabs.accessibleName() or "Tabs")


def plain_tooltip(widget: QWidget, text: str) -> None:
    """A tooltip that shows ``text`` as it is: Qt renders tooltips that look like HTML as
    HTML, so the text is escaped inside a paragraph of its own."""
    widget.setToolTip(f"<p>{html.escape(text)}</p>" if text else "")


def open_link(url: str) -> bool:
    """Open an http(s) ticket link in the browser; anything else is never opened."""
    safe = safe_ticket_url(url)
    return bool(safe) and QDesktopServices.openUrl(QUrl(safe))
