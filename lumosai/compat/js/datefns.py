"""Twins of the date-fns functions whose rules plain Python does not spell out in one line.

Migrated code keeps JavaScript's model: a date is one instant, held as an aware `datetime` in
UTC; date-fns reads and changes it on the local wall clock (the process time zone, like Node),
and so do these functions. A naive `datetime` is taken as local time. The simple date-fns
functions (`isBefore`, `addHours`, `differenceInMinutes`, `format` with a literal pattern ...)
are translated to plain Python expressions instead (docs/rules/LM205.md lists them).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

from .dates import InvalidDate, InvalidDateError, local_instant

__all__ = [
    "add_days",
    "difference_in_days",
    "end_of_day",
    "format_distance",
    "format_distance_to_now",
    "parse_iso",
    "start_of_day",
    "sub_days",
    "to_date",
]

DateLike = datetime | int | float


def to_date(value: DateLike) -> datetime:
    """A date-fns argument (a date or epoch milliseconds) as an aware UTC datetime; NaN
    milliseconds are an InvalidDate, as in date-fns."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a date: {value!r}")
    if not math.isfinite(value):
        return InvalidDate()
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def _wall(value: DateLike) -> datetime:
    """The local wall-clock reading of a date (naive)."""
    return to_date(value).astimezone().replace(tzinfo=None)


_instant = local_instant


_YEAR_ONLY = re.compile(r"\d{4}")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")


def parse_iso(text: str) -> datetime:
    """`parseISO`: an ISO 8601 date or date-time; without an offset it is local time.

    An InvalidDate where date-fns returns an Invalid Date (which fails later, at format).
    """
    text = text.strip()
    if _YEAR_ONLY.fullmatch(text):
        text += "-01-01"
    elif _YEAR_MONTH.fullmatch(text):
        text += "-01"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return InvalidDate()
    if parsed.tzinfo is None:
        return _instant(parsed)
    return parsed.astimezone(UTC)


def add_days(value: DateLike, amount: float) -> datetime:
    """`addDays`: the same local time of day, `amount` calendar days later."""
    if not math.isfinite(amount):
        return InvalidDate()
    days = math.trunc(amount)
    return _instant(_wall(value) + timedelta(days=days))


def sub_days(value: DateLike, amount: float) -> datetime:
    """`subDays`."""
    return add_days(value, -amount)


def start_of_day(value: DateLike) -> datetime:
    """`startOfDay`: local midnight of the date's day."""
    wall = _wall(value)
    return _instant(wall.replace(hour=0, minute=0, second=0, microsecond=0))


def end_of_day(value: DateLike) -> datetime:
    """`endOfDay`: 23:59:59.999 local time of the date's day."""
    wall = _wall(value)
    return _instant(wall.replace(hour=23, minute=59, second=59, microsecond=999000))


def _cmp(a: datetime, b: datetime) -> int:
    return (a > b) - (a < b)


def difference_in_days(later: DateLike, earlier: DateLike) -> int | float:
    """`differenceInDays`: full local days between the dates (a short last day is not counted);
    NaN if either is an Invalid Date."""
    a, b = _wall(later), _wall(earlier)
    if isinstance(a, InvalidDate) or isinstance(b, InvalidDate):
        return math.nan
    sign = _cmp(a, b)
    difference = abs((a.date() - b.date()).days)
    moved = a - timedelta(days=sign * difference)
    last_day_not_full = int(_cmp(moved, b) == -sign)
    return sign * (difference - last_day_not_full)


_DISTANCE = {
    "lessThanXSeconds": ("less than a second", "less than {} seconds"),
    "halfAMinute": ("half a minute", "half a minute"),
    "lessThanXMinutes": ("less than a minute", "less than {} minutes"),
    "xMinutes": ("1 minute", "{} minutes"),
    "aboutXHours": ("about 1 hour", "about {} hours"),
    "xDays": ("1 day", "{} days"),
    "aboutXMonths": ("about 1 month", "about {} months"),
    "xMonths": ("1 month", "{} months"),
    "aboutXYears": ("about 1 year", "about {} years"),
    "overXYears": ("over 1 year", "over {} years"),
    "almostXYears": ("almost 1 year", "almost {} years"),
}
_MINUTES_IN_DAY = 1440
_MINUTES_IN_MONTH = 43200


def _js_round(x: float) -> int:
    return math.floor(x + 0.5)


def _offset_ms(wall: datetime, instant: datetime) -> float:
    """getTimezoneOffsetInMilliseconds: instant minus the same wall clock read as UTC."""
    return (instant - wall.replace(tzinfo=UTC)).total_seconds() * 1000


def _months_between(later: datetime, earlier: datetime) -> int:
    """`differenceInMonths` on local wall-clock readings (JavaScript's setMonth overflow)."""
    sign = _cmp(later, earlier)
    difference = abs((later.year - earlier.year) * 12 + later.month - earlier.month)
    if difference < 1:
        return 0
    working = later
    if working.month == 2 and working.day > 27:
        working = _set_date(working, 30)
    working = _set_month(working, working.month - 1 - sign * difference)
    last_month_not_full = _cmp(working, earlier) == -sign
    if _is_last_day_of_month(later) and difference == 1 and _cmp(later, earlier) == 1:
        last_month_not_full = False
    return sign * (difference - int(last_month_not_full))


def _set_date(wall: datetime, day: int) -> datetime:
    return wall.replace(day=1) + timedelta(days=day - 1)


def _set_month(wall: datetime, month0: int) -> datetime:
    """JavaScript's `setMonth`: the day of month overflows into the next month."""
    year, month_index = divmod(month0, 12)
    first = wall.replace(year=wall.year + year, month=month_index + 1, day=1)
    return first + timedelta(days=wall.day - 1)


def _is_last_day_of_month(wall: datetime) -> bool:
    return (wall + timedelta(days=1)).month != wall.month


def format_distance(
    value: DateLike,
    base: DateLike,
    *,
    add_suffix: bool = False,
    include_seconds: bool = False,
) -> str:
    """`formatDistance(value, base)` in the en-US words of date-fns ("about 2 hours ago")."""
    date, base_date = to_date(value), to_date(base)
    if isinstance(date, InvalidDate) or isinstance(base_date, InvalidDate):
        raise InvalidDateError()  # date-fns: RangeError: Invalid time value
    comparison = _cmp(date, base_date)
    earlier, later = (base_date, date) if comparison > 0 else (date, base_date)
    seconds = math.trunc((later - earlier).total_seconds())
    later_wall, earlier_wall = _wall(later), _wall(earlier)
    offset = (_offset_ms(later_wall, later) - _offset_ms(earlier_wall, earlier)) / 1000
    minutes = _js_round((seconds - offset) / 60)
    token: str
    count: int
    if minutes < 2:
        if include_seconds:
            if seconds < 5:
                token, count = "lessThanXSeconds", 5
            elif seconds < 10:
                token, count = "lessThanXSeconds", 10
            elif seconds < 20:
                token, count = "lessThanXSeconds", 20
            elif seconds < 40:
                token, count = "halfAMinute", 0
            elif seconds < 60:
                token, count = "lessThanXMinutes", 1
            else:
                token, count = "xMinutes", 1
        elif minutes == 0:
            token, count = "lessThanXMinutes", 1
        else:
            token, count = "xMinutes", minutes
    elif minutes < 45:
        token, count = "xMinutes", minutes
    elif minutes < 90:
        token, count = "aboutXHours", 1
    elif minutes < _MINUTES_IN_DAY:
        token, count = "aboutXHours", _js_round(minutes / 60)
    elif minutes < 2520:
        token, count = "xDays", 1
    elif minutes < _MINUTES_IN_MONTH:
        token, count = "xDays", _js_round(minutes / _MINUTES_IN_DAY)
    elif minutes < _MINUTES_IN_MONTH * 2:
        token, count = "aboutXMonths", _js_round(minutes / _MINUTES_IN_MONTH)
    else:
        months = _months_between(later_wall, earlier_wall)
        if months < 12:
            token, count = "xMonths", _js_round(minutes / _MINUTES_IN_MONTH)
        else:
            years, since_start_of_year = divmod(months, 12)
            if since_start_of_year < 3:
                token, count = "aboutXYears", years
            elif since_start_of_year < 9:
                token, count = "overXYears", years
            else:
                token, count = "almostXYears", years + 1
    one, other = _DISTANCE[token]
    text = one if count == 1 else other.format(count)
    if add_suffix:
        return f"in {text}" if comparison > 0 else f"{text} ago"
    return text


def format_distance_to_now(
    value: DateLike, *, add_suffix: bool = False, include_seconds: bool = False
) -> str:
    """`formatDistanceToNow`: the distance from now, e.g. "5 minutes ago" with add_suffix."""
    return format_distance(
        value, datetime.now(UTC), add_suffix=add_suffix, include_seconds=include_seconds
    )
