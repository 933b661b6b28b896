"""`createTool({...})` (and RAG tool factories) -> `ir.Tool`, with the execute signature era."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import Code, Construct, Era, EraEvidence, Rag, Tool
from lumosai.migrate.reader import common
from lumosai.migrate.reader.models import model_spec

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader, Site

#: Keys a 0.x `execute({...})` destructures that are context, not tool input.
_V0_ONLY = frozenset(
    {
        "mastra",
        "runtimeContext",
        "threadId",
        "resourceId",
        "runId",
        "writer",
        "suspend",
        "resumeData",
        "tracingContext",
        "abortSignal",
    }
)


def execute_signature(code: Code | None) -> Era | None:
    """0.x `execute({ context, runtimeContext })` vs 1.x `execute(inputData, context)`."""
    if code is None or not code.params:
        return None
    first = code.params[0].pattern
    if len(code.params) >= 2:
        return "1.x"
    if first.kind in ("object", "assignment") and first.properties:
        keys = {p.key for p in first.properties if not p.rest}
        if "context" in keys or "runtimeContext" in keys:
            return "0.x"
        if keys and keys <= _V0_ONLY:
            return "0.x"
        return "1.x"
    if first.kind in ("identifier", "assignment") and first.name:
        if "context" in code.context_names or "runtimeContext" in code.context_names:
            return "0.x"
        return "1.x"
    return None


def build(ctx: Reader, site: Site) -> list[Construct]:
    opts = common.options(ctx, site)
    tool = Tool(**common.base(ctx, site, opts))
    tool.tool_id = common.lit_str(opts.get("id"))
    tool.description = opts.get("description")
    # AI SDK v4 `tool({ parameters })` names the input schema `parameters`
    tool.input_schema = common.schema_of(opts.get("inputSchema") or opts.get("parameters"))
    tool.output_schema = common.schema_of(opts.get("outputSchema"))
    tool.suspend_schema = common.schema_of(opts.get("suspendSchema"))
    tool.resume_schema = common.schema_of(opts.get("resumeSchema"))
    tool.request_context_schema = common.schema_of(opts.get("requestContextSchema"))
    tool.execute = common.code_of(opts.get("execute"), "execute")
    tool.execute_signature = execute_signature(tool.execute)
    tool.require_approval = opts.get("requireApproval")
    rel = site.mod.rel
    if tool.execute_signature is not None:
        ctx.era_evidence(
            tool.id,
            EraEvidence(
                era=tool.execute_signature,
                reason="tool execute signature",
                file=rel,
                line=tool.execute.span.start_line if tool.execute else None,
            ),
        )
    for key in (
        "requireApproval",
        "suspendSchema",
        "resumeSchema",
        "requestContextSchema",
        "toModelOutput",
    ):
        if opts.get(key) is not None:
            ctx.era_evidence(
                tool.id, EraEvidence(era="1.x", reason=f"tool option `{key}`", file=rel)
            )
    out: list[Construct] = [tool]
    if site.kind.sub == "rag":
        tool.rag = True
        base = common.base(ctx, site, opts)
        base["id"] = ctx.new_id(rel, site.mod.file.line(site.node), "rag", site.name)
        base["parent"] = tool.id
        out.append(
            Rag(
                **base,
                operation=site.factory,
                embedding_model=model_spec(ctx, site.mod, opts.get("model")),
            )
        )
    return out
