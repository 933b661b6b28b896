"""`await res.json().catch(() => fallback)` and `await res.text().catch(...)`: a try/except
around the body read, run against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lumosai.migrate.convert.bodies import Role, translate_function

SOURCE = """async function read(url: string) {
  const response = await fetch(url);
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    return { ok: false, detail: detail.slice(0, 5) };
  }
  const data = await response.json().catch(() => ({ broken: true }));
  return { ok: true, data };
}"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, body = {"/good": (200, b'{"a": 1}'), "/bad": (200, b"not json"),
                        "/fail": (500, b"server exploded")}[self.path]  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_body_read_catch_falls_back(base_url: str) -> None:
    result = translate_function(SOURCE, role=Role.HELPER, py_name="read")
    assert result.ok, result.reason
    assert "except Exception:" in result.python
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(sorted(result.imports)) + "\n" + result.python, "t", "exec"), namespace)
    read = namespace["read"]
    assert asyncio.run(read(f"{base_url}/good")) == {"ok": True, "data": {"a": 1}}
    assert asyncio.run(read(f"{base_url}/bad")) == {"ok": True, "data": {"broken": True}}
    assert asyncio.run(read(f"{base_url}/fail")) == {"ok": False, "detail": "serve"}
