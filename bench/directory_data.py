"""A synthetic directory for the search and import benchmarks: services in five languages.

Names and descriptions are built from real Finnish/Swedish/English/Russian/Arabic service words, so the
index holds realistic compound words, diacritics and scripts; the generator is seeded and repeatable.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from app.codes import bundled_codebook

FI_HEADS = [
    "asumis",
    "työllisyys",
    "terveys",
    "perhe",
    "velka",
    "kotoutumis",
    "nuoriso",
    "maahanmuutto",
    "sosiaali",
    "oikeus",
    "kieli",
    "vanhus",
    "kriisi",
    "opinto",
    "kulttuuri",
    "liikunta",
]
FI_TAILS = ["neuvonta", "palvelut", "asema", "keskus", "piste", "tuki", "ohjaus", "päivystys", "toimisto", "kerho"]
PLACES = [
    "Itäkeskus",
    "Malmi",
    "Kallio",
    "Espoonlahti",
    "Tikkurila",
    "Myyrmäki",
    "Kontula",
    "Vuosaari",
    "Pasila",
    "Herttoniemi",
    "Leppävaara",
    "Matinkylä",
    "Kannelmäki",
    "Mellunmäki",
    "Töölö",
    "Sörnäinen",
]
SV_WORDS = [
    "rådgivning",
    "hälsocentral",
    "familjecenter",
    "boenderådgivning",
    "sysselsättningstjänster",
    "skuldrådgivning",
    "ungdomsgård",
    "integrationsstöd",
    "socialbyrå",
    "krisjour",
]
EN_WORDS = [
    "advice",
    "health centre",
    "family centre",
    "housing advice",
    "employment services",
    "debt advice",
    "youth centre",
    "integration support",
    "social services",
    "crisis help",
]
RU_WORDS = [
    "консультация",
    "медицинский центр",
    "семейный центр",
    "жильё",
    "служба занятости",
    "долговая консультация",
    "молодёжный центр",
    "поддержка интеграции",
    "ёлочка",
    "социальная служба",
]
AR_WORDS = [
    "الإرشاد",
    "مركز صحي",
    "مركز الأسرة",
    "السكن",
    "خدمات التوظيف",
    "استشارة الديون",
    "مركز الشباب",
    "دعم الاندماج",
    "الخدمات الاجتماعية",
    "مُساعَدة",
]
LANGUAGES = ("fi", "sv", "en", "ru", "ar", "so", "fa", "et", "uk")


def synthetic_services(count: int, seed: int = 2026) -> Iterator[dict]:
    """HSDS 3.0 service objects, every one with a Finnish name and some with other languages' text."""
    rng = random.Random(seed)
    topics = bundled_codebook()["topic"].codes
    for number in range(count):
        place = rng.choice(PLACES)
        fi_name = f"{place}n {rng.choice(FI_HEADS)}{rng.choice(FI_TAILS)}".replace("nn ", "n ")
        service = {
            "id": f"synthetic-{number}",
            "name": f"{fi_name} {number}",
            "alternate_name": " ".join(
                (rng.choice(SV_WORDS), rng.choice(EN_WORDS), rng.choice(RU_WORDS), rng.choice(AR_WORDS))
            ),
            "description": f"{rng.choice(FI_HEADS)}{rng.choice(FI_TAILS)} {place}ssa. {rng.choice(EN_WORDS)}",
            "phones": [{"id": f"p{number}", "number": f"09 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"}],
            "languages": [{"id": f"l{number}-{code}", "code": code} for code in rng.sample(LANGUAGES, 2)],
            "attributes": [
                {
                    "id": f"a{number}",
                    "taxonomy_term": {"id": f"t{number}", "code": rng.choice(topics), "taxonomy": "neuvo-topic"},
                }
            ],
            "service_at_locations": [
                {
                    "id": f"sal{number}",
                    "location": {
                        "id": f"loc-{number % 5000}",
                        "name": place,
                        "addresses": [
                            {
                                "id": f"ad{number % 5000}",
                                "address_1": f"Katu {number % 200}",
                                "city": "Helsinki",
                                "postal_code": f"00{rng.randint(100, 990)}",
                                "address_type": "physical",
                            }
                        ],
                    },
                }
            ],
        }
        yield service


def write_service_list(path: Path, count: int, seed: int = 2026) -> Path:
    """An HSDS service list page with `count` services, written without holding them all in memory."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f'{{"total_items": {count}, "page_number": 1, "contents": [')
        for index, service in enumerate(synthetic_services(count, seed)):
            handle.write(("," if index else "") + json.dumps(service, ensure_ascii=False))
        handle.write("]}")
    return path
