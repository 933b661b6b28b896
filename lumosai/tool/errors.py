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
        self,
        tool_id: str,
        problems: list[str],
        args: Any,
        *,
        what: str = "input",
        issues: list[tuple[list[str], str]] | None = None,
    ) -> None:
        self.tool_id = tool_id
        self.problems = problems
        #: the arguments (or output) that were rejected (`args` is Exception's own)
        self.provided = args
        #: the rejected arguments as zod 4 issues (path, words), when known: Mastra 1.x's
        #: validateToolInput object is built from them (`input_result`)
        self.issues = issues
        try:
            shown = json.dumps(args, default=str)
        except (TypeError, ValueError):
            shown = repr(args)
        lines = "\n".join(f"- {p}" for p in problems)
        if what == "input" and issues is not None:
            message = _input_message(tool_id, issues, args)
        elif what == "input":
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

    def input_result(self, name: str) -> dict[str, Any] | None:
        """What Mastra 1.x's agent sends the model for these rejected arguments of its tool
        `name` (the agent's key for it): `{error: true, message, validationErrors}`; None when
        this is not an input check with known issues."""
        if self.issues is None:
            return None
        from lumosai.tool.zod_words import formatted

        return {
            "error": True,
            "message": _input_message(name, self.issues, self.provided),
            "validationErrors": formatted(self.issues),
        }


def _input_message(name: str, issues: list[tuple[list[str], str]], args: Any) -> str:
    """Mastra 1.x's validateToolInput words; the arguments as truncateForLogging shows them."""
    lines = "\n".join(f"- {'.'.join(path) or 'root'}: {message}" for path, message in issues)
    return (
        f"Tool input validation failed for {name}. Please fix the following errors and try "
        f"again:\n{lines}\n\nProvided arguments: {_returned(args)}"
    )


def _returned(data: Any, limit: int = 200) -> str:
    """Mastra's truncateForLogging: indented JSON cut at `limit` characters."""
    from lumosai.tool.finite import js_data

    try:
        text = json.dumps(js_data(data), indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return "[Unable to serialize data]"
    return text if len(text) <= limit else text[:limit] + "... (truncated)"
