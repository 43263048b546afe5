"""The directory as the GUI and the `neuvo directory` commands use it: import, search, show."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from app.directory.hsds import read_hsds_json
from app.directory.records import pick
from app.directory.search import DirectorySearch, SearchFilters, SearchHit, is_open
from app.directory.store import ImportResult, effective_record, write_records
from app.errors import BadInput, ImportProblem, NotFound
from app.paths import resources_dir
from app.storage.directory_models import DirService
from app.store import Store
from app.weeks import HELSINKI, now_utc

FORMATS = ("auto", "hsds-json")
STARTER_SOURCE = "starter"
STARTER_LANGUAGES = ("fi", "sv", "en")
_LANGUAGE_SUFFIX = re.compile(r"[._-](fi|sv|en|[a-z]{2})$")


def dataset_name(path: Path) -> str:
    """The source an import belongs to: the file name without its language suffix (starter_fi → starter)."""
    return _LANGUAGE_SUFFIX.sub("", path.stem) or path.stem


@dataclass
class DirectoryEntry:
    """One service with everything an advisor needs, in the display language (falling back to others)."""

    id: int
    source: str
    source_id: str
    name: str
    organization: str
    description: str
    url: str
    email: str | None
    phones: list[dict[str, str]]
    addresses: list[dict[str, Any]]
    opening_hours: list[dict[str, Any]]
    is_open_now: bool | None
    languages: list[str]
    topics: list[str]
    last_checked: date | None
    is_out_of_date: bool
    is_withdrawn: bool
    is_edited_locally: bool
    has_new_source_version: bool
    note: str | None
    names: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_checked"] = self.last_checked.isoformat() if self.last_checked else None
        return data


def _last_checked(row: DirService) -> date | None:
    candidates = [row.assured_date]
    for moment in (row.modified_at, row.checked_at):
        if moment is not None:
            candidates.append(moment.astimezone(HELSINKI).date())
    known = [day for day in candidates if day is not None]
    return max(known) if known else None


class DirectoryService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.searcher = DirectorySearch(store)

    # -- import ---------------------------------------------------------------------------------
    def import_file(
        self, path: Path, fmt: str = "auto", language: str = "en", source: str | None = None, full: bool = True
    ) -> ImportResult:
        """Import one file in one transaction: all of it, or (with ImportProblem) nothing."""
        if fmt not in FORMATS:
            raise BadInput(f"--format: choose one of {', '.join(FORMATS)}.", "format")
        if not path.is_file():
            raise ImportProblem(path.name, "there is no such file.")
        if fmt == "auto" and path.suffix.lower() != ".json":
            raise ImportProblem(path.name, "only HSDS 3.0 JSON files (.json) can be imported.")
        records = read_hsds_json(path, language)
        with self.store.session() as session, session.begin():
            return write_records(session, f"hsds:{source or dataset_name(path)}", language, records, full)

    def import_starter(self) -> ImportResult:
        """The bundled starter directory (resources/directory), every language into the same entries."""
        total = ImportResult()
        folder = resources_dir() / "directory"
        with self.store.session() as session, session.begin():
            for language in STARTER_LANGUAGES:
                path = folder / f"starter_{language}.json"
                if not path.exists():
                    continue
                result = write_records(session, STARTER_SOURCE, language, read_hsds_json(path, language))
                total.added += result.added
                total.updated += result.updated
                total.withdrawn += result.withdrawn
                total.skipped += result.skipped
        return total

    # -- reading ----------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        display_language: str = "fi",
        filters: SearchFilters | None = None,
        limit: int = 20,
        site_id: int | None = None,
    ) -> list[SearchHit]:
        return self.searcher.search(query, display_language, filters, limit, site_id)

    def entry(self, service_id: int, language: str = "fi") -> DirectoryEntry:
        stale_months = int(self.store.get_setting("directory_stale_months"))
        with self.store.session() as session:
            row = session.get(DirService, service_id)
            if row is None:
                raise NotFound(f"No directory entry with id {service_id}.", "id")
            record = effective_record(row)
            last_checked = _last_checked(row)
            today = now_utc().astimezone(HELSINKI).date()
            hours = [
                {
                    "days": [day for day in schedule.byday.split(",") if day],
                    "opens_at": schedule.opens_at,
                    "closes_at": schedule.closes_at,
                    "description": pick(schedule.description, language),
                }
                for schedule in row.schedules
            ]
            return DirectoryEntry(
                id=row.id,
                source=row.source,
                source_id=row.source_id,
                name=pick(record.name, language),
                organization=pick(record.organization.name, language) if record.organization else "",
                description=pick(record.description, language),
                url=pick(record.url, language),
                email=record.email,
                phones=[
                    {"number": phone.number, "description": pick(phone.description, language)}
                    for phone in record.phones
                ],
                addresses=[
                    {
                        "name": pick(place.name, language),
                        "street": pick(place.address.street, language) if place.address else "",
                        "postal_code": place.address.postal_code if place.address else None,
                        "city": pick(place.address.city, language) if place.address else "",
                        "latitude": place.latitude,
                        "longitude": place.longitude,
                    }
                    for place in record.locations
                ],
                opening_hours=hours,
                is_open_now=is_open(row.schedules, now_utc()) if row.schedules else None,
                languages=list(record.languages),
                topics=list(record.topics),
                last_checked=last_checked,
                is_out_of_date=last_checked is None or last_checked < today - relativedelta(months=stale_months),
                is_withdrawn=row.is_withdrawn,
                is_edited_locally=row.local_record is not None,
                has_new_source_version=row.pending_record is not None,
                note=row.note,
                names=dict(record.name),
            )

    def count(self) -> int:
        with self.store.session() as session:
            return len(session.scalars(select(DirService.id).where(DirService.is_withdrawn.is_(False))).all())
