"""Teams and their sites: a device enrolled for a team may report for any site of it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.weeks import now_utc
from server.errors import Invalid
from server.models import Site, Team

MAX_NAME_LENGTH = 200


def _clean(name: str, what: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise Invalid(f"The {what} name is empty.")
    if len(text) > MAX_NAME_LENGTH:
        raise Invalid(f"The {what} name is longer than {MAX_NAME_LENGTH} characters.")
    return text


def site_named(session: Session, name: str) -> Site | None:
    return session.scalar(select(Site).where(Site.name == name))


def team_named(session: Session, name: str) -> Team | None:
    return session.scalar(select(Team).where(Team.name == name))


def ensure_site(session: Session, site_name: str, team_name: str | None = None) -> Site:
    """The site, created (in `team_name`, or in a new one-site team named after it) when it does not exist."""
    site_name = _clean(site_name, "site")
    site = site_named(session, site_name)
    if site is not None:
        if team_name is not None and site.team.name != _clean(team_name, "team"):
            raise Invalid(f"The site {site_name} belongs to the team {site.team.name}, not {team_name}.")
        return site
    now = now_utc()
    wanted_team = _clean(team_name, "team") if team_name is not None else site_name
    team = team_named(session, wanted_team)
    if team is None:
        team = Team(name=wanted_team, created_at=now)
        session.add(team)
        session.flush()
    site = Site(name=site_name, team_id=team.id, created_at=now)
    session.add(site)
    session.flush()
    return site


def all_sites(session: Session) -> list[Site]:
    return list(session.scalars(select(Site).order_by(Site.name)))


def team_site_names(session: Session, team_id: int) -> list[str]:
    return list(session.scalars(select(Site.name).where(Site.team_id == team_id).order_by(Site.name)))
