"""Weekly counts as files: CSV (long format, codes), JSON, and XLSX with fi/sv/en labels for Excel users."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.codes import LABEL_LANGUAGES, REPORT_DIMENSIONS, Codebook, bundled_codebook
from app.directory.records import pick
from app.files import replacing, write_atomically
from app.languages import language_index
from app.periods import PERIOD_CSV_HEADER, PeriodCounts, PeriodRange
from app.statistics import StatisticsService, Totals
from app.sync.wire import WeeklyReport
from app.weeks import now_utc

if TYPE_CHECKING:
    from openpyxl import Workbook

CSV_HEADER = ("week", "site", "dimension", "value", "count")
# A text cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV injection"): a site or a
# directory name such as =HYPERLINK("http://…"&A1,"Puhos") would run when the file is opened.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# A count as exports write it: a number, or a mark such as "<5" in the server's suppressed exports.
Count = int | str
Row = tuple[str, str, str, str, Count]


def long_rows(reports: list[WeeklyReport]) -> list[Row]:
    """One row per (week, site, dimension, value); totals first, then dimensions in report order."""
    rows: list[Row] = []
    for report in reports:
        rows.append((report.week, report.site, "total", "visits", report.visits))
        rows.append((report.week, report.site, "total", "participants", report.participants))
        totals = Totals()
        totals.add(report)
        for dimension in REPORT_DIMENSIONS:
            for code, count in totals.rows(dimension):
                rows.append((report.week, report.site, dimension, code, count))
    return rows


class ExcelFinnish(csv.Dialect):
    """What Excel in a Finnish (or Swedish) locale reads on a double-click: `;` between fields, since the comma is
    the decimal separator there, and Windows line ends. The file starts with a UTF-8 byte order mark, without
    which Excel reads the bytes in the ANSI code page and å, ä, ö come out wrong (`csv_text`)."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


# The CSV dialects of an export: the documented long format (comma, LF, no BOM: for scripts and further processing)
# and the same rows for a spreadsheet opened by double-click in Finland.
CSV_DIALECTS = ("plain", "excel-fi")
csv.register_dialect("excel-fi", ExcelFinnish)
BYTE_ORDER_MARK = "\ufeff"


def to_csv(reports: list[WeeklyReport], dialect: str = "plain") -> str:
    return csv_text(long_rows(reports), dialect)


def is_formula_like(value: object) -> bool:
    if type(value) is not str or not value:
        return False
    first = value[0] if value[0] != " " else value.lstrip(" ")[:1]
    return first in FORMULA_STARTS


def neutral(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text that would start a formula gets a leading apostrophe (OWASP)."""
    return "'" + value if is_formula_like(value) else value


def excel_fi_cell(value: Any) -> Any:
    """A cell as Finnish Excel reads it: a decimal number with a decimal comma; text neutralised (`neutral`)."""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return neutral(value)


def csv_text(rows: Iterable[Row], dialect: str = "plain", header: Sequence[str] = CSV_HEADER) -> str:
    """The long format with its header; the server's exports write their rows (counts possibly "<5") with it too.
    Text that a spreadsheet would take for a formula is neutralised (`neutral`). `dialect` "excel-fi" writes the
    same rows for Finnish Excel: a byte order mark, `;`, CRLF and decimal commas (`ExcelFinnish`). A period
    export's `header` starts with "period"."""
    if dialect not in CSV_DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")
    buffer = io.StringIO()
    if dialect == "excel-fi":
        buffer.write(BYTE_ORDER_MARK)
        writer = csv.writer(buffer, dialect=ExcelFinnish)
        cell = excel_fi_cell
    else:
        writer = csv.writer(buffer, lineterminator="\n")
        cell = neutral
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _append(sheet: Any, values: Sequence[Any]) -> None:
    """A row of an XLSX sheet where every text is text: openpyxl would store "=…" as a formula, so such a value is
    written as a string cell marked with Excel's quote prefix (shown as typed, never evaluated, also after an edit)."""
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"  # openpyxl guessed "f" from the "="
            cell.quotePrefix = True


def to_json(reports: list[WeeklyReport], first_week: str, last_week: str) -> str:
    # Month parts stay out of the weekly file (the period export sums them); effort is there when a desk was held.
    documents = [report.model_dump(exclude_none=True, exclude={"parts"}) for report in reports]
    return json_text(documents, first_week, last_week)


def json_text(reports: list[dict[str, Any]], first_week: str, last_week: str, **extra: Any) -> str:
    """The JSON document of a week range; `extra` adds top-level keys (the server's suppression rules)."""
    document = {
        "generated_at": now_utc().isoformat(timespec="seconds"),
        "from": first_week,
        "to": last_week,
        **extra,
        "reports": reports,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def value_labels(
    dimension: str, code: str, service_names: dict[str, dict[str, str]] | None = None, codes: Codebook | None = None
) -> list[str]:
    if dimension == "referral_service":
        names = (service_names or {}).get(code)
        return [pick(names, language) if names else code for language in LABEL_LANGUAGES]
    if dimension in ("language", "handout_language"):
        index = language_index()
        return [index.name(code, language) for language in LABEL_LANGUAGES]
    if dimension == "total":
        labels = {"visits": ("Käynnit", "Besök", "Visits"), "participants": ("Henkilöt", "Personer", "People")}
        return list(labels[code])
    book = codes or bundled_codebook()
    return [book.label(dimension, code, language) for language in LABEL_LANGUAGES]


def write_xlsx(
    reports: list[WeeklyReport],
    path: Path,
    service_names: dict[str, dict[str, str]] | None = None,
    codes: Codebook | None = None,
) -> None:
    """One readable sheet per dimension: week, site, code, label in fi/sv/en, count (replacing `path` whole).

    `service_names` labels the directory entries referred to (`StatisticsService.service_names`).
    """
    summary = [(report.week, report.site, report.visits, report.participants) for report in reports]
    _save_workbook(workbook(summary, long_rows(reports), service_names, codes=codes), path)


def _save_workbook(book: Workbook, path: Path) -> None:
    """Save replacing `path` whole (the old file or the new one, never half of one)."""
    with replacing(path) as temporary:
        book.save(temporary)


EXPORT_FORMATS = ("csv", "json", "xlsx")


def export_text(
    reports: list[WeeklyReport], fmt: str, first_week: str, last_week: str, csv_dialect: str = "plain"
) -> str:
    """A CSV (in `csv_dialect`, see `CSV_DIALECTS`) or JSON export as text (for standard output)."""
    return to_csv(reports, csv_dialect) if fmt == "csv" else to_json(reports, first_week, last_week)


def write_export(
    reports: list[WeeklyReport],
    fmt: str,
    path: Path,
    first_week: str,
    last_week: str,
    service_names: dict[str, dict[str, str]] | None = None,
    codes: Codebook | None = None,
    csv_dialect: str = "plain",
) -> Path:
    """The export in `fmt` (csv, json, xlsx) written to `path` atomically: the old file or the whole new one.

    A file held open by another program (Excel, on Windows) is `FileInUse`, with nothing written."""
    if fmt == "xlsx":
        write_xlsx(reports, path, service_names, codes)
    else:
        write_atomically(path, export_text(reports, fmt, first_week, last_week, csv_dialect))
    return path


def export_range(
    statistics: StatisticsService,
    fmt: str,
    path: Path,
    first_week: str,
    last_week: str,
    site_id: int | None = None,
    codes: Codebook | None = None,
    csv_dialect: str = "plain",
) -> Path:
    """The weekly reports of a range (one site or all) exported to `path`: what the Statistics screen and
    `neuvo export weekly --out` both do (the screen's CSV is "excel-fi", the command line's "plain" by default)."""
    reports = statistics.weekly_reports(first_week, last_week, site_id)
    service_names = statistics.service_names(reports) if fmt == "xlsx" else {}
    return write_export(reports, fmt, path, first_week, last_week, service_names, codes, csv_dialect)


def workbook(
    summary: Sequence[tuple[str, str, Count, Count]],
    rows: Iterable[Row],
    service_names: dict[str, dict[str, str]] | None = None,
    notes: Sequence[str] = (),
    codes: Codebook | None = None,
    first_column: str = "Viikko / Vecka / Week",
) -> Workbook:
    """A "total" sheet of (week, site, visits, participants), then one sheet per dimension from the long rows;
    `notes` (what "<5" means, in the server's exports) go under the data of every sheet, one line each;
    `first_column` names the period column (PERIOD_COLUMN in a period export)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    labels = codes or bundled_codebook()
    book = Workbook()
    total_sheet = book.worksheets[0]  # a new workbook has one sheet
    total_sheet.title = "total"
    _append(
        total_sheet,
        [
            first_column,
            "Toimipiste / Plats / Site",
            "Käynnit / Besök / Visits",
            "Henkilöt / Personer / People",
        ],
    )
    for line in summary:
        _append(total_sheet, list(line))
    rows_by_dimension: dict[str, list[tuple[str, str, str, Count]]] = {name: [] for name in REPORT_DIMENSIONS}
    for week, site, dimension, code, count in rows:
        if dimension != "total":
            rows_by_dimension[dimension].append((week, site, code, count))
    for dimension in REPORT_DIMENSIONS:
        sheet = book.create_sheet(dimension[:31])
        title = " / ".join(labels[dimension].label(language) for language in LABEL_LANGUAGES)
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(
            [
                first_column,
                "Toimipiste / Plats / Site",
                "Koodi / Kod / Code",
                "Suomeksi",
                "På svenska",
                "In English",
                "Lukumäärä / Antal / Count",
            ]
        )
        for week, site, code, count in rows_by_dimension[dimension]:
            _append(sheet, [week, site, code, *value_labels(dimension, code, service_names, labels), count])
    for sheet in book.worksheets:
        header_row = 2 if sheet.title != "total" else 1
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for number, column in enumerate(sheet.columns, start=1):
            width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, 8), 60)
        if notes:
            # Written after the widths so that a long sentence does not widen the first column.
            sheet.append([])
        for note in notes:
            sheet.append([note])
            sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    return book


# The first column of a period export's sheets.
PERIOD_COLUMN = "Jakso / Period / Period"


def period_rows(reports: Iterable[PeriodCounts]) -> list[Row]:
    """The long rows of a period export, as `long_rows` writes weeks: totals first, then the dimensions."""
    rows: list[Row] = []
    for report in reports:
        rows.append((report.period, report.site, "total", "visits", report.visits))
        rows.append((report.period, report.site, "total", "participants", report.participants))
        totals = Totals(counts=defaultdict(lambda: defaultdict(int)))
        for dimension, values in report.counts.items():
            for code, count in values.items():
                totals.counts[dimension][code] += count
        for dimension in REPORT_DIMENSIONS:
            for code, count in totals.rows(dimension):
                rows.append((report.period, report.site, dimension, code, count))
    return rows


def write_period_export(
    reports: list[PeriodCounts],
    fmt: str,
    path: Path | None,
    periods: PeriodRange,
    service_names: dict[str, dict[str, str]] | None = None,
    codes: Codebook | None = None,
) -> str | None:
    """A period export (`neuvo export period`): CSV `period,site,dimension,value,count`, JSON or XLSX, written to
    `path` atomically, or for CSV and JSON returned as text when `path` is None."""
    if fmt == "xlsx":
        if path is None:
            raise ValueError("an XLSX export needs a file")
        summary = [(report.period, report.site, report.visits, report.participants) for report in reports]
        book = workbook(summary, period_rows(reports), service_names, codes=codes, first_column=PERIOD_COLUMN)
        _save_workbook(book, path)
        return None
    if fmt == "csv":
        text = csv_text(period_rows(reports), header=PERIOD_CSV_HEADER)
    else:
        documents = [
            {
                "period": report.period,
                "site": report.site,
                "visits": report.visits,
                "participants": report.participants,
                "counts": report.counts,
            }
            for report in reports
        ]
        text = period_json_text(documents, periods)
    if path is None:
        return text
    write_atomically(path, text)
    return None


def period_json_text(reports: list[dict[str, Any]], periods: PeriodRange, **extra: Any) -> str:
    """The JSON document of a period range: its kind, first and last period, then the rows."""
    document = {
        "generated_at": now_utc().isoformat(timespec="seconds"),
        "period": periods.kind,
        "from": periods.periods()[0],
        "to": periods.periods()[-1],
        **extra,
        "reports": reports,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
