"""Legacy (`LegacyWorkflow`, pre-0.10) chains convert call for call to `LegacyWorkflowBuilder`
(Mastra's legacy graph on the Lumos engine) and run: `.step/.then`, `.while/.until` loops,
`.if().then(A).else().then(B)`, `.after(step).step(...)` branches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

ROOT = Path(__file__).resolve().parents[2]

WORKFLOWS = """
import { LegacyStep, LegacyWorkflow } from '@mastra/core/workflows/legacy';
import { z } from 'zod';

const count = new LegacyStep({
  id: 'count',
  outputSchema: z.object({ n: z.number() }),
  execute: async ({ context }) => ({ n: context.triggerData.start + 1 }),
});
const big = new LegacyStep({ id: 'big', execute: async ({ context }) =>
  ({ label: `big ${context.getStepResult<{ n: number }>('count')?.n}` }) });
const small = new LegacyStep({ id: 'small', execute: async () => ({ label: 'small' }) });

export const countWorkflow = new LegacyWorkflow({
  name: 'count-up',
  triggerSchema: z.object({ start: z.number(), limit: z.number() }),
});
countWorkflow
  .step(count)
  .while(async ({ context }) =>
    (context.getStepResult<{ n: number }>('count')?.n ?? 0) < context.triggerData.limit, count)
  .if(async ({ context }) => (context.getStepResult<{ n: number }>('count')?.n ?? 0) > 5)
  .then(big)
  .else()
  .then(small)
  .commit();

export const graphWorkflow = new LegacyWorkflow({ name: 'graph' });
graphWorkflow.step(count).then(big).after(count).step(small).commit();
"""

INDEX = """
import { Mastra } from '@mastra/core';
import { countWorkflow, graphWorkflow } from './workflows/count';
export const mastra = new Mastra({ legacy_workflows: { countWorkflow, graphWorkflow } });
"""

RUN = """
import asyncio, json
from app import app
async def main():
    wf = app.workflow("countWorkflow")
    out = {}
    for start, limit in ((0, 0), (6, 2)):
        res = await wf.execute({"start": start, "limit": limit})
        out[f"{start}-{limit}"] = [res.status, res.steps["count"].output, res.result]
    res = await app.workflow("graphWorkflow").execute({"start": 1})
    out["graph"] = [res.status, sorted(res.result)]
    print(json.dumps(out))
asyncio.run(main())
"""


def test_static_legacy_chains_run_on_workflow_builder(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src" / "mastra" / "workflows").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "legacy", "dependencies": {"@mastra/core": "0.9.4", "zod": "3.24.2"}})
    )
    (src / "src" / "mastra" / "workflows" / "count.ts").write_text(WORKFLOWS)
    (src / "src" / "mastra" / "index.ts").write_text(INDEX)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    found = {c.name: c for c in outcome.result.constructs if c.kind == "legacy_workflow"}
    assert found["count-up"].status.value == "native", found["count-up"].message
    assert found["graph"].status.value == "native", found["graph"].message
    code = (out / "legacy/workflows/count.py").read_text()
    assert ".while_(" in code and ".if_(" in code and ".else_()" in code
    assert ".after(count).step(small)" in code.replace("\n", "").replace(" ", "")
    done = subprocess.run(
        [sys.executable, "-c", RUN],
        cwd=out,
        env={**os.environ, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    # count runs, the loop condition (n < limit) is false, then the if/else picks one step
    assert got["0-0"][0] == "success" and got["0-0"][1] == {"n": 1}
    assert got["6-2"][1] == {"n": 7}
    assert "small" in json.dumps(got["0-0"][2]) and "big 7" in json.dumps(got["6-2"][2])
    assert got["graph"] == ["success", ["big", "count", "small"]]
