"""Normalising what callers pass to ``generate``: strings, dicts, ``Message``s, or lists of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lumosai.llm.messages import Message, ToolCall, ToolResult

_ROLES = ("system", "user", "assistant", "tool")


def to_messages(value: Any) -> list[Message]:
    """Turn the ``messages`` argument of ``generate`` into a list of ``Message``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [Message(role="user", content=value)]
    if isinstance(value, Message):
        return [value]
    if isinstance(value, dict):
        return [_from_dict(value)]
    if isinstance(value, Iterable):
        out: list[Message] = []
        for item in value:
            if isinstance(item, str):
                out.append(Message(role="user", content=item))
            elif isinstance(item, Message):
                out.append(item)
            elif isinstance(item, dict):
                out.append(_from_dict(item))
            else:
                raise TypeError(
                    f"a message must be a str, a Message or a dict with 'role' and 'content'; "
                    f"got {type(item).__name__}"
                )
        return out
    raise TypeError(
        f"messages must be a str, a Message, a dict or a list of those; got {type(value).__name__}"
    )


def _from_dict(data: dict[str, Any]) -> Message:
    role = data.get("role", "user")
    if role not in _ROLES:
        raise ValueError(f"message role must be one of {_ROLES}, got {role!r}")
    content = data.get("content", "")
    calls = [
        c if isinstance(c, ToolCall) else ToolCall.from_dict(c)
        for c in data.get("tool_calls") or []
    ]
    results = [
        r if isinstance(r, ToolResult) else ToolResult.from_dict(r)
        for r in data.get("tool_results") or []
    ]
    return Message(
        role=role,
        content=content_text(content),
        tool_calls=calls,
        tool_results=results,
        name=data.get("name"),
        id=data.get("id"),
        created_at=data.get("created_at"),
        metadata=dict(data.get("metadata") or {}),
    )


def content_text(content: Any) -> str:
    """Mastra/AI SDK content may be a list of parts (``{"type": "text", "text": ...}``); keep the text."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])
        return "".join(texts)
    return str(content)
