"""The summary report for decision makers as a two-page A4 PDF, in Finnish, Swedish or English, drawn with QtGui
(QPdfWriter, QPainter, QTextDocument) and the bundled Noto fonts, as the desk's handouts are (app.handouts.render):
no display needed, nothing fetched from anywhere.

Page 1: the totals, the trend per calendar month (bars of visits, the numbers on them and in a table beneath).
Page 2: top topics and languages, interpreting, referrals onward, the unmet need, completeness and the methods.
Every visitor count is a published cell of server.summary (a sum from 1 to threshold - 1 is the mark, "<5"; a
marked month draws no bar, so its height tells nothing either).
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPaintDevice, QPainter, QPdfWriter, QPen, QTextDocument

from app.files import replacing
from app.handouts.fonts import handout_font
from app.handouts.render import ensure_gui_application
from app.languages import language_index
from app.periods import parse_month
from server.summary import Summary
from server.suppression import NOISE_95, Shown

PAGE_MM = (210.0, 297.0)
MARGIN_MM = 18.0
DPI = 300
ACCENT = QColor("#0a5c8a")
MUTED = QColor("#4d4d4d")  # 8.6:1 on white
GRID = QColor("#c8c8c8")

TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "fi": "Neuvo – yhteenveto päättäjille",
        "sv": "Neuvo – sammanfattning för beslutsfattare",
        "en": "Neuvo – summary for decision makers",
    },
    "all": {"fi": "Kaikki toimipisteet", "sv": "Alla platser", "en": "All sites"},
    "site": {"fi": "Toimipiste", "sv": "Plats", "en": "Site"},
    "team": {"fi": "Tiimi", "sv": "Team", "en": "Team"},
    "visits": {"fi": "Käynnit", "sv": "Besök", "en": "Visits"},
    "people": {"fi": "Henkilöt", "sv": "Personer", "en": "People"},
    "sessions": {"fi": "Neuvontavuorot", "sv": "Rådgivningspass", "en": "Desk sessions"},
    "hours": {"fi": "tuntia auki", "sv": "timmar öppet", "en": "hours open"},
    "rate": {"fi": "Raportointiaste", "sv": "Rapporteringsgrad", "en": "Reporting rate"},
    "rate_of": {
        "fi": "{received}/{expected} odotetusta viikosta",
        "sv": "{received}/{expected} väntade veckor",
        "en": "{received}/{expected} expected weeks",
    },
    "no_rate": {"fi": "ei odotettuja viikkoja", "sv": "inga väntade veckor", "en": "no week expected"},
    "trend": {"fi": "Käynnit kuukausittain", "sv": "Besök per månad", "en": "Visits per month"},
    "month": {"fi": "Kuukausi", "sv": "Månad", "en": "Month"},
    "topics": {"fi": "Yleisimmät aiheet", "sv": "Vanligaste ämnen", "en": "Top topics"},
    "languages": {"fi": "Yleisimmät neuvonnan kielet", "sv": "Vanligaste rådgivningsspråk", "en": "Top languages"},
    "interpreting": {"fi": "Tulkkaus", "sv": "Tolkning", "en": "Interpreting"},
    "referred": {"fi": "Ohjattiin eteenpäin", "sv": "Hänvisades vidare", "en": "Referred onward"},
    "referred_to": {"fi": "Ohjattiin kohteeseen", "sv": "Hänvisades till", "en": "Referred to"},
    "unmet": {
        "fi": "Tarpeeseen ei ole palvelua",
        "sv": "Ingen tjänst finns för behovet",
        "en": "No service exists for this need",
    },
    "unmet_title": {"fi": "Täyttymätön tarve", "sv": "Ouppfyllt behov", "en": "Unmet need"},
    "completeness": {"fi": "Raportoinnin kattavuus", "sv": "Rapporteringens täckning", "en": "Completeness"},
    "missing_sites": {
        "fi": "Toimipisteet, joilta puuttuu viikkoja",
        "sv": "Platser där veckor saknas",
        "en": "Sites with missing weeks",
    },
    "none_missing": {
        "fi": "Kaikki odotetut viikot saapuivat.",
        "sv": "Alla väntade veckor kom in.",
        "en": "Every expected week arrived.",
    },
    "more_sites": {"fi": "ja {count} muuta", "sv": "och {count} till", "en": "and {count} more"},
    "count": {"fi": "Määrä", "sv": "Antal", "en": "Count"},
    "page": {"fi": "Sivu {page}/2", "sv": "Sida {page}/2", "en": "Page {page} of 2"},
    "methods_title": {"fi": "Menetelmä", "sv": "Metod", "en": "Method"},
    "methods": {
        "fi": (
            "Neuvojat kirjaavat jokaisen käynnin nimettömänä; kannettavat lähettävät vain toimipisteen viikkokohtaiset "
            "määrät, ja kuukauden vaihteen ylittävä viikko jaetaan käyntipäivien mukaan kalenterikuukausiin (Helsingin "
            "aika). Jokaisen laitteen raporttiin lisätään kiinteä satunnainen määrä, ja luku on näiden summa "
            "(r raportin summa on 95 %:n todennäköisyydellä ±{noise}·√r oikeasta); summat 1–{top} näytetään "
            'muodossa "{mark}". Tämä yhteenveto kattaa {reports} viikkoraporttia.'
        ),
        "sv": (
            "Rådgivarna registrerar varje besök anonymt; datorerna skickar bara platsens antal per vecka, och en vecka "
            "som går över ett månadsskifte delas efter besöksdagarna på kalendermånader (Helsingforstid). Varje "
            "enhets rapport får ett fast slumpmässigt tillägg och ett tal är summan av dem (summan av r rapporter "
            'ligger med 95 % sannolikhet inom ±{noise}·√r från det rätta); summor 1–{top} visas som "{mark}". '
            "Sammanfattningen bygger på {reports} veckorapporter."
        ),
        "en": (
            "Advisors log each visit anonymously; laptops send only each site's weekly counts, and a week crossing a "
            "month boundary is split into calendar months by the day of each visit (Helsinki time). Each device's "
            "report adds a fixed random amount and a figure is their sum (a sum of r reports is within ±{noise}·√r "
            'of the true count 19 times out of 20); sums of 1–{top} are shown as "{mark}". This summary covers '
            "{reports} weekly reports."
        ),
    },
    "inexact": {
        "fi": " {count} vanhaa raporttia kuukauden vaihteen viikoilta on laskettu viikon torstain kuukauteen.",
        "sv": " {count} äldre rapporter från veckor över ett månadsskifte räknas till veckans torsdags månad.",
        "en": " {count} older reports of weeks crossing a month boundary are counted in the month of their Thursday.",
    },
}


def text(key: str, language: str, **values: object) -> str:
    return TEXTS[key][language].format(**values)


def number(value: Shown) -> str:
    """A published count as the report prints it: plain digits (so that it reads back as the export's cell)."""
    return str(value)


def month_name(month: str, language: str, long: bool = True) -> str:
    year, number_ = parse_month(month)
    return format_date(date(year, number_, 1), "LLLL yyyy" if long else "LLL", locale=language)


def period_title(summary: Summary, language: str) -> str:
    first, last = summary.months[0].period, summary.months[-1].period
    if first == last:
        return month_name(first, language)
    return f"{month_name(first, language)} – {month_name(last, language)}"


def scope_title(summary: Summary, language: str) -> str:
    if summary.scope_kind == "all":
        return text("all", language)
    return f"{text(summary.scope_kind, language)}: {summary.scope}"


def label(summary: Summary, dimension: str, code: str, language: str) -> str:
    if dimension == "language":
        return language_index().name(code, language)
    try:
        return summary.codebook.label(dimension, code, language)
    except KeyError:
        return code


def rate_text(summary: Summary, language: str) -> tuple[str, str]:
    result = summary.completeness
    if result.rate is None:
        return "–", text("no_rate", language)
    percent = format_decimal(round(result.rate * 100), locale=language) + " %"
    return percent, text("rate_of", language, received=result.received, expected=result.expected)


def methods_text(summary: Summary, language: str) -> str:
    mark = f"<{summary.threshold}"
    line = text("methods", language, noise=NOISE_95, top=summary.threshold - 1, mark=mark, reports=summary.reports)
    if summary.inexact_reports:
        line += text("inexact", language, count=summary.inexact_reports)
    return line


class _Page:
    """Millimetres on the device, and HTML blocks drawn at a position with a width."""

    def __init__(self, painter: QPainter, device: QPaintDevice) -> None:
        self.painter = painter
        self.device = device
        self.per_mm = device.width() / PAGE_MM[0]

    def mm(self, value: float) -> float:
        return value * self.per_mm

    def html(self, html: str, x_mm: float, y_mm: float, width_mm: float, points: float) -> float:
        """Draw `html`; returns its height in mm."""
        document = QTextDocument()
        document.documentLayout().setPaintDevice(self.device)
        document.setDefaultFont(handout_font(points))
        document.setDocumentMargin(0)
        document.setDefaultStyleSheet(
            f"h1 {{ color: {ACCENT.name()}; }} h2 {{ color: {ACCENT.name()}; }} .muted {{ color: {MUTED.name()}; }}"
            " td { padding: 2px 6px 2px 0; } th { padding: 2px 6px 2px 0; text-align: left; }"
            " td.n, th.n { text-align: right; }"
        )
        document.setHtml(html)
        document.setTextWidth(self.mm(width_mm))
        self.painter.save()
        self.painter.translate(QPointF(self.mm(x_mm), self.mm(y_mm)))
        document.drawContents(self.painter)
        self.painter.restore()
        return document.size().height() / self.per_mm


def _table(rows: list[tuple[str, str]], head: tuple[str, str] | None = None) -> str:
    header = f"<tr><th>{escape(head[0])}</th><th class='n'>{escape(head[1])}</th></tr>" if head else ""
    body = "".join(f"<tr><td>{escape(name)}</td><td class='n'>{escape(value)}</td></tr>" for name, value in rows)
    return f"<table width='100%' cellspacing='0'>{header}{body}</table>"


def _paint_first(page: _Page, summary: Summary, language: str) -> None:
    width = PAGE_MM[0] - 2 * MARGIN_MM
    y = MARGIN_MM
    y += page.html(
        f"<h1>{escape(text('title', language))}</h1>"
        f"<p><b>{escape(scope_title(summary, language))}</b> · {escape(period_title(summary, language))}</p>",
        MARGIN_MM,
        y,
        width,
        12,
    )
    y += 6
    totals = summary.totals
    rate, rate_detail = rate_text(summary, language)
    hours = format_decimal(round(sum(site.hours_open for site in summary.completeness.sites), 1), locale=language)
    sessions = sum(site.sessions for site in summary.completeness.sites)
    boxes = [
        (text("visits", language), number(totals.visits), ""),
        (text("people", language), number(totals.participants), ""),
        (text("sessions", language), str(sessions), f"{hours} {text('hours', language)}"),
        (text("rate", language), rate, rate_detail),
    ]
    box_width = (width - 3 * 4) / 4
    for index, (name, value, detail) in enumerate(boxes):
        x = MARGIN_MM + index * (box_width + 4)
        page.painter.setPen(QPen(GRID, page.mm(0.3)))
        page.painter.drawRect(QRectF(page.mm(x), page.mm(y), page.mm(box_width), page.mm(35)))
        page.html(
            f"<p class='muted'>{escape(name)}</p><p style='font-size:20pt'><b>{escape(value)}</b></p>"
            f"<p class='muted'>{escape(detail)}</p>",
            x + 3,
            y + 3,
            box_width - 6,
            9,
        )
    y += 43
    y += page.html(f"<h2>{escape(text('trend', language))}</h2>", MARGIN_MM, y, width, 12) + 2
    _paint_chart(page, summary, language, MARGIN_MM, y, width, 80)
    y += 88
    rows = [(month_name(row.period, language), number(row.visits), number(row.participants)) for row in summary.months]
    header = (
        f"<tr><th>{escape(text('month', language))}</th><th class='n'>{escape(text('visits', language))}</th>"
        f"<th class='n'>{escape(text('people', language))}</th></tr>"
    )
    body = "".join(
        f"<tr><td>{escape(name)}</td><td class='n'>{escape(visits)}</td><td class='n'>{escape(people)}</td></tr>"
        for name, visits, people in rows
    )
    page.html(f"<table cellspacing='0'>{header}{body}</table>", MARGIN_MM, y, width * 0.7, 9.5)
    _footer(page, summary, language, 1)


def _paint_chart(page: _Page, summary: Summary, language: str, x: float, y: float, width: float, height: float) -> None:
    """Bars of the months' published visits with their numbers; a marked month ("<5") draws no bar."""
    painter = page.painter
    values = [row.visits if isinstance(row.visits, int) else None for row in summary.months]
    top = max([value for value in values if value is not None] + [1])
    axis_left, axis_bottom = x + 2, y + height - 8
    plot_height = height - 16
    painter.setPen(QPen(GRID, page.mm(0.3)))
    painter.drawLine(
        QPointF(page.mm(axis_left), page.mm(axis_bottom)), QPointF(page.mm(x + width), page.mm(axis_bottom))
    )
    slot = (width - 4) / max(len(values), 1)
    bar = min(slot * 0.6, 22)
    painter.setFont(handout_font(8))
    for index, (row, value) in enumerate(zip(summary.months, values, strict=True)):
        centre = axis_left + slot * (index + 0.5)
        if value is not None and value > 0:
            bar_height = plot_height * value / top
            painter.fillRect(
                QRectF(page.mm(centre - bar / 2), page.mm(axis_bottom - bar_height), page.mm(bar), page.mm(bar_height)),
                ACCENT,
            )
            label_y = axis_bottom - bar_height - 1
        else:
            label_y = axis_bottom - 1
        painter.setPen(QPen(QColor("black")))
        painter.drawText(
            QRectF(page.mm(centre - slot / 2), page.mm(label_y - 5), page.mm(slot), page.mm(5)),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            number(row.visits),
        )
        painter.setPen(QPen(MUTED))
        painter.drawText(
            QRectF(page.mm(centre - slot / 2), page.mm(axis_bottom + 1), page.mm(slot), page.mm(6)),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            month_name(row.period, language, long=False),
        )


def _paint_second(page: _Page, summary: Summary, language: str) -> None:
    width = PAGE_MM[0] - 2 * MARGIN_MM
    column = (width - 8) / 2
    count = text("count", language)

    def section(title: str, rows: list[tuple[str, str]], x: float, y: float) -> float:
        rows = rows or [("–", "0")]
        return page.html(f"<h2>{escape(title)}</h2>{_table(rows, ('', count))}", x, y, column, 9.5) + 6

    def named(dimension: str, items: list[tuple[str, Shown]]) -> list[tuple[str, str]]:
        return [(label(summary, dimension, code, language), number(value)) for code, value in items]

    left = right = MARGIN_MM
    left += section(text("topics", language), named("topic", summary.top_topics), MARGIN_MM, left)
    left += section(text("interpreting", language), named("interpreter", summary.interpreting), MARGIN_MM, left)
    right_x = MARGIN_MM + column + 8
    right += section(text("languages", language), named("language", summary.top_languages), right_x, right)
    referrals = [(text("referred", language), number(summary.referred))]
    referrals += [(f"– {name}", value) for name, value in named("referral_category", summary.referred_to)]
    right += section(text("referred", language), referrals, right_x, right)
    right += section(
        text("unmet_title", language), [(text("unmet", language), number(summary.unmet_need))], right_x, right
    )
    y = max(left, right) + 2
    rate, rate_detail = rate_text(summary, language)
    missing = [site for site in summary.completeness.sites if site.expected > site.received]
    missing.sort(key=lambda site: (site.rate if site.rate is not None else 1.0, site.site))
    lines = [
        f"<h2>{escape(text('completeness', language))}</h2>",
        f"<p><b>{escape(text('rate', language))}: {escape(rate)}</b> ({escape(rate_detail)})</p>",
    ]
    if missing:
        shown = missing[:10]
        rows = [(site.site, f"{site.received}/{site.expected}") for site in shown]
        lines.append(_table(rows, (text("missing_sites", language), text("rate", language))))
        if len(missing) > len(shown):
            lines.append(
                f"<p class='muted'>{escape(text('more_sites', language, count=len(missing) - len(shown)))}</p>"
            )
    else:
        lines.append(f"<p>{escape(text('none_missing', language))}</p>")
    y += page.html("".join(lines), MARGIN_MM, y, width, 9.5) + 4
    page.html(
        f"<p class='muted'><b>{escape(text('methods_title', language))}.</b> "
        f"{escape(methods_text(summary, language))}</p>",
        MARGIN_MM,
        max(y, PAGE_MM[1] - MARGIN_MM - 30),
        width,
        8,
    )
    _footer(page, summary, language, 2)


def _footer(page: _Page, summary: Summary, language: str, number_: int) -> None:
    footer = f"{text('title', language)} · {period_title(summary, language)} · {text('page', language, page=number_)}"
    page.html(f"<p class='muted'>{escape(footer)}</p>", MARGIN_MM, PAGE_MM[1] - MARGIN_MM + 6, 170, 7.5)


def write_summary_pdf(summary: Summary, language: str, path: Path) -> int:
    """Write the two pages to `path` atomically (the old file or the whole new one); returns the page count."""
    if language not in TEXTS["title"]:
        raise ValueError(f"'{language}' is not a report language: use fi, sv or en")
    ensure_gui_application()
    with replacing(path, suffix=".partial") as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(DPI)
        writer.setTitle(f"{text('title', language)} – {period_title(summary, language)}")
        writer.setCreator("Neuvo")
        writer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        painter = QPainter(writer)
        if not painter.isActive():
            del writer
            raise OSError(0, "the file cannot be written there")
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            page = _Page(painter, writer)
            _paint_first(page, summary, language)
            writer.newPage()
            _paint_second(page, summary, language)
        finally:
            painter.end()
            del writer
    return 2
