"""What a running tool may know about the call: thread, run, messages, runtime context, app."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.llm.messages import Message
from lumosai.tool.mcp_context import MCPToolContext

if TYPE_CHECKING:
    from lumosai.agent.agent import Agent


@dataclass(slots=True)
class ToolExecutionContext:
    """Passed to a tool as its keyword-only ``context`` parameter when the tool declares one.

    ``abort_signal`` is an ``asyncio.Event`` set when the caller wants the run to stop;
    ``app`` is the ``LumosApp`` the agent belongs to (or None); ``mcp`` is set when an
    ``MCPServer`` runs the tool (elicitation, notifications: ``lumosai.tool.MCPToolContext``).
    """

    thread_id: str | None = None
    resource_id: str | None = None
    run_id: str | None = None
    tool_call_id: str | None = None
    messages: list[Message] = field(default_factory=list)
    runtime_context: RuntimeContext = field(default_factory=RuntimeContext)
    abort_signal: asyncio.Event | None = None
    app: Any = None
    agent: Agent | None = None
    mcp: MCPToolContext | None = None
