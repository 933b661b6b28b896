"""The mock LLM server's HTTP/1.1 layer: keep-alive, body framings, many clients at once."""

from __future__ import annotations

import asyncio
import json
import socket

import httpx

from lumosai.testing import mock_llm_server

CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def _raw(port: int, data: bytes, *, read_until_close: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while read_until_close:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def _post(body: bytes, *, extra: str = "", version: str = "HTTP/1.1") -> bytes:
    head = (
        f"POST /v1/chat/completions {version}\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode() + body


def test_keep_alive_serves_many_requests_on_one_connection() -> None:
    with mock_llm_server([{"text": "a"}, {"text": "b"}, {"text": "c"}]) as server:
        with httpx.Client(base_url=server.url) as client:
            texts = []
            for _ in range(3):
                reply = client.post("/v1/chat/completions", json=CHAT)
                texts.append(reply.json()["choices"][0]["message"]["content"])
            assert texts == ["a", "b", "c"]
        assert len(server.requests) == 3
        headers = {k.lower(): v for k, v in server.requests[0].headers.items()}
        assert headers["content-type"] == "application/json"


def test_pipelined_requests_answer_in_order_then_close_honours_connection_close() -> None:
    body = json.dumps(CHAT).encode()
    with mock_llm_server([{"text": "one"}, {"text": "two"}]) as server:
        data = _raw(server.port, _post(body) + _post(body, extra="Connection: close\r\n"))
    assert data.count(b"HTTP/1.1 200 OK") == 2
    assert data.index(b'"one"') < data.index(b'"two"')
    assert b"Connection: close" in data


def test_chunked_body_and_expect_continue() -> None:
    body = json.dumps(CHAT).encode()
    chunked = b"".join(
        f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (body[:10], body[10:])
    )
    request = (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Expect: 100-continue\r\nConnection: close\r\n\r\n" + chunked + b"0\r\n\r\n"
    )
    with mock_llm_server([{"text": "chunked ok"}]) as server:
        data = _raw(server.port, request)
        assert server.requests[0].body == CHAT
    assert data.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK")
    assert b"chunked ok" in data


def test_http10_closes_and_bad_requests_get_status_codes() -> None:
    body = json.dumps(CHAT).encode()
    with mock_llm_server([{"text": "old"}], loop=True) as server:
        old = _raw(server.port, _post(body, version="HTTP/1.0"))
        garbage = _raw(server.port, b"NOT HTTP\r\n\r\n")
        put = _raw(server.port, b"PUT /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n")
        not_json = _raw(server.port, _post(b"{nope", extra="Connection: close\r\n"))
    assert old.startswith(b"HTTP/1.1 200 OK") and b"old" in old
    assert garbage.startswith(b"HTTP/1.1 400 ")
    assert put.startswith(b"HTTP/1.1 501 ")
    assert not_json.startswith(b"HTTP/1.1 400 ")


def test_sixty_four_concurrent_conversations_each_get_their_own_script_step() -> None:
    script = {"text": "done"}
    with mock_llm_server(
        [{"tool_call": {"name": "t", "args": {}}}, script], mode="per_conversation"
    ) as server:

        async def converse(client: httpx.AsyncClient, i: int) -> str:
            messages: list[dict[str, object]] = [{"role": "user", "content": f"q{i}"}]
            first = (
                await client.post("/v1/chat/completions", json={"model": "m", "messages": messages})
            ).json()
            call = first["choices"][0]["message"]["tool_calls"][0]
            messages += [
                {"role": "assistant", "content": None, "tool_calls": [call]},
                {"role": "tool", "tool_call_id": call["id"], "content": "1"},
            ]
            second = (
                await client.post("/v1/chat/completions", json={"model": "m", "messages": messages})
            ).json()
            return str(second["choices"][0]["message"]["content"])

        async def run() -> list[str]:
            limits = httpx.Limits(max_connections=64)
            async with httpx.AsyncClient(base_url=server.url, limits=limits) as client:
                return await asyncio.gather(*(converse(client, i) for i in range(64)))

        assert asyncio.run(run()) == ["done"] * 64
        assert len(server.requests) == 128


def test_stop_closes_idle_keep_alive_connections_and_the_port() -> None:
    server = mock_llm_server([{"text": "x"}])
    with server as running:
        port = running.port
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        assert idle.recv(10) == b""  # closed by the server on stop
    finally:
        idle.close()
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        refused = False
    except OSError:
        refused = True
    assert refused


def test_embeddings_are_deterministic_and_leave_the_script_alone() -> None:
    import httpx

    from lumosai.testing import mock_llm_server

    with mock_llm_server([{"text": "hi"}]) as server:
        body = {"model": "text-embedding-3-small", "input": ["red apple", "red apple"]}
        first = httpx.post(f"{server.base_url}/embeddings", json=body).json()
        small = httpx.post(
            f"{server.base_url}/embeddings", json={"input": "x", "dimensions": 64}
        ).json()
        chat = httpx.post(
            f"{server.base_url}/chat/completions",
            json={"model": "m", "messages": [{"role": "user", "content": "q"}]},
        ).json()
    a, b = (item["embedding"] for item in first["data"])
    assert a == b and len(a) == 1536 and abs(sum(v * v for v in a) - 1) < 1e-9
    assert len(small["data"][0]["embedding"]) == 64
    assert chat["choices"][0]["message"]["content"] == "hi"
