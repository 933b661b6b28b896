"""``VectorStore``: the contract vector indexes implement (Mastra's ``MastraVector`` shape,
Lumos names)."""

from __future__ import annotations

import copy
import heapq
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from lumosai.vector.record import Record

Metric = Literal["cosine", "euclidean", "dotproduct"]
METRICS: tuple[str, ...] = ("cosine", "euclidean", "dotproduct")


class QueryResult(Record):
    """One hit, as Mastra returns it: ``{"id", "score", "metadata"}`` plus ``"vector"`` when
    asked for. Higher ``score`` is closer (cosine similarity, dot product, or
    1/(1+distance)). A dict; ``r.id``, ``r.score``, ``r.metadata``, ``r.vector`` also work."""

    __slots__ = ()

    def __init__(
        self,
        id: str,
        score: float,
        metadata: dict[str, Any] | None = None,
        vector: list[float] | None = None,
    ) -> None:
        super().__init__(id=id, score=score, metadata=metadata if metadata is not None else {})
        if vector is not None:
            self["vector"] = vector

    @property
    def id(self) -> str:
        return str(self["id"])

    @property
    def score(self) -> float:
        return float(self["score"])

    @property
    def metadata(self) -> dict[str, Any]:
        value: dict[str, Any] = self["metadata"]
        return value

    @property
    def vector(self) -> list[float] | None:
        value: list[float] | None = self.get("vector")
        return value


class IndexStats(Record):
    """``describe_index``: ``{"dimension", "count", "metric"}`` (also as attributes)."""

    __slots__ = ()

    def __init__(self, dimension: int, count: int, metric: Metric) -> None:
        super().__init__(dimension=dimension, count=count, metric=metric)

    @property
    def dimension(self) -> int:
        return int(self["dimension"])

    @property
    def count(self) -> int:
        return int(self["count"])

    @property
    def metric(self) -> Metric:
        value: Metric = self["metric"]
        return value


class VectorIndexError(ValueError):
    """Unknown index, wrong dimension, bad metric: a caller mistake, named precisely."""


class VectorStore(ABC):
    """Named indexes of fixed-dimension vectors with JSON metadata; exact or approximate search."""

    @abstractmethod
    async def create_index(self, name: str, dimension: int, metric: Metric = "cosine") -> None:
        """Create the index; a no-op if it exists with the same dimension and metric."""

    @abstractmethod
    async def upsert(
        self,
        index: str,
        vectors: Sequence[Sequence[float]],
        metadata: Sequence[dict[str, Any]] | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[str]:
        """Insert or replace vectors; returns their ids (generated when not given)."""

    @abstractmethod
    async def query(
        self,
        index: str,
        vector: Sequence[float],
        top_k: int = 10,
        filter: dict[str, Any] | None = None,
        include_vector: bool = False,
        min_score: float | None = None,
    ) -> list[QueryResult]:
        """The ``top_k`` closest vectors whose metadata matches ``filter`` (and, with
        ``min_score``, that score above it, as Mastra's ``minScore``), best first."""

    @abstractmethod
    async def list_indexes(self) -> list[str]: ...

    @abstractmethod
    async def describe_index(self, name: str) -> IndexStats: ...

    @abstractmethod
    async def delete_index(self, name: str) -> None: ...

    @abstractmethod
    async def delete_vectors(self, index: str, ids: Sequence[str]) -> None: ...

    async def close(self) -> None:
        """Release connections; the default has none."""
        return None


def check_metric(metric: str) -> Metric:
    if metric not in METRICS:
        raise VectorIndexError(f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")
    return metric  # type: ignore[return-value]


def check_upsert(
    index: str,
    dimension: int,
    vectors: Sequence[Sequence[float]],
    metadata: Sequence[dict[str, Any]] | None,
    ids: Sequence[str] | None,
) -> None:
    if metadata is not None and len(metadata) != len(vectors):
        raise VectorIndexError(
            f"upsert into {index!r}: {len(vectors)} vectors but {len(metadata)} metadata entries"
        )
    if ids is not None and len(ids) != len(vectors):
        raise VectorIndexError(f"upsert into {index!r}: {len(vectors)} vectors but {len(ids)} ids")
    for i, vector in enumerate(vectors):
        if len(vector) != dimension:
            raise VectorIndexError(
                f"upsert into {index!r}: vector {i} has dimension {len(vector)}, index has {dimension}"
            )


def check_existing(name: str, stored: tuple[Any, Any], dimension: int, metric: Metric) -> None:
    """``create_index`` on an existing index: fine only with the same dimension and metric."""
    if (stored[0], stored[1]) != (dimension, metric):
        raise VectorIndexError(
            f"index {name!r} exists with dimension {stored[0]} and metric {stored[1]},"
            f" not {dimension}/{metric}"
        )


def check_query(index: str, dimension: int, vector: Sequence[float]) -> None:
    if len(vector) != dimension:
        raise VectorIndexError(
            f"query on {index!r}: vector has dimension {len(vector)}, index has {dimension}"
        )


def best_results(
    scored: Iterable[tuple[float, str, Sequence[float], dict[str, Any]]],
    top_k: int,
    include_vector: bool,
    *,
    copy_metadata: bool = False,
    min_score: float | None = None,
) -> list[QueryResult]:
    """The ``top_k`` highest-scoring ``(score, id, vector, metadata)`` rows as results;
    ``min_score`` keeps only scores above it."""
    if min_score is not None:
        scored = (row for row in scored if row[0] > min_score)
    best = heapq.nlargest(top_k, scored, key=lambda item: item[0])
    return [
        QueryResult(
            id_,
            s,
            copy.deepcopy(meta) if copy_metadata else meta,
            list(vec) if include_vector else None,
        )
        for s, id_, vec, meta in best
    ]


def score(
    metric: Metric, query: Sequence[float], query_norm: float, vector: Sequence[float]
) -> float:
    """Similarity of ``vector`` to ``query`` (``query_norm`` precomputed once per query)."""
    if metric == "euclidean":
        return 1.0 / (1.0 + math.dist(query, vector))
    dot = math.fsum(a * b for a, b in zip(query, vector, strict=True))
    if metric == "dotproduct":
        return dot
    norm = math.sqrt(math.fsum(b * b for b in vector))
    if norm == 0.0 or query_norm == 0.0:
        return 0.0
    return dot / (query_norm * norm)


def norm(vector: Sequence[float]) -> float:
    return math.sqrt(math.fsum(v * v for v in vector))
