"""`new Date(value)` of JavaScript: an ISO string, epoch milliseconds or a date, as an aware
datetime (UTC). A date-only string is UTC midnight; a date-time without an offset is local time
(ECMAScript's rules, which `datetime.fromisoformat` does not follow)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from .datefns import _instant

_ISO = re.compile(
    r"(?P<year>[+-]\d{6}|\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?",
    re.IGNORECASE,
)


class InvalidDateError(ValueError):
    """A string JavaScript would turn into an Invalid Date (whose use then yields NaN or a
    RangeError). Python has no invalid datetime, so the parse itself raises."""

    def __init__(self, text: str) -> None:
        # JavaScript's own words when an Invalid Date is used (RangeError: Invalid time value)
        super().__init__("Invalid time value")
        self.text = text


def new_date(value: Any) -> datetime:
    """`new Date(value)`. Raises InvalidDateError where JavaScript makes an Invalid Date (a
    string in no ISO form)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.astimezone(UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if not isinstance(value, str):
        raise TypeError(f"new Date() of {type(value).__name__}")
    match = _ISO.fullmatch(value.strip())
    if match is None:
        raise InvalidDateError(value)
    parts = match.groupdict()
    month, day = int(parts["month"] or 1), int(parts["day"] or 1)
    hour, minute, second = (int(parts[k] or 0) for k in ("hour", "minute", "second"))
    millis = int((parts["fraction"] or "0")[:3].ljust(3, "0"))
    late = hour == 24 and minute == second == millis == 0  # 24:00 is the next midnight
    if (
        not (1 <= month <= 12 and 1 <= day <= 31 and (hour < 24 or late))
        or max(minute, second) > 59
    ):
        raise InvalidDateError(value)
    # JavaScript rolls a day past the month's end over (2026-02-30 is March 2)
    wall = datetime(int(parts["year"]), month, 1) + timedelta(
        days=day - 1, hours=hour, minutes=minute, seconds=second, milliseconds=millis
    )
    zone = parts["zone"]
    if parts["hour"] is None or (zone and zone.upper() == "Z"):
        return wall.replace(tzinfo=UTC)  # date-only forms are UTC
    if zone:
        sign = 1 if zone[0] == "+" else -1
        offset = sign * (int(zone[1:3]) * 60 + int(zone[4:6]))
        return datetime.fromtimestamp(wall.replace(tzinfo=UTC).timestamp() - offset * 60, tz=UTC)
    return _instant(wall)  # local time (a reading skipped by DST counts as JavaScript does)
