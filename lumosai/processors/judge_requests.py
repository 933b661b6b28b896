"""Telling a guardrail judge's model request apart from an agent's, for tools that compare
two runs (``lumos-migrate verify``).

The LLM-judged processors (prompt injection, moderation, PII, language, system-prompt
scrubbing) ask a tool-less judge for a structured verdict. Mastra's judges and Lumos's ask
with the same answer schema and settings but each library words its own instructions, so a
comparison should see *which* judge ran, on *which* content, with *what* schema and settings,
and not the wording. ``judge_kind`` recognises a request by its answer schema's shape, and
``judge_view`` rewrites a normalised request view (``lumosai.migrate.verify.normalize``) into
that comparable form. The shapes are the answer schemas both libraries use (Lumos's own are
in the processor modules)."""

from __future__ import annotations

import re
from typing import Any

#: kind -> (properties always there, properties a strategy adds, the scored list and its key)
JUDGE_SHAPES: dict[str, tuple[frozenset[str], frozenset[str], tuple[str, str] | None]] = {
    "prompt-injection": (
        frozenset({"categories", "reason"}),
        frozenset({"rewritten_content"}),
        ("categories", "type"),
    ),
    "moderation": (
        frozenset({"category_scores", "reason"}),
        frozenset(),
        ("category_scores", "category"),
    ),
    "pii": (
        frozenset({"categories", "detections"}),
        frozenset({"redacted_content"}),
        ("categories", "type"),
    ),
    "language": (frozenset({"iso_code", "confidence"}), frozenset({"translated_text"}), None),
    "system-prompt": (
        frozenset({"detections", "reason"}),
        frozenset({"redacted_content"}),
        None,
    ),
}
#: the judged text is quoted after this in the prompts of both libraries' judges
CONTENT = re.compile(r'Content: "(.*)"', re.S)
#: keys that are the library's wording or fixed by it, not the app's configuration
WORDING_KEYS = {"description", "minimum", "maximum"}
NO_TOOLS = "<the judge has no tools>"


def _scored_items(schema: dict[str, Any], key: str, name_key: str) -> bool:
    """``{key: [{name_key: enum, score: number}]}``: the scored list every category judge has."""
    items = (schema.get("properties") or {}).get(key, {}).get("items")
    props = items.get("properties") if isinstance(items, dict) else None
    return isinstance(props, dict) and set(props) == {name_key, "score"}


def judge_kind(output: Any, tools: Any = None) -> str | None:
    """The judge (``prompt-injection``, ``moderation``, ``pii``, ``language``,
    ``system-prompt``) whose answer schema ``output`` is, or None. A request with tools is
    never a judge's. Shapes are matched exactly, so an app's own structured output with other
    or more properties is not taken for one."""
    if tools or not isinstance(output, dict) or output.get("type") != "object":
        return None
    props = output.get("properties")
    if not isinstance(props, dict):
        return None
    keys = set(props)
    for kind, (always, extra, scored) in JUDGE_SHAPES.items():
        if not always <= keys or not keys <= always | extra:
            continue
        if scored is not None and not _scored_items(output, *scored):
            continue
        return kind
    return None


def schema_shape(schema: Any) -> Any:
    """A schema without the library's wording: descriptions and the fixed 0..1 bounds go;
    property names, types, enums (the app's detection types), required and nullable stay."""
    if isinstance(schema, list):
        return [schema_shape(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: schema_shape(sub) for name, sub in value.items()}
        elif key not in WORDING_KEYS:
            out[key] = schema_shape(value)
    return out


def judged_content(prompt: str) -> str:
    """The quoted text a judge is asked about (the whole prompt when it quotes none the
    known way, e.g. the language judge's, which both libraries word alike)."""
    found = CONTENT.search(prompt)
    return found.group(1) if found else prompt


def judge_view(view: dict[str, Any]) -> dict[str, Any]:
    """A normalised request view (system, messages, tools, settings, output ...) with a
    judge's instructions replaced by ``<judge:KIND>``, its prompt by the judged content, its
    answer schema by its shape, and what came back from tool calls (a judge has no tools, so
    only the runtime's "no such tool" wording) by one marker. Other requests are returned
    unchanged."""
    kind = judge_kind(view.get("output"), view.get("tools"))
    if kind is None:
        return view
    messages: list[dict[str, Any]] = []
    for index, message in enumerate(view.get("messages") or []):
        message = dict(message)
        if index == 0 and message.get("role") == "user":
            message["content"] = judged_content(str(message.get("content", "")))
        if message.get("tool_results"):
            message["tool_results"] = [
                {"name": r.get("name"), "result": NO_TOOLS} for r in message["tool_results"]
            ]
        messages.append(message)
    return {
        **view,
        "system": f"<judge:{kind}>",
        "messages": messages,
        "output": schema_shape(view.get("output")),
    }
