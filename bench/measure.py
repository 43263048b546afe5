"""What every benchmark reports: a figure, the floor measured in the same run, their ratio, and the goal."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


def previous_ratios(path: Path) -> dict[str, float]:
    """The ratio of each figure in the results of the last full run written to `path` (none for a quick run)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("quick"):
            return {}
        return {str(item["key"]): float(item["ratio"]) for item in document["figures"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@dataclass
class Figure:
    """One benchmark: `value_ms` against `floor_ms` (the same work done the barest way, measured alongside)."""

    key: str
    title: str
    value_ms: float
    floor_ms: float
    floor: str
    goal_ms: float | None = None
    goal: str = ""
    goal_beyond_floor: bool = False  # the goal bounds value - floor (e.g. time beyond the KDF)
    details: dict[str, float | int | str] = field(default_factory=dict)
    previous_ratio: float | None = None  # the same figure's ratio in the run before (bench/out/results.json)

    @property
    def ratio(self) -> float:
        return self.value_ms / self.floor_ms if self.floor_ms > 0 else float("inf")

    @property
    def meets_goal(self) -> bool | None:
        if self.goal_ms is None:
            return None
        measured = self.value_ms - self.floor_ms if self.goal_beyond_floor else self.value_ms
        return measured <= self.goal_ms

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "ratio": round(self.ratio, 2), "meets_goal": self.meets_goal}

    def line(self) -> str:
        verdict = {None: "", True: "  goal met", False: "  GOAL MISSED"}[self.meets_goal]
        goal = f"  (goal: {self.goal})" if self.goal else ""
        if self.goal_beyond_floor:
            goal = f", {self.value_ms - self.floor_ms:.1f} ms beyond it{goal}"
        before = f"  [previous run: {self.previous_ratio:.2f}x]" if self.previous_ratio is not None else ""
        return (
            f"({self.key}) {self.title}: {self.value_ms:.1f} ms vs {self.floor_ms:.1f} ms {self.floor}"
            f" = {self.ratio:.2f}x{goal}{verdict}{before}"
        )


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p99 of 300 samples is the 297th smallest)."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def time_ms(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000
