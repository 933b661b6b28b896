"""``InMemoryVector``: exact search over vectors held in this process."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from lumosai.vector.filter import matches


@dataclass(slots=True)
class _Index:
    dimension: int
    metric: Metric
    rows: dict[str, tuple[list[float], dict[str, Any]]] = field(default_factory=dict)


class InMemoryVector(VectorStore):
    """Dict-backed indexes; gone when the process ends."""

    def __init__(self) -> None:
        self._indexes: dict[str, _Index] = {}

    def _index(self, name: str) -> _Index:
        found = self._indexes.get(name)
        if found is None:
            raise VectorIndexError(f"no vector index named {name!r}; call create_index first")
        return found

    async def create_index(self, name: str, dimension: int, metric: Metric = "cosine") -> None:
        metric = check_metric(metric)
        if dimension < 1:
            raise VectorIndexError(f"index {name!r}: dimension must be >= 1")
        existing = self._indexes.get(name)
        if existing is not None:
            check_existing(name, (existing.dimension, existing.metric), dimension, metric)
            return
        self._indexes[name] = _Index(dimension, metric)

    async def upsert(
        self,
        index: str,
        vectors: Sequence[Sequence[float]],
        metadata: Sequence[dict[str, Any]] | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[str]:
        target = self._index(index)
        check_upsert(index, target.dimension, vectors, metadata, ids)
        new_ids = list(ids) if ids is not None else [str(uuid.uuid4()) for _ in vectors]
        for i, vector in enumerate(vectors):
            meta = copy.deepcopy(metadata[i]) if metadata is not None else {}
            target.rows[new_ids[i]] = ([float(v) for v in vector], meta)
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
        target = self._index(index)
        check_query(index, target.dimension, vector)
        query_norm = norm(vector)
        scored = (
            (score(target.metric, vector, query_norm, vec), id_, vec, meta)
            for id_, (vec, meta) in target.rows.items()
            if matches(meta, filter)
        )
        return best_results(scored, top_k, include_vector, copy_metadata=True, min_score=min_score)

    async def list_indexes(self) -> list[str]:
        return sorted(self._indexes)

    async def describe_index(self, name: str) -> IndexStats:
        target = self._index(name)
        return IndexStats(target.dimension, len(target.rows), target.metric)

    async def delete_index(self, name: str) -> None:
        self._indexes.pop(name, None)

    async def delete_vectors(self, index: str, ids: Sequence[str]) -> None:
        rows = self._index(index).rows
        for id_ in ids:
            rows.pop(id_, None)
