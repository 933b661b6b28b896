"""Mastra's ``structuredOutput: { schema, errorStrategy, fallbackValue }`` on a Lumos agent.

``errorStrategy``: ``'strict'`` (default) raises when the answer does not match the schema,
``'warn'`` logs and gives ``object = None``, ``'fallback'`` gives ``fallbackValue``. Used by
agent steps (``create_step(agent, structured_output=M, error_strategy=...)``) and by converted
step bodies that call ``agent.generate(..., { structuredOutput: {...} })``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

log = logging.getLogger("lumosai.workflow")

ERROR_STRATEGIES = ("strict", "warn", "fallback")


@dataclass
class FallbackResult:
    """What ``generate`` gives when the structured answer failed and the strategy allows it."""

    object: Any = None
    text: str = ""
    error: str = ""
    steps: list[Any] = field(default_factory=list)
    tool_calls: list[Any] = field(default_factory=list)
    tool_results: list[Any] = field(default_factory=list)
    usage: Any = None
    finish_reason: str = "error"

    @property
    def response(self) -> str:
        return self.text


def fallback_object(output: Any, fallback_value: Any) -> Any:
    """The fallback as the output model when it fits (so ``.object.model_dump()`` works),
    else as given: Mastra does not validate ``fallbackValue``."""
    if (
        isinstance(output, type)
        and issubclass(output, BaseModel)
        and isinstance(fallback_value, dict)
    ):
        try:
            return output.model_validate(fallback_value)
        except ValueError:
            return output.model_construct(**fallback_value)
    return fallback_value


async def generate_with_strategy(
    agent: Any,
    messages: Any,
    *,
    output: Any,
    error_strategy: str = "strict",
    fallback_value: Any = None,
    **kwargs: Any,
) -> Any:
    """``await agent.generate(messages, output=output, **kwargs)`` with Mastra's error strategy."""
    if error_strategy not in ERROR_STRATEGIES:
        raise ValueError(
            f"error_strategy must be one of {', '.join(ERROR_STRATEGIES)}, got {error_strategy!r}"
        )
    from lumosai.agent import StructuredOutputError

    try:
        return await agent.generate(messages, output=output, **kwargs)
    except StructuredOutputError as exc:
        if error_strategy == "strict":
            raise
        name = getattr(agent, "name", "agent")
        if error_strategy == "warn":
            log.warning("agent %r: structured output failed: %s", name, exc)
            return FallbackResult(error=str(exc))
        return FallbackResult(object=fallback_object(output, fallback_value), error=str(exc))
