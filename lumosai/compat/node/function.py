"""``ts_function``: call an exported TypeScript/JavaScript function from Python."""

from __future__ import annotations

import os
from typing import Any, Literal

from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.modules import resolve_module, shared_bridge

Timeout = float | None | Literal["default"]


class TypeScriptFunction:
    """``await fn(*args)`` runs the export in the worker; ``fn.call_sync(*args)`` blocks.

    Arguments and the return value are JSON data (plain dicts and lists); a promise is awaited
    in Node.
    """

    def __init__(
        self,
        bridge: NodeBridge,
        module: str,
        export: str,
        timeout: Timeout,
        *,
        local: bool = False,
    ) -> None:
        self.bridge = bridge
        self.module = module
        self.export = export
        self.local = local
        self.timeout = timeout
        self._description = f"TypeScript function {export} in {module}"

    def _payload(self, args: tuple[Any, ...]) -> dict[str, Any]:
        name_key = "local" if self.local else "export"
        return {"module": self.module, name_key: self.export, "args": list(args)}

    async def __call__(self, *args: Any, timeout: Timeout | None = None) -> Any:
        limit = self.timeout if timeout is None else timeout
        result = await self.bridge.call(
            "call", self._payload(args), timeout=limit, description=self._description
        )
        return result

    def call_sync(self, *args: Any, timeout: Timeout | None = None) -> Any:
        limit = self.timeout if timeout is None else timeout
        result = self.bridge.call_sync(
            "call", self._payload(args), timeout=limit, description=self._description
        )
        return result

    def __repr__(self) -> str:
        return f"TypeScriptFunction({self.export!r} in {self.module!r})"


def ts_function(
    module: str | os.PathLike[str],
    export: str = "default",
    *,
    project_root: str | os.PathLike[str] = ".",
    local: str | None = None,
    bridge: NodeBridge | None = None,
    timeout: Timeout = "default",
) -> TypeScriptFunction:
    """A Python callable for function ``export`` of ``module`` (relative to ``project_root``),
    or for the module-level function ``local`` the module does not export.

    Nothing starts until the first call.
    """
    bridge = bridge or shared_bridge(project_root)
    path = resolve_module(bridge.project_root, module)
    if local is not None:
        return TypeScriptFunction(bridge, path, local, timeout, local=True)
    return TypeScriptFunction(bridge, path, export, timeout)
