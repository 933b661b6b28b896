"""Mastra's processor API in Python: the prebuilt processors with Mastra's camelCase options
(``PIIDetector({"model": ..., "detectionTypes": [...]})`` or keyword arguments), the 0.x
memory processors, and ``MastraProcessor`` for processors written against Mastra's message
shape (``MastraDBMessage`` dicts with ``content.parts``), which is what converted custom
processors are."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.memory import processors as memory_processors
from lumosai.processors import (
    batch,
    language,
    moderation,
    pii,
    prompt_injection,
    token_limiter,
    tool_call_filter,
)
from lumosai.processors import unicode as unicode_mod
from lumosai.processors.base import (
    ProcessInputArgs,
    ProcessOutputResultArgs,
    ProcessOutputStreamArgs,
    StreamPart,
    TripWire,
)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _options(options: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    merged = {**(options if isinstance(options, dict) else {}), **kwargs}
    return {_snake(k): v for k, v in merged.items()}


class UnicodeNormalizer(unicode_mod.UnicodeNormalizer):
    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


class TokenLimiterProcessor(token_limiter.TokenLimiterProcessor):
    """``new TokenLimiterProcessor(1000)`` or ``({limit, strategy, countMode, trimMode})``."""

    def __init__(self, options: int | dict[str, Any] | None = None, **kwargs: Any) -> None:
        if isinstance(options, int | float):
            super().__init__(int(options), **_options(None, kwargs))
        else:
            super().__init__(**_options(options, kwargs))


TokenLimiter = TokenLimiterProcessor


class ToolCallFilter(tool_call_filter.ToolCallFilter):
    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


class ModerationProcessor(moderation.ModerationProcessor):
    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


class PromptInjectionDetector(prompt_injection.PromptInjectionDetector):
    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


class PIIDetector(pii.PIIDetector):
    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


class BatchPartsProcessor(batch.BatchPartsProcessor):
    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


class LanguageDetector(language.LanguageDetector):
    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


class MemoryTokenLimiter(memory_processors.TokenLimiter):
    """0.x ``TokenLimiter`` from ``@mastra/memory/processors``: ``(limit)`` or ``({limit})``."""

    def __init__(self, options: int | dict[str, Any]) -> None:
        super().__init__(options["limit"] if isinstance(options, dict) else options)


class MemoryToolCallFilter(memory_processors.ToolCallFilter):
    """0.x ``ToolCallFilter`` from ``@mastra/memory/processors``: ``({exclude})``."""

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**_options(options, kwargs))


# --------------------------------------------------------------------------- Mastra shape


def to_db_message(message: Message) -> dict[str, Any]:
    """A ``Message`` as Mastra's ``MastraDBMessage`` (format 2: ``content.parts``)."""
    parts: list[dict[str, Any]] = []
    if message.content:
        parts.append({"type": "text", "text": message.content})
    for call in message.tool_calls:
        parts.append(
            {
                "type": "tool-invocation",
                "toolInvocation": {
                    "state": "call",
                    "toolCallId": call.id,
                    "toolName": call.name,
                    "args": call.args,
                },
            }
        )
    for res in message.tool_results:
        parts.append(
            {
                "type": "tool-invocation",
                "toolInvocation": {
                    "state": "result",
                    "toolCallId": res.id,
                    "toolName": res.name,
                    "args": res.args,
                    "result": res.result,
                },
            }
        )
    return {
        "id": message.id,
        "role": message.role,
        "createdAt": message.created_at,
        "content": {"format": 2, "parts": parts, "content": message.content},
    }


def from_db_message(data: Any, original: Message | None = None) -> Message:
    """Back from the Mastra shape (text parts joined; tool invocations to calls/results)."""
    if isinstance(data, Message):
        return data
    if not isinstance(data, dict):
        raise TypeError(f"a processor returned {data!r:.100}, not a message")
    content = data.get("content")
    role = data.get("role") or (original.role if original else "user")
    if isinstance(content, str):
        text, parts = content, []
    else:
        content = content or {}
        parts = list(content.get("parts") or [])
        texts = [
            p.get("text", "") for p in parts if isinstance(p, dict) and p.get("type") == "text"
        ]
        text = "".join(texts) if texts else str(content.get("content") or "")
    calls: list[ToolCall] = []
    results: list[ToolResult] = []
    for part in parts:
        inv = part.get("toolInvocation") if isinstance(part, dict) else None
        if not isinstance(inv, dict):
            continue
        if inv.get("state") == "result":
            results.append(
                ToolResult(
                    id=str(inv.get("toolCallId")),
                    name=str(inv.get("toolName")),
                    result=inv.get("result"),
                    args=dict(inv.get("args") or {}),
                )
            )
        else:
            calls.append(
                ToolCall(
                    id=str(inv.get("toolCallId")),
                    name=str(inv.get("toolName")),
                    args=dict(inv.get("args") or {}),
                )
            )
    return Message(
        role=role,
        content=text,
        tool_calls=calls,
        tool_results=results,
        name=original.name if original else None,
        id=data.get("id") or (original.id if original else None),
        created_at=original.created_at if original else None,
        metadata=dict(original.metadata) if original else {},
    )


def _system_dict(message: Any) -> dict[str, Any]:
    """A Mastra system message (``{role, content}`` or a plain string) as a dict."""
    if isinstance(message, str):
        return {"content": message}
    return dict(message) if isinstance(message, dict) else {"content": str(message)}


async def _call(fn: Callable[..., Any], args: dict[str, Any]) -> Any:
    value = fn(args)
    if inspect.isawaitable(value):
        value = await value
    return value


def _messages_back(value: Any, db: list[dict[str, Any]], originals: list[Message]) -> Any:
    if value is None:
        value = db
    if isinstance(value, dict) and "messages" in value:
        value = value["messages"]
    by_id: dict[Any, Message] = {m.id: m for m in originals if m.id}
    return [
        from_db_message(d, by_id.get(d.get("id")) if isinstance(d, dict) else None) for d in value
    ]


class MastraProcessor:
    """A processor whose hooks take Mastra's args dict (``{"messages": [MastraDBMessage],
    "abort": ..., "state": ..., "requestContext": ...}``) and return Mastra-shaped messages;
    ``lumos-migrate`` emits one for each custom processor it converts."""

    def __init__(
        self,
        *,
        id: str,
        name: str | None = None,
        process_input: Callable[..., Any] | None = None,
        process_output_result: Callable[..., Any] | None = None,
        process_output_stream: Callable[..., Any] | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self._input = process_input
        self._result = process_output_result
        self._stream = process_output_stream
        # only the hooks the source defines exist (the runner looks them up by name)
        if process_input is not None:
            self.process_input = self._run_input
        if process_output_result is not None:
            self.process_output_result = self._run_result
        if process_output_stream is not None:
            self.process_output_stream = self._run_stream

    def __repr__(self) -> str:
        return f"MastraProcessor(id={self.id!r})"

    async def _run_input(self, args: ProcessInputArgs) -> list[Message] | dict[str, Any]:
        assert self._input is not None
        db = [to_db_message(m) for m in args.messages]
        value = await _call(
            self._input,
            {
                "messages": db,
                "systemMessages": [
                    {"role": "system", "content": m.content} for m in args.system_messages
                ],
                "abort": args.abort,
                "state": args.state,
                "requestContext": args.runtime_context,
                "retryCount": args.retry_count,
            },
        )
        messages = _messages_back(value, db, args.messages)
        if isinstance(value, dict) and value.get("systemMessages") is not None:
            system = [
                from_db_message({"role": "system", **_system_dict(m)})
                for m in value["systemMessages"]
            ]
            return {"messages": messages, "system_messages": system}
        return messages

    async def _run_result(self, args: ProcessOutputResultArgs) -> list[Message]:
        assert self._result is not None
        db = [to_db_message(m) for m in args.messages]
        value = await _call(
            self._result,
            {
                "messages": db,
                "result": args.result,
                "abort": args.abort,
                "state": args.state,
                "requestContext": args.runtime_context,
                "retryCount": args.retry_count,
            },
        )
        return _messages_back(value, db, args.messages)

    async def _run_stream(self, args: ProcessOutputStreamArgs) -> StreamPart | None:
        assert self._stream is not None
        value = await _call(
            self._stream,
            {
                "part": {"type": args.part.type, "payload": dict(args.part.payload)},
                "streamParts": [
                    {"type": p.type, "payload": dict(p.payload)} for p in args.stream_parts
                ],
                "state": args.state,
                "abort": args.abort,
                "requestContext": args.runtime_context,
            },
        )
        if value is None:
            return None
        if isinstance(value, StreamPart):
            return value
        return StreamPart(str(value.get("type")), dict(value.get("payload") or {}))


__all__ = [
    "BatchPartsProcessor",
    "LanguageDetector",
    "MastraProcessor",
    "MemoryTokenLimiter",
    "MemoryToolCallFilter",
    "ModerationProcessor",
    "PIIDetector",
    "PromptInjectionDetector",
    "TokenLimiter",
    "TokenLimiterProcessor",
    "ToolCallFilter",
    "TripWire",
    "UnicodeNormalizer",
    "from_db_message",
    "to_db_message",
]
