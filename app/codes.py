"""The code lists of the anonymous visit model (topics, outcomes, ...) with their fi/sv/en labels.

The lists are data (resources/codes.json), not translations, because coordinators extend them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from app.paths import resources_dir

LABEL_LANGUAGES = ("fi", "sv", "en")

# Every dimension a weekly report counts, in the order reports and exports list them.
REPORT_DIMENSIONS = (
    "topic",
    "language",
    "interpreter",
    "contact",
    "found_via",
    "outcome",
    "referral_category",
    "referral_reason",
    "referral_service",
    "duration",
    "hour",
    "weekday",
    "age_band",
    "gender",
    "years_in_finland",
    "handout_language",
)
# Dimensions where one visit has exactly one value (or none): their counts add up to the total.
SINGLE_CHOICE_DIMENSIONS = frozenset(
    {
        "contact",
        "interpreter",
        "found_via",
        "duration",
        "age_band",
        "gender",
        "years_in_finland",
        "referral_category",
        "referral_reason",
        "hour",
        "weekday",
    }
)
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOUR_CODES = tuple(f"{hour:02d}" for hour in range(24))


@dataclass(frozen=True)
class CodeValue:
    code: str
    labels: dict[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class Dimension:
    name: str
    labels: dict[str, str]
    values: tuple[CodeValue, ...]
    is_multi: bool = False
    is_optional: bool = False

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(value.code for value in self.values)

    def value(self, code: str) -> CodeValue | None:
        for value in self.values:
            if value.code == code:
                return value
        return None


class Codebook:
    """All dimensions, looked up by name; labels fall back to English."""

    def __init__(self, dimensions: list[Dimension]) -> None:
        self._dimensions = {dimension.name: dimension for dimension in dimensions}

    def __getitem__(self, name: str) -> Dimension:
        return self._dimensions[name]

    def __contains__(self, name: object) -> bool:
        return name in self._dimensions

    @property
    def dimensions(self) -> list[Dimension]:
        return list(self._dimensions.values())

    def is_valid(self, dimension: str, code: str) -> bool:
        return code in self._dimensions[dimension].codes

    def label(self, dimension: str, code: str, language: str) -> str:
        """A value's label; hours and languages, which are not listed here, read as their codes."""
        found = self._dimensions.get(dimension)
        value = found.value(code) if found else None
        return value.label(language) if value else code


def _dimension_from_json(raw: dict[str, object]) -> Dimension:
    values = tuple(
        CodeValue(code=item["code"], labels={lang: item[lang] for lang in LABEL_LANGUAGES if lang in item})
        for item in raw.get("values", [])  # type: ignore[union-attr]
    )
    return Dimension(
        name=str(raw["name"]),
        labels=dict(raw["label"]),  # type: ignore[call-overload]
        values=values,
        is_multi=bool(raw.get("multi", False)),
        is_optional=bool(raw.get("optional", False)),
    )


@cache
def codebook() -> Codebook:
    """The bundled code lists (read once)."""
    with open(resources_dir() / "codes.json", encoding="utf-8") as handle:
        raw = json.load(handle)
    dimensions = [_dimension_from_json(item) for item in raw["dimensions"]]
    dimensions += [_dimension_from_json(item) for item in raw["derived"]]
    hour = next(d for d in dimensions if d.name == "hour")
    dimensions[dimensions.index(hour)] = Dimension(
        name="hour",
        labels=hour.labels,
        values=tuple(CodeValue(code, {"en": f"{code}:00"}) for code in HOUR_CODES),
    )
    return Codebook(dimensions)
