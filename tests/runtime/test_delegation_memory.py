"""What a delegation keeps in memory (Mastra 1.x, @mastra/core 1.71): after the sub-agent's run
the memory lent to it (its own, or else the caller's) stores ``[prompt, ...answer]`` once more
with ``saveMessages`` — the same message ids, so nothing is doubled, but each text embedded
again in a request of its own (Mastra's Memory caches embeddings apart from the semantic-recall
processor). Real SQLite files and the mock OpenAI-compatible server, which counts the embedding
requests. Found by `verify` on fixtures/mastra/support-desk-1x (7 embedding requests a turn)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lumosai import Agent, openai
from lumosai.llm.messages import Message
from lumosai.memory import (
    Memory,
    MemoryConfig,
    SemanticRecallConfig,
    SqliteStorage,
)
from lumosai.testing import mock_llm_server
from lumosai.testing.server import MockLLMServer

PROMPT = "Is invoice inv-1 paid?"
ANSWER = "Invoice inv-1 is paid."
SCRIPT = [
    {"tool_call": {"name": "agent-billingAgent", "args": {"prompt": PROMPT}}},
    {"text": ANSWER},
    {"text": "Your invoice is paid."},
]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MockLLMServer]:
    with mock_llm_server(SCRIPT) as running:
        # the memory's embedder ("openai/...") finds the mock server through the environment
        monkeypatch.setenv("OPENAI_BASE_URL", running.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        yield running


def _embedding_inputs(server: MockLLMServer) -> list[list[str]]:
    return [
        list(r.body["input"]) if isinstance(r.body["input"], list) else [r.body["input"]]
        for r in server.requests
        if r.path.endswith("/embeddings")
    ]


def _triage(server: MockLLMServer, tmp_path: Path) -> tuple[Agent, Agent]:
    def model() -> Any:
        return openai("gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=0)

    billing = Agent(name="billingAgent", instructions="You handle invoices.", model=model())
    triage = Agent(
        name="triageAgent",
        instructions="Route the customer.",
        model=model(),
        tools={"agent-billingAgent": billing},
        memory_config=MemoryConfig(
            last_messages=10,
            semantic_recall=SemanticRecallConfig(top_k=2, scope="resource"),
            embedder="openai/text-embedding-3-small",
        ),
        storage=SqliteStorage(tmp_path / "support.db"),
    )
    return triage, billing


async def test_a_borrowed_memory_keeps_the_exchange_again(
    server: MockLLMServer, tmp_path: Path
) -> None:
    triage, _ = _triage(server, tmp_path)
    result = await triage.generate("Is my invoice paid?", thread_id="t-1", resource_id="u-1")

    delegated = result.tool_results[0].result
    assert delegated["text"] == ANSWER
    assert delegated["subAgentResourceId"] == "u-1-billingAgent"
    assert delegated["subAgentThreadId"].startswith("t-1-")
    assert result.tool_results[0].model_output == ANSWER  # the model sees the text
    # probe, the turn's recall query, the sub-agent's recall query, its run's save (one batch
    # here, Mastra's processor: the answer only), the delegation's save (one request per
    # message), the turn's save: 7 requests, as Mastra 1.71 sends
    assert _embedding_inputs(server) == [
        ["a"],
        ["Is my invoice paid?"],
        [PROMPT],
        [PROMPT, ANSWER],
        [PROMPT],
        [ANSWER],
        ["Is my invoice paid?", "Your invoice is paid."],
    ]
    memory = triage.get_memory()
    stored = await memory.get_messages(delegated["subAgentThreadId"])
    assert [(m.role, m.content) for m in stored] == [("user", PROMPT), ("assistant", ANSWER)]
    thread = await memory.get_thread(delegated["subAgentThreadId"])
    assert thread is not None and thread.resource_id == "u-1-billingAgent" and not thread.title
    # the second save replaced the first one's vectors instead of adding more
    hits = await memory.vector.query(
        "memory_messages_1536", [1.0] * 1536, top_k=50, filter={"resource_id": "u-1-billingAgent"}
    )
    assert sorted(h.metadata["message_id"] for h in hits) == sorted(m.id for m in stored)


async def test_without_a_caller_thread_the_callers_memory_keeps_it(
    server: MockLLMServer, tmp_path: Path
) -> None:
    triage, billing = _triage(server, tmp_path)
    result = await triage.generate("Is my invoice paid?")

    delegated = result.tool_results[0].result
    # the run has no memory: the probe, then the delegation's save only
    assert _embedding_inputs(server) == [["a"], [PROMPT], [ANSWER]]
    assert billing.memory_config is None  # the caller's memory was lent, not given
    stored = await triage.get_memory().get_messages(delegated["subAgentThreadId"])
    assert [(m.role, m.content) for m in stored] == [("user", PROMPT), ("assistant", ANSWER)]


async def test_save_messages_embeds_a_text_once_per_memory(
    server: MockLLMServer, tmp_path: Path
) -> None:
    memory = Memory(
        MemoryConfig(
            semantic_recall=SemanticRecallConfig(top_k=1),
            embedder="openai/text-embedding-3-small",
        ),
        SqliteStorage(tmp_path / "m.db"),
    )
    for thread in ("a-1", "a-2"):
        await memory.save_messages(
            thread_id=thread,
            resource_id="r",
            messages=[Message(role="user", content="hello"), Message(role="system", content="x")],
        )
    assert _embedding_inputs(server) == [["hello"]]  # Mastra's Memory LRU cache
    assert [m.role for m in await memory.get_messages("a-2")] == ["user"]


async def test_mastra_0x_delegation_lends_the_memory_as_it_is(tmp_path: Path) -> None:
    """Mastra 0.24: a new uuid thread, resource ``<slug of the caller>-<agent>``, the caller's
    memory with its own options, no second save, and the model sees the whole result."""
    from lumosai.testing import ScriptedModel

    billing = Agent(
        name="billingAgent",
        instructions="You handle invoices.",
        model=ScriptedModel([{"text": ANSWER}]),
    )
    triage_model = ScriptedModel(SCRIPT[:1] + SCRIPT[2:])
    triage = Agent(
        name="triageAgent",
        instructions="Route the customer.",
        model=triage_model,
        tools={"agent-billingAgent": billing.as_tool("agent-billingAgent", version="0.x")},
        memory_config=MemoryConfig(last_messages=10),
        storage=SqliteStorage(tmp_path / "support.db"),
    )
    result = await triage.generate("Is my invoice paid?", thread_id="t-1", resource_id="u-1")

    delegated = result.tool_results[0].result
    assert set(delegated) == {"text", "subAgentThreadId", "subAgentResourceId"}
    assert delegated["subAgentResourceId"] == "triage-agent-billingAgent"
    assert result.tool_results[0].model_output is None  # no toModelOutput in 0.24
    stored = await triage.get_memory().get_messages(delegated["subAgentThreadId"])
    assert [(m.role, m.content) for m in stored] == [("user", PROMPT), ("assistant", ANSWER)]
    seen = triage_model.requests[1].messages[-1].tool_results[0].result
    assert seen == delegated
    assert billing.memory_config is None
