"""The converter carries MCP over: `new MCPClient({...})` becomes a working `MCPClient`,
`new MCPServer({...})` an `MCPServer` over the converted tools, agents and workflows that
serves over stdio (`python -m <module>`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convert_helpers import convert
from convert_helpers import run_python as _run_python


def run_python(out: Path, code: str) -> str:
    return _run_python(out, code, OPENAI_API_KEY="test-placeholder")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("mcp-hub") / "out"
    return out, convert("mcp-hub-1x", out)


def statuses(report: dict[str, object], kind: str) -> dict[str, tuple[str, str | None]]:
    constructs = report["constructs"]
    assert isinstance(constructs, list)
    return {c["name"]: (c["status"], c.get("rule")) for c in constructs if c["kind"] == kind}


def test_client_becomes_an_mcp_client(hub: tuple[Path, dict[str, object]]) -> None:
    out, report = hub
    assert statuses(report, "mcp_client") == {"mcpClient": ("native", None)}
    printed = run_python(
        out,
        "import json, os\n"
        "os.environ['DOCS_MCP_TOKEN'] = 't0k'\n"
        "from mcp_hub_1x.mcp.client import mcp_client as c\n"
        "print(json.dumps({'id': c.id, 'timeout': c.timeout, 'servers': {n: {'transport': d.transport,"
        " 'command': d.command, 'args': list(d.args), 'env': d.env, 'url': d.url, 'headers': d.headers,"
        " 'timeout': d.timeout} for n, d in c.servers.items()}}))",
    )
    found = json.loads(printed)
    assert found["id"] == "hub-mcp-client" and found["timeout"] == 30.0
    notes, docs = found["servers"]["notes"], found["servers"]["docs"]
    assert notes["command"] == "npx" and notes["args"] == ["tsx", "src/mcp-stdio/notes-server.ts"]
    assert notes["env"] == {"NOTES_DIR": "./notes"}
    assert docs["url"] == "http://localhost:8080/mcp" and docs["timeout"] == 10.0
    assert docs["headers"] == {"Authorization": "Bearer t0k"}  # read when the module loads


def test_server_exposes_converted_tools_agents_workflows(
    hub: tuple[Path, dict[str, object]],
) -> None:
    out, report = hub
    found = statuses(report, "mcp_server")
    # prompts callbacks translate; resources read a module constant the reader may not fold
    assert found["hubMcpServer"] in (("native", None), ("todo", "LM502"))
    assert found["server"] == ("native", None)
    printed = run_python(
        out,
        "import asyncio\n"
        "from mcp_hub_1x.mcp.server import hub_mcp_server as s\n"
        "print(s.name, s.version, sorted(s.tools))\n"
        "print(asyncio.run(s.prompts.get('expense-check', {'amount': '12'})).messages[0].content.text)",
    )
    assert printed.split(" ", 2)[:2] == ["Hub", "MCP"]
    assert 'check this expense-check request: {"amount":"12"}' in printed
    assert "ask_hubAgent" in printed and "run_digestWorkflow" in printed
    assert "convertCurrencyTool" in printed and "githubIssuesTool" in printed


async def test_converted_stdio_server_serves_its_tools(hub: tuple[Path, dict[str, object]]) -> None:
    from lumosai.mcp import MCPClient

    out, _ = hub
    server = {
        "command": sys.executable,
        "args": ["-m", "mcp_hub_1x.src.mcp_stdio.notes_server"],
        "env": {"PYTHONPATH": str(out), "OPENAI_API_KEY": "test-placeholder"},
        "cwd": str(out),
    }
    async with MCPClient(servers={"notes": server}, timeout=60) as client:
        tools = await client.get_tools()
    assert sorted(tools) == ["notes_listNotes", "notes_readNote", "notes_writeNote"]
    assert tools["notes_writeNote"].parameters["required"] == ["title", "body"]


def test_0x_configurations_and_legacy_clients(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = convert("research-mcp-0x", out)
    clients = statuses(report, "mcp_client")
    assert clients and all(status == "native" for status, _ in clients.values()), clients
    printed = run_python(
        out,
        "from research_mcp_0x.mcp.config import mcp\n"
        "print(sorted(mcp.servers), mcp.timeout, mcp.servers['arxiv'].transport)",
    )
    assert printed.strip() == "['arxiv', 'brave', 'fetch'] 45.0 http"


def test_mcp_calls_in_helpers_are_translated(tmp_path: Path) -> None:
    """`await mcp.getToolsets()` in a helper becomes `await mcp.get_toolsets()` on the
    converted client; run against our Python server standing in for the configured ones."""
    from mcp_helpers import py_server

    out = tmp_path / "out"
    convert("research-mcp-0x", out)
    source = (out / "research_mcp_0x" / "mcp" / "config.py").read_text()
    assert "return await mcp.get_toolsets()" in source
    assert "ts_function" not in source  # the helper is no longer bridged
    printed = run_python(
        out,
        f"""
import asyncio
from lumosai.mcp import MCPClient
from research_mcp_0x.mcp import config

async def main():
    config.mcp = MCPClient(servers={{"py": {py_server()!r}}}, timeout=20)
    try:
        toolsets = await config.research_toolsets()
        print(sorted(toolsets), "add" in toolsets["py"])
    finally:
        await config.mcp.disconnect()
asyncio.run(main())
""",
    )
    assert printed.strip() == "['py'] True"


def write_app(root: Path) -> None:
    """A small Mastra 1.x app whose agent takes its tools from an MCP server (ours, in
    Python), the way Mastra's docs show it."""
    from mcp_helpers import PY_SERVER

    (root / "src" / "mastra" / "agents").mkdir(parents=True)
    (root / "package.json").write_text(
        json.dumps(
            {
                "name": "mcp-agent-app",
                "type": "module",
                "dependencies": {"@mastra/core": "1.71.0", "@mastra/mcp": "2.0.0"},
            }
        )
    )
    (root / "src" / "mastra" / "mcp.ts").write_text(
        "import { MCPClient } from '@mastra/mcp';\n"
        "export const mcp = new MCPClient({\n"
        "  servers: {\n"
        f"    calc: {{ command: {json.dumps(sys.executable)}, args: [{json.dumps(str(PY_SERVER))}, 'stdio'] }},\n"
        "  },\n"
        "  timeout: 20000,\n"
        "});\n"
    )
    (root / "src" / "mastra" / "agents" / "calc.ts").write_text(
        "import { Agent } from '@mastra/core/agent';\n"
        "import { mcp } from '../mcp';\n"
        "export const calcAgent = new Agent({\n"
        "  id: 'calc-agent', name: 'calcAgent', instructions: 'Use the tools.',\n"
        "  model: 'openai/gpt-4o-mini',\n"
        "  tools: await mcp.listTools(),\n"
        "});\n"
    )
    (root / "src" / "mastra" / "index.ts").write_text(
        "import { Mastra } from '@mastra/core';\n"
        "import { calcAgent } from './agents/calc';\n"
        "export const mastra = new Mastra({ agents: { calcAgent } });\n"
    )


def test_agent_tools_from_list_tools_run_from_python(tmp_path: Path) -> None:
    app = tmp_path / "app"
    write_app(app)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(app), "-o", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    agents = {c["name"]: c for c in report["constructs"] if c["kind"] == "agent"}
    assert agents["calcAgent"]["status"] == "native", agents
    source = next(out.rglob("calc.py")).read_text()
    assert "tools=mcp.dynamic_tools()" in source
    printed = run_python(
        out,
        """
import asyncio, json
from lumosai.testing import ScriptedModel
from mcp_agent_app.agents.calc import calc_agent
from mcp_agent_app.mcp import mcp

async def main():
    calc_agent.model = ScriptedModel([{"tool_call": {"name": "calc_add", "args": {"a": 2, "b": 40}}},
                                      {"text": "42"}])
    result = await calc_agent.generate("2 + 40?")
    await mcp.disconnect()
    print(json.dumps({"text": result.text, "tool": result.tool_results[0].result}))
asyncio.run(main())
""",
    )
    result = json.loads(printed)
    assert result["text"] == "42"
    assert result["tool"]["content"][0]["text"] == "42.0"


def test_input_requests_handler_is_translated(tmp_path: Path) -> None:
    """@mastra/mcp 2.0's per-server `inputRequests` handler becomes a Python function the
    converted client calls when the server's tool asks for input."""
    from mcp_helpers import PY_SERVER

    src = tmp_path / "app"
    (src / "src" / "mastra").mkdir(parents=True)
    (src / "package.json").write_text(
        '{"name": "ask-app", "type": "module", '
        '"dependencies": {"@mastra/core": "1.71.0", "@mastra/mcp": "2.0.0"}}'
    )
    (src / "src" / "mastra" / "mcp.ts").write_text(
        "import { MCPClient } from '@mastra/mcp';\n"
        "export const mcp = new MCPClient({\n"
        "  servers: {\n"
        f"    booking: {{ command: {json.dumps(sys.executable)}, args: [{json.dumps(str(PY_SERVER))}, 'stdio'],\n"
        "      inputRequests: async ({ params }) => ({ action: 'accept', content: { people: params.message.length } }),\n"
        "    },\n"
        "  },\n"
        "  timeout: 20000,\n"
        "});\n"
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "lumosai.migrate.cli", str(src), "-o", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert statuses(json.loads(done.stdout), "mcp_client") == {"mcp": ("native", None)}
    printed = run_python(
        out,
        """
import asyncio, json
from ask_app.mcp import mcp

async def main():
    try:
        result = await mcp.call_tool("booking", "book", {"restaurant": "Py"})
        print(json.loads(result["content"][0]["text"])["answer"]["content"]["people"])
    finally:
        await mcp.disconnect()
asyncio.run(main())
""",
    )
    assert printed.strip() == str(len("How many people at Py?"))
