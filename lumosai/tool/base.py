"""``Tool``: the base class of everything an agent can call (functions, MCP tools, bridged
TypeScript tools, agents as tools)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lumosai.tool.context import ToolExecutionContext
from lumosai.tool.errors import ToolValidationError
from lumosai.tool.zod_words import Issue, field_issue, not_object

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple),
    "object": (dict,),
    "null": (type(None),),
}


class Tool:
    """A named, described callable with a JSON-schema input.

    Subclasses implement ``call``; ``execute`` validates the arguments first. The base
    validation checks the object shape, required keys and top-level property types, which is
    what a bare JSON schema (MCP, bridged tools) lets us check without extra dependencies;
    ``FunctionTool`` validates fully with pydantic.
    """

    id: str
    description: str
    parameters: dict[str, Any]
    output_schema: dict[str, Any] | None
    #: a call waits for a person's approval (Mastra's `requireApproval`): the agent run ends
    #: `suspended` until `agent.approve_tool_call_generate(...)` / `decline_tool_call_generate`
    require_approval: bool = False
    #: what the model sees of a result (Mastra's `toModelOutput`); the caller still gets the
    #: result itself. May return AI SDK content: {"type": "text"|"json", "value": ...}
    to_model_output: Callable[[Any], Any] | None = None
    #: check a result against ``output_schema`` (Mastra 1.x does; 0.x tools did not)
    validate_output: bool = True

    def __init__(
        self,
        id: str,
        description: str = "",
        parameters: dict[str, Any] | None = None,
        output_schema: dict[str, Any] | None = None,
    ) -> None:
        if not isinstance(id, str) or not id:
            raise ValueError(f"a tool needs a non-empty string id, got {id!r}")
        self.id = id
        self.description = description
        self.parameters = (
            parameters if parameters is not None else {"type": "object", "properties": {}}
        )
        self.output_schema = output_schema

    @property
    def name(self) -> str:
        return self.id

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        """Run the tool on already validated arguments."""
        raise NotImplementedError(f"{type(self).__name__} must implement call()")

    def validate_args(self, args: Any) -> Any:
        """Return the arguments to pass to ``call`` or raise ``ToolValidationError``."""
        if args is None:
            args = {}
        if not isinstance(args, dict):
            raise ToolValidationError(
                self.id, ["arguments must be a JSON object"], args, issues=[not_object(args)]
            )
        problems: list[str] = []
        issues: list[Issue] = []  # the same, in zod 4's words (Mastra 1.x's object)
        properties = self.parameters.get("properties") or {}
        for key, prop in properties.items():  # zod reports in the schema's field order
            if key not in args and key in (self.parameters.get("required") or []):
                problems.append(f"{key}: Required")
                issues.append(([key], field_issue(key, prop, self.parameters)))
        for key in self.parameters.get("required") or []:
            if key not in args and key not in properties:
                problems.append(f"{key}: Required")
                issues.append(([key], "Invalid input"))
        for key, value in args.items():
            prop = properties.get(key)
            if not isinstance(prop, dict):
                continue
            expected = prop.get("type")
            kinds = [expected] if isinstance(expected, str) else list(expected or [])
            if kinds and not any(_is_json_type(value, k) for k in kinds):
                problems.append(
                    f"{key}: Expected {' | '.join(kinds)}, received {_json_type(value)}"
                )
                issues.append(([key], field_issue(key, prop, self.parameters, value)))
        if problems:
            order = list(properties)
            issues.sort(key=lambda i: order.index(i[0][0]) if i[0][0] in order else len(order))
            raise ToolValidationError(self.id, problems, args, issues=issues)
        return args

    async def execute(self, args: Any, context: ToolExecutionContext | None = None) -> Any:
        """Validate ``args`` and run the tool."""
        validated = self.validate_args(args)
        return await self.call(validated, context or ToolExecutionContext())

    def schema(self) -> dict[str, Any]:
        """Lumos ``ToolSchema`` shape: the JSON schema of the input (and output)."""
        return {
            "format": "jsonschema",
            "json_schema": self.parameters,
            "output_schema": self.output_schema,
        }

    def to_spec(self, name: str | None = None) -> dict[str, Any]:
        """What the model is sent: name, description and the input JSON schema, verbatim."""
        return {
            "name": name or self.id,
            "description": self.description,
            "parameters": self.parameters,
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"


def _is_json_type(value: Any, kind: str) -> bool:
    allowed = _JSON_TYPES.get(kind)
    if allowed is None:
        return True
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, allowed)


def _json_type(value: Any) -> str:
    for kind in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is_json_type(value, kind):
            return kind
    return type(value).__name__


def model_content(output: Any) -> Any:
    """A ``to_model_output`` value as the model gets it: AI SDK ``{"type": "text", "value"}``
    gives the text, ``{"type": "json", "value"}`` the value, ``{"type": "content", "value":
    [parts]}`` the parts' texts; anything else is sent as it is."""
    if isinstance(output, dict) and set(output) <= {"type", "value"}:
        kind, value = output.get("type"), output.get("value")
        if kind in ("text", "json", "error-text", "error-json"):
            return value
        if kind == "content" and isinstance(value, list):
            return "\n".join(str(part.get("text", "")) for part in value if isinstance(part, dict))
    return output
