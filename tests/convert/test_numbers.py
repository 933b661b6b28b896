"""Zod numbers keep JavaScript's values: `3` arrives as `3`, not `3.0`.

`z.number()` becomes `lumosai.types.Number` (int or float as given, JSON schema `number`),
`z.number().int()` becomes `int`; a converted tool hands its body the same values Mastra would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError

from lumosai.migrate.convert.naming import NameAllocator
from lumosai.migrate.convert.pymodule import ImportSet
from lumosai.migrate.convert.schemas import SchemaContext, SchemaEmitter, finish
from lumosai.tool import tool
from lumosai.types import Number

ZOD = (
    "z.object({ days: z.number().min(1).max(16).describe('How many days'), "
    "ratio: z.number().optional(), count: z.number().int(), temps: z.array(z.number()) })"
)


def _model_from_zod(tmp_path: Path, source: str) -> tuple[type[BaseModel], str]:
    from lumosai.migrate.reader import read_project

    src = tmp_path / "app"
    (src / "src" / "mastra").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "nums", "dependencies": {"@mastra/core": "1.71.0", "zod": "4.6.7"}})
    )
    (src / "src" / "mastra" / "schemas.ts").write_text(
        f"import {{ z }} from 'zod';\nexport const input = {source};\n"
    )
    (schema,) = read_project(src).schemas
    ctx = SchemaContext(module="m", named={}, imports=ImportSet(), blocks=[], names=NameAllocator())
    cls = SchemaEmitter(ctx).model_for(schema.schema_, "Input")
    code = ctx.imports.render() + "\n\n" + "\n\n".join([*ctx.blocks, *finish(ctx)])
    namespace: dict[str, Any] = {}
    exec(compile(code, "<numbers>", "exec", dont_inherit=True), namespace)
    return namespace[cls], code


def test_zod_number_becomes_number_and_int_stays_int(tmp_path: Path) -> None:
    model, code = _model_from_zod(tmp_path, ZOD)
    assert "from lumosai.types import Number" in code
    assert "days: Number = Field(" in code
    assert "count: int" in code
    value = model.model_validate({"days": 3, "ratio": 2.5, "count": 4, "temps": [1, 2.5]})
    assert type(value.days) is int and value.days == 3  # type: ignore[attr-defined]
    assert type(value.ratio) is float  # type: ignore[attr-defined]
    assert [type(t) for t in value.temps] == [int, float]  # type: ignore[attr-defined]
    assert value.model_dump()["days"] == 3
    assert json.loads(value.model_dump_json())["days"] == 3
    assert f"{value.days} days" == "3 days"  # type: ignore[attr-defined]


def test_json_schema_is_number_with_its_bounds(tmp_path: Path) -> None:
    model, _ = _model_from_zod(tmp_path, ZOD)
    props = model.model_json_schema()["properties"]
    assert props["days"] == {
        "type": "number",
        "minimum": 1,
        "maximum": 16,
        "description": "How many days",
        "title": "Days",
    }
    assert props["count"]["type"] == "integer"
    assert props["temps"]["items"] == {"type": "number"}
    assert props["ratio"]["anyOf"] == [{"type": "number"}, {"type": "null"}]


@pytest.mark.parametrize("bad", [True, "3", None, [1]])
def test_number_refuses_what_zod_refuses(bad: object) -> None:
    class Args(BaseModel):
        n: Number

    with pytest.raises(ValidationError):
        Args.model_validate({"n": bad})


def test_number_constraints_are_enforced() -> None:
    class Args(BaseModel):
        n: Number = Field(gt=0, le=10, multiple_of=0.5)

    assert Args(n=10).n == 10
    for bad in (0, 11, 0.3):
        with pytest.raises(ValidationError):
            Args(n=bad)
    schema = Args.model_json_schema()["properties"]["n"]
    assert schema == {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": 10,
        "multipleOf": 0.5,
        "title": "N",
    }


async def test_tool_body_receives_the_int_the_model_sent() -> None:
    class ForecastInput(BaseModel):
        days: Number = Field(description="How many days")

    @tool(name="forecast", description="Daily forecast", input_schema=ForecastInput)
    def forecast(args: ForecastInput) -> dict[str, Any]:
        return {"days": [f"day {i + 1}" for i in range(args.days)], "asked": args.days}  # type: ignore[arg-type]

    result = await forecast.execute({"days": 2})
    assert result == {"days": ["day 1", "day 2"], "asked": 2}
    assert forecast.parameters["properties"]["days"]["type"] == "number"
