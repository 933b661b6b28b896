"""``createTool`` (Mastra 1.x semantics): a Mastra-shaped tool that is a ``lumosai.tool.Tool``.

Which ``execute`` signature is used (documented in ``docs/compat.md``):

* ``createTool`` from ``lumosai.compat.mastra`` (1.x) calls ``execute(inputData, context)``,
  or ``execute(inputData)`` when the function takes one positional parameter.
* ``createTool`` from ``lumosai.compat.mastra.v0`` (0.x) calls ``execute(args)`` where
  ``args.context`` is the input and ``args.runtimeContext``, ``args.mastra``, ``args.threadId`` ...
  are the rest.
* In both, a function with no positional parameter and keyword-only ones
  (``def execute(*, context, runtimeContext=None, **_)``) is the Python form of a destructured
  0.x ``({ context, runtimeContext }) =>`` and gets those fields as keywords: it cannot accept a
  positional ``inputData``, so this is never ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from lumosai.compat.mastra.context import RequestContext
from lumosai.compat.mastra.results import MastraObject
from lumosai.compat.mastra.schemas import json_schema_of, parse, validation_error
from lumosai.compat.mastra.signature import call_style, invoke, keyword_args
from lumosai.compat.mastra.zod import ZodError
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext
from lumosai.tool.errors import ToolError, ToolValidationError
from lumosai.tool.function import to_jsonable

Era = Literal["1.x", "0.x"]
_KNOWN_KEYS = {
    "id",
    "description",
    "inputSchema",
    "outputSchema",
    "suspendSchema",
    "resumeSchema",
    "requestContextSchema",
    "execute",
    "requireApproval",
    "strict",
    "providerOptions",
    "toModelOutput",
    "mcp",
    "title",
    "onInputStart",
    "onInputDelta",
    "onInputAvailable",
    "onOutput",
    "inputExamples",
    "mastra",
}


def mastra_of(app: Any) -> Any:
    """The compat ``Mastra`` behind a ``LumosApp`` (None for a plain native app)."""
    return getattr(app, "_compat_mastra", None) if app is not None else None


class MastraTool(Tool):
    """A tool built by ``createTool``. The model sees ``inputSchema``'s JSON schema verbatim.

    ``await tool.execute(input, context)`` in the era's own style returns the result, or
    Mastra's ``{"error": True, "message", "validationErrors"}`` when the input (or output) does
    not match its schema. Called by a native agent or workflow (``context`` is a
    ``ToolExecutionContext``) it behaves the same, so the model gets Mastra's error object.
    """

    def __init__(self, config: Mapping[str, Any], *, era: Era = "1.x") -> None:
        config = dict(config)
        tool_id = config.get("id")
        if not isinstance(tool_id, str) or not tool_id:
            raise ValueError(f"createTool needs an 'id' string, got {tool_id!r}")
        unknown = set(config) - _KNOWN_KEYS
        if unknown:
            raise ValueError(
                f"createTool({tool_id!r}): unknown option(s) {sorted(unknown)}; "
                f"known: {sorted(_KNOWN_KEYS)}"
            )
        execute = config.get("execute")
        if execute is not None and not callable(execute):
            raise TypeError(f"createTool({tool_id!r}): execute must be a function")
        self.inputSchema = config.get("inputSchema")
        self.outputSchema = config.get("outputSchema")
        self.suspendSchema = config.get("suspendSchema")
        self.resumeSchema = config.get("resumeSchema")
        self.requestContextSchema = config.get("requestContextSchema")
        self.requireApproval = config.get("requireApproval", False)
        self.require_approval = self.requireApproval is True
        self.toModelOutput = config.get("toModelOutput")
        self.mcp = config.get("mcp")
        self.title = config.get("title")
        self.strict = config.get("strict")
        self.providerOptions = config.get("providerOptions")
        self.mastra = config.get("mastra")
        self.era: Era = era
        self.fn: Callable[..., Any] | None = execute
        self._style = call_style(execute) if execute is not None else "two"
        parameters = json_schema_of(self.inputSchema) or {
            "type": "object",
            "properties": {},
            "additionalProperties": False,
        }
        super().__init__(
            id=tool_id,
            description=str(config.get("description") or ""),
            parameters=parameters,
            output_schema=json_schema_of(self.outputSchema),
        )

    # -- native Tool interface --------------------------------------------------------------
    def validate_args(self, args: Any) -> Any:
        """Native callers that validate separately get ``ToolValidationError`` as usual."""
        try:
            return parse(self.inputSchema, {} if args is None else args)
        except ZodError as err:
            raise ToolValidationError(
                self.id,
                [f"{'.'.join(map(str, i['path'])) or 'root'}: {i['message']}" for i in err.issues],
                args,
            ) from None

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        return await self._run(args, context, None)

    async def execute(self, args: Any = None, context: Any = None) -> Any:  # type: ignore[override]
        """Validate and run. ``context`` is a native ``ToolExecutionContext`` (agents,
        workflows), a Mastra context dict (``{"requestContext": ...}``) or None."""
        extra: Mapping[str, Any] | None = None
        if isinstance(context, ToolExecutionContext):
            native = context
        else:
            extra = context if isinstance(context, Mapping) else None
            if self.era == "0.x" and extra is None and _is_v0_call(args):
                extra = {k: v for k, v in args.items() if k != "context"}
                args = args["context"]
            native = _native_context(extra)
        if self.inputSchema is None:
            data = {} if args is None else args
        else:
            try:
                data = parse(self.inputSchema, _normalize_nullish(args))
            except ZodError as err:
                return validation_error("input", self.id, err.issues, args)
        return await self._run(data, native, extra)

    # -- running ----------------------------------------------------------------------------
    async def _run(
        self, data: Any, native: ToolExecutionContext, extra: Mapping[str, Any] | None
    ) -> Any:
        if self.fn is None:
            raise ToolError(f"tool {self.id!r} has no execute function")
        fields = _context_fields(self, native, extra)
        if self._style == "keywords":
            kwargs = keyword_args(self.fn, {"context": data, **fields})
            result = await invoke(self.fn, **kwargs)
        elif self.era == "0.x":
            result = await invoke(self.fn, MastraObject({"context": data, **fields}))
        elif self._style == "one":
            result = await invoke(self.fn, data)
        else:
            result = await invoke(self.fn, data, _v1_context(fields, native))
        result = to_jsonable(result)
        if self.outputSchema is not None:
            try:
                result = parse(self.outputSchema, result)
            except ZodError as err:
                return validation_error("output", self.id, err.issues, result)
        return result

    def __repr__(self) -> str:
        return f"createTool(id={self.id!r}, era={self.era!r})"


def _is_v0_call(args: Any) -> bool:
    return isinstance(args, Mapping) and isinstance(args.get("context"), Mapping)


def _normalize_nullish(args: Any) -> Any:
    # Mastra: a model sending null/undefined for an all-optional object input gets {}
    return {} if args is None else args


def _native_context(extra: Mapping[str, Any] | None) -> ToolExecutionContext:
    extra = extra or {}
    rc = extra.get("requestContext", extra.get("runtimeContext"))
    found = extra.get("agent")
    agent: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    return ToolExecutionContext(
        thread_id=extra.get("threadId") or agent.get("threadId"),
        resource_id=extra.get("resourceId") or agent.get("resourceId"),
        run_id=extra.get("runId"),
        tool_call_id=extra.get("toolCallId") or agent.get("toolCallId"),
        runtime_context=RequestContext.of(rc),
        abort_signal=extra.get("abortSignal"),
    )


def _suspend_unsupported(tool_id: str) -> Callable[..., Any]:
    async def suspend(payload: Any = None, options: Any = None) -> Any:
        raise ToolError(
            f"tool {tool_id!r} called suspend(): suspending a tool call is not supported by the "
            "lumosai agent loop; suspend inside a workflow step instead"
        )

    return suspend


def _context_fields(
    tool: MastraTool, native: ToolExecutionContext, extra: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The fields both eras share, from the native context plus what a direct caller gave."""
    extra = dict(extra or {})
    rc = RequestContext.of(native.runtime_context)
    mastra = extra.pop("mastra", None) or mastra_of(native.app) or tool.mastra
    fields: dict[str, Any] = {
        "mastra": mastra,
        "requestContext": rc,
        "runtimeContext": rc,
        "threadId": native.thread_id,
        "resourceId": native.resource_id,
        "runId": native.run_id,
        "toolCallId": native.tool_call_id,
        "messages": [m.to_dict() for m in native.messages],
        "abortSignal": native.abort_signal,
        "writer": None,
        "tracingContext": MastraObject(),
        "suspend": _suspend_unsupported(tool.id),
        "resumeData": None,
    }
    for key, value in extra.items():
        if key not in ("requestContext", "runtimeContext", "context") and value is not None:
            fields[key] = value
    return fields


def _v1_context(fields: dict[str, Any], native: ToolExecutionContext) -> MastraObject:
    """1.x ``ToolExecutionContext``: ``agent`` when an agent called, ``workflow`` in a step."""
    ctx = MastraObject(
        mastra=fields["mastra"],
        requestContext=fields["requestContext"],
        abortSignal=fields["abortSignal"],
        writer=None,
        tracingContext=fields["tracingContext"],
        suspend=fields["suspend"],
        resumeData=None,
    )
    if native.agent is not None:
        ctx["agent"] = MastraObject(
            agentId=getattr(native.agent, "id", None),
            toolCallId=native.tool_call_id,
            messages=fields["messages"],
            threadId=native.thread_id,
            resourceId=native.resource_id,
            suspend=fields["suspend"],
            resumeData=None,
            suspendPayload=None,
        )
    elif native.run_id is not None and native.tool_call_id is None:
        ctx["workflow"] = MastraObject(runId=native.run_id, suspend=fields["suspend"])
    for key in ("agent", "workflow", "mcp"):
        if key in fields and key not in ctx:
            ctx[key] = fields[key]
    return ctx


def createTool(config: Mapping[str, Any] | None = None, **kwargs: Any) -> MastraTool:
    """``createTool({...})`` with Mastra 1.x's ``execute(inputData, context)``."""
    return MastraTool({**(config or {}), **kwargs}, era="1.x")


__all__ = ["MastraTool", "createTool"]
