"""Comparing the two sides of a scenario and classifying every difference.

Categories: `schema` (tool names, descriptions, parameter and output schemas), `prompt` (system
prompt, messages, settings), `tool result` (what tools returned, the HTTP calls they made),
`output` (model-call count, tool calls, final text/object, workflow results and steps),
`error` (one side failed where the other did not).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("schema", "prompt", "tool result", "output", "error")


@dataclass(slots=True)
class Difference:
    category: str
    where: str
    mastra: Any
    lumos: Any
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "where": self.where,
            "mastra": self.mastra,
            "lumos": self.lumos,
            "message": self.message,
        }


@dataclass(slots=True)
class ScenarioOutcome:
    name: str
    kind: str
    target: str
    note: str = ""
    differences: list[Difference] = field(default_factory=list)
    mastra: dict[str, Any] = field(default_factory=dict)
    lumos: dict[str, Any] = field(default_factory=dict)
    requests: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def equivalent(self) -> bool:
        return not self.differences

    def categories(self) -> list[str]:
        return sorted({d.category for d in self.differences})

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "target": self.target,
            "note": self.note,
            "equivalent": self.equivalent,
            "categories": self.categories(),
            "differences": [d.to_dict() for d in self.differences],
            "mastra": self.mastra,
            "lumos": self.lumos,
            "requests": self.requests,
        }


TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
#: Unix time in seconds or milliseconds written into text (a `start=1795689715` URL query)
EPOCH = re.compile(r"(?<!\d)1[5-9]\d{8}(?:\d{3})?(?!\d)")
#: the mock model's tool-call ids (`call_<request>_<i>`): numbered per side, e.g. inside a
#: sub-agent's `subAgentToolResults[].toolCallId`
MOCK_CALL_ID = re.compile(r"\bcall_\d+_\d+\b")


def mask(value: Any) -> Any:
    """Clock readings and random ids differ on every run: compare them as placeholders."""
    if isinstance(value, str):
        value = MOCK_CALL_ID.sub("<call-id>", value)
        return EPOCH.sub("<epoch>", UUID.sub("<uuid>", TIMESTAMP.sub("<timestamp>", value)))
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equal as JSON data, 1 == 1.0, timestamps and uuids masked."""
    return _same(mask(a), mask(b))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b if isinstance(a, bool) and isinstance(b, bool) else False
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


#: How a key present on one side only is shown.
ABSENT = "(absent)"


def deep_diff(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Leaf-level differences between two JSON values (path, mastra, lumos)."""
    return _diff(mask(a), mask(b), path)


def _diff(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple[str, Any, Any]] = []
        for key in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in b:
                out.append((sub, a[key], ABSENT))
            elif key not in a:
                out.append((sub, ABSENT, b[key]))
            else:
                out.extend(_diff(a[key], b[key], sub))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out.extend(_diff(x, y, f"{path}[{i}]"))
        return out
    return [] if _same(a, b) else [(path, a, b)]


class Comparer:
    def __init__(self, outcome: ScenarioOutcome) -> None:
        self.outcome = outcome
        #: Tools that failed on both sides with a rejected input or output (in this turn or an
        #: earlier one of the scenario): the model is sent each runtime's own validation words.
        self.failed_tools: set[str] = set()
        #: Schema differences already reported in this scenario (see `schema_values`).
        self.seen_schema: set[str] = set()

    def note_failed_tools(self, a: dict[str, Any], b: dict[str, Any]) -> None:
        def failed(turn: dict[str, Any], *, rejected: bool = False) -> set[str]:
            return {
                r["name"]
                for r in turn.get("toolResults") or []
                if r.get("isError") and (not rejected or failure_kind(r) != RAISED)
            }

        # A tool that raised on both sides is not masked: the model gets only the error's
        # message in Mastra (its tool wrapper drops class and stack) and in Lumos (a bridged
        # tool's error cut the same way), so what it is sent afterwards must be the same.
        # Kept across the turns of a scenario: memory sends earlier failures again.
        both = failed(a) & failed(b)
        self.failed_tools |= both & (failed(a, rejected=True) | failed(b, rejected=True))

    def add(self, category: str, where: str, mastra: Any, lumos: Any, message: str = "") -> None:
        if (mastra, lumos) in ((ABSENT, None), (None, ABSENT)):
            side = "Mastra" if mastra == ABSENT else "Lumos"
            message += (
                f" (the key is missing on the {side} side and null on the other: JavaScript "
                "leaves a property that is undefined out of JSON, Python keeps the key as None)"
            )
        self.outcome.differences.append(Difference(category, where, mastra, lumos, message))

    def values(self, category: str, where: str, mastra: Any, lumos: Any, message: str) -> None:
        for path, a, b in deep_diff(mastra, lumos):
            self.add(category, f"{where}{'.' + path if path else ''}", a, b, message)

    def schema_values(self, where: str, what: str, mastra: Any, lumos: Any, message: str) -> None:
        """Schema differences, each reported once per scenario: every model call of every turn
        sends the same tool schemas, so a repeat would only bury the other differences."""
        for path, a, b in deep_diff(mastra, lumos):
            spot = f"{what}{'.' + path if path else ''}"
            key = canonical({"spot": spot, "a": a, "b": b})
            if key in self.seen_schema:
                continue
            self.seen_schema.add(key)
            self.add("schema", f"{where} {spot}", a, b, message + " (reported once per scenario)")

    # ------------------------------------------------------------------ model requests
    def requests(
        self, where: str, mastra: list[dict[str, Any]], lumos: list[dict[str, Any]]
    ) -> None:
        # embedding requests carry nothing comparable here (and memory makes them in the
        # background): compared by count, so one more of them does not shift every model call
        embeds = [[r for r in side if _is_embedding(r)] for side in (mastra, lumos)]
        if len(embeds[0]) != len(embeds[1]):
            self.add(
                "output",
                f"{where} embedding requests",
                len(embeds[0]),
                len(embeds[1]),
                "the two sides asked for embeddings a different number of times (memory)",
            )
        mastra = [r for r in mastra if not _is_embedding(r)]
        lumos = [r for r in lumos if not _is_embedding(r)]
        if len(mastra) != len(lumos):
            self.add(
                "output",
                f"{where} model calls",
                len(mastra),
                len(lumos),
                "the two sides called the model a different number of times",
            )
        for index, (a, b) in enumerate(zip(mastra, lumos, strict=False)):
            self.request(f"{where} model call {index + 1}", a, b)

    def request(self, where: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        if not same(a["system"], b["system"]):
            self.add(
                "prompt",
                f"{where} system prompt",
                a["system"],
                b["system"],
                "system prompt differs",
            )
        names_a, names_b = sorted(a["tools"]), sorted(b["tools"])
        if names_a != names_b:
            self.add(
                "schema", f"{where} tool names", names_a, names_b, "the model sees different tools"
            )
        for name in sorted(set(names_a) & set(names_b)):
            ta, tb = a["tools"][name], b["tools"][name]
            if ta["description"] != tb["description"]:
                self.schema_values(
                    where,
                    f"tool {name} description",
                    ta["description"],
                    tb["description"],
                    "tool description differs",
                )
            self.schema_values(
                where,
                f"tool {name} parameters",
                ta["parameters"],
                tb["parameters"],
                "tool input schema differs (normalised)",
            )
        if not same(a["output"], b["output"]):
            self.values(
                "schema",
                f"{where} output schema",
                a["output"],
                b["output"],
                "structured-output schema differs",
            )
        if not same(a["settings"], b["settings"]):
            self.values(
                "prompt", f"{where} settings", a["settings"], b["settings"], "model settings differ"
            )
        if not same(a["tool_choice"], b["tool_choice"]):
            self.add(
                "prompt",
                f"{where} tool_choice",
                a["tool_choice"],
                b["tool_choice"],
                "tool choice differs",
            )
        self.messages(where, a["messages"], b["messages"])

    def messages(self, where: str, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> None:
        if len(a) != len(b):
            self.add(
                "prompt",
                f"{where} messages",
                [m["role"] for m in a],
                [m["role"] for m in b],
                "the conversation sent to the model differs in length (history/memory)",
            )
        for index, (ma, mb) in enumerate(zip(a, b, strict=False)):
            spot = f"{where} message {index + 1} ({ma['role']})"
            results_a = self._without_failed(ma.get("tool_results"))
            results_b = self._without_failed(mb.get("tool_results"))
            if not same(results_a, results_b):
                self.values(
                    "tool result",
                    spot,
                    results_a,
                    results_b,
                    "the tool result sent back to the model differs",
                )
            rest_a = {k: v for k, v in ma.items() if k != "tool_results"}
            rest_b = {k: v for k, v in mb.items() if k != "tool_results"}
            if not same(rest_a, rest_b):
                self.values("prompt", spot, rest_a, rest_b, "message differs")

    def _without_failed(self, results: Any) -> Any:
        if not isinstance(results, list):
            return results
        return [
            {**r, "result": "(failed on both sides)"} if r.get("name") in self.failed_tools else r
            for r in results
        ]

    # ------------------------------------------------------------------ results
    def http(self, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> None:
        calls_a = [mask(f"{c.get('method')} {c.get('url')}") for c in a]
        calls_b = [mask(f"{c.get('method')} {c.get('url')}") for c in b]
        if sorted(calls_a) != sorted(calls_b):
            self.add(
                "tool result", "HTTP calls", calls_a, calls_b, "tools made different HTTP calls"
            )
        # what each call sent: the same call (method and URL, in order) on both sides
        by_call_b: dict[str, list[dict[str, Any]]] = {}
        for call, key in zip(b, calls_b, strict=True):
            by_call_b.setdefault(key, []).append(call)
        for call, key in zip(a, calls_a, strict=True):
            twins = by_call_b.get(key)
            if not twins:
                continue
            twin = twins.pop(0)
            for part, message in (
                ("body", "a tool sent a different request body"),
                ("headers", "a tool sent different request headers"),
            ):
                sent_a, sent_b = call.get(part), twin.get(part)
                if part == "headers":
                    sent_a, sent_b = sent_a or {}, sent_b or {}
                if not same(sent_a, sent_b):
                    self.values("tool result", f"HTTP {key} {part}", sent_a, sent_b, message)

    def turn(self, where: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        if bool(a.get("error")) != bool(b.get("error")):
            self.add(
                "error", f"{where} error", a.get("error"), b.get("error"), "only one side failed"
            )
            return
        calls_a = [(c["name"], c.get("args")) for c in a.get("toolCalls") or []]
        calls_b = [(c["name"], c.get("args")) for c in b.get("toolCalls") or []]
        if not same(json_data(calls_a), json_data(calls_b)):
            self.values(
                "output",
                f"{where} tool calls",
                json_data(calls_a),
                json_data(calls_b),
                "tool calls differ",
            )
        pairs = paired_results(a, b)
        for ra, rb in pairs:
            spot = f"{where} tool {ra['name']} result{_args_note(a, ra)}"
            if bool(ra.get("isError")) != bool(rb.get("isError")):
                self.add(
                    "error",
                    spot,
                    ra.get("result"),
                    rb.get("result"),
                    "the tool failed on one side only",
                )
            elif ra.get("isError") and failure_kind(ra) != failure_kind(rb):
                self.add(
                    "error",
                    spot,
                    ra.get("result"),
                    rb.get("result"),
                    f"the tool failed on both sides, but for different reasons (Mastra: "
                    f"{failure_kind(ra)}, Lumos: {failure_kind(rb)})",
                )
            elif (
                ra.get("isError")
                and failure_kind(ra) == RAISED
                and not same(error_core(ra.get("result")), error_core(rb.get("result")))
            ):
                # the app's own error (`throw new Error('Unknown vehicle ...')`) reads the same
                # in both; a different text means the translated code failed somewhere else
                self.add(
                    "error",
                    spot,
                    ra.get("result"),
                    rb.get("result"),
                    "the tool raised on both sides, but a different error",
                )
            elif not ra.get("isError") and not same(ra.get("result"), rb.get("result")):
                self.values(
                    "tool result", spot, ra.get("result"), rb.get("result"), "tool result differs"
                )
        count_a, count_b = len(a.get("toolResults") or []), len(b.get("toolResults") or [])
        if count_a != count_b:
            self.add(
                "tool result",
                f"{where} tool results",
                count_a,
                count_b,
                "a different number of tool results",
            )
        if not same((a.get("text") or "").strip(), (b.get("text") or "").strip()):
            self.add("output", f"{where} text", a.get("text"), b.get("text"), "final text differs")
        if not same(a.get("object"), b.get("object")):
            self.values(
                "output",
                f"{where} object",
                a.get("object"),
                b.get("object"),
                "structured output differs",
            )

    def workflow_phase(
        self, where: str, a: dict[str, Any] | None, b: dict[str, Any] | None
    ) -> None:
        if a is None or b is None:
            if a is not None or b is not None:
                self.add(
                    "output",
                    where,
                    a and a.get("status"),
                    b and b.get("status"),
                    "only one side ran this phase",
                )
            return
        failed = ("failed", "error")
        if a["status"] != b["status"]:
            category = "error" if (a["status"] in failed) != (b["status"] in failed) else "output"
            self.add(category, f"{where} status", a["status"], b["status"], detail(a, b))
        if not same(a.get("result"), b.get("result")):
            self.values(
                "output",
                f"{where} result",
                a.get("result"),
                b.get("result"),
                "workflow result differs",
            )
        steps_a, steps_b = step_keys(a.get("steps") or {}), step_keys(b.get("steps") or {})
        if sorted(steps_a) != sorted(steps_b):
            self.add(
                "output", f"{where} steps", sorted(steps_a), sorted(steps_b), "different steps ran"
            )
        for key in sorted(set(steps_a) & set(steps_b)):
            sa, sb = steps_a[key], steps_b[key]
            spot = f"{where} step {key}"
            if sa["status"] != sb["status"]:
                category = (
                    "error" if (sa["status"] in failed) != (sb["status"] in failed) else "output"
                )
                self.add(
                    category,
                    f"{spot} status",
                    sa["status"],
                    sb["status"],
                    sa.get("error") or sb.get("error") or "",
                )
                continue
            if not same(sa.get("output"), sb.get("output")):
                self.values(
                    "output",
                    f"{spot} output",
                    sa.get("output"),
                    sb.get("output"),
                    "step output differs",
                )
            if not same(sa.get("suspendPayload"), sb.get("suspendPayload")):
                self.values(
                    "output",
                    f"{spot} suspend payload",
                    sa.get("suspendPayload"),
                    sb.get("suspendPayload"),
                    "suspend payload differs",
                )


MAPPING = re.compile(r"^mapping(_.+)?$")


def step_keys(steps: dict[str, Any]) -> dict[str, Any]:
    """`.map()` steps are `mapping_<uuid>` in Mastra 0.x, `mapping_<workflow>_<n>` in 1.x and
    Lumos: number them by order of appearance instead."""
    out: dict[str, Any] = {}
    count = 0
    for key, value in steps.items():
        if MAPPING.match(key):
            count += 1
            key = f"mapping#{count}"
        out[key] = value
    return out


def detail(a: dict[str, Any], b: dict[str, Any]) -> str:
    errors = [e for e in (a.get("error"), b.get("error")) if e]
    return "; ".join(str(e)[:300] for e in errors) or "workflow status differs"


#: How both runtimes word a rejection of the model's arguments ("Tool validation failed for x",
#: Mastra 1.x "Tool input validation failed for x") and of a tool's output.
_INVALID_ARGS = re.compile(r"^Tool (input )?validation failed for ")
_INVALID_OUTPUT = re.compile(
    r"^Tool (output validation failed for |\S+ returned output that fails its output schema)"
)
RAISED = "the tool raised an error"
#: A JavaScript stack under a message (an error that crossed the Node bridge keeps it).
_JS_STACK = re.compile(r"\n\s+at .*", re.S)
_ERROR_NAME = re.compile(r"^(?:[A-Z][A-Za-z0-9]*)?Error: ")


def failure_kind(result: dict[str, Any]) -> str:
    """Why a tool failed, in words both runtimes share: its arguments or its output were
    rejected (texts not compared: each runtime words validation its way), or it ran and raised
    (the app's own error message, compared by `error_core`)."""
    text = str(result.get("result") or "")
    if _INVALID_ARGS.match(text):
        return "invalid arguments"
    if _INVALID_OUTPUT.match(text):
        return "invalid output"
    return RAISED


def error_core(text: Any) -> str:
    """An error's message without the error class name and a stack trace."""
    return _ERROR_NAME.sub("", _JS_STACK.sub("", str(text or "")).strip())


def paired_results(
    a: dict[str, Any], b: dict[str, Any]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each Mastra tool result with the Lumos result of the same call: same tool, same
    arguments (call ids differ by side, parallel calls may finish in any order). Results whose
    call has no twin are paired by tool name and content, as before."""
    keyed_a, keyed_b = _by_call(a), _by_call(b)
    pairs = [(keyed_a[k], keyed_b[k]) for k in keyed_a if k in keyed_b]
    rest_a = sorted((r for k, r in keyed_a.items() if k not in keyed_b), key=_result_key)
    rest_b = sorted((r for k, r in keyed_b.items() if k not in keyed_a), key=_result_key)
    return pairs + list(zip(rest_a, rest_b, strict=False))


def _by_call(turn: dict[str, Any]) -> dict[str, dict[str, Any]]:
    args = {c.get("id"): c.get("args") for c in turn.get("toolCalls") or []}
    out: dict[str, dict[str, Any]] = {}
    for result in turn.get("toolResults") or []:
        base = f"{result.get('name')}|{_data_key(mask(args.get(result.get('id'))))}"
        count = sum(1 for k in out if k.rsplit("#", 1)[0] == base)
        out[f"{base}#{count}"] = result
    return out


def _data_key(value: Any) -> str:
    """JSON text of data where 1 and 1.0 are one number (as `same` treats them)."""

    def whole(v: Any) -> Any:
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, dict):
            return {k: whole(x) for k, x in v.items()}
        if isinstance(v, list):
            return [whole(x) for x in v]
        return v

    return json.dumps(whole(value), sort_keys=True, default=str)


def _args_note(turn: dict[str, Any], result: dict[str, Any]) -> str:
    """` (call 3 of 12)` when a turn called the same tool more than once, so a reader can tell
    which call a difference is about."""
    calls = [c for c in turn.get("toolCalls") or [] if c.get("name") == result.get("name")]
    if len(calls) < 2:
        return ""
    index = next((i for i, c in enumerate(calls) if c.get("id") == result.get("id")), None)
    if index is None:
        return ""
    return f" (call {index + 1} of {len(calls)}, args {_data_key(calls[index].get('args'))[:80]})"


def _result_key(result: dict[str, Any]) -> str:
    return f"{result.get('name')}|{json.dumps(result.get('result'), sort_keys=True, default=str)}"


def json_data(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def canonical(view: dict[str, Any]) -> str:
    return json.dumps(view, sort_keys=True, default=str)


def _is_embedding(request: dict[str, Any]) -> bool:
    return str(request.get("path") or "").endswith("/embeddings")
