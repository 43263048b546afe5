"""The wire format of the sync: what a device sends and receives, defined once for the client and the server.

Only anonymous counts cross the wire. A report is strict: known dimensions and codes only, non-negative whole
numbers, no free text, a size limit. The server validates every report itself and never trusts the client.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import unquote

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.codes import (
    HOUR_CODES,
    MAX_LABEL_LENGTH,
    MAX_VALUES,
    REPORT_DIMENSIONS,
    SINGLE_CHOICE_DIMENSIONS,
    VISITOR_ANSWER,
    WEEKDAY_CODES,
    Codebook,
    bundled_codebook,
    check_document,
    codebook_of,
)
from app.weeks import FIRST_YEAR, LAST_YEAR, is_canonical_week

API_PREFIX = "/api/v1"
MAX_FLAGS_PER_UPLOAD = 200
# A weekly report is a few kilobytes; anything near this is not a report.
MAX_REPORT_BYTES = 64 * 1024
MAX_COUNT = 10_000_000
# The one-time code a coordinator hands out, as the server prints it (no spaces, no look-alike letters).
ENROLLMENT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENROLLMENT_CODE_LENGTH = 12


def normalize_enrollment_code(code: str) -> str:
    """An enrollment code as read aloud and typed by hand: case, spaces and dashes do not matter."""
    return "".join(code.split()).replace("-", "").upper()


def _canonical_week(text: str) -> str:
    if not is_canonical_week(text):
        raise ValueError(f"'{text}' is not an ISO week of {FIRST_YEAR}–{LAST_YEAR} in the form 2026-W47")
    return text


IsoWeek = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$"), AfterValidator(_canonical_week)
]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]
SessionCount = Annotated[int, Field(ge=0, le=1_000, strict=True)]
MinutesOpen = Annotated[int, Field(ge=0, le=7 * 24 * 60, strict=True)]
# A calendar month of a week's parts, 'YYYY-MM'.
MonthKey = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
SiteName = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=False)]
DeviceId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
DeviceSecret = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{43}$")]

# Every string in a report is a code of this grammar (the code lists' own, app.codes.CODE_PATTERN): lower-case
# letters, digits and dashes, at most 40 characters. No '@', no spaces, no capitals, no '_': no e-mail address,
# no name, no prose. A referred directory entry adds its source kind and ':' (see REFERRAL_SERVICE_CODE).
REPORT_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# A run of digits this long looks like a phone number, a personal identity code or an account: refused anywhere.
MAX_DIGIT_RUN = 6
_DIGIT_RUN = re.compile(rf"\d{{{MAX_DIGIT_RUN + 1},}}")
# A Finnish personal identity code (ddmmyy, century sign, three digits, check character), with or without the sign.
_IDENTITY_CODE = re.compile(r"\d{6}[-+a-fu-y]?\d{3}[0-9a-y]", re.IGNORECASE)
# The directory sources a referral may name (app.directory: hsds:…, ptv:…, tpr:… imports, the starter, the server's
# shared directory). An entry travels as `kind:id` where its id is a UUID (HSDS, PTV, the starter) or a TPR unit
# number; any other entry, and every entry an advisor added on the laptop, travels as a category: `kind:other`,
# `local`.
REFERRAL_SOURCE_KINDS = ("hsds", "ptv", "tpr", "starter", "server")
LOCAL_REFERRAL = "local"
OTHER_ENTRY = "other"
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
REFERRAL_SERVICE_CODE = re.compile(
    rf"^(?:(?:{'|'.join(REFERRAL_SOURCE_KINDS)}):(?:{_UUID}|[0-9]{{1,{MAX_DIGIT_RUN}}}|{OTHER_ENTRY})|{LOCAL_REFERRAL})$"
)
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
# A referred entry as the laptop's own statistics count it: its percent-encoded source and id.
_LOCAL_SERVICE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:%~-]{0,299}$")
_NOT_A_CODE = "'{dimension}' holds something that is not a code: a report carries codes only, never text"
# A group info session has at most this many participants (app.visits.validate); every other visit is one person.
MAX_GROUP_PARTICIPANTS = 10_000
# Dimensions only a referred visit has (app.visits.validate adds "referred" to its outcomes).
REFERRAL_DIMENSIONS = frozenset({"referral_category", "referral_reason", "referral_service"})
# One visit refers to at most one directory entry: the services' counts add up to at most the referred visits.
AT_MOST_ONE_VALUE_DIMENSIONS = SINGLE_CHOICE_DIMENSIONS | {"referral_service"}
# Dimensions counted per week only, never in a month part of it: handouts (app.handouts.counts) and the visitors'
# exit answers (app.visitor_answers) have no day.
WEEK_ONLY_DIMENSIONS = frozenset({"handout_language", VISITOR_ANSWER})
# A week has 10,080 minutes: one laptop holds one desk session at a time.
MINUTES_IN_WEEK = 7 * 24 * 60
EFFORT_FIELDS = ("sessions", "minutes_open", "partners")
PART_EFFORT_FIELDS = ("sessions", "minutes_open")


def looks_like_personal_data(text: str) -> bool:
    """Digits that could be a phone number or a personal identity code, or an e-mail address."""
    return "@" in text or bool(_DIGIT_RUN.search(text)) or bool(_IDENTITY_CODE.search(text))


def is_report_code(dimension: str, code: str) -> bool:
    """Whether `code` fits the strict grammar of a report's strings for this dimension (not whether it is known)."""
    if looks_like_personal_data(code):
        return False
    if dimension == "referral_service":
        return REFERRAL_SERVICE_CODE.match(code) is not None
    if dimension in ("language", "handout_language"):
        return _LANGUAGE_CODE.match(code) is not None
    return REPORT_CODE.match(code) is not None


def referral_service_code(kind: str, source_id: str) -> str:
    """How a referred directory entry travels: `kind:id` where the id fits the grammar, else its category."""
    if kind not in REFERRAL_SOURCE_KINDS:
        return LOCAL_REFERRAL
    code = f"{kind}:{source_id.strip().lower()}"
    return code if is_report_code("referral_service", code) else f"{kind}:{OTHER_ENTRY}"


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
    if dimension not in known or not is_report_code(dimension, code):
        return False
    allowed = known[dimension]
    return allowed is None or code in allowed


def reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`object_pairs_hook` for json.loads: a key given twice is refused (the last one would silently win)."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"the key '{key}' is given twice")
        seen[key] = value
    return seen


def wire_service_code(local_code: str) -> str:
    """The wire code of a referred entry as the laptop counts it (app.statistics.service_code: the percent-encoded
    `source:source_id`, the source's kind before its first ':', the id after its last)."""
    kind, _, rest = local_code.partition(":")
    return referral_service_code(unquote(kind), unquote(rest.rpartition(":")[2] if ":" in rest else rest))


def sendable(payload: dict[str, Any]) -> dict[str, Any]:
    """A week's counts as the laptop sends them. Referred directory entries travel as wire codes (several local
    entries may become one category: their counts add up); handouts given in a week without a logged visit stay on
    the laptop, since a report's handouts come with visits. The laptop's own statistics keep the full detail."""
    counts = _wire_services(payload.get("counts", {}))
    if not payload.get("visits"):
        counts.pop("handout_language", None)
    sent = {**payload, "counts": counts}
    if payload.get("parts"):
        sent["parts"] = {
            month: {**part, "counts": _wire_services(part.get("counts", {}))}
            for month, part in payload["parts"].items()
        }
    return sent


def _wire_services(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    counts = dict(counts)
    if "referral_service" in counts:
        services: dict[str, int] = {}
        for code, count in counts["referral_service"].items():
            wire = wire_service_code(code)
            services[wire] = services.get(wire, 0) + count
        counts["referral_service"] = services
    return counts


def consistency_problem(visits: int, participants: int, counts: dict[str, dict[str, int]]) -> str | None:
    """The first way these counts could not come from real visits, or None: what the server refuses and what the
    laptop checks before sending."""
    if participants < visits:
        return "participants cannot be fewer than visits (every visit is at least one person)"
    groups = counts.get("contact", {}).get("group", 0)
    if participants > visits + groups * (MAX_GROUP_PARTICIPANTS - 1):
        return (
            f"participants can be at most one per visit and {MAX_GROUP_PARTICIPANTS} per group session, "
            f"so not {participants} for {visits} visits ({groups} group sessions)"
        )
    referred = counts.get("outcome", {}).get("referred", 0)
    for dimension, values in counts.items():
        if dimension == "handout_language":
            continue  # handouts are counted on their own, not per visit (but sent only with visits: ReportUpload)
        for code, count in values.items():
            if count > visits:
                return f"{dimension} '{code}' counts more visits than the week has"
        added = sum(values.values())
        if dimension in AT_MOST_ONE_VALUE_DIMENSIONS and added > visits:
            return f"the values of '{dimension}' add up to more visits than the week has"
        if dimension in REFERRAL_DIMENSIONS and added > referred:
            return f"'{dimension}' counts more visits than the week has with the outcome 'referred'"
    return None


class CountsCore(BaseModel):
    """Visits, participants and, per dimension, visits per code (zeros left out): a week's counts or a part of them."""

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
                if dimension == "referral_service":
                    # On the laptop an entry keeps its full local code (app.statistics.service_code); what is
                    # sent is checked against the wire's grammar (ReportUpload).
                    if not _LOCAL_SERVICE_CODE.match(code):
                        raise ValueError(_NOT_A_CODE.format(dimension=dimension))
                    continue
                if not is_report_code(dimension, code):
                    raise ValueError(_NOT_A_CODE.format(dimension=dimension))
                if not is_known_code(dimension, code, book):
                    raise ValueError(f"'{code}' is not a known code of '{dimension}'")
        return counts

    @model_validator(mode="after")
    def _consistent(self) -> CountsCore:
        problem = consistency_problem(self.visits, self.participants, self.counts)
        if problem is not None:
            raise ValueError(problem)
        return self

    def count(self, dimension: str, code: str) -> int:
        return self.counts.get(dimension, {}).get(code, 0)

    def canonical_counts(self) -> dict[str, Any]:
        """Visits, participants and counts with zero counts and empty dimensions dropped."""
        counts = {
            dimension: {code: count for code, count in sorted(values.items()) if count}
            for dimension, values in sorted(self.counts.items())
        }
        return {
            "visits": self.visits,
            "participants": self.participants,
            "counts": {dimension: values for dimension, values in counts.items() if values},
        }

    def cells(self) -> dict[tuple[str, str], int]:
        """Every non-zero count as (dimension, code), the totals as ("total", "visits"|"participants")."""
        cells = {("total", "visits"): self.visits, ("total", "participants"): self.participants}
        for dimension, values in self.counts.items():
            for code, count in values.items():
                if count:
                    cells[(dimension, code)] = count
        return {cell: count for cell, count in cells.items() if count}


class MonthPart(CountsCore):
    """The part of a week that crossed a month boundary falling in one calendar month (Helsinki time): the counts of
    the visits on its days, and the desk sessions started on them. Handouts are counted per week only."""

    sessions: SessionCount | None = None
    minutes_open: MinutesOpen | None = None

    @model_validator(mode="after")
    def _no_week_only_dimensions(self) -> MonthPart:
        if any(self.counts.get(dimension) for dimension in WEEK_ONLY_DIMENSIONS):
            raise ValueError("a part of a week does not count handouts or exit answers (they are counted per week)")
        return self


class ReportCounts(CountsCore):
    """The counts of one (site, ISO week): totals and, per dimension, visits per code (zeros left out); the desk's
    effort (sessions held, minutes open, how many partner organisations took part: a number, never a name); and,
    for a week crossing a month boundary, its `parts` per calendar month, which add up to the week exactly.
    Effort and parts are absent from the reports of laptops of before (and effort from a week without sessions)."""

    sessions: SessionCount | None = None
    minutes_open: MinutesOpen | None = None
    partners: SessionCount | None = None
    parts: dict[MonthKey, MonthPart] | None = None

    @model_validator(mode="after")
    def _effort_and_parts(self) -> ReportCounts:
        problem = effort_problem(self.sessions, self.minutes_open, self.partners)
        if problem is None and self.parts is not None:
            problem = parts_problem(self)
        if problem is not None:
            raise ValueError(problem)
        return self

    def canonical(self) -> dict[str, Any]:
        """The content with zero counts and empty dimensions dropped, for comparing two reports (effort and parts
        only where the report has them, so that a report of before compares as it always did)."""
        canonical = self.canonical_counts()
        for name in EFFORT_FIELDS:
            value = getattr(self, name)
            if value is not None:
                canonical[name] = value
        if self.parts is not None:
            canonical["parts"] = {
                month: {
                    **part.canonical_counts(),
                    **{name: getattr(part, name) for name in PART_EFFORT_FIELDS if getattr(part, name) is not None},
                }
                for month, part in sorted(self.parts.items())
            }
        return canonical


def effort_problem(sessions: int | None, minutes_open: int | None, partners: int | None) -> str | None:
    """The first way a week's effort figures could not come from real desk sessions, or None."""
    if partners is not None and partners > (sessions or 0):
        return "a week cannot have more partner organisations than desk sessions"
    if minutes_open and not sessions:
        return "minutes open need at least one desk session"
    return None


def parts_problem(report: ReportCounts) -> str | None:
    """The first way a week's month parts do not add up to the week, or None (which months they must be is
    checked against the week itself: `parts_week_problem`)."""
    parts = report.parts or {}
    if len(parts) != 2:
        return "a week crossing a month boundary has exactly two parts, one per month"
    whole = report.cells()
    summed: dict[tuple[str, str], int] = {}
    for part in parts.values():
        for cell, count in part.cells().items():
            summed[cell] = summed.get(cell, 0) + count
    for cell, count in whole.items():
        if cell[0] not in WEEK_ONLY_DIMENSIONS and summed.get(cell, 0) != count:
            return f"the parts of the week do not add up to its count of {cell[0]} '{cell[1]}'"
    extra = set(summed) - set(whole)
    if extra:
        dimension, code = sorted(extra)[0]
        return f"a part of the week counts {dimension} '{code}', which the week does not"
    for name in PART_EFFORT_FIELDS:
        values = [getattr(part, name) for part in parts.values()]
        if any(value is not None for value in values) and sum(value or 0 for value in values) != (
            getattr(report, name) or 0
        ):
            return f"the parts of the week do not add up to its {name.replace('_', ' ')}"
    return None


def parts_week_problem(week: str, report: ReportCounts) -> str | None:
    """Whether the report's parts are those of this week: two months exactly when its days cross a boundary."""
    from app.periods import month_label, months_of_week

    months = [month_label(month) for month in months_of_week(week)]
    if report.parts is None:
        return None
    if len(months) == 1:
        return f"week {week} lies in one month and has no parts"
    if sorted(report.parts) != months:
        return f"the parts of week {week} must be its months {months[0]} and {months[1]}"
    return None


class WeeklyReport(ReportCounts):
    """The anonymous counts of one site in one ISO week: nothing else ever leaves the laptop."""

    site: SiteName
    week: IsoWeek

    @model_validator(mode="after")
    def _parts_of_its_week(self) -> WeeklyReport:
        problem = parts_week_problem(self.week, self)
        if problem is not None:
            raise ValueError(problem)
        return self


class ReportUpload(ReportCounts):
    """`PUT /api/v1/reports/{site}/{iso_week}`: a week's counts with the device's revision of them."""

    revision: Annotated[int, Field(ge=1, le=2**62, strict=True)]

    @model_validator(mode="after")
    def _codes_only(self) -> ReportUpload:
        services = list(self.counts.get("referral_service", {}))
        for part in (self.parts or {}).values():
            services.extend(part.counts.get("referral_service", {}))
        for code in services:
            if not is_report_code("referral_service", code):
                raise ValueError(_NOT_A_CODE.format(dimension="referral_service"))
        return self

    @model_validator(mode="after")
    def _handouts_with_visits(self) -> ReportUpload:
        if self.visits == 0 and any(self.counts.get("handout_language", {}).values()):
            raise ValueError("handouts are counted only in a week with visits")
        return self


TimeOfDay = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
MAX_SLOTS = 50


class SlotDoc(BaseModel):
    """One usual weekly opening of a site: ISO weekday (1 = Monday) and Helsinki times. No staff, no partner."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weekday: Annotated[int, Field(ge=1, le=7, strict=True)]
    start: TimeOfDay
    end: TimeOfDay

    @model_validator(mode="after")
    def _ends_after_start(self) -> SlotDoc:
        if self.end <= self.start:
            raise ValueError("a slot must end after it starts")
        return self


class SiteSlots(BaseModel):
    """`PUT /api/v1/sites/{site}/slots`: the site's weekly slots as the laptop holds them now (the whole list;
    empty when the site has none), from which the server expects a report every week."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slots: Annotated[list[SlotDoc], Field(max_length=MAX_SLOTS)]
    # When the laptop read these slots (UTC). A request held up on the way can arrive after a newer one: the server
    # keeps the newest it has heard of. None from a laptop of before: the list replaces the stored one.
    as_of: AwareDatetime | None = None


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


class DirectoryFlagDoc(BaseModel):
    """An advisor's word that a shared directory entry is wrong or out of date: about the service, never a visitor
    (the laptop's note check passed it; the server checks again)."""

    model_config = ConfigDict(extra="forbid")

    client_id: int = Field(ge=1)  # the laptop's own number for it: a resend is recognised, not stored twice
    service_source: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    service_source_id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    service_name: dict[
        Annotated[str, StringConstraints(min_length=2, max_length=8)],
        Annotated[str, StringConstraints(max_length=300)],
    ] = Field(default_factory=dict, max_length=20)
    text: Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
    flagged_at: datetime


class DirectoryFlagsUpload(BaseModel):
    """`POST /api/v1/directory/flags`: the flags raised since the last sync."""

    model_config = ConfigDict(extra="forbid")

    flags: list[DirectoryFlagDoc] = Field(min_length=1, max_length=MAX_FLAGS_PER_UPLOAD)


class DirectoryFlagsAck(BaseModel):
    """The client ids the server stored (or had stored already), and those it refused (personal data): both are
    done with, neither is sent again."""

    accepted: list[int]
    refused: list[int] = Field(default_factory=list)
