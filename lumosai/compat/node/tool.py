"""``ts_tool``: a Mastra ``createTool`` from TypeScript, usable wherever a lumosai ``Tool`` is."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable
from typing import Any, Literal

from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.context import context_payload
from lumosai.compat.node.errors import NodeBridgeError
from lumosai.compat.node.modules import resolve_module, shared_bridge
from lumosai.tool import Tool, ToolExecutionContext

Era = Literal["0", "1"]


class TypeScriptTool(Tool):
    """A tool whose ``execute`` runs in the Node worker.

    Its ``parameters`` are the JSON schema Mastra itself would send the model for this tool
    (converted in Node by ``@mastra/core``). ``era`` says how ``execute`` is called: ``"1"``
    as ``execute(inputData, context)`` (Mastra 1.x), ``"0"`` as ``execute({context, ...})``.
    """

    def __init__(
        self,
        *,
        bridge: NodeBridge,
        module: str,
        export: str,
        info: dict[str, Any],
        key: str | None = None,
        timeout: float | Literal["default"] | None = "default",
    ) -> None:
        super().__init__(
            id=str(info.get("id") or export),
            description=str(info.get("description") or ""),
            parameters=info.get("inputSchema") or {"type": "object", "properties": {}},
            output_schema=info.get("outputSchema"),
        )
        self.bridge = bridge
        self.module = module
        self.export = export
        self.key = key
        self.era: Era = "0" if info.get("era") == "0" else "1"
        self.mastra_core_version: str | None = info.get("mastraCore") or None
        self.timeout = timeout

    def _target(self) -> dict[str, Any]:
        target: dict[str, Any] = {"module": self.module, "export": self.export, "era": self.era}
        if self.key:
            target["key"] = self.key
        return target

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        abort = context.abort_signal
        if abort is not None and abort.is_set():
            raise NodeBridgeError(f"{self._description()} was aborted before it started")
        payload = {**self._target(), "input": args, "context": context_payload(context)}
        running = self.bridge.call(
            "tool.execute", payload, timeout=self.timeout, description=self._description()
        )
        if abort is None:
            return await running
        return await self._until_aborted(running, abort)

    async def _until_aborted(self, running: Awaitable[Any], abort: asyncio.Event) -> Any:
        """The run's abort signal cancels the call in Node (its ``abortSignal`` fires)."""
        call = asyncio.ensure_future(running)
        aborted = asyncio.ensure_future(abort.wait())
        try:
            await asyncio.wait({call, aborted}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            aborted.cancel()
        if not call.done():
            call.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await call
            raise NodeBridgeError(f"{self._description()} was aborted")
        return call.result()

    def call_sync(self, args: dict[str, Any], context: ToolExecutionContext | None = None) -> Any:
        """Blocking twin of ``execute`` for sync code (no validation on the Python side)."""
        payload = {**self._target(), "input": args, "context": context_payload(context)}
        result = self.bridge.call_sync(
            "tool.execute", payload, timeout=self.timeout, description=self._description()
        )
        return result

    def _description(self) -> str:
        return f"TypeScript tool '{self.id}' ({self.export} in {self.module})"


def ts_tool(
    module: str | os.PathLike[str],
    export: str = "default",
    *,
    project_root: str | os.PathLike[str] = ".",
    key: str | None = None,
    era: Era | None = None,
    bridge: NodeBridge | None = None,
    timeout: float | Literal["default"] | None = "default",
) -> TypeScriptTool:
    """Load tool ``export`` of ``module`` (path relative to ``project_root``) as a lumosai tool.

    With ``key``, ``export`` names a ``Mastra`` instance and the tool is ``mastra.getTool(key)``.
    ``era`` overrides the execute-signature rule (default: from the installed ``@mastra/core``:
    major version 0 means ``execute({context})``, anything newer ``execute(inputData, context)``).
    The worker starts now, because the schema is read from TypeScript.
    """
    bridge = bridge or shared_bridge(project_root)
    path = resolve_module(bridge.project_root, module)
    target: dict[str, Any] = {"module": path, "export": export}
    if key:
        target["key"] = key
    if era:
        target["era"] = era
    info = bridge.call_sync(
        "tool.describe", target, description=f"loading TypeScript tool {export} from {module}"
    )
    return TypeScriptTool(
        bridge=bridge, module=path, export=export, info=info, key=key, timeout=timeout
    )
