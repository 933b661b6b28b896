"""Converter: Mastra (1.71 and 0.24 alike) never checks step outputs nor the workflow's result
against their schemas, so a converted workflow gets `.validate_outputs(False)`. The app is the
shape of library-1x's check-member: a 404 JSON body without `fines_cents`, a step output that
misses the required `finesCents`, a next step that sees it as returned (no default filled)
and a result that misses the workflow output schema's key. On real Node both eras give
`success` with `{"seen": {"canBorrow": false, "extra": 1}}` (as JSON); the converted app, run,
gives the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

WORKFLOW = """
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const checkMember = createStep({
  id: 'check-member',
  inputSchema: z.object({ raw: z.string() }),
  outputSchema: z.object({ canBorrow: z.boolean(), finesCents: z.number().int(), note: z.string().default('-') }),
  execute: async ({ inputData }) => {
    const member = JSON.parse(inputData.raw) as { status: string; fines_cents: number };
    return { canBorrow: member.status === 'active', finesCents: member.fines_cents, extra: 1 };
  },
});

const record = createStep({
  id: 'record',
  inputSchema: z.object({ canBorrow: z.boolean(), extra: z.number().optional() }),
  outputSchema: z.object({ keys: z.string() }),
  execute: async ({ inputData }) => ({ seen: inputData }),
});

export const loanWorkflow = createWorkflow({
  id: 'loan',
  inputSchema: z.object({ raw: z.string() }),
  outputSchema: z.object({ verdict: z.string() }),
})
  .then(checkMember)
  .then(record)
  .commit();
"""

INDEX = """
import { Mastra } from '@mastra/core/mastra';
import { loanWorkflow } from './workflows/loan';
export const mastra = new Mastra({ workflows: { loanWorkflow } });
"""

RUN = """
import asyncio, json
from app import app
async def main():
    res = await app.workflow("loanWorkflow").create_run().start({"raw": '{"error": "unknown"}'})
    print(json.dumps([res.status, res.error, res.result, res.steps["check-member"].output]))
asyncio.run(main())
"""


@pytest.mark.parametrize("core", ["1.71.0", "0.24.9"])
def test_converted_workflow_leaves_outputs_unchecked(tmp_path: Path, core: str) -> None:
    src = tmp_path / "app"
    (src / "src" / "mastra" / "workflows").mkdir(parents=True)
    deps = {"@mastra/core": core, "zod": "3.25.76"}
    (src / "package.json").write_text(json.dumps({"name": "loans", "dependencies": deps}))
    (src / "src" / "mastra" / "workflows" / "loan.ts").write_text(WORKFLOW)
    (src / "src" / "mastra" / "index.ts").write_text(INDEX)
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    found = {c.name: c for c in outcome.result.constructs if c.kind == "workflow"}
    assert found["loan"].status.value == "native", found["loan"].message
    code = (out / "loans" / "workflows" / "loan.py").read_text()
    assert ".validate_outputs(False)" in code
    assert 'member.get("fines_cents", UNDEFINED)' in code
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
    status, error, result, checked = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == "success", error
    assert checked == {"canBorrow": False, "extra": 1}  # no finesCents, no "note" default
    assert result == {"seen": {"canBorrow": False, "extra": 1}}
