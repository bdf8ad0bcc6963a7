"""A QR code drawn as crisp rectangles at any size, with its quiet zone."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4
"""Modules of light margin around the code, as the QR standard asks."""


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of ``text``'s QR code (medium error correction), without quiet zone."""
    import qrcode  # on the first ticket, not while the kiosk starts
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


class QrCodeWidget(QWidget):
    """Paints a QR code module by module: whole pixels per module, never a scaled bitmap.

    Always dark on white (scanners expect it), whatever the theme. Empty text shows
    nothing and the widget hides itself.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(120, 120)
        self.dark = QColor("#000000")
        self.light = QColor("#ffffff")
        self._text = ""
        self._matrix: list[list[bool]] = []
        self.set_text(text)

    @property
    def text(self) -> str:
        return self._text

    @property
    def matrix(self) -> list[list[bool]]:
        return self._matrix

    def set_text(self, text: str) -> None:
        self._text = text
        self._matrix = qr_matrix(text) if text else []
        self.setVisible(bool(text))
        self.update()

    def module_size(self) -> int:
        """Whole pixels per module at the current size (at least 1)."""
        if not self._matrix:
            return 0
        side = min(self.width(), self.height())
        return max(1, side // (len(self._matrix) + 2 * QUIET_ZONE))

    def code_rect(self) -> QRect:
        """Where the code and its quiet zone are painted (centred, whole modules)."""
        count = len(self._matrix) + 2 * QUIET_ZONE
        side = self.module_size() * count
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        area = self.code_rect()
        painter.fillRect(area, self.light)
        module = self.module_size()
        left = area.left() + QUIET_ZONE * module
        top = area.top() + QUIET_ZONE * module
        painter.setPen(Qt.PenStyle.NoPen)
        for y, row in enumerate(self._matrix):
            x = 0
            while x < len(row):  # one rectangle per run of dark modules
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                painter.fillRect(left + start * module, top + y * module,
                                 (x - start) * module, module, self.dark)
        painter.end()
