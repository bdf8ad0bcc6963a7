""""How did we do?": a full-screen page of three faces the technician turns to the visitor.

The answer goes to :meth:`kiosk.app.feedback.FeedbackService.rate`; the page thanks the
visitor and closes itself. Keys 1, 2 and 3 pick a face; Escape closes it unanswered.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.app.feedback import SCORES, FeedbackService
from ui.common.tasks import TaskRunner, describe_error
from ui.common.theme import current_colours
from ui.common.widgets import MessageArea, plain_label

THANKS_MS = 2500
_FACES = ((1, "Not good", "#dc2626"), (2, "Okay", "#d97706"), (3, "Great", "#16a34a"))


class FaceButton(QAbstractButton):
    """A big round face: frowning (1), straight (2) or smiling (3), with its word below."""

    def __init__(self, score: int, word: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = score
        self.word = word
        self.colour = colour
        self.setText(word)
        self.setAccessibleName(f"{word} ({score} of 3)")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 250)

    def sizeHint(self) -> QSize:
        return QSize(240, 290)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height() - 60) - 16
        face = QRectF((self.width() - side) / 2, 8, side, side)
        colour = QColor(self.colour)
        fill = QColor(colour)
        fill.setAlpha(60 if self.isDown() or self.hasFocus() else 28)
        painter.setBrush(fill)
        painter.setPen(QPen(colour, max(side / 22, 4)))
        painter.drawEllipse(face)
        self._features(painter, face, colour)
        painter.setPen(QColor(current_colours().ink))
        font = painter.font()
        font.setPixelSize(26)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, face.bottom() + 8, self.width(), 44),
                         Qt.AlignmentFlag.AlignCenter, self.word)
        painter.end()

    def _features(self, painter: QPainter, face: QRectF, colour: QColor) -> None:
        side = face.width()
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        eye = side * 0.08
        for x in (0.34, 0.66):
            painter.drawEllipse(QRectF(face.left() + side * x - eye / 2,
                                       face.top() + side * 0.36, eye, eye * 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, max(side / 18, 5), c=Qt.PenCapStyle.RoundCap))
        mouth = QRectF(face.left() + side * 0.28, face.top() + side * 0.52, side * 0.44,
                       side * 0.24)
        if self.score == 3:
            painter.drawArc(mouth.adjusted(0, -side * 0.1, 0, 0), 200 * 16, 140 * 16)
        elif self.score == 1:
            painter.drawArc(mouth.translated(0, side * 0.1), 20 * 16, 140 * 16)
        else:
            y = mouth.top() + side * 0.12
            painter.drawLine(int(mouth.left()), int(y), int(mouth.right()), int(y))


class FeedbackPage(QWidget):
    """The three-faces question about one ended visit, shown full screen.

    Signals:
        answered(int): the score the visitor gave, once it is stored.
    """

    answered = Signal(int)

    def __init__(self, feedback: FeedbackService, runner: TaskRunner, visit_id: str,
                 ticket_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("FeedbackPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("How did we do?")
        self.feedback = feedback
        self.runner = runner
        self.visit_id = visit_id
        self.score: int | None = None
        self._busy = False
        self.close_timer = QTimer(self)
        self.close_timer.setSingleShot(True)
        self.close_timer.setInterval(THANKS_MS)
        self.close_timer.timeout.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.setSpacing(18)
        layout.addStretch(1)
        self.title_label = plain_label("How did we do today?", "feedback-title")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title_label)
        self.hint_label = plain_label(f"Your visit {ticket_number}. Tap a face.",
                                      "feedback-hint")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.hint_label)
        layout.addSpacing(24)
        layout.addLayout(self._build_faces())
        self.message = MessageArea(self)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)

    def _build_faces(self) -> QHBoxLayout:
        faces = QHBoxLayout()
        faces.setSpacing(48)
        faces.addStretch(1)
        self.faces: dict[int, FaceButton] = {}
        for score, word, colour in _FACES:
            face = FaceButton(score, word, colour, self)
            face.clicked.connect(lambda _=False, s=score: self.choose(s))
            faces.addWidget(face)
            self.faces[score] = face
        faces.addStretch(1)
        return faces

    def choose(self, score: int) -> None:
        """Store the answer (once); then thank the visitor and close after a moment."""
        if self._busy or self.score is not None or score not in SCORES:
            return
        self._busy = True
        service, visit_id = self.feedback, self.visit_id
        self.runner.run(lambda: service.rate(visit_id, score), lambda _: self._on_rated(score),
                        self._on_failed, name="feedback.rate", context=self)

    def _on_rated(self, score: int) -> None:
        self._busy = False
        self.score = score
        for face in self.faces.values():
            face.setEnabled(False)
            face.setVisible(face.score == score)
        self.title_label.setText("Thank you!")
        self.hint_label.setText("Your answer helps us get better.")
        self.answered.emit(score)
        self.close_timer.start()

    def _on_failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.show_error(describe_error(error))
        self.close_timer.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3}
        key = Qt.Key(event.key())
        if key in keys:
            self.choose(keys[key])
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
