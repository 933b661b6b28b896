"""Array methods whose JavaScript semantics no Python expression has: `splice` (clamped and
negative positions, in place, returns what it removed) and the default `sort()` order
(elements compared as strings, by UTF-16 code units, undefined last)."""

from __future__ import annotations

import math
from typing import Any

from .numbers import _js_string
from .undefined import UNDEFINED

_ABSENT: Any = object()


def _integer(value: Any) -> float:
    """ToIntegerOrInfinity for the number arguments of splice."""
    number = float(value)
    if math.isnan(number):
        return 0
    return number if math.isinf(number) else math.trunc(number)


def js_splice(
    items: list[Any], start: Any = _ABSENT, count: Any = _ABSENT, *added: Any
) -> list[Any]:
    """`items.splice(start, count, ...added)`: change `items` in place, return the removed."""
    length = len(items)
    if start is _ABSENT:
        return []
    relative = _integer(start)
    first = int(max(length + relative, 0) if relative < 0 else min(relative, length))
    if count is _ABSENT:
        removing = length - first
    else:
        removing = int(min(max(_integer(count), 0), length - first))
    removed = items[first : first + removing]
    items[first : first + removing] = list(added)
    return removed


def js_sort_key(value: Any) -> tuple[int, bytes]:
    """Key for `xs.sort()` without a comparator: the element's string as UTF-16 code units
    (big-endian bytes order as the units do); undefined after everything."""
    if value is UNDEFINED:
        return (1, b"")
    text = "null" if value is None else _js_string(value)
    if isinstance(value, list):
        text = ",".join("" if v is None or v is UNDEFINED else _js_string(v) for v in value)
    elif isinstance(value, dict):
        text = "[object Object]"
    return (0, text.encode("utf-16-be", "surrogatepass"))
