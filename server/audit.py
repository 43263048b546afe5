"""The attacker, run by the server on its own data (`neuvo-server audit`) and by the adversary tests.

The attacker knows the method (server.suppression) but not the reports' secret keys, holds every table published
from the same reports (any grouping, any period, at several moments), and controls devices of their own whose true
counts they know. They solve for the true counts of everyone else's reports with linear programming (HiGHS, through
scipy): the unknowns are the true count n and the perturbed count p of every cell of every report; what they know:

- each published number is the sum of the p of the reports it covers (`"<5"`: the sum is 1..4);
- p >= 0, p <= (B + 1) * n (a zero count stays 0), and |p - n| <= B, where B is the bound they dare assume for one
  perturbation (ATTACKER_NOISE_BOUND: wrong once in a million draws; with certainty there is no upper bound);
- real visits behind each report: every count at most the visits, a one-value-per-visit dimension adding up to at
  most the visits, visits <= participants <= visits + 9,999 per group session, referral details at most the
  referred visits.

A true count of 1–4 (summed over the reports the attacker does not own) is *pinned* when the attacker's integer
bounds for it are at most 2 apart (exactly, or to within ±1).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.sync.wire import (
    AT_MOST_ONE_VALUE_DIMENSIONS,
    MAX_GROUP_PARTICIPANTS,
    REFERRAL_DIMENSIONS,
    WEEK_ONLY_DIMENSIONS,
)
from server.suppression import (
    ATTACKER_NOISE_BOUND,
    DEFAULT_THRESHOLD,
    TOTAL,
    Contribution,
    Grouping,
    Period,
    PublishedReport,
    cells_of,
    period_of,
    place_of,
    publish,
    small_mark,
)

Cell = tuple[str, str]
VISITS: Cell = (TOTAL, "visits")
PARTICIPANTS: Cell = (TOTAL, "participants")
GROUP: Cell = ("contact", "group")
REFERRED: Cell = ("outcome", "referred")
# How far apart an attacker's bounds must be for a count not to count as pinned (more than ±1).
PINNED_WIDTH = 2
# The shift of the certificate that a count is not pinned: the true counts moved by this much fit everything too.
_SHIFT = PINNED_WIDTH + 1


@dataclass(frozen=True)
class Observation:
    """One published table as the attacker got it, with the reports it was made of (at that moment)."""

    reports: tuple[Contribution, ...]
    rows: tuple[PublishedReport, ...]
    grouping: Grouping
    period: Period


def observe(
    reports: Iterable[Contribution], threshold: int, grouping: Grouping = "site", period: Period = "week"
) -> Observation:
    covered = tuple(reports)
    return Observation(covered, tuple(publish(covered, threshold, grouping, period)), grouping, period)


@dataclass(frozen=True)
class Target:
    """A true count the attacker wants: a cell of one site and week, summed over the reports they do not own."""

    site: str
    week: str
    cell: Cell
    true_count: int


@dataclass(frozen=True)
class Bounds:
    low: int
    high: int
    is_feasible: bool = True  # False: the attacker's assumed noise bound was wrong for these data

    @property
    def is_pinned(self) -> bool:
        return self.is_feasible and self.high - self.low <= PINNED_WIDTH


@dataclass
class _Program:
    """A linear program built row by row: variables by name, constraints as sparse rows."""

    names: dict[tuple[object, ...], int] = field(default_factory=dict)
    bounds: list[tuple[float, float | None]] = field(default_factory=list)
    upper_rows: list[dict[int, float]] = field(default_factory=list)
    upper_values: list[float] = field(default_factory=list)
    equal_rows: list[dict[int, float]] = field(default_factory=list)
    equal_values: list[float] = field(default_factory=list)

    def variable(self, name: tuple[object, ...], low: float = 0.0, high: float | None = None) -> int:
        if name not in self.names:
            self.names[name] = len(self.bounds)
            self.bounds.append((low, high))
        return self.names[name]

    def at_most(self, terms: dict[int, float], value: float) -> None:
        self.upper_rows.append(terms)
        self.upper_values.append(value)

    def equal(self, terms: dict[int, float], value: float) -> None:
        self.equal_rows.append(terms)
        self.equal_values.append(value)

    def solve(self, objective: dict[int, float]) -> tuple[float, float] | None:
        """(min, max) of the objective, or None when the constraints cannot all hold."""
        import numpy as np
        from scipy.optimize import linprog  # type: ignore[import-untyped]
        from scipy.sparse import coo_matrix  # type: ignore[import-untyped]

        def matrix(rows: list[dict[int, float]]) -> coo_matrix | None:
            if not rows:
                return None
            data, row_index, column_index = [], [], []
            for number, row in enumerate(rows):
                for column, value in row.items():
                    data.append(value)
                    row_index.append(number)
                    column_index.append(column)
            return coo_matrix((data, (row_index, column_index)), shape=(len(rows), len(self.bounds)))

        upper, equal = matrix(self.upper_rows), matrix(self.equal_rows)
        cost = np.zeros(len(self.bounds))
        for column, value in objective.items():
            cost[column] = value
        answers = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * cost,
                A_ub=upper,
                b_ub=self.upper_values or None,
                A_eq=equal,
                b_eq=self.equal_values or None,
                bounds=self.bounds,
                method="highs",
            )
            if result.status == 2:
                return None
            if result.status != 0:
                raise RuntimeError(f"the attacker's linear program failed: {result.message}")
            answers.append(sign * result.fun)
        return answers[0], answers[1]


def _identity(report: Contribution) -> tuple[str, str, str]:
    return report.device_id, report.site, report.week


def _cells_of_rows(rows: Iterable[PublishedReport]) -> set[Cell]:
    cells = {VISITS, PARTICIPANTS, GROUP, REFERRED}
    for row in rows:
        for dimension, values in row.counts.items():
            cells.update((dimension, code) for code in values)
    return cells


class Attacker:
    """Everything the attacker knows, as one linear program; `bounds` answers for any target."""

    def __init__(
        self,
        observations: Sequence[Observation],
        own_devices: Iterable[str] = (),
        noise_bound: int = ATTACKER_NOISE_BOUND,
    ) -> None:
        self.own = frozenset(own_devices)
        self.noise_bound = noise_bound
        self.program = _Program()
        self.linear_programs = 0
        cells = _cells_of_rows(row for observation in observations for row in observation.rows)
        for observation in observations:
            for report in observation.reports:
                cells.update(report.true_cells())
        self.cells = sorted(cells)
        self._honest: dict[tuple[str, str, str], dict[Cell, int]] = {}
        for observation in observations:
            for report in observation.reports:
                if report.device_id not in self.own and _identity(report) not in self._honest:
                    self._add_honest(report)
        for observation in observations:
            self._add_published(observation)

    def _true(self, identity: tuple[str, str, str], cell: Cell) -> int:
        return self.program.names[("n", *identity, cell)]

    def _perturbed(self, report: Contribution, cell: Cell) -> int:
        """The p variable of a cell: the same for a report of the same counts (same key, same count, same draw)."""
        if report.device_id in self.own:
            # Their own count is known, its perturbation is not (the key is the server's secret).
            count, bound = report.true_cells().get(cell, 0), self.noise_bound
            if _part_months(report) and cell[0] not in WEEK_ONLY_DIMENSIONS:
                bound *= len(_part_months(report))  # the sum of one draw per part
            high = 0 if count == 0 else count + bound
            return self.program.variable(("p", *_identity(report), cell, count), max(0, count - bound), high)
        return self.program.variable(("p", *_identity(report), cell))

    def _add_honest(self, report: Contribution) -> None:
        identity, program, bound = _identity(report), self.program, self.noise_bound
        self._honest[identity] = report.true_cells()
        for cell in self.cells:
            program.variable(("n", *identity, cell))
        months = _part_months(report)
        for cell in self.cells:
            n, p = self._true(identity, cell), self._perturbed(report, cell)
            if months and cell[0] not in WEEK_ONLY_DIMENSIONS:
                # Drawn part by part: the week's n and p are the sums of its parts', each part within the bound.
                part_n = [program.variable(("n", *identity, cell, month)) for month in months]
                part_p = [program.variable(("p", *identity, cell, month)) for month in months]
                program.equal({n: 1, **dict.fromkeys(part_n, -1.0)}, 0)
                program.equal({p: 1, **dict.fromkeys(part_p, -1.0)}, 0)
                for n_m, p_m in zip(part_n, part_p, strict=True):
                    program.at_most({p_m: 1, n_m: -1}, bound)
                    program.at_most({n_m: 1, p_m: -1}, bound)
                    program.at_most({p_m: 1, n_m: -(bound + 1)}, 0)
                continue
            program.at_most({p: 1, n: -1}, bound)
            program.at_most({n: 1, p: -1}, bound)
            program.at_most({p: 1, n: -(bound + 1)}, 0)
        visits, participants = self._true(identity, VISITS), self._true(identity, PARTICIPANTS)
        by_dimension: dict[str, list[int]] = defaultdict(list)
        for cell in self.cells:
            if cell[0] in (TOTAL, "handout_language"):
                continue
            n = self._true(identity, cell)
            program.at_most({n: 1, visits: -1}, 0)
            by_dimension[cell[0]].append(n)
        for dimension, columns in by_dimension.items():
            if dimension in AT_MOST_ONE_VALUE_DIMENSIONS:
                program.at_most({**dict.fromkeys(columns, 1.0), visits: -1}, 0)
            if dimension in REFERRAL_DIMENSIONS:
                program.at_most({**dict.fromkeys(columns, 1.0), self._true(identity, REFERRED): -1}, 0)
        program.at_most({visits: 1, participants: -1}, 0)
        group = self._true(identity, GROUP)
        program.at_most({participants: 1, visits: -1, group: -(MAX_GROUP_PARTICIPANTS - 1)}, 0)

    def _add_published(self, observation: Observation) -> None:
        covered: dict[tuple[str, str], list[Contribution]] = defaultdict(list)
        for report in observation.reports:
            key = (period_of(report.week, observation.period), place_of(report, observation.grouping))
            covered[key].append(report)
        for row in observation.rows:
            reports = covered.get((row.period, row.place), [])
            for cell in self.cells:
                terms: dict[int, float] = defaultdict(float)
                for report in reports:
                    terms[self._perturbed(report, cell)] += 1
                shown = row.count(*cell)
                if shown == small_mark(row.threshold):
                    self.program.at_most(dict(terms), row.threshold - 1)
                    self.program.at_most({column: -value for column, value in terms.items()}, -1)
                elif isinstance(shown, int):
                    self.program.equal(dict(terms), shown)
                else:
                    raise ValueError(f"the attacker cannot read the published value {shown!r}")

    def targets(self) -> list[Target]:
        """Every true count of 1–4 of a cell of a site and week, summed over the reports the attacker does not own."""
        sums: dict[tuple[str, str, Cell], int] = defaultdict(int)
        for (_device, site, week), cells in self._honest.items():
            for cell, count in cells.items():
                sums[(site, week, cell)] += count
        return [
            Target(site, week, cell, count)
            for (site, week, cell), count in sorted(sums.items())
            if 1 <= count < DEFAULT_THRESHOLD
        ]

    def objective(self, target: Target) -> dict[int, float]:
        return {
            self._true(identity, target.cell): 1.0
            for identity in self._honest
            if identity[1:] == (target.site, target.week)
        }

    def bounds(self, target: Target) -> Bounds:
        self.linear_programs += 1
        answer = self.program.solve(self.objective(target))
        if answer is None:
            return Bounds(0, 0, is_feasible=False)
        low, high = answer
        return Bounds(math.ceil(low - 1e-6), math.floor(high + 1e-6))


def can_shift(report: Contribution, cell: Cell, noise_bound: int = ATTACKER_NOISE_BOUND) -> bool:
    """Whether this report's true counts could be _SHIFT higher in `cell` (with the visits, participants and, for a
    referral detail, the referred visits that must grow with it) while every perturbed count stays as published and
    within the attacker's noise bound: then a second solution _SHIFT away exists in every table at once, and the
    count is not pinned, whatever the attacker holds. Cheap; the linear program runs only where this fails.

    A week crossing a month boundary is perturbed part by part (its week's cells are the sums of its parts'), so
    there one of its month parts carrying the cell must be able to move: that keeps its month tables too."""
    moved = {cell, VISITS, PARTICIPANTS}
    if cell[0] in REFERRAL_DIMENSIONS:
        moved.add(REFERRED)
    for true, perturbed in _pieces(report, cell):
        if true.get(cell, 0) <= 0:
            continue
        if all(
            true.get(moved_cell, 0) + _SHIFT - noise_bound
            <= perturbed.get(moved_cell, 0)
            <= true.get(moved_cell, 0) + _SHIFT + noise_bound
            for moved_cell in moved
        ):
            return True
    return False


def _part_months(report: Contribution) -> list[str]:
    """The months of a report perturbed part by part (a week crossing a month boundary sent with its parts)."""
    if report.counts is None:
        return []
    parts = getattr(report.counts, "parts", None)
    stored_parts = (report.stored or {}).get("parts")
    return sorted(parts) if parts and stored_parts else []


def _pieces(report: Contribution, cell: Cell) -> list[tuple[dict[Cell, int], dict[Cell, int]]]:
    """(true cells, perturbed cells) of the pieces a report was perturbed in: its month parts, or the week whole
    (also for the dimensions counted per week only, which are drawn for the week)."""
    parts = getattr(report.counts, "parts", None) if report.counts is not None else None
    stored_parts = (report.stored or {}).get("parts")
    if not parts or not stored_parts or cell[0] in WEEK_ONLY_DIMENSIONS:
        return [(report.true_cells(), report.perturbed())]
    pieces = []
    for month, part in parts.items():
        document = part.model_dump() if hasattr(part, "model_dump") else part
        if month in stored_parts:
            pieces.append((cells_of(document), cells_of(stored_parts[month])))
    return pieces


@dataclass(frozen=True)
class Finding:
    site: str
    week: str
    dimension: str
    code: str
    true_count: int
    low: int
    high: int
    attacker_device: str | None


@dataclass
class AuditResult:
    reports: int = 0
    tables: int = 0
    cells_checked: int = 0
    linear_programs: int = 0
    pinned: list[Finding] = field(default_factory=list)

    def as_json(self) -> str:
        document = {
            "reports": self.reports,
            "tables": self.tables,
            "cells_checked": self.cells_checked,
            "linear_programs": self.linear_programs,
            "pinned": [finding.__dict__ for finding in self.pinned],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)


GROUPINGS_AND_PERIODS: tuple[tuple[Grouping, Period], ...] = tuple(
    (grouping, period) for grouping in ("site", "team", "combined") for period in ("week", "month", "quarter")
)


def audit(
    reports: Sequence[Contribution], threshold: int = DEFAULT_THRESHOLD, noise_bound: int = ATTACKER_NOISE_BOUND
) -> AuditResult:
    """The attacker against the server's own reports: for every site and week, every true count of 1–4 (with each
    device of it in turn as the attacker's, and with none) is checked against every published table.

    Each count is first given the certificate `can_shift`, which holds against every table at once; where it does
    not, the linear program of that site and week (its published table and the reports in it) decides.
    """
    result = AuditResult(reports=len(reports))
    for grouping, period in GROUPINGS_AND_PERIODS:
        result.tables += len(publish(reports, threshold, grouping, period))
    blocks: dict[tuple[str, str], list[Contribution]] = defaultdict(list)
    for report in reports:
        blocks[(report.site, report.week)].append(report)
    for (site, week), block in sorted(blocks.items()):
        for attacker in [None, *sorted({report.device_id for report in block})]:
            honest = [report for report in block if report.device_id != attacker]
            sums: dict[Cell, int] = defaultdict(int)
            for report in honest:
                for cell, count in report.true_cells().items():
                    sums[cell] += count
            program: Attacker | None = None
            for cell, count in sorted(sums.items()):
                if not 1 <= count < DEFAULT_THRESHOLD:
                    continue
                result.cells_checked += 1
                carriers = [report for report in honest if report.true_cells().get(cell, 0) > 0]
                if any(can_shift(report, cell, noise_bound) for report in carriers):
                    continue
                if program is None:
                    own = () if attacker is None else (attacker,)
                    program = Attacker([observe(block, threshold)], own, noise_bound)
                bounds = program.bounds(Target(site, week, cell, count))
                result.linear_programs += 1
                if bounds.is_pinned and bounds.low <= count <= bounds.high:
                    result.pinned.append(
                        Finding(site, week, cell[0], cell[1], count, bounds.low, bounds.high, attacker)
                    )
    return result
