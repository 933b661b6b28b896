"""Agent options that used to be dropped or stubbed: dynamic tools/model, era-correct default
options (Mastra 0.x's implicit temperature 0), workflows as agent tools, memory embedder and
titles, z.nativeEnum. Each test converts a small Mastra app, reads the generated code, then runs
it against a mock model server and checks what the model was sent."""

from __future__ import annotations

import json
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from tests.convert_helpers import assert_ruff_clean_and_compiles, run_python

TOOLS = """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const echoTool = createTool({
  id: 'echo',
  description: 'Echoes the text',
  inputSchema: z.object({ text: z.string() }),
  execute: async (inputData) => ({ text: inputData.text }),
});

export const shoutTool = createTool({
  id: 'shout',
  description: 'Shouts the text',
  inputSchema: z.object({ text: z.string() }),
  execute: async (inputData) => ({ text: inputData.text.toUpperCase() }),
});
"""

WORKFLOW = """
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const approve = createStep({
  id: 'approve',
  inputSchema: z.object({ invoiceId: z.string() }),
  outputSchema: z.object({ approved: z.boolean(), invoiceId: z.string() }),
  execute: async ({ inputData }) => ({ approved: true, invoiceId: inputData.invoiceId }),
});

export const refundWorkflow = createWorkflow({
  id: 'refund',
  description: 'Refunds an invoice',
  inputSchema: z.object({ invoiceId: z.string() }),
  outputSchema: z.object({ approved: z.boolean(), invoiceId: z.string() }),
})
  .then(approve)
  .commit();
"""

AGENTS_1X = """
import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';
import { echoTool, shoutTool } from '../tools/echo';
import { refundWorkflow } from '../workflows/refund';

export const hubAgent = new Agent({
  id: 'hub',
  name: 'Hub',
  instructions: ({ requestContext }) => `Help ${requestContext.get('team') ?? 'everyone'}.`,
  model: 'openai/gpt-4o-mini',
  tools: ({ requestContext }) =>
    requestContext.get('plan') === 'free' ? { echo: echoTool } : { echo: echoTool, shout: shoutTool },
  defaultOptions: { maxSteps: 3, modelSettings: { temperature: 0.2, maxOutputTokens: 500, seed: 7 } },
});

export const flowAgent = new Agent({
  name: 'Flow',
  instructions: 'You start refunds.',
  model: 'openai/gpt-4o-mini',
  workflows: { refundWorkflow },
  memory: new Memory({
    options: {
      lastMessages: 5,
      generateTitle: true,
      semanticRecall: { topK: 2, messageRange: 1, scope: 'thread' },
    },
    embedder: 'openai/text-embedding-3-small',
  }),
});
"""

INDEX_1X = """
import { Mastra } from '@mastra/core/mastra';
import { flowAgent, hubAgent } from './agents/hub';
import { refundWorkflow } from './workflows/refund';

export const mastra = new Mastra({ agents: { hubAgent, flowAgent }, workflows: { refundWorkflow } });
"""

AGENTS_0X = """
import { openai } from '@ai-sdk/openai';
import { Agent } from '@mastra/core/agent';
import { Memory } from '@mastra/memory';
import { pageTool } from '../tools/page';

export const pagerAgent = new Agent({
  name: 'Pager',
  instructions: 'You page people.',
  model: ({ runtimeContext }) =>
    runtimeContext.get('tier') === 'gold' ? openai('gpt-4o') : openai('gpt-4o-mini'),
  tools: { pageTool },
  defaultGenerateOptions: { maxSteps: 4, temperature: 0.9 },
  memory: new Memory({
    options: {
      lastMessages: 4,
      workingMemory: { enabled: true, template: '# Notes\\n- Name:\\n' },
    },
  }),
});
"""

PAGE_TOOL_0X = """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export enum Severity {
  Critical = 'SEV1',
  Minor = 'SEV3',
}

const team = z.string().length(3);

export const pageTool = createTool({
  id: 'page',
  description: 'Pages the on-call person',
  inputSchema: z.object({ severity: z.nativeEnum(Severity), team }),
  execute: async ({ context }) => ({ paged: context.team }),
});
"""

INDEX_0X = """
import { Mastra } from '@mastra/core';
import { pagerAgent } from './agents/pager';

export const mastra = new Mastra({ agents: { pagerAgent } });
"""


def write_app(root: Path, core: str, files: dict[str, str]) -> Path:
    package = {"name": root.name, "version": "1.0.0", "dependencies": {"@mastra/core": core}}
    root.mkdir(parents=True)
    (root / "package.json").write_text(json.dumps(package))
    for rel, text in files.items():
        path = root / "src" / "mastra" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def convert(src: Path, out: Path) -> dict[str, dict[str, object]]:
    outcome = run_conversion(src, out, ConvertOptions())
    assert_ruff_clean_and_compiles(out)
    return {
        c.name: {"status": c.status.value, "message": c.message} for c in outcome.result.constructs
    }


RUN_1X = """
import asyncio, json, os
from lumosai.testing import mock_llm_server

script = [
    {"text": "hi"},  # hub, plan free
    {"text": "hi"},  # hub, plan pro
    {"tool_call": {"name": "workflow-refundWorkflow", "args": {"inputData": {"invoiceId": "inv-1"}}}},
    {"text": "refund started"},
    {"text": "Refund for inv-1"},  # the thread title
]

async def main():
    with mock_llm_server(script) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
        from lumosai.llm.embedding import HashEmbedder
        from app_one.agents.hub import flow_agent, hub_agent
        await hub_agent.generate("a", runtime_context={"plan": "free", "team": "ops"})
        await hub_agent.generate("b", runtime_context={"plan": "pro"})
        memory = flow_agent.get_memory()
        memory.embedder = HashEmbedder(16)  # offline: the converted config names OpenAI's
        result = await flow_agent.generate("refund inv-1", thread_id="t1", resource_id="u1")
        thread = await memory.get_thread("t1")
        reqs = [r for r in server.requests if r.model_request is not None]
        print(json.dumps({
            "tools": [sorted(t["name"] for t in r.tools) for r in reqs],
            "system": [r.messages[0].content for r in reqs],
            "settings": [r.settings for r in reqs],
            "tool_result": result.tool_results[0].result,
            "flow_params": reqs[2].tools[0]["parameters"],
            "title": thread.title,
            "embedder": flow_agent.memory_config.embedder,
        }))

asyncio.run(main())
"""


def test_1x_dynamic_tools_settings_workflow_tool_and_titles(tmp_path: Path) -> None:
    src = write_app(
        tmp_path / "app-one",
        "1.71.0",
        {
            "index.ts": INDEX_1X,
            "agents/hub.ts": AGENTS_1X,
            "tools/echo.ts": TOOLS,
            "workflows/refund.ts": WORKFLOW,
        },
    )
    out = tmp_path / "out"
    constructs = convert(src, out)
    assert constructs["hubAgent"]["status"] == "native", constructs["hubAgent"]
    assert constructs["flowAgent"]["status"] == "native", constructs["flowAgent"]
    code = (out / "app_one/agents/hub.py").read_text()
    assert "def hub_agent_tools(runtime_context: RuntimeContext)" in code
    assert "tools=hub_agent_tools," in code
    assert "temperature=0.2," in code and "max_tokens=500," in code
    # maxSteps caps model steps, not tool calls: no tool-call cap (Mastra has none), and the
    # agent's default step limit is maxSteps
    assert 'model_settings={"seed": 7}' in code and "max_tool_calls=None" in code
    assert "max_steps=3," in code
    assert (
        '"workflow-refundWorkflow": workflow_tool(refund_workflow, name="workflow-refundWorkflow")'
        in code
    )
    assert 'embedder="openai/text-embedding-3-small"' in code
    assert 'extra={"generateTitle": True}' in code

    seen = json.loads(run_python(out, RUN_1X, OPENAI_API_KEY="test-key"))
    assert seen["tools"][:2] == [["echo"], ["echo", "shout"]]
    assert seen["system"][0] == "Help ops."
    assert seen["system"][1] == "Help everyone."
    assert seen["settings"][0] == {"temperature": 0.2, "max_tokens": 500, "seed": 7}
    assert seen["tools"][2] == ["workflow-refundWorkflow"]
    # an OpenAI model: Mastra 1.x's schema layer sends optional fields required, nullable and
    # listed in x-optional (lumosai.compat.mastra.openai_compat)
    params = seen["flow_params"]
    assert [k for k in params["required"] if k not in params.get("x-optional", [])] == ["inputData"]
    assert seen["flow_params"]["properties"]["inputData"]["properties"]["invoiceId"] == {
        "type": "string"
    }
    assert seen["tool_result"]["result"] == {"approved": True, "invoiceId": "inv-1"}
    assert "runId" in seen["tool_result"]
    # after the first answer on a new thread, the model names it (Mastra 1.x prompt)
    assert "you will generate a short title based on a conversation transcript" in seen["system"][4]
    assert seen["title"] == "Refund for inv-1"
    assert "temperature" not in seen["settings"][2]  # 1.x sends none unless configured


RUN_0X = """
import asyncio, json, os
from lumosai.testing import mock_llm_server

script = [{"text": "paged"}, {"text": "Paging the team"}, {"text": "again"}]

async def main():
    with mock_llm_server(script) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
        from app_zero.agents.pager import pager_agent
        await pager_agent.generate(
            "page ops", thread_id="t1", resource_id="u1", runtime_context={"tier": "gold"}
        )
        await pager_agent.generate("again", thread_id="t1", resource_id="u1")
        reqs = [r for r in server.requests if r.model_request is not None]
        print(json.dumps({
            "models": [r.body.get("model") for r in reqs],
            "temperatures": [r.settings.get("temperature") for r in reqs],
            "systems": [[m.content for m in r.messages if m.role == "system"] for r in reqs],
            "users": [[m.content for m in r.messages if m.role == "user"] for r in reqs],
            "page": next(t for t in reqs[0].tools if t["name"] == "pageTool")["parameters"],
            "wm": next(t for t in reqs[0].tools if t["name"] == "updateWorkingMemory")["description"],
        }))

asyncio.run(main())
"""


def test_0x_dynamic_model_implicit_temperature_enum_and_memory(tmp_path: Path) -> None:
    src = write_app(
        tmp_path / "app-zero",
        "0.24.9",
        {"index.ts": INDEX_0X, "agents/pager.ts": AGENTS_0X, "tools/page.ts": PAGE_TOOL_0X},
    )
    out = tmp_path / "out"
    constructs = convert(src, out)
    assert constructs["pagerAgent"]["status"] == "native", constructs["pagerAgent"]
    code = (out / "app_zero/agents/pager.py").read_text()
    assert '"openai/gpt-4o" if runtime_context.get("tier") == "gold" else "openai/gpt-4o-mini"' in (
        " ".join(code.split())
    )
    # 0.24's generate() reads defaultVNextStreamOptions, not defaultGenerateOptions: temperature 0
    assert "temperature=0," in code and "0.9" not in code
    assert 'scope="thread"' in code and 'extra={"threads": {"generateTitle": True}}' in code
    tool_code = (out / "app_zero/tools/page.py").read_text()
    assert 'Literal["SEV1", "SEV3"]' in tool_code
    assert "Annotated[str, Field(min_length=3, max_length=3)]" in tool_code

    seen = json.loads(run_python(out, RUN_0X, OPENAI_API_KEY="test-key"))
    # the title is asked of the model the run resolved (gold tier), as Mastra does
    assert seen["models"] == ["gpt-4o", "gpt-4o", "gpt-4o-mini"]
    assert seen["temperatures"][0] == 0 and seen["temperatures"][2] == 0
    # a new thread shows the trimmed template and `null` data, as Mastra does
    working = seen["systems"][0][1]
    assert "<working_memory_template>\n# Notes\n- Name:\n</working_memory_template>" in working
    assert "<working_memory_data>\nnull\n</working_memory_data>" in working
    # 0.x titles: the 0.x prompt and the newest user message as JSON text parts
    assert "based on the first message a user begins a conversation with" in seen["systems"][1][0]
    assert seen["users"][1] == ['[{"type":"text","text":"page ops"}]']
    # @mastra/memory 0.x words the working-memory tool its own way
    assert seen["wm"] == (
        "Update the working memory with new information. Any data not included will be overwritten."
    )
    assert 'version="0.x"' in code
    severity = seen["page"]["properties"]["severity"]
    assert severity.get("enum") == ["SEV1", "SEV3"]
    assert seen["page"]["properties"]["team"]["minLength"] == 3
