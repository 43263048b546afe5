"""What the visitor needs before going, printed on the handout: a notice, who it is for, how to get it, the cost,
what to bring, interpreting; descriptions imported as HTML print as plain text; an e-service prints its QR code."""

from __future__ import annotations

import json
from pathlib import Path

from app.desk import Desk
from app.directory.records import PhoneRecord, ServiceRecord
from app.directory.store import write_records
from app.handouts.content import load_services
from app.handouts.labels import handout_language
from app.handouts.render import Handout, write_pdf
from tests.handouts.conftest import comparable, decoded_codes, pdf_text

ADVISED = ServiceRecord(
    source_id="youth",
    name={"fi": "Ohjaamo Itä", "en": "Ohjaamo East"},
    description={"en": "Guidance for young people."},
    eligibility={"en": "Young people aged 15 to 29"},
    application_process={"en": "Walk in, no appointment needed"},
    appointment_needed=False,
    is_free=True,
    required_documents={"en": "Residence permit card\nBank card"},
    interpretation={"en": "Somali interpreter on Tuesdays"},
    alert={"en": "Closed 24-26 December"},
    phones=[PhoneRecord(number="09 310 19999", type="fax"), PhoneRecord(number="09 310 10000")],
)


def test_the_advisor_fields_print_in_the_visitors_language(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with store.session() as session, session.begin():
        write_records(session, "test", "en", [ADVISED])
    services = load_services(store.session, [1], "en")
    target = tmp_path / "advice.pdf"
    write_pdf(Handout(services, handout_language("en"), "page"), target)
    text = comparable(pdf_text(target))
    for printed in (
        "Notice",
        "Closed 24-26 December",
        "Who it is for",
        "Young people aged 15 to 29",
        "How to get it",
        "Walk in, no appointment needed",
        "Cost",
        "Free",
        "Bring with you",
        "Residence permit card, Bank card",
        "Interpreting",
        "Somali interpreter on Tuesdays",
    ):
        assert comparable(printed) in text, printed
    assert decoded_codes(target) == ["tel:+358931010000"], "the fax is never the number to call"

    finnish = tmp_path / "fi.pdf"
    write_pdf(Handout(load_services(store.session, [1], "fi"), handout_language("fi"), "page"), finnish)
    finnish_text = comparable(pdf_text(finnish))
    assert comparable("Kenelle") in finnish_text and comparable("Maksuton") in finnish_text


def test_html_descriptions_print_as_text_and_an_e_service_gets_its_code(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    channel = {
        "id": "e-1",
        "serviceChannelType": "EChannel",
        "serviceChannelNames": [{"type": "Name", "language": "fi", "value": "Kelan asiointipalvelu"}],
        "serviceChannelDescriptions": [
            {"type": "Description", "language": "fi", "value": "<p>Hae <strong>asumistukea</strong>&nbsp;verkossa.</p>"}
        ],
        "webPages": [{"url": "https://www.kela.fi/asiointi", "language": "fi"}],
        "modified": "2026-11-01T10:00:00",
    }
    path = tmp_path / "echannel.json"
    path.write_text(json.dumps(channel), "utf-8")
    directory = Desk(store).directory
    directory.import_file(path)
    entry_id = directory.search("asiointipalvelu")[0].id
    assert directory.entry(entry_id).channel == "web"
    target = tmp_path / "echannel.pdf"
    write_pdf(Handout(load_services(store.session, [entry_id], "fi"), handout_language("fi"), "page"), target)
    text = pdf_text(target)
    assert "nbsp" not in text and "<p>" not in text and "strong" not in text
    assert comparable("Hae asumistukea verkossa.") in comparable(text)
    assert decoded_codes(target) == ["https://www.kela.fi/asiointi"]
