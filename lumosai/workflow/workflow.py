"""A committed workflow: an immutable plan plus where its runs are stored."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lumosai.workflow.errors import ResumeError, RunNotFoundError, SnapshotError
from lumosai.workflow.results import RunInfo, WorkflowResult
from lumosai.workflow.run import Run
from lumosai.workflow.schema import compile_validator

if TYPE_CHECKING:
    from lumosai.memory.storage import Storage
    from lumosai.workflow.builder import RetryConfig
    from lumosai.workflow.nodes import Node
    from lumosai.workflow.step import Step

MAX_RUNS_IN_MEMORY = 1000


class Workflow:
    """Made by ``WorkflowBuilder.commit()``. Create runs with ``create_run()``."""

    def __init__(
        self,
        *,
        id: str,
        plan: Sequence[Node],
        steps: dict[str, Step],
        name: str | None = None,
        description: str | None = None,
        input_schema: Any = None,
        output_schema: Any = None,
        state_schema: Any = None,
        storage: Storage | None = None,
        retry: RetryConfig | None = None,
        app: Any = None,
        validate_inputs: bool = True,
        keep_suspend_payload: bool = False,
        validate_outputs: bool | None = None,
    ) -> None:
        self.id = id
        #: True as Mastra 0.x: a resumed step's result keeps its suspend payload
        self.keep_suspend_payload = keep_suspend_payload
        #: False as Mastra 0.x (``options.validateInputs`` defaults to false there): the run
        #: input and step inputs reach the steps as given (no schema defaults), and outputs
        #: are not checked either (Mastra checks only resume data then)
        self.validate_inputs = validate_inputs
        #: whether step outputs and the run's result are checked against their schemas (and
        #: get their defaults); follows ``validate_inputs`` unless given. False as Mastra (1.x
        #: and 0.x alike never check them: the next step gets the raw output)
        self.validate_outputs = validate_inputs if validate_outputs is None else validate_outputs
        self.name = name or id
        self.description = description
        self.plan: tuple[Node, ...] = tuple(plan)
        self.steps = steps
        self.input_schema = input_schema
        self.output_schema = output_schema
        self.state_schema = state_schema
        subject = f"workflow '{id}'"
        self.input_validator = compile_validator(input_schema, id, "input", subject=subject)
        self.output_validator = compile_validator(output_schema, id, "result", subject=subject)
        self.state_validator = compile_validator(state_schema, id, "state", subject=subject)
        self.storage = storage
        self.app = app
        self.retry_attempts = retry.attempts if retry is not None else 0
        self._retry = retry
        self._runs: dict[str, Run] = {}

    def __repr__(self) -> str:
        return f"Workflow(id={self.id!r}, steps={list(self.steps)})"

    # ------------------------------------------------------------------ configuration
    def set_storage(self, storage: Storage | None) -> Workflow:
        """Persist run snapshots in ``storage`` (SQLite, Postgres, in-memory)."""
        self.storage = storage
        return self

    def attach(self, app: Any) -> Workflow:
        """Give steps access to ``app`` (``ctx.get_agent``) and use its storage if none is set."""
        self.app = app
        if self.storage is None:
            self.storage = getattr(app, "storage", None)
        return self

    def retry_delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        retry = self._retry
        if retry is None or retry.delay <= 0:
            return 0.0
        return retry.delay / 1000.0 * (retry.backoff_factor ** (attempt - 1))

    def find_step(self, path: Sequence[str]) -> Step:
        """The step at ``path`` (ids through nested workflows)."""
        workflow: Workflow = self
        step: Step | None = None
        for depth, step_id in enumerate(path):
            step = workflow.steps.get(step_id)
            if step is None:
                raise ResumeError(f"workflow '{workflow.id}' has no step '{step_id}'")
            if depth < len(path) - 1:
                if step.workflow is None:
                    raise ResumeError(
                        f"step '{step_id}' of workflow '{workflow.id}' is not a workflow"
                    )
                workflow = step.workflow
        if step is None:
            raise ResumeError(f"workflow '{self.id}': empty step path")
        return step

    def as_step(self, id: str | None = None) -> Step:
        from lumosai.workflow.step import workflow_step

        return workflow_step(self, id=id)

    # ------------------------------------------------------------------ runs
    def create_run(self, run_id: str | None = None, *, resource_id: str | None = None) -> Run:
        """A new run (or the known one with this id)."""
        if run_id is not None and run_id in self._runs:
            return self._runs[run_id]
        run = Run(self, run_id or str(uuid.uuid4()), resource_id=resource_id)
        self._remember(run)
        return run

    def _remember(self, run: Run) -> None:
        runs = self._runs
        runs[run.run_id] = run
        if len(runs) > MAX_RUNS_IN_MEMORY:
            del runs[next(iter(runs))]

    async def load_snapshot(self, run_id: str) -> dict[str, Any] | None:
        if self.storage is None:
            return None
        record = await self.storage.load_workflow_snapshot(self.id, run_id)
        if record is None:
            return None
        snap = record.snapshot
        if not isinstance(snap, dict) or "position" not in snap or "steps" not in snap:
            raise SnapshotError(
                f"stored snapshot of run '{run_id}' of workflow '{self.id}' is not a lumosai"
                " workflow snapshot"
            )
        return snap

    async def get_run(self, run_id: str) -> Run:
        """The run ``run_id``, from this process or from storage (e.g. to resume it elsewhere)."""
        run = self._runs.get(run_id)
        if run is not None:
            return run
        snap = await self.load_snapshot(run_id)
        if snap is None:
            raise RunNotFoundError(
                f"workflow '{self.id}' has no run '{run_id}'"
                + ("" if self.storage is not None else " (no storage is configured)")
            )
        run = Run(self, run_id, resource_id=snap.get("resource_id"))
        run._snapshot = snap
        self._remember(run)
        return run

    async def list_runs(self) -> list[RunInfo]:
        """Stored runs, oldest first (runs of this process when there is no storage)."""
        if self.storage is None:
            return [
                RunInfo(run_id=r.run_id, workflow_id=self.id, status=r.status)
                for r in self._runs.values()
            ]
        records = await self.storage.list_workflow_snapshots(self.id)
        return [
            RunInfo(
                run_id=rec.run_id,
                workflow_id=rec.workflow_id,
                status=rec.status,
                created_at=rec.created_at,
                updated_at=rec.updated_at,
                suspended=list(rec.snapshot.get("suspended") or [])
                if isinstance(rec.snapshot, dict)
                else [],
            )
            for rec in records
        ]

    # ------------------------------------------------------------------ Lumos-style shortcuts
    async def execute(
        self,
        input_data: Any = None,
        runtime_context: Any = None,
        *,
        initial_state: Any = None,
        run_id: str | None = None,
    ) -> WorkflowResult:
        """``create_run().start(...)`` in one call (Lumos ``execute``)."""
        run = self.create_run(run_id)
        return await run.start(
            input_data, initial_state=initial_state, runtime_context=runtime_context
        )

    async def resume(
        self, run_id: str, resume_data: Any = None, *, step: Any = None
    ) -> WorkflowResult:
        """Lumos ``resume(run_id, data, step=)``."""
        run = await self.get_run(run_id)
        return await run.resume(step=step, resume_data=resume_data)

    async def get_status(self, run_id: str) -> str | None:
        """The run's status, or None when there is no such run."""
        try:
            return (await self.get_run(run_id)).status
        except RunNotFoundError:
            return None
