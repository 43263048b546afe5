"""Handouts drawn with QtGui only (QPdfWriter, QPainter, QTextDocument), so they render headless.

Two layouts on A4: a page of one to three services (every QR code at least 25 mm) and a sheet of eight
cut-out cards with cut marks (one service and one QR code per card, at least 20 mm). Right-to-left
languages mirror the page: text aligned right, labels to the right of their values, the QR codes on the
left. QR codes are vector squares from the `qrcode` module matrix, crisp at any printer resolution.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path

import qrcode
from babel import Locale, UnknownLocaleError
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)

from app.files import replacing
from app.handouts.content import LABEL_ONLY, HandoutService
from app.handouts.fonts import handout_font
from app.handouts.labels import HandoutLanguage, handout_languages
from app.languages import language_index

LAYOUTS = ("page", "cards")
PAGE_MM = (210.0, 297.0)
MARGIN_MM = 15.0
PER_PAGE = 3
CARDS_PER_PAGE = 8
CARD_MM = (90.0, 64.0)  # 2 columns x 4 rows inside the margins
PAGE_QR_MM = {1: 40.0, 2: 30.0, 3: 25.0}  # by services on the page; never under 25 mm
PAGE_POINTS = {1: 15.0, 2: 13.0, 3: 11.5}  # body text by services on the page (names half as large again)
CARD_QR_MM = 22.0  # never under 20 mm
ACCENT = QColor("#0a5c8a")
MUTED = QColor("#555555")
# Unicode isolates: a number or an address stays left to right inside right-to-left text, and back.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
PDF_DPI = 300


@dataclass(frozen=True)
class Handout:
    services: list[HandoutService]
    language: HandoutLanguage
    layout: str = "page"
    next_steps: str = ""  # printed, never stored

    def pages(self) -> list[list[HandoutService]]:
        if self.layout == "cards":
            cards = [self.services[index % len(self.services)] for index in range(CARDS_PER_PAGE)]
            if len(self.services) > CARDS_PER_PAGE:
                cards = self.services
            return [cards[start : start + CARDS_PER_PAGE] for start in range(0, len(cards), CARDS_PER_PAGE)]
        return [self.services[start : start + PER_PAGE] for start in range(0, len(self.services), PER_PAGE)]


def ensure_gui_application() -> QGuiApplication:
    """A QGuiApplication for rendering; on a machine with no display, Qt's offscreen platform."""
    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication([])
    return app  # type: ignore[return-value]


def write_pdf(handout: Handout, path: Path) -> int:
    """Write the handout as a PDF (atomically: a failed render leaves no half file); returns the page count."""
    ensure_gui_application()
    with replacing(path, suffix=".partial") as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(PDF_DPI)
        writer.setTitle(", ".join(service.name for service in handout.services))
        writer.setCreator("Neuvo")
        writer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        try:
            with _painting(writer) as painter:
                pages = paint_handout(painter, writer, handout, writer.newPage)
        finally:
            del writer  # closes the file (also after a failed render, so that it can be removed)
    return pages


def paint_handout(painter: QPainter, device: QPaintDevice, handout: Handout, new_page: Callable[[], object]) -> int:
    """Paint every page on an A4 device whose paint area is the whole sheet (a PDF writer, a full-page
    printer), calling `new_page` between pages; returns the page count."""
    pages = handout.pages()
    for number, services in enumerate(pages):
        if number:
            new_page()
        _paint_page(painter, device, handout, services, is_last=number == len(pages) - 1)
    return len(pages)


def page_images(handout: Handout, dpi: float = 96.0) -> list[QImage]:
    """The handout's pages as images (preview, the on-screen view)."""
    ensure_gui_application()
    width, height = (round(mm / 25.4 * dpi) for mm in PAGE_MM)
    images = []
    pages = handout.pages()
    for number, services in enumerate(pages):
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        dots_per_metre = round(dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        with _painting(image) as painter:
            _paint_page(painter, image, handout, services, is_last=number == len(pages) - 1)
        images.append(image)
    return images


@contextmanager
def _painting(device: QPaintDevice) -> Iterator[QPainter]:
    """A painter that is always ended, also on errors (a painter left open on a QPdfWriter crashes at exit)."""
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError(0, "the file cannot be written there")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        yield painter
    finally:
        painter.end()


class _Units:
    def __init__(self, device: QPaintDevice) -> None:
        self.per_mm = device.width() / PAGE_MM[0]

    def __call__(self, mm: float) -> float:
        return mm * self.per_mm


def _paint_page(
    painter: QPainter, device: QPaintDevice, handout: Handout, services: list[HandoutService], is_last: bool
) -> None:
    mm = _Units(device)
    if handout.layout == "cards":
        _paint_cards(painter, device, mm, handout, services)
        return
    language = handout.language
    # A band across the top, and the footer at the bottom.
    painter.fillRect(QRectF(0, 0, mm(PAGE_MM[0]), mm(6)), ACCENT)
    footer = _document(
        device,
        f"<p>{escape(language.label('handout_footer'))}</p>",
        language,
        mm(PAGE_MM[0] - 2 * MARGIN_MM),
        8.5,
        color=MUTED,
    )
    footer_top = mm(PAGE_MM[1] - MARGIN_MM) - footer.size().height()
    _draw_document(painter, footer, QPointF(mm(MARGIN_MM), footer_top))
    bottom = footer_top - mm(4)
    if handout.next_steps.strip() and is_last:
        bottom = _paint_next_steps(painter, device, mm, language, handout.next_steps, bottom)
    top = mm(MARGIN_MM)
    gap = mm(6)
    height = (bottom - top - gap * (len(services) - 1)) / len(services)
    qr_mm = PAGE_QR_MM[len(services)]
    for index, service in enumerate(services):
        block = QRectF(mm(MARGIN_MM), top + index * (height + gap), mm(PAGE_MM[0] - 2 * MARGIN_MM), height)
        _paint_service(painter, device, mm, block, service, language, qr_mm, PAGE_POINTS[len(services)])
        if index < len(services) - 1:
            painter.setPen(QPen(QColor("#cccccc"), mm(0.3)))
            line_y = block.bottom() + gap / 2
            painter.drawLine(QPointF(block.left(), line_y), QPointF(block.right(), line_y))


def _paint_next_steps(
    painter: QPainter, device: QPaintDevice, mm: _Units, language: HandoutLanguage, text: str, bottom: float
) -> float:
    """The box of agreed next steps above the footer; returns the new bottom of the services' area."""
    width = mm(PAGE_MM[0] - 2 * MARGIN_MM)
    # Typed in any language: each line keeps its own direction ("first strong" isolate) on any page.
    lines = "<br>".join(f"{FSI}{escape(line)}{PDI}" for line in text.strip().splitlines())
    body = f"<p><b>{escape(language.label('next_steps'))}</b></p><p>{lines}</p>"
    document = _document(device, body, language, width - mm(8), 11)
    box = QRectF(mm(MARGIN_MM), bottom - document.size().height() - mm(8), width, document.size().height() + mm(8))
    painter.setPen(QPen(ACCENT, mm(0.5)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(box, mm(2), mm(2))
    _draw_document(painter, document, QPointF(box.left() + mm(4), box.top() + mm(4)))
    return box.top() - mm(6)


def _paint_service(
    painter: QPainter,
    device: QPaintDevice,
    mm: _Units,
    block: QRectF,
    service: HandoutService,
    language: HandoutLanguage,
    qr_mm: float,
    point_size: float,
) -> None:
    codes = service.codes
    caption_mm = 9.0
    columns = 1
    if codes and len(codes) * (qr_mm + caption_mm + 4) > block.height() / mm(1):
        columns = 2
    rows = -(-len(codes) // columns) if codes else 0
    qr_width = (columns * qr_mm + (columns - 1) * 5) if codes else 0.0
    text_width = block.width() - (mm(qr_width + 8) if codes else 0)
    text_left = block.left() + (block.width() - text_width if language.is_rtl else 0)
    body = _service_html(service, language)
    size = point_size
    document = _document(device, body, language, text_width, size)
    while document.size().height() > block.height() and size > 7:
        size -= 0.75
        document = _document(device, body, language, text_width, size)
    _draw_document(painter, document, QPointF(text_left, block.top()), clip_height=block.height())
    if not codes:
        return
    qr_left = block.left() if language.is_rtl else block.right() - mm(qr_width)
    for index, (kind, data) in enumerate(codes):
        row, column = divmod(index, columns)
        if language.is_rtl:
            column = columns - 1 - column
        x = qr_left + mm(column * (qr_mm + 5))
        y = block.top() + mm(row * (qr_mm + caption_mm + 4))
        if rows == 1 and columns == 1:
            y = block.top()
        _paint_code(painter, device, mm, QPointF(x, y), qr_mm, kind, data, language)


def _paint_code(
    painter: QPainter,
    device: QPaintDevice,
    mm: _Units,
    at: QPointF,
    size_mm: float,
    kind: str,
    data: str,
    language: HandoutLanguage,
) -> None:
    draw_qr(painter, QRectF(at.x(), at.y(), mm(size_mm), mm(size_mm)), data)
    caption_key = {"web": "scan_for_web", "tel": "scan_to_call", "map": "scan_for_map"}[kind]
    caption = _document(
        device, f"<p align='center'>{escape(language.label(caption_key))}</p>", language, mm(size_mm + 4), 8
    )
    caption.setDefaultTextOption(_text_option(language, Qt.AlignmentFlag.AlignHCenter))
    _draw_document(painter, caption, QPointF(at.x() - mm(2), at.y() + mm(size_mm + 1)))


def draw_qr(painter: QPainter, rect: QRectF, data: str) -> None:
    """`data` as a QR code filling `rect`: one vector square per dark module (quiet zone: the caller's margin)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = rect.width() / len(matrix)
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for row, modules in enumerate(matrix):
        column = 0
        while column < len(modules):
            if modules[column]:
                start = column
                while column < len(modules) and modules[column]:
                    column += 1
                path.addRect(QRectF(rect.left() + start * cell, rect.top() + row * cell, (column - start) * cell, cell))
            else:
                column += 1
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillPath(path, QColor("black"))
    painter.restore()


def _isolated(text: str, language: HandoutLanguage) -> str:
    """Numbers, addresses and e-mails stay left to right on a right-to-left page."""
    return f"{LRI}{text}{PDI}" if language.is_rtl else text


def _clock(value: str | None) -> str:
    return (value or "")[:5]


def _hours_html(service: HandoutService, language: HandoutLanguage) -> str:
    lines = []
    for day in service.hours:
        if day.opens_at and day.closes_at:
            if day.opens_at[:5] == "00:00" and day.closes_at[:5] in ("23:59", "24:00"):
                hours = escape(language.label("open_24h"))
            else:
                hours = _isolated(f"{_clock(day.opens_at)}–{_clock(day.closes_at)}", language)
        else:
            hours = escape(language.label("closed"))
        lines.append((escape(language.label(day.day)), hours))
    return _table(lines, language, bold_labels=False)


def _table(rows: list[tuple[str, str]], language: HandoutLanguage, bold_labels: bool = True) -> str:
    """Label-value rows: labels first in reading order (to the right of their values on an RTL page)."""
    align = "right" if language.is_rtl else "left"
    html = [f"<table cellspacing='0' cellpadding='1' align='{align}'>"]
    for label, value in rows:
        side = "left" if language.is_rtl else "right"
        label_cell = f"<td align='{align}' style='white-space: nowrap; padding-{side}: 10px'>" + (
            f"<b>{label}</b></td>" if bold_labels else f"{label}</td>"
        )
        value_cell = f"<td align='{align}'>{value}</td>"
        html.append("<tr>" + (value_cell + label_cell if language.is_rtl else label_cell + value_cell) + "</tr>")
    html.append("</table>")
    return "".join(html)


def _direction_of(code: str) -> str:
    known = handout_languages().get(code)
    return known.direction if known else ("rtl" if code in ("ar", "fa", "ckb", "he", "ur", "ps") else "ltr")


def _language_name(code: str, language: HandoutLanguage) -> str:
    """A service language's name in the handout's language (CLDR through babel), else in English."""
    try:
        name = Locale.parse(language.code).languages.get(code)
    except (ValueError, UnknownLocaleError):
        name = None
    return name or language_index().name(code, "en")


def _service_html(service: HandoutService, language: HandoutLanguage) -> str:
    align = "right" if language.is_rtl else "left"
    own_direction = _direction_of(service.text_language) == ("rtl" if language.is_rtl else "ltr")

    def text(value: str) -> str:  # a fallback text in the other direction keeps its own order
        return escape(value) if own_direction else f"{LRI if language.is_rtl else RLI}{escape(value)}{PDI}"

    parts = [f"<p align='{align}' style='font-size: 150%; font-weight: bold; color: #0a5c8a'>{text(service.name)}</p>"]
    if service.text_language != language.code:
        known = handout_languages().get(service.text_language)
        name = known.name if known else service.text_language
        parts.append(
            f"<p align='{align}' style='font-size: 75%; color: #555555'>"
            f"{escape(language.label('text_in_language', language=name))}</p>"
        )
    if service.description:
        parts.append(f"<p align='{align}'>{text(service.description)}</p>")
    rows = []
    if service.address:
        rows.append((escape(language.label("address")), _isolated(escape(service.address), language)))
    if service.phone:
        rows.append((escape(language.label("phone")), _isolated(escape(_unbroken(service.phone)), language)))
    if service.web:
        web = _breakable_url(_short_url(service.web))
        rows.append((escape(language.label("web")), _isolated(escape(web), language)))
    if service.email:
        rows.append((escape(language.label("email")), _isolated(escape(service.email), language)))
    if service.languages:
        names = ", ".join(escape(_language_name(code, language)) for code in service.languages)
        rows.append((escape(language.label("languages_served")), names))
    if service.hours:
        rows.append((escape(language.label("opening_hours")), _hours_html(service, language)))
    for key, value in service.advice:
        shown = escape(language.label(value)) if value in LABEL_ONLY else text(value)
        if key == "notice":
            rows.insert(0, (f"<span style='color: #a4000f'>{escape(language.label(key))}</span>", shown))
        else:
            rows.append((escape(language.label(key)), shown))
    if rows:
        parts.append(_table(rows, language))
    return "".join(parts)


def _unbroken(text: str) -> str:
    """A phone number never wraps inside itself."""
    return text.replace(" ", "\u00a0")


def _breakable_url(url: str) -> str:
    """A long address may wrap after a slash (a zero-width space there), never in the middle of a word."""
    return url.replace("/", "/\u200b")


def _short_url(url: str) -> str:
    """An address as people read it aloud: without https:// and a trailing slash."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.rstrip("/")


def _text_option(language: HandoutLanguage, alignment: Qt.AlignmentFlag | None = None) -> QTextOption:
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if language.is_rtl else Qt.LayoutDirection.LeftToRight)
    option.setAlignment(alignment or (Qt.AlignmentFlag.AlignRight if language.is_rtl else Qt.AlignmentFlag.AlignLeft))
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    return option


def _document(
    device: QPaintDevice,
    html: str,
    language: HandoutLanguage,
    width: float,
    point_size: float,
    color: QColor | None = None,
) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(handout_font(point_size))
    document.setDefaultTextOption(_text_option(language))
    document.setDocumentMargin(0)
    if color is not None:
        document.setDefaultStyleSheet(f"p {{ color: {color.name()}; }}")
    document.setHtml(html)
    document.setTextWidth(width)
    return document


def _draw_document(painter: QPainter, document: QTextDocument, at: QPointF, clip_height: float | None = None) -> None:
    painter.save()
    painter.translate(at)
    size = document.size()
    clip = QRectF(0, 0, size.width(), clip_height if clip_height is not None else size.height())
    document.drawContents(painter, clip)
    painter.restore()


# -- cards ----------------------------------------------------------------------------------------
def _paint_cards(
    painter: QPainter, device: QPaintDevice, mm: _Units, handout: Handout, services: list[HandoutService]
) -> None:
    language = handout.language
    columns, rows = 2, 4
    width, height = CARD_MM
    left = (PAGE_MM[0] - columns * width) / 2
    top = (PAGE_MM[1] - rows * height) / 2
    _paint_cut_marks(painter, mm, left, top, columns, rows)
    for index, service in enumerate(services):
        row, column = divmod(index, columns)
        card = QRectF(mm(left + column * width), mm(top + row * height), mm(width), mm(height))
        _paint_card(painter, device, mm, card, service, language)


def _paint_cut_marks(painter: QPainter, mm: _Units, left: float, top: float, columns: int, rows: int) -> None:
    """Light dashed lines along every cut, and solid crop marks outside the sheet's edges."""
    width, height = CARD_MM
    right, bottom = left + columns * width, top + rows * height
    dashed = QPen(QColor("#b0b0b0"), mm(0.2), Qt.PenStyle.DashLine)
    solid = QPen(QColor("black"), mm(0.25))
    for column in range(columns + 1):
        x = mm(left + column * width)
        painter.setPen(dashed)
        painter.drawLine(QPointF(x, mm(top)), QPointF(x, mm(bottom)))
        painter.setPen(solid)
        painter.drawLine(QPointF(x, mm(top - 8)), QPointF(x, mm(top - 2)))
        painter.drawLine(QPointF(x, mm(bottom + 2)), QPointF(x, mm(bottom + 8)))
    for row in range(rows + 1):
        y = mm(top + row * height)
        painter.setPen(dashed)
        painter.drawLine(QPointF(mm(left), y), QPointF(mm(right), y))
        painter.setPen(solid)
        painter.drawLine(QPointF(mm(left - 8), y), QPointF(mm(left - 2), y))
        painter.drawLine(QPointF(mm(right + 2), y), QPointF(mm(right + 8), y))


def _paint_card(
    painter: QPainter,
    device: QPaintDevice,
    mm: _Units,
    card: QRectF,
    service: HandoutService,
    language: HandoutLanguage,
) -> None:
    padding = mm(5)
    inner = card.adjusted(padding, padding, -padding, -padding)
    code = next(((kind, data) for kind, data in service.codes if kind == "web"), None) or next(
        ((kind, data) for kind, data in service.codes if kind == "tel"), None
    )
    text_width = inner.width() - (mm(CARD_QR_MM + 5) if code else 0)
    text_left = inner.left() + (inner.width() - text_width if language.is_rtl else 0)
    align = "right" if language.is_rtl else "left"
    lines = [
        f"<p align='{align}' style='font-size: 125%; font-weight: bold; color: #0a5c8a'>{escape(service.name)}</p>"
    ]
    # A card is narrow: each detail is one paragraph, label first, so that a long value wraps under it.
    details = []
    if service.phone:
        details.append((language.label("phone"), _unbroken(service.phone)))
    if service.web:
        details.append((language.label("web"), _breakable_url(_short_url(service.web))))
    if service.address:
        details.append((language.label("address"), service.address))
    for label, value in details:
        lines.append(f"<p align='{align}'><b>{escape(label)}</b>&nbsp; {_isolated(escape(value), language)}</p>")
    body = "".join(lines)
    size = 9.5
    document = _document(device, body, language, text_width, size)
    while document.size().height() > inner.height() and size > 6:
        size -= 0.5
        document = _document(device, body, language, text_width, size)
    _draw_document(painter, document, QPointF(text_left, inner.top()), clip_height=inner.height())
    if code is not None:
        x = inner.left() if language.is_rtl else inner.right() - mm(CARD_QR_MM)
        _paint_code(painter, device, mm, QPointF(x, inner.top()), CARD_QR_MM, *code, language)
