"""A run of a workflow: start, resume, stream, watch, cancel, restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from lumosai.workflow.engine import Execution, Listener, ResumeRequest
from lumosai.workflow.errors import ResumeError, RunNotFoundError
from lumosai.workflow.results import CANCELED, RUNNING, SUSPENDED, WorkflowResult

if TYPE_CHECKING:
    from lumosai.workflow.workflow import Workflow

_END = object()


def _id_of(step: Any) -> str:
    return step if isinstance(step, str) else str(getattr(step, "id", step))


def resolve_resume_path(step: Any, suspended: list[list[str]], run_label: str) -> list[str]:
    """Pick the suspended path ``step`` names: an id (innermost or outermost), a step object,
    or a list of ids ``["outer", "inner"]``; None means the first suspended step."""
    if not suspended:
        raise ResumeError(f"{run_label} has no suspended step")
    if step is None:
        return list(suspended[0])
    if isinstance(step, list | tuple):
        want = [_id_of(s) for s in step]
        for path in suspended:
            if path[: len(want)] == want:
                return list(path)
        label = ".".join(want)
    else:
        label = _id_of(step)
        for path in suspended:
            if path[-1] == label or path[0] == label or ".".join(path) == label:
                return list(path)
    raise ResumeError(
        f"cannot resume step '{label}' of {run_label}: that step is not suspended"
        f" (suspended steps: {', '.join('.'.join(p) for p in suspended)})"
    )


class WorkflowStream:
    """``async for event in run.stream(...)``; ``await stream.result`` gives the result.

    Events are dicts ``{"type", "run_id", "from": "WORKFLOW", "payload"}`` with Mastra's
    types: ``workflow-start``, ``workflow-step-start``, ``workflow-step-result``,
    ``workflow-step-suspended``, ``workflow-finish``.
    """

    def __init__(self, run: Run, launch: Callable[[], Awaitable[WorkflowResult]]) -> None:
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._unsubscribe = run.watch(self._queue.put_nowait)
        self._task: asyncio.Future[WorkflowResult] = asyncio.ensure_future(launch())
        self._task.add_done_callback(lambda _: self._queue.put_nowait(_END))

    @property
    def result(self) -> asyncio.Future[WorkflowResult]:
        return self._task

    @property
    def full_stream(self) -> WorkflowStream:
        return self

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        return self._events()

    async def _events(self) -> AsyncIterator[dict[str, Any]]:
        try:
            while True:
                item = await self._queue.get()
                if item is _END:
                    break
                yield item
        finally:
            self._unsubscribe()
        if self._task.done() and self._task.exception() is not None:
            raise self._task.exception()  # type: ignore[misc]


class Run:
    """One execution of a workflow, identified by ``run_id``."""

    def __init__(self, workflow: Workflow, run_id: str, *, resource_id: str | None = None) -> None:
        self.workflow = workflow
        self.run_id = run_id
        self.resource_id = resource_id
        self._ex: Execution | None = None
        self._snapshot: dict[str, Any] | None = None
        self._listeners: list[Listener] = []
        self._task: asyncio.Future[WorkflowResult] | None = None
        self._result: WorkflowResult | None = None

    def __repr__(self) -> str:
        return f"Run(workflow={self.workflow.id!r}, run_id={self.run_id!r}, status={self.status!r})"

    @property
    def _label(self) -> str:
        return f"run '{self.run_id}' of workflow '{self.workflow.id}'"

    @property
    def status(self) -> str:
        if self._ex is not None:
            return self._ex.status
        if self._snapshot is not None:
            return str(self._snapshot.get("status", RUNNING))
        return "pending"

    @property
    def result(self) -> WorkflowResult | None:
        """The last result of ``start``/``resume`` in this process (or from the snapshot)."""
        if self._result is not None:
            return self._result
        if self._snapshot is not None:
            return Execution.from_snapshot(self.workflow, self._snapshot).to_result()
        return None

    # ------------------------------------------------------------------ starting
    async def start(
        self,
        input_data: Any = None,
        *,
        initial_state: Any = None,
        runtime_context: Any = None,
    ) -> WorkflowResult:
        """Run the workflow on ``input_data`` until it ends or suspends."""
        return await self._execute(self._fresh(input_data, initial_state, runtime_context))

    def _fresh(self, input_data: Any, initial_state: Any, runtime_context: Any) -> Execution:
        self._ensure_idle()
        wf = self.workflow
        if wf.input_validator is not None and wf.validate_inputs:
            input_data = wf.input_validator(input_data)
        if initial_state is not None and wf.state_validator is not None:
            initial_state = wf.state_validator(initial_state)
        return Execution(
            wf,
            self.run_id,
            input=input_data,
            state=initial_state,
            runtime_context=runtime_context,
            storage=wf.storage,
            listeners=self._listeners,
            resource_id=self.resource_id,
        )

    def stream(
        self,
        input_data: Any = None,
        *,
        initial_state: Any = None,
        runtime_context: Any = None,
    ) -> WorkflowStream:
        """Start the run and stream its events (must be called with a running event loop)."""
        ex = self._fresh(input_data, initial_state, runtime_context)
        return WorkflowStream(self, lambda: self._execute(ex))

    # ------------------------------------------------------------------ resuming
    async def resume(
        self,
        step: Any = None,
        resume_data: Any = None,
        *,
        for_each_index: int | None = None,
        runtime_context: Any = None,
    ) -> WorkflowResult:
        """Resume a suspended step (by id, step object or id path); other suspended steps wait."""
        return await self._execute(
            await self._prepare_resume(step, resume_data, for_each_index, runtime_context)
        )

    def resume_stream(
        self,
        step: Any = None,
        resume_data: Any = None,
        *,
        for_each_index: int | None = None,
        runtime_context: Any = None,
    ) -> WorkflowStream:
        async def launch() -> WorkflowResult:
            ex = await self._prepare_resume(step, resume_data, for_each_index, runtime_context)
            return await self._execute(ex)

        return WorkflowStream(self, launch)

    async def _load(self, step: Any = None) -> dict[str, Any]:
        snap = self._snapshot
        if snap is None:
            snap = await self.workflow.load_snapshot(self.run_id)
        if snap is None:
            what = f"cannot resume step '{_id_of(step)}': " if step is not None else ""
            raise RunNotFoundError(
                f"{what}workflow '{self.workflow.id}' has no run '{self.run_id}'"
                + ("" if self.workflow.storage is not None else " (no storage is configured)")
            )
        return snap

    async def _prepare_resume(
        self, step: Any, resume_data: Any, for_each_index: int | None, runtime_context: Any
    ) -> Execution:
        self._ensure_idle()
        ex = self._ex
        snap: dict[str, Any] | None = None
        if self.workflow.storage is not None:
            # the stored snapshot is the truth: another process may have resumed the run
            snap = await self.workflow.load_snapshot(self.run_id)
            if snap is not None and ex is not None:
                runtime_context = runtime_context or ex.runtime_context
                ex = None
        if ex is None and snap is None:
            snap = await self._load(step)
        if ex is None:
            assert snap is not None
            status, suspended = snap.get("status"), snap.get("suspended") or []
        else:
            status, suspended = ex.status, ex.suspended
        if status != SUSPENDED:
            what = f"step '{_id_of(step)}' of " if step is not None else ""
            raise ResumeError(
                f"cannot resume {what}{self._label}: the run is {status}, not suspended"
            )
        path = resolve_resume_path(step, suspended, self._label)
        target = self.workflow.find_step(path)
        if target.resume_validator is not None:
            resume_data = target.resume_validator(resume_data)
        if ex is None:
            assert snap is not None
            ex = Execution.from_snapshot(
                self.workflow,
                snap,
                runtime_context=runtime_context,
                storage=self.workflow.storage,
                listeners=self._listeners,
            )
        elif runtime_context is not None:
            ex.runtime_context = runtime_context
        ex.resume = ResumeRequest(path, resume_data, for_each_index)
        return ex

    async def send_event(
        self, event: str, data: Any = None, *, runtime_context: Any = None
    ) -> WorkflowResult:
        """Deliver ``event`` to a run waiting for it (``wait_for_event``): the waiting step
        runs with ``data`` as its resume data and the run goes on (Mastra ``run.sendEvent``)."""
        self._ensure_idle()
        snap = None
        if self.workflow.storage is not None or self._ex is None:
            snap = await self._load()
            waiting = snap.get("waiting") or {}
        else:
            waiting = self._ex.waiting
        path = waiting.get(event)
        if path is None:
            known = ", ".join(sorted(waiting)) or "none"
            raise ResumeError(
                f"{self._label} is not waiting for event '{event}' (waiting for: {known})"
            )
        return await self.resume(list(path), data, runtime_context=runtime_context)

    #: Mastra's legacy ``run.resumeWithEvent(eventName, data)`` (``after_event``)
    resume_with_event = send_event

    async def restart(self, *, runtime_context: Any = None) -> WorkflowResult:
        """Continue a run whose process died while it was running, from its last snapshot."""
        self._ensure_idle()
        snap = await self._load() if self._ex is None else self._ex.to_snapshot()
        if snap.get("status") != RUNNING:
            raise ResumeError(
                f"cannot restart {self._label}: it is {snap.get('status')}; only runs interrupted"
                " while running can be restarted (use resume() for suspended runs)"
            )
        ex = Execution.from_snapshot(
            self.workflow,
            snap,
            runtime_context=runtime_context,
            storage=self.workflow.storage,
            listeners=self._listeners,
        )
        return await self._execute(ex)

    # ------------------------------------------------------------------ watching, cancelling
    def watch(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(event)`` for every event of this run; returns an unsubscribe function."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    def cancel(self) -> Awaitable[None]:
        """Stop the run: a running one at its current step, a suspended one for good.

        A running run is cancelled at once; awaiting the result waits until it has stopped
        (and, for a suspended run, until the ``canceled`` status is stored)."""
        task = self._task
        ex = self._ex
        if task is not None and not task.done() and ex is not None:
            ex.cancel_requested = True
            task.cancel()
            stopped: asyncio.Future[None] = asyncio.get_running_loop().create_future()

            def settle(_: Any) -> None:
                if not stopped.done():
                    stopped.set_result(None)

            task.add_done_callback(settle)
            return stopped
        return asyncio.ensure_future(self._cancel_idle())

    async def _cancel_idle(self) -> None:
        ex = self._ex
        if ex is None:
            snap = await self._load()
            ex = Execution.from_snapshot(self.workflow, snap, storage=self.workflow.storage)
            self._ex = ex
        ex.status = CANCELED
        await ex.save_final()
        self._result = ex.to_result()

    # ------------------------------------------------------------------ internals
    def _ensure_idle(self) -> None:
        if self._task is not None and not self._task.done():
            raise ResumeError(f"{self._label} is running; wait for it to finish or suspend")

    async def _execute(self, ex: Execution) -> WorkflowResult:
        self._ex = ex
        self._snapshot = None
        task = asyncio.ensure_future(self._drive(ex))
        self._task = task
        try:
            return await task
        finally:
            self._task = None

    async def _drive(self, ex: Execution) -> WorkflowResult:
        listeners = ex.listeners
        try:
            if listeners:
                ex.emit("workflow-start", {"run_id": self.run_id, "input": ex.input})
            if ex.storage is not None:
                ex.status = RUNNING
                await ex.checkpoint()
            await ex.drive()
        except asyncio.CancelledError:
            if not ex.cancel_requested:
                raise
            ex.status = CANCELED
        await ex.save_final()
        result = ex.to_result()
        self._result = result
        if listeners:
            ex.emit(
                "workflow-finish",
                {
                    "status": result.status,
                    "result": result.result,
                    "error": result.error,
                    "suspended": result.suspended,
                },
            )
        return result
