"""The other direction: a Mastra app calls tools that were ported to Python."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lumosai.compat.node import (
    NodeBridge,
    TypeScriptError,
    ensure_npm_packages,
    find_node,
    ts_agent,
    ts_function,
    ts_tool,
)
from lumosai.compat.node.pyserve import load_tools
from lumosai.compat.node.tsgen import render_python_tools_module, ts_identifier
from lumosai.testing import mock_llm_server

pytestmark = pytest.mark.node
HERE = Path(__file__).parent


def call_python(bridge: NodeBridge):  # type: ignore[no-untyped-def]
    return ts_function("src/mastra/lib/call-python.ts", "callPythonTool", bridge=bridge)


async def test_mastra_agent_calls_a_python_tool(bridge: NodeBridge) -> None:
    agent = ts_agent("src/mastra/agents/python-tools-agent.ts", "pythonToolsAgent", bridge=bridge)
    script = [
        {"tool_call": {"name": "multiply", "args": {"a": 6, "b": 7}}},
        {"text": "6 times 7 is 42."},
    ]
    with mock_llm_server(script) as server:
        res = await agent.generate("What is 6*7?", runtime_context={"llmUrl": server.base_url})
    assert res.text == "6 times 7 is 42."
    assert res.toolResults[0].payload.toolName == "multiply"
    assert res.toolResults[0].payload.result == {"product": 42}
    sent = {tool["function"]["name"]: tool["function"] for tool in server.requests[0].body["tools"]}
    assert sent["multiply"]["parameters"]["required"] == ["a", "b"]
    assert sent["multiply"]["description"] == "Multiply two numbers"
    generated = ts_tool("src/mastra/lumos-python-tools.ts", "multiplyTool", bridge=bridge)
    assert sent["multiply"]["parameters"] == generated.parameters
    tool_messages = [m for m in server.requests[1].body["messages"] if m["role"] == "tool"]
    assert json.loads(tool_messages[0]["content"]) == {"product": 42}


async def test_python_tool_gets_the_mastra_context(bridge: NodeBridge) -> None:
    result = await call_python(bridge)("who-am-i", {}, "kelvin")
    assert result == {"unit": "kelvin", "threadId": "thread-1", "toolCallId": "call-9"}


async def test_python_exception_reaches_typescript_and_back(bridge: NodeBridge) -> None:
    with pytest.raises(TypeScriptError) as caught:
        await call_python(bridge)("explode", {"reason": "testing"})
    assert caught.value.name == "ValueError"
    assert caught.value.message == "exploded because testing"
    assert "python_tools.py" in caught.value.stack  # the Python traceback travels along
    assert await call_python(bridge)("multiply", {"a": 2, "b": 4}) == {"product": 8}


async def test_bad_arguments_get_mastras_validation_answer(bridge: NodeBridge) -> None:
    result = await call_python(bridge)("multiply", {"a": "x"})
    assert result["error"] is True
    assert "must have required property 'b'" in result["message"]


def test_generated_module_declares_each_tool() -> None:
    tools = load_tools(["python_tools:TOOLS"], search_path=str(HERE))
    source = render_python_tools_module(tools, ["python_tools:TOOLS"], cwd=HERE)
    assert "export const multiplyTool = createTool({" in source
    assert "export const whoAmITool = createTool({" in source
    assert '"who-am-i": whoAmITool' in source
    assert json.dumps(sys.executable) in source
    assert ts_identifier("get-weather") == "getWeatherTool"
    assert ts_identifier("2fa code") == "tool2faCodeTool"


def test_pyserve_speaks_json_lines() -> None:
    requests = [
        {"id": 1, "op": "list"},
        {"id": 2, "op": "call", "tool": "multiply", "args": {"a": 3, "b": 5}, "context": {}},
        {"id": 3, "op": "call", "tool": "nope", "args": {}},
        {"id": 4, "op": "call", "tool": "who-am-i", "args": {}, "context": {"threadId": "t"}},
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "lumosai.compat.node.pyserve", "python_tools:TOOLS"],
        input="".join(json.dumps(r) + "\n" for r in requests),
        capture_output=True,
        text=True,
        cwd=HERE,
        timeout=60,
        check=True,
    )
    answers = {a["id"]: a for a in map(json.loads, proc.stdout.splitlines())}
    assert [spec["name"] for spec in answers[1]["result"]] == [
        "multiply",
        "explode",
        "who-am-i",
        "repeat",
    ]
    assert answers[2] == {"id": 2, "ok": True, "result": {"product": 15}}
    assert (
        answers[3]["ok"] is False
        and "no Python tool named 'nope'" in answers[3]["error"]["message"]
    )
    assert answers[4]["result"]["threadId"] == "t"
    assert "printed by a Python tool" in proc.stderr  # print() went to stderr, not the protocol


@pytest.mark.slow
def test_generated_module_type_checks_with_tsc(mastra_app: Path) -> None:
    """The generated module (and the test app using it) passes `tsc --noEmit` in strict mode."""
    deps = {"typescript": "5.9.3", "@types/node": "24.10.1"}
    modules = ensure_npm_packages("typescript", deps) / "node_modules"
    config = mastra_app / "tsconfig.lumos-check.json"
    config.write_text(
        json.dumps(
            {
                "extends": "./tsconfig.json",
                "compilerOptions": {"typeRoots": [str(modules / "@types")], "types": ["node"]},
                "include": ["src/**/*"],
            }
        )
    )
    proc = subprocess.run(
        [find_node(), str(modules / "typescript/bin/tsc"), "-p", str(config)],
        cwd=mastra_app,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


async def test_ten_megabytes_from_python_through_typescript(bridge: NodeBridge) -> None:
    result = await call_python(bridge)("repeat", {"text": "ab", "times": 5 * 1024 * 1024})
    assert len(result["value"]) == 10 * 1024 * 1024
