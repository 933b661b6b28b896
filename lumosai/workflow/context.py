"""What a step's ``execute(ctx)`` and a condition ``cond(ctx)`` receive."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any, NoReturn

from lumosai.workflow.results import SUCCESS

if TYPE_CHECKING:
    from lumosai.workflow.engine import Execution
    from lumosai.workflow.step import Step

_UNSET: Any = object()


class Suspended:
    """Returned by ``await ctx.suspend(payload)``; returning it from ``execute`` is idiomatic.

    Calling ``ctx.suspend`` marks the step suspended at once, so sync steps may simply
    ``return ctx.suspend(...)``.
    """

    __slots__ = ("payload",)

    def __init__(self, payload: Any) -> None:
        self.payload = payload

    def __await__(self) -> Generator[Any, None, Suspended]:
        return self
        yield  # pragma: no cover - makes this a generator


class Bailed:
    """Returned by ``ctx.bail(value)``: the run ends now, successfully, with ``value``."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class AbortRequested(BaseException):
    """Raised by ``ctx.abort()``; a BaseException so user ``except Exception`` does not eat it."""


def step_output(ex: Execution, step: Any) -> Any:
    """Output of a finished step (by object or id), or None, like Mastra's ``getStepResult``."""
    step_id = step if isinstance(step, str) else getattr(step, "id", None)
    result = ex.steps.get(step_id) if step_id is not None else None
    if result is None or result.status != SUCCESS:
        return None
    return result.output


class _BaseContext:
    __slots__ = ("_ex", "input_data")

    def __init__(self, ex: Execution, input_data: Any) -> None:
        self._ex = ex
        self.input_data = input_data

    @property
    def run_id(self) -> str:
        return self._ex.run_id

    @property
    def workflow_id(self) -> str:
        return self._ex.workflow.id

    @property
    def state(self) -> Any:
        return self._ex.state

    @property
    def runtime_context(self) -> Any:
        return self._ex.get_runtime_context()

    @property
    def app(self) -> Any:
        return self._ex.app

    def get_step_result(self, step: Any) -> Any:
        return step_output(self._ex, step)

    def step_outputs(self) -> dict[str, Any]:
        """Outputs of the steps that have succeeded so far, by step id (for bridged steps)."""
        return {k: r.output for k, r in self._ex.steps.items() if r.status == SUCCESS}

    def get_init_data(self) -> Any:
        return self._ex.input

    def get_agent(self, key: str) -> Any:
        """The app's agent registered under ``key`` (Mastra's ``mastra.getAgent``)."""
        return self._ex.lookup_app("agent", key)

    def get_tool(self, key: str) -> Any:
        return self._ex.lookup_app("tool", key)

    def get_workflow(self, key: str) -> Any:
        return self._ex.lookup_app("workflow", key)


class StepContext(_BaseContext):
    """The argument of ``execute(ctx)``."""

    __slots__ = (
        "_bail",
        "_suspend",
        "for_each_index",
        "iteration_count",
        "resume_data",
        "retry_count",
        "step",
        "suspend_data",
    )

    def __init__(
        self,
        ex: Execution,
        step: Step,
        input_data: Any,
        resume_data: Any = None,
        suspend_data: Any = None,
        retry_count: int = 0,
    ) -> None:
        self._ex = ex
        self.input_data = input_data
        self.step = step
        self.resume_data = resume_data
        self.suspend_data = suspend_data
        self.retry_count = retry_count
        self.iteration_count: int | None = None
        self.for_each_index: int | None = None
        self._suspend: Any = _UNSET
        self._bail: Any = _UNSET

    @property
    def step_id(self) -> str:
        return self.step.id

    def set_state(self, value: Any) -> None:
        """Replace the run state (as Mastra 1.x ``setState``), validated by ``state_schema``."""
        self._ex.set_state(self.step, value)

    def suspend(self, payload: Any = None) -> Suspended:
        """Suspend this step; the run ends ``suspended`` until ``run.resume(step=...)``."""
        if self.step.suspend_validator is not None:
            payload = self.step.suspend_validator(payload)
        self._suspend = payload
        return Suspended(payload)

    def bail(self, value: Any = None) -> Bailed:
        """End the whole run now with ``value`` as its result."""
        self._bail = value
        return Bailed(value)

    def abort(self) -> NoReturn:
        """Stop the run; it ends with status ``canceled``."""
        raise AbortRequested(self.step.id)


class ConditionContext(_BaseContext):
    """The argument of branch/loop conditions and ``map``/``sleep`` functions.

    ``ctx["key"]`` and ``ctx.get("key")`` read ``ctx.input_data`` so Lumos-style
    ``lambda v: v["score"] > 0.8`` conditions work too.
    """

    __slots__ = ("iteration_count",)

    def __init__(self, ex: Execution, input_data: Any, iteration_count: int | None = None) -> None:
        self._ex = ex
        self.input_data = input_data
        self.iteration_count = iteration_count

    def __getitem__(self, key: Any) -> Any:
        return self.input_data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        data = self.input_data
        return data.get(key, default) if isinstance(data, dict) else default


def mastra_params(ctx: _BaseContext) -> dict[str, Any]:
    """The parameter object a Mastra step/condition function takes (``{ inputData,
    getStepResult, ... }``), for converted helpers used as conditions or map functions."""
    return {
        "inputData": ctx.input_data,
        "runId": ctx.run_id,
        "workflowId": ctx.workflow_id,
        "state": ctx.state,
        "iterationCount": getattr(ctx, "iteration_count", None),
        "getStepResult": ctx.get_step_result,
        "getInitData": ctx.get_init_data,
        "requestContext": ctx.runtime_context,
        "runtimeContext": ctx.runtime_context,
    }
