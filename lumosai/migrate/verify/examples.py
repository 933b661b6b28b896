"""Schema-valid example values, from the IR's zod schemas or from JSON schemas.

Default scenarios call every tool with example arguments and start every workflow with example
input; the values must pass validation on both sides, so checks (`min`, `length`, formats,
`regex`) are honoured and defaults and first enum members are preferred.
"""

from __future__ import annotations

import re
from typing import Any

from lumosai.migrate.ir import (
    ArrayValue,
    LiteralValue,
    NamedSchema,
    ObjectValue,
    Value,
    ZodSchema,
)
from lumosai.migrate.verify.regex_sample import sample_for_pattern

STRINGS = ("Paris", "example", "en", "a", "1", "abc-123", "user@example.com")
FORMATS = {
    "datetime": "2024-01-01T00:00:00Z",
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "email": "user@example.com",
    "url": "https://example.com",
    "uri": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "cuid": "cjld2cjxh0000qzrmn831i7rn",
    "ip": "127.0.0.1",
    "ipv4": "127.0.0.1",
    "emoji": "🙂",
}
MAX_DEPTH = 8


def literal_of(value: Value | None) -> Any:
    """The plain data of a static IR value, or `...` when it is not static."""
    if isinstance(value, LiteralValue):
        return None if value.undefined else value.value
    if isinstance(value, ArrayValue):
        items = [literal_of(v) for v in value.items]
        return ... if any(i is ... for i in items) else items
    if isinstance(value, ObjectValue):
        if value.spreads:
            return ...
        out = {p.key: literal_of(p.value) for p in value.properties}
        return ... if any(v is ... for v in out.values()) else out
    return ...


def _check_number(schema: ZodSchema, name: str) -> float | None:
    for check in schema.checks:
        if check.name == name and check.args:
            value = literal_of(check.args[0])
            if isinstance(value, int | float):
                return value
    return None


def _has_check(schema: ZodSchema, name: str) -> bool:
    return any(check.name == name for check in schema.checks)


def fit_string(
    low: int = 0, high: int = 10_000, pattern: str | None = None, fmt: str | None = None
) -> str:
    """A string meeting length bounds, a regex and a format (first candidate that fits)."""
    if fmt in FORMATS and not pattern:
        return FORMATS[fmt]
    for candidate in STRINGS:
        text = candidate[:high] + "x" * max(0, low - len(candidate))
        if low <= len(text) <= high and (not pattern or re.search(pattern, text)):
            return text
    sample = sample_for_pattern(pattern) if pattern else None
    if sample is not None and low <= len(sample) <= high:
        return sample
    return "x" * max(1, low)


class ZodExamples:
    """Example values for IR zod schemas; named schemas (`ref`) resolve through the project."""

    def __init__(self, named: list[NamedSchema]) -> None:
        self.named = {s.id: s.schema_ for s in named}
        self.by_name = {s.name: s.schema_ for s in named}

    def example(self, schema: ZodSchema | None, depth: int = 0) -> Any:
        if schema is None or depth > MAX_DEPTH:
            return None
        if schema.has_default:
            value = literal_of(schema.default)
            if value is not ...:
                return value
        kind = schema.kind
        if kind == "ref":
            target = self.named.get(schema.ref or "") or self.by_name.get(schema.name or "")
            return self.example(target, depth + 1)
        if kind == "object":
            return {f.name: self.example(f.schema_, depth + 1) for f in schema.fields}
        if kind == "string":
            return self._string(schema)
        if kind in ("number", "bigint"):
            return self._number(schema)
        if kind == "boolean":
            return True
        if kind in ("enum", "nativeEnum"):
            return schema.values[0] if schema.values else "a"
        if kind == "literal":
            return schema.literal
        if kind in ("array", "set"):
            count = int(_check_number(schema, "min") or _check_number(schema, "length") or 1)
            return [self.example(schema.element, depth + 1) for _ in range(max(1, count))]
        if kind == "tuple":
            return [self.example(o, depth + 1) for o in schema.options]
        if kind in ("record", "map"):
            return {"key": self.example(schema.element, depth + 1)}
        if kind in ("union", "discriminatedUnion"):
            options = [o for o in schema.options if o.kind not in ("null", "undefined")]
            chosen = options or schema.options
            return self.example(chosen[0] if chosen else None, depth + 1)
        if kind == "intersection":
            merged: dict[str, Any] = {}
            for option in schema.options:
                value = self.example(option, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        if kind == "date":
            return "2024-01-01T00:00:00Z"
        if kind in ("null", "undefined", "void"):
            return None
        if kind in ("lazy", "promise", "pipe", "effects", "preprocess"):
            return self.example(schema.element, depth + 1)
        return "example"

    def _string(self, schema: ZodSchema) -> str:
        length = _check_number(schema, "length")
        low = int(length if length is not None else _check_number(schema, "min") or 0)
        high = int(length if length is not None else _check_number(schema, "max") or 10_000)
        pattern = None
        for check in schema.checks:
            if check.name == "regex" and check.source:
                match = re.search(r"/(.+)/[a-z]*", check.source)
                pattern = match.group(1) if match else None
        fmt = next((c.name for c in schema.checks if c.name in FORMATS), None)
        if _has_check(schema, "datetime"):
            fmt = "datetime"
        return fit_string(low, high, pattern, fmt)

    def _number(self, schema: ZodSchema) -> float | int:
        low = _check_number(schema, "min")
        if low is None:
            low = _check_number(schema, "gte")
        if low is None and (_has_check(schema, "positive") or _check_number(schema, "gt") == 0):
            low = 1
        high = _check_number(schema, "max")
        if high is None:
            high = _check_number(schema, "lte")
        value: float = 1 if low is None else low
        if high is not None and value > high:
            value = high
        return int(value) if float(value).is_integer() else value


def json_example(schema: dict[str, Any] | None, root: dict[str, Any] | None = None) -> Any:
    """An example value for a JSON schema (structured-output answers of the mock model)."""
    if not isinstance(schema, dict):
        return None
    root = root or schema
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        defs = root.get("$defs") or root.get("definitions") or {}
        return json_example(defs.get(name, {}), root)
    if "default" in schema:
        return schema["default"]
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return json_example(options[0], root)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for option in schema["allOf"]:
            value = json_example(option, root)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        return {name: json_example(sub, root) for name, sub in props.items()}
    if kind == "array":
        count = max(1, int(schema.get("minItems", 1)))
        return [json_example(schema.get("items") or {}, root) for _ in range(count)]
    if kind == "string":
        return fit_string(
            int(schema.get("minLength", 0)),
            int(schema.get("maxLength", 10_000)),
            schema.get("pattern"),
            schema.get("format"),
        )
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
        high = schema.get("maximum", schema.get("exclusiveMaximum", low + 2) - 1)
        value = min(max(1, low), high)
        return int(value) if kind == "integer" else value
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return "example"


#: Mastra's built-in RAG query tools (`@mastra/rag`): their input schema is fixed inside the
#: package, so the IR has none. Example: `{queryText, topK}`, plus `filter` with `enableFilter`.
RAG_QUERY_FACTORIES = ("createVectorQueryTool", "createGraphRAGTool")


def rag_tool_example(factory: str, options: dict[str, Value]) -> dict[str, Any] | None:
    """Schema-valid arguments for a built-in RAG query tool, or None for other factories."""
    if factory not in RAG_QUERY_FACTORIES:
        return None
    args: dict[str, Any] = {"queryText": "Paris", "topK": 3}
    if literal_of(options.get("enableFilter")) is True:
        args["filter"] = "{}"
    return args
