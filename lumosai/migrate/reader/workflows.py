"""`createWorkflow` chains and `createStep` (options, agent, tool or workflow steps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import (
    ArrayValue,
    Branch,
    EraEvidence,
    FlowNode,
    FunctionValue,
    ObjectValue,
    ReferenceValue,
    Step,
    StepRef,
    Value,
    Workflow,
)
from lumosai.migrate.reader import common
from lumosai.migrate.reader import values as values_mod
from lumosai.migrate.reader.chains import continuations, walk_up
from lumosai.migrate.reader.syntax import unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.reader.chains import Call
    from lumosai.migrate.reader.context import Reader, Site
    from lumosai.migrate.reader.modules import ModuleIndex

FLOW_METHODS = frozenset(
    {
        "then",
        "parallel",
        "branch",
        "dowhile",
        "dountil",
        "foreach",
        "map",
        "sleep",
        "sleepUntil",
        "waitForEvent",
        "commit",
    }
)


def build_step(ctx: Reader, site: Site) -> Step:
    first_is_options = bool(site.args) and site.options is not None and site.args[0] == site.options
    if site.kind.sub == "legacy" or first_is_options or not site.args:
        opts = common.options(ctx, site)
        step = Step(**common.base(ctx, site, opts))
        step.step_type = "legacy" if site.kind.sub == "legacy" else "step"
    else:
        opts = common.options(ctx, site) if site.options is not None else ObjectValue.fast()
        step = Step(**common.base(ctx, site, opts))
        wrapped = values_mod.value(ctx, site.mod, site.args[0], hint=site.name)
        target, kind = common.target_of(wrapped)
        kind = kind or (ctx.kind_of(target) if target else None)
        step.wraps = target
        step.step_type = {
            "agent": "agent",
            "tool": "tool",
            "workflow": "workflow",
            "processor": "processor",
        }.get(kind or "", "step")  # type: ignore[assignment]
        if target is None:
            ctx.diags.at(
                "LM151",
                f"createStep argument `{site.mod.file.text(site.args[0])[:60]}` is not a known agent, tool or workflow",
                site.mod.file,
                site.args[0],
                construct_id=site.id,
            )
    step.step_id = common.lit_str(opts.get("id"))
    step.description = opts.get("description")
    step.input_schema = common.schema_of(opts.get("inputSchema"))
    step.output_schema = common.schema_of(opts.get("outputSchema"))
    step.state_schema = common.schema_of(opts.get("stateSchema"))
    step.resume_schema = common.schema_of(opts.get("resumeSchema"))
    step.suspend_schema = common.schema_of(opts.get("suspendSchema"))
    step.execute = common.code_of(opts.get("execute"), "execute")
    step.retries = opts.get("retries")
    rel = site.mod.rel
    if step.step_type == "legacy":
        ctx.era_evidence(step.id, EraEvidence(era="0.x", reason="legacy Step class", file=rel))
    elif step.execute is not None:
        names = set(step.execute.context_names)
        if names & {"runtimeContext", "runCount"}:
            ctx.era_evidence(
                step.id,
                EraEvidence(
                    era="0.x", reason="step execute uses runtimeContext/runCount", file=rel
                ),
            )
        if names & {"requestContext", "retryCount"}:
            ctx.era_evidence(
                step.id,
                EraEvidence(era="1.x", reason="step execute uses requestContext/state", file=rel),
            )
    return step


def step_ref(ctx: Reader, mod: ModuleIndex, node: Node, owner: Site) -> StepRef:
    v = values_mod.value(ctx, mod, node, hint=owner.name)
    return ref_from_value(ctx, mod, node, v, owner)


def ref_from_value(ctx: Reader, mod: ModuleIndex, node: Node, v: Value, owner: Site) -> StepRef:
    target, kind = common.target_of(v)
    if target is not None and kind is None:
        kind = ctx.kind_of(target)
    if target is None:
        ctx.diags.at(
            "LM151",
            f"step `{mod.file.text(node)[:60]}` in {owner.name} is not a known step",
            mod.file,
            node,
            construct_id=owner.id,
        )
    return StepRef.fast(
        source=mod.file.text(node)[:2000], target=target, target_kind=kind, span=mod.file.span(node)
    )


def flow_node(ctx: Reader, mod: ModuleIndex, call: Call, owner: Site) -> FlowNode:
    method, args, node = call
    file = mod.file
    fn = FlowNode.fast(op=method, span=file.span(node))
    hint = f"{owner.name}.{method}"
    if method in ("then", "foreach", "dowhile", "dountil", "waitForEvent"):
        step_arg = (
            args[1] if method == "waitForEvent" and len(args) > 1 else (args[0] if args else None)
        )
        if step_arg is not None:
            fn.steps.append(step_ref(ctx, mod, step_arg, owner))
        if method in ("dowhile", "dountil") and len(args) > 1:
            fn.condition = _condition(ctx, mod, args[1], hint)
        if method == "foreach" and len(args) > 1:
            fn.options = values_mod.value(ctx, mod, args[1], hint=hint)
        if method == "waitForEvent" and args:
            fn.args.append(values_mod.value(ctx, mod, args[0], hint=hint))
    elif method == "parallel" and args:
        arr = unwrap(args[0])
        if arr.type == "array":
            for item in arr.named_children:
                if item.type != "comment":
                    fn.steps.append(step_ref(ctx, mod, item, owner))
        else:
            fn.args.append(values_mod.value(ctx, mod, args[0], hint=hint))
    elif method == "branch" and args:
        arr = unwrap(args[0])
        if arr.type == "array":
            for pair in arr.named_children:
                pair = unwrap(pair)
                items = (
                    [x for x in pair.named_children if x.type != "comment"]
                    if pair.type == "array"
                    else []
                )
                if len(items) >= 2:
                    fn.branches.append(
                        Branch.fast(
                            condition=_condition(ctx, mod, items[0], hint),
                            step=step_ref(ctx, mod, items[1], owner),
                        )
                    )
    elif method == "commit":
        pass
    else:  # map, sleep, sleepUntil
        fn.args = [
            values_mod.value(
                ctx, mod, a, hint=hint, fn_kind="map" if method == "map" else "function"
            )
            for a in args
        ]
    return fn


def _condition(ctx: Reader, mod: ModuleIndex, node: Node, hint: str) -> Value:
    v = values_mod.value(ctx, mod, node, hint=f"{hint}.condition", fn_kind="condition")
    if isinstance(v, FunctionValue):
        v.code.kind = "condition"
    return v


def collect_step_ids(flow: list[FlowNode]) -> list[str]:
    seen: dict[str, None] = {}
    for node in flow:
        for s in node.steps:
            if s.target:
                seen[s.target] = None
        for b in node.branches:
            if b.step.target:
                seen[b.step.target] = None
    return list(seen)


def build_workflow(ctx: Reader, site: Site) -> Workflow:
    opts = common.options(ctx, site)
    wf = Workflow(**common.base(ctx, site, opts))
    wf.workflow_id = common.lit_str(opts.get("id"))
    wf.description = opts.get("description")
    wf.input_schema = common.schema_of(opts.get("inputSchema"))
    wf.output_schema = common.schema_of(opts.get("outputSchema"))
    wf.state_schema = common.schema_of(opts.get("stateSchema"))
    wf.retry_config = opts.get("retryConfig")
    chains = [(site.mod, walk_up(site.mod, site.node, FLOW_METHODS))]
    chains += continuations(ctx, site, FLOW_METHODS)
    for mod, calls in chains:
        for call in calls:
            wf.flow.append(flow_node(ctx, mod, call, site))
    wf.committed = any(n.op == "commit" for n in wf.flow)
    wf.step_ids = collect_step_ids(wf.flow)
    if not wf.committed:
        ctx.diags.at(
            "LM150",
            f"workflow {site.name} is never committed (`.commit()`)",
            site.mod.file,
            site.node,
            construct_id=site.id,
        )
    return wf


def refs_in(v: Value | None) -> list[ReferenceValue]:
    if isinstance(v, ReferenceValue):
        return [v]
    if isinstance(v, ArrayValue):
        return [x for x in v.items if isinstance(x, ReferenceValue)]
    return []
