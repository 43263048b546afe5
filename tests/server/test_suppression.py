"""Small-cell suppression: no small count shown, and no hidden count computable from the shown ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.codes import HOUR_CODES, SINGLE_CHOICE_DIMENSIONS, WEEKDAY_CODES, bundled_codebook
from app.sync.wire import ReportCounts
from server.suppression import SECONDARY_MARK, SuppressedReport, suppress

ADDING_DIMENSIONS = sorted(SINGLE_CHOICE_DIMENSIONS)
MULTI_CHOICE_DIMENSIONS = ("topic", "language", "outcome")
LANGUAGE_CODES = ("fi", "sv", "en", "ar", "so", "ru")


def codes_of(dimension: str) -> tuple[str, ...]:
    if dimension == "hour":
        return HOUR_CODES
    if dimension == "weekday":
        return WEEKDAY_CODES
    if dimension == "language":
        return LANGUAGE_CODES
    return bundled_codebook()[dimension].codes


def report(visits: int, participants: int | None = None, **counts: dict[str, int]) -> ReportCounts:
    return ReportCounts(visits=visits, participants=participants or visits, counts=counts)


def feasible_values(
    published: dict[str, int | str], total: int, threshold: int, remainder_unknown: bool = False
) -> dict[str, set[int]]:
    """A reader's brute force: for each hidden cell, every value consistent with the published column.

    The reader knows the total, the shown counts, that "<t" is 1..t-1 and that "x" hides a count of at least t
    and at most the smallest count still shown (or anything from 0 when the whole dimension is hidden, zeros
    included). With `remainder_unknown`, some visits may have no value at all (an optional answer).
    """
    hidden = [code for code, value in published.items() if isinstance(value, str)]
    shown_sum = sum(value for value in published.values() if isinstance(value, int))
    shown_nonzero = [value for value in published.values() if isinstance(value, int) and value > 0]
    # Secondary cells only ever come with a "<t" cell: a column of "x" alone is the whole dimension hidden.
    whole_hidden = all(value == SECONDARY_MARK for value in published.values())
    ceiling = min(shown_nonzero, default=total)

    def bounds(code: str) -> range:
        if published[code] == f"<{threshold}":
            return range(1, threshold)
        if whole_hidden:
            return range(0, total + 1)
        return range(threshold, ceiling + 1)

    ranges = {code: bounds(code) for code in hidden}
    if remainder_unknown:
        ranges["(no answer)"] = range(0, total + 1)
    hidden_sum = total - shown_sum
    feasible: dict[str, set[int]] = {}
    for code in hidden:
        reachable = {0}
        for other, values in ranges.items():
            if other != code:
                reachable = {s + v for s in reachable for v in values if s + v <= hidden_sum}
        feasible[code] = {value for value in ranges[code] if hidden_sum - value in reachable}
    return feasible


def assert_primary_rules(suppressed: SuppressedReport, original: ReportCounts, threshold: int) -> None:
    small = f"<{threshold}"
    pairs = [(suppressed.visits, original.visits), (suppressed.participants, original.participants)]
    for dimension, values in original.counts.items():
        pairs += [(suppressed.count(dimension, code), count) for code, count in values.items()]
    for published, true in pairs:
        if isinstance(published, int):
            assert published == true, "a shown count is the true count"
            assert not 0 < published < threshold, "no count from 1 to threshold - 1 is shown"
        elif published == small:
            assert 0 < true < threshold, f'"{small}" only ever stands for 1..{threshold - 1}'
        else:
            assert published == SECONDARY_MARK


adding_column = st.sampled_from(ADDING_DIMENSIONS).flatmap(
    lambda dimension: st.tuples(
        st.just(dimension),
        st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 40)),
            min_size=len(codes_of(dimension)),
            max_size=len(codes_of(dimension)),
        ),
    )
)
thresholds = st.one_of(st.just(5), st.integers(3, 10))


@settings(max_examples=300, deadline=None)
@given(column=adding_column, threshold=thresholds)
def test_no_hidden_cell_of_a_column_adding_up_to_the_total_can_be_recovered(
    column: tuple[str, list[int]], threshold: int
) -> None:
    dimension, counts = column
    truth = {code: count for code, count in zip(codes_of(dimension), counts, strict=True) if count}
    total = sum(truth.values())
    original = report(total, **{dimension: truth})
    suppressed = suppress(original, threshold)
    assert_primary_rules(suppressed, original, threshold)
    published = suppressed.counts[dimension]
    hidden = [code for code, value in published.items() if isinstance(value, str)]
    if total < threshold:
        assert all(published[code] != 0 for code in truth), "a hidden total hides every non-zero cell"
        return
    if hidden:
        assert len(hidden) >= 2, "a single hidden cell is the total minus the shown ones"
    # Zeros not listed read as 0 (the long format leaves them out); the whole-dimension fallback lists them.
    column_as_read = {code: published.get(code, 0) for code in codes_of(dimension)}
    for code, values in feasible_values(column_as_read, total, threshold).items():
        assert truth.get(code, 0) in values
        assert len(values) >= 2, f"{dimension} {code} can be worked out from {column_as_read} (total {total})"


@settings(max_examples=200, deadline=None)
@given(
    dimension=st.sampled_from(["age_band", "gender", "years_in_finland", "duration", "found_via"]),
    counts=st.lists(st.integers(0, 12), min_size=5, max_size=8),
    unanswered=st.integers(1, 20),
    threshold=thresholds,
)
def test_unanswered_visits_protect_a_column_that_does_not_add_up(
    dimension: str, counts: list[int], unanswered: int, threshold: int
) -> None:
    truth = {code: count for code, count in zip(codes_of(dimension), counts, strict=False) if count}
    total = sum(truth.values()) + unanswered
    original = report(total, **{dimension: truth})
    suppressed = suppress(original, threshold)
    assert_primary_rules(suppressed, original, threshold)
    published = suppressed.counts[dimension]
    assert SECONDARY_MARK not in published.values(), "no secondary cell where the answers do not add up"
    if total < threshold:
        return
    column_as_read = {code: published.get(code, 0) for code in codes_of(dimension)}
    feasible = feasible_values(column_as_read, total, threshold, remainder_unknown=True)
    for code, values in feasible.items():
        assert len(values) >= 2, f"{dimension} {code} can be worked out from {column_as_read} (total {total})"


@settings(max_examples=200, deadline=None)
@given(
    dimension=st.sampled_from(MULTI_CHOICE_DIMENSIONS),
    counts=st.lists(st.integers(0, 30), min_size=2, max_size=6),
    threshold=thresholds,
)
def test_multi_choice_dimensions_get_primary_suppression_only(
    dimension: str, counts: list[int], threshold: int
) -> None:
    truth = dict(zip(codes_of(dimension), counts, strict=False))
    # One visit may have several topics: the counts add up to the visits here only by accident, or not at all.
    for visits in {max(counts), sum(counts)} - {0}:
        suppressed = suppress(report(visits, **{dimension: truth}), threshold)
        expected = {code: f"<{threshold}" if 0 < count < threshold else count for code, count in truth.items()}
        assert suppressed.counts[dimension] == expected


def test_contact_with_one_small_cell_hides_the_largest_too() -> None:
    suppressed = suppress(report(23, contact={"walk-in": 20, "phone": 3, "remote": 0, "group": 0}))
    assert suppressed.visits == 23
    assert suppressed.counts["contact"] == {"walk-in": "x", "phone": "<5", "remote": 0, "group": 0}


def test_gender_hides_the_next_smallest_cell_and_keeps_the_largest() -> None:
    suppressed = suppress(report(20, gender={"woman": 10, "man": 8, "other": 2}))
    assert suppressed.counts["gender"] == {"woman": 10, "man": "x", "other": "<5"}


def test_two_small_cells_that_add_up_to_two_are_both_ones_so_a_third_is_hidden() -> None:
    suppressed = suppress(report(32, contact={"walk-in": 30, "phone": 1, "remote": 1}))
    assert suppressed.counts["contact"] == {"walk-in": "x", "phone": "<5", "remote": "<5"}


def test_two_small_cells_that_leave_room_need_no_secondary_cell() -> None:
    suppressed = suppress(report(36, duration={"over-30": 30, "under-5": 2, "5-15": 4}))
    assert suppressed.counts["duration"] == {"over-30": 30, "under-5": "<5", "5-15": "<5"}


def test_a_one_beside_a_five_hides_the_whole_dimension_zeros_included() -> None:
    # Hiding both would still leave "<5" + (at least 5) = 6, so the 1 would show through.
    suppressed = suppress(report(6, contact={"walk-in": 5, "phone": 1}))
    assert suppressed.counts["contact"] == {code: "x" for code in codes_of("contact")}


def test_one_visit_on_each_of_five_weekdays_hides_the_weekdays() -> None:
    suppressed = suppress(report(5, weekday={day: 1 for day in WEEKDAY_CODES[:5]}))
    assert suppressed.counts["weekday"] == {day: "x" for day in WEEKDAY_CODES}


def test_an_optional_answer_left_blank_protects_the_small_cell() -> None:
    suppressed = suppress(report(30, gender={"woman": 10, "man": 8, "other": 2}))
    assert suppressed.counts["gender"] == {"woman": 10, "man": 8, "other": "<5"}


def test_referral_details_adding_up_to_the_referred_visits_get_secondary_suppression() -> None:
    suppressed = suppress(
        report(40, outcome={"referred": 12, "information": 35}, referral_category={"city": 10, "ngo": 2})
    )
    assert suppressed.counts["outcome"] == {"referred": 12, "information": 35}
    assert suppressed.counts["referral_category"] == {"city": "x", "ngo": "<5"}


def test_threshold_ten() -> None:
    suppressed = suppress(
        report(40, participants=48, contact={"walk-in": 31, "phone": 9}, topic={"housing": 9, "health": 12}),
        threshold=10,
    )
    assert (suppressed.visits, suppressed.participants) == (40, 48)
    assert suppressed.counts["contact"] == {"walk-in": "x", "phone": "<10"}
    assert suppressed.counts["topic"] == {"housing": "<10", "health": 12}


@pytest.mark.parametrize("visits", [1, 2, 3, 4])
def test_small_totals_are_hidden_and_so_is_every_cell(visits: int) -> None:
    suppressed = suppress(report(visits, contact={"walk-in": visits}, weekday={"mon": visits}))
    assert (suppressed.visits, suppressed.participants) == ("<5", "<5")
    assert suppressed.counts == {"contact": {"walk-in": "<5"}, "weekday": {"mon": "<5"}}


def test_zero_stays_zero_and_a_group_shows_its_participants() -> None:
    suppressed = suppress(report(0, participants=0, contact={"walk-in": 0}))
    assert (suppressed.visits, suppressed.participants, suppressed.counts) == (0, 0, {"contact": {"walk-in": 0}})
    group = suppress(report(2, participants=14, contact={"group": 2}))
    assert (group.visits, group.participants, group.counts["contact"]) == ("<5", 14, {"group": "<5"})


def test_threshold_one_hides_nothing() -> None:
    original = report(23, contact={"walk-in": 20, "phone": 3}, topic={"housing": 1})
    suppressed = suppress(original, threshold=1)
    assert suppressed.model_dump(exclude={"threshold"}) == original.model_dump()


@pytest.mark.parametrize("threshold", [0, -5, 2])
def test_thresholds_that_would_hide_nothing_useful_are_refused(threshold: int) -> None:
    with pytest.raises(ValueError, match="threshold"):
        suppress(report(10), threshold)
