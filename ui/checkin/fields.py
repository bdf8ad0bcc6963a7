"""The kiosk's one-line text fields, with a clear button a finger can hit.

Qt's own clear button (``setClearButtonEnabled``) is a 16 px icon in a button about
20 px wide: too small to see from a step back or to hit with a finger. A
:class:`KioskLineEdit` has its own (:class:`FieldClearButton`): a round 56 px touch
target inside the field's right end: a 30 px disc with a cross, in the theme's colours,
there while the field has text. Like Qt's, it never takes the focus (a keyboard
clears with Ctrl+A and Backspace), and its accessible name says which field it clears.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from ui.common.theme import current_colours

CLEAR_TARGET_PX = 56
"""The clear button's side: its whole square answers a tap (at least 48 px, WCAG 2.5.5)."""
CLEAR_ICON_PX = 30
"""The visible disc with the cross."""
_INSET_PX = 6


class FieldClearButton(QAbstractButton):
    """The round "×" inside a :class:`KioskLineEdit`; clears it and gives it the focus."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedSize(CLEAR_TARGET_PX, CLEAR_TARGET_PX)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A halo while pressed, then a disc in the muted text colour with a cross
        in the field's colour (the same contrast as the hint text, in every theme)."""
        colours = current_colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        if self.isDown():
            painter.setBrush(QColor(colours.pressed))
            painter.drawEllipse(QRectF(self.rect()).adjusted(2, 2, -2, -2))
        centre = QRectF(self.rect()).center()
        radius = CLEAR_ICON_PX / 2
        painter.setBrush(QColor(colours.muted))
        painter.drawEllipse(centre, radius, radius)
        pen = QPen(QColor(colours.surface), 3.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        arm = radius * 0.42
        for dx in (-arm, arm):
            painter.drawLine(centre + QPointF(-dx, -arm), centre + QPointF(dx, arm))
        painter.end()


class KioskLineEdit(QLineEdit):
    """A line edit with a big clear button; name both with :meth:`set_name`.

    Args:
        limit: the most characters it takes.
    """

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(limit)
        self.clear_button = FieldClearButton(self)
        self.clear_button.clicked.connect(self.on_clear_button_clicked)
        self.textChanged.connect(lambda text: self.clear_button.setVisible(bool(text)))
        self.setTextMargins(0, 0, CLEAR_TARGET_PX - _INSET_PX, 0)

    def set_name(self, name: str) -> None:
        """The field's accessible name; its clear button is named after it ("Clear “Email”")."""
        self.setAccessibleName(name)
        self.clear_button.setAccessibleName(self.tr("Clear \u201c%1\u201d").replace("%1", name))

    def on_clear_button_clicked(self) -> None:
        self.clear()
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        button = self.clear_button
        button.move(self.width() - button.width() - _INSET_PX,
                    (self.height() - button.height()) // 2)
