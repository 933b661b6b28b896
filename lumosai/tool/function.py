"""``@tool`` and ``FunctionTool``: a Python function (sync or async) as a tool."""

from __future__ import annotations

import asyncio
import collections.abc
import dataclasses
import inspect
import typing
from collections.abc import Callable
from typing import Any, overload

from pydantic import BaseModel, RootModel, ValidationError

from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext
from lumosai.tool.errors import ToolValidationError
from lumosai.tool.finite import non_finite_issues, output_failure, output_issues
from lumosai.tool.signature import (
    is_context_param,
    model_from_signature,
    parse_docstring,
    resolved_hints,
    strip_titles,
)
from lumosai.tool.zod_words import input_issues, not_object

_DICT_TYPES: tuple[Any, ...] = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


class FunctionTool(Tool):
    """A tool backed by a function; still callable like the function itself.

    The input is validated with pydantic: with ``input_schema`` the function gets the model
    instance (first parameter annotated with the model) or a plain dict (annotated ``dict``);
    without it, the parameters are derived from the signature and passed as keywords.
    ``output_schema`` validates what the function returns. Sync functions run in a thread so a
    blocking tool does not stall concurrent tool calls.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        name: str | None = None,
        description: str | None = None,
        input_schema: type[BaseModel] | None = None,
        output_schema: type[BaseModel] | None = None,
        run_in_thread: bool = True,
    ) -> None:
        if not callable(fn):
            raise TypeError(f"@tool needs a function, got {fn!r}")
        tool_id = name or getattr(fn, "__name__", None) or "tool"
        doc_description, param_docs = parse_docstring(inspect.getdoc(fn))
        self.fn = fn
        self.input_model: type[BaseModel]
        self.output_model = output_schema
        self._is_async = inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
            getattr(fn, "__call__", None)  # noqa: B004
        )
        self._run_in_thread = run_in_thread
        self._arg_mode: str  # "kwargs" | "model" | "dict"
        self._arg_names: list[str]
        if input_schema is not None:
            if not (isinstance(input_schema, type) and issubclass(input_schema, BaseModel)):
                raise TypeError(f"input_schema of tool {tool_id!r} must be a pydantic model class")
            self.input_model = input_schema
            self._arg_mode, self._arg_names, self._context_name = _schema_call_style(
                fn, input_schema
            )
            parameters = input_schema.model_json_schema()
        else:
            model, names, context_name = model_from_signature(fn, tool_id, param_docs)
            self.input_model = model
            self._arg_mode, self._arg_names, self._context_name = "kwargs", names, context_name
            parameters = strip_titles(model.model_json_schema())
        if output_schema is not None and not (
            isinstance(output_schema, type) and issubclass(output_schema, BaseModel)
        ):
            raise TypeError(f"output_schema of tool {tool_id!r} must be a pydantic model class")
        super().__init__(
            id=tool_id,
            description=description if description is not None else doc_description,
            parameters=parameters,
            output_schema=output_schema.model_json_schema() if output_schema else None,
        )
        self.__doc__ = fn.__doc__
        self.__name__ = getattr(fn, "__name__", tool_id)
        self.__wrapped__ = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the underlying function directly, bypassing validation."""
        return self.fn(*args, **kwargs)

    def validate_args(self, args: Any) -> Any:
        if args is None:
            args = {}
        if not isinstance(args, dict):
            raise ToolValidationError(
                self.id, ["arguments must be a JSON object"], args, issues=[not_object(args)]
            )
        try:
            return self.input_model.model_validate(args)
        except ValidationError as exc:
            issues = input_issues(exc, self.parameters, args)
            raise ToolValidationError(self.id, _problems(exc), args, issues=issues) from None

    async def call(self, args: Any, context: ToolExecutionContext) -> Any:
        model = args if isinstance(args, BaseModel) else self.validate_args(args)
        call_args: tuple[Any, ...] = ()
        call_kwargs: dict[str, Any]
        if self._arg_mode == "kwargs":
            call_kwargs = {n: getattr(model, n) for n in self._arg_names}
        elif self._arg_mode == "model":
            call_args, call_kwargs = (model,), {}
        else:
            call_args, call_kwargs = (validated_dict(model),), {}
        if self._context_name is not None:
            call_kwargs[self._context_name] = context
        if self._is_async:
            result = await self.fn(*call_args, **call_kwargs)
        elif self._run_in_thread:
            result = await asyncio.to_thread(self.fn, *call_args, **call_kwargs)
        else:
            result = self.fn(*call_args, **call_kwargs)
        if inspect.isawaitable(result):
            result = await result
        return self._check_output(result)

    def _check_output(self, result: Any) -> Any:
        if self.output_model is None or not self.validate_output:
            return result
        try:
            if isinstance(result, BaseModel) and not isinstance(result, self.output_model):
                result = result.model_dump()
            model = self.output_model.model_validate(result)
        except ValidationError as exc:
            raise output_failure(self.id, output_issues(exc), result) from None
        issues = non_finite_issues(model)  # zod's z.number() refuses NaN, a float takes it
        if issues:
            raise output_failure(self.id, issues, result)
        # plain data, as zod's parse gives Mastra tools (callers index it like a dict)
        return validated_dict(model)


def validated_dict(model: BaseModel) -> dict[str, Any]:
    """The validated data as zod's ``parse`` returns it: set keys plus non-None defaults, at
    every depth (an object inside a list gets its defaults too)."""
    data: dict[str, Any] = {}
    for field_name, info in type(model).model_fields.items():
        if field_name not in model.model_fields_set and not _has_real_default(info):
            continue
        data[info.alias or field_name] = _parsed(getattr(model, field_name))
    for key, value in (model.model_extra or {}).items():  # .passthrough() keeps unknown keys
        data[key] = _parsed(value)
    return data


def _parsed(value: Any) -> Any:
    if isinstance(value, RootModel):
        return _parsed(value.root)
    if isinstance(value, BaseModel):
        return validated_dict(value)
    if isinstance(value, list | tuple):
        return [_parsed(v) for v in value]
    if isinstance(value, dict):
        return {k: _parsed(v) for k, v in value.items()}
    return value


def _has_real_default(info: Any) -> bool:
    if info.default_factory is not None:
        return True
    return info.default is not None and not info.is_required()


def _schema_call_style(
    fn: Callable[..., Any], model: type[BaseModel]
) -> tuple[str, list[str], str | None]:
    """How to hand a validated ``input_schema`` model to ``fn``: as the model, a dict, or kwargs."""
    sig = inspect.signature(fn)
    hints = resolved_hints(fn)
    context_name: str | None = None
    others: list[inspect.Parameter] = []
    for param in sig.parameters.values():
        hint = hints.get(param.name, param.annotation)
        if is_context_param(param, hint):
            context_name = param.name
        elif param.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            others.append(param)
    if not others:
        return "kwargs", [], context_name
    first = others[0]
    hint = hints.get(first.name, first.annotation)
    if (typing.get_origin(hint) or hint) in _DICT_TYPES:
        return "dict", [], context_name
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return "model", [], context_name
    fields = set(model.model_fields)
    if (len(others) > 1 or (first.name in fields and hint is not inspect.Parameter.empty)) and all(
        p.name in fields or p.default is not inspect.Parameter.empty for p in others
    ):
        return "kwargs", [p.name for p in others if p.name in fields], context_name
    return "model", [], context_name


def _problems(exc: ValidationError) -> list[str]:
    problems = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(root)"
        msg = err.get("msg", "invalid")
        if err.get("type") == "missing":
            msg = "Required"
        problems.append(f"{loc}: {msg}")
    return problems


def to_jsonable(value: Any) -> Any:
    """A tool's return value as JSON-friendly data (pydantic models and dataclasses dumped)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


@overload
def tool(fn: Callable[..., Any], /) -> FunctionTool: ...


@overload
def tool(
    fn: None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: type[BaseModel] | None = None,
    output_schema: type[BaseModel] | None = None,
    run_in_thread: bool = True,
    require_approval: bool = False,
    to_model_output: Callable[[Any], Any] | None = None,
    validate_output: bool = True,
) -> Callable[[Callable[..., Any]], FunctionTool]: ...


def tool(
    fn: Callable[..., Any] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    input_schema: type[BaseModel] | None = None,
    output_schema: type[BaseModel] | None = None,
    run_in_thread: bool = True,
    require_approval: bool = False,
    to_model_output: Callable[[Any], Any] | None = None,
    validate_output: bool = True,
) -> FunctionTool | Callable[[Callable[..., Any]], FunctionTool]:
    """Turn a function into a ``FunctionTool``: ``@tool`` or ``@tool(name=..., input_schema=...)``.

    ``require_approval=True``: an agent's call of it waits for a person; ``to_model_output``:
    what the model sees of its result (see ``Tool``); ``validate_output=False`` hands the
    result on unchecked against ``output_schema`` (as Mastra 0.x tools did)."""

    def wrap(func: Callable[..., Any]) -> FunctionTool:
        made = FunctionTool(
            func,
            name=name,
            description=description,
            input_schema=input_schema,
            output_schema=output_schema,
            run_in_thread=run_in_thread,
        )
        made.require_approval = require_approval
        made.to_model_output = to_model_output
        made.validate_output = validate_output
        return made

    if fn is not None:
        return wrap(fn)
    return wrap


def create_tool(
    id: str,
    description: str,
    execute: Callable[..., Any],
    *,
    input_schema: type[BaseModel] | None = None,
    output_schema: type[BaseModel] | None = None,
) -> FunctionTool:
    """Function form of ``@tool`` (Lumos ``create_tool``)."""
    return FunctionTool(
        execute,
        name=id,
        description=description,
        input_schema=input_schema,
        output_schema=output_schema,
    )
