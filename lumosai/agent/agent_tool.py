"""An agent used as a tool by another agent (Mastra sub-agents, Lumos orchestration).

Mastra 1.x's delegation tool takes the prompt and, optionally, a memory thread and resource
for the sub-agent, extra instructions, a step budget, and the ids to resume a suspended call;
``version="0.x"`` is Mastra 0.24's, which takes the prompt only.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.agent.workflow_tool import RESUME_PARAMETERS
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext

if TYPE_CHECKING:
    from lumosai.agent.agent import Agent

#: Mastra 1.x's lower bound on a delegated run's steps
MIN_DELEGATED_STEPS = 3

PROMPT = {"type": "string", "description": "The request for the agent"}
DELEGATION_PARAMETERS: dict[str, Any] = {
    "threadId": {
        "type": "string",
        "description": "A memory thread for the agent, to continue a conversation with it",
    },
    "resourceId": {
        "type": "string",
        "description": "The user or resource the agent's memory belongs to",
    },
    "instructions": {
        "type": "string",
        "description": "Extra guidance added to the agent's own instructions; usually empty",
    },
    "maxSteps": {
        "anyOf": [{"type": "number"}, {"type": "string"}],
        "description": "How many steps the agent may take at most (a whole number, 3 or more)",
    },
    **RESUME_PARAMETERS,
}


def _steps(value: Any) -> int:
    """``maxSteps`` as the model sent it (a number or a numeric string)."""
    steps = float(value)
    if not steps.is_integer() or steps < MIN_DELEGATED_STEPS:
        raise ValueError(f"maxSteps must be a whole number >= {MIN_DELEGATED_STEPS}, got {value!r}")
    return int(steps)


class AgentTool(Tool):
    """Calls ``agent.generate(prompt)`` and returns its text."""

    def __init__(
        self,
        agent: Agent,
        *,
        name: str | None = None,
        description: str | None = None,
        version: str = "1.x",
    ) -> None:
        self.legacy = version == "0.x"
        properties: dict[str, Any] = {"prompt": dict(PROMPT)}
        if not self.legacy:
            properties.update(DELEGATION_PARAMETERS)
        super().__init__(
            id=name or agent.name,
            description=description or agent.description or f"Ask the {agent.name} agent.",
            parameters={"type": "object", "properties": properties, "required": ["prompt"]},
        )
        self.agent = agent

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        if args.get("resumeData") is not None or args.get("suspendedToolCallId"):
            raise ValueError(
                f"{self.id}: resuming a suspended sub-agent call is not supported; "
                "call the agent again with a new prompt"
            )
        options: dict[str, Any] = {
            "runtime_context": context.runtime_context,
            "resource_id": context.resource_id,
        }
        if args.get("resourceId"):
            options["resource_id"] = f"{args['resourceId']}-{self.agent.name}"
        if args.get("threadId"):  # a thread of its own, named after the one given (Mastra)
            options["thread_id"] = f"{args['threadId']}-{uuid.uuid4()}"
        if args.get("instructions"):
            ctx = context.runtime_context or RuntimeContext()
            own = await self.agent.resolve_instructions(ctx)
            options["instructions"] = "\n\n".join(t for t in (own, args["instructions"]) if t)
        if args.get("maxSteps") is not None:
            options["max_steps"] = _steps(args["maxSteps"])
        result = await self.agent.generate(args["prompt"], **options)
        return result.text
