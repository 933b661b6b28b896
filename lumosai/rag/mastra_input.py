"""The query tools' input as Mastra parses it, per era, and Mastra's answer when it does not parse.

`createVectorQueryTool`/`createGraphRAGTool` declare `{queryText: z.string(), topK:
z.coerce.number(), filter?: z.coerce.string()}` (zod 3 in Mastra 0.x, zod 4 in 1.x). A converted
app's tool (``mastra_era`` set) parses the same way, JavaScript coercions included, and hands the
model Mastra's `{error: true, message, validationErrors}` object with the era's zod messages, so
what the model reads after a bad call is what it read on Mastra.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

Issue = tuple[str, str]  # (field, message)

_JS_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def js_number(value: Any, present: bool = True) -> float:
    """JavaScript's `Number(value)` for JSON data (`present=False`: undefined)."""
    if not present:
        return math.nan
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        if text in ("Infinity", "+Infinity", "-Infinity"):
            return -math.inf if text.startswith("-") else math.inf
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
            return float(int(text, 16))
        return float(text) if _JS_NUMBER.fullmatch(text) else math.nan
    if isinstance(value, list):
        return js_number(js_string(value)) if len(value) <= 1 else math.nan
    return math.nan


def js_string(value: Any) -> str:
    """JavaScript's `String(value)` for JSON data."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return ",".join("" if v is None else js_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _received(value: Any, present: bool, era: str) -> str:
    if not present:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        if math.isnan(value):
            return "NaN" if era == "1.x" else "nan"
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def parse_input(
    args: dict[str, Any], enable_filter: bool, era: str
) -> tuple[dict[str, Any], list[Issue]]:
    """(parsed arguments, problems) as the era's zod schema gives them."""
    issues: list[Issue] = []
    data = dict(args) if not enable_filter else {}
    text, has_text = args.get("queryText"), "queryText" in args
    if isinstance(text, str):
        data["queryText"] = text
    elif era == "0.x" and not has_text:
        issues.append(("queryText", "Required"))
    else:
        kind = _received(text, has_text, era)
        prefix = "Invalid input: expected" if era == "1.x" else "Expected"
        issues.append(("queryText", f"{prefix} string, received {kind}"))
    number = js_number(args.get("topK"), "topK" in args)
    if math.isnan(number):
        message = "Invalid input: expected number, received NaN"
        issues.append(("topK", message if era == "1.x" else "Expected number, received nan"))
    else:
        data["topK"] = int(number) if number.is_integer() else number
    if enable_filter:
        if "filter" in args:
            data["filter"] = js_string(args["filter"])
        elif era == "1.x":
            issues.append(("filter", "Invalid input: expected nonoptional, received undefined"))
        else:
            data["filter"] = "undefined"  # zod 3's coerce: String(undefined)
    return data, issues


def validation_error(era: str, name: str, issues: list[Issue], args: Any) -> dict[str, Any]:
    """Mastra's tool result for arguments that do not parse (`name`: the key the agent gave
    the tool, which Mastra's agent names in the message)."""
    lines = "\n".join(f"- {field}: {message}" for field, message in issues)
    shown = json.dumps(args, indent=2, ensure_ascii=False)
    errors: dict[str, Any]
    if era == "1.x":
        if len(shown) > 200:
            shown = shown[:200] + "... (truncated)"
        head = f"Tool input validation failed for {name}"
        errors = {"errors": [], "fields": {}}
        for field, message in issues:
            errors["fields"].setdefault(field, {"errors": [], "fields": {}})["errors"].append(
                message
            )
    else:
        head = f"Tool validation failed for {name}"
        errors = {"_errors": []}
        for field, message in issues:
            errors.setdefault(field, {"_errors": []})["_errors"].append(message)
    message = (
        f"{head}. Please fix the following errors and try again:\n{lines}\n\n"
        f"Provided arguments: {shown}"
    )
    return {"error": True, "message": message, "validationErrors": errors}
