"""The plan: one node per builder call (``then``, ``parallel``, ``branch``, loops, ``for_each``).

A node runs with the previous node's output and returns ``(status, value)``. Composite nodes
keep their progress in ``ex.node_state[key]`` so a resumed or restarted run skips finished work.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from lumosai.workflow.context import ConditionContext
from lumosai.workflow.engine import Execution, Outcome, ResumeRequest
from lumosai.workflow.results import (
    BAILED,
    CANCELED,
    FAILED,
    SKIPPED,
    SUCCESS,
    SUSPENDED,
    StepResult,
    now_ms,
)

if TYPE_CHECKING:
    from lumosai.workflow.step import Step

Condition = Callable[[ConditionContext], Any]


async def evaluate(cond: Condition, ctx: ConditionContext) -> bool:
    value = cond(ctx)
    if inspect.isawaitable(value):
        value = await value
    return bool(value)


def take_resume(ex: Execution, step_id: str) -> ResumeRequest | None:
    resume = ex.resume
    if resume is not None and resume.path and resume.path[0] == step_id:
        ex.resume = None
        return resume
    return None


def is_targeted(ex: Execution, step_id: str) -> bool:
    resume = ex.resume
    return resume is not None and bool(resume.path) and resume.path[0] == step_id


class Node:
    """Base of plan nodes; ``steps`` lists every step the node may run."""

    __slots__ = ("key", "steps")
    kind = "node"

    def __init__(self, steps: Sequence[Step]) -> None:
        self.key = ""
        self.steps: tuple[Step, ...] = tuple(steps)

    async def run(self, ex: Execution, value: Any) -> Outcome:
        raise NotImplementedError


class StepNode(Node):
    """``.then(step)`` (also ``map`` and ``sleep``, which are steps)."""

    __slots__ = ("step",)
    kind = "step"

    def __init__(self, step: Step) -> None:
        super().__init__([step])
        self.step = step

    async def run(self, ex: Execution, value: Any) -> Outcome:
        step = self.step
        resume = ex.resume
        if resume is not None:
            resume = take_resume(ex, step.id)
        sr = await ex.run_step(step, value, resume)
        if sr.status == SUCCESS:
            return SUCCESS, sr.output
        return ex.outcome_of(step, sr)


class GuardNode(StepNode):
    """A declarative step with a condition: skipped steps pass their input through."""

    __slots__ = ("condition",)
    kind = "guard"

    def __init__(self, step: Step, condition: Condition) -> None:
        super().__init__(step)
        self.condition = condition

    async def run(self, ex: Execution, value: Any) -> Outcome:
        if not is_targeted(ex, self.step.id):
            try:
                go = await evaluate(self.condition, ConditionContext(ex, value))
            except Exception as exc:
                return FAILED, f"condition of step '{self.step.id}' failed: {exc}"
            if not go:
                now = now_ms()
                ex.steps[self.step.id] = StepResult(
                    SKIPPED, value, output=value, started_at=now, ended_at=now
                )
                return SUCCESS, value
        return await super().run(ex, value)


class EventNode(StepNode):
    """``.wait_for_event(event, step)``: the run suspends until ``run.send_event(event, data)``.

    As Mastra's ``waitForEvent``: the step then runs on the previous output with the event
    data as ``resume_data``. The wait is stored in the snapshot (``waiting``), so the event
    may come from another process; with ``timeout`` (ms) a late event fails the step.
    """

    __slots__ = ("event", "timeout")
    kind = "wait_for_event"

    def __init__(self, step: Step, event: str, timeout: float | None = None) -> None:
        super().__init__(step)
        self.event = event
        self.timeout = timeout

    async def run(self, ex: Execution, value: Any) -> Outcome:
        step = self.step
        resume = take_resume(ex, step.id) if ex.resume is not None else None
        if resume is None:
            now = now_ms()
            deadline = now + self.timeout if self.timeout is not None else None
            ex.node_state[self.key] = {"event": self.event, "deadline": deadline}
            ex.steps[step.id] = StepResult(SUSPENDED, value, started_at=now, suspended_at=now)
            ex.waiting[self.event] = [step.id]
            if ex.listeners:
                ex.emit(
                    "workflow-step-waiting",
                    {"id": step.id, "status": "waiting", "payload": value, "event": self.event},
                )
            return SUSPENDED, [[step.id]]
        ex.waiting.pop(self.event, None)
        deadline = (ex.node_state.get(self.key) or {}).get("deadline")
        if deadline is not None and now_ms() > deadline:
            message = (
                f"step '{step.id}': event '{self.event}' came after the {self.timeout} ms timeout"
            )
            now = now_ms()
            ex.steps[step.id] = StepResult(
                FAILED, value, error=message, started_at=now, ended_at=now
            )
            return FAILED, message
        sr = await ex.run_step(step, value, resume)
        if sr.status == SUCCESS:
            return SUCCESS, sr.output
        return ex.outcome_of(step, sr)


async def _run_group(ex: Execution, node: Node, steps: Sequence[Step], value: Any) -> Outcome:
    """Run ``steps`` concurrently on ``value``; output keyed by step id (parallel and branch)."""
    progress: dict[str, str] = ex.node_state.setdefault(node.key, {}).setdefault("done", {})
    durable = ex.storage is not None or ex.parent is not None

    async def one(step: Step) -> StepResult:
        prior = progress.get(step.id)
        if prior == SUCCESS:
            return ex.steps[step.id]
        resume = None
        if prior == SUSPENDED:
            resume = take_resume(ex, step.id)
            if resume is None:
                return ex.steps[step.id]
        sr = await ex.run_step(step, value, resume)
        if sr.status in (SUCCESS, SUSPENDED):
            progress[step.id] = sr.status
            if durable:
                await ex.checkpoint()
        return sr

    if len(steps) == 1:
        results = [await one(steps[0])]
    else:
        results = list(await asyncio.gather(*(one(s) for s in steps)))
    return combine(ex, steps, results)


def combine(ex: Execution, steps: Sequence[Step], results: Sequence[StepResult]) -> Outcome:
    suspended: list[list[str]] = []
    bailed: Outcome | None = None
    for step, sr in zip(steps, results, strict=True):
        status = sr.status
        if status == FAILED:
            return FAILED, sr.error
        if status == CANCELED:
            return CANCELED, None
        if status == SUSPENDED:
            suspended.extend(ex.paths_of(step))
        elif status == BAILED and bailed is None:
            bailed = (BAILED, sr.output)
    if bailed is not None:
        return bailed
    if suspended:
        return SUSPENDED, suspended
    return SUCCESS, {step.id: sr.output for step, sr in zip(steps, results, strict=True)}


class ParallelNode(Node):
    """``.parallel([a, b])``: all run on the same input; output ``{a.id: ..., b.id: ...}``."""

    __slots__ = ()
    kind = "parallel"

    async def run(self, ex: Execution, value: Any) -> Outcome:
        return await _run_group(ex, self, self.steps, value)


class BranchNode(Node):
    """``.branch([(cond, step), ...])``: every step whose condition holds runs (Mastra 1.x).

    With ``exclusive`` (Lumos ``branch(cond, if_true, if_false)``) only the first true one
    runs, else ``fallback``. Output is keyed by the ids of the steps that ran.
    """

    __slots__ = ("conditions", "exclusive", "fallback")
    kind = "branch"

    def __init__(
        self,
        pairs: Sequence[tuple[Condition, Step]],
        *,
        exclusive: bool = False,
        fallback: Step | None = None,
    ) -> None:
        steps = [s for _, s in pairs] + ([fallback] if fallback is not None else [])
        super().__init__(steps)
        self.conditions = tuple(c for c, _ in pairs)
        self.exclusive = exclusive
        self.fallback = fallback

    async def run(self, ex: Execution, value: Any) -> Outcome:
        state = ex.node_state.get(self.key)
        if state is None:
            chosen: list[str] = []
            ctx = ConditionContext(ex, value)
            for cond, step in zip(self.conditions, self.steps, strict=False):
                try:
                    ok = await evaluate(cond, ctx)
                except Exception as exc:
                    return FAILED, f"branch condition of step '{step.id}' failed: {exc}"
                if ok:
                    chosen.append(step.id)
                    if self.exclusive:
                        break
            if not chosen and self.fallback is not None:
                chosen.append(self.fallback.id)
            state = ex.node_state[self.key] = {"chosen": chosen, "done": {}}
        by_id = {s.id: s for s in self.steps}
        steps = [by_id[i] for i in state["chosen"]]
        if not steps:
            return SUCCESS, {}
        return await _run_group(ex, self, steps, value)


class LoopNode(Node):
    """``.do_while(step, cond)`` / ``.do_until(step, cond)``.

    As Mastra: the step runs, then ``cond`` sees the step's output as ``input_data`` and
    ``iteration_count`` = how many times the step has run (1 after the first run).
    """

    __slots__ = ("condition", "step", "until")

    def __init__(self, step: Step, condition: Condition, *, until: bool) -> None:
        super().__init__([step])
        self.step = step
        self.condition = condition
        self.until = until

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "do_until" if self.until else "do_while"

    async def run(self, ex: Execution, value: Any) -> Outcome:
        step = self.step
        state = ex.node_state.get(self.key)
        if state is None:
            state = ex.node_state[self.key] = {"iteration": 0, "input": value}
        durable = ex.storage is not None or ex.parent is not None
        while True:
            resume = take_resume(ex, step.id) if ex.resume is not None else None
            iteration = state["iteration"] + 1
            sr = await ex.run_step(step, state["input"], resume, iteration=iteration)
            if sr.status != SUCCESS:
                return ex.outcome_of(step, sr)
            out = sr.output
            state["iteration"] = iteration
            state["input"] = out
            try:
                ok = await evaluate(self.condition, ConditionContext(ex, out, iteration))
            except Exception as exc:
                return FAILED, f"loop condition of step '{step.id}' failed: {exc}"
            if ok == self.until:
                return SUCCESS, out
            if durable:
                await ex.checkpoint()
            if iteration % 100 == 0:
                await asyncio.sleep(0)  # let cancel() reach loops of sync steps


class ForEachNode(Node):
    """``.for_each(step, concurrency=n)``: the step runs once per item of a list input."""

    __slots__ = ("concurrency", "step")
    kind = "for_each"

    def __init__(self, step: Step, concurrency: int = 1) -> None:
        super().__init__([step])
        self.step = step
        self.concurrency = max(1, int(concurrency))

    async def run(self, ex: Execution, value: Any) -> Outcome:
        step = self.step
        if not isinstance(value, list | tuple):
            message = (
                f"for_each step '{step.id}': expected a list as input, got {type(value).__name__}"
            )
            now = now_ms()
            ex.steps[step.id] = StepResult(
                FAILED, value, error=message, started_at=now, ended_at=now
            )
            return FAILED, message
        items = list(value)
        state = ex.node_state.get(self.key)
        if state is None:
            state = ex.node_state[self.key] = {"items": [None] * len(items)}
        records: list[dict[str, Any] | None] = state["items"]
        resume = take_resume(ex, step.id) if ex.resume is not None else None
        prior = ex.steps.get(step.id)
        now = now_ms()
        aggregate = StepResult(
            "running",
            items,
            started_at=prior.started_at if prior is not None and resume is not None else now,
            resume_payload=resume.data if resume is not None else None,
            resumed_at=now if resume is not None else None,
        )
        ex.steps[step.id] = aggregate
        durable = ex.storage is not None or ex.parent is not None

        async def one(index: int) -> None:
            record = records[index]
            item_resume = None
            if record is not None:
                if record["status"] == SUCCESS:
                    return
                if record["status"] == SUSPENDED:
                    wanted = resume.for_each_index if resume is not None else None
                    if resume is None or (wanted is not None and wanted != index):
                        return
                    item_resume = resume
            prior_item = (
                StepResult(SUSPENDED, items[index], suspend_payload=record.get("suspend_payload"))
                if record is not None
                else None
            )
            sr = await ex.run_step(
                step,
                items[index],
                item_resume,
                record=False,
                slot=f"{step.id}[{index}]",
                index=index,
                prior=prior_item,
            )
            records[index] = {
                "status": sr.status,
                "output": sr.output,
                "suspend_payload": sr.suspend_payload,
                "error": sr.error,
            }
            if durable and sr.status in (SUCCESS, SUSPENDED):
                await ex.checkpoint()

        size = self.concurrency
        for start in range(0, len(items), size):
            batch = range(start, min(start + size, len(items)))
            if size == 1:
                await one(start)
            else:
                await asyncio.gather(*(one(i) for i in batch))
            failed = next(
                (i for i in batch if records[i] is not None and records[i]["status"] == FAILED),  # type: ignore[index]
                None,
            )
            if failed is not None:
                error = records[failed]["error"]  # type: ignore[index]
                aggregate.status = FAILED
                aggregate.error = f"for_each step '{step.id}' item {failed}: {error}"
                aggregate.ended_at = now_ms()
                return FAILED, aggregate.error
            if any(records[i] is not None and records[i]["status"] == CANCELED for i in batch):  # type: ignore[index]
                aggregate.status = CANCELED
                return CANCELED, None
        suspended = [i for i, r in enumerate(records) if r is not None and r["status"] == SUSPENDED]
        aggregate.ended_at = now_ms()
        if suspended:
            aggregate.status = SUSPENDED
            aggregate.suspend_payload = records[suspended[0]]["suspend_payload"]  # type: ignore[index]
            aggregate.suspended_at = aggregate.ended_at
            paths: list[list[str]] = []
            for i in suspended:
                for path in ex.paths_of(step, f"{step.id}[{i}]"):
                    if path not in paths:
                        paths.append(path)
            return SUSPENDED, paths
        outputs = [r["output"] if r is not None else None for r in records]
        aggregate.status = SUCCESS
        aggregate.output = outputs
        return SUCCESS, outputs
