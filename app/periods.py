"""Calendar months, quarters and years (Europe/Helsinki), and how a weekly report's counts fall into them.

A week that crosses a month boundary carries its counts split by the calendar month of each visit's day (the
report's `parts`, built on the laptop from the visits themselves), so that a month is exact: the sum of the parts
of its weeks that lie in it. A report without parts (from a laptop of before, or a week inside one month) falls
into one month whole: the month of its days, or for an old report of a crossing week the month of its Thursday.

Shared by the desk (`neuvo export period`) and the server (`server.periods`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from app.errors import BadInput
from app.sync.wire import WEEK_ONLY_DIMENSIONS
from app.weeks import FIRST_YEAR, LAST_YEAR, month_of_week, week_start, weeks_between

PeriodKind = Literal["month", "quarter", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "year")
# The first column of a period export (the weekly one says "week").
PERIOD_CSV_HEADER = ("period", "site", "dimension", "value", "count")
_SPEC = re.compile(r"^\s*(\d{4})(?:-(?:(\d{1,2})|[Qq](\d+)))?\s*$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Month = tuple[int, int]


def _bad(text: str, field: str, message: str, reason: str) -> BadInput:
    return BadInput(message, field, reason=reason, params={"text": text})


def parse_spec(text: str, field: str = "from") -> tuple[Month, Month]:
    """The first and last month of '2026-03', '2026-Q1' or '2026'; BadInput with one sentence otherwise
    ('2026-13' has no such month, '2026-Q5' no such quarter)."""
    match = _SPEC.match(text or "")
    if match is None:
        raise _bad(
            text, field, f"'{text}' is not a month, quarter or year like 2026-03, 2026-Q1 or 2026.", "period.invalid"
        )
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _bad(text, field, f"'{text}' is outside the years {FIRST_YEAR}–{LAST_YEAR}.", "period.out_of_range")
    if match.group(2) is not None:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise _bad(text, field, f"'{text}' is not a month: a year has months 01–12.", "period.no_such_month")
        return (year, month), (year, month)
    if match.group(3) is not None:
        quarter = int(match.group(3))
        if not 1 <= quarter <= 4:
            raise _bad(text, field, f"'{text}' is not a quarter: a year has quarters Q1–Q4.", "period.no_such_quarter")
        return (year, 3 * quarter - 2), (year, 3 * quarter)
    return (year, 1), (year, 12)


def month_label(month: Month) -> str:
    return f"{month[0]}-{month[1]:02d}"


def parse_month(label: str) -> Month:
    match = _MONTH.match(label)
    if match is None:
        raise ValueError(f"'{label}' is not a month like 2026-03")
    return int(match.group(1)), int(match.group(2))


def period_of_month(month: Month, kind: PeriodKind) -> str:
    """The month, quarter or year a month belongs to: '2026-02', '2026-Q1', '2026'."""
    year, number = month
    if kind == "month":
        return month_label(month)
    if kind == "quarter":
        return f"{year}-Q{(number - 1) // 3 + 1}"
    return str(year)


def period_sort_key(period: str) -> tuple[int, int]:
    """Months, quarters and years in time order."""
    year, _, rest = period.partition("-")
    return int(year), int(rest.removeprefix("Q")) if rest else 0


def _first_day(month: Month) -> date:
    return date(month[0], month[1], 1)


def _last_day(month: Month) -> date:
    year, number = month
    following = date(year + number // 12, number % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class PeriodRange:
    """A checked range of whole months, quarters or years: its periods and the ISO weeks that touch it."""

    kind: PeriodKind
    first: Month
    last: Month
    first_text: str
    last_text: str

    @property
    def first_week(self) -> str:
        year, week, _ = _first_day(self.first).isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def last_week(self) -> str:
        year, week, _ = _last_day(self.last).isocalendar()
        return f"{year}-W{week:02d}"

    def weeks(self) -> list[str]:
        return weeks_between(self.first_week, self.last_week)

    def months(self) -> list[Month]:
        months, (year, number) = [], self.first
        while (year, number) <= self.last:
            months.append((year, number))
            year, number = (year + 1, 1) if number == 12 else (year, number + 1)
        return months

    def periods(self) -> list[str]:
        """Every period of the range in time order, also those without any report."""
        seen: dict[str, None] = {}
        for month in self.months():
            seen[period_of_month(month, self.kind)] = None
        return list(seen)

    def contains(self, month: Month) -> bool:
        return self.first <= month <= self.last

    @property
    def label(self) -> str:
        """'2026-01–2026-03' as a person reads it (one period alone: itself)."""
        first, last = self.periods()[0], self.periods()[-1]
        return first if first == last else f"{first}–{last}"


def period_range(kind: str, first: str, last: str) -> PeriodRange:
    """The range `first`..`last` (each '2026-03', '2026-Q1' or '2026') of `kind` periods, checked: the months must
    exist, the range must not end before it starts, and for quarters and years each end must be whole (2026-02 does
    not start a quarter). BadInput with one sentence otherwise; nothing is read or changed before this passes."""
    if kind not in PERIOD_KINDS:
        raise BadInput(
            f"'{kind}' is not a period: use month, quarter or year.",
            "period",
            reason="period.kind",
            params={"text": kind},
        )
    start, _ = parse_spec(first, "from")
    _, end = parse_spec(last, "to")
    if end < start:
        raise BadInput(
            f"The range ends ({last.strip()}) before it starts ({first.strip()}).",
            "to",
            reason="range.reversed",
            params={"first": first, "last": last},
        )
    span = {"month": 1, "quarter": 3, "year": 12}[kind]
    if (start[1] - 1) % span:
        raise BadInput(
            f"'{first.strip()}' does not start a {kind}: give the {kind} itself (e.g. {period_of_month(start, kind)}).",
            "from",
            reason="period.not_whole",
            params={"text": first},
        )
    if end[1] % span:
        raise BadInput(
            f"'{last.strip()}' does not end a {kind}: give the {kind} itself (e.g. {period_of_month(end, kind)}).",
            "to",
            reason="period.not_whole",
            params={"text": last},
        )
    return PeriodRange(kind, start, end, first.strip(), last.strip())


def months_of_week(week: str) -> list[Month]:
    """The calendar months the seven days of an ISO week fall in (one, or two when it crosses a boundary)."""
    monday = week_start(week)
    sunday = monday + timedelta(days=6)
    first, last = (monday.year, monday.month), (sunday.year, sunday.month)
    return [first] if first == last else [first, last]


def month_of_day(week: str, weekday_index: int) -> Month:
    """The month of a day of an ISO week (0 = Monday)."""
    day = week_start(week) + timedelta(days=weekday_index)
    return day.year, day.month


def crosses_month(week: str) -> bool:
    return len(months_of_week(week)) > 1


def whole_month_of(week: str) -> Month:
    """Where a report without parts goes: its one month, or for a crossing week the month of its Thursday."""
    return parse_month(month_of_week(week))


def month_shares(week: str, payload: Mapping[str, Any]) -> list[tuple[Month, dict[str, Any], bool]]:
    """A report's counts as they fall into months: [(month, {"visits", "participants", "counts"}, exact)].

    A crossing week with `parts` (one per month of the week, zeros included) gives one entry per month (the
    week-only dimensions, handouts, in the month of its Thursday); any other report one entry, whole. `exact` is
    False only for a crossing week without parts (an old report, placed in the month of its Thursday)."""
    parts = payload.get("parts")
    months = months_of_week(week)
    if len(months) == 1 or not parts:
        whole = {key: payload.get(key, 0 if key != "counts" else {}) for key in ("visits", "participants", "counts")}
        return [(months[0] if len(months) == 1 else whole_month_of(week), whole, len(months) == 1)]
    thursday = whole_month_of(week)
    shares = []
    for label, part in sorted(parts.items()):
        month = parse_month(label)
        counts = {dimension: dict(values) for dimension, values in (part.get("counts") or {}).items()}
        if month == thursday:
            for dimension in WEEK_ONLY_DIMENSIONS:
                if dimension in (payload.get("counts") or {}):
                    counts[dimension] = dict(payload["counts"][dimension])
        shares.append((month, {"visits": part["visits"], "participants": part["participants"], "counts": counts}, True))
    return shares


@dataclass
class PeriodCounts:
    """The counts of one site (or team, or all sites) in one month, quarter or year: sums of the month shares of
    the weekly reports that fall in it. `inexact_weeks` counts the old reports of crossing weeks without parts
    that were placed whole in the month of their Thursday."""

    period: str
    site: str
    visits: int = 0
    participants: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    inexact_weeks: int = 0

    def add(self, share: Mapping[str, Any]) -> None:
        self.visits += share["visits"]
        self.participants += share["participants"]
        for dimension, values in share["counts"].items():
            target = self.counts.setdefault(dimension, {})
            for code, count in values.items():
                target[code] = target.get(code, 0) + count

    def count(self, dimension: str, code: str) -> int:
        if dimension == "total":
            return self.visits if code == "visits" else self.participants
        return self.counts.get(dimension, {}).get(code, 0)


def sum_periods(
    reports: Iterable[tuple[str, str, Mapping[str, Any]]], periods: PeriodRange, places: Iterable[str]
) -> list[PeriodCounts]:
    """(place, week, payload) reports summed per (period, place) of the range: every period and place, zeros too,
    in time order then by place. A crossing week at the range's edge adds only its part inside the range."""
    place_list = sorted(set(places))
    table = {(period, place): PeriodCounts(period, place) for period in periods.periods() for place in place_list}
    for place, week, payload in reports:
        for month, share, exact in month_shares(week, payload):
            if not periods.contains(month):
                continue
            key = (period_of_month(month, periods.kind), place)
            if key not in table:
                table[key] = PeriodCounts(*key)
            table[key].add(share)
            if not exact:
                table[key].inexact_weeks += 1
    return [table[key] for key in sorted(table, key=lambda key: (period_sort_key(key[0]), key[1]))]
