"""The three-faces survey at the kiosk: find the visit, pick a face, say thanks.

The visitor finds their visit by scanning their badge or typing the ticket number;
:class:`kiosk.app.feedback.FeedbackService` decides what may be rated (finished, not yet
rated, recent). The faces are drawn, not taken from a font, so they look the same on
every kiosk and follow the theme. :class:`FeedbackFlow` asks the core, on the task runner.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.app.checkin import CheckInService
from kiosk.app.feedback import MAX_COMMENT, FeedbackTarget
from ui.checkin.calls import VisitorCalls
from ui.checkin.choices import Choices
from ui.checkin.fields import KioskLineEdit
from ui.checkin.messages import FlowMessages
from ui.checkin.pages import CodeEntryPage, KioskPage, centered_row
from ui.common.theme import current_colours, set_kind
from ui.common.widgets import button, footer, plain_label

MAX_TICKET = 16
FACE_PX = 76


def face_pixmap(score: int, size: int, chosen: bool = False, ratio: float = 2.0) -> QPixmap:
    """A round face for ``score`` (1 unhappy, 2 neutral, 3 happy), filled when chosen."""
    colours = current_colours()
    line = QColor(colours.on_accent if chosen else colours.accent_text)
    side = round(size * ratio)
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(side / 100, side / 100)
    pen = QPen(QColor(colours.accent_text), 5.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(QColor(colours.accent) if chosen else QColor(colours.accent_soft))
    painter.drawEllipse(QRectF(5, 5, 90, 90))
    pen.setColor(line)
    painter.setPen(pen)
    painter.setBrush(line)
    for x in (36.0, 64.0):
        painter.drawEllipse(QPointF(x, 40), 4.5, 4.5)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    mouth = QPainterPath(QPointF(32, 66))
    bend = {1: -12.0, 2: 0.0, 3: 14.0}.get(score, 0.0)
    mouth.quadTo(QPointF(50, 66 + bend), QPointF(68, 66))
    painter.drawPath(mouth)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class FaceButton(QPushButton):
    """One of the three faces: a big checkable tile with the face and a word."""

    def __init__(self, score: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = score
        self.compact = False
        set_kind(self, "tile")
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.face_label = plain_label("", None, self)
        self.face_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.word_label = plain_label("", "tile-title", self)
        self.word_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        layout.addWidget(self.face_label)
        layout.addWidget(self.word_label)
        for child in (self.face_label, self.word_label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.toggled.connect(self.on_toggled)
        self.on_toggled(False)

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        self.on_toggled(self.isChecked())
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(240, 136 if self.compact else 180)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 130 if self.compact else 170)

    def set_word(self, word: str) -> None:
        self.word_label.setText(word)
        self.setAccessibleName(word)

    def on_toggled(self, checked: bool) -> None:
        size = FACE_PX * 2 // 3 if self.compact else FACE_PX
        self.face_label.setPixmap(face_pixmap(self.score, size, checked))


class FeedbackFindPage(CodeEntryPage):
    """"How did we do?": scan a badge or type the ticket number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("feedback", MAX_TICKET, parent)
        self.ticket_label, self.ticket_edit = self.entry_label, self.entry_edit
        self.next_button = self.forward_button
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("How did we do?"))
        bind(self.subtitle_label.setText, lambda: self.tr(
            "Scan your badge at the reader, or type the ticket number of your visit."))
        bind(self.ticket_label.setText, lambda: self.tr("Ticket number"))
        bind(self.ticket_edit.set_name, lambda: self.tr("Ticket number"))
        bind(self.ticket_edit.setPlaceholderText, lambda: self.tr("e.g. L-042"))
        bind(self.back_button.setText, lambda: "\u2190 " + self.tr("Back"))
        bind(self.back_button.setAccessibleName, lambda: self.tr("Back to the start"))
        bind(self.next_button.setText, lambda: self.tr("Next"))
        bind(self.next_button.setAccessibleName, lambda: self.tr("Next: rate the visit"))


class RatePage(KioskPage):
    """Three faces and an optional comment.

    Signals:
        submitted(int, str): the score (1-3) and the comment.
        cancelled(): leave without answering.
    """

    submitted = Signal(int, str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addWidget(self.title_label)
        self.body.addWidget(self.subtitle_label)
        self.body.addSpacing(8)
        self.faces = {score: FaceButton(score, self) for score in (1, 2, 3)}
        self.choices = Choices(list(self.faces.values()), self)
        for face in self.faces.values():
            face.clicked.connect(self._update_send)
        self.body.addLayout(centered_row(*self.faces.values()))
        self.body.addSpacing(8)
        self.comment_label = plain_label("", "field")
        self.comment_edit = KioskLineEdit(MAX_COMMENT)
        self.comment_label.setBuddy(self.comment_edit)
        self.comment_edit.returnPressed.connect(self.on_send)
        self.body.addWidget(self.comment_label)
        self.body.addWidget(self.comment_edit)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.cancel_button = button("", "ghost")
        self.cancel_button.clicked.connect(self.cancelled)
        self.send_button = button("", "primary")
        self.send_button.clicked.connect(self.on_send)
        self.body.addLayout(footer(self.cancel_button, self.send_button))
        self.busy = False
        self._target = ("", "")
        self._bind_texts()
        self._update_send()

    def _bind_texts(self) -> None:
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("How was your visit?"))
        bind(self.subtitle_label.setText, self._subtitle)
        words = {1: lambda: self.tr("Not good"), 2: lambda: self.tr("Okay"),
                 3: lambda: self.tr("Great")}
        for score, word in words.items():
            bind(self.faces[score].set_word, word)
        bind(self.comment_label.setText, lambda: self.tr("Anything to add? (optional)"))
        bind(self.comment_edit.set_name, lambda: self.tr("Comment (optional)"))
        bind(self.comment_edit.setPlaceholderText,
             lambda: self.tr("What went well, what could be better?"))
        bind(self.cancel_button.setText, lambda: "\u2190 " + self.tr("Not now"))
        bind(self.cancel_button.setAccessibleName, lambda: self.tr("Not now: back to the start"))
        bind(self.send_button.setText, lambda: self.tr("Send"))
        bind(self.send_button.setAccessibleName, lambda: self.tr("Send my answer"))

    @property
    def score(self) -> int:
        return next((s for s, face in self.faces.items() if face.isChecked()), 0)

    def ask(self, ticket_number: str, category: str) -> None:
        """Ask about the visit with ``ticket_number`` (``category``: its label)."""
        self.clear()
        self.set_target(ticket_number, category)

    def set_target(self, ticket_number: str, category: str) -> None:
        """Name the visit in the subtitle (again after a language switch)."""
        self._target = (ticket_number, category)
        self.subtitle_label.setText(self._subtitle())

    def on_send(self) -> None:
        if not self.busy and self.score:
            self.submitted.emit(self.score, self.comment_edit.text())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_send()

    def clear(self) -> None:
        self.choices.clear()
        self.comment_edit.clear()
        self.clear_message()
        self.busy = False
        self._target = ("", "")
        self._update_send()

    def set_compact(self, compact: bool) -> None:
        """Make room for the on-screen keyboard: smaller faces, the hint in the field."""
        super().set_compact(compact)
        self.comment_label.setVisible(not compact)
        for face in self.faces.values():
            face.set_compact(compact)

    def _subtitle(self) -> str:
        ticket, category = self._target
        if not ticket:
            return ""
        return self.tr("Ticket %1 \u00b7 %2").replace("%1", ticket).replace("%2", category)

    def _update_send(self) -> None:
        self.send_button.setEnabled(bool(self.score) and not self.busy)


class ThanksPage(KioskPage):
    """Thanks for the answer; back to the start by itself.

    Signals:
        done(): the visitor tapped "Done".
    """

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.addStretch(1)
        self.face = plain_label("", None, self)
        self.face.setPixmap(face_pixmap(3, 120, True))
        self.face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.face)
        for label in (self.title_label, self.subtitle_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.body.addWidget(label)
        self.body.addSpacing(24)
        self.done_button = button("", "primary")
        self.done_button.setMinimumWidth(260)
        self.done_button.clicked.connect(self.done)
        self.body.addLayout(centered_row(self.done_button))
        self.body.addStretch(1)
        bind = self.texts.bind
        bind(self.title_label.setText, lambda: self.tr("Thank you!"))
        bind(self.subtitle_label.setText,
             lambda: self.tr("Your answer helps us make the Tech Bar better."))
        bind(self.done_button.setText, lambda: self.tr("Done"))
        bind(self.done_button.setAccessibleName, lambda: self.tr("Done: back to the start"))

    def refresh(self) -> None:
        """Draw the face again (after a theme change)."""
        self.face.setPixmap(face_pixmap(3, 120, True))


class FeedbackFlow(QObject):
    """Finds the visit to rate (typed ticket number or a scan) and stores the answer.

    Args:
        checkin: the core's check-in use cases.
        calls: runs them for the visitor at the screen.
        pages: the page to find the visit on and the page with the faces.
        messages: the kiosk's messages.
        category_text: a category id's label in the visitor's language.

    Signals:
        found(): the visit is on the faces page, to be rated.
        rated(str): the visit with this id was rated.
    """

    found = Signal()
    rated = Signal(str)

    def __init__(self, checkin: CheckInService, calls: VisitorCalls,
                 pages: tuple[FeedbackFindPage, RatePage], messages: FlowMessages,
                 category_text: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checkin = checkin
        self.calls = calls
        self.find_page, self.rate_page = pages
        self.messages = messages
        self.category_text = category_text
        self.target: FeedbackTarget | None = None
        self.find_page.submitted.connect(self.on_find_submitted)
        self.rate_page.submitted.connect(self.rate)

    def on_find_submitted(self, text: str) -> None:
        self.find(text, scanned=False)

    def find(self, text: str, *, scanned: bool) -> None:
        """Look the visit up by what was typed or scanned (a ticket number or a badge)."""
        if self.calls.busy:
            return
        if not text.strip():
            self.find_page.show_message(self.messages.ticket_missing)
            return
        checkin = self.checkin
        self.calls.run(lambda: checkin.find_feedback(text, scanned=scanned), self.on_found,
                       self.on_not_found, "kiosk.app.feedback.find")

    def rate(self, score: int, comment: str) -> None:
        """Store the visitor's answer about the visit found."""
        target = self.target
        if self.calls.busy or target is None:
            return
        checkin = self.checkin
        self.calls.run(lambda: checkin.rate(target.visit_id, score, comment),
                       lambda _none: self.rated.emit(target.visit_id), self.on_not_rated,
                       "kiosk.app.feedback.rate")

    def forget(self) -> None:
        self.target = None

    def retranslate(self) -> None:
        """Name the visit again in the visitor's language."""
        if self.target is not None:
            self.rate_page.set_target(self.target.ticket_number,
                                      self.category_text(self.target.category))

    def on_found(self, target: FeedbackTarget) -> None:
        self.target = target
        self.rate_page.ask(target.ticket_number, self.category_text(target.category))
        self.found.emit()

    def on_not_found(self, error: BaseException) -> None:
        self.find_page.show_message(self.messages.nothing_to_rate(error))

    def on_not_rated(self, error: BaseException) -> None:
        self.rate_page.show_message(self.messages.not_rated(error))
