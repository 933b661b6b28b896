"""Memory semantics (Mastra's): last N messages, semantic recall, working memory via its tool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lumosai.llm.embedding import HashEmbedder
from lumosai.llm.messages import Message, ToolCall, ToolResult, assistant_message, user_message
from lumosai.memory import (
    InMemoryStorage,
    Memory,
    MemoryConfig,
    MessageRange,
    SemanticRecallConfig,
    SqliteStorage,
    WorkingMemoryConfig,
)
from lumosai.memory.memory import MemoryUsageError
from lumosai.tool import ToolExecutionContext
from lumosai.vector import SqliteVector


async def test_last_messages_window(tmp_path: Path) -> None:
    memory = Memory(MemoryConfig(last_messages=3), SqliteStorage(tmp_path / "m.db"))
    for i in range(4):
        await memory.remember(
            thread_id="t1",
            resource_id="u1",
            messages=[user_message(f"q{i}"), assistant_message(f"a{i}")],
        )
    prepared = await memory.prepare(
        thread_id="t1", resource_id="u1", new_messages=[user_message("next")]
    )
    assert [m.content for m in prepared.history] == ["a2", "q3", "a3"]
    assert prepared.system == [] and prepared.tools == []
    thread = await memory.get_thread("t1")
    assert thread is not None and thread.resource_id == "u1"


async def test_no_thread_or_disabled_means_no_memory() -> None:
    memory = Memory(MemoryConfig(), InMemoryStorage())
    await memory.remember(thread_id=None, messages=[user_message("x")])
    assert (await memory.prepare(thread_id=None)).history == []
    off = Memory(MemoryConfig(enabled=False), InMemoryStorage())
    await off.remember(thread_id="t", messages=[user_message("x")])
    assert await off.storage.get_messages("t") == []


async def test_last_messages_false_loads_nothing() -> None:
    memory = Memory(MemoryConfig(last_messages=False), InMemoryStorage())
    await memory.remember(thread_id="t1", messages=[user_message("hi")])
    assert (await memory.prepare(thread_id="t1")).history == []


async def test_system_messages_are_not_stored() -> None:
    memory = Memory(MemoryConfig(), InMemoryStorage())
    await memory.remember(
        thread_id="t1", messages=[Message(role="system", content="be nice"), user_message("hi")]
    )
    assert [m.role for m in await memory.get_messages("t1")] == ["user"]


async def test_thread_of_another_resource_is_refused() -> None:
    memory = Memory(MemoryConfig(), InMemoryStorage())
    await memory.remember(thread_id="t1", resource_id="u1", messages=[user_message("hi")])
    with pytest.raises(MemoryUsageError, match="belongs to resource 'u1'"):
        await memory.remember(thread_id="t1", resource_id="u2", messages=[user_message("x")])


def recall_memory(tmp_path: Path, *, scope: str, last: int = 1) -> Memory:
    config = MemoryConfig(
        last_messages=last,
        semantic_recall=SemanticRecallConfig(
            top_k=1, message_range=MessageRange(before=1, after=1), scope=scope
        ),
    )
    return Memory(config, SqliteStorage(tmp_path / "r.db"), embedder=HashEmbedder(dim=512))


async def test_semantic_recall_same_thread_adds_hit_with_range(tmp_path: Path) -> None:
    memory = recall_memory(tmp_path, scope="thread")
    assert isinstance(memory.vector, SqliteVector), "defaults to vectors in the storage file"
    turns = [
        ("What is the capital of France?", "Paris is the capital of France."),
        ("Tell me about volcanoes erupting lava", "Volcanoes erupt molten lava and ash."),
        ("How do I bake sourdough bread?", "Feed the starter, then bake the sourdough."),
        ("What's the weather?", "Sunny."),
    ]
    for question, answer in turns:
        await memory.remember(
            thread_id="t1",
            resource_id="u1",
            messages=[user_message(question), assistant_message(answer)],
        )
    prepared = await memory.prepare(
        thread_id="t1",
        resource_id="u1",
        new_messages=[user_message("remind me about the volcanoes and lava")],
    )
    # the hit (the volcano question) with one neighbour each side, then the last message
    assert [m.content for m in prepared.history] == [
        "Paris is the capital of France.",
        "Tell me about volcanoes erupting lava",
        "Volcanoes erupt molten lava and ash.",
        "Sunny.",
    ]
    assert prepared.system == []


async def test_semantic_recall_resource_scope_reads_other_threads(tmp_path: Path) -> None:
    memory = recall_memory(tmp_path, scope="resource", last=2)
    await memory.remember(
        thread_id="old",
        resource_id="u1",
        messages=[
            user_message("My dog is called Biscuit"),
            assistant_message("Biscuit is a lovely name for a dog."),
        ],
    )
    await memory.remember(
        thread_id="other-user",
        resource_id="u2",
        messages=[user_message("My dog is called Rex"), assistant_message("Rex, a fine dog.")],
    )
    prepared = await memory.prepare(
        thread_id="new", resource_id="u1", new_messages=[user_message("what is my dog called?")]
    )
    assert prepared.history == []
    [system] = prepared.system
    assert "remembered from a different conversation" in system
    assert '<thread id="old">' in system and "Biscuit" in system
    assert "Rex" not in system, "another resource's messages never leak"


async def test_resource_scope_without_resource_is_an_error(tmp_path: Path) -> None:
    memory = recall_memory(tmp_path, scope="resource")
    with pytest.raises(MemoryUsageError, match="resource_id"):
        await memory.prepare(thread_id="t1", new_messages=[user_message("hello")])


async def test_relevance_threshold_drops_weak_hits() -> None:
    config = MemoryConfig(
        last_messages=0,
        semantic_recall=SemanticRecallConfig(top_k=3, scope="thread", relevance_threshold=0.99),
    )
    memory = Memory(config, InMemoryStorage(), embedder=HashEmbedder())
    await memory.remember(thread_id="t1", messages=[user_message("quantum chromodynamics lecture")])
    prepared = await memory.prepare(thread_id="t1", new_messages=[user_message("banana smoothie")])
    assert prepared.history == []


def test_semantic_recall_without_embedder_is_a_clear_error() -> None:
    with pytest.raises(MemoryUsageError, match="needs an embedder"):
        Memory(MemoryConfig(semantic_recall=True), InMemoryStorage())


async def test_working_memory_markdown_via_tool(tmp_path: Path) -> None:
    config = MemoryConfig(
        working_memory=WorkingMemoryConfig(template="# User\n- Name:\n- City:", scope="resource")
    )
    memory = Memory(config, SqliteStorage(tmp_path / "wm.db"))
    prepared = await memory.prepare(
        thread_id="t1", resource_id="u1", new_messages=[user_message("I'm Ada")]
    )
    [tool] = prepared.tools
    assert tool.id == "updateWorkingMemory"
    assert tool.parameters["required"] == ["memory"]
    [system] = prepared.system
    assert system.startswith("WORKING_MEMORY_SYSTEM_INSTRUCTION:")
    assert (
        "<working_memory_template>\n# User\n- Name:\n- City:\n</working_memory_template>" in system
    )

    result = await tool.execute(
        {"memory": "# User\n- Name: Ada\n- City: London"},
        ToolExecutionContext(thread_id="t1", resource_id="u1"),
    )
    assert result == {"success": True}
    # resource scope: a new thread of the same user sees it
    again = await memory.prepare(thread_id="t2", resource_id="u1", new_messages=[])
    assert (
        "<working_memory_data>\n# User\n- Name: Ada\n- City: London\n</working_memory_data>"
        in again.system[0]
    )
    # replacing real data with the empty template is refused, as in Mastra
    refused = await tool.execute(
        {"memory": "# User\n- Name:\n- City:"},
        ToolExecutionContext(thread_id="t1", resource_id="u1"),
    )
    assert refused["success"] is False
    assert (
        await memory.get_working_memory(resource_id="u1") == "# User\n- Name: Ada\n- City: London"
    )


async def test_working_memory_bad_args_are_rejected() -> None:
    memory = Memory(MemoryConfig(working_memory=WorkingMemoryConfig()), InMemoryStorage())
    [tool] = (await memory.prepare(thread_id="t1", resource_id="u1")).tools
    from lumosai.tool import ToolValidationError

    with pytest.raises(ToolValidationError):
        await tool.execute(
            {"memory": {"name": "Ada"}}, ToolExecutionContext(thread_id="t1", resource_id="u1")
        )
    assert await memory.get_working_memory(resource_id="u1") is None


async def test_working_memory_json_schema_merges() -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "tags": {"type": "array"},
            "prefs": {"type": "object"},
        },
    }
    memory = Memory(
        MemoryConfig(working_memory=WorkingMemoryConfig(schema=schema, scope="thread")),
        InMemoryStorage(),
    )
    prepared = await memory.prepare(thread_id="t1", resource_id="u1")
    [tool] = prepared.tools
    assert tool.parameters["properties"]["memory"] == schema
    # Mastra's generateEmptyFromSchema: "" for a string, [] for an array, {} for an object
    assert '{"name":"","tags":[],"prefs":{}}' in prepared.system[0]
    ctx = ToolExecutionContext(thread_id="t1", resource_id="u1")
    await tool.execute({"memory": {"name": "Ada", "tags": ["a"], "prefs": {"tea": True}}}, ctx)
    await tool.execute({"memory": json.dumps({"tags": ["b"], "prefs": {"milk": False}})}, ctx)
    await tool.execute({"memory": {"name": None}}, ctx)
    stored = await memory.get_working_memory(thread_id="t1")
    assert json.loads(stored or "") == {"tags": ["b"], "prefs": {"tea": True, "milk": False}}
    # thread scope: another thread starts empty
    assert await memory.get_working_memory(thread_id="t2") is None


async def test_read_only_working_memory_has_no_tool() -> None:
    memory = Memory(
        MemoryConfig(working_memory=WorkingMemoryConfig(read_only=True)), InMemoryStorage()
    )
    await memory.update_working_memory("- Name: Ada", resource_id="u1")
    prepared = await memory.prepare(thread_id="t1", resource_id="u1")
    assert prepared.tools == []
    assert "(READ-ONLY)" in prepared.system[0] and "- Name: Ada" in prepared.system[0]


async def test_working_memory_tool_calls_are_hidden_from_history() -> None:
    memory = Memory(MemoryConfig(working_memory=WorkingMemoryConfig()), InMemoryStorage())
    await memory.remember(
        thread_id="t1",
        resource_id="u1",
        messages=[
            user_message("I'm Ada"),
            assistant_message("", [ToolCall("c1", "updateWorkingMemory", {"memory": "x"})]),
            Message(
                role="tool",
                tool_results=[ToolResult("c1", "updateWorkingMemory", {"success": True})],
            ),
            assistant_message("Hi Ada"),
        ],
    )
    prepared = await memory.prepare(thread_id="t1", resource_id="u1")
    assert [(m.role, m.content) for m in prepared.history] == [
        ("user", "I'm Ada"),
        ("assistant", "Hi Ada"),
    ]
    assert len(await memory.get_messages("t1")) == 4, "stored as they happened"


async def test_thread_management_and_delete_drops_vectors() -> None:
    config = MemoryConfig(semantic_recall=SemanticRecallConfig(top_k=5, scope="resource"))
    memory = Memory(config, InMemoryStorage(), embedder=HashEmbedder(dim=64))
    thread = await memory.create_thread(resource_id="u1", title="first")
    assert thread.id and thread.resource_id == "u1"
    await memory.remember(thread_id=thread.id, resource_id="u1", messages=[user_message("apples")])
    await memory.remember(thread_id="t2", resource_id="u1", messages=[user_message("apples too")])
    assert {t.id for t in await memory.list_threads("u1")} == {thread.id, "t2"}
    await memory.delete_thread(thread.id)
    assert await memory.get_thread(thread.id) is None
    prepared = await memory.prepare(
        thread_id="t3", resource_id="u1", new_messages=[user_message("apples")]
    )
    assert (
        "apples too" in prepared.system[0]
        and f'<thread id="{thread.id}">' not in prepared.system[0]
    )


async def test_mastra_read_only_option_saves_nothing() -> None:
    storage = InMemoryStorage()
    writer = Memory(MemoryConfig(working_memory=WorkingMemoryConfig()), storage)
    await writer.remember(thread_id="t1", resource_id="u1", messages=[user_message("hello")])
    await writer.update_working_memory("- Name: Ada", resource_id="u1")
    reader = Memory(
        MemoryConfig(working_memory=WorkingMemoryConfig(), extra={"readOnly": True}), storage
    )
    prepared = await reader.prepare(thread_id="t1", resource_id="u1")
    assert [m.content for m in prepared.history] == ["hello"]
    assert prepared.tools == [] and "(READ-ONLY)" in prepared.system[0]
    await reader.remember(thread_id="t1", resource_id="u1", messages=[user_message("not kept")])
    assert [m.content for m in await storage.get_messages("t1")] == ["hello"]


async def test_history_window_counts_an_answer_as_one_message() -> None:
    """Mastra stores a turn's answer (tool calls, results, text) as one message with parts,
    so `lastMessages` counts it once, and a window never splits a tool call."""
    memory = Memory(MemoryConfig(last_messages=2), InMemoryStorage())
    await memory.remember(
        thread_id="t1",
        messages=[
            user_message("2+3?"),
            assistant_message("", [ToolCall("c1", "add", {"a": 2, "b": 3})]),
            Message(role="tool", tool_results=[ToolResult("c1", "add", 5)]),
            assistant_message("5"),
            user_message("thanks"),
        ],
    )
    prepared = await memory.prepare(thread_id="t1")
    assert [m.role for m in prepared.history] == ["assistant", "tool", "assistant", "user"]
    whole = await Memory(MemoryConfig(last_messages=3), memory.storage).prepare(thread_id="t1")
    assert [m.role for m in whole.history] == ["user", "assistant", "tool", "assistant", "user"]
    one = await Memory(MemoryConfig(last_messages=1), memory.storage).prepare(thread_id="t1")
    assert [(m.role, m.content) for m in one.history] == [("user", "thanks")]


class CountingEmbedder(HashEmbedder):
    """A HashEmbedder that records every batch it is asked to embed."""

    def __init__(self) -> None:
        super().__init__(dim=32)
        self.batches: list[list[str]] = []

    async def embed(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        return await super().embed(texts)


@pytest.mark.parametrize(("version", "probes"), [("1.x", 1), ("0.x", 0)])
async def test_mastra_1x_probes_the_embedder_once(version: str, probes: int) -> None:
    """Mastra 1.x embeds "a" once per Memory to learn the dimension; 0.x does not."""
    embedder = CountingEmbedder()
    recall = SemanticRecallConfig(top_k=2, scope="thread", version=version)  # type: ignore[arg-type]
    memory = Memory(MemoryConfig(semantic_recall=recall), InMemoryStorage(), embedder=embedder)
    for text in ("first question", "second question"):
        await memory.prepare(thread_id="t1", new_messages=[user_message(text)])
        await memory.remember(thread_id="t1", messages=[user_message(text)])
    assert embedder.batches.count(["a"]) == probes
    assert len(embedder.batches) == 4 + probes
    if probes:
        assert embedder.batches[0] == ["a"]


def test_json_template_of_a_pydantic_schema_matches_mastra() -> None:
    """Optional pydantic fields (anyOf [T, null], default null) read as zod's optional T."""
    from typing import Literal

    from pydantic import BaseModel

    from lumosai.memory.working_memory import empty_from_schema

    class Address(BaseModel):
        city: str | None = None

    class Profile(BaseModel):
        name: str | None = None
        plan: Literal["free", "pro"] | None = None
        tags: list[str] | None = None
        visits: int = 3
        vip: bool | None = None
        address: Address | None = None

    schema = Profile.model_json_schema()
    assert empty_from_schema(schema) == {
        "name": "",
        "plan": "",
        "tags": [],
        "visits": 3,
        "vip": False,
        "address": {"city": ""},
    }
    # 0.x: by type only (no defaults, nested objects left empty)
    assert empty_from_schema(schema, "0.x") == {
        "name": "",
        "plan": "",
        "tags": [],
        "visits": 0,
        "vip": False,
        "address": {},
    }
