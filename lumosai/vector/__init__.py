"""Vector indexes: the ``VectorStore`` contract, ``InMemoryVector`` and ``SqliteVector``
(exact cosine / euclidean / dot-product search with Mastra-style metadata filters)."""

from lumosai.vector.base import IndexStats, Metric, QueryResult, VectorIndexError, VectorStore
from lumosai.vector.filter import FilterError, matches
from lumosai.vector.in_memory import InMemoryVector
from lumosai.vector.sqlite import SqliteVector

__all__ = [
    "FilterError",
    "InMemoryVector",
    "IndexStats",
    "Metric",
    "QueryResult",
    "SqliteVector",
    "VectorIndexError",
    "VectorStore",
    "matches",
]
