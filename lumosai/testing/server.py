"""``mock_llm_server``: a real OpenAI-compatible HTTP server on 127.0.0.1 that replays a script.

Serves ``POST /v1/chat/completions`` (JSON and SSE streaming, tool calls, usage), the
Responses API ``POST /v1/responses`` (what the AI SDK's ``openai(model)`` uses, JSON and SSE)
and ``GET /v1/models``; records every request. Runs in a background thread (stdlib
``ThreadingHTTPServer``, one thread per connection), so many concurrent clients work; pick the
script ``mode`` that fits (see ``lumosai.testing.script``).

Command line, for Node processes and other languages::

    python -m lumosai.testing.server --script script.json --port 0 [--mode per_conversation] [--loop]

prints the base URL (``http://127.0.0.1:PORT/v1``) as its first stdout line and serves until
killed (or until stdin closes, with ``--exit-on-stdin-close``).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lumosai.llm.messages import Message
from lumosai.llm.model import ModelRequest
from lumosai.testing.openai_wire import (
    completion_body,
    error_body,
    parse_chat_request,
    stream_chunks,
)
from lumosai.testing.responses_wire import (
    _items as response_items,
)
from lumosai.testing.responses_wire import (
    parse_responses_request,
    response_body,
    response_events,
)
from lumosai.testing.script import (
    Script,
    ScriptError,
    ScriptMode,
    ScriptReply,
    ScriptSource,
    load_script_file,
)


@dataclass(slots=True)
class RecordedRequest:
    """One HTTP request the server got. ``body`` is the parsed JSON exactly as sent;
    ``messages``/``tools``/``settings`` are the same view ``ScriptedModel.requests`` gives."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    model_request: ModelRequest | None = None
    time: float = field(default_factory=time.time)

    @property
    def messages(self) -> list[Message]:
        return self.model_request.messages if self.model_request else []

    @property
    def tools(self) -> list[dict[str, Any]]:
        return self.model_request.tools if self.model_request else []

    @property
    def settings(self) -> dict[str, Any]:
        return self.model_request.settings if self.model_request else {}

    @property
    def stream(self) -> bool:
        return bool(isinstance(self.body, dict) and self.body.get("stream"))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], mock: MockLLMServer) -> None:
        super().__init__(address, _Handler)
        self.mock = mock

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a client dropping its keep-alive connection (a Node process exiting) is not an error
        if isinstance(sys.exc_info()[1], ConnectionResetError | BrokenPipeError):
            return
        super().handle_error(request, client_address)


class MockLLMServer:
    """The server object: ``base_url``, ``requests``, ``start()``/``stop()``; a context manager."""

    def __init__(
        self,
        script: ScriptSource,
        *,
        mode: ScriptMode = "sequential",
        loop: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.script = Script(script, mode=mode, loop=loop)
        self.requests: list[RecordedRequest] = []
        self._items: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._host = host
        self._port = port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("mock_llm_server is not running")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (``.../v1``) to give to ``openai(base_url=...)``."""
        return f"{self.url}/v1"

    def start(self) -> MockLLMServer:
        self._httpd = _Server((self._host, self._port), self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> MockLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def remember_items(self, reply: ScriptReply, number: int) -> None:
        """Keep the Responses-API output items of a reply: clients (the AI SDK with its default
        `store: true`) send earlier output back as `{"type": "item_reference", "id": ...}`."""
        with self._lock:
            for item in response_items(reply, number):
                self._items[item["id"]] = item

    def resolve_references(self, body: dict[str, Any]) -> dict[str, Any]:
        """``body`` with every `item_reference` to an item this server returned replaced by it."""
        items = body.get("input")
        if not isinstance(items, list):
            return body
        with self._lock:
            resolved = [
                self._items.get(str(item.get("id")), item)
                if isinstance(item, dict) and item.get("type") == "item_reference"
                else item
                for item in items
            ]
        return {**body, "input": resolved}

    def record(self, request: RecordedRequest) -> int:
        with self._lock:
            self.requests.append(request)
            return len(self.requests) - 1


@contextmanager
def mock_llm_server(
    script: ScriptSource,
    *,
    mode: ScriptMode = "sequential",
    loop: bool = False,
    port: int = 0,
) -> Iterator[MockLLMServer]:
    """Run a mock OpenAI-compatible server for the ``with`` block."""
    server = MockLLMServer(script, mode=mode, loop=loop, port=port).start()
    try:
        yield server
    finally:
        server.stop()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body are separate writes: without TCP_NODELAY, Nagle + delayed ACK stall
    # every keep-alive response by ~40 ms
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # silence per-request logging
        return

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/v1/models", "/models"):
            self._json(200, {"object": "list", "data": [{"id": "mock", "object": "model"}]})
        elif path in ("", "/health"):
            self._json(200, {"ok": True})
        else:
            self._json(404, error_body(f"no route GET {self.path}", 404))

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._json(400, error_body("request body is not JSON", 400))
            return
        api = _ROUTES.get(path)
        if api is None:
            self.server.mock.record(RecordedRequest("POST", path, dict(self.headers), body))
            self._json(404, error_body(f"no route POST {self.path}", 404))
            return
        model_request = None
        if isinstance(body, dict):
            if api == "chat":
                model_request = parse_chat_request(body)
            else:
                model_request = parse_responses_request(self.server.mock.resolve_references(body))
        number = self.server.mock.record(
            RecordedRequest("POST", path, dict(self.headers), body, model_request)
        )
        try:
            reply = self.server.mock.script.next(model_request or ModelRequest(messages=[]))
        except ScriptError as exc:
            self._json(500, error_body(f"mock_llm_server: {exc}", 500))
            return
        except Exception as exc:  # a script function failed
            self._json(500, error_body(f"mock_llm_server: script function raised {exc!r}", 500))
            return
        if api == "responses":
            self.server.mock.remember_items(reply, number)
        if reply.delay:
            time.sleep(reply.delay)
        status = reply.status or (400 if reply.error is not None else 200)
        if reply.raw is not None:
            self._send(status, reply.raw.encode(), "application/json")
            return
        if reply.error is not None or status >= 400:
            if reply.body is not None:
                self._json(status, reply.body)
            else:
                self._json(status, error_body(str(reply.error or f"HTTP {status}"), status))
            return
        model = str(body.get("model", "mock"))
        stream = bool(body.get("stream"))
        if api == "chat" and stream:
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._sse(
                [(None, c) for c in stream_chunks(reply, model, number, include_usage)], done=True
            )
        elif api == "chat":
            self._json(200, completion_body(reply, model, number))
        elif stream:
            self._sse([(e["type"], e) for e in response_events(reply, model, number)], done=False)
        else:
            self._json(200, response_body(reply, model, number))

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _sse(self, events: list[tuple[str | None, dict[str, Any]]], *, done: bool) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            for name, payload in events:
                head = f"event: {name}\n" if name else ""
                self.wfile.write(f"{head}data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()
            if done:
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


_ROUTES = {
    "/v1/chat/completions": "chat",
    "/chat/completions": "chat",
    "/v1/responses": "responses",
    "/responses": "responses",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lumosai.testing.server",
        description="Serve a scripted OpenAI-compatible model on 127.0.0.1; prints the base URL.",
    )
    parser.add_argument("--script", help="JSON file: a list of items or {items, mode, loop}")
    parser.add_argument("--port", type=int, default=0, help="port (0 = pick a free one)")
    parser.add_argument("--mode", choices=["sequential", "per_conversation", "echo"], default=None)
    parser.add_argument("--loop", action="store_true", help="restart the script when it runs out")
    parser.add_argument(
        "--exit-on-stdin-close", action="store_true", help="stop when stdin reaches EOF"
    )
    args = parser.parse_args(argv)
    items: list[dict[str, Any]] = []
    mode: ScriptMode = "sequential"
    loop = False
    if args.script:
        try:
            items, mode, loop = load_script_file(args.script)
        except (OSError, ValueError) as exc:
            print(f"error: cannot load script {args.script}: {exc}", file=sys.stderr)
            return 2
    elif args.mode != "echo":
        print("error: --script FILE is required unless --mode echo", file=sys.stderr)
        return 2
    try:
        server = MockLLMServer(
            items, mode=args.mode or mode, loop=args.loop or loop, port=args.port
        ).start()
    except (ScriptError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(server.base_url, flush=True)
    try:
        if args.exit_on_stdin_close:
            sys.stdin.read()
        else:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
