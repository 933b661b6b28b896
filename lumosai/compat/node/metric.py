"""``ts_metric``: a Mastra 0.x custom metric class kept in TypeScript (its ``measure`` could
not be translated), run through the Node bridge as a lumosai ``Metric``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lumosai.compat.node.errors import NodeBridgeError
from lumosai.compat.node.modules import resolve_module, shared_bridge
from lumosai.evals.metrics import Metric, MetricResult, metric_result

_SHIM = Path(__file__).resolve().parents[2] / "evals" / "data" / "metric_bridge.ts"


class TypeScriptMetric(Metric):
    """``await metric.measure(input, output)`` runs ``new Class(*args).measure(input,
    output)`` in the project's Node worker; the result must be JSON data."""

    def __init__(
        self,
        module: str | os.PathLike[str],
        export: str,
        args: list[Any],
        *,
        project_root: str | os.PathLike[str] = ".",
        bridge: Any = None,
    ) -> None:
        super().__init__()
        self.name = export
        self.bridge = bridge or shared_bridge(project_root)
        self.module = resolve_module(self.bridge.project_root, module)
        self.export = export
        self.args = list(args)
        self._loaded = False

    async def _load(self) -> None:
        """Load the module the worker's way (TypeScript, package preloading) once; the shim's
        ``import()`` then gets the same module from Node's cache."""
        if self._loaded:
            return
        try:
            await self.bridge.call(
                "call",
                {"module": self.module, "export": "__lumos_load__", "args": []},
                description=f"loading {self.module}",
            )
        except NodeBridgeError as exc:
            if "no export named '__lumos_load__'" not in str(exc):
                raise
        self._loaded = True

    async def measure(self, input: Any, output: Any, **_: Any) -> MetricResult:
        await self._load()
        found = await self.bridge.call(
            "call",
            {
                "module": str(_SHIM),
                "export": "measureMetric",
                "args": [self.module, self.export, self.args, input, output],
            },
            description=f"TypeScript metric {self.export} in {self.module}",
        )
        return metric_result(found)


def ts_metric(
    module: str | os.PathLike[str],
    export: str,
    *,
    project_root: str | os.PathLike[str] = ".",
) -> type[TypeScriptMetric]:
    """A ``Metric`` class standing for TypeScript class ``export`` of ``module`` (relative to
    ``project_root``): ``ts_metric(...)(options)`` is ``new Class(options)`` in Node."""

    def __init__(self: TypeScriptMetric, *args: Any) -> None:
        TypeScriptMetric.__init__(self, module, export, list(args), project_root=project_root)

    return type(export, (TypeScriptMetric,), {"__init__": __init__})


__all__ = ["TypeScriptMetric", "ts_metric"]
