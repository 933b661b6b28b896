"""Cross-file resolution, constant folding and value shapes."""

from __future__ import annotations

from lumosai.migrate.ir import (
    LiteralValue,
    ObjectValue,
    OperatorValue,
    Project,
    ReferenceValue,
    TemplateValue,
    UnknownValue,
)


def test_tools_link_across_files_barrels_aliases_and_default_exports(read) -> None:
    p: Project = read(
        {
            "tsconfig.json": '{ // comment\n "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] }, } }',
            "src/mastra/tools/weather.ts": (
                "import { createTool } from '@mastra/core/tools';\n"
                "import { z } from 'zod';\n"
                "export const weatherTool = createTool({ id: 'weather', description: 'w',\n"
                "  inputSchema: z.object({ city: z.string() }), execute: async (input) => input });\n"
            ),
            "src/mastra/tools/clock.ts": (
                "import { createTool } from '@mastra/core/tools';\n"
                "const clock = createTool({ id: 'clock', description: 'c', execute: async () => 1 });\n"
                "export default clock;\n"
            ),
            "src/mastra/tools/index.ts": (
                "export * from './weather';\nexport { default as clockTool } from './clock.js';\n"
            ),
            "src/mastra/agents/a.ts": (
                "import { Agent } from '@mastra/core/agent';\n"
                "import { weatherTool as wt, clockTool } from '@/mastra/tools';\n"
                "export const a = new Agent({ id: 'a', name: 'A', instructions: 'x',\n"
                "  model: 'openai/gpt-4o', tools: { weather: wt, clockTool } });\n"
            ),
            "src/mastra/index.ts": (
                "import { Mastra } from '@mastra/core';\nimport { a } from './agents/a';\n"
                "export const mastra = new Mastra({ agents: { a } });\n"
            ),
        }
    )
    agent = p.agents[0]
    by_key = {r.key: r for r in agent.tools}
    assert by_key["weather"].target == p.tools[1].id or by_key["weather"].target in {
        t.id for t in p.tools
    }
    tools = {t.tool_id: t for t in p.tools}
    assert by_key["weather"].target == tools["weather"].id
    assert by_key["clockTool"].target == tools["clock"].id
    assert by_key["weather"].target_kind == "tool"
    assert agent.registry_key == "a"
    assert p.mastra is not None and p.entry == "src/mastra/index.ts"
    assert not [d for d in p.diagnostics if d.severity != "info"]


def test_constants_templates_spreads_env_and_operators(read) -> None:
    p = read(
        {
            "src/mastra/config.ts": (
                "export const PREFIX = 'You are';\nexport const ROLE = `${PREFIX} a helper`;\n"
                "export const base = { temperature: 0.2, maxTokens: 100 };\n"
                "export const MODEL = 'openai/' + 'gpt-4o-mini';\n"
            ),
            "src/mastra/index.ts": (
                "import { Agent } from '@mastra/core/agent';\n"
                "import { ROLE, base, MODEL } from './config';\n"
                "const extra = makeExtra();\n"
                "export const helper = new Agent({ name: 'h', instructions: `${ROLE}. Be brief.`,\n"
                "  model: MODEL, defaultOptions: { ...base, maxSteps: 3, ...extra },\n"
                "  description: process.env.DESC ?? 'none', metadata: { n: -1, big: 0x10, on: !false } });\n"
            ),
        }
    )
    agent = p.agents[0]
    inst = agent.instructions
    assert isinstance(inst, TemplateValue) and inst.folded == "You are a helper. Be brief."
    assert agent.model is not None and agent.model.kind == "router_string"
    assert (agent.model.provider, agent.model.model_id) == ("openai", "gpt-4o-mini")
    opts = agent.options["defaultOptions"]
    assert isinstance(opts, ObjectValue)
    assert opts.keys() == ["temperature", "maxTokens", "maxSteps"]
    assert len(opts.spreads) == 1
    assert any(d.rule == "LM131" for d in p.diagnostics)
    desc = agent.description
    assert isinstance(desc, OperatorValue) and desc.operator == "??"
    env = desc.operands[0]
    assert isinstance(env, ReferenceValue) and env.env == "DESC"
    meta = agent.options["metadata"]
    assert isinstance(meta, ObjectValue)
    assert [v.value for v in (meta.get("n"), meta.get("big"), meta.get("on"))] == [-1, 16, True]  # type: ignore[union-attr]
    consts = {m.path: m.constants for m in p.modules}["src/mastra/config.ts"]
    assert isinstance(consts["PREFIX"], LiteralValue) and consts["PREFIX"].value == "You are"


def test_unknown_values_keep_source_and_span(read) -> None:
    p = read(
        {
            "src/mastra/index.ts": (
                "import { Agent } from '@mastra/core/agent';\n"
                "export const a = new Agent({ name: 'a', instructions: 'x', model: 'openai/gpt-4o',\n"
                "  metadata: compute(1) + other[idx] });\n"
            )
        }
    )
    meta = p.agents[0].options["metadata"]
    assert isinstance(meta, OperatorValue)
    assert isinstance(meta.operands[1], UnknownValue)
    assert meta.operands[1].source == "other[idx]"
    assert meta.operands[1].span is not None and meta.operands[1].span.start_line == 3


def test_unresolved_relative_import_is_reported(read) -> None:
    p = read({"src/mastra/index.ts": "import { x } from './missing';\nexport const y = x;\n"})
    assert [d.rule for d in p.diagnostics if d.rule == "LM120"] == ["LM120"]
    assert any(d.rule == "LM103" for d in p.diagnostics)
