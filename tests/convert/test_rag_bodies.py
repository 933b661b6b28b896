"""RAG calls inside function bodies translate to `lumosai.rag` / `lumosai.vector`, and the
translated Python runs: chunks, embeddings, vector hits and re-ranking come out as in Mastra.
Whatever cannot be carried over faithfully fails the translation (the function is bridged)."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import Any

import pytest

from lumosai import LumosApp
from lumosai.llm.embedding import HashEmbedder
from lumosai.migrate.convert.bodies import HelperRef, ImportRef, NameMap, translate_function
from lumosai.rag import MDocument
from lumosai.testing import ScriptedModel
from lumosai.vector import InMemoryVector, SqliteVector
from lumosai.workflow import WorkflowBuilder, create_step

AI = {"embed": "ai", "embedMany": "ai", "cosineSimilarity": "ai"}
MASTRA_RAG = {"MDocument", "rerank", "rerankWithScorer", "MastraAgentRelevanceScorer"}


def names(**helpers: HelperRef) -> NameMap:
    imports = {n: ImportRef(module=m, imported_name=n) for n, m in AI.items()}
    imports |= {n: ImportRef(module="@mastra/rag", imported_name=n) for n in MASTRA_RAG}
    imports["openai"] = ImportRef(module="@ai-sdk/openai", imported_name="openai")
    imports["ModelRouterEmbeddingModel"] = ImportRef(
        module="@mastra/core/llm", imported_name="ModelRouterEmbeddingModel"
    )
    return NameMap(imports=imports, helpers=dict(helpers))


def store(name: str) -> HelperRef:
    return HelperRef(py_name=name, is_function=False, value_type="vector_store")


def constant(name: str) -> HelperRef:
    return HelperRef(py_name=name, is_function=False)


def translate(ts: str, role: str = "helper", name: str = "fn", **helpers: HelperRef) -> str:
    result = translate_function(ts, role=role, py_name=name, names=names(**helpers))
    assert result.ok, (result.rule, result.reason)
    head = "\n".join(sorted(result.imports) + sorted(result.module_lines))
    return f"{head}\n\n{result.python}"


def load(python: str, name: str = "fn", **values: Any) -> Any:
    namespace: dict[str, Any] = dict(values)
    exec(compile(python, "<translated>", "exec"), namespace)
    return namespace[name]


def refused(ts: str, role: str = "helper", **helpers: HelperRef) -> tuple[str | None, str]:
    result = translate_function(ts, role=role, py_name="fn", names=names(**helpers))
    assert not result.ok, result.python
    return result.rule, result.reason or ""


# ---- documents and chunking -------------------------------------------------------------------

FAQ = "# FAQ\n## Shipping\nWe ship in 2 days.\n## Returns\nReturns within 30 days, no questions.\n"


def test_0x_chunk_options_map_to_the_runtime_names_and_chunk_the_same() -> None:
    python = translate(
        """async function chunkFaq(markdown: string) {
          const doc = MDocument.fromMarkdown(markdown, { kind: 'faq' });
          return doc.chunk({ strategy: 'character', separator: '\\n## ', size: 40, overlap: 0,
                             keepSeparator: true });
        }"""
    )
    assert "max_size=40" in python and 'separator_position="start"' in python
    assert "keep" not in python and "size=40" in python
    chunks = asyncio.run(load(python)(FAQ))
    expected = MDocument.from_markdown(FAQ, {"kind": "faq"}).chunk(
        strategy="character", separator="\n## ", max_size=40, overlap=0, separator_position="start"
    )
    assert chunks == expected
    assert [c["text"] for c in chunks][1].startswith("\n## Shipping")
    assert all(c["metadata"] == {"kind": "faq"} for c in chunks)


def test_1x_recursive_chunking_and_document_accessors() -> None:
    python = translate(
        """function split(text: string) {
          const doc = MDocument.fromText(text, { source: 'a.txt' });
          const chunks = doc.chunk({ strategy: 'recursive', maxSize: 30, overlap: 5,
                                     separators: ['\\n\\n', '. '], separatorPosition: 'end' });
          return { n: chunks.length, texts: doc.getText(), meta: doc.getMetadata(),
                   first: chunks[0].text };
        }"""
    )
    assert "MDocument.from_text(" in python and 'separator_position="end"' in python
    text = "Alpha beta gamma. Delta epsilon zeta.\n\nEta theta iota kappa. Lambda mu."
    got = load(python)(text)
    expected = MDocument.from_text(text, {"source": "a.txt"}).chunk(
        strategy="recursive", max_size=30, overlap=5, separators=["\n\n", ". "],
        separator_position="end",
    )  # fmt: skip
    assert got["n"] == len(expected) > 1
    assert got["texts"] == [c.text for c in expected]
    assert got["first"] == expected[0].text
    assert got["meta"] == [{"source": "a.txt"}] * len(expected)


def test_helper_returning_a_document_then_chunked_and_html_headers() -> None:
    python = translate(
        """async function chunkPage(html: string) {
          const doc = MDocument.fromHTML(html, { url: 'u' });
          return await doc.chunk({ strategy: 'html', headers: [['h1', 'title'], ['h2', 'section']] });
        }"""
    )
    html = (
        "<html><body><h1>Guide</h1><p>Intro text.</p><h2>Setup</h2><p>Install it.</p></body></html>"
    )
    chunks = asyncio.run(load(python)(html))
    expected = MDocument.from_html(html, {"url": "u"}).chunk(
        strategy="html", headers=[["h1", "title"], ["h2", "section"]]
    )
    assert chunks == expected and len(chunks) == 2
    assert "Install it." in chunks[1]["text"]
    assert chunks[1]["metadata"]["section"] == "Setup" and chunks[0]["metadata"]["title"] == "Guide"


# ---- embeddings and vector stores ---------------------------------------------------------------

DOCS = [
    ("vacation", "Vacation policy: employees get 25 days of paid vacation a year.", "hr.md"),
    ("expenses", "Expense policy: keep every receipt and file it within 30 days.", "finance.md"),
    ("laptops", "Laptops are replaced every three years by the IT desk.", "it.md"),
]


def test_step_indexes_through_mastra_get_vector_into_sqlite(tmp_path: Path) -> None:
    python = translate(
        """async ({ inputData, mastra }) => {
          const store = mastra.getVector('pgVector');
          const { embeddings } = await embedMany({ model: embedder, values: inputData.docs.map((d) => d.text),
                                                  maxParallelCalls: 2 });
          const existing = await store.listIndexes();
          if (!existing.includes('handbook')) {
            await store.createIndex({ indexName: 'handbook', dimension: 64, metric: 'cosine' });
          }
          const ids = await store.upsert({ indexName: 'handbook', vectors: embeddings,
            metadata: inputData.docs.map((d) => ({ text: d.text, source: d.source })),
            ids: inputData.docs.map((d) => d.id) });
          const stats = await store.describeIndex({ indexName: 'handbook' });
          return { ids, count: stats.count, dimension: stats.dimension };
        }""",
        role="step_v1",
        name="index_docs",
        embedder=constant("embedder"),
    )
    assert 'ctx.app.vector("pgVector")' in python
    assert "embeddings = await embed_many(" in python
    assert 'await store.create_index("handbook", 64, "cosine")' in python
    vectors = SqliteVector(tmp_path / "vectors.db")
    step = create_step(id="index-docs")(load(python, "index_docs", embedder="hash/64"))
    workflow = WorkflowBuilder().id("ingest").then(step).commit()
    app = LumosApp("kb", vectors={"pgVector": vectors}, workflows={"ingest": workflow})
    assert app.vector("pgVector") is vectors and list(app.vectors()) == ["pgVector"]
    docs = [{"id": i, "text": t, "source": s} for i, t, s in DOCS]
    run = app.workflow("ingest").create_run()
    result = asyncio.run(run.start(input_data={"docs": docs}))
    assert result.status == "success", result
    assert result.result == {
        "ids": ["vacation", "expenses", "laptops"],
        "count": 3,
        "dimension": 64,
    }
    again = SqliteVector(tmp_path / "vectors.db")  # really on disk
    stored = asyncio.run(again.describe_index("handbook"))
    assert stored.count == 3 and stored["metric"] == "cosine"


async def _filled(store: Any) -> None:
    embedder = HashEmbedder(dim=64)
    await store.create_index("faq", 64)
    vectors = await embedder.embed([t for _, t, _ in DOCS])
    await store.upsert(
        "faq", vectors, [{"text": t, "source": s} for _, t, s in DOCS], [i for i, _, _ in DOCS]
    )


SEARCH = """async function searchDocs(question: string, topK = 2, source?: string) {
  const { embedding } = await embed({ model: 'hash/64', value: question });
  const results = await vectors.query({
    indexName: 'faq', queryVector: embedding, topK,
    filter: source ? { source: { $eq: source } } : undefined, includeVector: true,
  });
  return results.map((r) => ({ id: r.id, text: String(r.metadata?.text ?? ''),
                               score: Number(r.score.toFixed(3)), dims: r.vector?.length }));
}"""


def test_helper_embeds_queries_with_filter_and_reads_hits_like_plain_objects() -> None:
    python = translate(SEARCH, vectors=store("vectors"))
    assert 'embedding = await embed(question, "hash/64")' in python
    assert "include_vector=True" in python
    vectors = InMemoryVector()
    asyncio.run(_filled(vectors))
    search = load(python, vectors=vectors)
    hits = asyncio.run(search("how many vacation days do employees get"))
    assert hits[0]["id"] == "vacation" and len(hits) == 2
    assert hits[0]["text"].startswith("Vacation policy") and hits[0]["dims"] == 64
    only_it = asyncio.run(search("vacation days", 3, "it.md"))
    assert [h["id"] for h in only_it] == ["laptops"]


def test_tool_v0_query_with_min_score_and_rerank_through_a_scripted_judge() -> None:
    python = translate(
        """async ({ context }) => {
          const { embedding: queryVector } = await embed({ model: embeddingModel, value: context.question });
          const results = await libsqlVector.query({ indexName: 'faq', queryVector, topK: context.topK * 3,
                                                    minScore: -1 });
          const reranked = await rerank(results, context.question, judge, { topK: context.topK });
          return { answers: reranked.map((r) => ({ id: r.result.id, text: String(r.result.metadata?.text ?? ''),
                                                   score: Math.round(r.score * 1000) / 1000 })) };
        }""",
        role="tool_v0",
        name="faq",
        embeddingModel=constant("embedding_model"),
        libsqlVector=store("libsql_vector"),
        judge=constant("judge"),
    )
    assert "min_score=-1" in python and "top_k=input_data" in python
    vectors = InMemoryVector()
    asyncio.run(_filled(vectors))
    judge = ScriptedModel([{"text": "0.1"}, {"text": "0.2"}, {"text": "1.0"}])
    faq = load(python, "faq", embedding_model="hash/64", libsql_vector=vectors, judge=judge)
    from lumosai.tool import ToolExecutionContext

    out = asyncio.run(
        faq({"question": "replace laptops", "topK": 1}, context=ToolExecutionContext())
    )
    assert len(judge.requests) == 3  # one relevance question per hit
    # the same hits re-ranked by the runtime directly, with the same judge answers
    hits = asyncio.run(vectors.query("faq", HashEmbedder(dim=64).embed_one("replace laptops"), 3))
    semantic = [0.1, 0.2, 1.0]
    scored = [
        (0.4 * semantic[i] + 0.4 * h.score + 0.2 * (1 - i / 3), h.id) for i, h in enumerate(hits)
    ]
    best_score, best_id = max(scored)
    assert out["answers"] == [
        {"id": best_id, "text": next(t for i, t, _ in DOCS if i == best_id),
         "score": math.floor(best_score * 1000 + 0.5) / 1000}
    ]  # fmt: skip


def test_embedding_model_expressions_become_provider_strings() -> None:
    cases = {
        "openai.embedding('text-embedding-3-small')": '"openai/text-embedding-3-small"',
        "openai.textEmbeddingModel('text-embedding-3-large')": '"openai/text-embedding-3-large"',
        "'openai/text-embedding-3-small'": '"openai/text-embedding-3-small"',
        "new ModelRouterEmbeddingModel('openai/text-embedding-ada-002')": (
            '"openai/text-embedding-ada-002"'
        ),
    }
    for model, expected in cases.items():
        python = translate(
            f"async function f(q: string) {{ const r = await embed({{ model: {model}, value: q }}); "
            "return r.embedding; }"
        )
        assert f"embed(q, {expected})" in python, python
        assert "return r" in python


def test_rerank_with_scorer_and_agent_relevance_scorer() -> None:
    python = translate(
        """async function best(results: any[], question: string) {
          return rerankWithScorer({ results, query: question,
            scorer: new MastraAgentRelevanceScorer('relevance', 'openai/gpt-4o-mini'),
            options: { topK: 2, weights: { semantic: 0.5, vector: 0.3, position: 0.2 } } });
        }"""
    )
    assert 'AgentRelevanceScorer("openai/gpt-4o-mini", "relevance")' in python
    assert "return await rerank_with_scorer(" in python and "top_k=2" in python


# ---- do no harm: what cannot be carried over is refused ------------------------------------------


@pytest.mark.parametrize(
    ("ts", "why"),
    [
        (
            "async function f(t: string) { return MDocument.fromText(t).chunk({ strategy: 'recursive', "
            "extract: { title: true } }); }",
            "extract",
        ),
        (
            "async function f(t: string, o: any) { return MDocument.fromText(t).chunk({ ...o }); }",
            "...o",
        ),
        (
            "async function f(t: string) { return MDocument.fromText(t).chunk({ strategy: 'token', "
            "separators: ['x'] }); }",
            "separators",
        ),
        (
            "async function f(t: string) { return MDocument.fromText(t).chunk({ strategy: 'semantic' }); }",
            "semantic",
        ),
        (
            "async function f(q: string) { const { embedding } = await embed({ model: 'openai/x', "
            "value: q, maxRetries: 5 }); return embedding; }",
            "maxRetries",
        ),
        (
            "async function f(q: string) { const { embedding, usage } = await embed({ model: 'openai/x', "
            "value: q }); return usage; }",
            "usage",
        ),
        (
            "async function f(q: string) { return (await embed({ model: cohere('x'), value: q })).embedding; }",
            "cohere",
        ),
        (
            "async function f(v: number[]) { return vectors.updateVector({ indexName: 'i', id: 'a', "
            "update: { vector: v } }); }",
            "updateVector",
        ),
        (
            "async function f(v: number[]) { return vectors.upsert({ indexName: 'i', vectors: [v], "
            "sparseVectors: [] }); }",
            "sparseVectors",
        ),
        ("async function f() { return MDocument.fromPDF('x'); }", "fromPDF"),
        ("async function f(q: string) { return embed({ model: 'openai/x', value: q }); }", "whole"),
        (
            "async function f(q: string) { const r = await embed({ model: 'openai/x', value: q }); "
            "return [r.embedding, r]; }",
            "whole",
        ),
        (
            "async function f(qs: string[]) { return [await embedMany({ model: 'openai/x', values: qs })]; }",
            "whole",
        ),
    ],
)
def test_untranslatable_rag_code_is_refused(ts: str, why: str) -> None:
    rule, reason = refused(ts, vectors=store("vectors"))
    assert rule in ("LM203", "LM204", "LM205", "LM207"), (rule, reason)
    assert why in reason


def test_get_vector_outside_a_tool_or_step_and_other_scorers_are_refused() -> None:
    rule, _ = refused(
        "async function f(mastra: any) { return mastra.getVector('pg'); }",
    )
    assert rule in ("LM204", "LM206")
    names_ = names()
    names_.imports["CohereRelevanceScorer"] = ImportRef(
        module="@mastra/rag", imported_name="CohereRelevanceScorer"
    )
    result = translate_function(
        "function f() { return new CohereRelevanceScorer('rerank-v3.5'); }",
        role="helper",
        py_name="f",
        names=names_,
    )
    assert not result.ok and result.rule == "LM205"


def test_get_vector_on_a_store_the_app_cannot_register_is_refused() -> None:
    step = "async ({ mastra }) => { const s = mastra.getVector(%s); return s.listIndexes(); }"
    mapped = names()
    mapped.unregistered_vectors = frozenset({"pinecone"})
    for key in ("'pinecone'", "process.env.STORE_KEY!"):
        result = translate_function(step % key, role="step_v1", py_name="f", names=mapped)
        assert not result.ok and result.rule == "LM206", result.python
        assert "pinecone" in (result.reason or "")
    ok = translate_function(step % "'pgVector'", role="step_v1", py_name="f", names=mapped)
    assert ok.ok and 'ctx.app.vector("pgVector")' in ok.python


def test_new_mdocument_and_cosine_similarity() -> None:
    python = translate(
        """function closest(q: number[], docs: { text: string; v: number[] }[]) {
          const doc = new MDocument({ docs: docs.map((d) => ({ text: d.text, metadata: { n: d.v.length } })),
                                      type: 'text' });
          const scores = docs.map((d) => cosineSimilarity(q, d.v));
          return { texts: doc.getText(), best: scores.indexOf(Math.max(...scores)), zero: cosineSimilarity([0, 0], [1, 2]) };
        }"""
    )
    assert "MDocument([" in python and "cosine_similarity(q, d[" in python
    got = load(python)([1.0, 0.0], [{"text": "a", "v": [0.0, 1.0]}, {"text": "b", "v": [2.0, 0.1]}])
    assert got == {"texts": ["a", "b"], "best": 1, "zero": 0.0}


def test_parameters_typed_as_documents_and_stores_translate() -> None:
    python = translate(
        """async function indexDoc(doc: MDocument, store: MastraVector, vectors: number[][]) {
          const chunks = await doc.chunk({ strategy: 'recursive', maxSize: 20, overlap: 0 });
          await store.createIndex({ indexName: 'i', dimension: 2 });
          return store.upsert({ indexName: 'i', vectors: vectors.slice(0, chunks.length),
                                metadata: chunks.map((c) => ({ text: c.text })) });
        }"""
    )
    store_ = InMemoryVector()
    doc = MDocument.from_text("one two three four. five six seven eight.")
    vectors = [[1.0, float(i)] for i in range(10)]
    ids = asyncio.run(load(python)(doc, store_, vectors))
    texts = doc.get_text()  # the document keeps its chunks, as Mastra's does
    assert len(ids) == len(texts) > 1
    hit = asyncio.run(store_.query("i", vectors[len(texts) - 1], top_k=1))[0]
    assert hit["id"] == ids[-1] and hit["metadata"]["text"] == texts[-1]
