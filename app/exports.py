"""Weekly counts as files: CSV (long format, codes), JSON, and XLSX with fi/sv/en labels for Excel users."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from app.codes import LABEL_LANGUAGES, REPORT_DIMENSIONS, codebook
from app.directory.records import pick
from app.languages import language_index
from app.statistics import Totals, WeeklyReport
from app.weeks import now_utc

CSV_HEADER = ("week", "site", "dimension", "value", "count")


def long_rows(reports: list[WeeklyReport]) -> list[tuple[str, str, str, str, int]]:
    """One row per (week, site, dimension, value); totals first, then dimensions in report order."""
    rows = []
    for report in reports:
        rows.append((report.week, report.site, "total", "visits", report.visits))
        rows.append((report.week, report.site, "total", "participants", report.participants))
        totals = Totals()
        totals.add(report)
        for dimension in REPORT_DIMENSIONS:
            for code, count in totals.rows(dimension):
                rows.append((report.week, report.site, dimension, code, count))
    return rows


def to_csv(reports: list[WeeklyReport]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(long_rows(reports))
    return buffer.getvalue()


def to_json(reports: list[WeeklyReport], first_week: str, last_week: str) -> str:
    document = {
        "generated_at": now_utc().isoformat(timespec="seconds"),
        "from": first_week,
        "to": last_week,
        "reports": [report.model_dump() for report in reports],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def value_labels(dimension: str, code: str, service_names: dict[str, dict[str, str]] | None = None) -> list[str]:
    if dimension == "referral_service":
        names = (service_names or {}).get(code)
        return [pick(names, language) if names else code for language in LABEL_LANGUAGES]
    if dimension in ("language", "handout_language"):
        index = language_index()
        return [index.name(code, language) for language in LABEL_LANGUAGES]
    if dimension == "total":
        labels = {"visits": ("Käynnit", "Besök", "Visits"), "participants": ("Henkilöt", "Personer", "People")}
        return list(labels[code])
    return [codebook().label(dimension, code, language) for language in LABEL_LANGUAGES]


def write_xlsx(reports: list[WeeklyReport], path: Path, service_names: dict[str, dict[str, str]] | None = None) -> None:
    """One readable sheet per dimension: week, site, code, label in fi/sv/en, count.

    `service_names` labels the directory entries referred to (`StatisticsService.service_names`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = "total"
    summary.append(
        [
            "Viikko / Vecka / Week",
            "Toimipiste / Plats / Site",
            "Käynnit / Besök / Visits",
            "Henkilöt / Personer / People",
        ]
    )
    for report in reports:
        summary.append([report.week, report.site, report.visits, report.participants])
    rows_by_dimension: dict[str, list[tuple[str, str, str, int]]] = {name: [] for name in REPORT_DIMENSIONS}
    for week, site, dimension, code, count in long_rows(reports):
        if dimension != "total":
            rows_by_dimension[dimension].append((week, site, code, count))
    for dimension in REPORT_DIMENSIONS:
        sheet = workbook.create_sheet(dimension[:31])
        title = " / ".join(codebook()[dimension].label(language) for language in LABEL_LANGUAGES)
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(
            [
                "Viikko / Vecka / Week",
                "Toimipiste / Plats / Site",
                "Koodi / Kod / Code",
                "Suomeksi",
                "På svenska",
                "In English",
                "Lukumäärä / Antal / Count",
            ]
        )
        for week, site, code, count in rows_by_dimension[dimension]:
            sheet.append([week, site, code, *value_labels(dimension, code, service_names), count])
    for sheet in workbook.worksheets:
        header_row = 2 if sheet.title != "total" else 1
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    workbook.save(path)
