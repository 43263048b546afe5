"""Sites (where the desk stands) and their usual weekly slots."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.errors import BadInput, NotFound
from app.languages_check import check_language_codes
from app.storage.database import Sessions
from app.storage.models import Site, WeeklySlot
from app.weeks import now_utc

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class SlotInfo:
    id: int
    site_id: int
    weekday: int  # ISO, 1 = Monday
    start_time: str
    end_time: str
    partner: str | None


@dataclass(frozen=True)
class SiteInfo:
    id: int
    name: str
    usual_languages: list[str]
    is_default: bool
    slots: list[SlotInfo] = field(default_factory=list)
    asks_exit_question: bool = False  # the desk may turn "Did you get the help you needed?" to the visitor


def _info(site: Site) -> SiteInfo:
    return SiteInfo(
        id=site.id,
        name=site.name,
        usual_languages=list(site.usual_languages),
        is_default=site.is_default,
        slots=[
            SlotInfo(slot.id, site.id, slot.weekday, slot.start_time, slot.end_time, slot.partner)
            for slot in site.slots
        ],
        asks_exit_question=site.asks_exit_question,
    )


def parse_time_of_day(text: str, field_name: str) -> str:
    match = _TIME.match(text.strip())
    if not match:
        raise BadInput(f"'{text}' is not a time like 12:00.", field_name, reason="time.invalid", params={"text": text})
    return f"{int(match.group(1)):02d}:{match.group(2)}"


class SiteService:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    @staticmethod
    def validate_name(name: str) -> str:
        cleaned = " ".join(name.split())
        if not cleaned:
            raise BadInput("The site needs a name.", "site", reason="site.name_missing")
        if len(cleaned) > 200:
            raise BadInput("The site name is too long (200 characters at most).", "site", reason="site.name_too_long")
        return cleaned

    @staticmethod
    def insert_site(session: Session, name: str, languages: list[str], is_default: bool) -> Site:
        name = SiteService.validate_name(name)
        if session.scalar(select(Site.id).where(Site.name == name)) is not None:
            raise BadInput(
                f"There is already a site called '{name}'.", "site", reason="site.exists", params={"name": name}
            )
        site = Site(
            name=name,
            usual_languages=check_language_codes(languages),
            is_default=is_default,
            created_at=now_utc(),
        )
        session.add(site)
        session.flush()
        return site

    def all(self) -> list[SiteInfo]:
        with self._sessions() as session:
            sites = session.scalars(select(Site).order_by(Site.is_default.desc(), Site.name)).all()
            return [_info(site) for site in sites]

    def get(self, site_id: int) -> SiteInfo:
        with self._sessions() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound(f"No site with id {site_id}.", "site", reason="site.not_found", params={"id": site_id})
            return _info(site)

    def by_name(self, name: str) -> SiteInfo:
        with self._sessions() as session:
            site = session.scalar(select(Site).where(Site.name == " ".join(name.split())))
            if site is None:
                known = ", ".join(session.scalars(select(Site.name).order_by(Site.name)))
                raise NotFound(
                    f"No site called '{name}' (known: {known}).",
                    "site",
                    reason="site.unknown_name",
                    params={"name": name},
                )
            return _info(site)

    def default(self) -> SiteInfo:
        with self._sessions() as session:
            site = session.scalar(select(Site).order_by(Site.is_default.desc(), Site.id).limit(1))
            if site is None:
                raise NotFound("The store has no site yet.", "site")
            return _info(site)

    def add(self, name: str, usual_languages: list[str] | None = None, asks_exit_question: bool = False) -> SiteInfo:
        with self._sessions() as session, session.begin():
            site = self.insert_site(session, name, usual_languages or [], is_default=False)
            site.asks_exit_question = asks_exit_question
            return _info(site)

    def update(
        self,
        site_id: int,
        name: str | None = None,
        usual_languages: list[str] | None = None,
        asks_exit_question: bool | None = None,
    ) -> SiteInfo:
        with self._sessions() as session, session.begin():
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound(f"No site with id {site_id}.", "site", reason="site.not_found", params={"id": site_id})
            if name is not None:
                cleaned = self.validate_name(name)
                clash = session.scalar(select(Site.id).where(Site.name == cleaned, Site.id != site_id))
                if clash is not None:
                    raise BadInput(
                        f"There is already a site called '{cleaned}'.",
                        "site",
                        reason="site.exists",
                        params={"name": cleaned},
                    )
                site.name = cleaned
            if usual_languages is not None:
                site.usual_languages = check_language_codes(usual_languages)
            if asks_exit_question is not None:
                site.asks_exit_question = asks_exit_question
            session.flush()
            return _info(site)

    def set_default(self, site_id: int) -> None:
        with self._sessions() as session, session.begin():
            if session.get(Site, site_id) is None:
                raise NotFound(f"No site with id {site_id}.", "site", reason="site.not_found", params={"id": site_id})
            session.execute(update(Site).values(is_default=Site.id == site_id))

    def add_slot(
        self, site_id: int, weekday: int, start_time: str, end_time: str, partner: str | None = None
    ) -> SlotInfo:
        if not 1 <= weekday <= 7:
            raise BadInput("The weekday must be 1 (Monday) to 7 (Sunday).", "weekday", reason="slot.weekday")
        start = parse_time_of_day(start_time, "start")
        end = parse_time_of_day(end_time, "end")
        if end <= start:
            raise BadInput("The slot must end after it starts.", "end", reason="slot.end_before_start")
        with self._sessions() as session, session.begin():
            if session.get(Site, site_id) is None:
                raise NotFound(f"No site with id {site_id}.", "site", reason="site.not_found", params={"id": site_id})
            slot = WeeklySlot(
                site_id=site_id,
                weekday=weekday,
                start_time=start,
                end_time=end,
                partner=(partner or "").strip() or None,
            )
            session.add(slot)
            session.flush()
            return SlotInfo(slot.id, site_id, weekday, start, end, slot.partner)

    def remove_slot(self, slot_id: int) -> None:
        with self._sessions() as session, session.begin():
            slot = session.get(WeeklySlot, slot_id)
            if slot is None:
                raise NotFound(f"No weekly slot with id {slot_id}.", "slot")
            session.delete(slot)

    def slot(self, slot_id: int) -> SlotInfo:
        with self._sessions() as session:
            slot = session.get(WeeklySlot, slot_id)
            if slot is None:
                raise NotFound(f"No weekly slot with id {slot_id}.", "slot")
            return SlotInfo(slot.id, slot.site_id, slot.weekday, slot.start_time, slot.end_time, slot.partner)
