"""verify scenarios with a `resume` turn: the format, the mock's script for the resumed run's
model calls, and the Lumos runner resuming a run a workflow tool suspended (real runtime,
scripted mock model)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from lumosai import Agent
from lumosai.agent.workflow_tool import workflow_tool
from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.llm.model import ModelRequest
from lumosai.migrate.verify.py_runner import agent_turn
from lumosai.migrate.verify.responder import Responder
from lumosai.migrate.verify.scenarios import ScenarioError, parse_scenarios
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step

CALL = {"name": "workflow-hold", "args": {"inputData": {"isbn": "978"}}}
SCENARIO = {
    "name": "hold",
    "target": "desk",
    "turns": [
        {"message": "Hold 978 for me", "script": [{"tool_call": CALL}, {"text": "Held."}]},
        {"resume": {"ok": True}},
    ],
}


class Hold(BaseModel):
    isbn: str


def test_a_resume_turn_has_data_instead_of_a_message() -> None:
    [scenario] = parse_scenarios({"scenarios": [SCENARIO]}).scenarios
    assert scenario.wire()["turns"][1]["message"] is None
    assert scenario.wire()["turns"][1]["resume"] == {"ok": True}
    bad_turns: list[list[dict[str, Any]]] = [
        [{"message": "x", "resume": 1}],  # both
        [{"script": [{"text": "x"}]}],  # neither
        [{"resume": None}],  # nothing before it to resume
        [{"message": "x"}, {"resume": 1, "script": [{"text": "y"}]}],  # a script of its own
    ]
    for turns in bad_turns:
        with pytest.raises(ScenarioError):
            parse_scenarios({"scenarios": [{"name": "s", "target": "a", "turns": turns}]})


def test_the_resumed_run_goes_on_with_the_previous_script() -> None:
    responder = Responder(parse_scenarios({"scenarios": [SCENARIO]}).scenarios)
    call = ToolCall(id="call_1_0", name=CALL["name"], args=CALL["args"])
    resumed = ModelRequest(
        messages=[
            Message(role="user", content="Hold 978 for me"),
            Message(role="assistant", tool_calls=[call]),
            Message(role="tool", tool_results=[ToolResult(id=call.id, name=call.name, result=1)]),
        ]
    )
    assert responder(resumed) == {"text": "Held."}


async def test_the_lumos_runner_resumes_the_previous_turns_run() -> None:
    async def ask(ctx: Any) -> Any:
        if ctx.resume_data is None:
            return await ctx.suspend({"question": "hold it?"})
        return {"held": ctx.resume_data["ok"]}

    flow = workflow_tool(
        WorkflowBuilder(id="hold")
        .input_schema(Hold)
        .then(create_step(id="ask", execute=ask))
        .commit()
    )
    model = ScriptedModel([{"tool_call": CALL}, {"text": "Held."}])
    agent = Agent(name="desk", instructions="Holds.", model=model, tools={flow.id: flow})
    scenario = parse_scenarios({"scenarios": [SCENARIO]}).scenarios[0].wire()
    first = await agent_turn(agent, scenario, scenario["turns"][0])
    assert first["finishReason"] == "suspended" and first["toolResults"] == []
    assert first["suspendPayload"]["suspendPayload"] == {"question": "hold it?"}
    second = await agent_turn(agent, scenario, scenario["turns"][1], first["runId"])
    assert second["error"] is None and second["text"] == "Held."
    assert [r["result"]["result"] for r in second["toolResults"]] == [{"held": True}]
