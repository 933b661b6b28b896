"""`workflow_tool`: a workflow offered to an agent's model as Mastra 1.x does (`workflow-<key>`,
`{inputData}` in, `{result, runId}` / `{error, runId}` out), run by a real agent loop."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lumosai import Agent
from lumosai.agent.workflow_tool import workflow_tool
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step


class Address(BaseModel):
    city: str


class RefundIn(BaseModel):
    invoice_id: str
    address: Address


def refund_workflow() -> Any:
    def approve(ctx: Any) -> dict[str, Any]:
        if ctx.input_data["invoice_id"] == "bad":
            raise ValueError("unknown invoice")
        return {"approved": True, "city": ctx.input_data["address"]["city"]}

    async def wait(ctx: Any) -> Any:
        if ctx.input_data["invoice_id"] == "big":
            return await ctx.suspend({"reason": "needs a supervisor"})
        return ctx.input_data

    return (
        WorkflowBuilder(id="refund", description="Refunds an invoice")
        .input_schema(RefundIn)
        .then(create_step(id="wait", execute=wait))
        .then(create_step(id="approve", execute=approve))
        .commit()
    )


def test_parameters_nest_the_input_schema_with_its_defs_at_the_root() -> None:
    tool = workflow_tool(refund_workflow(), name="workflow-refundWorkflow")
    assert tool.id == "workflow-refundWorkflow"
    assert tool.description == "Refunds an invoice"
    params = tool.parameters
    assert params["required"] == ["inputData"] and "additionalProperties" not in params
    # Mastra 1.x: the model may resume a suspended call (by its call or run id)
    assert {"suspendedToolCallId", "suspendedToolRunId", "resumeData"} <= set(params["properties"])
    inner = params["properties"]["inputData"]
    assert inner["properties"]["address"] == {"$ref": "#/$defs/Address"}
    assert "Address" in params["$defs"] and "$defs" not in inner


async def test_agent_runs_the_workflow_and_sees_each_outcome() -> None:
    tool = workflow_tool(refund_workflow(), name="workflow-refundWorkflow")
    calls = [
        {"invoice_id": "inv-1", "address": {"city": "Oslo"}},
        {"invoice_id": "bad", "address": {"city": "Oslo"}},
        {"invoice_id": "big", "address": {"city": "Oslo"}},
    ]
    model = ScriptedModel(
        [
            {
                "tool_calls": [
                    {"name": "workflow-refundWorkflow", "args": {"inputData": args}}
                    for args in calls
                ]
            },
            {"text": "done"},
        ]
    )
    agent = Agent(name="triage", instructions="Refund.", model=model, tools={tool.id: tool})
    result = await agent.generate("refund please")
    ok, failed = (r.result for r in result.tool_results)
    assert ok["result"] == {"approved": True, "city": "Oslo"} and ok["runId"]
    assert "unknown invoice" in failed["error"] and failed["runId"]
    # the third run suspends, and the agent's run with it (Mastra 1.x)
    assert result.finish_reason == "suspended" and len(model.requests) == 1
    assert result.suspend_payload["suspendPayload"] == {"reason": "needs a supervisor"}
    sent = model.requests[0].tools[0]
    assert sent["name"] == "workflow-refundWorkflow"


async def test_mastra_0x_form_takes_the_input_and_answers_the_run() -> None:
    tool = workflow_tool(refund_workflow(), name="workflow-refund", version="0.x")
    assert tool.parameters["properties"]["invoice_id"] == {"type": "string"}
    model = ScriptedModel(
        [
            {
                "tool_call": {
                    "name": "workflow-refund",
                    "args": {"invoice_id": "inv-2", "address": {"city": "Rome"}},
                }
            },
            {"text": "done"},
        ]
    )
    agent = Agent(name="triage", instructions="Refund.", model=model, tools={tool.id: tool})
    [answer] = (await agent.generate("refund")).tool_results
    assert answer.result["runId"] and answer.result["result"]["status"] == "success"
    assert answer.result["result"]["result"] == {"approved": True, "city": "Rome"}
