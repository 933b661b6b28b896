"""Errors raised by the workflow engine; each message names the workflow, the run or the step."""

from __future__ import annotations


class WorkflowError(Exception):
    """Base class of every workflow error."""


class WorkflowDefinitionError(WorkflowError, ValueError):
    """The workflow cannot be built: unknown or duplicate step ids, cycles, bad arguments."""


class StepValidationError(WorkflowError, ValueError):
    """Data failed a step's schema (input, output, resume, suspend or state)."""

    def __init__(self, step_id: str, what: str, detail: str, subject: str | None = None) -> None:
        self.step_id = step_id
        self.what = what
        self.detail = detail
        super().__init__(f"{subject or f'step {step_id!r}'}: {what} failed validation: {detail}")


class WorkflowInputError(WorkflowError, ValueError):
    """A control-flow construct received data it cannot handle (e.g. ``for_each`` over a dict)."""


class RunNotFoundError(WorkflowError, LookupError):
    """No run with this id exists in memory or in the workflow's storage."""


class ResumeError(WorkflowError, ValueError):
    """The run or step cannot be resumed (not suspended, unknown step, run still running)."""


class SnapshotError(WorkflowError):
    """A run snapshot could not be written or read."""
