"""JavaScript number conversions: `Number(x)` and `n.toString(radix)`, as V8 computes them."""

from __future__ import annotations

import math
import re
import struct
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
