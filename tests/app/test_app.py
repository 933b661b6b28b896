"""LumosApp: the registry, back-references, and apps loaded from config running for real."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lumosai import Agent, tool
from lumosai.app import LumosApp, UnknownComponentError, lumos
from lumosai.memory import InMemoryStorage, MemoryConfig
from lumosai.testing import ScriptedModel, mock_llm_server
from lumosai.tool import ToolExecutionContext


@tool
def which_app(*, context: ToolExecutionContext) -> str:
    """Name of the app running this tool."""
    return context.app.name if context.app else "none"


def test_registry_lookup_and_errors() -> None:
    calc = Agent(name="calc", instructions="You add.", model=ScriptedModel([{"text": "5"}]))

    def double(x: int) -> int:
        """Double a number."""
        return 2 * x

    app = lumos(name="reg", agents={"calcAgent": calc}, tools=[which_app, double])
    assert app.agent("calcAgent") is calc and app.get_agent("calcAgent") is calc
    assert set(app.tools()) == {"which_app", "double"} and app.tool("double").id == "double"
    assert app.agents() == {"calcAgent": calc}
    app.agents()["x"] = calc
    assert "x" not in app.agents(), "lookups return copies"
    with pytest.raises(
        UnknownComponentError, match=r"app 'reg' has no agent 'nope' \(known: calcAgent\)"
    ):
        app.agent("nope")
    with pytest.raises(KeyError):
        app.workflow("missing")
    assert calc.app is app
    with pytest.raises(TypeError, match="expected a lumosai Tool or a function"):
        app.add_tool("bad", 42)
    assert "calcAgent" in repr(app)


async def test_tools_see_the_app() -> None:
    model = ScriptedModel([{"tool_call": {"name": "which_app", "args": {}}}, {"text": "done"}])
    agent = Agent(name="a", instructions="x", model=model, tools=[which_app])
    app = LumosApp("ctx-app", agents={"a": agent})
    result = await app.run("a", "which app?")
    assert result.text == "done"
    assert result.tool_results[0].result == "ctx-app" and result.tool_results[0].is_error is False


async def test_app_storage_reaches_agents_and_workflows() -> None:
    from lumosai.workflow import WorkflowBuilder, create_step

    storage = InMemoryStorage()
    agent = Agent(
        name="m",
        instructions="x",
        model=ScriptedModel([{"text": "one"}, {"text": "two"}]),
        memory_config=MemoryConfig(last_messages=5),
    )
    workflow = (
        WorkflowBuilder()
        .id("wf")
        .then(create_step(id="s", execute=lambda ctx: {"agent": ctx.get_agent("m").name}))
        .commit()
    )
    app = lumos(name="s", agents={"m": agent}, workflows={"wf": workflow}, storage=storage)
    assert agent.storage is storage and workflow.storage is storage
    await agent.generate("hi", thread_id="t1", resource_id="u1")
    assert [m.content for m in await storage.get_messages("t1")] == ["hi", "one"]
    run = await app.workflow("wf").create_run(run_id="r1").start(input_data={})
    assert run.status == "success" and run.result == {"agent": "m"}
    assert (await storage.load_workflow_snapshot("wf", "r1")) is not None


def write_config(tmp_path: Path, app_package: str) -> Path:
    path = tmp_path / "lumosai.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            project:
              name: calc-app
            agents:
              calc:
                model: openai/gpt-4o-mini
                instructions: You add numbers.
                tools: [add, which_app]
                temperature: 0.1
                memory:
                  last_messages: 10
                  store_id: "sqlite:app.db"
            tools:
              add: {{ handler: "{app_package}.tools:add" }}
              which_app: {{ handler: "{app_package}.tools:which_app" }}
            workflows:
              weather-workflow:
                handler: "{app_package}.workflows:weather_workflow"
              made:
                handler: "{app_package}.workflows:make_workflow"
            """
        )
    )
    return path


async def test_config_app_runs_over_http_and_remembers(
    tmp_path: Path, app_package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = [
        {"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}},
        {"text": "5"},
        {"tool_call": {"name": "which_app", "args": {}}},
        {"text": "calc-app"},
    ]
    with mock_llm_server(script) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        app = await LumosApp.from_config(write_config(tmp_path, app_package))
        agent = app.agent("calc")
        first = await agent.generate("2+3?", thread_id="t1", resource_id="u1")
        assert first.text == "5" and first.tool_results[0].result == 5
        second = await agent.generate("which app?", thread_id="t1", resource_id="u1")
        assert second.text == "calc-app" and second.tool_results[0].result == "calc-app"
        # the second call's first request carried the remembered first exchange
        sent = [m.content for m in server.requests[2].messages if m.role == "user"]
        assert sent == ["2+3?", "which app?"]
        assert server.requests[0].body["temperature"] == 0.1
    wf = app.workflow("weather-workflow")
    result = await wf.create_run().start(input_data={"n": 1})
    assert result.result == {"agent": "calc", "n": 2}
    assert app.workflow("made").id == "made", "zero-argument handler functions are factories"

    # another process loads the same config and sees the thread
    code = f"""
import asyncio, json, os, sys
sys.path.insert(0, {str(tmp_path)!r})
from lumosai import LumosApp
app = LumosApp.from_config({str(tmp_path / "lumosai.yaml")!r})
memory = app.agent("calc").get_memory()
messages = asyncio.run(memory.get_messages("t1"))
print(json.dumps([m.content for m in messages if m.role == "user"]))
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"OPENAI_API_KEY": "sk-test", "PATH": "/usr/bin:/bin"},
        cwd=str(tmp_path.parent),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["2+3?", "which app?"]


def test_auto_load_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.delenv("LUMOS_CONFIG", raising=False)
    with pytest.raises(
        FileNotFoundError, match=r"looked for lumosai.yaml, lumosai.yml, lumosai.toml"
    ):
        LumosApp.auto_load(tmp_path)
    body = "project:\n  name: {}\n"
    (tmp_path / ".lumosai.yaml").write_text(body.format("hidden"))
    assert LumosApp.auto_load(tmp_path).name == "hidden"
    (tmp_path / "lumosai.toml").write_text('[project]\nname = "toml"\n')
    assert LumosApp.auto_load(tmp_path).name == "toml"
    (tmp_path / "lumosai.yml").write_text(body.format("yml"))
    assert LumosApp.auto_load(tmp_path).name == "yml"
    (tmp_path / "lumosai.yaml").write_text(body.format("yaml"))
    monkeypatch.chdir(tmp_path)
    assert LumosApp.auto_load().name == "yaml"
    other = tmp_path / "elsewhere.yaml"
    other.write_text(body.format("override"))
    monkeypatch.setenv("LUMOS_CONFIG", str(other))
    assert LumosApp.auto_load().name == "override"
