"""What a Mastra ``inputSchema``/``outputSchema`` may be: a ``z`` schema, a pydantic model, a
JSON-schema dict, or None; one place turns each into a JSON schema and a zod-style parse."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

from lumosai.compat.mastra.zod import ZodError, ZodType


def json_schema_of(schema: Any) -> dict[str, Any] | None:
    """The JSON schema Mastra would send for ``schema`` (zod 4 ``toJSONSchema`` style)."""
    if schema is None:
        return None
    if isinstance(schema, ZodType):
        return schema.to_json_schema()
    if isinstance(schema, dict):
        return schema
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        from lumosai.tool.signature import strip_titles

        return strip_titles(schema.model_json_schema())
    raise TypeError(
        f"a schema must be a z schema, a pydantic model class or a JSON-schema dict, got {schema!r}"
    )


def parse(schema: Any, value: Any) -> Any:
    """Validate like zod's ``parse`` (raises ``ZodError``); JSON-schema dicts pass through."""
    if schema is None or isinstance(schema, dict):
        return value
    if isinstance(schema, ZodType):
        return schema.parse(value)
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        try:
            return schema.model_validate(value).model_dump(exclude_unset=True)
        except ValidationError as err:
            raise ZodError.from_pydantic(err) from None
    raise TypeError(f"cannot validate with {schema!r}")


def formatted_errors(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """Mastra's ``validationErrors``: ``{errors: [...], fields: {key: {errors, fields}}}``."""
    root: dict[str, Any] = {"errors": [], "fields": {}}
    for issue in issues:
        path = issue.get("path") or []
        if not path:
            root["errors"].append(issue["message"])
            continue
        node = root
        for key in path:
            node = node["fields"].setdefault(str(key), {"errors": [], "fields": {}})
        node["errors"].append(issue["message"])
    return root


def truncate_for_logging(data: Any, limit: int = 200) -> str:
    try:
        text = json.dumps(data, indent=2, default=str)
    except (TypeError, ValueError):
        return "[Unable to serialize data]"
    return text if len(text) <= limit else text[:limit] + "... (truncated)"


def validation_error(
    what: str, tool_id: str | None, issues: list[dict[str, Any]], data: Any
) -> dict[str, Any]:
    """Mastra's tool validation result ``{error: True, message, validationErrors}``."""
    lines = "\n".join(
        f"- {'.'.join(str(p) for p in i.get('path') or []) or 'root'}: {i['message']}"
        for i in issues
    )
    target = f" for {tool_id}" if tool_id else ""
    if what == "input":
        message = (
            f"Tool input validation failed{target}. Please fix the following errors and try "
            f"again:\n{lines}\n\nProvided arguments: {truncate_for_logging(data)}"
        )
    else:
        message = (
            f"Tool output validation failed{target}. The tool returned invalid output:\n{lines}"
            f"\n\nReturned output: {truncate_for_logging(data)}"
        )
    return {"error": True, "message": message, "validationErrors": formatted_errors(issues)}


def is_validation_error(value: Any) -> bool:
    return isinstance(value, dict) and value.get("error") is True and "validationErrors" in value
