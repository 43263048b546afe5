"""Writes directory records into the encrypted store and keeps the search index in step with them.

An import is one transaction: every record is written or none. Entries are matched by (source,
source id) and updated, never duplicated; entries gone from a full re-import are withdrawn, not deleted.
A record whose content hash did not change is not touched. An entry the advisor edited keeps the
advisor's version; a changed source version waits beside it (`pending_record`) for their decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, lazyload

from app.codes import codebook
from app.directory.records import LocationRecord, OrganizationRecord, ServiceRecord, merge_language
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
from app.text import fold
from app.weeks import now_utc

LOCAL_SOURCE = "local"


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    skipped: int = 0
    conflicts: int = 0  # updated entries that an advisor had edited: the new version waits for a decision

    def summary(self) -> str:
        line = f"added {self.added}, updated {self.updated}, withdrawn {self.withdrawn}, skipped {self.skipped}"
        if self.conflicts:
            line += f" ({self.conflicts} edited locally: the new version waits for review)"
        return line


def effective_record(row: DirService) -> ServiceRecord:
    """What the advisor sees: their own edit if there is one, else the source's version."""
    data = row.local_record if row.local_record is not None else row.source_record
    return ServiceRecord.model_validate(data)


def _topic_labels(codes: Iterable[str]) -> str:
    topics = codebook()["topic"]
    labels = []
    for code in codes:
        value = topics.value(code)
        if value is not None:
            labels.extend(value.labels.values())
    return " ".join(labels)


def _all_text(*texts: dict[str, str]) -> str:
    return " ".join(value for text_map in texts for value in text_map.values())


def reindex(session: Session, row: DirService) -> None:
    """Replace the entry's rows in both FTS tables with its current, folded text (or none if withdrawn)."""
    session.execute(text("DELETE FROM dir_search WHERE rowid = :id"), {"id": row.id})
    session.execute(text("DELETE FROM dir_search_trigram WHERE rowid = :id"), {"id": row.id})
    if row.is_withdrawn:
        return
    record = effective_record(row)
    organization = record.organization
    places = [
        _all_text(place.name, *((place.address.street, place.address.city) if place.address else ()))
        + (f" {place.address.postal_code or ''} {place.address.municipality or ''}" if place.address else "")
        for place in record.locations
    ]
    keywords = " ".join(word for words in record.keywords.values() for word in words)
    name = fold(_all_text(record.name))
    other = fold(" ".join((_all_text(record.alternate_name), _all_text(organization.name) if organization else "")))
    body = fold(" ".join((_all_text(record.description), keywords, *places)))
    topics = fold(_topic_labels(record.topics))
    session.execute(
        text("INSERT INTO dir_search (rowid, name, other, body, topics) VALUES (:id, :name, :other, :body, :topics)"),
        {"id": row.id, "name": name, "other": other, "body": body, "topics": topics},
    )
    session.execute(
        text("INSERT INTO dir_search_trigram (rowid, text) VALUES (:id, :text)"),
        {"id": row.id, "text": " ".join((name, other, fold(keywords), topics))},
    )


def _upsert(
    session: Session, model: type[DirOrganization] | type[DirLocation], source: str, source_id: str, values: dict
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


_CHILD_TABLES = (DirServiceAtLocation, DirPhone, DirSchedule, DirServiceLanguage, DirServiceTopic)


def project(session: Session, row: DirService) -> None:
    """Rebuild the entry's columns and child rows from its effective record, then its search text.

    Child rows are replaced with plain INSERT/DELETE statements: an import of tens of thousands of
    entries would spend most of its time in the ORM's unit of work otherwise.
    """
    record = effective_record(row)
    source = row.source
    with session.no_autoflush:
        row.organization_id = _organization_id(session, source, record.organization)
        row.name, row.alternate_name, row.description, row.url = (
            record.name,
            record.alternate_name,
            record.description,
            record.url,
        )
        row.email, row.status = record.email, record.status
        row.assured_date, row.modified_at = record.assured_date, record.modified_at
        for table in _CHILD_TABLES:
            session.execute(delete(table).where(table.service_id == row.id))
        places: dict[int, int] = {}
        for position, place in enumerate(record.locations):
            places.setdefault(_location_id(session, source, place), position)
        children: list[tuple[type, list[dict]]] = [
            (DirServiceAtLocation, [{"location_id": place, "position": at} for place, at in places.items()]),
            (
                DirPhone,
                [
                    {"number": phone.number, "description": phone.description, "position": position}
                    for position, phone in enumerate(record.phones)
                ],
            ),
            (
                DirSchedule,
                [
                    {
                        "byday": ",".join(hours.byday),
                        "opens_at": hours.opens_at,
                        "closes_at": hours.closes_at,
                        "valid_from": hours.valid_from,
                        "valid_to": hours.valid_to,
                        "description": hours.description,
                        "position": position,
                    }
                    for position, hours in enumerate(record.schedules)
                ],
            ),
            (DirServiceLanguage, [{"code": code} for code in dict.fromkeys(record.languages)]),
            (DirServiceTopic, [{"code": code} for code in dict.fromkeys(record.topics)]),
        ]
        for table, rows in children:
            if rows:
                session.execute(insert(table), [{"service_id": row.id, **values} for values in rows])
    session.expire(row, ["organization", "locations", "phones", "schedules", "languages", "topics"])
    reindex(session, row)


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
) -> ImportResult:
    """Add or update every record (inside the caller's transaction); withdraw what a full import lacks."""
    result = ImportResult()
    present: set[str] = set()
    now = now_utc()
    for record in records:
        if isinstance(record, OrganizationRecord):
            _count_organization(session, source, record, result)
            continue
        present.add(record.source_id)
        row = session.scalar(
            select(DirService)
            .options(lazyload("*"))
            .where(DirService.source == source, DirService.source_id == record.source_id)
        )
        if row is None:
            row = DirService(
                source=source,
                source_id=record.source_id,
                content_hash=record.content_hash(),
                source_record=record.model_dump(mode="json"),
                languages_seen=[language],
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            project(session, row)
            result.added += 1
            continue
        latest = row.pending_record or row.source_record
        merged = merge_language(ServiceRecord.model_validate(latest), record, language) if latest else record
        digest = merged.content_hash()
        if language not in row.languages_seen:
            row.languages_seen = [*row.languages_seen, language]
        if digest == row.content_hash and not row.is_withdrawn:
            result.skipped += 1
            continue
        row.content_hash = digest
        row.is_withdrawn = False
        row.updated_at = now
        if row.local_record is not None:
            row.pending_record = merged.model_dump(mode="json")
            result.conflicts += 1
        else:
            row.source_record = merged.model_dump(mode="json")
        project(session, row)
        result.updated += 1
    if full:
        result.withdrawn = _withdraw_missing(session, source, language, present, now)
    return result


def _withdraw_missing(session: Session, source: str, language: str, present: set[str], now: datetime) -> int:
    withdrawn = 0
    candidates = session.scalars(
        select(DirService).where(DirService.source == source, DirService.is_withdrawn.is_(False))
    )
    for row in candidates:
        if row.source_id in present or language not in row.languages_seen:
            continue
        row.is_withdrawn = True
        row.updated_at = now
        reindex(session, row)
        withdrawn += 1
    return withdrawn
