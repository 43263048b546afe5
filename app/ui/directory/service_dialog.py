"""Add or edit a service by hand: the fields an advisor knows about an NGO's drop-in or a corrected entry.

Editing keeps everything the form does not show (other places, other opening hours, other languages'
descriptions); the names in fi/sv/en and the rest in the interface language.
"""

from __future__ import annotations

from app.directory.records import (
    ADVICE_TEXT_FIELDS,
    AddressRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceRecord,
    pick,
)
from app.ui.context import AppContext
from app.ui.desk.style import DESK_STYLE
from app.ui.language_picker import LanguagePicker
from app.ui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSize,
    QSpinBox,
    Qt,
    QTabWidget,
    QTime,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from app.ui.window_fit import fitting_size

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UNKNOWN, _YES, _NO = 1, 2, 3  # Qt.CheckState order of a tristate box: unknown, yes, no


class ServiceDialog(QDialog):
    def __init__(self, context: AppContext, record: ServiceRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceDialog")
        self.setStyleSheet(DESK_STYLE)
        self.context = context
        self.language = context.ui_language
        self.original = record
        self.names = {code: QLineEdit() for code in ("fi", "sv", "en")}
        for code, field in self.names.items():
            field.setObjectName(f"name_{code}")
            field.textChanged.connect(self._validate)
        self.organization = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setObjectName("serviceDescription")
        self.description.setFixedHeight(80)
        self.phone = QLineEdit()
        self.phone.setObjectName("servicePhone")
        self.email = QLineEdit()
        self.web = QLineEdit()
        self.street = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaximumWidth(90)
        self.city = QLineEdit()
        self.languages = LanguagePicker(list(record.languages) if record else ["fi", "sv", "en"], self.language)
        self.topics = QListWidget()
        self.topics.setObjectName("serviceTopics")
        self.topics.setFixedHeight(120)
        for value in context.codes["topic"].values:
            item = QListWidgetItem(value.label(self.language))
            item.setData(Qt.ItemDataRole.UserRole, value.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.topics.addItem(item)
        self.days = {code: QCheckBox() for code in _DAY_CODES}
        self.opens = QTimeEdit(QTime(9, 0))
        self.closes = QTimeEdit(QTime(16, 0))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel()
        self.problem.setProperty("error", True)
        self.advice = {name: QPlainTextEdit() for name in ADVICE_TEXT_FIELDS}
        for name, editor in self.advice.items():
            editor.setObjectName(f"advice_{name}")
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(52)
        self.appointment = QCheckBox()
        self.appointment.setObjectName("appointmentNeeded")
        self.appointment.setTristate(True)
        self.appointment.setCheckState(Qt.CheckState.PartiallyChecked)
        self.free = QCheckBox()
        self.free.setObjectName("isFree")
        self.free.setTristate(True)
        self.free.setCheckState(Qt.CheckState.PartiallyChecked)
        self.ages = (QSpinBox(), QSpinBox())
        for spin, name in zip(self.ages, ("minimumAge", "maximumAge"), strict=True):
            spin.setObjectName(name)
            spin.setRange(-1, 150)
            spin.setValue(-1)
            spin.valueChanged.connect(self._validate)

        days_row = QHBoxLayout()
        for box in self.days.values():
            days_row.addWidget(box)
        days_row.addWidget(self.opens)
        days_row.addWidget(QLabel("–"))
        days_row.addWidget(self.closes)
        days_row.addStretch(1)
        address_row = QHBoxLayout()
        address_row.addWidget(self.street, 3)
        address_row.addWidget(self.postal_code)
        address_row.addWidget(self.city, 2)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("serviceTabs")
        main_page, advice_page = QWidget(), QWidget()
        self.tabs.addTab(main_page, "")
        self.tabs.addTab(advice_page, "")
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        outer.addWidget(self.problem)
        outer.addWidget(self.buttons)
        self.form = QFormLayout(main_page)
        self.advice_form = QFormLayout(advice_page)
        ages_row = QHBoxLayout()
        ages_row.addWidget(self.ages[0])
        ages_row.addWidget(QLabel("–"))
        ages_row.addWidget(self.ages[1])
        ages_row.addStretch(1)
        flags_row = QHBoxLayout()
        flags_row.addWidget(self.appointment)
        flags_row.addWidget(self.free)
        flags_row.addStretch(1)
        self.labels = {}
        advice_rows: list[tuple[str, QWidget | QHBoxLayout]] = [(name, field) for name, field in self.advice.items()]
        for key, widget in (*advice_rows, ("flags", flags_row), ("ages", ages_row)):
            label = QLabel()
            if isinstance(widget, QWidget):
                label.setBuddy(widget)
            self.labels[key] = label
            self.advice_form.addRow(label, widget)
        for key, widget in (
            ("name_fi", self.names["fi"]),
            ("name_sv", self.names["sv"]),
            ("name_en", self.names["en"]),
            ("organization", self.organization),
            ("description", self.description),
            ("phone", self.phone),
            ("email", self.email),
            ("web", self.web),
            ("address", address_row),
            ("hours", days_row),
            ("languages", self.languages),
            ("topics", self.topics),
        ):
            label = QLabel()
            if isinstance(widget, QWidget):
                label.setBuddy(widget)
            self.labels[key] = label
            self.form.addRow(label, widget)
        self.retranslate()
        if record is not None:
            self._fill(record)
        self._validate()
        self.resize(fitting_size(self, QSize(680, 640)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit service") if self.original else self.tr("Add service"))
        texts = {
            "name_fi": self.tr("Name in Finnish"),
            "name_sv": self.tr("Name in Swedish"),
            "name_en": self.tr("Name in English"),
            "organization": self.tr("Organisation"),
            "description": self.tr("Description"),
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
            "web": self.tr("Web address"),
            "address": self.tr("Street, postal code, city"),
            "hours": self.tr("Open"),
            "languages": self.tr("Given in"),
            "topics": self.tr("Topics"),
            "eligibility": self.tr("Who it is for"),
            "not_for": self.tr("Not for, does not do"),
            "application_process": self.tr("How to get it"),
            "fees": self.tr("Cost"),
            "required_documents": self.tr("Documents to bring"),
            "interpretation": self.tr("Interpreting"),
            "alert": self.tr("Notice"),
            "flags": "",
            "ages": self.tr("Ages"),
        }
        self.tabs.setTabText(0, self.tr("Service"))
        self.tabs.setTabText(1, self.tr("For the referral"))
        self.appointment.setText(self.tr("Appointment needed"))
        self.free.setText(self.tr("Free"))
        self.appointment.setToolTip(self.tr("Ticked: needed; empty: not needed; half: not known"))
        self.free.setToolTip(self.tr("Ticked: free; empty: costs something; half: not known"))
        self.advice["eligibility"].setPlaceholderText(self.tr("e.g. young people under 30, people without papers"))
        self.advice["required_documents"].setPlaceholderText(self.tr("One document a line"))
        for spin, name in zip(self.ages, (self.tr("Minimum age"), self.tr("Maximum age")), strict=True):
            spin.setAccessibleName(name)
            spin.setSpecialValueText(self.tr("not said"))
        for key, text in texts.items():
            self.labels[key].setText(text)
        day_labels = self.context.codes["weekday"].values
        for box, value in zip(self.days.values(), day_labels, strict=True):
            box.setText(value.label(self.language)[:2])
        self.description.setPlaceholderText(self.tr("What they help with, for whom, what to bring"))
        for field, name in (
            (self.street, self.tr("Street")),
            (self.postal_code, self.tr("Postal code")),
            (self.city, self.tr("City")),
            (self.opens, self.tr("Opens at")),
            (self.closes, self.tr("Closes at")),
        ):
            field.setAccessibleName(name)
        self.languages.set_title(texts["languages"])

    def _fill(self, record: ServiceRecord) -> None:
        language = self.language
        for code, field in self.names.items():
            field.setText(record.name.get(code, ""))
        if record.organization:
            self.organization.setText(pick(record.organization.name, language))
        self.description.setPlainText(pick(record.description, language))
        if record.phones:
            self.phone.setText(record.phones[0].number)
        self.email.setText(record.email or "")
        self.web.setText(pick(record.url, language))
        if record.locations and record.locations[0].address:
            address = record.locations[0].address
            self.street.setText(pick(address.street, language))
            self.postal_code.setText(address.postal_code or "")
            self.city.setText(pick(address.city, language))
        self.languages.set_selected(list(record.languages))
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in record.topics:
                item.setCheckState(Qt.CheckState.Checked)
        for name, advice_field in self.advice.items():
            advice_field.setPlainText(pick(getattr(record, name), language))
        for check, value in ((self.appointment, record.appointment_needed), (self.free, record.is_free)):
            check.setCheckState(
                Qt.CheckState.PartiallyChecked
                if value is None
                else Qt.CheckState.Checked
                if value
                else Qt.CheckState.Unchecked
            )
        for spin, age in zip(self.ages, (record.minimum_age, record.maximum_age), strict=True):
            spin.setValue(-1 if age is None else age)
        if record.schedules:
            hours = record.schedules[0]
            for code in hours.byday:
                if code in self.days:
                    self.days[code].setChecked(True)
            if hours.opens_at:
                self.opens.setTime(QTime.fromString(hours.opens_at[:5], "HH:mm"))
            if hours.closes_at:
                self.closes.setTime(QTime.fromString(hours.closes_at[:5], "HH:mm"))

    def _validate(self) -> None:
        has_name = any(field.text().strip() for field in self.names.values())
        ages_ok = self._validate_ages()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(has_name and ages_ok)
        if not has_name:
            self.problem.setText(self.tr("Give the service a name in at least one language."))
        else:
            self.problem.setText("" if ages_ok else self.tr("The minimum age is above the maximum age."))

    def record(self) -> ServiceRecord:
        """The form as a record; what the form does not show is kept from the original."""
        language = self.language
        base = self.original or ServiceRecord(source_id="new", name={})

        def with_text(old: dict[str, str], text: str) -> dict[str, str]:
            updated = {code: value for code, value in old.items() if code != language}
            if text.strip():
                updated[language] = text.strip()
            return updated

        names = {code: field.text().strip() for code, field in self.names.items() if field.text().strip()}
        names.update({code: value for code, value in base.name.items() if code not in self.names})
        organization = None
        if self.organization.text().strip():
            old = base.organization or OrganizationRecord(
                source_id=f"local-{names.get('fi') or next(iter(names.values()))}"
            )
            organization = old.model_copy(update={"name": with_text(old.name, self.organization.text())})
        phones = list(base.phones)
        if self.phone.text().strip():
            first = phones[0] if phones else PhoneRecord(number=self.phone.text().strip())
            phones[:1] = [first.model_copy(update={"number": self.phone.text().strip()})]
        else:
            phones = phones[1:]
        locations = list(base.locations)
        if any(field.text().strip() for field in (self.street, self.postal_code, self.city)):
            place = locations[0] if locations else LocationRecord(source_id=f"place-{base.source_id}")
            old_address = place.address or AddressRecord()
            address = AddressRecord(
                street=with_text(old_address.street, self.street.text()),
                postal_code=self.postal_code.text().strip() or None,
                city=with_text(old_address.city, self.city.text()),
                municipality=self.city.text().strip() or old_address.municipality,
            )
            locations[:1] = [place.model_copy(update={"address": address})]
        days = [code for code, box in self.days.items() if box.isChecked()]
        schedules = list(base.schedules)
        if days:
            first_hours = ScheduleRecord(
                byday=days,
                opens_at=self.opens.time().toString("HH:mm:ss"),
                closes_at=self.closes.time().toString("HH:mm:ss"),
            )
            schedules[:1] = [first_hours]
        else:
            schedules = schedules[1:]
        topics = [
            self.topics.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.topics.count())
            if self.topics.item(row).checkState() == Qt.CheckState.Checked
        ]
        return base.model_copy(
            update={
                "name": names,
                "organization": organization,
                "description": with_text(base.description, self.description.toPlainText()),
                "phones": phones,
                "email": self.email.text().strip() or None,
                "url": with_text(base.url, self.web.text()),
                "locations": locations,
                "schedules": schedules,
                "languages": self.languages.selected(),
                "topics": topics,
                **{name: with_text(getattr(base, name), field.toPlainText()) for name, field in self.advice.items()},
                "appointment_needed": _tristate(self.appointment),
                "is_free": _tristate(self.free),
                "minimum_age": None if self.ages[0].value() < 0 else self.ages[0].value(),
                "maximum_age": None if self.ages[1].value() < 0 else self.ages[1].value(),
            }
        )

    def _validate_ages(self) -> bool:
        low, high = self.ages[0].value(), self.ages[1].value()
        return low < 0 or high < 0 or low <= high


def _tristate(box: QCheckBox) -> bool | None:
    state = box.checkState()
    if state == Qt.CheckState.PartiallyChecked:
        return None
    return state == Qt.CheckState.Checked
