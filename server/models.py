"""The server's tables: teams and sites, coordinators, enrollments, devices, reports, directory and codes."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.storage.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class Team(Base):
    """A group of desks (e.g. "East Helsinki outreach"); its devices may report for any of its sites."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    sites: Mapped[list[Site]] = relationship(back_populates="team", order_by="Site.name")


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The site's usual weekly slots as its laptops last sent them ([{"weekday": 4, "start": "12:00", "end":
    # "16:00"}, ...]; no staff, no partner): a site with slots is expected to report every week. None: never sent.
    slots: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    slots_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    team: Mapped[Team] = relationship(back_populates="sites")


class Coordinator(Base):
    __tablename__ = "coordinators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoordinatorToken(Base):
    """A login: only the token's sha256 is kept, so a copy of the database logs nobody in."""

    __tablename__ = "coordinator_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Enrollment(Base):
    """A one-time code (kept as its sha256) that enrolls one device for the team of a site."""

    __tablename__ = "enrollments"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    redeemed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Device(Base):
    """An enrolled laptop: its own id and the sha256 of the secret it made before enrolling."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    team: Mapped[Team] = relationship()


class Report(Base):
    """The latest revision a device sent of one (site, week): `ReportCounts.canonical()`."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_week_site", "week", "site_id"),)

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The report's secret key (hex): the perturbations of its counts in every published table come from it
    # (server.suppression). Made at the first insert, kept through new revisions and re-enrollment moves.
    cell_key: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    # Its counts perturbed with that key, [[dimension, code, count], ...] (totals as "total"), made on arrival so
    # that an export only adds them up; None for rows stored before (worked out from the key then).
    perturbed: Mapped[list[list[Any]] | None] = mapped_column(JSON, nullable=True)


class DirectoryUpload(Base):
    """The last file uploaded in one language, as service records; all languages merge into the published one."""

    __tablename__ = "directory_uploads"

    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    format: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    services: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DirectoryVersion(Base):
    """One published directory: the exact JSON devices download, and the sha256 of its services as ETag."""

    __tablename__ = "directory_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    etag: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)


class CodesDocument(Base):
    """A codes document replacing the bundled resources/codes.json (the newest row wins)."""

    __tablename__ = "codes_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    etag: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DirectoryFlag(Base):
    """An advisor's word that a shared directory entry is wrong or out of date, as a device sent it."""

    __tablename__ = "directory_flags"
    __table_args__ = (UniqueConstraint("device_id", "client_id", name="uq_directory_flags_device_client"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    client_id: Mapped[int] = mapped_column(Integer)
    service_source: Mapped[str] = mapped_column(String(80))
    service_source_id: Mapped[str] = mapped_column(String(200))
    service_name: Mapped[dict[str, Any]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(String(300))
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)

    device: Mapped[Device] = relationship()


class ServerSetting(Base):
    """A setting a coordinator made on the server (e.g. the HSDS API's access token, stored as its sha256)."""

    __tablename__ = "server_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
