"""Normalising what the two sides sent the model, so only meaningful differences remain.

JSON schemas: `$schema`, `$id`, `title` and `additionalProperties: false` are dropped (zod and
pydantic disagree on them, the model does not care); `$ref`s are inlined from `$defs`;
`required` is sorted; `const: x` becomes `enum: [x]`; a nullable type (`type: [T, "null"]`,
`anyOf: [T, {type: null}]`, `nullable: true`) becomes `T` with `nullable: true`; `default: null`
is dropped; key order never matters. Mastra rewrites schemas for OpenAI models: tool schemas get
their constraints moved into the description as "constraints: ..." and optional properties sent
as required and nullable (listed in `x-optional`); 1.x strict structured output gets them as
"Who (minimum length 1)" or a bare "greater than or equal to 0, lower than or equal to 1".
The Anthropic SDK's schema transform (pydantic-ai's native structured output for newer Claude
models) appends "{minimum: 0, maximum: 30}" to the description; read back the same way.
Constraints are read back into the keywords they came from (`minItems`, `minimum`, `format`,
`pattern` ...), so a description-encoded bound equals the same keyword bound and a changed bound
still differs; a nullable or `x-optional` property counts as optional.
A string `format` (email, uri, uuid, date-time ...) makes a `pattern` beside it redundant.
Everything else (types, descriptions, enums, bounds, formats, defaults) is kept, so a changed or
dropped field shows up.
Settings: `max_tokens`, `max_completion_tokens` and `max_output_tokens` are one setting (the mock
server already maps them). Tool call ids, response ids and timestamps are ignored.
Anthropic requires `max_tokens`, so both clients send one when the app sets none: the model's
maximum output, from each client's own table (both 4096 for claude-3-5, 64000 for
claude-sonnet-4-5; 32000 vs 4096 for claude-opus-4-1). On `/v1/messages` a `max_tokens` equal
to either client's default for the request's model (`anthropic_default_max_tokens`) is dropped;
any other value is the app's and stays. Cache-control markers, `disable_parallel_tool_use` and the tool-choice
shape (`auto`/`any`/`tool`) never reach the view: the mock server's parser reads the
Messages API into the same view as the OpenAI wires, with a forced output tool (`json`,
`final_result`) and `output_config.format` both as the request's output schema.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lumosai.agent.delegation_view import delegation_view
from lumosai.llm.messages import Message
from lumosai.processors.judge_requests import judge_view

#: what the AI SDK (@ai-sdk/anthropic's model table) and pydantic-ai send as `max_tokens` when
#: the app sets none (each model's maximum output, pydantic-ai's 16384 for unknown models);
#: used when the request names no model
ANTHROPIC_DEFAULT_MAX_TOKENS = {4096, 8192, 16384, 32000, 64000, 128000}
#: @ai-sdk/anthropic's `getModelCapabilities` (Mastra 1.71): model-id part -> max output
AISDK_ANTHROPIC_MAX_OUTPUT: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"claude-(?:opus-5|opus-4-[678]|fable-5|sonnet-5|sonnet-4-6)"), 128000),
    (re.compile(r"claude-(?:sonnet-4-5|opus-4-5|haiku-4-5)"), 64000),
    (re.compile(r"claude-opus-4-1"), 32000),
    (re.compile(r"claude-sonnet-4-"), 64000),
    (re.compile(r"claude-opus-4-"), 32000),
    (re.compile(r"claude-3-haiku|claude-(?:instant(?:-|$)|v?2(?=$|[-.:])|3(?=$|[-.]))"), 4096),
    (re.compile(r"claude-"), 128000),
]


def anthropic_default_max_tokens(model: str | None) -> set[int]:
    """The `max_tokens` the AI SDK and pydantic-ai send for `model` when the app sets none."""
    if not model:
        return ANTHROPIC_DEFAULT_MAX_TOKENS
    aisdk = next((n for p, n in AISDK_ANTHROPIC_MAX_OUTPUT if p.search(model)), 4096)
    try:
        from pydantic_ai.profiles.anthropic import anthropic_model_profile

        profile: Any = anthropic_model_profile(model) or {}
    except ImportError:  # pragma: no cover - pydantic-ai is a base dependency
        profile = {}
    if profile.get("anthropic_rejects_max_tokens_beyond_context_window"):
        ours = 4096
    else:
        ours = int(profile.get("anthropic_max_output_tokens") or 16384)
    return {aisdk, ours}


DROPPED_KEYS = {"$schema", "$id", "title", "strict"}
MAX_DEPTH = 30
#: Mastra's schema-compat layers move JSON-schema constraints into descriptions, in three forms
#: (@mastra/schema-compat 0.11 and 1.3): tool schemas get "Who\nconstraints: a valid email,
#: maximum length 5"; 1.x OpenAI strict structured output (`prepareJsonSchemaForOpenAIStrictMode`)
#: gets "Who (a valid email, maximum length 5)", or just "a valid email, maximum length 5" when
#: the node had no description. Each phrase is read back into the keyword it came from.
CONSTRAINT_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^exact length (\d+)$"), "exact"),
    (re.compile(r"^minimum length (\d+)$"), "min_len"),
    (re.compile(r"^maximum length (\d+)$"), "max_len"),
    (re.compile(r"^all items must be unique$"), "unique"),
    (re.compile(r"^a valid (\S+)$"), "format"),
    (re.compile(r"^(?:format: |Date format is )(\S+)$"), "format"),
    (re.compile(r"^greater than or equal to (\S+)$"), "minimum"),
    (re.compile(r"^lower than or equal to (\S+)$"), "maximum"),
    (re.compile(r"^greater than (\S+)$"), "exclusiveMinimum"),
    (re.compile(r"^lower than (\S+)$"), "exclusiveMaximum"),
    (re.compile(r"^multiple of (\S+)$"), "multipleOf"),
    (re.compile(r"^the default value is (.*)$", re.S), "default"),
]
#: "input must match this regex P" takes the rest of the list: P may contain ", "
REGEX_PHRASE = "input must match this regex "
CONSTRAINTS = re.compile(r"(?:^|\n)constraints: (.*)$", re.S)
#: zod 3's check names in "a valid <kind>" that differ from the JSON-schema format
ZOD_KIND_FORMATS = {"url": "uri", "datetime": "date-time"}
JS_REGEX = re.compile(r"^/(.*)/([dgimsuyv]*)$", re.S)
FORMATS_WITHOUT_PATTERN = {"email", "emoji", "uri", "uuid", "date-time", "date", "time"}


def _number(text: str) -> Any:
    """A JavaScript number's text (`5`, `0.05`, `1e+21`) as a JSON number; None if it is not."""
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**63 else value


def _split_phrases(text: str) -> list[str]:
    """`a, b, input must match this regex x, y` -> [a, b, input must match this regex x, y]."""
    head, regex = text, ""
    if text.startswith(REGEX_PHRASE):
        head, regex = "", text
    elif ", " + REGEX_PHRASE in text:
        at = text.index(", " + REGEX_PHRASE)
        head, regex = text[:at], text[at + 2 :]
    phrases = head.split(", ") if head else []
    return [*phrases, regex] if regex else phrases


def _js_pattern(text: str) -> str:
    """zod 4's RegExp prints as `/src/flags`; the converter writes `(?flags)src`."""
    match = JS_REGEX.match(text)
    if match is None:
        return text
    flags = "".join(f for f in match.group(2) if f in "ims")
    return (f"(?{flags})" if flags else "") + match.group(1)


def _default(text: str) -> Any:
    """`${value}` of a scalar default read back (`true`, `3`, `metric`)."""
    if text in ("true", "false"):
        return text == "true"
    number = _number(text)
    return text if number is None else number


def _read_phrase(phrase: str, is_array: bool) -> dict[str, Any] | None:
    """The keywords one constraint phrase stands for; None if it is not one."""
    if phrase.startswith(REGEX_PHRASE):
        return {"pattern": _js_pattern(phrase[len(REGEX_PHRASE) :])}
    for pattern, key in CONSTRAINT_PHRASES:
        found = pattern.match(phrase)
        if found is None:
            continue
        value = found.group(1) if pattern.groups else None
        low, high = ("minItems", "maxItems") if is_array else ("minLength", "maxLength")
        if key == "unique":
            return {"uniqueItems": True}
        if key == "format":
            return {"format": ZOD_KIND_FORMATS.get(str(value), value)}
        if key == "default":
            return {"default": _default(str(value))}
        number = _number(str(value))
        if number is None:
            return None
        if key == "exact":
            return {low: number, high: number}
        if key == "min_len":
            return {low: number}
        if key == "max_len":
            return {high: number}
        return {key: number}
    return None


def _read_phrases(text: str, is_array: bool) -> tuple[dict[str, Any], list[str]]:
    """(keywords, phrases that are not constraints) of a ", "-joined constraint list."""
    keywords: dict[str, Any] = {}
    unknown: list[str] = []
    for phrase in _split_phrases(text.strip()):
        found = _read_phrase(phrase.strip(), is_array)
        if found is None:
            unknown.append(phrase)
        else:
            keywords.update(found)
    return keywords, unknown


def _strict_output_form(description: str, is_array: bool) -> tuple[str, dict[str, Any]] | None:
    """(description, keywords) of "Who (c1, c2)" or "c1, c2" when every phrase is a constraint
    (a description that merely ends in parentheses is left alone)."""
    keywords, unknown = _read_phrases(description, is_array)
    if keywords and not unknown:
        return "", keywords
    if not description.endswith(")"):
        return None
    at = description.rfind(" (")
    while at > 0:
        keywords, unknown = _read_phrases(description[at + 2 : -1], is_array)
        if keywords and not unknown:
            return description[:at].strip(), keywords
        at = description.rfind(" (", 0, at)
    return None


def _is_array(schema: dict[str, Any]) -> bool:
    """Whether "minimum length" on this node counts items. Mastra puts an optional array's
    constraints on the `anyOf: [{type: array}, {type: null}]` wrapper, beside no `type`."""
    kind = schema.get("type")
    if kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in schema:
        return True
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list):
            real = [o for o in options if isinstance(o, dict) and o.get("type") != "null"]
            if real and all(_is_array(o) for o in real):
                return True
    return False


#: The Anthropic SDK's `transform_schema` (pydantic-ai's strict Anthropic schemas, e.g. native
#: structured output on claude-sonnet-4-5) moves keywords Anthropic rejects into the
#: description as "Who\n\n{minimum: 0, maximum: 30}" (Python `str` of each value).
ANTHROPIC_MOVED = re.compile(r"(?:^|\n\n)\{((?:[A-Za-z]+: .*)?)\}$", re.S)
ANTHROPIC_KEYWORDS = (
    "minimum|maximum|exclusiveMinimum|exclusiveMaximum|multipleOf|minLength|maxLength|"
    "pattern|format|minItems|maxItems|uniqueItems|minProperties|maxProperties|default"
)
ANTHROPIC_ENTRY = re.compile(rf"(?:^|, )({ANTHROPIC_KEYWORDS}): ")


def _python_value(text: str) -> Any:
    """A value as Python's `str` printed it: True/False, a number, else the text."""
    if text in ("True", "False"):
        return text == "True"
    number = _number(text)
    return text if number is None else number


def _anthropic_moved(description: str) -> tuple[str, dict[str, Any]] | None:
    """(description, keywords) of a description ending in the Anthropic SDK's moved keywords."""
    match = ANTHROPIC_MOVED.search(description)
    if match is None or not match.group(1):
        return None
    body = match.group(1)
    starts = list(ANTHROPIC_ENTRY.finditer(body))
    if not starts or starts[0].start() != 0:
        return None
    keywords: dict[str, Any] = {}
    for entry, following in zip(starts, [*starts[1:], None], strict=True):
        value = body[entry.end() : following.start() if following else len(body)]
        keywords[entry.group(1)] = _python_value(value)
    return description[: match.start()].strip(), keywords


def restore_constraints(schema: dict[str, Any]) -> dict[str, Any]:
    """Undo Mastra's description-embedded constraints (see CONSTRAINT_PHRASES) and the
    Anthropic SDK's (see ANTHROPIC_MOVED)."""
    description = schema.get("description")
    if not isinstance(description, str):
        return schema
    moved = _anthropic_moved(description)
    if moved is not None:
        rest, keywords = moved
        out = {k: v for k, v in schema.items() if k != "description"}
        if rest:
            out["description"] = rest
        return {**out, **keywords}
    is_array = _is_array(schema)
    match = CONSTRAINTS.search(description)
    if match is not None:
        keywords, unknown = _read_phrases(match.group(1), is_array)
        rest = description[: match.start()].strip()
        if unknown:  # kept, so what the Lumos side lacks still shows up
            rest = (rest + "\n" if rest else "") + "constraints: " + ", ".join(unknown)
    else:
        found = _strict_output_form(description, is_array)
        if found is None:
            return schema
        rest, keywords = found
    out = dict(schema)
    if rest:
        out["description"] = rest
    else:
        out.pop("description")
    out.update(keywords)
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
    path = str(getattr(request, "path", "") or "")
    if path.endswith("/messages") and "max_tokens" in settings:
        body = getattr(request, "body", None)
        model = body.get("model") if isinstance(body, dict) else None
        if settings["max_tokens"] in anthropic_default_max_tokens(model):
            settings.pop("max_tokens")  # the client's default, not the app's (see module doc)
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
    # a guardrail judge's request: which judge, on what, with what schema (not its wording);
    # the parameters a runtime adds to delegation tools (agent-*, workflow-*): names and types
    return judge_view(delegation_view(view))
