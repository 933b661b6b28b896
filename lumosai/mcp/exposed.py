"""Agents and workflows as tools, the way Mastra's ``MCPServer`` exposes them:
``ask_<key>`` (input ``{message}``) and ``run_<key>`` (input = the workflow's input schema)."""

from __future__ import annotations

from typing import Any

from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext


def json_schema_of(schema: Any) -> dict[str, Any]:
    """A JSON schema from a pydantic model class, a dict schema, or nothing (any object)."""
    if schema is None:
        return {"type": "object", "properties": {}}
    if isinstance(schema, dict):
        return dict(schema)
    to_schema = getattr(schema, "model_json_schema", None)
    if callable(to_schema):
        found: dict[str, Any] = to_schema()
        return found
    return {"type": "object", "properties": {}}


class AskAgentTool(Tool):
    """``ask_<key>``: runs ``agent.generate(message)``; returns text, finish reason, usage."""

    def __init__(self, key: str, agent: Any) -> None:
        description = getattr(agent, "description", None)
        if not description:
            raise ValueError(
                f"agent {getattr(agent, 'name', key)!r} (key {key!r}) needs a non-empty "
                f"description to be exposed by an MCPServer"
            )
        super().__init__(
            id=f"ask_{key}",
            description=f"Ask agent '{agent.name}' a question. Agent description: {description}",
            parameters={
                "type": "object",
                "properties": {
                    "message": {
                        "type": "string",
                        "description": "The question or input for the agent.",
                    }
                },
                "required": ["message"],
                "additionalProperties": False,
            },
        )
        self.agent = agent

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        result = await self.agent.generate(args["message"], runtime_context=context.runtime_context)
        return {
            "text": result.text,
            "finishReason": result.finish_reason,
            "usage": {
                "inputTokens": result.usage.prompt_tokens,
                "outputTokens": result.usage.completion_tokens,
                "totalTokens": result.usage.total_tokens,
            },
            "toolCalls": [
                {"toolCallId": c.id, "toolName": c.name, "args": c.args} for c in result.tool_calls
            ],
        }


class RunWorkflowTool(Tool):
    """``run_<key>``: starts a run with the arguments as input data; returns the run result."""

    def __init__(self, key: str, workflow: Any) -> None:
        description = getattr(workflow, "description", None)
        if not description:
            raise ValueError(
                f"workflow {getattr(workflow, 'id', key)!r} (key {key!r}) needs a non-empty "
                f"description to be exposed by an MCPServer"
            )
        super().__init__(
            id=f"run_{key}",
            description=f"Run workflow '{key}'. Workflow description: {description}",
            parameters=json_schema_of(getattr(workflow, "input_schema", None)),
        )
        self.workflow = workflow

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        result = await self.workflow.execute(args, context.runtime_context)
        to_dict = getattr(result, "to_dict", None)
        return to_dict() if callable(to_dict) else result
