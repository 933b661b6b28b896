"""A tool's rejected arguments in zod 4's words, as Mastra 1.x's `validateToolInput` reports them.

Mastra 1.x sends the model `{error: true, message, validationErrors}` for arguments its zod
schema refuses; the issue texts are zod 4's ("Invalid input: expected string, received
undefined" for a missing field). Lumos checks arguments with pydantic (a converted schema) or
the bare JSON schema, so each pydantic error is worded here from its type and the tool's JSON
schema at the error's path. Checked against @mastra/core 1.71 with zod 4.
"""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic import ValidationError

#: a problem with the arguments: the path of keys (list indexes as text) and zod's words
Issue = tuple[list[str], str]

#: pydantic error types that mean "not the expected type" (zod: invalid_type)
_TYPE_ERRORS = frozenset(
    {
        "string_type",
        "int_type",
        "int_parsing",
        "float_type",
        "float_parsing",
        "bool_type",
        "bool_parsing",
        "list_type",
        "tuple_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "dataclass_type",
        "none_required",
    }
)

_EXPECTED = {
    "string": "string",
    "number": "number",
    "integer": "number",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
    "null": "null",
}


def js_type(value: Any) -> str:
    """The name zod 4 gives a received value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object"


def js_number(value: Any) -> str:
    """A bound as JavaScript prints it (10, not 10.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _resolve(schema: Any, root: dict[str, Any]) -> dict[str, Any]:
    """`schema` with a local `$ref` followed (pydantic puts nested models in `$defs`)."""
    seen = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 32:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            break
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        schema, seen = target, seen + 1
    return schema if isinstance(schema, dict) else {}


def _members(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null members of a union schema (`anyOf`/`oneOf`), or the schema itself."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if not isinstance(options, list):
        return [schema]
    members = [_resolve(o, root) for o in options]
    return [m for m in members if m.get("type") != "null"] or members


def _child(schema: dict[str, Any], key: str, root: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of `key` inside `schema` (a property, an item, a record value), or None."""
    for member in _members(schema, root):
        properties = member.get("properties")
        if isinstance(properties, dict) and key in properties:
            return _resolve(properties[key], root)
        if key.isdigit() and member.get("type") == "array":
            items = member.get("prefixItems")
            if isinstance(items, list) and int(key) < len(items):
                return _resolve(items[int(key)], root)
            return _resolve(member.get("items"), root)
        extra = member.get("additionalProperties")
        if member.get("type") == "object" and isinstance(extra, dict):
            return _resolve(extra, root)
    return None


def _expected(schema: dict[str, Any], root: dict[str, Any]) -> str | None:
    kinds: list[str] = []
    for member in _members(schema, root):
        kind = member.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if isinstance(kind, str) and kind in _EXPECTED:
            kinds.append(_EXPECTED[kind])
        elif "properties" in member:
            kinds.append("object")
        else:
            return None
    return kinds[0] if len(set(kinds)) == 1 else None


def _choices(schema: dict[str, Any], root: dict[str, Any]) -> list[Any] | None:
    values: list[Any] = []
    for member in _members(schema, root):
        if "const" in member:
            values.append(member["const"])
        elif isinstance(member.get("enum"), list):
            values.extend(member["enum"])
        else:
            return None
    return values or None


def _choice_message(values: list[Any]) -> str:
    shown = [json.dumps(v, ensure_ascii=False) for v in values]
    if len(shown) == 1:
        return f"Invalid input: expected {shown[0]}"
    return f"Invalid option: expected one of {'|'.join(shown)}"


def issue_text(error: dict[str, Any], schema: dict[str, Any], root: dict[str, Any]) -> str:
    """zod 4's words for one pydantic error at a field whose JSON schema is `schema`."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    choices = _choices(schema, root) if schema else None
    if choices and kind in _TYPE_ERRORS | {"missing", "literal_error", "enum"}:
        return _choice_message(choices)
    expected = _expected(schema, root) if schema else None
    if kind == "missing" and expected:
        return f"Invalid input: expected {expected}, received undefined"
    if kind in _TYPE_ERRORS and expected:
        return f"Invalid input: expected {expected}, received {js_type(error.get('input'))}"
    if kind == "int_from_float":
        return "Invalid input: expected int, received number"
    if kind == "finite_number":
        return f"Invalid input: expected number, received {js_type(error.get('input'))}"
    if kind in ("string_too_short", "too_short"):
        unit = "characters" if kind == "string_too_short" else "items"
        what = "string" if kind == "string_too_short" else "array"
        return f"Too small: expected {what} to have >={ctx.get('min_length')} {unit}"
    if kind in ("string_too_long", "too_long"):
        unit = "characters" if kind == "string_too_long" else "items"
        what = "string" if kind == "string_too_long" else "array"
        return f"Too big: expected {what} to have <={ctx.get('max_length')} {unit}"
    bounds = {
        "greater_than": ("Too small", ">", "gt"),
        "greater_than_equal": ("Too small", ">=", "ge"),
        "less_than": ("Too big", "<", "lt"),
        "less_than_equal": ("Too big", "<=", "le"),
    }
    if kind in bounds:
        head, sign, key = bounds[kind]
        return f"{head}: expected number to be {sign}{js_number(ctx.get(key))}"
    if kind == "string_pattern_mismatch":
        return f"Invalid string: must match pattern /{ctx.get('pattern')}/"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "Invalid input"
    return str(error.get("msg", "Invalid input")).removeprefix("Value error, ")


def input_issues(exc: ValidationError, parameters: dict[str, Any], args: Any = None) -> list[Issue]:
    """The pydantic errors of a tool's arguments as zod 4 issues, in order. A union that
    fails is one "Invalid input" at its own path, as zod reports it (pydantic has one error
    per member, under the member's tag). An array whose items failed is still checked for its
    length, as zod does (pydantic stops at the items)."""
    issues: list[Issue] = []
    for error in exc.errors():
        path, schema = _locate(error.get("loc", ()), parameters)
        if schema is None:
            issue: Issue = (path, "Invalid input")
        else:
            issue = (path, issue_text(dict(error), schema, parameters))
        if issue not in issues:
            issues.append(issue)
    for path, _ in list(issues):
        for depth in range(len(path) - 1, -1, -1):
            length = _length_issue(path[:depth], parameters, args)
            if length is not None and length not in issues:
                issues.append(length)
    return _children_first(issues)


def _length_issue(path: list[str], root: dict[str, Any], args: Any) -> Issue | None:
    """zod's minItems/maxItems issue for the array at `path` of `args`, if it breaks one."""
    value = args
    for key in path:
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return None
    _, schema = _locate(path, root)
    if not isinstance(value, list) or schema is None:
        return None
    for member in _members(schema, root):
        if member.get("type") != "array":
            continue
        low, high = member.get("minItems"), member.get("maxItems")
        if isinstance(low, int) and len(value) < low:
            return path, f"Too small: expected array to have >={low} items"
        if isinstance(high, int) and len(value) > high:
            return path, f"Too big: expected array to have <={high} items"
    return None


def _children_first(issues: list[Issue]) -> list[Issue]:
    """zod checks an array's or object's members before its own checks (`.min(2)`), pydantic
    the other way round: an issue moves right after the last issue inside its path."""

    def last_inside(index: int) -> int:
        path = issues[index][0]
        inside = [
            i
            for i, (other, _) in enumerate(issues)
            if len(other) > len(path) and other[: len(path)] == path
        ]
        return max([index, *inside])

    def key(index: int) -> tuple[int, bool, int]:
        anchor = last_inside(index)
        return anchor, anchor != index, -len(issues[index][0])

    return [issues[i] for i in sorted(range(len(issues)), key=key)]


def _locate(loc: Any, root: dict[str, Any]) -> tuple[list[str], dict[str, Any] | None]:
    """The zod path of a pydantic error location and the JSON schema there; None for the
    schema when the location runs into a union member (the union itself failed)."""
    schema: dict[str, Any] = _resolve(root, root)
    path: list[str] = []
    for part in loc:
        if len(_members(schema, root)) > 1 and _child(schema, str(part), root) is None:
            return path, None
        child = _child(schema, str(part), root)
        if child is None:
            return path, None
        path.append(str(part))
        schema = child
    return path, schema


def formatted(issues: list[Issue]) -> dict[str, Any]:
    """Mastra's buildFormattedErrors: `{errors: [...], fields: {key: {errors, fields}}}`."""
    root: dict[str, Any] = {"errors": [], "fields": {}}
    for path, message in issues:
        node = root
        for key in path:
            node = node["fields"].setdefault(key, {"errors": [], "fields": {}})
        node["errors"].append(message)
    return root


_ABSENT: Any = object()


def field_issue(key: str, schema: Any, root: dict[str, Any], value: Any = _ABSENT) -> str:
    """zod 4's words for top-level field `key` (JSON schema `schema`) missing, or holding a
    `value` of the wrong type (the bare JSON-schema check of tools without a pydantic model)."""
    if value is _ABSENT:
        error: dict[str, Any] = {"type": "missing", "loc": (key,)}
    else:
        error = {"type": "model_type", "loc": (key,), "input": value}
    resolved = _resolve(schema, root)
    return issue_text(error, resolved, root) if resolved else "Invalid input"


def not_object(args: Any) -> Issue:
    """Arguments that are not an object at all."""
    return [], f"Invalid input: expected object, received {js_type(args)}"
