"""Mixed mode proper: a native lumosai Agent whose tool is still TypeScript."""

from __future__ import annotations

import pytest

from lumosai import Agent
from lumosai.compat.node import NodeBridge, ts_tool
from lumosai.testing import ScriptedModel

pytestmark = pytest.mark.node


async def test_native_agent_calls_a_typescript_tool(bridge: NodeBridge) -> None:
    add = ts_tool("src/mastra/tools/add-tool.ts", "addTool", bridge=bridge)
    model = ScriptedModel(
        [{"tool_call": {"name": "add", "args": {"a": 4, "b": 5}}}, {"text": "4 + 5 = 9"}]
    )
    agent = Agent(name="calc", instructions="You add.", model=model, tools={"add": add})
    result = await agent.generate("What is 4 + 5?")
    assert result.text == "4 + 5 = 9"
    assert result.tool_results[0].result == {"sum": 9}
    assert not result.tool_results[0].is_error
    assert model.requests[0].tools == [
        {"name": "add", "description": "Add two numbers", "parameters": add.parameters}
    ]


async def test_typescript_error_becomes_a_tool_error_result(bridge: NodeBridge) -> None:
    failing = ts_tool("src/mastra/tools/failing-tool.ts", "failingTool", bridge=bridge)
    model = ScriptedModel(
        [{"tool_call": {"name": "weather", "args": {"city": "Oslo"}}}, {"text": "Sorry."}]
    )
    agent = Agent(name="w", instructions="Weather.", model=model, tools={"weather": failing})
    result = await agent.generate("Weather in Oslo?")
    assert result.text == "Sorry."
    assert result.tool_results[0].is_error
    assert "weather service is down for Oslo" in str(result.tool_results[0].result)
