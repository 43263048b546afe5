"""One directory entry as importers produce it: a service with its organization, places, phones and hours.

Text is multilingual: `{"fi": "...", "sv": "...", "en": "..."}` (any other language the data has is kept).
A record is the unit of import, of change detection (its content hash) and of the local-edit conflict:
the store keeps the source's record and, for an edited entry, the advisor's record beside it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.errors import ImportProblem

LangText = dict[str, str]
Code = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class OrganizationRecord(_Record):
    source_id: str = Field(min_length=1, max_length=200)
    name: LangText = Field(default_factory=dict)
    description: LangText = Field(default_factory=dict)
    website: LangText = Field(default_factory=dict)
    email: str | None = None


class AddressRecord(_Record):
    street: LangText = Field(default_factory=dict)
    postal_code: str | None = None
    city: LangText = Field(default_factory=dict)
    municipality: str | None = None


class LocationRecord(_Record):
    source_id: str = Field(min_length=1, max_length=200)
    name: LangText = Field(default_factory=dict)
    address: AddressRecord | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class PhoneRecord(_Record):
    number: str = Field(min_length=1, max_length=80)
    description: LangText = Field(default_factory=dict)
    # HSDS 3.0 phone types: voice (the default, None), fax, text, cell, video, pager, textphone.
    type: str | None = Field(default=None, max_length=20)


class ScheduleRecord(_Record):
    """Weekly opening hours: the days (RFC 5545 BYDAY codes MO..SU) open from `opens_at` to `closes_at`."""

    byday: list[str] = Field(default_factory=list)
    opens_at: str | None = None
    closes_at: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    description: LangText = Field(default_factory=dict)


class ServiceRecord(_Record):
    source_id: str = Field(min_length=1, max_length=200)
    name: LangText
    alternate_name: LangText = Field(default_factory=dict)
    description: LangText = Field(default_factory=dict)
    url: LangText = Field(default_factory=dict)
    email: str | None = None
    status: str = "active"
    keywords: dict[str, list[str]] = Field(default_factory=dict)
    topics: list[Code] = Field(default_factory=list)
    languages: list[Code] = Field(default_factory=list)
    organization: OrganizationRecord | None = None
    locations: list[LocationRecord] = Field(default_factory=list)
    phones: list[PhoneRecord] = Field(default_factory=list)
    schedules: list[ScheduleRecord] = Field(default_factory=list)
    assured_date: date | None = None
    modified_at: datetime | None = None
    # What an advisor needs to refer someone (HSDS 3.0 names in brackets): who it is for (eligibility_description),
    # who it is not for or what it does not do, how to get it (application_process), its cost (fees_description),
    # the documents to bring (required_documents), interpreting (interpretation_services), the ages it serves
    # (minimum_age, maximum_age) and a notice such as a temporary closure (alert).
    eligibility: LangText = Field(default_factory=dict)
    not_for: LangText = Field(default_factory=dict)
    application_process: LangText = Field(default_factory=dict)
    appointment_needed: bool | None = None
    fees: LangText = Field(default_factory=dict)
    is_free: bool | None = None
    required_documents: LangText = Field(default_factory=dict)
    interpretation: LangText = Field(default_factory=dict)
    minimum_age: int | None = Field(default=None, ge=0, le=150)
    maximum_age: int | None = Field(default=None, ge=0, le=150)
    alert: LangText = Field(default_factory=dict)
    # A PTV channel that is not a place: "phone" (a service line) or "web" (an e-service); None for the others.
    channel: str | None = Field(default=None, max_length=20)
    # The source ids of entries of the same registry this one belongs with (a PTV channel and its services).
    related: list[str] = Field(default_factory=list)

    def content_hash(self) -> str:
        """Changes exactly when something an advisor could see changes (fields left empty do not count)."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def text_languages(self) -> set[str]:
        """Every language any of the record's texts is in: the languages a multilingual source carries."""
        found: set[str] = set()
        for name in TEXT_FIELDS:
            found |= set(getattr(self, name))
        for phone in self.phones:
            found |= set(phone.description)
        for place in self.locations:
            found |= set(place.name)
            if place.address is not None:
                found |= set(place.address.street) | set(place.address.city)
        for hours in self.schedules:
            found |= set(hours.description)
        if self.organization is not None:
            found |= set(self.organization.name) | set(self.organization.description)
        return found


# The advisor's texts (ServiceRecord's names), in the order the detail pane and the edit form show them.
ADVICE_TEXT_FIELDS = (
    "eligibility",
    "not_for",
    "application_process",
    "fees",
    "required_documents",
    "interpretation",
    "alert",
)
TEXT_FIELDS = ("name", "alternate_name", "description", "url", *ADVICE_TEXT_FIELDS)


def _merge_text(old: LangText, new: LangText, languages: set[str]) -> LangText:
    """The old texts with `languages` taken from the new record (also when the new one drops them)."""
    merged = {code: text for code, text in old.items() if code not in languages}
    merged.update({code: text for code, text in new.items() if code in languages})
    return merged


def merge_language(old: ServiceRecord, new: ServiceRecord, language: str) -> ServiceRecord:
    """A file in one language describing an entry already known in others: one multilingual entry."""
    return merge_languages(old, new, {language})


def merge_languages(old: ServiceRecord, new: ServiceRecord, languages: set[str]) -> ServiceRecord:
    """A file carrying `languages` describing an entry already known in others: one multilingual entry.

    Texts in those languages come from the new record (a source that carries Swedish is the Swedish half, also
    when it renames or drops a Swedish text), texts in other languages stay; everything that is not text
    (phones, hours, coordinates, topics, dates) comes from the newer file.
    """
    merged = new.model_copy(deep=True)
    for name in TEXT_FIELDS:
        setattr(merged, name, _merge_text(getattr(old, name), getattr(new, name), languages))
    merged.keywords = {code: words for code, words in old.keywords.items() if code not in languages}
    merged.keywords.update({code: words for code, words in new.keywords.items() if code in languages})

    before_organization, organization = old.organization, merged.organization
    if (
        before_organization is not None
        and organization is not None
        and before_organization.source_id == organization.source_id
    ):
        for name in ("name", "description", "website"):
            merged_text = _merge_text(getattr(before_organization, name), getattr(organization, name), languages)
            setattr(organization, name, merged_text)
    old_places = {place.source_id: place for place in old.locations}
    for place in merged.locations:
        before = old_places.get(place.source_id)
        if before is None:
            continue
        place.name = _merge_text(before.name, place.name, languages)
        if before.address is not None and place.address is not None:
            place.address.street = _merge_text(before.address.street, place.address.street, languages)
            place.address.city = _merge_text(before.address.city, place.address.city, languages)
            # The municipality is one name whatever the file's language: a file carrying Finnish decides it, others
            # keep the one already there (files in several languages must not make it flip with each import).
            if "fi" not in languages and before.address.municipality:
                place.address.municipality = before.address.municipality
    for phone in merged.phones:
        before_phone = next((item for item in old.phones if item.number == phone.number), None)
        if before_phone is not None:
            phone.description = _merge_text(before_phone.description, phone.description, languages)
    return merged


def pick(text: LangText, language: str, fallbacks: tuple[str, ...] = ("fi", "sv", "en")) -> str:
    """The text in `language`, else the first fallback that exists, else any."""
    for code in (language, *fallbacks):
        if text.get(code):
            return text[code]
    return next(iter(text.values()), "")


@dataclass
class BadRecord:
    """A record an importer could not read: the problem (file, record, field, reason) and its id if it had one.

    Readers yield it in the record's place; the import stops at it unless the advisor asked to skip bad records.
    """

    problem: ImportProblem
    source_id: str | None = None


@dataclass
class Draft:
    """A record its publisher marks as a draft (Open Referral UK, HSDS status "draft"): not a service yet."""

    label: str
    source_id: str | None = None


ReadItem = Union[ServiceRecord, OrganizationRecord, BadRecord, Draft]  # noqa: UP007 (a runtime alias)
