"""JavaScript number conversions: `Number(x)` and `n.toString(radix)`, as V8 computes them."""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Iterable
from typing import Any

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# StrWhiteSpaceChar and LineTerminator of ECMAScript, which Number() trims
_JS_SPACE = (
    " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_PREFIXED = re.compile(r"0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_BASES = {"x": 16, "o": 8, "b": 2}


def _plain(value: float) -> int | float:
    """An integral float as an int, so it prints (and JSON-encodes) as JavaScript does: 120."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value


def to_number(value: Any) -> int | float:
    """`Number(value)`: strings parsed by JavaScript's rules (NaN, not an exception).

    Integral results are ints, so `f"{to_number('120')}"` gives "120" like the template literal.
    `None` stands for undefined here (NaN); JavaScript's `Number(null)` would be 0.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _plain(value)
    if isinstance(value, str):
        return _parse(value)
    if isinstance(value, list):
        if not value:
            return 0
        if len(value) == 1:
            item = value[0]
            return 0 if item is None else to_number(item if isinstance(item, str) else str(item))
    return math.nan


def _parse(text: str) -> int | float:
    text = text.strip(_JS_SPACE)
    if not text:
        return 0
    prefixed = _PREFIXED.fullmatch(text)
    if prefixed:
        digits = prefixed.group(1)
        return _plain(float(int(digits[1:], _BASES[digits[0].lower()])))
    if text in ("Infinity", "+Infinity"):
        return math.inf
    if text == "-Infinity":
        return -math.inf
    if _DECIMAL.fullmatch(text):
        return _plain(float(text))
    return math.nan


def _next_double(value: float) -> float:
    """The smallest double above a non-negative finite `value`."""
    (bits,) = struct.unpack("<q", struct.pack("<d", value))
    (above,) = struct.unpack("<d", struct.pack("<q", bits + 1))
    return float(above)


def to_radix(value: float, radix: int = 10) -> str:
    """`value.toString(radix)`: digits as V8 prints them (the fraction only to the precision
    of the double, rounded half to even), e.g. `to_radix(255, 16) == "ff"`."""
    if not 2 <= radix <= 36:
        raise ValueError("toString() radix must be between 2 and 36")
    if isinstance(value, bool):
        raise TypeError("a boolean has no radix form")
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, int):
        return _int_digits(value, radix)
    if radix == 10:
        from .text import number_text

        return number_text(value)
    negative = value < 0
    value = -value if negative else value
    integer = math.floor(value)
    fraction = value - integer
    delta = max(0.5 * (_next_double(value) - value), _next_double(0.0))
    digits: list[int] = []
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            digits.append(digit)
            fraction -= digit
            if (fraction > 0.5 or (fraction == 0.5 and digit & 1)) and fraction + delta > 1:
                # round up, carrying into earlier digits (and the integer part)
                while True:
                    if not digits:
                        integer += 1
                        break
                    last = digits.pop()
                    if last + 1 < radix:
                        digits.append(last + 1)
                        break
                break
            if fraction < delta:
                break
    text = _integer_digits(integer, radix)
    if digits:
        text += "." + "".join(_DIGITS[d] for d in digits)
    return "-" + text if negative else text


def _integer_digits(integer: float, radix: int) -> str:
    """The integer part of a double; digits below its precision print as 0 (as in V8)."""
    zeros = 0
    while integer / radix >= 2.0**53:
        integer /= radix
        zeros += 1
    out: list[str] = []
    while True:
        remainder = math.fmod(integer, radix)
        out.append(_DIGITS[int(remainder)])
        integer = (integer - remainder) / radix
        if integer <= 0:
            break
    return "".join(reversed(out)) + "0" * zeros


def _int_digits(value: int, radix: int) -> str:
    if value == 0:
        return "0"
    sign, value = ("-", -value) if value < 0 else ("", value)
    out: list[str] = []
    while value:
        value, digit = divmod(value, radix)
        out.append(_DIGITS[digit])
    return sign + "".join(reversed(out))


_FLOAT_PREFIX = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")


def _js_string(value: Any) -> str:
    """ToString for the values parseInt/parseFloat receive."""
    from .text import number_text

    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def parse_float(value: Any) -> int | float:
    """`parseFloat(value)`: the longest decimal prefix after leading white space, else NaN
    ('3.5abc' -> 3.5, '1e' -> 1, 'abc' -> NaN); no exception, unlike float()."""
    text = _js_string(value).lstrip(_JS_SPACE)
    found = _FLOAT_PREFIX.match(text)
    if found is None:
        return math.nan
    number = found.group(0)
    if number.lstrip("+-") == "Infinity":
        return -math.inf if number.startswith("-") else math.inf
    parsed = float(number)
    return _plain(parsed) if abs(parsed) <= 2**53 else parsed


def parse_int(value: Any, radix: Any = None) -> int | float:
    """`parseInt(value, radix)`: the integer prefix in the radix (a '0x' prefix means 16 when
    the radix is absent or 16), after white space and a sign; NaN when there are no digits."""
    text = _js_string(value).lstrip(_JS_SPACE)
    sign = 1
    if text[:1] in ("+", "-"):
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    base = _int32(radix)
    strip_prefix = True
    if base != 0:
        if not 2 <= base <= 36:
            return math.nan
        strip_prefix = base == 16
    else:
        base = 10
    if strip_prefix and text[:2] in ("0x", "0X"):
        text, base = text[2:], 16
    end = 0
    while end < len(text) and text[end].lower() in _DIGITS[:base]:
        end += 1
    if end == 0:
        return math.nan
    number = sign * int(text[:end], base)
    if abs(number) <= 2**53:
        return number
    try:  # beyond 2**53 a double, as in JavaScript (number_text prints its shortest digits)
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _int32(value: Any) -> int:
    """ECMAScript ToInt32 (undefined and NaN are 0)."""
    number = 0 if value is None else to_number(value)
    if not math.isfinite(number):
        return 0
    number = int(number) % 2**32
    return number - 2**32 if number >= 2**31 else number


def js_truthy(value: Any) -> bool:
    """JavaScript truthiness: NaN is falsy (Python's is truthy), arrays and objects are truthy
    even when empty; None (undefined/null), 0, '' and False are falsy as in Python."""
    if value is None or value is False:
        return False
    if isinstance(value, float):
        return value == value and value != 0
    if isinstance(value, int | str):
        return bool(value)
    return True


def js_sum(values: Iterable[Any]) -> int | float:
    """`xs.reduce((s, x) => s + x, 0)`: left-to-right addition, rounding after every step as
    JavaScript does (Python 3.12's sum() compensates float rounding: 0.1 * 10 terms give 1.0
    there, 0.9999999999999999 in JavaScript)."""
    total: int | float = 0
    for value in values:
        total = total + value
    return total


def js_rem(dividend: Any, divisor: Any) -> int | float:
    """JavaScript's `%`: the sign of the dividend (Python's `%` takes the divisor's), NaN for a
    zero divisor or an infinite dividend, and an int when both operands are ints."""
    if type(dividend) is int and type(divisor) is int:
        if divisor == 0:
            return math.nan
        rest = abs(dividend) % abs(divisor)
        return -rest if dividend < 0 else rest
    if divisor == 0 or math.isinf(dividend) or math.isnan(dividend) or math.isnan(divisor):
        return math.nan
    return math.fmod(dividend, divisor)


def js_sign(value: Any) -> int | float:
    """`Math.sign(x)`: 1, -1, 0 (and -0 for -0.0), NaN for NaN; ints stay ints."""
    number = _math_operand(value)
    if isinstance(number, float) and (math.isnan(number) or number == 0):
        return number
    return (number > 0) - (number < 0)


def js_round(value: float) -> int | float:
    """`Math.round(x)` where x may be NaN or infinite (kept as they are, as in JavaScript;
    `math.floor` raises on them). Halves round up: -2.5 -> -2."""
    return math.floor(value + 0.5) if math.isfinite(value) else value


def js_floor(value: float) -> int | float:
    """`Math.floor(x)` where x may be NaN or infinite (kept, as in JavaScript)."""
    return math.floor(value) if math.isfinite(value) else value


def js_ceil(value: float) -> int | float:
    """`Math.ceil(x)` where x may be NaN or infinite."""
    return math.ceil(value) if math.isfinite(value) else value


def js_trunc(value: float) -> int | float:
    """`Math.trunc(x)` where x may be NaN or infinite."""
    return math.trunc(value) if math.isfinite(value) else value


def js_max(*values: Any) -> int | float:
    """`Math.max(...)`: NaN if any argument is NaN or undefined (Python's max() depends on the
    order); null counts as 0 and other values as `Number(value)`: `Math.max(1, null)` is 1."""
    numbers = [_math_operand(v) for v in values]
    return math.nan if any(n != n for n in numbers) else max(numbers, default=-math.inf)


def js_min(*values: Any) -> int | float:
    """`Math.min(...)`: NaN if any argument is NaN or undefined; null counts as 0."""
    numbers = [_math_operand(v) for v in values]
    return math.nan if any(n != n for n in numbers) else min(numbers, default=math.inf)


def _math_operand(value: Any) -> int | float:
    """ToNumber of a Math argument: UNDEFINED is NaN, None (null) is 0."""
    from .undefined import UNDEFINED

    if value is UNDEFINED:
        return math.nan
    if value is None:
        return 0
    return to_number(value)


#: the largest length a JavaScript array can have (2**32 - 1)
_MAX_ARRAY_LENGTH = 4294967295


def array_length(value: Any) -> int:
    """The length `Array.from({ length: value })` gives: JavaScript's ToLength, so NaN,
    undefined and negatives are 0 and fractions are cut (`range()` raises on a float);
    beyond 2**32 - 1 it is V8's RangeError (a ValueError here, as `RangeError` translates)."""
    if value is None:
        return 0
    number = value if isinstance(value, int | float) else to_number(value)
    if number != number or number <= 0:
        return 0
    if number > _MAX_ARRAY_LENGTH:  # includes Infinity
        raise ValueError("Invalid array length")
    return math.trunc(number)


def new_array_length(value: Any) -> int:
    """The length of `new Array(value)`: a number must be a whole number from 0 to 2**32 - 1
    (else V8's RangeError, a ValueError here); any other value is the one element (length 1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1
    if not (0 <= value <= _MAX_ARRAY_LENGTH) or value != math.trunc(value):  # NaN fails both
        raise ValueError("Invalid array length")
    return int(value)
