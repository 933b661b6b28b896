"""The rest of the ``z`` surface: tuples, dates, lazy, discriminated unions, coercion, catch,
zod 4 issue wording, and schemas used as pydantic types."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from lumosai.compat.mastra import ZodError, z


def test_issue_paths_and_zod4_wording() -> None:
    schema = z.object(
        {
            "a": z.number(),
            "b": z.string(),
            "items": z.array(z.object({"ok": z.boolean()})),
            "kind": z.enum(["x", "y"]),
            "name": z.string().min(2),
        }
    )
    result = schema.safeParse({"a": "1", "items": [{"ok": 1}], "kind": "z", "name": "q"})
    assert not result.success
    assert result.error.issues == [
        {"path": ["a"], "message": "Invalid input: expected number, received string"},
        {"path": ["b"], "message": "Invalid input: expected string, received undefined"},
        {"path": ["items", 0, "ok"], "message": "Invalid input: expected boolean, received number"},
        {"path": ["kind"], "message": 'Invalid option: expected one of "x"|"y"'},
        {"path": ["name"], "message": "Too small: expected string to have >=2 characters"},
    ]


def test_tuple_date_and_lazy() -> None:
    pair = z.tuple([z.string(), z.number()])
    assert pair.parse(["a", 1]) == ["a", 1]
    assert pair.to_json_schema() == {
        "type": "array",
        "prefixItems": [{"type": "string"}, {"type": "number"}],
        "items": False,
    }
    with pytest.raises(ZodError):
        pair.parse(["a", "b"])
    assert z.date().parse("2024-05-01T10:00:00+00:00") == dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)
    assert z.date().to_json_schema() == {"type": "string", "format": "date-time"}
    node = z.lazy(lambda: z.object({"v": z.number(), "kids": z.array(node).optional()}))
    assert node.parse({"v": 1, "kids": [{"v": 2, "kids": []}]}) == {
        "v": 1,
        "kids": [{"v": 2, "kids": []}],
    }
    assert not node.safeParse({"v": 1, "kids": [{"v": "x"}]}).success
    assert node.to_json_schema()["properties"]["kids"]["items"] == {}


def test_discriminated_union_intersection_and_enums() -> None:
    shape = z.discriminatedUnion(
        "type",
        [
            z.object({"type": z.literal("circle"), "r": z.number()}),
            z.object({"type": z.literal("square"), "side": z.number()}),
        ],
    )
    assert shape.parse({"type": "square", "side": 2, "extra": 1}) == {"type": "square", "side": 2}
    assert not shape.safeParse({"type": "hexagon"}).success
    assert "oneOf" in shape.to_json_schema()
    both = z.intersection(z.object({"a": z.number()}), z.object({"b": z.string()}))
    assert both.parse({"a": 1, "b": "x", "c": 0}) == {"a": 1, "b": "x"}
    colors = z.enum(["red", "green", "blue"])
    assert colors.enum["red"] == "red"
    assert colors.exclude(["red"]).options == ["green", "blue"]


def test_coerce_catch_preprocess_pipe_and_string_helpers() -> None:
    assert z.coerce.number().parse("4.5") == 4.5
    assert z.coerce.number().min(1).safeParse("0").success is False
    assert z.coerce.boolean().parse("false") is True  # JS truthiness, as zod
    assert z.coerce.string().parse(12) == "12"
    assert z.number().catch(0).parse("oops") == 0
    assert z.object({"n": z.number().catch(-1)}).parse({"n": "x"}) == {"n": -1}
    assert z.preprocess(lambda v: v.split(","), z.array(z.string())).parse("a,b") == ["a", "b"]
    assert z.string().pipe(z.string().min(1)).parse("x") == "x"
    assert z.string().trim().min(1).parse("  hi ") == "hi"
    assert z.string().toUpperCase().parse("ab") == "AB"
    assert z.string().startsWith("ab").safeParse("abc").success
    assert not z.string().endsWith("z").safeParse("abc").success
    assert z.email().to_json_schema() == {"type": "string", "format": "email"}
    assert z.string().nullish().parse(None) is None


async def test_async_parse_aliases() -> None:
    assert z.string().parseAsync("a") == "a"
    assert (await z.number().safeParseAsync("a")).success is False


def test_schema_is_a_pydantic_type() -> None:
    schema = z.object({"a": z.number(), "b": z.string().optional()})
    adapter = TypeAdapter(schema)
    assert adapter.validate_python({"a": 1, "x": 2}) == {"a": 1}
    assert adapter.dump_python({"a": 1}) == {"a": 1}
    with pytest.raises(ValidationError):
        adapter.validate_python({"a": "1"})

    class Model(BaseModel):
        payload: schema  # type: ignore[valid-type]

    assert Model(payload={"a": 2, "junk": 0}).payload == {"a": 2}
    assert Model.model_json_schema()["properties"]["payload"]["properties"]["a"] == {
        "type": "number"
    }


def test_string_formats_are_checked_like_zod() -> None:
    cases = [
        (z.string().email(), "ada@example.com", "not-an-email", "Invalid email address"),
        (z.string().url(), "https://example.com/x", "example", "Invalid URL"),
        (z.uuid(), "123e4567-e89b-12d3-a456-426614174000", "123", "Invalid UUID"),
        (z.string().datetime(), "2024-01-01T10:00:00Z", "yesterday", "Invalid ISO datetime"),
    ]
    for schema, good, bad, message in cases:
        assert schema.parse(good) == good
        result = schema.safeParse(bad)
        assert not result.success and result.error.issues[0]["message"] == message
    field = z.object({"contact": z.string().email()})
    assert field.safeParse({"contact": "x"}).error.issues == [
        {"path": ["contact"], "message": "Invalid email address"}
    ]
