"""Scripts: what a scripted model answers, shared by ``ScriptedModel`` and ``mock_llm_server``.

A script is a list of items, one per model request::

    {"text": "Hello"}                                   # a text answer
    {"tool_call": {"name": "add", "args": {"a": 1}}}    # one tool call (optional "id")
    {"tool_calls": [{...}, {...}]}                      # several, run concurrently by the agent
    {"tool_call": {"name": "add", "args": "{oops"}}     # args as a JSON string (may be malformed)
    {"object": {"city": "Paris"}}                       # structured output (JSON text + object)
    {"error": "boom"}                                   # the model call fails (HTTP 400 on the server)

Extra keys: ``usage`` ({prompt_tokens, completion_tokens}), ``finish_reason``, ``delay``
(seconds to wait first), and for the HTTP server ``status`` (an HTTP status, e.g. 500, with
``error`` or ``body``) and ``raw`` (a raw response body, e.g. malformed JSON).

How requests map to items (``mode``):

* ``"sequential"`` (default): one shared cursor; request N gets item N. Deterministic for one
  conversation at a time.
* ``"per_conversation"``: the item index is the number of assistant messages after the last
  user message in the request, so ``[tool_call, text]`` answers every conversation the same way
  however many run at once (benchmarks, concurrent clients).
* ``"echo"``: every request is answered with the last user message's text.

``loop=True`` restarts a sequential script when it runs out. The script may also be a function
``(ModelRequest) -> item``.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lumosai.llm.messages import ToolCall, Usage
from lumosai.llm.model import INVALID_ARGS_KEY, ModelRequest

ScriptMode = Literal["sequential", "per_conversation", "echo"]
ScriptItem = dict[str, Any]
ScriptSource = Sequence[ScriptItem] | Callable[[ModelRequest], ScriptItem]

_KNOWN_KEYS = {
    "text",
    "tool_call",
    "tool_calls",
    "object",
    "error",
    "usage",
    "finish_reason",
    "delay",
    "status",
    "raw",
    "body",
}


class ScriptError(ValueError):
    """A script item is malformed, or the script ran out."""


@dataclass(slots=True)
class ScriptReply:
    """One parsed script item, ready to be turned into a model response or an HTTP reply."""

    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    object: Any = None
    has_object: bool = False
    error: str | None = None
    status: int | None = None
    raw: str | None = None
    body: Any = None
    delay: float = 0.0
    usage: Usage | None = None
    finish_reason: str | None = None


class Script:
    """A thread-safe cursor over script items."""

    def __init__(
        self, source: ScriptSource, *, mode: ScriptMode = "sequential", loop: bool = False
    ) -> None:
        if mode not in ("sequential", "per_conversation", "echo"):
            raise ScriptError(
                f"unknown script mode {mode!r}; use 'sequential', 'per_conversation' or 'echo'"
            )
        if not callable(source):
            if isinstance(source, str | bytes) or not isinstance(source, Sequence):
                raise ScriptError("a script is a list of items (dicts) or a function")
            for index, item in enumerate(source):
                validate_item(item, index)
            self.items: list[ScriptItem] = list(source)
        else:
            self.items = []
        self._fn = source if callable(source) else None
        self.mode = mode
        self.loop = loop
        self._cursor = 0
        self._calls = 0
        self._lock = threading.Lock()

    def next(self, request: ModelRequest) -> ScriptReply:
        """The reply for ``request``; raises ``ScriptError`` when the script has run out."""
        with self._lock:
            number = self._calls
            self._calls += 1
            if self.mode == "echo":
                item: ScriptItem = {"text": _last_user_text(request)}
            elif self._fn is not None:
                item = self._fn(request)
                validate_item(item, number)
            elif self.mode == "per_conversation":
                index = _steps_since_user(request)
                if index >= len(self.items):
                    raise ScriptError(
                        f"script has {len(self.items)} item(s) but this conversation asked for "
                        f"step {index + 1}"
                    )
                item = self.items[index]
            else:
                if self._cursor >= len(self.items):
                    if not self.loop or not self.items:
                        raise ScriptError(
                            f"script exhausted: {len(self.items)} item(s), request "
                            f"{number + 1} has no answer"
                        )
                    self._cursor = 0
                item = self.items[self._cursor]
                self._cursor += 1
        return parse_item(item, number, request)

    @property
    def calls(self) -> int:
        return self._calls


def validate_item(item: Any, index: int) -> None:
    if not isinstance(item, dict):
        raise ScriptError(f"script item {index} must be a dict, got {type(item).__name__}")
    unknown = set(item) - _KNOWN_KEYS
    if unknown:
        raise ScriptError(
            f"script item {index} has unknown key(s) {sorted(unknown)}; known: {sorted(_KNOWN_KEYS)}"
        )
    calls = item.get("tool_calls", [])
    if "tool_call" in item:
        calls = [item["tool_call"], *calls]
    if not isinstance(calls, list):
        raise ScriptError(f"script item {index}: 'tool_calls' must be a list")
    for call in calls:
        if not isinstance(call, dict) or not isinstance(call.get("name"), str):
            raise ScriptError(f"script item {index}: each tool call needs a 'name' string")
        if "args" in call and not isinstance(call["args"], dict | str):
            raise ScriptError(f"script item {index}: tool call 'args' must be an object")


def parse_item(item: ScriptItem, number: int, request: ModelRequest) -> ScriptReply:
    calls_data: list[dict[str, Any]] = list(item.get("tool_calls") or [])
    if "tool_call" in item:
        calls_data.insert(0, item["tool_call"])
    calls = []
    for i, call in enumerate(calls_data):
        args = call.get("args") or {}
        if isinstance(args, str):
            args = _parse_args(args)
        calls.append(
            ToolCall(id=call.get("id") or f"call_{number}_{i}", name=call["name"], args=args)
        )
    reply = ScriptReply(
        tool_calls=calls,
        error=item.get("error"),
        status=item.get("status"),
        raw=item.get("raw"),
        body=item.get("body"),
        delay=float(item.get("delay") or 0.0),
        finish_reason=item.get("finish_reason"),
    )
    if "object" in item:
        reply.object = item["object"]
        reply.has_object = True
        reply.text = json.dumps(item["object"])
    if "text" in item:
        reply.text = str(item["text"])
    usage = item.get("usage")
    if isinstance(usage, dict):
        prompt = int(usage.get("prompt_tokens") or usage.get("input_tokens") or 0)
        completion = int(usage.get("completion_tokens") or usage.get("output_tokens") or 0)
        reply.usage = Usage(prompt, completion, int(usage.get("total_tokens", prompt + completion)))
    else:
        reply.usage = estimate_usage(request, reply)
    return reply


def _parse_args(raw: str) -> dict[str, Any]:
    """String args are sent verbatim; malformed ones simulate a model emitting broken JSON."""
    try:
        value = json.loads(raw)
    except ValueError:
        return {INVALID_ARGS_KEY: raw}
    return value if isinstance(value, dict) else {INVALID_ARGS_KEY: raw}


def wire_arguments(args: dict[str, Any]) -> str:
    """The ``arguments`` string a server sends: the raw text for deliberately malformed args."""
    if len(args) == 1 and INVALID_ARGS_KEY in args:
        return str(args[INVALID_ARGS_KEY])
    return json.dumps(args)


def read_arguments(arguments: Any) -> dict[str, Any]:
    """Tool-call ``arguments`` from the wire (a dict or JSON text) as a dict; malformed text is
    kept under ``INVALID_ARGS_KEY`` so the agent can report it."""
    if isinstance(arguments, dict):
        return arguments
    try:
        value = json.loads(arguments or "{}")
    except ValueError:
        return {INVALID_ARGS_KEY: arguments}
    return value if isinstance(value, dict) else {INVALID_ARGS_KEY: arguments}


def content_text(content: Any) -> str:
    """The text of a wire message ``content``: a string or a list of text parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def estimate_usage(request: ModelRequest, reply: ScriptReply) -> Usage:
    """Deterministic token counts (characters / 4) so usage sums can be tested."""
    prompt_chars = sum(len(m.content) for m in request.messages)
    for m in request.messages:
        for c in m.tool_calls:
            prompt_chars += len(json.dumps(c.args))
        for r in m.tool_results:
            prompt_chars += len(json.dumps(r.result, default=str))
    completion_chars = len(reply.text) + sum(len(json.dumps(c.args)) for c in reply.tool_calls)
    prompt = math.ceil(prompt_chars / 4)
    completion = math.ceil(completion_chars / 4)
    return Usage(prompt, completion, prompt + completion)


def _last_user_text(request: ModelRequest) -> str:
    for message in reversed(request.messages):
        if message.role == "user":
            return message.content
    return ""


def _steps_since_user(request: ModelRequest) -> int:
    count = 0
    for message in reversed(request.messages):
        if message.role == "user":
            break
        if message.role == "assistant":
            count += 1
    return count


def load_script_file(path: str) -> tuple[list[ScriptItem], ScriptMode, bool]:
    """Read a JSON script file: a list of items, or ``{"items": [...], "mode": ..., "loop": ...}``."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if isinstance(data, list):
        return data, "sequential", False
    if isinstance(data, dict) and isinstance(data.get("items", []), list):
        return list(data.get("items", [])), data.get("mode", "sequential"), bool(data.get("loop"))
    raise ScriptError(f"{path}: a script file holds a JSON list or an object with 'items'")
