"""MCPClient against a real MCP server process (lumosai's own MCPServer, stdio and HTTP)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from mcp_helpers import py_server

from lumosai import Agent
from lumosai.config import McpServerConfig
from lumosai.mcp import (
    MCPClient,
    MCPConfiguration,
    MCPConnectionError,
    MCPServerDefinitionError,
    MCPTimeoutError,
    MCPToolError,
    ServerDefinition,
)
from lumosai.testing import ScriptedModel

EXPECTED = ["py_add", "py_ask_helper", "py_book", "py_die", "py_fail", "py_run_doubler", "py_sum"]


async def test_stdio_tools_are_namespaced_and_callable() -> None:
    async with MCPClient(servers={"py": py_server()}, timeout=20) as client:
        tools = await client.get_tools()
        assert sorted(tools) == EXPECTED
        add = tools["py_add"]
        assert add.id == "py_add" and add.description == "Add two numbers"
        assert add.parameters["required"] == ["a", "b"]
        assert await add.execute({"a": 2, "b": 3}) == {
            "content": [{"type": "text", "text": "5.0"}],
            "isError": False,
        }
        # an output schema gives structured content, returned as is (Mastra's client)
        assert await tools["py_sum"].execute({"a": 2, "b": 3}) == {"total": 5.0}
        assert tools["py_sum"].output_schema is not None
        with pytest.raises(MCPToolError, match="fail tool: boom"):
            await tools["py_fail"].execute({"reason": "boom"})


async def test_agents_and_workflows_are_exposed_as_ask_and_run() -> None:
    async with MCPConfiguration(servers={"py": py_server()}, timeout=20) as client:
        tools = await client.list_tools()
        ask = tools["py_ask_helper"]
        assert (
            ask.description == "Ask agent 'helper' a question. Agent description: Answers questions"
        )
        assert ask.parameters["required"] == ["message"]
        answer = await ask.execute({"message": "What is the answer?"})
        assert '"text": "forty-two"' in answer["content"][0]["text"]
        run = tools["py_run_doubler"]
        assert run.parameters["properties"]["n"]["type"] == "integer"
        outcome = await run.execute({"n": 21})
        assert '"result": {"n": 42}' in outcome["content"][0]["text"]


async def test_toolsets_resources_and_prompts() -> None:
    client = MCPClient(servers={"py": py_server()}, timeout=20)
    try:
        toolsets = await client.list_toolsets()
        assert sorted(toolsets) == ["py"]
        assert sorted(toolsets["py"]) == [name[3:] for name in EXPECTED]
        assert toolsets["py"]["add"].id == "py_add"
        resources = await client.resources.list()
        assert [r["uri"] for r in resources["py"]] == ["memo://greeting", "memo://computed"]
        read = await client.resources.read("py", "memo://computed")
        assert read["contents"][0]["text"] == "computed text"
        prompts = await client.prompts.list()
        assert prompts["py"][0]["name"] == "greet"
        got = await client.prompts.get("py", "greet", {"who": "Ada"})
        assert got["messages"] == [
            {"role": "user", "content": {"type": "text", "text": "Say hello to Ada."}}
        ]
        assert await client.call_tool("py", "add", {"a": 1, "b": 1}) == {
            "content": [{"type": "text", "text": "2.0"}],
            "isError": False,
        }
    finally:
        await client.disconnect()


async def test_streamable_http_server_process(http_py_server: str) -> None:
    servers = {"remote": {"url": http_py_server, "requestInit": {"headers": {"X-Test": "1"}}}}
    async with MCPClient(servers=servers, timeout=20) as client:
        tools = await client.get_tools()
        assert sorted(tools) == [n.replace("py_", "remote_") for n in EXPECTED]
        assert await tools["remote_sum"].execute({"a": 1.5, "b": 1}) == {"total": 2.5}


async def test_agent_uses_mcp_tools_and_survives_tool_errors() -> None:
    async with MCPClient(servers={"py": py_server()}, timeout=20) as client:
        tools = await client.get_tools()
        model = ScriptedModel(
            [
                {"tool_call": {"name": "py_add", "args": {"a": 20, "b": 22}}},
                {"tool_call": {"name": "py_fail", "args": {"reason": "nope"}}},
                {"text": "done"},
            ]
        )
        agent = Agent(name="mcp-user", instructions="Use tools.", model=model, tools=tools)
        result = await agent.generate("add", max_steps=5)
        assert result.text == "done"
        first, second = result.tool_results
        assert not first.is_error and first.result["content"][0]["text"] == "42.0"
        assert second.is_error and "fail tool: nope" in str(second.result)
        # the model saw the MCP tool specs verbatim
        sent = {t["name"] if isinstance(t, dict) else t.name for t in model.requests[0].tools}
        assert "py_add" in sent


async def test_server_that_exits_is_reported_then_reconnected() -> None:
    async with MCPClient(servers={"py": py_server()}, timeout=20) as client:
        tools = await client.get_tools()
        started = time.monotonic()
        with pytest.raises(MCPConnectionError, match="connection lost"):
            await tools["py_die"].execute({})
        assert time.monotonic() - started < 15
        # the next call starts a fresh server process
        assert (await tools["py_add"].execute({"a": 1, "b": 1}))["content"][0]["text"] == "2.0"


async def test_agent_run_survives_a_dying_server() -> None:
    async with MCPClient(servers={"py": py_server()}, timeout=20) as client:
        tools = await client.get_tools()
        model = ScriptedModel([{"tool_call": {"name": "py_die", "args": {}}}, {"text": "ok"}])
        agent = Agent(name="a", instructions="x", model=model, tools=tools)
        result = await agent.generate("go")
        assert result.text == "ok"
        assert result.tool_results[0].is_error
        assert "connection lost" in str(result.tool_results[0].result)


async def test_server_that_hangs_times_out() -> None:
    client = MCPClient(servers={"slow": py_server("hang")}, timeout=1.5)
    started = time.monotonic()
    tools, errors = await client.list_tools_with_errors()
    assert tools == {}
    assert "no answer to the handshake within 1.5 s" in errors["slow"]
    assert time.monotonic() - started < 10
    with pytest.raises(MCPTimeoutError):
        await client.server_tools("slow")
    await client.disconnect()


async def test_malformed_json_rpc_is_a_clear_error() -> None:
    client = MCPClient(servers={"bad": py_server("garbage")}, timeout=10)
    started = time.monotonic()
    with pytest.raises(MCPConnectionError, match="malformed JSON-RPC"):
        await client.server_tools("bad")
    assert time.monotonic() - started < 8  # fails at once, not at the timeout
    await client.disconnect()


async def test_unreachable_servers_are_skipped_with_reasons() -> None:
    client = MCPClient(
        servers={
            "missing": {"command": "/nonexistent/mcp-server"},
            "closed": {"url": "http://127.0.0.1:9/mcp"},
            "py": py_server(),
        },
        timeout=10,
    )
    try:
        tools, errors = await client.list_tools_with_errors()
        assert sorted(errors) == ["closed", "missing"]
        assert "No such file" in errors["missing"]
        assert "cannot connect (http://127.0.0.1:9/mcp)" in errors["closed"]
        assert "py_add" in tools
    finally:
        await client.disconnect()


def test_server_definitions_from_every_shape() -> None:
    config = McpServerConfig(command="npx", args=["-y", "srv"], env={"K": "v"})
    client = MCPClient(
        servers={
            "a": {"command": "npx", "args": ["x"], "env": {"A": "1"}},
            "b": {"url": "http://h/mcp", "requestInit": {"headers": {"Authorization": "t"}}},
            "c": config,
            "d": ServerDefinition.sse("http://h/sse", {"headers": {"X": "y"}}),
        }
    )
    assert client.servers["a"] == ServerDefinition.stdio("npx", ["x"], {"A": "1"})
    assert client.servers["b"].headers == {"Authorization": "t"}
    assert client.servers["c"].env == {"K": "v"} and client.servers["c"].args == ("-y", "srv")
    assert client.servers["d"].transport == "http"
    for bad in ({}, {"command": "x", "url": "y"}, {"command": "x", "args": "no"}, 3):
        with pytest.raises(MCPServerDefinitionError, match="'s'"):
            MCPClient(servers={"s": bad})
    with pytest.raises(MCPServerDefinitionError):
        MCPClient(servers={})


def test_generate_sync_reconnects_in_each_event_loop() -> None:
    """``generate_sync`` runs a fresh loop per call; the connection follows it."""
    client = MCPClient(servers={"py": py_server()}, timeout=20)
    import asyncio

    tools = asyncio.run(client.get_tools())
    for _ in range(2):
        model = ScriptedModel(
            [{"tool_call": {"name": "py_add", "args": {"a": 1, "b": 2}}}, {"text": "3"}]
        )
        agent = Agent(name="s", instructions="x", model=model, tools=tools)
        result = agent.generate_sync("go")
        assert not result.tool_results[0].is_error
    asyncio.run(client.disconnect())
    assert sys.executable


async def test_dynamic_tools_for_agents_list_once() -> None:
    client = MCPClient(servers={"py": py_server()}, timeout=20)
    resolve = client.dynamic_tools()
    model = ScriptedModel(
        [{"tool_call": {"name": "py_add", "args": {"a": 1, "b": 2}}}, {"text": "3"}]
    )
    agent = Agent(name="dyn", instructions="x", model=model, tools=resolve)
    try:
        result = await agent.generate("1+2")
        assert result.tool_results[0].result["content"][0]["text"] == "3.0"
        assert (await resolve(None)).keys() == (await resolve(None)).keys()
    finally:
        await client.disconnect()


async def test_server_that_exits_at_start_fails_fast() -> None:
    crash = {"command": sys.executable, "args": ["-c", "import sys; sys.exit(2)"]}
    client = MCPClient(servers={"crash": crash}, timeout=20)
    started = time.monotonic()
    with pytest.raises(MCPConnectionError, match="cannot connect"):
        await client.server_tools("crash")
    assert time.monotonic() - started < 5
    await client.disconnect()


async def test_http_server_restart_is_transparent() -> None:
    import socket

    from lumosai import tool
    from lumosai.mcp import MCPServer

    @tool(name="ping", description="Ping")
    def ping() -> str:
        return "pong"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    first = MCPServer(name="h", tools=[ping])
    url = await first.start_http(port=port)
    client = MCPClient(servers={"h": {"url": url}}, timeout=10)
    tools = await client.get_tools()
    assert (await tools["h_ping"].execute({}))["content"][0]["text"] == "pong"
    await first.close()
    second = MCPServer(name="h", tools=[ping])
    await second.start_http(port=port)
    try:
        assert (await tools["h_ping"].execute({}))["content"][0]["text"] == "pong"
    finally:
        await client.disconnect()
        await second.close()


async def test_http_headers_reach_the_server() -> None:
    """requestInit.headers (Mastra) are sent with every request."""
    import socket
    import threading

    seen: list[bytes] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            seen.append(conn.recv(65536))
            conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    servers = {
        "h": {
            "url": f"http://127.0.0.1:{port}/mcp",
            "requestInit": {"headers": {"Authorization": "Bearer s3cret"}},
        }
    }
    client = MCPClient(servers=servers, timeout=2)
    with pytest.raises((MCPConnectionError, MCPTimeoutError)):
        await client.server_tools("h")
    await client.disconnect()
    thread.join(5)
    listener.close()
    assert seen and b"authorization: bearer s3cret" in seen[0].lower()
