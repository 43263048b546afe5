"""The console's pages: login, Overview, Breakdowns and their downloads (server-rendered HTML and SVG)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.codes import REPORT_DIMENSIONS, SINGLE_CHOICE_DIMENSIONS, Codebook
from app.errors import BadInput
from app.weeks import current_week
from server.api.deps import client_address
from server.codes import CodeLists
from server.console import charts
from server.console.i18n import LANGUAGES, chosen_language, code_label, dimension_label, translator, worded
from server.console.pages import ConsoleRefusal, page_language, render
from server.console.sessions import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    ConsoleUser,
    CsrfRefused,
    check_csrf,
    end_session,
    new_login_csrf,
    session_user,
    set_language_cookie,
    set_login_csrf_cookie,
    set_session_cookie,
)
from server.console.tables import Scope, Tables, WeekRange, build_tables, parse_range, parse_scope, ranked
from server.coordinators import issue_token, normalized_email, password_hash_of
from server.errors import NotAuthenticated, TooManyRequests
from server.exports import MEDIA_TYPES, weekly_export
from server.models import Site, Team
from server.rate_limits import Throttles
from server.security import is_password_correct
from server.suppression import TOTAL, PublishedReport

router = APIRouter(include_in_schema=False)
Format = Literal["csv", "xlsx", "json"]
TOP = 5
# The outcomes the overview shows as headline shares.
REFERRED, NO_SERVICE = "referred", "no-service"
NO_INTERPRETER = "none"


def authenticated(request: Request) -> ConsoleUser:
    """The session's coordinator, or the login page (401) saying why."""
    try:
        return session_user(request)
    except NotAuthenticated as refusal:
        key = "session.expired" if refusal.reason in ("expired_token", "invalid_token") else "session.missing"
        raise ConsoleRefusal(401, translator(page_language(request))(key), login=True) from None


async def form_of(request: Request, expected_csrf: str | None) -> dict[str, str]:
    """The posted form, refused (403) unless it carries the expected CSRF token."""
    form = await request.form()
    try:
        check_csrf(form.get(CSRF_FIELD), expected_csrf)
    except CsrfRefused:
        raise ConsoleRefusal(403, translator(page_language(request))("csrf.missing")) from None
    return {key: value for key, value in form.items() if isinstance(value, str)}


# -- login and logout ---------------------------------------------------------------------------------------------


def login_page(
    request: Request, status: int = 200, message: str | None = None, email: str = "", language: str | None = None
) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_csrf()
    response = render(
        request, "login.html", status=status, message=message, email=email, login_csrf=token, language=language
    )
    set_login_csrf_cookie(response, request, token)
    return response


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    try:
        session_user(request)
    except NotAuthenticated:
        return login_page(request)
    return RedirectResponse("/console/overview", status_code=303)


@router.post("/console/login")
async def log_in(request: Request) -> Response:
    form = await form_of(request, request.cookies.get(LOGIN_CSRF_COOKIE))
    language = chosen_language(form.get("language"), page_language(request))
    t = translator(language)
    throttles: Throttles = request.app.state.throttles
    email, password = normalized_email(form.get("email", "")), form.get("password", "")
    address = client_address(request)
    try:
        throttles.check_address("login", address)
        throttles.check_login(email, address)
    except TooManyRequests as refusal:
        message = t("login.throttled", seconds=refusal.retry_after)
        response = login_page(request, 429, message, form.get("email", ""), language)
        response.headers["Retry-After"] = str(refusal.retry_after)
        return response
    coordinator_id, password_hash = await run_in_threadpool(_password_hash, request.app.state.read_sessions, email)
    async with throttles.password_check():
        is_correct = await run_in_threadpool(is_password_correct, password_hash, password)
    if not is_correct or coordinator_id is None:
        throttles.login_failed(email, address)
        response = login_page(request, 401, t("login.wrong"), form.get("email", ""), language)
        set_language_cookie(response, request, language)
        return response
    throttles.login_succeeded(email, address)
    token = await run_in_threadpool(_new_token, request.app.state.sessions, coordinator_id)
    redirect = RedirectResponse("/console/overview", status_code=303)
    set_session_cookie(redirect, request, token)
    set_language_cookie(redirect, request, language)
    redirect.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return redirect


def _password_hash(read_sessions: sessionmaker[Session], email: str) -> tuple[int | None, str | None]:
    with read_sessions() as session:
        return password_hash_of(session, email)


def _new_token(sessions: sessionmaker[Session], coordinator_id: int) -> str:
    with sessions() as session:
        token, _expires_at = issue_token(session, coordinator_id)
        session.commit()
    return token


@router.post("/console/logout")
async def log_out(request: Request) -> Response:
    user = authenticated(request)
    await form_of(request, user.csrf)
    await run_in_threadpool(end_session, request.app.state.sessions, user.token)
    response = login_page(request, 200, translator(page_language(request))("logged_out"))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/console/language/{language}")
def choose_language(request: Request, language: str, back: str = "/") -> Response:
    """The language links of every page: remembered in a cookie, then back to the same page."""
    target = back if _is_own_path(back) else "/"
    response = RedirectResponse(target, status_code=303)
    if language in LANGUAGES:
        set_language_cookie(response, request, language)
    return response


def _is_own_path(back: str) -> bool:
    """A path on this server ('/console/overview?…'), never another site ('//host', '/\\host', 'https://…')."""
    parts = urlsplit(back)
    return back.startswith("/") and not parts.scheme and not parts.netloc and "\\" not in back and "//" not in back


# -- the views over published tables -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """The selectors of a view: weeks, scope, and what the selector lists."""

    range: WeekRange
    scope: Scope
    sites: list[str]
    teams: list[str]

    def query(self, **extra: str) -> str:
        from urllib.parse import urlencode

        return urlencode({"from": self.range.first, "to": self.range.last, "scope": self.scope.param, **extra})


def choices_of(session: Session, request: Request) -> Choices:
    params = request.query_params
    try:
        weeks = parse_range(params.get("from"), params.get("to"), current_week())
        scope = parse_scope(session, params.get("scope"))
    except BadInput as error:
        raise ConsoleRefusal(422, worded(error, page_language(request))) from None
    sites = list(session.scalars(select(Site.name).order_by(Site.name)))
    teams = list(session.scalars(select(Team.name).order_by(Team.name)))
    return Choices(weeks, scope, sites, teams)


def _read(request: Request) -> tuple[Choices, Tables]:
    read_sessions: sessionmaker[Session] = request.app.state.read_sessions
    with read_sessions() as session:
        choices = choices_of(session, request)
        tables = build_tables(
            session, choices.scope, choices.range, request.app.state.threshold, request.app.state.console_sums
        )
    return choices, tables


def _restricted(report: PublishedReport, cells: dict[str, list[str]]) -> PublishedReport:
    """The row with only these dimensions' codes (what a view shows of it)."""
    counts = {
        dimension: {code: report.counts[dimension][code] for code in codes if code in report.counts.get(dimension, {})}
        for dimension, codes in cells.items()
    }
    return report.model_copy(update={"counts": {name: values for name, values in counts.items() if values}})


@dataclass(frozen=True)
class Overview:
    choices: Choices
    tables: Tables
    weeks: list[tuple[str, PublishedReport | None, str, PublishedReport | None]]
    months: list[tuple[str | None, PublishedReport | None, str | None, PublishedReport | None]]
    total: PublishedReport
    previous_total: PublishedReport
    headline: dict[str, list[str]]  # dimension -> the codes shown

    def published(self) -> list[PublishedReport]:
        """Exactly the rows and cells the page shows (weekly and monthly totals, the range's headline cells)."""
        rows = [_restricted(row, {}) for row in self.tables.weeks.values()]
        rows += [_restricted(row, {}) for row in self.tables.previous_weeks.values()]
        rows += [_restricted(row, {}) for row in self.tables.months]
        rows += [_restricted(row, {}) for row in self.tables.previous_months]
        return [*rows, self.total, self.previous_total]


def overview_of(choices: Choices, tables: Tables) -> Overview:
    weeks_now, weeks_before = tables.range.weeks, tables.previous_range.weeks
    weeks = [
        (week, tables.weeks.get(week), before, tables.previous_weeks.get(before))
        for week, before in zip(weeks_now, weeks_before, strict=True)
    ]
    count = max(len(tables.months), len(tables.previous_months))
    months = [
        (
            tables.months[index].period if index < len(tables.months) else None,
            tables.months[index] if index < len(tables.months) else None,
            tables.previous_months[index].period if index < len(tables.previous_months) else None,
            tables.previous_months[index] if index < len(tables.previous_months) else None,
        )
        for index in range(count)
    ]
    total = tables.total
    interpreting = [code for code, _ in ranked(total, "interpreter") if code != NO_INTERPRETER]
    headline = {
        "topic": [code for code, _ in ranked(total, "topic", TOP)],
        "language": [code for code, _ in ranked(total, "language", TOP)],
        "interpreter": interpreting,
        "outcome": [REFERRED, NO_SERVICE],
    }
    return Overview(
        choices,
        tables,
        weeks,
        months,
        _restricted(total, headline),
        _restricted(tables.previous_total, headline),
        headline,
    )


def _codebook(request: Request) -> Codebook:
    lists: CodeLists = request.app.state.codes
    return lists.codebook


def _labels(request: Request, language: str) -> tuple[Callable[[str, str], str], Callable[[str], str]]:
    codebook = _codebook(request)

    def label(dimension: str, code: str) -> str:
        return code_label(codebook, dimension, code, language)

    def dimension_name(dimension: str) -> str:
        return dimension_label(codebook, dimension, language)

    return label, dimension_name


@router.get("/console/overview", response_class=HTMLResponse)
async def overview(request: Request) -> Response:
    user = authenticated(request)
    choices, tables = await run_in_threadpool(_read, request)
    view = overview_of(choices, tables)
    language = page_language(request)
    t = translator(language)
    label, dimension_name = _labels(request, language)
    none_text = t("overview.no_report_cell")
    week_chart = charts.time_series(
        "chart-weeks",
        t("overview.per_week"),
        t("chart.week_desc"),
        [week for week, _, _, _ in view.weeks],
        charts.Series(t("overview.visits"), [_total(row, "visits") for _, row, _, _ in view.weeks]),
        [
            (
                charts.Series(t("overview.participants"), [_total(row, "participants") for _, row, _, _ in view.weeks]),
                False,
            ),
            (charts.Series(t("chart.previous_visits"), [_total(row, "visits") for _, _, _, row in view.weeks]), True),
        ],
        none_text,
    )
    month_chart = charts.time_series(
        "chart-months",
        t("overview.per_month"),
        t("chart.month_desc"),
        [month or "" for month, _, _, _ in view.months],
        charts.Series(t("overview.visits"), [_total(row, "visits") for _, row, _, _ in view.months]),
        [
            (
                charts.Series(
                    t("overview.participants"), [_total(row, "participants") for _, row, _, _ in view.months]
                ),
                False,
            ),
            (charts.Series(t("chart.previous_visits"), [_total(row, "visits") for _, _, _, row in view.months]), True),
        ],
        none_text,
    )
    return render(
        request,
        "overview.html",
        user=user,
        view="overview",
        choices=choices,
        overview=view,
        week_chart=week_chart,
        month_chart=month_chart,
        label=label,
        dimension_name=dimension_name,
        download_query=choices.query(),
    )


def _total(row: PublishedReport | None, code: str) -> int | str | None:
    return None if row is None else row.count(TOTAL, code)


@router.get("/console/breakdowns", response_class=HTMLResponse)
async def breakdowns(request: Request) -> Response:
    user = authenticated(request)
    choices, tables = await run_in_threadpool(_read, request)
    dimension = _dimension(request)
    language = page_language(request)
    t = translator(language)
    label, dimension_name = _labels(request, language)
    shown = [dimension] if dimension else list(REPORT_DIMENSIONS)
    sections = []
    for name in shown:
        items = ranked(tables.total, name)
        chart = charts.horizontal_bars(
            f"chart-{name}",
            dimension_name(name),
            t("chart.bar_desc"),
            [(label(name, code), value) for code, value in items],
            t("overview.visits").lower(),
        )
        sections.append((name, items, chart if items else None))
    return render(
        request,
        "breakdowns.html",
        user=user,
        view="breakdowns",
        choices=choices,
        tables=tables,
        total=tables.total,
        sections=sections,
        dimension=dimension or "",
        dimensions=REPORT_DIMENSIONS,
        multi=[name for name in REPORT_DIMENSIONS if name not in SINGLE_CHOICE_DIMENSIONS],
        label=label,
        dimension_name=dimension_name,
        download_query=choices.query(dimension=dimension) if dimension else choices.query(),
    )


def _dimension(request: Request) -> str | None:
    dimension = request.query_params.get("dimension") or None
    if dimension is not None and dimension not in REPORT_DIMENSIONS:
        raise ConsoleRefusal(422, translator(page_language(request))("bad.dimension.unknown"))
    return dimension


def _download(rows: list[PublishedReport], fmt: str, request: Request, choices: Choices, name: str) -> Response:
    if fmt not in MEDIA_TYPES:
        raise ConsoleRefusal(404, "There is no such download; use CSV, XLSX or JSON.")
    threshold: int = request.app.state.threshold
    body = weekly_export(rows, fmt, threshold, choices.range.first, choices.range.last)
    filename = f"neuvo-{name}-{choices.range.first}-{choices.range.last}.{fmt}"
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@router.get("/console/overview/download.{fmt}")
async def overview_download(request: Request, fmt: str) -> Response:
    authenticated(request)
    choices, tables = await run_in_threadpool(_read, request)
    return _download(overview_of(choices, tables).published(), fmt, request, choices, "overview")


@router.get("/console/breakdowns/download.{fmt}")
async def breakdowns_download(request: Request, fmt: str) -> Response:
    authenticated(request)
    choices, tables = await run_in_threadpool(_read, request)
    dimension = _dimension(request)
    total = (
        _restricted(tables.total, {dimension: list(tables.total.counts.get(dimension, {}))})
        if dimension
        else (tables.total)
    )
    return _download([total], fmt, request, choices, "breakdowns")


unknown = APIRouter(include_in_schema=False)


@unknown.get("/console/{rest:path}")
def no_such_page(request: Request, rest: str) -> Response:
    raise ConsoleRefusal(404, translator(page_language(request))("error.no_page"))
