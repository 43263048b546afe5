"""(h1, h2) Rendering handouts: one A4 page of a service and a sheet of eight cards, p95 of warm renders to a
PDF file, against a bare QPdfWriter page with one line of text and a QR code drawn as an image."""

from __future__ import annotations

import tempfile
from pathlib import Path

import qrcode
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter

from app.desk import Desk
from app.directory.records import AddressRecord, LocationRecord, PhoneRecord, ScheduleRecord, ServiceRecord
from app.handouts.content import HandoutService, load_services
from app.handouts.labels import handout_language
from app.handouts.render import Handout, ensure_gui_application, write_pdf
from bench.measure import Figure, percentile, time_ms

SERVICE = ServiceRecord(
    source_id="bench-kela",
    name={"fi": "Kelan palvelupiste Itäkeskus", "en": "Kela service point Itäkeskus"},
    description={"fi": "Kelan etuudet: asumistuki, lapsilisä ja työttömyysturva. Ajanvaraus puhelimitse."},
    url={"fi": "https://www.kela.fi/"},
    phones=[PhoneRecord(number="020 692 207")],
    locations=[
        LocationRecord(
            source_id="itis",
            address=AddressRecord(street={"fi": "Turunlinnantie 8"}, postal_code="00930", city={"fi": "Helsinki"}),
            latitude=60.2107,
            longitude=25.0818,
        )
    ],
    schedules=[ScheduleRecord(byday=["MO", "TU", "WE", "TH", "FR"], opens_at="09:00", closes_at="16:00")],
    languages=["fi", "sv", "en"],
)


def _bare_page(path: Path) -> None:
    """The floor: one PDF page with a line of text and a QR code as an image."""
    code = qrcode.QRCode(border=0)
    code.add_data("https://www.kela.fi/")
    code.make(fit=True)
    matrix = code.get_matrix()
    image = QImage(len(matrix), len(matrix), QImage.Format.Format_Mono)
    image.fill(1)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x, y, 0)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    painter = QPainter(writer)
    try:
        painter.setPen(QColor("black"))
        painter.drawText(QPointF(200, 200), "Kelan palvelupiste Itäkeskus 020 692 207")
        painter.drawImage(QRectF(200, 400, 400, 400), image)
    finally:
        painter.end()


def bench_handouts(store_services: list[HandoutService] | None, rounds: int) -> list[Figure]:
    ensure_gui_application()
    services = store_services or _services()
    language = handout_language("fi")
    work = Path(tempfile.mkdtemp(prefix="neuvo-handout-"))
    figures = []
    floor = [time_ms(lambda: _bare_page(work / "bare.pdf")) for _ in range(rounds + 2)][2:]
    for key, layout, title in (("h1", "page", "a one-service A4 handout page"), ("h2", "cards", "a sheet of 8 cards")):
        handout = Handout(services, language, layout)
        write_pdf(handout, work / "warm.pdf")  # fonts registered, caches warm
        target = work / f"{key}.pdf"
        samples = [time_ms(lambda h=handout, t=target: write_pdf(h, t)) for _ in range(rounds)]
        figures.append(
            Figure(
                key=key,
                title=f"render {title} to PDF, p95 of {rounds}",
                value_ms=percentile(samples, 0.95),
                floor_ms=percentile(floor, 0.95),
                floor="a bare QPdfWriter page with text and a QR image",
                goal_ms=100.0,
                goal="p95 under 100 ms per page",
                details={"p50_ms": round(percentile(samples, 0.5), 2)},
            )
        )
    return figures


def _services() -> list[HandoutService]:
    from app.directory.store import write_records
    from app.storage.database import Database
    from bench.visit_store import BENCH_PASSPHRASE

    store = Database(Path(tempfile.mkdtemp(prefix="neuvo-handout-store-")) / "data")
    Desk.create(store, BENCH_PASSPHRASE, "Bench site", with_starter_directory=False)
    try:
        with store.session() as session, session.begin():
            write_records(session, "bench", "fi", [SERVICE])
        from app.storage.directory_models import DirService

        with store.session() as session:
            service_id = session.query(DirService.id).scalar()
        return load_services(store.session, [service_id], "fi")
    finally:
        store.lock()
