"""Mastra 0.x (zod 3 + @mastra/schema-compat) sends no description for `.optional().describe()`
or `.nullable().describe()` fields (the compat layer rebuilds the wrapper from its inner type);
`.describe().optional()` and 1.x keep it. The converted tool must send the model the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from tests.convert_helpers import run_python

TOOL = """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const findTool = createTool({
  id: 'find',
  description: 'Find things',
  inputSchema: z.object({
    query: z.string().describe('What to find'),
    after: z.boolean().optional().describe('After-optional'),
    before: z.string().describe('Before-optional').optional(),
    nulled: z.string().nullable().describe('After-nullable'),
  }),
  execute: async () => ({ ok: true }),
});
"""


@pytest.mark.parametrize(("core", "dropped"), [("0.24.9", True), ("1.71.0", False)])
def test_descriptions_reach_the_model_as_in_each_era(
    tmp_path: Path, core: str, dropped: bool
) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/tools").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "finder", "dependencies": {"@mastra/core": core}})
    )
    (src / "src/mastra/tools/find.ts").write_text(TOOL)
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions())
    printed = run_python(
        out,
        "import json\n"
        "from finder.tools.find import find_tool\n"
        "print(json.dumps({k: v.get('description') for k, v in "
        "find_tool.parameters['properties'].items()}))\n",
    )
    descriptions = json.loads(printed)
    assert descriptions["query"] == "What to find"
    assert descriptions["before"] == "Before-optional"
    assert descriptions["after"] == (None if dropped else "After-optional")
    assert descriptions["nulled"] == (None if dropped else "After-nullable")
