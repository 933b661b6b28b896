"""The same vector-store contract on every backend: in memory, SQLite, PostgreSQL (PgVector,
on a real local cluster), and ``vector_store(url)``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lumosai.llm.embedding import HashEmbedder
from lumosai.rag import MDocument, create_vector_query_tool, embed_many
from lumosai.vector import (
    InMemoryVector,
    PgVector,
    SqliteVector,
    VectorIndexError,
    VectorStore,
    vector_store,
)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[VectorStore]:
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        vs: VectorStore = PgVector(url, schema=f"t_{abs(hash(request.node.name)) % 10**8}")
    elif request.param == "sqlite":
        vs = SqliteVector(tmp_path / "v.db")
    else:
        vs = InMemoryVector()
    yield vs
    await vs.close()


async def test_filters_scores_and_lifecycle(store: VectorStore) -> None:
    await store.create_index("docs", 3)
    await store.create_index("docs", 3)
    await store.upsert(
        "docs",
        [[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0, 1]],
        metadata=[
            {"t": "a", "n": 1},
            {"t": "b", "n": 2},
            {"t": "a", "n": 3, "nested": {"k": "v"}},
            {"t": "a", "tags": ["x", "y"]},
        ],
        ids=["p", "q", "r", "s"],
    )
    assert [h.id for h in await store.query("docs", [1, 0, 0], top_k=2)] == ["p", "q"]
    only_a = await store.query("docs", [1, 0, 0], top_k=2, filter={"t": "a"}, include_vector=True)
    assert [h.id for h in only_a] == ["p", "r"] and only_a[0].vector == pytest.approx([1, 0, 0])
    assert [h.id for h in await store.query("docs", [0, 0, 1], top_k=1, filter={"tags": "x"})] == [
        "s"
    ]
    assert [
        h.id
        for h in await store.query(
            "docs", [1, 0, 0], filter={"$or": [{"n": {"$gt": 2}}, {"t": "b"}]}
        )
    ] == ["q", "r"]
    assert [h.id for h in await store.query("docs", [0, 1, 0], filter={"nested.k": "v"})] == ["r"]
    await store.upsert("docs", [[0, 0, 1]], [{"t": "z"}], ids=["p"])  # replace
    assert (await store.query("docs", [0, 0, 1], top_k=1, filter={"t": "z"}))[0].id == "p"
    await store.delete_vectors("docs", ["p"])
    assert (await store.describe_index("docs")).count == 3
    assert await store.list_indexes() == ["docs"]
    await store.delete_index("docs")
    assert await store.list_indexes() == []


async def test_bad_input_is_named(store: VectorStore) -> None:
    missing = (
        "no vector index named 'missing'|Vector table .*\"missing\" does not exist"
        "|no such table: missing"
    )
    with pytest.raises(VectorIndexError, match=missing):
        await store.query("missing", [1.0, 0.0])
    await store.create_index("two", 2, "euclidean")
    with pytest.raises(VectorIndexError, match="dimension 3, index has 2"):
        await store.upsert("two", [[1, 2, 3]])
    with pytest.raises(VectorIndexError, match="dimension 1, index has 2"):
        await store.query("two", [1.0])
    with pytest.raises(VectorIndexError, match="exists with dimension 2"):
        await store.create_index("two", 4)
    with pytest.raises(VectorIndexError, match="unknown metric"):
        await store.create_index("three", 3, "manhattan")  # type: ignore[arg-type]


async def test_rag_pipeline_on_every_store(store: VectorStore) -> None:
    text = "Cats purr and sleep.\n\nDogs bark and fetch.\n\nFish swim in water."
    chunks = await MDocument.from_text(text).chunk(strategy="recursive", max_size=25, overlap=0)
    embedder = HashEmbedder(dim=32)
    await store.create_index("pets", 32)
    await store.upsert(
        "pets", await embed_many(chunks.texts, embedder), [{"text": t} for t in chunks.texts]
    )
    tool = create_vector_query_tool(vector_store=store, index_name="pets", embedder=embedder)
    found = await tool.execute({"queryText": "dogs bark", "topK": 1})
    assert found["relevantContext"] == [{"text": "Dogs bark and fetch."}]


async def test_pgvector_persists_across_instances(postgres_url: str) -> None:
    first = PgVector(connection_string=postgres_url, id="pg", schema="persist")
    await first.create_index("kept", 2)
    await first.upsert("kept", [[1, 0]], [{"a": 1}], ids=["x"])
    await first.close()
    second = PgVector(postgres_url, schema="persist")
    hits = await second.query("kept", [1, 0])
    assert [(h.id, h.metadata) for h in hits] == [("x", {"a": 1})]
    await second.close()


async def test_pgvector_unreachable_is_a_clear_error() -> None:
    from lumosai.vector import VectorStoreError

    store = PgVector("postgresql://nobody:secret@127.0.0.1:9/none", connect_timeout=2)
    with pytest.raises(
        VectorStoreError, match=r"cannot open PostgreSQL vector store postgresql://nobody:\*\*\*@"
    ):
        await store.list_indexes()


def test_vector_store_from_url(tmp_path: Path) -> None:
    assert isinstance(vector_store("memory"), InMemoryVector)
    assert isinstance(vector_store(f"file:{tmp_path / 'a.db'}"), SqliteVector)
    assert isinstance(vector_store(f"sqlite:{tmp_path / 'b.db'}"), SqliteVector)
    assert isinstance(vector_store(str(tmp_path / "c.db")), SqliteVector)
    assert isinstance(vector_store("postgresql://u@h/db"), PgVector)
    with pytest.raises(ValueError, match="unknown vector store URL"):
        vector_store("qdrant://h")
