"""Tool errors: they become tool error results sent back to the model, never crash a run."""

from __future__ import annotations

import json
from typing import Any


class ToolError(Exception):
    """Raised by a tool (or on its behalf) when the call failed; the message goes to the model."""


class ToolValidationError(ToolError):
    """The model's arguments (or the tool's output) do not match the declared schema."""

    #: what the model gets instead of the message, if set (a failed output check: Mastra 1.x's
    #: `{error: true, message, validationErrors}`, see lumosai.tool.finite.output_failure)
    model_result: dict[str, Any] | None = None

    def __init__(
        self, tool_id: str, problems: list[str], args: Any, *, what: str = "input"
    ) -> None:
        self.tool_id = tool_id
        self.problems = problems
        self.args = args
        try:
            shown = json.dumps(args, default=str)
        except (TypeError, ValueError):
            shown = repr(args)
        lines = "\n".join(f"- {p}" for p in problems)
        if what == "input":
            message = (
                f"Tool validation failed for {tool_id}. Please fix the following errors and try "
                f"again:\n{lines}\n\nProvided arguments: {shown}"
            )
        else:  # Mastra 1.x's words (validateToolOutput), the output as JSON.stringify shows it
            message = (
                f"Tool output validation failed for {tool_id}. The tool returned invalid "
                f"output:\n{lines}\n\nReturned output: {_returned(args)}"
            )
        super().__init__(message)


def _returned(data: Any, limit: int = 200) -> str:
    """Mastra's truncateForLogging: indented JSON cut at `limit` characters."""
    from lumosai.tool.finite import js_data

    try:
        text = json.dumps(js_data(data), indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return "[Unable to serialize data]"
    return text if len(text) <= limit else text[:limit] + "... (truncated)"
