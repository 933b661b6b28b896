"""`new Agent({...})` -> `ir.Agent` (both eras; every key kept in `options`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import Agent, Era, EraEvidence, FunctionValue, ObjectValue
from lumosai.migrate.reader import common
from lumosai.migrate.reader.models import model_spec

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader, Site

_DEFAULT_OPTION_KEYS = (
    "defaultOptions",
    "defaultGenerateOptions",
    "defaultStreamOptions",
    "defaultVNextStreamOptions",
    "defaultGenerateOptionsLegacy",
    "defaultStreamOptionsLegacy",
)
_ERA_KEYS: dict[str, Era] = {
    "evals": "0.x",
    "defaultGenerateOptions": "0.x",
    "defaultStreamOptions": "0.x",
    "defaultVNextStreamOptions": "0.x",
    "agents": "1.x",
    "defaultOptions": "1.x",
    "requestContextSchema": "1.x",
    "hooks": "1.x",
    "defaultGenerateOptionsLegacy": "1.x",
    "defaultStreamOptionsLegacy": "1.x",
}


def build(ctx: Reader, site: Site) -> Agent:
    opts = common.options(ctx, site)
    agent = Agent(**common.base(ctx, site, opts))
    agent.agent_id = common.lit_str(opts.get("id"))
    agent.description = opts.get("description")
    agent.instructions = opts.get("instructions")
    agent.model = model_spec(ctx, site.mod, opts.get("model"))
    tools = opts.get("tools")
    if isinstance(tools, ObjectValue):
        agent.tools = common.refmaps(ctx, site, tools)
    elif tools is not None:
        agent.tools_value = tools
    agent.agents = common.refmaps(ctx, site, opts.get("agents"))
    agent.workflows = common.refmaps(ctx, site, opts.get("workflows"))
    agent.scorers = common.refmaps(ctx, site, opts.get("scorers"), field="scorer")
    agent.evals = common.refmaps(ctx, site, opts.get("evals"))
    agent.memory = opts.get("memory")
    agent.memory_id, _ = common.target_of(agent.memory)
    agent.input_processors = opts.get("inputProcessors")
    agent.output_processors = opts.get("outputProcessors")
    agent.voice = opts.get("voice")
    for key in _DEFAULT_OPTION_KEYS:
        v = opts.get(key)
        if isinstance(v, ObjectValue):
            agent.default_options.update({p.key: p.value for p in v.properties})
        elif v is not None:
            agent.default_options[key] = v
    agent.dynamic = common.dynamic_codes(ctx, site, opts, skip=set())
    rel = site.mod.rel
    for key, era in _ERA_KEYS.items():
        if opts.get(key) is not None:
            ctx.era_evidence(
                agent.id, EraEvidence(era=era, reason=f"Agent option `{key}`", file=rel)
            )  # type: ignore[arg-type]
    for code in agent.dynamic.values():
        if "runtimeContext" in code.context_names:
            ctx.era_evidence(
                agent.id,
                EraEvidence(era="0.x", reason="dynamic config uses runtimeContext", file=rel),
            )
        if "requestContext" in code.context_names:
            ctx.era_evidence(
                agent.id,
                EraEvidence(era="1.x", reason="dynamic config uses requestContext", file=rel),
            )
    if site.package == "@mastra/core":
        ctx.era_evidence(
            agent.id,
            EraEvidence(era="0.x", reason="Agent imported from the @mastra/core root", file=rel),
        )
    if isinstance(agent.instructions, FunctionValue):
        agent.instructions.code.kind = "dynamic"
    return agent
