"""What a window process paints first: the site's name and "Getting ready…", at once.

Opening the core is most of a start-up: SQLAlchemy and the services load, the database
is connected and its schema checked (migrated when it is older), and a demo is seeded.
A window process paints :class:`StartupWindow` straight from the settings, where the
role's window will be, and opens the core meanwhile on a thread of its own
(:class:`CoreLoader`), loading the role's window package there too. When the core is
ready the role's window takes the start-up window's place; the visitor at a kiosk sees
its welcome page a moment later, never a blank or frozen screen.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, ExitStack
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ui.common.i18n import LanguageManager
from ui.common.theme import set_kind

if TYPE_CHECKING:
    from kiosk.bootstrap import Core


class Opened(Protocol):
    """What opening yields: the command line's session, which holds the core."""

    @property
    def core(self) -> Core: ...


# Opens the core when called (any thread); it closes when the context ends.
Opener = Callable[[], AbstractContextManager[Opened]]

log = logging.getLogger(__name__)

# The object name the start-up window carries (the first-paint report tells it from the
# role's window by it).
OBJECT_NAME = "StartupWindow"


class StartupWindow(QWidget):
    """The site's name, the role and a busy bar, in the theme, while the core opens."""

    def __init__(self, site_name: str, role: str,
                 language: tuple[Sequence[str], str] | None = None,
                 parent: QWidget | None = None) -> None:
        """``language``: the languages and the default one to speak (the kiosk's), or
        None for the untranslated texts (the staff's windows)."""
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.language: LanguageManager | None = None
        if language is not None:
            self.language = LanguageManager(*language, parent=self)
        role_title = self.role_title(role)
        self.setWindowTitle(f"{site_name} \u2014 {role_title}")
        self.setAccessibleName(self.tr("Tech Bar is starting"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(14)
        layout.addStretch(3)
        self.site = self._label(site_name, "title")
        self.role = self._label(role_title, "subtitle")
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no known end: Qt animates it
        self.busy.setTextVisible(False)
        self.busy.setFixedSize(280, 6)
        self.busy.setAccessibleName(self.tr("Getting ready"))
        self.status = self._label(self.tr("Getting ready\u2026"), "muted")
        for widget in (self.site, self.role):
            layout.addWidget(widget)
        layout.addSpacing(18)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.status)
        layout.addStretch(4)

    def closeEvent(self, event: QCloseEvent) -> None:
        """The role's window has its own translator: this one's comes off the application."""
        if self.language is not None:
            self.language.release()
        super().closeEvent(event)

    def role_title(self, role: str) -> str:
        """What the role's window is, as its title says it ("all" opens the chooser)."""
        titles = {"kiosk": self.tr("Check in"), "console": self.tr("Technician console"),
                  "liaison": self.tr("Floor"), "display": self.tr("Now serving")}
        return titles.get(role, "Tech Bar")

    def _label(self, text: str, kind: str) -> QLabel:
        label = QLabel(text, self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        set_kind(label, kind)
        return label


class CoreLoader(QObject):
    """Opens the session on a thread of its own and loads the modules the window needs.

    The session stays open until :meth:`close`, which waits for the thread first: a
    window closed while the database is still being migrated lets the migration finish.

    Signals:
        ready(object): the open session, :class:`Opened` (on the GUI thread).
        failed(object): the exception that stopped it (on the GUI thread); :attr:`error`
            keeps it for the caller to raise once the event loop has ended.
    """

    ready = Signal(object)
    failed = Signal(object)

    def __init__(self, opener: Opener,
                 modules: Sequence[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opener = opener
        self._modules = tuple(modules)
        self._stack = ExitStack()
        self._thread = threading.Thread(target=self._open, name="techbar-startup", daemon=True)
        self.error: BaseException | None = None

    def start(self) -> None:
        self._thread.start()

    def _open(self) -> None:
        try:
            session = self._stack.enter_context(self._opener())
            for name in self._modules:
                importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 - raised again on the main thread
            self.error = exc
            self.failed.emit(exc)
            return
        self.ready.emit(session)

    def close(self) -> None:
        """Wait for the opening to end, then close the session (if it opened)."""
        if self._thread.is_alive():
            log.info("waiting for the database to finish opening")
            self._thread.join()
        self._stack.close()
