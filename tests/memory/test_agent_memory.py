"""Memory through the agent loop: history, working-memory tool calls, semantic recall."""

from __future__ import annotations

from pathlib import Path

from lumosai import Agent
from lumosai.llm.embedding import HashEmbedder, embedder
from lumosai.memory import MemoryConfig, SemanticRecallConfig, SqliteStorage, WorkingMemoryConfig
from lumosai.testing import ScriptedModel


async def test_agent_history_and_working_memory(tmp_path: Path) -> None:
    model = ScriptedModel(
        [
            {
                "tool_call": {
                    "name": "updateWorkingMemory",
                    "args": {"memory": "# User\n- Name: Ada"},
                }
            },
            {"text": "Nice to meet you, Ada."},
            {"text": "You are Ada."},
        ]
    )
    agent = Agent(
        name="friend",
        instructions="Be friendly.",
        model=model,
        memory_config=MemoryConfig(
            last_messages=10, working_memory=WorkingMemoryConfig(template="# User\n- Name:")
        ),
        storage=SqliteStorage(tmp_path / "app.db"),
    )
    first = await agent.generate("I'm Ada", thread_id="t1", resource_id="u1")
    assert first.text == "Nice to meet you, Ada."
    assert first.tool_results[0].name == "updateWorkingMemory"
    assert first.tool_results[0].result == {"success": True}
    assert "updateWorkingMemory" in [t["name"] for t in model.requests[0].tools]

    second = await agent.generate("Who am I?", thread_id="t1", resource_id="u1")
    assert second.text == "You are Ada."
    sent = model.requests[2].messages
    system = "\n".join(m.content for m in sent if m.role == "system")
    assert "<working_memory_data>\n# User\n- Name: Ada\n</working_memory_data>" in system
    visible = [(m.role, m.content) for m in sent if m.role != "system"]
    assert visible == [
        ("user", "I'm Ada"),
        ("assistant", "Nice to meet you, Ada."),
        ("user", "Who am I?"),
    ], "history is loaded, the working-memory tool call is hidden"


async def test_agent_semantic_recall_from_config_embedder(tmp_path: Path) -> None:
    assert isinstance(embedder("hash/128"), HashEmbedder)
    model = ScriptedModel([{"text": "ok"}, {"text": "ok"}, {"text": "Biscuit"}])
    agent = Agent(
        name="recall",
        instructions="x",
        model=model,
        memory_config=MemoryConfig(
            last_messages=1,
            semantic_recall=SemanticRecallConfig(top_k=1, scope="resource"),
            embedder="hash/512",
        ),
        storage=SqliteStorage(tmp_path / "app.db"),
    )
    await agent.generate("My dog is called Biscuit", thread_id="a", resource_id="u1")
    await agent.generate("I like tea", thread_id="b", resource_id="u1")
    await agent.generate("What is my dog called?", thread_id="c", resource_id="u1")
    system = "\n".join(m.content for m in model.requests[2].messages if m.role == "system")
    assert '<thread id="a">' in system and "My dog is called Biscuit" in system


class _CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__(dim=16)
        self.batches: list[list[str]] = []

    async def embed(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        return await super().embed(texts)


async def test_call_without_thread_probes_the_embedder_as_mastra_1x(tmp_path: Path) -> None:
    """Mastra 1.71 builds the semantic-recall processor on every call, thread or not, and
    that probes the embedder with ["a"] (once per Memory); 0.24 does not."""
    for version, probes in (("1.x", [["a"]]), ("0.x", [])):
        embed = _CountingEmbedder()
        agent = Agent(
            name="docs",
            instructions="Answer.",
            model=ScriptedModel([{"text": "ok"}, {"text": "ok"}]),
            memory_config=MemoryConfig(
                semantic_recall=SemanticRecallConfig(scope="thread", version=version),  # type: ignore[arg-type]
                embedder="hash/16",
            ),
            storage=SqliteStorage(tmp_path / f"{version}.db"),
        )
        agent.get_memory().embedder = embed
        await agent.generate("hello")
        await agent.generate("again")
        assert embed.batches == probes, version


async def test_call_without_thread_offers_working_memory_tool_as_mastra_0x(
    tmp_path: Path,
) -> None:
    """Mastra 0.24 offers updateWorkingMemory even without a thread (no memory text in the
    prompt), and its call fails for want of a thread; Mastra 1.71 offers no memory tool."""
    for version in ("0.x", "1.x"):
        model = ScriptedModel(
            [
                {"tool_call": {"name": "updateWorkingMemory", "args": {"memory": "# User"}}},
                {"text": "done"},
            ]
        )
        agent = Agent(
            name="expenses",
            instructions="Track expenses.",
            model=model,
            memory_config=MemoryConfig(
                working_memory=WorkingMemoryConfig(template="# User", version=version)  # type: ignore[arg-type]
            ),
            storage=SqliteStorage(tmp_path / f"wm-{version}.db"),
        )
        result = await agent.generate("hi", resource_id="u1")
        offered = [t["name"] for t in model.requests[0].tools]
        assert [m.role for m in model.requests[0].messages] == ["system", "user"]
        if version == "1.x":
            assert offered == []
            continue
        assert offered == ["updateWorkingMemory"]
        (failed,) = result.tool_results
        assert failed.result == (
            "Thread ID, Memory instance, and resourceId are required for working memory updates"
        )
        assert await agent.get_memory().get_working_memory(resource_id="u1") is None
