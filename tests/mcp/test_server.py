"""MCPServer served over HTTP inside the test's event loop, and its building rules."""

from __future__ import annotations

from typing import Any

import pytest

from lumosai import Agent, tool
from lumosai.mcp import MCPClient, MCPRequestError, MCPServer, MCPToolError
from lumosai.testing import ScriptedModel


@tool(name="greet", description="Greets")
def greet(name: str) -> str:
    return f"Hello, {name}!"


async def _raise_if_error(pending: Any) -> Any:
    result = await pending
    if result.is_error:
        raise MCPToolError("in", "nope", result.content[0].text)
    return result


async def test_start_http_serves_until_close() -> None:
    server = MCPServer(name="inproc", version="2.0.0", tools={"greet": greet})
    url = await server.start_http(port=0)
    assert url.startswith("http://127.0.0.1:") and url.endswith("/mcp")
    try:
        async with MCPClient(servers={"in": {"url": url}}, timeout=10) as client:
            tools = await client.get_tools()
            assert list(tools) == ["in_greet"]
            assert (await tools["in_greet"].execute({"name": "Ada"}))["content"][0][
                "text"
            ] == "Hello, Ada!"
            # arguments the client did not validate are checked by the server
            raw = await client.connection("in").request(
                "raw call", lambda c: c.call_tool("greet", {"name": 3})
            )
            assert raw.is_error and "name" in raw.content[0].text
            with pytest.raises(MCPToolError, match="Unknown tool: nope"):
                await client.connection("in").request(
                    "raw call", lambda c: _raise_if_error(c.call_tool("nope", {}))
                )
    finally:
        await server.close()
    with pytest.raises(Exception):  # noqa: B017 - nothing listens any more
        async with MCPClient(servers={"in": {"url": url}}, timeout=3) as client:
            await client.server_tools("in")


async def test_call_tool_reports_errors_as_results() -> None:
    server = MCPServer(name="s", tools=[greet])
    unknown = await server.call_tool("nope", {})
    assert unknown.is_error and unknown.content[0].text == "Unknown tool: nope"
    invalid = await server.call_tool("greet", {"name": 3})
    assert invalid.is_error and "name" in invalid.content[0].text
    ok = await server.call_tool("greet", {"name": "Bo"})
    assert not ok.is_error and ok.content[0].text == "Hello, Bo!"


def test_agents_need_a_description_and_names_do_not_clash() -> None:
    model = ScriptedModel([{"text": "x"}])
    with pytest.raises(ValueError, match="needs a non-empty description"):
        MCPServer(name="s", agents={"a": Agent(name="a", instructions="x", model=model)})
    described = Agent(name="a", instructions="x", model=model, description="Helps")
    server = MCPServer(name="s", tools={"ask_a": greet}, agents={"a": described})
    assert server.tools["ask_a"] is greet  # the explicit tool wins, as in Mastra
    with pytest.raises(ValueError, match="needs a name"):
        MCPServer(name="")


async def test_mastra_style_resource_and_prompt_callbacks() -> None:
    docs = {"hub://a": "Alpha text", "hub://b": "Beta text"}

    async def list_resources() -> list[dict[str, str]]:
        return [{"uri": uri, "name": uri[6:], "mimeType": "text/markdown"} for uri in docs]

    def get_resource_content(options: dict[str, Any]) -> dict[str, str]:
        return {"text": docs[options["uri"]]}

    def list_prompts(options: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"name": "check", "description": "Check", "arguments": [{"name": "item"}]}]

    async def get_prompt_messages(options: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "role": "user",
                "content": {"type": "text", "text": f"Check {options['args']['item']}"},
            }
        ]

    server = MCPServer(
        name="cb",
        resources={"listResources": list_resources, "getResourceContent": get_resource_content},
        prompts={"list_prompts": list_prompts, "get_prompt_messages": get_prompt_messages},
    )
    url = await server.start_http(port=0)
    try:
        async with MCPClient(servers={"cb": {"url": url}}, timeout=10) as client:
            listed = await client.resources.list()
            assert [r["uri"] for r in listed["cb"]] == ["hub://a", "hub://b"]
            read = await client.resources.read("cb", "hub://b")
            assert read["contents"][0]["text"] == "Beta text"
            assert read["contents"][0]["mimeType"] == "text/markdown"
            prompt = await client.prompts.get("cb", "check", {"item": "lunch"})
            assert prompt["messages"][0]["content"]["text"] == "Check lunch"
            with pytest.raises(MCPRequestError, match="Resource not found: hub://zzz"):
                await client.resources.read("cb", "hub://zzz")
    finally:
        await server.close()
    with pytest.raises(ValueError, match="need list_resources and get_resource_content"):
        MCPServer(name="x", resources={"listResources": list_resources})
