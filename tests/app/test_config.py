"""lumosai.yaml: the schema, ${ENV} expansion, and errors naming file, line and key."""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import pytest

from lumosai.app import LumosApp
from lumosai.config import ConfigError, ConfigWarning, expand_env, load_config, parse_config
from lumosai.memory import MemoryConfig, SqliteStorage

BASE = """\
project:
  name: test-app
agents:
  calc:
    model: openai/gpt-4o-mini
    instructions: You add.
"""


def write(tmp_path: Path, text: str, name: str = "lumosai.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def line_of(path: Path, needle: str) -> int:
    for number, text in enumerate(path.read_text().splitlines(), 1):
        if needle in text:
            return number
    raise AssertionError(needle)


@pytest.fixture(autouse=True)
def _api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")


def test_full_example_loads(
    tmp_path: Path, app_package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEATHER_API_KEY", "wk-123")
    monkeypatch.delenv("MCP_TOKEN", raising=False)
    path = write(
        tmp_path,
        f"""\
        project:
          name: weather-app
          version: 0.1.0
          description: Converted from Mastra project "weather-app"
          author: Example Team
        agents:
          weatherAgent:
            model: openai/gpt-4o-mini
            instructions: |
              You are a helpful weather assistant. Use the get-weather tool.
            tools: [get-weather, add]
            temperature: 0.2
            max_tokens: 1024
            timeout: 30
            memory:
              enabled: true
              max_capacity: 100
              persistence: sqlite
              last_messages: 10
              semantic_recall: {{ top_k: 4, message_range: {{ before: 1, after: 1 }} }}
              working_memory: {{ enabled: true, template: "# User\\n- Name:" }}
              store_id: "sqlite:data/mastra.db"
              embedder: openai/text-embedding-3-small
              extra: {{ scope: resource, generate_title: false }}
            voice: {{ enabled: false }}
            max_tool_calls: 7
            enable_function_calling: true
            metadata: {{ source: "src/mastra/agents/weather-agent.ts" }}
        tools:
          get-weather:
            enabled: true
            config: {{ default_units: metric, api_key: "${{WEATHER_API_KEY}}" }}
            handler: "{app_package}.tools:get_weather"
          add:
            handler: "{app_package}.tools:add"
          double:
            handler: "{app_package}.tools:double"
        workflows:
          weather-workflow:
            id: weather-workflow
            description: Get the forecast, then plan activities
            trigger: manual
            timeout: 300
            max_retries: 3
            steps:
              - {{ id: get-forecast, tool: get-weather, timeout: 30, retries: 1 }}
              - {{ id: plan-activities, agent: weatherAgent, input: {{ from: get-forecast }} }}
            handler: "{app_package}.workflows:weather_workflow"
        rag: {{ vector_store: memory, embeddings: openai, chunk_size: 512, chunk_overlap: 50, documents: [docs/], index_name: weather_docs }}
        mcp:
          servers:
            fs: {{ command: npx, args: ["-y", "@modelcontextprotocol/server-filesystem", "."], env: {{}} }}
            remote: {{ url: "http://localhost:8080/mcp", headers: {{ Authorization: "Bearer ${{MCP_TOKEN}}" }} }}
        deployment:
          platform: auto
          docker: {{ base_image: "python:3.12-slim", port: 8080, optimize: true }}
        development:
          debug: true
        """,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = LumosApp.from_config(path)
    unset = [str(w.message) for w in caught if issubclass(w.category, ConfigWarning)]
    assert not [m for m in unset if "unknown key" in m], "every key of the Lumos example is known"
    assert any(
        "MCP_TOKEN is not set" in m and f"lumosai.yaml:{line_of(path, 'MCP_TOKEN')}" in m
        for m in unset
    )
    assert app.name == "weather-app"
    agent = app.agent("weatherAgent")
    assert set(agent.tools) == {"get-weather", "add"}
    assert agent.max_tool_calls == 7 and agent.tool_timeout == 30
    assert agent.settings["temperature"] == 0.2 and agent.settings["max_tokens"] == 1024
    memory = agent.memory_config
    assert isinstance(memory, MemoryConfig)
    assert memory.last_messages == 10 and memory.semantic_recall is not None
    assert memory.semantic_recall.top_k == 4 and memory.semantic_recall.message_range.before == 1
    assert memory.working_memory is not None and memory.working_memory.template == "# User\n- Name:"
    assert memory.extra == {"scope": "resource", "generate_title": False}
    assert isinstance(agent.storage, SqliteStorage)
    assert Path(agent.storage.path) == (tmp_path / "data" / "mastra.db").resolve()
    assert set(app.tools()) == {"get-weather", "add", "double"}
    assert app.tool("double").id == "double", "plain functions become tools"
    assert app.tool_configs["get-weather"] == {"default_units": "metric", "api_key": "wk-123"}
    assert app.workflow("weather-workflow").id == "weather-workflow"
    assert app.mcp_servers["fs"].command == "npx"
    assert app.mcp_servers["remote"].headers == {"Authorization": "Bearer "}
    assert (
        app.config is not None and app.config.rag is not None and app.config.rag.chunk_size == 512
    )


def test_unknown_key_in_extension_section(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        BASE
        + """\
    memory:
      last_messages: 5
      semantic_recall:
        topk: 3
""",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    [issue] = info.value.issues
    assert issue.file == str(path) and issue.line == line_of(path, "topk")
    assert issue.key == "agents.calc.memory.semantic_recall.topk"
    assert "unknown key" in issue.message and "top_k" in issue.message
    assert f"{path}:{issue.line}: agents.calc.memory.semantic_recall.topk: unknown key" in str(
        info.value
    )


def test_unknown_key_in_mcp_server(tmp_path: Path) -> None:
    path = write(
        tmp_path, BASE + "mcp:\n  servers:\n    fs:\n      command: npx\n      argz: [a]\n"
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.key == "mcp.servers.fs.argz" and info.value.line == line_of(path, "argz")


def test_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "    temperature: hot\n    max_tokens: [1]\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    by_key = {i.key: i for i in info.value.issues}
    assert by_key["agents.calc.temperature"].line == line_of(path, "temperature")
    assert "valid number" in by_key["agents.calc.temperature"].message
    assert "'hot'" in by_key["agents.calc.temperature"].message
    assert by_key["agents.calc.max_tokens"].line == line_of(path, "max_tokens")


def test_wrong_type_in_extension(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "    memory:\n      semantic_recall: { top_k: many }\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.key == "agents.calc.memory.semantic_recall.top_k"
    assert info.value.line == line_of(path, "top_k")


def test_missing_required_key(tmp_path: Path) -> None:
    path = write(tmp_path, "project:\n  name: x\nagents:\n  calc:\n    model: openai/gpt-4o\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.key == "agents.calc.instructions"
    assert info.value.line == line_of(path, "calc:") and "required" in info.value.issues[0].message


def test_unknown_base_key_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "    colour: blue\n")
    with pytest.warns(
        ConfigWarning,
        match=rf"lumosai.yaml:{line_of(path, 'colour')}: agents.calc.colour: unknown key",
    ):
        config = load_config(path)
    assert config.agents["calc"].model == "openai/gpt-4o-mini"


@pytest.mark.parametrize(
    ("handler", "expected"),
    [
        ("nowhere_pkg_xyz.tools:thing", "No module named 'nowhere_pkg_xyz'"),
        ("{pkg}.tools:missing", "has no attribute 'missing'"),
        ("{pkg}.tools", "must look like 'pkg.module:attr'"),
        ("{pkg}.tools:NOT_A_TOOL", "expected a lumosai Tool or a function, got int"),
    ],
)
def test_bad_handler(tmp_path: Path, app_package: str, handler: str, expected: str) -> None:
    path = write(
        tmp_path, BASE + f'tools:\n  thing:\n    handler: "{handler.format(pkg=app_package)}"\n'
    )
    with pytest.raises(ConfigError) as info:
        LumosApp.from_config(path)
    [issue] = info.value.issues
    assert issue.key == "tools.thing.handler" and issue.line == line_of(path, "handler:")
    assert expected in issue.message and str(path) in str(info.value)


def test_handler_module_that_fails_to_import(tmp_path: Path, app_package: str) -> None:
    (tmp_path / app_package / "broken.py").write_text("raise RuntimeError('boom at import')\n")
    path = write(tmp_path, BASE + f"tools:\n  thing:\n    handler: {app_package}.broken:x\n")
    with pytest.raises(ConfigError, match=r"RuntimeError: boom at import") as info:
        LumosApp.from_config(path)
    assert info.value.line == line_of(path, "handler:")


def test_unknown_tool_names_agent_and_tool(tmp_path: Path, app_package: str) -> None:
    path = write(
        tmp_path,
        BASE
        + f"    tools: [add, web_browse]\ntools:\n  add:\n    handler: {app_package}.tools:add\n",
    )
    with pytest.raises(ConfigError) as info:
        LumosApp.from_config(path)
    [issue] = info.value.issues
    assert issue.key == "agents.calc.tools[1]" and issue.line == line_of(path, "web_browse")
    assert "agent 'calc' uses unknown tool 'web_browse'" in issue.message and "add" in issue.message


def test_code_tools_are_visible_to_config_agents(tmp_path: Path) -> None:
    from lumosai import tool

    @tool
    def shout(text: str) -> str:
        """Upper-case the text."""
        return text.upper()

    path = write(tmp_path, BASE + "    tools: [shout]\n")
    app = LumosApp.from_config(path, tools={"shout": shout})
    assert app.agent("calc").tools["shout"] is shout


def test_missing_api_key_names_the_model_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    path = write(tmp_path, BASE)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY") as info:
        LumosApp.from_config(path)
    assert info.value.key == "agents.calc.model" and info.value.line == line_of(path, "model:")


def test_env_expansion_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUMOS_T_MODEL", "openai/gpt-4o")
    monkeypatch.setenv("LUMOS_T_EMPTY", "")
    monkeypatch.delenv("LUMOS_T_UNSET", raising=False)
    path = write(
        tmp_path,
        """\
        project:
          name: ${LUMOS_T_UNSET:-env-app}
        agents:
          calc:
            model: ${LUMOS_T_MODEL}
            instructions: "cost is $${NOT_EXPANDED} and ${LUMOS_T_EMPTY:-fallback}/${LUMOS_T_EMPTY-kept}"
            temperature: ${LUMOS_T_UNSET:-0.5}
        """,
    )
    config = load_config(path)
    assert config.project.name == "env-app"
    agent = config.agents["calc"]
    assert agent.model == "openai/gpt-4o" and agent.temperature == 0.5
    assert agent.instructions == "cost is ${NOT_EXPANDED} and fallback/"
    assert expand_env("${A:?need A}x", environ={"A": "1"}) == ("1x", [])


def test_required_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUMOS_T_SECRET", raising=False)
    path = write(tmp_path, BASE + "    description: ${LUMOS_T_SECRET:?set LUMOS_T_SECRET first}\n")
    with pytest.raises(ConfigError, match="set LUMOS_T_SECRET first") as info:
        load_config(path)
    assert info.value.key == "agents.calc.description" and info.value.line == line_of(
        path, "description"
    )


def test_invalid_yaml_and_duplicates(tmp_path: Path) -> None:
    bad = write(tmp_path, "project:\n  name: [unclosed\nagents: {}\n", "bad.yaml")
    with pytest.raises(ConfigError, match="invalid YAML") as info:
        load_config(bad)
    assert info.value.file == str(bad) and info.value.line is not None
    dup = write(tmp_path, BASE + "  calc:\n    model: x/y\n    instructions: again\n", "dup.yaml")
    with pytest.raises(ConfigError, match="duplicate key") as info:
        load_config(dup)
    assert info.value.key == "agents.calc" and info.value.line == 7
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "absent.yaml")


def test_workflow_and_project_rules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        project:
          name: "  "
        workflows:
          empty: { description: nothing }
          both:
            steps:
              - { id: s1, agent: a, tool: t }
              - { id: s2 }
        mcp:
          servers:
            neither: { args: [x] }
        """,
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    messages = {i.key: (i.line, i.message) for i in info.value.issues}
    assert (
        "mcp.servers.neither" in messages
        and "exactly one of 'command'" in messages["mcp.servers.neither"][1]
    )
    # pydantic errors come first; fix the MCP server to see the semantic rules
    path.write_text(path.read_text().replace("neither: { args: [x] }", "ok: { command: x }"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    messages = {i.key: (i.line, i.message) for i in info.value.issues}
    assert messages["project.name"][1] == "must not be empty"
    assert messages["workflows.empty"] == (line_of(path, "empty:"), messages["workflows.empty"][1])
    assert "needs 'steps'" in messages["workflows.empty"][1]
    assert messages["workflows.both.steps[0]"][0] == line_of(path, "id: s1")
    assert "not agent and tool" in messages["workflows.both.steps[0]"][1]
    assert "needs one of" in messages["workflows.both.steps[1]"][1]


def test_toml_config(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [project]
        name = "toml-app"

        [agents.calc]
        model = "openai/gpt-4o-mini"
        instructions = "You add."
        temperature = "warm"
        """,
        "lumosai.toml",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.key == "agents.calc.temperature" and info.value.line == 7
    path.write_text(path.read_text().replace('"warm"', "0.3"))
    assert LumosApp.from_config(path).agent("calc").settings["temperature"] == 0.3


async def test_declarative_steps_workflows(tmp_path: Path, app_package: str) -> None:
    path = write(
        tmp_path,
        BASE
        + f"""\
tools:
  add: {{ handler: "{app_package}.tools:add" }}
  double: {{ handler: "{app_package}.tools:double" }}
workflows:
  outer:
    steps:
      - {{ id: sum, tool: add, input: {{ a: 1, b: 2 }} }}
      - {{ id: nested, workflow: inner, input: {{ x: 5 }} }}
  inner:
    steps:
      - {{ id: twice, tool: double, parallel: g1 }}
""",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConfigWarning)  # every step key is known
        app = LumosApp.from_config(path)
    inner = await app.workflow("inner").create_run().start(input_data={"x": 4})
    assert inner.status == "success"
    outer = await app.workflow("outer").create_run().start(input_data={})
    assert outer.status == "success", outer
    assert outer.steps["sum"].output == 3


def test_workflow_cycle_is_named(tmp_path: Path, app_package: str) -> None:
    path = write(
        tmp_path,
        BASE
        + """\
workflows:
  a:
    steps: [{ id: s, workflow: b }]
  b:
    steps: [{ id: s, workflow: a }]
""",
    )
    with pytest.raises(ConfigError, match=r"workflow cycle: a -> b -> a") as info:
        LumosApp.from_config(path)
    assert info.value.key == "workflows.a" and info.value.line == line_of(path, "  a:")


def test_parse_config_from_string() -> None:
    config = parse_config(BASE, "inline.yaml")
    assert config.list_agents() == ["calc"] and config.get_agent("calc") is not None
    assert config.source.file == "inline.yaml"


def test_bad_workflow_handler_and_disabled_tool(tmp_path: Path, app_package: str) -> None:
    path = write(tmp_path, BASE + f"workflows:\n  wf:\n    handler: {app_package}.workflows:nope\n")
    with pytest.raises(ConfigError, match="has no attribute 'nope'") as info:
        LumosApp.from_config(path)
    assert info.value.key == "workflows.wf.handler" and info.value.line == line_of(path, "handler:")
    path = write(
        tmp_path,
        BASE
        + f"    tools: [add]\ntools:\n  add:\n    enabled: false\n    handler: {app_package}.tools:add\n",
    )
    with pytest.raises(ConfigError, match="uses tool 'add', which is disabled") as info:
        LumosApp.from_config(path)
    assert info.value.key == "agents.calc.tools[0]"


def test_memory_switches(tmp_path: Path) -> None:
    from lumosai.memory import InMemoryStorage

    path = write(
        tmp_path,
        """\
        project: { name: m }
        agents:
          off: { model: openai/gpt-4o-mini, instructions: x, memory: { enabled: false } }
          ram:
            model: openai/gpt-4o-mini
            instructions: x
            memory: { persistence: memory, last_messages: false, semantic_recall: false, working_memory: true }
          default: { model: openai/gpt-4o-mini, instructions: x, memory: { last_messages: 3 } }
        """,
    )
    shared = InMemoryStorage()
    app = LumosApp.from_config(path, storage=shared)
    assert app.agent("off").memory_config is None
    ram = app.agent("ram")
    assert isinstance(ram.storage, InMemoryStorage) and ram.storage is not shared
    assert ram.memory_config.last_messages == 0 and ram.memory_config.semantic_recall is None
    assert ram.memory_config.working_memory is not None and ram.memory_config.working_memory.enabled
    assert app.agent("default").storage is shared, "no store_id: the app's storage"
    assert app.agent("default").memory_config.last_messages == 3


def test_yaml_12_booleans_and_string_keys() -> None:
    config = parse_config(
        "project: { name: x, description: off }\nagents:\n  'no':\n    model: a/b\n    instructions: yes\n"
        "    enable_function_calling: false\n"
    )
    assert config.project.description == "off"
    assert config.agents["no"].instructions == "yes"
    assert config.agents["no"].enable_function_calling is False
