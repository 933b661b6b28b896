"""The execute-signature rule: the installed @mastra/core decides (0.x: execute({context}))."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.compat.node import NodeBridge, ts_function, ts_tool, ts_workflow
from lumosai.tool import ToolExecutionContext

pytestmark = pytest.mark.node


async def test_mastra_0x_tool_is_called_with_the_0x_signature(mastra_app_0x: Path) -> None:
    with NodeBridge(mastra_app_0x, stderr="log", timeout=60) as bridge:
        tool = ts_tool("src/mastra/tools/weather-tool.ts", "weatherTool", bridge=bridge)
        assert (tool.era, tool.mastra_core_version) == ("0", "0.24.9")
        assert tool.id == "get-weather"
        assert tool.parameters["properties"]["location"] == {
            "type": "string",
            "description": "City name",
        }
        assert tool.parameters["required"] == ["location"]
        context = ToolExecutionContext(runtime_context=RuntimeContext({"unit": "F"}))
        assert await tool.execute({"location": "Lima"}, context) == {
            "location": "Lima",
            "tempC": 21,
            "unit": "F",
        }


async def test_mastra_0x_workflow_runs(mastra_app_0x: Path) -> None:
    with NodeBridge(mastra_app_0x, stderr="log", timeout=60) as bridge:
        wf = ts_workflow("src/mastra/workflows/double-workflow.ts", "doubleWorkflow", bridge=bridge)
        result = await wf.start({"value": 4})
        assert result.status == "success"
        assert result.result == {"doubled": 8}


async def test_mastra_1x_tool_uses_the_1x_signature(bridge: NodeBridge) -> None:
    tool = ts_tool("src/mastra/tools/add-tool.ts", "addTool", bridge=bridge)
    assert (tool.era, tool.mastra_core_version) == ("1", "1.71.0")
    assert await tool.execute({"a": 1, "b": 2}) == {"sum": 3}


async def test_era_can_be_forced(bridge: NodeBridge) -> None:
    """Forcing 0.x on a 1.x tool shows the silent failure Mastra users hit (#14933): the
    input arrives wrapped in `context`, so Mastra's own validation rejects it."""
    tool = ts_tool("src/mastra/tools/add-tool.ts", "addTool", bridge=bridge, era="0")
    assert tool.era == "0"
    result = await tool.execute({"a": 1, "b": 2})
    assert result["error"] is True


async def test_generated_python_tools_in_the_0x_style(mastra_app_0x: Path) -> None:
    with NodeBridge(mastra_app_0x, stderr="log", timeout=60) as bridge:
        call = ts_function("src/mastra/lib/call-python.ts", "callPythonTool", bridge=bridge)
        assert await call("multiply", {"a": 3, "b": 4}) == {"product": 12}
        assert await call("who-am-i", {}, "K") == {
            "unit": "K",
            "threadId": "thread-0",
            "toolCallId": None,
        }
        multiply = ts_tool("src/mastra/lumos-python-tools.ts", "multiplyTool", bridge=bridge)
        assert multiply.era == "0"
        assert await multiply.execute({"a": 2, "b": 5}) == {"product": 10}
