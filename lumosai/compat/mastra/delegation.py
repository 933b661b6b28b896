"""Sub-agents and workflows as tools, named and shaped as Mastra 1.71 exposes them to the model:
``agent-<key>`` (input ``{prompt, threadId?, resourceId?, instructions?, maxSteps?}``, output
``{text, subAgentThreadId, subAgentResourceId, subAgentToolResults, usage, finishReason}``) and
``workflow-<key>`` (input ``{inputData, initialState?}``, output ``{result, runId}`` or
``{error, runId}``). Both work with compat and native agents and workflows."""

from __future__ import annotations

import uuid
from typing import Any

from lumosai.agent.tool_suspension import ToolSuspended
from lumosai.agent.workflow_tool import first_suspend_payload
from lumosai.compat.mastra.schemas import json_schema_of
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext
from lumosai.tool.errors import ToolValidationError


def _nullable(kinds: list[str], description: str) -> dict[str, Any]:
    return {"description": description, "type": [*kinds, "null"]}


SUB_AGENT_INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "prompt": {"type": "string", "description": "The prompt to send to the agent"},
        "threadId": _nullable(
            ["string"], "Thread ID for conversation continuity for memory messages"
        ),
        "resourceId": _nullable(["string"], "Resource/user identifier for memory messages"),
        "instructions": _nullable(
            ["string"],
            "Additional instructions to append to the agent instructions. Only provide if you "
            "have specific guidance beyond what the agent already knows. Leave empty in most "
            "cases.",
        ),
        "maxSteps": _nullable(
            ["number", "string"],
            "Maximum number of execution steps for the sub-agent (integer, minimum 3)",
        ),
    },
    "required": ["prompt"],
    "additionalProperties": False,
}


class SubAgentTool(Tool):
    """``agent-<key>``: delegate a prompt to another agent."""

    def __init__(self, key: str, agent: Any, parent: Any) -> None:
        description = _describe(agent) or f"Agent: {key}"
        super().__init__(
            id=f"agent-{key}", description=description, parameters=SUB_AGENT_INPUT_SCHEMA
        )
        self.key = key
        self.agent = agent
        self.parent = parent

    def validate_args(self, args: Any) -> Any:
        args = super().validate_args(args)
        steps = args.get("maxSteps")
        if steps is not None:
            try:
                steps = int(float(steps))
            except (TypeError, ValueError):
                raise ToolValidationError(self.id, ["maxSteps: expected a number"], args) from None
            if steps < 3:
                raise ToolValidationError(
                    self.id, ["maxSteps: Too small: expected number to be >=3"], args
                )
            args = {**args, "maxSteps": steps}
        return args

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        from lumosai.compat.mastra.agent import Agent as CompatAgent

        thread = args.get("threadId")
        resource = args.get("resourceId")
        sub_thread = f"{thread}-{uuid.uuid4()}" if thread else str(uuid.uuid4())
        parent_id = getattr(self.parent, "id", "agent")
        sub_resource = f"{resource}-{self.key}" if resource else f"{parent_id}-{self.key}"
        instructions = args.get("instructions")
        if isinstance(self.agent, CompatAgent):
            options: dict[str, Any] = {"requestContext": context.runtime_context}
            if args.get("maxSteps"):
                options["maxSteps"] = args["maxSteps"]
            if instructions:
                own = await self.agent.resolve_instructions(context.runtime_context)
                options["instructions"] = f"{own}\n\n{instructions}" if own else instructions
            out = await self.agent.generate(args["prompt"], options)
            tool_results = [
                {
                    "toolName": r.payload.toolName,
                    "toolCallId": r.payload.toolCallId,
                    "result": r.payload.result,
                    "args": r.payload.args,
                    "isError": r.payload.get("isError"),
                }
                for r in out.toolResults
            ]
            return {
                "text": out.text,
                "finishReason": out.finishReason,
                "subAgentThreadId": sub_thread,
                "subAgentResourceId": sub_resource,
                "subAgentToolResults": tool_results,
                "usage": dict(out.usage),
            }
        kwargs: dict[str, Any] = {"runtime_context": context.runtime_context}
        if args.get("maxSteps"):
            kwargs["max_steps"] = args["maxSteps"]
        result = await self.agent.generate(args["prompt"], **kwargs)
        if isinstance(result, dict) and "toolResults" in result:  # a bridged TypeScript agent
            return {
                "text": result.get("text"),
                "finishReason": result.get("finishReason"),
                "subAgentThreadId": sub_thread,
                "subAgentResourceId": sub_resource,
                "subAgentToolResults": [
                    {
                        k: (r.get("payload") or {}).get(k)
                        for k in ("toolName", "toolCallId", "result", "args", "isError")
                    }
                    for r in result.get("toolResults") or []
                ],
                "usage": result.get("usage"),
            }
        return {
            "text": result.text,
            "finishReason": result.finish_reason,
            "subAgentThreadId": sub_thread,
            "subAgentResourceId": sub_resource,
            "subAgentToolResults": [
                {
                    "toolName": r.name,
                    "toolCallId": r.id,
                    "result": r.result,
                    "args": r.args,
                    "isError": r.is_error,
                }
                for r in result.tool_results
            ],
            "usage": {
                "inputTokens": result.usage.prompt_tokens,
                "outputTokens": result.usage.completion_tokens,
                "totalTokens": result.usage.total_tokens,
            },
        }


class WorkflowTool(Tool):
    """``workflow-<key>``: run a workflow with ``inputData`` and return its result."""

    def __init__(self, key: str, workflow: Any) -> None:
        input_schema = getattr(workflow, "inputSchema", None) or getattr(
            workflow, "input_schema", None
        )
        properties: dict[str, Any] = {
            "inputData": _schema_or_open(input_schema),
        }
        state_schema = getattr(workflow, "stateSchema", None) or getattr(
            workflow, "state_schema", None
        )
        if state_schema is not None:
            properties["initialState"] = _schema_or_open(state_schema)
        super().__init__(
            id=f"workflow-{key}",
            description=getattr(workflow, "description", None) or f"Workflow: {key}",
            parameters={
                "type": "object",
                "properties": properties,
                "required": ["inputData"],
                "additionalProperties": True,
            },
        )
        self.key = key
        self.workflow = workflow

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        if not hasattr(self.workflow, "create_run"):  # a bridged TypeScript workflow
            rc = context.runtime_context
            res = await self.workflow.start(
                args.get("inputData"), request_context=dict(rc.items()) if rc else None
            )
            status, run_id = res.get("status"), res.get("runId")
            if status == "success":
                return {"result": res.get("result"), "runId": run_id}
            if status == "suspended":
                return {
                    "runId": run_id,
                    "status": "suspended",
                    "suspended": res.get("suspended"),
                    "suspendPayload": res.get("suspendPayload"),
                }
            error = res.get("error")
            message = error.get("message") if isinstance(error, dict) else error
            return {"error": message or f"workflow {status}", "runId": run_id}
        resumed = args.get("suspendedToolRunId") if args.get("resumeData") is not None else None
        if resumed:  # agent.resume_generate / the model resumes the run (tool_suspension.py)
            run = await self.workflow.get_run(str(resumed))
            result = await run.resume(
                resume_data=args["resumeData"], runtime_context=context.runtime_context
            )
        else:
            run = self.workflow.create_run(resource_id=context.resource_id)
            result = await run.start(
                args.get("inputData"),
                initial_state=args.get("initialState"),
                runtime_context=context.runtime_context,
            )
        if result.status == "success":
            return {"result": result.result, "runId": run.run_id}
        if result.status == "suspended" and context.agent is not None:
            # Mastra 1.x: the agent's run suspends with the workflow's
            raise ToolSuspended(first_suspend_payload(result), run_id=run.run_id)
        if result.status == "suspended":
            return {
                "runId": run.run_id,
                "status": "suspended",
                "suspended": result.suspended,
                "suspendPayload": result.suspend_payload,
            }
        return {"error": result.error or f"workflow {result.status}", "runId": run.run_id}


def _schema_or_open(schema: Any) -> dict[str, Any]:
    if schema is None:
        return {"type": "object", "additionalProperties": True}
    try:
        found = json_schema_of(schema)
    except TypeError:
        found = None
    return found or {"type": "object", "additionalProperties": True}


def _describe(agent: Any) -> str | None:
    getter = getattr(agent, "getDescription", None)
    if callable(getter):
        return str(getter() or "") or None
    return getattr(agent, "description", None)
