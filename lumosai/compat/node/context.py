"""Turn a lumosai ``ToolExecutionContext`` into the JSON the worker builds a Mastra context from."""

from __future__ import annotations

import json
from typing import Any

from lumosai.tool import ToolExecutionContext


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def runtime_context_entries(context: ToolExecutionContext | None) -> dict[str, Any]:
    """The JSON-serialisable entries of the runtime context (others stay in Python)."""
    if context is None or context.runtime_context is None:
        return {}
    rc = context.runtime_context
    return {key: value for key, value in rc.items() if _jsonable(value)}


def context_payload(context: ToolExecutionContext | None) -> dict[str, Any]:
    """Ids, runtime context and messages: what a Mastra tool may read from its context."""
    if context is None:
        return {}
    payload: dict[str, Any] = {"requestContext": runtime_context_entries(context)}
    for key, value in (
        ("threadId", context.thread_id),
        ("resourceId", context.resource_id),
        ("runId", context.run_id),
        ("toolCallId", context.tool_call_id),
    ):
        if value is not None:
            payload[key] = value
    if context.agent is not None:
        payload["agentId"] = getattr(context.agent, "id", None) or getattr(
            context.agent, "name", None
        )
    if context.messages:
        payload["messages"] = [
            {"role": m.role, "content": m.content} for m in context.messages if _jsonable(m.content)
        ]
    return payload
