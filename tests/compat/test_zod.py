"""`z` validates like zod and renders the JSON schema Mastra sends."""

import pytest

from lumosai.compat.mastra.zod import ZodError, z


def weather_input():
    return z.object(
        {
            "location": z.string().describe("City name"),
            "days": z.number().int().min(1).max(7).default(3),
            "units": z.enum(["metric", "imperial"]).optional(),
            "tags": z.array(z.string()).default([]),
        }
    )


def test_json_schema_is_zod_shaped():
    assert weather_input().to_json_schema() == {
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "City name"},
            "days": {"type": "integer", "minimum": 1, "maximum": 7, "default": 3},
            "units": {"type": "string", "enum": ["metric", "imperial"]},
            "tags": {"type": "array", "items": {"type": "string"}, "default": []},
        },
        "required": ["location"],
        "additionalProperties": False,
    }


def test_parse_fills_defaults_strips_unknown_and_keeps_absent_optionals_absent():
    data = weather_input().parse({"location": "Paris", "extra": True})
    assert data == {"location": "Paris", "days": 3, "tags": []}


def test_parse_keeps_ints_and_floats_apart():
    schema = z.object({"a": z.number(), "b": z.number()})
    assert schema.parse({"a": 2, "b": 2.5}) == {"a": 2, "b": 2.5}
    assert isinstance(schema.parse({"a": 2, "b": 1})["a"], int)


def test_no_silent_coercion():
    with pytest.raises(ZodError) as err:
        z.object({"n": z.number()}).parse({"n": "3"})
    assert err.value.issues[0]["path"][0] == "n"


def test_nested_objects_come_back_as_dicts():
    schema = z.object(
        {
            "inner": z.object({"q": z.string()}).optional(),
            "items": z.array(z.object({"v": z.number()})),
        }
    )
    out = schema.parse({"inner": {"q": "x", "zz": 1}, "items": [{"v": 1}]})
    assert out == {"inner": {"q": "x"}, "items": [{"v": 1}]}
    assert type(out["inner"]) is dict


def test_safe_parse_refine_and_transform():
    positive = z.number().refine(lambda v: v > 0, "must be positive")
    assert positive.safeParse(1).success
    bad = positive.safeParse(-1)
    assert not bad.success and "must be positive" in str(bad.error)
    assert z.string().transform(str.upper).parse("ab") == "AB"


def test_union_is_left_to_right_and_nullable():
    assert z.union([z.number(), z.string()]).parse("x") == "x"
    assert z.string().nullable().parse(None) is None
    assert z.string().nullable().to_json_schema() == {
        "anyOf": [{"type": "string"}, {"type": "null"}]
    }


def test_object_methods():
    base = z.object({"a": z.string(), "b": z.number()})
    assert list(base.pick(["a"]).shape) == ["a"]
    assert list(base.omit(["a"]).shape) == ["b"]
    assert base.partial().to_json_schema().get("required") is None
    assert base.extend({"c": z.boolean()}).to_json_schema()["required"] == ["a", "b", "c"]
    with pytest.raises(ZodError):
        base.strict().parse({"a": "x", "b": 1, "c": 2})
    assert base.passthrough().parse({"a": "x", "b": 1, "c": 2})["c"] == 2


def test_to_model_gives_a_pydantic_model():
    model = weather_input().to_model("WeatherInput")
    obj = model(location="Oslo")
    assert obj.days == 3 and obj.units is None
    assert model.model_json_schema()["properties"]["location"]["description"] == "City name"
