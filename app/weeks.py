"""ISO weeks, weekdays and hours of day in Europe/Helsinki time, which is what statistics count in."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.codes import WEEKDAY_CODES
from app.errors import BadInput

HELSINKI = ZoneInfo("Europe/Helsinki")
_WEEK_PATTERN = re.compile(r"^(\d{1,4})-?W(\d{1,2})$")
# The ISO years Neuvo counts in: a week outside them is a typing slip (or a probe), never a real report.
FIRST_YEAR = 2000
LAST_YEAR = 2100
# The canonical form everywhere (wire, database, exports): four-digit year, two-digit week. Two canonical weeks
# compare as strings exactly as they do as (year, week); code that orders weeks uses week_key all the same.
CANONICAL_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


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
    """Validate an ISO week such as '2026-W47' (also accepts '2026-w7') of the years 2000–2100; the canonical
    'YYYY-Www' form, else BadInput with one line."""
    match = _WEEK_PATTERN.match(text.strip().upper())
    if not match:
        raise BadInput(
            f"'{text}' is not an ISO week like 2026-W47.", field, reason="week.invalid", params={"text": text}
        )
    year, week = int(match.group(1)), int(match.group(2))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(
            f"'{text}' is outside the ISO years {FIRST_YEAR}–{LAST_YEAR}.",
            field,
            reason="week.out_of_range",
            params={"text": text, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
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


def is_canonical_week(text: str) -> bool:
    """Whether `text` is already a valid week in the canonical form (what the wire and the database hold)."""
    try:
        return CANONICAL_WEEK.match(text) is not None and parse_week(text) == text
    except BadInput:
        return False


def week_key(week: str) -> tuple[int, int]:
    """(year, week) of a canonical week: how weeks are ordered and compared."""
    year, number = week.split("-W")
    return int(year), int(number)


def week_start(week: str) -> date:
    return date.fromisocalendar(*week_key(week), 1)


def month_of_week(week: str) -> str:
    """The month an ISO week belongs to: the month of its Thursday (as the ISO year is the year of it), 'YYYY-MM'."""
    thursday = week_start(week) + timedelta(days=3)
    return f"{thursday.year}-{thursday.month:02d}"


def quarter_of_week(week: str) -> str:
    """The quarter of an ISO week (by its Thursday), 'YYYY-Qn'."""
    thursday = week_start(week) + timedelta(days=3)
    return f"{thursday.year}-Q{(thursday.month - 1) // 3 + 1}"


def week_bounds_utc(week: str) -> tuple[datetime, datetime]:
    """The UTC instants at which a Helsinki-time ISO week starts and ends (end exclusive)."""
    start = week_start(week)
    begin = datetime.combine(start, time(0), HELSINKI)
    end = datetime.combine(start + timedelta(days=7), time(0), HELSINKI)
    return begin.astimezone(UTC), end.astimezone(UTC)


def weeks_between(first: str, last: str) -> list[str]:
    """Every ISO week from first to last inclusive."""
    start, stop = week_start(first), week_start(last)
    if week_key(last) < week_key(first):
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
