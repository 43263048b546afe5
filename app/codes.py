"""The code lists of the anonymous visit model (topics, outcomes, ...) with their fi/sv/en labels.

The lists are data (resources/codes.json), not translations, because coordinators extend them.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.errors import BadInput
from app.paths import resources_dir

log = logging.getLogger(__name__)

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
    "asked_by",
    "visitor_answer",
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
        "asked_by",
        "visitor_answer",
    }
)
# The visitor's own answer to the exit question (app.visitor_answers): counted on its own, never stored with a visit.
VISITOR_ANSWER = "visitor_answer"
VISITOR_ANSWER_CODES = ("yes", "partly", "no")  # answered; "skipped" is asked but not answered
VISITOR_SKIPPED = "skipped"
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


# How a service gets the code lists in use: it asks each time (the desk's lists change when a sync pulls new ones).
CodesSource = Callable[[], Codebook]


def _dimension_from_json(raw: Mapping[str, Any]) -> Dimension:
    values = tuple(
        CodeValue(code=item["code"], labels={lang: item[lang] for lang in LABEL_LANGUAGES if lang in item})
        for item in raw.get("values", [])
    )
    return Dimension(
        name=str(raw["name"]),
        labels=dict(raw["label"]),
        values=values,
        is_multi=bool(raw.get("multi", False)),
        is_optional=bool(raw.get("optional", False)),
    )


def _codebook_from(raw: Mapping[str, Any]) -> Codebook:
    dimensions = [_dimension_from_json(item) for item in raw["dimensions"]]
    dimensions += [_dimension_from_json(item) for item in raw["derived"]]
    hour = next(d for d in dimensions if d.name == "hour")
    dimensions[dimensions.index(hour)] = Dimension(
        name="hour",
        labels=hour.labels,
        values=tuple(CodeValue(code, {"en": f"{code}:00"}) for code in HOUR_CODES),
    )
    return Codebook(dimensions)


@cache
def _bundled_raw() -> dict[str, Any]:
    with open(resources_dir() / "codes.json", encoding="utf-8") as handle:
        raw: dict[str, Any] = json.load(handle)
    return raw


def bundled_document() -> dict[str, Any]:
    """The code lists shipped with this version (resources/codes.json), as a fresh copy."""
    return copy.deepcopy(_bundled_raw())


@cache
def bundled_codebook() -> Codebook:
    """The code lists shipped with this version (read once; a Codebook is never changed)."""
    return _codebook_from(_bundled_raw())


def codebook_of(document: Mapping[str, Any] | None) -> Codebook:
    """The code lists of a published document (pulled from the server), or the bundled ones for None.

    The document is checked first (BadInput, nothing changed). A document from an older or newer release is
    completed with this release's bundled codes and dimensions, and dimensions this release does not know are
    dropped, so a version difference between server and laptop never costs the published additions.
    """
    if document is None:
        return bundled_codebook()
    return _codebook_from(check_document(_completed(document)))


# -- checking a codes document ----------------------------------------------------------------
# New codes are short lowercase slugs like the bundled ones: they travel in reports and exports.
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# A run of digits this long looks like a phone number, a personal identity code or an account: refused anywhere.
MAX_DIGIT_RUN = 6
_DIGIT_RUN = re.compile(rf"\d{{{MAX_DIGIT_RUN + 1},}}")
# A Finnish personal identity code (ddmmyy, century sign, three digits, check character), with or without the sign.
_IDENTITY_CODE = re.compile(r"\d{6}[-+a-fu-y]?\d{3}[0-9a-y]", re.IGNORECASE)


def looks_like_personal_data(text: str) -> bool:
    """Digits that could be a phone number or a personal identity code, or an e-mail address."""
    return "@" in text or bool(_DIGIT_RUN.search(text)) or bool(_IDENTITY_CODE.search(text))


MAX_LABEL_LENGTH = 200
MAX_VALUES = 200
# "dimensions": what the advisor chooses for a visit (coordinators may add codes); "derived": what is not chosen on the
# visit form (the time, the directory entry, the handouts, the visitor's own exit answer), whose values are fixed.
SECTIONS = ("dimensions", "derived")
_DOCUMENT_KEYS = {"version", *SECTIONS}
_DIMENSION_KEYS = {"name", "label", "values", "multi", "optional"}
_VALUE_KEYS = {"code", *LABEL_LANGUAGES}
_LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
_NEVER_REMOVED = "codes are never removed, because old reports and other laptops use them"


def check_document(document: object, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`document` if it is a valid codes document, else BadInput with one sentence naming the problem.

    Valid means: the bundled dimensions, no more and no fewer, with their kind (multi, optional) unchanged; every
    bundled code kept, and every code of `previous` (the document published before) too; new codes only in the
    listed dimensions, each matching CODE_PATTERN with fi, sv and en labels. Labels may change.
    """
    if not isinstance(document, dict):
        raise BadInput("The codes document must be a JSON object with 'dimensions' and 'derived' lists.")
    unknown = sorted(str(key) for key in document if key not in _DOCUMENT_KEYS)
    if unknown:
        raise BadInput(
            f"The codes document has a field '{unknown[0]}' it cannot have (only version, dimensions, derived)."
        )
    version = document.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadInput("The codes document's 'version' must be a whole number.")
    bundled = _bundled_raw()
    kept = _codes_of(previous) if previous is not None else {}
    for section in SECTIONS:
        given = _dimensions_by_name(document.get(section), section)
        expected = {str(item["name"]): item for item in bundled[section]}
        missing = [name for name in expected if name not in given]
        if missing:
            raise BadInput(f"The codes document lacks the dimension '{missing[0]}'; every dimension must stay.")
        extra = [name for name in given if name not in expected]
        if extra:
            raise BadInput(f"'{extra[0]}' is not a dimension Neuvo counts; the dimensions cannot change.")
        for name, raw in given.items():
            _check_dimension(raw, expected[name], kept.get(name, ()), is_derived=section == "derived")
    return document


def _dimensions_by_name(section: object, name: str) -> dict[str, dict[str, Any]]:
    if not isinstance(section, list):
        raise BadInput(f"The codes document's '{name}' must be a list of dimensions.")
    found: dict[str, dict[str, Any]] = {}
    for item in section:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise BadInput(f"Every entry of '{name}' must be an object with a 'name'.")
        if item["name"] in found:
            raise BadInput(f"The dimension '{item['name']}' is listed twice.")
        found[item["name"]] = item
    return found


def _check_dimension(raw: dict[str, Any], bundled: Mapping[str, Any], kept: tuple[str, ...], is_derived: bool) -> None:
    name = raw["name"]
    unknown = sorted(str(key) for key in raw if key not in _DIMENSION_KEYS)
    if unknown:
        raise BadInput(f"The dimension '{name}' has a field '{unknown[0]}' it cannot have.")
    for flag in ("multi", "optional"):
        if bool(raw.get(flag, False)) != bool(bundled.get(flag, False)) or not isinstance(raw.get(flag, False), bool):
            raise BadInput(f"The dimension '{name}' must keep '{flag}' as {str(bool(bundled.get(flag))).lower()}.")
    labels = raw.get("label")
    _check_labels(labels, f"The dimension '{name}'")
    assert isinstance(labels, dict)
    extra_languages = [str(language) for language in labels if language not in LABEL_LANGUAGES]
    if extra_languages:
        raise BadInput(f"The dimension '{name}' has a label in '{extra_languages[0][:20]}'; labels are fi, sv, en.")
    values = raw.get("values", [])
    if not isinstance(values, list):
        raise BadInput(f"The values of '{name}' must be a list.")
    if len(values) > MAX_VALUES:
        raise BadInput(f"The dimension '{name}' has more than {MAX_VALUES} values.")
    codes: list[str] = []
    for value in values:
        if not isinstance(value, dict) or not isinstance(value.get("code"), str):
            raise BadInput(f"Every value of '{name}' must be an object with a 'code'.")
        code = value["code"]
        if code in codes:
            raise BadInput(f"The code '{code}' is listed twice in '{name}'.")
        unknown = sorted(str(key) for key in value if key not in _VALUE_KEYS)
        if unknown:
            raise BadInput(f"The value '{code}' of '{name}' has a field '{unknown[0]}' it cannot have.")
        _check_labels(value, f"The value '{code}' of '{name}'")
        codes.append(code)
    bundled_codes = [str(item["code"]) for item in bundled.get("values", [])]
    for code in [*bundled_codes, *kept]:
        if code not in codes:
            raise BadInput(f"The code '{code}' of '{name}' is missing; {_NEVER_REMOVED}.")
    for code in codes:
        if code in bundled_codes:
            continue
        if is_derived or not bundled_codes:
            raise BadInput(f"The values of '{name}' are fixed, so '{code}' cannot be added; only labels may change.")
        if not CODE_PATTERN.match(code):
            raise BadInput(
                f"The new code '{code[:60]}' of '{name}' must be 1-40 lowercase letters a-z, digits or hyphens, "
                "starting with a letter or digit."
            )
        if looks_like_personal_data(code):  # reports refuse such a code (app.sync.wire): it could never be counted
            raise BadInput(
                f"The new code '{code}' of '{name}' holds digits that reports refuse as a possible phone number or "
                f"identity code (at most {MAX_DIGIT_RUN} digits in a row); use letters."
            )


def _check_labels(labels: object, owner: str) -> None:
    if not isinstance(labels, dict):
        raise BadInput(f"{owner} needs labels in Finnish (fi), Swedish (sv) and English (en).")
    for language in LABEL_LANGUAGES:
        label = labels.get(language)
        if not isinstance(label, str) or not label.strip():
            raise BadInput(f"{owner} needs a {_LANGUAGE_NAMES[language]} ({language}) label.")
        if len(label) > MAX_LABEL_LENGTH or any(ord(character) < 32 for character in label):
            raise BadInput(
                f"{owner} has a {_LANGUAGE_NAMES[language]} label that is longer than {MAX_LABEL_LENGTH} characters "
                "or holds control characters."
            )


def _codes_of(document: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The codes of each dimension of a (checked) document."""
    return {
        str(item["name"]): tuple(str(value["code"]) for value in item.get("values", []))
        for section in SECTIONS
        for item in document.get(section, [])
    }


def _completed(document: object) -> object:
    """`document` with this release's bundled dimensions and codes it lacks, and without dimensions it does not
    know (both happen when the server and the laptop run different releases). Anything else stays as given."""
    if not isinstance(document, Mapping) or not all(isinstance(document.get(s), list) for s in SECTIONS):
        return document  # check_document says what is wrong with it
    bundled = _bundled_raw()
    completed: dict[str, Any] = {key: value for key, value in document.items() if key not in SECTIONS}
    for section in SECTIONS:
        given = {item.get("name"): item for item in document[section] if isinstance(item, dict)}
        dimensions = []
        for bundled_item in bundled[section]:
            item = given.get(bundled_item["name"])
            if not isinstance(item, dict) or not isinstance(item.get("values", []), list):
                dimensions.append(copy.deepcopy(bundled_item))
                continue
            values = list(item.get("values", []))
            present = {value.get("code") for value in values if isinstance(value, dict)}
            values += [copy.deepcopy(value) for value in bundled_item.get("values", []) if value["code"] not in present]
            dimensions.append({**item, "values": values} if "values" in item or values else dict(item))
        completed[section] = dimensions
    return completed
