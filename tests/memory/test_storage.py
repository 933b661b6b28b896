"""The storage contract, run against every backend (PostgreSQL: see test_postgres.py)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.memory import InMemoryStorage, SqliteStorage, Storage, Thread, WorkflowSnapshot


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    store: Storage
    if request.param == "memory":
        store = InMemoryStorage()
    elif request.param == "sqlite":
        store = SqliteStorage(tmp_path / "t.db")
    else:
        from lumosai.memory import PostgresStorage

        url = request.getfixturevalue("postgres_url")
        # a schema per test keeps tests independent on one cluster
        store = PostgresStorage(url, schema=f"t_{uuid.uuid4().hex[:12]}")
    yield store
    await store.close()


async def test_threads_round_trip(storage: Storage) -> None:
    assert await storage.get_thread("t1") is None
    saved = await storage.save_thread(
        Thread(id="t1", resource_id="u1", title="first", metadata={"k": 1})
    )
    assert saved.created_at > 0 and saved.updated_at >= saved.created_at
    await storage.save_thread(Thread(id="t2", resource_id="u1"))
    await storage.save_thread(Thread(id="t3", resource_id="u2"))
    again = await storage.save_thread(Thread(id="t1", resource_id="u1", title="renamed"))
    assert again.created_at == saved.created_at and again.title == "renamed"
    assert [t.id for t in await storage.list_threads("u1")] == ["t1", "t2"]
    loaded = await storage.get_thread("t1")
    assert loaded is not None and loaded.title == "renamed" and loaded.resource_id == "u1"


async def test_messages_keep_order_ids_and_tool_parts(storage: Storage) -> None:
    messages = [
        Message(role="user", content="hi"),
        Message(
            role="assistant", content="", tool_calls=[ToolCall(id="c1", name="add", args={"a": 1})]
        ),
        Message(role="tool", tool_results=[ToolResult(id="c1", name="add", result={"sum": 3})]),
        Message(role="assistant", content="3", metadata={"x": [1, 2]}),
    ]
    await storage.add_messages("t1", messages)
    assert all(m.id and m.created_at for m in messages), "ids and timestamps are stamped"
    got = await storage.get_messages("t1")
    assert [m.to_dict() for m in got] == [m.to_dict() for m in messages]
    assert [m.content for m in await storage.get_messages("t1", last=2)] == ["", "3"]
    assert await storage.get_messages("t1", last=0) == []
    assert await storage.get_messages("other") == []
    wanted = [messages[3].id or "", messages[0].id or ""]
    assert [m.content for m in await storage.get_messages("t1", ids=wanted)] == ["hi", "3"]


async def test_same_id_replaces_in_place(storage: Storage) -> None:
    first = Message(role="user", content="a", id="m1")
    await storage.add_messages("t1", [first, Message(role="user", content="b", id="m2")])
    await storage.add_messages("t1", [Message(role="user", content="a2", id="m1")])
    assert [m.content for m in await storage.get_messages("t1")] == ["a2", "b"]


async def test_messages_around(storage: Storage) -> None:
    msgs = [Message(role="user", content=str(i), id=f"m{i}") for i in range(6)]
    await storage.add_messages("t1", msgs)
    await storage.add_messages("t2", [Message(role="user", content="x", id="other")])
    around = await storage.get_messages_around("t1", "m3", before=2, after=1)
    assert [m.content for m in around] == ["1", "2", "3", "4"]
    assert [
        m.content for m in await storage.get_messages_around("t1", "m0", before=3, after=0)
    ] == ["0"]
    assert await storage.get_messages_around("t1", "other") == []


async def test_delete_thread_removes_messages(storage: Storage) -> None:
    await storage.save_thread(Thread(id="t1", resource_id="u1"))
    await storage.add_messages("t1", [Message(role="user", content="hi")])
    await storage.delete_thread("t1")
    assert await storage.get_thread("t1") is None
    assert await storage.get_messages("t1") == []


async def test_working_memory(storage: Storage) -> None:
    assert await storage.get_working_memory("resource:u1") is None
    await storage.set_working_memory("resource:u1", "# User\n- Name: Ada")
    await storage.set_working_memory("resource:u1", "# User\n- Name: Grace")
    assert await storage.get_working_memory("resource:u1") == "# User\n- Name: Grace"


async def test_workflow_snapshots(storage: Storage) -> None:
    await storage.save_workflow_snapshot(WorkflowSnapshot("wf", "r1", "running", {"step": 1}))
    await storage.save_workflow_snapshot(WorkflowSnapshot("wf", "r2", "success", {"step": 9}))
    await storage.save_workflow_snapshot(WorkflowSnapshot("other", "r1", "running", {}))
    first = await storage.load_workflow_snapshot("wf", "r1")
    assert first is not None and first.snapshot == {"step": 1} and first.created_at > 0
    await storage.save_workflow_snapshot(
        WorkflowSnapshot("wf", "r1", "suspended", {"step": 2, "suspended": ["b"]})
    )
    again = await storage.load_workflow_snapshot("wf", "r1")
    assert again is not None and again.status == "suspended" and again.snapshot["step"] == 2
    assert again.created_at == first.created_at
    assert [s.run_id for s in await storage.list_workflow_snapshots("wf")] == ["r1", "r2"]
    assert await storage.load_workflow_snapshot("wf", "missing") is None


async def test_returned_objects_are_copies(storage: Storage) -> None:
    message = Message(role="user", content="hi", metadata={"a": 1})
    await storage.add_messages("t1", [message])
    message.metadata["a"] = 2
    got = (await storage.get_messages("t1"))[0]
    got.metadata["a"] = 3
    assert (await storage.get_messages("t1"))[0].metadata == {"a": 1}


async def test_postgres_data_outlives_the_connection(postgres_url: str) -> None:
    from lumosai.memory import PostgresStorage

    schema = f"r_{uuid.uuid4().hex[:12]}"
    first = PostgresStorage(postgres_url, schema=schema)
    await first.add_messages("t1", [Message(role="user", content="kept")])
    await first.save_workflow_snapshot(WorkflowSnapshot("wf", "r1", "suspended", {"a": 1}))
    await first.close()
    second = PostgresStorage(postgres_url, schema=schema)
    assert [m.content for m in await second.get_messages("t1")] == ["kept"]
    snap = await second.load_workflow_snapshot("wf", "r1")
    assert snap is not None and snap.status == "suspended"
    await second.close()


def test_postgres_without_driver_or_bad_schema_is_clear() -> None:
    from lumosai.memory import PostgresStorage

    with pytest.raises(ValueError, match="invalid PostgreSQL schema name"):
        PostgresStorage("postgresql://x@127.0.0.1:1/db", schema="bad;name")


def test_postgres_storage_across_event_loops(postgres_url: str) -> None:
    """``generate_sync`` runs each call in a new event loop; the storage follows."""
    import asyncio

    from lumosai.memory import PostgresStorage

    store = PostgresStorage(postgres_url, schema=f"l_{uuid.uuid4().hex[:12]}")
    asyncio.run(store.add_messages("t1", [Message(role="user", content="one")]))
    asyncio.run(store.add_messages("t1", [Message(role="user", content="two")]))
    contents = asyncio.run(store.get_messages("t1"))
    assert [m.content for m in contents] == ["one", "two"]
    asyncio.run(store.close())
