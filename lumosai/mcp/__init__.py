"""MCP on the official ``mcp`` SDK: ``MCPClient`` / ``MCPConfiguration`` turn the tools of stdio
and Streamable HTTP servers into lumosai tools named ``<server>_<tool>``; ``MCPServer``
exposes Lumos tools, agents (``ask_<key>``) and workflows (``run_<key>``)."""

try:
    import mcp as _sdk  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("lumosai.mcp needs the MCP SDK: pip install 'lumosai[mcp]'") from exc

from lumosai.mcp.client import DEFAULT_TIMEOUT, MCPClient, MCPConfiguration
from lumosai.mcp.definition import ServerDefinition
from lumosai.mcp.errors import (
    MCPClientError,
    MCPConnectionError,
    MCPRequestError,
    MCPServerDefinitionError,
    MCPTimeoutError,
    MCPToolError,
)
from lumosai.mcp.server import MCPPrompt, MCPResource, MCPServer
from lumosai.mcp.tool import MCPTool

__all__ = [
    "DEFAULT_TIMEOUT",
    "MCPClient",
    "MCPClientError",
    "MCPConfiguration",
    "MCPConnectionError",
    "MCPPrompt",
    "MCPRequestError",
    "MCPResource",
    "MCPServer",
    "MCPServerDefinitionError",
    "MCPTimeoutError",
    "MCPTool",
    "MCPToolError",
    "ServerDefinition",
]
