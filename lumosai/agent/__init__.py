"""Agents: ``Agent``, its builder, results, stream events and ``RuntimeContext``."""

from lumosai.agent.agent import Agent, AgentGenerateOptions
from lumosai.agent.builder import AgentBuilder
from lumosai.agent.events import (
    AgentEvent,
    FinishEvent,
    StepFinishEvent,
    StreamItem,
    ToolCallEvent,
    ToolResultEvent,
    TripwireEvent,
)
from lumosai.agent.loop import RunAbortedError, StructuredOutputError
from lumosai.agent.result import AgentResult, AgentStep
from lumosai.agent.runtime_context import RuntimeContext
from lumosai.agent.stream import AgentStream
from lumosai.agent.tool_errors import MastraToolErrors

__all__ = [
    "Agent",
    "AgentBuilder",
    "AgentEvent",
    "AgentGenerateOptions",
    "AgentResult",
    "AgentStep",
    "AgentStream",
    "FinishEvent",
    "MastraToolErrors",
    "RunAbortedError",
    "RuntimeContext",
    "StepFinishEvent",
    "StreamItem",
    "StructuredOutputError",
    "ToolCallEvent",
    "ToolResultEvent",
    "TripwireEvent",
]
