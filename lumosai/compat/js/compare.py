"""JavaScript's relational operators (`<`, `<=`, `>`, `>=`) for operands that may be missing.

Translated code uses these only where an operand can really be `undefined` (a field of untyped
JSON, an optional chain): there Python's `None > 0` raises `TypeError`, while JavaScript
compares `undefined` as NaN (every comparison false) and `null` as 0 (`null >= 0` is true).
Strings compare by UTF-16 code units when both sides are strings, otherwise both become numbers
(`"10" > 9` is true, `"abc" < 1` is false).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from .numbers import to_number
from .text import number_text
from .undefined import UNDEFINED


def js_lt(left: Any, right: Any) -> bool:
    """`left < right`."""
    return _less(left, right) is True


def js_gt(left: Any, right: Any) -> bool:
    """`left > right`."""
    return _less(right, left) is True


def js_le(left: Any, right: Any) -> bool:
    """`left <= right`: false when either side is NaN or undefined, not `not (left > right)`."""
    return _less(right, left) is False


def js_ge(left: Any, right: Any) -> bool:
    """`left >= right`."""
    return _less(left, right) is False


def _less(left: Any, right: Any) -> bool | None:
    """IsLessThan of ECMAScript: None stands for its `undefined` result (a NaN operand)."""
    a, b = _primitive(left), _primitive(right)
    if isinstance(a, str) and isinstance(b, str):
        return _utf16(a) < _utf16(b)
    x, y = _number(a), _number(b)
    if math.isnan(x) or math.isnan(y):
        return None
    return x < y


def _primitive(value: Any) -> Any:
    """ToPrimitive with the number hint, for the values translated code holds."""
    if isinstance(value, datetime):  # a Date compares by its time value
        return value.timestamp() * 1000
    if isinstance(value, list | tuple | dict):
        return _text(value)
    return value


def _number(value: Any) -> float:
    if value is UNDEFINED:
        return math.nan
    if value is None:  # null
        return 0
    return float(to_number(value))


def _text(value: Any) -> str:
    """ToString of an element of an array being compared."""
    if value is None or value is UNDEFINED:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, list | tuple):
        return ",".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _utf16(text: str) -> bytes:
    """JavaScript orders strings by UTF-16 code units (an astral character sorts below U+E000)."""
    return text.encode("utf-16-be", "surrogatepass")
