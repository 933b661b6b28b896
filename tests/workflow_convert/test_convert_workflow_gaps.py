"""Converter: `.waitForEvent()` (0.x), `getStepResult(nestedWorkflow)` in a map, a helper used
as a branch condition, and `structuredOutput.errorStrategy` in a step body; the converted app
compiles, is ruff clean, imports and runs (suspend on the event, send_event from a new run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

WORKFLOWS = """
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const start = createStep({
  id: 'start',
  inputSchema: z.object({ service: z.string(), audience: z.string() }),
  outputSchema: z.object({ service: z.string(), audience: z.string() }),
  execute: async ({ inputData }) => inputData,
});
const slug = createStep({
  id: 'slug',
  inputSchema: z.object({ service: z.string(), audience: z.string() }),
  outputSchema: z.object({ slug: z.string() }),
  execute: async ({ inputData }) => ({ slug: inputData.service.toLowerCase() }),
});
export const seoWorkflow = createWorkflow({
  id: 'seo',
  inputSchema: z.object({ service: z.string(), audience: z.string() }),
  outputSchema: z.object({ slug: z.string() }),
}).then(slug).commit();

const confirm = createStep({
  id: 'confirm',
  inputSchema: z.object({ slug: z.string() }),
  outputSchema: z.object({ by: z.string(), slug: z.string() }),
  resumeSchema: z.object({ by: z.string() }),
  execute: async ({ inputData, resumeData }) => ({ by: resumeData?.by ?? 'unknown', slug: inputData.slug }),
});
const isExecutive = async ({ inputData }: { inputData: { audience: string } }) => inputData.audience === 'exec';
const short = createStep({
  id: 'short',
  inputSchema: z.object({ by: z.string(), slug: z.string() }),
  outputSchema: z.object({ text: z.string() }),
  execute: async ({ inputData }) => ({ text: `short ${inputData.slug} by ${inputData.by}` }),
});
const outline = createStep({
  id: 'outline',
  inputSchema: z.object({ by: z.string(), slug: z.string() }),
  outputSchema: z.object({ sections: z.array(z.string()) }),
  execute: async ({ inputData, mastra }) => {
    const writer = mastra.getAgent('writer');
    const result = await writer.generate(`Outline ${inputData.slug}`, {
      structuredOutput: { schema: z.object({ sections: z.array(z.string()) }), errorStrategy: 'fallback', fallbackValue: { sections: ['Intro'] } },
    });
    return result.object;
  },
});

export const incidentWorkflow = createWorkflow({
  id: 'incident',
  inputSchema: z.object({ service: z.string(), audience: z.string() }),
  outputSchema: z.object({ text: z.string() }),
})
  .then(start)
  .then(seoWorkflow)
  .map(async ({ getStepResult }) => ({ slug: (getStepResult(seoWorkflow) as { slug: string }).slug }))
  .waitForEvent('confirmed', confirm)
  .branch([
    [async ({ getInitData }) => getInitData().audience === 'exec', short],
    [async ({ getInitData }) => getInitData().audience !== 'exec', outline],
  ])
  .commit();

export const helperBranch = createWorkflow({
  id: 'helper-branch',
  inputSchema: z.object({ service: z.string(), audience: z.string() }),
  outputSchema: z.object({ service: z.string(), audience: z.string() }),
})
  .branch([[isExecutive, start]])
  .commit();
"""

INDEX = """
import { Mastra } from '@mastra/core/mastra';
import { Agent } from '@mastra/core/agent';
import { openai } from '@ai-sdk/openai';
import { incidentWorkflow, seoWorkflow, helperBranch } from './workflows/incident';
const writer = new Agent({ name: 'writer', instructions: 'Write.', model: openai('gpt-4o-mini') });
export const mastra = new Mastra({ agents: { writer }, workflows: { incidentWorkflow, seoWorkflow, helperBranch } });
"""

RUN = """
import asyncio, json
from app import app
from lumosai.testing import ScriptedModel
async def main():
    app.agent("writer").model = ScriptedModel([{"text": "not json"}])
    wf = app.workflow("incidentWorkflow")
    first = await wf.create_run("r1").start({"service": "API", "audience": "dev"})
    done = await wf.create_run("r1").send_event("confirmed", {"by": "ana"})
    branch = await app.workflow("helperBranch").create_run().start({"service": "x", "audience": "exec"})
    print(json.dumps([first.status, first.suspended, done.status, done.result, done.error,
                      sorted(branch.result)]))
asyncio.run(main())
"""


def test_wait_for_event_nested_step_result_helper_condition_and_error_strategy(
    tmp_path: Path,
) -> None:
    src = tmp_path / "app"
    (src / "src" / "mastra" / "workflows").mkdir(parents=True)
    deps = {"@mastra/core": "0.24.9", "zod": "3.25.76", "@ai-sdk/openai": "1.3.22"}
    (src / "package.json").write_text(json.dumps({"name": "gaps", "dependencies": deps}))
    (src / "src" / "mastra" / "workflows" / "incident.ts").write_text(WORKFLOWS)
    (src / "src" / "mastra" / "index.ts").write_text(INDEX)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    found = {c.name: c for c in outcome.result.constructs if c.kind in ("workflow", "step")}
    for name in ("incident", "helper-branch", "outline"):
        assert found[name].status.value == "native", (name, found[name].message)
    code = (out / "gaps/workflows/incident.py").read_text()
    assert '.wait_for_event("confirmed", confirm)' in code
    assert 'get_step_result("seo")' in code and "generate_with_strategy(" in code
    assert "mastra_params(ctx)" in code and ".validate_inputs(False)" in code
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    env = {**os.environ, "PYTHONPATH": str(out), "OPENAI_API_KEY": "sk-test"}
    done = subprocess.run(
        [sys.executable, "-c", RUN],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got[:2] == ["suspended", [["confirm"]]]
    assert got[2] == "success", got[4]
    assert got[3] == {"outline": {"sections": ["Intro"]}}
    assert got[5] == ["start"]
