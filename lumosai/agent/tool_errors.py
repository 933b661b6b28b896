"""How a tool that raised is reported to the model.

By default (Lumos, and Mastra 1.x) the model gets the error's message as an error result.
Mastra 0.x did not: its tool wrapper caught the error and *returned* a `MastraError`, so the
model saw that error's JSON as an ordinary tool result. A converted 0.x agent sets
`tool_errors=MastraToolErrors(agent_name=...)` to send the model the same text. A converted
1.x agent sets `MastraToolErrors(era="1.x")`: errors as Lumos reports them, but tool schemas
and arguments through Mastra 1.x's OpenAI schema layer (``lumosai.compat.mastra.openai_compat``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from lumosai.types import js_numbers


@dataclass(frozen=True, slots=True)
class MastraToolErrors:
    """Mastra 0.x's `TOOL_EXECUTION_FAILED` error object as the tool result.

    `agent_name` is the Mastra agent's `name` (it appears in the error's details). With
    `era="1.x"` only the OpenAI schema layer of Mastra 1.x is emulated (`tool_specs`,
    `prepare_args`); errors are reported the Lumos (= Mastra 1.x) way.
    """

    agent_name: str | None = None
    era: Literal["0.x", "1.x"] = "0.x"

    @property
    def reports_errors(self) -> bool:
        """Whether a failing tool's error is the tool's result (Mastra 0.x)."""
        return self.era == "0.x"

    def check_call(self, tool: Any, name: str, args: Any, model: Any, model_id: str) -> Any:
        """Mastra 0.x checks an agent's tool arguments before the tool runs and answers a bad
        call with its validation result object (the tool is not run); None when they pass.
        With an OpenAI model optional fields are required (nullable): see
        ``lumosai.compat.mastra.openai_compat``."""
        from lumosai.compat.mastra.openai_compat import check_arguments

        if self.era != "0.x":
            return None  # 1.x: the tool's own check (after `prepare_args`)
        provider = str(getattr(model, "provider", "") or "")
        model_id = str(getattr(model, "model_id", "") or model_id)
        return check_arguments(tool, name, args, provider, model_id)

    def tool_specs(self, specs: list[dict[str, Any]], model: Any) -> list[dict[str, Any]]:
        """The tool specs as Mastra 0.x sends them to `model` (OpenAI: optional fields
        required and nullable)."""
        from lumosai.compat.mastra.openai_compat import compat_layer, openai_spec, openai_spec_1x

        provider = str(getattr(model, "provider", "") or "")
        model_id = str(getattr(model, "model_id", "") or "")
        if self.era == "1.x":
            if not _layer_1x(model):
                return specs
            return [{**s, "parameters": openai_spec_1x(s["parameters"])} for s in specs]
        layer = compat_layer(provider, model_id)
        if layer is None:
            return specs
        return [{**s, "parameters": openai_spec(s["parameters"], layer)} for s in specs]

    def prepare_args(self, tool: Any, args: Any, model: Any) -> Any:
        """The arguments the tool's own check gets: for Mastra 1.x with an OpenAI model, the
        null of an optional property (x-optional in the schema sent) left out; else `args`."""
        from lumosai.compat.mastra.openai_compat import nulls_to_undefined, openai_spec_1x

        if self.era != "1.x" or not isinstance(args, dict) or not _layer_1x(model):
            return args
        parameters = getattr(tool, "parameters", None)
        if not isinstance(parameters, dict):
            return args
        return nulls_to_undefined(args, openai_spec_1x(parameters))

    def result(self, exc: BaseException, *, args: dict[str, Any], model_id: str) -> Any:
        shown = getattr(exc, "model_message", None)  # a bridged tool: its error's message only
        message = shown if isinstance(shown, str) else (str(exc) or "Unknown error")
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


def _layer_1x(model: Any) -> bool:
    from lumosai.compat.mastra.openai_compat import compat_layer_1x

    return compat_layer_1x(
        str(getattr(model, "provider", "") or ""), str(getattr(model, "model_id", "") or "")
    )


def model_error(exc: BaseException, name: str) -> Any:
    """What the model is sent for a tool call (the agent's key for the tool: `name`) that
    raised `exc`, as Mastra 1.x sends it: rejected arguments and a rejected output as its
    validation object `{error: true, message, validationErrors}`; an error thrown by a bridged
    TypeScript tool as the message Mastra's tool wrapper keeps (no class name, no JS stack);
    any other error as its message."""
    input_result = getattr(exc, "input_result", None)
    rejected = input_result(name) if callable(input_result) else None
    if rejected is not None:
        return rejected
    shown = getattr(exc, "model_result", None)  # a failed output check
    if shown is not None:
        return shown
    message = getattr(exc, "model_message", None)
    if isinstance(message, str):
        return message
    return str(exc) or type(exc).__name__
