"""Tool approval (Mastra's requireApproval / requireToolApproval): a call that waits for a person
ends the run `suspended` with the call in `suspend_payload`; approving runs the tool and goes
on, declining hands the model the reason instead. Memory on a real SQLite file keeps a valid
conversation across the pause."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumosai import Agent, tool
from lumosai.memory import MemoryConfig, SqliteStorage
from lumosai.testing import ScriptedModel

created: list[str] = []


@tool
def search(query: str) -> dict[str, list[str]]:
    """Search articles."""
    return {"articles": [f"about {query}"]}


@tool(require_approval=True)
def create_ticket(subject: str) -> dict[str, str]:
    """Open a ticket (a person approves first)."""
    created.append(subject)
    return {"ticketId": "T-1"}


def agent_with(script: list[dict[str, object]], **kwargs: object) -> Agent:
    return Agent(
        name="support",
        instructions="Help.",
        model=ScriptedModel(script),
        tools=[search, create_ticket],
        **kwargs,  # type: ignore[arg-type]
    )


TWO_CALLS = {
    "tool_calls": [
        {"name": "search", "args": {"query": "login"}},
        {"name": "create_ticket", "args": {"subject": "Cannot log in"}},
    ]
}


async def test_approval_runs_the_tool_and_goes_on() -> None:
    created.clear()
    agent = agent_with([TWO_CALLS, {"text": "Ticket T-1 opened."}])
    first = await agent.generate("I cannot log in")
    assert first.finish_reason == "suspended" and first.text == ""
    assert first.suspend_payload == {
        "toolCallId": first.steps[-1].tool_calls[1].id,
        "toolName": "create_ticket",
        "args": {"subject": "Cannot log in"},
    }
    assert [r.name for r in first.tool_results] == ["search"] and created == []
    done = await agent.approve_tool_call_generate(first.run_id)  # type: ignore[arg-type]
    assert done.text == "Ticket T-1 opened." and created == ["Cannot log in"]
    assert [r.name for r in done.tool_results] == ["search", "create_ticket"]
    # the model saw both results of the step before answering
    last = agent.model.requests[-1].messages  # type: ignore[union-attr]
    tool_results = [r for m in last if m.role == "tool" for r in m.tool_results]
    assert [(r.name, r.result) for r in tool_results] == [
        ("search", {"articles": ["about login"]}),
        ("create_ticket", {"ticketId": "T-1"}),
    ]
    with pytest.raises(ValueError, match="no run"):
        await agent.approve_tool_call_generate(first.run_id)  # type: ignore[arg-type]


async def test_decline_gives_the_model_the_reason() -> None:
    created.clear()
    agent = agent_with([TWO_CALLS, {"text": "I will not open it."}])
    first = await agent.generate("I cannot log in")
    done = await agent.decline_tool_call_generate(
        first.run_id,  # type: ignore[arg-type]
        reason="Tickets need a manager",
    )
    assert done.text == "I will not open it." and created == []
    last = agent.model.requests[-1].messages  # type: ignore[union-attr]
    declined = [r for m in last if m.role == "tool" for r in m.tool_results][-1]
    assert declined.result == "Tickets need a manager"


async def test_run_level_approval_pauses_every_tool(tmp_path: Path) -> None:
    storage = SqliteStorage(str(tmp_path / "memory.db"))
    agent = agent_with(
        [
            {"tool_call": {"name": "search", "args": {"query": "x"}}},
            {"text": "Found."},
            {"text": "Bye."},
        ],
        memory_config=MemoryConfig(last_messages=20),
        storage=storage,
    )
    first = await agent.generate(
        "find x", thread_id="t1", resource_id="u1", require_tool_approval=True
    )
    assert first.finish_reason == "suspended"
    assert first.suspend_payload["toolName"] == "search"  # type: ignore[index]
    done = await agent.approve_tool_call_generate(first.run_id)  # type: ignore[arg-type]
    assert done.text == "Found."
    # the next turn sees a valid history: user, assistant call, tool result, answer
    await agent.generate("thanks", thread_id="t1", resource_id="u1")
    history = agent.model.requests[-1].messages  # type: ignore[union-attr]
    roles = [m.role for m in history if m.role != "system"]
    assert roles == ["user", "assistant", "tool", "assistant", "user"]


async def test_a_pause_in_a_later_step_keeps_the_earlier_steps_in_memory(tmp_path: Path) -> None:
    storage = SqliteStorage(str(tmp_path / "memory.db"))
    agent = agent_with(
        [
            {"tool_call": {"name": "search", "args": {"query": "x"}}},
            {"tool_call": {"name": "create_ticket", "args": {"subject": "x"}}},
            {"text": "Next turn."},
        ],
        memory_config=MemoryConfig(last_messages=20),
        storage=storage,
    )
    first = await agent.generate("find x", thread_id="t2", resource_id="u1")
    assert first.finish_reason == "suspended" and len(first.steps) == 2
    await agent.generate("thanks", thread_id="t2", resource_id="u1")
    history = agent.model.requests[-1].messages  # type: ignore[union-attr]
    assert [m.role for m in history if m.role != "system"] == ["user", "assistant", "tool", "user"]
