"""The Lumos side of `verify`: runs scenarios in the migrated app and prints what happened.

Run as `python -m lumosai.migrate.verify.py_runner <app-dir> <scenarios.json>` with
`MOCK_LLM_BASE` set, from a scratch working directory (relative database paths land there). It mirrors `runner.mjs`: model calls (any `httpx`/`httpx2` request to a provider
host or to a `/chat/completions`, `/responses`, `/embeddings` path) go to the mock server with an
`x-lumos-verify: lumos|<scenario>` header; every other `httpx`/`httpx2` request is answered from the
scenario's stubs (404 and reported when none matches). The patch sits on httpx's transports, so
it also covers clients created inside the app's own tools.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

MARK = "@@VERIFY@@"
LLM_HOSTS = {
    "api.openai.com",
    "api.anthropic.com",
    "api.deepseek.com",
    "api.groq.com",
    "api.mistral.ai",
    "api.together.xyz",
    "openrouter.ai",
    "api.x.ai",
    "api.perplexity.ai",
    "generativelanguage.googleapis.com",
    "dashscope.aliyuncs.com",
    "api.cerebras.ai",
}
LLM_PATHS = re.compile(r"/(chat/completions|responses|embeddings|completions)$")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
STEP_KEY = re.compile(r"^(sleep)_.+$")  # map steps keep their ids: compare numbers them


class Stubs:
    """The current scenario's stubs and the record of HTTP calls the app made."""

    def __init__(self, llm_base: str, state_dir: Path | None = None) -> None:
        self.llm_base = llm_base.rstrip("/")
        self.tag = ""
        self.fetch: list[dict[str, Any]] = []
        self.http: list[dict[str, Any]] = []
        self.state_file = self.http_log = None
        if state_dir is not None:
            self.state_file = state_dir / "verify-state.json"
            self.http_log = state_dir / "verify-http.jsonl"
            self.http_log.write_text("")

    def share_with_node(self) -> None:
        """Node processes the app starts (the bridge) load fetch_stub.mjs with our state."""
        if self.state_file is None or self.http_log is None:
            return
        stub = Path(__file__).with_name("fetch_stub.mjs").as_uri()
        os.environ["LUMOS_VERIFY_STATE"] = str(self.state_file)
        os.environ["LUMOS_VERIFY_HTTP_LOG"] = str(self.http_log)
        os.environ["NODE_OPTIONS"] = f"{os.environ.get('NODE_OPTIONS', '')} --import {stub}".strip()
        self.set(self.tag, self.fetch, self.http)

    def set(self, tag: str, fetch: list[dict[str, Any]], http: list[dict[str, Any]]) -> None:
        self.tag, self.fetch, self.http = tag, fetch, http
        if self.state_file is not None:
            self.state_file.write_text(json.dumps({"tag": tag, "fetch": fetch}))

    def collect_node_http(self) -> None:
        """Append the HTTP calls bridged TypeScript made since the last collection."""
        if self.http_log is None or not self.http_log.exists():
            return
        lines = self.http_log.read_text().splitlines()
        self.http_log.write_text("")
        self.http.extend(json.loads(line) for line in lines if line.strip())

    def llm_target(self, url: str) -> str | None:
        if self.llm_base and url.startswith(self.llm_base):
            return url
        parts = urlsplit(url)
        if parts.hostname not in LLM_HOSTS and not LLM_PATHS.search(parts.path):
            return None
        at = parts.path.rfind("/v1/")
        if at >= 0:
            suffix = parts.path[at + 3 :]
        else:
            match = LLM_PATHS.search(parts.path)
            suffix = match.group(0) if match else ""
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.llm_base}{suffix}{query}"

    def answer(self, http: Any, request: Any) -> Any:
        """A stubbed response (`http` is the httpx module the request belongs to), or None."""
        url = unquote(str(request.url))
        # the app's own services (LUMOS_VERIFY_SERVICES: URL prefixes, e.g. a local Upstash
        # stand-in for its storage) are not tool HTTP: their calls go through, unrecorded
        services = [s for s in os.environ.get("LUMOS_VERIFY_SERVICES", "").split(",") if s]
        if any(url.startswith(s) for s in services):
            return None
        record: dict[str, Any] = {"method": request.method, "url": url}
        headers, body = sent_headers(request), sent_body(request)
        if headers:
            record["headers"] = headers
        if body is not None:
            record["body"] = body
        self.http.append(record)
        for stub in self.fetch:
            if stub.get("method") and str(stub["method"]).upper() != request.method:
                continue
            pattern = str(stub["url"])
            hit = (
                re.search(pattern[3:], url) is not None
                if pattern.startswith("re:")
                else pattern in url
            )
            if not hit:
                continue
            if stub.get("text") is not None:
                body = str(stub["text"]).encode()
                kind = "text/plain"
            else:
                body = json.dumps(stub.get("json")).encode()
                kind = "application/json"
            headers = {"content-type": kind, **(stub.get("headers") or {})}
            return http.Response(
                int(stub.get("status") or 200), content=body, headers=headers, request=request
            )
        record["unstubbed"] = True
        if request.url.host in LOOPBACK:
            return None  # an unstubbed loopback call goes through
        body = json.dumps({"error": f"no stub for {url}"}).encode()
        return http.Response(
            404, content=body, headers={"content-type": "application/json"}, request=request
        )

    def install(self) -> None:
        """Patch the sync and async transports of httpx (and httpx2, which the OpenAI SDK
        may use), so clients created anywhere in the app are covered."""
        for name in ("httpx", "httpx2"):
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            self._patch(module)
        self._route_lean_client()

    def _route_lean_client(self) -> None:
        """Lumos's own OpenAI-compatible client does not use httpx: give it the same route."""
        from lumosai.llm import openai_client

        def route(url: str) -> tuple[str, list[tuple[str, str]]] | None:
            target = self.llm_target(url)
            return None if target is None else (target, [("x-lumos-verify", f"lumos|{self.tag}")])

        openai_client.set_route(route)

    def _patch(self, http: Any) -> None:
        stubs = self
        real_async = http.AsyncHTTPTransport.handle_async_request
        real_sync = http.HTTPTransport.handle_request

        def route(request: Any) -> Any:
            target = stubs.llm_target(str(request.url))
            if target is not None:
                request.url = http.URL(target)
                request.headers["host"] = request.url.netloc.decode()
                request.headers["x-lumos-verify"] = f"lumos|{stubs.tag}"
                return None
            return stubs.answer(http, request)

        async def handle_async(self: Any, request: Any) -> Any:
            answer = route(request)
            return answer if answer is not None else await real_async(self, request)

        def handle_sync(self: Any, request: Any) -> Any:
            answer = route(request)
            return answer if answer is not None else real_sync(self, request)

        http.AsyncHTTPTransport.handle_async_request = handle_async
        http.HTTPTransport.handle_request = handle_sync


def plain(value: Any) -> Any:
    """JSON data of a result (pydantic models dumped, unknown objects as text)."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    try:
        # NaN and the infinities become null, as JSON.stringify makes them on the Mastra side
        return json.loads(json.dumps(value, default=_default), parse_constant=lambda _: None)
    except (TypeError, ValueError):
        return str(value)


def _default(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return str(value)


#: Headers every client adds by itself (httpx, Node's fetch): not what a tool chose to send.
TRANSPORT_HEADERS = frozenset(
    {
        "host",
        "user-agent",
        "accept-encoding",
        "connection",
        "content-length",
        "content-type",
        "transfer-encoding",
    }
)


def sent_headers(request: Any) -> dict[str, str]:
    """The headers a tool set (lower-case names), as fetch_stub.mjs records them; values
    without surrounding whitespace, which is not part of a header's value (Node's Headers
    drops it, httpx sends it)."""
    return {
        k.lower(): v.strip()
        for k, v in request.headers.items()
        if k.lower() not in TRANSPORT_HEADERS and not (k.lower() == "accept" and v == "*/*")
    }


def sent_body(request: Any) -> Any:
    """The request body: parsed JSON, else text; None without one."""
    try:
        raw = request.content
    except Exception:  # a streamed body not read yet
        return None
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def tool_result(r: Any) -> dict[str, Any]:
    """One tool result; a failure handed to the model as a value (Mastra 0.x's
    TOOL_EXECUTION_FAILED object, Mastra's `{error: true, message, validationErrors}`) counts as
    a failure, as runner.mjs counts it on the Mastra side."""
    value = plain(r.result)
    failed = bool(r.is_error) or failure_object(value)
    return {
        "id": r.id,
        "name": r.name,
        "result": (error_text(value.get("message") if isinstance(value, dict) else r.result))
        if failed
        else value,
        "isError": failed,
    }


def failure_object(value: Any) -> bool:
    """A tool failure returned as a value (see `tool_result`)."""
    if not isinstance(value, dict):
        return False
    return value.get("code") == "TOOL_EXECUTION_FAILED" or (
        value.get("error") is True and "validationErrors" in value
    )


def error_text(error: Any) -> str | None:
    if error is None:
        return None
    return str(error)


def silence_scorers(app: Any) -> None:
    """Agent scorers are evaluation, not behaviour; they are off on the Mastra side too."""
    for key in list(getattr(app, "agents", lambda: {})()):
        agent = app.agent(key)
        if isinstance(getattr(agent, "scorers", None), dict):
            agent.scorers = {}


def load_app(app_dir: Path) -> Any:
    sys.path.insert(0, str(app_dir))
    spec = importlib.util.spec_from_file_location("lumos_verify_app", app_dir / "app.py")
    if spec is None or spec.loader is None:
        raise RuntimeError(f"{app_dir / 'app.py'} cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    build = getattr(module, "build_app", None)
    return build() if callable(build) else module.app


async def agent_turn(
    agent: Any, scenario: dict[str, Any], turn: dict[str, Any], run_id: str | None = None
) -> dict[str, Any]:
    """One turn; a `resume` turn (no message) resumes the run `run_id` the previous turn
    left suspended, as runner.mjs does with `agent.resumeGenerate`."""
    kwargs: dict[str, Any] = {"max_steps": turn.get("max_steps") or 5}
    if scenario.get("context"):
        kwargs["runtime_context"] = dict(scenario["context"])
    if scenario.get("thread"):
        kwargs["thread_id"] = scenario["thread"]
        kwargs["resource_id"] = scenario.get("resource") or "verify-user"
    try:
        if turn.get("message") is None:
            context = kwargs.get("runtime_context")
            result = await agent.resume_generate(
                turn.get("resume"), run_id=run_id or "", runtime_context=context
            )
        else:
            result = await agent.generate(turn["message"], **kwargs)
    except Exception as exc:
        return {
            "text": "",
            "object": None,
            "finishReason": "error",
            "toolCalls": [],
            "toolResults": [],
            "error": f"{type(exc).__name__}: {exc}",
        }
    return {
        "text": result.text or "",
        "object": plain(result.object),
        "finishReason": result.finish_reason,
        "runId": result.run_id,
        "suspendPayload": plain(result.suspend_payload),
        "toolCalls": [
            {"id": c.id, "name": c.name, "args": plain(c.args)} for c in result.tool_calls
        ],
        "toolResults": [tool_result(r) for r in result.tool_results],
        "error": None,
    }


def workflow_summary(result: Any) -> dict[str, Any]:
    return {
        "status": result.status,
        "result": plain(result.result),
        "error": error_text(result.error),
        "suspended": plain(result.suspended),
        "steps": {
            STEP_KEY.sub(r"\1", key): {
                # Lumos names a step that called bail() "bailed"; Mastra 1.x calls it "success"
                "status": "success" if step.status == "bailed" else step.status,
                "output": plain(step.output),
                "suspendPayload": plain(step.suspend_payload),
                "error": error_text(step.error),
            }
            for key, step in result.steps.items()
        },
    }


def failed(error: BaseException) -> dict[str, Any]:
    return {
        "status": "error",
        "result": None,
        "error": f"{type(error).__name__}: {error}",
        "suspended": [],
        "steps": {},
    }


async def run_workflow(app: Any, scenario: dict[str, Any]) -> dict[str, Any]:
    workflow = app.workflow(scenario["target"])
    run = workflow.create_run()
    out: dict[str, Any] = {}
    events = dict(scenario.get("events") or {})
    try:
        context = dict(scenario.get("context") or {}) or None
        result = await run.start(scenario.get("input"), runtime_context=context)
        # a 0.x waitForEvent step becomes suspend/resume in Lumos: deliver the scenario's
        # event as resume data, inside the start phase (as Mastra's run.sendEvent does)
        while result.status == "suspended" and events:
            waiting = next((p[-1] for p in result.suspended if p and p[-1] in events), None)
            if waiting is None:
                break
            result = await run.resume(waiting, events.pop(waiting).get("data"))
        out["start"] = workflow_summary(result)
        if scenario.get("legacy"):
            out["start"]["result"] = None  # legacy runs have no result, only step results
            # as runner.mjs: `__<step>_if_1`-style entries are Mastra's bookkeeping steps
            steps = out["start"]["steps"]
            out["start"]["steps"] = {k: v for k, v in steps.items() if not k.startswith("__")}
    except Exception as exc:
        out["start"] = failed(exc)
        return out
    resume = scenario.get("resume")
    if out["start"]["status"] == "suspended" and resume:
        try:
            result = await run.resume(
                resume.get("step"),
                resume.get("resumeData"),
                runtime_context=dict(scenario.get("context") or {}) or None,
            )
            out["resume"] = workflow_summary(result)
        except Exception as exc:
            out["resume"] = failed(exc)
    return out


async def run_all(app_dir: Path, scenarios: list[dict[str, Any]], stubs: Stubs) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        app = load_app(app_dir)
    except Exception as exc:
        import traceback

        return {"loadError": "".join(traceback.format_exception(exc))}
    silence_scorers(app)
    results: dict[str, Any] = {}
    for scenario in scenarios:
        stubs.set(scenario["name"], scenario.get("fetch") or [], [])
        out: dict[str, Any] = {"http": stubs.http}
        try:
            if scenario["kind"] == "agent":
                agent = app.agent(scenario["target"])
                out["turns"] = []
                for index, turn in enumerate(scenario["turns"]):
                    stubs.set(f"{scenario['name']}|{index}", stubs.fetch, stubs.http)
                    last = out["turns"][-1].get("runId") if out["turns"] else None
                    out["turns"].append(await agent_turn(agent, scenario, turn, last))
            else:
                out["workflow"] = await run_workflow(app, scenario)
        except Exception as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"
        stubs.collect_node_http()
        results[scenario["name"]] = out
    return {"results": results, "ms": (time.perf_counter() - started) * 1000}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    app_dir = Path(args[0]).resolve()
    scenarios = json.loads(Path(args[1]).read_text(encoding="utf-8"))
    stubs = Stubs(os.environ.get("MOCK_LLM_BASE", ""), Path.cwd())
    stubs.install()
    stubs.share_with_node()
    outcome = asyncio.run(run_all(app_dir, scenarios, stubs))
    sys.stdout.write(f"\n{MARK}{json.dumps(outcome, default=str)}\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
