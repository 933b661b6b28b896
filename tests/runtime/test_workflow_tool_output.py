"""A workflow run by an agent's `workflow-<key>` tool: a run that bailed out returns its bail value
unchecked (Mastra 1.71 does not check it against the workflow's output schema), and the tool's
own output check (`{runId, result: <output schema>} | {runId, error}`) then rejects a value of
another shape in Mastra's words. Found by `verify` on fixtures/mastra/library-1x."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lumosai import Agent
from lumosai.agent.workflow_tool import workflow_tool
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step


class Order(BaseModel):
    isbn: str


class Placed(BaseModel):
    requestId: str


def _workflow() -> Any:
    async def place(ctx: Any) -> Any:
        if ctx.input_data["isbn"].startswith("979"):
            return ctx.bail({"heldLocally": True})
        return {"requestId": "ILL-1"}

    return (
        WorkflowBuilder(id="ill")
        .input_schema(Order)
        .output_schema(Placed)
        .then(create_step(id="place", execute=place))
        .commit()
    )


async def test_a_bail_value_is_the_result_unchecked() -> None:
    result = await _workflow().create_run().start({"isbn": "9790000000001"})
    assert result.status == "success" and result.result == {"heldLocally": True}


async def test_the_tool_rejects_a_result_of_another_shape() -> None:
    tool = workflow_tool(_workflow(), name="workflow-ill")
    calls = [
        {"name": "workflow-ill", "args": {"inputData": {"isbn": "9780000000002"}}},
        {"name": "workflow-ill", "args": {"inputData": {"isbn": "9790000000001"}}},
    ]
    model = ScriptedModel([{"tool_calls": calls}, {"text": "ok"}])
    agent = Agent(name="desk", instructions="Order.", model=model, tools={tool.id: tool})
    placed, bailed = (await agent.generate("order")).tool_results
    assert not placed.is_error and placed.result["result"] == {"requestId": "ILL-1"}
    assert bailed.is_error
    message = model.requests[1].messages[-1].tool_results[-1].result["message"]
    assert "- result: must have required property 'requestId'" in message
    assert "- result: must NOT have additional properties" in message
    assert "- root: must match a schema in anyOf" in message


async def test_a_failed_run_reports_the_errors_own_message() -> None:
    async def fetch(ctx: Any) -> Any:
        raise LookupError("GET /invoices/x failed")

    flow = WorkflowBuilder(id="f").then(create_step(id="fetch", execute=fetch)).commit()
    tool = workflow_tool(flow, name="workflow-f")
    model = ScriptedModel(
        [{"tool_call": {"name": "workflow-f", "args": {"inputData": {}}}}, {"text": "no"}]
    )
    agent = Agent(name="desk", instructions="Go.", model=model, tools={tool.id: tool})
    [failed] = (await agent.generate("go")).tool_results
    assert failed.result["error"] == "GET /invoices/x failed"  # Mastra: error.message
