"""Declarative workflows from ``lumosai.yaml`` (``workflows:`` section).

A step names one ``agent``, ``tool`` or ``workflow`` of the app and may set ``id``,
``condition`` (see ``expr``), ``input`` (a ``{{ path }}`` template or ``{from: id, path}``),
``timeout`` (seconds), ``retries`` and ``parallel`` (consecutive steps with the same
``parallel`` value run concurrently; their output is keyed by step id). Steps run in order;
a step whose condition is false is ``skipped`` and passes its input through.
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Mapping
from typing import Any

from lumosai.workflow.builder import RetryConfig, WorkflowBuilder
from lumosai.workflow.context import ConditionContext, StepContext
from lumosai.workflow.errors import WorkflowDefinitionError
from lumosai.workflow.expr import Evaluator, Scope, compile_condition, compile_template
from lumosai.workflow.mapping import map_step
from lumosai.workflow.step import Step, agent_step, tool_step, workflow_step
from lumosai.workflow.workflow import Workflow

TARGETS = ("agent", "tool", "workflow")


class _StepsView:
    """``steps.<id>`` in expressions: the output of an earlier step."""

    __slots__ = ("_ctx",)

    def __init__(self, ctx: StepContext | ConditionContext) -> None:
        self._ctx = ctx

    def get(self, step_id: str) -> Any:
        return self._ctx.get_step_result(step_id)


def scope_of(ctx: StepContext | ConditionContext) -> Scope:
    def scope(root: str) -> Any:
        if root == "input":
            return ctx.input_data
        if root == "steps":
            return _StepsView(ctx)
        if root == "init":
            return ctx.get_init_data()
        if root == "state":
            return ctx.state
        return ctx.runtime_context

    return scope


def _as_dict(cfg: Any) -> dict[str, Any]:
    if hasattr(cfg, "model_dump"):
        return dict(cfg.model_dump())
    if isinstance(cfg, Mapping):
        return dict(cfg)
    raise WorkflowDefinitionError(f"a workflow config must be a mapping, got {type(cfg).__name__}")


def import_handler(path: str) -> Any:
    module_name, sep, attr = path.partition(":")
    if not sep:
        module_name, _, attr = path.rpartition(".")
    try:
        value: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError, ValueError) as exc:
        raise WorkflowDefinitionError(f"cannot import workflow handler '{path}': {exc}") from exc
    return value


def _from_handler(path: str) -> Workflow:
    value = import_handler(path)
    if inspect.isfunction(value) and not inspect.signature(value).parameters:
        value = value()
    if isinstance(value, WorkflowBuilder):
        value = value.commit()
    if not isinstance(value, Workflow):
        raise WorkflowDefinitionError(
            f"workflow handler '{path}' is a {type(value).__name__}, not a Workflow"
        )
    return value


def _lookup(kind: str, name: str, app: Any, workflows: Mapping[str, Workflow], where: str) -> Any:
    if kind == "workflow" and name in workflows:
        return workflows[name]
    if app is None:
        raise WorkflowDefinitionError(f"{where}: no app to look up {kind} '{name}' in")
    try:
        found = getattr(app, kind)(name)
    except KeyError:
        found = None
    if found is None:
        raise WorkflowDefinitionError(f"{where}: unknown {kind} '{name}'")
    return found


def _prompt_of(data: Any) -> str:
    """What an agent step is asked, from whatever the previous step produced."""
    if isinstance(data, str):
        return data
    if isinstance(data, Mapping):
        for key in ("prompt", "text"):
            if isinstance(data.get(key), str) and (key == "prompt" or len(data) == 1):
                return str(data[key])
    return json.dumps(data, default=str)


def _input_of(raw: Any, where: str) -> tuple[Evaluator | None, list[str]]:
    if raw is None:
        return None, []
    if isinstance(raw, Mapping) and "from" in raw and set(raw) <= {"from", "path"}:
        source = str(raw["from"])
        path = raw.get("path")
        text = ("init" if source in ("input", "init") else f"steps.{source}") + (
            f".{path}" if path not in (None, "", ".") else ""
        )
        return compile_template("{{ " + text + " }}", where)
    return compile_template(raw, where)


def _adapted(step: Step, adapt: Evaluator | None, to_prompt: bool) -> Step:
    """``step`` with its input computed from the template first (agent/tool steps)."""
    inner = step.execute
    assert inner is not None

    async def execute(ctx: StepContext) -> Any:
        data = adapt(scope_of(ctx)) if adapt is not None else ctx.input_data
        ctx.input_data = {"prompt": _prompt_of(data)} if to_prompt else data
        result = inner(ctx)
        return await result if inspect.isawaitable(result) else result

    adapted = Step(
        id=step.id,
        execute=execute,
        description=step.description,
        output_schema=step.output_schema,
        retries=step.retries,
        timeout=step.timeout,
        kind=step.kind,
        source=step.source,
    )
    return adapted


def _condition(evaluator: Evaluator) -> Any:
    def condition(ctx: ConditionContext) -> bool:
        return bool(evaluator(scope_of(ctx)))

    return condition


def from_config(
    cfg: Any, app: Any = None, *, workflows: Mapping[str, Workflow] | None = None
) -> Workflow:
    """Build a ``Workflow`` from one ``workflows.<name>`` entry of ``lumosai.yaml``.

    ``handler`` (``pkg.module:attr``) wins over ``steps``. ``workflow:`` steps resolve in
    ``workflows`` first, then ``app.workflow(name)``.
    """
    data = _as_dict(cfg)
    wf_id = data.get("id") or data.get("name")
    if data.get("handler"):
        workflow = _from_handler(str(data["handler"]))
        if app is not None:
            workflow.attach(app)
        return workflow
    if not wf_id:
        raise WorkflowDefinitionError("a declarative workflow needs an 'id' (or 'name')")
    steps = data.get("steps") or []
    if not steps:
        raise WorkflowDefinitionError(f"workflow '{wf_id}' needs at least one step (or a handler)")
    known = dict(workflows or {})
    builder = WorkflowBuilder(id=wf_id, name=data.get("name"), description=data.get("description"))
    if data.get("max_retries"):
        builder.retry_config(RetryConfig(attempts=int(data["max_retries"])))
    default_timeout = data.get("timeout")
    earlier: set[str] = set()
    group: list[tuple[Step, Any]] = []
    group_key: Any = None

    def flush() -> None:
        if not group:
            return
        if len(group) == 1:
            step, cond = group[0]
            builder.then(step) if cond is None else builder.when(cond, step)
        elif any(cond is not None for _, cond in group):
            builder.branch([(cond or (lambda ctx: True), step) for step, cond in group])
        else:
            builder.parallel([step for step, _ in group])
        earlier.update(step.id for step, _ in group)
        group.clear()

    for index, raw_step in enumerate(steps):
        scfg = _as_dict(raw_step)
        targets = [t for t in TARGETS if scfg.get(t)]
        if len(targets) != 1:
            raise WorkflowDefinitionError(
                f"workflow '{wf_id}' step #{index + 1}: name exactly one of agent, tool, workflow"
            )
        kind = targets[0]
        name = str(scfg[kind])
        step_id = str(scfg.get("id") or scfg.get("name") or name)
        where = f"workflow '{wf_id}' step '{step_id}'"
        if kind == "workflow" and name == wf_id:
            raise WorkflowDefinitionError(f"workflow cycle: {wf_id} -> {wf_id} (step '{step_id}')")
        key = scfg.get("parallel")
        if key is None or key != group_key:
            flush()
        group_key = key
        target = _lookup(kind, name, app, known, where)
        adapt, refs = _input_of(scfg.get("input"), where)
        cond = None
        if scfg.get("condition") not in (None, ""):
            evaluator, cond_refs = compile_condition(str(scfg["condition"]), where)
            refs = refs + cond_refs
            cond = _condition(evaluator)
        for ref in refs:
            if ref not in earlier:
                raise WorkflowDefinitionError(
                    f"{where}: refers to step '{ref}', which is not an earlier step of the workflow"
                )
        options: dict[str, Any] = {
            "retries": scfg.get("retries"),
            "timeout": scfg.get("timeout") or default_timeout,
        }
        if kind == "agent":
            step = _adapted(agent_step(target, id=step_id, **options), adapt, to_prompt=True)
        elif kind == "tool":
            step = _adapted(tool_step(target, id=step_id, **options), adapt, to_prompt=False)
        else:
            nested = target if isinstance(target, Workflow) else None
            if nested is None:
                raise WorkflowDefinitionError(f"{where}: '{name}' is not a workflow")
            step = workflow_step(nested, id=step_id, retries=options["retries"])
            if adapt is not None:
                flush()
                builder.then(map_step(f"{step_id}.input", _map_fn(adapt)))
        group.append((step, cond))
        if key is None:
            flush()
    flush()
    workflow = builder.commit()
    if app is not None:
        workflow.attach(app)
    return workflow


def _map_fn(adapt: Evaluator) -> Any:
    def run(ctx: StepContext) -> Any:
        return adapt(scope_of(ctx))

    return run


def build_workflows(configs: Mapping[str, Any], app: Any = None) -> dict[str, Workflow]:
    """Build every workflow of the ``workflows:`` section, nested ones first.

    Workflows may use each other as steps in any order; a cycle is an error naming it.
    """
    data = {name: _as_dict(cfg) for name, cfg in configs.items()}
    order: list[str] = []
    marks: dict[str, str] = {}

    def visit(name: str, chain: list[str]) -> None:
        mark = marks.get(name)
        if mark == "done":
            return
        if mark == "active":
            start = chain.index(name)
            raise WorkflowDefinitionError(f"workflow cycle: {' -> '.join([*chain[start:], name])}")
        marks[name] = "active"
        if not data[name].get("handler"):
            for scfg in data[name].get("steps") or []:
                ref = _as_dict(scfg).get("workflow")
                if ref in data:
                    visit(str(ref), [*chain, name])
        marks[name] = "done"
        order.append(name)

    for name in data:
        visit(name, [])
    built: dict[str, Workflow] = {}
    for name in order:
        cfg = data[name]
        if not cfg.get("id"):
            cfg["id"] = name
        built[name] = from_config(cfg, app, workflows=built)
    return built
