"""Zod checks that pydantic's own constraints get wrong, for converted schemas.

`MultipleOf`: zod's `multipleOf` / `step`. `EveryKey`: zod 4's exhaustive enum-keyed records. `StringTransform`: zod's `trim()`, `toLowerCase()`
and `toUpperCase()`, which change the string the tool receives (pydantic's `str` keeps it).


pydantic's `multiple_of=0.05` takes a float remainder, so it refuses `0.5` (`0.5 % 0.05` is not
0 in binary floating point) where zod accepts it: a converted tool would reject arguments the
Mastra original takes. Zod avoids the float remainder, each major version in its own way:

- zod 3 (and the `zod/v3` entry of zod 4) scales both numbers to integers by the longest
  decimal part of their JavaScript text (`val.toString()`), via `toFixed` and `parseInt`, and
  takes the integer remainder;
- zod 4 (4.6) divides, rounds the ratio to the nearest integer and accepts it when the distance
  is below `4 * Number.EPSILON * max(|ratio|, 1)`.

`MultipleOf(step, zod=3|4)` reproduces the chosen algorithm step for step on IEEE doubles (what
JavaScript numbers are), and still shows the model `{"multipleOf": step}` in the JSON schema.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = [
    "EveryKey",
    "MultipleOf",
    "StringTransform",
    "ZodFormat",
    "ZodUnionSchema",
    "js_trim",
    "zod3_is_multiple",
    "zod4_is_multiple",
]

ZodMajor = Literal[3, 4]

_EPSILON = 2.0**-52  # Number.EPSILON
_LEADING_INT = re.compile(r"\s*([+-]?)(\d+)")


def _as_double(value: float) -> float | None:
    """The JavaScript number for `value` (None for an int too large for a double: Infinity)."""
    try:
        return float(value)
    except OverflowError:
        return None


def _js_to_string(x: float) -> str:
    """`Number.prototype.toString()` (radix 10): shortest round-trip digits, JavaScript layout."""
    if math.isnan(x):
        return "NaN"
    if x == 0:
        return "0"
    if x < 0:
        return "-" + _js_to_string(-x)
    if math.isinf(x):
        return "Infinity"
    _, digit_tuple, exponent = Decimal(repr(x)).as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    digits = stripped
    k = len(digits)
    n = exponent + k  # x = 0.digits * 10**n
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    exp_text = ("+" if e >= 0 else "-") + str(abs(e))
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return mantissa + "e" + exp_text


def _js_to_fixed(x: float, fraction_digits: int) -> str:
    """`Number.prototype.toFixed(f)`: the exact double rounded half away from zero."""
    if not math.isfinite(x) or abs(x) >= 1e21:
        return _js_to_string(x)
    with localcontext() as ctx:
        ctx.prec = 400
        rounded = abs(Decimal(x)).quantize(Decimal(1).scaleb(-fraction_digits), ROUND_HALF_UP)
    return ("-" if x < 0 else "") + format(rounded, "f")


def _js_parse_int(text: str) -> float | None:
    """`Number.parseInt(text)` (radix 10); None stands for NaN."""
    match = _LEADING_INT.match(text)
    if match is None:
        return None
    magnitude = float(int(match.group(2)))
    return -magnitude if match.group(1) == "-" else magnitude


def _decimal_count(x: float) -> int:
    """`(x.toString().split(".")[1] || "").length`, exponent suffix included as zod counts it."""
    parts = _js_to_string(x).split(".")
    return len(parts[1]) if len(parts) > 1 else 0


def zod3_is_multiple(value: float, step: float) -> bool:
    """zod 3's `floatSafeRemainder(value, step) === 0` (decimal-scaled integer remainder)."""
    val, stp = _as_double(value), _as_double(step)
    if val is None or stp is None:
        return False
    places = max(_decimal_count(val), _decimal_count(stp))
    val_int = _js_parse_int(_js_to_fixed(val, places).replace(".", "", 1))
    step_int = _js_parse_int(_js_to_fixed(stp, places).replace(".", "", 1))
    if val_int is None or step_int is None or step_int == 0:
        return False  # NaN remainder
    return math.fmod(val_int, step_int) == 0


def _js_round(x: float) -> float:
    """`Math.round`: nearest integer, ties towards +Infinity."""
    floor = math.floor(x)
    return float(floor + 1 if x - floor >= 0.5 else floor)


def zod4_is_multiple(value: float, step: float) -> bool:
    """zod 4's `floatSafeRemainder(value, step) === 0` (ratio within a few epsilons of an
    integer)."""
    val, stp = _as_double(value), _as_double(step)
    if val is None or stp is None or stp == 0:
        return False  # NaN or Infinity ratio: Infinity - Infinity is NaN
    ratio = val / stp
    if not math.isfinite(ratio):
        return False
    tolerance = 4 * _EPSILON * max(abs(ratio), 1.0)
    return abs(ratio - _js_round(ratio)) < tolerance


class MultipleOf:
    """`Annotated[Number, MultipleOf(0.05)]`: zod's `.multipleOf(0.05)` / `.step(0.05)`.

    Validates like the given zod major version; the JSON schema gets `multipleOf: step`.
    """

    __slots__ = ("step", "zod")

    def __init__(self, step: float, *, zod: ZodMajor = 4) -> None:
        if zod not in (3, 4):
            raise ValueError(f"zod major version must be 3 or 4, not {zod!r}")
        self.step = step
        self.zod: ZodMajor = zod

    def accepts(self, value: float) -> bool:
        check = zod3_is_multiple if self.zod == 3 else zod4_is_multiple
        return check(value, self.step)

    def _validate(self, value: Any) -> Any:
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if is_number and not self.accepts(value):
            raise PydanticCustomError(
                "multiple_of",
                "Input should be a multiple of {multiple_of}",
                {"multiple_of": self.step},
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._validate, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        target = handler.resolve_ref_schema(out)
        target["multipleOf"] = self.step
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MultipleOf) and (self.step, self.zod) == (other.step, other.zod)

    def __hash__(self) -> int:
        return hash((MultipleOf, self.step, self.zod))

    def __repr__(self) -> str:
        return f"MultipleOf({self.step!r}, zod={self.zod})"


#: JavaScript's `String.prototype.trim` set: WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP and the
#: Unicode Zs category) and LineTerminator (LF, CR, LS, PS). Python's `str.strip()` differs
#: (it strips U+001C-U+001F and keeps U+FEFF).
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)

StringStep = Literal["trim", "toLowerCase", "toUpperCase"]


def js_trim(text: str) -> str:
    """`text.trim()` as JavaScript does it."""
    return text.strip(JS_WHITESPACE)


_STEPS: dict[str, Any] = {"trim": js_trim, "toLowerCase": str.lower, "toUpperCase": str.upper}


class StringTransform:
    """`Annotated[str, StringTransform("trim", "toUpperCase")]`: zod's string overwrites, in
    order. zod runs them in sequence with the other checks: `after_checks=True` when they come
    after the length/regex checks (`z.string().min(1).trim()` checks the untrimmed text), else
    they run first (`z.string().trim().min(1)`). The JSON schema is unchanged, as in zod's."""

    __slots__ = ("after_checks", "steps")

    def __init__(self, *steps: StringStep, after_checks: bool = False) -> None:
        unknown = [step for step in steps if step not in _STEPS]
        if unknown or not steps:
            raise ValueError(f"string transforms must be among {sorted(_STEPS)}, not {unknown}")
        self.steps = steps
        self.after_checks = after_checks

    def apply(self, value: Any) -> Any:
        if isinstance(value, str):
            for step in self.steps:
                value = _STEPS[step](value)
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        if self.after_checks:
            return core_schema.no_info_after_validator_function(self.apply, handler(source))
        return core_schema.no_info_before_validator_function(self.apply, handler(source))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StringTransform) and (self.steps, self.after_checks) == (
            other.steps,
            other.after_checks,
        )

    def __hash__(self) -> int:
        return hash((StringTransform, self.steps, self.after_checks))

    def __repr__(self) -> str:
        steps = ", ".join(repr(step) for step in self.steps)
        return (
            f"StringTransform({steps}, after_checks=True)"
            if self.after_checks
            else (f"StringTransform({steps})")
        )


def _literal_keys(key_type: Any) -> tuple[Any, ...]:
    """The values of a `Literal[...]` key type, through `Annotated` aliases; () otherwise."""
    while get_origin(key_type) is Annotated:
        key_type = get_args(key_type)[0]
    if get_origin(key_type) is Literal:
        return get_args(key_type)
    return ()


class EveryKey:
    """`Annotated[dict[Section, V], EveryKey()]`: zod 4's `z.record(z.enum([...]), V)` is
    exhaustive, every key of the enum must be there (zod 3's is not, and `z.partialRecord` is
    the zod 4 way to leave keys out); pydantic's `dict[Literal[...], V]` only refuses unknown
    keys. A missing key is refused as zod refuses it ("expected ..., received undefined")."""

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        args = get_args(source)
        keys = _literal_keys(args[0]) if args else ()

        def check(value: Any) -> Any:
            missing = [key for key in keys if isinstance(value, dict) and key not in value]
            if missing:
                raise PydanticCustomError(
                    "missing",
                    "Invalid input: expected a value for {keys}, received undefined",
                    {"keys": ", ".join(repr(key) for key in missing)},
                )
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EveryKey)

    def __hash__(self) -> int:
        return hash(EveryKey)

    def __repr__(self) -> str:
        return "EveryKey()"


class ZodUnionSchema:
    """`Annotated[A | B, Field(discriminator="kind"), ZodUnionSchema()]`: pydantic validates a
    discriminated union by its tag (as zod's `z.discriminatedUnion` does) but also writes an
    OpenAPI `discriminator` mapping to `$defs` into the JSON schema; zod's JSON schema is the
    plain `oneOf`, so the model sees no such key."""

    __slots__ = ()

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = dict(handler(schema))
        out.pop("discriminator", None)
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ZodUnionSchema)

    def __hash__(self) -> int:
        return hash(ZodUnionSchema)

    def __repr__(self) -> str:
        return "ZodUnionSchema()"


#: zod's own patterns (zod 4.6 `core/regexes`, zod 3.25 `v3/types`), for a fullmatch
_FORMATS: dict[tuple[str, int], tuple[re.Pattern[str], str]] = {
    ("uuid", 4): (
        re.compile(
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-"
            r"[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|"
            r"ffffffff-ffff-ffff-ffff-ffffffffffff"
        ),
        "Invalid UUID",
    ),
    ("uuid", 3): (
        re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I | re.A),
        "Invalid uuid",
    ),
    ("email", 4): (
        re.compile(
            r"(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@"
            r"(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}"
        ),
        "Invalid email address",
    ),
    ("email", 3): (
        re.compile(
            r"(?!\.)(?!.*\.\.)([A-Z0-9_'+\-\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}",
            re.I | re.A,
        ),
        "Invalid email",
    ),
}

_DATE = (
    r"(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|"
    r"\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|"
    r"(?:02)-(?:0[1-9]|1\d|2[0-8])))"
)
# zod 4's `.datetime()` without options: a real calendar date, seconds, `Z` (no offset)
_FORMATS[("datetime", 4)] = (
    re.compile(_DATE + r"T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z))", re.A),
    "Invalid ISO datetime",
)

CHECKED_FORMATS = ("uuid", "email", "datetime")


class ZodFormat:
    """`Annotated[str, ZodFormat("uuid", zod=4)]`: zod's `.uuid()` / `.email()` (and zod 4's
    option-less `.datetime()`) refuse text that
    is not one (pydantic's `str` with a JSON-schema `format` takes anything), with the pattern of
    the zod major the app runs: zod 4 wants an RFC 9562 version and variant, zod 3 any 8-4-4-4-12
    hex. The JSON schema keeps its `format`, as zod shows it."""

    __slots__ = ("message", "name", "pattern", "zod")

    def __init__(self, name: str, zod: ZodMajor = 4) -> None:
        if (name, zod) not in _FORMATS:
            raise ValueError(f"zod formats checked here: {CHECKED_FORMATS}, not {name!r}")
        self.name, self.zod = name, zod
        self.pattern, self.message = _FORMATS[(name, zod)]

    def check(self, value: Any) -> Any:
        if isinstance(value, str) and self.pattern.fullmatch(value) is None:
            raise PydanticCustomError("invalid_format", self.message)
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ZodFormat) and (self.name, self.zod) == (other.name, other.zod)

    def __hash__(self) -> int:
        return hash((ZodFormat, self.name, self.zod))

    def __repr__(self) -> str:
        return f"ZodFormat({self.name!r}, zod={self.zod})"
