"""Exports of the server: the desktop's CSV, JSON and XLSX formats, filled with published (perturbed) tables."""

from __future__ import annotations

import io
import re
import unicodedata
from functools import lru_cache

from sqlalchemy.orm import Session

from app import exports as desktop
from app.codes import HOUR_CODES, REPORT_DIMENSIONS, WEEKDAY_CODES, Codebook, bundled_codebook
from app.periods import PERIOD_CSV_HEADER, PeriodRange
from server.reports import contributions
from server.suppression import (
    COMBINED_PLACE,
    NOISE_95,
    NOISE_RATIO,
    NOISE_STD,
    Grouping,
    Period,
    PublishedReport,
    check_threshold,
    publish,
    small_mark,
)

EXPORT_FORMATS = ("csv", "json", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The site column of a combined export: every site summed.
COMBINED_SITE = COMBINED_PLACE
_NATURAL_ORDER = {"hour": HOUR_CODES, "weekday": WEEKDAY_CODES}


def method(threshold: int) -> dict[str, object]:
    """How the numbers of an export were made, for its readers (the JSON's `disclosure_control`)."""
    return {
        "method": "perturbation",
        "description": (
            "Every count is perturbed: each device's report adds a fixed random amount (mean 0, standard deviation "
            f"{NOISE_STD:g}) to each of its counts, and a published number is the sum over the reports it covers. "
            f"A sum of r reports is within ±{NOISE_95}·√r of the true count 19 times out of 20."
        ),
        "noise_ratio": NOISE_RATIO,
        "noise_std_per_report": NOISE_STD,
        "threshold": threshold,
        "marks": marks(threshold),
    }


def published_tables(
    session: Session,
    first_week: str,
    last_week: str,
    threshold: int,
    site: str | None = None,
    grouping: Grouping = "site",
    period: Period = "week",
) -> list[PublishedReport]:
    """The table an export (or a console view) shows for these weeks: per site, team or all sites, per week,
    month or quarter (by the months of the weeks' Thursdays; a month cut by the range holds only its weeks in it)."""
    reports = contributions(session, first_week, last_week, site, with_true_counts=False)
    return publish(reports, threshold, grouping, period)


def weekly_export(
    reports: list[PublishedReport],
    fmt: str,
    threshold: int,
    first_week: str,
    last_week: str,
    service_names: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """Published tables (server.suppression.publish) written as `fmt`: "csv" (the desktop's long format, counts
    possibly "<5"), "json" or "xlsx". The first column holds the period: an ISO week, a month or a quarter.

    `service_names` gives the fi/sv/en names of referred directory entries for the XLSX labels.
    Raises ValueError for an unknown format or threshold.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format '{fmt}': use one of {', '.join(EXPORT_FORMATS)}")
    check_threshold(threshold)
    if fmt == "csv":
        return desktop.csv_text(suppressed_rows(reports)).encode("utf-8")
    if fmt == "json":
        documents = [
            {
                **report.model_dump(include={"visits", "participants", "counts"}),
                "site": report.place,
                "week": report.period,
            }
            for report in reports
        ]
        return desktop.json_text(documents, first_week, last_week, disclosure_control=method(threshold)).encode("utf-8")
    summary = [(report.period, report.place, report.visits, report.participants) for report in reports]
    book = desktop.workbook(summary, suppressed_rows(reports), service_names, notes=xlsx_notes(threshold))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def period_export(
    reports: list[PublishedReport],
    fmt: str,
    threshold: int,
    periods: PeriodRange,
    inexact_reports: int = 0,
    service_names: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """Published period rows (server.periods.period_tables) as `fmt`: CSV `period,site,dimension,value,count`
    (counts possibly "<5"; the same dimensions and codes as the weekly export), JSON or XLSX.
    Raises ValueError for an unknown format or threshold."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format '{fmt}': use one of {', '.join(EXPORT_FORMATS)}")
    check_threshold(threshold)
    if fmt == "csv":
        return desktop.csv_text(suppressed_rows(reports), header=PERIOD_CSV_HEADER).encode("utf-8")
    if fmt == "json":
        documents = [
            {
                "period": report.period,
                "site": report.place,
                **report.model_dump(include={"visits", "participants", "counts"}),
            }
            for report in reports
        ]
        control = {**method(threshold), "inexact_reports": inexact_reports}
        return desktop.period_json_text(documents, periods, disclosure_control=control).encode("utf-8")
    summary = [(report.period, report.place, report.visits, report.participants) for report in reports]
    book = desktop.workbook(
        summary,
        suppressed_rows(reports),
        service_names,
        notes=xlsx_notes(threshold),
        first_column=desktop.PERIOD_COLUMN,
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def period_filename(periods: PeriodRange, fmt: str, site: str | None = None, grouping: str = "site") -> str:
    """neuvo-monthly-2026-01-2026-03[-site|-team|-all].csv, in ASCII."""
    first, last = periods.periods()[0], periods.periods()[-1]
    name = export_filename(first, last, fmt, site, grouping=grouping)
    kind = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}[periods.kind]
    return name.replace("neuvo-weekly-", f"neuvo-{kind}-", 1)


def suppressed_rows(reports: list[PublishedReport]) -> list[desktop.Row]:
    """The desktop's long rows: totals first, then dimensions in report order; in a dimension the shown counts
    largest first and the marked ones after them in code-list order (hours and weekdays in their natural order),
    so that the order of rows says nothing about the marked counts."""
    rows: list[desktop.Row] = []
    for report in reports:
        week, site = report.period, report.place
        rows.append((week, site, "total", "visits", report.visits))
        rows.append((week, site, "total", "participants", report.participants))
        for dimension in REPORT_DIMENSIONS:
            for code, count in _ordered(dimension, report.counts.get(dimension, {})):
                rows.append((week, site, dimension, code, count))
    return rows


@lru_cache(maxsize=64)
def _positions(dimension: str, book: Codebook) -> dict[str, int]:
    """Each code's place in its list (hours and weekdays in their natural order)."""
    if dimension in _NATURAL_ORDER:
        return {code: index for index, code in enumerate(_NATURAL_ORDER[dimension])}
    return {code: index for index, code in enumerate(book[dimension].codes)} if dimension in book else {}


def _ordered(dimension: str, values: dict[str, int | str]) -> list[tuple[str, int | str]]:
    listed = [(code, count) for code, count in values.items() if count != 0]
    positions = _positions(dimension, bundled_codebook())  # codes added later sort after the bundled ones
    last = len(positions)
    if dimension in _NATURAL_ORDER:
        return sorted(listed, key=lambda item: positions.get(item[0], last))
    shown = sorted((item for item in listed if type(item[1]) is int), key=lambda item: (-int(item[1]), item[0]))
    hidden = sorted(
        (item for item in listed if type(item[1]) is str), key=lambda item: (positions.get(item[0], last), item[0])
    )
    return shown + hidden


def marks(threshold: int) -> dict[str, str]:
    """What the marks of an export mean (none when the threshold is 1 and nothing is hidden)."""
    if threshold < 2:
        return {}
    return {small_mark(threshold): f"a perturbed sum of 1 to {threshold - 1}: a small count could point to one person"}


def xlsx_notes(threshold: int) -> tuple[str, ...]:
    """The explanation under every sheet, in Finnish, Swedish and English."""
    notes = (
        f"Luvut on satunnaistettu: jokaisen laitteen raporttiin lisätään kiinteä satunnainen määrä (keskiarvo 0, "
        f"keskihajonta {NOISE_STD:g}); r raportin summa on 95 %:n todennäköisyydellä ±{NOISE_95}·√r oikeasta.",
        f"Talen är slumpade: varje enhets rapport får ett fast slumpmässigt tillägg (medelvärde 0, standardavvikelse "
        f"{NOISE_STD:g}); summan av r rapporter ligger med 95 % sannolikhet inom ±{NOISE_95}·√r från det rätta.",
        f"The numbers are perturbed: each device's report adds a fixed random amount (mean 0, standard deviation "
        f"{NOISE_STD:g}); a sum of r reports is within ±{NOISE_95}·√r of the true count 19 times out of 20.",
    )
    if threshold < 2:
        return notes
    small, top = small_mark(threshold), threshold - 1
    return (
        *notes,
        f'"{small}" = satunnaistettu summa 1–{top} (pieni luku voisi paljastaa henkilön).',
        f'"{small}" = slumpad summa 1–{top} (ett litet tal kan peka ut en person).',
        f'"{small}" = a perturbed sum of 1–{top} (a small number could point to one person).',
    )


def export_filename(
    first_week: str,
    last_week: str,
    fmt: str,
    site: str | None = None,
    combined: bool = False,
    grouping: str = "site",
    period: str = "week",
) -> str:
    """A file name for `Content-Disposition` and `--out`: neuvo-weekly-2026-W40-2026-W47[-site].csv, in ASCII
    (Itäkeskus becomes itakeskus) so that every browser and shell takes it as it is; other tables say which
    (neuvo-monthly-…-team.csv)."""
    scope = COMBINED_SITE if combined or grouping == "combined" else (site or ("team" if grouping == "team" else ""))
    ascii_scope = unicodedata.normalize("NFKD", scope).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_scope).strip("-").lower()
    name = {"week": "weekly", "month": "monthly", "quarter": "quarterly"}.get(period, "weekly")
    return f"neuvo-{name}-{first_week}-{last_week}{'-' + slug if slug else ''}.{fmt}"
