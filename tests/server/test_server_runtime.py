"""LumosServer over real HTTP (uvicorn on 127.0.0.1): Mastra's REST API for agents, tools and
workflows, custom routes, middleware order and short-circuit, auth, CORS, timeout."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from lumosai import Agent, LumosApp, tool
from lumosai.memory import InMemoryStorage
from lumosai.server import ApiRoute, AuthConfig, Context, LumosServer, Middleware
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step

sys.path.insert(0, str(Path(__file__).parent))
from server_helpers import serving


@tool(name="add", description="Add two numbers")
def add(a: int, b: int) -> int:
    return a + b


def _approval_workflow() -> Any:
    async def ask(ctx: Any) -> Any:
        if ctx.resume_data is None:
            return await ctx.suspend({"question": "approve?"})
        return {"n": ctx.input_data["n"], "approved": ctx.resume_data["approved"]}

    return (
        WorkflowBuilder(id="approval", storage=InMemoryStorage())
        .then(create_step(id="double", execute=lambda ctx: {"n": ctx.input_data["n"] * 2}))
        .then(create_step(id="ask", execute=ask))
        .commit()
    )


def _app(script: list[dict[str, Any]]) -> LumosApp:
    agent = Agent(
        name="helper",
        instructions="Be brief.",
        model=ScriptedModel(script),
        tools={"add": add},
        description="answers",
    )
    return LumosApp(
        "test",
        agents={"helperAgent": agent},
        tools={"add": add},
        workflows={"approval": _approval_workflow()},
    )


def test_agents_list_and_generate() -> None:
    app = _app([{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}])
    with serving(LumosServer(app)) as url:
        agents = httpx.get(f"{url}/api/agents").json()
        assert agents["helperAgent"]["name"] == "helper"
        assert agents["helperAgent"]["instructions"] == "Be brief."
        assert json.loads(agents["helperAgent"]["tools"]["add"]["inputSchema"])["required"] == [
            "a",
            "b",
        ]
        res = httpx.post(
            f"{url}/api/agents/helperAgent/generate",
            json={"messages": [{"role": "user", "content": "2+3?"}], "maxSteps": 3},
        )
        assert res.status_code == 200, res.text
        body = res.json()
        assert body["text"] == "5"
        assert body["toolCalls"][0]["payload"]["toolName"] == "add"
        assert body["toolResults"][0]["payload"]["result"] == 5
        assert body["finishReason"] == "stop"
        # by the agent's name too, as Mastra's :agentId accepts either
        assert httpx.get(f"{url}/api/agents/helper").json()["id"]
        missing = httpx.post(f"{url}/api/agents/nobody/generate", json={"messages": "hi"})
        assert missing.status_code == 404 and "nobody" in missing.json()["error"]
        bad = httpx.post(f"{url}/api/agents/helperAgent/generate", json={})
        assert bad.status_code == 400


def test_agent_stream_is_sse() -> None:
    app = _app([{"text": "hello there"}])
    with (
        serving(LumosServer(app)) as url,
        httpx.stream(
            "POST", f"{url}/api/agents/helperAgent/stream", json={"messages": "hi"}
        ) as res,
    ):
        assert res.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in res.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[len("data: ") :]) for line in lines[:-1]]
    kinds = [c["type"] for c in chunks]
    assert kinds[0] == "start" and kinds[-1] == "finish"
    text = "".join(c["payload"]["text"] for c in chunks if c["type"] == "text-delta")
    assert text == "hello there"


def test_tools_execute() -> None:
    with serving(LumosServer(_app([]))) as url:
        assert "add" in httpx.get(f"{url}/api/tools").json()
        res = httpx.post(f"{url}/api/tools/add/execute", json={"data": {"a": 1, "b": 4}})
        assert res.json() == 5
        assert httpx.post(f"{url}/api/tools/add/execute", json={}).status_code == 400


def test_workflow_start_suspend_resume() -> None:
    with serving(LumosServer(_app([]))) as url:
        listed = httpx.get(f"{url}/api/workflows").json()
        assert set(listed["approval"]["steps"]) == {"double", "ask"}
        run_id = httpx.post(f"{url}/api/workflows/approval/create-run").json()["runId"]
        started = httpx.post(
            f"{url}/api/workflows/approval/start-async?runId={run_id}", json={"inputData": {"n": 4}}
        ).json()
        assert started["status"] == "suspended"
        assert started["suspended"] == [["ask"]]
        assert started["steps"]["double"]["output"] == {"n": 8}
        resumed = httpx.post(
            f"{url}/api/workflows/approval/resume-async?runId={run_id}",
            json={"step": "ask", "resumeData": {"approved": True}},
        ).json()
        assert resumed["status"] == "success"
        assert resumed["result"] == {"n": 8, "approved": True}
        runs = httpx.get(f"{url}/api/workflows/approval/runs").json()
        assert run_id in [r["runId"] for r in runs["runs"]]
        no_run = httpx.post(
            f"{url}/api/workflows/approval/resume-async?runId=nope", json={"step": "ask"}
        )
        assert no_run.status_code == 404


def test_workflow_stream_records() -> None:
    with serving(LumosServer(_app([]))) as url:
        res = httpx.post(f"{url}/api/workflows/approval/stream", json={"inputData": {"n": 1}})
        assert res.headers["content-type"].startswith("text/plain")
        records = [json.loads(r) for r in res.text.split("\x1e") if r]
    assert records and all({"type", "runId", "payload"} <= set(r) for r in records)
    assert len({r["runId"] for r in records}) == 1


def test_custom_routes_middleware_order_and_short_circuit() -> None:
    seen: list[str] = []

    async def outer(c: Context, next: Any) -> None:
        seen.append("outer-in")
        c.set("who", "outer")
        await next()
        seen.append("outer-out")
        c.header("X-Outer", "1")

    async def guard(c: Context, next: Any) -> Any:
        if c.req.header("x-key") != "secret":
            return c.json({"error": "no key"}, 401)
        seen.append("guard")
        await next()
        return None

    async def echo(c: Context) -> Any:
        body = await c.req.json()
        return c.json(
            {
                "id": c.req.param("id"),
                "q": c.req.query("q"),
                "body": body,
                "who": c.get("who"),
                "method": c.req.method,
                "path": c.req.path,
            },
            201,
        )

    async def text(c: Context) -> Any:
        return c.text("plain", 202)

    server = LumosServer(
        _app([]),
        routes=[
            ApiRoute("/items/:id", echo, "POST"),
            ApiRoute("/text", text, middleware=[]),
        ],
        middleware=[outer, Middleware(guard, path="/items/*")],
    )
    with serving(server) as url:
        denied = httpx.post(f"{url}/items/7", json={})
        assert denied.status_code == 401 and denied.json() == {"error": "no key"}
        assert denied.headers["x-outer"] == "1"
        ok = httpx.post(f"{url}/items/7?q=z", json={"a": 1}, headers={"x-key": "secret"})
        assert ok.status_code == 201
        assert ok.json() == {
            "id": "7",
            "q": "z",
            "body": {"a": 1},
            "who": "outer",
            "method": "POST",
            "path": "/items/7",
        }
        plain = httpx.get(f"{url}/text")
        assert (plain.status_code, plain.text) == (202, "plain")
        assert httpx.get(f"{url}/nowhere").status_code == 404
        bad_json = httpx.post(f"{url}/items/1", content=b"{nope", headers={"x-key": "secret"})
        assert bad_json.status_code == 400
    passed, stopped = ["outer-in", "guard", "outer-out"], ["outer-in", "outer-out"]
    assert seen == [*stopped, *passed, *stopped, *stopped, *passed]


def test_auth_protected_public_and_authorize() -> None:
    async def health(c: Context) -> Any:
        return {"ok": True}

    async def me(c: Context) -> Any:
        return {"user": c.get("user")}

    auth = AuthConfig(
        authenticate_token=lambda token: (
            {"id": "u1", "admin": token == "root"} if token in ("root", "guest") else None
        ),
        authorize=lambda path, method, user: user["admin"] or method == "GET",
        public=["/health"],
    )
    server = LumosServer(
        _app([]),
        routes=[ApiRoute("/health", health), ApiRoute("/me", me, ["GET", "POST"])],
        auth=auth,
    )
    with serving(server) as url:
        assert httpx.get(f"{url}/health").json() == {"ok": True}
        assert httpx.get(f"{url}/me").status_code == 401
        assert httpx.get(f"{url}/api/agents").status_code == 401
        bad = httpx.get(f"{url}/api/agents", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        guest = {"Authorization": "Bearer guest"}
        assert httpx.get(f"{url}/me", headers=guest).json() == {
            "user": {"id": "u1", "admin": False}
        }
        assert httpx.post(f"{url}/me", headers=guest).status_code == 403
        assert httpx.post(f"{url}/me", headers={"Authorization": "Bearer root"}).status_code == 200


def test_cors_and_timeout() -> None:
    async def slow(c: Context) -> Any:
        await asyncio.sleep(2)
        return {"late": True}

    server = LumosServer(
        _app([]),
        routes=[ApiRoute("/slow", slow)],
        cors={"origin": ["http://localhost:3000"], "credentials": True},
        timeout=0.2,
    )
    with serving(server) as url:
        pre = httpx.options(
            f"{url}/api/agents",
            headers={
                "Origin": "http://localhost:3000",
                "Access-Control-Request-Method": "POST",
            },
        )
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == "http://localhost:3000"
        assert pre.headers["access-control-allow-credentials"] == "true"
        other = httpx.get(f"{url}/api/agents", headers={"Origin": "http://evil.test"})
        assert "access-control-allow-origin" not in other.headers
        assert httpx.get(f"{url}/slow").status_code == 504


def test_public_route_skips_app_middleware_but_not_its_own() -> None:
    async def stamp(c: Context, next: Any) -> None:
        await next()
        c.header("X-App", "1")

    async def own(c: Context, next: Any) -> None:
        await next()
        c.header("X-Route", "1")

    async def hello(c: Context) -> Any:
        return {"hi": True}

    server = LumosServer(
        _app([]),
        routes=[
            ApiRoute("/open", hello, requires_auth=False, middleware=[own]),
            ApiRoute("/closed", hello, middleware=[own]),
        ],
        middleware=[stamp],
    )
    with serving(server) as url:
        opened = httpx.get(f"{url}/open")
        closed = httpx.get(f"{url}/closed")
    assert "x-app" not in opened.headers and opened.headers["x-route"] == "1"
    assert closed.headers["x-app"] == "1" and closed.headers["x-route"] == "1"


@pytest.mark.parametrize("path", ["/api/*", "/api"])
def test_middleware_path_patterns(path: str) -> None:
    from lumosai.server.routing import compile_pattern

    rx = compile_pattern(path)
    assert rx.match("/api")
    assert bool(rx.match("/api/agents")) is (path == "/api/*")
    assert not rx.match("/apix")
