"""The small-cell suppression the server used before issue 12, kept only as the floor of `make bench` figure p1
(server/suppression.py replaced it: a reader who knows this rule can pin hidden counts, as
tests/server/test_disclosure.py shows).

Small-cell suppression: the rules that decided which weekly counts a published export may show.

Statistics agencies (Statistics Finland's output checking among them) do not publish a count that could point to
one person, nor a count that can be worked out from the published ones. Here:

- Totals come first: callers sum the true counts over devices and sites, then suppress; a published number is never
  a sum of suppressed ones.
- Primary suppression: a count from 1 to threshold - 1 is shown as `f"<{threshold}"`, the visit and participant
  totals included; 0 stays 0 (an absence points to nobody).
- Secondary suppression: in a dimension where one visit has at most one value, the values may add up to a published
  total (the visits, or for referral details the visits with outcome "referred"). A reader then knows that the
  hidden cells add up to `total - sum(shown)`. While that pins down any hidden cell to one value, the smallest
  shown non-zero cell is hidden too, shown as `SECONDARY_MARK` ("x"): a count that would have been shown but is
  hidden so that a "<5" cell cannot be computed. It is not shown as "<5", because it is not below 5 and a reader
  adding the column up would be misled.
- Multi-choice dimensions (topic, language, outcome) and handout languages do not add up to anything: primary
  suppression only.

"Pinned down" is checked against a reader who knows everything the export states: shown counts exactly, that "<t"
means 1..t-1, and that "x" hides a count of at least t (it would have been shown) and at most the smallest count
still shown (the smallest is hidden first). For each hidden cell the values consistent with that knowledge and with
the sum form an interval; a cell is protected when the interval holds at least two values. In the rare patterns
where hiding every non-zero cell is still not enough (a 1 next to a 5 and nothing else; every visit of a week on a
different weekday), the whole dimension, zeros included, is shown as "x" (for directory services, whose list
is open, the listed services only).

Not covered: tables published side by side (one site's export next to the combined one, or two overlapping site
selections) can be subtracted from each other; each export is protected on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from app.codes import SINGLE_CHOICE_DIMENSIONS
from app.sync.wire import ReportCounts, known_codes
from server.suppression import check_threshold, small_mark

DEFAULT_THRESHOLD = 5
# Shown in place of a count that is not small but would let a reader compute a small one.
SECONDARY_MARK = "x"
# One visit has at most one value of these: their counts can add up to a published total.
AT_MOST_ONE_VALUE_DIMENSIONS = SINGLE_CHOICE_DIMENSIONS | {"referral_service"}
# Only a referred visit has these details (app.visits.validate adds "referred" to its outcomes).
REFERRAL_DIMENSIONS = frozenset({"referral_category", "referral_reason", "referral_service"})

Shown = int | str


class SuppressedReport(BaseModel):
    """One week's counts as they may be published: each an int or a mark (`"<5"`, `"x"`)."""

    model_config = ConfigDict(frozen=True)

    threshold: int
    visits: Shown
    participants: Shown
    counts: dict[str, dict[str, Shown]]

    def count(self, dimension: str, code: str) -> Shown:
        return self.counts.get(dimension, {}).get(code, 0)


def suppress(report: ReportCounts, threshold: int = DEFAULT_THRESHOLD) -> SuppressedReport:
    """The report's counts with small cells hidden and no hidden cell computable from the others.

    Where the values of a one-value-per-visit dimension add up to less than the visits (age band, gender, years in
    Finland and the rest are optional), no secondary cell is needed: the difference is the visits with no answer,
    a number published nowhere. A reader knows only that the hidden cells plus that unknown remainder R >= 0 make
    `total - sum(shown)`. Since R >= 1 in fact, that difference exceeds the hidden cells' sum by at least one, so
    each hidden cell h could also have been h + 1 (or h - 1 when h + 1 is not below the threshold): never a single
    value, given a threshold of 3 or more (which check_threshold requires). The rule stands on R being unknown: a
    reader who knew exactly which visits go unanswered (say, a desk that never asks group sessions their gender,
    with the group count published) could still subtract; a dimension is treated as adding up whenever it does, so
    the remainder protects only weeks where answers really are missing.
    """
    check_threshold(threshold)
    mark = small_mark(threshold)

    def primary(count: int) -> Shown:
        return mark if 0 < count < threshold else count

    counts: dict[str, dict[str, Shown]] = {}
    for dimension, values in report.counts.items():
        shown = {code: primary(count) for code, count in values.items()}
        margin = _published_margin(report, dimension, values, threshold)
        if margin is not None and any(isinstance(value, str) for value in shown.values()):
            shown = _protect(dimension, values, shown, margin, threshold)
        counts[dimension] = shown
    return SuppressedReport(
        threshold=threshold, visits=primary(report.visits), participants=primary(report.participants), counts=counts
    )


def _published_margin(report: ReportCounts, dimension: str, values: Mapping[str, int], threshold: int) -> int | None:
    """The shown total this dimension's values add up to exactly, if any (checked on the true counts)."""
    if threshold < 2 or dimension not in AT_MOST_ONE_VALUE_DIMENSIONS:
        return None
    added = sum(values.values())
    margins = [report.visits]
    if dimension in REFERRAL_DIMENSIONS:
        margins.append(report.count("outcome", "referred"))
    for margin in margins:
        # A hidden margin needs nothing more: every cell is at most the margin, so already hidden.
        if added == margin and margin >= threshold:
            return margin
    return None


@dataclass(frozen=True)
class _Bounds:
    low: int
    high: int


def _pinned(bounds: list[_Bounds], hidden_sum: int) -> bool:
    """Whether the sum and the bounds leave some hidden cell a single possible value."""
    lows, highs = sum(bound.low for bound in bounds), sum(bound.high for bound in bounds)
    for bound in bounds:
        low = max(bound.low, hidden_sum - (highs - bound.high))
        high = min(bound.high, hidden_sum - (lows - bound.low))
        if low >= high:
            return True
    return False


def _protect(
    dimension: str, values: Mapping[str, int], shown: dict[str, Shown], margin: int, threshold: int
) -> dict[str, Shown]:
    """Secondary suppression of one dimension whose true values add up to the shown `margin`."""
    shown = dict(shown)
    mark = small_mark(threshold)
    while True:
        still_shown = sorted((count, code) for code, count in shown.items() if isinstance(count, int) and count > 0)
        # An "x" was hidden before every count still shown, smallest first: it is at most the smallest of them.
        secondary_ceiling = still_shown[0][0] if still_shown else margin
        bounds = [
            _Bounds(1, threshold - 1) if value == mark else _Bounds(threshold, secondary_ceiling)
            for value in shown.values()
            if isinstance(value, str)
        ]
        hidden_sum = sum(values[code] for code, value in shown.items() if isinstance(value, str))
        if not _pinned(bounds, hidden_sum):
            return shown
        if not still_shown:
            return _hide_whole(dimension, shown)
        shown[still_shown[0][1]] = SECONDARY_MARK


def _hide_whole(dimension: str, shown: dict[str, Shown]) -> dict[str, Shown]:
    """Every code of the dimension as "x", zeros included, so that each could be anything from 0 to the total."""
    codes = known_codes().get(dimension) or frozenset()
    return {code: SECONDARY_MARK for code in sorted(set(shown) | codes)}
