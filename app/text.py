"""Folding text for search: the same function prepares what is indexed and what is typed (directory, languages).

Lower case (casefold), no diacritics (ä→a, ö→o, å→a, ё→е, é→e), Arabic without tashkeel and with one
alef, so that a visitor's phone keyboard or a hurried advisor still finds the entry.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that do not decompose under NFKD but are typed without their mark.
_EXTRA = str.maketrans(
    {
        "ٱ": "ا",  # alef wasla
        "ى": "ي",  # alef maksura, often typed as yeh
        "ة": "ه",  # teh marbuta, often typed as heh
        "ـ": None,  # tatweel (kashida): stretching only
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ł": "l",
        "ı": "i",
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped.translate(_EXTRA))


def words(text: str) -> list[str]:
    """The folded words of any text (punctuation, quotes and operators are just separators)."""
    return [word for word in _WORD.findall(fold(text)) if word != "_"]
