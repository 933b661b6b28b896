"""``Mastra`` registry, ``RequestContext``, loggers, stores, ``Memory`` API and the AI-SDK-shaped
provider helpers (over a real HTTP mock server)."""

from __future__ import annotations

import logging

import pytest

from lumosai import RuntimeContext as NativeRuntimeContext
from lumosai.compat.mastra import (
    Agent,
    ConsoleLogger,
    InMemoryStore,
    LibSQLStore,
    LibSQLVector,
    Mastra,
    MastraError,
    Memory,
    PinoLogger,
    RequestContext,
    RuntimeContext,
    createStep,
    createWorkflow,
    noopLogger,
    z,
)
from lumosai.compat.mastra.providers import (
    LazyModel,
    createOpenAI,
    createOpenAICompatible,
    openai,
    to_model,
)
from lumosai.llm.model import ModelConfigError
from lumosai.memory import InMemoryStorage, SqliteStorage
from lumosai.testing import ScriptedModel, mock_llm_server


def make_agent(agent_id: str, text: str = "ok") -> Agent:
    return Agent(
        {
            "id": agent_id,
            "name": agent_id.title(),
            "instructions": "x",
            "model": ScriptedModel([{"text": text}]),
        }
    )


def test_mastra_registry_keys_ids_and_errors() -> None:
    weather = make_agent("weather-agent")
    wf = (
        createWorkflow({"id": "wf-id"})
        .then(createStep({"id": "s", "execute": lambda p: 1}))
        .commit()
    )
    logger = PinoLogger({"name": "Mastra", "level": "info"})
    storage = InMemoryStore()
    mastra = Mastra(
        {
            "agents": {"weatherAgent": weather},
            "workflows": {"weatherWorkflow": wf},
            "storage": storage,
            "logger": logger,
        }
    )
    assert mastra.getAgent("weatherAgent") is weather
    assert mastra.getAgentById("weather-agent") is weather
    assert mastra.listAgents() == {"weatherAgent": weather} == mastra.getAgents()
    assert mastra.getWorkflow("weatherWorkflow") is wf
    assert mastra.getWorkflowById("wf-id") is wf
    assert mastra.listWorkflows() == {"weatherWorkflow": wf}
    assert mastra.getStorage() is storage and mastra.getLogger() is logger
    assert weather.storage is storage  # agents use the Mastra storage, as in Mastra
    assert weather.getMastraInstance() is mastra
    with pytest.raises(MastraError, match="Agent with name nope not found"):
        mastra.getAgent("nope")
    with pytest.raises(MastraError):
        mastra.getTool("nope")
    assert Mastra({"logger": False}).getLogger() is noopLogger
    assert mastra.generateId()


def test_request_context_is_map_like_and_native() -> None:
    rc = RequestContext([["a", 1]])
    assert isinstance(rc, NativeRuntimeContext)
    assert RuntimeContext is RequestContext
    assert rc.set("b", 2) is rc
    assert rc.get("a") == 1 and rc.has("b") and rc.size == 2
    assert rc.entries() == [("a", 1), ("b", 2)]
    assert rc.keys() == ["a", "b"] and rc.values() == [1, 2]
    seen = []
    rc.forEach(lambda value, key, ctx: seen.append((key, value)))
    assert seen == [("a", 1), ("b", 2)]
    assert rc.delete("a") is True and rc.delete("a") is False
    assert rc.toJSON() == {"b": 2}
    rc.clear()
    assert rc.size == 0
    native = NativeRuntimeContext({"x": 1})
    view = RequestContext.of(native)
    view.set("y", 2)
    assert native.get("y") == 2  # a view shares the native context's values


def test_loggers_write_through_logging(caplog) -> None:
    logger = ConsoleLogger({"name": "compat-test", "level": "debug"})
    with caplog.at_level(logging.DEBUG, logger="compat-test"):
        logger.info("hello", {"k": 1})
        logger.debug("details")
        logger.warn("careful")
        logger.error("bad")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ['hello {"k": 1}', "details", "careful", "bad"]
    with pytest.raises(ValueError, match="level"):
        PinoLogger({"level": "loud"})


async def test_stores_are_native_storages(tmp_path) -> None:
    store = LibSQLStore({"id": "s", "url": f"file:{tmp_path / 'a.db'}"})
    assert isinstance(store, SqliteStorage) and store.path == str(tmp_path / "a.db")
    assert isinstance(LibSQLStore({"url": ":memory:"}), SqliteStorage)
    assert isinstance(InMemoryStore(), InMemoryStorage)
    with pytest.raises(ValueError, match="remote"):
        LibSQLStore({"url": "libsql://db.turso.io"})
    vectors = LibSQLVector({"url": f"file:{tmp_path / 'v.db'}"})
    await vectors.createIndex({"indexName": "docs", "dimension": 2})
    await vectors.upsert(
        {
            "indexName": "docs",
            "vectors": [[1.0, 0.0], [0.0, 1.0]],
            "metadata": [{"t": "x"}, {"t": "y"}],
        }
    )
    hits = await vectors.query({"indexName": "docs", "queryVector": [1.0, 0.1], "topK": 1})
    assert hits[0].metadata == {"t": "x"}
    assert await vectors.listIndexes() == ["docs"]


async def test_memory_options_and_thread_api(tmp_path) -> None:
    memory = Memory(
        {
            "storage": LibSQLStore({"url": f"file:{tmp_path / 'm.db'}"}),
            "options": {
                "lastMessages": 5,
                "workingMemory": {"enabled": True, "schema": z.object({"name": z.string()})},
                "generateTitle": True,
            },
        }
    )
    assert memory.config.last_messages == 5
    assert (
        memory.config.working_memory.json_schema == z.object({"name": z.string()}).to_json_schema()
    )
    assert memory.config.extra == {"generateTitle": True}
    thread = await memory.createThread({"resourceId": "u1", "title": "First"})
    assert thread.resourceId == "u1" and thread.title == "First"
    listed = await memory.listThreadsByResourceId({"resourceId": "u1"})
    assert [t.id for t in listed.threads] == [thread.id]
    await memory.saveMessages(
        {"messages": [{"threadId": thread.id, "resourceId": "u1", "role": "user", "content": "hi"}]}
    )
    assert [m.content for m in (await memory.recall({"threadId": thread.id})).messages] == ["hi"]
    await memory.updateWorkingMemory({"resourceId": "u1", "workingMemory": '{"name": "Ada"}'})
    assert await memory.getWorkingMemory({"resourceId": "u1"}) == '{"name": "Ada"}'
    await memory.deleteThread(thread.id)
    assert await memory.getThreadById({"threadId": thread.id}) is None
    with pytest.raises(ValueError, match="unknown key"):
        Memory({"options": {"lastMesages": 3}})


async def test_memory_without_storage_uses_the_mastra_storage() -> None:
    storage = InMemoryStore()
    model = ScriptedModel([{"text": "one"}, {"text": "two"}])
    agent = Agent({"name": "m", "instructions": "x", "model": model, "memory": Memory()})
    Mastra({"agents": {"m": agent}, "storage": storage})
    await agent.generate("first", {"memory": {"thread": "t", "resource": "u"}})
    await agent.generate("second", {"memory": {"thread": "t", "resource": "u"}})
    assert "first" in [m.content for m in model.requests[1].messages]
    assert len(await storage.get_messages("t")) == 4


async def test_create_openai_talks_to_an_openai_compatible_server() -> None:
    with mock_llm_server([{"text": "hello from the server"}]) as server:
        provider = createOpenAI({"baseURL": server.base_url, "apiKey": "test-key"})
        agent = Agent({"name": "net", "instructions": "be nice", "model": provider("gpt-4o-mini")})
        res = await agent.generate("hi", {"modelSettings": {"temperature": 0.3}})
        assert res.text == "hello from the server"
        assert server.requests[0].body["model"] == "gpt-4o-mini"
        assert server.requests[0].body["temperature"] == 0.3
    with mock_llm_server([{"text": "compatible"}]) as server:
        local = createOpenAICompatible({"name": "local", "baseURL": server.base_url})
        agent = Agent({"name": "c", "instructions": "", "model": local.chat("my-model")})
        assert (await agent.generate("hi")).text == "compatible"
    with mock_llm_server([{"text": "by config"}]) as server:
        agent = Agent(
            {"name": "d", "instructions": "", "model": {"id": "custom/m1", "url": server.base_url}}
        )
        assert (await agent.generate("hi")).text == "by config"


async def test_provider_keys_are_read_at_first_call(monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    model = openai("gpt-4o")  # no key: creating the model is fine, as in the AI SDK
    assert isinstance(model, LazyModel) and model.model_id == "gpt-4o"
    agent = Agent({"name": "k", "instructions": "", "model": "openai/gpt-4o-mini"})
    with pytest.raises(ModelConfigError, match="OPENAI_API_KEY"):
        await agent.generate("hi")
    with pytest.raises(TypeError, match="model"):
        to_model(42)


async def test_fallback_model_list() -> None:
    from lumosai.llm.model import ModelError

    failing = ScriptedModel([{"error": "down"}])
    working = ScriptedModel([{"text": "backup answered"}])
    agent = Agent(
        {
            "name": "f",
            "instructions": "",
            "model": [
                {"model": failing, "maxRetries": 0},
                {"model": ScriptedModel([]), "enabled": False},
                {"model": working},
            ],
        }
    )
    assert (await agent.generate("hi")).text == "backup answered"
    broken = Agent(
        {"name": "b", "instructions": "", "model": [{"model": ScriptedModel([{"error": "x"}])}]}
    )
    with pytest.raises(ModelError, match="every model"):
        await broken.generate("hi")


def test_postgres_store_builds_a_native_postgres_storage() -> None:
    from lumosai.compat.mastra import PostgresStore
    from lumosai.memory.postgres import PostgresStorage

    store = PostgresStore(
        {"id": "pg", "connectionString": "postgresql://u@localhost/db", "schemaName": "app"}
    )
    assert isinstance(store, PostgresStorage)
    assert store.url == "postgresql://u@localhost/db" and store.schema == "app"
    parts = PostgresStore(
        {"host": "db", "port": 6543, "database": "mastra", "user": "me", "password": "pw"}
    )
    assert parts.url == "postgresql://me:pw@db:6543/mastra"


async def test_memory_semantic_recall_with_vector_and_embedder(tmp_path) -> None:
    db = f"file:{tmp_path / 'recall.db'}"
    memory = Memory(
        {
            "storage": LibSQLStore({"url": db}),
            "vector": LibSQLVector({"url": db}),
            "embedder": "hash/64",
            "options": {
                "lastMessages": 1,
                "semanticRecall": {"topK": 1, "messageRange": 0, "scope": "thread"},
            },
        }
    )
    assert memory.config.semantic_recall.top_k == 1
    assert memory.config.semantic_recall.message_range.before == 0
    model = ScriptedModel([{"text": "noted"}, {"text": "filler"}, {"text": "it was blue"}])
    agent = Agent({"name": "r", "instructions": "x", "model": model, "memory": memory})
    opts = {"memory": {"thread": "t", "resource": "u"}}
    await agent.generate("my favourite colour is blue", opts)
    await agent.generate("something unrelated about trains", opts)
    await agent.generate("what is my favourite colour?", opts)
    sent = " ".join(m.content for m in model.requests[2].messages)
    assert "favourite colour is blue" in sent  # recalled, although lastMessages is 1
