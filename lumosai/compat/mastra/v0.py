"""Mastra 0.x semantics: ``createTool`` whose ``execute`` receives ``{context, runtimeContext,
mastra, threadId, resourceId, runId, ...}`` (input in ``args.context``).

``from lumosai.compat.mastra.v0 import createTool``. Everything else in the compat layer accepts
both eras' options already (``threadId``/``resourceId``/``runtimeContext``/``output`` on
``generate``, ``createRunAsync``, ``getAgents``/``getWorkflows``, ``RuntimeContext``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lumosai.compat.mastra.context import RuntimeContext
from lumosai.compat.mastra.tools import MastraTool


def createTool(config: Mapping[str, Any] | None = None, **kwargs: Any) -> MastraTool:
    """``createTool({...})`` with Mastra 0.x's ``execute({ context, runtimeContext, ... })``.

    Direct calls use the 0.x form too: ``await tool.execute({"context": {...},
    "runtimeContext": rc})``.
    """
    return MastraTool({**(config or {}), **kwargs}, era="0.x")


__all__ = ["RuntimeContext", "createTool"]
