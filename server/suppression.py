"""Disclosure control of everything the server publishes: keyed perturbation of each stored report, in the manner
of the Australian Bureau of Statistics' cell-key method, then sums.

Why this and not suppression: a reader who knows a suppression rule can replay it (an "x" placed only where small
cells add up to a known value tells what they are), can pad a week with a device of their own until a hidden cell
shows, and can subtract one published table from another (all sites minus the other sites, a month minus its
weeks). Perturbation gives each of these nothing:

- Every stored report (one device's counts of one site and week) carries a random key of its own (`cell_key`,
  made by the server when the report first arrives and never published or sent anywhere). Each of its counts —
  the visits, the participants, every (dimension, code) — gets a perturbation drawn from that key, the cell and
  the count (BLAKE2b keyed by `cell_key`): a two-sided geometric ("discrete Laplace") amount with
  P(d) ∝ NOISE_RATIO^|d|, so 0 a third of the time, ±1 or ±2 mostly, any size upwards possible. Downwards it stops
  at -count (nothing is published below 0) and the upward tail is shortened just enough that the mean stays 0 for
  every count, small ones too (sums over many sites do not drift). A zero count stays 0 (an absence points to
  nobody), so a "0" can be a true 0 or a small count pushed down.
- Every published number — a site's week, a team's month, all sites' quarter, any dimension — is the sum of the
  perturbed counts of the reports it covers. Tables are therefore exactly additive: all sites is the sum of the
  sites, a month the sum of its weeks. Subtracting one published table from another gives a sum of perturbed
  counts, never a true count.
- The same report always gets the same perturbation (the key is fixed), so asking again, in another table or a
  year later, gives the same number: nothing averages out. A changed count draws afresh, but only for the report
  that changed.
- A device of the attacker's own adds its own perturbed counts (its key is the server's secret too): padding a week
  shows the honest report's perturbed count plus the attacker's, and varying the padding only ever averages to
  the honest *perturbed* count, which the site's table shows anyway.
- Published sums from 1 to threshold - 1 are still shown as `"<5"` (the look coordinators know); they are already
  perturbed, so the mark hides a perturbed value, not a true one.

The stated error: a published count is the true count plus the sum of one perturbation per report covered
(a site's week: one per device; all sites' quarter: one per device, site and week). Each has mean 0, standard
deviation NOISE_STD (2; less for counts below 10: 0.9 for a 1, 1.7 for a 4) and lies within ±NOISE_95 (4) 95 % of
the time: a sum of r reports is within ±4·√r of the truth 19 times out of 20, e.g. ±7 for a site's week from 3
laptops, ±49 for the week of 50 sites with 3 laptops each, ±177 for their quarter (a total of some 40,000).

An attacker who knows all of this and solves for a report's true counts (server.audit, with linear programming)
can at best bound each true count by its perturbed one and the noise they are willing to assume: upwards the noise
has no bound, so with certainty nothing pins a count; assuming the one-in-a-million bound (ATTACKER_NOISE_BOUND,
20) a count of 1–4 is bounded no closer than that unless several draws fall at that extreme together.
"""

from __future__ import annotations

import bisect
import math
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from hashlib import blake2b as _blake2b
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from app.sync.wire import WEEK_ONLY_DIMENSIONS, CountsCore, ReportCounts
from app.weeks import month_of_week, quarter_of_week, week_key

DEFAULT_THRESHOLD = 5
# P(d) ∝ NOISE_RATIO ** |d|: the spread of one report's perturbation.
NOISE_RATIO = 0.5
NOISE_STD = math.sqrt(2 * NOISE_RATIO) / (1 - NOISE_RATIO)
NOISE_95 = 4  # P(|d| <= 4) = 1 - 2 * 0.5 ** 5 / 1.5 ≈ 0.96
# The bound an attacker can assume for one perturbation while being wrong at most once in a million draws.
ATTACKER_NOISE_BOUND = 20
# The "cell" of the totals in a perturbation's key and in published tables.
TOTAL = "total"

Grouping = Literal["site", "team", "combined"]
Period = Literal["week", "month", "quarter"]
GROUPINGS: tuple[Grouping, ...] = ("site", "team", "combined")
PERIODS: tuple[Period, ...] = ("week", "month", "quarter")
# The place column of a table over every site.
COMBINED_PLACE = "ALL"
Shown = int | str


def new_cell_key() -> str:
    """The secret key of a newly stored report (hex): every perturbation of its counts comes from it."""
    return secrets.token_hex(16)


def _upper_ratio(count: int) -> float:
    """The ratio of the upward tail for a count whose downward tail stops at -count (the published value is never
    below 0), chosen so that the perturbation still has mean 0: sum_k k * r**k = sum_{k<=count} k * NOISE_RATIO**k."""
    below = sum(k * NOISE_RATIO**k for k in range(1, count + 1))
    low, high = 0.0, NOISE_RATIO
    for _ in range(60):  # bisection: r / (1 - r)**2 grows with r
        middle = (low + high) / 2
        low, high = (middle, high) if middle / (1 - middle) ** 2 < below else (low, middle)
    return (low + high) / 2


@dataclass(frozen=True)
class _Distribution:
    """The perturbation of one count: P(-k) ∝ NOISE_RATIO**k for 1 <= k <= count, P(0) ∝ 1, P(k) ∝ upper**k.
    A 64-bit draw times `scale` is a point on [0, total): the downward weights first, then 0's, then the rest."""

    lower_cumulative: tuple[float, ...]  # weights of -1, -2, ..., -count, summed in that order
    below: float  # their sum
    scale: float
    upper_scale: float  # 1 / the weight of the upward tail
    log_upper_inverse: float

    @classmethod
    def of(cls, count: int) -> _Distribution:
        lower, cumulative = [], 0.0
        for k in range(1, count + 1):
            cumulative += NOISE_RATIO**k
            lower.append(cumulative)
        upper = _upper_ratio(count) if count < _SYMMETRIC_FROM else NOISE_RATIO
        tail = upper / (1 - upper)
        total = cumulative + 1 + tail
        return cls(tuple(lower), cumulative, total / 2.0**64, 1 / tail, 1 / math.log(upper))


# From this count on the downward tail is cut so far out (0.5**40) that the symmetric distribution is used as is.
_SYMMETRIC_FROM = 40
_DISTRIBUTIONS = tuple(_Distribution.of(count) for count in range(_SYMMETRIC_FROM + 1))


def perturbation(cell_key: bytes, dimension: str, code: str, count: int) -> int:
    """The perturbation of one (non-zero) count of one report: the same arguments always give the same amount.
    Mean 0 for every count, never below -count, no upper bound (but the 64 bits of the draw)."""
    digest = _blake2b(f"{dimension}\x1f{code}\x1f{count}".encode(), key=cell_key, digest_size=8).digest()
    distribution = _DISTRIBUTIONS[count if count < _SYMMETRIC_FROM else _SYMMETRIC_FROM]
    point = int.from_bytes(digest, "big") * distribution.scale
    if point < distribution.below:
        return -(1 + bisect.bisect_right(distribution.lower_cumulative, point))
    point -= distribution.below
    if point < 1:
        return 0
    # The rest is a geometric magnitude 1, 2, ... with P(k) ∝ upper**k: its weight sums to upper / (1 - upper).
    return 1 + int(math.log1p(-(point - 1) * distribution.upper_scale) * distribution.log_upper_inverse)


def perturbed_count(cell_key: bytes, dimension: str, code: str, count: int) -> int:
    if count <= 0:
        return 0
    moved = count + perturbation(cell_key, dimension, code, count)
    return moved if moved > 0 else 0


@dataclass(frozen=True)
class Contribution:
    """One stored report as disclosure control sees it: whose it is, where and when, its key and true counts."""

    device_id: str
    site: str
    team: str
    week: str
    cell_key: str
    counts: ReportCounts | None  # None where only the published tables are wanted (then `stored` is given)
    # The perturbed counts as stored when the report arrived (perturbed_payload; None: worked out from the key).
    stored: dict[str, Any] | None = field(default=None, compare=False)

    def perturbed(self) -> dict[tuple[str, str], int]:
        """Every cell of the report, (dimension, code) with ("total", "visits"|"participants"), perturbed; cells
        whose true count is 0 are left out (they publish 0). Worked out once per report (do not change it)."""
        return self._perturbed

    def true_cells(self) -> dict[tuple[str, str], int]:
        """The same cells with their true counts (do not change it)."""
        return self._true_cells

    @cached_property
    def _perturbed(self) -> dict[tuple[str, str], int]:
        if self.stored is not None:
            return cells_of(self.stored)
        key = bytes.fromhex(self.cell_key)
        return {cell: perturbed_count(key, cell[0], cell[1], count) for cell, count in self._true_cells.items()}

    @cached_property
    def _true_cells(self) -> dict[tuple[str, str], int]:
        if self.counts is None:
            raise ValueError("this report was read without its true counts")
        counts = self.counts
        return cells_of({"visits": counts.visits, "participants": counts.participants, "counts": counts.counts})


def cells_of(payload: dict[str, Any]) -> dict[tuple[str, str], int]:
    """The cells of a payload ({"visits", "participants", "counts"}): totals as ("total", ...), zeros left out."""
    cells = {(TOTAL, "visits"): payload["visits"], (TOTAL, "participants"): payload["participants"]}
    for dimension, values in payload["counts"].items():
        for code, count in values.items():
            if count:
                cells[(dimension, code)] = count
    return cells


def perturbed_payload(cell_key: str, counts: ReportCounts) -> dict[str, Any]:
    """A report's counts perturbed with its key, in the shape of its payload: what the server stores beside it on
    arrival, so that an export only adds up (a count perturbed to 0 is kept as 0: it was not an absence).

    A week crossing a month boundary has its month parts perturbed, each cell with its month in the draw, and its
    week's cells are the sums of its parts' (the handouts, counted per week, drawn for the week): a month and the
    week are then made of the same draws, and comparing them tells nothing a table does not show anyway."""
    key = bytes.fromhex(cell_key)
    if not counts.parts:
        return _perturbed_counts(key, counts, "")
    parts = {month: _perturbed_counts(key, part, month) for month, part in sorted(counts.parts.items())}
    summed: dict[str, dict[str, int]] = {}
    for part in parts.values():
        for dimension, values in part["counts"].items():
            target = summed.setdefault(dimension, {})
            for code, value in values.items():
                target[code] = target.get(code, 0) + value
    for dimension in WEEK_ONLY_DIMENSIONS:
        kept = {
            code: perturbed_count(key, dimension, code, count)
            for code, count in counts.counts.get(dimension, {}).items()
            if count
        }
        if kept:
            summed[dimension] = kept
    return {
        "visits": sum(part["visits"] for part in parts.values()),
        "participants": sum(part["participants"] for part in parts.values()),
        "counts": summed,
        "parts": parts,
    }


def _perturbed_counts(key: bytes, counts: CountsCore, month: str) -> dict[str, Any]:
    """Visits, participants and counts perturbed; a month part's draws name the month (`month`, '' for a week)."""

    def cell(dimension: str) -> str:
        return f"{dimension}\x1e{month}" if month else dimension

    perturbed: dict[str, dict[str, int]] = {}
    for dimension, values in counts.counts.items():
        kept = {code: perturbed_count(key, cell(dimension), code, count) for code, count in values.items() if count}
        if kept:
            perturbed[dimension] = kept
    return {
        "visits": perturbed_count(key, cell(TOTAL), "visits", counts.visits),
        "participants": perturbed_count(key, cell(TOTAL), "participants", counts.participants),
        "counts": perturbed,
    }


def perturbed_document(contribution: Contribution) -> dict[str, Any]:
    """A report's perturbed counts as a payload ({"visits", "participants", "counts"[, "parts"]}): as stored on
    arrival, or for a row of before worked out from its key (such a row has no parts)."""
    if contribution.stored is not None:
        return contribution.stored
    cells = contribution.perturbed()
    counts: dict[str, dict[str, int]] = {}
    for (dimension, code), value in cells.items():
        if dimension != TOTAL:
            counts.setdefault(dimension, {})[code] = value
    return {
        "visits": cells.get((TOTAL, "visits"), 0),
        "participants": cells.get((TOTAL, "participants"), 0),
        "counts": counts,
    }


class PublishedReport(BaseModel):
    """One row of a published table: a period (ISO week, 'YYYY-MM' or 'YYYY-Qn') and a place (site, team or ALL)
    with its perturbed sums, each an int or the mark `"<5"`."""

    model_config = ConfigDict(frozen=True)

    period: str
    place: str
    threshold: int
    visits: Shown
    participants: Shown
    counts: dict[str, dict[str, Shown]]

    def count(self, dimension: str, code: str) -> Shown:
        if dimension == TOTAL:
            return self.visits if code == "visits" else self.participants
        return self.counts.get(dimension, {}).get(code, 0)


def small_mark(threshold: int) -> str:
    """How a published sum from 1 to threshold - 1 is shown."""
    return f"<{threshold}"


def check_threshold(threshold: int) -> None:
    """1 publishes every perturbed sum; 2 is refused because "<2" could only mean 1, which would hide nothing."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError("the suppression threshold must be a whole number of at least 1 (1 hides nothing)")
    if threshold == 2:
        raise ValueError('a suppression threshold of 2 hides nothing ("<2" can only mean 1): use 1 or at least 3')


def period_of(week: str, period: Period) -> str:
    if period == "week":
        return week
    return month_of_week(week) if period == "month" else quarter_of_week(week)


def place_of(contribution: Contribution, grouping: Grouping) -> str:
    if grouping == "site":
        return contribution.site
    return contribution.team if grouping == "team" else COMBINED_PLACE


def period_order(period: str) -> tuple[int, int]:
    """Weeks, months, quarters and years in time order (as numbers, not as strings)."""
    if "-W" in period:
        return week_key(period)
    year, _, rest = period.partition("-")
    return int(year), int(rest.removeprefix("Q")) if rest else 0


@dataclass
class _Sums:
    cells: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))


def perturbed_sums(
    contributions: Iterable[Contribution], grouping: Grouping = "site", period: Period = "week"
) -> dict[tuple[str, str], dict[tuple[str, str], int]]:
    """(period, place) -> cell -> the sum of the perturbed counts of every report it covers (before marking)."""
    sums: dict[tuple[str, str], _Sums] = defaultdict(_Sums)
    for contribution in contributions:
        target = sums[(period_of(contribution.week, period), place_of(contribution, grouping))].cells
        for cell, value in contribution.perturbed().items():
            target[cell] += value
    return {key: dict(value.cells) for key, value in sums.items()}


def publish(
    contributions: Iterable[Contribution],
    threshold: int = DEFAULT_THRESHOLD,
    grouping: Grouping = "site",
    period: Period = "week",
) -> list[PublishedReport]:
    """The published table of these reports: one row per (period, place), in time order, then by place.

    The one entry point for every table the server shows (exports, the audit, a console): a site's weeks, a team's
    months, all sites' quarters. Raises ValueError for a useless threshold.
    """
    check_threshold(threshold)
    return table_rows(perturbed_sums(contributions, grouping, period), threshold)


def table_rows(sums: dict[tuple[str, str], dict[tuple[str, str], int]], threshold: int) -> list[PublishedReport]:
    """Sums per (period, place) and cell as a published table: rows in time order, then by place; 1 to threshold -
    1 as the mark. (The adversary tests build exact tables with it, to show what the perturbation prevents.)"""
    mark = small_mark(threshold)

    def shown(value: int) -> Shown:
        return mark if 0 < value < threshold else value

    rows = []
    for period_name, place in sorted(sums, key=lambda key: (period_order(key[0]), key[1])):
        cells = sums[(period_name, place)]
        counts: dict[str, dict[str, Shown]] = defaultdict(dict)
        for (dimension, code), value in cells.items():
            if dimension != TOTAL and value:
                counts[dimension][code] = shown(value)
        rows.append(
            PublishedReport(
                period=period_name,
                place=place,
                threshold=threshold,
                visits=shown(cells.get((TOTAL, "visits"), 0)),
                participants=shown(cells.get((TOTAL, "participants"), 0)),
                counts=dict(counts),
            )
        )
    return rows
