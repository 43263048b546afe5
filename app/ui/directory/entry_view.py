"""The detail pane: everything about one service, in the interface language where the data has it."""

from __future__ import annotations

from html import escape

from app.codes import WEEKDAY_CODES, bundled_codebook
from app.directory.service import DirectoryEntry
from app.languages import language_index
from app.ui.palette import COLOURS
from app.ui.qt import QTextBrowser, QWidget

_MUTED = COLOURS["placeholder-text"]  # the app's muted text, AA on white (HTML's "gray" was 3.9:1)
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_LABEL_STYLE = f"color: {_MUTED}; padding-right: 12px; vertical-align: top"
_ALERT = "#b3261e"


def paragraphs(text: str) -> str:
    """Plain text with its paragraphs and lines kept, as HTML."""
    blocks = [block for block in text.split("\n\n") if block.strip()]
    return "".join(f"<p>{'<br>'.join(escape(line) for line in block.splitlines())}</p>" for block in blocks)


class EntryView(QTextBrowser):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryView")
        self.language = language
        self.setOpenExternalLinks(True)
        self.entry: DirectoryEntry | None = None
        self.show_nothing()

    def show_nothing(self) -> None:
        self.entry = None
        hint = self.tr("Choose a service on the left to see its details.")
        self.setHtml(f"<p style='color: {_MUTED}'>{escape(hint)}</p>")

    def _day(self, code: str) -> str:
        if code not in _DAY_CODES:
            return code
        day = bundled_codebook()["weekday"].value(WEEKDAY_CODES[_DAY_CODES.index(code)])
        return day.label(self.language) if day is not None else code

    def show_entry(self, entry: DirectoryEntry) -> None:
        self.entry = entry
        parts = [f"<h2 style='margin-bottom:2px'>{escape(entry.name)}</h2>"]
        if entry.organization:
            parts.append(f"<div style='color: {_MUTED}'>{escape(entry.organization)}</div>")
        alert = entry.advice.get("alert")
        if alert:
            notice = self.tr("Notice: %1").replace("%1", alert)
            parts.append(f"<p style='color:{_ALERT}'><b>{escape(notice)}</b></p>")
        if entry.is_withdrawn:
            withdrawn = self.tr("The source no longer lists this service.")
            parts.append(f"<p style='color:#b3261e'><b>{escape(withdrawn)}</b></p>")
        if entry.is_out_of_date:
            checked = entry.last_checked.isoformat() if entry.last_checked else self.tr("never")
            warning = self.tr("Possibly out of date: last checked %1.").replace("%1", checked)
            parts.append(f"<p style='color:#8a5a00'>{escape(warning)}</p>")
        if entry.is_open_now is not None:
            state = self.tr("Open now") if entry.is_open_now else self.tr("Closed now")
            colour = "#2e7d32" if entry.is_open_now else "#b3261e"
            parts.append(f"<p style='color:{colour}'><b>{escape(state)}</b></p>")
        if entry.description:
            parts.append(paragraphs(entry.description))
        rows: list[tuple[str, str]] = []
        if entry.channel:
            kind = self.tr("A phone service line") if entry.channel == "phone" else self.tr("An e-service (on the web)")
            rows.append((self.tr("Channel"), escape(kind)))
        for phone in entry.phones:
            number = escape(phone["number"] or "")
            is_fax = phone.get("type") == "fax"
            link = number if is_fax else f"<a href='tel:{number.replace(' ', '')}'>{number}</a>"
            label = (
                self.tr("Fax")
                if is_fax
                else self.tr("Text message")
                if phone.get("type") == "text"
                else self.tr("Phone")
            )
            rows.append((label, link + (f" – {escape(phone['description'])}" if phone["description"] else "")))
        if entry.email:
            rows.append((self.tr("E-mail"), f"<a href='mailto:{escape(entry.email)}'>{escape(entry.email)}</a>"))
        if entry.url:
            rows.append((self.tr("Web"), f"<a href='{escape(entry.url)}'>{escape(entry.url)}</a>"))
        for place in entry.addresses:
            line = ", ".join(
                part for part in (place["name"], place["street"], place["postal_code"], place["city"]) if part
            )
            if line:
                rows.append((self.tr("Address"), escape(line)))
        for hours in entry.opening_hours:
            days = ", ".join(self._day(day) for day in hours["days"]) or self.tr("Every day")
            times = "–".join(value[:5] for value in (hours["opens_at"], hours["closes_at"]) if value)
            text = " ".join(part for part in (days, times, hours["description"]) if part)
            rows.append((self.tr("Open"), escape(text)))
        if entry.languages:
            names = ", ".join(language_index().name(code, self.language) for code in entry.languages)
            rows.append((self.tr("Languages"), escape(names)))
        if entry.topics:
            topics = bundled_codebook()["topic"]
            labels = [value.label(self.language) for code in entry.topics if (value := topics.value(code)) is not None]
            rows.append((self.tr("Topics"), escape(", ".join(labels))))
        rows += self._advice_rows(entry)
        if entry.related:
            rows.append((self.tr("Belongs with"), escape(", ".join(item["name"] for item in entry.related))))
        checked = entry.last_checked.isoformat() if entry.last_checked else self.tr("never")
        rows.append((self.tr("Last checked"), escape(checked)))
        if entry.note:
            rows.append((self.tr("Our note"), f"<i>{escape(entry.note)}</i>"))
        table = "".join(
            f"<tr><td style='{_LABEL_STYLE}'>{escape(label)}</td><td>{value}</td></tr>" for label, value in rows
        )
        parts.append(f"<table cellspacing='4'>{table}</table>")
        self.setHtml("".join(parts))

    def _advice_rows(self, entry: DirectoryEntry) -> list[tuple[str, str]]:
        """Who it is for and not for, how to get it, cost, documents, interpreting, ages: what a referral needs."""
        advice = entry.advice
        rows: list[tuple[str, str]] = []
        texts = (
            ("eligibility", self.tr("For")),
            ("not_for", self.tr("Not for")),
            ("application_process", self.tr("How to get it")),
        )
        rows += [(label, paragraphs(advice[key])) for key, label in texts if advice.get(key)]
        appointment = advice.get("appointment_needed")
        if appointment is not None:
            said = self.tr("Appointment needed") if appointment else self.tr("No appointment needed")
            rows.append((self.tr("Appointment"), escape(said)))
        cost = advice.get("fees") or ""
        if advice.get("is_free") is not None:
            free = self.tr("Free") if advice["is_free"] else self.tr("Costs something")
            cost = f"{free} – {cost}" if cost and cost != free else free
        if cost:
            rows.append((self.tr("Cost"), escape(cost)))
        if advice.get("required_documents"):
            rows.append((self.tr("Documents to bring"), paragraphs(advice["required_documents"])))
        if advice.get("interpretation"):
            rows.append((self.tr("Interpreting"), escape(advice["interpretation"])))
        minimum, maximum = advice.get("minimum_age"), advice.get("maximum_age")
        if minimum is not None or maximum is not None:
            if minimum is not None and maximum is not None:
                ages = self.tr("%1–%2 years").replace("%1", str(minimum)).replace("%2", str(maximum))
            elif maximum is not None:
                ages = self.tr("up to %1 years").replace("%1", str(maximum))
            else:
                ages = self.tr("from %1 years").replace("%1", str(minimum))
            rows.append((self.tr("Ages"), escape(ages)))
        return rows
