"""Embedders: the local hash embedder, and ``embedder()`` over pydantic-ai against a real
OpenAI-compatible HTTP server on loopback."""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from lumosai.llm.embedding import Embedder, HashEmbedder, embedder


async def test_hash_embedder_is_deterministic_and_normalised() -> None:
    emb = HashEmbedder(dim=64)
    assert isinstance(emb, Embedder)
    [a, b, c] = await emb.embed(["the red fox", "the red fox", "quantum physics"])
    assert a == b and len(a) == 64
    assert math.isclose(math.fsum(x * x for x in a), 1.0)
    near = await emb.embed(["a red fox jumps"])
    cos = lambda u, v: math.fsum(x * y for x, y in zip(u, v, strict=True))  # noqa: E731
    assert cos(a, near[0]) > cos(a, c)
    assert await emb.embed([""]) == [[0.0] * 64]


class _EmbeddingHandler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [
            {"object": "embedding", "index": i, "embedding": [float(len(text)), 1.0, 0.5]}
            for i, text in enumerate(inputs)
        ]
        payload = json.dumps(
            {
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {"prompt_tokens": 3, "total_tokens": 3},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def embedding_server() -> Iterator[str]:
    _EmbeddingHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


async def test_openai_embedder_over_http(embedding_server: str) -> None:
    emb = embedder("openai/text-embedding-3-small", base_url=embedding_server, api_key="sk-test")
    vectors = await emb.embed(["hi", "hello"])
    assert vectors == [[2.0, 1.0, 0.5], [5.0, 1.0, 0.5]]
    [request] = _EmbeddingHandler.requests
    assert request["path"] == "/v1/embeddings"
    assert request["body"]["model"] == "text-embedding-3-small"
    assert request["body"]["input"] == ["hi", "hello"]
    assert request["auth"] == "Bearer sk-test"
    assert await emb.embed([]) == []


def test_embedder_bad_names() -> None:
    with pytest.raises(ValueError, match="needs a provider prefix"):
        embedder("text-embedding-3-small")
    with pytest.raises(ValueError, match="OpenAI-compatible"):
        embedder("cohere/embed-v4.0", base_url="http://127.0.0.1:1")
