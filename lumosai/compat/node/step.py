"""``ts_step``: run one Mastra workflow step's ``execute`` in Node inside a Lumos workflow.

Mixed mode for steps: the converter could not translate a step's body, so the Lumos workflow
keeps its place in the graph (ids, schemas, order) and only the body runs in TypeScript. The
step may be exported (``export=``) or a module-level ``const`` the module does not export
(``local=``: the worker exposes it without touching the file).
"""

from __future__ import annotations

import json
import os
from typing import Any, Literal

from pydantic import BaseModel

from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.modules import resolve_module, shared_bridge

Timeout = float | None | Literal["default"]


def _plain(value: Any) -> Any:
    """JSON data as the step's TypeScript expects it (pydantic models become objects)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _request_context(runtime_context: Any) -> dict[str, Any]:
    if runtime_context is None:
        return {}
    entries = {}
    for key, value in runtime_context.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue  # Python-only values stay in Python
        entries[key] = value
    return entries


class TypeScriptStep:
    """``await step_fn(ctx)`` with a Lumos ``StepContext``: what ``execute`` returns in Node.

    ``suspend(payload)``, ``bail(value)`` and ``setState(state)`` called in TypeScript are
    applied to the Lumos run when the call returns. ``mastra`` is not available in Node.
    """

    def __init__(
        self, bridge: NodeBridge, module: str, target: dict[str, str], timeout: Timeout
    ) -> None:
        self.bridge = bridge
        self.module = module
        self.target = target
        self.timeout = timeout
        name = target.get("export") or target.get("local")
        self._description = f"TypeScript step {name} in {module}"

    def _payload(self, ctx: Any) -> dict[str, Any]:
        context = {
            "inputData": _plain(ctx.input_data),
            "initData": _plain(ctx.get_init_data()),
            "stepResults": _plain(ctx.step_outputs()),
            "resumeData": _plain(ctx.resume_data),
            "suspendData": _plain(ctx.suspend_data),
            "state": _plain(ctx.state),
            "runId": ctx.run_id,
            "workflowId": ctx.workflow_id,
            "retryCount": ctx.retry_count,
            "requestContext": _request_context(ctx.runtime_context),
        }
        return {"module": self.module, **self.target, "context": context}

    async def __call__(self, ctx: Any) -> Any:
        result = await self.bridge.call(
            "step.execute", self._payload(ctx), timeout=self.timeout, description=self._description
        )
        if "state" in result:
            ctx.set_state(result["state"])
        if "bailed" in result:
            return ctx.bail(result["bailed"])
        if "suspended" in result:
            return await ctx.suspend(result["suspended"])
        return result.get("output")

    def __repr__(self) -> str:
        return f"TypeScriptStep({self._description!r})"


def ts_step(
    module: str | os.PathLike[str],
    export: str | None = None,
    *,
    local: str | None = None,
    project_root: str | os.PathLike[str] = ".",
    bridge: NodeBridge | None = None,
    timeout: Timeout = "default",
) -> TypeScriptStep:
    """The ``execute`` of step ``export`` (or module-level ``local``) of ``module``, for
    ``create_step``. Nothing starts until the first call."""
    if (export is None) == (local is None):
        raise ValueError("ts_step needs exactly one of export= or local=")
    bridge = bridge or shared_bridge(project_root)
    target = {"export": export} if export is not None else {"local": local or ""}
    return TypeScriptStep(bridge, resolve_module(bridge.project_root, module), target, timeout)
