"""ISO weeks, weekdays and hours of day in Europe/Helsinki time, which is what statistics count in."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.codes import WEEKDAY_CODES
from app.errors import BadInput

HELSINKI = ZoneInfo("Europe/Helsinki")
_WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$")


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken as Helsinki local time, as a person means it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=HELSINKI)
    return moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(HELSINKI)


def week_of(moment: datetime) -> str:
    year, week, _ = local(moment).isocalendar()
    return f"{year}-W{week:02d}"


def weekday_of(moment: datetime) -> str:
    return WEEKDAY_CODES[local(moment).isoweekday() - 1]


def hour_of(moment: datetime) -> str:
    return f"{local(moment).hour:02d}"


def parse_week(text: str, field: str = "week") -> str:
    """Validate an ISO week such as '2026-W47' (also accepts '2026-w7')."""
    match = _WEEK_PATTERN.match(text.strip().upper())
    if not match:
        raise BadInput(
            f"'{text}' is not an ISO week like 2026-W47.", field, reason="week.invalid", params={"text": text}
        )
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise BadInput(
            f"{year} has no week {week}.", field, reason="week.no_such_week", params={"year": year, "week": week}
        ) from None
    return f"{year}-W{week:02d}"


EPOCH_MONDAY = date(2000, 1, 3)  # the Monday of 2000-W01: week numbers count from here


def week_index(week: str) -> int:
    """Weeks since 2000-W01 (so that a range of weeks is a range of whole numbers)."""
    return (week_start(week) - EPOCH_MONDAY).days // 7


def week_at(index: int) -> str:
    """The ISO week `index` weeks after 2000-W01."""
    year, number, _ = (EPOCH_MONDAY + timedelta(weeks=index)).isocalendar()
    return f"{year}-W{number:02d}"


def current_week() -> str:
    """This ISO week, Helsinki time."""
    year, number, _ = today_local().isocalendar()
    return f"{year}-W{number:02d}"


def preset_range(preset: str, week: str) -> tuple[str, str]:
    """(first, last) week of a quick range ending with `week`: "week", "last4" or "year"."""
    if preset == "last4":
        return week_at(week_index(week) - 3), week
    if preset == "year":
        return f"{week[:4]}-W01", week
    return week, week


def week_start(week: str) -> date:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def week_bounds_utc(week: str) -> tuple[datetime, datetime]:
    """The UTC instants at which a Helsinki-time ISO week starts and ends (end exclusive)."""
    start = week_start(week)
    begin = datetime.combine(start, time(0), HELSINKI)
    end = datetime.combine(start + timedelta(days=7), time(0), HELSINKI)
    return begin.astimezone(UTC), end.astimezone(UTC)


def weeks_between(first: str, last: str) -> list[str]:
    """Every ISO week from first to last inclusive."""
    start, stop = week_start(first), week_start(last)
    if stop < start:
        raise BadInput(
            f"The range ends ({last}) before it starts ({first}).",
            "to",
            reason="range.reversed",
            params={"first": first, "last": last},
        )
    weeks = []
    day = start
    while day <= stop:
        year, number, _ = day.isocalendar()
        weeks.append(f"{year}-W{number:02d}")
        day += timedelta(days=7)
    return weeks


def day_bounds_utc(day: date) -> tuple[datetime, datetime]:
    begin = datetime.combine(day, time(0), HELSINKI)
    end = datetime.combine(day + timedelta(days=1), time(0), HELSINKI)
    return begin.astimezone(UTC), end.astimezone(UTC)


def today_local() -> date:
    return now_utc().astimezone(HELSINKI).date()
