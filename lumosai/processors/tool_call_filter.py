"""``ToolCallFilter``: keeps tool calls and results of earlier turns out of the prompt (all of
them, or only those of the named tools) to save tokens; this run's own calls stay."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lumosai.llm.messages import Message
from lumosai.processors.base import BaseProcessor, ProcessInputArgs


def tool_call_ids(messages: Iterable[Message], names: Sequence[str] | None = None) -> set[str]:
    """Ids of the tool calls in ``messages`` (only those of tools in ``names`` if given)."""
    return {c.id for m in messages for c in m.tool_calls if names is None or c.name in names}


def without_tool_calls(messages: Iterable[Message], excluded: set[str]) -> list[Message]:
    """``messages`` minus the tool calls and results with an id in ``excluded``, always as a
    pair; a message left with nothing is dropped."""
    out: list[Message] = []
    for m in messages:
        calls = [c for c in m.tool_calls if c.id not in excluded]
        results = [r for r in m.tool_results if r.id not in excluded]
        if len(calls) == len(m.tool_calls) and len(results) == len(m.tool_results):
            out.append(m)
            continue
        if not calls and not results and not m.content:
            continue
        out.append(
            Message(
                role=m.role,
                content=m.content,
                tool_calls=calls,
                tool_results=results,
                name=m.name,
                id=m.id,
                created_at=m.created_at,
                metadata=dict(m.metadata),
            )
        )
    return out


class ToolCallFilter(BaseProcessor):
    """Mastra 1.x ``ToolCallFilter({exclude, filterAfterToolSteps})`` as a prompt processor.

    Without ``exclude`` every tool call is filtered; with a list only calls of those tools
    (an empty list filters nothing). Tool calls of the current run stay unless
    ``filter_after_tool_steps`` is set, which instead keeps the calls of that many most recent
    tool-calling steps. Only the prompt changes: memory keeps everything.
    """

    id = "tool-call-filter"
    name = "ToolCallFilter"

    def __init__(
        self,
        *,
        exclude: Sequence[str] | None = None,
        filter_after_tool_steps: int | None = None,
        preserve_model_output: bool = False,
    ) -> None:
        self.exclude = list(exclude) if exclude is not None else None
        self.filter_after_tool_steps = filter_after_tool_steps
        self.preserve_model_output = preserve_model_output

    def _preserved(self, messages: list[Message], state: dict[str, object]) -> set[str]:
        if self.filter_after_tool_steps is None:
            history = state.setdefault("history_tool_call_ids", tool_call_ids(messages))
            assert isinstance(history, set)
            return tool_call_ids(messages) - history
        steps = [
            [c.id for c in m.tool_calls] for m in messages if m.role == "assistant" and m.tool_calls
        ]
        keep = max(0, self.filter_after_tool_steps)
        return {i for step in (steps[-keep:] if keep else []) for i in step}

    def process_llm_request(self, args: ProcessInputArgs) -> list[Message] | None:
        if self.exclude is not None and not self.exclude:
            return None
        excluded = tool_call_ids(args.messages, self.exclude) - self._preserved(
            args.messages, args.state
        )
        if not excluded:
            return None
        return without_tool_calls(args.messages, excluded)
