"""``PgVector``: vector indexes in PostgreSQL (Mastra's ``PgVector``), exact search.

Vectors are stored as ``real[]`` with JSONB metadata; simple ``key: value`` filter conditions
run in SQL, the full Mastra filter and the scoring in Python, so results equal
``SqliteVector``'s. This works on any PostgreSQL: the ``pgvector`` extension is not required
(Debian 12 does not package it). psycopg 3 async: ``pip install 'lumosai[postgres]'``.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from lumosai.vector.base import (
    IndexStats,
    Metric,
    QueryResult,
    VectorIndexError,
    VectorStore,
    best_results,
    check_existing,
    check_metric,
    check_query,
    check_upsert,
    norm,
    score,
)
from lumosai.vector.filter import matches, simple_equalities


class VectorStoreError(RuntimeError):
    """The database could not be reached or refused a statement."""


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(
        parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1))
    )


class PgVector(VectorStore):
    """``PgVector("postgresql://user:pass@host/db")`` or Mastra 1.x's
    ``PgVector(id=..., connection_string=...)``; ``schema`` puts the tables in a schema."""

    def __init__(
        self,
        url: str | None = None,
        *,
        connection_string: str | None = None,
        id: str | None = None,
        schema: str | None = None,
        connect_timeout: int = 10,
    ) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise ImportError("PgVector needs psycopg 3: pip install 'lumosai[postgres]'") from exc
        chosen = url or connection_string
        if not chosen:
            raise ValueError("PgVector needs a PostgreSQL URL (url= or connection_string=)")
        if schema is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema):
            raise ValueError(f"invalid PostgreSQL schema name {schema!r}")
        self.url = chosen
        self.id = id
        self.schema = schema
        self.connect_timeout = connect_timeout
        prefix = f'"{schema}".' if schema else ""
        self._indexes_table = f"{prefix}lumos_vector_indexes"
        self._vectors_table = f"{prefix}lumos_vectors"
        self._conn: Any = None
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._known: dict[str, tuple[int, Metric]] = {}

    def __repr__(self) -> str:
        return f"PgVector({_redact(self.url)!r})"

    def _ddl(self) -> list[str]:
        schema = [f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'] if self.schema else []
        return [
            *schema,
            f"CREATE TABLE IF NOT EXISTS {self._indexes_table} ("
            " name TEXT PRIMARY KEY, dimension INTEGER NOT NULL, metric TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self._vectors_table} ("
            " index_name TEXT NOT NULL, id TEXT NOT NULL, vector REAL[] NOT NULL,"
            " metadata JSONB NOT NULL DEFAULT '{}', PRIMARY KEY (index_name, id))",
        ]

    def _guard(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._lock = asyncio.Lock()
            if self._conn is not None and not self._conn.closed:
                self._conn.pgconn.finish()
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
                    await conn.execute("SELECT pg_advisory_xact_lock(7261837)")
                    for statement in self._ddl():
                        await conn.execute(statement)
            except psycopg.Error as exc:
                raise VectorStoreError(
                    f"cannot open PostgreSQL vector store {_redact(self.url)}: {exc}"
                ) from exc
            self._conn = conn
        return self._conn

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        async with self._guard():
            conn = await self._connection()
            cursor = await conn.execute(sql, params)
            return list(await cursor.fetchall()) if cursor.description else []

    async def _index(self, name: str) -> tuple[int, Metric]:
        known = self._known.get(name)
        if known is not None:
            return known
        rows = await self._fetch(
            f"SELECT dimension, metric FROM {self._indexes_table} WHERE name = %s", (name,)
        )
        if not rows:
            # @mastra/pg's own words (both eras), which a migrated app's users and model see
            table = f'"{self.schema}"."{name}"' if self.schema else f'"{name}"'
            raise VectorIndexError(f"Vector table {table} does not exist")
        self._known[name] = (rows[0][0], rows[0][1])
        return self._known[name]

    async def create_index(self, name: str, dimension: int, metric: Metric = "cosine") -> None:
        metric = check_metric(metric)
        if dimension < 1:
            raise VectorIndexError(f"index {name!r}: dimension must be >= 1")
        await self._fetch(
            f"INSERT INTO {self._indexes_table} (name, dimension, metric) VALUES (%s, %s, %s)"
            " ON CONFLICT (name) DO NOTHING",
            (name, dimension, metric),
        )
        rows = await self._fetch(
            f"SELECT dimension, metric FROM {self._indexes_table} WHERE name = %s", (name,)
        )
        check_existing(name, rows[0], dimension, metric)
        self._known[name] = (dimension, metric)

    async def upsert(
        self,
        index: str,
        vectors: Sequence[Sequence[float]],
        metadata: Sequence[dict[str, Any]] | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[str]:
        from psycopg.types.json import Jsonb

        dimension, _ = await self._index(index)
        check_upsert(index, dimension, vectors, metadata, ids)
        new_ids = list(ids) if ids is not None else [str(uuid.uuid4()) for _ in vectors]
        rows = [
            (
                index,
                new_ids[i],
                [float(v) for v in vector],
                Jsonb(metadata[i] if metadata is not None else {}),
            )
            for i, vector in enumerate(vectors)
        ]
        async with self._guard():
            conn = await self._connection()
            async with conn.transaction(), conn.cursor() as cursor:
                await cursor.executemany(
                    f"INSERT INTO {self._vectors_table} (index_name, id, vector, metadata)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT (index_name, id)"
                    " DO UPDATE SET vector = EXCLUDED.vector, metadata = EXCLUDED.metadata",
                    rows,
                )
        return new_ids

    async def query(
        self,
        index: str,
        vector: Sequence[float],
        top_k: int = 10,
        filter: dict[str, Any] | None = None,
        include_vector: bool = False,
        min_score: float | None = None,
    ) -> list[QueryResult]:
        dimension, metric = await self._index(index)
        check_query(index, dimension, vector)
        sql = f"SELECT id, vector, metadata FROM {self._vectors_table} WHERE index_name = %s"
        params: list[Any] = [index]
        for key, value in simple_equalities(filter).items():
            # equal, or an array holding it: a superset of `matches`, which then decides
            sql += " AND (metadata @> %s::jsonb OR metadata @> %s::jsonb)"
            params.extend([json.dumps({key: value}), json.dumps({key: [value]})])
        rows = await self._fetch(sql, params)
        query_norm = norm(vector)
        scored = []
        for id_, stored, meta in rows:
            if filter and not matches(meta, filter):
                continue
            scored.append((score(metric, vector, query_norm, stored), id_, stored, meta))
        return best_results(scored, top_k, include_vector, min_score=min_score)

    async def list_indexes(self) -> list[str]:
        rows = await self._fetch(f"SELECT name FROM {self._indexes_table} ORDER BY name")
        return [r[0] for r in rows]

    async def describe_index(self, name: str) -> IndexStats:
        dimension, metric = await self._index(name)
        rows = await self._fetch(
            f"SELECT COUNT(*) FROM {self._vectors_table} WHERE index_name = %s", (name,)
        )
        return IndexStats(dimension, int(rows[0][0]), metric)

    async def delete_index(self, name: str) -> None:
        async with self._guard():
            conn = await self._connection()
            async with conn.transaction():
                await conn.execute(
                    f"DELETE FROM {self._vectors_table} WHERE index_name = %s", (name,)
                )
                await conn.execute(f"DELETE FROM {self._indexes_table} WHERE name = %s", (name,))
        self._known.pop(name, None)

    async def delete_vectors(self, index: str, ids: Sequence[str]) -> None:
        await self._index(index)
        await self._fetch(
            f"DELETE FROM {self._vectors_table} WHERE index_name = %s AND id = ANY(%s)",
            (index, list(ids)),
        )

    async def close(self) -> None:
        if self._conn is not None and not self._conn.closed:
            if self._loop is asyncio.get_running_loop():
                await self._conn.close()
            else:
                self._conn.pgconn.finish()
        self._conn = None
