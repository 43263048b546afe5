"""Counting visits per (site, ISO week) with one GROUP BY per dimension: the payload of a weekly report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from app.codes import REPORT_DIMENSIONS, VISITOR_ANSWER
from app.storage.directory_models import DirService
from app.storage.models import (
    REPORT_COLUMNS,
    HandoutPrint,
    Visit,
    VisitLanguage,
    VisitorAnswerCount,
    VisitOutcome,
    VisitTopic,
)

_SINGLE_COLUMNS = {name: getattr(Visit, name) for name in REPORT_COLUMNS}
_MULTI_TABLES: dict[str, type[VisitTopic | VisitLanguage | VisitOutcome]] = {
    "topic": VisitTopic,
    "language": VisitLanguage,
    "outcome": VisitOutcome,
}


def service_code(source: str, source_id: str) -> str:
    """A directory entry as a report counts it: its source and its id there, the same on every laptop
    that imported the same data (a local entry's code means something only on its own laptop).

    Percent-encoded, so that a file name with a space or an "ä" in the source still makes a code the wire
    format accepts (`app.sync.wire`: no spaces, no prose).
    """
    return f"{quote(source, safe=':')}:{quote(source_id, safe='')}"


def empty_payload() -> dict[str, Any]:
    return {"visits": 0, "participants": 0, "counts": {}}


def _place_filter(
    site_id: Any, week: Any, first_week: str | None, last_week: str | None, pairs: list[tuple[int, str]] | None
) -> list[Any]:
    conditions = []
    if first_week is not None:
        conditions.append(week >= first_week)
    if last_week is not None:
        conditions.append(week <= last_week)
    if pairs is not None:
        conditions.append(tuple_(site_id, week).in_(pairs))
    return conditions


def build_payloads(
    session: Session,
    first_week: str | None = None,
    last_week: str | None = None,
    pairs: Iterable[tuple[int, str]] | None = None,
) -> dict[tuple[int, str], dict[str, Any]]:
    """Count visits per (site id, week) with one GROUP BY per dimension, in SQLite, not in Python.

    Each query reads a covering index (ix_visits_report, ix_visit_*_report), never the visit rows.
    """
    pair_list = None if pairs is None else list(pairs)
    if pair_list == []:
        return {}
    conditions = _place_filter(Visit.site_id, Visit.week, first_week, last_week, pair_list)
    payloads: dict[tuple[int, str], dict[str, Any]] = defaultdict(empty_payload)
    totals = select(Visit.site_id, Visit.week, func.count(), func.sum(Visit.participants)).where(*conditions)
    for site_id, week, visits, participants in session.execute(totals.group_by(Visit.site_id, Visit.week)):
        payloads[(site_id, week)].update(visits=visits, participants=int(participants or 0))
    for dimension in REPORT_DIMENSIONS:
        if dimension == "referral_service":
            services = (
                select(Visit.site_id, Visit.week, DirService.source, DirService.source_id, func.count())
                .join(DirService, DirService.id == Visit.referral_service_id)
                .where(*conditions)
                .group_by(Visit.site_id, Visit.week, DirService.id)
            )
            for site_id, week, source, source_id, count in session.execute(services):
                payloads[(site_id, week)]["counts"].setdefault(dimension, {})[service_code(source, source_id)] = count
            continue
        if dimension == "handout_language":
            query = (
                select(HandoutPrint.site_id, HandoutPrint.week, HandoutPrint.language, func.count())
                .where(*_place_filter(HandoutPrint.site_id, HandoutPrint.week, first_week, last_week, pair_list))
                .group_by(HandoutPrint.site_id, HandoutPrint.week, HandoutPrint.language)
            )
        elif dimension == VISITOR_ANSWER:  # counted as answered (app.visitor_answers), never per visit
            answers = VisitorAnswerCount
            query = select(answers.site_id, answers.week, answers.answer, answers.count).where(
                answers.count > 0, *_place_filter(answers.site_id, answers.week, first_week, last_week, pair_list)
            )
        elif dimension in _MULTI_TABLES:
            table = _MULTI_TABLES[dimension]
            query = (
                select(table.site_id, table.week, table.code, func.count())
                .where(*_place_filter(table.site_id, table.week, first_week, last_week, pair_list))
                .group_by(table.site_id, table.week, table.code)
            )
        else:
            column = _SINGLE_COLUMNS[dimension]
            query = (
                select(Visit.site_id, Visit.week, column, func.count())
                .where(column.is_not(None), *conditions)
                .group_by(Visit.site_id, Visit.week, column)
            )
        for site_id, week, code, count in session.execute(query):
            payloads[(site_id, week)]["counts"].setdefault(dimension, {})[code] = count
    return dict(payloads)
