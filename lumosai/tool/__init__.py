"""Tools: the ``Tool`` base class, ``@tool`` for functions, and the execution context."""

from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext
from lumosai.tool.errors import ToolError, ToolValidationError
from lumosai.tool.function import FunctionTool, create_tool, to_jsonable, tool
from lumosai.tool.mcp_context import MCPElicitation, MCPRequestExtra, MCPToolContext
from lumosai.tool.signature import Parameter, parameter

__all__ = [
    "FunctionTool",
    "MCPElicitation",
    "MCPRequestExtra",
    "MCPToolContext",
    "Parameter",
    "Tool",
    "ToolError",
    "ToolExecutionContext",
    "ToolValidationError",
    "create_tool",
    "parameter",
    "to_jsonable",
    "tool",
]
