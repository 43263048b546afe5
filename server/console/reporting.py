"""The console's Completeness view (server.completeness) and the summary report's button (neuvo-server report
summary, run as its own process: its PDF is painted with QtGui, which the server process never loads)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from openpyxl import Workbook
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.errors import BadInput
from app.periods import period_range
from app.weeks import current_week
from server.completeness import Completeness, completeness
from server.config import DATABASE_URL_ENV
from server.console.i18n import chosen_language, worded
from server.console.pages import ConsoleRefusal, page_language, render
from server.console.routes import Choices, authenticated, choices_of
from server.exports import MEDIA_TYPES

router = APIRouter(include_in_schema=False)
SUMMARY_SECONDS = 120
COLUMNS = ("site", "team", "week", "status", "expected", "received_at", "devices", "sessions", "hours_open", "partners")


def _read(request: Request) -> tuple[Choices, Completeness]:
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        choices = choices_of(session, request)
        scope = choices.scope
        result = completeness(
            session,
            choices.range.first,
            choices.range.last,
            site=scope.name if scope.kind == "site" else None,
            team=scope.name if scope.kind == "team" else None,
            today_week=current_week(),
        )
    return choices, result


@router.get("/console/completeness", response_class=HTMLResponse)
async def completeness_view(request: Request) -> Response:
    user = authenticated(request)
    choices, result = await run_in_threadpool(_read, request)
    grid: dict[str, dict[str, object]] = {}
    for week in result.weeks:
        grid.setdefault(week.site, {})[week.week] = week
    missing = [week for week in result.weeks if week.status == "missing"]
    return render(
        request,
        "completeness.html",
        user=user,
        view="completeness",
        choices=choices,
        result=result,
        weeks=choices.range.weeks,
        grid=grid,
        missing=missing,
        download_query=choices.query(),
    )


def completeness_file(result: Completeness, fmt: str) -> bytes:
    """The view's rows: every (site, week) with its status, arrival, devices and effort (no visitor count)."""
    rows = [
        [
            week.site,
            week.team,
            week.week,
            week.status,
            week.expected,
            week.received_at or "",
            " ".join(week.devices),
            "" if week.sessions is None else week.sessions,
            "" if week.hours_open is None else week.hours_open,
            "" if week.partners is None else week.partners,
        ]
        for week in result.weeks
    ]
    if fmt == "json":
        return (json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "completeness"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    rates = book.create_sheet("sites")
    rates.append(["site", "team", "has_slots", "expected", "received", "rate", "sessions", "hours_open"])
    for site in result.sites:
        rates.append(
            [
                site.site,
                site.team,
                site.has_slots,
                site.expected,
                site.received,
                site.rate,
                site.sessions,
                site.hours_open,
            ]
        )
    rates.append(["ALL", "", "", result.expected, result.received, result.rate, "", ""])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@router.get("/console/completeness/download.{fmt}")
async def completeness_download(request: Request, fmt: str) -> Response:
    authenticated(request)
    if fmt not in MEDIA_TYPES:
        raise ConsoleRefusal(404, "There is no such download; use CSV, XLSX or JSON.")
    choices, result = await run_in_threadpool(_read, request)
    name = f"neuvo-completeness-{choices.range.first}-{choices.range.last}.{fmt}"
    return Response(
        completeness_file(result, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def _choices(request: Request) -> Choices:
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        return choices_of(session, request)


def _summary_pdf(request: Request, first: str, last: str, language: str, scope: list[str]) -> bytes:
    url = request.app.state.engine.url.render_as_string(hide_password=False)
    with tempfile.TemporaryDirectory(prefix="neuvo-summary-") as folder:
        out = Path(folder) / "summary.pdf"
        command = [
            sys.executable,
            "-m",
            "server",
            "report",
            "summary",
            "--from",
            first,
            "--to",
            last,
            "--lang",
            language,
            "--threshold",
            str(request.app.state.threshold),
            "--out",
            str(out),
            *scope,
        ]
        environment = {**os.environ, DATABASE_URL_ENV: url, "QT_QPA_PLATFORM": "offscreen"}
        completed = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=SUMMARY_SECONDS, check=False
        )
        if completed.returncode != 0:
            lines = completed.stderr.strip().splitlines()
            raise ConsoleRefusal(422 if completed.returncode == 2 else 500, lines[-1] if lines else "")
        return out.read_bytes()


@router.get("/console/summary.pdf")
async def summary_report(request: Request) -> Response:
    authenticated(request)
    params = request.query_params
    language = page_language(request)
    first, last = params.get("from_month", ""), params.get("to_month", "")
    report_language = chosen_language(params.get("report_lang"), language)
    try:
        periods = period_range("month", first, last)
    except BadInput as error:
        raise ConsoleRefusal(422, worded(error, language)) from None
    choices = await run_in_threadpool(_choices, request)
    scope = {"site": ["--site", choices.scope.name or ""], "team": ["--team", choices.scope.name or ""]}.get(
        choices.scope.kind, []
    )
    body = await run_in_threadpool(_summary_pdf, request, periods.first_text, periods.last_text, report_language, scope)
    name = f"neuvo-summary-{periods.first_text}-{periods.last_text}-{report_language}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
