"""Desk sessions: one stretch of advising at a site, started live, from a weekly slot, or from paper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.errors import BadInput, NotFound
from app.ledger import mark_week_dirty
from app.storage.database import Sessions
from app.storage.models import DeskSession, Site, Visit, WeeklySlot
from app.weeks import HELSINKI, as_utc, local, now_utc, today_local, week_of


@dataclass(frozen=True)
class SessionInfo:
    id: int
    site_id: int
    site_name: str
    started_at: datetime
    ended_at: datetime | None
    staff: str | None
    partner: str | None
    is_from_paper: bool

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


def _info(desk_session: DeskSession, site_name: str) -> SessionInfo:
    return SessionInfo(
        id=desk_session.id,
        site_id=desk_session.site_id,
        site_name=site_name,
        started_at=desk_session.started_at,
        ended_at=desk_session.ended_at,
        staff=desk_session.staff,
        partner=desk_session.partner,
        is_from_paper=desk_session.is_from_paper,
    )


def _clean(text: str | None) -> str | None:
    return " ".join((text or "").split())[:200] or None


class DeskSessionService:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    def _query(self) -> Select[DeskSession, str]:
        return select(DeskSession, Site.name).join(Site, Site.id == DeskSession.site_id)

    def start(
        self,
        site_id: int,
        started_at: datetime | None = None,
        staff: str | None = None,
        partner: str | None = None,
    ) -> SessionInfo:
        """Start a live session. Only one session is open at a time on a laptop."""
        with self._sessions() as session, session.begin():
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound(f"No site with id {site_id}.", "site", reason="site.not_found", params={"id": site_id})
            already = session.scalar(select(DeskSession.id).where(DeskSession.ended_at.is_(None)))
            if already is not None:
                raise BadInput(
                    "A desk session is already open: end it first.", "session", reason="session.already_open"
                )
            desk_session = DeskSession(
                site_id=site_id,
                started_at=as_utc(started_at) if started_at else now_utc(),
                staff=_clean(staff),
                partner=_clean(partner),
                is_from_paper=False,
            )
            session.add(desk_session)
            session.flush()
            # A held desk is reported also when nobody comes (its week carries the sessions held).
            mark_week_dirty(session, site_id, week_of(desk_session.started_at))
            return _info(desk_session, site.name)

    def start_from_slot(self, slot_id: int, staff: str | None = None) -> SessionInfo:
        with self._sessions() as session:
            slot = session.get(WeeklySlot, slot_id)
            if slot is None:
                raise NotFound(f"No weekly slot with id {slot_id}.", "slot")
            site_id, partner = slot.site_id, slot.partner
        return self.start(site_id, staff=staff, partner=partner)

    def record_past(
        self,
        site_id: int,
        started_at: datetime,
        ended_at: datetime,
        staff: str | None = None,
        partner: str | None = None,
    ) -> SessionInfo:
        """A session that already happened, for visits entered afterwards from a paper tally sheet."""
        with self._sessions() as session, session.begin():
            return self.insert_past(session, site_id, started_at, ended_at, staff, partner)

    @staticmethod
    def insert_past(
        session: Session,
        site_id: int,
        started_at: datetime,
        ended_at: datetime,
        staff: str | None = None,
        partner: str | None = None,
    ) -> SessionInfo:
        """`record_past` inside the caller's transaction (the paper tally saves it with its visits)."""
        start, end = as_utc(started_at), as_utc(ended_at)
        if end <= start:
            raise BadInput("The session must end after it starts.", "end", reason="session.end_before_start")
        if start > now_utc():
            raise BadInput("A past session cannot start in the future.", "start", reason="session.past_in_future")
        site = session.get(Site, site_id)
        if site is None:
            raise NotFound(f"No site with id {site_id}.", "site", reason="site.not_found", params={"id": site_id})
        desk_session = DeskSession(
            site_id=site_id,
            started_at=start,
            ended_at=end,
            staff=_clean(staff),
            partner=_clean(partner),
            is_from_paper=True,
        )
        session.add(desk_session)
        session.flush()
        mark_week_dirty(session, site_id, week_of(start))
        return _info(desk_session, site.name)

    def end(self, session_id: int, ended_at: datetime | None = None) -> SessionInfo:
        with self._sessions() as session, session.begin():
            row = session.execute(self._query().where(DeskSession.id == session_id)).first()
            if row is None:
                raise NotFound(f"No desk session with id {session_id}.", "session")
            desk_session, site_name = row
            end = as_utc(ended_at) if ended_at else now_utc()
            if end < desk_session.started_at:
                raise BadInput("The session cannot end before it started.", "end", reason="session.end_before_start")
            desk_session.ended_at = end
            mark_week_dirty(session, desk_session.site_id, week_of(desk_session.started_at))
            return _info(desk_session, site_name)

    def current(self) -> SessionInfo | None:
        """The open session, if any."""
        with self._sessions() as session:
            row = session.execute(
                self._query().where(DeskSession.ended_at.is_(None)).order_by(DeskSession.started_at.desc())
            ).first()
            return _info(*row) if row else None

    def left_open_from_earlier_day(self) -> SessionInfo | None:
        """An open session that started before today (Helsinki time): it was not ended."""
        current = self.current()
        if current is not None and local(current.started_at).date() < today_local():
            return current
        return None

    def suggested_end(self, info: SessionInfo) -> datetime:
        """For a session left open: its last visit, else its start plus four hours, within its day."""
        with self._sessions() as session:
            last_visit = session.scalar(select(func.max(Visit.at)).where(Visit.session_id == info.id))
        start_local = local(info.started_at)
        end_of_day = start_local.replace(hour=23, minute=59, second=0, microsecond=0)
        proposal = local(last_visit) + timedelta(minutes=5) if last_visit else start_local + timedelta(hours=4)
        return min(proposal, end_of_day).astimezone(HELSINKI)

    def recent(self, limit: int = 50) -> list[SessionInfo]:
        with self._sessions() as session:
            rows = session.execute(self._query().order_by(DeskSession.started_at.desc()).limit(limit)).all()
            return [_info(*row) for row in rows]

    def get(self, session_id: int) -> SessionInfo:
        with self._sessions() as session:
            row = session.execute(self._query().where(DeskSession.id == session_id)).first()
            if row is None:
                raise NotFound(f"No desk session with id {session_id}.", "session")
            return _info(*row)
