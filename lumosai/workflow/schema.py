"""Schema checks for step data, compiled once per step so unschema'd steps pay nothing."""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import enum
import json
import typing
import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

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
    documentation only (tool steps validate their own input). The data comes back as zod's
    ``parse`` returns it: defaults filled in, but no key for an optional field that was absent
    (see ``drop_absent``).
    """
    if schema is None or isinstance(schema, dict):
        return None
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        model: type[BaseModel] = schema
        # pydantic-core directly: the BaseModel wrappers cost more than the check itself
        validate = model.__pydantic_validator__.validate_python
        dump = model.__pydantic_serializer__.to_python
        # most step schemas have no optional field without a default at any depth: then
        # nothing can be absent and the walk is skipped (it was half of a step's cost)
        may_drop = _may_drop(model, set())

        def check_model(data: Any) -> Any:
            try:
                parsed = data if isinstance(data, model) else validate(data)
                return drop_absent(parsed, dump(parsed)) if may_drop else dump(parsed)
            except ValidationError as err:
                raise StepValidationError(
                    step_id, what, describe_validation_error(err), subject
                ) from None

        return check_model
    adapter: TypeAdapter[Any] = TypeAdapter(schema)

    def check_type(data: Any) -> Any:
        try:
            parsed = adapter.validate_python(data)
            return drop_absent(parsed, adapter.dump_python(parsed))
        except ValidationError as err:
            raise StepValidationError(
                step_id, what, describe_validation_error(err), subject
            ) from None

    return check_type


def drop_absent(parsed: Any, dumped: Any) -> Any:
    """``dumped`` (pydantic's dump of ``parsed``) without the keys of fields that were absent
    from the input and have no default of their own (an optional field's ``None``), at every
    depth: zod's ``parse`` adds no key for an absent ``.optional()`` field, and a JSON result
    would show ``null`` where Mastra's has nothing."""
    if isinstance(parsed, RootModel):
        return drop_absent(parsed.root, dumped)
    if isinstance(parsed, BaseModel) and isinstance(dumped, dict):
        for name, info in type(parsed).model_fields.items():
            key = _dumped_key(name, info, dumped)
            if key is None:
                continue
            if name not in parsed.model_fields_set and not _has_own_default(info):
                del dumped[key]
            else:
                dumped[key] = drop_absent(getattr(parsed, name), dumped[key])
        return dumped
    if isinstance(parsed, list | tuple) and isinstance(dumped, list) and len(parsed) == len(dumped):
        return [drop_absent(p, d) for p, d in zip(parsed, dumped, strict=True)]
    if isinstance(parsed, dict) and isinstance(dumped, dict):
        return {k: drop_absent(parsed[k], v) if k in parsed else v for k, v in dumped.items()}
    return dumped


def _may_drop(model: type[BaseModel], seen: set[type[BaseModel]]) -> bool:
    """Whether ``drop_absent`` can remove anything from a dump of ``model``: some field, at
    any depth, is optional without a default of its own. Root models count as yes."""
    if issubclass(model, RootModel) or model in seen:
        return issubclass(model, RootModel)
    seen.add(model)
    for info in model.model_fields.values():
        if not info.is_required() and not _has_own_default(info):
            return True
        if any(_may_drop(inner, seen) for inner in _models_in(info.annotation)):
            return True
    return False


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic model classes an annotation mentions (``list[Item] | None`` -> [Item])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _dumped_key(name: str, info: FieldInfo, dumped: dict[str, Any]) -> str | None:
    for key in (info.serialization_alias, info.alias, name):
        if key is not None and key in dumped:
            return key
    return None


def _has_own_default(info: FieldInfo) -> bool:
    """A ``.default(x)`` (not the ``None`` an optional field gets when left out)."""
    if info.default_factory is not None:
        return True
    return info.default is not None and not info.is_required()


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
