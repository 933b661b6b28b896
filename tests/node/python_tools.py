"""Python tools served to the test Mastra app (the "other direction")."""

from __future__ import annotations

from lumosai.tool import ToolExecutionContext, tool


@tool(name="multiply", description="Multiply two numbers")
def multiply(a: float, b: float) -> dict[str, float]:
    return {"product": a * b}


@tool(name="explode", description="Always raises")
def explode(reason: str) -> str:
    raise ValueError(f"exploded because {reason}")


@tool(name="who-am-i", description="Report the call context")
async def who_am_i(*, context: ToolExecutionContext) -> dict[str, object]:
    print("printed by a Python tool; must not break the protocol")
    return {
        "unit": context.runtime_context.get("unit"),
        "threadId": context.thread_id,
        "toolCallId": context.tool_call_id,
    }


TOOLS = [multiply, explode, who_am_i]


@tool(name="repeat", description="A long string")
def repeat(text: str, times: int) -> dict[str, str]:
    return {"value": text * times}


TOOLS.append(repeat)
