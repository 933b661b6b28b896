"""The tools an agent's sub-agents and workflows become (Mastra 1.x's delegation tools): their
parameters, what the options do in a real agent loop (extra instructions, step budget, the
sub-agent's own memory thread), resuming a suspended workflow call by its call id, and how
verify compares them (the runtime's parameter wording is not compared, the app's is)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lumosai import Agent, MemoryConfig
from lumosai.agent.delegation_view import delegation_view
from lumosai.agent.workflow_tool import workflow_tool
from lumosai.memory import SqliteStorage
from lumosai.migrate.verify.normalize import normalize_schema
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step

OPTIONS = {"threadId", "resourceId", "instructions", "maxSteps"}
RESUME = {"suspendedToolCallId", "suspendedToolRunId", "resumeData"}


def _sub_agent(model: ScriptedModel, tmp_path: Path) -> Agent:
    return Agent(
        name="billing",
        description="Answers billing questions.",
        instructions="You handle invoices.",
        model=model,
        memory_config=MemoryConfig(last_messages=5),
        storage=SqliteStorage(str(tmp_path / "sub.db")),
    )


def test_parameters_per_mastra_version(tmp_path: Path) -> None:
    sub = _sub_agent(ScriptedModel([]), tmp_path)
    current = sub.as_tool("agent-billing")
    assert set(current.parameters["properties"]) == {"prompt"} | OPTIONS | RESUME
    assert current.parameters["required"] == ["prompt"]
    assert current.description == "Answers billing questions."
    legacy = sub.as_tool("agent-billing", version="0.x")
    assert set(legacy.parameters["properties"]) == {"prompt"}


async def test_delegation_options_reach_the_sub_agent(tmp_path: Path) -> None:
    sub_model = ScriptedModel([{"text": "Invoice paid."}])
    sub = _sub_agent(sub_model, tmp_path)
    args = {
        "prompt": "Is inv-1 paid?",
        "instructions": "Answer in one line.",
        "maxSteps": "4",
        "threadId": "case-7",
        "resourceId": "acme",
    }
    main = ScriptedModel(
        [{"tool_call": {"name": "agent-billing", "args": args}}, {"text": "It is paid."}]
    )
    boss = Agent(name="triage", instructions="Route.", model=main, tools={"agent-billing": sub})
    result = await boss.generate("Help with inv-1")
    assert [r.result["text"] for r in result.tool_results] == ["Invoice paid."]
    assert result.tool_results[0].result["subAgentResourceId"] == "acme-billing"
    # Mastra 1.x: the caller's system follows the sub-agent's, then the caller's conversation
    system = sub_model.requests[0].messages[0]
    assert system.content == "You handle invoices.\n\nAnswer in one line.\n\nRoute."
    sent = [(m.role, m.content) for m in sub_model.requests[0].messages[1:]]
    assert sent == [("user", "Help with inv-1"), ("user", "Is inv-1 paid?")]
    threads = await sub.get_memory().storage.list_threads(resource_id="acme-billing")
    assert len(threads) == 1 and threads[0].id.startswith("case-7-")


async def test_bad_step_budget_and_resuming_are_tool_errors(tmp_path: Path) -> None:
    sub = _sub_agent(ScriptedModel([]), tmp_path)
    calls = [
        {"name": "agent-billing", "args": {"prompt": "x", "maxSteps": 2}},
        {
            "name": "agent-billing",
            "args": {"prompt": "x", "suspendedToolCallId": "c", "resumeData": {}},
        },
    ]
    main = ScriptedModel([{"tool_calls": calls}, {"text": "ok"}])
    boss = Agent(name="triage", instructions="Route.", model=main, tools={"agent-billing": sub})
    results = (await boss.generate("go")).tool_results
    assert all(r.is_error for r in results)
    assert "maxSteps" in str(results[0].result) and "not supported" in str(results[1].result)


def _approval_workflow() -> Any:
    async def approve(ctx: Any) -> Any:
        if ctx.resume_data is None:
            return await ctx.suspend({"ask": "approve the refund?"})
        return {"approved": ctx.resume_data["ok"], "invoice": ctx.input_data["invoice"]}

    return (
        WorkflowBuilder(id="refund", description="Refunds an invoice")
        .input_schema({"type": "object", "properties": {"invoice": {"type": "string"}}})
        .then(create_step(id="approve", execute=approve))
        .commit()
    )


async def test_a_suspended_workflow_call_is_resumed_by_its_call_id() -> None:
    tool = workflow_tool(_approval_workflow(), name="workflow-refund")
    first = {"id": "c1", "name": "workflow-refund", "args": {"inputData": {"invoice": "inv-9"}}}
    again = {
        "name": "workflow-refund",
        "args": {"inputData": {}, "suspendedToolCallId": "c1", "resumeData": {"ok": True}},
    }
    model = ScriptedModel(
        [{"tool_call": first}, {"tool_call": again}, {"text": "Refund approved."}]
    )
    agent = Agent(name="triage", instructions="Refund.", model=model, tools={tool.id: tool})
    paused = await agent.generate("refund inv-9")  # the agent's run suspends with the workflow's
    assert paused.finish_reason == "suspended" and not paused.tool_results
    assert paused.suspend_payload["suspendPayload"] == {"ask": "approve the refund?"}
    [done] = (await agent.generate("go on")).tool_results  # the model resumes it by call id
    assert done.result["result"] == {"approved": True, "invoice": "inv-9"}
    assert done.result["runId"] == tool.suspended_calls["c1"]


def test_verify_compares_the_app_words_not_the_runtime_words() -> None:
    def view(prompt_words: str, input_words: str, tool_words: str) -> dict[str, Any]:
        tools = {
            "agent-billing": {
                "description": tool_words,
                "parameters": {
                    "type": "object",
                    "properties": {"prompt": {"type": "string", "description": prompt_words}},
                },
            },
            "workflow-refund": {
                "description": "Refunds",
                "parameters": normalize_schema(
                    {
                        "type": "object",
                        "properties": {
                            "inputData": {
                                "type": "object",
                                "properties": {
                                    "invoice": {"type": "string", "description": input_words}
                                },
                            },
                            "resumeData": {"description": prompt_words},
                        },
                    }
                ),
            },
        }
        return delegation_view({"system": "s", "tools": tools})

    same = view("Runtime A words", "The invoice id", "Billing help")
    assert same == view("Runtime B words", "The invoice id", "Billing help")
    assert same != view("Runtime A words", "Another description", "Billing help")
    assert same != view("Runtime A words", "The invoice id", "Other agent description")
