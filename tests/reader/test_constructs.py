"""Every Mastra construct kind, 0.x and 1.x shapes."""

from __future__ import annotations

from lumosai.migrate.ir import FunctionValue, ObjectValue, Project

PKG_0X = {
    "name": "app",
    "type": "module",
    "dependencies": {"@mastra/core": "^0.24.9", "zod": "^3.25.0"},
}

V1_APP = {
    "src/mastra/index.ts": """
import { Mastra } from '@mastra/core/mastra';
import { registerApiRoute } from '@mastra/core/server';
import { PinoLogger } from '@mastra/loggers';
import { LibSQLStore, LibSQLVector } from '@mastra/libsql';
import { PgVector } from '@mastra/pg';
import { Observability } from '@mastra/observability';
import { MCPServer } from '@mastra/mcp';
import { support, router } from './agents';
import { flow } from './flow';
import { judge } from './scorers';
import { lookup } from './tools';
const vectors = { pg: new PgVector({ id: 'pg', connectionString: process.env.PG_URL! }) };
export const server = new MCPServer({ id: 'srv', name: 'Srv', version: '1.0.0', tools: { lookup }, agents: { support } });
export const mastra = new Mastra({
  agents: { support, router }, workflows: { flow }, scorers: { judge }, vectors, mcpServers: { server },
  storage: new LibSQLStore({ id: 'main', url: 'file:./mastra.db' }),
  logger: new PinoLogger({ name: 'app', level: 'info' }),
  observability: new Observability({ default: { enabled: true } }),
  server: { port: 4111, apiRoutes: [registerApiRoute('/hello', { method: 'GET', handler: async (c) => c.json({ ok: 1 }) })],
            middleware: [async (c, next) => next()], auth: undefined },
});
""",
    "src/mastra/agents.ts": """
import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';
import { LibSQLStore, LibSQLVector } from '@mastra/libsql';
import { openai, createOpenAI } from '@ai-sdk/openai';
import { MCPClient } from '@mastra/mcp';
import { lookup } from './tools';
import { flow } from './flow';
import { judge } from './scorers';
const deep = createOpenAI({ baseURL: 'http://localhost:1234/v1', apiKey: process.env.DEEP_KEY });
export const mcp = new MCPClient({ id: 'mcp', servers: {
  fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem'], env: { ROOT: '/tmp' } },
  web: { url: new URL('http://localhost:8080/mcp') } } });
export const support = new Agent({
  id: 'support', name: 'Support', instructions: ['Be kind.', 'Be brief.'],
  model: [{ model: openai('gpt-4o', { structuredOutputs: true }), maxRetries: 2 }, { model: 'anthropic/claude-sonnet-4-6' }],
  tools: { lookup, ...(await mcp.listTools()) }, workflows: { flow },
  scorers: { judge: { scorer: judge, sampling: { type: 'ratio', rate: 0.5 } } },
  memory: new Memory({ storage: new LibSQLStore({ id: 'mem', url: 'file:mem.db' }),
    vector: new LibSQLVector({ id: 'vec', url: 'file:mem.db' }), embedder: 'openai/text-embedding-3-small',
    options: { lastMessages: 20, semanticRecall: { topK: 3, messageRange: 2 }, workingMemory: { enabled: true, template: '# User' } } }),
});
export const router = new Agent({ id: 'router', name: 'Router',
  instructions: ({ requestContext }) => `Tier ${requestContext.get('tier')}`,
  model: deep('qwen2.5'), agents: { support }, defaultOptions: { maxSteps: 4 } });
export const compat = new Agent({ id: 'c', name: 'C', instructions: 'x', model: { id: 'lmstudio/qwen', url: 'http://localhost:1234/v1' } });
""",
    "src/mastra/tools.ts": """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
export const lookup = createTool({ id: 'lookup', description: 'Look up', inputSchema: z.object({ q: z.string() }),
  requireApproval: true, execute: async ({ q }, { requestContext }) => ({ q }) });
""",
    "src/mastra/flow.ts": """
import { createWorkflow, createStep } from '@mastra/core/workflows';
import { z } from 'zod';
import { support } from './agents';
import { lookup } from './tools';
const a = createStep({ id: 'a', inputSchema: z.object({ n: z.number() }), outputSchema: z.object({ n: z.number() }),
  execute: async ({ inputData, state, setState, requestContext }) => ({ n: inputData.n + 1 }) });
const b = createStep({ id: 'b', inputSchema: z.object({ n: z.number() }), outputSchema: z.object({ n: z.number() }), execute: async ({ inputData }) => inputData });
const ask = createStep(support);
const toolStep = createStep(lookup);
const inner = createWorkflow({ id: 'inner', inputSchema: z.object({ n: z.number() }), outputSchema: z.object({ n: z.number() }) }).then(b).commit();
export const flow = createWorkflow({ id: 'flow', inputSchema: z.object({ n: z.number() }), outputSchema: z.object({ n: z.number() }) })
  .then(a)
  .parallel([b, createStep({ id: 'c', inputSchema: z.object({}), outputSchema: z.object({}), execute: async () => ({}) })])
  .branch([[async ({ inputData }) => inputData.n > 1, a], [async () => true, b]])
  .dowhile(a, async ({ inputData, iterationCount }) => iterationCount < 3)
  .dountil(b, async ({ inputData }) => inputData.n > 10)
  .foreach(a, { concurrency: 2 })
  .map(async ({ inputData }) => ({ prompt: String(inputData) }))
  .then(ask)
  .sleep(1000)
  .sleepUntil(new Date('2030-01-01'))
  .then(inner)
  .then(toolStep)
  .commit();
""",
    "src/mastra/scorers.ts": """
import { createScorer } from '@mastra/core/evals';
import { createToxicityScorer } from '@mastra/evals/scorers/prebuilt';
export const judge = createScorer({ id: 'judge', description: 'd', judge: { model: 'openai/gpt-4o', instructions: 'be fair' } })
  .preprocess(({ run }) => run.output)
  .analyze({ description: 'x', outputSchema: undefined, createPrompt: ({ run }) => 'p' })
  .generateScore(({ results }) => 1)
  .generateReason(({ score }) => `score ${score}`);
export const tox = createToxicityScorer({ model: 'openai/gpt-4o-mini' });
""",
}


def test_v1_app_inventory_and_registry(read) -> None:
    p: Project = read(V1_APP)
    assert p.era == "1.x" and p.era_decided_by == "package"
    inv = p.inventory()
    assert inv == {
        "mastra": 1,
        "agent": 3,
        "tool": 1,
        "workflow": 2,
        "step": 5,
        "legacy_workflow": 0,
        "memory": 1,
        "storage": 2,
        "vector": 2,
        "mcp_client": 1,
        "mcp_server": 1,
        "rag": 0,
        "scorer": 2,
    }
    m = p.mastra
    assert m is not None
    assert [r.key for r in m.agents] == ["support", "router"]
    assert all(r.target for r in m.agents + m.workflows + m.scorers + m.vectors + m.mcp_servers)
    assert [r.key for r in m.vectors] == ["pg"]
    assert m.storage_id is not None and m.server is not None
    assert m.server.port is not None and m.server.port.value == 4111  # type: ignore[union-attr]
    route = m.server.api_routes[0]
    assert route.path.value == "/hello" and route.handler is not None  # type: ignore[union-attr]
    assert route.method is not None and route.method.value == "GET"  # type: ignore[union-attr]
    kinds = sorted(o.kind for o in p.others)
    assert kinds == ["api_route", "logger", "observability"]
    flow = next(w for w in p.workflows if w.workflow_id == "flow")
    assert flow.registry_key == "flow"


def test_agent_fields(read) -> None:
    p = read(V1_APP)
    agents = {a.agent_id: a for a in p.agents}
    support = agents["support"]
    assert support.model is not None and support.model.kind == "fallback"
    first = support.model.fallbacks[0]
    assert first.max_retries == 2 and first.model.kind == "provider_call"
    assert (first.model.provider, first.model.model_id) == ("openai", "gpt-4o")
    assert "structuredOutputs" in first.model.settings
    assert support.model.fallbacks[1].model.kind == "router_string"
    assert [t.key for t in support.tools] == ["lookup"]
    assert support.tools[0].target_kind == "tool"
    tools_opt = support.options["tools"]
    assert isinstance(tools_opt, ObjectValue) and len(tools_opt.spreads) == 1
    assert support.scorers[0].target_kind == "scorer"
    assert support.memory_id is not None
    mem = p.memories[0]
    assert mem.id == support.memory_id and mem.parent == support.id
    assert mem.storage_id and mem.vector_id
    assert mem.embedder is not None and mem.embedder.kind == "router_string"
    assert set(mem.memory_options) == {"lastMessages", "semanticRecall", "workingMemory"}
    router = agents["router"]
    assert isinstance(router.instructions, FunctionValue)
    assert "instructions" in router.dynamic and router.dynamic["instructions"].context_names == [
        "requestContext"
    ]
    assert router.model is not None and router.model.provider == "openai"
    assert router.model.provider_factory == "createOpenAI" and "baseURL" in router.model.settings
    assert router.agents[0].target == support.id
    assert router.default_options["maxSteps"].value == 4  # type: ignore[union-attr]
    compat = agents["c"]
    assert compat.model is not None and compat.model.kind == "openai_compatible"
    assert (compat.model.provider, compat.model.model_id) == ("lmstudio", "qwen")
    client = p.mcp_clients[0]
    servers = {s.name: s for s in client.servers}
    assert servers["fs"].transport == "stdio" and servers["fs"].env_names == ["ROOT"]
    assert (
        servers["web"].transport == "http"
        and servers["web"].url.value == "http://localhost:8080/mcp"
    )  # type: ignore[union-attr]
    srv = p.mcp_servers[0]
    assert (
        srv.server_id == "srv"
        and srv.tools[0].target_kind == "tool"
        and srv.agents[0].target == support.id
    )


def test_workflow_control_flow(read) -> None:
    p = read(V1_APP)
    flow = next(w for w in p.workflows if w.workflow_id == "flow")
    assert flow.committed
    assert [n.op for n in flow.flow] == [
        "then",
        "parallel",
        "branch",
        "dowhile",
        "dountil",
        "foreach",
        "map",
        "then",
        "sleep",
        "sleepUntil",
        "then",
        "then",
        "commit",
    ]
    steps = {s.step_id or s.name: s for s in p.steps}
    assert flow.flow[1].steps[1].target == steps["c"].id
    branch = flow.flow[2]
    assert len(branch.branches) == 2
    cond = branch.branches[0].condition
    assert isinstance(cond, FunctionValue) and cond.code.kind == "condition"
    assert branch.branches[1].step.target == steps["b"].id
    loop = flow.flow[3]
    assert (
        isinstance(loop.condition, FunctionValue)
        and "iterationCount" in loop.condition.code.context_names
    )
    assert isinstance(flow.flow[5].options, ObjectValue)
    assert (
        isinstance(flow.flow[6].args[0], FunctionValue) and flow.flow[6].args[0].code.kind == "map"
    )
    assert flow.flow[7].steps[0].target_kind == "step"
    ask = next(s for s in p.steps if s.step_type == "agent")
    assert ask.wraps == next(a.id for a in p.agents if a.agent_id == "support")
    tool_step = next(s for s in p.steps if s.step_type == "tool")
    assert tool_step.wraps == p.tools[0].id
    assert flow.flow[10].steps[0].target_kind == "workflow"
    assert steps["a"].era == "1.x"
    assert p.tools[0].execute_signature == "1.x" and p.tools[0].require_approval is not None


def test_scorer_pipeline_and_prebuilt(read) -> None:
    p = read(V1_APP)
    scorers = {s.scorer_id or s.name: s for s in p.scorers}
    judge = scorers["judge"]
    assert judge.scorer_type == "custom"
    assert [n.op for n in judge.pipeline] == [
        "preprocess",
        "analyze",
        "generateScore",
        "generateReason",
    ]
    assert judge.model is not None and judge.model.model_id == "gpt-4o"
    tox = next(s for s in p.scorers if s.scorer_type == "prebuilt")
    assert tox.factory == "createToxicityScorer" and tox.model is not None


V0_APP = {
    "src/mastra/index.ts": """
import { Mastra, Agent, createTool } from '@mastra/core';
import { LegacyWorkflow, LegacyStep } from '@mastra/core/workflows/legacy';
import { RuntimeContext } from '@mastra/core/runtime-context';
import { MCPConfiguration } from '@mastra/mcp';
import { PostgresStore, PgVector } from '@mastra/pg';
import { MDocument, createVectorQueryTool } from '@mastra/rag';
import { embedMany } from 'ai';
import { openai } from '@ai-sdk/openai';
import { SummarizationMetric } from '@mastra/evals/llm';
import { z } from 'zod';
const pg = new PgVector(process.env.POSTGRES_URL!);
export const mcp = new MCPConfiguration({ servers: { s: { command: 'node', args: ['s.js'] } } });
const t = createTool({ id: 't', description: 'd', inputSchema: z.object({ x: z.number() }),
  execute: async ({ context, runtimeContext }) => context.x });
const s1 = new LegacyStep({ id: 's1', execute: async ({ context }) => ({ v: context.triggerData.x }) });
const s2 = new LegacyStep({ id: 's2', execute: async () => ({}) });
const s3 = new LegacyStep({ id: 's3', execute: async () => ({}) });
const wf = new LegacyWorkflow({ name: 'wf', triggerSchema: z.object({ x: z.number() }) });
wf.step(s1).then(s2, { when: { 's1.status': 'success' }, variables: { v: { step: s1, path: 'v' } } })
  .after(s1).step(s3).if(async ({ context }) => context.getStepResult('s1')?.v > 1).then(s2).else().then(s3)
  .while(async () => false, s2).until(async () => true, s3).afterEvent('ok').commit();
export async function ingest(text: string) {
  const doc = MDocument.fromText(text);
  const chunks = await doc.chunk({ strategy: 'recursive', size: 512, overlap: 50 });
  const { embeddings } = await embedMany({ model: openai.embedding('text-embedding-3-small'), values: chunks.map((c) => c.text) });
  await pg.createIndex('docs', 1536);
  await pg.upsert('docs', embeddings, chunks.map((c) => ({ text: c.text })));
  return pg.query('docs', embeddings[0], 3);
}
const search = createVectorQueryTool({ vectorStoreName: 'pg', indexName: 'docs', model: openai.embedding('text-embedding-3-small') });
const agent = new Agent({ name: 'A', instructions: ({ runtimeContext }) => 'x', model: openai('gpt-4o-mini'),
  tools: { t, search }, evals: { summary: new SummarizationMetric(openai('gpt-4o')) } });
const rc = new RuntimeContext();
export const mastra = new Mastra({ agents: { agent }, legacy_workflows: { wf }, vectors: { pg },
  storage: new PostgresStore({ connectionString: process.env.DATABASE_URL! }), telemetry: { serviceName: 'x', enabled: false } });
""",
}


def test_v0_app_legacy_workflow_rag_and_era(read) -> None:
    p: Project = read(V0_APP, package=PKG_0X)
    assert p.era == "0.x"
    inv = p.inventory()
    assert inv["legacy_workflow"] == 1 and inv["step"] == 3 and inv["tool"] == 2
    assert (
        inv["mcp_client"] == 1 and inv["scorer"] == 1 and inv["vector"] == 1 and inv["storage"] == 1
    )
    assert inv["rag"] == 7  # document, chunk, embedMany, createIndex, upsert, query, query tool
    wf = p.legacy_workflows[0]
    assert wf.workflow_name == "wf" and wf.committed and wf.registry_key == "wf"
    assert [n.op for n in wf.flow] == [
        "step",
        "then",
        "after",
        "step",
        "if",
        "then",
        "else",
        "then",
        "while",
        "until",
        "afterEvent",
        "commit",
    ]
    assert wf.flow[1].when is not None and wf.flow[1].variables is not None
    assert isinstance(wf.flow[4].condition, FunctionValue)
    assert len(wf.step_ids) == 3 and all(s.step_type == "legacy" for s in p.steps)
    tool = next(t for t in p.tools if t.tool_id == "t")
    assert tool.execute_signature == "0.x" and tool.era == "0.x"
    ops = sorted(r.operation for r in p.rag)
    assert ops == [
        "chunk",
        "createIndex",
        "createVectorQueryTool",
        "document.fromText",
        "embedMany",
        "query",
        "upsert",
    ]
    chunk = next(r for r in p.rag if r.operation == "chunk")
    doc = next(r for r in p.rag if r.operation == "document.fromText")
    assert chunk.receiver_id == doc.id
    upsert = next(r for r in p.rag if r.operation == "upsert")
    assert upsert.receiver_id == p.vectors[0].id
    embed = next(r for r in p.rag if r.operation == "embedMany")
    assert (
        embed.embedding_model is not None
        and embed.embedding_model.model_id == "text-embedding-3-small"
    )
    assert p.vectors[0].url is not None and p.vectors[0].url.env == "POSTGRES_URL"  # type: ignore[union-attr]
    agent = p.agents[0]
    assert agent.era == "0.x" and agent.evals[0].target_kind == "scorer"
    assert p.mastra is not None and p.mastra.telemetry is not None
    assert any(o.kind == "request_context" for o in p.others)
    assert not any(d.rule == "LM106" for d in p.diagnostics)


def test_mixed_era_construct_gets_lm106(read) -> None:
    files = {
        "src/mastra/tools.ts": (
            "import { createTool } from '@mastra/core/tools';\n"
            "export const t = createTool({ id: 't', description: 'd', execute: async ({ context }) => context.x });\n"
        )
    }
    p = read(files)
    assert p.era == "1.x" and p.tools[0].era == "0.x"
    assert [d.rule for d in p.diagnostics if d.rule == "LM106"] == ["LM106"]


def test_era_from_code_without_package(read) -> None:
    files = {
        "src/mastra/index.ts": (
            "import { Agent } from '@mastra/core';\nimport { RuntimeContext } from '@mastra/core/runtime-context';\n"
            "export const a = new Agent({ name: 'a', instructions: 'x', model: 'openai/gpt-4o' });\n"
        )
    }
    p = read(files, package=None)
    assert p.era == "0.x" and p.era_decided_by == "code"
    assert any(d.rule == "LM104" for d in p.diagnostics)
    p2 = read({"src/mastra/index.ts": "export const x = 1;\n"}, package=None)
    assert p2.era == "1.x" and p2.era_decided_by == "default"
    assert any(d.rule == "LM105" for d in p2.diagnostics)


def test_ai_sdk_tool_in_agent_tools(read) -> None:
    p = read(
        {
            "src/mastra/agents.ts": (
                "import { Agent } from '@mastra/core/agent';\nimport { tool } from 'ai';\nimport { z } from 'zod';\n"
                "const add = tool({ description: 'add', parameters: z.object({ a: z.number(), b: z.number() }),\n"
                "  execute: async ({ a, b }) => a + b });\n"
                "export const calc = new Agent({ name: 'calc', instructions: 'x', model: 'openai/gpt-4o', tools: { add } });\n"
            )
        }
    )
    assert len(p.tools) == 1 and p.tools[0].module == "ai"
    assert p.tools[0].input_schema is not None and [
        f.name for f in p.tools[0].input_schema.fields
    ] == ["a", "b"]
    assert p.agents[0].tools[0].target == p.tools[0].id


def test_workflow_class_forms(read) -> None:
    p = read(
        {
            "src/mastra/wf.ts": (
                "import { Workflow, Step } from '@mastra/core/workflows';\nimport { z } from 'zod';\n"
                "export const vnext = new Workflow({ id: 'v', inputSchema: z.object({}), outputSchema: z.object({}) });\n"
                "export const legacy = new Workflow({ name: 'l', triggerSchema: z.object({ x: z.number() }) });\n"
                "const s = new Step({ id: 's', execute: async ({ context }) => context.triggerData });\n"
                "legacy.step(s).commit();\nvnext.commit();\n"
            )
        },
        package={"dependencies": {"@mastra/core": "0.10.0"}},
    )
    assert [w.workflow_id for w in p.workflows] == ["v"] and p.workflows[0].committed
    assert [w.workflow_name for w in p.legacy_workflows] == ["l"] and p.legacy_workflows[
        0
    ].committed
    assert p.steps[0].step_type == "legacy"
