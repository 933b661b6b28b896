"""Mastra 1.71 sends `z.array().min(n)/.max(n)` in a tool schema as minLength/maxLength; the
converted 1.x tool sends the model the same keys and still validates the bounds."""

from __future__ import annotations

import json
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from tests.convert_helpers import run_python

TOOL = """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const tagTool = createTool({
  id: 'tag',
  description: 'Tag things',
  inputSchema: z.object({
    tags: z.array(z.string()).max(5).optional(),
    ids: z.array(z.number()).min(1),
  }),
  execute: async ({ tags, ids }) => ({ n: (tags ?? []).length + ids.length }),
});
"""


def test_array_bounds_reach_the_model_as_mastra_1x_sends_them(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/tools").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "tagger", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/tools/tag.ts").write_text(TOOL)
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions())
    printed = run_python(
        out,
        "import asyncio, json\n"
        "from tagger.tools.tag import tag_tool\n"
        "props = tag_tool.parameters['properties']\n"
        "print(json.dumps([props['tags'], props['ids']]))\n"
        "try:\n"
        "    asyncio.run(tag_tool.execute({'ids': []}))\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n",
    )
    schemas, error = printed.strip().splitlines()
    tags, ids = json.loads(schemas)
    array = next(b for b in tags["anyOf"] if b.get("type") == "array")
    assert array["maxLength"] == 5 and "maxItems" not in array
    assert ids["minLength"] == 1 and "minItems" not in ids
    assert error == "ToolValidationError"
