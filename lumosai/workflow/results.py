"""Result types of a run: one ``StepResult`` per step, one ``WorkflowResult`` per start/resume.

Field names are Mastra's ``StepResult``/``WorkflowResult`` in snake_case; times are epoch
milliseconds (ints), as Mastra's ``startedAt``/``endedAt``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


def now_ms() -> int:
    """Epoch milliseconds (ints also keep snapshots small and fast to serialise)."""
    return time.time_ns() // 1_000_000


SUCCESS = "success"
FAILED = "failed"
SUSPENDED = "suspended"
CANCELED = "canceled"
BAILED = "bailed"
RUNNING = "running"
SKIPPED = "skipped"


@dataclass(slots=True)
class StepResult:
    """What one step did. ``status``: success | failed | suspended | running | skipped | bailed | canceled."""

    status: str
    payload: Any = None
    output: Any = None
    error: str | None = None
    suspend_payload: Any = None
    resume_payload: Any = None
    started_at: int = 0
    ended_at: int | None = None
    suspended_at: int | None = None
    resumed_at: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "payload": self.payload,
            "output": self.output,
            "error": self.error,
            "suspend_payload": self.suspend_payload,
            "resume_payload": self.resume_payload,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "suspended_at": self.suspended_at,
            "resumed_at": self.resumed_at,
        }

    def to_snapshot(self) -> dict[str, Any]:
        """``to_dict`` without the None fields: what run snapshots store."""
        data: dict[str, Any] = {"status": self.status, "started_at": self.started_at}
        if self.payload is not None:
            data["payload"] = self.payload
        if self.output is not None:
            data["output"] = self.output
        if self.ended_at is not None:
            data["ended_at"] = self.ended_at
        if self.error is not None:
            data["error"] = self.error
        if self.suspend_payload is not None:
            data["suspend_payload"] = self.suspend_payload
        if self.resume_payload is not None:
            data["resume_payload"] = self.resume_payload
        if self.suspended_at is not None:
            data["suspended_at"] = self.suspended_at
        if self.resumed_at is not None:
            data["resumed_at"] = self.resumed_at
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StepResult:
        return cls(
            status=data["status"],
            payload=data.get("payload"),
            output=data.get("output"),
            error=data.get("error"),
            suspend_payload=data.get("suspend_payload"),
            resume_payload=data.get("resume_payload"),
            started_at=data.get("started_at") or 0,
            ended_at=data.get("ended_at"),
            suspended_at=data.get("suspended_at"),
            resumed_at=data.get("resumed_at"),
        )


@dataclass(slots=True)
class WorkflowResult:
    """The outcome of ``run.start``/``run.resume``.

    ``status`` is success | failed | suspended | canceled. A step that calls ``bail(value)``
    ends the run like Mastra 1.x does: run status ``success``, ``result`` = value, and that
    step's own status ``bailed`` (``bailed`` is then ``True``).
    """

    status: str
    run_id: str
    workflow_id: str
    result: Any = None
    error: str | None = None
    steps: dict[str, StepResult] = field(default_factory=dict)
    state: Any = None
    input: Any = None
    suspended: list[list[str]] = field(default_factory=list)
    suspend_payload: dict[str, Any] = field(default_factory=dict)
    bailed: bool = False
    exception: BaseException | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == SUCCESS

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (Mastra's shape, snake_case)."""
        return {
            "status": self.status,
            "run_id": self.run_id,
            "workflow_id": self.workflow_id,
            "result": self.result,
            "error": self.error,
            "steps": {k: v.to_dict() for k, v in self.steps.items()},
            "state": self.state,
            "input": self.input,
            "suspended": self.suspended,
            "suspend_payload": self.suspend_payload,
            "bailed": self.bailed,
        }


@dataclass(slots=True)
class RunInfo:
    """A stored run as listed by ``Workflow.list_runs``."""

    run_id: str
    workflow_id: str
    status: str
    created_at: float = 0.0
    updated_at: float = 0.0
    suspended: list[list[str]] = field(default_factory=list)
