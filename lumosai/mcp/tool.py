"""``MCPTool``: a lumosai ``Tool`` that calls one tool of one MCP server."""

from __future__ import annotations

from typing import Any

from mcp_types import CallToolResult

from lumosai.mcp.connection import ServerConnection
from lumosai.mcp.errors import MCPRequestError, MCPToolError
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext


def result_value(result: CallToolResult) -> Any:
    """What the tool returns, as Mastra's client does: the structured content when the server
    sent one, else the whole result envelope ``{"content": [...], "isError": false}``."""
    if result.structured_content is not None:
        return result.structured_content
    return {
        "content": [
            block.model_dump(mode="json", by_alias=True, exclude_none=True)
            for block in result.content
        ],
        "isError": bool(result.is_error),
    }


def error_text(result: CallToolResult) -> str:
    texts = [getattr(block, "text", None) for block in result.content]
    found = [t for t in texts if isinstance(t, str) and t]
    return "\n".join(found) or "the server reported an error without a message"


class MCPTool(Tool):
    """Named ``<server>_<tool>`` like Mastra's ``listTools()``; ``tool_name`` is the server's name.

    An ``isError`` result raises ``MCPToolError``; an agent turns it into an error tool result,
    so a failing server never ends the agent's run."""

    def __init__(
        self,
        connection: ServerConnection,
        tool_name: str,
        description: str,
        parameters: dict[str, Any],
        output_schema: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            id=f"{connection.name}_{tool_name}",
            description=description,
            parameters=parameters or {"type": "object", "properties": {}},
            output_schema=output_schema,
        )
        self.server_name = connection.name
        self.tool_name = tool_name
        self._connection = connection

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        try:
            result = await self._connection.request(
                f"call tool {self.tool_name!r}",
                lambda client: client.call_tool(self.tool_name, args),
            )
        except MCPRequestError as exc:
            raise MCPToolError(self.server_name, self.tool_name, exc.detail) from exc
        if result.is_error:
            raise MCPToolError(self.server_name, self.tool_name, error_text(result))
        return result_value(result)
