"""TypeScript tools, agents and workflows of a real Mastra 1.71 app, driven from Python."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.compat.node import (
    NodeBridge,
    NodeBridgeError,
    TypeScriptError,
    TypeScriptTool,
    ts_agent,
    ts_function,
    ts_tool,
    ts_workflow,
)
from lumosai.testing import mock_llm_server
from lumosai.tool import Tool, ToolExecutionContext, ToolValidationError

pytestmark = pytest.mark.node

ADD_SCRIPT = [
    {"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}},
    {"text": "The sum is 5."},
]


def add_tool(bridge: NodeBridge) -> TypeScriptTool:
    return ts_tool("src/mastra/tools/add-tool.ts", "addTool", bridge=bridge)


async def test_ts_tool_is_a_lumos_tool_with_mastras_schema(bridge: NodeBridge) -> None:
    tool = add_tool(bridge)
    assert isinstance(tool, Tool)
    assert (tool.id, tool.description) == ("add", "Add two numbers")
    assert tool.era == "1" and tool.mastra_core_version == "1.71.0"
    assert tool.parameters["properties"]["a"] == {
        "type": "number",
        "description": "The first number",
    }
    assert tool.parameters["required"] == ["a", "b"]
    assert tool.output_schema is not None
    assert tool.output_schema["properties"] == {"sum": {"type": "number"}}
    assert await tool.execute({"a": 2, "b": 3}) == {"sum": 5}
    assert tool.call_sync({"a": 1, "b": 1}) == {"sum": 2}


async def test_ts_tool_schema_is_what_mastra_sends_the_model(bridge: NodeBridge) -> None:
    tool = add_tool(bridge)
    agent = ts_agent("src/mastra/agents/calc-agent.ts", "calcAgent", bridge=bridge)
    with mock_llm_server(ADD_SCRIPT) as server:
        await agent.generate("2+3?", runtime_context={"llmUrl": server.base_url})
    sent = server.requests[0].body["tools"][0]["function"]
    assert sent["name"] == "add"
    assert sent["parameters"] == tool.parameters


async def test_ts_tool_validation_happens_before_node(bridge: NodeBridge) -> None:
    with pytest.raises(
        ToolValidationError, match="b: Invalid input: expected number, received undefined"
    ):
        await add_tool(bridge).execute({"a": 1})


async def test_mastra_validation_result_passes_through(bridge: NodeBridge) -> None:
    """Calling past Python's check gets Mastra's own `{error: true, ...}` answer."""
    result = await add_tool(bridge).call({"a": "one", "b": 2}, ToolExecutionContext())
    assert result["error"] is True
    assert "Tool input validation failed for add" in result["message"]


async def test_ts_tool_sees_the_lumos_context_as_mastra_context(bridge: NodeBridge) -> None:
    tool = ts_tool("src/mastra/tools/context-tool.ts", "contextTool", bridge=bridge)
    assert tool.parameters["properties"]["greeting"] == {"default": "hi", "type": "string"}
    context = ToolExecutionContext(
        thread_id="thread-7",
        tool_call_id="call-3",
        runtime_context=RuntimeContext({"unit": "celsius", "not_json": object()}),
    )
    result = await tool.execute({}, context)
    assert result == {
        "greeting": "hi",
        "unit": "celsius",
        "threadId": "thread-7",
        "toolCallId": "call-3",
        "aborted": False,
    }


async def test_ts_tool_throwing_is_a_typescript_error(bridge: NodeBridge) -> None:
    tool = ts_tool("src/mastra/tools/failing-tool.ts", "failingTool", bridge=bridge)
    with pytest.raises(TypeScriptError) as caught:
        await tool.execute({"city": "Paris"})
    assert caught.value.name == "WeatherServiceError"
    assert caught.value.message == "weather service is down for Paris"
    assert "failing-tool.ts:" in caught.value.stack
    assert await add_tool(bridge).execute({"a": 1, "b": 2}) == {"sum": 3}


async def test_tool_from_the_mastra_instance(bridge: NodeBridge) -> None:
    tool = ts_tool("src/mastra/index.ts", "mastra", key="addTool", bridge=bridge)
    assert await tool.execute({"a": 20, "b": 22}) == {"sum": 42}


async def test_ts_agent_generate_on_the_mock_llm(bridge: NodeBridge) -> None:
    agent = ts_agent("src/mastra/agents/calc-agent.ts", "calcAgent", bridge=bridge)
    with mock_llm_server(ADD_SCRIPT) as server:
        res = await agent.generate(
            [{"role": "user", "content": "What is 2+3?"}],
            {"maxSteps": 3},
            runtime_context=RuntimeContext({"llmUrl": server.base_url}),
        )
    assert res.text == "The sum is 5."
    assert res.finishReason == "stop"
    assert res.toolCalls[0].payload.toolName == "add"
    assert res.toolCalls[0].payload.args == {"a": 2, "b": 3}
    assert res.toolResults[0].payload.result == {"sum": 5}
    assert res.usage.totalTokens > 0
    assert len(server.requests) == 2
    tool_messages = [m for m in server.requests[1].body["messages"] if m["role"] == "tool"]
    assert json.loads(tool_messages[0]["content"]) == {"sum": 5}


def test_ts_agent_generate_sync(bridge: NodeBridge) -> None:
    agent = ts_agent("src/mastra/agents/calc-agent.ts", "calcAgent", bridge=bridge)
    with mock_llm_server(ADD_SCRIPT) as server:
        res = agent.generate_sync("2+3?", runtime_context={"llmUrl": server.base_url})
    assert res.text == "The sum is 5."


async def test_ts_agent_from_the_mastra_instance(bridge: NodeBridge) -> None:
    agent = ts_agent("src/mastra/index.ts", "mastra", key="calcAgent", bridge=bridge)
    assert (await agent.describe()).id == "calc-agent"
    with mock_llm_server([{"text": "hello"}]) as server:
        res = await agent.generate("hi", runtime_context={"llmUrl": server.base_url})
    assert res.text == "hello"
    assert server.requests[0].body["messages"][0] == {
        "role": "system",
        "content": "You add numbers. Use the add tool.",
    }


async def test_ts_agent_stream(bridge: NodeBridge) -> None:
    agent = ts_agent("src/mastra/agents/calc-agent.ts", "calcAgent", bridge=bridge)
    with mock_llm_server(ADD_SCRIPT) as server:
        stream = agent.stream("What is 2+3?", runtime_context={"llmUrl": server.base_url})
        chunks = [chunk async for chunk in stream]
        assert await stream.text() == "The sum is 5."
    types = [chunk.type for chunk in chunks]
    assert types[0] == "start" and types[-1] == "finish"
    assert types.index("tool-call") < types.index("tool-result") < types.index("text-delta")
    with mock_llm_server([{"text": "streamed words"}]) as server:
        stream = agent.stream("hi", runtime_context={"llmUrl": server.base_url})
        assert "".join([t async for t in stream.text_stream]) == "streamed words"
        again = [chunk.type async for chunk in stream.full_stream]  # chunks are kept
        assert again[0] == "start" and "text-delta" in again


async def test_ts_agent_model_failure_is_a_typescript_error(bridge: NodeBridge) -> None:
    agent = ts_agent("src/mastra/agents/calc-agent.ts", "calcAgent", bridge=bridge)
    with (
        mock_llm_server([{"error": "model exploded", "status": 400}]) as server,
        pytest.raises(TypeScriptError, match="model exploded"),
    ):
        await agent.generate("hi", runtime_context={"llmUrl": server.base_url})


async def test_ts_workflow_start_suspend_resume(bridge: NodeBridge) -> None:
    wf = ts_workflow("src/mastra/workflows/approval-workflow.ts", "approvalWorkflow", bridge=bridge)
    done = await wf.start({"value": 21})
    assert done.status == "success"
    assert done.result == {"message": "doubled value is 42 (approved by auto)"}
    assert done.steps.double.output == {"doubled": 42}

    waiting = await wf.start({"value": 60})
    assert waiting.status == "suspended"
    assert waiting.suspended == [["approve"]]
    assert waiting.steps.approve.suspendPayload == {"question": "approve 120?"}
    resumed = await wf.resume(waiting.runId, {"approver": "ann"}, step="approve")
    assert resumed.status == "success"
    assert resumed.result == {"message": "doubled value is 120 (approved by ann)"}


async def test_ts_workflow_through_the_apps_mastra(bridge: NodeBridge) -> None:
    wf = ts_workflow("src/mastra/index.ts", "mastra", key="approvalWorkflow", bridge=bridge)
    waiting = await wf.start({"value": 70}, run_id="run-fixed-1")
    assert (waiting.status, waiting.runId) == ("suspended", "run-fixed-1")
    resumed = await wf.resume("run-fixed-1", {"approver": "bob"})
    assert resumed.result == {"message": "doubled value is 140 (approved by bob)"}


async def test_ts_workflow_invalid_input_fails_clearly(bridge: NodeBridge) -> None:
    wf = ts_workflow("src/mastra/workflows/approval-workflow.ts", "approvalWorkflow", bridge=bridge)
    with pytest.raises(TypeScriptError, match=r"(?s)Invalid input data.*value.*expected number"):
        await wf.start({"value": "not a number"})
    assert (await wf.start({"value": 1})).status == "success"


async def test_missing_node_modules_is_a_clear_error_and_the_next_call_works(
    bare_app: Path,
) -> None:
    app = bare_app
    with NodeBridge(app, stderr="log", timeout=60) as fresh:
        with pytest.raises(TypeScriptError) as caught:
            ts_tool("src/mastra/tools/add-tool.ts", "addTool", bridge=fresh)
        message = str(caught.value)
        assert "Cannot find package '@mastra/core'" in message
        assert "run `npm install` there" in message and str(app) in message
        # a module that needs no packages still runs in the same worker (tsx from the cache)
        assert await ts_function("src/mastra/lib/helpers.ts", "add", bridge=fresh)(1, 2) == 3


async def test_missing_tsx_says_what_to_install(
    bare_app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = bare_app
    monkeypatch.setattr(NodeBridge, "_tsx_fallback", lambda self: None)  # offline, empty cache
    (app / "plain.mjs").write_text("export const twice = (x) => x * 2;\n")
    with NodeBridge(app, stderr="log") as fresh:
        with pytest.raises(NodeBridgeError, match=r"npm install --save-dev tsx"):
            await ts_function("src/mastra/lib/helpers.ts", "add", bridge=fresh)(1, 2)
        assert await ts_function("plain.mjs", "twice", bridge=fresh)(21) == 42


async def test_ts_agent_structured_output_with_a_json_schema(bridge: NodeBridge) -> None:
    agent = ts_agent("src/mastra/agents/calc-agent.ts", "calcAgent", bridge=bridge)
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    }
    with mock_llm_server([{"object": {"city": "Paris"}}]) as server:
        res = await agent.generate(
            "Where?",
            {"structuredOutput": {"schema": schema}},
            runtime_context={"llmUrl": server.base_url},
        )
    assert res.object == {"city": "Paris"}
    assert server.requests[0].body["response_format"]["type"] == "json_schema"


async def test_the_runs_abort_signal_cancels_a_typescript_tool(bridge: NodeBridge) -> None:
    tool = ts_tool("src/mastra/tools/context-tool.ts", "waitTool", bridge=bridge)
    abort = asyncio.Event()
    call = asyncio.ensure_future(tool.execute({}, ToolExecutionContext(abort_signal=abort)))
    await asyncio.sleep(0.1)
    abort.set()
    with pytest.raises(NodeBridgeError, match="was aborted"):
        await asyncio.wait_for(call, 5)
    with pytest.raises(NodeBridgeError, match="aborted before it started"):
        await tool.execute({}, ToolExecutionContext(abort_signal=abort))
    assert await add_tool(bridge).execute({"a": 1, "b": 1}) == {"sum": 2}


async def test_model_router_agent_on_the_mock_server_via_env(mastra_app: Path) -> None:
    """Most apps say `model: 'openai/gpt-4o-mini'`; the worker's env points it at the mock."""
    with mock_llm_server([{"text": "offline answer"}]) as server:
        env = {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "test-key"}
        with NodeBridge(mastra_app, env=env, stderr="log", timeout=60) as fresh:
            agent = ts_agent("src/mastra/agents/router-agent.ts", "routerAgent", bridge=fresh)
            res = await agent.generate("hi")
    assert res.text == "offline answer"
    assert server.requests[0].path == "/v1/responses"


async def test_ts_workflow_stream_yields_step_events(bridge: NodeBridge) -> None:
    wf = ts_workflow("src/mastra/workflows/approval-workflow.ts", "approvalWorkflow", bridge=bridge)
    stream = wf.stream({"value": 5})
    events = [event async for event in stream]
    result = await stream.result()
    assert result.status == "success"
    assert result.result == {"message": "doubled value is 10 (approved by auto)"}
    types = [event.type for event in events]
    assert types[0] == "workflow-start"
    assert "workflow-step-result" in types
    assert types[-1] == "workflow-finish"
