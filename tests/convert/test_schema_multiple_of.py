"""`z.number().multipleOf(step)` validates in the converted app exactly as zod does.

pydantic's `multiple_of=0.05` refuses 0.5 (float remainder); zod accepts it. The converter emits
`Annotated[Number, MultipleOf(0.05, zod=N)]` (lumosai.schema_checks), which reproduces zod 3's
decimal-scaled remainder or zod 4's ratio tolerance. Checked against real zod 3.25.76 and
4.6.7 in one Node process, on thousands of (value, step) pairs; the model still sees
`multipleOf: 0.05`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, ValidationError

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from lumosai.migrate.convert.schemas import SchemaContext, SchemaEmitter
from lumosai.schema_checks import MultipleOf, zod3_is_multiple, zod4_is_multiple
from lumosai.types import Number
from tests.convert_helpers import node_json, run_python

HERE = Path(__file__).resolve().parent

STEPS = [
    0.05, 0.1, 0.01, 0.001, 0.07, 0.3, 0.25, 0.5, 1, 2, 3, 7, 10, 100, 1e-7, 2.5e-7, 1.5e-7,
    1e-10, 1e21, 1.5e21, 123.456, 0.123456789, 1 / 3, 0.1 + 0.2, -0.05, -3, 33.3, 0.15, 1.1,
]  # fmt: skip
ODD_VALUES = [0.5, 1.5, 2.03, 0.3, 1e-7, 3e-7, 1e20, 1e22, 2**53, 2**53 + 2, 5e-324, 1.7e308]


def _pairs() -> list[tuple[float, float]]:
    """Multiples (as computed, rounded, and printed short), near misses, random values."""
    rng = random.Random(20261126)
    pairs: list[tuple[float, float]] = []
    for step in STEPS:
        for k in [*range(-25, 26), *(rng.randint(-(10**6), 10**6) for _ in range(15))]:
            product = k * step
            pairs += [(product, step), (float(f"{product:.12g}"), step)]
            pairs += [(round(product, 8), step), (product + 1e-9, step)]
        for _ in range(25):
            pairs.append((round(rng.uniform(-100, 100), rng.randint(0, 6)), step))
            pairs.append((rng.randint(-1000, 1000), step))
        pairs += [(value, step) for value in ODD_VALUES]
    for _ in range(1500):
        step = round(rng.uniform(0.001, 50), rng.randint(0, 5)) or 1
        pairs.append((round(step * rng.randint(-500, 500), rng.randint(0, 8)), step))
    pairs += [(0, 0), (1, 0), (0, 1), (-0.0, 0.05), (2.03, 0.07), (2.5e-7, 1e-7)]
    return pairs


def _zod_verdicts(pairs: list[tuple[float, float]]) -> dict[str, list[bool]]:
    from lumosai.compat.node import ensure_npm_packages

    pkg = ensure_npm_packages("zod-multiple-of", {"zod": "4.6.7", "zod3": "npm:zod@3.25.76"})
    verdicts: dict[str, list[bool]] = node_json(
        pkg, "lumos_multiple_of.mjs", (HERE / "zod_multiple_of.mjs").read_text(), pairs
    )
    return verdicts


@pytest.mark.node
def test_accepts_exactly_what_zod_3_and_zod_4_accept() -> None:
    pairs = _pairs()
    zod = _zod_verdicts(pairs)
    for name, check in (("zod3", zod3_is_multiple), ("zod4", zod4_is_multiple)):
        ours = [check(value, step) for value, step in pairs]
        wrong = [(p, z) for p, z, o in zip(pairs, zod[name], ours, strict=True) if z != o]
        assert not wrong, f"{name}: {len(wrong)} of {len(pairs)} differ, e.g. {wrong[:5]}"
        # both verdicts occur plenty, so the comparison means something
        assert 0.2 < sum(ours) / len(ours) < 0.8


def test_the_two_zods_differ_where_their_algorithms_do() -> None:
    # zod 4 tolerates the rounding of the division; zod 3 compares decimal digits
    assert zod3_is_multiple(0.5, 0.05) and zod4_is_multiple(0.5, 0.05)
    assert not zod3_is_multiple(0.1 + 0.2, 0.1) and zod4_is_multiple(0.1 + 0.2, 0.1)
    assert not zod3_is_multiple(0.51, 0.05) and not zod4_is_multiple(0.51, 0.05)
    assert not zod3_is_multiple(1, 0) and not zod4_is_multiple(1, 0)
    assert not zod3_is_multiple(10**400, 1) and not zod4_is_multiple(10**400, 1)


def test_a_field_validates_and_shows_multiple_of() -> None:
    class Score(BaseModel):
        score: Annotated[Number, MultipleOf(0.05, zod=4)] = 0.5

    assert Score.model_validate({"score": 0.15}).score == 0.15
    assert Score.model_validate({"score": 3}).score == 3
    with pytest.raises(ValidationError, match=r"multiple of 0\.05"):
        Score.model_validate({"score": 0.51})
    prop = Score.model_json_schema()["properties"]["score"]
    assert prop["type"] == "number" and prop["multipleOf"] == 0.05
    with pytest.raises(ValueError):
        MultipleOf(1, zod=5)  # type: ignore[arg-type]


TOOL = """
import {{ createTool }} from '@mastra/core/tools';
import {{ z }} from '{module}';

export const scoreTool = createTool({{
  id: 'score',
  description: 'Score things',
  inputSchema: z.object({{
    minScore: z.number().min(0).max(1).multipleOf(0.05).default(0.5),
    count: z.number().int().step(5).optional(),
    weights: z.array(z.number().multipleOf(0.1)).optional(),
  }}),
  execute: async ({{ minScore }}) => ({{ minScore }}),
}});
"""


@pytest.mark.parametrize(
    ("core", "module", "major"),
    [("1.71.0", "zod", 4), ("0.24.9", "zod", 3)],
)
def test_converted_tool_takes_what_zod_takes(
    tmp_path: Path, core: str, module: str, major: int
) -> None:
    src = tmp_path / "app"
    (src / "src/mastra/tools").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "scorer", "dependencies": {"@mastra/core": core}})
    )
    (src / "src/mastra/tools/score.ts").write_text(TOOL.format(module=module))
    out = tmp_path / "out"
    run_conversion(src, out, ConvertOptions())
    source = (out / "scorer/tools/score.py").read_text()
    assert f"MultipleOf(0.05, zod={major})" in source
    assert f"Annotated[int, MultipleOf(5, zod={major})]" in source
    printed = run_python(
        out,
        "import asyncio, json\n"
        "from scorer.tools.score import score_tool\n"
        "print(json.dumps(score_tool.parameters['properties']))\n"
        "for args in ({'minScore': 0.5}, {'minScore': 0.55, 'count': 15},\n"
        "             {'weights': [0.3, 0.7]}, {'minScore': 0.51}, {'count': 7}):\n"
        "    try:\n"
        "        asyncio.run(score_tool.execute(args))\n"
        "        print('ok')\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__)\n",
    )
    schema_line, *verdicts = printed.strip().splitlines()
    props = json.loads(schema_line)
    assert props["minScore"]["multipleOf"] == 0.05
    assert props["minScore"]["minimum"] == 0 and props["minScore"]["maximum"] == 1
    assert "multipleOf" in json.dumps(props["count"])
    assert "multipleOf" in json.dumps(props["weights"])
    # 0.3 and 0.7 in steps of 0.1 pass both zods
    assert verdicts == ["ok", "ok", "ok", "ToolValidationError", "ToolValidationError"]


def _emit_number(zod_module: str | None, era: str | None, step: float) -> str:
    check = ir.ZodModifier(name="multipleOf", args=[ir.LiteralValue(value=step)])
    number = ir.ZodSchema(kind="number", zod_module=zod_module, checks=[check])
    ctx = SchemaContext(module="m", named={}, era=era)
    return SchemaEmitter(ctx).type_expr(number, "Score")


def test_zod_v3_entry_point_and_era_pick_the_algorithm() -> None:
    assert _emit_number("zod/v3", "1.x", 0.05) == "Annotated[Number, MultipleOf(0.05, zod=3)]"
    assert _emit_number("zod/v4", "0.x", 0.05) == "Annotated[Number, MultipleOf(0.05, zod=3)]"
    assert _emit_number("zod", "1.x", 0.1) == "Annotated[Number, MultipleOf(0.1, zod=4)]"
    assert _emit_number(None, None, 2) == "Annotated[Number, MultipleOf(2, zod=4)]"
    bigint = ir.ZodSchema(
        kind="bigint", checks=[ir.ZodModifier(name="step", args=[ir.LiteralValue(value=3)])]
    )
    holder = ir.ZodSchema(kind="object", fields=[ir.ZodField(name="big", schema=bigint)])
    ctx = SchemaContext(module="m", named={})
    SchemaEmitter(ctx).model_for(holder, "Holder")
    # BigInt remainders are exact, as pydantic's integer multiple_of is
    assert "big: int = Field(multiple_of=3)" in "\n".join(ctx.blocks)


def test_runtime_z_builder_checks_multiple_of_like_zod_4() -> None:
    from lumosai.compat.mastra import z

    score = z.object({"score": z.number().multipleOf(0.05)})
    assert score.parse({"score": 0.5}) == {"score": 0.5}
    assert score.to_json_schema()["properties"]["score"] == {"type": "number", "multipleOf": 0.05}
    with pytest.raises(ValueError, match="multiple"):
        score.parse({"score": 0.51})
