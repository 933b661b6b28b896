"""Serve Python tools to a Mastra (TypeScript) app over JSON lines on stdio.

``python -m lumosai.compat.node.pyserve pkg.tools:weather pkg.tools:more_tools`` is what the
generated ``lumos-python-tools.ts`` starts. Node sends ``{id, op: "call", tool, args,
context}``; we answer ``{id, ok, result}`` or ``{id, ok: false, error: {name, message,
stack}}``. ``{op: "list"}`` returns the tool specs; ``{op: "cancel", id}`` cancels a call.
``--emit-ts FILE`` writes the TypeScript module instead of serving.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import threading
import traceback
from collections.abc import Iterable, Mapping
from typing import IO, Any

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.tool import Tool, ToolExecutionContext, to_jsonable


def _tools_in(value: Any, where: str) -> dict[str, Tool]:
    if isinstance(value, Tool):
        return {value.id: value}
    if isinstance(value, Mapping):
        found: dict[str, Tool] = {}
        for key, item in value.items():
            if not isinstance(item, Tool):
                raise TypeError(f"{where}[{key!r}] is {type(item).__name__}, not a lumosai Tool")
            found[str(key)] = item
        return found
    if isinstance(value, list | tuple):
        found = {}
        for item in value:
            found.update(_tools_in(item, where))
        return found
    inner = getattr(value, "tools", None)
    if inner is not None and not callable(inner):
        return _tools_in(inner, f"{where}.tools")
    raise TypeError(
        f"{where} is {type(value).__name__}; expected a lumosai Tool, a list or dict of tools, "
        "or an object with a .tools dict (an Agent or LumosApp)"
    )


def load_tools(targets: Iterable[str], *, search_path: str | None = None) -> dict[str, Tool]:
    """Import ``module:attr`` targets; the keys are the names the TypeScript side uses.

    ``search_path`` (e.g. the folder the Python process will run in) is tried first.
    """
    if search_path and search_path not in sys.path:
        sys.path.insert(0, search_path)
    tools: dict[str, Tool] = {}
    for target in targets:
        module_name, sep, attr = target.partition(":")
        if not sep or not module_name or not attr:
            raise ValueError(f"target {target!r} must look like 'package.module:attribute'")
        value: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            value = getattr(value, part)
        for name, found in _tools_in(value, target).items():
            if name in tools and tools[name] is not found:
                raise ValueError(f"two Python tools are named {name!r} ({target})")
            tools[name] = found
    return tools


def tool_specs(tools: Mapping[str, Tool]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "id": tool.id,
            "description": tool.description,
            "inputSchema": tool.parameters,
            "outputSchema": tool.output_schema,
        }
        for name, tool in tools.items()
    ]


def _context(data: Mapping[str, Any]) -> ToolExecutionContext:
    return ToolExecutionContext(
        thread_id=data.get("threadId"),
        resource_id=data.get("resourceId"),
        run_id=data.get("runId"),
        tool_call_id=data.get("toolCallId"),
        runtime_context=RuntimeContext(dict(data.get("requestContext") or {})),
    )


def _error(exc: BaseException) -> dict[str, Any]:
    stack = "".join(traceback.format_exception(exc))
    return {"name": type(exc).__name__, "message": str(exc), "stack": stack}


class ToolServer:
    """Runs calls concurrently on one event loop; answers in completion order."""

    def __init__(self, tools: Mapping[str, Tool], out: IO[bytes]) -> None:
        self.tools = dict(tools)
        self.out = out
        self.tasks: dict[Any, asyncio.Task[None]] = {}

    def send(self, message: dict[str, Any]) -> None:
        try:
            data = json.dumps(message, separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            data = json.dumps(
                {
                    "id": message.get("id"),
                    "ok": False,
                    "error": {
                        "name": "SerializationError",
                        "message": f"the tool result cannot be sent to Node as JSON: {exc}",
                        "stack": "",
                    },
                }
            )
        self.out.write(data.encode("utf-8") + b"\n")
        self.out.flush()

    def handle(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            print(f"pyserve: ignoring a line that is not JSON: {line[:200]!r}", file=sys.stderr)
            return
        op = message.get("op")
        call_id = message.get("id")
        if op == "cancel":
            task = self.tasks.get(call_id)
            if task is not None:
                task.cancel()
        elif op == "list":
            self.send({"id": call_id, "ok": True, "result": tool_specs(self.tools)})
        elif op == "call":
            task = asyncio.ensure_future(self.call(call_id, message))
            self.tasks[call_id] = task
            task.add_done_callback(lambda _t: self.tasks.pop(call_id, None))
        else:
            self.send(
                {
                    "id": call_id,
                    "ok": False,
                    "error": {
                        "name": "ProtocolError",
                        "message": f"unknown op {op!r}",
                        "stack": "",
                    },
                }
            )

    async def call(self, call_id: Any, message: Mapping[str, Any]) -> None:
        name = message.get("tool")
        tool = self.tools.get(str(name))
        if tool is None:
            known = ", ".join(sorted(self.tools)) or "(none)"
            self.send(
                {
                    "id": call_id,
                    "ok": False,
                    "error": {
                        "name": "ToolNotFound",
                        "message": f"no Python tool named {name!r} (served: {known})",
                        "stack": "",
                    },
                }
            )
            return
        try:
            result = await tool.execute(
                message.get("args") or {}, _context(message.get("context") or {})
            )
        except asyncio.CancelledError:
            return
        except Exception as exc:
            self.send({"id": call_id, "ok": False, "error": _error(exc)})
            return
        self.send({"id": call_id, "ok": True, "result": to_jsonable(result)})


def serve(tools: Mapping[str, Tool], stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """Serve until stdin closes."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = ToolServer(tools, stdout)
        finished = asyncio.Event()

        def read() -> None:
            for line in iter(stdin.readline, b""):
                loop.call_soon_threadsafe(server.handle, line)
            loop.call_soon_threadsafe(finished.set)

        threading.Thread(target=read, name="pyserve-stdin", daemon=True).start()
        await finished.wait()
        if server.tasks:
            await asyncio.gather(*server.tasks.values(), return_exceptions=True)

    asyncio.run(main())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lumosai.compat.node.pyserve",
        description="Serve Python tools to a Mastra app (JSON lines on stdio).",
    )
    parser.add_argument("targets", nargs="+", help="package.module:attribute (a tool, list, dict)")
    parser.add_argument("--emit-ts", metavar="FILE", help="write the TypeScript module and exit")
    parser.add_argument("--era", choices=["0", "1"], default="1", help="Mastra execute style")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.getcwd())
    tools = load_tools(args.targets)
    if args.emit_ts:
        from lumosai.compat.node.tsgen import write_python_tools_module

        path = write_python_tools_module(args.emit_ts, args.targets, tools=tools, era=args.era)
        print(f"wrote {path} ({len(tools)} tools)", file=sys.stderr)
        return 0
    # The protocol keeps the real stdout; fd 1 and sys.stdout now go to stderr, so output
    # from tools (print, C extensions, child processes) cannot corrupt it.
    sys.stdout.flush()
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(tools, sys.stdin.buffer, protocol_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
