"""The wire format of the sync: what a device sends and receives, defined once for the client and the server.

Only anonymous counts cross the wire. A report is strict: known dimensions and codes only, non-negative whole
numbers, no free text, a size limit. The server validates every report itself and never trusts the client.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from app.codes import (
    HOUR_CODES,
    MAX_LABEL_LENGTH,
    MAX_VALUES,
    REPORT_DIMENSIONS,
    SINGLE_CHOICE_DIMENSIONS,
    WEEKDAY_CODES,
    Codebook,
    bundled_codebook,
    check_document,
    codebook_of,
)

API_PREFIX = "/api/v1"
# A weekly report is a few kilobytes; anything near this is not a report.
MAX_REPORT_BYTES = 64 * 1024
MAX_COUNT = 10_000_000
# The one-time code a coordinator hands out, as the server prints it (no spaces, no look-alike letters).
ENROLLMENT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENROLLMENT_CODE_LENGTH = 12


def normalize_enrollment_code(code: str) -> str:
    """An enrollment code as read aloud and typed by hand: case, spaces and dashes do not matter."""
    return "".join(code.split()).replace("-", "").upper()


IsoWeek = Annotated[str, StringConstraints(pattern=r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]
SiteName = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=False)]
DeviceId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
DeviceSecret = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{43}$")]

# A referred directory entry is counted as `source:source_id` (app.statistics.service_code): no spaces, no prose.
_SERVICE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+=%~-]{0,299}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def known_codes(book: Codebook | None = None) -> dict[str, frozenset[str] | None]:
    """The codes each dimension accepts under the code lists `book` (the bundled ones if None); None where a
    pattern decides (languages, directory services)."""
    return _known_codes_of(book if book is not None else bundled_codebook())


def codes_context(book: Codebook) -> dict[str, Codebook]:
    """The validation context that makes a report accept the codes of `book`:
    `WeeklyReport.model_validate(data, context=codes_context(book))`. Without it the bundled lists decide."""
    return {"codes": book}


@lru_cache(maxsize=4)
def _known_codes_of(book: Codebook) -> dict[str, frozenset[str] | None]:
    known: dict[str, frozenset[str] | None] = {}
    for dimension in REPORT_DIMENSIONS:
        if dimension in ("language", "handout_language", "referral_service"):
            known[dimension] = None
        elif dimension == "hour":
            known[dimension] = frozenset(HOUR_CODES)
        elif dimension == "weekday":
            known[dimension] = frozenset(WEEKDAY_CODES)
        else:
            known[dimension] = frozenset(book[dimension].codes)
    return known


def is_known_code(dimension: str, code: str, book: Codebook | None = None) -> bool:
    known = known_codes(book)
    if dimension not in known:
        return False
    allowed = known[dimension]
    if allowed is not None:
        return code in allowed
    if dimension == "referral_service":
        return bool(_SERVICE_CODE.match(code))
    return bool(_LANGUAGE_CODE.match(code))


class ReportCounts(BaseModel):
    """The counts of one (site, ISO week): totals and, per dimension, visits per code (zeros left out)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    visits: Count
    participants: Count
    counts: dict[str, dict[str, Count]] = Field(default_factory=dict)

    @field_validator("counts")
    @classmethod
    def _known_dimensions_and_codes(
        cls, counts: dict[str, dict[str, int]], info: ValidationInfo
    ) -> dict[str, dict[str, int]]:
        book = info.context.get("codes") if isinstance(info.context, dict) else None
        for dimension, values in counts.items():
            if dimension not in REPORT_DIMENSIONS:
                raise ValueError(f"'{dimension}' is not a dimension a weekly report counts")
            for code in values:
                if not is_known_code(dimension, code, book):
                    raise ValueError(f"'{code}' is not a known code of '{dimension}'")
        return counts

    @model_validator(mode="after")
    def _consistent(self) -> ReportCounts:
        if self.participants < self.visits:
            raise ValueError("participants cannot be fewer than visits (every visit is at least one person)")
        for dimension, values in self.counts.items():
            if dimension == "handout_language":
                continue  # handouts are counted on their own, not per visit
            for code, count in values.items():
                if count > self.visits:
                    raise ValueError(f"{dimension} '{code}' counts more visits than the week has")
            if dimension in SINGLE_CHOICE_DIMENSIONS and sum(values.values()) > self.visits:
                raise ValueError(f"the values of '{dimension}' add up to more visits than the week has")
        return self

    def count(self, dimension: str, code: str) -> int:
        return self.counts.get(dimension, {}).get(code, 0)

    def canonical(self) -> dict[str, Any]:
        """The content with zero counts and empty dimensions dropped, for comparing two reports."""
        counts = {
            dimension: {code: count for code, count in sorted(values.items()) if count}
            for dimension, values in sorted(self.counts.items())
        }
        return {
            "visits": self.visits,
            "participants": self.participants,
            "counts": {dimension: values for dimension, values in counts.items() if values},
        }


class WeeklyReport(ReportCounts):
    """The anonymous counts of one site in one ISO week: nothing else ever leaves the laptop."""

    site: SiteName
    week: IsoWeek


class ReportUpload(ReportCounts):
    """`PUT /api/v1/reports/{site}/{iso_week}`: a week's counts with the device's revision of them."""

    revision: Annotated[int, Field(ge=1, le=2**62, strict=True)]


class ReportAck(BaseModel):
    """The answer to a report: `stored` (replaced), `unchanged` (same revision, same content) or `stale`
    (the server already holds a higher revision from this device); all three acknowledge `revision`."""

    status: str
    site: str
    week: str
    revision: int
    stored_revision: int


Label = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LABEL_LENGTH)]


class CodeValueDoc(BaseModel):
    """One code of a list with its labels: `{"code": "housing", "fi": "Asuminen", "sv": "Boende", "en": "Housing"}`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    fi: Label
    sv: Label
    en: Label


class DimensionDoc(BaseModel):
    """One dimension of the code lists: its name, fi/sv/en label, kind and (for listed ones) its codes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    label: dict[Annotated[str, StringConstraints(pattern=r"^(fi|sv|en)$")], Label]
    values: Annotated[list[CodeValueDoc], Field(max_length=MAX_VALUES)] = Field(default_factory=list)
    multi: bool = False
    optional: bool = False


class CodeListDocument(BaseModel):
    """`GET /api/v1/codes` (and what a coordinator uploads): the code lists reports use, as resources/codes.json.

    `parse_code_list` checks a document with the rules that keep old reports valid (`app.codes.check_document`:
    every dimension and every code kept, new codes well formed) and returns it as this model.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    dimensions: list[DimensionDoc]
    derived: list[DimensionDoc]

    def codebook(self) -> Codebook:
        """The code lists this document describes (completed with this release's bundled codes)."""
        return codebook_of(self.model_dump(exclude_defaults=False))


def parse_code_list(document: object, previous: dict[str, Any] | None = None) -> CodeListDocument:
    """A codes document checked (BadInput with one sentence naming the problem) and read into its model."""
    checked = check_document(document, previous)
    return CodeListDocument.model_validate(checked)


class EnrollRequest(BaseModel):
    """`POST /api/v1/enroll`: the device's own identity and secret, made and stored before the first attempt,
    so that a retry after a lost answer is recognised as the same device.

    A laptop that made itself a new identity (after a revocation) names its previous one, with that one's secret:
    the server then moves the previous identity's reports to the new one, so that no week is counted twice.
    """

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]
    device_id: DeviceId
    device_secret: DeviceSecret
    device_name: Annotated[str, StringConstraints(min_length=1, max_length=100)] = "Neuvo desk"
    previous_device_id: DeviceId | None = None
    previous_device_secret: DeviceSecret | None = None


class DeviceInfo(BaseModel):
    """What the server says of an enrolled device: its team and the sites it may report for."""

    device_id: str
    name: str
    team: str
    sites: list[str]
    revoked: bool = False


def device_token(device_id: str, device_secret: str) -> str:
    """The bearer credential of a device: its id and its secret."""
    return f"{device_id}.{device_secret}"


class ErrorBody(BaseModel):
    """Every error the server answers: one sentence a person understands."""

    detail: str
