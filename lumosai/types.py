"""Value types shared by tools, workflows and converted schemas.

`Number` is JavaScript's number as a pydantic field type: Zod's `z.number()` accepts `3` and
`2.5` and hands them over unchanged, so `3` must not turn into `3.0` (which breaks `range()`,
prints as "3.0" and changes tool results). Ints stay ints, floats stay floats, booleans and
strings are refused (as Zod does), and the JSON schema the model sees is exactly
`{"type": "number"}` plus its constraints, as Mastra sends it.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler, StrictFloat, StrictInt
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from lumosai.compat.js.numbers import to_number

__all__ = ["JsCoerce", "Number", "js_numbers", "zod4_array_lengths"]

# pydantic names a constraint on a union by its Python keyword; JSON Schema has its own names
_CONSTRAINT_KEYS = {
    "ge": "minimum",
    "gt": "exclusiveMinimum",
    "le": "maximum",
    "lt": "exclusiveMaximum",
    "multiple_of": "multipleOf",
}


class _NumberJsonSchema:
    """Renders the int-or-float union as one JSON `number`, keeping constraints and notes."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        inner = handler(schema)
        out: dict[str, Any] = {"type": "number"}
        for key, value in inner.items():
            if key in ("anyOf", "oneOf", "type"):
                continue
            out[_CONSTRAINT_KEYS.get(key, key)] = value
        return out

    def __repr__(self) -> str:
        return "NumberJsonSchema()"


Number = Annotated[StrictInt | StrictFloat, _NumberJsonSchema()]
"""A JavaScript number: `int` or `float` as given (JSON schema `{"type": "number"}`)."""


class JsCoerce:
    """`Annotated[Number, JsCoerce()]` is zod's `z.coerce.number()`: the input goes through
    JavaScript's `Number(x)` first (`"60"` -> 60, `" 12 "` -> 12, `true` -> 1, `null` -> 0,
    `""` -> 0), then the number checks run; NaN and infinities are refused as zod 4 refuses
    them. Models send numbers as strings often enough that this decides whether the call
    works. The JSON schema stays `{"type": "number"}` (zod shows no trace of the coercion)."""

    __slots__ = ()

    @staticmethod
    def _coerce(value: Any) -> Any:
        number = 0 if value is None else to_number(value)
        if isinstance(number, float) and not math.isfinite(number):
            raise PydanticCustomError("js_number", "Invalid input: expected number, received NaN")
        return number

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self._coerce, handler(source))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsCoerce)

    def __hash__(self) -> int:
        return hash(JsCoerce)

    def __repr__(self) -> str:
        return "JsCoerce()"


def js_numbers(value: Any) -> Any:
    """`value` with every integral float as an int, as `JSON.stringify` prints numbers: a tool
    that computes `Math.round(x * 10) / 10` sends the model `6`, not `6.0`, in Mastra, and a
    converted tool must send the same text. Containers are copied; other values are kept."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, dict):
        return {k: js_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [js_numbers(v) for v in value]
    if isinstance(value, BaseModel):
        return js_numbers(value.model_dump(mode="json", by_alias=True))
    return value


def zod4_array_lengths(schema: dict[str, Any]) -> None:
    """`json_schema_extra` that shows an array's `maxItems` as `maxLength`.

    Only kept so apps converted by earlier lumos-migrate versions still import; it is no longer
    emitted. It came from a misreading: @mastra/core 1.71 with OpenAI models sends an optional
    array's `.max(n)` as "constraints: maximum length n" on the `anyOf` wrapper, which verify
    read back as a string length. Mastra's bound is an item count (`maxItems`)."""
    if "maxItems" in schema:
        schema["maxLength"] = schema.pop("maxItems")
    for branch in schema.get("anyOf", ()):  # an optional/nullable array
        if isinstance(branch, dict) and branch.get("type") == "array":
            zod4_array_lengths(branch)
