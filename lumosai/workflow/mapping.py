"""``map`` (reshape data between steps) and ``sleep``/``sleep_until``, as steps of their own."""

from __future__ import annotations

import asyncio
import datetime as _dt
import inspect
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from lumosai.workflow.context import StepContext
from lumosai.workflow.errors import WorkflowDefinitionError, WorkflowInputError
from lumosai.workflow.schema import compile_validator, json_default
from lumosai.workflow.step import Step

_TEMPLATE = re.compile(r"\$\{([^}]*)\}")
_SCOPES = ("inputData", "initData", "state", "requestContext", "stepResults")


def traverse(root: Any, path: str | None, label: str) -> Any:
    """Follow a dotted path (``a.b.0``); ``""``/``"."``/None is the root; missing keys give None."""
    if path is None or path in ("", "."):
        return root
    value = root
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list | tuple) and part.lstrip("-").isdigit():
            index = int(part)
            value = value[index] if -len(value) <= index < len(value) else None
        elif value is not None and hasattr(value, part):
            value = getattr(value, part)
        else:
            raise WorkflowInputError(f"invalid path '{path}' in {label}")
    return value


def _step_ids(ref: Any) -> list[str]:
    refs = ref if isinstance(ref, list | tuple) else [ref]
    return [r if isinstance(r, str) else getattr(r, "id", str(r)) for r in refs]


def _render(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, default=json_default)
    return str(value)


def resolve_template(template: str, ctx: StepContext, label: str) -> str:
    """Mastra's ``${inputData.x}``, ``${initData.x}``, ``${state.x}``, ``${requestContext.x}``,
    ``${stepResults.<id>.x}`` placeholders."""

    def replace(match: re.Match[str]) -> str:
        expr = match.group(1).strip()
        scope, _, rest = expr.partition(".")
        if scope == "inputData":
            return _render(traverse(ctx.input_data, rest, label))
        if scope == "initData":
            return _render(traverse(ctx.get_init_data(), rest, label))
        if scope == "state":
            return _render(traverse(ctx.state, rest, label))
        if scope == "requestContext":
            return _render(ctx.runtime_context.get(rest))
        if scope == "stepResults":
            step_id, _, sub = rest.partition(".")
            return _render(traverse(ctx.get_step_result(step_id), sub, label))
        raise WorkflowInputError(f"{label}: unknown template namespace '{scope}' in '{template}'")

    return _TEMPLATE.sub(replace, template)


def mapping_references(mapping: Mapping[str, Any]) -> list[str]:
    """Step ids a mapping reads (checked at commit: they must run before the map)."""
    ids: list[str] = []
    for spec in mapping.values():
        if isinstance(spec, Mapping):
            if "step" in spec:
                ids.extend(_step_ids(spec["step"]))
            template = spec.get("template")
            if isinstance(template, str):
                for match in _TEMPLATE.finditer(template):
                    scope, _, rest = match.group(1).strip().partition(".")
                    if scope == "stepResults" and rest:
                        ids.append(rest.split(".", 1)[0])
    return ids


def compile_mapping(map_id: str, mapping: Mapping[str, Any]) -> Callable[[StepContext], Any]:
    """Turn Mastra's mapping object into an execute function; bad entries fail at build time."""
    entries: list[tuple[str, str, Any, Any]] = []
    for key, spec in mapping.items():
        label = f"map '{map_id}' key '{key}'"
        if not isinstance(spec, Mapping):
            raise WorkflowDefinitionError(
                f"{label}: expected a dict like {{'step': ..., 'path': ...}}, got {spec!r}"
            )
        if "value" in spec:
            check = compile_validator(spec.get("schema"), map_id, f"mapping '{key}'")
            entries.append((key, "value", spec["value"], check))
        elif "fn" in spec:
            entries.append((key, "fn", spec["fn"], None))
        elif "template" in spec:
            _check_template(label, spec["template"])
            entries.append((key, "template", spec["template"], None))
        elif "request_context_path" in spec or "requestContextPath" in spec:
            path = spec.get("request_context_path", spec.get("requestContextPath"))
            entries.append((key, "rc", path, None))
        elif "init_data" in spec or "initData" in spec:
            entries.append((key, "init", spec.get("path"), None))
        elif "step" in spec:
            entries.append((key, "step", (_step_ids(spec["step"]), spec.get("path")), None))
        else:
            raise WorkflowDefinitionError(
                f"{label}: needs one of 'step'+'path', 'value', 'init_data'+'path',"
                f" 'request_context_path', 'template' or 'fn'; got {sorted(spec)}"
            )

    async def run_mapping(ctx: StepContext) -> Any:
        result: dict[str, Any] = {}
        for key, kind, arg, check in entries:
            label = f"map '{map_id}' key '{key}'"
            if kind == "value":
                result[key] = check(arg) if check is not None else arg
            elif kind == "fn":
                value = arg(ctx)
                result[key] = await value if inspect.isawaitable(value) else value
            elif kind == "template":
                result[key] = resolve_template(arg, ctx, label)
            elif kind == "rc":
                rc = ctx.runtime_context
                value = rc.get(arg)
                has = getattr(rc, "has", None)
                if value is not None or (has(arg) if has is not None else arg in rc):
                    result[key] = value  # absent: left out, as Mastra's undefined in JSON
            elif kind == "init":
                result[key] = traverse(ctx.get_init_data(), arg, label)
            else:
                ids, path = arg
                source = None
                for step_id in ids:
                    source = ctx.get_step_result(step_id)
                    if source is not None:
                        break
                result[key] = traverse(source, path, label)
        return result

    return run_mapping


def _check_template(label: str, template: Any) -> None:
    if not isinstance(template, str):
        raise WorkflowDefinitionError(f"{label}: template must be a string")
    for match in _TEMPLATE.finditer(template):
        scope = match.group(1).strip().partition(".")[0]
        if scope not in _SCOPES:
            raise WorkflowDefinitionError(
                f"{label}: placeholder '${{{match.group(1)}}}' uses unknown namespace '{scope}';"
                f" use one of {', '.join(_SCOPES)}"
            )


def map_step(map_id: str, spec: Callable[..., Any] | Mapping[str, Any]) -> Step:
    if isinstance(spec, Mapping):
        execute: Callable[[StepContext], Any] = compile_mapping(map_id, spec)
    elif callable(spec):
        execute = spec
    else:
        raise WorkflowDefinitionError(f"map '{map_id}': pass a function of ctx or a mapping dict")
    return Step(id=map_id, execute=execute, retries=0, kind="map", source=spec)


async def _maybe(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def sleep_step(step_id: str, duration: float | Callable[..., Any]) -> Step:
    """Wait ``duration`` milliseconds (or what ``duration(ctx)`` returns); pass the input on."""

    async def sleeper(ctx: StepContext) -> Any:
        ms = await _maybe(duration(ctx)) if callable(duration) else duration
        if ms and ms > 0:
            await asyncio.sleep(float(ms) / 1000.0)
        return ctx.input_data

    return Step(id=step_id, execute=sleeper, retries=0, kind="sleep", source=duration)


def _seconds_until(when: Any) -> float:
    if isinstance(when, int | float):
        target = float(when)
        return target - _dt.datetime.now(_dt.UTC).timestamp()
    if isinstance(when, str):
        when = _dt.datetime.fromisoformat(when)
    if isinstance(when, _dt.datetime):
        now = _dt.datetime.now(when.tzinfo) if when.tzinfo else _dt.datetime.now()
        return (when - now).total_seconds()
    raise WorkflowInputError(f"sleep_until: expected a datetime, got {type(when).__name__}")


def sleep_until_step(step_id: str, when: Any) -> Step:
    """Wait until a datetime (or what ``when(ctx)`` returns); pass the input on."""

    async def sleeper(ctx: StepContext) -> Any:
        target = await _maybe(when(ctx)) if callable(when) else when
        seconds = _seconds_until(target)
        if seconds > 0:
            await asyncio.sleep(seconds)
        return ctx.input_data

    return Step(id=step_id, execute=sleeper, retries=0, kind="sleep", source=when)
