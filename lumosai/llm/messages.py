"""Messages, tool calls and usage: the vocabulary shared by the agent loop, models and memory.

Plain slotted dataclasses (not pydantic) because they are built on every model step and the
agent loop's overhead budget is tight. ``to_dict``/``from_dict`` give the JSON form that memory
storage and the Node bridge use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["system", "user", "assistant", "tool"]


@dataclass(slots=True)
class ToolCall:
    """A request from the model to run one tool."""

    id: str
    name: str
    args: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "args": self.args}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ToolCall:
        return cls(id=data["id"], name=data["name"], args=dict(data.get("args") or {}))


@dataclass(slots=True)
class ToolResult:
    """What a tool returned (or the error it raised), sent back to the model."""

    id: str
    name: str
    result: Any
    is_error: bool = False
    args: dict[str, Any] = field(default_factory=dict)
    #: what the model gets instead of ``result`` (a tool's ``to_model_output``); None: result
    model_output: Any = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "name": self.name,
            "result": self.result,
            "is_error": self.is_error,
            "args": self.args,
        }
        if self.model_output is not None:  # remembered threads show the model the same text
            data["model_output"] = self.model_output
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ToolResult:
        return cls(
            id=data["id"],
            name=data["name"],
            result=data.get("result"),
            is_error=bool(data.get("is_error", False)),
            args=dict(data.get("args") or {}),
            model_output=data.get("model_output"),
        )


@dataclass(slots=True)
class Message:
    """One chat message.

    ``assistant`` messages may carry ``tool_calls``; ``tool`` messages carry ``tool_results``
    (one message holds all results of one step, as Mastra stores them).
    """

    role: Role
    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_results: list[ToolResult] = field(default_factory=list)
    name: str | None = None
    id: str | None = None
    created_at: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "content": self.content}
        if self.tool_calls:
            data["tool_calls"] = [c.to_dict() for c in self.tool_calls]
        if self.tool_results:
            data["tool_results"] = [r.to_dict() for r in self.tool_results]
        if self.name is not None:
            data["name"] = self.name
        if self.id is not None:
            data["id"] = self.id
        if self.created_at is not None:
            data["created_at"] = self.created_at
        if self.metadata:
            data["metadata"] = self.metadata
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        return cls(
            role=data["role"],
            content=data.get("content") or "",
            tool_calls=[ToolCall.from_dict(c) for c in data.get("tool_calls") or []],
            tool_results=[ToolResult.from_dict(r) for r in data.get("tool_results") or []],
            name=data.get("name"),
            id=data.get("id"),
            created_at=data.get("created_at"),
            metadata=dict(data.get("metadata") or {}),
        )


def system_message(content: str) -> Message:
    return Message(role="system", content=content)


def user_message(content: str) -> Message:
    return Message(role="user", content=content)


def assistant_message(content: str, tool_calls: list[ToolCall] | None = None) -> Message:
    return Message(role="assistant", content=content, tool_calls=list(tool_calls or []))


def tool_message(results: list[ToolResult]) -> Message:
    return Message(role="tool", tool_results=list(results))


@dataclass(slots=True)
class Usage:
    """Token counts; Lumos names, with Mastra's names as read-only aliases."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.total_tokens + other.total_tokens,
        )

    @property
    def input_tokens(self) -> int:
        return self.prompt_tokens

    @property
    def output_tokens(self) -> int:
        return self.completion_tokens
