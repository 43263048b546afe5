"""Logging, correcting and deleting anonymous visits; every change marks its week's report dirty."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.codes import Codebook, CodesSource
from app.directory.numbers import DirectoryNumbers
from app.errors import BadInput, NotFound
from app.languages_check import check_language_codes
from app.ledger import mark_week_dirty
from app.notecheck import check_note
from app.storage.database import Sessions
from app.storage.directory_models import DirService
from app.storage.models import (
    DeskSession,
    Site,
    Visit,
    VisitLanguage,
    VisitOutcome,
    VisitTopic,
)
from app.visitor_answers import trim_answers
from app.weeks import as_utc, day_bounds_utc, hour_of, now_utc, today_local, week_of, weekday_of

SINGLE_FIELDS = (
    "contact",
    "interpreter",
    "found_via",
    "duration",
    "referral_category",
    "referral_reason",
    "age_band",
    "gender",
    "years_in_finland",
    "asked_by",
)
# How far in the future a visit time may lie (a laptop clock a little ahead is normal).
FUTURE_TOLERANCE = timedelta(minutes=10)
MAX_GROUP = 10_000


@dataclass(frozen=True)
class VisitInput:
    """What the advisor records about one visit; everything but the time and site is optional."""

    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    contact: str = "walk-in"
    participants: int = 1
    interpreter: str | None = None
    found_via: str | None = None
    duration: str | None = None
    referral_category: str | None = None
    referral_reason: str | None = None
    age_band: str | None = None
    gender: str | None = None
    years_in_finland: str | None = None
    asked_by: str | None = None  # who asked: the person themself, a relative on their behalf, a professional
    note: str | None = None
    at: datetime | None = None
    site_id: int | None = None
    session_id: int | None = None
    referral_service_id: int | None = None  # the directory entry the visitor was referred to


@dataclass(frozen=True)
class VisitRecord(VisitInput):
    id: int = 0
    site_name: str = ""
    week: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def as_input(self) -> VisitInput:
        return VisitInput(**{name: getattr(self, name) for name in VisitInput.__dataclass_fields__})

    def to_json(self) -> dict[str, object]:
        assert self.at is not None
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "week": self.week,
            "site": self.site_name,
            "session_id": self.session_id,
            "topics": list(self.topics),
            "languages": list(self.languages),
            "outcomes": list(self.outcomes),
            "participants": self.participants,
            "referral_service_id": self.referral_service_id,
            **{name: getattr(self, name) for name in SINGLE_FIELDS},
        }


def _codes(codes: Codebook, dimension: str, values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    known = codes[dimension].codes
    result: list[str] = []
    for value in values:
        if value not in known:
            raise BadInput(
                f"Unknown {dimension.replace('_', ' ')} code '{value}' (see 'neuvo codes').",
                dimension,
                reason="visit.unknown_code",
                params={"dimension": dimension, "code": value},
            )
        if value not in result:
            result.append(value)
    return tuple(result)


def validate(visit: VisitInput, codes: Codebook, service_numbers: Set[str] = frozenset()) -> VisitInput:
    """The visit with codes checked against the lists in use and normalised; BadInput names the first wrong field.

    `service_numbers`: the local directory's phone numbers, which a note may hold (VisitService.service_numbers).
    """
    singles: dict[str, Any] = {}  # the single-choice fields, by name (all str | None)
    for name in SINGLE_FIELDS:
        value = getattr(visit, name)
        singles[name] = _codes(codes, name, [value])[0] if value else None
    if singles["contact"] is None:
        singles["contact"] = "walk-in"
    outcomes = list(_codes(codes, "outcome", visit.outcomes))
    is_referral = singles["referral_category"] or singles["referral_reason"] or visit.referral_service_id
    if is_referral and "referred" not in outcomes:
        outcomes.append("referred")
    participants = visit.participants
    if isinstance(participants, bool) or not isinstance(participants, int):
        raise BadInput("Must be a whole number.", "participants", reason="visit.participants_not_number")
    if singles["contact"] == "group":
        if not 1 <= participants <= MAX_GROUP:
            raise BadInput(
                f"A group session has 1 to {MAX_GROUP} participants.",
                "participants",
                reason="visit.group_size",
                params={"maximum": MAX_GROUP},
            )
    elif participants != 1:
        raise BadInput(
            "Only a group info session (contact: group) has several participants.",
            "participants",
            reason="visit.participants_without_group",
        )
    at = as_utc(visit.at) if visit.at else now_utc()
    if at > now_utc() + FUTURE_TOLERANCE:
        raise BadInput("A visit cannot be in the future.", "at", reason="visit.in_future")
    return replace(
        visit,
        topics=_codes(codes, "topic", visit.topics),
        languages=tuple(check_language_codes(list(visit.languages))),
        outcomes=tuple(outcomes),
        participants=participants,
        note=check_note(visit.note, service_numbers),
        at=at,
        **singles,
    )


def _record(visit: Visit, site_name: str) -> VisitRecord:
    return VisitRecord(
        id=visit.id,
        site_id=visit.site_id,
        site_name=site_name,
        session_id=visit.session_id,
        at=visit.at,
        week=visit.week,
        topics=tuple(sorted(item.code for item in visit.topics)),
        languages=tuple(sorted(item.code for item in visit.languages)),
        outcomes=tuple(sorted(item.code for item in visit.outcomes)),
        participants=visit.participants,
        note=visit.note,
        referral_service_id=visit.referral_service_id,
        created_at=visit.created_at,
        updated_at=visit.updated_at,
        **{name: getattr(visit, name) for name in SINGLE_FIELDS},
    )


class VisitService:
    def __init__(self, sessions: Sessions, codes: CodesSource) -> None:
        self._sessions = sessions
        self._codes = codes
        self.directory_numbers = DirectoryNumbers()

    def service_numbers(self, session: Session | None = None) -> frozenset[str]:
        """The local directory's phone numbers for the note check (read once, again when the directory changes)."""
        if session is not None:
            return self.directory_numbers.read(session)
        with self._sessions() as own:
            return self.directory_numbers.read(own)

    def _resolve_place(self, session: Session, visit: VisitInput) -> tuple[int, int | None]:
        session_id = visit.session_id
        site_id = visit.site_id
        if session_id is not None:
            desk_session = session.get(DeskSession, session_id)
            if desk_session is None:
                raise NotFound(f"No desk session with id {session_id}.", "session")
            if site_id is not None and site_id != desk_session.site_id:
                raise BadInput("The visit's site differs from its desk session's site.", "site")
            site_id = desk_session.site_id
        if site_id is None:
            site_id = session.scalar(select(Site.id).order_by(Site.is_default.desc(), Site.id).limit(1))
            if site_id is None:
                raise NotFound("The store has no site yet.", "site")
        elif session.get(Site, site_id) is None:
            raise NotFound(f"No site with id {site_id}.", "site", reason="site.not_found", params={"id": site_id})
        service_id = visit.referral_service_id
        if service_id is not None and session.get(DirService, service_id) is None:
            raise NotFound(f"No directory entry with id {service_id}.", "referral_service")
        return site_id, session_id

    @staticmethod
    def _fill(row: Visit, visit: VisitInput) -> None:
        assert visit.at is not None
        row.at = visit.at
        row.week, row.weekday, row.hour = week_of(visit.at), weekday_of(visit.at), hour_of(visit.at)
        for name in SINGLE_FIELDS:
            setattr(row, name, getattr(visit, name))
        row.participants = visit.participants
        row.note = visit.note
        row.referral_service_id = visit.referral_service_id
        place = {"site_id": row.site_id, "week": row.week}
        row.topics = [VisitTopic(code=code, **place) for code in visit.topics]
        row.languages = [VisitLanguage(code=code, **place) for code in visit.languages]
        row.outcomes = [VisitOutcome(code=code, **place) for code in visit.outcomes]

    def validate(self, visit: VisitInput, service_numbers: Set[str] | None = None) -> VisitInput:
        """`visit` checked against the code lists in use now and the directory's numbers (BadInput names the first
        wrong field). `service_numbers` saves reading them when the caller has them (the paper tally's form)."""
        numbers = self.service_numbers() if service_numbers is None else service_numbers
        return validate(visit, self._codes(), numbers)

    def insert(self, session: Session, visit: VisitInput) -> int:
        """Save one visit inside the caller's transaction; returns its id."""
        checked = validate(visit, self._codes(), self.service_numbers(session))
        site_id, session_id = self._resolve_place(session, checked)
        now = now_utc()
        row = Visit(site_id=site_id, session_id=session_id, created_at=now, updated_at=now)
        self._fill(row, checked)
        session.add(row)
        session.flush()
        mark_week_dirty(session, site_id, row.week)
        return row.id

    def add(self, visit: VisitInput) -> int:
        """Save one visit durably; returns its id once it is on disk."""
        with self._sessions() as session, session.begin():
            return self.insert(session, visit)

    def add_many(self, visits: list[VisitInput]) -> list[int]:
        """Save several visits (e.g. from a paper tally sheet) all together, or none of them."""
        if not visits:
            return []
        with self._sessions() as session, session.begin():
            return [self.insert(session, visit) for visit in visits]

    def update(self, visit_id: int, visit: VisitInput) -> VisitRecord:
        """Correct a visit. Its time stays unless a new one is given."""
        with self._sessions() as session, session.begin():
            row = session.get(Visit, visit_id)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.", "id")
            checked = self.validate(
                replace(
                    visit,
                    at=visit.at or row.at,
                    session_id=visit.session_id or row.session_id,
                    site_id=visit.site_id or row.site_id,
                ),
                self.service_numbers(session),
            )
            site_id, session_id = self._resolve_place(session, checked)
            old_site, old_week = row.site_id, row.week
            row.site_id, row.session_id = site_id, session_id
            self._fill(row, checked)
            row.updated_at = now_utc()
            session.flush()
            mark_week_dirty(session, old_site, old_week)
            mark_week_dirty(session, row.site_id, row.week)
            trim_answers(session, old_site, old_week)
            site_name = session.get_one(Site, row.site_id).name
            return _record(row, site_name)

    def delete(self, visit_id: int) -> VisitRecord:
        """Delete a visit; returns what it held (so that the GUI could say what went)."""
        with self._sessions() as session, session.begin():
            row = session.get(Visit, visit_id)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.", "id")
            record = _record(row, session.get_one(Site, row.site_id).name)
            session.delete(row)
            session.flush()
            mark_week_dirty(session, record.site_id or 0, record.week)
            trim_answers(session, record.site_id or 0, record.week)
            return record

    def get(self, visit_id: int) -> VisitRecord:
        with self._sessions() as session:
            row = session.get(Visit, visit_id)
            if row is None:
                raise NotFound(f"No visit with id {visit_id}.", "id")
            return _record(row, session.get_one(Site, row.site_id).name)

    def list_visits(
        self,
        week: str | None = None,
        day: date | None = None,
        site_id: int | None = None,
        limit: int | None = None,
    ) -> list[VisitRecord]:
        """Visits, newest first, of one ISO week and/or one local day and/or one site."""
        query = select(Visit, Site.name).join(Site, Site.id == Visit.site_id)
        if week is not None:
            query = query.where(Visit.week == week)
        if day is not None:
            start, end = day_bounds_utc(day)
            query = query.where(Visit.at >= start, Visit.at < end)
        if site_id is not None:
            query = query.where(Visit.site_id == site_id)
        query = query.order_by(Visit.at.desc(), Visit.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            return [_record(visit, name) for visit, name in session.execute(query).all()]

    def counts(self, site_id: int | None = None) -> tuple[int, int]:
        """(today's visits, this week's visits), Helsinki time, optionally for one site."""
        today = today_local()
        start, end = day_bounds_utc(today)
        week = week_of(now_utc())
        with self._sessions() as session:
            base = select(func.count(Visit.id))
            if site_id is not None:
                base = base.where(Visit.site_id == site_id)
            today_count = session.scalar(base.where(Visit.at >= start, Visit.at < end)) or 0
            week_count = session.scalar(base.where(Visit.week == week)) or 0
        return today_count, week_count
