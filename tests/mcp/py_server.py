"""A real MCP server process for the tests, built with ``lumosai.mcp.MCPServer``.

``python py_server.py stdio`` serves on stdin/stdout; ``python py_server.py http`` prints
``URL <url>`` and serves Streamable HTTP until killed. Bad-behaviour modes for the client
tests: ``exit-after-handshake`` (answers the handshake, then exits on the first tool call),
``garbage`` (answers every request with a line that is not JSON-RPC), ``hang`` (reads and
never answers)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

from pydantic import BaseModel

from lumosai import Agent, tool
from lumosai.mcp import MCPPrompt, MCPResource, MCPServer
from lumosai.testing import ScriptedModel
from lumosai.tool import ToolExecutionContext
from lumosai.workflow import WorkflowBuilder, create_step


class Sum(BaseModel):
    total: float


@tool(name="add", description="Add two numbers")
def add(a: float, b: float) -> float:
    return a + b


@tool(name="sum", description="Add two numbers, structured", output_schema=Sum)
def structured_sum(a: float, b: float) -> dict[str, Any]:
    return {"total": a + b}


@tool(name="fail", description="Always fails")
def fail(reason: str) -> str:
    raise RuntimeError(f"fail tool: {reason}")


@tool(name="die", description="Ends the server process")
def die() -> str:
    os._exit(3)


@tool(name="book", description="Books a table, asking the client for the details")
async def book(restaurant: str, *, context: ToolExecutionContext) -> dict[str, Any]:
    if context.mcp is None:
        raise RuntimeError("book runs only inside an MCP server")
    await context.mcp.extra.send_notification(
        {
            "method": "notifications/message",
            "params": {"level": "info", "data": f"booking {restaurant}"},
        }
    )
    answer = await context.mcp.elicitation.send_request(
        {
            "message": f"How many people at {restaurant}?",
            "requestedSchema": {
                "type": "object",
                "properties": {"people": {"type": "integer", "title": "People"}},
                "required": ["people"],
            },
        }
    )
    await context.mcp.log("info", f"booked {restaurant}", {"people": answer.get("content")})
    await context.mcp.progress({"progress": 1, "total": 1})
    return {"restaurant": restaurant, "answer": answer}


class WfIn(BaseModel):
    n: int


def build_server() -> MCPServer:
    helper = Agent(
        name="helper",
        description="Answers questions",
        instructions="Be brief.",
        model=ScriptedModel([{"text": "forty-two"}] * 20),
    )
    double = create_step(id="double", execute=lambda ctx: {"n": ctx.input_data["n"] * 2})
    workflow = (
        WorkflowBuilder(id="doubler", input_schema=WfIn, description="Doubles n")
        .then(double)
        .commit()
    )
    workflow.description = "Doubles n"
    return MCPServer(
        name="pytest-server",
        version="0.0.1",
        tools=[add, structured_sum, fail, die, book],
        agents={"helper": helper},
        workflows={"doubler": workflow},
        resources=[
            MCPResource(uri="memo://greeting", name="greeting", text="hello from python"),
            MCPResource(uri="memo://computed", name="computed", read=lambda: "computed text"),
        ],
        prompts=[
            MCPPrompt(
                name="greet",
                description="Greets someone",
                arguments=[{"name": "who", "required": True}],
                template="Say hello to {who}.",
            )
        ],
    )


def misbehave(mode: str) -> None:
    """Speak broken JSON-RPC on stdio (no SDK involved)."""
    for line in sys.stdin:
        message = json.loads(line)
        if "id" not in message:
            continue
        if mode == "hang":
            continue
        if mode == "garbage":
            sys.stdout.write("this is not json-rpc {\n")
            sys.stdout.flush()
            continue


async def main(mode: str) -> None:
    server = build_server()
    if mode == "stdio":
        await server.start_stdio()
    elif mode == "http":
        url = await server.start_http(port=0)
        print(f"URL {url}", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    chosen = sys.argv[1] if len(sys.argv) > 1 else "stdio"
    if chosen in ("hang", "garbage"):
        misbehave(chosen)
    else:
        asyncio.run(main(chosen))
