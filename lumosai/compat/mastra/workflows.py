"""``createWorkflow``/``createStep`` (Mastra vNext/1.x workflows) over ``lumosai.workflow``.

A compat step is a native ``Step``; a committed compat workflow is a native ``Workflow``
(so it nests in native workflows, registers in a ``LumosApp``, and becomes a ``workflow-<key>``
tool). Step functions get Mastra's parameter object (``p.inputData``, ``p.getStepResult(...)``,
``await p.suspend(...)``, ``p.bail(...)`` ...); runs return Mastra-shaped results.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Generator, Mapping, Sequence
from typing import Any, Literal

from lumosai.compat.mastra.context import RequestContext, with_mastra
from lumosai.compat.mastra.results import (
    MastraObject,
    workflow_event_of,
    workflow_result_of,
)
from lumosai.compat.mastra.schemas import json_schema_of
from lumosai.compat.mastra.signature import call_inline, call_style, keyword_args
from lumosai.compat.mastra.tools import mastra_of
from lumosai.workflow import RetryConfig
from lumosai.workflow import WorkflowBuilder as NativeBuilder
from lumosai.workflow.context import ConditionContext, StepContext
from lumosai.workflow.errors import WorkflowDefinitionError
from lumosai.workflow.run import Run as NativeRun
from lumosai.workflow.step import Step, create_step
from lumosai.workflow.workflow import Workflow as NativeWorkflow

#: The Mastra version whose workflow semantics to follow; 1.x unless asked (``lumosai.compat.
#: mastra.v0`` asks for 0.x): 0.x steps get unvalidated input, a resumed step keeps its suspend
#: payload, ``.map()`` steps are ``mapping_<uuid>`` and ``createStep(agent)`` is the agent's name.
Era = Literal["0.x", "1.x"]

_STEP_KEYS = {
    "id",
    "description",
    "inputSchema",
    "outputSchema",
    "stateSchema",
    "resumeSchema",
    "suspendSchema",
    "requestContextSchema",
    "execute",
    "retries",
    "scorers",
    "metadata",
}


# -- the parameter object of step functions and conditions ----------------------------------
def _mastra(ctx: Any) -> Any:
    return mastra_of(ctx.app)


class _Done:
    """What ``setState`` returns: the state is already set; ``await`` (1.x) or not (0.x)."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, None]:
        return None
        yield  # pragma: no cover - makes this a generator


def step_params(ctx: StepContext) -> MastraObject:
    """What Mastra passes to ``execute``: 1.71's fields plus 0.x's ``runtimeContext``/``runCount``."""
    mastra = _mastra(ctx)
    rc = with_mastra(ctx.runtime_context, mastra)

    async def suspend(payload: Any = None, options: Any = None) -> Any:
        return await ctx.suspend(payload)

    def set_state(value: Any) -> _Done:
        ctx.set_state(value)
        return _Done()

    return MastraObject(
        inputData=ctx.input_data,
        runId=ctx.run_id,
        workflowId=ctx.workflow_id,
        resourceId=getattr(ctx._ex, "resource_id", None),
        mastra=mastra,
        requestContext=rc,
        runtimeContext=rc,
        state=ctx.state,
        setState=set_state,
        resumeData=ctx.resume_data,
        suspendData=ctx.suspend_data,
        retryCount=ctx.retry_count,
        runCount=ctx.retry_count,
        iterationCount=ctx.iteration_count,
        getInitData=ctx.get_init_data,
        getStepResult=ctx.get_step_result,
        suspend=suspend,
        bail=ctx.bail,
        abort=ctx.abort,
        abortSignal=None,
        writer=None,
        tracingContext=MastraObject(),
    )


def condition_params(ctx: ConditionContext) -> MastraObject:
    mastra = _mastra(ctx)
    rc = with_mastra(ctx.runtime_context, mastra)
    return MastraObject(
        inputData=ctx.input_data,
        runId=ctx.run_id,
        workflowId=ctx.workflow_id,
        mastra=mastra,
        requestContext=rc,
        runtimeContext=rc,
        state=ctx.state,
        iterationCount=ctx.iteration_count,
        getInitData=ctx.get_init_data,
        getStepResult=ctx.get_step_result,
    )


def _wrap(fn: Callable[..., Any], make: Callable[[Any], MastraObject]) -> Callable[[Any], Any]:
    """Call ``fn`` Mastra-style: ``fn(params)`` or, for keyword-only functions, ``fn(**params)``."""
    keywords = call_style(fn) == "keywords"

    async def run(ctx: Any) -> Any:
        params = make(ctx)
        if keywords:
            return await call_inline(fn, **keyword_args(fn, params))
        return await call_inline(fn, params)

    run.__name__ = getattr(fn, "__name__", "execute")
    run.__wrapped__ = fn  # type: ignore[attr-defined]
    return run


def _condition(fn: Callable[..., Any]) -> Callable[[ConditionContext], Any]:
    if not callable(fn):
        raise WorkflowDefinitionError(f"a condition must be a function, got {fn!r}")
    return _wrap(fn, condition_params)


# -- steps --------------------------------------------------------------------------------------
class MastraStep(Step):
    """A native ``Step`` built by ``createStep({...})``, with Mastra's attribute names too."""

    __slots__ = ("config",)
    config: dict[str, Any]

    @property
    def inputSchema(self) -> Any:
        return self.input_schema

    @property
    def outputSchema(self) -> Any:
        return self.output_schema

    @property
    def stateSchema(self) -> Any:
        return self.state_schema

    @property
    def resumeSchema(self) -> Any:
        return self.resume_schema

    @property
    def suspendSchema(self) -> Any:
        return self.suspend_schema


def createStep(
    target: Any = None,
    options: Mapping[str, Any] | None = None,
    *,
    era: Era = "1.x",
    **kwargs: Any,
) -> Step:
    """``createStep({...})`` (or ``createStep(id=..., execute=...)``), or
    ``createStep(agent, {structuredOutput})``, ``createStep(tool)``, ``createStep(workflow)``.

    An agent step's id is the agent's ``id`` (1.x) or its ``name`` (0.x)."""
    if target is None:
        target, kwargs = dict(kwargs), {}
    opts = {**(options or {}), **kwargs}
    if isinstance(target, Step):
        return target
    if isinstance(target, Mapping):
        cfg = {**target, **opts}
        unknown = set(cfg) - _STEP_KEYS
        if unknown:
            raise WorkflowDefinitionError(
                f"createStep({cfg.get('id')!r}): unknown option(s) {sorted(unknown)}; "
                f"known: {sorted(_STEP_KEYS)}"
            )
        execute = cfg.get("execute")
        if not callable(execute):
            raise WorkflowDefinitionError(
                f"createStep({cfg.get('id')!r}): execute must be a function"
            )
        step = MastraStep(
            id=cfg.get("id") or "",
            execute=_wrap(execute, step_params),
            description=cfg.get("description"),
            input_schema=cfg.get("inputSchema"),
            output_schema=cfg.get("outputSchema"),
            state_schema=cfg.get("stateSchema"),
            resume_schema=cfg.get("resumeSchema"),
            suspend_schema=cfg.get("suspendSchema"),
            retries=cfg.get("retries"),
        )
        step.config = cfg
        return step
    if isinstance(target, Workflow | NativeWorkflow):
        return create_step(target)
    if _is_agent(target):
        structured: Mapping[str, Any] = opts.get("structuredOutput") or {}
        schema = structured.get("schema") if isinstance(structured, Mapping) else None
        extra: dict[str, Any] = {}
        if schema is not None:
            extra["structured_output"] = json_schema_of(schema)
            extra["error_strategy"] = structured.get("errorStrategy") or "strict"
            extra["fallback_value"] = structured.get("fallbackValue")
        if era == "0.x":
            extra["id"] = target.name
        return create_step(target, **extra)
    return create_step(target)


def _as_step(target: Any) -> Any:
    if isinstance(target, WorkflowBuilder):
        return target.commit()
    if isinstance(target, Mapping):
        return createStep(target)
    return target


def _is_agent(target: Any) -> bool:
    return hasattr(target, "generate") and hasattr(target, "instructions")


# -- building -----------------------------------------------------------------------------------
class WorkflowBuilder:
    """What ``createWorkflow({...})`` returns: chain steps, then ``.commit()``."""

    def __init__(self, config: Mapping[str, Any], *, era: Era = "1.x") -> None:
        cfg = dict(config)
        wf_id = cfg.get("id") or cfg.get("name")
        if not isinstance(wf_id, str) or not wf_id:
            raise WorkflowDefinitionError("createWorkflow needs an 'id'")
        retry = cfg.get("retryConfig") or {}
        self.id = wf_id
        self.config = cfg
        self.era: Era = era
        legacy = era == "0.x"
        self._native = NativeBuilder(
            wf_id,
            name=wf_id,
            description=cfg.get("description"),
            input_schema=cfg.get("inputSchema"),
            output_schema=cfg.get("outputSchema"),
            state_schema=cfg.get("stateSchema"),
            retry_config=RetryConfig(
                int(retry.get("attempts") or 0), float(retry.get("delay") or 0)
            )
            if retry
            else None,
            # Mastra 0.x: options.validateInputs defaults to false
            validate_inputs=bool((cfg.get("options") or {}).get("validateInputs", not legacy)),
            keep_suspend_payload=legacy,
            map_ids="uuid" if legacy else "ordinal",
            validate_outputs=False,  # Mastra never checks step outputs nor the result
        )
        self._committed: Workflow | None = None

    def then(self, step: Any) -> WorkflowBuilder:
        self._native.then(_as_step(step))
        return self

    def parallel(self, steps: Sequence[Any]) -> WorkflowBuilder:
        self._native.parallel([_as_step(s) for s in steps])
        return self

    def branch(self, branches: Sequence[Sequence[Any]]) -> WorkflowBuilder:
        """Every step whose condition holds runs (as observed on Mastra 0.24.9 and 1.71.0)."""
        pairs = []
        for pair in branches:
            if not isinstance(pair, Sequence) or len(pair) != 2:
                raise WorkflowDefinitionError(
                    f"branch([...]) takes [condition, step] pairs, got {pair!r}"
                )
            pairs.append((_condition(pair[0]), _as_step(pair[1])))
        self._native.branch(pairs)
        return self

    def dowhile(self, step: Any, condition: Callable[..., Any]) -> WorkflowBuilder:
        self._native.do_while(_as_step(step), _condition(condition))
        return self

    def dountil(self, step: Any, condition: Callable[..., Any]) -> WorkflowBuilder:
        self._native.do_until(_as_step(step), _condition(condition))
        return self

    def foreach(self, step: Any, options: Mapping[str, Any] | None = None) -> WorkflowBuilder:
        concurrency = int((options or {}).get("concurrency") or 1)
        self._native.for_each(_as_step(step), concurrency)
        return self

    def map(self, mapping: Any, options: Mapping[str, Any] | None = None) -> WorkflowBuilder:
        """``.map(fn)`` (fn gets the step parameters) or Mastra's mapping object."""
        map_id = (options or {}).get("id")
        if callable(mapping):
            self._native.map(_wrap(mapping, step_params), id=map_id)
        elif isinstance(mapping, Mapping):
            self._native.map({k: _mapping_entry(v) for k, v in mapping.items()}, id=map_id)
        else:
            raise WorkflowDefinitionError("map() takes a function or a mapping object")
        return self

    def sleep(self, duration: Any) -> WorkflowBuilder:
        self._native.sleep(_wrap(duration, step_params) if callable(duration) else duration)
        return self

    def sleepUntil(self, when: Any) -> WorkflowBuilder:
        self._native.sleep_until(_wrap(when, step_params) if callable(when) else when)
        return self

    def waitForEvent(
        self, event: str, step: Any, options: Mapping[str, Any] | None = None
    ) -> WorkflowBuilder:
        """0.x ``waitForEvent(event, step, { timeout? })``: the run suspends until
        ``run.sendEvent(event, data)``; the step then gets ``resumeData = data``."""
        timeout = (options or {}).get("timeout")
        self._native.wait_for_event(
            event, _as_step(step), timeout=float(timeout) if timeout is not None else None
        )
        return self

    def commit(self) -> Workflow:
        if self._committed is None:
            self._committed = Workflow._adopt(self._native.commit(), self.config)
        return self._committed


def _mapping_entry(spec: Any) -> Any:
    if not isinstance(spec, Mapping):
        return spec
    entry = dict(spec)
    if "runtimeContextPath" in entry:
        entry["requestContextPath"] = entry.pop("runtimeContextPath")
    if "fn" in entry and callable(entry["fn"]):
        entry["fn"] = _wrap(entry["fn"], step_params)
    if "initData" in entry and not isinstance(entry["initData"], bool):
        entry["initData"] = True
    return entry


def createWorkflow(
    config: Mapping[str, Any] | None = None, *, era: Era = "1.x", **kwargs: Any
) -> WorkflowBuilder:
    """``createWorkflow({id, description?, inputSchema, outputSchema, stateSchema?,
    retryConfig?})``; chain ``.then().parallel().branch()... .commit()``."""
    return WorkflowBuilder({**(config or {}), **kwargs}, era=era)


# -- committed workflows and runs ---------------------------------------------------------------
class Workflow(NativeWorkflow):
    """A committed compat workflow: a native ``Workflow`` with Mastra's run API."""

    config: dict[str, Any]

    @classmethod
    def _adopt(cls, native: NativeWorkflow, config: Mapping[str, Any]) -> Workflow:
        wf = cls.__new__(cls)
        wf.__dict__.update(native.__dict__)
        wf.config = dict(config)
        return wf

    @property
    def inputSchema(self) -> Any:
        return self.input_schema

    @property
    def outputSchema(self) -> Any:
        return self.output_schema

    @property
    def stateSchema(self) -> Any:
        return self.state_schema

    def createRun(self, options: Mapping[str, Any] | None = None) -> MastraRun:
        """``await wf.createRun({runId?, resourceId?})`` (the run is also usable un-awaited)."""
        opts = options or {}
        run = self.create_run(opts.get("runId"), resource_id=opts.get("resourceId"))
        return MastraRun(run)

    createRunAsync = createRun

    async def listWorkflowRuns(self, options: Mapping[str, Any] | None = None) -> MastraObject:
        runs = await self.list_runs()
        items = [
            MastraObject(
                runId=r.run_id,
                workflowName=r.workflow_id,
                status=r.status,
                createdAt=r.created_at,
                updatedAt=r.updated_at,
            )
            for r in runs
        ]
        return MastraObject(runs=items, total=len(items))

    getWorkflowRuns = listWorkflowRuns

    async def getWorkflowRunById(self, run_id: str) -> MastraObject | None:
        for run in (await self.listWorkflowRuns())["runs"]:
            if run["runId"] == run_id:
                return run
        return None

    def __repr__(self) -> str:
        return f"createWorkflow(id={self.id!r}, steps={list(self.steps)})"


class MastraRun:
    """A run: ``start``, ``resume``, ``stream``, ``resumeStream``, ``watch``, ``cancel``."""

    def __init__(self, run: NativeRun) -> None:
        self.native = run
        self.runId = run.run_id
        self.workflowId = run.workflow.id

    def __await__(self) -> Generator[Any, None, MastraRun]:
        return self._self().__await__()

    async def _self(self) -> MastraRun:
        return self

    @staticmethod
    def _rc(opts: Mapping[str, Any]) -> Any:
        rc = opts.get("requestContext", opts.get("runtimeContext"))
        return RequestContext.of(rc) if rc is not None else None

    async def start(self, options: Mapping[str, Any] | None = None) -> MastraObject:
        opts = options or {}
        res = await self.native.start(
            opts.get("inputData"),
            initial_state=opts.get("initialState"),
            runtime_context=self._rc(opts),
        )
        return workflow_result_of(res)

    async def startAsync(self, options: Mapping[str, Any] | None = None) -> MastraObject:
        """Start in the background; returns ``{runId}`` at once."""
        task = asyncio.ensure_future(self.start(options))
        self._background = task
        await asyncio.sleep(0)
        return MastraObject(runId=self.runId)

    async def resume(self, options: Mapping[str, Any] | None = None) -> MastraObject:
        opts = options or {}
        res = await self.native.resume(
            _step_ref(opts.get("step")),
            opts.get("resumeData"),
            for_each_index=opts.get("forEachIndex"),
            runtime_context=self._rc(opts),
        )
        return workflow_result_of(res)

    def stream(self, options: Mapping[str, Any] | None = None) -> MastraWorkflowStream:
        opts = options or {}
        native = self.native.stream(
            opts.get("inputData"),
            initial_state=opts.get("initialState"),
            runtime_context=self._rc(opts),
        )
        return MastraWorkflowStream(native, self.runId)

    streamVNext = stream

    def resumeStream(self, options: Mapping[str, Any] | None = None) -> MastraWorkflowStream:
        opts = options or {}
        native = self.native.resume_stream(
            _step_ref(opts.get("step")),
            opts.get("resumeData"),
            for_each_index=opts.get("forEachIndex"),
            runtime_context=self._rc(opts),
        )
        return MastraWorkflowStream(native, self.runId)

    async def sendEvent(self, event: str, data: Any = None) -> MastraObject:
        """Resume the step waiting for ``event`` with ``data`` as its ``resumeData``."""
        return workflow_result_of(await self.native.send_event(event, data))

    resumeWithEvent = sendEvent

    def watch(
        self, callback: Callable[[MastraObject], Any], _kind: str | None = None
    ) -> Callable[[], None]:
        return self.native.watch(lambda event: callback(workflow_event_of(event)))

    def cancel(self) -> Any:
        return self.native.cancel()

    @property
    def status(self) -> str:
        return self.native.status

    def __repr__(self) -> str:
        return f"Run(workflowId={self.workflowId!r}, runId={self.runId!r})"


def _step_ref(step: Any) -> Any:
    if isinstance(step, list | tuple):
        return [s if isinstance(s, str) else getattr(s, "id", s) for s in step]
    return step


class MastraWorkflowStream:
    """``run.stream()``: ``fullStream`` (also ``stream``, or iterate the object) of Mastra
    workflow events; ``await s.result`` (or ``await s.getWorkflowState()``) for the result."""

    def __init__(self, native: Any, run_id: str) -> None:
        self._native = native
        self.runId = run_id

    async def _events(self) -> AsyncIterator[MastraObject]:
        async for event in self._native:
            yield workflow_event_of(event)

    @property
    def fullStream(self) -> AsyncIterator[MastraObject]:
        return self._events()

    stream = fullStream

    def __aiter__(self) -> AsyncIterator[MastraObject]:
        return self._events()

    @property
    def result(self) -> Any:
        return self._result()

    async def _result(self) -> MastraObject:
        return workflow_result_of(await self._native.result)

    async def getWorkflowState(self) -> MastraObject:
        return await self._result()
