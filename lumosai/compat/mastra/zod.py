"""`z`: a zod-shaped schema builder for Mastra-shaped Python.

Each schema validates data the way zod does (unknown object keys stripped, defaults filled,
no silent coercion) through a pydantic ``TypeAdapter``, and renders the JSON schema Mastra sends
to the model (``to_json_schema()``, zod 4 ``z.toJSONSchema`` style: inline, no titles).
``z.object(...).to_model()`` gives a real pydantic model for native Lumos code.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    create_model,
)

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
    def from_pydantic(cls, err: ValidationError) -> ZodError:
        return cls([{"path": list(e["loc"]), "message": e["msg"]} for e in err.errors()])


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

    def array(self) -> ZodArray:
        return ZodArray(self)

    def or_(self, other: ZodType) -> ZodUnion:
        return ZodUnion([self, other])

    # -- parsing --
    def parse(self, value: Any) -> Any:
        try:
            return self._get_adapter().validate_python(value)
        except ValidationError as err:
            raise ZodError.from_pydantic(err) from None

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


def _refiner(check: Callable[[Any], bool], message: str) -> Callable[[Any], Any]:
    def run(value: Any) -> Any:
        if not check(value):
            raise ValueError(message)
        return value

    return run


class ZodString(ZodType):
    def __init__(self) -> None:
        super().__init__()
        self._checks: dict[str, Any] = {}

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
        return Annotated[StrictStr, Field(**kwargs)] if kwargs else StrictStr

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

    def _base_annotation(self, plain: bool = True) -> Any:
        names = {
            "minimum": "ge",
            "maximum": "le",
            "exclusiveMinimum": "gt",
            "exclusiveMaximum": "lt",
            "multipleOf": "multiple_of",
        }
        kwargs = {names[k]: v for k, v in self._checks.items()}
        # JS has one number type: keep ints as ints, floats as floats.
        base: Any = StrictInt if self._int else Union[StrictInt, StrictFloat]  # noqa: UP007
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


z = _Z()
