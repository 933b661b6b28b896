"""Normalising what the two sides sent the model, so only meaningful differences remain.

JSON schemas: `$schema`, `$id`, `title` and `additionalProperties: false` are dropped (zod and
pydantic disagree on them, the model does not care); `$ref`s are inlined from `$defs`;
`required` is sorted; `const: x` becomes `enum: [x]`; a nullable type (`type: [T, "null"]`,
`anyOf: [T, {type: null}]`, `nullable: true`) becomes `T` with `nullable: true`; `default: null`
is dropped; key order never matters. Everything else (types, descriptions, enums, bounds,
formats, defaults) is kept, so a changed or dropped field shows up.
Settings: `max_tokens`, `max_completion_tokens` and `max_output_tokens` are one setting (the mock
server already maps them). Tool call ids, response ids and timestamps are ignored.
"""

from __future__ import annotations

import json
from typing import Any

from lumosai.llm.messages import Message

DROPPED_KEYS = {"$schema", "$id", "title", "strict"}
MAX_DEPTH = 30


def normalize_schema(schema: Any, root: dict[str, Any] | None = None, depth: int = 0) -> Any:
    if isinstance(schema, list):
        return [normalize_schema(item, root, depth + 1) for item in schema]
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return schema
    root = root if root is not None else schema
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
    """Adjacent assistant text + tool-call messages as one (the two wires split them apart)."""
    out: list[dict[str, Any]] = []
    for message in messages:
        if out and message["role"] == out[-1]["role"] and message["role"] in ("assistant", "tool"):
            last = out[-1]
            for key in ("tool_calls", "tool_results"):
                if key in message:
                    last[key] = [*last.get(key, []), *message[key]]
            if "content" in message:
                last["content"] = "\n".join(filter(None, [last.get("content"), message["content"]]))
        else:
            out.append(dict(message))
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
    return {
        "system": system,
        "messages": convo,
        "tools": tools,
        "settings": settings,
        "tool_choice": None if choice in (None, "auto") else choice,
        "output": output,
        "path": getattr(request, "path", ""),
    }
