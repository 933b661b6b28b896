"""Legacy (Mastra 0.x ``LegacyWorkflow``) ``when`` conditions and ``variables`` mappings.

Object conditions are data, not code: ``{"stepId.path": value}``, ``{"ref": {"step", "path"},
"query": {"$gt": 0}}`` (a MongoDB-style query, as Mastra evaluates them with ``sift``) and
``{"and": [...]}``, ``{"or": [...]}``, ``{"not": {...}}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from lumosai.workflow.results import SUCCESS

if TYPE_CHECKING:
    from lumosai.workflow.engine import Execution

TRIGGER = "trigger"
_MISSING: Any = object()


def ref_id(step: Any) -> str:
    """A step reference as written in conditions and variables: ``'trigger'``, an id, a step."""
    return step if isinstance(step, str) else str(getattr(step, "id", step))


def source_data(ex: Execution, step: Any) -> Any:
    """The trigger data, or the output of a step that succeeded (else None), as Mastra reads."""
    key = ref_id(step)
    if key == TRIGGER:
        return ex.input
    result = ex.steps.get(key)
    if result is None or result.status != SUCCESS:
        return None
    return result.output


def get_path(data: Any, path: str) -> Any:
    """lodash ``get(data, 'a.b.0')``; ``''`` or ``'.'`` is the whole value."""
    if path in ("", "."):
        return data
    value = data
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part, _MISSING)
        elif isinstance(value, list | tuple) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            value = getattr(value, part, _MISSING)
        if value is _MISSING:
            return None
    return value


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def check(value: Any, target: Any) -> bool:
        try:
            return value is not None and bool(op(value, target))
        except TypeError:
            return False

    return check


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "$eq": lambda v, t: v == t,
    "$ne": lambda v, t: v != t,
    "$gt": _compare(lambda v, t: v > t),
    "$gte": _compare(lambda v, t: v >= t),
    "$lt": _compare(lambda v, t: v < t),
    "$lte": _compare(lambda v, t: v <= t),
    "$in": lambda v, t: v in t,
    "$nin": lambda v, t: v not in t,
    "$exists": lambda v, t: (v is not None) == bool(t),
    "$regex": lambda v, t: isinstance(v, str) and re.search(t, v) is not None,
}


def matches(query: Any, value: Any) -> bool:
    """A sift-style query against one value: operators, or plain equality."""
    if not isinstance(query, Mapping):
        return bool(value == query)
    if not query:
        return True
    if all(isinstance(k, str) and k.startswith("$") for k in query):
        for op, target in query.items():
            if op == "$not":
                if matches(target, value):
                    return False
                continue
            check = _OPERATORS.get(op)
            if check is None:
                raise ValueError(f"unsupported query operator {op!r}")
            if not check(value, target):
                return False
        return True
    return all(matches(q, get_path(value, str(k))) for k, q in query.items())


def _status_value(key: str, path: str, value: Any) -> Any:
    # a step's output rarely has a `status`: Mastra reads "success" for a step that succeeded
    if key != TRIGGER and path == "status" and not value:
        return SUCCESS
    return value


def evaluate_when(condition: Mapping[str, Any], ex: Execution) -> bool:
    """Mastra's legacy ``#evaluateCondition`` on an object condition."""
    base = True
    simple = next((k for k in condition if isinstance(k, str) and "." in k), None)
    if simple is not None:
        key, _, path = simple.partition(".")
        data = source_data(ex, key)
        if data is None:
            return False
        value = _status_value(key, path, get_path(data, path))
        base = matches(condition[simple], value)
    if "ref" in condition:
        ref = condition["ref"]
        key = ref_id(ref.get("step"))
        data = source_data(ex, key)
        if data is None:
            return False
        path = str(ref.get("path", ""))
        base = matches(condition.get("query") or {}, _status_value(key, path, get_path(data, path)))
    all_of = all(evaluate_when(c, ex) for c in condition.get("and", ()))
    any_of = any(evaluate_when(c, ex) for c in condition["or"]) if "or" in condition else True
    if "not" in condition:
        base = not evaluate_when(condition["not"], ex)
    return base and all_of and any_of


def resolve_variables(variables: Mapping[str, Any], ex: Execution) -> dict[str, Any]:
    """``variables: {name: {step: s | 'trigger', path}}`` -> the step's ``input_data``."""
    out: dict[str, Any] = {}
    for name, spec in variables.items():
        key = ref_id(spec.get("step"))
        data = source_data(ex, key)
        out[name] = get_path(data, str(spec.get("path", ""))) if data is not None else None
    return out
