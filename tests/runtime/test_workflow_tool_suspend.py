"""A `workflow-<key>` tool whose run suspends suspends the agent's run (Mastra 1.71): finish
reason `suspended`, text '', no tool result, one model call, the step's payload in
`suspend_payload`; `agent.resume_generate(data, run_id=)` resumes the workflow run, whose outcome
becomes the call's result, and the model goes on. Memory on a real SQLite file keeps a valid
conversation across the pause. Found by `verify` on fixtures/mastra/library-1x."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from lumosai import Agent, tool
from lumosai.agent.workflow_tool import WorkflowTool, workflow_tool
from lumosai.memory import MemoryConfig, SqliteStorage
from lumosai.testing import ScriptedModel
from lumosai.tool.context import ToolExecutionContext
from lumosai.workflow import WorkflowBuilder, create_step


class Refund(BaseModel):
    invoice: str
    amount: int


class Approval(BaseModel):
    approve: bool
    by: str


def refund_workflow() -> Any:
    async def approve(ctx: Any) -> Any:
        if ctx.resume_data is None:
            return await ctx.suspend({"reason": f"{ctx.input_data['amount']} needs a manager"})
        if ctx.resume_data["by"] == "junior":
            return await ctx.suspend({"reason": "a senior must approve"})
        return {"refunded": ctx.resume_data["approve"], "by": ctx.resume_data["by"]}

    return (
        WorkflowBuilder(id="refund", description="Refunds an invoice")
        .input_schema(Refund)
        .then(create_step(id="approve", execute=approve, resume_schema=Approval))
        .commit()
    )


@tool
def lookup(invoice: str) -> dict[str, str]:
    """Look an invoice up."""
    return {"invoice": invoice, "status": "paid"}


REFUND_CALL = {
    "name": "workflow-refund",
    "args": {"inputData": {"invoice": "inv-7", "amount": 300}},
}


def desk(script: list[dict[str, Any]], tmp_path: Path | None = None) -> tuple[Agent, WorkflowTool]:
    flow = workflow_tool(refund_workflow(), name="workflow-refund")
    memory: dict[str, Any] = {}
    if tmp_path is not None:
        memory = {
            "memory_config": MemoryConfig(last_messages=20),
            "storage": SqliteStorage(str(tmp_path / "memory.db")),
        }
    agent = Agent(
        name="desk",
        instructions="Refunds.",
        model=ScriptedModel(script),
        tools={flow.id: flow, "lookup": lookup},
        **memory,  # type: ignore[arg-type]
    )
    return agent, flow


def requests(agent: Agent) -> list[Any]:
    return agent.model.requests  # type: ignore[union-attr,no-any-return]


async def test_the_agent_run_suspends_with_the_workflow_run(tmp_path: Path) -> None:
    agent, flow = desk([{"tool_call": REFUND_CALL}, {"text": "Refunded."}], tmp_path)
    first = await agent.generate("refund inv-7", thread_id="t1", resource_id="u1")
    assert first.finish_reason == "suspended" and first.text == ""
    assert len(requests(agent)) == 1 and first.tool_results == []
    assert [c.name for c in first.tool_calls] == ["workflow-refund"]
    payload = dict(first.suspend_payload or {})
    schema = json.loads(payload.pop("resumeSchema"))
    assert set(schema["properties"]) == {"approve", "by"}
    assert payload == {
        "toolCallId": first.tool_calls[0].id,
        "toolName": "workflow-refund",
        "args": REFUND_CALL["args"],
        "suspendPayload": {"reason": "300 needs a manager"},
    }
    assert first.run_id in agent.suspended_runs
    status = await flow.workflow.get_status(flow.suspended_calls[first.tool_calls[0].id])
    assert status == "suspended"


async def test_resume_generate_resumes_the_workflow_and_the_model_goes_on(tmp_path: Path) -> None:
    agent, flow = desk(
        [{"tool_call": REFUND_CALL}, {"text": "Refunded by Noor."}, {"text": "Bye."}], tmp_path
    )
    first = await agent.generate("refund inv-7", thread_id="t1", resource_id="u1")
    workflow_run = flow.suspended_calls[first.tool_calls[0].id]
    done = await agent.resume_generate({"approve": True, "by": "Noor"}, run_id=first.run_id or "")
    assert done.finish_reason == "stop" and done.text == "Refunded by Noor."
    assert done.run_id == first.run_id and first.run_id not in agent.suspended_runs
    [result] = done.tool_results
    assert result.result == {"result": {"refunded": True, "by": "Noor"}, "runId": workflow_run}
    assert result.args == REFUND_CALL["args"]  # the call as the model made it
    # the model got the workflow's outcome as the call's result
    sent = requests(agent)[1].messages
    assert [m.role for m in sent if m.role != "system"] == ["user", "assistant", "tool"]
    assert sent[-1].tool_results[0].result == result.result
    # memory keeps the whole exchange: the next turn sees it
    await agent.generate("thanks", thread_id="t1", resource_id="u1")
    history = [m for m in requests(agent)[-1].messages if m.role != "system"]
    assert [m.role for m in history] == ["user", "assistant", "tool", "assistant", "user"]
    assert history[2].tool_results[0].result == result.result


async def test_a_turn_that_does_not_resume_sees_only_the_question(tmp_path: Path) -> None:
    agent, _ = desk([{"tool_call": REFUND_CALL}, {"text": "Open today."}], tmp_path)
    await agent.generate("refund inv-7", thread_id="t2", resource_id="u1")
    await agent.generate("what is open?", thread_id="t2", resource_id="u1")
    history = [m for m in requests(agent)[-1].messages if m.role != "system"]
    assert [(m.role, m.content) for m in history] == [
        ("user", "refund inv-7"),
        ("user", "what is open?"),
    ]


async def test_a_run_that_suspends_again_keeps_the_agent_waiting() -> None:
    agent, _ = desk([{"tool_call": REFUND_CALL}, {"text": "Done."}])
    first = await agent.generate("refund inv-7")
    again = await agent.resume_generate({"approve": True, "by": "junior"}, run_id=first.run_id)
    assert again.finish_reason == "suspended" and len(requests(agent)) == 1
    assert again.suspend_payload["suspendPayload"] == {"reason": "a senior must approve"}
    done = await agent.resume_generate({"approve": False, "by": "Ada"}, run_id=first.run_id)
    assert done.text == "Done."
    assert done.tool_results[0].result["result"] == {"refunded": False, "by": "Ada"}


async def test_calls_that_finished_in_the_step_keep_their_results() -> None:
    both = {"tool_calls": [{"name": "lookup", "args": {"invoice": "inv-7"}}, REFUND_CALL]}
    agent, _ = desk([both, {"text": "Refunded."}])
    first = await agent.generate("refund inv-7")
    assert first.finish_reason == "suspended"
    assert [r.name for r in first.tool_results] == ["lookup"]
    assert first.suspend_payload["toolName"] == "workflow-refund"
    done = await agent.resume_generate({"approve": True, "by": "Noor"}, run_id=first.run_id)
    assert [r.name for r in done.tool_results] == ["lookup", "workflow-refund"]
    sent = requests(agent)[-1].messages[-1]
    assert [r.name for r in sent.tool_results] == ["lookup", "workflow-refund"]


async def test_an_approved_call_whose_run_suspends_waits_again() -> None:
    agent, _ = desk([{"tool_call": REFUND_CALL}, {"text": "Refunded."}])
    first = await agent.generate("refund inv-7", require_tool_approval=True)
    assert "suspendPayload" not in (first.suspend_payload or {})  # waits for an approval
    with pytest.raises(ValueError, match="waits for an approval"):
        await agent.resume_generate({"approve": True, "by": "Noor"}, run_id=first.run_id)
    waiting = await agent.approve_tool_call_generate(first.run_id)  # Mastra: {approved: true}
    assert waiting.finish_reason == "suspended"
    assert waiting.suspend_payload["suspendPayload"] == {"reason": "300 needs a manager"}
    done = await agent.resume_generate({"approve": True, "by": "Noor"}, run_id=first.run_id)
    assert done.text == "Refunded." and len(requests(agent)) == 2


async def test_resuming_an_unknown_run_fails() -> None:
    agent, _ = desk([{"text": "Hi."}])
    with pytest.raises(ValueError, match="no run 'nope' waiting"):
        await agent.resume_generate({"approve": True}, run_id="nope")


async def test_outside_an_agent_run_the_suspension_is_the_answer() -> None:
    flow = workflow_tool(refund_workflow(), name="workflow-refund")
    answer = await flow.execute(REFUND_CALL["args"], ToolExecutionContext(tool_call_id="c9"))
    assert answer["suspended"] == ["approve"] and answer["runId"] == flow.suspended_calls["c9"]
    assert answer["suspendPayload"] == {"reason": "300 needs a manager"}


async def test_the_mastra_shim_resumes_with_resume_generate() -> None:
    from lumosai.compat.mastra import Agent as MastraAgent

    model = ScriptedModel([{"tool_call": REFUND_CALL}, {"text": "Refunded."}])
    config = {"name": "Desk", "instructions": "Refunds.", "model": model}
    agent = MastraAgent({**config, "workflows": {"refund": refund_workflow()}})
    output = await agent.generate("refund inv-7")
    assert output.finishReason == "suspended" and output.text == ""
    assert output.suspendPayload["toolName"] == "workflow-refund"
    assert output.suspendPayload["suspendPayload"] == {"reason": "300 needs a manager"}
    done = await agent.resumeGenerate({"approve": True, "by": "Noor"}, {"runId": output.runId})
    assert done.text == "Refunded." and done.runId == output.runId
    assert done.toolResults[0].payload.result["result"] == {"refunded": True, "by": "Noor"}


async def test_a_streamed_run_ends_suspended_and_resumes() -> None:
    agent, _ = desk([{"tool_call": REFUND_CALL}, {"text": "Refunded."}])
    first = await agent.stream("refund inv-7").result()
    assert first.finish_reason == "suspended" and first.tool_results == []
    done = await agent.resume_generate({"approve": True, "by": "Noor"}, run_id=first.run_id)
    assert done.text == "Refunded."
