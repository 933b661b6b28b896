"""What a run returns: steps, tool calls and results, usage, the final text and object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lumosai.llm.messages import Message, ToolCall, ToolResult, Usage
from lumosai.llm.model import FinishReason


@dataclass(slots=True)
class AgentStep:
    """One model step and the tool calls it triggered.

    ``step_type`` is ``"initial"`` for the first step and ``"tool-result"`` for a step that
    followed tool results (the AI SDK names).
    """

    index: int
    step_type: str
    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_results: list[ToolResult] = field(default_factory=list)
    finish_reason: FinishReason = "stop"
    usage: Usage = field(default_factory=Usage)
    model_id: str | None = None

    @property
    def output(self) -> str:
        return self.text


@dataclass(slots=True)
class AgentResult:
    """The outcome of ``Agent.generate`` (and of a finished ``Agent.stream``).

    ``messages`` are the messages this run added to the conversation: the input messages, then
    assistant and tool messages, in order (what memory stores).
    """

    text: str
    steps: list[AgentStep]
    usage: Usage
    finish_reason: FinishReason
    messages: list[Message] = field(default_factory=list)
    object: Any = None
    run_id: str | None = None
    thread_id: str | None = None
    resource_id: str | None = None
    tripwire: bool = False
    """A processor called ``abort()``: the run stopped on purpose (Mastra ``tripwire``)."""
    tripwire_reason: str | None = None
    tripwire_details: dict[str, Any] | None = None
    suspend_payload: dict[str, Any] | None = None
    """``finish_reason == "suspended"``: the tool call waiting for approval
    (``toolCallId``, ``toolName``, ``args``), as Mastra's ``suspendPayload``."""
    """``processor_id``, ``retry`` and ``metadata`` of the abort."""

    @property
    def tripwireReason(self) -> str | None:
        return self.tripwire_reason

    @property
    def response(self) -> str:
        """Lumos's name for the final text."""
        return self.text

    @property
    def tool_calls(self) -> list[ToolCall]:
        return [call for step in self.steps for call in step.tool_calls]

    @property
    def tool_results(self) -> list[ToolResult]:
        return [res for step in self.steps for res in step.tool_results]

    @property
    def response_messages(self) -> list[Message]:
        """Only the messages the agent produced (assistant and tool)."""
        return [m for m in self.messages if m.role in ("assistant", "tool")]

    def __str__(self) -> str:
        return self.text
