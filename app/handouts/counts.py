"""Handouts given, counted by language for the week's anonymous report: coordinators see which languages
the desks need. Only the site, the ISO week and the language are kept; never the service or the next steps."""

from __future__ import annotations

from app.errors import BadInput
from app.handouts.labels import handout_languages
from app.ledger import mark_week_dirty
from app.sites import SiteService
from app.storage.database import Sessions
from app.storage.models import HandoutPrint
from app.weeks import now_utc, week_of


class HandoutCounter:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    def record(self, language: str, site_id: int | None = None, copies: int = 1) -> None:
        """Count `copies` handouts in `language` this (Helsinki) week, at `site_id` or the default site."""
        if language not in handout_languages():
            raise BadInput(f"No handouts are printed in {language!r}.", "language")
        if copies < 1:
            raise BadInput(f"At least one copy is counted, not {copies}.", "copies")
        if site_id is None:
            site_id = SiteService(self._sessions).default().id
        week = week_of(now_utc())
        with self._sessions() as session, session.begin():
            session.add_all(HandoutPrint(site_id=site_id, week=week, language=language) for _ in range(copies))
            mark_week_dirty(session, site_id, week)
