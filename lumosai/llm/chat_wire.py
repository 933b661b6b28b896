"""OpenAI chat-completions JSON, both ways, for ``OpenAIChatClient``.

The request body is the one the pydantic-ai + OpenAI SDK path sends for the same request (same
keys, same values, same message and tool-argument text), so switching clients changes nothing
a server or ``lumos-migrate verify`` can see; ``tests/llm/test_openai_client_parity.py`` sends
the same requests both ways and compares the recorded bodies. Replies are read straight into
our ``ModelResponse`` (no SDK or pydantic-ai response models).
"""

from __future__ import annotations

import uuid
from typing import Any

import pydantic
import pydantic_core

from lumosai.llm.messages import Message, ToolCall, Usage
from lumosai.llm.model import INVALID_ARGS_KEY, FinishReason, ModelRequest, ModelResponse
from lumosai.types import js_numbers

__all__ = [
    "ChatStream",
    "InvalidReply",
    "ToolChoiceError",
    "build_body",
    "parse_completion",
    "split_settings",
]

#: settings pydantic-ai takes as named model settings; every other key goes into the body
#: as an extra top-level field (``extra_body``)
_NAMED_SETTINGS = frozenset(
    {
        "temperature",
        "max_tokens",
        "top_p",
        "top_k",
        "seed",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "timeout",
        "parallel_tool_calls",
        "extra_headers",
        "extra_body",
        "service_tier",
        "stop_sequences",
    }
)
#: named settings that go into the body under the same name
_BODY_SETTINGS = (
    "seed",
    "service_tier",
    "temperature",
    "top_p",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
)
_FINISH: dict[str, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "content_filter": "content-filter",
    "tool_calls": "tool-calls",
    "function_call": "tool-calls",
}
_THINK_START, _THINK_END = "<think>", "</think>"
_TOOL_RETURN = pydantic.TypeAdapter(
    Any, config=pydantic.ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")
)


class ToolChoiceError(ValueError):
    """``tool_choice`` names no tool the request has (pydantic-ai's ``UserError`` wording)."""


class InvalidReply(ValueError):
    """The server's reply is not a chat completion."""


def split_settings(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Merged model settings -> (named settings, extra body fields); ``stop`` becomes a list."""
    named: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key == "stop":
            named["stop_sequences"] = [value] if isinstance(value, str) else list(value)
        elif key in _NAMED_SETTINGS:
            named[key] = value
        else:
            extra[key] = value
    if extra or "extra_body" in named:
        named["extra_body"] = {**(named.get("extra_body") or {}), **extra}
    return named, named.pop("extra_body", None) or {}


def build_body(
    model_id: str,
    request: ModelRequest,
    named: dict[str, Any],
    extra_body: dict[str, Any],
    *,
    stream: bool,
    max_tokens_field: str,
    response_format: dict[str, Any] | None,
) -> dict[str, Any]:
    """The JSON body of one chat-completions request."""
    body: dict[str, Any] = {"model": model_id, "messages": wire_messages(request.messages)}
    tools = request.tools
    if tools:
        if "parallel_tool_calls" in named:
            body["parallel_tool_calls"] = named["parallel_tool_calls"]
        body["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": t["name"],
                    "description": t.get("description") or "",
                    "parameters": t["parameters"],
                },
            }
            for t in tools
        ]
        body["tool_choice"] = wire_tool_choice(request.tool_choice, tools)
    else:
        _check_choice_without_tools(request.tool_choice)
    body["stream"] = stream
    if stream:
        body["stream_options"] = {"include_usage": True}
    if "stop_sequences" in named:
        body["stop"] = named["stop_sequences"]
    if "max_tokens" in named:
        body[max_tokens_field] = named["max_tokens"]
    if response_format is not None:
        body["response_format"] = response_format
    for key in _BODY_SETTINGS:
        if key in named:
            body[key] = named[key]
    if extra_body:
        body.update(extra_body)
    return body


def wire_tool_choice(choice: Any, tools: list[dict[str, Any]]) -> Any:
    if choice is None or choice in ("auto", "none", "required"):
        return choice or "auto"
    name = choice["tool_name"]
    known = {t["name"] for t in tools}
    if name not in known:
        raise ToolChoiceError(
            f"Invalid tool names in `tool_choice`: { ({name}) }. Known tools: {known or 'none'}"
        )
    if known == {name}:
        return "required"
    return {"type": "function", "function": {"name": name}}


def _check_choice_without_tools(choice: Any) -> None:
    if choice == "required":
        raise ToolChoiceError(
            '`tool_choice` was set to "required", but no function tools are defined. '
            'Please define function tools or change `tool_choice` to "auto" or "none".'
        )
    if isinstance(choice, dict):
        raise ToolChoiceError(
            f"Invalid tool names in `tool_choice`: { ({choice['tool_name']}) }. Known tools: none"
        )


def wire_messages(messages: list[Message]) -> list[dict[str, Any]]:
    """Our messages as chat-completions messages."""
    out: list[dict[str, Any]] = []
    append = out.append
    for message in messages:
        role = message.role
        if role == "system" or role == "user":
            append({"role": role, "content": message.content})
        elif role == "tool":
            for res in message.tool_results:
                value = res.result if res.model_output is None else res.model_output
                append(
                    {
                        "role": "tool",
                        "tool_call_id": res.id,
                        "content": tool_text(js_numbers(value)),
                    }
                )
        else:
            entry: dict[str, Any] = {"role": "assistant", "content": message.content or None}
            if message.tool_calls:
                entry["tool_calls"] = [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {
                            "name": call.name,
                            "arguments": pydantic_core.to_json(call.args).decode()
                            if call.args
                            else "{}",
                        },
                    }
                    for call in message.tool_calls
                ]
            elif not message.content:
                entry["content"] = ""
            append(entry)
    return out


def tool_text(value: Any) -> str:
    """A tool result as the text the model reads: strings as they are, ``None`` and empty lists
    as ``""``, a one-item list as JSON, anything else as its JSON text (a value whose JSON is a
    string, such as a datetime, unquoted)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and not value:
        return ""
    dumped = _TOOL_RETURN.dump_json(value, by_alias=True)
    if dumped.startswith(b'"'):
        return str(pydantic_core.from_json(dumped))
    return dumped.decode()


# ------------------------------------------------------------------------------ replies
def parse_completion(data: Any, model_id: str) -> ModelResponse:
    """A chat-completion JSON object as our ``ModelResponse``."""
    if not isinstance(data, dict):
        raise InvalidReply("expected JSON data")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise InvalidReply("no choices in the reply")
    choice = choices[0]
    message = choice.get("message")
    if not isinstance(message, dict):
        raise InvalidReply("the first choice has no message")
    content = message.get("content")
    text = _without_thinking(content) if isinstance(content, str) else ""
    calls = [
        _tool_call(raw.get("id"), fn.get("name") or "", fn.get("arguments"))
        for raw in message.get("tool_calls") or ()
        if isinstance(raw, dict) and isinstance(fn := raw.get("function"), dict)
    ]
    return ModelResponse(
        text=text,
        tool_calls=calls,
        finish_reason=_finish(choice.get("finish_reason"), calls),
        usage=_usage(data.get("usage")),
        model_id=data.get("model") or model_id,
    )


class ChatStream:
    """Assembles streamed chunks: ``feed`` returns each chunk's text delta, ``result`` the
    whole response (tool-call pieces joined by their index)."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.texts: list[str] = []
        self.calls: dict[int, list[Any]] = {}
        self.finish: str | None = None
        self.usage: Any = None
        self.model: str | None = None

    def feed(self, chunk: Any) -> str:
        if not isinstance(chunk, dict):
            return ""
        if chunk.get("usage"):
            self.usage = chunk["usage"]
        if self.model is None and chunk.get("model"):
            self.model = chunk["model"]
        delta_text = ""
        for choice in chunk.get("choices") or ():
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            if choice.get("finish_reason"):
                self.finish = choice["finish_reason"]
            delta = choice.get("delta") or {}
            content = delta.get("content")
            if isinstance(content, str) and content:
                self.texts.append(content)
                delta_text += content
            for part in delta.get("tool_calls") or ():
                self._tool_delta(part)
        return delta_text

    def _tool_delta(self, part: dict[str, Any]) -> None:
        index = part.get("index", len(self.calls))
        entry = self.calls.get(index)
        fn = part.get("function") or {}
        if entry is None:
            self.calls[index] = [part.get("id"), fn.get("name") or "", fn.get("arguments") or ""]
            return
        if part.get("id") and not entry[0]:
            entry[0] = part["id"]
        if fn.get("name"):
            entry[1] += fn["name"]
        if fn.get("arguments"):
            entry[2] += fn["arguments"]

    @property
    def empty(self) -> bool:
        return not self.texts and not self.calls

    def result(self) -> ModelResponse:
        calls = [_tool_call(*self.calls[i]) for i in sorted(self.calls)]
        return ModelResponse(
            text="".join(self.texts),
            tool_calls=calls,
            finish_reason=_finish(self.finish, calls),
            usage=_usage(self.usage),
            model_id=self.model or self.model_id,
        )


def _tool_call(call_id: Any, name: str, arguments: Any) -> ToolCall:
    return ToolCall(
        id=call_id if isinstance(call_id, str) and call_id else f"pyd_ai_{uuid.uuid4().hex}",
        name=name,
        args=_arguments(arguments),
    )


def _arguments(raw: Any) -> dict[str, Any]:
    """Tool-call arguments as a dict; malformed or non-object JSON as ``{INVALID_JSON: raw}``."""
    if not raw:
        return {}
    if isinstance(raw, dict):
        return raw
    try:
        value = pydantic_core.from_json(raw)
    except ValueError:
        return {INVALID_ARGS_KEY: raw}
    return value if isinstance(value, dict) else {INVALID_ARGS_KEY: raw}


def _finish(reason: Any, calls: list[ToolCall]) -> FinishReason:
    if calls:
        return "tool-calls"
    return _FINISH.get(reason, "stop") if isinstance(reason, str) else "stop"


def _usage(raw: Any) -> Usage:
    if not isinstance(raw, dict):
        return Usage(0, 0, 0)
    prompt = int(raw.get("prompt_tokens") or 0)
    completion = int(raw.get("completion_tokens") or 0)
    return Usage(prompt, completion, prompt + completion)


def _without_thinking(content: str) -> str:
    """The text of a reply without ``<think>...</think>`` blocks (reasoning models served over
    the chat API put their reasoning there; pydantic-ai drops it from the text the same way)."""
    if _THINK_START not in content:
        return content
    texts: list[str] = []
    start = content.find(_THINK_START)
    while start >= 0:
        texts.append(content[:start])
        content = content[start + len(_THINK_START) :]
        end = content.find(_THINK_END)
        if end >= 0:
            content = content[end + len(_THINK_END) :]
        else:
            texts.append(content)
            content = ""
        start = content.find(_THINK_START)
    texts.append(content)
    return "".join(texts)
