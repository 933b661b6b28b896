"""How each role's parameters map onto the Lumos runtime: one table per parameter object.

A role object is a JavaScript value the runtime hands the function (`context` of a 1.x tool,
the destructured argument of a step). Each row maps a member name to the Python expression
that replaces it, so `({ inputData, getStepResult }) => ...` reads `ctx.input_data` and
`ctx.get_step_result(...)` without any local copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from .jstypes import JsType
from .model import Role


@dataclass(frozen=True)
class Member:
    """One member of a role object."""

    py: str  # Python source of the replacement, e.g. "ctx.input_data"
    type: JsType = JsType.UNKNOWN
    role_object: str | None = None  # when the member is itself a role object
    method: bool = False  # called like a function: getStepResult(x) -> ctx.get_step_result(x)
    awaited: bool = False  # the Python call must be awaited (ctx.suspend)


_TOOL_IDS = {
    "threadId": Member("context.thread_id", JsType.STR),
    "resourceId": Member("context.resource_id", JsType.STR),
    "runId": Member("context.run_id", JsType.STR),
    "toolCallId": Member("context.tool_call_id", JsType.STR),
}
_TOOL_SHARED = {
    **_TOOL_IDS,
    "requestContext": Member("context.runtime_context", JsType.RUNTIME_CONTEXT),
    "runtimeContext": Member("context.runtime_context", JsType.RUNTIME_CONTEXT),
    "mastra": Member("context.app", JsType.ROLE, "mastra_tool"),
    "abortSignal": Member("context.abort_signal"),
    "messages": Member("context.messages", JsType.LIST),
}
_STEP = {
    "inputData": Member("ctx.input_data", JsType.UNKNOWN),
    "mastra": Member("ctx.app", JsType.ROLE, "mastra_step"),
    "getStepResult": Member("ctx.get_step_result", method=True),
    "getInitData": Member("ctx.get_init_data", method=True),
    "state": Member("ctx.state", JsType.DICT),
    "setState": Member("ctx.set_state", method=True),
    "suspend": Member("ctx.suspend", method=True, awaited=True),
    "resumeData": Member("ctx.resume_data"),
    "bail": Member("ctx.bail", method=True),
    "abort": Member("ctx.abort", method=True),
    "requestContext": Member("ctx.runtime_context", JsType.RUNTIME_CONTEXT),
    "runtimeContext": Member("ctx.runtime_context", JsType.RUNTIME_CONTEXT),
    "runId": Member("ctx.run_id", JsType.STR),
    "workflowId": Member("ctx.workflow_id", JsType.STR),
    "retryCount": Member("ctx.retry_count", JsType.NUM),
    "runCount": Member("ctx.retry_count", JsType.NUM),
}

# Conditions and map functions get a ConditionContext: reads only, no suspend/bail/setState.
_READ_ONLY = {
    key: _STEP[key]
    for key in (
        "inputData",
        "mastra",
        "getStepResult",
        "getInitData",
        "state",
        "requestContext",
        "runtimeContext",
        "runId",
        "workflowId",
    )
}

ROLE_OBJECTS: dict[str, dict[str, Member]] = {
    "tool_ctx": {
        **_TOOL_SHARED,
        "agent": Member("context", JsType.ROLE, "tool_agent"),
        # set when an MCPServer runs the tool (lumosai.tool.MCPToolContext), else None
        "mcp": Member("context.mcp", JsType.ROLE, "mcp_ctx"),
    },
    "mcp_ctx": {
        "extra": Member("context.mcp.extra", JsType.ROLE, "mcp_extra"),
        "elicitation": Member("context.mcp.elicitation", JsType.ROLE, "mcp_elicitation"),
    },
    "mcp_extra": {
        # a notification the TypeScript sends without awaiting: Python awaits it (same order)
        "sendNotification": Member(
            "context.mcp.extra.send_notification", method=True, awaited=True
        ),
        "requestId": Member("context.mcp.extra.request_id"),
        "sessionId": Member("context.mcp.extra.session_id"),
        "authInfo": Member("context.mcp.extra.auth_info"),
    },
    "mcp_elicitation": {
        "sendRequest": Member("context.mcp.elicitation.send_request", method=True, awaited=True),
    },
    "tool_agent": {**_TOOL_IDS},
    "tool_v0_args": {**_TOOL_SHARED, "context": Member("input_data", JsType.DICT)},
    "step_ctx": _STEP,
    "condition_ctx": {**_READ_ONLY, "iterationCount": Member("ctx.iteration_count", JsType.NUM)},
    "map_ctx": _READ_ONLY,
    "step_v0_args": {
        "context": Member("ctx", JsType.ROLE, "legacy_context"),
        "mastra": _STEP["mastra"],
        "suspend": _STEP["suspend"],
        "runId": _STEP["runId"],
        "runtimeContext": _STEP["runtimeContext"],
    },
    "legacy_context": {
        "triggerData": Member("ctx.get_init_data()", JsType.UNKNOWN),
        "inputData": Member("ctx.input_data"),
        "getStepResult": Member("ctx.get_step_result", method=True),
    },
    "logger": {
        "info": Member("logger.info", method=True),
        "warn": Member("logger.warning", method=True),
        "error": Member("logger.error", method=True),
        "debug": Member("logger.debug", method=True),
        "trackException": Member("logger.exception", method=True),
    },
    "instructions_args": {
        "requestContext": Member("runtime_context", JsType.RUNTIME_CONTEXT),
        "runtimeContext": Member("runtime_context", JsType.RUNTIME_CONTEXT),
    },
}

# `mastra.getAgent("k")` and friends, per role: Python source template with {0} = the argument.
MASTRA_METHODS: dict[str, dict[str, str]] = {
    "mastra_tool": {
        "getAgent": "context.app.agent({0})",
        "getAgentById": "context.app.agent({0})",
        "getTool": "context.app.tool({0})",
        "getWorkflow": "context.app.workflow({0})",
    },
    "mastra_step": {
        "getAgent": "ctx.get_agent({0})",
        "getAgentById": "ctx.get_agent({0})",
        "getTool": "ctx.app.tool({0})",
        "getWorkflow": "ctx.app.workflow({0})",
    },
}


@dataclass(frozen=True)
class Signature:
    """The Python parameters of a role and the role objects its JS parameters stand for."""

    params: str  # Python parameter list source
    param_roles: tuple[str | None, ...]  # per JS parameter: role object, or None = the input dict
    input_py: str | None = None  # Python name of the input dict (tools)
    always_async: bool = True


SIGNATURES: dict[Role, Signature] = {
    Role.TOOL_V1: Signature(
        "input_data: dict[str, Any], *, context: ToolExecutionContext",
        (None, "tool_ctx"),
        "input_data",
    ),
    Role.TOOL_V0: Signature(
        "input_data: dict[str, Any], *, context: ToolExecutionContext",
        ("tool_v0_args",),
        "input_data",
    ),
    Role.STEP_V1: Signature("ctx: StepContext", ("step_ctx",)),
    Role.STEP_V0_LEGACY: Signature("ctx: StepContext", ("step_v0_args",)),
    Role.CONDITION: Signature("ctx: ConditionContext", ("condition_ctx",), always_async=False),
    Role.MAP: Signature("ctx: ConditionContext", ("map_ctx",), always_async=False),
    Role.INSTRUCTIONS: Signature(
        "runtime_context: RuntimeContext", ("instructions_args",), always_async=False
    ),
}

ROLE_IMPORTS: dict[Role, set[str]] = {
    Role.TOOL_V1: {"from typing import Any", "from lumosai.tool import ToolExecutionContext"},
    Role.TOOL_V0: {"from typing import Any", "from lumosai.tool import ToolExecutionContext"},
    Role.STEP_V1: {"from typing import Any", "from lumosai.workflow import StepContext"},
    Role.STEP_V0_LEGACY: {"from typing import Any", "from lumosai.workflow import StepContext"},
    Role.CONDITION: {"from typing import Any", "from lumosai.workflow import ConditionContext"},
    Role.MAP: {"from typing import Any", "from lumosai.workflow import ConditionContext"},
    Role.INSTRUCTIONS: {"from typing import Any", "from lumosai import RuntimeContext"},
    Role.HELPER: set(),
}

# Hono route handlers and middleware of a Mastra server (hono.py, the server converter's rules)
from .hono import hono_tables  # noqa: E402

for _table, _extra in zip(
    (ROLE_OBJECTS, SIGNATURES, ROLE_IMPORTS, MASTRA_METHODS), hono_tables(), strict=True
):
    _table.update(_extra)  # type: ignore[attr-defined]
