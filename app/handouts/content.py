"""What a handout says about one directory entry, in one language: the texts with their fallback, and the
addresses its QR codes open (web page, tel: in E.164, an OpenStreetMap link).

Texts come from the entry in the chosen language where the directory has it, else en, fi, sv (the order
printed handouts fall back in); `text_language` says which, so that the page can say so discreetly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from app.directory.records import LangText, ServiceRecord
from app.directory.store import effective_record
from app.errors import NotFound
from app.storage.database import Sessions
from app.storage.directory_models import DirService

FALLBACK = ("en", "fi", "sv")
DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DESCRIPTION_CHARS = 320  # a short description: the first sentences that fit
_SENTENCE_END = re.compile(r"(?<=[.!?。؟])\s+")


@dataclass(frozen=True)
class DayHours:
    day: str  # a DAY_KEYS key
    opens_at: str | None  # "09:00"; None: closed that day
    closes_at: str | None


@dataclass(frozen=True)
class HandoutService:
    id: int
    name: str
    description: str
    text_language: str  # the language the name and description were taken from
    address: str
    phone: str | None  # as the directory writes it
    tel: str | None  # tel:+358..., only for a number that parses
    web: str | None
    email: str | None
    map_link: str | None
    hours: list[DayHours] = field(default_factory=list)  # empty: the directory gives no hours
    languages: list[str] = field(default_factory=list)
    # What the visitor needs to know before going, (label key, text): a notice, who it is for, how to get it,
    # the cost, what to bring, interpreting. A text is the directory's (in `text_language` or its fallback);
    # a text that is only a label key ("free", "by_appointment", "no_appointment") is printed as that label.
    advice: list[tuple[str, str]] = field(default_factory=list)

    @property
    def codes(self) -> list[tuple[str, str]]:
        """The QR codes worth printing, (kind, data): only for data that exists."""
        kinds = (("web", self.web), ("tel", self.tel), ("map", self.map_link))
        return [(kind, data) for kind, data in kinds if data]


def pick_with_language(text: LangText, language: str) -> tuple[str, str]:
    """(text, its language): the chosen language, else en, fi, sv, else any."""
    for code in (language, *FALLBACK):
        if text.get(code):
            return text[code], code
    for code, value in text.items():
        if value:
            return value, code
    return "", language


def short_description(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Whole sentences up to `limit` characters (at least the first sentence, cut at a word if it is longer)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        if kept and len(kept) + 1 + len(sentence) > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if len(kept) > limit:
        kept = kept[:limit].rsplit(" ", 1)[0] + " …"
    return kept


def tel_link(number: str) -> str | None:
    """tel:+358..., in E.164, for a number that is a possible phone number (Finnish unless it says otherwise)."""
    try:
        parsed = phonenumbers.parse(number, "FI")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def map_link(latitude: float, longitude: float) -> str:
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}#map=17/{latitude:.5f}/{longitude:.5f}"
    )


def _hours(schedules: list[tuple[str, str | None, str | None]]) -> list[DayHours]:
    """One line per weekday from the entry's weekly schedules (the first schedule naming a day wins)."""
    if not schedules:
        return []
    by_day: dict[str, tuple[str | None, str | None]] = {}
    for byday, opens_at, closes_at in schedules:
        for code in filter(None, byday.split(",")):
            by_day.setdefault(code, (opens_at, closes_at))
    return [DayHours(key, *by_day.get(code, (None, None))) for key, code in zip(DAY_KEYS, DAY_CODES, strict=True)]


def _address(record: ServiceRecord, language: str) -> tuple[str, str | None]:
    """The first place's address on one line, and its map link when it has coordinates."""
    for place in record.locations:
        parts = []
        if place.address is not None:
            street = pick_with_language(place.address.street, language)[0]
            city = pick_with_language(place.address.city, language)[0] or (place.address.municipality or "")
            town = " ".join(part for part in (place.address.postal_code or "", city) if part)
            parts = [part for part in (street, town) if part]
        if not parts:
            name = pick_with_language(place.name, language)[0]
            parts = [name] if name else []
        has_place = place.latitude is not None and place.longitude is not None
        link = map_link(place.latitude, place.longitude) if has_place else None  # type: ignore[arg-type]
        if parts or link:
            return ", ".join(parts), link
    return "", None


def handout_service(row: DirService, language: str) -> HandoutService:
    record = effective_record(row)
    name, name_language = pick_with_language(record.name, language)
    description, description_language = pick_with_language(record.description, language)
    address, link = _address(record, language)
    voice = [phone for phone in record.phones if phone.type in (None, "cell", "text")]  # never a fax to call
    phone = voice[0].number if voice else None
    web = pick_with_language(record.url, language)[0] or None
    schedules = [(schedule.byday, schedule.opens_at, schedule.closes_at) for schedule in row.schedules]
    return HandoutService(
        id=row.id,
        name=name,
        description=short_description(description),
        text_language=description_language if description else name_language,
        address=address,
        phone=phone,
        tel=tel_link(phone) if phone else None,
        web=web,
        email=record.email,
        map_link=link,
        hours=_hours(schedules),
        languages=list(record.languages),
        advice=handout_advice(record, language),
    )


ADVICE_CHARS = 200
LABEL_ONLY = ("free", "by_appointment", "no_appointment")


def handout_advice(record: ServiceRecord, language: str) -> list[tuple[str, str]]:
    """The advisor's fields a visitor needs on paper, shortened to whole sentences; labels where only yes/no."""

    def said(text: LangText) -> str:
        return short_description(pick_with_language(text, language)[0], ADVICE_CHARS)

    found = [("notice", said(record.alert)), ("who_for", said(record.eligibility))]
    how = said(record.application_process)
    if not how and record.appointment_needed is not None:
        how = "by_appointment" if record.appointment_needed else "no_appointment"
    cost = said(record.fees) or ("free" if record.is_free else "")
    found += [("how_to_get", how), ("cost", cost)]
    documents = pick_with_language(record.required_documents, language)[0]
    found += [("bring", ", ".join(line.strip() for line in documents.splitlines() if line.strip()))]
    found += [("interpreting", said(record.interpretation))]
    return [(key, text) for key, text in found if text]


def load_services(sessions: Sessions, service_ids: list[int], language: str) -> list[HandoutService]:
    """The entries to print, in the order given; an id that is not in the directory is refused by name."""
    with sessions() as session:
        services = []
        for service_id in service_ids:
            row = session.get(DirService, service_id)
            if row is None:
                raise NotFound(f"No directory entry with id {service_id}.", "id")
            services.append(handout_service(row, language))
        return services
