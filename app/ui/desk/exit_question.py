"""The exit question turned to the visitor after a visit is saved: "Did you get the help you needed?" in the visit's
language, three large pictogram buttons and "skip"; one tap, nothing typed; it hands the screen back by itself.

Only the answer code leaves this widget (`answered`); what the visit was about is never shown or kept here.
"""

from __future__ import annotations

from app.codes import VISITOR_SKIPPED
from app.handouts.fonts import handout_font
from app.handouts.labels import HandoutLanguage
from app.ui.qt import (
    QColor,
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QObject,
    QPainter,
    QPaintEvent,
    QPen,
    QPointF,
    QPushButton,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

# (answer code, label key, face colour): the face's mouth carries the meaning, the colour only helps.
ANSWERS = (
    ("yes", "exit_yes", "#1b6e2a"),
    ("partly", "exit_partly", "#7a5a00"),
    ("no", "exit_no", "#a4262c"),
)
THANKS_MS = 2500  # "Thank you!" stays this long, then the advisor has the screen again
UNANSWERED_MS = 30_000  # nobody tapped: the question closes by itself, counted as skipped
BUTTON_SIZE = QSize(210, 230)
FACE_DIAMETER = 120
LOCK_KEYS = QKeySequence("Ctrl+L")  # the main window's lock (an application shortcut)


def _tint(colour: QColor, strength: float) -> QColor:
    """`colour` mixed into white: 0 is white, 1 the colour itself."""
    return QColor.fromRgbF(*(1 - strength * (1 - part) for part in (colour.redF(), colour.greenF(), colour.blueF())))


def _blocks_shortcut(event: QEvent) -> bool:
    """Every shortcut of the window behind waits while the question shows, except Ctrl+L: locking always works."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    return QKeySequence(event.keyCombination()) != LOCK_KEYS


class FaceButton(QPushButton):
    """A large button with a painted face (smiling, straight or sad mouth) and its word under it."""

    def __init__(self, code: str, text: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.code = code
        self.colour = QColor(colour)
        self.setObjectName(f"exitAnswer_{code}")
        self.setAccessibleName(text)
        self.setMinimumSize(BUTTON_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFont(handout_font(22, bold=True))
        self.setAutoDefault(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return BUTTON_SIZE

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        is_focused = self.hasFocus()
        painter.setPen(QPen(QColor("#000000") if is_focused else self.colour, 5 if is_focused else 3))
        painter.setBrush(_tint(self.colour, 0.22 if self.isDown() else 0.0))
        painter.drawRoundedRect(frame, 18, 18)
        centre = QPointF(frame.center().x(), frame.top() + 20 + FACE_DIAMETER / 2)
        radius = FACE_DIAMETER / 2
        painter.setPen(QPen(self.colour, 6))
        painter.setBrush(_tint(self.colour, 0.18))
        painter.drawEllipse(centre, radius, radius)
        painter.setBrush(self.colour)
        for side in (-1, 1):
            painter.drawEllipse(QPointF(centre.x() + side * radius * 0.36, centre.y() - radius * 0.25), 6, 6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        mouth = QRectF(centre.x() - radius * 0.45, centre.y() + radius * 0.05, radius * 0.9, radius * 0.55)
        pen = QPen(self.colour, 7)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        if self.code == "yes":
            painter.drawArc(mouth, 200 * 16, 140 * 16)  # a smile: the lower part of an oval
        elif self.code == "no":
            painter.drawArc(mouth.translated(0, radius * 0.3), 20 * 16, 140 * 16)  # a frown: the upper part
        else:
            y = mouth.center().y()
            painter.drawLine(QPointF(mouth.left(), y), QPointF(mouth.right(), y))
        painter.setPen(QColor("#1a1a1a"))
        painter.setFont(self.font())
        words = QRectF(
            frame.left() + 6, centre.y() + radius + 8, frame.width() - 12, frame.bottom() - centre.y() - radius
        )
        painter.drawText(
            words, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, self.text()
        )
        painter.end()


class ExitQuestion(QWidget):
    """Covers its parent (the window) while the visitor answers; `answered` gives the code (or "skipped")."""

    answered = Signal(str)
    closed = Signal()

    def __init__(self, language: HandoutLanguage, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("exitQuestion")
        self.language = language
        self.host = parent
        self.answer: str | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the style sheet's white hides the form
        self.setStyleSheet("#exitQuestion { background: #ffffff; }")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(language.label("exit_question"))
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if language.is_rtl else Qt.LayoutDirection.LeftToRight)

        self.question = QLabel(language.label("exit_question"))
        self.question.setObjectName("exitQuestionText")
        self.question.setFont(handout_font(30, bold=True))
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        self.question.setStyleSheet("color: #1a1a1a;")
        self.buttons = [FaceButton(code, language.label(key), colour) for code, key, colour in ANSWERS]
        for button in self.buttons:
            button.clicked.connect(lambda _checked=False, code=button.code: self.choose(code))
            button.installEventFilter(self)
        self.skip_button = QPushButton(language.label("exit_skip"))
        self.skip_button.installEventFilter(self)
        self.skip_button.setObjectName("exitSkip")
        self.skip_button.setFont(handout_font(16))
        self.skip_button.setMinimumSize(QSize(180, 56))
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(lambda: self.choose(VISITOR_SKIPPED))
        self.thanks = QLabel(language.label("exit_thanks"))
        self.thanks.setObjectName("exitThanks")
        self.thanks.setFont(handout_font(40, bold=True))
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.setStyleSheet("color: #1b6e2a;")
        self.thanks.hide()

        row = QHBoxLayout()
        row.setSpacing(36)
        row.addStretch(1)
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        skip_row = QHBoxLayout()
        skip_row.addStretch(1)
        skip_row.addWidget(self.skip_button)
        skip_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(28)
        layout.addStretch(2)
        layout.addWidget(self.question)
        layout.addLayout(row)
        layout.addLayout(skip_row)
        layout.addWidget(self.thanks)
        layout.addStretch(3)

        self.unanswered_timer = QTimer(self)
        self.unanswered_timer.setSingleShot(True)
        self.unanswered_timer.timeout.connect(lambda: self.choose(VISITOR_SKIPPED))
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.timeout.connect(self.finish)
        parent.installEventFilter(self)

    def open(self) -> None:
        """Cover the window, wait for one tap (or close by itself after a while as skipped)."""
        self.setGeometry(self.host.rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # no answer looks preselected; an arrow key reaches the faces
        self.unanswered_timer.start(UNANSWERED_MS)

    def choose(self, code: str) -> None:
        """One answer only: the first tap counts, the rest is thanks and handing the screen back."""
        if self.answer is not None:
            return
        self.answer = code
        self.unanswered_timer.stop()
        self.answered.emit(code)
        for widget in (*self.buttons, self.skip_button):
            widget.hide()
        if code == VISITOR_SKIPPED:
            self.finish()
            return
        self.question.hide()
        self.thanks.show()
        self.thanks_timer.start(THANKS_MS)

    def finish(self) -> None:
        self.thanks_timer.stop()
        self.unanswered_timer.stop()
        self.hide()
        self.closed.emit()
        self.deleteLater()

    def _stops(self) -> list[QWidget]:
        """Where Tab goes while the question shows: its faces and Skip (or the overlay itself once answered)."""
        stops: list[QWidget] = [widget for widget in (*self.buttons, self.skip_button) if widget.isVisible()]
        return stops or [self]

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt API
        """Tab and Shift+Tab go round the faces and Skip, never on to the window hidden behind the question."""
        stops = self._stops()
        current = self.focusWidget()
        if current in stops:
            index = (stops.index(current) + (1 if next else -1)) % len(stops)
        else:
            index = 0 if next else len(stops) - 1
        stops[index].setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    def event(self, event: QEvent) -> bool:
        if _blocks_shortcut(event):
            event.accept()  # the window's keys (F1, Ctrl+1…3, the Desk's) do nothing while the visitor answers
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.choose(VISITOR_SKIPPED) if self.answer is None else self.finish()
            return
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.answer is None:
            self.buttons[0].setFocus(Qt.FocusReason.TabFocusReason)  # the first face in the reading direction
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
        elif watched is not self.host and _blocks_shortcut(event):
            event.accept()  # a face or Skip has the focus: no shortcut of the window behind
            return True
        elif isinstance(watched, FaceButton) and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}.get(Qt.Key(event.key()))
            if step is not None:  # arrows move between the three faces, in the reading direction
                if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
                    step = -step
                index = (self.buttons.index(watched) + step) % len(self.buttons)
                self.buttons[index].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)
