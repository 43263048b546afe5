"""ISO 639 languages with names in Finnish, Swedish and English, for the language quick picks.

Codes are ISO 639-1 where one exists, else ISO 639-3 (`ckb`, `prs`). Names come from CLDR (babel)
where it has them and from the iso-codes translations shipped with pycountry otherwise.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

from app.text import fold

NAME_LANGUAGES = ("fi", "sv", "en")
# CLDR names some languages only as a regional variant.
_CLDR_ALIASES = {"prs": "fa_AF"}


@dataclass(frozen=True)
class Language:
    code: str
    names: dict[str, str]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


class LanguageIndex:
    def __init__(self, languages: list[Language]) -> None:
        self._by_code = {language.code: language for language in languages}
        self._folded = [(language, {fold(name) for name in language.names.values()}) for language in languages]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def all(self) -> list[Language]:
        return list(self._by_code.values())

    def get(self, code: str) -> Language | None:
        return self._by_code.get(code)

    def name(self, code: str, language: str) -> str:
        found = self._by_code.get(code)
        return found.name(language) if found else code

    def search(self, text: str, limit: int = 20) -> list[Language]:
        """Languages whose code is `text` or whose name in fi/sv/en starts with it (then contains it)."""
        query = fold(text.strip())
        if not query:
            return []
        exact = self._by_code.get(query)
        starts: list[Language] = []
        contains: list[Language] = []
        for language, names in self._folded:
            if language is exact:
                continue
            if any(name.startswith(query) for name in names):
                starts.append(language)
            elif len(query) >= 3 and any(query in name for name in names):
                contains.append(language)
        # Languages with a two-letter code are the widely spoken ones: list them first.
        starts.sort(key=lambda lang: (len(lang.code) != 2, lang.names["en"]))
        contains.sort(key=lambda lang: (len(lang.code) != 2, lang.names["en"]))
        return ([exact] if exact else []) + (starts + contains)[: limit - (1 if exact else 0)]


@cache
def language_index() -> LanguageIndex:
    """All ISO 639 languages (built once, about 0.2 s; call it off the UI thread the first time)."""
    import pycountry
    from babel import Locale

    catalogs = {
        lang: gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in ("fi", "sv")
    }
    cldr = {lang: Locale(lang).languages for lang in NAME_LANGUAGES}
    languages = []
    for entry in pycountry.languages:
        code = getattr(entry, "alpha_2", None) or entry.alpha_3
        english = entry.name
        names = {}
        for lang in NAME_LANGUAGES:
            name = cldr[lang].get(_CLDR_ALIASES.get(code, code))
            if not name and lang in catalogs:
                translated = catalogs[lang].gettext(english)
                name = translated if translated != english else None
            names[lang] = _capitalised(name or english)
        languages.append(Language(code=code, names=names))
    return LanguageIndex(languages)
