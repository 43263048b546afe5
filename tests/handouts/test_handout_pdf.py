"""Handout PDFs read back with real tools: every language's labels and the service's name by pdftotext, every QR
code by zbarimg, the right-to-left page's label column on the right by pdftotext -bbox."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.handouts.content import load_services
from app.handouts.labels import handout_language, handout_languages
from app.handouts.render import Handout, write_pdf
from tests.handouts.conftest import KELA, KELA_CODES, comparable, decoded_codes, pdf_text, require

LANGUAGES = list(handout_languages())
PRINTED_LABELS = ("address", "phone", "web", "opening_hours", "monday", "friday", "closed", "scan_to_call")


def test_every_language_has_every_label() -> None:
    languages = handout_languages()
    assert set(languages) == {"fi", "sv", "en", "ar", "so", "ru", "fa", "et", "uk", "zh", "ckb"}
    keys = set(languages["en"].labels)
    for language in languages.values():
        assert set(language.labels) == keys, language.code
        assert all(value.strip() for value in language.labels.values()), language.code
        assert "{language}" in language.labels["text_in_language"] and "{date}" in language.labels["checked"]
    assert {code for code, language in languages.items() if language.is_rtl} == {"ar", "fa", "ckb"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_page_prints_labels_name_and_codes_in(code: str, store, entries, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    language = handout_language(code)
    services = load_services(store.session, [entries["kela-itakeskus"]], code)
    target = tmp_path / f"{code}.pdf"
    assert write_pdf(Handout(services, language, "page"), target) == 1

    text = comparable(pdf_text(target))
    for key in PRINTED_LABELS:
        assert comparable(language.label(key)) in text, f"{code}: label {key}"
    expected_name = KELA.name.get(code) or KELA.name["en"]  # the stated fallback: the language, then en
    assert comparable(expected_name) in text
    assert sorted(decoded_codes(target)) == sorted(KELA_CODES)


def test_a_code_is_printed_only_for_data_that_exists(store, entries, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = load_services(store.session, [entries["ohjaamo"]], "fi")
    target = tmp_path / "ohjaamo.pdf"
    write_pdf(Handout(services, handout_language("fi"), "page"), target)
    assert decoded_codes(target) == ["tel:+358931010000"], "no web page and no place: only the phone"
    text = comparable(pdf_text(target))
    assert comparable("Aukioloajat") not in text, "no opening hours given: no empty table"


def test_fallback_text_is_marked_discreetly(store, entries, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = load_services(store.session, [entries["kela-itakeskus"]], "so")
    assert services[0].name == "Kela service point Itäkeskus" and services[0].text_language == "en"
    target = tmp_path / "so.pdf"
    write_pdf(Handout(services, handout_language("so"), "page"), target)
    assert comparable(handout_language("so").label("text_in_language", language="English")) in comparable(
        pdf_text(target)
    )


def test_cards_sheet_has_eight_cards_each_with_one_code(store, entries, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = load_services(store.session, [entries["kela-itakeskus"], entries["ohjaamo"]], "so")
    target = tmp_path / "cards.pdf"
    assert write_pdf(Handout(services, handout_language("so"), "cards"), target) == 1
    codes = decoded_codes(target, dpi=200)
    assert sorted(codes) == sorted(["https://www.kela.fi/"] * 4 + ["tel:+358931010000"] * 4)


def test_next_steps_are_printed(store, entries, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = load_services(store.session, [entries["kela-itakeskus"]], "fi")
    target = tmp_path / "steps.pdf"
    write_pdf(Handout(services, handout_language("fi"), "page", next_steps="Soita Kelaan maanantaina."), target)
    text = comparable(pdf_text(target))
    assert comparable("Seuraavat vaiheet") in text and comparable("Soita Kelaan maanantaina.") in text


def _span(path: Path, text: str) -> tuple[float, float]:
    """(xMin, xMax) of `text` on the page, from pdftotext -bbox. Arabic comes back one glyph per "word" in
    visual order, so each line's glyphs are joined left to right and searched for the text or its mirror."""
    completed = subprocess.run(
        [require("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for x_min, y_min, x_max, word in re.findall(pattern, completed.stdout):
        glyphs = unicodedata.normalize("NFKC", word)
        lines.setdefault(round(float(y_min)), []).append((float(x_min), float(x_max), glyphs))
    wanted = unicodedata.normalize("NFKC", text)
    for boxes in lines.values():
        chars = [(char, x_min, x_max) for x_min, x_max, glyphs in sorted(boxes) for char in glyphs]
        joined = "".join(char for char, _x_min, _x_max in chars)
        for candidate in (wanted, wanted[::-1]):
            at = joined.find(candidate)
            if at >= 0:
                return chars[at][1], chars[at + len(candidate) - 1][2]
    raise AssertionError(f"{text!r} is not on the page")


@pytest.mark.parametrize("code", ["ar", "fa", "fi"])
def test_label_column_is_on_the_reading_side(code: str, store, entries, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    language = handout_language(code)
    services = load_services(store.session, [entries["kela-itakeskus"]], code)
    target = tmp_path / f"{code}.pdf"
    write_pdf(Handout(services, language, "page"), target)
    label = _span(target, language.label("phone"))
    number = _span(target, "692")
    address = _span(target, "Turunlinnantie")
    if language.is_rtl:
        assert label[0] > number[1] and label[0] > address[1], "right to left: the label right of its value"
    else:
        assert label[1] < number[0] and label[1] < address[0], "left to right: the label left of its value"
