"""The RAG pipeline end to end on real stores: chunk, embed, upsert into SQLite, query through
``create_vector_query_tool`` directly and from an agent; bad input gives clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumosai import Agent
from lumosai.llm.embedding import HashEmbedder
from lumosai.rag import MDocument, create_vector_query_tool, embed_many
from lumosai.rag.tool import DEFAULT_DESCRIPTION
from lumosai.testing import ScriptedModel
from lumosai.vector import InMemoryVector, SqliteVector, VectorIndexError

DOC = """Paris is the capital of France. The Eiffel Tower is in Paris.

Berlin is the capital of Germany. The Brandenburg Gate is in Berlin.

Tokyo is the capital of Japan. Mount Fuji is near Tokyo."""


async def build_index(tmp_path: Path) -> tuple[SqliteVector, HashEmbedder]:
    chunks = await MDocument.from_text(DOC, {"doc": "capitals"}).chunk(
        strategy="recursive", max_size=80, overlap=0
    )
    embedder = HashEmbedder(dim=64)
    vectors = await embed_many([c.text for c in chunks], embedder)
    store = SqliteVector(tmp_path / "vectors.db")
    await store.create_index("docs", 64)
    await store.upsert(
        "docs",
        vectors,
        [{"text": c.text, "country": c.text.split()[-1].rstrip("."), **c.metadata} for c in chunks],
    )
    return store, embedder


async def test_tool_shape_matches_mastra(tmp_path: Path) -> None:
    store, embedder = await build_index(tmp_path)
    tool = create_vector_query_tool(vector_store=store, index_name="docs", model=embedder)
    assert tool.id == "VectorQuery DirectVectorStore docs Tool"
    assert tool.description == DEFAULT_DESCRIPTION
    assert tool.parameters["required"] == ["queryText", "topK"]
    assert tool.output_schema is not None
    filtered = create_vector_query_tool(
        vector_store=store,
        index_name="docs",
        embedder=embedder,
        enable_filter=True,
        id="search",
        vector_store_name="pgVector",
    )
    assert filtered.id == "search"
    assert filtered.parameters["required"] == ["queryText", "topK", "filter"]


async def test_query_returns_relevant_context_and_sources(tmp_path: Path) -> None:
    store, embedder = await build_index(tmp_path)
    tool = create_vector_query_tool(vector_store=store, index_name="docs", embedder=embedder)
    result = await tool.execute({"queryText": "capital of Germany Berlin", "topK": 1})
    assert len(result["relevantContext"]) == 1
    assert "Berlin" in result["relevantContext"][0]["text"]
    source = result["sources"][0]
    assert source["metadata"]["doc"] == "capitals" and source["vector"] == []
    assert 0 < source["score"] <= 1
    # topK given as a string is coerced; nonsense falls back to 10
    assert len((await tool.execute({"queryText": "capital", "topK": "2"}))["sources"]) == 2
    assert len((await tool.execute({"queryText": "capital", "topK": -1}))["sources"]) == 3


async def test_filter_is_a_json_string(tmp_path: Path) -> None:
    store, embedder = await build_index(tmp_path)
    tool = create_vector_query_tool(
        vector_store=store,
        index_name="docs",
        embedder=embedder,
        enable_filter=True,
        include_vectors=True,
    )
    result = await tool.execute(
        {"queryText": "capital", "topK": 5, "filter": '{"country": "Tokyo"}'}
    )
    assert [c["country"] for c in result["relevantContext"]] == ["Tokyo"]
    assert len(result["sources"][0]["vector"]) == 64
    everything = await tool.execute({"queryText": "capital", "topK": 5, "filter": "{}"})
    assert len(everything["sources"]) == 3
    bad = await tool.execute({"queryText": "x", "topK": 1, "filter": "{country: Tokyo"})
    assert bad["sources"] == [] and "Invalid filter format" in bad["error"]


async def test_missing_index_and_dimension_mismatch_are_clear_errors(tmp_path: Path) -> None:
    store, embedder = await build_index(tmp_path)
    missing = create_vector_query_tool(vector_store=store, index_name="nope", embedder=embedder)
    found = await missing.execute({"queryText": "x", "topK": 1})
    assert found["relevantContext"] == [] and found["sources"] == []
    assert found["error"] == "VectorIndexError: SQLITE_ERROR: no such table: nope"
    wrong = create_vector_query_tool(
        vector_store=store, index_name="docs", embedder=HashEmbedder(dim=32)
    )
    mismatch = await wrong.execute({"queryText": "x", "topK": 1})
    assert "dimension 32, index has 64" in mismatch["error"]
    with pytest.raises(VectorIndexError, match="SQLITE_ERROR: no such table: nope"):
        await store.query("nope", [0.0] * 64)  # the store itself raises (in LibSQL's words)


async def test_agent_gets_error_results_not_a_crash(tmp_path: Path) -> None:
    store, embedder = await build_index(tmp_path)
    good = create_vector_query_tool(vector_store=store, index_name="docs", embedder=embedder)
    bad = create_vector_query_tool(
        vector_store=InMemoryVector(), index_name="missing", embedder=embedder, id="badSearch"
    )
    model = ScriptedModel(
        [
            {"tool_call": {"name": "search", "args": {"queryText": "Mount Fuji", "topK": 1}}},
            {"tool_call": {"name": "badSearch", "args": {"queryText": "x", "topK": 1}}},
            {"text": "Mount Fuji is near Tokyo."},
        ]
    )
    agent = Agent(
        name="rag",
        instructions="Answer from the knowledge base.",
        model=model,
        tools={"search": good, "badSearch": bad},
    )
    result = await agent.generate("Where is Mount Fuji?")
    assert result.text == "Mount Fuji is near Tokyo."
    first, second = result.tool_results
    assert "Fuji" in first.result["relevantContext"][0]["text"]
    assert "no vector index named 'missing'" in second.result["error"]


async def test_named_store_resolves_through_the_tool_context(tmp_path: Path) -> None:
    store, embedder = await build_index(tmp_path)
    tool = create_vector_query_tool(
        vector_store=lambda ctx: store, index_name="docs", embedder=embedder
    )
    assert len((await tool.execute({"queryText": "Paris", "topK": 1}))["sources"]) == 1
    named = create_vector_query_tool(vector_store="pg", index_name="docs", embedder=embedder)
    assert named.id == "VectorQuery pg docs Tool"
    assert "outside an app" in (await named.execute({"queryText": "Paris", "topK": 1}))["error"]


async def test_document_chunker_tool_matches_mastra() -> None:
    from lumosai.rag import create_document_chunker_tool

    tool = create_document_chunker_tool(doc=MDocument.from_text(DOC))
    assert tool.id == "Document Chunker recursive 512"
    assert (
        tool.description
        == "Chunks document using recursive strategy with maxSize 512 and 50 overlap"
    )
    result = await tool.execute({})
    # Mastra's default params split on "\n" only: the blank lines go, one chunk remains
    assert [c["text"] for c in result["chunks"]] == [DOC.replace("\n\n", "\n")]
    custom = create_document_chunker_tool(
        doc=MDocument.from_text(DOC), params={"strategy": "character", "maxSize": 80, "overlap": 0}
    )
    chunks = (await custom.execute({}))["chunks"]
    assert len(chunks) == 3 and chunks[0]["text"].startswith("Paris")


async def test_rerank_weights_and_tool_reranker(tmp_path: Path) -> None:
    from lumosai.rag import rerank
    from lumosai.vector import QueryResult

    hits = [
        QueryResult("a", 0.9, {"text": "Berlin facts"}),
        QueryResult("b", 0.8, {"text": "Tokyo facts"}),
        QueryResult("c", 0.7, {}),  # no text: semantic score 0
    ]
    judge = ScriptedModel([{"text": "0.1"}, {"text": "1"}])
    ranked = await rerank(hits, "Tokyo?", judge, top_k=2)
    # b: 0.4*1 + 0.4*0.8 + 0.2*(1-1/3) = 0.8533; a: 0.04 + 0.36 + 0.2 = 0.6
    assert [r.result.id for r in ranked] == ["b", "a"]
    assert ranked[0].score == pytest.approx(0.4 + 0.32 + 0.2 * (2 / 3))
    with pytest.raises(ValueError, match="Weights must add up to 1"):
        await rerank(hits, "q", judge, weights={"semantic": 0.9})
    with pytest.raises(ValueError, match="Invalid relevance score"):
        await rerank(hits[:1], "q", ScriptedModel([{"text": "very relevant"}]))

    store, embedder = await build_index(tmp_path)
    tool = create_vector_query_tool(
        vector_store=store,
        index_name="docs",
        embedder=embedder,
        reranker={
            "model": ScriptedModel([{"text": "0"}, {"text": "0"}, {"text": "1"}]),
            "options": {"topK": 1},
        },
    )
    found = await tool.execute({"queryText": "capital", "topK": 3})
    assert len(found["relevantContext"]) == 1


async def test_graph_rag_tool(tmp_path: Path) -> None:
    from lumosai.rag import GraphRAG, create_graph_rag_tool
    from lumosai.rag.graph import GraphNode

    store, embedder = await build_index(tmp_path)
    tool = create_graph_rag_tool(
        vector_store=store,
        index_name="docs",
        embedder=embedder,
        seed=7,
        graph_options={"dimension": 64, "threshold": 0.1, "randomWalkSteps": 50},
    )
    assert tool.id == "GraphRAG DirectVectorStore docs Tool"
    assert tool.description.startswith("Access and analyze relationships")
    found = await tool.execute({"queryText": "capital of Japan Tokyo", "topK": 3})
    assert len(found["relevantContext"]) == 3  # all three chunks are linked at threshold 0.1
    assert any("Tokyo" in text for text in found["relevantContext"])
    assert found["sources"][0]["document"] == found["relevantContext"][0]
    wrong = create_graph_rag_tool(vector_store=store, index_name="docs", embedder=embedder)
    assert (
        "Embedding dimension must be 1536"
        in (await wrong.execute({"queryText": "x", "topK": 2}))["error"]
    )

    graph = GraphRAG(dimension=2, threshold=0.5, seed=1)
    graph.create_graph([{"text": "a"}, {"text": "b"}, {"text": "c"}], [[1, 0], [0.9, 0.1], [0, 1]])
    assert len(graph.edges) == 2  # a<->b only
    top = graph.query([1, 0], top_k=2, random_walk_steps=20)
    assert {r["content"] for r in top} <= {"a", "b"}
    with pytest.raises(ValueError, match="Restart probability"):
        graph.query([1, 0], restart_prob=1)
    with pytest.raises(ValueError, match="Both source and target"):
        graph.add_edge("0", "9", 1.0)
    with pytest.raises(ValueError, match="dimension must be 2"):
        graph.add_node(GraphNode("x", "x", [1.0]))


async def test_mastra_era_gives_mastras_results_and_schema(tmp_path: Path) -> None:
    """Converted apps (`mastra_era=`): a failure is Mastra's bare empty result, and without a
    filter 1.x's passthrough input schema has no `additionalProperties`."""
    from lumosai.rag import create_graph_rag_tool

    _, embedder = await build_index(tmp_path)
    store = InMemoryVector()
    tool = create_vector_query_tool(
        vector_store=store, index_name="nope", embedder=embedder, mastra_era="1.x"
    )
    assert "additionalProperties" not in tool.parameters
    found = await tool.execute({"queryText": "x", "topK": 1})
    assert found == {"relevantContext": [], "sources": []}
    graph = create_graph_rag_tool(
        vector_store=store, index_name="nope", embedder=embedder, mastra_era="0.x"
    )
    assert graph.parameters["additionalProperties"] is True
    assert await graph.execute({"queryText": "x", "topK": 1}) == {
        "relevantContext": [],
        "sources": [],
    }
    native = create_vector_query_tool(vector_store=store, index_name="nope", embedder=embedder)
    assert native.parameters["additionalProperties"] is True
    assert "error" in await native.execute({"queryText": "x", "topK": 1})


async def test_mastra_era_validation_errors_match_mastra() -> None:
    """Bad arguments get Mastra's own error object; the expected texts are what @mastra/rag 2.6
    (zod 4) and 1.3 (zod 3) answered for the same calls."""
    from lumosai.rag import create_graph_rag_tool

    store, embedder = InMemoryVector(), HashEmbedder(dim=8)
    v1 = create_vector_query_tool(
        id="docs-vector-query",
        vector_store=store,
        index_name="h",
        embedder=embedder,
        enable_filter=True,
        mastra_era="1.x",
    )
    empty = await v1.execute({})
    assert empty["message"] == (
        "Tool input validation failed for docs-vector-query. Please fix the following errors "
        "and try again:\n- queryText: Invalid input: expected string, received undefined\n"
        "- topK: Invalid input: expected number, received NaN\n"
        "- filter: Invalid input: expected nonoptional, received undefined\n\n"
        "Provided arguments: {}"
    )
    assert empty["validationErrors"]["fields"]["topK"] == {
        "errors": ["Invalid input: expected number, received NaN"],
        "fields": {},
    }
    wrong = await v1.execute({"queryText": 5, "topK": "x", "filter": None})
    assert wrong["message"].endswith(
        "- queryText: Invalid input: expected string, received number\n"
        "- topK: Invalid input: expected number, received NaN\n\n"
        'Provided arguments: {\n  "queryText": 5,\n  "topK": "x",\n  "filter": null\n}'
    )
    no_filter = await v1.execute({"queryText": "a", "topK": "3"})
    assert list(no_filter["validationErrors"]["fields"]) == ["filter"]
    g0 = create_graph_rag_tool(
        vector_store=store,
        vector_store_name="pg",
        index_name="h",
        embedder=embedder,
        mastra_era="0.x",
    )
    old = await g0.execute({})
    assert old["message"] == (
        "Tool validation failed for GraphRAG pg h Tool. Please fix the following errors and try "
        "again:\n- queryText: Required\n- topK: Expected number, received nan\n\n"
        "Provided arguments: {}"
    )
    assert old["validationErrors"] == {
        "_errors": [],
        "queryText": {"_errors": ["Required"]},
        "topK": {"_errors": ["Expected number, received nan"]},
    }
    # a valid call (topK coerced from a string) searches; the missing index gives empty hits
    assert await g0.execute({"queryText": "a", "topK": "3"}) == {
        "relevantContext": [],
        "sources": [],
    }
    # called by an agent, the message names the tool by the agent's key (as Mastra's agent)
    model = ScriptedModel([{"tool_call": {"name": "docsQueryTool", "args": {}}}, {"text": "ok"}])
    agent = Agent(name="a", instructions="x", model=model, tools={"docsQueryTool": v1})
    result = await agent.generate("q")
    assert (
        result.tool_results[0]
        .result["message"]
        .startswith("Tool input validation failed for docsQueryTool.")
    )
