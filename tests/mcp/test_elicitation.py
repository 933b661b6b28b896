"""Elicitation over a real MCP server process: a tool of our MCPServer asks the client for
input through ``context.mcp`` and the MCPClient's handler answers (stdio and HTTP); logging
notifications from the tool reach the client; a missing or failing handler is an error the
tool sees, not a hang."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from mcp_helpers import py_server

from lumosai.mcp import MCPClient, MCPToolError
from lumosai.tool import (
    MCPElicitation,
    MCPRequestExtra,
    MCPToolContext,
    ToolExecutionContext,
    tool,
)

ASKED: list[dict[str, Any]] = []


def accept(request: dict[str, Any]) -> dict[str, Any]:
    ASKED.append(request)
    return {"action": "accept", "content": {"people": 4}}


async def decline(request: dict[str, Any]) -> dict[str, Any]:
    return {"action": "decline"}


def _answer(result: Any) -> Any:
    """The tool's JSON result (no output schema: one text part)."""
    return json.loads(result["content"][0]["text"])


async def test_stdio_tool_elicits_and_the_handler_answers() -> None:
    ASKED.clear()
    async with MCPClient(
        servers={"py": py_server()}, timeout=20, elicitation={"py": accept}
    ) as client:
        result = await client.call_tool("py", "book", {"restaurant": "Chez Lumos"})
    assert _answer(result) == {
        "restaurant": "Chez Lumos",
        "answer": {"action": "accept", "content": {"people": 4}},
    }
    assert ASKED == [
        {
            "mode": "form",
            "message": "How many people at Chez Lumos?",
            "requestedSchema": {
                "type": "object",
                "properties": {"people": {"type": "integer", "title": "People"}},
                "required": ["people"],
            },
        }
    ]


async def test_http_handler_set_after_connecting(http_py_server: str) -> None:
    async with MCPClient(servers={"web": {"url": http_py_server}}, timeout=20) as client:
        tools = await client.get_tools()
        client.elicitation.onRequest("web", decline)  # Mastra's spelling
        result = await tools["web_book"].execute({"restaurant": "Nowhere"})
    assert _answer(result)["answer"] == {"action": "decline"}


async def test_without_a_handler_the_tool_fails_cleanly() -> None:
    async with MCPClient(servers={"py": py_server()}, timeout=20) as client:
        with pytest.raises(MCPToolError, match="no elicitation handler for MCP server 'py'"):
            await client.call_tool("py", "book", {"restaurant": "X"})
        # the session survives: the next call works
        added = await client.call_tool("py", "add", {"a": 1, "b": 2})
        assert added["content"][0]["text"] == "3.0"


async def test_a_failing_handler_is_reported_to_the_tool() -> None:
    def broken(_: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("user closed the dialog")

    async with MCPClient(servers={"py": py_server()}, timeout=20) as client:
        client.elicitation.on_request("py", broken)
        with pytest.raises(MCPToolError, match="user closed the dialog"):
            await client.call_tool("py", "book", {"restaurant": "X"})
        with pytest.raises(KeyError, match="not configured"):
            client.elicitation.on_request("nope", accept)


async def test_context_mcp_outside_a_server_and_the_one_argument_form() -> None:
    @tool(name="ask", description="asks")
    async def ask(*, context: ToolExecutionContext) -> Any:
        if context.mcp is None:
            return "no mcp"
        return await context.mcp.elicitation.send_request(
            message="Name?", requested_schema={"type": "object"}
        )

    assert await ask.execute({}) == "no mcp"
    sent: list[tuple[str, dict[str, Any]]] = []

    async def send(message: str, schema: dict[str, Any]) -> dict[str, Any]:
        sent.append((message, schema))
        return {"action": "cancel"}

    context = ToolExecutionContext(mcp=MCPToolContext(elicitation=MCPElicitation(send)))
    assert await ask.execute({}, context=context) == {"action": "cancel"}
    assert await context.mcp.elicitation.sendRequest({"message": "Age?"}) == {"action": "cancel"}
    assert sent == [
        ("Name?", {"type": "object"}),
        ("Age?", {"type": "object", "properties": {}}),
    ]
    with pytest.raises(ValueError, match="needs a message"):
        await context.mcp.elicitation.send_request({})


async def test_log_and_progress_build_mcp_notifications() -> None:
    sent: list[dict[str, Any]] = []

    async def notify(notification: dict[str, Any]) -> None:
        sent.append(notification)

    async def never(message: str, schema: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("not asked")

    mcp = MCPToolContext(
        elicitation=MCPElicitation(never),
        extra=MCPRequestExtra(notify=notify),
        server_name="hub",
    )
    await mcp.log("info", "rate 1.1", {"pair": "EURUSD"})
    await mcp.progress({"progress": 1})  # no progress token: nothing sent
    mcp.progress_token = "tok"
    await mcp.progress({"progress": 1, "total": 2})
    await mcp.extra.sendNotification({"method": "notifications/message", "params": {}})
    assert sent == [
        {
            "method": "notifications/message",
            "params": {
                "level": "info",
                "logger": "hub",
                "data": {"message": "rate 1.1", "pair": "EURUSD"},
            },
        },
        {
            "method": "notifications/progress",
            "params": {"progressToken": "tok", "progress": 1, "total": 2},
        },
        {"method": "notifications/message", "params": {}},
    ]


async def test_older_protocol_asks_mid_call() -> None:
    """A client on the pre-2026-07-28 handshake: the server's tool sends
    `elicitation/create` while the call is open (the SDK's back-channel), no retry rounds."""
    import mcp_types
    from mcp import Client, StdioServerParameters
    from mcp.client.stdio import stdio_client

    asked: list[str] = []

    async def answer(_: Any, params: Any) -> Any:
        asked.append(params.message)
        return mcp_types.ElicitResult(action="accept", content={"people": 2})

    server = py_server()
    params = StdioServerParameters(command=str(server["command"]), args=list(server["args"]))  # type: ignore[call-overload]
    async with Client(stdio_client(params), mode="legacy", elicitation_callback=answer) as client:
        result = await client.call_tool("book", {"restaurant": "Old"})
    assert asked == ["How many people at Old?"]
    text = result.content[0].text  # type: ignore[union-attr]
    assert json.loads(text)["answer"] == {"action": "accept", "content": {"people": 2}}
