"""OpenAIChatClient and its HTTP/1.1 pool against real servers on 127.0.0.1.

``mock_llm_server`` for the OpenAI behaviour (tool calls, streaming, errors, retries); a raw
asyncio server where the HTTP framing itself is the point (keep-alive reuse, chunked and gzip
bodies, connections the server drops, TLS).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from lumosai import Agent, openai, openai_compatible, tool
from lumosai.llm import http11
from lumosai.llm.messages import Message
from lumosai.llm.model import ModelError, ModelRequest
from lumosai.llm.openai_client import OpenAIChatClient, httpx_patched, lean_client_supports
from lumosai.llm.providers import build_model
from lumosai.llm.pydantic_ai_model import PydanticAIModel
from lumosai.testing import mock_llm_server

HI = ModelRequest(messages=[Message(role="user", content="hi")])


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def client(url: str, **kwargs: Any) -> OpenAIChatClient:
    model = openai("gpt-4o-mini", base_url=url, api_key="k", **kwargs)
    assert isinstance(model, OpenAIChatClient)
    return model


# ------------------------------------------------------------------ against mock_llm_server
async def test_tool_call_round_trip_and_usage() -> None:
    script = [{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}]
    with mock_llm_server(script) as server:
        agent = Agent(name="c", instructions="You add.", tools=[add], model=client(server.base_url))
        result = await agent.generate("2+3?")
    assert result.text == "5"
    assert result.tool_results[0].result == 5
    assert result.usage.total_tokens > 0
    second = server.requests[1].body
    assert second["messages"][2]["tool_calls"][0]["function"] == {
        "name": "add",
        "arguments": '{"a":2,"b":3}',
    }
    assert second["messages"][3] == {
        "role": "tool",
        "tool_call_id": result.tool_calls[0].id,
        "content": "5",
    }
    assert server.requests[0].headers["Authorization"] == "Bearer k"


async def test_streaming_text_and_tool_call_deltas() -> None:
    script = [
        {"tool_call": {"name": "add", "args": {"a": 20, "b": 22}}},
        {"text": "The answer is 42", "usage": {"prompt_tokens": 5, "completion_tokens": 4}},
    ]
    with mock_llm_server(script) as server:
        model = client(server.base_url)
        first = [c async for c in model.stream(HI)]
        assert len(first) == 1
        assert first[0].tool_calls[0].args == {"a": 20, "b": 22}  # type: ignore[union-attr]
        assert first[0].finish_reason == "tool-calls"  # type: ignore[union-attr]
        second = [c async for c in model.stream(HI)]
    *deltas, final = second
    assert deltas == ["The ", "answer ", "is ", "42"]
    assert final.text == "The answer is 42"  # type: ignore[union-attr]
    assert final.usage.total_tokens == 9  # type: ignore[union-attr]
    assert all(r.body["stream_options"] == {"include_usage": True} for r in server.requests)


async def test_keep_alive_reuses_one_connection() -> None:
    with mock_llm_server([{"text": "a"}], loop=True) as server:
        model = client(server.base_url)
        for _ in range(5):
            assert (await model.request(HI)).text == "a"
        pool = await model._pool()
        assert pool.idle_count(model._origin) == 1
        await asyncio.gather(*(model.request(HI) for _ in range(8)))
        assert 1 <= pool.idle_count(model._origin) <= 8


async def test_http_errors_and_retries() -> None:
    with mock_llm_server([{"status": 500, "error": "flaky"}, {"text": "fine"}]) as server:
        assert (await client(server.base_url, max_retries=1).request(HI)).text == "fine"
    assert len(server.requests) == 2
    with (
        mock_llm_server([{"status": 429, "error": "slow down"}]) as server,
        pytest.raises(ModelError) as info,
    ):
        await client(server.base_url, max_retries=0).request(HI)
    assert info.value.status == 429
    assert str(info.value) == "openai/gpt-4o-mini: HTTP 429: slow down"
    with (
        mock_llm_server([{"error": "bad request"}, {"text": "never"}]) as server,
        pytest.raises(ModelError, match="HTTP 400: bad request"),
    ):
        await client(server.base_url, max_retries=2).request(HI)
    assert len(server.requests) == 1  # 400 is not retried


async def test_timeout_is_a_model_error() -> None:
    with mock_llm_server([{"delay": 1.0, "text": "late"}], loop=True) as server:
        with pytest.raises(ModelError, match=r"ModelTimeoutError: Request timed out\."):
            await client(server.base_url, max_retries=0, timeout=0.2).request(HI)
        with pytest.raises(ModelError, match=r"Request timed out\."):
            _ = [c async for c in client(server.base_url, max_retries=0, timeout=0.2).stream(HI)]


async def test_connection_refused_is_a_model_error() -> None:
    with pytest.raises(ModelError, match=r"ModelConnectionError: Connection error\."):
        await client("http://127.0.0.1:9/v1", max_retries=0).request(HI)


def test_generate_sync_twice_gets_a_pool_per_event_loop() -> None:
    with mock_llm_server([{"text": "a"}], loop=True) as server:
        agent = Agent(name="s", instructions="i", model=client(server.base_url))
        assert agent.generate_sync("x").text == "a"
        assert agent.generate_sync("y").text == "a"


# ------------------------------------------------------------------ which path a model takes
def test_which_models_use_the_lean_client(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert lean_client_supports("gpt-4o-mini", None)
    assert lean_client_supports("deepseek-chat", "https://api.deepseek.com/v1")
    for reasoning in ("o3-mini", "o1", "gpt-5-mini", "gpt-oss-20b", "gpt-4o-search-preview"):
        assert not lean_client_supports(reasoning, None)
    assert isinstance(
        openai_compatible("local", base_url="http://127.0.0.1:1/v1"), OpenAIChatClient
    )
    assert isinstance(build_model("openai", "o3-mini", api_key="k"), PydanticAIModel)
    assert isinstance(openai("gpt-4o", api_key="k", api="responses"), PydanticAIModel)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert isinstance(openai("gpt-4o", api_key="k"), PydanticAIModel)
    monkeypatch.setenv("NO_PROXY", "api.openai.com")
    assert isinstance(openai("gpt-4o", api_key="k"), OpenAIChatClient)
    monkeypatch.delenv("HTTPS_PROXY")
    monkeypatch.setenv("LUMOS_OPENAI_CLIENT", "pydantic-ai")
    assert isinstance(openai("gpt-4o", api_key="k"), PydanticAIModel)


async def test_patched_httpx_transport_sees_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """``lumos-migrate verify`` (and pytest-httpx) route model calls by patching httpx: while
    it is patched, requests go through the pydantic-ai path so the patch sees them."""
    import httpx2

    seen: list[str] = []
    real = httpx2.AsyncHTTPTransport.handle_async_request

    async def spy(self: Any, request: Any) -> Any:
        seen.append(str(request.url))
        return await real(self, request)

    with mock_llm_server([{"text": "a"}], loop=True) as server:
        model = client(server.base_url)
        assert (await model.request(HI)).text == "a"
        assert seen == [] and not httpx_patched()
        monkeypatch.setattr(httpx2.AsyncHTTPTransport, "handle_async_request", spy)
        assert httpx_patched()
        assert (await model.request(HI)).text == "a"
        chunks = [c async for c in model.stream(HI)]
        assert chunks[0] == "a"
    assert len(seen) == 2 and seen[0].endswith("/v1/chat/completions")


async def test_route_moves_calls_even_while_httpx_is_patched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``lumos-migrate verify`` installs a route: the lean client sends the call where the route
    says, with its headers, and keeps doing so while verify's httpx patch is in place."""
    import httpx2

    from lumosai.llm import openai_client

    async def untouched(self: Any, request: Any) -> Any:
        raise AssertionError("the lean client must not fall back to httpx under a route")

    with mock_llm_server([{"text": "a"}], loop=True) as server:
        model = client("http://provider.invalid/v1")
        seen: list[str] = []

        def route(url: str) -> tuple[str, list[tuple[str, str]]] | None:
            seen.append(url)
            return f"{server.base_url}/chat/completions", [("x-lumos-verify", "lumos|t")]

        monkeypatch.setattr(openai_client, "_route", None)
        openai_client.set_route(route)
        monkeypatch.setattr(httpx2.AsyncHTTPTransport, "handle_async_request", untouched)
        assert (await model.request(HI)).text == "a"
        chunks = [c async for c in model.stream(HI)]
        assert chunks[0] == "a"
        openai_client.set_route(None)
        host = server.base_url.split("/")[2]
    assert seen == ["http://provider.invalid/v1/chat/completions"] * 2
    assert server.requests[0].headers["x-lumos-verify"] == "lumos|t"
    assert server.requests[0].headers["Host"] == host


# ------------------------------------------------------------------ HTTP framing, raw server
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, int], Awaitable[None]]


@asynccontextmanager
async def raw_server(
    handler: Handler, ssl_context: ssl.SSLContext | None = None
) -> AsyncIterator[dict[str, Any]]:
    """An HTTP server written by hand; ``state["connections"]`` counts accepted connections."""
    state: dict[str, Any] = {"connections": 0}

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state["connections"] += 1
        number = state["connections"]
        try:
            await handler(reader, writer, number)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=ssl_context)
    state["port"] = server.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        server.close()


async def read_request(reader: asyncio.StreamReader) -> dict[str, Any]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return dict(json.loads(await reader.readexactly(length)))


def completion(text: str) -> bytes:
    return json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}],
        }
    ).encode()


def reply(body: bytes, *extra: str) -> bytes:
    headers = "".join(f"{h}\r\n" for h in extra)
    if not any(h.lower().startswith("transfer-encoding") for h in extra):
        headers += f"Content-Length: {len(body)}\r\n"
    return f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{headers}\r\n".encode() + body


async def test_server_closing_an_idle_connection_is_retried_on_a_new_one() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        await read_request(reader)
        writer.write(reply(completion(f"conn {n}")))
        await writer.drain()
        # then close without announcing it: the client's next request finds it dead

    async with raw_server(handler) as state:
        model = client(f"http://127.0.0.1:{state['port']}/v1", max_retries=0)
        assert (await model.request(HI)).text == "conn 1"
        await asyncio.sleep(0.05)
        assert (await model.request(HI)).text == "conn 2"
        assert state["connections"] == 2


async def test_dropped_connection_before_the_reply_is_retried_by_policy() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        while True:
            await read_request(reader)
            if n == 1:
                return  # drop it mid-request
            writer.write(reply(completion("after retry")))
            await writer.drain()

    async with raw_server(handler) as state:
        url = f"http://127.0.0.1:{state['port']}/v1"
        with pytest.raises(ModelError, match="Connection error"):
            await client(url, max_retries=0).request(HI)
        assert (await client(url, max_retries=1).request(HI)).text == "after retry"


async def test_chunked_gzip_and_close_delimited_bodies() -> None:
    body = completion("zipped and chunked")
    zipped = gzip.compress(body)

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        pieces = [zipped[:10], zipped[10:]]
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
        writer.write(reply(chunked, "Transfer-Encoding: chunked", "Content-Encoding: gzip"))
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
        writer.write(completion("until close"))
        await writer.drain()

    async with raw_server(handler) as state:
        model = client(f"http://127.0.0.1:{state['port']}/v1", max_retries=0)
        assert (await model.request(HI)).text == "zipped and chunked"
        assert (await model.request(HI)).text == "until close"
        assert state["connections"] == 1


async def test_sse_over_a_chunked_body() -> None:
    events = [
        {"choices": [{"index": 0, "delta": {"content": "Hel"}}]},
        {"choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}]},
        {"choices": [], "usage": {"prompt_tokens": 2, "completion_tokens": 3}},
    ]
    text = "".join(f"data: {json.dumps(e)}\r\n\r\n" for e in events) + "data: [DONE]\n\n"
    data = text.encode()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        while True:
            await read_request(reader)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            for start in range(0, len(data), 7):  # lines split across chunks
                piece = data[start : start + 7]
                writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                await writer.drain()
            writer.write(b"0\r\n\r\n")

    async with raw_server(handler) as state:
        model = client(f"http://127.0.0.1:{state['port']}/v1", max_retries=0)
        for _ in range(2):
            *deltas, final = [c async for c in model.stream(HI)]
            assert deltas == ["Hel", "lo"]
            assert final.text == "Hello" and final.usage.total_tokens == 5  # type: ignore[union-attr]
        assert state["connections"] == 1


async def test_https_with_a_verified_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        await read_request(reader)
        writer.write(reply(completion("over tls")))
        await writer.drain()

    async with raw_server(handler, server_context) as state:
        url = f"https://127.0.0.1:{state['port']}/v1"
        monkeypatch.setattr(http11, "_SSL", None)
        with pytest.raises(ModelError, match="Connection error"):  # unknown CA: refused
            await client(url, max_retries=0).request(HI)
        monkeypatch.setattr(http11, "_SSL", None)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        assert (await client(url, max_retries=0).request(HI)).text == "over tls"
    monkeypatch.setattr(http11, "_SSL", None)
