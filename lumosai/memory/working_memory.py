"""Working memory: notes the agent keeps about a user or thread, updated through a tool.

The tool name (``updateWorkingMemory``), its description and the system instruction follow
``@mastra/memory`` 1.x word for word, so a migrated agent is prompted exactly as before.
Markdown memory is replaced whole; JSON-schema memory is deep-merged (``null`` deletes a key,
arrays are replaced), as in Mastra.
"""

from __future__ import annotations

import copy
import json
import re
from typing import TYPE_CHECKING, Any

from lumosai.tool import Tool, ToolExecutionContext

if TYPE_CHECKING:
    from lumosai.memory.memory import Memory

TOOL_NAME = "updateWorkingMemory"

DEFAULT_TEMPLATE = """
# User Information
- **First Name**: 
- **Last Name**: 
- **Location**: 
- **Occupation**: 
- **Interests**: 
- **Goals**: 
- **Events**: 
- **Facts**: 
- **Projects**: 
"""  # noqa: W291 (Mastra's template has trailing spaces after each colon)

MARKDOWN_DESCRIPTION = (
    "Update the working memory with new information. Any data not included will be "
    "overwritten. Always pass data as string to the memory field. Never pass an object."
)
JSON_DESCRIPTION = (
    "Update the working memory with new information. Data is merged with existing memory - "
    "only include fields you want to add or update. To preserve existing data, omit the field "
    "entirely. Arrays are replaced entirely when provided, so pass the complete array or omit "
    "it to keep the existing values."
)


#: @mastra/memory 0.x (0.15): one sentence, plus the string rule only when a schema is set
DESCRIPTION_0X = (
    "Update the working memory with new information. Any data not included will be overwritten."
)
DESCRIPTION_0X_SCHEMA = (
    DESCRIPTION_0X + " Always pass data as string to the memory field. Never pass an object."
)


def tool_description(json_schema: dict[str, Any] | None, version: str = "1.x") -> str:
    """The ``updateWorkingMemory`` description Mastra ``version`` gives the model."""
    if version == "0.x":
        return DESCRIPTION_0X_SCHEMA if json_schema else DESCRIPTION_0X
    return JSON_DESCRIPTION if json_schema else MARKDOWN_DESCRIPTION


def tool_parameters(json_schema: dict[str, Any] | None) -> dict[str, Any]:
    """The tool's input schema: ``{memory: string}`` or ``{memory: <the user's schema>}``."""
    if json_schema is None:
        return {
            "type": "object",
            "properties": {
                "memory": {
                    "type": "string",
                    "description": "The Markdown formatted working memory content to store. "
                    "This MUST be a string. Never pass an object.",
                }
            },
            "required": ["memory"],
        }
    inner = {k: v for k, v in json_schema.items() if k != "$schema"}
    return {
        "type": "object",
        "description": "The JSON formatted working memory content to store.",
        "properties": {"memory": inner},
        "required": ["memory"],
    }


def deep_merge(existing: Any, update: Any) -> dict[str, Any]:
    """Mastra's ``deepMergeWorkingMemory``: objects merge, ``None`` deletes, arrays replace."""
    base: dict[str, Any] = dict(existing) if isinstance(existing, dict) else {}
    if not isinstance(update, dict) or not update:
        return base
    for key, value in update.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict):
            base[key] = deep_merge(base.get(key), value)
        else:
            base[key] = value
    return base


#: the empty value Mastra shows per JSON type in the working-memory template
EMPTY_BY_TYPE: dict[str, Any] = {
    "string": "",
    "array": [],
    "object": {},
    "number": 0,
    "integer": 0,
    "boolean": False,
}


def _plain(schema: Any, root: dict[str, Any]) -> dict[str, Any]:
    """A property schema as zod would have written it: ``$ref`` resolved, and pydantic's
    optional field (``anyOf [T, null]`` with ``default: null``) as plain ``T``."""
    if not isinstance(schema, dict):
        return {}
    if isinstance(schema.get("$ref"), str):
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = (root.get("$defs") or root.get("definitions") or {}).get(name, {})
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        return _plain({**target, **rest}, root)
    options = schema.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
        if len(kept) == 1 and len(kept) < len(options):
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            if rest.get("default", 0) is None:
                rest.pop("default")
            return {**_plain(kept[0], root), **rest}
    return schema


def empty_from_schema(
    schema: dict[str, Any], version: str = "1.x", root: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON 'template' shown to the model: an empty instance of an object schema, as
    Mastra's ``generateEmptyFromSchema`` makes it. 1.x: a property's default, else nested
    objects filled in, else ``""``, ``[]``, ``{}``, ``0``, ``false`` by type (``null``
    otherwise); 0.x: the value by type only."""
    root = root if root is not None else schema
    schema = _plain(schema, root)
    properties = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(properties, dict):
        return {}
    out: dict[str, Any] = {}
    for key, raw in properties.items():
        prop = _plain(raw, root)
        kind = prop.get("type")
        if version != "0.x" and "default" in prop:
            out[key] = copy.deepcopy(prop["default"])
        elif version != "0.x" and kind == "object" and prop.get("properties"):
            out[key] = empty_from_schema(prop, version, root)
        else:
            out[key] = copy.deepcopy(EMPTY_BY_TYPE.get(kind)) if isinstance(kind, str) else None
    return out


def instruction(template: str, data: str, *, is_json: bool, json_template: Any = None) -> str:
    """The system text shown with working memory (Mastra ``getWorkingMemoryToolInstruction``)."""
    fmt = "JSON" if is_json else "Markdown"
    string_rules = (
        ""
        if is_json
        else "5. IMPORTANT: When calling updateWorkingMemory, the only valid parameter is the "
        "memory field. DO NOT pass an object.\n"
        "6. IMPORTANT: ALWAYS pass the data you want to store in the memory field as a string. "
        "DO NOT pass an object.\n"
        "7. IMPORTANT: Data must only be sent as a string no matter which format is used."
    )
    template_block = (
        "" if is_json else f"<working_memory_template>\n{template}\n</working_memory_template>"
    )
    has_json_template = isinstance(json_template, dict) and bool(json_template)
    json_intro = (
        "When working with json data, the object format below represents the template:"
        if has_json_template
        else ""
    )
    json_block = json.dumps(json_template, separators=(",", ":")) if has_json_template else ""
    return f"""WORKING_MEMORY_SYSTEM_INSTRUCTION:
Store and update any conversation-relevant information by calling the updateWorkingMemory tool. If information might be referenced again - store it!

Guidelines:
1. Store anything that could be useful later in the conversation
2. Update proactively when information changes, no matter how small
3. Use {fmt} format for all data
4. Act naturally - don't mention this system to users. Even though you're storing this information that doesn't make it your primary focus. Do not ask them generally for "information about yourself"
{string_rules}


{template_block}

{json_intro}
{json_block}

<working_memory_data>
{data}
</working_memory_data>

Notes:
- Update memory whenever referenced information changes
- If you're unsure whether to store something, store it (eg if the user tells you information about themselves, call updateWorkingMemory immediately to update it)
- This system is here so that you can maintain the conversation when your context window is very short. Update your working memory because you may need it to maintain the conversation without the full conversation history
- Do not remove empty sections - you must include the empty sections along with the ones you're filling in
- REMEMBER: the way you update your working memory is by calling the updateWorkingMemory tool with the entire {fmt} content. The system will store it for you. The user will not see it.
- IMPORTANT: You MUST call updateWorkingMemory in every response to a prompt where you received relevant information.
- IMPORTANT: Preserve the {fmt} formatting structure above while updating the content."""


def read_only_instruction(data: str | None) -> str:
    """Working memory shown without a tool to change it (Mastra ``readOnly``)."""
    return f"""WORKING_MEMORY_SYSTEM_INSTRUCTION (READ-ONLY):
The following is your working memory - persistent information about the user and conversation collected over previous interactions. This data is provided for context to help you maintain continuity.

<working_memory_data>
{data or "No working memory data available."}
</working_memory_data>

Guidelines:
1. Use this information to provide personalized and contextually relevant responses
2. Act naturally - don't mention this system to users. This information should inform your responses without being explicitly referenced
3. This memory is read-only in the current session - you cannot update it

Notes:
- This system is here so that you can maintain the conversation when your context window is very short"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class UpdateWorkingMemoryTool(Tool):
    """``updateWorkingMemory``: stores what the model sends as the new working memory.

    Thread and resource come from the tool context of the call, falling back to the ids the
    memory was prepared with."""

    def __init__(
        self, memory: Memory, *, thread_id: str | None = None, resource_id: str | None = None
    ) -> None:
        wm = memory.config.working_memory
        json_schema = wm.json_schema if wm else None
        super().__init__(
            TOOL_NAME,
            tool_description(json_schema, wm.version if wm else "1.x"),
            tool_parameters(json_schema),
        )
        self.memory = memory
        self.thread_id = thread_id
        self.resource_id = resource_id
        self.merges = json_schema is not None

    def validate_args(self, args: Any) -> Any:
        if self.merges and isinstance(args, dict) and isinstance(args.get("memory"), str):
            return args  # a JSON string is accepted and parsed in call(), as Mastra does
        return super().validate_args(args)

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        thread_id = context.thread_id or self.thread_id
        resource_id = context.resource_id or self.resource_id
        wm = self.memory.config.working_memory
        if wm is not None and wm.version == "0.x" and not (thread_id and resource_id):
            # Mastra 0.24's tool, offered even on a call without a thread, needs both
            raise ValueError(
                "Thread ID, Memory instance, and resourceId are required for working memory updates"
            )
        value = args.get("memory")
        if self.merges:
            if value is None:
                return {
                    "success": True,
                    "message": "No memory data provided, existing memory unchanged.",
                }
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError as exc:
                    raise ValueError(
                        f"Failed to parse working memory input as JSON: {exc}. Raw input: {value[:500]}"
                    ) from exc
            existing_raw = await self.memory.get_working_memory(
                thread_id=thread_id, resource_id=resource_id
            )
            try:
                existing = json.loads(existing_raw) if existing_raw else None
            except json.JSONDecodeError:
                existing = None
            # stored as JSON.stringify writes it (the model reads it back in the system prompt)
            content = json.dumps(
                deep_merge(existing, value), separators=(",", ":"), ensure_ascii=False
            )
        else:
            compact = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            content = value if isinstance(value, str) else compact
            existing_raw = await self.memory.get_working_memory(
                thread_id=thread_id, resource_id=resource_id
            )
            template = self.memory.working_memory_template()
            if (
                existing_raw
                and _squash(content) == _squash(template)
                and _squash(existing_raw) != _squash(template)
            ):
                return {
                    "success": False,
                    "message": "Attempted to replace existing working memory with empty "
                    "template. Update skipped to prevent data loss.",
                }
        await self.memory.update_working_memory(
            content, thread_id=thread_id, resource_id=resource_id
        )
        return {"success": True}
