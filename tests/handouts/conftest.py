"""Handout fixtures: entries with every field a handout prints, and the poppler/zbar tools that read PDFs back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.directory.records import OrganizationRecord, PhoneRecord, ServiceRecord
from app.directory.store import write_records
from bench.handouts import SERVICE

# The benchmark's service (web page, phone, a place with coordinates, weekday hours), in more languages.
KELA = SERVICE.model_copy(
    update={
        "source_id": "kela-itakeskus",
        "name": {
            "fi": "Kelan palvelupiste Itäkeskus",
            "sv": "FPA:s serviceställe Östra centrum",
            "en": "Kela service point Itäkeskus",
            "ar": "نقطة خدمة كيلا في إيتاكيسكوس",
            "ru": "Пункт обслуживания Kela в Итякескусе",
        },
        "description": {
            "fi": "Kelan etuudet: asumistuki, lapsilisä ja työttömyysturva. Ajanvaraus puhelimitse.",
            "en": "Kela benefits: housing allowance, child benefit and unemployment benefits. Book by phone.",
            "ar": "مزايا كيلا: إعانة السكن وإعانة الأطفال وإعانة البطالة. احجز موعدًا عبر الهاتف.",
        },
        "organization": OrganizationRecord(source_id="kela", name={"fi": "Kela"}),
    }
)
OHJAAMO = ServiceRecord(
    source_id="ohjaamo",
    name={"fi": "Ohjaamo", "en": "Ohjaamo One-Stop Guidance Center"},
    description={"fi": "Neuvontaa alle 30-vuotiaille."},
    phones=[PhoneRecord(number="09 310 10000")],
    languages=["fi"],
)
KELA_CODES = {
    "https://www.kela.fi/",
    "tel:+35820692207",
    "https://www.openstreetmap.org/?mlat=60.21070&mlon=25.08180#map=17/60.21070/25.08180",
}
# Sorani letter forms that have no code point of their own: Qt's PDF text map cannot name them, so
# pdftotext drops them (they print correctly). Text checks ignore them, and spaces, in every language.
UNMAPPABLE = "ڕڵێە\u200c"


@pytest.fixture(autouse=True)
def _application(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt's QApplication, so that rendering never makes a QGuiApplication that later widget tests inherit."""
    return qapp


@pytest.fixture
def entries(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The two entries' ids by source id."""
    from app.storage.directory_models import DirService

    with store.session() as session, session.begin():
        write_records(session, "test", "fi", [KELA, OHJAAMO])
    with store.session() as session:
        return {row.source_id: row.id for row in session.query(DirService)}


def require(tool: str) -> str:
    """The path of a poppler/zbar tool; outside CI a missing tool skips the test with what to install."""
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is missing: apt-get install poppler-utils zbar-tools (make test installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def comparable(text: str) -> str:
    """Text as pdftotext gives it back, comparable with what was printed: NFKC (Arabic presentation forms to
    letters), no direction marks, no spaces, no unmappable Sorani forms."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return "".join(char for char in text if char not in UNMAPPABLE)


def pdf_text(path: Path) -> str:
    completed = subprocess.run([require("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True)
    return completed.stdout


def decoded_codes(path: Path, dpi: int = 150) -> list[str]:
    """Every QR code on every page, decoded by zbarimg from the pages rendered by pdftoppm."""
    prefix = path.with_suffix("")
    subprocess.run([require("pdftoppm"), "-r", str(dpi), "-png", str(path), str(prefix)], check=True)
    codes = []
    for image in sorted(path.parent.glob(prefix.name + "*.png")):
        completed = subprocess.run(
            [require("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            check=False,
        )
        codes += completed.stdout.splitlines()
    return codes
