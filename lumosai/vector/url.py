"""``vector_store(url)``: pick a store from a URL, as ``lumosai.yaml``'s ``rag.vector_store``
and converted Mastra code name them."""

from __future__ import annotations

from lumosai.vector.base import VectorStore


def vector_store(url: str) -> VectorStore:
    """``memory`` -> ``InMemoryVector``; ``postgresql://...`` -> ``PgVector``;
    ``sqlite:path``, ``file:path`` (LibSQL's form) or a plain path -> ``SqliteVector``."""
    from lumosai.vector.in_memory import InMemoryVector
    from lumosai.vector.sqlite import SqliteVector

    if url in ("memory", ":memory:", "memory://"):
        return InMemoryVector()
    if url.startswith(("postgres://", "postgresql://")):
        from lumosai.vector.postgres import PgVector

        return PgVector(url)
    for prefix in ("sqlite:///", "sqlite://", "sqlite:", "file:"):
        if url.startswith(prefix):
            return SqliteVector(url[len(prefix) :] or ":memory:")
    if "://" in url:
        raise ValueError(
            f"unknown vector store URL {url!r}; use memory, sqlite:<path>, file:<path> or "
            f"postgresql://..."
        )
    return SqliteVector(url)
