"""Vector hits, chunks and re-rank results are plain dicts (as Mastra's are plain objects)
that also read as attributes; the app keeps a registry of vector stores by key."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from lumosai import LumosApp
from lumosai.app import UnknownComponentError
from lumosai.rag import Chunk, MDocument, RerankResult
from lumosai.vector import InMemoryVector, QueryResult, SqliteVector


class Hit(BaseModel):
    id: str
    score: float
    metadata: dict[str, str]


def test_query_results_are_json_ready_dicts_with_attributes(tmp_path: Path) -> None:
    store = SqliteVector(tmp_path / "v.db")

    async def run() -> list[QueryResult]:
        await store.create_index("i", 2)
        await store.upsert(
            "i", [[1.0, 0.0], [0.0, 1.0]], [{"text": "a"}, {"text": "b"}], ["x", "y"]
        )
        return await store.query("i", [1.0, 0.1], top_k=2)

    hits = asyncio.run(run())
    assert [h["id"] for h in hits] == [h.id for h in hits] == ["x", "y"]
    assert hits[0]["metadata"] is hits[0].metadata and hits[0].vector is None
    assert "vector" not in hits[0]  # only with include_vector, as in Mastra
    assert json.loads(json.dumps(hits))[0] == {
        "id": "x",
        "score": hits[0].score,
        "metadata": {"text": "a"},
    }
    assert Hit.model_validate(hits[1]).metadata == {"text": "b"}
    above = asyncio.run(store.query("i", [1.0, 0.1], top_k=2, min_score=0.5))
    assert [h.id for h in above] == ["x"]
    with_vectors = asyncio.run(store.query("i", [1.0, 0.0], top_k=1, include_vector=True))
    assert with_vectors[0]["vector"] == [1.0, 0.0]
    stats = asyncio.run(store.describe_index("i"))
    assert stats == {"dimension": 2, "count": 2, "metric": "cosine"} and stats.count == 2


def test_chunks_and_rerank_results_are_dicts_too() -> None:
    chunks = MDocument.from_text("a b c", {"k": "v"}).chunk(
        strategy="character", max_size=10, overlap=0
    )
    assert chunks == [{"text": "a b c", "metadata": {"k": "v"}}]
    chunk = chunks[0]
    chunk.metadata = {"k": "w"}
    assert chunk["metadata"] == {"k": "w"} and isinstance(chunk, Chunk)
    ranked = RerankResult(QueryResult("x", 0.5, {"text": "t"}), 0.7, {"semantic": 1.0})
    assert ranked["result"]["metadata"]["text"] == ranked.result.metadata["text"] == "t"
    assert json.loads(json.dumps(ranked))["score"] == 0.7


def test_app_vector_registry() -> None:
    memory, sqlite = InMemoryVector(), SqliteVector(":memory:")
    app = LumosApp("a", vectors={"memory": memory})
    assert app.add_vector("sqlite", sqlite) is app
    assert app.vector("memory") is memory and app.get_vector("sqlite") is sqlite
    assert app.vectors() == {"memory": memory, "sqlite": sqlite}
    with pytest.raises(
        UnknownComponentError, match=r"no vector store .pg. .*known: memory, sqlite"
    ):
        app.vector("pg")
    with pytest.raises(TypeError, match=r"expected a lumosai\.vector\.VectorStore"):
        app.add_vector("bad", object())
