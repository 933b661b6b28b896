"""Mastra 0.x's OpenAI schema compatibility, as it shaped the tool calls of 0.x apps.

Mastra 0.24 (``@mastra/schema-compat`` 0.11) builds an agent's tools for an OpenAI model
(provider or model id containing "openai") through a compat layer that rewrites the zod input
schema: every ``.optional()`` field becomes required and nullable (``null`` reads back as
undefined). The rewritten schema is what the model is sent *and* the first check of its
arguments (``CoreToolBuilder.createExecute``, errors named by the agent's key for the tool):

- a missing optional field fails with ``<path>: Required``, at every depth;
- array length checks are sent as a description only (not checked there), and so are string
  ``regex`` checks for ``gpt-4o-mini``;
- reasoning models (model id containing o1/o3/o4) use the reasoning layer, which also makes
  fields with a ``.default()`` required and describes number and string constraints only.

The tool then validates again with its own schema (``createTool``'s wrapper, errors named by
the tool id). Mastra 1.x sends the rewritten JSON schema but validates with the original one,
so a missing optional field passes there (its null reads as undefined): the 1.x layer is the
last section of this module (``MastraToolErrors(era="1.x")``). See docs/agents.md ("Mastra 0.x
tool errors").
"""

from __future__ import annotations

import copy
import json
import typing
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from lumosai.tool.base import Tool
from lumosai.tool.errors import ToolValidationError
from lumosai.types import js_numbers

Layer = Literal["openai", "openai-reasoning"]
Issue = tuple[list[str | int], str]

_REGEX_ONLY_DESCRIBED = "gpt-4o-mini"  # this model id gets `regex` as a description (0.24)


def compat_layer(provider: str, model_id: str) -> Layer | None:
    """The schema-compat layer Mastra 0.24 applies to an AI SDK v5 model's tools, if any."""
    provider, model_id = provider or "", model_id or ""
    if "openai" not in provider and "openai" not in model_id:
        return None
    if any(tag in model_id for tag in ("o1", "o3", "o4")):
        return "openai-reasoning"
    return "openai"


def check_arguments(
    tool: Tool, tool_name: str, args: Any, provider: str, model_id: str
) -> dict[str, Any] | None:
    """What Mastra 0.24 answers an agent's call of `tool` (its key `tool_name`) with, when the
    arguments fail its checks: the validation result object (the tool does not run); None
    when they pass. With an OpenAI model, missing optional fields fail the first check."""
    if args is not None and not isinstance(args, dict):
        return None  # the tool's own check words this one
    found = _problems(tool, args)
    problems: list[Issue] = [(path, message) for path, message, _ in found]
    layer = compat_layer(provider, model_id)
    if layer is None:
        return validation_result(tool_name, problems, args) if problems else None
    schema = with_factory_defaults(tool.parameters, getattr(tool, "input_model", None))
    first = missing_optional(schema, args or {}, layer)
    described = described_checks(layer, model_id)
    first.extend((path, message) for path, message, kind in found if kind not in described)
    if first:
        order = list(
            (_object_schema(_resolve(schema, schema), schema) or {}).get("properties") or {}
        )
        first.sort(key=lambda issue: _position(order, issue[0]))
        return validation_result(tool_name, first, args)
    if problems:  # the tool's own check, named by its id
        return validation_result(tool.id, problems, args)
    return None


#: pydantic error types of the checks 0.24's layers send as a description only (not checked
#: by the layer's schema): array lengths for both, string and number constraints for the
#: reasoning layer, and `regex` for gpt-4o-mini
_ARRAY_CHECKS = frozenset({"too_short", "too_long"})
_REASONING_CHECKS = _ARRAY_CHECKS | {
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "multiple_of",
    "string_too_short",
    "string_too_long",
    "string_pattern_mismatch",
}


def described_checks(layer: Layer, model_id: str) -> frozenset[str]:
    """The pydantic error types the layer's own schema does not check."""
    if layer == "openai-reasoning":
        return _REASONING_CHECKS
    if _REGEX_ONLY_DESCRIBED in model_id:
        return _ARRAY_CHECKS | {"string_pattern_mismatch"}
    return _ARRAY_CHECKS


def _problems(tool: Tool, args: Any) -> list[tuple[list[str | int], str, str]]:
    """(path, message, pydantic error type or "") of what the tool's own check rejects, in
    the words of ``ToolValidationError``."""
    model = getattr(tool, "input_model", None)
    if isinstance(model, type) and issubclass(model, BaseModel):
        try:
            model.model_validate({} if args is None else args)
        except ValidationError as exc:
            return [
                (
                    list(err.get("loc", ())),
                    "Required" if err.get("type") == "missing" else err.get("msg", "invalid"),
                    str(err.get("type", "")),
                )
                for err in exc.errors()
            ]
        return []
    try:
        tool.validate_args(args)
    except ToolValidationError as exc:
        return [(*parse_problem(p), "") for p in exc.problems]
    return []


def with_factory_defaults(schema: dict[str, Any], model: Any) -> dict[str, Any]:
    """`schema` with a `default` for the fields of `model` (and the models it nests) whose
    default comes from a factory (`.default([])` converts to one), which pydantic's JSON
    schema leaves out: they are zod `.default()` fields, optional for the OpenAI layer."""
    factories: dict[str, dict[str, Any]] = {}
    _collect_factories(model, factories, set())
    if not factories:
        return schema
    out = copy.deepcopy(schema)
    for node in [out, *(out.get("$defs") or {}).values()]:
        filled = factories.get(node.get("title", "")) if isinstance(node, dict) else None
        for key, value in (filled or {}).items():
            prop = (node.get("properties") or {}).get(key)
            if isinstance(prop, dict) and "default" not in prop:
                prop["default"] = value
    return out


def _collect_factories(model: Any, out: dict[str, dict[str, Any]], seen: set[Any]) -> None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or model in seen:
        return
    seen.add(model)
    title = model.model_config.get("title") or model.__name__
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            try:
                value = info.default_factory()  # type: ignore[call-arg]
            except TypeError:
                value = True  # a factory taking the data: a default all the same
            out.setdefault(title, {})[info.alias or name] = value if value is not None else True
        for nested in _models_in(info.annotation):
            _collect_factories(nested, out, seen)


def _models_in(annotation: Any) -> list[Any]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _position(order: list[str], path: list[str | int]) -> int:
    head = path[0] if path else None
    return order.index(head) if isinstance(head, str) and head in order else len(order)


def missing_optional(
    schema: dict[str, Any], args: Any, layer: Layer, root: dict[str, Any] | None = None
) -> list[Issue]:
    """`Required` issues for the optional fields `args` leaves out, which the layer made
    required (a field with a non-null default stays optional for the plain OpenAI layer)."""
    root = schema if root is None else root
    out: list[Issue] = []
    _walk(schema, args, [], root, layer, out)
    return out


def _walk(
    schema: dict[str, Any],
    value: Any,
    path: list[str | int],
    root: dict[str, Any],
    layer: Layer,
    out: list[Issue],
) -> None:
    schema = _resolve(schema, root)
    if isinstance(value, dict):
        shape = _object_schema(schema, root)
        if shape is None:
            return
        required = set(shape.get("required") or [])
        for key, prop in (shape.get("properties") or {}).items():
            if not isinstance(prop, dict):
                continue
            if key not in value:
                defaulted = prop.get("default") is not None and layer == "openai"
                if key not in required and not defaulted:
                    out.append(([*path, key], "Required"))
                continue
            _walk(prop, value[key], [*path, key], root, layer, out)
    elif isinstance(value, list):
        items = _array_items(schema, root)
        if items is not None:
            for index, item in enumerate(value):
                _walk(items, item, [*path, index], root, layer, out)


def _resolve(schema: Any, root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/$defs/Name`, as pydantic writes nested models)."""
    seen = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 32:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            break
        schema, seen = target, seen + 1
    return schema if isinstance(schema, dict) else {}


def _options(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema itself, or the non-null members of its `anyOf`/`oneOf`."""
    members = schema.get("anyOf") or schema.get("oneOf")
    if not isinstance(members, list):
        return [schema]
    return [m for m in (_resolve(o, root) for o in members) if m and m.get("type") != "null"]


def _object_schema(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any] | None:
    for option in _options(schema, root):
        if isinstance(option.get("properties"), dict):
            return option
    return None


def _array_items(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any] | None:
    for option in _options(schema, root):
        if isinstance(option.get("items"), dict):
            return _resolve(option["items"], root)
    return None


def validation_result(tool_name: str, issues: list[Issue], args: Any) -> dict[str, Any]:
    """Mastra's ``validateToolInput`` result: ``{error: true, message, validationErrors}``,
    the message listing the issues and the arguments as ``JSON.stringify(args, null, 2)``."""
    lines = "\n".join(f"- {'.'.join(map(str, p)) or 'root'}: {m}" for p, m in issues)
    try:
        shown = json.dumps(js_numbers(args), indent=2, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = json.dumps(str(args))
    message = (
        f"Tool validation failed for {tool_name}. Please fix the following errors and try "
        f"again:\n{lines}\n\nProvided arguments: {shown}"
    )
    return {"error": True, "message": message, "validationErrors": zod_format(issues)}


def zod_format(issues: list[Issue]) -> dict[str, Any]:
    """zod 3's ``error.format()``: ``{_errors: [...], key: {_errors: [...], ...}}``."""
    formatted: dict[str, Any] = {"_errors": []}
    for path, message in issues:
        node = formatted
        for part in path:
            node = node.setdefault(str(part), {"_errors": []})
        node["_errors"].append(message)
    return formatted


def parse_problem(problem: str) -> Issue:
    """A ``ToolValidationError`` problem (``"a.0.b: message"``) as a path and a message."""
    where, sep, message = problem.partition(": ")
    if not sep:
        return [], problem
    if where == "(root)":
        return [], message
    return [int(p) if p.isdigit() else p for p in where.split(".")], message


def openai_spec(parameters: dict[str, Any], layer: Layer) -> dict[str, Any]:
    """The input JSON schema as the layer sends it: optional fields required and nullable
    (a field with a non-null default stays optional for the plain OpenAI layer)."""
    out = copy.deepcopy(parameters)
    _nullable_fields(out, layer, 0)
    return out


def _nullable_fields(schema: Any, layer: Layer, depth: int) -> None:
    if not isinstance(schema, dict) or depth > 64:
        return
    for defs_key in ("$defs", "definitions"):
        for sub in (schema.get(defs_key) or {}).values():
            _nullable_fields(sub, layer, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key) or []:
            _nullable_fields(sub, layer, depth + 1)
    _nullable_fields(schema.get("items"), layer, depth + 1)
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    required = list(schema.get("required") or [])
    for name, prop in properties.items():
        _nullable_fields(prop, layer, depth + 1)
        if name in required or not isinstance(prop, dict):
            continue
        if prop.get("default") is not None and layer == "openai":
            continue
        prop.pop("default", None)
        if not _allows_null(prop):
            properties[name] = _with_null(prop)
        required.append(name)
    schema["required"] = required


def _allows_null(schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    members = schema.get("anyOf") or schema.get("oneOf") or []
    return any(isinstance(m, dict) and m.get("type") == "null" for m in members)


def _with_null(schema: dict[str, Any]) -> dict[str, Any]:
    kinds = schema.get("type")
    if isinstance(kinds, str) and set(schema) <= {"type", "description", "title"}:
        return {**schema, "type": [kinds, "null"]}
    outer: dict[str, Any] = {k: schema[k] for k in ("description", "title") if k in schema}
    inner = {k: v for k, v in schema.items() if k not in outer}
    return {"anyOf": [inner, {"type": "null"}], **outer}


# Mastra 1.x (@mastra/schema-compat 1.x, `OpenAISchemaCompatLayer`)
#
# The 1.x layer applies to non-reasoning models whose provider or model id names "openai" (or
# whose provider names "groq"). The JSON schema it sends is the zod schema's, post-processed
# node by node: an object gets `additionalProperties: false` (so a `z.record` goes out as a
# bare object: its value schema is dropped) and loses `propertyNames`; a node with neither a
# `type` nor an `anyOf` (a discriminated union's `oneOf`) is wrapped nullable; every property
# the object does not require is made required and nullable and listed in `x-optional`. The
# arguments are then walked along that schema (an `x-optional` property that is null becomes
# undefined, so a `.default(v)` field gets v) and checked by the tool's own, original schema.


def compat_layer_1x(provider: str, model_id: str) -> bool:
    """Whether Mastra 1.x's OpenAI schema layer applies to an agent's tools for this model."""
    provider, model_id = provider or "", model_id or ""
    if any(tag in model_id for tag in ("o1", "o3", "o4")):
        return False  # the reasoning layer (not emulated)
    return "openai" in provider or "openai" in model_id or "groq" in provider


def openai_spec_1x(parameters: dict[str, Any]) -> dict[str, Any]:
    """The input JSON schema as Mastra 1.x's OpenAI layer sends it (see above)."""
    out = copy.deepcopy(parameters)
    _post_process_1x(out, out, 0)
    return out


def _post_process_1x(schema: Any, root: dict[str, Any], depth: int) -> None:
    if not isinstance(schema, dict) or depth > 64:
        return
    for defs_key in ("$defs", "definitions"):
        for sub in (schema.get(defs_key) or {}).values():
            _post_process_1x(sub, root, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key) or []:
            _post_process_1x(sub, root, depth + 1)
    items = schema.get("items")
    _post_process_1x(items, root, depth + 1)
    if isinstance(items, dict) and _typeless(items, root):
        schema["items"] = {"anyOf": [items, {"type": "null"}]}
    for prop in (schema.get("properties") or {}).values():
        _post_process_1x(prop, root, depth + 1)
    if not _is_object(schema):
        return
    schema["additionalProperties"] = False
    schema.pop("propertyNames", None)
    properties = schema.get("properties")
    required = list(schema.get("required") or [])
    if isinstance(properties, dict):
        optional = [k for k in properties if k not in required]
        for name, prop in properties.items():
            if not isinstance(prop, dict):
                continue
            if name in optional:
                if not _allows_null(_resolve(prop, root)):
                    properties[name] = _with_null(prop)
            elif _typeless(prop, root):
                properties[name] = {"anyOf": [prop, {"type": "null"}]}
        if optional:
            schema["x-optional"] = [*(schema.get("x-optional") or []), *optional]
        required.extend(optional)
    schema["required"] = required


def _is_object(schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    return kinds == "object" or (isinstance(kinds, list) and "object" in kinds)


def _typeless(schema: dict[str, Any], root: dict[str, Any]) -> bool:
    """A node Mastra 1.x wraps nullable: no `type` and no `anyOf` (after a `$ref`)."""
    target = _resolve(schema, root)
    return bool(target) and "type" not in target and "anyOf" not in target


def nulls_to_undefined(args: Any, sent: dict[str, Any]) -> Any:
    """The arguments as Mastra 1.x's OpenAI layer hands them to the tool's own check: walked
    along the schema it sent (`openai_spec_1x`), an `x-optional` property that is null is
    left out (so the tool's default, if any, applies). `args` is not changed."""
    return _traverse_1x(copy.deepcopy(args), sent, sent, 0)


def _traverse_1x(value: Any, schema: Any, root: dict[str, Any], depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 64:
        return value
    resolved = _resolve_any_of(_resolve(schema, root), value, root)
    kinds = resolved.get("type")
    kind_list = kinds if isinstance(kinds, list) else [kinds]
    if "array" in kind_list:
        if not isinstance(value, list):
            return value
        items = resolved.get("items")
        return [_traverse_1x(item, items, root, depth + 1) for item in value]
    if "object" not in kind_list:
        return value
    properties = resolved.get("properties")
    if not isinstance(properties, dict) or not isinstance(value, dict) or not value:
        return value
    optional = resolved.get("x-optional") or []
    for key in list(value):
        if key in optional and value[key] is None:
            del value[key]
        elif key in properties:
            value[key] = _traverse_1x(value[key], properties[key], root, depth + 1)
    return value


def _resolve_any_of(schema: dict[str, Any], value: Any, root: dict[str, Any]) -> dict[str, Any]:
    """The `anyOf` member matching the value's JSON type (an integer also matches "number"),
    else the first non-null member, merged over the schema; the schema if it has no anyOf."""
    members = schema.get("anyOf")
    if not isinstance(members, list):
        return schema
    options = [m for m in (_resolve(o, root) for o in members) if m and m.get("type") != "null"]
    kind = _json_kind(value)
    if kind is not None:
        for wanted in (kind, "number") if kind == "integer" else (kind,):
            for option in options:
                kinds = option.get("type")
                if wanted in (kinds if isinstance(kinds, list) else [kinds]):
                    return {**schema, **option}
    return {**schema, **options[0]} if options else schema


def _json_kind(value: Any) -> str | None:
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return None
