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


def test_sqlite_bad_files_are_named(tmp_path: Path) -> None:
    from lumosai.memory import StorageError

    garbage = tmp_path / "not-a.db"
    garbage.write_bytes(b"this is not sqlite, just some bytes" * 200)
    with pytest.raises(
        StorageError, match=r"cannot open SQLite storage '.*not-a.db': file is not a database"
    ):
        SqliteStorage(garbage)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot open SQLite storage"):
        SqliteStorage(blocker / "sub" / "app.db")


async def test_postgres_unreachable_is_a_storage_error() -> None:
    pytest.importorskip("psycopg", reason="psycopg not installed: pip install 'lumosai[postgres]'")
    import socket

    from lumosai.memory import PostgresStorage, StorageError

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = PostgresStorage(f"postgresql://u:secret@127.0.0.1:{port}/db", connect_timeout=2)
    with pytest.raises(
        StorageError, match=r"cannot open PostgreSQL storage postgresql://u:\*\*\*@"
    ) as info:
        await store.get_thread("t1")
    assert "secret" not in str(info.value)


def test_storage_from_id_and_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lumosai.memory import InMemoryStorage, default_storage, storage_from_id

    assert isinstance(storage_from_id("memory"), InMemoryStorage)
    for store_id in ("sqlite:data/a.db", "file:data/a.db", "data/a.db", "sqlite://data/a.db"):
        store = storage_from_id(store_id, base_dir=tmp_path)
        assert isinstance(store, SqliteStorage) and Path(store.path) == tmp_path / "data" / "a.db"
    assert storage_from_id("sqlite:data/a.db", base_dir=tmp_path) is storage_from_id(
        "file:data/a.db", base_dir=tmp_path
    ), "one connection per file per process"
    with pytest.raises(ValueError, match="unknown store_id 'redis://x'"):
        storage_from_id("redis://x")
    monkeypatch.setenv("LUMOS_DB", str(tmp_path / "env.db"))
    assert Path(default_storage().path) == tmp_path / "env.db"
    monkeypatch.delenv("LUMOS_DB")
    monkeypatch.chdir(tmp_path)
    assert Path(default_storage().path) == tmp_path / ".lumos" / "lumos.db"
