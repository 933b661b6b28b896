"""Vector stores: exact search, metrics, Mastra-style filters, persistence in SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lumosai.vector import (
    FilterError,
    InMemoryVector,
    SqliteVector,
    VectorIndexError,
    VectorStore,
    matches,
)


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[VectorStore]:
    vs: VectorStore = (
        InMemoryVector() if request.param == "memory" else SqliteVector(tmp_path / "v.db")
    )
    yield vs
    await vs.close()


async def test_cosine_top_k_with_filter(store: VectorStore) -> None:
    await store.create_index("docs", 3)
    await store.create_index("docs", 3)  # idempotent
    ids = await store.upsert(
        "docs",
        [[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0, 1]],
        metadata=[
            {"t": "a", "n": 1},
            {"t": "b", "n": 2},
            {"t": "a", "n": 3},
            {"t": "a", "tags": ["x", "y"]},
        ],
        ids=["p", "q", "r", "s"],
    )
    assert ids == ["p", "q", "r", "s"]
    hits = await store.query("docs", [1, 0, 0], top_k=2)
    assert [h.id for h in hits] == ["p", "q"]
    assert hits[0].score == pytest.approx(1.0) and hits[0].vector is None
    only_a = await store.query("docs", [1, 0, 0], top_k=2, filter={"t": "a"}, include_vector=True)
    assert [h.id for h in only_a] == ["p", "r"] and only_a[0].vector == pytest.approx([1, 0, 0])
    assert [h.id for h in await store.query("docs", [1, 0, 0], filter={"n": {"$gte": 2}})] == [
        "q",
        "r",
    ]
    assert [h.id for h in await store.query("docs", [0, 0, 1], top_k=1, filter={"tags": "x"})] == [
        "s"
    ]
    stats = await store.describe_index("docs")
    assert (stats.dimension, stats.count, stats.metric) == (3, 4, "cosine")


async def test_upsert_replaces_and_delete(store: VectorStore) -> None:
    await store.create_index("i", 2)
    await store.upsert("i", [[1, 0]], [{"v": 1}], ids=["a"])
    await store.upsert("i", [[0, 1]], [{"v": 2}], ids=["a"])
    [hit] = await store.query("i", [0, 1], top_k=5)
    assert hit.metadata == {"v": 2} and hit.score == pytest.approx(1.0)
    generated = await store.upsert("i", [[1, 1]])
    assert len(generated) == 1 and generated[0]
    await store.delete_vectors("i", ["a"])
    assert [h.id for h in await store.query("i", [0, 1])] == generated
    await store.delete_index("i")
    assert await store.list_indexes() == []


async def test_metrics(store: VectorStore) -> None:
    await store.create_index("e", 2, "euclidean")
    await store.create_index("d", 2, "dotproduct")
    for name in ("e", "d"):
        await store.upsert(name, [[1, 0], [3, 0]], ids=["near", "far"])
    assert [h.id for h in await store.query("e", [1, 0])] == ["near", "far"]
    assert [h.id for h in await store.query("d", [1, 0])] == ["far", "near"]


async def test_bad_input_is_named(store: VectorStore) -> None:
    with pytest.raises(VectorIndexError, match=r"no vector index named 'nope'|no such table: nope"):
        await store.query("nope", [1.0])
    await store.create_index("i", 2)
    with pytest.raises(VectorIndexError, match="dimension 3, index has 2"):
        await store.upsert("i", [[1, 2, 3]])
    with pytest.raises(VectorIndexError, match="exists with dimension 2"):
        await store.create_index("i", 4)
    with pytest.raises(VectorIndexError, match="unknown metric"):
        await store.create_index("j", 2, "manhattan")  # type: ignore[arg-type]
    with pytest.raises(VectorIndexError, match="2 vectors but 1 ids"):
        await store.upsert("i", [[1, 2], [3, 4]], ids=["x"])


async def test_sqlite_vectors_persist(tmp_path: Path) -> None:
    first = SqliteVector(tmp_path / "v.db")
    await first.create_index("i", 2)
    await first.upsert("i", [[1, 0]], [{"thread_id": "t1"}], ids=["m1"])
    await first.close()
    second = SqliteVector(tmp_path / "v.db")
    [hit] = await second.query("i", [1, 0], filter={"thread_id": "t1"})
    assert hit.id == "m1"
    assert await second.query("i", [1, 0], filter={"thread_id": "t2"}) == []


def test_filter_operators() -> None:
    meta = {"a": 1, "b": "text", "c": [1, 2], "d": {"e": True}}
    assert matches(meta, {"a": 1, "d.e": True})
    assert matches(meta, {"$or": [{"a": 2}, {"b": {"$regex": "^te"}}]})
    assert matches(meta, {"$and": [{"a": {"$in": [1, 5]}}, {"c": {"$all": [1, 2]}}]})
    assert matches(meta, {"a": {"$ne": 2, "$lt": 5}, "z": {"$exists": False}})
    assert matches(meta, {"$not": {"a": 2}}) and matches(meta, {"$nor": [{"a": 2}]})
    assert matches(meta, {"c": {"$size": 2}, "b": {"$contains": "ex"}})
    assert not matches(meta, {"a": {"$gt": 1}}) and not matches(meta, {"a": {"$nin": [1]}})
    assert not matches(meta, {"missing": {"$gt": 0}})
    with pytest.raises(FilterError, match=r"\$bogus"):
        matches(meta, {"a": {"$bogus": 1}})
