"""The directory tables, aligned with Open Referral HSDS 3.0 (organization, service, location,
service_at_location, phone, schedule, language, taxonomy term), each entry with its source and source id.

Text columns hold every language the data has as JSON (`{"fi": ..., "sv": ..., "en": ...}`). A service row
also keeps the whole record it was built from (`source_record`), the advisor's edited version
(`local_record`) and a newer source version waiting for the advisor's decision (`pending_record`): the
other tables are what the effective record says, rebuilt whenever it changes. Full-text search lives in
the FTS5 tables `dir_search` and `dir_search_trigram` (created by migration 0003, not mapped here).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.storage.base import Base


class DirOrganization(Base):
    __tablename__ = "dir_organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    source_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    website: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    email: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_dir_organizations_source"),)


class DirService(Base):
    __tablename__ = "dir_services"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    source_id: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("dir_organizations.id", ondelete="SET NULL"))
    name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    alternate_name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    url: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    email: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    assured_date: Mapped[date | None] = mapped_column(Date)
    modified_at: Mapped[datetime | None]
    checked_at: Mapped[datetime | None]  # the advisor's own "checked today"
    content_hash: Mapped[str] = mapped_column(String(64))
    source_record: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    local_record: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    pending_record: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    languages_seen: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    # From the effective record, for the filters "no appointment needed", "free", "for under-30s".
    appointment_needed: Mapped[bool | None] = mapped_column(Boolean)
    is_free: Mapped[bool | None] = mapped_column(Boolean)
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(20))
    is_withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    organization: Mapped[DirOrganization | None] = relationship(lazy="joined")
    locations: Mapped[list[DirServiceAtLocation]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DirServiceAtLocation.position"
    )
    phones: Mapped[list[DirPhone]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DirPhone.position"
    )
    schedules: Mapped[list[DirSchedule]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DirSchedule.position"
    )
    languages: Mapped[list[DirServiceLanguage]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    topics: Mapped[list[DirServiceTopic]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_dir_services_source"),
        Index("ix_dir_services_updated_at", "updated_at"),  # the search's cheap "has anything changed?"
    )

    @property
    def is_local(self) -> bool:
        return self.source == "local"


class DirLocation(Base):
    __tablename__ = "dir_locations"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    source_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    street: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    municipality: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_dir_locations_source"),)


class DirServiceAtLocation(Base):
    __tablename__ = "dir_service_at_location"
    service_id: Mapped[int] = mapped_column(ForeignKey("dir_services.id", ondelete="CASCADE"), primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("dir_locations.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    location: Mapped[DirLocation] = relationship(lazy="joined")


class DirPhone(Base):
    __tablename__ = "dir_phones"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("dir_services.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(80))
    description: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DirSchedule(Base):
    __tablename__ = "dir_schedules"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("dir_services.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    byday: Mapped[str] = mapped_column(String(30), default="")  # "MO,TU,WE"
    opens_at: Mapped[str | None] = mapped_column(String(8))
    closes_at: Mapped[str | None] = mapped_column(String(8))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    description: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DirServiceLanguage(Base):
    """A language the service is given in (ISO 639-1, else 639-3, as for visits)."""

    __tablename__ = "dir_service_languages"
    service_id: Mapped[int] = mapped_column(ForeignKey("dir_services.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(3), primary_key=True)

    __table_args__ = (Index("ix_dir_service_languages_code", "code", "service_id"),)


class DirServiceTopic(Base):
    """A taxonomy term of the service: a Neuvo topic code (the same codes as visits)."""

    __tablename__ = "dir_service_topics"
    service_id: Mapped[int] = mapped_column(ForeignKey("dir_services.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)

    __table_args__ = (Index("ix_dir_service_topics_code", "code", "service_id"),)


class DirName(Base):
    """Each entry's names, folded, one row per language: the exact name typed is found first in any directory."""

    __tablename__ = "dir_names"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("dir_services.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(400))

    __table_args__ = (Index("ix_dir_names_name", "name"), Index("ix_dir_names_service_id", "service_id"))


class DirPin(Base):
    """A site's own short list of services, shown first."""

    __tablename__ = "dir_pins"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("dir_services.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class DirFlag(Base):
    """An advisor's word that an entry is wrong or out of date; sent with the next sync (no visitor data)."""

    __tablename__ = "dir_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_source: Mapped[str] = mapped_column(String(80))
    service_source_id: Mapped[str] = mapped_column(String(200))
    service_name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    text: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
