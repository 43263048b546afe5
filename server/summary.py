"""The figures of the summary report for decision makers (`neuvo-server report summary`, server.summary_pdf draws
them): the period's totals, the trend per calendar month, the top topics and languages, interpreting, referrals
onward, the unmet need ("no service exists for this need"), completeness and the desk's effort.

Every visitor count is a published cell (server.suppression through server.periods): the perturbed sum of the
reports it covers, a sum from 1 to threshold - 1 shown as the mark "<5". The totals of the whole range are summed
from the same perturbed month parts before marking, so each equals the sum of the monthly export's cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.codes import Codebook
from app.periods import PeriodRange, month_label
from app.weeks import current_week
from server.codes import stored_codebook
from server.completeness import Completeness, completeness
from server.periods import period_sums
from server.suppression import PublishedReport, Shown, check_threshold, table_rows

TOP = 6
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Summary:
    """Everything the two pages show, already published (ints or the mark)."""

    periods: PeriodRange
    scope: str  # "all sites", a site's or a team's name
    scope_kind: str  # "all", "site" or "team"
    threshold: int
    totals: PublishedReport  # the whole range
    months: list[PublishedReport]  # one per calendar month of the range (also those with no reports)
    top_topics: list[tuple[str, Shown]]
    top_languages: list[tuple[str, Shown]]
    interpreting: list[tuple[str, Shown]]
    referred: Shown
    referred_to: list[tuple[str, Shown]]
    unmet_need: Shown
    completeness: Completeness
    reports: int
    inexact_reports: int
    codebook: Codebook = field(repr=False)


def _ranked(values: dict[str, Shown], limit: int | None = None) -> list[tuple[str, Shown]]:
    """Shown counts largest first (then by code), the marked ones after them: the order says nothing about them."""
    shown: list[tuple[str, Shown]] = sorted(
        ((code, count) for code, count in values.items() if isinstance(count, int) and count),
        key=lambda item: (-int(item[1]), item[0]),
    )
    marked: list[tuple[str, Shown]] = sorted((code, count) for code, count in values.items() if isinstance(count, str))
    ranked = shown + marked
    return ranked if limit is None else ranked[:limit]


def summary_data(
    session: Session,
    periods: PeriodRange,
    threshold: int,
    site: str | None = None,
    team: str | None = None,
    today_week: str | None = None,
) -> Summary:
    """The summary of a range of months (any `periods`: its months are what the trend shows) for all sites, one
    site or one team. Raises ValueError for a useless threshold."""
    check_threshold(threshold)
    months = PeriodRange("month", periods.first, periods.last, periods.first_text, periods.last_text)
    sums, reports, inexact = period_sums(session, months, "combined", site, team)
    per_month: dict[tuple[str, str], dict[tuple[str, str], int]] = {
        (month_label(month), "ALL"): dict(sums.get((month_label(month), "ALL"), {})) for month in months.months()
    }
    whole: dict[tuple[str, str], int] = {}
    for cells in per_month.values():
        for cell, value in cells.items():
            whole[cell] = whole.get(cell, 0) + value
    [totals] = table_rows({(month_label(periods.first), "ALL"): whole}, threshold)
    totals = totals.model_copy(update={"period": periods.label})
    month_rows = table_rows(per_month, threshold)
    outcome = totals.counts.get("outcome", {})
    interpreting = {code: count for code, count in totals.counts.get("interpreter", {}).items() if code != "none"}
    this_week = today_week or current_week()
    book, _etag = stored_codebook(session)
    scope_kind = "site" if site else "team" if team else "all"
    return Summary(
        periods=periods,
        scope=site or team or "",
        scope_kind=scope_kind,
        threshold=threshold,
        totals=totals,
        months=month_rows,
        top_topics=_ranked(totals.counts.get("topic", {}), TOP),
        top_languages=_ranked(totals.counts.get("language", {}), TOP),
        interpreting=_ranked(interpreting),
        referred=outcome.get("referred", 0),
        referred_to=_ranked(totals.counts.get("referral_category", {})),
        unmet_need=outcome.get("no-service", 0),
        completeness=completeness(session, periods.first_week, periods.last_week, site, team, this_week),
        reports=reports,
        inexact_reports=inexact,
        codebook=book,
    )
