"""Mastra 0.x legacy workflows (``LegacyWorkflow`` / pre-0.10 ``new Workflow``) on the engine.

A legacy workflow is a graph, not a chain: a step runs once every step it comes ``after`` has
succeeded; an unmet ``when`` works as in Mastra 0.24's legacy engine (see ``GraphNode._check``):
an object condition fails the step (``Step:<id> condition check failed``, so the run fails), a
function condition skips it (and what comes after it runs only if some ``after()`` names it);
``variables`` build a step's ``input_data`` from the trigger data and earlier step results;
results are keyed by step id. ``LegacyWorkflowBuilder`` keeps Mastra's builder calls one for
one (``step``, ``then``, ``after``, ``if_``/``else_``, ``while_``/``until``, ``after_event``),
including the ids of Mastra's internal steps (``__<step>_if_<n>``, ``__<event>_event`` ...),
and commits to an ordinary ``Workflow`` whose plan is one ``GraphNode``: runs, snapshots,
suspend/resume and ``send_event`` work as for any workflow.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lumosai.workflow.builder import RetryConfig
from lumosai.workflow.context import ConditionContext, StepContext
from lumosai.workflow.errors import WorkflowDefinitionError
from lumosai.workflow.legacy_conditions import evaluate_when, ref_id, resolve_variables
from lumosai.workflow.nodes import Node, evaluate, is_targeted, take_resume
from lumosai.workflow.results import (
    CANCELED,
    FAILED,
    SKIPPED,
    SUCCESS,
    SUSPENDED,
    StepResult,
    now_ms,
)
from lumosai.workflow.step import Step, create_step
from lumosai.workflow.workflow import Workflow

if TYPE_CHECKING:
    from lumosai.memory.storage import Storage
    from lumosai.workflow.engine import Execution, Outcome

#: A ``when``: a function of the context, or an object condition (see legacy_conditions).
When = Callable[..., Any] | Mapping[str, Any]

#: ``done`` status of a step a function ``when`` skipped that has subscribers: Mastra runs its
#: subscribers and the steps chained after it anyway (step result: ``skipped``).
SKIPPED_ONWARD = "skipped-onward"
#: ``done`` status of a step whose function ``when`` returned ``"continue_failed"``: Mastra
#: finishes it without a result, and nothing after it runs.
FINISHED_BARE = "finished-bare"
#: What the steps after a step need from it before they run.
_ONWARD = (SUCCESS, SKIPPED_ONWARD)


def _conditional_key(key: str) -> bool:
    """Mastra's ``isConditionalKey``: the ``if``/``else`` marker steps."""
    return key.startswith("__") and ("_if" in key or "_else" in key)


class Entry:
    """One vertex of the graph: a step (maybe guarded), a loop, or an event wait."""

    __slots__ = (
        "deps",
        "event",
        "finish",
        "id",
        "kind",
        "onward",
        "step",
        "target",
        "variables",
        "when",
    )

    def __init__(
        self,
        step: Step,
        deps: tuple[str, ...],
        *,
        kind: str = "step",
        when: When | None = None,
        variables: Mapping[str, Any] | None = None,
        event: str | None = None,
        target: Step | None = None,
        finish: str | None = None,
    ) -> None:
        self.id = step.id
        self.step = step
        self.deps = deps
        self.kind = kind
        self.when = when
        self.variables = variables
        self.event = event
        self.target = target
        self.finish = finish
        #: a function ``when`` that does not hold lets the steps after this one run (set by
        #: commit: Mastra's ``hasSubscribers``, not for ``if``/``else`` markers)
        self.onward = False

    @property
    def resume_id(self) -> str:
        """The step a resume targets: a loop waits in its repeated step."""
        return self.target.id if self.kind == "loop" and self.target is not None else self.id


async def _holds(when: When, ex: Execution, ctx: Any) -> bool:
    if isinstance(when, Mapping):
        return evaluate_when(when, ex)
    return await evaluate(when, ctx)


async def _call_when(when: Callable[..., Any], ctx: Any) -> Any:
    """A function ``when``'s own value (Mastra reads "abort", "continue_failed", "limbo")."""
    value = when(ctx)
    if inspect.isawaitable(value):
        value = await value
    return value


def _input_of(entry: Entry, ex: Execution, resume_data: Any) -> dict[str, Any]:
    # Mastra: context.inputData = {...resume context, ...resolved variables}
    data: dict[str, Any] = dict(resume_data) if isinstance(resume_data, Mapping) else {}
    if entry.variables:
        data.update(resolve_variables(entry.variables, ex))
    return data


class GraphNode(Node):
    """Runs the legacy graph: every ready vertex (dependencies succeeded) runs concurrently."""

    __slots__ = ("entries",)
    kind = "legacy_graph"

    def __init__(self, entries: Sequence[Entry], steps: Sequence[Step]) -> None:
        super().__init__(steps)
        self.entries = tuple(entries)

    async def run(self, ex: Execution, value: Any) -> Outcome:
        state = ex.node_state.setdefault(self.key, {"done": {}})
        done: dict[str, str] = state["done"]
        durable = ex.storage is not None or ex.parent is not None
        while True:
            ready = [e for e in self.entries if self._ready(ex, e, done)]
            if not ready:
                break
            if len(ready) == 1:
                await self._run_entry(ex, ready[0], done)
            else:
                await asyncio.gather(*(self._run_entry(ex, e, done) for e in ready))
            if durable:
                await ex.checkpoint()
        return self._outcome(ex, done)

    @staticmethod
    def _ready(ex: Execution, entry: Entry, done: dict[str, str]) -> bool:
        status = done.get(entry.id)
        if status == SUSPENDED:
            return ex.resume is not None and is_targeted(ex, entry.resume_id)
        return status is None and all(done.get(d) in _ONWARD for d in entry.deps)

    def _outcome(self, ex: Execution, done: dict[str, str]) -> Outcome:
        suspended: list[list[str]] = []
        for entry in self.entries:
            status = done.get(entry.id)
            if status == CANCELED:
                return CANCELED, None
            if status == FAILED:
                result = ex.steps.get(entry.id) or ex.steps.get(entry.resume_id)
                return FAILED, result.error if result is not None else f"step '{entry.id}' failed"
            if status == SUSPENDED:
                suspended.append([entry.resume_id])
        if suspended:
            return SUSPENDED, suspended
        return SUCCESS, {k: sr.output for k, sr in ex.steps.items() if sr.status == SUCCESS}

    async def _run_entry(self, ex: Execution, entry: Entry, done: dict[str, str]) -> None:
        if entry.kind == "loop":
            await self._run_loop(ex, entry, done)
            return
        resume = take_resume(ex, entry.id) if done.get(entry.id) == SUSPENDED else None
        if resume is None and entry.when is not None:
            stop = await self._check(ex, entry)
            if stop is not None:
                done[entry.id] = stop
                return
        data = _input_of(entry, ex, resume.data if resume is not None else None)
        sr = await ex.run_step(entry.step, data, resume)
        done[entry.id] = sr.status
        if entry.event is not None:
            if sr.status == SUSPENDED:
                ex.waiting[entry.event] = [entry.id]
            else:
                ex.waiting.pop(entry.event, None)

    @staticmethod
    async def _check(ex: Execution, entry: Entry) -> str | None:
        """Mastra 0.24's legacy ``conditionCheck``: None when the step runs, else its ``done``
        status. An object condition that does not hold fails the step; a function condition
        skips it ("abort" and falsy values; "limbo" too; "continue_failed" finishes it without
        a result)."""
        assert entry.when is not None
        now = now_ms()
        try:
            if isinstance(entry.when, Mapping):
                if evaluate_when(entry.when, ex):
                    return None
                error = f"Step:{entry.id} condition check failed"
                ex.steps[entry.id] = StepResult(
                    FAILED, None, error=error, started_at=now, ended_at=now
                )
                return FAILED
            verdict = await _call_when(entry.when, ConditionContext(ex, ex.input))
        except Exception as exc:
            error = f"condition of step '{entry.id}' failed: {exc}"
            ex.steps[entry.id] = StepResult(FAILED, None, error=error, started_at=now)
            return FAILED
        if verdict == "continue_failed":
            return FINISHED_BARE
        if verdict != "abort" and verdict != "limbo" and verdict:
            return None
        ex.steps[entry.id] = StepResult(SKIPPED, None, started_at=now, ended_at=now)
        return SKIPPED_ONWARD if entry.onward and verdict != "limbo" else SKIPPED

    async def _run_loop(self, ex: Execution, entry: Entry, done: dict[str, str]) -> None:
        """``while_``/``until``: check, and while it says "continue" run the step again."""
        target = entry.target
        assert target is not None and entry.finish is not None
        if done.get(entry.id) == SUSPENDED:  # the repeated step was suspended: resume it
            resume = take_resume(ex, target.id)
            data = _input_of(entry, ex, resume.data if resume is not None else None)
            sr = await ex.run_step(target, data, resume)
            if sr.status != SUCCESS:
                done[entry.id] = sr.status
                return
        while True:
            check = await ex.run_step(entry.step, {})
            if check.status != SUCCESS:
                done[entry.id] = check.status
                return
            if (check.output or {}).get("status") == "complete":
                break
            # record=False: while it runs, the step still sees its previous result (Mastra)
            sr = await ex.run_step(target, _input_of(entry, ex, None), record=False)
            ex.steps[target.id] = sr
            if sr.status != SUCCESS:
                done[entry.id] = sr.status
                return
            await asyncio.sleep(0)  # let cancel() reach a loop of fast steps
        now = now_ms()
        ex.steps[entry.finish] = StepResult(
            SUCCESS, None, output={"success": True}, started_at=now, ended_at=now
        )
        done[entry.id] = done[entry.finish] = SUCCESS


def _marker(key: str) -> Step:
    """Mastra's internal ``{executed: true}`` steps (``if``/``else`` arms)."""

    def execute(ctx: StepContext) -> dict[str, Any]:
        return {"executed": True}

    return create_step(id=key, execute=execute)


def _loop_check(key: str, condition: When, loop_type: str) -> Step:
    async def execute(ctx: StepContext) -> dict[str, Any]:
        holds = await _holds(condition, ctx._ex, ctx)
        go_on = holds if loop_type == "while" else not holds
        return {"status": "continue" if go_on else "complete"}

    return create_step(id=key, execute=execute)


def _event_step(key: str, schema: Any) -> Step:
    def execute(ctx: StepContext) -> Any:
        if ctx.resume_data is not None:
            return {"executed": True, "resumedEvent": ctx.resume_data}
        return ctx.suspend()

    return create_step(id=key, execute=execute, resume_schema=schema)


def _negate(condition: When) -> When:
    if isinstance(condition, Mapping):
        return {"not": condition}

    async def negated(ctx: Any) -> bool:
        return not await evaluate(condition, ctx)

    return negated


class LegacyWorkflowBuilder:
    """Mastra's legacy builder, call for call (``if``/``else``/``while`` get a trailing ``_``).

    ``LegacyWorkflowBuilder("trip", trigger_schema=Trip).step(a).then(b).after(a).step(c,
    when={"a.status": "success"}, variables={"x": {"step": "trigger", "path": "x"}}).commit()``
    """

    def __init__(
        self,
        name: str,
        *,
        trigger_schema: Any = None,
        retry_config: RetryConfig | None = None,
        events: Mapping[str, Any] | Sequence[str] | None = None,
        storage: Storage | None = None,
        description: str | None = None,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise WorkflowDefinitionError("a legacy workflow needs a name")
        self.name = name
        self._trigger_schema = trigger_schema
        self._retry = retry_config
        self._storage = storage
        self._description = description
        self._events: dict[str, Any] | None = None
        if events is not None:
            self._events = (
                dict(events) if isinstance(events, Mapping) else dict.fromkeys(events, None)
            )
        self._entries: dict[str, Entry] = {}
        self._steps: dict[str, Step] = {}
        self._last: str | None = None
        self._after: tuple[str, ...] = ()
        #: steps some ``after()`` names (Mastra's subscriber graph keys, internal ones included)
        self._subscribed: set[str] = set()
        #: the last call was ``after()``: Mastra's ``then()`` right after it is a ``step()``
        self._just_after = False
        self._if_stack: list[tuple[When, str, str]] = []
        self._if_count = 0

    # ------------------------------------------------------------------ chain calls
    def step(
        self,
        step: Any,
        *,
        when: When | None = None,
        variables: Mapping[str, Any] | None = None,
    ) -> LegacyWorkflowBuilder:
        """A step that runs after the steps of the last ``after()`` (at the start without)."""
        return self._add(self._as_step(step), self._after, when=when, variables=variables)

    def then(
        self,
        step: Any,
        *,
        when: When | None = None,
        variables: Mapping[str, Any] | None = None,
    ) -> LegacyWorkflowBuilder:
        """A step that runs after the step added last (right after ``after()``: after the
        steps it names, as Mastra's ``then`` turns into ``step`` there)."""
        if self._just_after:
            return self.step(step, when=when, variables=variables)
        last = self._need_last("then()")
        return self._add(self._as_step(step), (last,), when=when, variables=variables)

    def after(self, steps: Any) -> LegacyWorkflowBuilder:
        """The next ``step()`` calls run once all of ``steps`` have succeeded."""
        items = steps if isinstance(steps, list | tuple) else [steps]
        ids = tuple(ref_id(s) for s in items)
        for key in ids:
            if key not in self._entries and not self._is_loop_finish(key):
                raise WorkflowDefinitionError(
                    f"legacy workflow '{self.name}': after() names '{key}', which is not a step"
                    " added before"
                )
        self._subscribe(ids)
        self._just_after = True
        return self

    def if_(self, condition: When) -> LegacyWorkflowBuilder:
        """The steps chained next run only if ``condition`` holds after the last step."""
        last = self._need_last("if_()")
        self._if_count += 1
        key = f"__{last}_if_{self._if_count}"
        self._add(_marker(key), (last,), when=condition)
        self._if_stack.append((condition, f"__{last}_else_{self._if_count}", last))
        self._subscribe((last,))
        return self

    def else_(self) -> LegacyWorkflowBuilder:
        """The steps chained next run only if the open ``if_`` condition did not hold."""
        if not self._if_stack:
            raise WorkflowDefinitionError(f"legacy workflow '{self.name}': else_() without if_()")
        condition, key, cond_step = self._if_stack.pop()
        self._add(_marker(key), (cond_step,), when=_negate(condition))
        self._subscribe((cond_step,))
        return self

    def while_(self, condition: When, step: Any) -> LegacyWorkflowBuilder:
        """After the last step: run ``step`` again while ``condition`` holds."""
        return self._loop(condition, step, "while")

    def until(self, condition: When, step: Any) -> LegacyWorkflowBuilder:
        """After the last step: run ``step`` again until ``condition`` holds."""
        return self._loop(condition, step, "until")

    def after_event(self, event: str) -> LegacyWorkflowBuilder:
        """The run suspends after the last step until ``run.send_event(event, data)``; the
        next ``step()`` calls run after it (``get_step_result("__<event>_event")`` is
        ``{"executed": True, "resumedEvent": data}``)."""
        if self._events is not None and event not in self._events:
            raise WorkflowDefinitionError(
                f"legacy workflow '{self.name}': event '{event}' is not declared in events"
            )
        last = self._need_last("after_event()")
        key = f"__{event}_event"
        schema = (self._events or {}).get(event)
        if isinstance(schema, Mapping):
            schema = schema.get("schema")
        self._add(_event_step(key, schema), (last,), kind="event", event=event)
        self._subscribed.add(last)
        self._subscribe((key,))
        return self

    # ------------------------------------------------------------------ commit
    def commit(self) -> Workflow:
        if not self._entries:
            raise WorkflowDefinitionError(f"legacy workflow '{self.name}' has no steps")
        entries = list(self._entries.values())
        for entry in entries:
            entry.onward = (
                callable(entry.when)
                and entry.id in self._subscribed
                and not _conditional_key(entry.id)
            )
        node = GraphNode(entries, list(self._steps.values()))
        node.key = "0"
        return Workflow(
            id=self.name,
            plan=[node],
            steps=dict(self._steps),
            name=self.name,
            description=self._description,
            input_schema=self._trigger_schema,
            storage=self._storage,
            retry=self._retry,
        )

    build = commit

    # ------------------------------------------------------------------ internals
    def _as_step(self, target: Any) -> Step:
        step = target if isinstance(target, Step) else create_step(target)
        known = self._steps.get(step.id)
        if known is not None and known is not step:
            raise WorkflowDefinitionError(
                f"legacy workflow '{self.name}': two different steps share the id '{step.id}'"
            )
        return step

    def _subscribe(self, ids: tuple[str, ...]) -> None:
        """The next ``step()`` calls run after ``ids``, which now have subscribers."""
        self._after = ids
        self._subscribed.update(ids)

    def _need_last(self, what: str) -> str:
        if self._last is None:
            raise WorkflowDefinitionError(
                f"legacy workflow '{self.name}': {what} needs a step before it"
            )
        return self._last

    def _is_loop_finish(self, key: str) -> bool:
        return any(e.finish == key for e in self._entries.values())

    def _add(
        self,
        step: Step,
        deps: tuple[str, ...],
        *,
        kind: str = "step",
        when: When | None = None,
        variables: Mapping[str, Any] | None = None,
        event: str | None = None,
    ) -> LegacyWorkflowBuilder:
        if when is not None and not (callable(when) or isinstance(when, Mapping)):
            raise WorkflowDefinitionError(
                f"step '{step.id}': when must be a function or a condition object"
            )
        if step.id in self._entries:
            raise WorkflowDefinitionError(
                f"legacy workflow '{self.name}': step '{step.id}' is added twice"
            )
        self._entries[step.id] = Entry(
            step, deps, kind=kind, when=when, variables=variables, event=event
        )
        self._just_after = False
        self._steps[step.id] = step
        self._last = step.id
        return self

    def _loop(self, condition: When, step: Any, loop_type: str) -> LegacyWorkflowBuilder:
        last = self._need_last(f"{loop_type}()")
        target = self._as_step(step)
        key = f"__{target.id}_{loop_type}_loop_check"
        finish = f"__{target.id}_{loop_type}_loop_finished"
        check = _loop_check(key, condition, loop_type)
        self._entries[key] = Entry(check, (last,), kind="loop", target=target, finish=finish)
        self._steps[key] = check
        self._steps.setdefault(target.id, target)
        self._just_after = False
        self._last = finish
        return self


def legacy_result(result: Any) -> dict[str, Any]:
    """A legacy run's ``{"results": {step id: {"status", "output"?, ...}}}``, as Mastra returns."""
    out: dict[str, Any] = {}
    for key, sr in result.steps.items():
        item: dict[str, Any] = {"status": sr.status}
        if sr.status == SUCCESS:
            item["output"] = sr.output
        elif sr.status == SUSPENDED:
            item["suspendPayload"] = sr.suspend_payload
        elif sr.status == FAILED:
            item["error"] = sr.error
        out[key] = item
    return {"runId": result.run_id, "results": out}
