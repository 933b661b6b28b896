"""Converted Mastra servers over real HTTP: the routes, middleware and auth of a converted app
run on `LumosServer` (uvicorn on 127.0.0.1); generated code compiles, is ruff clean, imports."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lumosai.server import server_of
from lumosai.testing import ScriptedModel

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))
from convert_helpers import ROOT, assert_ruff_clean_and_compiles, convert
from server_helpers import serving

HERE = Path(__file__).parent
NOTES_APP = HERE / "fixtures" / "notes-api-1x"


def _load_app(out: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Import the converted `app.py` (its package from `out`), as `lumosai serve app:app` does."""
    monkeypatch.chdir(out)  # sqlite files land in the output, not the repo
    monkeypatch.syspath_prepend(str(out))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    spec = importlib.util.spec_from_file_location(f"converted_app_{out.name}", out / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def _routes(report: dict[str, Any]) -> dict[str, str]:
    constructs: list[dict[str, Any]] = report["constructs"]  # type: ignore[assignment]
    return {c["name"]: c["status"] for c in constructs if c["kind"] == "api_route"}


@pytest.fixture(scope="module")
def notes_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    out = tmp_path_factory.mktemp("notes") / "out"
    # convert() reads fixtures/mastra/<app>; this app lives with the tests
    yield out, convert(str(Path("..", "..") / NOTES_APP.relative_to(ROOT)), out)


def test_notes_app_converts_natively(notes_out: tuple[Path, dict[str, Any]]) -> None:
    out, report = notes_out
    assert _routes(report) == {
        "healthRoute": "native",
        "noteRoute": "native",
        "registerApiRoute": "native",  # the three written inline in index.ts
    }
    summary: dict[str, int] = report["summary"]  # type: ignore[assignment]
    assert summary["todo"] == summary["bridged"] == 0
    rules = {d["rule"] for d in report["diagnostics"]}  # type: ignore[index]
    assert "LM374" not in rules
    assert_ruff_clean_and_compiles(out)
    server_module = (out / "notes_api_1x" / "http_server.py").read_text()
    assert "TODO(lumos-migrate" not in server_module
    # the middleware helper is emitted once, as middleware, not bridged
    assert "ts_function" not in (out / "notes_api_1x" / "server" / "middleware.py").read_text()


def test_notes_app_serves_routes_middleware_and_auth(
    notes_out: tuple[Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = notes_out
    monkeypatch.setenv("NOTES_API_TOKEN", "tok-1")
    app = _load_app(out, monkeypatch)
    app.agent("echoAgent").model = ScriptedModel([{"text": "Noted."}])
    server = server_of(app)
    assert server is not None and server.port == 4111 and server.timeout == 30.0
    with serving(server) as url:
        health = httpx.get(f"{url}/health")
        assert health.json() == {"ok": True, "service": "notes"}
        # a public route (requiresAuth: false) skips the app's middleware, as in Mastra
        assert "x-powered-by" not in health.headers
        # path-scoped middleware short-circuits with 401
        no_client = httpx.post(f"{url}/notes/7", json={"text": "hi"})
        assert no_client.status_code == 401
        assert no_client.json() == {"error": "x-client header required"}
        assert no_client.headers["x-powered-by"] == "notes-api"  # app-wide middleware, in order
        # custom routes need the token (Mastra's requiresAuth default) once auth is configured
        headers = {"x-client": "cli"}
        assert httpx.post(f"{url}/notes/7", json={"text": "hi"}, headers=headers).status_code == (
            401
        )
        headers["Authorization"] = "Bearer tok-1"
        res = httpx.post(
            f"{url}/notes/7?verbose=1", json={"text": "buy milk", "tags": ["x"]}, headers=headers
        )
        assert res.status_code == 201, res.text
        assert res.json() == {
            "id": "7",
            "tags": ["x"],
            "reply": "Noted.",
            "verbose": True,
            "client": "cli",
        }
        bad = httpx.post(f"{url}/notes/7", json={"text": ""}, headers=headers)
        assert bad.status_code == 400
        echo = httpx.get(f"{url}/echo/hey?times=2")
        assert (echo.status_code, echo.text) == (200, "hey!hey!")
        assert httpx.get(f"{url}/api/agents").status_code == 401
        agents = httpx.get(f"{url}/api/agents", headers={"Authorization": "Bearer tok-1"})
        assert "echoAgent" in agents.json()
        # a workflow run started and resumed by custom routes (createRunAsync, start, resume)
        started = httpx.post(f"{url}/drafts", json={"title": "Hello big world"})
        assert started.status_code == 202 and started.json()["status"] == "suspended"
        run_id = started.json()["runId"]
        done = httpx.post(f"{url}/drafts/{run_id}/approve", json={"approved": True})
        assert done.json() == {"title": "Hello big world", "published": True}
        cors = httpx.options(
            f"{url}/health",
            headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"},
        )
        assert cors.headers["access-control-allow-origin"] == "http://localhost:3000"


def test_support_desk_routes_over_http(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    report = convert("support-desk-1x", out)
    routes = _routes(report)
    assert routes["healthRoute"] == "native" and routes["webhookRoute"] == "native"
    assert_ruff_clean_and_compiles(out)
    diagnostics: list[dict[str, Any]] = report["diagnostics"]  # type: ignore[assignment]
    auth_converted = not any("auth is not converted" in d["message"] for d in diagnostics)
    monkeypatch.setenv("SUPPORT_API_TOKENS", "admin-tok,agent-tok")
    app = _load_app(out, monkeypatch)
    server = server_of(app)
    assert server is not None
    with serving(server) as url:
        health = httpx.get(f"{url}/health")
        assert health.status_code == 200 and health.json()["service"] == "support-desk"
        assert "server-timing" not in health.headers  # public route: no app middleware
        # the signature check uses node:crypto: its helper runs in TypeScript through the
        # bridge, and without the Mastra app's node_modules here the webhook fails closed
        hook = httpx.post(
            f"{url}/webhooks/helpdesk",
            json={"type": "ticket.created", "ticket": {"id": "1", "subject": "s", "body": "b"}},
            headers={"x-helpdesk-signature": "abc"},
        )
        assert hook.status_code == 500
        # no token: refused before any auth callback runs; timingMiddleware ran around it
        refused = httpx.get(f"{url}/tickets/42/summary")
        assert refused.status_code == 401
        assert refused.headers["server-timing"].startswith("app;dur=")
        agent_tok = {"Authorization": "Bearer agent-tok"}
        # past auth, the handler (memory API, not translated) is a 501 stub
        summary = httpx.get(f"{url}/tickets/42/summary", headers=agent_tok)
        assert summary.status_code == 501
        # supportContextMiddleware (on /api/*) runs before auth; Accept-Language is sent because
        # its `header(...)?.split(',')[0]` translates without the optional chain's short-circuit
        # on [0] (a bodies translator bug, reported)
        lang = {"Accept-Language": "fr-FR,fr"}
        assert httpx.get(f"{url}/api/agents", headers=lang).status_code == 401  # no token
        admin = {**lang, "Authorization": "Bearer admin-tok"}
        if auth_converted:  # authenticateToken/authorize translated: Mastra's rules apply
            assert httpx.get(f"{url}/api/agents", headers=admin).status_code == 200
            bad = httpx.get(f"{url}/api/agents", headers={**lang, "Authorization": "Bearer x"})
            assert bad.status_code == 401
            memory = httpx.get(f"{url}/api/memory/threads", headers={**lang, **agent_tok})
            assert memory.status_code == 403  # authorize: agents may not read memory
        else:  # not translated: fails closed, never open
            assert httpx.get(f"{url}/api/agents", headers=admin).status_code == 501
