"""``mock_llm_server``: a real OpenAI-compatible HTTP server on 127.0.0.1 that replays a script.

Serves ``POST /v1/chat/completions`` (JSON and SSE streaming, tool calls, usage), the
Responses API ``POST /v1/responses`` (what the AI SDK's ``openai(model)`` uses, JSON and SSE),
Anthropic's Messages API ``POST /v1/messages`` (JSON and SSE, see ``anthropic_wire``),
``POST /v1/embeddings`` (deterministic hash vectors) and ``GET /v1/models``; records every
request. Runs an asyncio HTTP/1.1 server (keep-alive, one event loop in a background thread), so many concurrent clients are cheap; pick the script
``mode`` that fits (see ``lumosai.testing.script``).

Command line, for Node processes and other languages::

    python -m lumosai.testing.server --script script.json --port 0 [--mode per_conversation] [--loop]

prints the base URL (``http://127.0.0.1:PORT/v1``) as its first stdout line and serves until
killed (or until stdin closes, with ``--exit-on-stdin-close``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from lumosai.llm.messages import Message
from lumosai.llm.model import ModelRequest
from lumosai.testing.anthropic_wire import (
    anthropic_error_body,
    message_body,
    message_events,
    parse_messages_request,
)
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


@dataclass(slots=True)
class _Response:
    """What to send back: a body with a content type, or server-sent events."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    #: SSE: (event name or None, payload) in order; the stream ends with the connection.
    events: list[tuple[str | None, dict[str, Any]]] | None = None
    done_marker: bool = False
    delay: float = 0.0


def _json_response(status: int, payload: Any) -> _Response:
    return _Response(status, json.dumps(payload).encode())


#: Largest request head (request line + headers) accepted; bodies have no limit.
_MAX_HEAD = 1 << 20


class MockLLMServer:
    """The server object: ``base_url``, ``requests``, ``start()``/``stop()``; a context manager.

    One asyncio event loop in a background thread serves every connection (HTTP/1.1 with
    keep-alive, `TCP_NODELAY`): no thread per connection, no stdlib header parser, so many
    concurrent clients cost little and the mock stays far from being a benchmark's ceiling.
    Script functions run on that loop, so they should return quickly.
    """

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
        self._bound_port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[asyncio.StreamWriter] = set()

    @property
    def port(self) -> int:
        if self._bound_port is None:
            raise RuntimeError("mock_llm_server is not running")
        return self._bound_port

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (``.../v1``) to give to ``openai(base_url=...)``."""
        return f"{self.url}/v1"

    def start(self) -> MockLLMServer:
        """Bind and serve in a background thread; returns once the port accepts connections."""
        if self._thread is not None:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(
                        self._serve_connection,
                        self._host,
                        self._port,
                        backlog=1024,
                        reuse_address=True,
                        limit=_MAX_HEAD,
                    )
                )
                self._bound_port = int(self._server.sockets[0].getsockname()[1])
            except BaseException as exc:  # the bind failed: report it to start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self._close_all())
                loop.close()

        self._thread = threading.Thread(target=run, name="mock-llm-server", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        self._loop = self._thread = self._server = None
        self._bound_port = None

    async def _close_all(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._connections):
            writer.close()
        self._connections.clear()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

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

    # ------------------------------------------------------------------ HTTP/1.1

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            # headers and body in one write, but SSE events are separate writes: without
            # TCP_NODELAY, Nagle + delayed ACK stall them by ~40 ms
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._connections.add(writer)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return  # the client closed its keep-alive connection
                except asyncio.LimitOverrunError:
                    writer.write(_status_line(431, close=True))
                    return
                parsed = _parse_head(head)
                if parsed is None:
                    writer.write(_status_line(400, close=True))
                    return
                method, target, version, headers, lower = parsed
                if lower.get("expect", "").lower() == "100-continue":
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                body = await _read_body(reader, lower)
                if body is None:
                    writer.write(_status_line(400, close=True))
                    return
                keep_alive = _keeps_alive(version, lower)
                response = self._respond(method, target, headers, body)
                if response.delay:
                    await asyncio.sleep(response.delay)
                if response.events is not None:
                    await _write_events(writer, response)
                    return
                writer.write(_encode(response, keep_alive=keep_alive))
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            return  # stop() closes idle keep-alive connections; not an error to log
        finally:
            self._connections.discard(writer)
            writer.close()

    def _respond(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> _Response:
        path = target.split("?", 1)[0].rstrip("/")
        if method == "GET":
            if path in ("/v1/models", "/models"):
                return _json_response(
                    200, {"object": "list", "data": [{"id": "mock", "object": "model"}]}
                )
            if path in ("", "/health"):
                return _json_response(200, {"ok": True})
            return _json_response(404, error_body(f"no route GET {target}", 404))
        if method != "POST":
            return _json_response(501, error_body(f"method {method} not supported", 501))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return _json_response(400, error_body("request body is not JSON", 400))
        if path in ("/v1/embeddings", "/embeddings") and isinstance(body, dict):
            self.record(RecordedRequest("POST", path, headers, body))
            return _json_response(200, embeddings_body(body))
        api = _ROUTES.get(path)
        if api is None:
            self.record(RecordedRequest("POST", path, headers, body))
            return _json_response(404, error_body(f"no route POST {target}", 404))
        model_request = None
        if isinstance(body, dict):
            if api == "chat":
                model_request = parse_chat_request(body)
            elif api == "messages":
                model_request = parse_messages_request(body)
            else:
                model_request = parse_responses_request(self.resolve_references(body))
        number = self.record(RecordedRequest("POST", path, headers, body, model_request))
        try:
            reply = self.script.next(model_request or ModelRequest(messages=[]))
        except ScriptError as exc:
            return _json_response(500, _error(api, f"mock_llm_server: {exc}", 500))
        except Exception as exc:  # a script function failed
            return _json_response(
                500, _error(api, f"mock_llm_server: script function raised {exc!r}", 500)
            )
        if api == "responses":
            self.remember_items(reply, number)
        response = self._reply_response(api, body, reply, number)
        response.delay = reply.delay
        return response

    def _reply_response(self, api: str, body: Any, reply: ScriptReply, number: int) -> _Response:
        status = reply.status or (400 if reply.error is not None else 200)
        if reply.raw is not None:
            return _Response(status, reply.raw.encode())
        if reply.error is not None or status >= 400:
            if reply.body is not None:
                return _json_response(status, reply.body)
            return _json_response(status, _error(api, str(reply.error or f"HTTP {status}"), status))
        model = str(body.get("model", "mock"))
        stream = bool(body.get("stream"))
        if api == "messages" and stream:
            return _Response(
                200, events=[(e["type"], e) for e in message_events(reply, body, number)]
            )
        if api == "messages":
            return _json_response(200, message_body(reply, body, number))
        if api == "chat" and stream:
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            events: list[tuple[str | None, dict[str, Any]]] = [
                (None, c) for c in stream_chunks(reply, model, number, include_usage)
            ]
            return _Response(200, events=events, done_marker=True)
        if api == "chat":
            return _json_response(200, completion_body(reply, model, number))
        if stream:
            return _Response(
                200, events=[(e["type"], e) for e in response_events(reply, model, number)]
            )
        return _json_response(200, response_body(reply, model, number))


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


Head = tuple[str, str, str, dict[str, str], dict[str, str]]


def _parse_head(head: bytes) -> Head | None:
    """(method, target, version, headers as sent, headers by lower-case name)."""
    lines = head[:-4].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    headers: dict[str, str] = {}
    lower: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            return None
        value = value.strip()
        headers[name] = value
        lower[name.lower()] = value
    return parts[0], parts[1], parts[2], headers, lower


async def _read_body(reader: asyncio.StreamReader, lower: dict[str, str]) -> bytes | None:
    """The request body (Content-Length or chunked); None when the framing is invalid."""
    if "chunked" in lower.get("transfer-encoding", "").lower():
        chunks: list[bytes] = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                return None
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                    pass
                return b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    length = lower.get("content-length")
    if not length:
        return b""
    try:
        size = int(length)
    except ValueError:
        return None
    return await reader.readexactly(size) if size > 0 else b""


def _keeps_alive(version: str, lower: dict[str, str]) -> bool:
    connection = lower.get("connection", "").lower()
    if version == "HTTP/1.0":
        return "keep-alive" in connection
    return "close" not in connection


def _status_line(status: int, *, close: bool = False) -> bytes:
    """A body-less response (for requests the server cannot read)."""
    close_header = "Connection: close\r\n" if close else ""
    return (
        f"HTTP/1.1 {status} {_PHRASES.get(status, '')}\r\n{close_header}Content-Length: 0\r\n\r\n"
    ).encode()


def _encode(response: _Response, *, keep_alive: bool) -> bytes:
    """Status line, headers and body as one buffer (one write, one TCP segment if small)."""
    close_header = "" if keep_alive else "Connection: close\r\n"
    head = (
        f"HTTP/1.1 {response.status} {_PHRASES.get(response.status, '')}\r\n"
        f"Content-Type: {response.content_type}\r\n"
        f"Content-Length: {len(response.body)}\r\n{close_header}\r\n"
    )
    return head.encode() + response.body


async def _write_events(writer: asyncio.StreamWriter, response: _Response) -> None:
    """An SSE stream: one write per event (clients see them arrive one by one), then close."""
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        b"Cache-Control: no-cache\r\nConnection: close\r\n\r\n"
    )
    for name, payload in response.events or []:
        head = f"event: {name}\n" if name else ""
        writer.write(f"{head}data: {json.dumps(payload)}\n\n".encode())
        await writer.drain()
    if response.done_marker:
        writer.write(b"data: [DONE]\n\n")
    await writer.drain()


def embeddings_body(body: dict[str, Any]) -> dict[str, Any]:
    """`POST /v1/embeddings`: deterministic vectors (`HashEmbedder`, `dimensions` or 1536), so
    semantic recall works offline and two apps asking the same server get the same vectors.
    Embeddings do not consume the script."""
    from lumosai.llm.embedding import HashEmbedder

    texts = body.get("input")
    items = [texts] if isinstance(texts, str) else list(texts or [])
    embedder = HashEmbedder(int(body.get("dimensions") or 1536))
    data = [
        {"object": "embedding", "index": i, "embedding": embedder.embed_one(str(text))}
        for i, text in enumerate(items)
    ]
    tokens = sum(len(str(text).split()) for text in items)
    return {
        "object": "list",
        "data": data,
        "model": body.get("model", "mock-embedding"),
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


_PHRASES = {status.value: status.phrase for status in HTTPStatus}

_ROUTES = {
    "/v1/chat/completions": "chat",
    "/chat/completions": "chat",
    "/v1/responses": "responses",
    "/responses": "responses",
    "/v1/messages": "messages",
    "/messages": "messages",
}


def _error(api: str, message: str, status: int) -> dict[str, Any]:
    """An error body in the wire format of ``api``."""
    if api == "messages":
        return anthropic_error_body(message, status)
    return error_body(message, status)


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
