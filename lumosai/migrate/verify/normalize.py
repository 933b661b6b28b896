"""Normalising what the two sides sent the model, so only meaningful differences remain.

JSON schemas: `$schema`, `$id`, `title` and `additionalProperties: false` are dropped (zod and
pydantic disagree on them, the model does not care); `$ref`s are inlined from `$defs`;
`required` is sorted; `const: x` becomes `enum: [x]`; a nullable type (`type: [T, "null"]`,
`anyOf: [T, {type: null}]`, `nullable: true`) becomes `T` with `nullable: true`; `default: null`
is dropped; key order never matters. Mastra rewrites tool schemas for OpenAI models (constraints
moved into the description as "constraints: ...", optional properties sent as required and
nullable, listed in `x-optional`): constraints are read back into keywords, and a nullable or
`x-optional` property counts as optional.
A string `format` (email, uri, uuid, date-time ...) makes a `pattern` beside it redundant. Everything else (types, descriptions, enums, bounds,
formats, defaults) is kept, so a changed or dropped field shows up.
Settings: `max_tokens`, `max_completion_tokens` and `max_output_tokens` are one setting (the mock
server already maps them). Tool call ids, response ids and timestamps are ignored.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lumosai.llm.messages import Message
from lumosai.processors.judge_requests import judge_view

DROPPED_KEYS = {"$schema", "$id", "title", "strict"}
MAX_DEPTH = 30
#: Mastra's schema-compat layer (OpenAI models) moves constraints into the description as
#: "constraints: minimum length 1, a valid email"; these read them back into keywords.
CONSTRAINT_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^exact length (\S+)$"), "exact"),
    (re.compile(r"^minimum length (\S+)$"), "min_len"),
    (re.compile(r"^maximum length (\S+)$"), "max_len"),
    (re.compile(r"^a valid (\S+)$"), "format"),
    (re.compile(r"^input must match this regex (.+)$"), "pattern"),
    (re.compile(r"^greater than or equal to (\S+)$"), "minimum"),
    (re.compile(r"^lower than or equal to (\S+)$"), "maximum"),
    (re.compile(r"^greater than (\S+)$"), "exclusiveMinimum"),
    (re.compile(r"^lower than (\S+)$"), "exclusiveMaximum"),
    (re.compile(r"^multiple of (\S+)$"), "multipleOf"),
]
CONSTRAINTS = re.compile(r"(?:^|\n)constraints: (.*)$", re.S)
FORMATS_WITHOUT_PATTERN = {"email", "emoji", "uri", "uuid", "date-time", "date", "time"}


def _number(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def restore_constraints(schema: dict[str, Any]) -> dict[str, Any]:
    """Undo Mastra's description-embedded constraints (see CONSTRAINT_PHRASES)."""
    description = schema.get("description")
    if not isinstance(description, str):
        return schema
    match = CONSTRAINTS.search(description)
    if match is None:
        return schema
    out = dict(schema)
    rest = description[: match.start()].strip()
    if rest:
        out["description"] = rest
    else:
        out.pop("description")
    kind = schema.get("type")
    is_array = kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in schema
    for phrase in match.group(1).split(", "):
        for pattern, key in CONSTRAINT_PHRASES:
            found = pattern.match(phrase.strip())
            if found is None:
                continue
            value = found.group(1)
            if key == "exact":
                low, high = ("minItems", "maxItems") if is_array else ("minLength", "maxLength")
                out[low] = out[high] = _number(value)
            elif key == "min_len":
                out["minItems" if is_array else "minLength"] = _number(value)
            elif key == "max_len":
                out["maxItems" if is_array else "maxLength"] = _number(value)
            elif key in ("format", "pattern"):
                out[key] = value
            else:
                out[key] = _number(value)
            break
    return out


def normalize_schema(schema: Any, root: dict[str, Any] | None = None, depth: int = 0) -> Any:
    if isinstance(schema, list):
        return [normalize_schema(item, root, depth + 1) for item in schema]
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return schema
    root = root if root is not None else schema
    schema = restore_constraints(schema)
    if "$ref" in schema and isinstance(schema["$ref"], str):
        name = schema["$ref"].rsplit("/", 1)[-1]
        defs = root.get("$defs") or root.get("definitions") or {}
        target = dict(defs.get(name, {}))
        extra = {k: v for k, v in schema.items() if k != "$ref"}
        return normalize_schema({**target, **extra}, root, depth + 1)
    out: dict[str, Any] = {}
    nullable = bool(schema.get("nullable"))
    for key, value in schema.items():
        if key in DROPPED_KEYS or key in ("$defs", "definitions", "nullable"):
            continue
        if key == "additionalProperties" and value is False:
            continue
        if key == "default" and value is None:
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: normalize_schema(v, root, depth + 1) for k, v in value.items()}
        elif key == "required" and isinstance(value, list):
            if value:
                out[key] = sorted(value)
        elif key == "const":
            out["enum"] = [value]
        elif key == "type" and isinstance(value, list):
            kinds = [k for k in value if k != "null"]
            nullable = nullable or len(kinds) < len(value)
            out[key] = kinds[0] if len(kinds) == 1 else sorted(kinds)
        elif key in ("anyOf", "oneOf") and isinstance(value, list):
            options = [o for o in value if not (isinstance(o, dict) and o.get("type") == "null")]
            nullable = nullable or len(options) < len(value)
            if len(options) == 1:
                merged = normalize_schema(options[0], root, depth + 1)
                if isinstance(merged, dict):
                    nullable = nullable or bool(merged.pop("nullable", False))
                    for k, v in merged.items():
                        out.setdefault(k, v)
            else:
                out[key] = [normalize_schema(o, root, depth + 1) for o in options]
        else:
            out[key] = normalize_schema(value, root, depth + 1)
    if out.get("format") in FORMATS_WITHOUT_PATTERN:
        out.pop("pattern", None)  # zod adds its own regex to formats, pydantic does not
    properties = out.get("properties")
    marked = out.pop("x-optional", None)  # Mastra's list of optional properties
    if isinstance(properties, dict) and "required" in out:
        # optional == nullable-and-required (OpenAI strict mode, as Mastra sends it)
        optional = {k for k, v in properties.items() if isinstance(v, dict) and v.get("nullable")}
        optional |= set(marked) if isinstance(marked, list) else set()
        required = [k for k in out["required"] if k not in optional]
        if required:
            out["required"] = required
        else:
            out.pop("required")
    if isinstance(properties, dict):
        for value in properties.values():
            if isinstance(value, dict):
                value.pop("nullable", None)
    if nullable:
        out["nullable"] = True
    return out


def maybe_json(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "[", '"') or text in ("true", "false", "null"):
            try:
                return json.loads(text)
            except ValueError:
                return value
    return value


def normalize_message(message: Message) -> dict[str, Any]:
    view: dict[str, Any] = {"role": message.role}
    content = message.content if isinstance(message.content, str) else str(message.content)
    if content.strip():
        view["content"] = content.strip()
    if message.tool_calls:
        view["tool_calls"] = [{"name": c.name, "args": c.args} for c in message.tool_calls]
    if message.tool_results:
        view["tool_results"] = [
            {"name": r.name, "result": maybe_json(r.result)} for r in message.tool_results
        ]
    return view


def merge_turns(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tool exchanges between two texts as one assistant call list and one result list.

    The wires split steps differently: chat completions alternate assistant/tool per step, the
    Responses API has no step boundary, and Mastra 0.x sends all calls before all results.
    The model sees the same calls and results either way.
    """
    out: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []

    def flush() -> None:
        if calls:
            out.append({"role": "assistant", "tool_calls": list(calls)})
        if results:
            out.append({"role": "tool", "tool_results": list(results)})
        calls.clear()
        results.clear()

    for message in messages:
        is_call = message["role"] == "assistant" and "tool_calls" in message
        if is_call and "content" in message:
            flush()
            out.append({"role": "assistant", "content": message["content"]})
            calls.extend(message["tool_calls"])
        elif is_call:
            calls.extend(message["tool_calls"])
        elif message["role"] == "tool":
            results.extend(message.get("tool_results", []))
        else:
            flush()
            out.append(dict(message))
    flush()
    return out


def request_view(request: Any) -> dict[str, Any]:
    """One model request as comparable data: system, messages, tools, settings, output."""
    model_request = getattr(request, "model_request", None)
    messages: list[Message] = list(model_request.messages) if model_request else []
    system = "\n\n".join(
        (m.content if isinstance(m.content, str) else str(m.content)).strip()
        for m in messages
        if m.role == "system"
    )
    convo = merge_turns([normalize_message(m) for m in messages if m.role != "system"])
    tools = {
        t.get("name", ""): {
            "description": (t.get("description") or "").strip(),
            "parameters": normalize_schema(t.get("parameters") or {}),
        }
        for t in (model_request.tools if model_request else [])
    }
    settings = dict(model_request.settings) if model_request else {}
    output = None
    if model_request is not None and model_request.output is not None:
        output = normalize_schema(model_request.output.json_schema)
    choice = model_request.tool_choice if model_request else None
    view = {
        "system": system,
        "messages": convo,
        "tools": tools,
        "settings": settings,
        "tool_choice": None if choice in (None, "auto") else choice,
        "output": output,
        "path": getattr(request, "path", ""),
    }
    # a guardrail judge's request: which judge, on what, with what schema (not its wording)
    return judge_view(view)
