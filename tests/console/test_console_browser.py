"""The console in a real browser: Debian's chromium driven by Playwright (no browser download).

Logs in through the form, opens every view, checks that the figures on each page are the suppressed export's cells,
that no count of 1-4 is anywhere in a page or a response it loads, revokes a device, creates an enrollment code,
adds a code, uses the keyboard only, checks names and contrast, and saves a screenshot of each view in fi and en.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.console.conftest import EMAIL, FIRST, LAST, PASSWORD, SMALL_SITE, TEAMS, Console
from tests.console.helpers import csv_cells, exported_cells, is_small_count

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def console(sqlite_console: Console) -> Console:
    """The browser tests run on SQLite (the pages' numbers are checked on both databases over HTTP)."""
    return sqlite_console


CHROMIUM = "/usr/bin/chromium"
RANGE = f"from={FIRST}&to={LAST}"
# A whole number from 1 to 4 standing alone in text (not part of a week, a date, a time, a range like 1–4, a code
# like 1-3, a thousands group as in 1 294, or a percentage). The test data's labels hold no such digit, so any
# match is a count shown.
SMALL_NUMBER = re.compile(r"(?<![\w\-–./:,<\u202f])([1-4])(?![\w\-–./:,]|[\s\u00a0]?%|\u202f\d)")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make tools` installs it (apt-get install chromium)")
        pytest.skip("chromium is missing: run `make tools` (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class Session:
    """A logged-in browser tab that keeps every response it loaded."""

    def __init__(self, browser: Any, console: Console, language: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
        self.page = self.context.new_page()
        self.console = console
        self.bodies: list[tuple[str, str, bytes]] = []
        self.requested: list[str] = []
        self.page.on("response", self._keep)
        self.page.on("request", lambda request: self.requested.append(request.url))
        self.errors: list[str] = []  # the browser's console errors (a Content-Security-Policy violation, a script)
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # A new browser gets the login page in Finnish; the language is chosen on it.
        self.page.goto(console.url + "/")
        self.page.get_by_label("Sähköpostiosoite").fill(EMAIL)
        self.page.get_by_label("Salasana").fill(PASSWORD)
        self.page.get_by_label("Näkymän kieli").select_option(language)
        self.page.get_by_role("button", name="Kirjaudu").click()
        self.page.wait_for_url("**/console/overview")
        assert self.page.evaluate("document.documentElement.lang") == language

    def _keep(self, response: Any) -> None:
        with contextlib.suppress(playwright_api.Error):  # a redirect has no body
            self.bodies.append((response.url, response.headers.get("content-type", ""), response.body()))

    def open(self, path: str) -> Any:
        self.page.goto(self.console.url + path)
        return self.page

    def cells(self) -> dict[tuple[str, str, str, str], str]:
        found = self.page.eval_on_selector_all(
            "[data-cell]", "nodes => nodes.map(node => [node.dataset.cell, node.textContent])"
        )
        cells: dict[tuple[str, str, str, str], str] = {}
        for key, text in found:
            period, place, dimension, code = key.split("|")
            cells[(period, place, dimension, code)] = text.replace("\u202f", "")
        return cells

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def english(chromium: Any, console: Console) -> Iterator[Session]:
    session = Session(chromium, console, "en")
    yield session
    session.close()


def _exported(console: Console, scope: str) -> dict[tuple[str, str, str, str], str]:
    with console.api() as api:
        return exported_cells(api, scope, FIRST, LAST)


SCOPES = ("all", f"team:{next(iter(TEAMS))}", f"site:{SMALL_SITE}")


@pytest.mark.parametrize("scope", SCOPES)
def test_the_figures_on_each_page_are_the_exported_cells(english: Session, console: Console, scope: str) -> None:
    exported = _exported(console, scope)
    for view in ("overview", "breakdowns"):
        english.open(f"/console/{view}?{RANGE}&scope={httpx.QueryParams({'s': scope})['s']}")
        shown = english.cells()
        current = {key: value for key, value in shown.items() if not key[0].startswith("2025")}
        assert current, view
        for key, text in current.items():
            assert text == exported.get(key, "0"), (view, key)
        if view == "overview":  # every week's and month's totals of the export are on the page
            totals = {key for key in exported if key[2] == "total" and "/" not in key[0]}
            assert totals <= set(shown)
        else:  # the breakdowns show every cell of the range
            assert {key for key in exported if key[0] == f"{FIRST}/{LAST}"} <= set(shown)


class _Text(HTMLParser):
    """The text of an HTML page (SVG titles and labels included), without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _small_numbers_in_html(body: bytes) -> list[str]:
    parser = _Text()
    parser.feed(body.decode("utf-8"))
    found = []
    for text in parser.parts:
        for match in SMALL_NUMBER.finditer(text):
            found.append(text[max(0, match.start() - 30) : match.end() + 30])
    return found


def _small_counts_in_json(document: Any) -> list[str]:
    found: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("threshold", "noise_ratio", "noise_std_per_report"):
                continue
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
                found.append(f"{key}={value}")
            else:
                found += _small_counts_in_json(value)
    elif isinstance(document, list):
        for value in document:
            found += _small_counts_in_json(value)
    return found


def test_no_count_of_1_to_4_is_in_any_page_or_response(english: Session, console: Console) -> None:
    """The small desk's weeks hold 1-4 visits: its pages show the mark, in tables, charts, tooltips and axes."""
    small = httpx.QueryParams({"scope": f"site:{SMALL_SITE}"})
    for scope in ("scope=all", str(small)):
        for view in ("overview", "breakdowns"):
            page = english.open(f"/console/{view}?{RANGE}&{scope}")
            assert not [text for text in english.cells().values() if is_small_count(text)]
            assert page.locator(".count.marked").count() > 0 or scope == "scope=all"
        for fmt in ("json", "csv"):
            english.page.request.get(f"{console.url}/console/overview/download.{fmt}?{RANGE}&{scope}")
            english.page.request.get(f"{console.url}/console/breakdowns/download.{fmt}?{RANGE}&{scope}")
    checked = 0
    for url, content_type, body in english.bodies:
        if "text/html" in content_type and "/console/" in url and ("overview" in url or "breakdowns" in url):
            assert _small_numbers_in_html(body) == [], url
            checked += 1
        elif "application/json" in content_type:
            assert _small_counts_in_json(json.loads(body)) == [], url
    assert checked >= 4
    # The same for the downloads, fetched as the page's links do.
    for scope in ("scope=all", str(small)):
        for view in ("overview", "breakdowns"):
            response = english.page.request.get(f"{console.url}/console/{view}/download.json?{RANGE}&{scope}")
            assert _small_counts_in_json(response.json()) == []
            text = english.page.request.get(f"{console.url}/console/{view}/download.csv?{RANGE}&{scope}").text()
            assert not any(is_small_count(count) for count in csv_cells(text).values())


def test_a_coordinator_revokes_a_device(english: Session, console: Console) -> None:
    spare = console.devices[-1]
    page = english.open("/console/devices")
    page.get_by_role("link", name=re.compile(f"Revoke the device .*{spare.device_id[:8]}")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Revoke the device?"
    page.get_by_role("button", name="Revoke", exact=True).click()
    playwright_api.expect(page.get_by_role("status")).to_have_text("The device Neuvo desk has been revoked.")
    row = page.locator(f'tr[data-device="{spare.device_id}"]')
    assert "revoked" in row.inner_text()
    with httpx.Client(base_url=console.url + "/api/v1", timeout=10) as client:
        refused = client.get("/device", headers=spare.headers)
    assert refused.status_code == 401 and refused.json()["reason"] == "revoked"
    other = console.devices[0]
    with httpx.Client(base_url=console.url + "/api/v1", timeout=10) as client:
        assert client.get("/device", headers=other.headers).status_code == 200  # nobody else


def test_a_coordinator_creates_an_enrollment_code_shown_once(english: Session, console: Console) -> None:
    english.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = english.open("/console/devices")
    page.get_by_label("Site", exact=True).fill("Malmi health centre")
    page.get_by_label("Team (optional)").fill("North outreach")
    page.get_by_label("Valid for").select_option("168")
    with page.expect_response(lambda response: response.url.endswith("/console/enrollments")) as answer:
        page.get_by_role("button", name="Create the code").click()
    assert answer.value.headers["cache-control"] == "no-store"
    code = page.get_by_label("Enrollment code").input_value()
    assert re.fullmatch(r"[A-Z0-9]{12}", code), code
    page.get_by_role("button", name="Copy the code").click()
    playwright_api.expect(page.get_by_role("status")).to_have_text("The code has been copied.")
    assert page.evaluate("navigator.clipboard.readText()") == code
    with httpx.Client(base_url=console.url + "/api/v1", timeout=10) as client:
        enrolled = client.post("/enroll", json={"code": code, "device_id": "a" * 32, "device_secret": "s" * 43})
    assert enrolled.status_code == 200
    assert enrolled.json()["team"] == "North outreach" and enrolled.json()["sites"] == ["Malmi health centre"]
    page = english.open("/console/devices")
    assert code not in page.content()  # shown once: never again
    assert "Malmi health centre" in page.locator(".teams").inner_text()


def test_a_coordinator_adds_a_code_with_three_labels(english: Session, console: Console) -> None:
    page = english.open("/console/codes")
    page.get_by_label("List").select_option("topic")
    page.get_by_label("Code", exact=True).fill("food-aid")
    page.get_by_label("Name in Finnish").fill("Ruoka-apu")
    page.get_by_label("Name in Swedish").fill("Mathjälp")
    page.get_by_label("Name in English").fill("Food aid")
    page.get_by_role("button", name="Add", exact=True).click()
    playwright_api.expect(page.get_by_role("status")).to_have_text("The code food-aid was added to the list topic.")
    assert page.locator("#list-topic").locator("xpath=..").get_by_text("Mathjälp").count() == 1
    device = console.devices[0]
    with httpx.Client(base_url=console.url + "/api/v1", timeout=10) as client:
        document = client.get("/codes", headers=device.headers).json()
        topic = next(item for item in document["dimensions"] if item["name"] == "topic")
        assert {"code": "food-aid", "fi": "Ruoka-apu", "sv": "Mathjälp", "en": "Food aid"} in topic["values"]
        # reports may use it from now on
        body = {"revision": 1, "visits": 6, "participants": 6, "counts": {"topic": {"food-aid": 6}}}
        assert (
            client.put(f"/reports/{TEAMS['East outreach'][0]}/2026-W20", json=body, headers=device.headers).status_code
            == 200
        )
    page.get_by_label("List").select_option("topic")
    page.get_by_label("Code", exact=True).fill("food-aid")
    for language, text in (("Finnish", "Toinen"), ("Swedish", "Annan"), ("English", "Other")):
        page.get_by_label(f"Name in {language}").fill(text)
    page.get_by_role("button", name="Add", exact=True).click()
    assert page.get_by_role("alert").inner_text() == "The list already has the code 'food-aid'; nothing was changed."
    with httpx.Client(base_url=console.url + "/api/v1", timeout=10) as client:
        again = client.get("/codes", headers=device.headers).json()
    assert again == document


def test_the_console_is_usable_with_the_keyboard_only(chromium: Any, console: Console) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(console.url + "/?lang=en")
        assert page.evaluate("document.activeElement.id") == "email"  # the form has the focus
        page.keyboard.type(EMAIL)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/console/overview")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        # Tab from the top reaches the menu; Enter follows a link.
        page.goto(console.url + "/console/overview")
        for _ in range(3):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Breakdowns"
        page.keyboard.press("Enter")
        page.wait_for_url("**/console/breakdowns")
        # The choices: the arrow keys pick a team, Tab reaches "Show", Enter shows it.
        page.focus("#scope")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")  # the dimension
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Show"
        page.keyboard.press("Enter")
        page.wait_for_url("**scope=team*")
        focus_styles = page.evaluate(
            """() => { const link = document.querySelector('nav a'); link.focus();
                 const style = getComputedStyle(link); return [style.outlineStyle, style.outlineWidth]; }"""
        )
        assert focus_styles[0] == "solid" and float(focus_styles[1].removesuffix("px")) >= 2
    finally:
        context.close()


_NAMES = """() => {
  const missing = [];
  for (const node of document.querySelectorAll('a, button, input:not([type=hidden]), select, [role=img]')) {
    if (node.hidden || node.closest('[hidden]')) continue;
    let name = node.getAttribute('aria-label') || '';
    const labelledby = node.getAttribute('aria-labelledby');
    if (!name && labelledby)
      name = labelledby.split(' ').map(id => document.getElementById(id)?.textContent || '').join(' ');
    if (!name && node.labels && node.labels.length) name = Array.from(node.labels).map(l => l.textContent).join(' ');
    if (!name) name = node.textContent || node.getAttribute('title') || '';
    if (!name.trim()) missing.push(node.outerHTML.slice(0, 120));
  }
  return missing;
}"""

_CONTRAST = """() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = node => { for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor); if (c && c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const node = text.parentElement;
    if (!text.textContent.trim() || !node || node.closest('svg') || node.closest('.skip')) continue;
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden' || node.offsetParent === null && style.position !== 'fixed') continue;
    const fg = parse(style.color), bg = background(node);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(`${ratio.toFixed(2)} ${node.tagName} ${text.textContent.trim().slice(0, 40)}`);
  }
  return failures;
}"""


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_view_has_names_contrast_and_a_screenshot(
    chromium: Any, console: Console, screenshots: Path, language: str
) -> None:
    session = Session(chromium, console, language)
    try:
        session.context.grant_permissions(["clipboard-read", "clipboard-write"])
        paths = {
            "overview": f"/console/overview?{RANGE}",
            "breakdowns": f"/console/breakdowns?{RANGE}&dimension=topic",
            "completeness": f"/console/completeness?{RANGE}",
            "devices": "/console/devices",
            "codes": "/console/codes",
            "flags": "/console/flags",
        }
        for view, path in paths.items():
            page = session.open(path)
            assert page.evaluate("document.documentElement.lang") == language
            assert page.evaluate(_NAMES) == [], view
            assert page.evaluate(_CONTRAST) == [], view
            target = screenshots / f"console-{view}-{language}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
        # nothing the pages hold is refused by their Content-Security-Policy, no script fails
        assert session.errors == []
        # every script, style and font came from the server itself (no CDN), the style and script loaded
        assert all(url.startswith(console.url + "/") for url in session.requested), session.requested
        assert {f"{console.url}/console/static/console.css", f"{console.url}/console/static/console.js"} <= set(
            session.requested
        )
        # the summary report's button gives its PDF
        page = session.open(f"/console/overview?{RANGE}")
        with page.expect_download() as download:
            page.locator("form[action='/console/summary.pdf'] button").click()
        saved = screenshots / f"console-summary-{language}.pdf"
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        assert download.value.suggested_filename == f"neuvo-summary-2026-01-2026-03-{language}.pdf"
        # an enrollment code and the login page, too
        page = session.open("/console/devices")
        page.locator("#site").fill(f"Screenshot site {language}")
        page.locator("form[action='/console/enrollments'] button").click()
        assert page.evaluate(_NAMES) == [] and page.evaluate(_CONTRAST) == []
        page.screenshot(path=str(screenshots / f"console-enrollment-code-{language}.png"), full_page=True)
        page.locator("form[action='/console/logout'] button").click()
        assert page.evaluate("document.documentElement.lang") == language  # remembered after logging out
        assert page.evaluate(_NAMES) == [] and page.evaluate(_CONTRAST) == []
        page.screenshot(path=str(screenshots / f"console-login-{language}.png"), full_page=True)
    finally:
        session.close()
