"""A compat agent whose tool, sub-agent and workflow are still TypeScript (real Node, real
``@mastra/core`` 1.71 from the node-bridge tests' Mastra app; the TypeScript agent's model is the
mock LLM server)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from lumosai.compat.mastra import Agent, RequestContext
from lumosai.testing import ScriptedModel, mock_llm_server

pytestmark = pytest.mark.node

PROJECT = Path(__file__).parent.parent / "node" / "project"


@pytest.fixture(scope="module")
def bridge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from lumosai.compat.node import NodeBridge, link_app_dependencies

    root = tmp_path_factory.mktemp("compat-ts-app")
    shutil.copytree(PROJECT, root, dirs_exist_ok=True)
    link_app_dependencies(root)
    with NodeBridge(root, stderr="log", timeout=60) as shared:
        yield shared


async def test_compat_agent_with_typescript_tool_sub_agent_and_workflow(bridge) -> None:
    from lumosai.compat.node import ts_agent, ts_tool, ts_workflow

    add = ts_tool("src/mastra/tools/add-tool.ts", "addTool", bridge=bridge)
    calc = ts_agent("src/mastra/agents/calc-agent.ts", "calcAgent", bridge=bridge)
    approval = ts_workflow(
        "src/mastra/workflows/approval-workflow.ts", "approvalWorkflow", bridge=bridge
    )
    script = [
        {
            "tool_calls": [
                {"name": "add", "args": {"a": 1, "b": 2}},
                {"name": "agent-calc", "args": {"prompt": "2+3?"}},
                {"name": "workflow-approval", "args": {"inputData": {"value": 3}}},
            ]
        },
        {"text": "all done"},
    ]
    boss = Agent(
        {
            "id": "boss",
            "name": "Boss",
            "instructions": "Delegate.",
            "model": ScriptedModel(script),
            "tools": {"add": add},
            "agents": {"calc": calc},
            "workflows": {"approval": approval},
        }
    )
    ts_script = [
        {"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}},
        {"text": "The sum is 5."},
    ]
    with mock_llm_server(ts_script) as server:
        rc = RequestContext({"llmUrl": server.base_url})
        res = await boss.generate("go", {"requestContext": rc})
    by_tool = {r.payload.toolName: r.payload for r in res.toolResults}
    assert by_tool["add"].result == {"sum": 3}
    assert by_tool["agent-calc"].result["text"] == "The sum is 5."
    assert by_tool["agent-calc"].result["subAgentToolResults"][0]["result"] == {"sum": 5}
    assert by_tool["workflow-approval"].result["result"] == {
        "message": "doubled value is 6 (approved by auto)"
    }
    assert res.text == "all done"
