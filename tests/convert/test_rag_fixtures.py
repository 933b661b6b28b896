"""The RAG fixture apps convert with their RAG functions translated, and the translated
ingest pipelines and searches run end to end: documents fetched over HTTP, chunked, embedded
through the OpenAI provider (a local OpenAI-compatible server stands in for the provider:
deterministic embeddings, a relevance judge), stored, queried and re-ranked."""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import convert, run_python

HANDBOOK = """# Handbook

## Vacation
Employees get 25 days of paid vacation every year. Unused vacation days carry over.

## Expenses
Keep every receipt. Expense reports are due within 30 days of the purchase.
"""
FAQ = "Laptops are replaced every three years.\n\nThe office opens at 8am on weekdays."
PAGES = {
    "/site/vacation.html": "<html><title>Vacation</title><body><p>Vacation: 25 days a year."
    "</p><p>Ask your manager first.</p></body></html>",
    "/site/blog/news.html": "<html><title>News</title><body>not indexed</body></html>",
    "/site/laptops.html": "<html><title>Laptops</title><body><p>Laptops are replaced every "
    "three years.</p></body></html>",
}


def _vector(text: str, dim: int) -> list[float]:
    vector = [0.0] * dim
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        slot = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "big") % dim
        vector[slot] += 1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


class _Provider(BaseHTTPRequestHandler):
    """OpenAI-compatible `/v1/embeddings` and `/v1/chat/completions`, plus static pages."""

    dim = 1536
    requests: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.requests.append(f"GET {self.path}")
        if self.path == "/docs/handbook.md":
            self._send(200, HANDBOOK.encode(), "text/markdown")
        elif self.path == "/sitemap.json":
            pages = [{"loc": f"http://{self.headers['Host']}{p}"} for p in PAGES]
            self._send(200, json.dumps({"pages": pages}).encode())
        elif self.path in PAGES:
            self._send(200, PAGES[self.path].encode(), "text/html")
        else:
            self._send(404, b"{}")

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(f"POST {self.path}")
        if self.path.endswith("/embeddings"):
            texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
            data = [
                {"object": "embedding", "index": i, "embedding": _vector(t, self.dim)}
                for i, t in enumerate(texts)
            ]
            usage = {"prompt_tokens": 1, "total_tokens": 1}
            reply = {"object": "list", "data": data, "model": body["model"], "usage": usage}
        elif self.path.endswith("/chat/completions"):
            prompt = str(body["messages"][-1]["content"])
            query, _, text = prompt.partition("\n\nText: ")
            words = set(re.findall(r"[a-z]+", query.lower().removeprefix("query: ")))
            relevant = any(w in text.lower() for w in words if len(w) > 3)
            message = {"role": "assistant", "content": "0.9" if relevant else "0.1"}
            reply = {
                "id": "chat-1",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        else:
            self._send(404, b"{}")
            return
        self._send(200, json.dumps(reply).encode())


@pytest.fixture
def provider() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    _Provider.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _statuses(report: dict[str, Any], kind: str) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["constructs"] if c["kind"] == kind}


def _native_share(report: dict[str, Any]) -> float:
    summary = report["summary"]
    total = sum(summary[k] for k in ("native", "compat", "bridged", "todo"))
    return (summary["native"] + summary["compat"]) / total


def test_docs_rag_ingests_and_searches_natively(tmp_path: Path, provider: str) -> None:
    out = tmp_path / "out"
    report = convert("docs-rag-1x", out)
    assert report["bodies"]["bridged"] == 0 and report["bodies"]["todo"] == 0
    assert set(_statuses(report, "rag").values()) == {"native"}
    assert _native_share(report) >= 0.9
    app_py = (out / "app.py").read_text()
    assert 'app.add_vector("pgVector", pg_vector)' in app_py
    assert 'app.add_vector("scratchVector", scratch_vector)' in app_py
    printed = run_python(
        out,
        """
import asyncio, json
from app import app
from docs_rag_1x.rag.search import search_docs
from docs_rag_1x.tools.rag_tools import cite_sources_tool

async def main():
    run = app.workflow("ingestWorkflow").create_run()
    done = await run.start(input_data={"paths": ["handbook.md"]})
    store = app.vector("pgVector")
    hits = await search_docs("how many vacation days", 2)
    only = await search_docs("vacation", 3, "nowhere.md")
    cited = await cite_sources_tool.execute({"question": "expense receipts"})
    cited = cited.model_dump() if hasattr(cited, "model_dump") else cited
    print(json.dumps({"status": done.status, "result": done.result, "store": type(store).__name__,
                      "count": (await store.describe_index("handbook")).count,
                      "hits": hits, "only": only, "cited": cited}))
asyncio.run(main())
""",
        DATABASE_URL="memory",
        DOCS_BASE_URL=f"{provider}/docs",
        OPENAI_BASE_URL=f"{provider}/v1",
        OPENAI_API_KEY="test-key",
    )
    got = json.loads(printed)
    assert got["status"] == "success" and got["store"] == "InMemoryVector"
    assert got["result"] == {"indexed": 2, "index": "handbook"}
    assert got["count"] == 2
    ids = [h["id"] for h in got["hits"]]
    assert ids[0] == "handbook_md#0000" and set(ids) == {"handbook_md#0000", "handbook_md#0001"}
    assert "25 days of paid vacation" in got["hits"][0]["text"]
    assert got["hits"][0]["source"] == "handbook.md" and got["hits"][0]["score"] > 0
    assert got["only"] == []  # the metadata filter ran
    passages = got["cited"]["passages"]
    assert passages[0]["n"] == 1 and "receipt" in passages[0]["text"]
    embeds = [r for r in _Provider.requests if r.endswith("/embeddings")]
    judged = [r for r in _Provider.requests if r.endswith("/chat/completions")]
    assert embeds and judged  # embeddings and the relevance judge went through the provider


def test_kb_rag_indexes_crawled_pages_and_answers_faq(tmp_path: Path, provider: str) -> None:
    out = tmp_path / "out"
    report = convert("kb-rag-0x", out)
    assert report["bodies"] == {"translated": 4, "bridged": 0, "todo": 0}
    assert set(_statuses(report, "rag").values()) == {"native"}
    assert _native_share(report) >= 0.9
    printed = run_python(
        out,
        """
import asyncio, json, os
from app import app
from lumosai.rag import embed_many
from kb_rag_0x.rag.chunk import chunk_faq
from kb_rag_0x.rag.stores import embedding_model

async def main():
    run = app.workflow("ingestWorkflow").create_run()
    done = await run.start(input_data={"maxPages": 5})
    products = await app.vector("pgVector").describe_index("products")
    faq = app.vector("libsqlVector")
    chunks = await chunk_faq(os.environ["FAQ_TEXT"])
    await faq.create_index("faq", 1536)
    vectors = await embed_many([c.text for c in chunks], embedding_model)
    await faq.upsert("faq", vectors, [{"text": c.text} for c in chunks])
    answer = await app.tool("search-faq").execute({"question": "when are laptops replaced", "topK": 1})
    answer = answer.model_dump() if hasattr(answer, "model_dump") else answer
    print(json.dumps({"status": done.status, "result": done.result, "products": products,
                      "answer": answer}))
asyncio.run(main())
""",
        FAQ_TEXT=FAQ,
        DATABASE_URL="memory",
        POSTGRES_CONNECTION_STRING="memory",
        KB_SITEMAP_URL=f"{provider}/sitemap.json",
        OPENAI_BASE_URL=f"{provider}/v1",
        OPENAI_API_KEY="test-key",
    )
    got = json.loads(printed)
    assert got["status"] == "success", got
    assert got["result"] == {"pages": 2, "chunks": 2}  # the blog page is filtered out
    assert got["products"] == {"dimension": 1536, "count": 2, "metric": "cosine"}
    answers = got["answer"]["answers"]
    assert len(answers) == 1 and answers[0]["text"].startswith("Laptops are replaced")
    assert (out / "kb-vectors.db").exists()  # LibSQLVector('file:./kb-vectors.db') -> SQLite
