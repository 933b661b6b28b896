"""Typed events of ``Agent.stream``; text deltas are plain ``str`` between them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from lumosai.llm.messages import ToolCall, ToolResult

if TYPE_CHECKING:
    from lumosai.agent.result import AgentResult, AgentStep


@dataclass(slots=True)
class ToolCallEvent:
    type: ClassVar[str] = "tool-call"
    tool_call: ToolCall


@dataclass(slots=True)
class ToolResultEvent:
    type: ClassVar[str] = "tool-result"
    tool_result: ToolResult


@dataclass(slots=True)
class StepFinishEvent:
    type: ClassVar[str] = "step-finish"
    step: AgentStep


@dataclass(slots=True)
class TripwireEvent:
    """A processor aborted the run; the ``FinishEvent`` after it has ``tripwire=True``."""

    type: ClassVar[str] = "tripwire"
    reason: str
    processor_id: str | None = None


@dataclass(slots=True)
class FinishEvent:
    type: ClassVar[str] = "finish"
    result: AgentResult


AgentEvent = ToolCallEvent | ToolResultEvent | StepFinishEvent | TripwireEvent | FinishEvent
StreamItem = str | AgentEvent
