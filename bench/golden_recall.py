"""Recall on a golden set: the starter directory's real service names in fi, sv, en, ru and ar, typed the ways
people type them, must each find their entry in the first 5 hits.

For every name: as written, lower case, folded (ä→a, ö→o, å→a, ё→е, Arabic hamza on alef dropped), the first
half of its longest distinctive word, that word with one letter missing; Arabic names also with tashkeel added, and
Finnish names inflected as a sentence would have them (real case forms: "ohjaamossa", "asumisneuvonnasta").
The test suite requires 100 % in the starter directory; `make bench` reports it as figure (g), and as (g2) the
same pairs with the starter hidden among the 50,000 synthetic services, whose names share the starter's words
(there a 3-letter prefix such as "hou" is ambiguous by nature, so g2 has no goal).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass

from app.directory.service import DirectoryService
from app.paths import resources_dir
from app.storage.directory_models import DirService
from app.text import fold

LANGUAGES = ("fi", "sv", "en", "ru", "ar")
TOP = 5
FATHA, SHADDA, KASRA = "\u064e", "\u0651", "\u0650"
# Each Finnish starter name as a sentence puts it: "I was at the Ohjaamo", "advice from the housing advice".
FINNISH_CASE_FORMS = {
    "Aikuissosiaalityö": "aikuissosiaalityöhön",
    "Maahanmuuttoyksikkö": "maahanmuuttoyksikköön",
    "Asumisneuvonta": "asumisneuvonnasta",
    "Digineuvonta": "digineuvonnassa",
    "Helsingin seudun ympäristöpalvelut (HSY)": "ympäristöpalveluista",
    "Helsinki-info": "Helsinki-infoon",
    "International House Helsinki": "International House Helsinkiin",
    "Kasvatuksen ja koulutuksen neuvonta": "kasvatuksen ja koulutuksen neuvonnasta",
    "Kaupunkiympäristön asiakaspalvelu": "kaupunkiympäristön asiakaspalveluun",
    "Matkailuneuvonta": "matkailuneuvonnassa",
    "Ohjaamo": "ohjaamossa",
    "Pysäköinninvalvonta": "pysäköinninvalvonnasta",
    "Seniori-info": "seniori-infosta",
    "Stadin osaamiskeskus": "Stadin osaamiskeskukseen",
    "Talouspalvelut": "talouspalveluihin",
    "Täydentävä toimeentulotuki": "täydentävästä toimeentulotuesta",
    "Vuokra-asunnon hakeminen": "vuokra-asunnon hakemisessa",
    "Yritysneuvonta": "yritysneuvontaan",
}


@dataclass(frozen=True)
class GoldenPair:
    language: str
    query: str
    source_id: str
    name: str


@dataclass(frozen=True)
class Recall:
    pairs: int
    found: int
    by_language: dict[str, int]
    missed: list[GoldenPair]

    @property
    def share(self) -> float:
        return self.found / self.pairs if self.pairs else 0.0

    def line(self, key: str, where: str, top: int) -> str:
        languages = ", ".join(f"{code} {count}" for code, count in self.by_language.items())
        verdict = "goal met" if self.found == self.pairs else f"missed: {[m.query for m in self.missed][:12]}"
        return (
            f"({key}) golden recall, {where}, top {top}: {self.share:.1%} of {self.pairs} pairs ({languages})"
            f"  (goal: 100 %)  {verdict}"
        )

    def as_json(self, key: str, where: str, top: int) -> dict[str, object]:
        return {
            "key": key,
            "where": where,
            "top": top,
            "pairs": self.pairs,
            "found": self.found,
            "recall": round(self.share, 4),
            "by_language": self.by_language,
            "missed": [(pair.language, pair.query, pair.name) for pair in self.missed],
            "meets_goal": self.found == self.pairs,
        }


def _with_tashkeel(name: str) -> str:
    """An Arabic name as a careful typist writes it: a vowel mark after each word's first letter, a shadda."""
    marked = []
    for word in name.split():
        if word[:1] and "\u0600" <= word[0] <= "\u06ff" and len(word) > 2:
            word = word[0] + FATHA + word[1] + SHADDA + word[2:]
        marked.append(word)
    return " ".join(marked)


def _names_sharing(prefix: str, every_word: list[set[str]]) -> int:
    return sum(any(word.startswith(prefix) for word in others) for others in every_word)


def _half(word: str) -> str:
    return word[: max(3, len(word) // 2)]


def _name_words(name: str) -> list[str]:
    return [word for word in fold(name).replace("(", " ").replace(")", " ").split() if len(word) >= 3]


def golden_pairs() -> list[GoldenPair]:
    """The (language, query, entry) pairs, built the same way every run."""
    rng = random.Random(2026)
    pairs = []
    for language in LANGUAGES:
        path = resources_dir() / "directory" / f"starter_{language}.json"
        services = json.loads(path.read_text(encoding="utf-8"))["contents"]
        every_word = [set(_name_words(service["name"])) for service in services]
        for service in services:
            name = service["name"]
            words = _name_words(name)

            # The word a person would type: the longest whose beginning few other names share ("консульт…" and
            # "…neuvonta" are in many names, "жилищ…" and "asumis…" are not).
            distinctive = [word for word in words if _names_sharing(_half(word), every_word) < 3]
            longest = max(distinctive or words, key=len)
            variants = {name, name.lower(), fold(name), _half(longest)}
            if len(longest) >= 5:
                cut = rng.randrange(1, len(longest) - 1)
                variants.add(longest[:cut] + longest[cut + 1 :])
            if language == "ar":
                variants.add(_with_tashkeel(name))
            if language == "fi":
                variants.add(FINNISH_CASE_FORMS[name])
            pairs += [GoldenPair(language, variant, service["id"], name) for variant in sorted(variants)]
    return pairs


def measure_recall(directory: DirectoryService, top: int = TOP) -> Recall:
    """Search every golden query the way the Directory screen does and count the pairs found in the first `top`."""
    with directory.sessions() as session:
        ids = {row.source_id: row.id for row in session.query(DirService).filter(DirService.source == "starter")}
    pairs = golden_pairs()
    missed = [
        pair
        for pair in pairs
        if ids[pair.source_id] not in [hit.id for hit in directory.search(pair.query, pair.language, limit=top)]
    ]
    return Recall(len(pairs), len(pairs) - len(missed), dict(Counter(pair.language for pair in pairs)), missed)
