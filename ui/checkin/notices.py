"""Known incidents ("Wi-Fi is down in building B, we're on it"), shown before people queue.

The notices come from the core on every reset and on the way to the reasons; those for
the chosen reason are shown once, in the visitor's language when the front desk gave a
text for it (else in the default one), and the visitor may leave without queueing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.app.notices import Notice
from ui.checkin.pages import KioskPage
from ui.common.theme import set_kind
from ui.common.widgets import IconBadge, button, footer, plain_label

MAX_NOTICES = 3


class NoticePage(KioskPage):
    """Known incidents for the chosen reason, before the visitor joins the line.

    ``language`` tells the visitor's language code; a switch shows the notices again in it.

    Signals:
        still_need_help(): go on to the details.
        never_mind(): leave; nothing is stored.
    """

    still_need_help = Signal()
    never_mind = Signal()

    def __init__(self, language: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.shown: list[Notice] = []
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.subtitle_label)
        self.body.addSpacing(8)
        self.cards = QVBoxLayout()
        self.cards.setSpacing(12)
        self.body.addLayout(self.cards)
        self.body.addStretch(1)
        self.never_mind_button = button("")
        self.never_mind_button.clicked.connect(self.never_mind)
        self.still_button = button("", "primary")
        self.still_button.clicked.connect(self.still_need_help)
        self.body.addLayout(footer(self.never_mind_button, self.still_button, 420))
        self.notice_labels: list[QLabel] = []
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("We already know about this"))
        bind(self.subtitle_label.setText, lambda: self.tr(
            "If this is your problem, there is no need to wait: we are working on it."))
        bind(self.never_mind_button.setText, lambda: self.tr("Never mind"))
        bind(self.never_mind_button.setAccessibleName,
             lambda: self.tr("Never mind: back to the start"))
        bind(self.still_button.setText, lambda: self.tr("I still need help"))
        bind(self.still_button.setAccessibleName, lambda: self.tr("I still need help"))

    def show_notices(self, notices: Sequence[Notice]) -> None:
        self.shown = list(notices[:MAX_NOTICES])
        self._show_cards()

    def clear(self) -> None:
        self.shown = []
        self._show_cards()

    def retranslate(self) -> None:
        super().retranslate()
        self._show_cards()

    def _show_cards(self) -> None:
        """One card per notice shown, in the current language."""
        self.notice_labels = []
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for notice in self.shown:
            self.cards.addWidget(self._card(notice, self.language()))

    def _card(self, notice: Notice, language: str) -> QFrame:
        frame = QFrame(self)
        set_kind(frame, "card", "alert" if notice.severity != "info" else None)
        row = QHBoxLayout(frame)
        row.setContentsMargins(22, 16, 22, 16)
        row.setSpacing(20)
        icon = "notice" if notice.severity != "info" else "generic"
        row.addWidget(IconBadge(icon, 64, frame), 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(4)
        title = plain_label(notice.title_for(language), "tile-title", wrap=True)
        text.addWidget(title)
        self.notice_labels.append(title)
        if notice.message_for(language):
            message = plain_label(notice.message_for(language), "tile-hint", wrap=True)
            text.addWidget(message)
            self.notice_labels.append(message)
        row.addLayout(text, 1)
        return frame


class KnownIncidents:
    """The notices in force, and whether the visitor has seen those for their reason.

    Args:
        page: where the notices are shown.
    """

    def __init__(self, page: NoticePage) -> None:
        self.page = page
        self.notices: list[Notice] = []
        self.seen = False

    def offer(self, category_id: str | None) -> bool:
        """Put the notices for ``category_id`` on the page, once; whether there were any."""
        if self.seen or category_id is None:
            return False
        relevant = [n for n in self.notices if n.applies_to(category_id)]
        if not relevant:
            return False
        self.seen = True
        self.page.show_notices(relevant)
        return True
