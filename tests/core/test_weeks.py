"""Weeks, weekdays and hours are counted in Helsinki time, across midnight, daylight saving and new year."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import BadInput
from app.weeks import (
    HELSINKI,
    as_utc,
    day_bounds_utc,
    hour_of,
    local,
    parse_week,
    week_bounds_utc,
    week_of,
    weekday_of,
    weeks_between,
)


def helsinki(year: int, month: int, day: int, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HELSINKI, fold=fold)


def test_sunday_late_evening_and_monday_small_hours_fall_in_different_weeks_on_the_same_utc_date() -> None:
    sunday_evening = helsinki(2026, 11, 22, 23, 30)
    monday_night = helsinki(2026, 11, 23, 0, 30)
    assert sunday_evening.astimezone(UTC).date() == monday_night.astimezone(UTC).date() == date(2026, 11, 22)
    assert (week_of(sunday_evening), weekday_of(sunday_evening)) == ("2026-W47", "sun")
    assert (week_of(monday_night), weekday_of(monday_night)) == ("2026-W48", "mon")


def test_utc_instant_on_sunday_is_monday_in_helsinki() -> None:
    instant = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    assert week_of(instant) == "2026-W48"
    assert weekday_of(instant) == "mon"
    assert hour_of(instant) == "00"


def test_naive_time_is_taken_as_helsinki_local_time() -> None:
    naive = datetime(2026, 7, 1, 9, 0)
    assert as_utc(naive) == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
    assert hour_of(naive) == "09"


@pytest.mark.parametrize(
    ("utc_instant", "expected_hour"),
    [
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "02"),  # 02:30 EET, before the clocks go forward
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "04"),  # 04:30 EEST: local 03:xx does not exist that night
        (datetime(2026, 3, 30, 0, 30, tzinfo=UTC), "03"),  # 03:30 local the night after the change (EEST)
        (datetime(2026, 3, 29, 10, 0, tzinfo=UTC), "13"),
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "03"),  # first 03:30 (EEST)
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "03"),  # second 03:30 (EET), clocks went back
        (datetime(2026, 10, 25, 10, 0, tzinfo=UTC), "12"),
    ],
)
def test_hour_of_day_is_helsinki_local_time_across_daylight_saving_changes(
    utc_instant: datetime, expected_hour: str
) -> None:
    assert hour_of(utc_instant) == expected_hour


def test_time_typed_in_the_spring_gap_counts_at_the_hour_the_clock_showed() -> None:
    # 2026-03-29 03:30 does not exist in Helsinki (03:00 EET became 04:00 EEST); it is read as 01:30 UTC.
    typed = datetime(2026, 3, 29, 3, 30)
    assert as_utc(typed) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert hour_of(typed) == "04"


def test_local_time_after_spring_change_is_summer_time() -> None:
    after = local(helsinki(2026, 3, 30, 3, 30))
    assert after.utcoffset() == timedelta(hours=3)
    assert hour_of(after) == "03"
    assert after.astimezone(UTC) == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("week", "hours"),
    [("2026-W13", 167), ("2026-W43", 169), ("2026-W47", 168), ("2026-W14", 168)],
)
def test_week_bounds_last_167_or_169_hours_when_the_clocks_change(week: str, hours: int) -> None:
    start, end = week_bounds_utc(week)
    assert end - start == timedelta(hours=hours)
    assert local(start).hour == 0 and local(start).isoweekday() == 1
    assert local(end).hour == 0 and local(end).isoweekday() == 1


def test_week_bounds_contain_exactly_the_instants_of_that_week() -> None:
    start, end = week_bounds_utc("2026-W47")
    assert week_of(start) == "2026-W47"
    assert week_of(end - timedelta(microseconds=1)) == "2026-W47"
    assert week_of(end) == "2026-W48"
    assert week_of(start - timedelta(microseconds=1)) == "2026-W46"


def test_day_bounds_follow_the_local_day_on_the_autumn_change() -> None:
    start, end = day_bounds_utc(date(2026, 10, 25))
    assert end - start == timedelta(hours=25)
    assert start == datetime(2026, 10, 24, 21, 0, tzinfo=UTC)


def test_weeks_between_crosses_a_year_with_53_iso_weeks() -> None:
    assert weeks_between("2026-W52", "2027-W02") == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]


def test_weeks_between_crosses_a_year_with_52_iso_weeks() -> None:
    assert weeks_between("2025-W51", "2026-W01") == ["2025-W51", "2025-W52", "2026-W01"]


def test_weeks_between_a_single_week_is_that_week() -> None:
    assert weeks_between("2026-W47", "2026-W47") == ["2026-W47"]


def test_weeks_between_refuses_a_reversed_range_naming_the_end() -> None:
    with pytest.raises(BadInput) as refused:
        weeks_between("2026-W47", "2026-W40")
    assert refused.value.field == "to"


def test_new_year_days_belong_to_the_iso_week_year() -> None:
    assert week_of(helsinki(2027, 1, 1, 12)) == "2026-W53"
    assert week_of(helsinki(2027, 1, 4, 0, 0)) == "2027-W01"
    assert week_of(helsinki(2025, 12, 29, 8)) == "2026-W01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-W47", "2026-W47"), ("2026-w7", "2026-W07"), ("2026W53", "2026-W53"), (" 2027-W01 ", "2027-W01")],
)
def test_parse_week_accepts_iso_weeks(text: str, expected: str) -> None:
    assert parse_week(text) == expected


@pytest.mark.parametrize("text", ["2027-W53", "2026-W54", "2026-W00", "47", "2026-11-16", ""])
def test_parse_week_refuses_weeks_that_do_not_exist(text: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_week(text, field="from")
    assert refused.value.field == "from"
    assert refused.value.reason.startswith("week.")
    assert not str(refused.value).startswith("from:"), "the sentence is not worded for one command line"


@pytest.mark.parametrize("text", ["0001-W01", "1-W01", "9999-W52", "1999-W52", "2101-W01", "12026-W01"])
def test_weeks_outside_the_iso_years_2000_to_2100_are_refused_with_one_line(text: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_week(text, "from")
    assert "\n" not in str(refused.value) and refused.value.reason in ("week.out_of_range", "week.invalid")


def test_weeks_are_canonical_and_ordered_as_year_and_week() -> None:
    from app.weeks import is_canonical_week, month_of_week, quarter_of_week, week_key

    assert parse_week("2000-w1") == "2000-W01" and parse_week("2100W52") == "2100-W52"
    assert is_canonical_week("2026-W07") and not is_canonical_week("2026-W7") and not is_canonical_week("1-W01")
    assert week_key("2026-W10") > week_key("2026-W09") and week_key("2027-W01") > week_key("2026-W53")
    assert weeks_between("2026-W52", "2027-W02") == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert (month_of_week("2026-W01"), quarter_of_week("2026-W01")) == ("2026-01", "2026-Q1")
    assert (month_of_week("2026-W53"), quarter_of_week("2026-W40")) == ("2026-12", "2026-Q4")  # by its Thursday
    with pytest.raises(BadInput):
        weeks_between("2026-W10", "2026-W09")
