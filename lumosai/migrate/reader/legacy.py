"""Legacy (0.x) `new Workflow/LegacyWorkflow({...})` with `.step/.then/.after/.if/.else/
.while/.until/.afterEvent` chains and `when` conditions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import EraEvidence, FlowNode, FunctionValue, LegacyWorkflow, ObjectValue
from lumosai.migrate.reader import common
from lumosai.migrate.reader import values as values_mod
from lumosai.migrate.reader.chains import continuations, walk_up
from lumosai.migrate.reader.syntax import unwrap
from lumosai.migrate.reader.workflows import collect_step_ids, step_ref

if TYPE_CHECKING:
    from lumosai.migrate.reader.chains import Call
    from lumosai.migrate.reader.context import Reader, Site
    from lumosai.migrate.reader.modules import ModuleIndex

LEGACY_METHODS = frozenset(
    {"step", "then", "after", "if", "else", "while", "until", "afterEvent", "commit"}
)


def _node(ctx: Reader, mod: ModuleIndex, call: Call, owner: Site) -> FlowNode:
    method, args, node = call
    fn = FlowNode.fast(op=method, span=mod.file.span(node))
    hint = f"{owner.name}.{method}"
    if method in ("step", "then", "after") and args:
        first = unwrap(args[0])
        items = (
            [x for x in first.named_children if x.type != "comment"]
            if first.type == "array"
            else [args[0]]
        )
        for item in items:
            fn.steps.append(step_ref(ctx, mod, item, owner))
        if len(args) > 1:
            opts = values_mod.value(ctx, mod, args[1], hint=hint, fn_kind="condition")
            fn.options = opts
            if isinstance(opts, ObjectValue):
                fn.when = opts.get("when")
                fn.variables = opts.get("variables")
                if isinstance(fn.when, FunctionValue):
                    fn.when.code.kind = "condition"
    elif method in ("if", "while", "until") and args:
        fn.condition = values_mod.value(
            ctx, mod, args[0], hint=f"{hint}.condition", fn_kind="condition"
        )
        if len(args) > 1:
            fn.steps.append(step_ref(ctx, mod, args[1], owner))
    elif method == "afterEvent" and args:
        fn.args.append(values_mod.value(ctx, mod, args[0], hint=hint))
    return fn


def build(ctx: Reader, site: Site) -> LegacyWorkflow:
    opts = common.options(ctx, site)
    wf = LegacyWorkflow(**common.base(ctx, site, opts))
    wf.workflow_name = common.lit_str(opts.get("name"))
    wf.trigger_schema = common.schema_of(opts.get("triggerSchema"))
    chains = [(site.mod, walk_up(site.mod, site.node, LEGACY_METHODS))]
    chains += continuations(ctx, site, LEGACY_METHODS)
    for mod, calls in chains:
        for call in calls:
            wf.flow.append(_node(ctx, mod, call, site))
    wf.committed = any(n.op == "commit" for n in wf.flow)
    wf.step_ids = collect_step_ids(wf.flow)
    ctx.era_evidence(wf.id, EraEvidence(era="0.x", reason="legacy workflow", file=site.mod.rel))
    if not wf.committed:
        ctx.diags.at(
            "LM150",
            f"legacy workflow {site.name} is never committed (`.commit()`)",
            site.mod.file,
            site.node,
            construct_id=site.id,
        )
    return wf
