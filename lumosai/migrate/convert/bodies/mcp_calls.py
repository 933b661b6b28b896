"""MCP client calls inside function bodies, onto `lumosai.mcp.MCPClient` (owned by the
evals-mcp engineer; hooked from methods.py by receiver type):

    await mcp.getTools()     / mcp.listTools()      -> await mcp.get_tools() / list_tools()
    await mcp.getToolsets()  / mcp.listToolsets()   -> await mcp.get_toolsets() / list_toolsets()
    await mcp.connect()      / mcp.disconnect()     -> await mcp.connect() / disconnect()

The Python methods return what Mastra's do: `{ "<server>_<tool>": tool }` and `{ server:
{ tool: tool } }` (dicts), so `Object.keys(tools)` and spreads into `tools` read the same. Any
other member, or arguments, fail the translation (the function is bridged).
"""

from __future__ import annotations

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py

#: Mastra method -> (MCPClient method, type of the awaited result)
CLIENT_METHODS: dict[str, tuple[str, JsType]] = {
    "getTools": ("get_tools", JsType.DICT),
    "listTools": ("list_tools", JsType.DICT),
    "getToolsets": ("get_toolsets", JsType.DICT),
    "listToolsets": ("list_toolsets", JsType.DICT),
    "connect": ("connect", JsType.NULL),
    "disconnect": ("disconnect", JsType.NULL),
}


def mcp_method(t: TranslatorBase, obj: Py, prop: str, args: list[Node], node: Node) -> Py:
    found = CLIENT_METHODS.get(prop)
    if found is None:
        t.fail("LM204", f"`.{prop}()` on an MCP client", node)
    if args:
        t.fail("LM204", f"`.{prop}()` of an MCP client with arguments", node)
    method, result = found
    return Py(P.method(obj.node, method), result, awaitable=True)
