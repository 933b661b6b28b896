"""Array bounds of a converted 1.x tool: `z.array().max(n)` / `.min(n)` reach the model as
maxItems / minItems (Mastra 1.71 sends both as item counts, "maximum length n" in the
description for OpenAI models) and are still validated."""

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


def test_array_bounds_reach_the_model_as_item_counts(tmp_path: Path) -> None:
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
    assert array["maxItems"] == 5 and "maxLength" not in array
    assert ids["minItems"] == 1 and "minLength" not in ids
    assert error == "ToolValidationError"


def test_array_items_keep_their_checks(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/tools").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "items", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/tools/pick.ts").write_text(
        "import { createTool } from '@mastra/core/tools';\n"
        "import { z } from 'zod';\n"
        "export const pickTool = createTool({ id: 'pick', description: 'Pick',\n"
        "  inputSchema: z.object({ words: z.array(z.string().min(2)),\n"
        "    scores: z.array(z.number().int().max(10)).optional() }),\n"
        "  execute: async ({ words }) => ({ n: words.length }) });\n"
    )
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions())
    printed = run_python(
        out,
        "import json\n"
        "from items.tools.pick import pick_tool\n"
        "print(json.dumps(pick_tool.parameters['properties']))\n",
    )
    props = json.loads(printed)
    assert props["words"]["items"] == {"type": "string", "minLength": 2}
    scores = next(b for b in props["scores"]["anyOf"] if b.get("type") == "array")
    assert scores["items"] == {"type": "integer", "maximum": 10}
