"""The demo's chooser: one small window that opens each role's window, sized to the screen.

Three or four windows opened at once overlap on a laptop screen; the chooser fits a
1366x768 screen with room to spare and opens the kiosk, the console, the liaison view
or the board on demand, each as large as it is designed to be and no larger than the
screen, centred. Every window opened from it belongs to the same process: one task
runner, one floor feed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget

from ui.common.theme import set_kind
from ui.common.widgets import IconBadge, button, plain_label

#: (window, title, what it is for, icon).
ROLES = (
    ("kiosk", "Check-in kiosk", "Where visitors check in: the touchscreen at the door.",
     "badge"),
    ("console", "Technician console", "Call, serve and resolve visitors (PIN 1234 in the "
     "demo: Dana, Luis or Kim).", "laptop"),
    ("liaison", "Front desk", "Run the floor: alerts, the queue, notices, metrics, sync.",
     "account"),
    ("display", "Now-serving board", "For the TV in the waiting area.", "notice"),
)
LAUNCHER_SIZE = (720, 560)


#: Room left for the window manager's frame and title bar around a fitted window.
FRAME_ALLOWANCE = (16, 48)


def fitted(size: tuple[int, int], available: QRect) -> QRect:
    """A window of (at most) ``size`` whose frame fits ``available``, centred in it."""
    width = min(size[0], available.width() - FRAME_ALLOWANCE[0])
    height = min(size[1], available.height() - FRAME_ALLOWANCE[1])
    left = available.left() + (available.width() - width) // 2
    top = available.top() + (available.height() - height + FRAME_ALLOWANCE[1] // 2) // 2
    return QRect(left, top, width, height)


def available_screen() -> QRect:
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


class Launcher(QWidget):
    """Four big choices; ``open_role(name)`` opens (or raises) that role's window."""

    def __init__(self, site_name: str, open_role: Callable[[str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Launcher")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle("Choose a window")
        self.open_role = open_role
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(8)
        layout.addWidget(plain_label(site_name, "brand"))
        layout.addWidget(plain_label("Which window do you want to open?", "title"))
        layout.addWidget(plain_label("Each opens beside this one and follows the same floor; "
                                     "open as many as you like.", "subtitle", wrap=True))
        grid = QGridLayout()
        grid.setSpacing(14)
        self.buttons: dict[str, QPushButton] = {}
        for index, role in enumerate(ROLES):
            grid.addWidget(self._choice(*role), index // 2, index % 2)
        layout.addSpacing(12)
        layout.addLayout(grid, 1)

    def _choice(self, name: str, title: str, text: str, icon: str) -> QFrame:
        frame = QFrame(self)
        set_kind(frame, "card")
        box = QVBoxLayout(frame)
        box.setContentsMargins(18, 16, 18, 16)
        box.setSpacing(6)
        box.addWidget(IconBadge(icon, 48))
        box.addWidget(plain_label(title, "section-title"))
        box.addWidget(plain_label(text, "muted", wrap=True), 1)
        opener = button(f"Open the {title[0].lower() + title[1:]}", "primary",
                        accessible=f"Open the {title}")
        opener.clicked.connect(lambda _=False, role=name: self.open_role(role))
        box.addWidget(opener)
        self.buttons[name] = opener
        return frame
