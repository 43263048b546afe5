"""Rendering the console's pages: the Jinja2 environment, what every page gets, headers, and refusals as pages."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from app.weeks import HELSINKI
from server.console.charts import shown_text
from server.console.i18n import LANGUAGE_NAMES, LANGUAGES, chosen_language, translator
from server.console.sessions import LANGUAGE_COOKIE, ConsoleUser, set_language_cookie
from server.suppression import PublishedReport, Shown, small_mark

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
# Everything the page loads comes from this server: no CDN, no inline script, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class ConsoleRefusal(Exception):
    """A console request refused with a page (one sentence, nothing changed): `status` and the message."""

    def __init__(self, status: int, message: str, login: bool = False, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.login = login  # answer with the login page (no session, or an expired one)
        self.headers = headers or {}


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["cell"] = cell
    env.globals["shown"] = shown_text
    env.globals["percent"] = percent
    env.globals["change"] = change
    return env


def cell(report: PublishedReport | None, dimension: str, code: str, none_text: str = "–") -> Markup:
    """A published count as the page shows it, marked with the export cell it is (period|place|dimension|code)."""
    if report is None:
        return Markup('<span class="none">') + escape(none_text) + Markup("</span>")
    value = report.count(dimension, code)
    key = f"{report.period}|{report.place}|{dimension}|{code}"
    css = "count marked" if isinstance(value, str) else "count"
    return Markup(f'<span class="{css}" data-cell="{escape(key)}">{escape(shown_text(value, none_text))}</span>')


def percent(part: Shown, whole: Shown, language: str) -> str:
    """A share of shown numbers, '' where either is marked (a mark has no share)."""
    if not isinstance(part, int) or not isinstance(whole, int) or whole <= 0:
        return ""
    value = 100 * part / whole
    text = f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}"
    if language != "en":
        text = text.replace(".", ",")
    return f"{text}\u00a0%"


def change(now: Shown, before: Shown, language: str) -> str:
    """The change from the previous period as a signed percentage of shown numbers, '' where either is marked."""
    if not isinstance(now, int) or not isinstance(before, int) or before <= 0:
        return ""
    text = percent(abs(now - before), before, language)
    return ("+" if now >= before else "−") + text


def rate(value: float | None, language: str) -> str:
    """A reporting rate as a percentage ('–' where nothing was expected)."""
    if value is None:
        return "–"
    text = f"{100 * value:.0f}"
    return f"{text}\u00a0%"


def hours(value: float, language: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if language != "en" else text


def page_language(request: Request) -> str:
    return chosen_language(request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE))


def when(moment: datetime | None, language: str, never: str) -> str:
    if moment is None:
        return never
    # Helsinki time; English in the British form (day first, 24 hours), as read in Finland.
    return format_datetime(moment, "short", tzinfo=HELSINKI, locale="en_GB" if language == "en" else language)


def render(
    request: Request,
    template: str,
    status: int = 200,
    user: ConsoleUser | None = None,
    headers: dict[str, str] | None = None,
    language: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """The page in `language` (else the one asked for in ?lang= or remembered in the cookie)."""
    language = language or page_language(request)
    t = translator(language)
    threshold: int = request.app.state.threshold
    html = (
        environment()
        .get_template(template)
        .render(
            t=t,
            lang=language,
            languages=LANGUAGES,
            language_names=LANGUAGE_NAMES,
            user=user,
            csrf=user.csrf if user is not None else "",
            path=request.url.path,
            query=request.url.query,
            threshold=threshold,
            mark=small_mark(threshold),
            when=lambda moment: when(moment, language, t("devices.never")),
            when_text=lambda text: when(datetime.fromisoformat(text), language, t("devices.never")),
            rate=rate,
            hours=hours,
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})
    if request.query_params.get("lang") in LANGUAGES:
        set_language_cookie(response, request, language)
    return response
