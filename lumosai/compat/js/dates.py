"""`new Date(value)` of JavaScript: an aware datetime (UTC), or `InvalidDate` where JavaScript
makes an Invalid Date.

Strings are read as V8 reads them (`parse_date_string`): the ISO forms (a date-only string is
UTC midnight, a date-time without an offset local time) and V8's legacy forms ("March 7, 2026",
"3/7/2026 10:30 PM", "Tue, 07 Mar 2026 10:00:00 GMT" ...), which are local time unless they
name a zone.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, NoReturn

__all__ = ["InvalidDate", "InvalidDateError", "get_time", "new_date", "parse_date_string"]

#: JavaScript's time values stop 8.64e15 ms either side of the epoch (TimeClip)
MAX_TIME_MS = 8.64e15


class InvalidDateError(ValueError):
    """JavaScript's RangeError 'Invalid time value': what `toISOString()` or date-fns'
    `format` of an Invalid Date throws."""

    def __init__(self, text: str = "Invalid Date") -> None:
        super().__init__("Invalid time value")  # JavaScript's own words
        self.text = text


class InvalidDate(datetime):
    """JavaScript's Invalid Date: a date whose time value is NaN. Its time and fields are NaN,
    it compares false with everything (and unequal to any other date), arithmetic on it gives
    an Invalid Date (or a NaN duration), `str()` is 'Invalid Date', and formatting it as a date
    (`isoformat`, `strftime`) raises InvalidDateError as JavaScript throws a RangeError.

    It subclasses datetime so annotations and isinstance checks of translated code hold; the
    datetime value underneath (the epoch) is never read by these methods.
    """

    def __new__(cls) -> InvalidDate:
        return super().__new__(cls, 1970, 1, 1, tzinfo=UTC)

    def __reduce__(self) -> tuple[type[InvalidDate], tuple[()]]:
        return (InvalidDate, ())

    def __copy__(self) -> InvalidDate:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> InvalidDate:
        return self

    # ---- the time value and the fields: NaN ------------------------------------------
    def timestamp(self) -> float:
        return math.nan

    @property
    def year(self) -> float:  # type: ignore[override]
        return math.nan

    @property
    def month(self) -> float:  # type: ignore[override]
        return math.nan

    @property
    def day(self) -> float:  # type: ignore[override]
        return math.nan

    @property
    def hour(self) -> float:  # type: ignore[override]
        return math.nan

    @property
    def minute(self) -> float:  # type: ignore[override]
        return math.nan

    @property
    def second(self) -> float:  # type: ignore[override]
        return math.nan

    @property
    def microsecond(self) -> float:  # type: ignore[override]
        return math.nan

    def weekday(self) -> float:  # type: ignore[override]
        return math.nan

    def isoweekday(self) -> float:  # type: ignore[override]
        return math.nan

    # ---- conversions keep it invalid ---------------------------------------------------
    def astimezone(self, tz: tzinfo | None = None) -> InvalidDate:
        return self

    def replace(self, *args: Any, **kwargs: Any) -> InvalidDate:
        return self

    def date(self) -> InvalidDate:  # type: ignore[override]
        return self

    # ---- text ----------------------------------------------------------------------------
    def __str__(self) -> str:
        return "Invalid Date"  # String(d), `${d}`, d.toString()

    def __repr__(self) -> str:
        return "InvalidDate()"

    def __format__(self, spec: str) -> str:
        if spec:
            self._raise()
        return "Invalid Date"

    def _raise(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise InvalidDateError()

    isoformat = strftime = ctime = timetuple = utctimetuple = _raise  # type: ignore[assignment]

    # ---- comparisons are false, as NaN's ----------------------------------------------
    def __eq__(self, other: object) -> bool:
        return other is self

    def __ne__(self, other: object) -> bool:
        return other is not self

    def __hash__(self) -> int:
        return id(self)

    def __lt__(self, other: object) -> bool:
        return False

    __le__ = __gt__ = __ge__ = __lt__

    # ---- arithmetic ----------------------------------------------------------------------
    def __add__(self, other: Any) -> InvalidDate:
        if isinstance(other, timedelta):
            return self
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, timedelta):
            return self
        if isinstance(other, date):
            return NAN_DURATION
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        if isinstance(other, date):
            return NAN_DURATION
        return NotImplemented


class NaNDuration:
    """The difference of two dates when one is invalid: every measure of it is NaN."""

    days = seconds = microseconds = math.nan

    def total_seconds(self) -> float:
        return math.nan

    def __truediv__(self, other: Any) -> float:
        return math.nan

    __floordiv__ = __mod__ = __truediv__

    def __neg__(self) -> NaNDuration:
        return self

    __abs__ = __pos__ = __neg__

    def __lt__(self, other: object) -> bool:
        return False

    __le__ = __gt__ = __ge__ = __lt__

    def __repr__(self) -> str:
        return "NaNDuration()"


NAN_DURATION = NaNDuration()


def new_date(value: Any) -> datetime:
    """`new Date(value)` of a string, epoch milliseconds or a date. An InvalidDate where
    JavaScript makes an Invalid Date (a string V8 cannot read, NaN, out of range)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.astimezone(UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > MAX_TIME_MS:
            return InvalidDate()
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=math.trunc(value))
    if not isinstance(value, str):
        raise TypeError(f"new Date() of {type(value).__name__}")
    parsed = parse_date_string(value)
    if parsed is None:
        return InvalidDate()
    wall, offset_minutes = parsed
    if offset_minutes is None:
        return local_instant(
            wall
        )  # local time (a reading skipped by DST counts as JavaScript does)
    instant = wall.replace(tzinfo=UTC) - timedelta(minutes=offset_minutes)
    if abs(get_time(instant)) > MAX_TIME_MS:
        return InvalidDate()
    return instant


def set_utc_date(value: datetime, day: Any) -> datetime:
    """The date `d.setUTCDate(day)` leaves in `d`: day `day` of its month, overflowing into
    the months around it; an Invalid Date stays one, as does a NaN or infinite day."""
    if isinstance(value, InvalidDate):
        return value
    number = float(day)
    if not math.isfinite(number):
        return InvalidDate()
    try:
        moved = value + timedelta(days=math.trunc(number) - value.day)
    except OverflowError:
        return InvalidDate()
    return moved if abs(get_time(moved)) <= MAX_TIME_MS else InvalidDate()


def date_utc(
    year: Any,
    month: Any = 0,
    day: Any = 1,
    hours: Any = 0,
    minutes: Any = 0,
    seconds: Any = 0,
    millis: Any = 0,
) -> int | float:
    """`Date.UTC(...)`: epoch milliseconds of a UTC reading whose parts may overflow (month 12
    is January of the next year, day 0 the last day of the month before); years 0-99 are
    1900-1999; NaN if a part is not finite or the time is out of range."""
    parts = [float(p) for p in (year, month, day, hours, minutes, seconds, millis)]
    if not all(math.isfinite(p) for p in parts):
        return math.nan
    y, m, d, h, mi, s, ms = (math.trunc(p) for p in parts)
    if 0 <= y <= 99:
        y += 1900
    y, m = y + m // 12, m % 12
    if not 1 <= y <= 9999:
        return math.nan
    days = date(y, m + 1, 1).toordinal() - date(1970, 1, 1).toordinal() + d - 1
    total = days * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms
    return total if abs(total) <= MAX_TIME_MS else math.nan


_UTC_PARTS = ("year", "month", "day", "hours", "minutes", "seconds", "millis")


def set_utc_parts(value: datetime, **parts: Any) -> datetime:
    """The date `d.setUTCHours(h, m)`, `d.setUTCMonth(m, day)`, ... leave in `d`: the given
    parts replaced (month 0-based), the rest kept, overflow carried as `Date.UTC` does."""
    if isinstance(value, InvalidDate):
        return value
    unknown = set(parts) - set(_UTC_PARTS)
    if unknown:
        raise TypeError(f"unknown date parts {sorted(unknown)}")
    now = (value.year, value.month - 1, value.day, value.hour, value.minute, value.second,
           value.microsecond // 1000)  # fmt: skip
    current = dict(zip(_UTC_PARTS, now, strict=True))
    current.update(parts)
    return new_date(date_utc(*(current[name] for name in _UTC_PARTS)))


def local_instant(wall: datetime) -> datetime:
    """A local wall-clock reading (naive) as an instant (UTC). A reading that a DST change
    skips counts with the offset before the change, as JavaScript's Date does."""
    instant = wall.astimezone(UTC)
    if instant.astimezone().replace(tzinfo=None) != wall:
        instant = wall.replace(fold=1).astimezone(UTC)
    return instant


def get_time(value: datetime) -> int | float:
    """`d.getTime()` / `d.valueOf()`: epoch milliseconds; NaN for an Invalid Date."""
    if isinstance(value, InvalidDate):
        return math.nan
    return int(value.timestamp() * 1000)


# ---- V8's date string parser (src/date/dateparser*) -----------------------------------------
# First the ES5 ISO form; where it stops short, the legacy parser goes on from that token with
# what was read so far. Tokens are (kind, value, length): kind "num" (value: the number),
# "sym" (value: the character), "word" (value: its keyword or None), "ws", "other", "end".

Token = tuple[str, Any, int]
_NONE = -1
_KEYWORDS: dict[str, tuple[str, int]] = {
    **{m: ("month", i + 1) for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))},
    "am": ("ampm", 0), "pm": ("ampm", 12),
    "ut": ("zone", 0), "utc": ("zone", 0), "z": ("zone", 0), "gmt": ("zone", 0),
    "cdt": ("zone", -5), "cst": ("zone", -6), "edt": ("zone", -4), "est": ("zone", -5),
    "mdt": ("zone", -6), "mst": ("zone", -7), "pdt": ("zone", -7), "pst": ("zone", -8),
    "t": ("t", 0),
}  # fmt: skip


def _white(char: str) -> bool:
    return char.isspace() or char == "\ufeff" or unicodedata.category(char) == "Zs"


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if "0" <= char <= "9":
            start = i
            while i < n and "0" <= text[i] <= "9":
                i += 1
            digits = text[start:i].lstrip("0")
            out.append(("num", int(digits[:9] or "0"), i - start))
        elif char in ":-+.)":
            out.append(("sym", char, 1))
            i += 1
        elif char >= "A" and not _white(char):
            start = i
            while i < n and text[i] >= "A" and not _white(text[i]):
                i += 1
            word = "".join(chr(ord(c) | 0x20) for c in text[start : min(i, start + 3)])
            keyword = _KEYWORDS.get(word)
            if keyword is not None and i - start > 3 and keyword[0] != "month":
                keyword = None  # only month names may be longer than their keyword
            out.append(("word", keyword, i - start))
        elif _white(char):
            while i < n and _white(text[i]):
                i += 1
            out.append(("ws", None, 0))
        elif char == "(":
            depth = 0
            while i < n:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
                if depth <= 0:
                    break
            out.append(("other", None, 0))
        else:
            out.append(("other", None, 0))
            i += 1
    out.append(("end", None, 0))
    return out


class _Scanner:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> Token:
        return self.tokens[self.at]

    def next(self) -> Token:
        token = self.tokens[self.at]
        self.at = min(self.at + 1, len(self.tokens) - 1)
        return token

    def skip(self, symbol: str) -> bool:
        if self.peek() == ("sym", symbol, 1):
            self.next()
            return True
        return False


def _fixed(token: Token, length: int) -> bool:
    return token[0] == "num" and token[2] == length


def _millis(token: Token) -> int:
    """The first three significant digits of a fraction (".5" is 500 ms)."""
    value, length = token[1], min(token[2], 9)
    return value * 100 if length == 1 else value * 10 if length == 2 else value // 10 ** max(0, length - 3)  # fmt: skip


class _Parts:
    """V8's day, time and zone composers."""

    def __init__(self) -> None:
        self.day: list[int] = []
        self.named_month = _NONE
        self.iso = False
        self.time: list[int] = []
        self.hour_offset = _NONE
        self.sign = 0  # no zone: local time
        self.zone_hour = _NONE
        self.zone_minute = _NONE

    def add_day(self, n: int) -> bool:
        if len(self.day) == 3:
            return False
        self.day.append(n)
        return True

    def add_time(self, n: int) -> bool:
        if len(self.time) == 4:
            return False
        self.time.append(n)
        return True

    def final_time(self, n: int) -> bool:
        if not self.add_time(n):
            return False
        self.time += [0] * (4 - len(self.time))
        return True

    def time_expects(self, n: int) -> bool:
        k = len(self.time)
        return (k in (1, 2) and 0 <= n <= 59) or (k == 3 and 0 <= n <= 999)

    def set_zone(self, hours: int) -> None:
        self.sign = -1 if hours < 0 else 1
        self.zone_hour, self.zone_minute = abs(hours), 0

    def zone_expects(self, n: int) -> bool:
        return self.zone_hour != _NONE and self.zone_minute == _NONE and 0 <= n <= 59

    def zone_is_utc(self) -> bool:
        return self.zone_hour == 0 and self.zone_minute == 0


def _es5(scanner: _Scanner, parts: _Parts) -> Token | None:
    """The ISO form; returns the first token it did not take (None: no valid date)."""
    peek = scanner.peek()
    if peek[0] == "sym" and peek[1] in "+-":
        sign_token = scanner.next()
        if not _fixed(scanner.peek(), 6):
            return sign_token
        year = scanner.next()[1]
        if sign_token[1] == "-" and year == 0:
            return sign_token
        parts.add_day(year if sign_token[1] == "+" else -year)
    elif _fixed(peek, 4):
        parts.add_day(scanner.next()[1])
    else:
        return scanner.next()
    if scanner.skip("-"):
        if not _fixed(scanner.peek(), 2) or not 1 <= scanner.peek()[1] <= 12:
            return scanner.next()
        parts.add_day(scanner.next()[1])
        if scanner.skip("-"):
            if not _fixed(scanner.peek(), 2) or not 1 <= scanner.peek()[1] <= 31:
                return scanner.next()
            parts.add_day(scanner.next()[1])
    if scanner.peek()[:2] != ("word", ("t", 0)):
        if scanner.peek()[0] != "end":
            return scanner.next()
    else:
        scanner.next()
        if not _fixed(scanner.peek(), 2) or not 0 <= scanner.peek()[1] <= 24:
            return None
        hour_24 = scanner.peek()[1] == 24
        parts.add_time(scanner.next()[1])
        if not scanner.skip(":"):
            return None
        for limit in (59, 59):
            if not _fixed(scanner.peek(), 2) or scanner.peek()[1] > limit:
                return None
            if hour_24 and scanner.peek()[1] > 0:
                return None
            parts.add_time(scanner.next()[1])
            if not scanner.skip(":"):
                break
        else:
            return None  # a third ':'
        if len(parts.time) == 3 and scanner.skip("."):
            if scanner.peek()[0] != "num" or (hour_24 and scanner.peek()[1] > 0):
                return None
            parts.add_time(_millis(scanner.next()))
        peek = scanner.peek()
        if peek[:2] == ("word", ("zone", 0)) and peek[2] == 1:  # Z
            scanner.next()
            parts.set_zone(0)
        elif peek[0] == "sym" and peek[1] in "+-":
            parts.sign = 1 if scanner.next()[1] == "+" else -1
            if _fixed(scanner.peek(), 4):
                hour, minute = divmod(scanner.next()[1], 100)
                if hour > 23 or minute > 59:
                    return None
                parts.zone_hour, parts.zone_minute = hour, minute
            else:
                if not _fixed(scanner.peek(), 2) or scanner.peek()[1] > 23:
                    return None
                parts.zone_hour = scanner.next()[1]
                if not scanner.skip(":"):
                    return None
                if not _fixed(scanner.peek(), 2) or scanner.peek()[1] > 59:
                    return None
                parts.zone_minute = scanner.next()[1]
        if scanner.peek()[0] != "end":
            return None
    if parts.zone_hour == _NONE and not parts.time:
        parts.set_zone(0)  # date-only forms are UTC
    parts.iso = True
    return ("end", None, 0)


def _legacy(scanner: _Scanner, parts: _Parts, token: Token) -> bool:
    """V8's legacy rules from `token` on; False where it gives up (an Invalid Date)."""
    read_number = bool(parts.day)
    while token[0] != "end":
        kind, value, _ = token
        if kind == "num":
            read_number = True
            if scanner.skip(":"):
                if scanner.skip(":"):
                    if parts.time:
                        return False
                    parts.time += [value, 0]
                else:
                    if not parts.add_time(value):
                        return False
                    scanner.skip(".")
            elif scanner.skip(".") and parts.time_expects(value):
                parts.add_time(value)
                if scanner.peek()[0] != "num":
                    return False
                if not parts.final_time(_millis(scanner.next())):
                    return False
            elif parts.zone_expects(value):
                parts.zone_minute = value
            elif parts.time_expects(value):
                parts.final_time(value)
                peek = scanner.peek()
                z = peek[:2] == ("word", ("zone", 0)) and peek[2] == 1
                if not (peek[0] in ("end", "ws") or z or peek[:2] in (("sym", "+"), ("sym", "-"))):
                    return False
            else:
                if not parts.add_day(value):
                    return False
                scanner.skip("-")
        elif kind == "word" and value is not None and (
            (value[0] == "ampm" and parts.time) or value[0] == "month"
            or (value[0] == "zone" and read_number)
        ):  # fmt: skip
            if value[0] == "ampm":
                parts.hour_offset = value[1]
            elif value[0] == "month":
                parts.named_month = value[1]
                scanner.skip("-")
            else:
                parts.set_zone(value[1])
        elif kind == "word":
            if read_number or scanner.peek()[0] == "num":
                return False  # a word after a number, or glued to one
        elif kind == "sym" and value in "+-" and (parts.zone_is_utc() or parts.time):
            parts.sign = 1 if value == "+" else -1
            number, digits = 0, 0
            if scanner.peek()[0] == "num":
                _, number, digits = scanner.next()
            read_number = True
            if scanner.peek()[:2] == ("sym", ":"):
                parts.zone_hour, parts.zone_minute = number, _NONE
            elif digits in (1, 2):
                parts.zone_hour, parts.zone_minute = number, 0
            elif digits in (3, 4):
                parts.zone_hour, parts.zone_minute = divmod(number, 100)
            else:
                return False
        elif kind == "sym" and value in "+-)" and read_number:
            return False
        token = scanner.next()
    return True


def _compose(parts: _Parts) -> tuple[datetime, int | None] | None:
    """The wall-clock reading and the offset in minutes (None: local time)."""
    if not parts.day:
        return None
    comp = parts.day + [1] * (3 - len(parts.day))
    if parts.named_month == _NONE:
        if parts.iso or not 1 <= comp[0] <= 31:
            year, month, day = comp
        else:
            month, day, year = comp
    else:
        month = parts.named_month
        year, day = (comp[0], comp[1]) if not 1 <= comp[0] <= 31 else (comp[1], comp[0])
    if not parts.iso and 0 <= year <= 99:
        year += 2000 if year <= 49 else 1900
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    hour, minute, second, millis = parts.time + [0] * (4 - len(parts.time))
    if parts.hour_offset != _NONE:
        if not 0 <= hour <= 12:
            return None
        hour = hour % 12 + parts.hour_offset
    in_range = hour <= 23 and minute <= 59 and second <= 59 and millis <= 999
    if not in_range and (hour, minute, second, millis) != (24, 0, 0, 0):
        return None  # 24:00 is the next midnight
    if abs(year) > 275760:
        return None  # past JavaScript's last date
    if not 1 <= year <= 9999:
        raise OverflowError(f"year {year} is a valid JavaScript date that datetime cannot hold")
    wall = datetime(year, month, 1) + timedelta(
        days=day - 1, hours=hour, minutes=minute, seconds=second, milliseconds=millis
    )  # a day past the month's end rolls over (Feb 30 is March 2), as in JavaScript
    if parts.sign == 0:
        return wall, None
    hours = 0 if parts.zone_hour == _NONE else parts.zone_hour
    minutes = 0 if parts.zone_minute == _NONE else parts.zone_minute
    return wall, parts.sign * (hours * 60 + minutes)


def parse_date_string(text: str) -> tuple[datetime, int | None] | None:
    """A date string read as V8 reads it: the wall-clock reading (naive) and its offset from
    UTC in minutes (None: local time), or None where V8 makes an Invalid Date."""
    scanner = _Scanner(text)
    parts = _Parts()
    token = _es5(scanner, parts)
    if token is None or not _legacy(scanner, parts, token):
        return None
    return _compose(parts)
