"""Thread titles (Mastra `generateTitle`) and the first-turn working-memory text, on a real
SQLite file and through an agent run with a scripted model."""

from __future__ import annotations

from pathlib import Path

from lumosai import Agent
from lumosai.llm.messages import Message, ToolCall, ToolResult, assistant_message, user_message
from lumosai.memory import Memory, MemoryConfig, SqliteStorage, WorkingMemoryConfig
from lumosai.memory.titles import (
    INSTRUCTIONS_0X,
    INSTRUCTIONS_1X,
    TitleConfig,
    title_config,
    transcript,
)
from lumosai.testing import ScriptedModel


def test_title_config_reads_both_mastra_forms() -> None:
    assert title_config(MemoryConfig()) is None
    assert title_config(MemoryConfig(extra={"generateTitle": True})) == TitleConfig(legacy=False)
    legacy = title_config(MemoryConfig(extra={"threads": {"generateTitle": True}}))
    assert legacy == TitleConfig(legacy=True)
    assert title_config(MemoryConfig(extra={"threads": {"generateTitle": False}})) is None
    custom = title_config(
        MemoryConfig(extra={"generateTitle": {"instructions": "Name it", "minMessages": 2}})
    )
    assert custom == TitleConfig(legacy=False, instructions="Name it", min_messages=2)


def test_transcript_lines_like_mastra_1x() -> None:
    call = ToolCall(id="c1", name="weather", args={"city": "Paris"})
    messages = [
        user_message("Weather in Paris?"),
        Message(role="assistant", content="", tool_calls=[call]),
        Message(
            role="tool",
            content="",
            tool_results=[ToolResult(id="c1", name="weather", result={"temp": 18})],
        ),
        assistant_message("18 degrees."),
    ]
    assert transcript(messages) == (
        'User: Weather in Paris?\nTool Result weather: {"temp":18}\nAssistant: 18 degrees.'
    )


async def test_first_answer_names_the_thread_once(tmp_path: Path) -> None:
    memory = Memory(MemoryConfig(extra={"generateTitle": True}), SqliteStorage(tmp_path / "m.db"))
    model = ScriptedModel([{"text": "<think>hmm</think> Paris weather "}])
    turn = [user_message("Weather in Paris?"), assistant_message("Sunny.")]
    await memory.remember(thread_id="t1", resource_id="u1", messages=turn, model=model)
    thread = await memory.get_thread("t1")
    assert thread is not None and thread.title == "Paris weather"
    [request] = model.requests
    assert request.messages[0].content == INSTRUCTIONS_1X
    assert request.messages[1].content == "User: Weather in Paris?\nAssistant: Sunny."
    # titled threads are not asked again (the script is empty: a call would fail)
    await memory.remember(thread_id="t1", resource_id="u1", messages=turn, model=model)
    assert len(model.requests) == 1


async def test_legacy_form_sends_the_user_message_as_json_parts(tmp_path: Path) -> None:
    config = MemoryConfig(extra={"threads": {"generateTitle": True}})
    memory = Memory(config, SqliteStorage(tmp_path / "m.db"))
    model = ScriptedModel([{"text": "Trip to Rome"}])
    await memory.remember(
        thread_id="t1",
        resource_id="u1",
        messages=[user_message("Plan a trip to Rome"), assistant_message("Sure.")],
        model=model,
    )
    assert model.requests[0].messages[0].content == INSTRUCTIONS_0X
    assert model.requests[0].messages[1].content == '[{"type":"text","text":"Plan a trip to Rome"}]'
    thread = await memory.get_thread("t1")
    assert thread is not None and thread.title == "Trip to Rome"


async def test_a_failing_title_call_does_not_fail_remember(tmp_path: Path) -> None:
    memory = Memory(MemoryConfig(extra={"generateTitle": True}), SqliteStorage(tmp_path / "m.db"))
    model = ScriptedModel([{"error": "provider down"}])
    await memory.remember(
        thread_id="t1", resource_id="u1", messages=[user_message("hi")], model=model
    )
    thread = await memory.get_thread("t1")
    assert thread is not None and thread.title is None
    assert [m.content for m in await memory.get_messages("t1")] == ["hi"]


async def test_agent_run_titles_the_thread_and_shows_null_working_memory(tmp_path: Path) -> None:
    model = ScriptedModel([{"text": "Hello Ada"}, {"text": "Greeting Ada"}])
    agent = Agent(
        name="helper",
        instructions="Be kind.",
        model=model,
        memory_config=MemoryConfig(
            extra={"generateTitle": True},
            working_memory=WorkingMemoryConfig(template="\n# User\n- Name:\n", scope="thread"),
        ),
        storage=SqliteStorage(tmp_path / "agent.db"),
    )
    await agent.generate("I am Ada", thread_id="t1", resource_id="u1")
    system = model.requests[0].messages[1].content
    # Mastra: the template trimmed, and `null` as the data until the first update
    assert "<working_memory_template>\n# User\n- Name:\n</working_memory_template>" in system
    assert "<working_memory_data>\nnull\n</working_memory_data>" in system
    assert INSTRUCTIONS_1X in model.requests[1].messages[0].content
    thread = await agent.get_memory().get_thread("t1")
    assert thread.title == "Greeting Ada"
