"""Visits noted on paper when the laptop was not there, entered afterwards: all of a sheet, or nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.codes import CodesSource
from app.desk_sessions import DeskSessionService
from app.storage.database import Sessions
from app.visits import VisitInput, VisitService


@dataclass(frozen=True)
class PastSession:
    """The desk session a paper sheet belongs to, when it is not in Neuvo yet."""

    site_id: int
    started_at: datetime
    ended_at: datetime
    staff: str | None = None
    partner: str | None = None


class PaperTallyService:
    def __init__(self, sessions: Sessions, codes: CodesSource) -> None:
        self._sessions = sessions
        self._visits = VisitService(sessions, codes)

    def save(
        self, visits: list[VisitInput], new_session: PastSession | None = None, session_id: int | None = None
    ) -> list[int]:
        """Save the sheet's visits, and the past session they belong to if it is new, in one transaction: a
        refused visit leaves no empty session behind. Returns the visits' ids."""
        with self._sessions() as session, session.begin():
            if new_session is not None:
                session_id = DeskSessionService.insert_past(
                    session,
                    new_session.site_id,
                    new_session.started_at,
                    new_session.ended_at,
                    new_session.staff,
                    new_session.partner,
                ).id
            return [self._visits.insert(session, replace(visit, session_id=session_id)) for visit in visits]
