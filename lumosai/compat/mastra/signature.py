"""How to call a user's ``execute``: positional (``fn(inputData, context)``), with one argument,
or with keywords (a Python port of a destructured ``({ context, runtimeContext }) =>``)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Mapping
from typing import Any, Literal

CallStyle = Literal["keywords", "one", "two"]


def call_style(fn: Callable[..., Any]) -> CallStyle:
    """``keywords`` when ``fn`` takes no positional parameter but keyword-only ones (or
    ``**kwargs``); ``one`` when it takes exactly one positional; ``two`` otherwise."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return "two"
    positional = [
        p
        for p in params
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    if not positional and params:
        return "keywords"
    if any(p.kind == p.VAR_POSITIONAL for p in positional):
        return "two"
    required = [p for p in positional if p.default is inspect.Parameter.empty]
    if len(positional) == 1 or (len(required) <= 1 and len(positional) == 1):
        return "one"
    return "two"


def keyword_args(fn: Callable[..., Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``fields`` that ``fn`` accepts as keywords (all of them with ``**kw``)."""
    params = inspect.signature(fn).parameters
    if any(p.kind == p.VAR_KEYWORD for p in params.values()):
        return dict(fields)
    return {k: v for k, v in fields.items() if k in params}


def is_async_callable(fn: Any) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004
    )


async def invoke(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` (sync functions in a worker thread, as native tools do) and await the result."""
    if is_async_callable(fn):
        result = await fn(*args, **kwargs)
    else:
        result = await asyncio.to_thread(fn, *args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


async def call_inline(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` in the event loop thread (cheap callbacks: conditions, dynamic arguments)."""
    result = fn(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result
