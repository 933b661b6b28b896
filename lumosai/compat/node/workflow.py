"""``ts_workflow``: a Mastra workflow defined in TypeScript, started and resumed from Python."""

from __future__ import annotations

import os
from typing import Any, Literal

from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.jsobject import JsObject, wrap
from lumosai.compat.node.modules import resolve_module, shared_bridge
from lumosai.compat.node.stream import TypeScriptStream

Timeout = float | None | Literal["default"]


class TypeScriptWorkflow:
    """``await wf.start(input_data)`` runs a new run; ``await wf.resume(run_id, ...)`` resumes a
    suspended one. Results are Mastra's ``WorkflowResult`` plus ``runId`` (``res.status``,
    ``res.result``, ``res.steps``, ``res.suspended``).

    A workflow not registered on a ``Mastra`` instance is registered on one with in-memory
    storage in the worker, so suspended runs can resume while the worker lives; use
    ``key=`` with the app's ``Mastra`` export to use the app's own storage.
    """

    def __init__(
        self, bridge: NodeBridge, module: str, export: str, key: str | None, timeout: Timeout
    ) -> None:
        self.bridge = bridge
        self.module = module
        self.export = export
        self.key = key
        self.timeout = timeout
        self._description = f"TypeScript workflow {key or export} in {module}"

    def _target(self) -> dict[str, Any]:
        target: dict[str, Any] = {"module": self.module, "export": self.export}
        if self.key:
            target["key"] = self.key
        return target

    def _run_payload(
        self, input_data: Any, run_id: str | None, request_context: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The payload of start/stream."""
        payload = {**self._target(), "inputData": input_data}
        if run_id:
            payload["runId"] = run_id
        if request_context:
            payload["requestContext"] = request_context
        return payload

    def _timeout(self, timeout: Timeout | None) -> Timeout:
        return self.timeout if timeout is None else timeout

    async def start(
        self,
        input_data: Any = None,
        *,
        run_id: str | None = None,
        request_context: dict[str, Any] | None = None,
        timeout: Timeout | None = None,
    ) -> JsObject:
        payload = self._run_payload(input_data, run_id, request_context)
        result: JsObject = wrap(
            await self.bridge.call(
                "workflow.start",
                payload,
                timeout=self._timeout(timeout),
                description=self._description,
            )
        )
        return result

    def stream(
        self,
        input_data: Any = None,
        *,
        run_id: str | None = None,
        request_context: dict[str, Any] | None = None,
        timeout: Timeout | None = None,
    ) -> TypeScriptStream:
        """Run like :meth:`start`, yielding Mastra's workflow events (``workflow-start``,
        ``workflow-step-result``, ...) as they happen; ``await stream.result()`` is the
        result ``start`` would return. Needs ``@mastra/core`` 1.x."""
        payload = self._run_payload(input_data, run_id, request_context)
        return TypeScriptStream(
            self.bridge,
            "workflow.stream",
            payload,
            self._timeout(timeout),
            self._description,
        )

    async def resume(
        self,
        run_id: str,
        resume_data: Any = None,
        *,
        step: str | list[str] | None = None,
        request_context: dict[str, Any] | None = None,
        timeout: Timeout | None = None,
    ) -> JsObject:
        payload = {**self._target(), "runId": run_id, "resumeData": resume_data, "step": step}
        if request_context:
            payload["requestContext"] = request_context
        result: JsObject = wrap(
            await self.bridge.call(
                "workflow.resume",
                payload,
                timeout=self._timeout(timeout),
                description=self._description,
            )
        )
        return result

    def __repr__(self) -> str:
        return f"TypeScriptWorkflow({self.key or self.export!r} in {self.module!r})"


def ts_workflow(
    module: str | os.PathLike[str],
    export: str = "default",
    *,
    project_root: str | os.PathLike[str] = ".",
    key: str | None = None,
    bridge: NodeBridge | None = None,
    timeout: Timeout = "default",
) -> TypeScriptWorkflow:
    """Proxy for workflow ``export`` of ``module``; with ``key``, ``export`` is a ``Mastra``
    instance and the workflow is ``mastra.getWorkflow(key)``."""
    bridge = bridge or shared_bridge(project_root)
    return TypeScriptWorkflow(
        bridge, resolve_module(bridge.project_root, module), export, key, timeout
    )
