"""Schema checks for step data, compiled once per step so unschema'd steps pay nothing."""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import enum
import json
import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from lumosai.workflow.errors import StepValidationError

Validator = Callable[[Any], Any]


def describe_validation_error(err: ValidationError) -> str:
    """One line per failing field: ``field 'a.b': message``."""
    parts = []
    for item in err.errors():
        loc = ".".join(str(p) for p in item.get("loc", ())) or "<root>"
        parts.append(f"field '{loc}': {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def compile_validator(
    schema: Any, step_id: str, what: str, *, subject: str | None = None
) -> Validator | None:
    """Return ``data -> validated plain data`` or None when there is nothing to check.

    Pydantic models and other types are validated; a JSON-schema ``dict`` is kept for
    documentation only (tool steps validate their own input).
    """
    if schema is None or isinstance(schema, dict):
        return None
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        model: type[BaseModel] = schema
        # pydantic-core directly: the BaseModel wrappers cost more than the check itself
        validate = model.__pydantic_validator__.validate_python
        dump = model.__pydantic_serializer__.to_python

        def check_model(data: Any) -> Any:
            try:
                if isinstance(data, model):
                    return dump(data)
                return dump(validate(data))
            except ValidationError as err:
                raise StepValidationError(
                    step_id, what, describe_validation_error(err), subject
                ) from None

        return check_model
    adapter: TypeAdapter[Any] = TypeAdapter(schema)

    def check_type(data: Any) -> Any:
        try:
            return adapter.dump_python(adapter.validate_python(data))
        except ValidationError as err:
            raise StepValidationError(
                step_id, what, describe_validation_error(err), subject
            ) from None

    return check_type


def plain(value: Any) -> Any:
    """Turn a pydantic model returned by a step into plain data; leave anything else alone."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    return value


def json_default(value: Any) -> Any:
    """``json.dumps`` fallback for values steps commonly return."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, uuid.UUID | PurePath):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")


def to_json_safe(value: Any) -> Any:
    """A JSON round trip of ``value`` (raises TypeError naming the offending type)."""
    return json.loads(json.dumps(value, default=json_default))
