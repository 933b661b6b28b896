"""Derive a tool's input model (and so its JSON schema) from a function signature and docstring."""

from __future__ import annotations

import inspect
import re
import typing
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from lumosai.tool.context import ToolExecutionContext

_NO_DEFAULT: Any = inspect.Parameter.empty


@dataclass(frozen=True, slots=True)
class Parameter:
    """Metadata for one tool parameter, used as ``Annotated[str, parameter(...)]`` (Lumos
    ``#[parameter]``)."""

    description: str | None = None
    required: bool | None = None
    default: Any = _NO_DEFAULT


def parameter(
    description: str | None = None, *, required: bool | None = None, default: Any = _NO_DEFAULT
) -> Parameter:
    """Describe a tool parameter: ``x: Annotated[int, parameter("how many", required=False)]``."""
    return Parameter(description=description, required=required, default=default)


def resolved_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """Type hints with string annotations resolved when possible (``from __future__ import annotations``)."""
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception:
        return dict(getattr(fn, "__annotations__", {}))


def is_context_param(param: inspect.Parameter, hint: Any) -> bool:
    if hint is ToolExecutionContext:
        return True
    if param.name == "context" and param.kind is inspect.Parameter.KEYWORD_ONLY:
        return True
    return param.name == "context" and (
        hint is inspect.Parameter.empty or "ToolExecutionContext" in str(hint)
    )


_SECTION = re.compile(
    r"^\s*(Args|Arguments|Parameters|Params|Returns|Raises|Yields|Example|Examples)\s*:\s*$"
)
_ARG_LINE = re.compile(r"^\s*(\*{0,2}\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_SPHINX = re.compile(r"^\s*:param\s+(?:[\w\[\], ]+\s+)?(\w+)\s*:\s*(.*)$")


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """Split a docstring into its description and per-parameter descriptions (Google or Sphinx style)."""
    if not doc:
        return "", {}
    lines = inspect.cleandoc(doc).splitlines()
    description: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None
    current: str | None = None
    for line in lines:
        sphinx = _SPHINX.match(line)
        if sphinx:
            current = sphinx.group(1)
            params[current] = sphinx.group(2).strip()
            section = "sphinx"
            continue
        if line.strip().startswith(":"):
            section, current = "sphinx", None
            continue
        header = _SECTION.match(line)
        if header:
            section = header.group(1).lower()
            current = None
            continue
        if section is None:
            description.append(line)
        elif section in ("args", "arguments", "parameters", "params"):
            match = _ARG_LINE.match(line)
            if match and (line[: len(line) - len(line.lstrip())].count(" ") <= 4):
                current = match.group(1).lstrip("*")
                params[current] = match.group(2).strip()
            elif current and line.strip():
                params[current] = (params[current] + " " + line.strip()).strip()
        elif section == "sphinx" and current and line.strip():
            params[current] = (params[current] + " " + line.strip()).strip()
    return "\n".join(description).strip(), params


def model_from_signature(
    fn: Callable[..., Any], name: str, param_docs: dict[str, str]
) -> tuple[type[BaseModel], list[str], str | None]:
    """Build a pydantic model of the function's parameters.

    Returns the model, the parameter names in order, and the name of the context parameter.
    """
    sig = inspect.signature(fn)
    hints = resolved_hints(fn)
    fields: dict[str, Any] = {}
    names: list[str] = []
    context_name: str | None = None
    for param in sig.parameters.values():
        hint = hints.get(param.name, param.annotation)
        if is_context_param(param, hint):
            context_name = param.name
            continue
        if param.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        annotation, meta = _split_parameter_meta(hint)
        if annotation is inspect.Parameter.empty:
            annotation = Any
        default = param.default
        if meta is not None and meta.default is not _NO_DEFAULT:
            default = meta.default
        if default is _NO_DEFAULT and meta is not None and meta.required is False:
            default = None
        description = (meta.description if meta else None) or param_docs.get(param.name)
        field_kwargs: dict[str, Any] = {}
        if description:
            field_kwargs["description"] = description
        field = Field(default=... if default is _NO_DEFAULT else default, **field_kwargs)
        fields[param.name] = (annotation, field)
        names.append(param.name)
    config = ConfigDict(arbitrary_types_allowed=True, protected_namespaces=())
    with warnings.catch_warnings():
        # a parameter named `json`, `schema`, `copy`... shadows a BaseModel method; the field
        # value still wins on instances, which is all the tool call reads
        warnings.filterwarnings("ignore", message=".*shadows an attribute", category=UserWarning)
        model = create_model(_model_name(name), __config__=config, **fields)  # type: ignore[call-overload]
    return model, names, context_name


def _split_parameter_meta(hint: Any) -> tuple[Any, Parameter | None]:
    """``Annotated[T, parameter(...)]`` -> ``(T or Annotated[T, other metadata], Parameter)``."""
    if typing.get_origin(hint) is typing.Annotated:
        base, *extras = typing.get_args(hint)
        meta = next((e for e in extras if isinstance(e, Parameter)), None)
        others = [e for e in extras if not isinstance(e, Parameter)]
        if meta is not None:
            return (typing.Annotated[tuple([base, *others])] if others else base), meta  # type: ignore[misc]
    return hint, None


def _model_name(name: str) -> str:
    cleaned = re.sub(r"\W", "_", name) or "tool"
    return cleaned if cleaned[0].isalpha() else f"t_{cleaned}"


def strip_titles(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop the ``title`` keys pydantic invents for signature-derived schemas (``"A"`` for ``a``)."""
    schema.pop("title", None)
    for prop in (schema.get("properties") or {}).values():
        if isinstance(prop, dict):
            prop.pop("title", None)
    return schema
