"""Errors of the MCP client and server: each names the server and what to check."""

from __future__ import annotations


class MCPClientError(RuntimeError):
    """Base class: something went wrong talking to an MCP server."""

    def __init__(self, server: str, message: str) -> None:
        super().__init__(f"MCP server {server!r}: {message}")
        self.server = server
        self.detail = message


class MCPConnectionError(MCPClientError):
    """The server could not be started or reached, or it went away (exited, closed the stream,
    answered with something that is not JSON-RPC)."""


class MCPTimeoutError(MCPClientError):
    """The server did not answer within the timeout."""


class MCPRequestError(MCPClientError):
    """The server answered a request with a JSON-RPC error."""


class MCPToolError(MCPRequestError):
    """The server ran the tool and reported an error (``isError`` result or JSON-RPC error)."""

    def __init__(self, server: str, tool: str, message: str) -> None:
        super().__init__(server, f"tool {tool!r} failed: {message}")
        self.tool = tool


class MCPServerDefinitionError(ValueError):
    """A server entry of ``MCPClient(servers=...)`` is malformed."""
