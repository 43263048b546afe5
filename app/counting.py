"""Counting visits per (site, ISO week) with one GROUP BY per dimension: the payload of a weekly report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from app.codes import REPORT_DIMENSIONS, VISITOR_ANSWER, WEEKDAY_CODES
from app.periods import crosses_month, month_label, month_of_day, months_of_week
from app.storage.directory_models import DirService
from app.storage.models import (
    REPORT_COLUMNS,
    DeskSession,
    HandoutPrint,
    Visit,
    VisitLanguage,
    VisitorAnswerCount,
    VisitOutcome,
    VisitTopic,
)
from app.sync.wire import MINUTES_IN_WEEK
from app.weeks import as_utc, local, week_bounds_utc, week_key, week_of

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
    site_id: Any,
    week: Any,
    first_week: str | None,
    last_week: str | None,
    pairs: list[tuple[int, str]] | None,
    loose: bool = False,
) -> list[Any]:
    """`loose`: the pairs' sites and weeks each in a plain IN (which SQLite answers from the report indexes, where a
    row-value IN of many pairs scans); the caller then keeps only the pairs it asked for."""
    conditions = []
    if first_week is not None:
        conditions.append(week >= first_week)
    if last_week is not None:
        conditions.append(week <= last_week)
    if pairs is not None and loose:
        conditions.append(site_id.in_(sorted({site for site, _week in pairs})))
        conditions.append(week.in_(sorted({week_ for _site, week_ in pairs})))
    elif pairs is not None:
        conditions.append(tuple_(site_id, week).in_(pairs))
    return conditions


def build_payloads(
    session: Session,
    first_week: str | None = None,
    last_week: str | None = None,
    pairs: Iterable[tuple[int, str]] | None = None,
) -> dict[tuple[int, str], dict[str, Any]]:
    """Count visits per (site id, week) with one GROUP BY per dimension, in SQLite, not in Python.

    Each query reads a covering index (ix_visits_report, ix_visit_*_report), never the visit rows. A week with desk
    sessions also gets its effort (sessions, minutes open, partner organisations: `desk_effort`), and a week crossing
    a month boundary its `parts` per calendar month (`month_parts`), which add up to the week exactly.
    """
    pair_list = None if pairs is None else list(pairs)
    if pair_list == []:
        return {}
    payloads: dict[tuple[int, str], dict[str, Any]] = defaultdict(empty_payload)
    for site_id, week, _day, dimension, code, count in _grouped(session, first_week, last_week, pair_list, False):
        _add(payloads[(site_id, week)], dimension, code, count)
    effort = desk_effort(session, first_week, last_week, pair_list)
    for place, (sessions, minutes, partners, _per_month) in effort.items():
        payloads[place].update(sessions=sessions, minutes_open=minutes, partners=partners)
    crossing = [place for place in payloads if crosses_month(place[1])]
    if crossing:
        parts = month_parts(session, crossing)
        for place in crossing:
            months = [month_label(month) for month in months_of_week(place[1])]
            payload_parts = {month: parts.get((*place, month), empty_payload()) for month in months}
            if place in effort:
                per_month = effort[place][3]
                for month in months:
                    sessions, minutes = per_month.get(month, (0, 0))
                    payload_parts[month] = {**payload_parts[month], "sessions": sessions, "minutes_open": minutes}
            payloads[place]["parts"] = payload_parts
    return dict(payloads)


def _add(payload: dict[str, Any], dimension: str, code: str, count: int) -> None:
    if dimension == "total":
        payload[code] = payload.get(code, 0) + count
    else:
        values = payload["counts"].setdefault(dimension, {})
        values[code] = values.get(code, 0) + count


def month_parts(session: Session, pairs: list[tuple[int, str]]) -> dict[tuple[int, str, str], dict[str, Any]]:
    """The counts of these (site, week) pairs split by the calendar month of each visit's day (its weekday in its
    ISO week, Helsinki time): (site id, week, 'YYYY-MM') -> {"visits", "participants", "counts"}, without the
    week-only dimensions (handouts)."""
    parts: dict[tuple[int, str, str], dict[str, Any]] = defaultdict(empty_payload)
    wanted = set(pairs)
    for site_id, week, day, dimension, code, count in _grouped(session, None, None, pairs, True):
        if (site_id, week) not in wanted:
            continue  # the loose filter's other combinations of the pairs' sites and weeks
        month = month_label(month_of_day(week, WEEKDAY_CODES.index(day)))
        _add(parts[(site_id, week, month)], dimension, code, count)
    return dict(parts)


def _grouped(
    session: Session,
    first_week: str | None,
    last_week: str | None,
    pair_list: list[tuple[int, str]] | None,
    by_day: bool,
) -> Iterator[tuple[int, str, str | None, str, str, int]]:
    """(site id, week, weekday or None, dimension, code, count) for every count of the weeks; `by_day` also groups
    by the visit's weekday (and leaves out the week-only dimensions)."""
    conditions = _place_filter(Visit.site_id, Visit.week, first_week, last_week, pair_list, by_day)
    day_columns: list[Any] = [Visit.weekday] if by_day else []
    totals = (
        select(Visit.site_id, Visit.week, *day_columns, func.count(), func.sum(Visit.participants))
        .where(*conditions)
        .group_by(Visit.site_id, Visit.week, *day_columns)
    )
    for row in session.execute(totals):
        site_id, week, day = row[0], row[1], row[2] if by_day else None
        visits, participants = row[-2], row[-1]
        yield site_id, week, day, "total", "visits", visits
        yield site_id, week, day, "total", "participants", int(participants or 0)
    for dimension in REPORT_DIMENSIONS:
        if dimension == "referral_service":
            # Counted per entry id from the visits first (IS NOT NULL lets the referral index find the referred
            # visits: most refer to no entry), then named: the directory is never the outer loop of the join.
            referred = (
                select(
                    Visit.site_id.label("site_id"),
                    Visit.week.label("week"),
                    *(column.label("day") for column in day_columns),
                    Visit.referral_service_id.label("service_id"),
                    func.count().label("count"),
                )
                .where(Visit.referral_service_id.is_not(None), *conditions)
                .group_by(Visit.site_id, Visit.week, *day_columns, Visit.referral_service_id)
                .subquery()
            )
            services = select(
                referred.c.site_id,
                referred.c.week,
                *([referred.c.day] if by_day else []),
                DirService.source,
                DirService.source_id,
                referred.c.count,
            ).join(DirService, DirService.id == referred.c.service_id)
            for row in session.execute(services):
                yield row[0], row[1], row[2] if by_day else None, dimension, service_code(row[-3], row[-2]), row[-1]
            continue
        if dimension == "handout_language":
            if by_day:
                continue  # handouts have no day: counted per week only
            query: Any = (
                select(HandoutPrint.site_id, HandoutPrint.week, HandoutPrint.language, func.count())
                .where(*_place_filter(HandoutPrint.site_id, HandoutPrint.week, first_week, last_week, pair_list))
                .group_by(HandoutPrint.site_id, HandoutPrint.week, HandoutPrint.language)
            )
        elif dimension == VISITOR_ANSWER:  # counted as answered (app.visitor_answers), never per visit
            if by_day:
                continue  # counted per week only, with no day
            answers = VisitorAnswerCount
            query = select(answers.site_id, answers.week, answers.answer, answers.count).where(
                answers.count > 0, *_place_filter(answers.site_id, answers.week, first_week, last_week, pair_list)
            )
        elif dimension in _MULTI_TABLES:
            table = _MULTI_TABLES[dimension]
            if by_day:
                # Driven from the visits (their covering report index gives the weekday and the id), each code
                # found by the table's primary key: an index-only join. From the codes' side every row would be
                # two lookups of encrypted pages (seven times slower).
                query = (
                    select(Visit.site_id, Visit.week, Visit.weekday, table.code, func.count())
                    .select_from(Visit)
                    .join(table, table.visit_id == Visit.id)
                    .where(*conditions)
                    .group_by(Visit.site_id, Visit.week, Visit.weekday, table.code)
                )
            else:
                query = (
                    select(table.site_id, table.week, table.code, func.count())
                    .where(*_place_filter(table.site_id, table.week, first_week, last_week, pair_list))
                    .group_by(table.site_id, table.week, table.code)
                )
        else:
            column = _SINGLE_COLUMNS[dimension]
            query = (
                select(Visit.site_id, Visit.week, *day_columns, column, func.count())
                .where(column.is_not(None), *conditions)
                .group_by(Visit.site_id, Visit.week, *day_columns, column)
            )
        for row in session.execute(query):
            yield row[0], row[1], row[2] if by_day else None, dimension, row[-2], row[-1]


# (sessions, minutes open, partner organisations, {month: (sessions, minutes)}) of one (site, week).
Effort = tuple[int, int, int, dict[str, tuple[int, int]]]


def desk_effort(
    session: Session, first_week: str | None, last_week: str | None, pairs: list[tuple[int, str]] | None
) -> dict[tuple[int, str], Effort]:
    """The desk sessions of each (site, week) by the week of their start (Helsinki time): how many were held, the
    minutes they were open (ended ones; at most a week's), how many different partner organisations took part
    (the number only: names stay on the laptop), and per calendar month of their start the sessions and minutes.
    A held desk counts also when nobody came."""
    query = select(DeskSession.site_id, DeskSession.started_at, DeskSession.ended_at, DeskSession.partner)
    wanted: set[tuple[int, str]] | None = None
    if pairs is not None:
        wanted = set(pairs)
        weeks = sorted({week for _site, week in wanted}, key=week_key)
        begin, end = week_bounds_utc(weeks[0])[0], week_bounds_utc(weeks[-1])[1]
        query = query.where(
            DeskSession.site_id.in_({site for site, _week in wanted}),
            DeskSession.started_at >= begin,
            DeskSession.started_at < end,
        )
    else:
        if first_week is not None:
            query = query.where(DeskSession.started_at >= week_bounds_utc(first_week)[0])
        if last_week is not None:
            query = query.where(DeskSession.started_at < week_bounds_utc(last_week)[1])
    held: dict[tuple[int, str], list[tuple[str, int, str | None]]] = defaultdict(list)
    for site_id, started_at, ended_at, partner in session.execute(query):
        place = (site_id, week_of(started_at))
        if wanted is not None and place not in wanted:
            continue
        minutes = 0 if ended_at is None else max(0, int((as_utc(ended_at) - as_utc(started_at)).total_seconds() // 60))
        day = local(started_at).date()
        held[place].append((f"{day.year}-{day.month:02d}", minutes, (partner or "").strip().casefold() or None))
    effort: dict[tuple[int, str], Effort] = {}
    for place, sessions in held.items():
        per_month: dict[str, tuple[int, int]] = {}
        total_minutes = 0
        for month, minutes, _partner in sessions:
            # One laptop holds one session at a time: a week has at most MINUTES_IN_WEEK minutes open.
            minutes = min(minutes, MINUTES_IN_WEEK - total_minutes)
            total_minutes += minutes
            count, summed = per_month.get(month, (0, 0))
            per_month[month] = (count + 1, summed + minutes)
        partners = len({partner for _month, _minutes, partner in sessions if partner})
        effort[place] = (len(sessions), total_minutes, partners, per_month)
    return effort
