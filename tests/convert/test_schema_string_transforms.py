"""zod's `trim()`, `toLowerCase()` and `toUpperCase()` change the string a converted tool gets,
as zod does (lumosai.schema_checks.StringTransform), in their order relative to the checks.

Checked against real zod 3.25.76 and 4.6.7 in one Node process: JavaScript's trim set
(U+FEFF yes, U+001C no) and its full case mappings ('ß' -> 'SS', final sigma).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, Field, ValidationError

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from lumosai.schema_checks import JS_WHITESPACE, StringTransform
from tests.convert_helpers import node_json, run_python

HERE = Path(__file__).resolve().parent

TEXTS = [
    "Par",
    "  lisbon  ",
    "\ufeff\u00a0x\u3000\u2028",
    "\x1c\x1dy\x1e\x1f",
    "\u180ez\u180e",
    "\u200bzero width\u200b",
    "straße",
    "İstanbul",
    "ΟΔΟΣ",
    "ﬁne ǅ ǈ",
    "ⓐⒶ Ⴀ ᏸ",
    "naïve CAFÉ 😀",
    "".join(JS_WHITESPACE) + "mid" + "".join(reversed(JS_WHITESPACE)),
    "",
]
STEPS = [["trim"], ["toLowerCase"], ["toUpperCase"], ["trim", "toUpperCase"]]


@pytest.mark.node
def test_transforms_match_zod_3_and_zod_4() -> None:
    from lumosai.compat.node import ensure_npm_packages

    pkg = ensure_npm_packages("zod-multiple-of", {"zod": "4.6.7", "zod3": "npm:zod@3.25.76"})
    cases = [[text, steps] for text in TEXTS for steps in STEPS]
    zod = node_json(
        pkg, "lumos_string_transforms.mjs", (HERE / "zod_string_transforms.mjs").read_text(), cases
    )
    ours = [StringTransform(*steps).apply(text) for text, steps in cases]
    assert zod["zod3"] == zod["zod4"]
    assert ours == zod["zod4"]


def test_order_relative_to_the_checks() -> None:
    class Checked(BaseModel):
        first: Annotated[str, StringTransform("trim")] = Field(min_length=1)
        last: Annotated[str, StringTransform("trim", after_checks=True)] = Field(min_length=1)

    assert Checked(first=" a ", last="  ").model_dump() == {"first": "a", "last": ""}
    with pytest.raises(ValidationError):
        Checked(first="  ", last="x")
    assert Checked.model_json_schema()["properties"]["first"] == {
        "minLength": 1,
        "title": "First",
        "type": "string",
    }
    with pytest.raises(ValueError):
        StringTransform("slugify")  # type: ignore[arg-type]


TOOL = """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

export const flightsTool = createTool({
  id: 'flights',
  description: 'Find flights',
  inputSchema: z.object({
    origin: z.string().length(3).toUpperCase().describe('IATA code'),
    note: z.string().min(1).trim().optional(),
    tag: z.string().trim().toLowerCase().min(2).optional(),
    codes: z.array(z.string().trim()).optional(),
  }),
  execute: async (input) => input,
});
"""


def test_converted_tool_gets_the_transformed_text(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/tools").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "flights", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/tools/flights.ts").write_text(TOOL)
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions())
    source = (out / "flights/tools/flights.py").read_text()
    upper = 'Field(min_length=3, max_length=3), StringTransform("toUpperCase", after_checks=True)'
    assert upper in source
    assert 'Field(min_length=1), StringTransform("trim", after_checks=True)' in source
    assert 'StringTransform("trim", "toLowerCase")' in source
    printed = run_python(
        out,
        "import asyncio, json\n"
        "from flights.tools.flights import flights_tool\n"
        "print(json.dumps(flights_tool.parameters['properties']['origin']))\n"
        "for args in ({'origin': 'Par', 'note': ' ', 'tag': ' AB ', 'codes': [' x ']},\n"
        "             {'origin': 'Paris'}, {'origin': 'par', 'tag': ' a '}):\n"
        "    try:\n"
        "        print(json.dumps(asyncio.run(flights_tool.execute(args))))\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__)\n",
    )
    schema, ok, too_long, too_short = printed.strip().splitlines()
    origin = json.loads(schema)
    origin.pop("title", None)
    assert origin == {
        "description": "IATA code",
        "maxLength": 3,
        "minLength": 3,
        "type": "string",
    }
    assert json.loads(ok) == {"origin": "PAR", "note": "", "tag": "ab", "codes": ["x"]}
    assert too_long == too_short == "ToolValidationError"
