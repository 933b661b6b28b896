"""``MCPServer``: expose Lumos tools, agents (``ask_<key>``) and workflows (``run_<key>``),
plus static or computed resources and prompts, over stdio or Streamable HTTP.

Built on the SDK's low-level ``Server`` because our tools carry JSON schemas already.
A tool that raises becomes an ``isError`` result naming the error, as in Mastra.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server

from lumosai.mcp.elicitation import InputNeeded, answers_of, input_required, tool_context
from lumosai.mcp.exposed import AskAgentTool, RunWorkflowTool
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext

log = logging.getLogger("lumosai.mcp")


@dataclass(slots=True)
class MCPResource:
    """A resource: fixed ``text`` or a ``read()`` function (sync or async) returning text."""

    uri: str
    name: str
    description: str | None = None
    mime_type: str = "text/plain"
    text: str | None = None
    read: Callable[[], Any] | None = None


@dataclass(slots=True)
class MCPPrompt:
    """A prompt template: ``render(args)`` (sync or async) returns a user-message text, or a
    list of ``{"role", "content"}`` dicts; ``template`` is a ``str.format`` shortcut."""

    name: str
    description: str | None = None
    arguments: list[dict[str, Any]] = field(default_factory=list)
    template: str | None = None
    render: Callable[[dict[str, str]], Any] | None = None


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def _call(fn: Callable[..., Any], argument: dict[str, Any]) -> Any:
    """Call a Mastra-style callback with its one options argument, if it takes one."""
    try:
        takes = bool(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        takes = True
    return await _maybe_await(fn(argument) if takes else fn())


def _callback(callbacks: Mapping[str, Any], *names: str) -> Callable[..., Any] | None:
    for name in names:
        found = callbacks.get(name)
        if callable(found):
            return found
    return None


class _Resources:
    """Resources from a list of ``MCPResource``s, or from Mastra-style callbacks
    ``{"list_resources": fn(), "get_resource_content": fn({"uri"})}`` (camelCase accepted);
    callbacks take one dict argument and return plain data."""

    def __init__(self, given: Iterable[MCPResource] | Mapping[str, Any] | None) -> None:
        self.static: dict[str, MCPResource] = {}
        self.lister: Callable[..., Any] | None = None
        self.reader: Callable[..., Any] | None = None
        if isinstance(given, Mapping):
            self.lister = _callback(given, "list_resources", "listResources")
            self.reader = _callback(given, "get_resource_content", "getResourceContent")
            if self.lister is None or self.reader is None:
                raise ValueError(
                    "MCPServer resources as callbacks need list_resources and get_resource_content"
                )
        else:
            self.static = {r.uri: r for r in given or []}

    def __bool__(self) -> bool:
        return bool(self.static) or self.lister is not None

    async def listing(self) -> list[types.Resource]:
        if self.lister is None:
            return [
                types.Resource(
                    uri=r.uri, name=r.name, description=r.description, mime_type=r.mime_type
                )
                for r in self.static.values()
            ]
        found = await _call(self.lister, {})
        return [
            types.Resource(
                uri=str(r["uri"]),
                name=str(r.get("name") or r["uri"]),
                description=r.get("description"),
                mime_type=r.get("mimeType") or r.get("mime_type"),
            )
            for r in found or []
        ]

    async def read(self, uri: str) -> types.ReadResourceResult:
        from mcp import MCPError

        if self.reader is not None:
            listed = {r.uri: r for r in await self.listing()}
            if uri not in listed:
                raise MCPError(types.INVALID_PARAMS, f"Resource not found: {uri}")
            content = await _call(self.reader, {"uri": uri})
            items = content if isinstance(content, list) else [content]
            return types.ReadResourceResult(
                contents=[
                    types.TextResourceContents(
                        uri=uri,
                        mime_type=listed[uri].mime_type,
                        text=str(item.get("text", "") if isinstance(item, Mapping) else item),
                    )
                    for item in items
                ]
            )
        resource = self.static.get(uri)
        if resource is None:
            raise MCPError(types.INVALID_PARAMS, f"Resource not found: {uri}")
        text = resource.text
        if resource.read is not None:
            text = str(await _maybe_await(resource.read()))
        return types.ReadResourceResult(
            contents=[
                types.TextResourceContents(uri=uri, mime_type=resource.mime_type, text=text or "")
            ]
        )


class _Prompts:
    """Prompts from ``MCPPrompt``s, or Mastra-style callbacks ``{"list_prompts": fn(),
    "get_prompt_messages": fn({"name", "args"})}`` returning ``[{role, content}]``."""

    def __init__(self, given: Iterable[MCPPrompt] | Mapping[str, Any] | None) -> None:
        self.static: dict[str, MCPPrompt] = {}
        self.lister: Callable[..., Any] | None = None
        self.getter: Callable[..., Any] | None = None
        if isinstance(given, Mapping):
            self.lister = _callback(given, "list_prompts", "listPrompts")
            self.getter = _callback(given, "get_prompt_messages", "getPromptMessages")
            if self.lister is None or self.getter is None:
                raise ValueError(
                    "MCPServer prompts as callbacks need list_prompts and get_prompt_messages"
                )
        else:
            self.static = {p.name: p for p in given or []}

    def __bool__(self) -> bool:
        return bool(self.static) or self.lister is not None

    async def _infos(self) -> list[MCPPrompt]:
        if self.lister is None:
            return list(self.static.values())
        found = await _call(self.lister, {})
        return [
            MCPPrompt(
                name=str(p["name"]),
                description=p.get("description"),
                arguments=list(p.get("arguments") or []),
            )
            for p in found or []
        ]

    async def listing(self) -> list[types.Prompt]:
        return [
            types.Prompt(
                name=p.name,
                description=p.description,
                arguments=[types.PromptArgument(**a) for a in p.arguments],
            )
            for p in await self._infos()
        ]

    async def get(self, name: str, args: dict[str, str]) -> types.GetPromptResult:
        from mcp import MCPError

        known = {p.name: p for p in await self._infos()}
        prompt = known.get(name)
        if prompt is None:
            raise MCPError(types.INVALID_PARAMS, f"Prompt not found: {name}")
        if self.getter is not None:
            rendered = await _call(self.getter, {"name": name, "args": args})
        elif prompt.render is not None:
            rendered = await _maybe_await(prompt.render(args))
        else:
            rendered = (prompt.template or "").format(**args)
        items = [{"role": "user", "content": rendered}] if isinstance(rendered, str) else rendered
        messages = []
        for item in items:
            content = item["content"]
            text = content.get("text", "") if isinstance(content, Mapping) else content
            messages.append(
                types.PromptMessage(
                    role="assistant" if item.get("role") == "assistant" else "user",
                    content=types.TextContent(type="text", text=str(text)),
                )
            )
        return types.GetPromptResult(description=prompt.description, messages=messages)


def _tools_by_name(tools: Mapping[str, Any] | Iterable[Any] | None) -> dict[str, Tool]:
    from lumosai.tool import tool as make_tool

    out: dict[str, Tool] = {}
    items: Iterable[tuple[str | None, Any]] = (
        tools.items() if isinstance(tools, Mapping) else ((None, t) for t in tools or [])
    )
    for key, value in items:
        found = value if isinstance(value, Tool) else make_tool(value)
        out[key or found.id] = found
    return out


def to_call_result(tool: Tool, value: Any) -> types.CallToolResult:
    """A tool's return value as MCP content: text as is, anything else as JSON; with an
    output schema (and an object value) also as ``structuredContent``."""
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        value = dump(mode="json")
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    structured = value if tool.output_schema and isinstance(value, dict) else None
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=text)],
        structured_content=structured,
        is_error=False,
    )


def error_result(message: str) -> types.CallToolResult:
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=message)], is_error=True
    )


class MCPServer:
    """``MCPServer(name=, version=, tools=, agents=, workflows=, resources=, prompts=)``.

    ``await server.start_stdio()`` serves one client on stdin/stdout (for ``command:`` entries);
    ``url = await server.start_http(port=0)`` serves Streamable HTTP on 127.0.0.1 in the
    background until ``await server.close()``; ``streamable_http_app()`` gives the ASGI app to
    mount elsewhere."""

    def __init__(
        self,
        *,
        name: str,
        version: str = "1.0.0",
        tools: Mapping[str, Any] | Iterable[Any] | None = None,
        agents: Mapping[str, Any] | None = None,
        workflows: Mapping[str, Any] | None = None,
        resources: Iterable[MCPResource] | Mapping[str, Any] | None = None,
        prompts: Iterable[MCPPrompt] | Mapping[str, Any] | None = None,
        id: str | None = None,
        description: str | None = None,
        instructions: str | None = None,
    ) -> None:
        if not name:
            raise ValueError("MCPServer needs a name")
        self.name = name
        self.id = id or name
        self.version = version
        self.description = description
        self.instructions = instructions
        self.tools: dict[str, Tool] = _tools_by_name(tools)
        for key, agent in (agents or {}).items():
            self._add(AskAgentTool(key, agent), f"agent {key!r}")
        for key, workflow in (workflows or {}).items():
            self._add(RunWorkflowTool(key, workflow), f"workflow {key!r}")
        self.resources = _Resources(resources)
        self.prompts = _Prompts(prompts)
        self._http_task: asyncio.Task[None] | None = None
        self._uvicorn: Any = None

    def __repr__(self) -> str:
        return f"MCPServer(name={self.name!r}, tools={list(self.tools)})"

    def _add(self, tool: Tool, what: str) -> None:
        if tool.id in self.tools:
            log.warning(
                "MCPServer %r: tool %r already exists; %s is not exposed", self.name, tool.id, what
            )
            return
        self.tools[tool.id] = tool

    # ------------------------------------------------------------------ handlers
    async def call_tool(
        self,
        name: str,
        arguments: dict[str, Any] | None,
        request: ServerRequestContext[Any] | None = None,
        params: types.CallToolRequestParams | None = None,
    ) -> types.CallToolResult | types.InputRequiredResult:
        """Run one tool; with the SDK's ``request`` context the tool gets ``context.mcp``
        (elicitation and notifications back to the calling client)."""
        tool = self.tools.get(name)
        if tool is None:
            return error_result(f"Unknown tool: {name}")
        answers = answers_of(params)
        context = ToolExecutionContext(
            mcp=tool_context(self.name, request, answers) if request is not None else None
        )
        try:
            value = await tool.execute(arguments or {}, context)
        except InputNeeded as need:  # new protocol: ask the client, the call comes back
            return input_required(need, answers)
        except Exception as exc:  # the client gets the error, the server keeps serving
            log.info("MCPServer %r: tool %r failed: %s", self.name, name, exc)
            return error_result(f"{type(exc).__name__}: {exc}")
        return to_call_result(tool, value)

    def _tool_listing(self) -> list[types.Tool]:
        return [
            types.Tool(
                name=name,
                description=tool.description,
                input_schema=tool.parameters,
                output_schema=tool.output_schema,
            )
            for name, tool in self.tools.items()
        ]

    def lowlevel(self) -> Server[Any]:
        """The SDK ``Server`` with our handlers (fresh per call: one per transport)."""

        async def list_tools(_: ServerRequestContext[Any], __: Any) -> types.ListToolsResult:
            return types.ListToolsResult(tools=self._tool_listing())

        async def call_tool(
            request: ServerRequestContext[Any], params: types.CallToolRequestParams
        ) -> types.CallToolResult | types.InputRequiredResult:
            arguments = dict(params.arguments or {})
            return await self.call_tool(params.name, arguments, request, params)

        async def list_resources(
            _: ServerRequestContext[Any], __: Any
        ) -> types.ListResourcesResult:
            return types.ListResourcesResult(resources=await self.resources.listing())

        async def read_resource(
            _: ServerRequestContext[Any], params: types.ReadResourceRequestParams
        ) -> types.ReadResourceResult:
            return await self.resources.read(str(params.uri))

        async def list_prompts(_: ServerRequestContext[Any], __: Any) -> types.ListPromptsResult:
            return types.ListPromptsResult(prompts=await self.prompts.listing())

        async def get_prompt(
            _: ServerRequestContext[Any], params: types.GetPromptRequestParams
        ) -> types.GetPromptResult:
            return await self.prompts.get(params.name, dict(params.arguments or {}))

        handlers: dict[str, Any] = {
            "on_list_tools": list_tools,
            "on_call_tool": call_tool,
        }
        if self.resources:
            handlers |= {"on_list_resources": list_resources, "on_read_resource": read_resource}
        if self.prompts:
            handlers |= {"on_list_prompts": list_prompts, "on_get_prompt": get_prompt}
        return Server(
            self.name,
            version=self.version,
            description=self.description,
            instructions=self.instructions,
            **handlers,
        )

    # ------------------------------------------------------------------ transports
    async def start_stdio(self) -> None:
        """Serve one client over this process's stdin/stdout until it closes the stream."""
        server = self.lowlevel()
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    def run_stdio(self) -> None:
        """Blocking ``start_stdio`` for ``if __name__ == "__main__":`` scripts."""
        asyncio.run(self.start_stdio())

    def streamable_http_app(self, path: str = "/mcp") -> Any:
        """The Starlette ASGI app serving Streamable HTTP at ``path``."""
        return self.lowlevel().streamable_http_app(streamable_http_path=path)

    async def start_http(
        self, *, host: str = "127.0.0.1", port: int = 0, path: str = "/mcp"
    ) -> str:
        """Serve Streamable HTTP in the background; returns the URL (``port=0`` picks one)."""
        import uvicorn

        if self._http_task is not None:
            raise RuntimeError(f"MCPServer {self.name!r} is already serving HTTP")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        bound_port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.streamable_http_app(path), log_level="warning", lifespan="on", access_log=False
        )
        self._uvicorn = uvicorn.Server(config)
        self._http_task = asyncio.create_task(self._uvicorn.serve(sockets=[sock]))
        while not self._uvicorn.started:
            if self._http_task.done():
                self._http_task.result()
            await asyncio.sleep(0.01)
        return f"http://{host}:{bound_port}{path}"

    async def close(self) -> None:
        """Stop the HTTP server started by ``start_http``."""
        task, server = self._http_task, self._uvicorn
        self._http_task, self._uvicorn = None, None
        if task is None:
            return
        server.should_exit = True
        try:
            await asyncio.wait_for(task, 10)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
