"""Vector indexes: the ``VectorStore`` contract, ``InMemoryVector`` and ``SqliteVector``
(exact cosine / euclidean / dot-product search with Mastra-style metadata filters),
``PgVector`` (PostgreSQL), and ``vector_store(url)`` to pick one from a URL."""

from lumosai.vector.base import IndexStats, Metric, QueryResult, VectorIndexError, VectorStore
from lumosai.vector.filter import FilterError, matches
from lumosai.vector.in_memory import InMemoryVector
from lumosai.vector.postgres import PgVector, VectorStoreError
from lumosai.vector.sqlite import SqliteVector
from lumosai.vector.url import vector_store

__all__ = [
    "FilterError",
    "InMemoryVector",
    "IndexStats",
    "Metric",
    "PgVector",
    "QueryResult",
    "SqliteVector",
    "VectorIndexError",
    "VectorStore",
    "VectorStoreError",
    "matches",
    "vector_store",
]
