"""Metadata filters in the MongoDB-like dialect Mastra's vector stores accept.

``{"thread_id": "t1"}``, ``{"score": {"$gte": 3}}``, ``{"tag": {"$in": ["a", "b"]}}``,
``{"$and": [...]}``, ``{"$or": [...]}``, ``{"$not": {...}}``, ``{"$nor": [...]}``,
``{"a.b": 1}`` (dotted paths), ``{"k": {"$exists": true}}``, ``{"tags": {"$all": [...]}}``,
``{"tags": {"$contains": "x"}}``, ``{"name": {"$regex": "^a"}}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_MISSING = object()


class FilterError(ValueError):
    """A filter uses an unknown operator or a malformed operand."""


def _lookup(metadata: dict[str, Any], path: str) -> Any:
    value: Any = metadata
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(value: Any, operand: Any) -> bool:
        if value is _MISSING or value is None:
            return False
        try:
            return op(value, operand)
        except TypeError:
            return False

    return check


def _eq(value: Any, operand: Any) -> bool:
    if isinstance(value, list) and not isinstance(operand, list):
        return operand in value
    return value is not _MISSING and value == operand


def _in(value: Any, operand: Any) -> bool:
    if not isinstance(operand, list):
        raise FilterError("$in needs a list")
    if isinstance(value, list):
        return any(v in operand for v in value)
    return value is not _MISSING and value in operand


def _contains(value: Any, operand: Any) -> bool:
    if isinstance(value, (list, str)):
        if isinstance(operand, list) and isinstance(value, list):
            return all(o in value for o in operand)
        return operand in value
    return False


def _all(value: Any, operand: Any) -> bool:
    if not isinstance(operand, list):
        raise FilterError("$all needs a list")
    return isinstance(value, list) and all(o in value for o in operand)


def _regex(value: Any, operand: Any) -> bool:
    return isinstance(value, str) and re.search(str(operand), value) is not None


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "$eq": _eq,
    "$ne": lambda v, o: not _eq(v, o),
    "$gt": _compare(lambda v, o: v > o),
    "$gte": _compare(lambda v, o: v >= o),
    "$lt": _compare(lambda v, o: v < o),
    "$lte": _compare(lambda v, o: v <= o),
    "$in": _in,
    "$nin": lambda v, o: not _in(v, o),
    "$exists": lambda v, o: (v is not _MISSING) == bool(o),
    "$contains": _contains,
    "$all": _all,
    "$regex": _regex,
    "$size": lambda v, o: isinstance(v, list) and len(v) == o,
}


def matches(metadata: dict[str, Any], filter: dict[str, Any] | None) -> bool:
    """True when ``metadata`` satisfies ``filter`` (None or ``{}`` match everything)."""
    if not filter:
        return True
    for key, condition in filter.items():
        if key == "$and":
            if not all(matches(metadata, f) for f in _list_of_filters(key, condition)):
                return False
        elif key == "$or":
            if not any(matches(metadata, f) for f in _list_of_filters(key, condition)):
                return False
        elif key == "$nor":
            if any(matches(metadata, f) for f in _list_of_filters(key, condition)):
                return False
        elif key == "$not":
            if not isinstance(condition, dict):
                raise FilterError("$not needs a filter object")
            if matches(metadata, condition):
                return False
        elif key.startswith("$"):
            raise FilterError(f"unknown top-level filter operator {key!r}")
        elif not _field_matches(_lookup(metadata, key), condition):
            return False
    return True


def _list_of_filters(key: str, condition: Any) -> list[dict[str, Any]]:
    if not isinstance(condition, list) or not all(isinstance(c, dict) for c in condition):
        raise FilterError(f"{key} needs a list of filter objects")
    return condition


def _field_matches(value: Any, condition: Any) -> bool:
    if isinstance(condition, dict) and condition and all(k.startswith("$") for k in condition):
        for op, operand in condition.items():
            if op == "$not":
                if _field_matches(value, operand):
                    return False
                continue
            check = _OPERATORS.get(op)
            if check is None:
                raise FilterError(f"unknown filter operator {op!r}")
            if not check(value, operand):
                return False
        return True
    return _eq(value, condition)


def simple_equalities(filter: dict[str, Any] | None) -> dict[str, str | int | float]:
    """Top-level ``key: scalar`` (or ``$eq``) conditions a database can apply before scoring.

    Only plain identifiers and non-bool scalars; everything else is left to ``matches``."""
    found: dict[str, str | int | float] = {}
    if not filter:
        return found
    parts = list(filter.get("$and", [])) if isinstance(filter.get("$and"), list) else []
    for condition in [filter, *parts]:
        if not isinstance(condition, dict):
            continue
        for key, value in condition.items():
            if isinstance(value, dict) and set(value) == {"$eq"}:
                value = value["$eq"]
            if (
                re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key)
                and isinstance(value, (str, int, float))
                and not isinstance(value, bool)
            ):
                found[key] = value
    return found
