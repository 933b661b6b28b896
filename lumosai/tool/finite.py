"""A number field holds a finite number: zod's `z.number()` refuses NaN and ±Infinity
("Invalid input: expected number, received NaN"), pydantic's float lets them through.

A converted tool that computes a day count between Invalid Dates returns NaN where Mastra 1.x's
output check then fails the call; the Lumos output check must fail it the same way.
"""

from __future__ import annotations

import collections.abc
import math
import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from lumosai.tool.errors import ToolValidationError
from lumosai.tool.zod_words import formatted


def received(value: float) -> str:
    """How zod names a non-finite number it was given: NaN, Infinity, -Infinity."""
    if value != value:
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def non_finite_message(value: float) -> str:
    """zod 4's words for a non-finite number where a number is expected."""
    return f"Invalid input: expected number, received {received(value)}"


#: a problem found in a tool's output: the path of keys (list indexes as text) and zod's words
Issue = tuple[list[str], str]


def non_finite_issues(model: BaseModel) -> list[Issue]:
    """Every NaN or infinite float in a number field of `model` (validated data), in field
    order; fields typed `Any` (z.any(), z.unknown()) take any value."""
    issues: list[Issue] = []
    _walk_model(model, [], issues)
    return issues


def _walk_model(model: BaseModel, path: list[str], out: list[Issue]) -> None:
    if isinstance(model, RootModel):
        field = type(model).model_fields["root"]
        _walk(model.root, field.annotation, path, out)
        return
    for name, field in type(model).model_fields.items():
        _walk(getattr(model, name), field.annotation, [*path, field.alias or name], out)


def _walk(value: Any, annotation: Any, path: list[str], out: list[Issue]) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        if _admits(annotation, float):
            out.append((path, non_finite_message(value)))
        return
    if isinstance(value, BaseModel):
        _walk_model(value, path, out)
    elif isinstance(value, list | tuple):
        item = _member_args(annotation, (list, tuple, collections.abc.Sequence))
        for index, element in enumerate(value):
            element_type = item[index] if len(item) > 1 and index < len(item) else _first(item)
            _walk(element, element_type, [*path, str(index)], out)
    elif isinstance(value, dict):
        item = _member_args(annotation, (dict, collections.abc.Mapping))
        for key, element in value.items():
            _walk(element, item[-1] if item else None, [*path, str(key)], out)


def _first(args: tuple[Any, ...]) -> Any:
    return args[0] if args else None


def _members(annotation: Any) -> list[Any]:
    """The annotation with Annotated metadata dropped and unions spread out."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _admits(annotation: Any, kind: type) -> bool:
    return any(m is kind for m in _members(annotation))


def _member_args(annotation: Any, origins: tuple[type, ...]) -> tuple[Any, ...]:
    """The type arguments of the union member that is a `list[...]`/`dict[...]` (an item
    type `Ellipsis` of `tuple[X, ...]` left out)."""
    for member in _members(annotation):
        origin = typing.get_origin(member)
        if origin is not None and isinstance(origin, type) and issubclass(origin, origins):
            return tuple(a for a in typing.get_args(member) if a is not Ellipsis)
    return ()


def output_issues(exc: ValidationError) -> list[Issue]:
    """The pydantic errors of a tool's output, a non-finite number in zod's words (pydantic's
    int refuses NaN as 'Input should be a finite number')."""
    issues: list[Issue] = []
    for err in exc.errors():
        path = [str(p) for p in err.get("loc", ())]
        value = err.get("input")
        if err.get("type") == "finite_number" and isinstance(value, float):
            message = non_finite_message(value)
        else:
            message = "Required" if err.get("type") == "missing" else str(err.get("msg"))
        issues.append((path, message))
    return issues


def output_failure(tool_id: str, issues: list[Issue], output: Any) -> ToolValidationError:
    """The failed output check, carrying what Mastra 1.x's `validateToolOutput` hands the
    model instead of the output: `{error: true, message, validationErrors}`."""
    problems = [f"{'.'.join(path) or 'root'}: {message}" for path, message in issues]
    failure = ToolValidationError(tool_id, problems, output, what="output")
    failure.model_result = {
        "error": True,
        "message": str(failure),
        "validationErrors": formatted(issues),
    }
    return failure


def js_data(value: Any) -> Any:
    """`value` as JSON.stringify sees it: NaN and ±Infinity are null, integral floats ints."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, BaseModel):
        return js_data(value.model_dump(by_alias=True))
    if isinstance(value, dict):
        return {k: js_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [js_data(v) for v in value]
    return value
