"""The visit form: what one visit was about, in a few clicks or key presses (the desk and paper entry share it)."""

from __future__ import annotations

from app.ui.context import AppContext
from app.ui.desk.choices import ChoiceGroup
from app.ui.language_picker import LanguagePicker
from app.ui.qt import (
    QComboBox,
    QEvent,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.visits import VisitInput

NOT_RECORDED = "—"  # the empty choice of an optional list; a sign, not a word to translate
TOPIC_COLUMNS = 3
OUTCOME_COLUMNS = 5
MAX_PARTICIPANTS = 10_000
NOTE_MAX_LENGTH = 500
REFERRED_NAME_WIDTH = 320  # pixels of a referred service's name before it is elided


class CodeCombo(QComboBox):
    """One code of a single-choice dimension, or none (an em dash) when the list is optional."""

    def __init__(
        self, name: str, choices: list[tuple[str, str]], allows_none: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.allows_none = allows_none
        if allows_none:
            self.addItem(NOT_RECORDED, None)
        for code, label in choices:
            self.addItem(label, code)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def value(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def set_value(self, code: str | None) -> None:
        index = self.findData(code) if code else -1
        self.setCurrentIndex(index if index >= 0 else 0)


class VisitForm(QWidget):
    """Every dimension of a visit; `value()` gives a VisitInput without time or place (the caller adds them)."""

    changed = Signal()

    def __init__(self, context: AppContext, usual_languages: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitForm")
        self.context = context
        language = context.ui_language
        codes = context.codes

        def choices(dimension: str) -> list[tuple[str, str]]:
            return [(value.code, value.label(language)) for value in codes[dimension].values]

        def heading(dimension: str) -> QLabel:
            label = QLabel(codes[dimension].label(language))
            label.setProperty("heading", True)
            label.setWordWrap(True)
            return label

        self.topics = ChoiceGroup("topic", choices("topic"), TOPIC_COLUMNS, is_multi=True)
        self._usual_languages = list(usual_languages)
        self.languages = self._new_language_picker(self._usual_languages)
        self.interpreter = CodeCombo("interpreter", choices("interpreter"))
        self.outcomes = ChoiceGroup("outcome", choices("outcome"), OUTCOME_COLUMNS, is_multi=True)
        self.referral_category = CodeCombo("referral_category", choices("referral_category"))
        self.referral_reason = CodeCombo("referral_reason", choices("referral_reason"))
        self.referral_service: tuple[int, str] | None = None  # (directory entry id, its name)
        self.referral_service_button = QPushButton()
        self.referral_service_button.setObjectName("referralServiceButton")
        self.referral_service_button.setFlat(True)
        self.referral_service_button.clicked.connect(lambda: self.set_referral_service(None))
        self.referral_service_button.hide()
        # A handout of the referred service in the visitor's language, one click from the referral.
        self.referral_handout_button = QPushButton()
        self.referral_handout_button.setObjectName("referralHandoutButton")
        self.referral_handout_button.clicked.connect(self.open_referral_handout)
        self.referral_handout_button.hide()
        self.handout_dialog: QWidget | None = None
        self.duration = ChoiceGroup("duration", choices("duration"), 4, is_multi=False)
        self.asked_by = ChoiceGroup("asked_by", choices("asked_by"), len(codes["asked_by"].values), is_multi=False)
        self.contact = CodeCombo("contact", choices("contact"), allows_none=False)
        self.participants = QSpinBox()
        self.participants.setObjectName("participants")
        self.participants.setRange(1, MAX_PARTICIPANTS)
        self.participants.setValue(2)
        self.participants.setAccelerated(True)
        self.participants_label = QLabel()
        self.found_via = CodeCombo("found_via", choices("found_via"))
        self.more_toggle = QToolButton()
        self.more_toggle.setObjectName("moreToggle")
        self.more_toggle.setCheckable(True)
        self.more_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.more_toggle.setAutoRaise(True)
        self.about_label = QLabel()
        self.about_label.setProperty("muted", True)
        self.about_label.setWordWrap(True)
        self.age_band = CodeCombo("age_band", choices("age_band"))
        self.gender = CodeCombo("gender", choices("gender"))
        self.years_in_finland = CodeCombo("years_in_finland", choices("years_in_finland"))
        for short_list in (self.age_band, self.gender, self.years_in_finland):
            short_list.setMinimumContentsLength(6)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(NOTE_MAX_LENGTH)
        self.note.setClearButtonEnabled(True)
        self.note_error = QLabel()
        self.note_error.setObjectName("noteError")
        self.note_error.setProperty("error", True)
        self.note_error.setWordWrap(True)
        self.note_error.hide()

        self.headings = {
            name: heading(name)
            for name in (
                "topic",
                "outcome",
                "referral_category",
                "referral_reason",
                "duration",
                "asked_by",
                "contact",
                "interpreter",
                "found_via",
                "age_band",
                "gender",
                "years_in_finland",
            )
        }
        self.language_heading = QLabel()
        self.language_heading.setProperty("heading", True)
        self.note_heading = QLabel()
        self.note_heading.setProperty("heading", True)
        for inline in ("referral_reason", "contact", "found_via", "age_band", "gender", "years_in_finland"):
            self.headings[inline].setProperty("heading", False)
            self.headings[inline].setWordWrap(False)

        for name, label in self.headings.items():
            label.setBuddy(getattr(self, name if name != "topic" and name != "outcome" else name + "s"))
        self.note_heading.setBuddy(self.note)
        self._build_layout()
        self._language_button_count = len(self.languages.findChildren(QPushButton))
        self._fix_tab_order()
        self.retranslate()
        self.outcomes.changed.connect(self._outcomes_changed)
        self.contact.currentIndexChanged.connect(self._contact_changed)
        self.more_toggle.toggled.connect(self._more_toggled)
        self.note.textEdited.connect(lambda _text: self.clear_note_error())
        for group in (self.topics, self.outcomes, self.duration, self.asked_by):
            group.changed.connect(self.changed)
        self._outcomes_changed()
        self._contact_changed()
        self._more_toggled(False)

    # -- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        def row_of(*items: QWidget | int, stretch_last: bool = True) -> QHBoxLayout:
            """Widgets side by side; an int is a gap."""
            row = QHBoxLayout()
            row.setSpacing(8)
            for item in items:
                if isinstance(item, int):
                    row.addSpacing(item)
                else:
                    row.addWidget(item)
            if stretch_last:
                row.addStretch(1)
            return row

        # The referred service goes on a line of its own under the two lists: a long service name then
        # never makes the form wider than its panel (it is elided, whole in the tooltip).
        referral_lists = row_of(
            self.referral_category, 10, self.headings["referral_reason"], self.referral_reason, stretch_last=False
        )
        referral_lists.setStretchFactor(self.referral_category, 1)
        referral_lists.setStretchFactor(self.referral_reason, 1)
        referral_row = QVBoxLayout()
        referral_row.setSpacing(4)
        referral_row.addLayout(referral_lists)
        referral_row.addLayout(row_of(self.referral_service_button, self.referral_handout_button))
        duration_row = row_of(self.duration)
        asked_by_row = row_of(self.asked_by)
        contact_row = row_of(
            self.interpreter, 18, self.headings["contact"], self.contact, self.participants, self.participants_label
        )
        self.more_area = QWidget()
        self.more_area.setObjectName("moreArea")
        more_layout = QVBoxLayout(self.more_area)
        more_layout.setContentsMargins(0, 0, 0, 0)
        more_layout.setSpacing(8)
        more_layout.addLayout(row_of(self.headings["found_via"], self.found_via))
        more_layout.addWidget(self.about_label)
        more_layout.addLayout(
            row_of(
                self.headings["age_band"],
                self.age_band,
                14,
                self.headings["gender"],
                self.gender,
                14,
                self.headings["years_in_finland"],
                self.years_in_finland,
            )
        )
        note_column = QVBoxLayout()
        note_column.setSpacing(3)
        note_line = QHBoxLayout()
        note_line.setSpacing(12)
        note_line.addWidget(self.note, 1)
        note_line.addWidget(self.more_toggle)  # beside the note: the form fits 1366x768 without scrolling
        note_column.addLayout(note_line)
        note_column.addWidget(self.note_error)

        top = Qt.AlignmentFlag.AlignTop
        centre = Qt.AlignmentFlag.AlignVCenter
        rows: list[tuple[QLabel | None, QWidget | QHBoxLayout | QVBoxLayout, Qt.AlignmentFlag]] = [
            (self.headings["topic"], self.topics, top),
            (self.language_heading, self.languages, top),
            (self.headings["outcome"], self.outcomes, top),
            (self.headings["referral_category"], referral_row, centre),
            (self.headings["duration"], duration_row, centre),
            (self.headings["asked_by"], asked_by_row, centre),
            (self.headings["interpreter"], contact_row, centre),
            (self.note_heading, note_column, top),
            (None, self.more_area, top),
        ]
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(5)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(0, 100)
        for row, (label, content, alignment) in enumerate(rows):
            if label is not None:
                # No cell alignment: a wrapped heading then gets the height it needs (grid height-for-width).
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | alignment)
                label.setWordWrap(True)
                label.setMaximumWidth(140)
                if alignment == top:
                    label.setContentsMargins(0, 5, 0, 0)
                self.grid.addWidget(label, row, 0)
            if isinstance(content, QWidget):
                self.grid.addWidget(
                    content, row, 1, Qt.AlignmentFlag.AlignLeft if content is self.more_toggle else Qt.AlignmentFlag(0)
                )
            else:
                self.grid.addLayout(content, row, 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.grid)
        outer.addStretch(1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.language_heading.setText(self.tr("Language"))
        self.note_heading.setText(self.tr("Note"))
        # What a screen reader says for each group and for the fields without a visible label of their own.
        for name, group in (
            ("topic", self.topics),
            ("outcome", self.outcomes),
            ("duration", self.duration),
            ("asked_by", self.asked_by),
        ):
            group.set_title(self.headings[name].text())
        self.languages.set_title(self.tr("Language"))
        self.participants.setAccessibleName(self.tr("Number of people in the group"))
        self.referral_service_button.setAccessibleName(self.tr("Referred service (click to remove)"))
        self.referral_handout_button.setAccessibleName(self.tr("Handout of the referred service"))
        self.note.setPlaceholderText(
            self.tr("Stays on this laptop. No names, identity codes, phone numbers or e-mail addresses.")
        )
        self.participants_label.setText(self.tr("people"))
        self.participants.setToolTip(self.tr("How many took part in the group info session"))
        self.more_toggle.setText(self.tr("More…"))
        self.more_toggle.setToolTip(
            self.tr("More: how they found the desk, about the visitor")
            + "\n"
            + self.tr("Optional details; the part about the visitor only if they tell")
        )
        self.more_toggle.setAccessibleName(self.tr("More: how they found the desk, about the visitor"))
        self.about_label.setText(self.tr("About the visitor below: only what they tell, unasked"))
        self.referral_category.setToolTip(
            self.tr("Tick “%1” to choose where to").replace(
                "%1", self.context.codes.label("outcome", "referred", self.context.ui_language)
            )
        )

    # -- public ---------------------------------------------------------------------------
    def value(self) -> VisitInput:
        is_referred = "referred" in self.outcomes.selected()
        contact = self.contact.value() or "walk-in"
        note = self.note.text().strip()
        return VisitInput(
            topics=tuple(self.topics.selected()),
            languages=tuple(self.languages.selected()),
            outcomes=tuple(self.outcomes.selected()),
            contact=contact,
            participants=self.participants.value() if contact == "group" else 1,
            interpreter=self.interpreter.value(),
            found_via=self.found_via.value(),
            duration=self.duration.value(),
            referral_category=self.referral_category.value() if is_referred else None,
            referral_reason=self.referral_reason.value() if is_referred else None,
            referral_service_id=self.referral_service[0] if is_referred and self.referral_service else None,
            age_band=self.age_band.value(),
            gender=self.gender.value(),
            years_in_finland=self.years_in_finland.value(),
            asked_by=self.asked_by.value(),
            note=note or None,
        )

    def set_value(self, visit: VisitInput) -> None:
        self.topics.set_selected(visit.topics)
        self.languages.set_selected(list(visit.languages))
        self.outcomes.set_selected(visit.outcomes)
        self.referral_category.set_value(visit.referral_category)
        self.referral_reason.set_value(visit.referral_reason)
        service_id = visit.referral_service_id
        known = self.referral_service[1] if self.referral_service and self.referral_service[0] == service_id else None
        name = known or self.tr("a service in the directory")
        self._show_referral_service((service_id, name) if service_id else None)
        self.duration.set_value(visit.duration)
        self.asked_by.set_value(visit.asked_by)
        self.contact.set_value(visit.contact or "walk-in")
        if visit.contact == "group":
            self.participants.setValue(visit.participants)
        self.interpreter.set_value(visit.interpreter)
        self.found_via.set_value(visit.found_via)
        self.age_band.set_value(visit.age_band)
        self.gender.set_value(visit.gender)
        self.years_in_finland.set_value(visit.years_in_finland)
        if visit.found_via or visit.age_band or visit.gender or visit.years_in_finland:
            self.more_toggle.setChecked(True)
        self.note.setText(visit.note or "")
        self.clear_note_error()
        self._outcomes_changed()

    def reset(self) -> None:
        """Empty for the next visitor (the optional 'about the visitor' part folds away again)."""
        self.set_value(VisitInput())
        self.languages.clear()
        self.participants.setValue(2)
        self.more_toggle.setChecked(False)
        for group in (self.topics, self.outcomes, self.duration, self.asked_by):
            group.reset_focus()

    def set_usual_languages(self, codes: list[str]) -> None:
        """Offer another site's usual languages (keeping what is picked now)."""
        if list(codes) == self._usual_languages:
            return
        picked = self.languages.selected()
        old = self.languages
        self._usual_languages = list(codes)
        self.languages = self._new_language_picker(self._usual_languages)
        self.grid.replaceWidget(old, self.languages)
        old.hide()
        old.deleteLater()
        self.languages.set_selected(picked)
        self._language_button_count = len(self.languages.findChildren(QPushButton))
        self._fix_tab_order()

    def show_note_error(self, text: str) -> None:
        self.note_error.setText(text)
        self.note_error.show()
        self.note.setProperty("error", True)
        self._restyle(self.note)
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_note_error(self) -> None:
        if self.note_error.isHidden():
            return
        self.note_error.hide()
        self.note_error.clear()
        self.note.setProperty("error", False)
        self._restyle(self.note)

    def focus_first_topic(self) -> None:
        self.topics.focus_first()

    def focus_referral(self) -> None:
        self.referral_category.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_focus_widget(self) -> QWidget:
        return self.topics.first_button()

    def last_focus_widget(self) -> QWidget:
        return self.years_in_finland if self.more_toggle.isChecked() else self.more_toggle

    # -- internals ------------------------------------------------------------------------
    def _new_language_picker(self, codes: list[str]) -> LanguagePicker:
        picker = LanguagePicker(codes, self.context.ui_language)
        picker.set_title(self.tr("Language"))
        picker.changed.connect(self.changed)
        picker.changed.connect(self._language_buttons_changed)
        return picker

    def _language_buttons_changed(self) -> None:
        # A language picked by typing becomes a new button: it joins the Tab chain in its place.
        count = len(self.languages.findChildren(QPushButton))
        if count != self._language_button_count:
            self._language_button_count = count
            self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        """Tab goes through the form in reading order (each choice group is one stop, see ChoiceGroup)."""
        chain: list[QWidget] = [
            *self.topics.buttons.values(),
            *self.languages.findChildren(QPushButton),
            self.languages.search,
            *self.outcomes.buttons.values(),
            self.referral_category,
            self.referral_reason,
            *self.duration.buttons.values(),
            *self.asked_by.buttons.values(),
            self.interpreter,
            self.contact,
            self.participants,
            self.note,
            self.more_toggle,
            self.found_via,
            self.age_band,
            self.gender,
            self.years_in_finland,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            self.setTabOrder(before, after)

    def set_referral_service(self, service_id: int | None, name: str = "") -> None:
        """Refer from the directory: the visit is marked referred onward, to this service (None: to none)."""
        if service_id is not None and "referred" not in self.outcomes.selected():
            self.outcomes.set_selected([*self.outcomes.selected(), "referred"])
        self._show_referral_service((service_id, name) if service_id is not None else None)
        self._outcomes_changed()
        self.changed.emit()

    def _show_referral_service(self, service: tuple[int, str] | None) -> None:
        self.referral_service = service
        if service is None:
            self.referral_service_button.hide()
            self.referral_handout_button.hide()
            return
        name = self.fontMetrics().elidedText(service[1], Qt.TextElideMode.ElideRight, REFERRED_NAME_WIDTH)
        self.referral_service_button.setText(self.tr("→ %1 ✕").replace("%1", name))
        self.referral_service_button.setToolTip(self.tr("Referred to %1; click to remove it").replace("%1", service[1]))
        self.referral_service_button.show()
        self.referral_handout_button.setText(self.tr("Handout…"))
        self.referral_handout_button.setToolTip(self.tr("Print, save or show this service in the visitor's language"))
        self.referral_handout_button.show()

    def open_referral_handout(self) -> None:
        """The handout dialog for the referred service, in the visit's first language when it has labels."""
        if self.referral_service is None:
            return
        from app.handouts.labels import handout_languages
        from app.ui.handouts.dialog import HandoutDialog

        language = next((code for code in self.languages.selected() if code in handout_languages()), None)
        self.handout_dialog = HandoutDialog(self.context, [self.referral_service[0]], language, self)
        self.handout_dialog.open()

    def _outcomes_changed(self) -> None:
        is_referred = "referred" in self.outcomes.selected()
        self.referral_service_button.setEnabled(is_referred)
        for widget in (
            self.referral_category,
            self.referral_reason,
            self.headings["referral_category"],
            self.headings["referral_reason"],
        ):
            widget.setEnabled(is_referred)

    def _contact_changed(self) -> None:
        is_group = self.contact.value() == "group"
        self.participants.setVisible(is_group)
        self.participants_label.setVisible(is_group)
        if is_group and self.contact.hasFocus():
            self.participants.selectAll()
        self.changed.emit()

    def _more_toggled(self, is_open: bool) -> None:
        self.more_area.setVisible(is_open)
        self.more_toggle.setArrowType(Qt.ArrowType.DownArrow if is_open else Qt.ArrowType.RightArrow)

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
