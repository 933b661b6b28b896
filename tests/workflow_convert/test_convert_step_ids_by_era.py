"""Converter: the step ids of the Mastra version the app was written for. A 0.x app gets
`.map_ids("uuid")` (0.x names `.map()` steps `mapping_<uuid>`) and `create_step(agent,
id=<agent name>)` (0.x names an agent step after the agent's `name`); a 1.x app keeps the
defaults (`mapping_<workflow>_<n>`, the agent's `id`). `.map(fn, { id })` keeps its id in both.
The converted apps are run to check the step ids of real runs; the expected ids are what
Mastra 0.24.9 and 1.71.0 give the same chain."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

WORKFLOW = """
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';
import { scribeAgent } from '../agents';

const summarize = createStep(scribeAgent);

export const reportWorkflow = createWorkflow({
  id: 'report',
  inputSchema: z.object({ topic: z.string() }),
  outputSchema: z.object({ text: z.string() }),
})
  .map(async ({ inputData }) => ({ prompt: `Summarise ${inputData.topic}` }))
  .then(summarize)
  .map(async ({ inputData }) => ({ text: inputData.text.toUpperCase() }), { id: 'shout' })
  .map(async ({ inputData }) => ({ text: `${inputData.text}!` }))
  .commit();
"""

INDEX = """
import { Mastra } from '@mastra/core/mastra';
import { scribeAgent } from './agents';
import { reportWorkflow } from './workflows/report';
export const mastra = new Mastra({ agents: { scribeAgent }, workflows: { reportWorkflow } });
"""

AGENT = """
import { Agent } from '@mastra/core/agent';
import { openai } from '@ai-sdk/openai';
export const scribeAgent = new Agent({
  {ID}name: 'scribe',
  instructions: 'Summarise.',
  model: openai('gpt-4o-mini'),
});
"""

RUN = """
import asyncio, json
from app import app
from lumosai.testing import ScriptedModel
async def main():
    app.agent("scribeAgent").model = ScriptedModel([{"text": "done"}])
    res = await app.workflow("reportWorkflow").create_run().start({"topic": "outage"})
    print(json.dumps([res.status, res.error, res.result, list(res.steps)]))
asyncio.run(main())
"""

UUID_MAP = re.compile(r"^mapping_[0-9a-f-]{36}$")


def convert_and_run(tmp_path: Path, core: str, agent_id: str | None) -> tuple[str, list]:
    src = tmp_path / "app"
    (src / "src" / "mastra" / "workflows").mkdir(parents=True)
    (src / "src" / "mastra" / "agents").mkdir(parents=True)
    deps = {"@mastra/core": core, "zod": "3.25.76", "@ai-sdk/openai": "1.3.22"}
    (src / "package.json").write_text(json.dumps({"name": "ids", "dependencies": deps}))
    (src / "src" / "mastra" / "workflows" / "report.ts").write_text(WORKFLOW)
    agent = AGENT.replace("{ID}", f"id: '{agent_id}',\n  " if agent_id else "")
    (src / "src" / "mastra" / "agents" / "index.ts").write_text(agent)
    (src / "src" / "mastra" / "index.ts").write_text(INDEX)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    found = {c.name: c for c in outcome.result.constructs if c.kind == "workflow"}
    assert found["report"].status.value == "native", found["report"].message
    code = (out / "ids" / "workflows" / "report.py").read_text()
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
    status, error, result, steps = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == "success", error
    assert result == {"text": "DONE!"}
    return code, steps


def test_0x_app_names_maps_by_uuid_and_the_agent_step_by_its_name(tmp_path: Path) -> None:
    code, steps = convert_and_run(tmp_path, "0.24.9", agent_id=None)
    assert 'summarize = create_step(scribe_agent, id="scribe")' in code
    assert '.map_ids("uuid")' in code and 'id="shout")' in code
    assert steps[1:3] == ["scribe", "shout"]
    assert UUID_MAP.match(steps[0]) and UUID_MAP.match(steps[3]) and steps[0] != steps[3]


def test_1x_app_keeps_ordinal_maps_and_the_agent_id(tmp_path: Path) -> None:
    code, steps = convert_and_run(tmp_path, "1.71.0", agent_id="scribe-id")
    assert "summarize = create_step(scribe_agent)\n" in code
    assert "map_ids" not in code and 'id="shout")' in code
    # as Mastra 1.71 names them (a named map counts in the ordinal)
    assert steps == ["mapping_report_0", "scribe-id", "shout", "mapping_report_2"]
