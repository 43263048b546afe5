"""The directory as the GUI and the `neuvo directory` commands use it: import, search, show."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from app.counting import service_code
from app.directory.formats import MULTILINGUAL_FORMATS, ReadReport, read_records
from app.directory.records import ADVICE_TEXT_FIELDS, ServiceRecord, pick
from app.directory.search import DirectorySearch, is_open
from app.directory.store import LOCAL_SOURCE, ImportResult, effective_record, project, write_records
from app.errors import BadInput, NotFound, PersonalDataInNote
from app.paths import resources_dir
from app.storage.database import Sessions
from app.storage.directory_models import DirFlag, DirPhone, DirPin, DirService
from app.stored_settings import SettingsService
from app.weeks import HELSINKI, now_utc

STARTER_SOURCE = "starter"
FLAG_CHARS = 300
STARTER_LANGUAGES = ("fi", "sv", "en", "ru", "ar")
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
    phones: list[dict[str, str | None]]
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
    # What an advisor needs to refer someone: texts in the display language, yes/no/unknown, ages.
    advice: dict[str, Any] = field(default_factory=dict)
    channel: str | None = None  # "phone" (a service line) or "web" (an e-service) for such PTV channels
    related: list[dict[str, Any]] = field(default_factory=list)  # [{"id", "name", "channel"}]: linked entries

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




def advice_texts(record: ServiceRecord, language: str) -> dict[str, Any]:
    """The advisor's fields in `language` (falling back to others), with the yes/no/unknown ones and ages."""
    advice: dict[str, Any] = {name: pick(getattr(record, name), language) for name in ADVICE_TEXT_FIELDS}
    advice.update(
        appointment_needed=record.appointment_needed,
        is_free=record.is_free,
        minimum_age=record.minimum_age,
        maximum_age=record.maximum_age,
    )
    return advice


def _related(session: Session, row: DirService, record: ServiceRecord, language: str) -> list[dict[str, Any]]:
    """Entries of the same registry linked to this one, both ways (a PTV service and its channels)."""
    registry = row.source.split(":", 1)[0] + ":%"
    linked = select(DirService).where(DirService.source.like(registry), DirService.is_withdrawn.is_(False))
    forward = list(session.scalars(linked.where(DirService.source_id.in_(record.related)))) if record.related else []
    backward = [
        other
        for other in session.scalars(
            linked.where(
                DirService.id != row.id,
                func.json_extract(DirService.source_record, "$.related").contains(row.source_id),
            )
        )
        if row.source_id in effective_record(other).related
    ]
    found = {other.id: other for other in [*forward, *backward] if other.id != row.id}
    return [
        {"id": other.id, "name": pick(other.name, language), "channel": other.channel}
        for other in sorted(found.values(), key=lambda item: item.id)
    ]


class DirectoryService:
    def __init__(self, sessions: Sessions, settings: SettingsService) -> None:
        self._sessions = self.sessions = sessions
        self.settings = settings
        self.searcher = DirectorySearch(sessions)
        self.search = self.searcher.search

    # -- import ---------------------------------------------------------------------------------
    def import_file(
        self,
        path: Path,
        fmt: str = "auto",
        language: str = "en",
        source: str | None = None,
        full: bool = True,
        skip_bad: bool = False,
    ) -> ImportResult:
        """Import one file in one transaction: all of it, or (with ImportProblem) nothing.

        With `skip_bad`, records that cannot be read are left out and listed (file, record, field, reason) and
        the rest imported; their entries, if already there, are kept as they were.
        """
        report = ReadReport()
        fmt, records = read_records(path, fmt, language, skip_bad, report)
        prefix = "hsds" if fmt.startswith("hsds") else fmt
        source_name = f"{prefix}:{source or dataset_name(path)}"
        multilingual = fmt in MULTILINGUAL_FORMATS
        if multilingual:
            language = "fi"
        with self._sessions() as session, session.begin():
            result = write_records(
                session, source_name, language, records, full, multilingual=multilingual, also_present=report.kept_ids
            )
        result.left_out, result.bad = report.lines(), len(report.skipped)
        return result

    def import_starter(self) -> ImportResult:
        """The bundled starter directory (resources/directory), every language into the same entries."""
        total = ImportResult()
        folder = resources_dir() / "directory"
        with self._sessions() as session, session.begin():
            for language in STARTER_LANGUAGES:
                path = folder / f"starter_{language}.json"
                if not path.exists():
                    continue
                _fmt, records = read_records(path, "hsds-json", language)
                result = write_records(session, STARTER_SOURCE, language, records)
                total.added += result.added
                total.updated += result.updated
                total.withdrawn += result.withdrawn
                total.skipped += result.skipped
        return total

    # -- reading ----------------------------------------------------------------------------------
    def entry(self, service_id: int, language: str = "fi") -> DirectoryEntry:
        stale_months = int(self.settings.get("directory_stale_months"))
        with self._sessions() as session:
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
                    {"number": phone.number, "description": pick(phone.description, language), "type": phone.type}
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
                advice=advice_texts(record, language),
                channel=record.channel,
                related=_related(session, row, record, language),
            )

    def count(self) -> int:
        with self._sessions() as session:
            return len(session.scalars(select(DirService.id).where(DirService.is_withdrawn.is_(False))).all())


class LocalEdits:
    """What advisors do by hand: their own entries, edits of imported ones, notes, 'checked today', pins.

    An edit of an imported entry is kept as the advisor's version; a later import that changes the
    source parks the new version beside it until the advisor takes it or keeps theirs. Notes survive
    every re-import (they are not part of any record).
    """

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    def add(self, record: ServiceRecord) -> int:
        """A service the advisor adds (e.g. an NGO's weekly drop-in); returns its id."""
        now = now_utc()
        with self._sessions() as session, session.begin():
            row = DirService(
                source=LOCAL_SOURCE,
                source_id=uuid.uuid4().hex,
                content_hash="",
                languages_seen=[],
                created_at=now,
                updated_at=now,
                checked_at=now,
            )
            record = record.model_copy(update={"source_id": row.source_id})
            row.source_record = record.model_dump(mode="json")
            row.content_hash = record.content_hash()
            session.add(row)
            session.flush()
            project(session, row)
            return row.id

    def edit(self, service_id: int, record: ServiceRecord) -> None:
        """The advisor's version of an entry (their own, or an imported one: then it is kept over imports)."""
        with self._sessions() as session, session.begin():
            row = self._row(session, service_id)
            record = record.model_copy(update={"source_id": row.source_id})
            if row.source == LOCAL_SOURCE:
                row.source_record = record.model_dump(mode="json")
                row.content_hash = record.content_hash()
            else:
                row.local_record = record.model_dump(mode="json")
            row.checked_at = row.updated_at = now_utc()
            project(session, row)

    def record(self, service_id: int) -> ServiceRecord:
        """The entry as the advisor sees it (the start of an edit)."""
        with self._sessions() as session:
            return effective_record(self._row(session, service_id))

    def pending(self, service_id: int) -> tuple[ServiceRecord, ServiceRecord] | None:
        """(the advisor's version, the source's new version) when an import changed an edited entry."""
        with self._sessions() as session:
            row = self._row(session, service_id)
            if row.pending_record is None or row.local_record is None:
                return None
            return ServiceRecord.model_validate(row.local_record), ServiceRecord.model_validate(row.pending_record)

    def resolve(self, service_id: int, take_new: bool) -> None:
        """Take the source's new version (dropping the local edit) or keep the advisor's (and stop asking)."""
        with self._sessions() as session, session.begin():
            row = self._row(session, service_id)
            if row.pending_record is not None:
                row.source_record = row.pending_record
                row.pending_record = None
            if take_new:
                row.local_record = None
            row.updated_at = now_utc()
            project(session, row)

    def set_note(self, service_id: int, note: str | None) -> None:
        from app.notecheck import personal_data_kinds

        cleaned = (note or "").strip() or None
        # A note about a service may hold the service's phone or e-mail; never a person's identity code.
        if cleaned and "identity-code" in personal_data_kinds(cleaned):
            raise PersonalDataInNote(["identity-code"])
        with self._sessions() as session, session.begin():
            self._row(session, service_id).note = cleaned

    def flag(self, service_id: int, text: str) -> int:
        """The advisor's word that an entry is wrong or out of date, sent to the coordinator with the next sync.

        A few words about the service (at most FLAG_CHARS); the note check refuses anything that could identify a
        visitor (the directory's own phone numbers may be named). An advisor's own entry is edited, not flagged.
        """
        from app.notecheck import personal_data_kinds, service_number_keys

        cleaned = " ".join((text or "").split())
        if not cleaned:
            raise BadInput("Say in a few words what is wrong with the entry.", "flag")
        if len(cleaned) > FLAG_CHARS:
            raise BadInput(f"Say it in at most {FLAG_CHARS} characters.", "flag")
        with self._sessions() as session, session.begin():
            row = self._row(session, service_id)
            if row.source == LOCAL_SOURCE:
                raise BadInput("This is your own entry: edit it instead of flagging it.", "flag")
            numbers = service_number_keys(session.scalars(select(DirPhone.number)))
            kinds = personal_data_kinds(cleaned, numbers)
            if kinds:
                raise PersonalDataInNote(kinds)
            flag = DirFlag(
                service_source=row.source,
                service_source_id=row.source_id,
                service_name=dict(effective_record(row).name),
                text=cleaned,
                created_at=now_utc(),
            )
            session.add(flag)
            session.flush()
            return flag.id

    def flags(self, service_id: int | None = None) -> list[dict[str, Any]]:
        """The flags raised here (of one entry, or all), newest first, with whether they were sent."""
        with self._sessions() as session:
            query = select(DirFlag).order_by(DirFlag.id.desc())
            if service_id is not None:
                row = self._row(session, service_id)
                query = query.where(DirFlag.service_source == row.source, DirFlag.service_source_id == row.source_id)
            return [
                {
                    "id": flag.id,
                    "text": flag.text,
                    "created_at": flag.created_at.isoformat(),
                    "sent": flag.sent_at is not None,
                }
                for flag in session.scalars(query)
            ]

    def mark_checked(self, service_id: int) -> None:
        with self._sessions() as session, session.begin():
            self._row(session, service_id).checked_at = now_utc()

    def pin(self, site_id: int, service_id: int, pinned: bool = True) -> None:
        with self._sessions() as session, session.begin():
            self._row(session, service_id)
            existing = session.get(DirPin, (site_id, service_id))
            if pinned and existing is None:
                last = session.scalar(select(func.max(DirPin.position)).where(DirPin.site_id == site_id))
                session.add(DirPin(site_id=site_id, service_id=service_id, position=(last or 0) + 1))
            elif not pinned and existing is not None:
                session.delete(existing)

    @staticmethod
    def _row(session: Session, service_id: int) -> DirService:
        row = session.get(DirService, service_id)
        if row is None:
            raise NotFound(f"No directory entry with id {service_id}.", "id")
        return row


def referral_service_names(session: Session, codes: Iterable[str]) -> dict[str, dict[str, str]]:
    """The names (per language) of the directory entries that weekly reports count referrals to.

    A code whose entry this laptop does not have (another desk's local entry) is left out: it reads as its code.
    """
    wanted = set(codes)
    if not wanted:
        return {}
    # A code is `source:source_id`, percent-encoded; the source may hold colons itself ("hsds:starter").
    pairs = {
        (unquote(code[:index]), unquote(code[index + 1 :]))
        for code in wanted
        for index, character in enumerate(code)
        if character == ":"
    }
    rows = session.execute(
        select(DirService.source, DirService.source_id, DirService.name).where(
            tuple_(DirService.source, DirService.source_id).in_(sorted(pairs))
        )
    )
    names = {service_code(source, source_id): dict(name) for source, source_id, name in rows}
    return names
