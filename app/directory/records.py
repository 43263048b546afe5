"""One directory entry as importers produce it: a service with its organization, places, phones and hours.

Text is multilingual: `{"fi": "...", "sv": "...", "en": "..."}` (any other language the data has is kept).
A record is the unit of import, of change detection (its content hash) and of the local-edit conflict:
the store keeps the source's record and, for an edited entry, the advisor's record beside it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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

    def content_hash(self) -> str:
        """Changes exactly when something an advisor could see changes."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def text_languages(self) -> set[str]:
        return set(self.name) | set(self.description)


def _merge_text(old: LangText, new: LangText, language: str) -> LangText:
    """The old texts with `language` taken from the new record (also when the new one drops it)."""
    merged = {code: text for code, text in old.items() if code != language}
    if language in new:
        merged[language] = new[language]
    return merged


def merge_language(old: ServiceRecord, new: ServiceRecord, language: str) -> ServiceRecord:
    """A file in one language describing an entry already known in others: one multilingual entry.

    Texts in `language` come from the new record, texts in other languages stay; everything that is not
    text (phones, hours, coordinates, topics, dates) comes from the newer file.
    """
    merged = new.model_copy(deep=True)
    for name in ("name", "alternate_name", "description", "url"):
        setattr(merged, name, _merge_text(getattr(old, name), getattr(new, name), language))
    merged.keywords = {code: words for code, words in old.keywords.items() if code != language}
    if language in new.keywords:
        merged.keywords[language] = new.keywords[language]
    before_organization, organization = old.organization, merged.organization
    if (
        before_organization is not None
        and organization is not None
        and before_organization.source_id == organization.source_id
    ):
        for name in ("name", "description", "website"):
            merged_text = _merge_text(getattr(before_organization, name), getattr(organization, name), language)
            setattr(organization, name, merged_text)
    old_places = {place.source_id: place for place in old.locations}
    for place in merged.locations:
        before = old_places.get(place.source_id)
        if before is None:
            continue
        place.name = _merge_text(before.name, place.name, language)
        if before.address is not None and place.address is not None:
            place.address.street = _merge_text(before.address.street, place.address.street, language)
            place.address.city = _merge_text(before.address.city, place.address.city, language)
    for phone in merged.phones:
        before_phone = next((item for item in old.phones if item.number == phone.number), None)
        if before_phone is not None:
            phone.description = _merge_text(before_phone.description, phone.description, language)
    return merged


def pick(text: LangText, language: str, fallbacks: tuple[str, ...] = ("fi", "sv", "en")) -> str:
    """The text in `language`, else the first fallback that exists, else any."""
    for code in (language, *fallbacks):
        if text.get(code):
            return text[code]
    return next(iter(text.values()), "")
