"""How a tool that raised is reported to the model.

By default (Lumos, and Mastra 1.x) the model gets the error's message as an error result.
Mastra 0.x did not: its tool wrapper caught the error and *returned* a `MastraError`, so the
model saw that error's JSON as an ordinary tool result. A converted 0.x agent sets
`tool_errors=MastraToolErrors(agent_name=...)` to send the model the same text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lumosai.types import js_numbers


@dataclass(frozen=True, slots=True)
class MastraToolErrors:
    """Mastra 0.x's `TOOL_EXECUTION_FAILED` error object as the tool result.

    `agent_name` is the Mastra agent's `name` (it appears in the error's details).
    """

    agent_name: str | None = None

    def result(self, exc: BaseException, *, args: dict[str, Any], model_id: str) -> Any:
        message = str(exc) or "Unknown error"
        log_message = (
            f"[Agent:{self.agent_name}] - Failed tool execution"
            if self.agent_name
            else "Failed tool execution"
        )
        args_json = json.dumps(js_numbers(args), separators=(",", ":"), ensure_ascii=False)
        details = {"errorMessage": log_message, "argsJson": args_json, "model": model_id}
        return {
            "message": message,
            "details": {
                "message": message,
                "domain": "TOOL",
                "category": "USER",
                "details": details,
            },
            "code": "TOOL_EXECUTION_FAILED",
        }
