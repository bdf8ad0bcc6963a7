"""How the staff windows' drop-downs and spin boxes behave: never changed by a passing wheel.

A wheel turned over an unfocused QComboBox or QSpinBox would change its value while the
person only meant to scroll the page (it once turned a notice Critical). :func:`guard_inputs`
gives every such control of a window or dialog a strong focus policy (click or Tab, never
the wheel) and a filter that hands the wheel to the page behind unless the control has the
focus. Drop-down lists get the styled item delegate so the theme can size their rows, and
spin boxes the inset of other fields.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QWidget,
)

_GUARDED = "techbar_wheel_guarded"
#: Room left of a spin box's text, as the theme pads other fields.
SPIN_TEXT_INSET = 8


class WheelGuard(QObject):
    """Ignores wheel events on a control without the focus, so they reach its parent."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) \
                and not watched.hasFocus():
            event.ignore()  # not accepted: Qt passes the wheel on to the parent (the page)
            return True
        return super().eventFilter(watched, event)


def guard_inputs(root: QWidget) -> None:
    """Guard every drop-down and spin box under ``root`` (again safe: each is guarded once)."""
    guard = root.findChild(WheelGuard, "wheel_guard", Qt.FindChildOption.FindDirectChildrenOnly)
    if guard is None:
        guard = WheelGuard(root)
        guard.setObjectName("wheel_guard")
    controls: list[QWidget] = [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox)]
    for control in controls:
        if control.property(_GUARDED):
            continue
        control.setProperty(_GUARDED, True)
        control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        control.installEventFilter(guard)
        if isinstance(control, QComboBox):
            control.setItemDelegate(QStyledItemDelegate(control))
        edit = control.findChild(QLineEdit) if isinstance(control, QAbstractSpinBox) else None
        if edit is not None:
            edit.setTextMargins(SPIN_TEXT_INSET, 0, 0, 0)  # the theme's padding misses it
