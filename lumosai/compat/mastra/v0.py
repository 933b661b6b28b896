"""Mastra 0.x semantics: ``createTool`` whose ``execute`` receives ``{context, runtimeContext,
mastra, threadId, resourceId, runId, ...}`` (input in ``args.context``); ``createWorkflow`` and
``createStep`` as 0.x (``era="0.x"`` in ``lumosai.compat.mastra.workflows``).

``from lumosai.compat.mastra.v0 import createTool, createWorkflow, createStep``. Everything else in the compat layer accepts
both eras' options already (``threadId``/``resourceId``/``runtimeContext``/``output`` on
``generate``, ``createRunAsync``, ``getAgents``/``getWorkflows``, ``RuntimeContext``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lumosai.compat.mastra.context import RuntimeContext
from lumosai.compat.mastra.tools import MastraTool
from lumosai.compat.mastra.workflows import WorkflowBuilder
from lumosai.compat.mastra.workflows import createStep as _create_step
from lumosai.compat.mastra.workflows import createWorkflow as _create_workflow
from lumosai.workflow.step import Step


def createTool(config: Mapping[str, Any] | None = None, **kwargs: Any) -> MastraTool:
    """``createTool({...})`` with Mastra 0.x's ``execute({ context, runtimeContext, ... })``.

    Direct calls use the 0.x form too: ``await tool.execute({"context": {...},
    "runtimeContext": rc})``.
    """
    return MastraTool({**(config or {}), **kwargs}, era="0.x")


def createWorkflow(config: Mapping[str, Any] | None = None, **kwargs: Any) -> WorkflowBuilder:
    """``createWorkflow({...})`` as Mastra 0.x: unvalidated step input unless
    ``options.validateInputs``, suspend payloads kept on resume, ``.map()`` steps
    ``mapping_<uuid>``."""
    return _create_workflow(config, era="0.x", **kwargs)


def createStep(target: Any = None, options: Mapping[str, Any] | None = None, **kwargs: Any) -> Step:
    """``createStep(...)`` as Mastra 0.x: ``createStep(agent)`` is named after the agent's
    ``name``."""
    return _create_step(target, options, era="0.x", **kwargs)


__all__ = ["RuntimeContext", "createStep", "createTool", "createWorkflow"]
