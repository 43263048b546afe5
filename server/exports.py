"""Weekly exports of the server: the desktop's CSV, JSON and XLSX formats with small cells suppressed."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from app import exports as desktop
from app.codes import HOUR_CODES, REPORT_DIMENSIONS, WEEKDAY_CODES, bundled_codebook
from app.sync.wire import ReportCounts, WeeklyReport
from server.suppression import SECONDARY_MARK, SuppressedReport, check_threshold, small_mark, suppress

EXPORT_FORMATS = ("csv", "json", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The site column of a combined export: every site summed.
COMBINED_SITE = "ALL"
_NATURAL_ORDER = {"hour": HOUR_CODES, "weekday": WEEKDAY_CODES}


def sum_reports(reports: Iterable[ReportCounts], site: str, week: str) -> WeeklyReport:
    """The true counts of several reports added up (a site's devices, or every site of a week)."""
    visits = participants = 0
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for report in reports:
        visits += report.visits
        participants += report.participants
        for dimension, values in report.counts.items():
            for code, count in values.items():
                counts[dimension][code] += count
    kept = {
        dimension: {code: count for code, count in values.items() if count}
        for dimension, values in counts.items()
        if any(values.values())
    }
    # Sums of valid reports are valid; constructed directly so that a sum past MAX_COUNT still exports.
    return WeeklyReport.model_construct(site=site, week=week, visits=visits, participants=participants, counts=kept)


def combine(reports: Iterable[WeeklyReport], site: str = COMBINED_SITE) -> list[WeeklyReport]:
    """One report per week, summed over every site, with the site column `ALL`; weeks in order."""
    by_week: dict[str, list[WeeklyReport]] = defaultdict(list)
    for report in reports:
        by_week[report.week].append(report)
    return [sum_reports(by_week[week], site, week) for week in sorted(by_week)]


def weekly_export(
    reports: list[WeeklyReport],
    fmt: str,
    threshold: int,
    first_week: str,
    last_week: str,
    service_names: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """The reports (already summed over devices, or over sites for a combined export) suppressed and written as
    `fmt`: "csv" (the desktop's long format, counts possibly "<5"), "json" or "xlsx".

    `service_names` gives the fi/sv/en names of referred directory entries for the XLSX labels.
    Raises ValueError for an unknown format or threshold.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format '{fmt}': use one of {', '.join(EXPORT_FORMATS)}")
    check_threshold(threshold)
    suppressed = [
        (report.week, report.site, suppress(report, threshold))
        for report in sorted(reports, key=lambda report: (report.week, report.site))
    ]
    if fmt == "csv":
        return desktop.csv_text(suppressed_rows(suppressed)).encode("utf-8")
    if fmt == "json":
        documents = [
            {**report.model_dump(include={"visits", "participants", "counts"}), "site": site, "week": week}
            for week, site, report in suppressed
        ]
        rules = {"threshold": threshold, "marks": marks(threshold)}
        return desktop.json_text(documents, first_week, last_week, suppression=rules).encode("utf-8")
    summary = [(week, site, report.visits, report.participants) for week, site, report in suppressed]
    book = desktop.workbook(summary, suppressed_rows(suppressed), service_names, notes=xlsx_notes(threshold))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def suppressed_rows(suppressed: list[tuple[str, str, SuppressedReport]]) -> list[desktop.Row]:
    """The desktop's long rows: totals first, then dimensions in report order; in a dimension the shown counts
    largest first and the hidden ones after them in code-list order (hours and weekdays in their natural order),
    so that the order of rows says nothing about the hidden counts."""
    rows: list[desktop.Row] = []
    for week, site, report in suppressed:
        rows.append((week, site, "total", "visits", report.visits))
        rows.append((week, site, "total", "participants", report.participants))
        for dimension in REPORT_DIMENSIONS:
            for code, count in _ordered(dimension, report.counts.get(dimension, {})):
                rows.append((week, site, dimension, code, count))
    return rows


def _ordered(dimension: str, values: dict[str, int | str]) -> list[tuple[str, int | str]]:
    listed = [(code, count) for code, count in values.items() if count != 0]
    if dimension in _NATURAL_ORDER:
        order = _NATURAL_ORDER[dimension]
        return sorted(listed, key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    book = bundled_codebook()  # the order of the bundled codes; codes added later sort after them
    known = book[dimension].codes if dimension in book else ()
    shown = sorted((item for item in listed if isinstance(item[1], int)), key=lambda item: (-int(item[1]), item[0]))
    hidden = sorted(
        (item for item in listed if isinstance(item[1], str)),
        key=lambda item: (known.index(item[0]) if item[0] in known else len(known), item[0]),
    )
    return shown + hidden


def marks(threshold: int) -> dict[str, str]:
    """What the marks of an export mean (none when the threshold is 1 and nothing is hidden)."""
    if threshold < 2:
        return {}
    return {
        small_mark(threshold): f"1 to {threshold - 1}: a small count could point to one person",
        SECONDARY_MARK: f'hidden so that a "{small_mark(threshold)}" cannot be worked out from the total',
    }


def xlsx_notes(threshold: int) -> tuple[str, ...]:
    """The explanation under every sheet, in Finnish, Swedish and English."""
    if threshold < 2:
        return ()
    small, top = small_mark(threshold), threshold - 1
    return (
        f'"{small}" = 1–{top} (pieni luku voisi paljastaa henkilön); '
        f'"{SECONDARY_MARK}" = piilotettu, jotta "{small}"-lukua ei voi laskea summasta.',
        f'"{small}" = 1–{top} (ett litet tal kan peka ut en person); '
        f'"{SECONDARY_MARK}" = dolt så att ett "{small}"-tal inte kan räknas ut ur summan.',
        f'"{small}" = 1–{top} (a small number could point to one person); '
        f'"{SECONDARY_MARK}" = hidden so that a "{small}" cannot be worked out from the total.',
    )


def export_filename(first_week: str, last_week: str, fmt: str, site: str | None = None, combined: bool = False) -> str:
    """A file name for `Content-Disposition` and `--out`: neuvo-weekly-2026-W40-2026-W47[-site].csv, in ASCII
    (Itäkeskus becomes itakeskus) so that every browser and shell takes it as it is."""
    scope = COMBINED_SITE if combined else (site or "")
    ascii_scope = unicodedata.normalize("NFKD", scope).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_scope).strip("-").lower()
    return f"neuvo-weekly-{first_week}-{last_week}{'-' + slug if slug else ''}.{fmt}"
