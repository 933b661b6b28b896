"""`z`: a zod-shaped schema builder for Mastra-shaped Python.

Each schema validates data the way zod does (unknown object keys stripped, defaults filled,
no silent coercion) through a pydantic ``TypeAdapter``, and renders the JSON schema Mastra sends
to the model (``to_json_schema()``, zod 4 ``z.toJSONSchema`` style: inline, no titles).
``z.object(...).to_model()`` gives a real pydantic model for native Lumos code.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    WrapValidator,
    create_model,
)

from lumosai.schema_checks import MultipleOf

__all__ = ["ZodError", "ZodType", "z"]


class ZodError(ValueError):
    """Raised by ``parse``; ``issues`` lists ``{path, message}`` like zod's."""

    def __init__(self, issues: list[dict[str, Any]]) -> None:
        self.issues = issues
        super().__init__(
            "; ".join(
                f"{'.'.join(map(str, i['path'])) or '<root>'}: {i['message']}" for i in issues
            )
        )

    @classmethod
    def from_pydantic(cls, err: ValidationError, schema: ZodType | None = None) -> ZodError:
        """zod-style issues: paths of data keys only (pydantic's union-member labels dropped),
        zod 4 wording for type errors, one issue per path."""
        issues: list[dict[str, Any]] = []
        seen: set[tuple[Any, ...]] = set()
        for e in err.errors():
            path, leaf = _data_path(schema, list(e["loc"]))
            key = tuple(path)
            if key in seen:
                continue
            seen.add(key)
            issues.append({"path": path, "message": _zod_message(e, leaf)})
        return cls(issues)


_TYPE_ERRORS = {
    "missing",
    "string_type",
    "int_type",
    "int_from_float",
    "float_type",
    "bool_type",
    "dict_type",
    "list_type",
    "model_type",
    "model_attributes_type",
    "none_required",
    "tuple_type",
    "datetime_type",
    "datetime_parsing",
}


def _js_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _expected(schema: Any) -> str | None:
    if schema is None:
        return None
    while isinstance(schema, ZodLazy | ZodCoerced):
        schema = schema.schema if isinstance(schema, ZodLazy) else schema.inner
    if isinstance(schema, ZodNumber):
        return "int" if schema._int else "number"
    names = {
        ZodString: "string",
        ZodBoolean: "boolean",
        ZodObject: "object",
        ZodArray: "array",
        ZodRecord: "record",
        ZodTuple: "tuple",
        ZodDate: "date",
        ZodNull: "null",
    }
    for cls, name in names.items():
        if isinstance(schema, cls):
            return name
    return None


def _data_path(schema: Any, loc: list[Any]) -> tuple[list[Any], Any]:
    """Keep the loc entries that are data keys; return them and the schema they lead to."""
    if schema is None:
        return [p for p in loc if not (isinstance(p, str) and p in _PYDANTIC_LABELS)], None
    path: list[Any] = []
    current = schema
    for part in loc:
        while isinstance(current, ZodLazy):
            current = current.schema
        if isinstance(current, ZodObject) and isinstance(part, str) and part in current.shape:
            current = current.shape[part]
        elif isinstance(current, ZodArray | ZodTuple) and isinstance(part, int):
            current = (
                current.element
                if isinstance(current, ZodArray)
                else (current.items[part] if part < len(current.items) else None)
            )
        elif isinstance(current, ZodRecord) and isinstance(part, str):
            current = current.value
        else:
            continue
        path.append(part)
    return path, current


_PYDANTIC_LABELS = {"int", "float", "str", "bool", "function-after[to_dict(), Input]"}


def _zod_message(error: Any, leaf: Any) -> str:
    kind = error.get("type")
    expected = _expected(leaf)
    if kind in _TYPE_ERRORS and expected is not None:
        received = "undefined" if kind == "missing" else _js_type(error.get("input"))
        return f"Invalid input: expected {expected}, received {received}"
    if kind == "literal_error" and isinstance(leaf, ZodEnum):
        options = "|".join(f'"{o}"' for o in leaf.options)
        return f"Invalid option: expected one of {options}"
    if kind == "string_too_short":
        return f"Too small: expected string to have >={error['ctx']['min_length']} characters"
    if kind == "string_too_long":
        return f"Too big: expected string to have <={error['ctx']['max_length']} characters"
    msg = str(error.get("msg", "Invalid input"))
    return msg.removeprefix("Value error, ")


@dataclass(slots=True)
class SafeParseResult:
    success: bool
    data: Any = None
    error: ZodError | None = None


_MISSING: Any = object()


class ZodType:
    """Base of every schema: the modifiers zod offers on all types."""

    def __init__(self) -> None:
        self.description: str | None = None
        self._optional = False
        self._nullable = False
        self._default: Any = _MISSING
        self._refinements: list[tuple[Callable[[Any], bool], str]] = []
        self._transforms: list[Callable[[Any], Any]] = []
        self._adapter: TypeAdapter[Any] | None = None
        self._catch: Any = _MISSING

    # -- modifiers (each returns a copy, as zod's are immutable) --
    def _copy(self) -> ZodType:
        clone = copy.copy(self)
        clone._refinements = list(self._refinements)
        clone._transforms = list(self._transforms)
        clone._adapter = None
        return clone

    def optional(self) -> ZodType:
        c = self._copy()
        c._optional = True
        return c

    def nullable(self) -> ZodType:
        c = self._copy()
        c._nullable = True
        return c

    def nullish(self) -> ZodType:
        return self.optional().nullable()

    def default(self, value: Any) -> ZodType:
        c = self._copy()
        c._default = value
        return c

    def describe(self, description: str) -> ZodType:
        c = self._copy()
        c.description = description
        return c

    def refine(
        self, check: Callable[[Any], bool], message: str | dict[str, Any] = "Invalid input"
    ) -> ZodType:
        c = self._copy()
        text = message.get("message", "Invalid input") if isinstance(message, dict) else message
        c._refinements.append((check, text))
        return c

    def transform(self, fn: Callable[[Any], Any]) -> ZodType:
        c = self._copy()
        c._transforms.append(fn)
        return c

    def catch(self, value: Any) -> ZodType:
        """On a failed parse return ``value`` instead (zod ``.catch``)."""
        c = self._copy()
        c._catch = value
        return c

    def array(self) -> ZodArray:
        return ZodArray(self)

    def or_(self, other: ZodType) -> ZodUnion:
        return ZodUnion([self, other])

    def and_(self, other: ZodType) -> ZodIntersection:
        return ZodIntersection(self, other)

    def pipe(self, other: ZodType) -> ZodType:
        """Parse with this schema, then feed the result to ``other``."""
        return self.transform(other.parse)

    # -- pydantic integration: a schema instance is usable as a type (``TypeAdapter(schema)``,
    # model fields, workflow step schemas) and validates exactly like ``parse``
    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        inner = handler.generate_schema(self.annotation())
        return core_schema.no_info_after_validator_function(
            _identity,
            inner,
            serialization=core_schema.plain_serializer_function_ser_schema(_identity),
        )

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
        return self.to_json_schema()

    # -- parsing --
    def parse(self, value: Any) -> Any:
        try:
            return self._get_adapter().validate_python(value)
        except ValidationError as err:
            if self._catch is not _MISSING:
                return _deep_copy(self._catch)
            raise ZodError.from_pydantic(err, self) from None

    parseAsync = parse

    async def safeParseAsync(self, value: Any) -> SafeParseResult:
        return self.safeParse(value)

    def safeParse(self, value: Any) -> SafeParseResult:
        try:
            return SafeParseResult(True, self.parse(value))
        except ZodError as err:
            return SafeParseResult(False, error=err)

    def _get_adapter(self) -> TypeAdapter[Any]:
        if self._adapter is None:
            self._adapter = TypeAdapter(self.annotation())
        return self._adapter

    # -- type and schema rendering --
    def _base_annotation(self, plain: bool = True) -> Any:
        """``plain``: objects validate to dicts (zod's parse); else to pydantic models."""
        raise NotImplementedError

    def _base_json(self) -> dict[str, Any]:
        raise NotImplementedError

    def annotation(self, plain: bool = True) -> Any:
        """The Python type (with validators) that validates like this schema."""
        ann = self._base_annotation(plain)
        if self._nullable:
            ann = Union[ann, None]  # noqa: UP007 - built at run time
        validators = [AfterValidator(_refiner(check, msg)) for check, msg in self._refinements]
        validators += [AfterValidator(fn) for fn in self._transforms]
        if validators:
            ann = Annotated[ann, *validators]
        if self._catch is not _MISSING:
            ann = Annotated[ann, WrapValidator(_catcher(self._catch))]
        return ann

    def to_json_schema(self) -> dict[str, Any]:
        """The JSON schema Mastra sends for this schema (zod 4 ``toJSONSchema``, input side)."""
        schema = self._base_json()
        if self._nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        if self.description is not None:
            schema["description"] = self.description
        if self._default is not _MISSING:
            schema["default"] = self._default
        return schema

    @property
    def is_optional(self) -> bool:
        return self._optional or self._default is not _MISSING


def _catcher(fallback: Any) -> Callable[[Any, Any], Any]:
    def run(value: Any, handler: Any) -> Any:
        try:
            return handler(value)
        except ValidationError:
            return _deep_copy(fallback)

    return run


def _identity(value: Any) -> Any:
    return value


def _refiner(check: Callable[[Any], bool], message: str) -> Callable[[Any], Any]:
    def run(value: Any) -> Any:
        if not check(value):
            raise ValueError(message)
        return value

    return run


_EMAIL = re.compile(
    r"^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$"
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _format_check(name: str, ok: Callable[[str], bool]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not ok(value):
            raise ValueError(f"Invalid {name}")
        return value

    return check


def _is_url(value: str) -> bool:
    from urllib.parse import urlparse

    try:
        parsed = urlparse(value)
    except ValueError:
        return False
    return bool(parsed.scheme) and bool(parsed.netloc or parsed.path)


def _is_ipv4(value: str) -> bool:
    parts = value.split(".")
    return len(parts) == 4 and all(
        p.isdigit() and 0 <= int(p) <= 255 and str(int(p)) == p for p in parts
    )


_FORMAT_CHECKS: dict[str, Callable[[str], str]] = {
    "email": _format_check("email address", lambda v: bool(_EMAIL.match(v))),
    "uri": _format_check("URL", _is_url),
    "uuid": _format_check("UUID", lambda v: bool(_UUID.match(v))),
    "date": _format_check("ISO date", lambda v: bool(_DATE.match(v))),
    "time": _format_check("ISO time", lambda v: bool(_TIME.match(v))),
    "date-time": _format_check("ISO datetime", lambda v: bool(_DATETIME.match(v))),
    "ipv4": _format_check("IPv4 address", _is_ipv4),
}


class ZodString(ZodType):
    def __init__(self) -> None:
        super().__init__()
        self._checks: dict[str, Any] = {}
        self._pre: list[Callable[[str], str]] = []

    def _copy(self) -> ZodType:
        clone = super()._copy()
        assert isinstance(clone, ZodString)
        clone._pre = list(self._pre)
        return clone

    def _with(self, key: str, value: Any) -> ZodString:
        c = self._copy()
        assert isinstance(c, ZodString)
        c._checks = {**self._checks, key: value}
        return c

    def min(self, n: int, message: str | None = None) -> ZodString:
        return self._with("minLength", n)

    def max(self, n: int, message: str | None = None) -> ZodString:
        return self._with("maxLength", n)

    def length(self, n: int) -> ZodString:
        return self._with("minLength", n)._with("maxLength", n)

    def nonempty(self) -> ZodString:
        return self.min(1)

    def email(self) -> ZodString:
        return self._with("format", "email")

    def url(self) -> ZodString:
        return self._with("format", "uri")

    def uuid(self) -> ZodString:
        return self._with("format", "uuid")

    def datetime(self) -> ZodString:
        return self._with("format", "date-time")

    def date(self) -> ZodString:
        return self._with("format", "date")

    def time(self) -> ZodString:
        return self._with("format", "time")

    def ip(self) -> ZodString:
        return self._with("format", "ipv4")

    def startsWith(self, prefix: str) -> ZodString:
        return self._with("pattern", "^" + re.escape(prefix) + ".*")

    def endsWith(self, suffix: str) -> ZodString:
        return self._with("pattern", ".*" + re.escape(suffix) + "$")

    def includes(self, part: str) -> ZodString:
        return self._with("pattern", re.escape(part))

    def trim(self) -> ZodString:
        c = self._copy()
        assert isinstance(c, ZodString)
        c._pre.append(str.strip)
        return c

    def toLowerCase(self) -> ZodString:
        return self.transform(str.lower)  # type: ignore[return-value]

    def toUpperCase(self) -> ZodString:
        return self.transform(str.upper)  # type: ignore[return-value]

    def regex(self, pattern: str | re.Pattern[str]) -> ZodString:
        return self._with(
            "pattern", pattern.pattern if isinstance(pattern, re.Pattern) else pattern
        )

    def _base_annotation(self, plain: bool = True) -> Any:
        kwargs: dict[str, Any] = {}
        if "minLength" in self._checks:
            kwargs["min_length"] = self._checks["minLength"]
        if "maxLength" in self._checks:
            kwargs["max_length"] = self._checks["maxLength"]
        if "pattern" in self._checks:
            kwargs["pattern"] = self._checks["pattern"]
        base: Any = Annotated[StrictStr, Field(**kwargs)] if kwargs else StrictStr
        check = _FORMAT_CHECKS.get(self._checks.get("format", ""))
        if check is not None:
            base = Annotated[base, AfterValidator(check)]
        if self._pre:
            pre = list(self._pre)

            def prepare(value: Any) -> Any:
                if isinstance(value, str):
                    for fn in pre:
                        value = fn(value)
                return value

            base = Annotated[base, BeforeValidator(prepare)]
        return base

    def _base_json(self) -> dict[str, Any]:
        return {"type": "string", **self._checks}


class ZodNumber(ZodType):
    def __init__(self) -> None:
        super().__init__()
        self._int = False
        self._checks: dict[str, Any] = {}

    def _with(self, key: str, value: Any) -> ZodNumber:
        c = self._copy()
        assert isinstance(c, ZodNumber)
        c._checks = {**self._checks, key: value}
        return c

    def int(self) -> ZodNumber:
        c = self._copy()
        assert isinstance(c, ZodNumber)
        c._int = True
        return c

    def min(self, n: float) -> ZodNumber:
        return self._with("minimum", n)

    gte = min

    def max(self, n: float) -> ZodNumber:
        return self._with("maximum", n)

    lte = max

    def gt(self, n: float) -> ZodNumber:
        return self._with("exclusiveMinimum", n)

    def lt(self, n: float) -> ZodNumber:
        return self._with("exclusiveMaximum", n)

    def positive(self) -> ZodNumber:
        return self.gt(0)

    def nonnegative(self) -> ZodNumber:
        return self.min(0)

    def negative(self) -> ZodNumber:
        return self.lt(0)

    def multipleOf(self, n: float) -> ZodNumber:
        return self._with("multipleOf", n)

    step = multipleOf

    def nonpositive(self) -> ZodNumber:
        return self.max(0)

    def finite(self) -> ZodNumber:
        return self

    def safe(self) -> ZodNumber:
        return self.min(-(2**53 - 1)).max(2**53 - 1)

    def _base_annotation(self, plain: bool = True) -> Any:
        names = {
            "minimum": "ge",
            "maximum": "le",
            "exclusiveMinimum": "gt",
            "exclusiveMaximum": "lt",
        }
        kwargs = {names[k]: v for k, v in self._checks.items() if k in names}
        # JS has one number type: keep ints as ints, floats as floats.
        base: Any = StrictInt if self._int else Union[StrictInt, StrictFloat]  # noqa: UP007
        if "multipleOf" in self._checks:  # zod's decimal-safe remainder, not a float one
            base = Annotated[base, MultipleOf(self._checks["multipleOf"])]
        return Annotated[base, Field(**kwargs)] if kwargs else base

    def _base_json(self) -> dict[str, Any]:
        return {"type": "integer" if self._int else "number", **self._checks}


class ZodBoolean(ZodType):
    def _base_annotation(self, plain: bool = True) -> Any:
        return StrictBool

    def _base_json(self) -> dict[str, Any]:
        return {"type": "boolean"}


class ZodAny(ZodType):
    def _base_annotation(self, plain: bool = True) -> Any:
        return Any

    def _base_json(self) -> dict[str, Any]:
        return {}


class ZodNull(ZodType):
    def _base_annotation(self, plain: bool = True) -> Any:
        return None

    def _base_json(self) -> dict[str, Any]:
        return {"type": "null"}


class ZodLiteral(ZodType):
    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value

    def _base_annotation(self, plain: bool = True) -> Any:
        return Literal[self.value]

    def _base_json(self) -> dict[str, Any]:
        kind = {str: "string", bool: "boolean", int: "number", float: "number"}.get(
            type(self.value)
        )
        return {"type": kind, "const": self.value} if kind else {"const": self.value}


class ZodEnum(ZodType):
    def __init__(self, values: list[str]) -> None:
        super().__init__()
        self.options = list(values)

    @property
    def enum(self) -> dict[str, str]:
        return {v: v for v in self.options}

    def exclude(self, values: list[str]) -> ZodEnum:
        return ZodEnum([v for v in self.options if v not in values])

    def extract(self, values: list[str]) -> ZodEnum:
        return ZodEnum([v for v in self.options if v in values])

    def _base_annotation(self, plain: bool = True) -> Any:
        return Literal[tuple(self.options)]

    def _base_json(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options)}


class ZodArray(ZodType):
    def __init__(self, element: ZodType) -> None:
        super().__init__()
        self.element = element
        self._checks: dict[str, int] = {}

    def _with(self, key: str, value: int) -> ZodArray:
        c = self._copy()
        assert isinstance(c, ZodArray)
        c._checks = {**self._checks, key: value}
        return c

    def min(self, n: int) -> ZodArray:
        return self._with("minItems", n)

    def max(self, n: int) -> ZodArray:
        return self._with("maxItems", n)

    def length(self, n: int) -> ZodArray:
        return self.min(n).max(n)

    def nonempty(self) -> ZodArray:
        return self.min(1)

    def _base_annotation(self, plain: bool = True) -> Any:
        kwargs: dict[str, Any] = {}
        if "minItems" in self._checks:
            kwargs["min_length"] = self._checks["minItems"]
        if "maxItems" in self._checks:
            kwargs["max_length"] = self._checks["maxItems"]
        ann: Any = list[self.element.annotation(plain)]  # type: ignore[misc]
        return Annotated[ann, Field(**kwargs)] if kwargs else ann

    def _base_json(self) -> dict[str, Any]:
        return {"type": "array", "items": self.element.to_json_schema(), **self._checks}


class ZodUnion(ZodType):
    def __init__(self, options: list[ZodType]) -> None:
        super().__init__()
        self.options_ = list(options)

    def _base_annotation(self, plain: bool = True) -> Any:
        # zod returns the first member that parses: left-to-right, not pydantic's "smart" mode
        members = tuple(o.annotation(plain) for o in self.options_)
        return Annotated[Union[members], Field(union_mode="left_to_right")]  # noqa: UP007

    def _base_json(self) -> dict[str, Any]:
        return {"anyOf": [o.to_json_schema() for o in self.options_]}


class ZodRecord(ZodType):
    def __init__(self, key: ZodType | None, value: ZodType) -> None:
        super().__init__()
        self.key = key
        self.value = value

    def _base_annotation(self, plain: bool = True) -> Any:
        return dict[str, self.value.annotation(plain)]  # type: ignore[misc]

    def _base_json(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": (self.key or ZodString()).to_json_schema(),
            "additionalProperties": self.value.to_json_schema(),
        }


class ZodTuple(ZodType):
    def __init__(self, items: list[ZodType]) -> None:
        super().__init__()
        self.items = list(items)

    def _base_annotation(self, plain: bool = True) -> Any:
        members = tuple(i.annotation(plain) for i in self.items)
        # JS has no tuples: keep the parsed value a list, as zod does
        return Annotated[tuple[members], AfterValidator(list)]  # type: ignore[valid-type]

    def _base_json(self) -> dict[str, Any]:
        return {
            "type": "array",
            "prefixItems": [i.to_json_schema() for i in self.items],
            "items": False,
        }


class ZodDate(ZodType):
    """A JS ``Date``: a ``datetime``; a model can only send a string, so ISO strings parse."""

    def _base_annotation(self, plain: bool = True) -> Any:
        return _dt.datetime

    def _base_json(self) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}


class ZodIntersection(ZodType):
    def __init__(self, left: ZodType, right: ZodType) -> None:
        super().__init__()
        self.left = left
        self.right = right

    def _merged(self) -> ZodType | None:
        if isinstance(self.left, ZodObject) and isinstance(self.right, ZodObject):
            return self.left.merge(self.right)
        return None

    def _base_annotation(self, plain: bool = True) -> Any:
        merged = self._merged()
        if merged is not None:
            return merged.annotation(plain)
        left, right = self.left, self.right

        def both(value: Any) -> Any:
            a, b = left.parse(value), right.parse(value)
            return {**a, **b} if isinstance(a, dict) and isinstance(b, dict) else b

        return Annotated[Any, AfterValidator(both)]

    def _base_json(self) -> dict[str, Any]:
        return {"allOf": [self.left.to_json_schema(), self.right.to_json_schema()]}


class ZodDiscriminatedUnion(ZodType):
    def __init__(self, discriminator: str, options: list[ZodType]) -> None:
        super().__init__()
        self.discriminator = discriminator
        self.options_ = list(options)

    def _base_annotation(self, plain: bool = True) -> Any:
        by_tag: dict[Any, ZodType] = {}
        for option in self.options_:
            tag = option.shape.get(self.discriminator) if isinstance(option, ZodObject) else None
            if isinstance(tag, ZodLiteral):
                by_tag[tag.value] = option
            elif isinstance(tag, ZodEnum):
                for value in tag.options:
                    by_tag[value] = option
        key = self.discriminator
        fallback = ZodUnion(self.options_)

        def pick(value: Any) -> Any:
            if isinstance(value, dict) and value.get(key) in by_tag:
                return by_tag[value[key]].parse(value)
            if isinstance(value, dict):
                raise ValueError(
                    f"Invalid discriminator value {value.get(key)!r} for {key!r}; "
                    f"expected one of {sorted(map(str, by_tag))}"
                )
            return fallback.parse(value)

        return Annotated[Any, AfterValidator(pick)]

    def _base_json(self) -> dict[str, Any]:
        return {"oneOf": [o.to_json_schema() for o in self.options_]}


class ZodLazy(ZodType):
    """``z.lazy(lambda: schema)``: resolved on first use (recursive schemas).

    Validation recurses through the getter; the JSON schema of a self-reference is ``{}``
    after the first level, so rendering terminates."""

    _rendering: ClassVar[set[int]] = set()

    def __init__(self, getter: Callable[[], ZodType]) -> None:
        super().__init__()
        self.getter = getter
        self._schema: ZodType | None = None

    @property
    def schema(self) -> ZodType:
        if self._schema is None:
            self._schema = self.getter()
        return self._schema

    def _base_annotation(self, plain: bool = True) -> Any:
        lazy = self

        def parse(value: Any) -> Any:
            return lazy.schema.parse(value)

        return Annotated[Any, AfterValidator(parse)]

    def _base_json(self) -> dict[str, Any]:
        key = id(self)
        if key in ZodLazy._rendering:
            return {}
        ZodLazy._rendering.add(key)
        try:
            return self.schema.to_json_schema()
        finally:
            ZodLazy._rendering.discard(key)


class ZodNever(ZodType):
    def _base_annotation(self, plain: bool = True) -> Any:
        def never(value: Any) -> Any:
            raise ValueError("Invalid input: expected never")

        return Annotated[Any, AfterValidator(never)]

    def _base_json(self) -> dict[str, Any]:
        return {"not": {}}


def _coercer(kind: str) -> Callable[[Any], Any]:
    """JS coercion semantics (``z.coerce.*``)."""

    def coerce(value: Any) -> Any:
        if kind == "string":
            if value is None:
                return "null"
            if isinstance(value, bool):
                return "true" if value else "false"
            return str(value)
        if kind == "boolean":
            return bool(value)
        if kind == "number":
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, int | float):
                return value
            text = str(value).strip()
            if text == "":
                return 0
            try:
                number = float(text)
            except ValueError:
                raise ValueError(f"Invalid input: expected number, received {value!r}") from None
            return int(number) if number.is_integer() and "." not in text else number
        if kind == "date" and isinstance(value, str):
            return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value

    return coerce


class ZodCoerced(ZodType):
    def __init__(self, inner: ZodType, kind: str) -> None:
        super().__init__()
        self.inner = inner
        self.kind = kind

    def __getattr__(self, name: str) -> Any:
        # keep chaining the inner schema's checks: z.coerce.number().min(1)
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def chained(*args: Any, **kwargs: Any) -> Any:
            out = attr(*args, **kwargs)
            return ZodCoerced(out, self.kind) if isinstance(out, ZodType) else out

        return chained

    def _base_annotation(self, plain: bool = True) -> Any:
        return Annotated[self.inner.annotation(plain), BeforeValidator(_coercer(self.kind))]

    def _base_json(self) -> dict[str, Any]:
        return self.inner.to_json_schema()


class _Coerce:
    def string(self) -> ZodCoerced:
        return ZodCoerced(ZodString(), "string")

    def number(self) -> ZodCoerced:
        return ZodCoerced(ZodNumber(), "number")

    def boolean(self) -> ZodCoerced:
        return ZodCoerced(ZodBoolean(), "boolean")

    def date(self) -> ZodCoerced:
        return ZodCoerced(ZodDate(), "date")


class ZodObject(ZodType):
    def __init__(self, shape: dict[str, ZodType], extra: str = "ignore") -> None:
        super().__init__()
        self.shape = dict(shape)
        self._extra = extra
        self._model: type[BaseModel] | None = None
        self._plain_model: type[BaseModel] | None = None

    def _with_shape(self, shape: dict[str, ZodType], extra: str | None = None) -> ZodObject:
        c = self._copy()
        assert isinstance(c, ZodObject)
        c.shape = shape
        c._extra = extra or self._extra
        c._model = None
        c._plain_model = None
        return c

    def extend(self, shape: dict[str, ZodType]) -> ZodObject:
        return self._with_shape({**self.shape, **shape})

    def merge(self, other: ZodObject) -> ZodObject:
        return self._with_shape({**self.shape, **other.shape}, other._extra)

    def pick(self, keys: dict[str, bool] | list[str]) -> ZodObject:
        return self._with_shape({k: v for k, v in self.shape.items() if k in keys})

    def omit(self, keys: dict[str, bool] | list[str]) -> ZodObject:
        return self._with_shape({k: v for k, v in self.shape.items() if k not in keys})

    def partial(self) -> ZodObject:
        return self._with_shape({k: v.optional() for k, v in self.shape.items()})

    def required(self) -> ZodObject:
        shape = {}
        for k, v in self.shape.items():
            c = v._copy()
            c._optional = False
            shape[k] = c
        return self._with_shape(shape)

    def strict(self) -> ZodObject:
        return self._with_shape(self.shape, "forbid")

    def passthrough(self) -> ZodObject:
        return self._with_shape(self.shape, "allow")

    def strip(self) -> ZodObject:
        return self._with_shape(self.shape, "ignore")

    def keyof(self) -> ZodEnum:
        return ZodEnum(list(self.shape))

    def to_model(self, name: str = "Input") -> type[BaseModel]:
        """A pydantic model with this shape (fields keep zod's optional/default semantics)."""
        if self._model is None:
            self._model = self._build_model(name, plain=False)
        return self._model

    def _build_model(self, name: str, plain: bool) -> type[BaseModel]:
        fields: dict[str, Any] = {}
        for key, field_schema in self.shape.items():
            kwargs: dict[str, Any] = {}
            if field_schema.description is not None:
                kwargs["description"] = field_schema.description
            if field_schema._default is not _MISSING:
                default = field_schema._default
                kwargs["default_factory" if isinstance(default, list | dict) else "default"] = (
                    (lambda d=default: _deep_copy(d))
                    if isinstance(default, list | dict)
                    else default
                )
            elif field_schema._optional:
                kwargs["default"] = None
            ann = field_schema.annotation(plain)
            if field_schema._optional and field_schema._default is _MISSING:
                ann = Union[ann, None]  # noqa: UP007
            fields[key] = (ann, Field(**kwargs))
        config = ConfigDict(extra=self._extra)  # type: ignore[typeddict-item]
        return create_model(name, __config__=config, **fields)

    def _base_annotation(self, plain: bool = True) -> Any:
        if not plain:
            return self.to_model()
        if self._plain_model is None:
            self._plain_model = self._build_model("Input", plain=True)
        absent_ok = {k for k, v in self.shape.items() if v._optional and v._default is _MISSING}

        def to_dict(value: BaseModel) -> dict[str, Any]:
            # zod returns a plain object, without the optional keys that were absent
            data = {
                k: getattr(value, k)
                for k in type(value).model_fields
                if k not in absent_ok or k in value.model_fields_set
            }
            if value.model_extra:
                data.update(value.model_extra)
            return data

        return Annotated[self._plain_model, AfterValidator(to_dict)]

    def _base_json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {k: v.to_json_schema() for k, v in self.shape.items()},
        }
        required = [k for k, v in self.shape.items() if not v.is_optional]
        if required:
            schema["required"] = required
        schema["additionalProperties"] = {"forbid": False, "allow": {}, "ignore": False}[
            self._extra
        ]
        return schema


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


class _Preprocessed(ZodType):
    def __init__(self, fn: Callable[[Any], Any], inner: ZodType) -> None:
        super().__init__()
        self.fn = fn
        self.inner = inner

    def _base_annotation(self, plain: bool = True) -> Any:
        return Annotated[self.inner.annotation(plain), BeforeValidator(self.fn)]

    def _base_json(self) -> dict[str, Any]:
        return self.inner.to_json_schema()


class _Z:
    """The ``z`` namespace."""

    ZodError = ZodError

    def string(self) -> ZodString:
        return ZodString()

    def number(self) -> ZodNumber:
        return ZodNumber()

    def int(self) -> ZodNumber:
        return ZodNumber().int()

    def boolean(self) -> ZodBoolean:
        return ZodBoolean()

    def any(self) -> ZodAny:
        return ZodAny()

    def unknown(self) -> ZodAny:
        return ZodAny()

    def null(self) -> ZodNull:
        return ZodNull()

    def literal(self, value: Any) -> ZodLiteral:
        return ZodLiteral(value)

    def enum(self, values: list[str]) -> ZodEnum:
        return ZodEnum(values)

    def array(self, element: ZodType) -> ZodArray:
        return ZodArray(element)

    def object(self, shape: dict[str, ZodType]) -> ZodObject:
        return ZodObject(shape)

    def strictObject(self, shape: dict[str, ZodType]) -> ZodObject:
        return ZodObject(shape, "forbid")

    def union(self, options: list[ZodType]) -> ZodUnion:
        return ZodUnion(options)

    def record(self, key_or_value: ZodType, value: ZodType | None = None) -> ZodRecord:
        if value is None:
            return ZodRecord(None, key_or_value)
        return ZodRecord(key_or_value, value)

    def optional(self, schema: ZodType) -> ZodType:
        return schema.optional()

    def nullable(self, schema: ZodType) -> ZodType:
        return schema.nullable()

    coerce = _Coerce()

    def tuple(self, items: list[ZodType]) -> ZodTuple:
        return ZodTuple(items)

    def date(self) -> ZodDate:
        return ZodDate()

    def lazy(self, getter: Callable[[], ZodType]) -> ZodLazy:
        return ZodLazy(getter)

    def intersection(self, left: ZodType, right: ZodType) -> ZodIntersection:
        return ZodIntersection(left, right)

    def discriminatedUnion(self, key: str, options: list[ZodType]) -> ZodDiscriminatedUnion:
        return ZodDiscriminatedUnion(key, options)

    def nativeEnum(self, enum_cls: Any) -> ZodEnum:
        values = enum_cls if isinstance(enum_cls, list) else [m.value for m in enum_cls]
        return ZodEnum(values)

    def undefined(self) -> ZodNull:
        return ZodNull()

    void = undefined

    def never(self) -> ZodNever:
        return ZodNever()

    def looseObject(self, shape: dict[str, ZodType]) -> ZodObject:
        return ZodObject(shape, "allow")

    # zod 4 top-level string formats
    def email(self) -> ZodString:
        return ZodString().email()

    def url(self) -> ZodString:
        return ZodString().url()

    def uuid(self) -> ZodString:
        return ZodString().uuid()

    def preprocess(self, fn: Callable[[Any], Any], schema: ZodType) -> ZodType:
        return _Preprocessed(fn, schema)


z = _Z()
