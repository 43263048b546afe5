"""The tables of the local store (SQLAlchemy 2.0 typed ORM). Nothing here can identify a visitor."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.storage.base import Base


class Setting(Base):
    """Store-wide settings (declared in app.settings), as JSON values."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Site(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    usual_languages: Mapped[list[str]] = mapped_column(default=list)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether the desk may turn the exit question ("Did you get the help you needed?") to the visitor here.
    asks_exit_question: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    slots: Mapped[list[WeeklySlot]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="WeeklySlot.weekday"
    )


class WeeklySlot(Base):
    """A usual weekly opening of a site, e.g. Thursdays 12–16 with Monik ry."""

    __tablename__ = "weekly_slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # ISO: 1 = Monday
    start_time: Mapped[str] = mapped_column(String(5))  # "12:00", Helsinki time
    end_time: Mapped[str] = mapped_column(String(5))
    partner: Mapped[str | None] = mapped_column(String(200))
    site: Mapped[Site] = relationship(back_populates="slots")


class DeskSession(Base):
    __tablename__ = "desk_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    staff: Mapped[str | None] = mapped_column(String(200))
    partner: Mapped[str | None] = mapped_column(String(200))
    is_from_paper: Mapped[bool] = mapped_column(Boolean, default=False)


# The visit columns a weekly report counts, one dimension each (the multi-selects have their own tables).
REPORT_COLUMNS = (
    "interpreter",
    "contact",
    "found_via",
    "referral_category",
    "referral_reason",
    "duration",
    "hour",
    "weekday",
    "age_band",
    "gender",
    "years_in_finland",
    "asked_by",
)


class Visit(Base):
    """One anonymous visit (or one group info session). Week, weekday and hour are Helsinki time."""

    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("desk_sessions.id", ondelete="SET NULL"))
    at: Mapped[datetime]
    week: Mapped[str] = mapped_column(String(8))
    weekday: Mapped[str] = mapped_column(String(3))
    hour: Mapped[str] = mapped_column(String(2))
    contact: Mapped[str] = mapped_column(String(40))
    participants: Mapped[int] = mapped_column(Integer, default=1)
    interpreter: Mapped[str | None] = mapped_column(String(40))
    found_via: Mapped[str | None] = mapped_column(String(40))
    duration: Mapped[str | None] = mapped_column(String(40))
    referral_category: Mapped[str | None] = mapped_column(String(40))
    referral_reason: Mapped[str | None] = mapped_column(String(40))
    age_band: Mapped[str | None] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(40))
    years_in_finland: Mapped[str | None] = mapped_column(String(40))
    asked_by: Mapped[str | None] = mapped_column(String(40))  # the person themself, a relative, a professional
    note: Mapped[str | None] = mapped_column(Text)
    referral_service_id: Mapped[int | None] = mapped_column(ForeignKey("dir_services.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    topics: Mapped[list[VisitTopic]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    languages: Mapped[list[VisitLanguage]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    outcomes: Mapped[list[VisitOutcome]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __table_args__ = (
        Index("ix_visits_site_week", "site_id", "week"),
        Index("ix_visits_week", "week"),
        Index("ix_visits_at", "at"),
        Index("ix_visits_site_at", "site_id", "at"),
        # Every column a weekly report counts, so that building reports reads this index, not the rows.
        Index("ix_visits_report", "site_id", "week", "participants", *REPORT_COLUMNS),
        Index("ix_visits_referral_service", "site_id", "week", "referral_service_id"),
    )


class _VisitCode:
    """One code of a multi-select (topic, language, outcome) of a visit.

    The visit's site and week are repeated here so that weekly counts read only this table's report index,
    without a join back to the visits (VisitService._fill keeps them equal to the visit's).
    """

    if TYPE_CHECKING:
        __tablename__: str  # each table's own

    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    site_id: Mapped[int]
    week: Mapped[str] = mapped_column(String(8))

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, ...]:  # noqa: N805 - SQLAlchemy declarative API
        return (Index(f"ix_{cls.__tablename__}_report", "site_id", "week", "code"),)


class VisitTopic(_VisitCode, Base):
    __tablename__ = "visit_topics"


class VisitLanguage(_VisitCode, Base):
    __tablename__ = "visit_languages"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)


class VisitOutcome(_VisitCode, Base):
    __tablename__ = "visit_outcomes"


class WeekReportRow(Base):
    """The weekly aggregate of one (site, week), rebuilt from visits whenever it is marked dirty.

    The revision grows each time the content changes; the sync sends the newest revision until the server
    acknowledges it (`acked_revision`). A closed week had its visits deleted after the retention period:
    its payload stays for statistics and it can no longer change.
    """

    __tablename__ = "week_reports"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    is_dirty: Mapped[bool] = mapped_column(Boolean, default=True)
    built_at: Mapped[datetime | None]
    acked_revision: Mapped[int] = mapped_column(Integer, default=0)
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)


class VisitorAnswerCount(Base):
    """How many visitors of one (site, ISO week) gave each answer to the exit question.

    Only counts, one row per answer code, changed in place: no row per answer, no visit id, no time. So an answer
    can never be joined to the visit it followed, its topics or its other choices; it is a dimension of the week's
    visits and nothing more, as the weekly report counts it.
    """

    __tablename__ = "visitor_answer_counts"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    answer: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


# The one row of `sync_state`: a laptop is one device.
SYNC_STATE_ID = 1


class SyncState(Base):
    """This laptop's identity towards the statistics server and how the last sync went (one row, id 1).

    The identity is created and committed before the first enrollment attempt, so that a retry after a
    lost answer is the same device. The secret never leaves the encrypted store except to the server.
    """

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[str] = mapped_column(String(32))
    device_secret: Mapped[str] = mapped_column(String(64))
    # The identity a revocation replaced, kept until the next enrollment so that the server can move that
    # identity's reports to the new one instead of counting them twice.
    previous_device_id: Mapped[str | None] = mapped_column(String(32))
    previous_device_secret: Mapped[str | None] = mapped_column(String(64))
    server_url: Mapped[str | None] = mapped_column(String(500))
    ca_bundle: Mapped[str | None] = mapped_column(Text)  # PEM text, so that moving the file breaks nothing
    team: Mapped[str | None] = mapped_column(String(200))
    sites: Mapped[list[str]] = mapped_column(default=list)
    enrolled_at: Mapped[datetime | None]
    is_revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # What kind of failure the last error was (unreachable, certificate, incomplete, refused, revoked),
    # so that a window can say it in the person's language; the sentence itself is English.
    last_error_kind: Mapped[str | None] = mapped_column(String(40))
    directory_etag: Mapped[str | None] = mapped_column(String(200))
    codes_etag: Mapped[str | None] = mapped_column(String(200))
    codes_document: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class HandoutPrint(Base):
    """One handout given (printed, saved or shown): only what the weekly report counts, nothing else."""

    __tablename__ = "handout_prints"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    week: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))

    __table_args__ = (Index("ix_handout_prints_report", "site_id", "week", "language"),)


# The directory's tables are on the same metadata (a visit refers to a directory entry).
import app.storage.directory_models  # noqa: E402, F401
