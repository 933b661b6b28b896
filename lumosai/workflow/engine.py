"""The executor: one ``Execution`` drives a workflow's plan for one run and owns its state.

Everything a snapshot needs lives here (step results, position in the plan, per-node
progress, nested runs), so a run can stop after any step and continue in another process.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lumosai import telemetry
from lumosai.workflow.context import _UNSET, AbortRequested, StepContext
from lumosai.workflow.errors import SnapshotError, StepValidationError, WorkflowError
from lumosai.workflow.results import (
    BAILED,
    CANCELED,
    FAILED,
    RUNNING,
    SUCCESS,
    SUSPENDED,
    StepResult,
    WorkflowResult,
    now_ms,
)
from lumosai.workflow.schema import json_default, plain, to_json_safe

if TYPE_CHECKING:
    from lumosai.memory.storage import Storage
    from lumosai.workflow.step import Step
    from lumosai.workflow.workflow import Workflow

SNAPSHOT_VERSION = 1
Listener = Callable[[dict[str, Any]], Any]
Outcome = tuple[str, Any]
_PENDING_CALLBACKS: set[asyncio.Future[Any]] = set()  # keeps async watch callbacks alive


class ResumeRequest:
    """Which suspended step to resume (a path through nested workflows) and with what."""

    __slots__ = ("data", "for_each_index", "path")

    def __init__(self, path: list[str], data: Any, for_each_index: int | None = None) -> None:
        self.path = path
        self.data = data
        self.for_each_index = for_each_index


def describe_error(step_id: str, exc: BaseException) -> str:
    if isinstance(exc, WorkflowError) and f"'{step_id}'" in str(exc):
        return str(exc)
    return f"step '{step_id}' failed: {type(exc).__name__}: {exc}"


def _new_runtime_context() -> Any:
    try:
        from lumosai import RuntimeContext  # type: ignore[attr-defined]
    except ImportError:
        return {}
    return RuntimeContext()


class Execution:
    """The live state of one run (or of one nested workflow inside a run)."""

    __slots__ = (
        "_lock",
        "_snap_cache",
        "app",
        "bailed",
        "cancel_requested",
        "child_snapshots",
        "children",
        "created_at",
        "error",
        "exception",
        "input",
        "listeners",
        "node_input",
        "node_state",
        "parent",
        "position",
        "resource_id",
        "result",
        "resume",
        "run_id",
        "runtime_context",
        "state",
        "status",
        "steps",
        "storage",
        "suspended",
        "waiting",
        "workflow",
    )

    def __init__(
        self,
        workflow: Workflow,
        run_id: str,
        *,
        input: Any = None,
        state: Any = None,
        runtime_context: Any = None,
        storage: Storage | None = None,
        listeners: list[Listener] | None = None,
        parent: Execution | None = None,
        resource_id: str | None = None,
    ) -> None:
        self.workflow = workflow
        self.run_id = run_id
        self.input = input
        self.state = {} if state is None else state
        self.runtime_context = runtime_context
        self.app: Any = workflow.app
        if self.app is None and parent is not None:
            self.app = parent.app
        self.storage = storage
        self.listeners: list[Listener] = listeners if listeners is not None else []
        self.parent = parent
        self.resource_id = resource_id
        self.steps: dict[str, StepResult] = {}
        self.node_state: dict[str, Any] = {}
        self.children: dict[str, Execution] = {}
        self.child_snapshots: dict[str, dict[str, Any]] = {}
        self.position = 0
        self.node_input = input
        self.status = RUNNING
        self.result: Any = None
        self.error: str | None = None
        self.exception: BaseException | None = None
        self.suspended: list[list[str]] = []
        #: event name -> path of the step waiting for it (``wait_for_event``)
        self.waiting: dict[str, list[str]] = {}
        self.bailed = False
        self.resume: ResumeRequest | None = None
        self.cancel_requested = False
        self.created_at = time.time()
        self._lock: asyncio.Lock | None = None
        self._snap_cache: dict[str, tuple[StepResult, dict[str, Any]]] = {}

    # ------------------------------------------------------------------ helpers for contexts
    def get_runtime_context(self) -> Any:
        rc = self.runtime_context
        if rc is None:
            rc = self.runtime_context = _new_runtime_context()
        return rc

    def lookup_app(self, kind: str, key: str) -> Any:
        app = self.app
        if app is None:
            raise WorkflowError(
                f"workflow '{self.workflow.id}': no app attached, cannot look up {kind} '{key}'"
                " (register the workflow in a LumosApp or call workflow.attach(app))"
            )
        try:
            found = getattr(app, kind)(key)
        except KeyError:
            found = None
        if found is None:
            raise WorkflowError(f"workflow '{self.workflow.id}': the app has no {kind} '{key}'")
        return found

    def set_state(self, step: Step, value: Any) -> None:
        validator = step.state_validator or self.workflow.state_validator
        self.state = validator(value) if validator is not None else value

    # ------------------------------------------------------------------ events
    def emit(self, kind: str, payload: dict[str, Any]) -> None:
        event = {"type": kind, "run_id": self.run_id, "from": "WORKFLOW", "payload": payload}
        for listener in list(self.listeners):
            outcome = listener(event)
            if inspect.isawaitable(outcome):
                task = asyncio.ensure_future(outcome)
                _PENDING_CALLBACKS.add(task)
                task.add_done_callback(_PENDING_CALLBACKS.discard)

    # ------------------------------------------------------------------ running one step
    async def run_step(
        self,
        step: Step,
        input_data: Any,
        resume: ResumeRequest | None = None,
        *,
        record: bool = True,
        slot: str | None = None,
        iteration: int | None = None,
        index: int | None = None,
        prior: StepResult | None = None,
    ) -> StepResult:
        """Run ``step`` once (with retries); never raises except for cancellation."""
        now = now_ms()
        step_id = step.id
        if resume is not None:
            if prior is None:
                prior = self.steps.get(step_id)
            sr = StepResult(
                RUNNING,
                input_data,
                started_at=prior.started_at if prior is not None else now,
                resume_payload=resume.data,
                suspend_payload=prior.suspend_payload if prior is not None else None,
                suspended_at=prior.suspended_at if prior is not None else None,
                resumed_at=now,
            )
        else:
            sr = StepResult(RUNNING, input_data, started_at=now)
        if record:
            self.steps[step_id] = sr
        listeners = self.listeners
        if listeners:
            self.emit(
                "workflow-step-start",
                {"id": step_id, "status": RUNNING, "payload": input_data, "started_at": now},
            )
        try:
            if telemetry.tracing_active():
                await self._run_traced(step, sr, input_data, resume, slot, iteration, index)
            elif step.workflow is not None:
                await self._run_nested(step, sr, input_data, resume, slot or step_id)
            else:
                await self._run_function(step, sr, input_data, resume, iteration, index)
        except AbortRequested as abort:
            sr.status = CANCELED
            sr.error = f"step '{step_id}' aborted the run"
            self.cancel_requested = True
            self.exception = abort
        except asyncio.CancelledError:
            sr.status = CANCELED
            sr.ended_at = now_ms()
            raise
        except Exception as exc:
            sr.status = FAILED
            sr.error = describe_error(step_id, exc)
            self.exception = exc
        sr.ended_at = now_ms()
        if resume is not None and sr.status != SUSPENDED and not self.workflow.keep_suspend_payload:
            # Mastra 1.x drops the prior suspension from a resumed step's result (0.x keeps it)
            sr.suspend_payload = sr.suspended_at = None
        if listeners:
            self._emit_step_end(step_id, sr)
        return sr

    async def _run_traced(
        self,
        step: Step,
        sr: StepResult,
        input_data: Any,
        resume: ResumeRequest | None,
        slot: str | None,
        iteration: int | None,
        index: int | None,
    ) -> None:
        """The step inside a span; only when tracing is on (its attributes cost ~2 us a step)."""
        step_id = step.id
        with telemetry.span(
            f"workflow_step {step_id}",
            {
                "lumosai.workflow.id": self.workflow.id,
                "lumosai.workflow.run_id": self.run_id,
                "lumosai.workflow.step.id": step_id,
                "lumosai.workflow.step.iteration": iteration,
                "lumosai.workflow.step.index": index,
                "lumosai.workflow.step.resumed": resume is not None,
            },
        ) as trace:
            if trace.recording:
                trace.record_input(input_data)
            if step.workflow is not None:
                await self._run_nested(step, sr, input_data, resume, slot or step_id)
            else:
                await self._run_function(step, sr, input_data, resume, iteration, index)
            if trace.recording:
                trace.set("lumosai.workflow.step.status", sr.status)
                trace.record_output(sr.output)

    async def _run_function(
        self,
        step: Step,
        sr: StepResult,
        input_data: Any,
        resume: ResumeRequest | None,
        iteration: int | None,
        index: int | None,
    ) -> None:
        if step.input_validator is not None and self.workflow.validate_inputs:
            input_data = step.input_validator(input_data)
        retries = step.retries
        if retries is None:
            retries = self.workflow.retry_attempts
        execute = step.execute
        assert execute is not None
        attempt = 0
        while True:
            ctx = StepContext(
                self,
                step,
                input_data,
                resume.data if resume is not None else None,
                sr.suspend_payload if resume is not None else None,
                attempt,
            )
            if iteration is not None:
                ctx.iteration_count = iteration
            if index is not None:
                ctx.for_each_index = index
            try:
                out = execute(ctx)
                if step.is_async or inspect.isawaitable(out):
                    if step.timeout is not None:
                        out = await asyncio.wait_for(out, step.timeout)
                    else:
                        out = await out
                break
            except (AbortRequested, StepValidationError):
                raise
            except Exception:
                if attempt >= retries:
                    raise
                attempt += 1
                delay = self.workflow.retry_delay(attempt)
                if delay > 0:
                    await asyncio.sleep(delay)
        if ctx._suspend is not _UNSET:
            sr.status = SUSPENDED
            sr.suspend_payload = ctx._suspend
            sr.suspended_at = now_ms()
        elif ctx._bail is not _UNSET:
            sr.status = BAILED
            sr.output = plain(ctx._bail)
        else:
            validator = step.output_validator if self.workflow.validate_outputs else None
            sr.output = validator(out) if validator is not None else plain(out)
            sr.status = SUCCESS

    async def _run_nested(
        self,
        step: Step,
        sr: StepResult,
        input_data: Any,
        resume: ResumeRequest | None,
        slot: str,
    ) -> None:
        inner = step.workflow
        assert inner is not None
        if resume is not None and slot in self.children:
            child = self.children[slot]
        elif slot in self.child_snapshots:  # resuming, or restarting after a crash
            child = Execution.from_snapshot(
                inner,
                self.child_snapshots.pop(slot),
                runtime_context=self.runtime_context,
                listeners=self.listeners,
                parent=self,
            )
        else:
            if inner.input_validator is not None and inner.validate_inputs:
                input_data = inner.input_validator(input_data)
            child = Execution(
                inner,
                self.run_id,
                input=input_data,
                state=self.state,
                runtime_context=self.get_runtime_context(),
                listeners=self.listeners,
                parent=self,
                resource_id=self.resource_id,
            )
        if resume is not None:
            child.resume = ResumeRequest(resume.path[1:], resume.data, resume.for_each_index)
        self.children[slot] = child
        if self.waiting:  # the child re-registers what it still waits for
            self.waiting = {e: p for e, p in self.waiting.items() if p[0] != step.id}
        await child.drive()
        self.state = child.state
        status = child.status
        if status == SUSPENDED:
            sr.status = SUSPENDED
            for event, path in child.waiting.items():
                self.waiting[event] = [step.id, *path]
            first = child.suspended[0] if child.suspended else []
            inner_sr = child.steps.get(first[0]) if first else None
            sr.suspend_payload = inner_sr.suspend_payload if inner_sr is not None else None
            sr.suspended_at = now_ms()
            return
        del self.children[slot]
        if status == SUCCESS:
            sr.status = SUCCESS
            sr.output = child.result
        elif status == CANCELED:
            sr.status = CANCELED
            self.cancel_requested = True
        else:
            sr.status = FAILED
            sr.error = f"step '{step.id}' (nested workflow '{inner.id}') failed: {child.error}"
            self.exception = child.exception

    def _emit_step_end(self, step_id: str, sr: StepResult) -> None:
        payload: dict[str, Any] = {"id": step_id, **sr.to_dict()}
        if sr.status == SUSPENDED:
            self.emit("workflow-step-suspended", payload)
        else:
            self.emit("workflow-step-result", payload)

    def paths_of(self, step: Step, slot: str | None = None) -> list[list[str]]:
        """The suspended path(s) below ``step``: ``[[id]]`` or ``[[id, *inner path]]``."""
        key = slot or step.id
        child = self.children.get(key)
        if child is not None:
            inner = child.suspended
        else:
            stored = self.child_snapshots.get(key)
            inner = stored.get("suspended") or [] if stored is not None else []
        return [[step.id, *path] for path in inner] or [[step.id]]

    def outcome_of(self, step: Step, sr: StepResult, slot: str | None = None) -> Outcome:
        status = sr.status
        if status == SUCCESS:
            return SUCCESS, sr.output
        if status == SUSPENDED:
            return SUSPENDED, self.paths_of(step, slot)
        if status == BAILED:
            return BAILED, sr.output
        if status == CANCELED:
            return CANCELED, None
        return FAILED, sr.error

    # ------------------------------------------------------------------ driving the plan
    async def drive(self) -> None:
        """Run the plan from ``position`` to the end, a suspension, a failure or a bail."""
        nodes = self.workflow.plan
        count = len(nodes)
        index = self.position
        value = self.node_input
        durable = self.storage is not None or self.parent is not None
        self.status = RUNNING
        self.suspended = []
        try:
            while index < count:
                node = nodes[index]
                status, out = await node.run(self, value)
                if status != SUCCESS:
                    self._stop(status, out)
                    return
                if self.node_state:
                    self.node_state.pop(node.key, None)
                index += 1
                value = out
                self.position = index
                self.node_input = value
                if durable and index < count:
                    await self.checkpoint()
            self._finish(value)
        except asyncio.CancelledError:
            if not self.cancel_requested:
                raise
            self.status = CANCELED
        except SnapshotError as exc:
            self.status = FAILED
            self.error = str(exc)
            self.exception = exc

    def _stop(self, status: str, out: Any) -> None:
        if status == SUSPENDED:
            self.status = SUSPENDED
            self.suspended = out
        elif status == BAILED:
            self.bailed = True
            self.position = len(self.workflow.plan)
            self._finish(out, check=False)  # Mastra returns a bail value unchecked
        elif status == CANCELED:
            self.status = CANCELED
        else:
            self.status = FAILED
            self.error = out

    def _finish(self, value: Any, *, check: bool = True) -> None:
        validator = self.workflow.output_validator if self.workflow.validate_outputs else None
        if validator is not None and check:
            try:
                value = validator(value)
            except StepValidationError as exc:
                self.status = FAILED
                self.error = str(exc)
                self.exception = exc
                return
        self.status = SUCCESS
        self.result = value

    # ------------------------------------------------------------------ snapshots
    def to_snapshot(self) -> dict[str, Any]:
        children = dict(self.child_snapshots)
        for slot, child in self.children.items():
            children[slot] = child.to_snapshot()
        return {
            "version": SNAPSHOT_VERSION,
            "workflow_id": self.workflow.id,
            "run_id": self.run_id,
            "resource_id": self.resource_id,
            "status": self.status,
            "input": self.input,
            "state": self.state,
            "position": self.position,
            "node_input": self.node_input,
            "node_state": copy.deepcopy(self.node_state) if self.node_state else {},
            "steps": self._steps_snapshot(),
            "children": children,
            "result": self.result,
            "error": self.error,
            "suspended": self.suspended,
            "waiting": self.waiting,
            "bailed": self.bailed,
            "created_at": self.created_at,
        }

    def _steps_snapshot(self) -> dict[str, Any]:
        """Step results as dicts; finished results are converted once and reused.

        A payload that is the previous step's output (the common case) is stored as a
        reference, ``"payload_from": <step id>``, which halves the size of linear runs.
        """
        cache = self._snap_cache
        out: dict[str, Any] = {}
        prev_key: str | None = None
        prev_output: Any = None
        for key, sr in self.steps.items():
            hit = cache.get(key)
            if hit is not None and hit[0] is sr:
                data = hit[1]
            else:
                data = sr.to_snapshot()
                if sr.ended_at is not None:
                    cache[key] = (sr, data)
            payload = sr.payload
            if payload is not None and payload is prev_output and prev_key is not None:
                data = {k: v for k, v in data.items() if k != "payload"}
                data["payload_from"] = prev_key
            out[key] = data
            prev_key, prev_output = key, sr.output
        return out

    @classmethod
    def from_snapshot(
        cls,
        workflow: Workflow,
        snap: dict[str, Any],
        *,
        runtime_context: Any = None,
        storage: Storage | None = None,
        listeners: list[Listener] | None = None,
        parent: Execution | None = None,
    ) -> Execution:
        ex = cls(
            workflow,
            snap["run_id"],
            input=snap.get("input"),
            state=snap.get("state"),
            runtime_context=runtime_context,
            storage=storage,
            listeners=listeners,
            parent=parent,
            resource_id=snap.get("resource_id"),
        )
        ex.status = snap.get("status", RUNNING)
        ex.position = int(snap.get("position", 0))
        ex.node_input = snap.get("node_input")
        ex.node_state = dict(snap.get("node_state") or {})
        steps: dict[str, StepResult] = {}
        for key, data in (snap.get("steps") or {}).items():
            sr = StepResult.from_dict(data)
            ref = data.get("payload_from")
            if ref is not None and ref in steps:
                sr.payload = steps[ref].output
            steps[key] = sr
        ex.steps = steps
        ex.child_snapshots = dict(snap.get("children") or {})
        ex.result = snap.get("result")
        ex.error = snap.get("error")
        ex.suspended = [list(p) for p in snap.get("suspended") or []]
        ex.waiting = {str(k): list(v) for k, v in (snap.get("waiting") or {}).items()}
        ex.bailed = bool(snap.get("bailed"))
        ex.created_at = snap.get("created_at") or time.time()
        return ex

    async def checkpoint(self) -> None:
        """Persist the whole run (the top-level execution saves for nested ones)."""
        if self.parent is not None:
            await self.parent.checkpoint()
            return
        if self.storage is None:
            return
        lock = self._lock
        if lock is None:
            lock = self._lock = asyncio.Lock()
        async with lock:
            await self._save(self.to_snapshot())

    async def _save(self, snap: dict[str, Any], *, lenient: bool = False) -> None:
        from lumosai.memory.storage import WorkflowSnapshot

        storage = self.storage
        assert storage is not None
        record = WorkflowSnapshot(
            workflow_id=self.workflow.id,
            run_id=self.run_id,
            status=self.status,
            snapshot=snap,
            created_at=self.created_at,
            updated_at=time.time(),
        )
        try:
            await storage.save_workflow_snapshot(record)
            return
        except (TypeError, ValueError) as exc:
            first_error: Exception = exc
        try:
            record.snapshot = to_json_safe(snap)
        except (TypeError, ValueError) as exc:
            if lenient:
                record.snapshot = _json_lenient(snap)
            else:
                raise SnapshotError(
                    f"workflow '{self.workflow.id}' run '{self.run_id}': cannot store snapshot"
                    f" ({self._unserialisable_step()}): {exc}"
                ) from first_error
        await storage.save_workflow_snapshot(record)

    def _unserialisable_step(self) -> str:
        for step_id, sr in self.steps.items():
            try:
                to_json_safe(sr.to_dict())
            except (TypeError, ValueError):
                return f"the data of step '{step_id}' is not JSON-serialisable"
        return "the run input or state is not JSON-serialisable"

    async def save_final(self) -> None:
        """Last save of a run; unserialisable values are replaced by their repr."""
        if self.storage is None or self.parent is not None:
            return
        lock = self._lock
        if lock is None:
            lock = self._lock = asyncio.Lock()
        async with lock:
            await self._save(self.to_snapshot(), lenient=True)

    # ------------------------------------------------------------------ results
    def to_result(self) -> WorkflowResult:
        result = WorkflowResult(
            status=self.status,
            run_id=self.run_id,
            workflow_id=self.workflow.id,
            steps=dict(self.steps),
            state=self.state,
            input=self.input,
            exception=self.exception,
        )
        if self.status == SUCCESS:
            result.result = self.result
            result.bailed = self.bailed
        elif self.status == FAILED:
            result.error = self.error
        elif self.status == SUSPENDED:
            result.suspended = self.suspended
            payloads: dict[str, Any] = {}
            for path in self.suspended:
                sr = self.steps.get(path[0])
                if sr is not None:
                    payloads[path[0]] = sr.suspend_payload
            result.suspend_payload = payloads
        return result


def _json_lenient(value: Any) -> Any:
    import json

    def fallback(obj: Any) -> Any:
        try:
            return json_default(obj)
        except TypeError:
            return f"<unserialisable {type(obj).__name__}: {obj!r}>"

    return json.loads(json.dumps(value, default=fallback))
