"""``SqliteStorage``: the default storage, one SQLite file (Mastra's ``LibSQLStore({url: 'file:…'})``).

Several processes may share the file: WAL journal, a busy timeout, and write transactions that
take the write lock up front (``BEGIN IMMEDIATE``) so two writers never deadlock on upgrade.
Queries are small indexed lookups (tens of microseconds), so the async methods run them on the
calling thread; handing each to a worker thread would cost more than the query (see
``docs/memory.md`` for the numbers).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from lumosai.llm.messages import Message
from lumosai.memory.storage import (
    Storage,
    StorageError,
    Thread,
    WorkflowSnapshot,
    stamp_messages,
)

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS lumos_threads (
    id TEXT PRIMARY KEY,
    resource_id TEXT,
    title TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS lumos_threads_resource ON lumos_threads (resource_id, created_at);
CREATE TABLE IF NOT EXISTS lumos_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    thread_id TEXT NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS lumos_messages_thread ON lumos_messages (thread_id, seq);
CREATE TABLE IF NOT EXISTS lumos_working_memory (
    key TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS lumos_workflow_snapshots (
    workflow_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    status TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (workflow_id, run_id)
);
"""


def _thread_from_row(row: sqlite3.Row) -> Thread:
    return Thread(
        id=row["id"],
        resource_id=row["resource_id"],
        title=row["title"],
        metadata=json.loads(row["metadata"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _snapshot_from_row(row: sqlite3.Row) -> WorkflowSnapshot:
    return WorkflowSnapshot(
        workflow_id=row["workflow_id"],
        run_id=row["run_id"],
        status=row["status"],
        snapshot=json.loads(row["snapshot"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _messages(rows: list[sqlite3.Row]) -> list[Message]:
    return [Message.from_dict(json.loads(row["data"])) for row in rows]


class SqliteStorage(Storage):
    """Threads, messages, working memory and workflow snapshots in one SQLite file.

    ``path`` may be ``":memory:"`` (private to this object). Parent directories are created."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 30.0) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        try:
            if self.path != ":memory:" and not self.path.startswith("file:"):
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self.path,
                timeout=busy_timeout,
                isolation_level=None,
                check_same_thread=False,
                uri=self.path.startswith("file:"),
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            with self._write() as conn:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open SQLite storage {self.path!r}: {exc}") from exc

    def __repr__(self) -> str:
        return f"SqliteStorage({self.path!r})"

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding SQLite's write lock from the start."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            return fn(self._conn)

    # threads
    async def get_thread(self, thread_id: str) -> Thread | None:
        row = self._read(
            lambda c: c.execute("SELECT * FROM lumos_threads WHERE id = ?", (thread_id,)).fetchone()
        )
        return _thread_from_row(row) if row else None

    async def save_thread(self, thread: Thread) -> Thread:
        now = time.time()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO lumos_threads (id, resource_id, title, metadata, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET resource_id = excluded.resource_id,"
                " title = excluded.title, metadata = excluded.metadata,"
                " updated_at = excluded.updated_at",
                (
                    thread.id,
                    thread.resource_id,
                    thread.title,
                    json.dumps(thread.metadata),
                    thread.created_at or now,
                    now,
                ),
            )
            row = conn.execute("SELECT * FROM lumos_threads WHERE id = ?", (thread.id,)).fetchone()
        return _thread_from_row(row)

    async def list_threads(self, resource_id: str) -> list[Thread]:
        rows = self._read(
            lambda c: c.execute(
                "SELECT * FROM lumos_threads WHERE resource_id = ? ORDER BY created_at, rowid",
                (resource_id,),
            ).fetchall()
        )
        return [_thread_from_row(r) for r in rows]

    async def delete_thread(self, thread_id: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM lumos_messages WHERE thread_id = ?", (thread_id,))
            conn.execute("DELETE FROM lumos_threads WHERE id = ?", (thread_id,))

    # messages
    async def add_messages(self, thread_id: str, messages: list[Message]) -> None:
        rows = [
            (m.id, thread_id, m.role, m.content, json.dumps(m.to_dict()), m.created_at)
            for m in stamp_messages(messages)
        ]
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO lumos_messages (id, thread_id, role, content, data, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET role = excluded.role,"
                " content = excluded.content, data = excluded.data",
                rows,
            )
            conn.execute(
                "UPDATE lumos_threads SET updated_at = ? WHERE id = ?", (time.time(), thread_id)
            )

    async def get_messages(
        self, thread_id: str, *, last: int | None = None, ids: list[str] | None = None
    ) -> list[Message]:
        if last is not None and last <= 0:
            return []
        sql = "SELECT seq, data FROM lumos_messages WHERE thread_id = ?"
        params: list[Any] = [thread_id]
        if ids is not None:
            if not ids:
                return []
            sql += f" AND id IN ({','.join('?' * len(ids))})"
            params.extend(ids)
        if last is not None:
            sql = f"SELECT data FROM ({sql} ORDER BY seq DESC LIMIT ?) ORDER BY seq"
            params.append(last)
        else:
            sql += " ORDER BY seq"
        return _messages(self._read(lambda c: c.execute(sql, params).fetchall()))

    async def get_messages_around(
        self, thread_id: str, message_id: str, *, before: int = 0, after: int = 0
    ) -> list[Message]:
        def query(conn: sqlite3.Connection) -> list[sqlite3.Row]:
            hit = conn.execute(
                "SELECT seq, data FROM lumos_messages WHERE id = ? AND thread_id = ?",
                (message_id, thread_id),
            ).fetchone()
            if hit is None:
                return []
            earlier = conn.execute(
                "SELECT data FROM lumos_messages WHERE thread_id = ? AND seq < ?"
                " ORDER BY seq DESC LIMIT ?",
                (thread_id, hit["seq"], max(before, 0)),
            ).fetchall()
            later = conn.execute(
                "SELECT data FROM lumos_messages WHERE thread_id = ? AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (thread_id, hit["seq"], max(after, 0)),
            ).fetchall()
            return [*reversed(earlier), hit, *later]

        return _messages(self._read(query))

    # working memory
    async def get_working_memory(self, key: str) -> str | None:
        row = self._read(
            lambda c: c.execute(
                "SELECT content FROM lumos_working_memory WHERE key = ?", (key,)
            ).fetchone()
        )
        return row["content"] if row else None

    async def set_working_memory(self, key: str, content: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO lumos_working_memory (key, content, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET content = excluded.content,"
                " updated_at = excluded.updated_at",
                (key, content, time.time()),
            )

    # workflow snapshots
    async def save_workflow_snapshot(self, snapshot: WorkflowSnapshot) -> None:
        now = time.time()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO lumos_workflow_snapshots"
                " (workflow_id, run_id, status, snapshot, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(workflow_id, run_id) DO UPDATE SET status = excluded.status,"
                " snapshot = excluded.snapshot, updated_at = excluded.updated_at",
                (
                    snapshot.workflow_id,
                    snapshot.run_id,
                    snapshot.status,
                    json.dumps(snapshot.snapshot),
                    snapshot.created_at or now,
                    now,
                ),
            )

    async def load_workflow_snapshot(
        self, workflow_id: str, run_id: str
    ) -> WorkflowSnapshot | None:
        row = self._read(
            lambda c: c.execute(
                "SELECT * FROM lumos_workflow_snapshots WHERE workflow_id = ? AND run_id = ?",
                (workflow_id, run_id),
            ).fetchone()
        )
        return _snapshot_from_row(row) if row else None

    async def list_workflow_snapshots(self, workflow_id: str) -> list[WorkflowSnapshot]:
        rows = self._read(
            lambda c: c.execute(
                "SELECT * FROM lumos_workflow_snapshots WHERE workflow_id = ?"
                " ORDER BY created_at, rowid",
                (workflow_id,),
            ).fetchall()
        )
        return [_snapshot_from_row(r) for r in rows]

    async def close(self) -> None:
        with self._lock:
            self._conn.close()
