"""RagPipeline: ingest files into a real SQLite index, search, serve as a tool; from a
lumosai.yaml `rag:` section."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumosai.config import RagConfig
from lumosai.llm.embedding import HashEmbedder
from lumosai.rag import MDocument, RagPipeline, pipeline_from_config
from lumosai.vector import InMemoryVector, SqliteVector


def write_docs(root: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "cats.md").write_text("# Cats\n\nCats purr and sleep all day.\n")
    (root / "docs" / "dogs.txt").write_text("Dogs bark at the mailman and fetch sticks.")
    (root / "docs" / "fish.json").write_text('{"fish": "Fish swim in the ocean."}')


async def test_ingest_query_and_tool(tmp_path: Path) -> None:
    write_docs(tmp_path)
    pipeline = (
        RagPipeline.builder()
        .embedding_provider(HashEmbedder(dim=32))
        .vector_store(SqliteVector(tmp_path / "v.db"))
        .index_name("pets")
        .chunking_strategy("recursive")
        .chunk_size(200)
        .chunk_overlap(0)
        .build()
    )
    ids = await pipeline.process_path(tmp_path / "docs")
    assert len(ids) == 3
    hits = await pipeline.query("dogs bark", top_k=1)
    assert hits[0].metadata["source"].endswith("dogs.txt")
    assert "mailman" in hits[0].metadata["text"]
    await pipeline.process_document(MDocument.from_text("Birds sing."), {"source": "inline"})
    found = await pipeline.as_tool().execute({"queryText": "birds sing", "topK": 1})
    assert found["relevantContext"][0]["source"] == "inline"
    with pytest.raises(ValueError, match="needs embedder and vector_store"):
        RagPipeline.builder().build()


async def test_pipeline_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_docs(tmp_path)
    config = RagConfig(
        vector_store="memory",
        embeddings="hash/32",
        chunk_size=100,
        chunk_overlap=10,
        documents=["docs/"],
        index_name="kb",
    )
    pipeline = await pipeline_from_config(config, tmp_path)
    assert isinstance(pipeline.vector_store, InMemoryVector)
    assert (await pipeline.vector_store.describe_index("kb")).count == 3
    assert "purr" in (await pipeline.query("cats purr", top_k=1))[0].metadata["text"]
