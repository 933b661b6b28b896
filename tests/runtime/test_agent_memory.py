"""The agent loop with lumosai.memory: history in, new messages out, across processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lumosai import Agent, tool
from lumosai.llm import ModelError
from lumosai.memory import MemoryConfig, SqliteStorage, WorkingMemoryConfig
from lumosai.testing import ScriptedModel


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


async def test_history_is_loaded_and_new_messages_are_stored(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    model = ScriptedModel(
        [
            {"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}},
            {"text": "5"},
            {"text": "You asked 2+3."},
        ]
    )
    agent = Agent(
        name="calc",
        instructions="You add.",
        model=model,
        tools=[add],
        memory_config=MemoryConfig(last_messages=10),
        storage=SqliteStorage(db),
    )
    await agent.generate("2+3?", thread_id="t1", resource_id="u1")
    await agent.generate("What did I ask?", thread_id="t1", resource_id="u1")
    roles = [m.role for m in model.requests[2].messages]
    assert roles == ["system", "user", "assistant", "tool", "assistant", "user"]
    assert model.requests[2].messages[1].content == "2+3?"
    stored = await SqliteStorage(db).get_messages("t1")
    assert [m.role for m in stored] == [
        "user",
        "assistant",
        "tool",
        "assistant",
        "user",
        "assistant",
    ]
    assert stored[2].tool_results[0].result == 5


async def test_no_thread_id_means_no_memory(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    model = ScriptedModel([{"text": "a"}, {"text": "b"}])
    agent = Agent(
        name="m",
        instructions="i",
        model=model,
        memory_config=MemoryConfig(last_messages=10),
        storage=SqliteStorage(db),
    )
    await agent.generate("one")
    await agent.generate("two")
    assert [m.role for m in model.requests[1].messages] == ["system", "user"]


async def test_failed_run_leaves_history_intact(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    agent = Agent(
        name="m",
        instructions="i",
        model=ScriptedModel([{"text": "first"}, {"error": "provider down"}]),
        memory_config=MemoryConfig(last_messages=10),
        storage=SqliteStorage(db),
    )
    await agent.generate("hello", thread_id="t")
    with pytest.raises(ModelError):
        await agent.generate("again", thread_id="t")
    stored = await SqliteStorage(db).get_messages("t")
    assert [(m.role, m.content) for m in stored] == [("user", "hello"), ("assistant", "first")]


async def test_working_memory_tool_and_system_text_reach_the_model(tmp_path: Path) -> None:
    model = ScriptedModel([{"text": "ok"}])
    agent = Agent(
        name="wm",
        instructions="i",
        model=model,
        memory_config=MemoryConfig(
            last_messages=5,
            working_memory=WorkingMemoryConfig(enabled=True, template="# User\n- Name:"),
        ),
        storage=SqliteStorage(tmp_path / "wm.db"),
    )
    await agent.generate("I am Ann", thread_id="t", resource_id="u")
    request = model.requests[0]
    assert len([m for m in request.messages if m.role == "system"]) == 2
    assert "# User" in request.messages[1].content
    assert len(request.tools) == 1


def test_history_survives_a_second_process(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    program = textwrap.dedent(
        """
        import sys
        from lumosai import Agent
        from lumosai.memory import MemoryConfig, SqliteStorage
        from lumosai.testing import ScriptedModel
        model = ScriptedModel([{"text": sys.argv[2]}])
        agent = Agent(name="m", instructions="i", model=model,
                      memory_config=MemoryConfig(last_messages=10), storage=SqliteStorage(sys.argv[1]))
        agent.generate_sync(sys.argv[3], thread_id="t", resource_id="u")
        print("|".join(m.content for m in model.requests[0].messages[1:]))
        """
    )
    first = subprocess.run(
        [sys.executable, "-c", program, str(db), "Hi Ann", "I am Ann"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert first.stdout.strip() == "I am Ann"
    second = subprocess.run(
        [sys.executable, "-c", program, str(db), "Ann", "Who am I?"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert second.stdout.strip() == "I am Ann|Hi Ann|Who am I?"


def test_working_memory_argument_is_folded_into_the_config() -> None:
    wm = WorkingMemoryConfig(enabled=True, template="# Notes")
    base = MemoryConfig(last_messages=3)
    agent = Agent(
        name="w", instructions="i", model=ScriptedModel([]), memory_config=base, working_memory=wm
    )
    assert agent.memory_config.working_memory == wm
    assert agent.memory_config.last_messages == 3
    assert base.working_memory is None
    alone = Agent(name="w", instructions="i", model=ScriptedModel([]), working_memory=wm)
    assert alone.memory_config.working_memory == wm
