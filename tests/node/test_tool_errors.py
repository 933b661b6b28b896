"""What the model is sent when a bridged TypeScript tool throws: only what Mastra's own tool
wrapper keeps (the MastraError's message; no class name, no JS stack with temp paths), per era.

Expected texts were read off real Mastra runs (1.71: the agent's tool message; 0.24.9: the
TOOL_EXECUTION_FAILED object's message) with the same throws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lumosai import Agent
from lumosai.agent.tool_errors import MastraToolErrors
from lumosai.compat.node import NodeBridge, TypeScriptError, ts_tool
from lumosai.testing import ScriptedModel

pytestmark = pytest.mark.node

MODULE = "src/mastra/tools/throwing-tools.ts"

#: export -> (what Mastra 1.71 sends the model, what 0.24.9 puts in its error object)
THROWS = {
    "throwsError": ('POST /refunds failed: {"error":"no stub"}',) * 2,
    "throwsString": ("service offline", "service offline"),
    "throwsObject": ('{"code":503,"retry":false}', '{"code":503,"retry":false}'),
    "throwsObjectWithMessage": ("quota exceeded", '{"message":"quota exceeded","code":429}'),
    "throwsNumber": ("Unknown error", "42"),
}


async def _sent(bridge: NodeBridge, export: str, *, era_0x: bool) -> Any:
    tool = ts_tool(MODULE, export, bridge=bridge)
    model = ScriptedModel(
        [{"tool_call": {"name": "lookup", "args": {"city": "Paris"}}}, {"text": "sorry"}]
    )
    agent = Agent(
        name="desk",
        instructions="help",
        model=model,
        tools={"lookup": tool},
        tool_errors=MastraToolErrors(agent_name="desk") if era_0x else None,
    )
    await agent.generate("go")
    (result,) = model.requests[1].messages[-1].tool_results
    return result.result


@pytest.mark.parametrize("export", sorted(THROWS))
async def test_1x_model_sees_only_mastras_message(bridge: NodeBridge, export: str) -> None:
    assert await _sent(bridge, export, era_0x=False) == THROWS[export][0]


async def test_the_error_itself_keeps_class_name_and_stack(bridge: NodeBridge) -> None:
    """Python callers still get the whole story; only the model's text is trimmed."""
    tool = ts_tool(MODULE, "throwsError", bridge=bridge)
    with pytest.raises(TypeScriptError) as caught:
        await tool.execute({"city": "Paris"})
    assert caught.value.name == "HelpdeskError"
    assert "throwing-tools.ts" in caught.value.stack
    assert caught.value.model_message == 'POST /refunds failed: {"error":"no stub"}'
    assert str(caught.value).startswith("HelpdeskError: POST /refunds failed")


async def test_0x_error_object_carries_mastras_message(mastra_app_0x: Path) -> None:
    with NodeBridge(mastra_app_0x, stderr="log", timeout=60) as bridge:
        for export, (_, expected) in THROWS.items():
            sent = await _sent(bridge, export, era_0x=True)
            assert sent["code"] == "TOOL_EXECUTION_FAILED"
            assert sent["message"] == expected, export
            assert sent["details"]["message"] == expected
