"""What a keyboard user meets in a window: its controls, their names, and where Tab goes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

#: Tab presses on one control before it counts as a trap (a date edit steps its fields).
TRAP_PRESSES = 8


def controls(window: QWidget) -> list[QWidget]:
    """The widgets Tab can reach: shown, enabled, in this window, not standing in for another."""
    return [widget for widget in window.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
            and widget.isEnabled() and widget.focusProxy() is None
            and widget.window() is window]


def name_of(widget: QWidget) -> str:
    """What assistive technology announces: the accessible name, or a button's own text."""
    if widget.accessibleName():
        return widget.accessibleName()
    return widget.text().replace("&", "") if isinstance(widget, QAbstractButton) else ""


def unnamed(window: QWidget) -> list[str]:
    """The controls without a name, described for a failure message."""
    return [f"{type(w).__name__} {w.objectName() or ''} at {place(w, window).topLeft()}"
            for w in controls(window) if not name_of(w).strip()]


def place(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def reading_order_first(window: QWidget) -> QWidget:
    """The control a reader meets first: the highest, then the leftmost."""
    return min(controls(window), key=lambda w: (place(w, window).top(), place(w, window).left()))


def comes_before(b: QRect, a: QRect) -> bool:
    """True when ``b`` reads before ``a``: above it and not in a column to its right, or
    left of it on the same line."""
    above = b.bottom() < a.top() and b.left() < a.right()
    left = b.right() < a.left() and b.top() < a.bottom()
    return above or left


@dataclass(frozen=True)
class Walk:
    """The controls Tab visited from the first, in order, and the one Tab got stuck on."""

    visited: list[QWidget]
    trapped: QWidget | None


def tab_through(window: QWidget, first: QWidget, limit: int = 200) -> Walk:
    """Press Tab from ``first`` until the focus comes back to it (or is trapped)."""
    first.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [first]
    stuck = 0
    for _ in range(limit):
        current = _focused(window)
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        now = _focused(window)
        if now is current:
            stuck += 1
            if stuck >= TRAP_PRESSES:
                return Walk(visited, now)
            continue
        stuck = 0
        if now is first:
            return Walk(visited, None)
        visited.append(now)
    return Walk(visited, _focused(window))


def out_of_order(window: QWidget, visited: list[QWidget]) -> list[str]:
    """Each step of a walk that goes back up a column or back left along a line."""
    rects = {id(w): place(w, window) for w in visited}
    return [f"{name_of(a)!r} -> {name_of(b)!r}" for a, b in zip(visited, visited[1:], strict=False)
            if comes_before(rects[id(b)], rects[id(a)])]


def _focused(window: QWidget) -> QWidget:
    widget = window.focusWidget() or window
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget
