"""The converter carries `createVectorQueryTool` over as `create_vector_query_tool` on a
converted vector store; RAG tools without a Lumos equivalent are reported."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import convert, run_python


def by_kind(report: dict[str, object], kind: str) -> dict[str, tuple[str, str | None]]:
    constructs = report["constructs"]
    assert isinstance(constructs, list)
    return {c["name"]: (c["status"], c.get("rule")) for c in constructs if c["kind"] == kind}


def test_vector_query_tool_is_converted_and_searches(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert("docs-rag-1x", out)
    assert by_kind(report, "tool")["docs-vector-query"] == ("native", None)
    rag = by_kind(report, "rag")
    assert rag["docsQueryTool"] == ("native", None)
    assert rag["docsGraphTool"] == ("native", None)
    assert rag["pastedTextChunker"] == ("native", None)
    assert by_kind(report, "tool")["pastedTextChunker"] == ("native", None)
    printed = run_python(
        out,
        """
import asyncio, json
from lumosai.llm.embedding import HashEmbedder
from lumosai.vector import InMemoryVector
from docs_rag_1x.tools.rag_tools import docs_query_tool as tool, pasted_text_chunker
from docs_rag_1x.rag.stores import pg_vector

async def main():
    embedder = HashEmbedder(dim=16)
    tool.embedder = embedder  # no provider key in tests
    await pg_vector.create_index("guide", 16)
    texts = ["Vacation policy: 25 days a year.", "Expense policy: keep receipts."]
    await pg_vector.upsert("guide", await embedder.embed(texts),
                           [{"text": t, "source": f"s{i}.md"} for i, t in enumerate(texts)])
    found = await tool.execute({"queryText": "vacation days", "topK": 1, "filter": '{"source": "s0.md"}'})
    chunker = await pasted_text_chunker.execute({})
    print(json.dumps({"id": tool.id, "store": type(pg_vector).__name__, "chunker": [pasted_text_chunker.id, chunker],
                      "params": sorted(tool.parameters["properties"]), "found": found["relevantContext"]}))
asyncio.run(main())
""",
        DATABASE_URL="memory",
        DOCS_INDEX="guide",
    )
    result = json.loads(printed)
    assert result["id"] == "docs-vector-query" and result["store"] == "InMemoryVector"
    assert result["params"] == ["filter", "queryText", "topK"]
    assert result["chunker"] == ["Document Chunker recursive 400", {"chunks": []}]
    assert result["found"] == [{"text": "Vacation policy: 25 days a year.", "source": "s0.md"}]


def test_reranker_is_carried_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert("kb-rag-0x", out)
    assert by_kind(report, "rag")["productDocsTool"] == ("native", None)
    text = (out / "kb_rag_0x" / "tools" / "kb_tools.py").read_text()
    assert "create_vector_query_tool(" in text and "TODO(lumos-migrate:LM521)" not in text
    assert '"model": "openai/gpt-4o-mini"' in text
    assert '"weights": {"semantic": 0.5, "vector": 0.3, "position": 0.2}' in text
