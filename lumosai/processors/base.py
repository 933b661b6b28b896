"""The processor protocol: hooks that see (and may change or stop) what goes into and comes
out of an agent run, as Mastra's ``inputProcessors`` / ``outputProcessors``.

A processor is any object with an ``id`` and one or more of these async (or sync) methods,
each taking one keyword-style args object:

* ``process_input(args: ProcessInputArgs) -> list[Message] | None``: once, before the first
  model call; ``args.messages`` are this call's input messages (as Mastra 0.x's
  ``messageList.get.input``; memory's history is ``args.history``), or the history followed
  by the input when the agent has ``input_processors_see_history=True`` (Mastra 1.x).
  Return the new list (``None`` keeps it).
* ``process_output_stream(args: ProcessOutputStreamArgs) -> StreamPart | list | None``: each
  streamed part (``text-delta`` parts, and a ``step-finish`` part after each model step);
  return the part (maybe changed), ``None`` to drop it, or a list to emit several.
* ``process_output_result(args: ProcessOutputResultArgs) -> list[Message] | None``: once, on
  the messages the run produced (assistant and tool), before they are returned and stored.

``args.abort(reason)`` raises ``TripWire``: the run stops and its result carries
``tripwire=True`` and ``tripwire_reason`` (nothing is stored in memory), as Mastra's ``abort``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol, runtime_checkable

from lumosai.llm.messages import Message


class TripWire(Exception):
    """Raised by ``abort()``: a processor stopped the run on purpose (not an error)."""

    def __init__(
        self,
        reason: str = "",
        *,
        retry: bool = False,
        metadata: dict[str, Any] | None = None,
        processor_id: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.metadata = dict(metadata or {})
        self.processor_id = processor_id


def make_abort(processor_id: str | None) -> Callable[..., NoReturn]:
    """The ``abort(reason, options)`` function handed to one processor."""

    def abort(reason: str | None = None, options: dict[str, Any] | None = None) -> NoReturn:
        opts = options or {}
        raise TripWire(
            reason or f"Tripwire triggered by {processor_id or 'a processor'}",
            retry=bool(opts.get("retry", False)),
            metadata=opts.get("metadata"),
            processor_id=processor_id,
        )

    return abort


def _abort_placeholder(
    reason: str | None = None, options: dict[str, Any] | None = None
) -> NoReturn:
    raise TripWire(reason or "Tripwire triggered")


class _ArgsMapping:
    """Args objects also read like the dict Mastra passes (``args["messages"]``,
    ``args.get("abort")``), so translated TypeScript that destructures them runs unchanged."""

    def __getitem__(self, key: str) -> Any:
        name = _SNAKE.get(key, key)
        if not hasattr(self, name):
            raise KeyError(key)
        return getattr(self, name)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and hasattr(self, _SNAKE.get(key, key))


_SNAKE = {
    "systemMessages": "system_messages",
    "streamParts": "stream_parts",
    "requestContext": "runtime_context",
    "runtimeContext": "runtime_context",
    "retryCount": "retry_count",
    "messageList": "messages",
}


@dataclass
class ProcessInputArgs(_ArgsMapping):
    messages: list[Message]
    system_messages: list[Message] = field(default_factory=list)
    abort: Callable[..., NoReturn] = _abort_placeholder
    state: dict[str, Any] = field(default_factory=dict)
    runtime_context: Any = None
    retry_count: int = 0
    history: list[Message] = field(default_factory=list)
    """The history memory recalled (read it; delete from it in place to drop remembered
    messages, as ``TokenLimiterProcessor(trim_mode="memory-only")`` does)."""
    step_number: int = 0


@dataclass
class ProcessOutputResultArgs(_ArgsMapping):
    messages: list[Message]
    result: Any = None
    abort: Callable[..., NoReturn] = _abort_placeholder
    state: dict[str, Any] = field(default_factory=dict)
    runtime_context: Any = None
    retry_count: int = 0


@dataclass
class StreamPart:
    """One streamed chunk, shaped as Mastra's ``ChunkType``: ``type`` (``text-delta``,
    ``step-finish`` ...) and a ``payload`` dict (``payload["text"]`` for text deltas)."""

    type: str
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        value = self.payload.get("text")
        return value if isinstance(value, str) else ""

    def with_text(self, text: str) -> StreamPart:
        return StreamPart(self.type, {**self.payload, "text": text})

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


@dataclass
class ProcessOutputStreamArgs(_ArgsMapping):
    part: StreamPart
    stream_parts: list[StreamPart] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    abort: Callable[..., NoReturn] = _abort_placeholder
    runtime_context: Any = None


@runtime_checkable
class Processor(Protocol):
    """What the runner needs: an ``id``; the hook methods are optional (see module doc)."""

    id: str


class BaseProcessor:
    """Convenience base: sets ``id``/``name``; override the hooks you need."""

    id: str = "processor"
    name: str | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"


def text_of(message: Message) -> str:
    """The text a content processor inspects (Mastra's ``extractTextContent``)."""
    return message.content.strip() if isinstance(message.content, str) else ""


def with_text(message: Message, text: str) -> Message:
    """A copy of ``message`` with new text (tool calls, id and metadata kept)."""
    return Message(
        role=message.role,
        content=text,
        tool_calls=list(message.tool_calls),
        tool_results=list(message.tool_results),
        name=message.name,
        id=message.id,
        created_at=message.created_at,
        metadata=dict(message.metadata),
    )
