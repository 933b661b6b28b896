"""Tool errors: they become tool error results sent back to the model, never crash a run."""

from __future__ import annotations

import json
from typing import Any


class ToolError(Exception):
    """Raised by a tool (or on its behalf) when the call failed; the message goes to the model."""


class ToolValidationError(ToolError):
    """The model's arguments (or the tool's output) do not match the declared schema."""

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
        else:
            message = f"Tool {tool_id} returned output that fails its output schema:\n{lines}"
        super().__init__(message)
