"""Lumos workflows: Mastra's control flow, suspend/resume and durable runs.

``from lumosai.workflow import WorkflowBuilder, create_step``
"""

from lumosai.workflow.builder import RetryConfig, WorkflowBuilder
from lumosai.workflow.context import ConditionContext, StepContext, mastra_params
from lumosai.workflow.declarative import build_workflows, from_config
from lumosai.workflow.errors import (
    ResumeError,
    RunNotFoundError,
    SnapshotError,
    StepValidationError,
    WorkflowDefinitionError,
    WorkflowError,
    WorkflowInputError,
)
from lumosai.workflow.legacy import LegacyWorkflowBuilder, legacy_result
from lumosai.workflow.results import RunInfo, StepResult, WorkflowResult
from lumosai.workflow.run import Run, WorkflowStream
from lumosai.workflow.step import Step, create_step
from lumosai.workflow.workflow import Workflow

__all__ = [
    "ConditionContext",
    "LegacyWorkflowBuilder",
    "ResumeError",
    "RetryConfig",
    "Run",
    "RunInfo",
    "RunNotFoundError",
    "SnapshotError",
    "Step",
    "StepContext",
    "StepResult",
    "StepValidationError",
    "Workflow",
    "WorkflowBuilder",
    "WorkflowDefinitionError",
    "WorkflowError",
    "WorkflowInputError",
    "WorkflowResult",
    "WorkflowStream",
    "build_workflows",
    "create_step",
    "from_config",
    "legacy_result",
    "mastra_params",
]
