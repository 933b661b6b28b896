"""Interop with Mastra's own MCP implementation (@mastra/mcp 2.0.0 on Node): our client
against a Mastra ``MCPServer`` (stdio and Streamable HTTP), and Mastra's ``MCPClient``
against our Python ``MCPServer``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from mcp_helpers import PY_SERVER, served_url, tsx_args

from lumosai import Agent
from lumosai.mcp import MCPClient, MCPToolError
from lumosai.testing import ScriptedModel

pytestmark = pytest.mark.node


def node() -> str:
    from lumosai.compat.node import find_node

    return find_node()


@pytest.fixture
def mastra_http_url(mastra_dir: Path) -> Iterator[str]:
    with served_url(
        [node(), *tsx_args(mastra_dir, "mastra_server.ts", "http")], "Mastra server", mastra_dir
    ) as url:
        yield url


async def check_mastra_tools(client: MCPClient, server: str) -> None:
    tools = await client.get_tools()
    assert sorted(tools) == [
        f"{server}_book",
        f"{server}_broken",
        f"{server}_getWeather",
        f"{server}_shout",
    ]
    weather = tools[f"{server}_getWeather"]
    assert weather.description == "Weather for a city"
    assert weather.parameters["required"] == ["city"]
    assert weather.output_schema is not None
    assert await weather.execute({"city": "Paris"}) == {"city": "Paris", "tempC": 10}
    shout = await tools[f"{server}_shout"].execute({"text": "hi"})
    assert shout == {"content": [{"type": "text", "text": "HI"}], "isError": False}
    with pytest.raises(MCPToolError, match="broken on purpose"):
        await tools[f"{server}_broken"].execute({})


async def test_client_against_mastra_server_over_stdio(mastra_dir: Path) -> None:
    servers = {
        "mastra": {
            "command": node(),
            "args": tsx_args(mastra_dir, "mastra_server.ts"),
            "cwd": str(mastra_dir),
        }
    }
    async with MCPClient(servers=servers, timeout=60) as client:
        await check_mastra_tools(client, "mastra")
        tools = await client.get_tools()
        model = ScriptedModel(
            [
                {"tool_call": {"name": "mastra_getWeather", "args": {"city": "Oslo"}}},
                {"tool_call": {"name": "mastra_broken", "args": {}}},
                {"text": "It is 8 degrees."},
            ]
        )
        agent = Agent(name="weather", instructions="x", model=model, tools=tools)
        result = await agent.generate("Weather in Oslo?")
        assert result.text == "It is 8 degrees."
        assert result.tool_results[0].result == {"city": "Oslo", "tempC": 8}
        assert result.tool_results[1].is_error


async def test_client_against_mastra_server_over_http(mastra_http_url: str) -> None:
    async with MCPClient(servers={"web": {"url": mastra_http_url}}, timeout=60) as client:
        await check_mastra_tools(client, "web")


async def test_our_elicitation_handler_answers_a_mastra_tool(mastra_http_url: str) -> None:
    """A Mastra 2.0 tool suspends for input (`input_required` with its resumeSchema as the
    form); our handler answers, the tool runs again with the answer; declining ends it."""
    asked: list[dict[str, object]] = []

    def people(request: dict[str, object]) -> dict[str, object]:
        asked.append(request)
        return {"action": "accept", "content": {"people": 3}}

    servers = {"web": {"url": mastra_http_url}}
    async with MCPClient(servers=servers, timeout=60, elicitation={"web": people}) as client:
        booked = await client.call_tool("web", "book", {"restaurant": "Chez Node"})
        assert booked["content"] == [{"type": "text", "text": "Chez Node for 3"}]
        assert asked[0]["message"] == "How many people at Chez Node?"
        schema = asked[0]["requestedSchema"]
        assert isinstance(schema, dict) and schema["required"] == ["people"]
        client.elicitation.on_request("web", lambda _: {"action": "decline"})
        with pytest.raises(MCPToolError, match="declined"):
            await client.call_tool("web", "book", {"restaurant": "Chez Node"})


def test_mastra_client_against_our_server(mastra_dir: Path) -> None:
    done = subprocess.run(
        [node(), *tsx_args(mastra_dir, "mastra_client.ts", sys.executable, str(PY_SERVER))],
        cwd=mastra_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result = json.loads(lines[-1][len("RESULT ") :])
    assert result["names"] == [
        "py_add",
        "py_ask_helper",
        "py_book",
        "py_die",
        "py_fail",
        "py_run_doubler",
        "py_sum",
    ]
    assert result["add"]["content"] == [{"type": "text", "text": "7.0"}]
    assert json.loads(result["ask"]["content"][0]["text"])["text"] == "forty-two"
    assert result["sum"] == {"total": 2}
    # our tool's context.mcp.elicitation reached Mastra's inputRequests handler
    booked = json.loads(result["book"]["content"][0]["text"])
    assert booked == {
        "restaurant": "Py",
        "answer": {"action": "accept", "content": {"people": len("How many people at Py?")}},
    }
