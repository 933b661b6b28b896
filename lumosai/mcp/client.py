"""``MCPClient`` (Mastra 1.x) / ``MCPConfiguration`` (Lumos, Mastra 0.x): tools, resources and
prompts of several MCP servers, stdio or Streamable HTTP, as lumosai objects."""

from __future__ import annotations

import asyncio
import builtins
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from mcp import Client

from lumosai.mcp.connection import ServerConnection
from lumosai.mcp.definition import ServerDefinition, as_definition
from lumosai.mcp.elicitation import Elicitation, ElicitationHandler
from lumosai.mcp.errors import MCPClientError, MCPServerDefinitionError
from lumosai.mcp.tool import MCPTool
from lumosai.tool.base import Tool

log = logging.getLogger("lumosai.mcp")

DEFAULT_TIMEOUT = 60.0
"""Seconds, Mastra's default (``timeout: 60000`` ms)."""


def _dump(model: Any) -> dict[str, Any]:
    """JSON shape by protocol names, without the envelope's caching and meta fields."""
    dumped: dict[str, Any] = model.model_dump(
        mode="json",
        by_alias=True,
        exclude_none=True,
        exclude={"meta", "ttl_ms", "cache_scope", "result_type"},
    )
    return dumped


class MCPClient:
    """``MCPClient(servers={"fs": {"command": "npx", "args": [...]}, "web": {"url": ...}})``.

    Servers connect on first use. ``await client.get_tools()`` gives ``{"<server>_<tool>":
    Tool}`` for ``Agent(tools=...)``; a server that cannot be reached is skipped with a log line
    (``list_tools_with_errors()`` says why). Use ``await client.disconnect()`` (or ``async
    with``) to stop stdio processes. ``elicitation={"server": handler}`` (or
    ``client.elicitation.on_request("server", handler)``) answers the servers' requests for
    user input: the handler gets ``{"message", "requestedSchema"}`` and returns ``{"action",
    "content"}``."""

    def __init__(
        self,
        servers: Mapping[str, Any],
        *,
        id: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        elicitation: Mapping[str, ElicitationHandler] | None = None,
    ) -> None:
        if not isinstance(servers, Mapping) or not servers:
            raise MCPServerDefinitionError("MCPClient needs servers={name: definition, ...}")
        self.id = id
        self.timeout = float(timeout)
        self.servers: dict[str, ServerDefinition] = {
            name: as_definition(name, value) for name, value in servers.items()
        }
        self.elicitation = Elicitation(self.servers, elicitation)
        for name, value in servers.items():
            handler = value.get("inputRequests") if isinstance(value, Mapping) else None
            if callable(handler):  # Mastra 2.0 server definitions answer input requests
                self.elicitation.on_input_requests(name, handler)
        self._connections = {
            name: ServerConnection(name, definition, self.timeout, self.elicitation.callback(name))
            for name, definition in self.servers.items()
        }
        self.resources = _Resources(self)
        self.prompts = _Prompts(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(servers={list(self.servers)})"

    async def __aenter__(self) -> MCPClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.disconnect()

    def connection(self, server: str) -> ServerConnection:
        found = self._connections.get(server)
        if found is None:
            raise MCPClientError(
                server, f"not configured; known servers: {', '.join(self.servers)}"
            )
        return found

    async def connect(self) -> None:
        """Connect every server now (otherwise each connects on first use)."""
        await asyncio.gather(*(c.client() for c in self._connections.values()))

    async def disconnect(self) -> None:
        """Close every session; stdio server processes are stopped."""
        await asyncio.gather(*(c.close() for c in self._connections.values()))

    # ------------------------------------------------------------------ tools
    async def server_tools(self, server: str) -> dict[str, MCPTool]:
        """The tools of one server, keyed by the server's own tool names."""
        connection = self.connection(server)
        listing = await connection.request("list tools", _list_all_tools)
        return {
            t.name: MCPTool(
                connection,
                t.name,
                t.description or "",
                dict(t.input_schema or {}),
                dict(t.output_schema) if t.output_schema else None,
            )
            for t in listing
        }

    async def list_tools_with_errors(self) -> tuple[dict[str, Tool], dict[str, str]]:
        """``(tools, errors)``: namespaced tools of the reachable servers, and why others failed."""
        names = list(self._connections)
        found = await asyncio.gather(*(self.server_tools(n) for n in names), return_exceptions=True)
        tools: dict[str, Tool] = {}
        errors: dict[str, str] = {}
        for name, result in zip(names, found, strict=True):
            if isinstance(result, BaseException):
                if isinstance(result, asyncio.CancelledError):
                    raise result
                errors[name] = str(result)
                log.warning("MCP: skipping the tools of server %r: %s", name, result)
                continue
            for tool in result.values():
                tools[tool.id] = tool
        return tools, errors

    async def get_tools(self) -> dict[str, Tool]:
        """Every server's tools as ``{"<server>_<tool>": Tool}`` (Mastra ``listTools()``)."""
        return (await self.list_tools_with_errors())[0]

    async def get_toolsets(self) -> dict[str, dict[str, Tool]]:
        """``{server: {tool_name: Tool}}`` for per-call toolsets (Mastra ``listToolsets()``)."""
        names = list(self._connections)
        found = await asyncio.gather(*(self.server_tools(n) for n in names), return_exceptions=True)
        toolsets: dict[str, dict[str, Tool]] = {}
        for name, result in zip(names, found, strict=True):
            if isinstance(result, BaseException):
                if isinstance(result, asyncio.CancelledError):
                    raise result
                log.warning("MCP: skipping the tools of server %r: %s", name, result)
                continue
            toolsets[name] = dict(result)
        return toolsets

    def dynamic_tools(self) -> Callable[[Any], Awaitable[dict[str, Tool]]]:
        """For ``Agent(tools=client.dynamic_tools())``, the form of Mastra's start-up
        ``tools: await mcp.listTools()``: the servers' tools are listed on the agent's first
        run and reused (listed again while none could be reached)."""
        found: dict[str, Tool] = {}

        async def resolve(_: Any = None) -> dict[str, Tool]:
            if not found:
                found.update(await self.get_tools())
            return dict(found)

        return resolve

    # Mastra 1.x names
    list_tools = get_tools
    list_toolsets = get_toolsets

    async def call_tool(self, server: str, tool: str, args: dict[str, Any] | None = None) -> Any:
        """Call one tool directly; returns what the tool object would."""
        tools = await self.server_tools(server)
        if tool not in tools:
            raise MCPClientError(server, f"has no tool {tool!r}; it has {', '.join(tools)}")
        return await tools[tool].execute(args or {})

    async def _per_server(self, what: str, fetch: Any) -> dict[str, Any]:
        names = list(self._connections)
        found = await asyncio.gather(
            *(self._connections[n].request(what, fetch) for n in names), return_exceptions=True
        )
        out: dict[str, Any] = {}
        for name, result in zip(names, found, strict=True):
            if isinstance(result, BaseException):
                if isinstance(result, asyncio.CancelledError):
                    raise result
                log.warning("MCP: %s failed on server %r: %s", what, name, result)
                out[name] = []
                continue
            out[name] = result
        return out


async def _list_all_tools(client: Client) -> list[Any]:
    tools: list[Any] = []
    cursor: str | None = None
    for _ in range(100):
        page = await client.list_tools(cursor=cursor)
        tools.extend(page.tools)
        cursor = page.next_cursor
        if not cursor:
            break
    return tools


def _supports(client: Client, capability: str) -> bool:
    return getattr(client.server_capabilities, capability, None) is not None


class _Resources:
    """``client.resources.list() / templates() / read(server, uri)`` (Mastra's shape)."""

    def __init__(self, owner: MCPClient) -> None:
        self._owner = owner

    async def list(self) -> dict[str, builtins.list[dict[str, Any]]]:
        async def fetch(client: Client) -> builtins.list[dict[str, Any]]:
            if not _supports(client, "resources"):
                return []
            return [_dump(r) for r in (await client.list_resources()).resources]

        return await self._owner._per_server("list resources", fetch)

    async def templates(self) -> dict[str, builtins.list[dict[str, Any]]]:
        async def fetch(client: Client) -> builtins.list[dict[str, Any]]:
            if not _supports(client, "resources"):
                return []
            listing = await client.list_resource_templates()
            return [_dump(t) for t in listing.resource_templates]

        return await self._owner._per_server("list resource templates", fetch)

    async def read(self, server: str, uri: str) -> dict[str, Any]:
        result = await self._owner.connection(server).request(
            f"read resource {uri!r}", lambda client: client.read_resource(uri)
        )
        return _dump(result)


class _Prompts:
    """``client.prompts.list() / get(server_name=, name=, args=)`` (Mastra's shape)."""

    def __init__(self, owner: MCPClient) -> None:
        self._owner = owner

    async def list(self) -> dict[str, builtins.list[dict[str, Any]]]:
        async def fetch(client: Client) -> builtins.list[dict[str, Any]]:
            if not _supports(client, "prompts"):
                return []
            return [_dump(p) for p in (await client.list_prompts()).prompts]

        return await self._owner._per_server("list prompts", fetch)

    async def get(
        self, server_name: str, name: str, args: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        arguments = {k: str(v) for k, v in (args or {}).items()}
        result = await self._owner.connection(server_name).request(
            f"get prompt {name!r}", lambda client: client.get_prompt(name, arguments or None)
        )
        return _dump(result)


class MCPConfiguration(MCPClient):
    """The Lumos (and Mastra < 0.22) name of ``MCPClient``."""


__all__ = ["DEFAULT_TIMEOUT", "MCPClient", "MCPConfiguration"]
