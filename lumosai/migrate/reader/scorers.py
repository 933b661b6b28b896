"""`createScorer(...)` pipelines, prebuilt scorer factories, legacy eval metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import EraEvidence, FlowNode, FunctionValue, ObjectValue, Scorer, Value
from lumosai.migrate.reader import common
from lumosai.migrate.reader import values as values_mod
from lumosai.migrate.reader.chains import walk_up
from lumosai.migrate.reader.models import model_spec

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader, Site

PIPELINE = frozenset({"preprocess", "analyze", "generateScore", "generateReason"})


def build(ctx: Reader, site: Site) -> Scorer:
    opts = common.options(ctx, site)
    scorer = Scorer(**common.base(ctx, site, opts))
    scorer.scorer_type = {"prebuilt": "prebuilt", "legacy_metric": "legacy_metric"}.get(
        site.kind.sub, "custom"
    )  # type: ignore[assignment]
    scorer.scorer_id = common.lit_str(opts.get("id")) or common.lit_str(opts.get("name"))
    scorer.description = opts.get("description")
    scorer.judge = opts.get("judge")
    rel = site.mod.rel
    if scorer.scorer_type == "custom":
        for method, args, call in walk_up(site.mod, site.node, PIPELINE):
            node = FlowNode.fast(op=method, span=site.mod.file.span(call))
            node.args = [
                values_mod.value(ctx, site.mod, a, hint=f"{site.name}.{method}", fn_kind="function")
                for a in args
            ]
            scorer.pipeline.append(node)
        if isinstance(scorer.judge, ObjectValue):
            scorer.model = model_spec(ctx, site.mod, scorer.judge.get("model"))
        if site.package.startswith("@mastra/core/scores"):
            ctx.era_evidence(
                scorer.id,
                EraEvidence(era="0.x", reason="createScorer from @mastra/core/scores", file=rel),
            )
        elif site.package.startswith("@mastra/core/evals"):
            ctx.era_evidence(
                scorer.id,
                EraEvidence(era="1.x", reason="createScorer from @mastra/core/evals", file=rel),
            )
    else:
        model = opts.get("model")
        if model is None and scorer.args:
            model = scorer.args[0]
        scorer.model = model_spec(ctx, site.mod, model)
        if (
            scorer.scorer_type == "legacy_metric"
            or "/scorers/llm" in site.package
            or "/scorers/code" in site.package
        ):
            ctx.era_evidence(
                scorer.id,
                EraEvidence(era="0.x", reason=f"{site.factory} from {site.package}", file=rel),
            )
        elif "prebuilt" in site.package:
            ctx.era_evidence(
                scorer.id,
                EraEvidence(era="1.x", reason=f"{site.factory} from {site.package}", file=rel),
            )
        if scorer.scorer_type == "legacy_metric":
            scorer.pipeline.extend(_metric_class(ctx, site))
    return scorer


def _metric_class(ctx: Reader, site: Site) -> list[FlowNode]:
    """A project `class X extends Metric`: its methods (`op="method:<name>"`, the function as
    the argument) and initialised fields (`op="field:<name>"`), for the converter to translate."""
    from lumosai.migrate.reader import code as code_mod

    res = ctx.resolve_name(site.mod, site.factory)
    if res.kind != "decl" or res.decl is None or res.decl.kind != "class" or res.module is None:
        return []
    mod, cls = res.module, res.decl.node
    body = cls.child_by_field_name("body") if cls is not None else None
    nodes: list[FlowNode] = []
    for member in body.named_children if body is not None else []:
        name_node = member.child_by_field_name("name")
        if name_node is None:
            continue
        name = mod.file.text(name_node)
        if member.type == "method_definition":
            fn = code_mod.build(ctx, mod, member, kind="function", name=f"{site.factory}.{name}")
            arg: Value = FunctionValue.fast(code=fn)
            nodes.append(FlowNode.fast(op=f"method:{name}", span=mod.file.span(member), args=[arg]))
        elif member.type == "public_field_definition":
            initial = member.child_by_field_name("value")
            if initial is None:
                continue
            arg = values_mod.value(ctx, mod, initial, hint=name)
            nodes.append(FlowNode.fast(op=f"field:{name}", span=mod.file.span(member), args=[arg]))
    return nodes
