"""Comparing the delegation tools two runtimes offer a model (``lumos-migrate verify``).

An agent's sub-agents and workflows reach its model as tools the runtime makes:
``agent-<key>`` (the prompt and Mastra 1.x's delegation options) and ``workflow-<key>`` (the
workflow's input, plus the ids to resume a suspended call). The tools' own descriptions and
the workflows' input schemas come from the app and compare word for word; the parameters the
runtime adds are described in each runtime's own words, so only their names and types are
compared."""

from __future__ import annotations

from typing import Any

from lumosai.agent.agent_tool import DELEGATION_PARAMETERS
from lumosai.agent.workflow_tool import RESUME_PARAMETERS

#: tool-name prefix -> the parameters the runtime adds to such a tool
RUNTIME_PARAMETERS: dict[str, frozenset[str]] = {
    "agent-": frozenset({"prompt", *DELEGATION_PARAMETERS}),
    "workflow-": frozenset(RESUME_PARAMETERS),
}


def _without_description(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema
    return {k: v for k, v in schema.items() if k != "description"}


def delegation_view(view: dict[str, Any]) -> dict[str, Any]:
    """A normalised request view whose delegation tools' runtime-made parameters carry no
    description (everything else unchanged)."""
    tools = view.get("tools")
    if not isinstance(tools, dict):
        return view
    out: dict[str, Any] = {}
    changed = False
    for name, tool in tools.items():
        added = next(
            (p for prefix, p in RUNTIME_PARAMETERS.items() if name.startswith(prefix)), None
        )
        parameters = tool.get("parameters") if isinstance(tool, dict) else None
        if added is None or not isinstance(parameters, dict):
            out[name] = tool
            continue
        properties = parameters.get("properties")
        if not isinstance(properties, dict):
            out[name] = tool
            continue
        properties = {
            key: _without_description(value) if key in added else value
            for key, value in properties.items()
        }
        out[name] = {**tool, "parameters": {**parameters, "properties": properties}}
        changed = True
    return {**view, "tools": out} if changed else view
