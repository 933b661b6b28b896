"""Running processor lists in order, as the agent loop does: input processors once before the
first model call, output stream processors on every streamed part, output result processors
on the run's messages. A ``TripWire`` from any of them propagates to the loop."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from lumosai.llm.messages import Message
from lumosai.processors.base import (
    ProcessInputArgs,
    ProcessOutputResultArgs,
    ProcessOutputStreamArgs,
    StreamPart,
    TripWire,
    make_abort,
)

ProcessorsArg = Sequence[Any] | Callable[[Any], Any] | None


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


async def resolve_processors(value: ProcessorsArg, runtime_context: Any) -> list[Any]:
    """A list of processors, or a (sync/async) function of the runtime context returning one
    (Mastra's ``inputProcessors: ({ requestContext }) => [...]``)."""
    if value is None:
        return []
    items: Any = value
    if callable(value) and not isinstance(value, list | tuple):
        items = await _maybe_await(value(runtime_context))
    return [p for p in (items or []) if p is not None]


def processor_id(processor: Any) -> str:
    return str(getattr(processor, "id", None) or type(processor).__name__)


def _state(states: dict[str, dict[str, Any]], processor: Any) -> dict[str, Any]:
    return states.setdefault(processor_id(processor), {})


def _tagged(exc: TripWire, processor: Any) -> TripWire:
    if exc.processor_id is None:
        exc.processor_id = processor_id(processor)
    return exc


def _hook_args(
    processor: Any, states: dict[str, dict[str, Any]], runtime_context: Any
) -> dict[str, Any]:
    """What every hook's args carry: its own ``abort`` and ``state``, and the run's context."""
    return {
        "abort": make_abort(processor_id(processor)),
        "state": _state(states, processor),
        "runtime_context": runtime_context,
    }


async def _call_hook(processor: Any, hook: Callable[[Any], Any], args: Any) -> Any:
    """One (sync or async) hook call; a ``TripWire`` leaves it naming the processor."""
    try:
        return await _maybe_await(hook(args))
    except TripWire as exc:
        raise _tagged(exc, processor) from None


def _as_messages(value: Any, fallback: list[Message], who: str) -> list[Message]:
    if value is None:
        return fallback
    if isinstance(value, dict) and "messages" in value:  # Mastra's { messages, systemMessages }
        value = value["messages"]
    if not isinstance(value, list) or not all(isinstance(m, Message) for m in value):
        raise TypeError(f"processor {who!r} must return a list of Message, got {value!r:.200}")
    return value


async def run_input(
    processors: Sequence[Any],
    messages: list[Message],
    system_messages: list[Message],
    *,
    runtime_context: Any = None,
    states: dict[str, dict[str, Any]] | None = None,
    history: list[Message] | None = None,
) -> list[Message]:
    """Each processor's ``process_input`` in order, feeding the next one."""
    messages, _ = await run_input_and_system(
        processors,
        messages,
        system_messages,
        runtime_context=runtime_context,
        states=states,
        history=history,
    )
    return messages


def _system_of(value: Any, fallback: list[Message], who: str) -> list[Message]:
    """``{"messages": ..., "system_messages" | "systemMessages": [...]}`` replaces the
    system messages too (Mastra's ``{ messages, systemMessages }``)."""
    if not isinstance(value, dict):
        return fallback
    system = value.get("system_messages", value.get("systemMessages"))
    if system is None:
        return fallback
    return _as_messages(list(system), fallback, who)


async def run_input_and_system(
    processors: Sequence[Any],
    messages: list[Message],
    system_messages: list[Message],
    *,
    runtime_context: Any = None,
    states: dict[str, dict[str, Any]] | None = None,
    history: list[Message] | None = None,
) -> tuple[list[Message], list[Message]]:
    """``run_input``, also returning the system messages processors may have replaced.
    ``history`` (memory's) is handed to every processor as the same list."""
    states = {} if states is None else states
    history = [] if history is None else history
    for proc in processors:
        hook = getattr(proc, "process_input", None)
        if hook is None:
            continue
        args = ProcessInputArgs(
            messages=list(messages),
            system_messages=list(system_messages),
            history=history,
            **_hook_args(proc, states, runtime_context),
        )
        out = await _call_hook(proc, hook, args)
        system_messages = _system_of(out, system_messages, processor_id(proc))
        messages = _as_messages(out, messages, processor_id(proc))
    return messages, system_messages


async def _chain_messages(
    processors: Sequence[Any],
    hook_name: str,
    messages: list[Message],
    args_for: Callable[[Any, list[Message]], Any],
) -> list[Message]:
    """Each processor's ``hook_name`` in order, each fed the messages the one before returned
    (``None`` keeps them)."""
    for proc in processors:
        hook = getattr(proc, hook_name, None)
        if hook is None:
            continue
        out = await _call_hook(proc, hook, args_for(proc, messages))
        messages = _as_messages(out, messages, processor_id(proc))
    return messages


async def run_llm_request(
    processors: Sequence[Any],
    messages: list[Message],
    *,
    step_number: int,
    runtime_context: Any = None,
    states: dict[str, dict[str, Any]] | None = None,
) -> list[Message]:
    """Each processor's ``process_llm_request`` on the prompt of one model call (system
    messages included); what they return is sent for this call only, nothing is stored."""
    states = {} if states is None else states

    def args_for(proc: Any, messages: list[Message]) -> ProcessInputArgs:
        return ProcessInputArgs(
            messages=list(messages),
            system_messages=[m for m in messages if m.role == "system"],
            step_number=step_number,
            **_hook_args(proc, states, runtime_context),
        )

    return await _chain_messages(processors, "process_llm_request", messages, args_for)


async def run_output_result(
    processors: Sequence[Any],
    messages: list[Message],
    *,
    result: Any = None,
    runtime_context: Any = None,
    states: dict[str, dict[str, Any]] | None = None,
) -> list[Message]:
    """Each processor's ``process_output_result`` in order, feeding the next one."""
    states = {} if states is None else states

    def args_for(proc: Any, messages: list[Message]) -> ProcessOutputResultArgs:
        return ProcessOutputResultArgs(
            messages=list(messages),
            result=result,
            **_hook_args(proc, states, runtime_context),
        )

    return await _chain_messages(processors, "process_output_result", messages, args_for)


class OutputStreamRunner:
    """Feeds streamed parts through every ``process_output_stream`` in order; a processor may
    drop a part (``None``), change it, or emit several (a list)."""

    def __init__(
        self,
        processors: Sequence[Any],
        *,
        runtime_context: Any = None,
        states: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.processors = [p for p in processors if hasattr(p, "process_output_stream")]
        self.runtime_context = runtime_context
        self.states = {} if states is None else states
        self._seen: dict[str, list[StreamPart]] = {}

    @property
    def active(self) -> bool:
        return bool(self.processors)

    async def feed(self, part: StreamPart) -> list[StreamPart]:
        parts = [part]
        for proc in self.processors:
            pid = processor_id(proc)
            seen = self._seen.setdefault(pid, [])
            out: list[StreamPart] = []
            for item in parts:
                seen.append(item)
                args = ProcessOutputStreamArgs(
                    part=item,
                    stream_parts=list(seen),
                    **_hook_args(proc, self.states, self.runtime_context),
                )
                value = await _call_hook(proc, proc.process_output_stream, args)
                if value is None:
                    continue
                out.extend(value if isinstance(value, list) else [value])
            parts = out
        return parts
