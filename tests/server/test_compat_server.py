"""`lumosai.compat.mastra.server`: Mastra-shaped routes (`registerApiRoute`, Hono `c`,
`c.get('mastra')`, `SimpleAuth`) served from a compat `Mastra({ server })` over real HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from lumosai.compat.mastra import Agent, Mastra
from lumosai.compat.mastra.server import SimpleAuth, registerApiRoute, server_for
from lumosai.testing import ScriptedModel

sys.path.insert(0, str(Path(__file__).parent))
from server_helpers import serving


def _mastra() -> Mastra:
    triage = Agent(
        {
            "id": "triage",
            "name": "Triage",
            "instructions": "Triage tickets.",
            "model": ScriptedModel([{"text": "on it"}, {"text": "on it"}]),
        }
    )

    async def ask(c: Any) -> Any:
        body = await c.req.json()
        agent = c.get("mastra").getAgent("triageAgent")
        result = await agent.generate(body["question"], {"requestContext": c.get("requestContext")})
        return c.json({"answer": result.text, "tier": c.get("requestContext").get("tier")})

    async def ticket(c: Any) -> Any:
        return c.json({"id": c.req.param("id"), "verbose": c.req.query("verbose") == "1"})

    async def tier(c: Any, next: Any) -> None:
        c.get("requestContext").set("tier", c.req.header("x-plan") or "free")
        await next()
        c.header("X-Tier", c.get("requestContext").get("tier"))

    return Mastra(
        {
            "agents": {"triageAgent": triage},
            "server": {
                "apiRoutes": [
                    registerApiRoute("/ask", {"method": "POST", "handler": ask}),
                    registerApiRoute("/tickets/:id", method="GET", handler=ticket),
                    registerApiRoute(
                        "/open",
                        {"method": "GET", "requiresAuth": False, "handler": lambda c: {"ok": 1}},
                    ),
                ],
                "middleware": [{"path": "/ask", "handler": tier}],
                "auth": SimpleAuth({"tokens": {"t0k": {"id": "u1"}}}),
                "timeout": 30_000,
            },
        }
    )


def test_mastra_server_routes_over_http() -> None:
    server = server_for(_mastra())
    assert server.timeout == 30
    auth = {"Authorization": "Bearer t0k"}
    with serving(server) as url:
        assert httpx.get(f"{url}/open").json() == {"ok": 1}
        assert httpx.post(f"{url}/ask", json={"question": "hi"}).status_code == 401
        res = httpx.post(f"{url}/ask", json={"question": "hi"}, headers={**auth, "x-plan": "pro"})
        assert res.status_code == 200, res.text
        assert res.json() == {"answer": "on it", "tier": "pro"}
        assert res.headers["x-tier"] == "pro"
        ticket = httpx.get(f"{url}/tickets/42?verbose=1", headers=auth).json()
        assert ticket == {"id": "42", "verbose": True}
        agents = httpx.get(f"{url}/api/agents", headers=auth).json()
        assert agents["triageAgent"]["name"] == "Triage"
        # the REST API drives a compat agent too (native keyword call, Mastra-shaped answer)
        gen = httpx.post(
            f"{url}/api/agents/triageAgent/generate", json={"messages": "hi"}, headers=auth
        )
        assert gen.status_code == 200 and gen.json()["text"] == "on it"


def test_register_api_route_rules() -> None:
    with pytest.raises(ValueError, match="/api"):
        registerApiRoute("/api/mine", {"handler": lambda c: None})
    with pytest.raises(ValueError, match="handler"):
        registerApiRoute("/x", {"method": "GET"})
    route = registerApiRoute("/x/:id", {"method": "ALL", "handler": lambda c: None})
    assert route.match("/x/1") == {"id": "1"} and route.allows("DELETE")


def test_create_handler_gets_mastra_once() -> None:
    made: list[Any] = []

    async def create(options: Any) -> Any:
        made.append(options["mastra"])
        agents = sorted(options["mastra"].listAgents())
        return lambda c: c.json({"agents": agents})

    mastra = _mastra()
    mastra.server["apiRoutes"] = [
        registerApiRoute("/agents-list", {"createHandler": create, "requiresAuth": False})
    ]
    with serving(server_for(mastra)) as url:
        assert httpx.get(f"{url}/agents-list").json() == {"agents": ["triageAgent"]}
        assert httpx.get(f"{url}/agents-list").json() == {"agents": ["triageAgent"]}
    assert made == [mastra]
