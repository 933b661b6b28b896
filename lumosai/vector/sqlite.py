"""``SqliteVector``: vectors in a SQLite file, exact search (Mastra's ``LibSQLVector``).

Vectors are float32 blobs scored in Python: exact results with no extension to load. Simple
``key: value`` metadata conditions are applied in SQL first so a thread- or resource-scoped
memory search reads only that scope's rows; the full filter then runs on what is left.
May share a file with ``SqliteStorage``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS lumos_vector_indexes ("
    " name TEXT PRIMARY KEY, dimension INTEGER NOT NULL, metric TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS lumos_vectors ("
    " index_name TEXT NOT NULL, id TEXT NOT NULL, vector BLOB NOT NULL,"
    " metadata TEXT NOT NULL, PRIMARY KEY (index_name, id))",
)


def _pack(vector: Sequence[float]) -> bytes:
    return array("f", vector).tobytes()


def _unpack(blob: bytes) -> array[float]:
    values = array("f")
    values.frombytes(blob)
    return values


class SqliteVector(VectorStore):
    """Indexes in tables ``lumos_vector_indexes`` / ``lumos_vectors`` of one SQLite file."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 30.0) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._indexes: dict[str, tuple[int, Metric]] = {}
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            for statement in SCHEMA:
                self._conn.execute(statement)
            self._conn.execute("COMMIT")

    def __repr__(self) -> str:
        return f"SqliteVector({self.path!r})"

    def _index(self, name: str, describing: bool = False) -> tuple[int, Metric]:
        known = self._indexes.get(name)
        if known is not None:
            return known
        with self._lock:
            row = self._conn.execute(
                "SELECT dimension, metric FROM lumos_vector_indexes WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            # LibSQLVector's words (one table per index there), which a migrated app's model saw
            if describing:
                raise VectorIndexError(f"Table {name} not found")
            raise VectorIndexError(f"SQLITE_ERROR: no such table: {name}")
        self._indexes[name] = (row[0], row[1])
        return self._indexes[name]

    async def create_index(self, name: str, dimension: int, metric: Metric = "cosine") -> None:
        metric = check_metric(metric)
        if dimension < 1:
            raise VectorIndexError(f"index {name!r}: dimension must be >= 1")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.execute(
                    "INSERT OR IGNORE INTO lumos_vector_indexes (name, dimension, metric)"
                    " VALUES (?, ?, ?)",
                    (name, dimension, metric),
                )
                row = self._conn.execute(
                    "SELECT dimension, metric FROM lumos_vector_indexes WHERE name = ?", (name,)
                ).fetchone()
            finally:
                self._conn.execute("COMMIT")
        check_existing(name, row, dimension, metric)
        self._indexes[name] = (dimension, metric)

    async def upsert(
        self,
        index: str,
        vectors: Sequence[Sequence[float]],
        metadata: Sequence[dict[str, Any]] | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[str]:
        dimension, _ = self._index(index)
        check_upsert(index, dimension, vectors, metadata, ids)
        new_ids = list(ids) if ids is not None else [str(uuid.uuid4()) for _ in vectors]
        rows = [
            (
                index,
                new_ids[i],
                _pack(vector),
                json.dumps(metadata[i] if metadata is not None else {}),
            )
            for i, vector in enumerate(vectors)
        ]
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO lumos_vectors (index_name, id, vector, metadata)"
                    " VALUES (?, ?, ?, ?)",
                    rows,
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
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
        dimension, metric = self._index(index)
        check_query(index, dimension, vector)
        sql = "SELECT id, vector, metadata FROM lumos_vectors WHERE index_name = ?"
        params: list[Any] = [index]
        for key, value in simple_equalities(filter).items():
            # json_each yields a scalar itself or each element of an array: a superset of
            # what `matches` accepts for `key: value`, which then decides.
            sql += " AND EXISTS (SELECT 1 FROM json_each(metadata, ?) WHERE json_each.value = ?)"
            params.extend([f"$.{key}", value])
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        query_norm = norm(vector)
        scored = []
        for id_, blob, meta_json in rows:
            meta = json.loads(meta_json)
            if filter and not matches(meta, filter):
                continue
            stored = _unpack(blob)
            scored.append((score(metric, vector, query_norm, stored), id_, stored, meta))
        return best_results(scored, top_k, include_vector, min_score=min_score)

    async def list_indexes(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT name FROM lumos_vector_indexes ORDER BY name"
            ).fetchall()
        return [r[0] for r in rows]

    async def describe_index(self, name: str) -> IndexStats:
        dimension, metric = self._index(name, describing=True)
        with self._lock:
            (count,) = self._conn.execute(
                "SELECT COUNT(*) FROM lumos_vectors WHERE index_name = ?", (name,)
            ).fetchone()
        return IndexStats(dimension, count, metric)

    async def delete_index(self, name: str) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("DELETE FROM lumos_vectors WHERE index_name = ?", (name,))
            self._conn.execute("DELETE FROM lumos_vector_indexes WHERE name = ?", (name,))
            self._conn.execute("COMMIT")
        self._indexes.pop(name, None)

    async def delete_vectors(self, index: str, ids: Sequence[str]) -> None:
        self._index(index)
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "DELETE FROM lumos_vectors WHERE index_name = ? AND id = ?",
                [(index, id_) for id_ in ids],
            )
            self._conn.execute("COMMIT")

    async def close(self) -> None:
        with self._lock:
            self._conn.close()
