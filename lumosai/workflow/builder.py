"""``WorkflowBuilder``: the chain API (Lumos names, Mastra semantics) and its commit-time checks."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

from lumosai.workflow.errors import WorkflowDefinitionError
from lumosai.workflow.mapping import map_step, mapping_references, sleep_step, sleep_until_step
from lumosai.workflow.nodes import (
    BranchNode,
    Condition,
    EventNode,
    ForEachNode,
    GuardNode,
    LoopNode,
    Node,
    ParallelNode,
    StepNode,
)
from lumosai.workflow.step import Step, create_step
from lumosai.workflow.workflow import Workflow

if TYPE_CHECKING:
    from lumosai.memory.storage import Storage


class RetryConfig:
    """Retries of failing steps: ``attempts`` extra tries (Mastra ``retryConfig.attempts``),
    ``delay`` milliseconds between them, multiplied by ``backoff_factor`` each time.

    Lumos's ``max_attempts`` (total tries) and ``delay_ms`` are accepted too.
    """

    __slots__ = ("attempts", "backoff_factor", "delay")

    def __init__(
        self,
        attempts: int | None = None,
        delay: float = 0.0,
        *,
        max_attempts: int | None = None,
        delay_ms: float | None = None,
        backoff_factor: float = 1.0,
    ) -> None:
        if attempts is None:
            attempts = max(0, max_attempts - 1) if max_attempts is not None else 0
        self.attempts = max(0, int(attempts))
        self.delay = float(delay_ms if delay_ms is not None else delay)
        self.backoff_factor = float(backoff_factor)

    def __repr__(self) -> str:
        return (
            f"RetryConfig(attempts={self.attempts}, delay={self.delay},"
            f" backoff_factor={self.backoff_factor})"
        )


Target = Any  # Step | Workflow | WorkflowBuilder | agent | tool | function | registered id

#: How ``.map()`` steps without an id are named (see ``WorkflowBuilder.map_ids``).
MapIds = Literal["ordinal", "uuid"]
_MAP_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_OID, "lumosai.workflow.map")


def auto_step_id(kind: str, workflow_id: str, ordinal: int, map_ids: MapIds = "ordinal") -> str:
    """The id of the ``ordinal``-th (from 0) unnamed map or sleep of a workflow.

    ``mapping_<workflow id>_<n>`` as Mastra 1.x (sleeps the same way in Lumos), or, for maps
    with ``map_ids="uuid"``, ``mapping_<uuid>`` as Mastra 0.x; that UUID is derived from the
    workflow id and the ordinal (Mastra 0.x draws a random one), so ids stay the same in every
    process and a run resumes anywhere."""
    prefix = "mapping" if kind == "map" else "sleep"
    if kind == "map" and map_ids == "uuid":
        return f"{prefix}_{uuid.uuid5(_MAP_ID_NAMESPACE, f'{workflow_id}/{ordinal}')}"
    return f"{prefix}_{workflow_id}_{ordinal}"


def _check_map_ids(style: Any) -> MapIds:
    if style not in get_args(MapIds):
        raise WorkflowDefinitionError(
            f"map_ids: expected one of {list(get_args(MapIds))}, got {style!r}"
        )
    return style  # type: ignore[no-any-return]


class WorkflowBuilder:
    """Chain steps, then ``commit()`` (or ``build()``) to get a runnable ``Workflow``.

    ``WorkflowBuilder().id("w").then(a).parallel([b, c]).branch([(cond, d)]).commit()``
    """

    def __init__(
        self,
        id: str | None = None,
        *,
        name: str | None = None,
        description: str | None = None,
        input_schema: Any = None,
        output_schema: Any = None,
        state_schema: Any = None,
        storage: Storage | None = None,
        retry_config: RetryConfig | None = None,
        app: Any = None,
        validate_inputs: bool = True,
        keep_suspend_payload: bool = False,
        map_ids: MapIds = "ordinal",
        validate_outputs: bool | None = None,
    ) -> None:
        self._id = id
        self._validate_inputs = validate_inputs
        self._validate_outputs = validate_outputs
        self._keep_suspend_payload = keep_suspend_payload
        self._map_ids = _check_map_ids(map_ids)
        self._name = name
        self._description = description
        self._input_schema = input_schema
        self._output_schema = output_schema
        self._state_schema = state_schema
        self._storage = storage
        self._retry = retry_config
        self._app = app
        self._entries: list[tuple[str, Any]] = []
        self._registered: dict[str, Step] = {}
        self._made: dict[tuple[int, str | None], Step] = {}

    # ------------------------------------------------------------------ metadata
    def id(self, id: str) -> WorkflowBuilder:
        self._id = id
        return self

    def name(self, name: str) -> WorkflowBuilder:
        self._name = name
        return self

    def description(self, description: str) -> WorkflowBuilder:
        self._description = description
        return self

    def input_schema(self, schema: Any) -> WorkflowBuilder:
        self._input_schema = schema
        return self

    def output_schema(self, schema: Any) -> WorkflowBuilder:
        self._output_schema = schema
        return self

    def state_schema(self, schema: Any) -> WorkflowBuilder:
        self._state_schema = schema
        return self

    def validate_inputs(self, flag: bool = True) -> WorkflowBuilder:
        """Check the run input and step inputs (and outputs, unless `validate_outputs` says
        otherwise) against their schemas (the default); ``False`` passes data on as given, as
        Mastra 0.x does unless ``options.validateInputs`` (resume data is still checked)."""
        self._validate_inputs = bool(flag)
        return self

    def validate_outputs(self, flag: bool = True) -> WorkflowBuilder:
        """Check each step's output and the run's result against their output schemas (by
        default whenever inputs are checked). ``False`` passes a step's output on as it
        returned it (no defaults filled, extra keys kept) and returns the result unchecked,
        as Mastra 1.x and 0.x do."""
        self._validate_outputs = bool(flag)
        return self

    def keep_suspend_payload(self, flag: bool = True) -> WorkflowBuilder:
        """Keep a resumed step's suspend payload in its finished result, as Mastra 0.x does
        (Mastra 1.x, and Lumos by default, drop it once the step resumes)."""
        self._keep_suspend_payload = bool(flag)
        return self

    def map_ids(self, style: MapIds) -> WorkflowBuilder:
        """How ``.map()`` steps without an ``id`` are named in the run's step results:
        ``"ordinal"`` (the default, as Mastra 1.x) ``mapping_<workflow id>_<n>``; ``"uuid"``
        (as Mastra 0.x) ``mapping_<uuid>``, stable across processes (see ``auto_step_id``)."""
        self._map_ids = _check_map_ids(style)
        return self

    def storage(self, storage: Storage | None) -> WorkflowBuilder:
        """Persist a snapshot of every run after each step (resume in another process)."""
        self._storage = storage
        return self

    def retry_config(
        self,
        attempts: int | RetryConfig | None = None,
        delay: float = 0.0,
        *,
        max_attempts: int | None = None,
        delay_ms: float | None = None,
        backoff_factor: float = 1.0,
    ) -> WorkflowBuilder:
        if isinstance(attempts, RetryConfig):
            self._retry = attempts
        else:
            self._retry = RetryConfig(
                attempts,
                delay,
                max_attempts=max_attempts,
                delay_ms=delay_ms,
                backoff_factor=backoff_factor,
            )
        return self

    def app(self, app: Any) -> WorkflowBuilder:
        self._app = app
        return self

    def add_step(self, step: Target, id: str | None = None) -> WorkflowBuilder:
        """Register a step so ``then("id")``/``branch(cond, "a", "b")`` can name it."""
        made = self._make(step, id)
        self._registered[made.id] = made
        return self

    # ------------------------------------------------------------------ control flow
    def then(self, step: Target, target: Target = None) -> WorkflowBuilder:
        """Run ``step`` on the previous output. ``then("id", agent)`` names an agent/tool step."""
        self._entries.append(("then", self._ref(step, target)))
        return self

    def step(self, step: Target, target: Target = None) -> WorkflowBuilder:
        """Lumos spelling of ``then`` (``.step("get-forecast", get_forecast)``)."""
        return self.then(step, target)

    def parallel(self, steps: Sequence[Target]) -> WorkflowBuilder:
        """Run ``steps`` concurrently on the same input; output ``{step_id: output}``."""
        if not steps:
            raise WorkflowDefinitionError("parallel([...]) needs at least one step")
        self._entries.append(("parallel", [self._ref(s) for s in steps]))
        return self

    def branch(
        self,
        branches: Sequence[tuple[Condition, Target]] | Condition,
        if_true: Target = None,
        if_false: Target = None,
    ) -> WorkflowBuilder:
        """Mastra ``branch([(cond, step), ...])``: every step whose condition holds runs,
        output keyed by the ids of the steps that ran. Lumos ``branch(cond, a, b)``: if/else."""
        if callable(branches) and not isinstance(branches, Sequence):
            if if_true is None:
                raise WorkflowDefinitionError("branch(cond, if_true, if_false): if_true is missing")
            self._entries.append(
                (
                    "branch",
                    (
                        [(branches, self._ref(if_true))],
                        True,
                        None if if_false is None else self._ref(if_false),
                    ),
                )
            )
            return self
        pairs = []
        for pair in branches:
            if not isinstance(pair, Sequence) or len(pair) != 2 or not callable(pair[0]):
                raise WorkflowDefinitionError(
                    f"branch([...]) takes (condition, step) pairs, got {pair!r}"
                )
            pairs.append((pair[0], self._ref(pair[1])))
        if not pairs:
            raise WorkflowDefinitionError("branch([...]) needs at least one (condition, step)")
        self._entries.append(("branch", (pairs, False, None)))
        return self

    def do_while(self, step: Target, condition: Condition) -> WorkflowBuilder:
        """Run ``step``, then again while ``condition(ctx)`` holds (ctx.iteration_count from 1)."""
        self._entries.append(("loop", (self._ref(step), self._cond(condition), False)))
        return self

    def do_until(self, step: Target, condition: Condition) -> WorkflowBuilder:
        """Run ``step``, then again until ``condition(ctx)`` holds."""
        self._entries.append(("loop", (self._ref(step), self._cond(condition), True)))
        return self

    def for_each(self, step: Target, concurrency: int = 1) -> WorkflowBuilder:
        """Run ``step`` on each item of the previous output (a list); output is a list."""
        if int(concurrency) < 1:
            raise WorkflowDefinitionError("for_each: concurrency must be >= 1")
        self._entries.append(("for_each", (self._ref(step), int(concurrency))))
        return self

    def map(
        self, fn_or_mapping: Callable[..., Any] | Mapping[str, Any], *, id: str | None = None
    ) -> WorkflowBuilder:
        """Reshape data: ``map(lambda ctx: {...})`` or Mastra's mapping
        ``{"key": {"step": s, "path": "a.b"} | {"value": v} | {"init_data": True, "path": p}}``."""
        if not (callable(fn_or_mapping) or isinstance(fn_or_mapping, Mapping)):
            raise WorkflowDefinitionError("map() takes a function of ctx or a mapping dict")
        if isinstance(fn_or_mapping, Mapping):
            map_step(id or "mapping", fn_or_mapping)  # check the mapping's shape now
        self._entries.append(("map", (id, fn_or_mapping)))
        return self

    def sleep(
        self, duration: float | Callable[..., Any], *, id: str | None = None
    ) -> WorkflowBuilder:
        """Wait ``duration`` milliseconds (or ``duration(ctx)``); passes the data on."""
        self._entries.append(("sleep", (id, duration, sleep_step)))
        return self

    def sleep_until(self, when: Any, *, id: str | None = None) -> WorkflowBuilder:
        """Wait until a datetime (or ``when(ctx)``); passes the data on."""
        self._entries.append(("sleep", (id, when, sleep_until_step)))
        return self

    def when(self, condition: Condition, step: Target) -> WorkflowBuilder:
        """Run ``step`` only if ``condition(ctx)`` holds; else it is ``skipped`` and the data
        passes through unchanged (used by declarative ``lumosai.yaml`` workflows)."""
        self._entries.append(("guard", (self._ref(step), self._cond(condition))))
        return self

    def wait_for_event(
        self, event: str, step: Target, *, timeout: float | None = None
    ) -> WorkflowBuilder:
        """Suspend the run until ``run.send_event(event, data)``; then ``step`` runs on the
        previous output with ``ctx.resume_data = data`` (Mastra 0.x ``waitForEvent``).
        ``timeout`` in milliseconds: an event that comes later fails the step."""
        if not isinstance(event, str) or not event:
            raise WorkflowDefinitionError("wait_for_event: the event name must be a string")
        self._entries.append(("event", (self._ref(step), event, timeout)))
        return self

    # ------------------------------------------------------------------ commit
    def commit(self) -> Workflow:
        """Check the chain and freeze it into a ``Workflow``."""
        wf_id = self._id
        if not wf_id:
            raise WorkflowDefinitionError(
                "WorkflowBuilder: set an id with .id('...') before commit()"
            )
        if not self._entries:
            raise WorkflowDefinitionError(
                f"workflow '{wf_id}' has no steps; add some with .then(), .parallel(), ..."
            )
        plan: list[Node] = []
        steps: dict[str, Step] = {}
        ordinals = {"map": 0, "sleep": 0}
        for kind, arg in self._entries:
            if kind in ordinals:
                # stable ids (so a run resumes in another process), named as Mastra names them
                given = arg[0]
                auto = auto_step_id(kind, wf_id, ordinals[kind], self._map_ids)
                ordinals[kind] += 1
                made = (
                    map_step(given or auto, arg[1])
                    if kind == "map"
                    else arg[2](given or auto, arg[1])
                )
                kind, arg = "then", made
            node = self._node(wf_id, kind, arg)
            seen_here: set[str] = set()
            for step in node.steps:
                if step.id in seen_here:
                    raise WorkflowDefinitionError(
                        f"workflow '{wf_id}': step '{step.id}' appears twice in one {node.kind}"
                    )
                seen_here.add(step.id)
                known = steps.get(step.id)
                if known is not None and known is not step:
                    raise WorkflowDefinitionError(
                        f"workflow '{wf_id}': two different steps share the id '{step.id}'"
                    )
                if step.kind == "map" and isinstance(step.source, Mapping):
                    for ref in mapping_references(step.source):
                        if ref not in steps:
                            raise WorkflowDefinitionError(
                                f"workflow '{wf_id}': map '{step.id}' reads step '{ref}',"
                                " which is not an earlier step of this workflow"
                            )
                if step.workflow is not None:
                    _check_cycle(wf_id, step.workflow, [wf_id, step.workflow.id])
            for step in node.steps:
                steps[step.id] = step
            node.key = str(len(plan))
            plan.append(node)
        return Workflow(
            id=wf_id,
            plan=plan,
            steps=steps,
            name=self._name,
            description=self._description,
            input_schema=self._input_schema,
            output_schema=self._output_schema,
            state_schema=self._state_schema,
            storage=self._storage,
            retry=self._retry,
            app=self._app,
            validate_inputs=self._validate_inputs,
            keep_suspend_payload=self._keep_suspend_payload,
            validate_outputs=self._validate_outputs,
        )

    build = commit

    # ------------------------------------------------------------------ internals
    def _cond(self, condition: Any) -> Condition:
        if not callable(condition):
            raise WorkflowDefinitionError(
                f"a condition must be a function of ctx, got {condition!r}"
            )
        return condition  # type: ignore[no-any-return]

    def _make(self, target: Target, id: str | None = None) -> Step:
        if target is self:
            raise WorkflowDefinitionError(
                f"workflow cycle: workflow '{self._id}' cannot be a step of itself"
            )
        if isinstance(target, WorkflowBuilder):
            target = target.commit()
        if isinstance(target, Step):
            if id is None or id == target.id:
                return target
            return target.renamed(id)
        cache_key = (builtins.id(target), id)
        made = self._made.get(cache_key)
        if made is None:
            made = create_step(target, id=id) if id is not None else create_step(target)
            self._made[cache_key] = made
        return made

    def _ref(self, step: Target, target: Target = None) -> Any:
        """A step now, or a registered id resolved at commit (so unknown ids fail there)."""
        if isinstance(step, str):
            if target is not None:
                return self._make(target, step)
            return step
        if target is not None:
            raise WorkflowDefinitionError("then(step, target): the first argument must be an id")
        return self._make(step)

    def _resolve(self, wf_id: str, ref: Any, where: str) -> Step:
        if isinstance(ref, Step):
            return ref
        step = self._registered.get(ref)
        if step is None:
            raise WorkflowDefinitionError(
                f"workflow '{wf_id}': unknown step id '{ref}' in {where}; register it with"
                " .add_step(step) or pass the step itself"
            )
        return step

    def _node(self, wf_id: str, kind: str, arg: Any) -> Node:
        if kind == "then":
            return StepNode(self._resolve(wf_id, arg, "then()"))
        if kind == "parallel":
            return ParallelNode([self._resolve(wf_id, r, "parallel()") for r in arg])
        if kind == "branch":
            pairs, exclusive, fallback = arg
            resolved = [(c, self._resolve(wf_id, r, "branch()")) for c, r in pairs]
            return BranchNode(
                resolved,
                exclusive=exclusive,
                fallback=None if fallback is None else self._resolve(wf_id, fallback, "branch()"),
            )
        if kind == "loop":
            ref, cond, until = arg
            where = "do_until()" if until else "do_while()"
            return LoopNode(self._resolve(wf_id, ref, where), cond, until=until)
        if kind == "for_each":
            ref, concurrency = arg
            return ForEachNode(self._resolve(wf_id, ref, "for_each()"), concurrency)
        if kind == "event":
            ref, event, timeout = arg
            return EventNode(self._resolve(wf_id, ref, "wait_for_event()"), event, timeout)
        if kind == "guard":
            ref, cond = arg
            return GuardNode(self._resolve(wf_id, ref, "when()"), cond)
        raise WorkflowDefinitionError(f"unknown plan entry {kind!r}")  # pragma: no cover


def _check_cycle(root: str, workflow: Workflow, chain: list[str]) -> None:
    if workflow.id == root:
        raise WorkflowDefinitionError(f"workflow cycle: {' -> '.join(chain)}")
    for step in workflow.steps.values():
        if step.workflow is not None:
            _check_cycle(root, step.workflow, [*chain, step.workflow.id])
