"""An agent used as a tool by another agent (Mastra sub-agents, Lumos orchestration)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext

if TYPE_CHECKING:
    from lumosai.agent.agent import Agent


class AgentTool(Tool):
    """Calls ``agent.generate(prompt)`` and returns its text."""

    def __init__(
        self, agent: Agent, *, name: str | None = None, description: str | None = None
    ) -> None:
        super().__init__(
            id=name or agent.name,
            description=description or agent.description or f"Ask the {agent.name} agent.",
            parameters={
                "type": "object",
                "properties": {
                    "prompt": {"type": "string", "description": "The request for the agent"}
                },
                "required": ["prompt"],
            },
        )
        self.agent = agent

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        result = await self.agent.generate(
            args["prompt"],
            runtime_context=context.runtime_context,
            resource_id=context.resource_id,
        )
        return result.text
