"""Writes directory records into the encrypted store and keeps the search index in step with them.

An import is one transaction: every record is written or none. Entries are matched by (source,
source id) and updated, never duplicated; entries gone from a full re-import are withdrawn, not deleted.
A record whose content hash did not change is not touched. An entry the advisor edited keeps the
advisor's version; a changed source version waits beside it (`pending_record`) for their decision.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.codes import bundled_codebook
from app.directory.records import LocationRecord, OrganizationRecord, ServiceRecord, merge_language, merge_languages
from app.storage.directory_models import (
    DirLocation,
    DirOrganization,
    DirPhone,
    DirSchedule,
    DirService,
    DirServiceAtLocation,
    DirServiceLanguage,
    DirServiceTopic,
)
from app.text import fold, words
from app.weeks import now_utc

LOCAL_SOURCE = "local"
BATCH = 500  # records written together


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    skipped: int = 0
    conflicts: int = 0  # updated entries that an advisor had edited: the new version waits for a decision
    # What the file had but the import left out, one line each: bad records skipped (--skip-bad), drafts.
    left_out: list[str] = field(default_factory=list)
    bad: int = 0  # of those, the bad records skipped

    def summary(self) -> str:
        """The first line as always ("added ..., skipped N" where skipped means unchanged), then what was left out."""
        line = f"added {self.added}, updated {self.updated}, withdrawn {self.withdrawn}, skipped {self.skipped}"
        if self.conflicts:
            line += f" ({self.conflicts} edited locally: the new version waits for review)"
        return "\n".join([line, *self.left_out])


def effective_record(row: DirService) -> ServiceRecord:
    """What the advisor sees: their own edit if there is one, else the source's version."""
    data = row.local_record if row.local_record is not None else row.source_record
    return ServiceRecord.model_validate(data)


def _topic_labels(codes: Iterable[str]) -> str:
    topics = bundled_codebook()["topic"]
    labels: list[str] = []
    for code in codes:
        value = topics.value(code)
        if value is not None:
            labels.extend(value.labels.values())
    return " ".join(labels)


def _all_text(*texts: dict[str, str]) -> str:
    return " ".join(value for text_map in texts for value in text_map.values())


def folded_names(names: dict[str, str]) -> set[str]:
    """An entry's names as the exact-name lookup keeps them: folded words joined by single spaces."""
    return {" ".join(words(name))[:400] for name in names.values() if words(name)}


def _search_text(record: ServiceRecord) -> dict[str, str]:
    """The folded text of both FTS tables for one entry."""
    organization = record.organization
    places = [
        _all_text(place.name, *((place.address.street, place.address.city) if place.address else ()))
        + (f" {place.address.postal_code or ''} {place.address.municipality or ''}" if place.address else "")
        for place in record.locations
    ]
    keywords = " ".join(word for words in record.keywords.values() for word in words)
    name = fold(_all_text(record.name))
    other = fold(" ".join((_all_text(record.alternate_name), _all_text(organization.name) if organization else "")))
    # Who it is for and how to get it are searched too ("paperittomat", "no appointment"), weighted as body text.
    advice = _all_text(
        record.eligibility, record.application_process, record.fees, record.interpretation, record.required_documents
    )
    body = fold(" ".join((_all_text(record.description), keywords, advice, *places)))
    topics = fold(_topic_labels(record.topics))
    # Names also without their punctuation and spaces: "helsinkiinfo" finds "Helsinki-info".
    compact = " ".join(re.sub(r"[\W_]+", "", fold(text)) for text in record.name.values())
    trigram = " ".join((name, compact, other, fold(keywords), topics))
    return {"name": name, "other": other, "body": body, "topics": topics, "text": trigram}


def _index_many(session: Session, entries: Sequence[tuple[int, ServiceRecord | None]]) -> None:
    """Replace the entries' rows in both FTS tables and their names (None: a withdrawn entry, found no more)."""
    if not entries:
        return
    ids = [service_id for service_id, _record in entries]
    for table in ("dir_search", "dir_search_trigram", "dir_names"):
        column = "service_id" if table == "dir_names" else "rowid"
        session.execute(
            text(f"DELETE FROM {table} WHERE {column} IN (SELECT value FROM json_each(:ids))"), {"ids": json.dumps(ids)}
        )
    rows = [{"id": service_id, **_search_text(record)} for service_id, record in entries if record is not None]
    if rows:
        session.execute(
            text(
                "INSERT INTO dir_search (rowid, name, other, body, topics) VALUES (:id, :name, :other, :body, :topics)"
            ),
            rows,
        )
        session.execute(text("INSERT INTO dir_search_trigram (rowid, text) VALUES (:id, :text)"), rows)
        names = [
            {"id": service_id, "name": name}
            for service_id, record in entries
            if record is not None
            for name in folded_names(record.name)
        ]
        if names:
            session.execute(text("INSERT INTO dir_names (service_id, name) VALUES (:id, :name)"), names)


def reindex(session: Session, row: DirService) -> None:
    """Replace the entry's rows in both FTS tables with its current, folded text (or none if withdrawn)."""
    _index_many(session, [(row.id, None if row.is_withdrawn else effective_record(row))])


def _upsert(
    session: Session,
    model: type[DirOrganization] | type[DirLocation],
    source: str,
    source_id: str,
    values: dict[str, Any],
) -> int:
    """Insert or update the row with this (source, source id); returns its id. One statement, no ORM flush."""
    statement = sqlite_insert(model).values(source=source, source_id=source_id, **values)
    statement = statement.on_conflict_do_update(index_elements=["source", "source_id"], set_=values)
    return session.execute(statement.returning(model.id)).scalar_one()


def _organization_id(session: Session, source: str, data: OrganizationRecord | None) -> int | None:
    if data is None:
        return None
    values = {"name": data.name, "description": data.description, "website": data.website, "email": data.email}
    return _upsert(session, DirOrganization, source, data.source_id, values)


def _location_id(session: Session, source: str, place: LocationRecord) -> int:
    address = place.address
    values = {
        "name": place.name,
        "street": address.street if address else {},
        "city": address.city if address else {},
        "postal_code": address.postal_code if address else None,
        "municipality": address.municipality if address else None,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }
    return _upsert(session, DirLocation, source, place.source_id, values)


_ChildTable = type[DirServiceAtLocation | DirPhone | DirSchedule | DirServiceLanguage | DirServiceTopic]
_CHILD_TABLES: tuple[_ChildTable, ...] = (
    DirServiceAtLocation,
    DirPhone,
    DirSchedule,
    DirServiceLanguage,
    DirServiceTopic,
)


def _project_many(session: Session, source: str, entries: list[tuple[int, ServiceRecord]]) -> None:
    """Rebuild the entries' columns, child rows and search text from their effective records.

    Plain statements, a few per batch rather than per entry: an import of tens of thousands of entries
    would otherwise spend its time in the ORM's unit of work.
    """
    if not entries:
        return
    ids = [service_id for service_id, _record in entries]
    columns: list[dict[str, Any]] = []
    children: dict[_ChildTable, list[dict[str, Any]]] = {table: [] for table in _CHILD_TABLES}
    for service_id, record in entries:
        columns.append(
            {
                "id": service_id,
                "organization_id": _organization_id(session, source, record.organization),
                "name": record.name,
                "alternate_name": record.alternate_name,
                "description": record.description,
                "url": record.url,
                "email": record.email,
                "status": record.status,
                "assured_date": record.assured_date,
                "modified_at": record.modified_at,
                "appointment_needed": record.appointment_needed,
                "is_free": record.is_free,
                "minimum_age": record.minimum_age,
                "maximum_age": record.maximum_age,
                "channel": record.channel,
            }
        )
        places: dict[int, int] = {}
        for position, place in enumerate(record.locations):
            places.setdefault(_location_id(session, source, place), position)
        children[DirServiceAtLocation] += [
            {"service_id": service_id, "location_id": place, "position": at} for place, at in places.items()
        ]
        children[DirPhone] += [
            {"service_id": service_id, "number": phone.number, "description": phone.description, "position": at}
            for at, phone in enumerate(record.phones)
        ]
        children[DirSchedule] += [
            {
                "service_id": service_id,
                "byday": ",".join(hours.byday),
                "opens_at": hours.opens_at,
                "closes_at": hours.closes_at,
                "valid_from": hours.valid_from,
                "valid_to": hours.valid_to,
                "description": hours.description,
                "position": at,
            }
            for at, hours in enumerate(record.schedules)
        ]
        children[DirServiceLanguage] += [
            {"service_id": service_id, "code": code} for code in dict.fromkeys(record.languages)
        ]
        children[DirServiceTopic] += [{"service_id": service_id, "code": code} for code in dict.fromkeys(record.topics)]
    session.execute(update(DirService), columns)
    for table, rows in children.items():
        session.execute(delete(table).where(table.service_id.in_(ids)))
        if rows:
            session.execute(insert(table), rows)
    _index_many(session, entries)


def project(session: Session, row: DirService) -> None:
    """Rebuild one entry's columns, child rows and search text from its effective record."""
    session.flush()
    _project_many(session, row.source, [(row.id, effective_record(row))])
    session.expire(row)


def _count_organization(session: Session, source: str, record: OrganizationRecord, result: ImportResult) -> None:
    """An organization listed without services: kept, so that its services can refer to it later."""
    row = session.scalar(
        select(DirOrganization).where(DirOrganization.source == source, DirOrganization.source_id == record.source_id)
    )
    before = None if row is None else (row.name, row.description, row.website, row.email)
    merged = record.model_copy(deep=True)
    if row is not None:
        for name in ("name", "description", "website"):
            setattr(merged, name, {**getattr(row, name), **getattr(record, name)})
    _organization_id(session, source, merged)
    if row is None:
        result.added += 1
    elif before == (merged.name, merged.description, merged.website, merged.email):
        result.skipped += 1
    else:
        result.updated += 1


def write_records(
    session: Session,
    source: str,
    language: str,
    records: Iterable[ServiceRecord | OrganizationRecord],
    full: bool = True,
    multilingual: bool = False,
    also_present: set[str] | None = None,
) -> ImportResult:
    """Add or update every record (inside the caller's transaction); withdraw what a full import lacks.

    A `multilingual` source (PTV, TPR) replaces the languages each record carries and keeps the others; any
    other file is the `language` half of its entries. `also_present`: ids of records the file had but that
    were left out (skipped as bad, drafts): not withdrawn for their absence.
    """
    result = ImportResult()
    present: set[str] = set()
    now = now_utc()
    batch: dict[str, ServiceRecord] = {}
    for record in records:
        if isinstance(record, OrganizationRecord):
            _count_organization(session, source, record, result)
            continue
        if record.source_id in batch or len(batch) >= BATCH:
            _write_batch(session, source, language, list(batch.values()), result, now, multilingual)
            batch.clear()
        present.add(record.source_id)
        batch[record.source_id] = record
    _write_batch(session, source, language, list(batch.values()), result, now, multilingual)
    if full:
        result.withdrawn = _withdraw_missing(session, source, language, present | (also_present or set()), now)
    return result


def _write_batch(
    session: Session,
    source: str,
    language: str,
    records: list[ServiceRecord],
    result: ImportResult,
    now: datetime,
    multilingual: bool = False,
) -> None:
    """One batch of records: look them all up at once, then insert, update and project them together."""
    if not records:
        return
    found = session.execute(
        select(
            DirService.id,
            DirService.source_id,
            DirService.content_hash,
            DirService.source_record,
            DirService.pending_record,
            DirService.local_record,
            DirService.languages_seen,
            DirService.is_withdrawn,
        ).where(DirService.source == source, DirService.source_id.in_([record.source_id for record in records]))
    )
    existing = {row.source_id: row for row in found}
    new_rows, new_records, updates, seen_only, to_project = [], [], [], [], []
    for record in records:
        row = existing.get(record.source_id)
        if row is None:
            new_records.append(record)
            new_rows.append(
                {
                    "source": source,
                    "source_id": record.source_id,
                    "content_hash": record.content_hash(),
                    "source_record": record.model_dump(mode="json"),
                    "languages_seen": [language],
                    "name": record.name,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            continue
        latest = row.pending_record or row.source_record
        if not latest:
            merged = record
        elif multilingual:
            merged = merge_languages(
                ServiceRecord.model_validate(latest), record, record.text_languages() or {language}
            )
        else:
            merged = merge_language(ServiceRecord.model_validate(latest), record, language)
        digest = merged.content_hash()
        languages_seen = row.languages_seen if language in row.languages_seen else [*row.languages_seen, language]
        if digest == row.content_hash and not row.is_withdrawn:
            result.skipped += 1
            if languages_seen != row.languages_seen:
                seen_only.append({"id": row.id, "languages_seen": languages_seen})
            continue
        change = {
            "id": row.id,
            "content_hash": digest,
            "is_withdrawn": False,
            "updated_at": now,
            "languages_seen": languages_seen,
        }
        if row.local_record is not None:
            change["pending_record"] = merged.model_dump(mode="json")
            result.conflicts += 1
            to_project.append((row.id, ServiceRecord.model_validate(row.local_record)))
        else:
            change["source_record"] = merged.model_dump(mode="json")
            to_project.append((row.id, merged))
        updates.append(change)
        result.updated += 1
    if new_rows:
        inserted = session.execute(
            insert(DirService).returning(DirService.id, sort_by_parameter_order=True), new_rows
        ).scalars()
        to_project += list(zip(inserted, new_records, strict=True))
        result.added += len(new_rows)
    for group in (
        seen_only,
        [change for change in updates if "pending_record" in change],
        [change for change in updates if "source_record" in change],
    ):
        if group:
            session.execute(update(DirService), group)
    _project_many(session, source, to_project)


def _withdraw_missing(session: Session, source: str, language: str, present: set[str], now: datetime) -> int:
    """Withdraw (not delete) the source's entries, once seen in this language, that the import lacked."""
    rows = session.execute(
        select(DirService.id, DirService.source_id, DirService.languages_seen).where(
            DirService.source == source, DirService.is_withdrawn.is_(False)
        )
    )
    gone = [service_id for service_id, source_id, seen in rows if source_id not in present and language in seen]
    for start in range(0, len(gone), BATCH):
        chunk = gone[start : start + BATCH]
        session.execute(
            update(DirService), [{"id": service_id, "is_withdrawn": True, "updated_at": now} for service_id in chunk]
        )
        _index_many(session, [(service_id, None) for service_id in chunk])
    return len(gone)
