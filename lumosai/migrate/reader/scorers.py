"""`createScorer(...)` pipelines, prebuilt scorer factories, legacy eval metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import EraEvidence, FlowNode, ObjectValue, Scorer
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
    return scorer
