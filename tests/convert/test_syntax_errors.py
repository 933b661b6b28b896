"""Do no harm: a construct whose TypeScript tree-sitter could not fully parse (reader rule LM110)
is never reported native, even when the converter produced something for it: the part that
did not parse may be missing (here: a workflow branch whose condition is `x < -10,`, which
tree-sitter-typescript 0.23 misreads)."""

from __future__ import annotations

import json
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion

FLOW = """
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { z } from 'zod';

const value = z.object({ value: z.number() });
const low = createStep({ id: 'low', inputSchema: value, outputSchema: value,
  execute: async ({ inputData }) => inputData });
const high = createStep({ id: 'high', inputSchema: value, outputSchema: value,
  execute: async ({ inputData }) => inputData });

export const gate = createWorkflow({ id: 'gate', inputSchema: value, outputSchema: value })
  .branch([
    [async ({ inputData }) => inputData.value > 10, high],
    [async ({ inputData }) => inputData.value < -10, low],
  ])
  .commit();

export const fine = createWorkflow({ id: 'fine', inputSchema: value, outputSchema: value })
  .then(high)
  .commit();
"""


def test_a_construct_around_a_parse_error_is_todo(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/workflows").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "gates", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/workflows/gate.ts").write_text(FLOW)
    outcome = run_conversion(src, tmp_path / "out", ConvertOptions())
    by_name = {c.name: c for c in outcome.result.constructs}
    assert by_name["gate"].status.value == "todo"
    assert by_name["gate"].rule == "LM110"
    assert "does not parse" in (by_name["gate"].message or "")
    assert by_name["fine"].status.value == "native"
