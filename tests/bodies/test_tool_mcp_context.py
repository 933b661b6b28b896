"""`context.mcp` of a tool (Mastra's MCP server context) translates to lumosai's MCPToolContext."""

from __future__ import annotations

import asyncio
from typing import Any

from lumosai.migrate.convert.bodies import Role, translate_function
from lumosai.tool import ToolExecutionContext
from lumosai.tool.mcp_context import MCPElicitation, MCPRequestExtra, MCPToolContext

SOURCE = """async ({ amount }, context) => {
  if (context?.mcp) {
    context.mcp.extra?.sendNotification?.({ method: 'notifications/message', params: { level: 'info', data: `rate ${amount}` } });
    const answer = await context.mcp.elicitation.sendRequest({ message: 'ok?', requestedSchema: { type: 'object', properties: {} } });
    return { amount, action: answer.action };
  }
  return { amount, action: 'none' };
}"""


def _run(fn: Any, context: ToolExecutionContext) -> Any:
    return asyncio.run(fn({"amount": 3}, context=context))


def test_mcp_context_members_translate_and_run() -> None:
    result = translate_function(SOURCE, role=Role.TOOL_V1, py_name="convert")
    assert result.ok, result.reason
    assert "await context.mcp.extra.send_notification(" in result.python
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(sorted(result.imports)) + "\n" + result.python, "t", "exec"), namespace)
    sent: list[dict[str, Any]] = []

    async def notify(message: dict[str, Any]) -> None:
        sent.append(message)

    async def elicit(message: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"action": "accept", "content": {}}

    mcp = MCPToolContext(elicitation=MCPElicitation(elicit), extra=MCPRequestExtra(notify=notify))
    assert _run(namespace["convert"], ToolExecutionContext(mcp=mcp)) == {
        "amount": 3,
        "action": "accept",
    }
    assert sent == [
        {"method": "notifications/message", "params": {"level": "info", "data": "rate 3"}}
    ]
    # outside an MCP server context.mcp is None: the branch is skipped, as in Mastra
    assert _run(namespace["convert"], ToolExecutionContext()) == {"amount": 3, "action": "none"}


def test_other_optional_calls_stay_refused() -> None:
    result = translate_function(
        "async ({ x }, context) => { x.run?.(); return 1; }", role=Role.TOOL_V1, py_name="f"
    )
    assert not result.ok and result.rule == "LM202"
    plain = translate_function("function f(s: string) { return s.trim?.(); }", role=Role.HELPER,
                               py_name="f")  # fmt: skip
    assert plain.ok and "s.strip()" in plain.python
