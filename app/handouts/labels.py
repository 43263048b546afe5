"""The fixed words printed on a handout, in the eleven handout languages (resources/handouts/labels.json), and the
words of the exit question the desk turns to the visitor ("exit_*": app.ui.desk.exit_question).

The labels are data a translator edits, not Qt translations: a handout is printed, and the exit question asked, in
the visitor's language, whatever the language of the interface.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from app.errors import BadInput
from app.paths import resources_dir

RTL = "rtl"


@dataclass(frozen=True)
class HandoutLanguage:
    code: str
    name: str  # the language's own name ("العربية", "Soomaali")
    direction: str
    labels: dict[str, str]

    @property
    def is_rtl(self) -> bool:
        return self.direction == RTL

    def label(self, key: str, **values: str) -> str:
        text = self.labels[key]
        return text.format(**values) if values else text


@cache
def handout_languages() -> dict[str, HandoutLanguage]:
    """Every handout language by code, in the file's order."""
    raw = json.loads((resources_dir() / "handouts" / "labels.json").read_text(encoding="utf-8"))
    return {
        code: HandoutLanguage(code, item["name"], item["direction"], dict(item["labels"]))
        for code, item in raw["languages"].items()
    }


def handout_language(code: str) -> HandoutLanguage:
    languages = handout_languages()
    if code not in languages:
        raise BadInput(f"No handout labels in {code!r}; handouts are printed in: {', '.join(languages)}.", "lang")
    return languages[code]
