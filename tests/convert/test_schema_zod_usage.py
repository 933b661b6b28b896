"""Schemas as real apps write them (the boxoffice-1x probe): `z.coerce.number()` takes the
model's "60" as 60 (checked against zod 4.6.7 in Node), a `.transform` that only upper-cases
becomes zod's own string overwrite, a named schema's `.describe` shows wherever it is used, and
bounds on an optional number read `exclusiveMinimum`/`minimum` in the JSON schema as in zod,
a `.default([])` shows in it, a discriminated union shows no OpenAPI `discriminator`, and zod
4's enum-keyed records want every key, and `.uuid()`/`.email()` (and zod 4's plain
`.datetime()`) refuse other text with zod's own patterns (zod 4 and zod 3 differ).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field, ValidationError

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from lumosai.types import JsCoerce, Number
from tests.convert_helpers import node_json, run_python

INPUTS: list[Any] = ["60", " 12.5 ", "", "0x10", "1e3", "abc", True, False, None, 7, 2.5, [], ["4"]]
INPUTS += ["Infinity", "-0", "1_000"]


ZOD_SCRIPT = """
import { readFileSync } from 'node:fs';
import { z } from 'zod';
const cases = JSON.parse(readFileSync(0, 'utf8'));
const number = z.coerce.number();
const int = z.coerce.number().int().min(1);
const run = (s, v) => { const r = s.safeParse(v); return r.success ? { ok: r.data } : { error: true }; };
console.log(JSON.stringify(cases.map((v) => [run(number, v), run(int, v)])));
"""


class Coerced(BaseModel):
    number: Annotated[Number, JsCoerce()]


class CoercedInt(BaseModel):
    number: Annotated[int, JsCoerce()] = Field(ge=1)


def _ours(model: type[BaseModel], value: Any) -> dict[str, Any]:
    try:
        got = model.model_validate({"number": value}).number  # type: ignore[attr-defined]
    except ValidationError:
        return {"error": True}
    assert not (isinstance(got, float) and math.isnan(got))
    return {"ok": got}


@pytest.mark.node
def test_coerce_number_matches_zod_4() -> None:
    from lumosai.compat.node import ensure_npm_packages

    pkg = ensure_npm_packages("zod-multiple-of", {"zod": "4.6.7", "zod3": "npm:zod@3.25.76"})
    zod = node_json(pkg, "lumos_coerce_number.mjs", ZOD_SCRIPT, INPUTS)
    ours = [[_ours(Coerced, v), _ours(CoercedInt, v)] for v in INPUTS]
    assert ours == zod


def test_coerced_number_keeps_the_plain_json_schema() -> None:
    class Query(BaseModel):
        maxPrice: Annotated[Annotated[Number, JsCoerce()], Field(gt=0)] | None = None

    prop = Query.model_json_schema()["properties"]["maxPrice"]
    assert prop["anyOf"][0] == {"type": "number", "exclusiveMinimum": 0}
    assert Query(maxPrice="60").maxPrice == 60  # type: ignore[arg-type]


SCHEMAS = """
import { z } from 'zod';

export const sectionSchema = z.enum(['floor', 'balcony']).describe('Seating section');

export const discountSchema = z.object({
  code: z.string().min(3).transform((code) => code.trim().toUpperCase()).describe('Promo code'),
  note: z.string().transform((s) => s.split(',')).optional(),
});
"""

TOOL = """
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';
import { discountSchema, sectionSchema } from '../lib/schemas';

export const quoteTool = createTool({
  id: 'quote',
  description: 'Price seats',
  inputSchema: z.object({
    section: sectionSchema,
    sections: z.array(sectionSchema).optional(),
    own: sectionSchema.describe('Its own words'),
    quantity: z.coerce.number().int().min(1).default(2),
    maxPrice: z.coerce.number().positive().optional(),
    minPrice: z.number().min(0).nullable().optional(),
    discount: discountSchema.optional(),
    tags: z.array(z.string()).max(3).default([]),
    prices: z.record(sectionSchema, z.number()).optional(),
    tiers: z.partialRecord(sectionSchema, z.number()).optional(),
    payment: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('card'), last4: z.string().length(4) }),
        z.object({ method: z.literal('voucher'), code: z.string().uuid() }),
      ])
      .optional(),
  }),
  execute: async (input) => input,
});
"""


def test_converted_tool_coerces_transforms_and_describes(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/tools").mkdir(parents=True)
    (src / "src/mastra/lib").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "quotes", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/lib/schemas.ts").write_text(SCHEMAS)
    (src / "src/mastra/tools/quote.ts").write_text(TOOL)
    out = tmp_path / "out"
    report = run_conversion(src, out, ConvertOptions())
    schemas = (out / "quotes/lib/schemas.py").read_text()
    assert 'StringTransform("trim", "toUpperCase", after_checks=True)' in schemas
    # a transform that does more than change the text stays a TODO
    assert "LM311" in schemas and "s.split(',')" in schemas
    assert report is not None
    printed = run_python(
        out,
        "import asyncio, json\n"
        "from quotes.tools.quote import quote_tool\n"
        "print(json.dumps(quote_tool.parameters['properties']))\n"
        "args = {'section': 'floor', 'own': 'balcony', 'quantity': '3', 'maxPrice': '60',\n"
        "        'minPrice': 0, 'discount': {'code': ' early '}, 'tiers': {'balcony': 9}}\n"
        "print(json.dumps(asyncio.run(quote_tool.execute(args))))\n"
        "for bad in ({'section': 'floor', 'own': 'floor', 'maxPrice': '0'},\n"
        "            {'section': 'floor', 'own': 'floor', 'quantity': 'x'},\n"
        "            {'section': 'floor', 'own': 'floor', 'prices': {'floor': 1}},\n"
        "            {'section': 'floor', 'own': 'floor', 'payment': {'method': 'cash'}},\n"
        "            {'section': 'floor', 'own': 'floor',\n"
        "             'payment': {'method': 'voucher', 'code': 'abc-123'}}):\n"
        "    try:\n"
        "        asyncio.run(quote_tool.execute(bad))\n"
        "        print('accepted')\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__)\n",
    )
    schema_line, result_line, *refused = printed.strip().splitlines()
    props = json.loads(schema_line)
    assert props["section"]["description"] == "Seating section"
    assert props["own"]["description"] == "Its own words"
    assert props["sections"]["anyOf"][0]["items"]["description"] == "Seating section"
    assert props["maxPrice"]["anyOf"][0] == {"type": "number", "exclusiveMinimum": 0}
    assert props["minPrice"]["anyOf"][0] == {"type": "number", "minimum": 0}
    result = json.loads(result_line)
    assert result["quantity"] == 3 and result["maxPrice"] == 60
    assert result["discount"]["code"] == "EARLY" and result["tiers"] == {"balcony": 9}
    assert props["tags"]["default"] == [] and result["tags"] == []
    # zod's JSON schema of a discriminated union is the plain oneOf (no OpenAPI mapping)
    assert "discriminator" not in schema_line and "oneOf" in schema_line
    assert refused == ["ToolValidationError"] * 5


RECORD_SCRIPT = """
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { z as z3 } from 'zod3';
const cases = JSON.parse(readFileSync(0, 'utf8'));
const four = z.record(z.enum(['floor', 'box']), z.number());
const three = z3.record(z3.enum(['floor', 'box']), z3.number());
console.log(JSON.stringify(cases.map((v) => [four.safeParse(v).success, three.safeParse(v).success])));
"""

RECORDS: list[Any] = [{"floor": 1, "box": 2}, {"floor": 1}, {}, {"floor": 1, "box": 2, "key": 3}]


@pytest.mark.node
def test_enum_keyed_record_is_exhaustive_in_zod_4_only() -> None:
    from typing import Literal

    from lumosai.compat.node import ensure_npm_packages
    from lumosai.schema_checks import EveryKey

    Section = Annotated[Literal["floor", "box"], Field(description="Section")]

    class Four(BaseModel):
        prices: Annotated[dict[Section, Number], EveryKey()]

    class Three(BaseModel):
        prices: dict[Section, Number]

    def ok(model: type[BaseModel], value: Any) -> bool:
        try:
            model.model_validate({"prices": value})
        except ValidationError:
            return False
        return True

    pkg = ensure_npm_packages("zod-multiple-of", {"zod": "4.6.7", "zod3": "npm:zod@3.25.76"})
    answer = node_json(pkg, "lumos_enum_record.mjs", RECORD_SCRIPT, RECORDS)
    assert [[ok(Four, v), ok(Three, v)] for v in RECORDS] == answer


FORMAT_SCRIPT = """
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { z as z3 } from 'zod3';
const cases = JSON.parse(readFileSync(0, 'utf8'));
const ok = (s, v) => s.safeParse(v).success;
console.log(JSON.stringify(cases.map((v) => [
  ok(z.string().uuid(), v), ok(z3.string().uuid(), v), ok(z.string().email(), v), ok(z3.string().email(), v),
  ok(z.string().datetime(), v),
])));
"""

FORMAT_INPUTS = [
    "3f1c2a9e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
    "3F1C2A9E-8B7D-4C6E-9F01-2A3B4C5D6E7F",
    "3f1c2a9e-8b7d-0c6e-9f01-2a3b4c5d6e7f",
    "3f1c2a9e-8b7d-4c6e-1f01-2a3b4c5d6e7f",
    "00000000-0000-0000-0000-000000000000",
    "3f1c2a9e-8b7d-4c6e-9f01-2a3b4c5d6e7f\n",
    "abc-123",
    "jo@example.nl",
    "Jo.Visser+tix@Mail.Example.COM",
    ".jo@example.nl",
    "jo..v@example.nl",
    "jo.@example.nl",
    "jo@example",
    "jo@-example.nl",
    "jo@exa_mple.nl",
    "\u212aelvin@example.nl",
    "jo@example.nl\n",
    "",
    "2026-12-04T20:00:00Z",
    "2026-12-04T20:00:00.123Z",
    "2026-12-04T20:00Z",
    "2026-12-04T20:00:00+01:00",
    "2026-02-29T20:00:00Z",
    "2024-02-29T23:59:59Z",
    "2026-12-04 20:00:00Z",
    "2026-12-04T24:00:00Z",
    "2026-12-04T20:00:00Z\n",
]


@pytest.mark.node
def test_uuid_email_datetime_match_zod() -> None:
    from lumosai.compat.node import ensure_npm_packages
    from lumosai.schema_checks import ZodFormat

    def ok(mark: ZodFormat, value: str) -> bool:
        class Checked(BaseModel):
            value: Annotated[str, mark]

        try:
            Checked(value=value)
        except ValidationError:
            return False
        return True

    pkg = ensure_npm_packages("zod-multiple-of", {"zod": "4.6.7", "zod3": "npm:zod@3.25.76"})
    answer = node_json(pkg, "lumos_string_formats.mjs", FORMAT_SCRIPT, FORMAT_INPUTS)
    marks = [
        ZodFormat("uuid", 4),
        ZodFormat("uuid", 3),
        ZodFormat("email", 4),
        ZodFormat("email", 3),
        ZodFormat("datetime", 4),
    ]
    ours = [[ok(mark, v) for mark in marks] for v in FORMAT_INPUTS]
    assert ours == answer
    assert ZodFormat("uuid").check("00000000-0000-4000-8000-000000000000")
