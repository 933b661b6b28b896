"""Ported (Mastra-shaped) code: ``lumosai.compat.mastra``'s Agent and Memory take
``inputProcessors`` / ``outputProcessors`` / 0.x ``processors`` with Mastra's options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lumosai.compat.mastra import Agent, MastraProcessor, Memory, TokenLimiter, UnicodeNormalizer
from lumosai.compat.mastra.processors import MemoryToolCallFilter
from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.memory import SqliteStorage
from lumosai.memory.storage import Thread, stamp_messages
from lumosai.testing import ScriptedModel


async def test_compat_agent_runs_mastra_shaped_processors(tmp_path: Path) -> None:
    model = ScriptedModel([{"text": "one two three four five"}])
    agent = Agent(
        {
            "id": "helper",
            "name": "Helper",
            "instructions": "Help.",
            "model": model,
            "inputProcessors": [UnicodeNormalizer({"stripControlChars": True})],
            "outputProcessors": lambda ctx: [TokenLimiter({"limit": 2})],
        }
    )
    result = await agent.generate("ｈｉ\x07 there")
    assert model.requests[0].messages[-1].content == "hi there"
    # generate(): the whole answer is one stream part, over the limit, so dropped (as Mastra)
    assert result.text == ""


async def test_compat_memory_processors_filter_history(tmp_path: Path) -> None:
    storage = SqliteStorage(str(tmp_path / "m.db"))
    await storage.save_thread(Thread(id="t", resource_id="u"))
    call = ToolCall(id="c1", name="list-commits", args={})
    await storage.add_messages(
        "t",
        stamp_messages(
            [
                Message(role="user", content="notes please"),
                Message(role="assistant", content="", tool_calls=[call]),
                Message(
                    role="tool", tool_results=[ToolResult(id="c1", name="list-commits", result="x")]
                ),
                Message(role="assistant", content="Here they are."),
            ]
        ),
    )
    model = ScriptedModel([{"text": "ok"}])
    memory = Memory(
        {
            "storage": storage,
            "processors": [MemoryToolCallFilter({"exclude": ["list-commits"]})],
            "options": {"lastMessages": 10},
        }
    )
    agent = Agent({"name": "notes", "instructions": "x", "model": model, "memory": memory})
    await agent.generate("more", {"threadId": "t", "resourceId": "u"})
    sent = model.requests[0].messages
    assert [m.content for m in sent if m.role != "system"] == [
        "notes please",
        "Here they are.",
        "more",
    ]


async def test_compat_results_carry_the_tripwire() -> None:
    def block(options: dict[str, Any]) -> Any:
        options["abort"]("no thanks", {"metadata": {"why": "test"}})

    guard = MastraProcessor(id="guard", process_input=block)
    agent = Agent(
        {"name": "g", "instructions": "x", "model": ScriptedModel([]), "inputProcessors": [guard]}
    )
    out = await agent.generate("hi")
    assert out.text == ""
    assert out.tripwire.reason == "no thanks"
    assert out.tripwire.processorId == "guard" and out.tripwire.metadata == {"why": "test"}
    legacy = await agent.generateLegacy("hi")
    assert legacy.tripwire is True and legacy.tripwireReason == "no thanks"
