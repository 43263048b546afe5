"""Published tables per calendar month, quarter or year (Europe/Helsinki), exact: what `neuvo-server export period`,
`GET /api/v1/exports/period`, the summary report and the console show.

A month is made of the month parts of the weeks that cross into it (each laptop splits such a week by the day of
each visit: app.periods), so January and February are exact also around week 2026-W05. Disclosure control is the
one of every published table (server.suppression): each report's perturbed counts — its month parts' for a crossing
week — are summed per cell, and only the sum is marked ("<5") or shown. A count of 1–4 in each of 13 weeks therefore
shows as its quarter's sum, never as 13 hidden cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import BadInput
from app.periods import PeriodRange, month_shares, period_of_month, period_range
from server.errors import Invalid
from server.reports import contributions
from server.suppression import (
    TOTAL,
    Grouping,
    PublishedReport,
    check_threshold,
    perturbed_document,
    place_of,
    table_rows,
)

__all__ = ["PeriodTables", "parse_periods", "period_sums", "period_tables", "published_period_tables"]


def parse_periods(kind: str, first: str, last: str) -> PeriodRange:
    """`kind` ('month', 'quarter' or 'year') from `first` to `last` (each '2026-03', '2026-Q1' or '2026'), checked:
    Invalid (HTTP 422, CLI exit 2) with one sentence for '2026-13', '2026-Q5', a range that ends before it starts, or
    a quarter or year that is not whole. Nothing is read before this passes."""
    try:
        return period_range(kind, first, last)
    except BadInput as error:
        raise Invalid(str(error)) from None


@dataclass(frozen=True)
class PeriodTables:
    """A published table of a period range, with how it was made: its rows (the same the CSV export writes), the
    number of reports summed, and how many of them were old reports of a week crossing a month boundary without
    its parts (placed whole in the month of its Thursday, so not exact)."""

    periods: PeriodRange
    rows: list[PublishedReport]
    reports: int
    inexact_reports: int


def period_sums(
    session: Session,
    periods: PeriodRange,
    grouping: Grouping = "site",
    site: str | None = None,
    team: str | None = None,
) -> tuple[dict[tuple[str, str], dict[tuple[str, str], int]], int, int]:
    """(period, place) -> cell -> the sum of the perturbed counts of every report (month part) it covers, for every
    period of the range and every place that reported in it (zeros where it did not); the number of reports read;
    the number of those placed inexactly. Before marking: `published_period_tables` marks them."""
    reports = contributions(session, periods.first_week, periods.last_week, site, team, with_true_counts=False)
    sums: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    places: set[str] = set()
    inexact = 0
    for contribution in reports:
        place = place_of(contribution, grouping)
        places.add(place)
        for month, share, exact in month_shares(contribution.week, perturbed_document(contribution)):
            if not periods.contains(month):
                continue
            if not exact:
                inexact += 1
            cells = sums.setdefault((period_of_month(month, periods.kind), place), defaultdict(int))
            cells[(TOTAL, "visits")] += share["visits"]
            cells[(TOTAL, "participants")] += share["participants"]
            for dimension, values in share["counts"].items():
                for code, value in values.items():
                    cells[(dimension, code)] += value
    for period in periods.periods():
        for place in places:
            sums.setdefault((period, place), {})
    return {key: dict(value) for key, value in sums.items()}, len(reports), inexact


def published_period_tables(
    session: Session,
    periods: PeriodRange,
    threshold: int,
    grouping: Grouping = "site",
    site: str | None = None,
    team: str | None = None,
) -> PeriodTables:
    """`period_tables` with the count of reports behind it (for a methods line)."""
    check_threshold(threshold)
    sums, reports, inexact = period_sums(session, periods, grouping, site, team)
    return PeriodTables(periods, table_rows(sums, threshold), reports, inexact)


def period_tables(
    session: Session,
    periods: PeriodRange,
    threshold: int,
    grouping: Grouping = "site",
    site: str | None = None,
    team: str | None = None,
) -> list[PublishedReport]:
    """The published rows of a period range, one per (period, place), in time order then by place: per site
    (`grouping` "site"), team or all sites ("combined", place "ALL"), optionally of one site or one team only.
    Exactly the rows `neuvo-server export period` writes (`server.exports.period_export`); a count from 1 to
    threshold - 1 is the mark "<5". Raises ValueError for a useless threshold.

    Example: `period_tables(session, parse_periods("month", "2026-01", "2026-03"), 5, "combined")`.
    """
    return published_period_tables(session, periods, threshold, grouping, site, team).rows
