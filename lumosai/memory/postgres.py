"""``PostgresStorage``: the storage contract on PostgreSQL (Mastra's ``PostgresStore``).

psycopg 3 async (``pip install 'lumosai[postgres]'``). One connection, opened on first use,
autocommit, calls serialised by a lock; tables are created if missing, in ``schema`` if given.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from lumosai.llm.messages import Message
from lumosai.memory.storage import (
    Storage,
    StorageError,
    Thread,
    WorkflowSnapshot,
    stamp_messages,
)


def _tables(schema: str | None) -> dict[str, str]:
    prefix = f'"{schema}".' if schema else ""
    return {
        "threads": f"{prefix}lumos_threads",
        "messages": f"{prefix}lumos_messages",
        "wm": f"{prefix}lumos_working_memory",
        "snapshots": f"{prefix}lumos_workflow_snapshots",
    }


def _ddl(t: dict[str, str], schema: str | None) -> list[str]:
    statements = [f'CREATE SCHEMA IF NOT EXISTS "{schema}"'] if schema else []
    return [
        *statements,
        f"""CREATE TABLE IF NOT EXISTS {t["threads"]} (
            id TEXT PRIMARY KEY, resource_id TEXT, title TEXT,
            metadata JSONB NOT NULL DEFAULT '{{}}',
            created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS lumos_threads_resource ON {t['threads']} (resource_id, created_at)",
        f"""CREATE TABLE IF NOT EXISTS {t["messages"]} (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, thread_id TEXT NOT NULL,
            role TEXT NOT NULL, content TEXT NOT NULL, data JSONB NOT NULL,
            created_at DOUBLE PRECISION NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS lumos_messages_thread ON {t['messages']} (thread_id, seq)",
        f"""CREATE TABLE IF NOT EXISTS {t["wm"]} (
            key TEXT PRIMARY KEY, content TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL)""",
        f"""CREATE TABLE IF NOT EXISTS {t["snapshots"]} (
            workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, status TEXT NOT NULL,
            snapshot JSONB NOT NULL, created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (workflow_id, run_id))""",
    ]


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _thread(row: tuple[Any, ...]) -> Thread:
    return Thread(
        id=row[0],
        resource_id=row[1],
        title=row[2],
        metadata=dict(row[3] or {}),
        created_at=row[4],
        updated_at=row[5],
    )


def _snapshot(row: tuple[Any, ...]) -> WorkflowSnapshot:
    return WorkflowSnapshot(row[0], row[1], row[2], dict(row[3]), row[4], row[5])


class PostgresStorage(Storage):
    """Threads, messages, working memory and workflow snapshots in PostgreSQL.

    ``url``: ``postgresql://user:pass@host:port/db``."""

    def __init__(self, url: str, *, schema: str | None = None, connect_timeout: int = 10) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise ImportError(
                "PostgresStorage needs psycopg 3: pip install 'lumosai[postgres]'"
            ) from exc
        if schema is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema):
            raise ValueError(f"invalid PostgreSQL schema name {schema!r}")
        self.url = url
        self.schema = schema
        self.connect_timeout = connect_timeout
        self._t = _tables(schema)
        self._conn: Any = None
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:
        return f"PostgresStorage({_redact(self.url)!r}, schema={self.schema!r})"

    def _guard(self) -> asyncio.Lock:
        """The lock for this event loop. An async connection belongs to the loop that opened
        it, so a new loop (e.g. one ``generate_sync`` call after another) gets a new one."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._lock = asyncio.Lock()
            if self._conn is not None and not self._conn.closed:
                self._conn.pgconn.finish()  # libpq's synchronous close; the old loop is gone
            self._conn = None
        return self._lock

    async def _connection(self) -> Any:
        if self._conn is None or self._conn.closed:
            import psycopg

            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.url, autocommit=True, connect_timeout=self.connect_timeout
                )
                async with conn.transaction():
                    # one creator at a time when several processes start together
                    await conn.execute("SELECT pg_advisory_xact_lock(7261836)")
                    for statement in _ddl(self._t, self.schema):
                        await conn.execute(statement)
            except psycopg.Error as exc:
                raise StorageError(
                    f"cannot open PostgreSQL storage {_redact(self.url)}: {exc}"
                ) from exc
            self._conn = conn
        return self._conn

    async def _fetch(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        async with self._guard():
            conn = await self._connection()
            cursor = await conn.execute(sql, params)
            return list(await cursor.fetchall())

    async def _run(self, statements: list[tuple[str, Any]]) -> None:
        async with self._guard():
            conn = await self._connection()
            async with conn.transaction():
                for sql, params in statements:
                    await conn.execute(sql, params)

    async def get_thread(self, thread_id: str) -> Thread | None:
        rows = await self._fetch(
            f"SELECT id, resource_id, title, metadata, created_at, updated_at"
            f" FROM {self._t['threads']} WHERE id = %s",
            (thread_id,),
        )
        return _thread(rows[0]) if rows else None

    async def save_thread(self, thread: Thread) -> Thread:
        from psycopg.types.json import Jsonb

        now = time.time()
        rows = await self._fetch(
            f"INSERT INTO {self._t['threads']}"
            " (id, resource_id, title, metadata, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET resource_id = EXCLUDED.resource_id,"
            " title = EXCLUDED.title, metadata = EXCLUDED.metadata,"
            " updated_at = EXCLUDED.updated_at"
            " RETURNING id, resource_id, title, metadata, created_at, updated_at",
            (
                thread.id,
                thread.resource_id,
                thread.title,
                Jsonb(thread.metadata),
                thread.created_at or now,
                now,
            ),
        )
        return _thread(rows[0])

    async def list_threads(self, resource_id: str) -> list[Thread]:
        rows = await self._fetch(
            f"SELECT id, resource_id, title, metadata, created_at, updated_at"
            f" FROM {self._t['threads']} WHERE resource_id = %s ORDER BY created_at, id",
            (resource_id,),
        )
        return [_thread(r) for r in rows]

    async def delete_thread(self, thread_id: str) -> None:
        await self._run(
            [
                (f"DELETE FROM {self._t['messages']} WHERE thread_id = %s", (thread_id,)),
                (f"DELETE FROM {self._t['threads']} WHERE id = %s", (thread_id,)),
            ]
        )

    async def add_messages(self, thread_id: str, messages: list[Message]) -> None:
        from psycopg.types.json import Jsonb

        sql = (
            f"INSERT INTO {self._t['messages']} (id, thread_id, role, content, data, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role,"
            " content = EXCLUDED.content, data = EXCLUDED.data"
        )
        statements: list[tuple[str, Any]] = [
            (sql, (m.id, thread_id, m.role, m.content, Jsonb(m.to_dict()), m.created_at))
            for m in stamp_messages(messages)
        ]
        statements.append(
            (
                f"UPDATE {self._t['threads']} SET updated_at = %s WHERE id = %s",
                (time.time(), thread_id),
            )
        )
        await self._run(statements)

    async def get_messages(
        self, thread_id: str, *, last: int | None = None, ids: list[str] | None = None
    ) -> list[Message]:
        if last is not None and last <= 0:
            return []
        sql = f"SELECT seq, data FROM {self._t['messages']} WHERE thread_id = %s"
        params: list[Any] = [thread_id]
        if ids is not None:
            if not ids:
                return []
            sql += " AND id = ANY(%s)"
            params.append(list(ids))
        if last is not None:
            sql = f"SELECT seq, data FROM ({sql} ORDER BY seq DESC LIMIT %s) AS tail ORDER BY seq"
            params.append(last)
        else:
            sql += " ORDER BY seq"
        return [Message.from_dict(row[1]) for row in await self._fetch(sql, params)]

    async def get_messages_around(
        self, thread_id: str, message_id: str, *, before: int = 0, after: int = 0
    ) -> list[Message]:
        table = self._t["messages"]
        rows = await self._fetch(
            f"""WITH hit AS (SELECT seq FROM {table} WHERE id = %s AND thread_id = %s)
            SELECT data FROM (
                (SELECT seq, data FROM {table} WHERE thread_id = %s
                   AND seq < (SELECT seq FROM hit) ORDER BY seq DESC LIMIT %s)
                UNION ALL
                (SELECT seq, data FROM {table} WHERE seq = (SELECT seq FROM hit))
                UNION ALL
                (SELECT seq, data FROM {table} WHERE thread_id = %s
                   AND seq > (SELECT seq FROM hit) ORDER BY seq LIMIT %s)
            ) AS window_rows ORDER BY seq""",
            (message_id, thread_id, thread_id, max(before, 0), thread_id, max(after, 0)),
        )
        return [Message.from_dict(row[0]) for row in rows]

    async def get_working_memory(self, key: str) -> str | None:
        rows = await self._fetch(f"SELECT content FROM {self._t['wm']} WHERE key = %s", (key,))
        return rows[0][0] if rows else None

    async def set_working_memory(self, key: str, content: str) -> None:
        await self._run(
            [
                (
                    f"INSERT INTO {self._t['wm']} (key, content, updated_at) VALUES (%s, %s, %s)"
                    " ON CONFLICT (key) DO UPDATE SET content = EXCLUDED.content,"
                    " updated_at = EXCLUDED.updated_at",
                    (key, content, time.time()),
                )
            ]
        )

    async def save_workflow_snapshot(self, snapshot: WorkflowSnapshot) -> None:
        from psycopg.types.json import Jsonb

        now = time.time()
        await self._run(
            [
                (
                    f"INSERT INTO {self._t['snapshots']}"
                    " (workflow_id, run_id, status, snapshot, created_at, updated_at)"
                    " VALUES (%s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (workflow_id, run_id) DO UPDATE SET status = EXCLUDED.status,"
                    " snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at",
                    (
                        snapshot.workflow_id,
                        snapshot.run_id,
                        snapshot.status,
                        Jsonb(snapshot.snapshot),
                        snapshot.created_at or now,
                        now,
                    ),
                )
            ]
        )

    async def load_workflow_snapshot(
        self, workflow_id: str, run_id: str
    ) -> WorkflowSnapshot | None:
        rows = await self._fetch(
            f"SELECT workflow_id, run_id, status, snapshot, created_at, updated_at"
            f" FROM {self._t['snapshots']} WHERE workflow_id = %s AND run_id = %s",
            (workflow_id, run_id),
        )
        return _snapshot(rows[0]) if rows else None

    async def list_workflow_snapshots(self, workflow_id: str) -> list[WorkflowSnapshot]:
        rows = await self._fetch(
            f"SELECT workflow_id, run_id, status, snapshot, created_at, updated_at"
            f" FROM {self._t['snapshots']} WHERE workflow_id = %s ORDER BY created_at, run_id",
            (workflow_id,),
        )
        return [_snapshot(r) for r in rows]

    async def close(self) -> None:
        async with self._guard():
            if self._conn is not None and not self._conn.closed:
                await self._conn.close()
            self._conn = None
