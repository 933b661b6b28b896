"""The model abstraction the agent loop talks to: one request in, one response out.

Our own small types (not pydantic-ai's) so the loop, ``ScriptedModel`` and the provider adapter
share one vocabulary, and so that ``import lumosai`` does not import any provider library.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal

from lumosai.llm.messages import Message, ToolCall, Usage

FinishReason = Literal[
    "stop", "length", "tool-calls", "content-filter", "error", "other", "suspended"
]
"""Why a model step ended; the AI SDK / Mastra names."""

ToolChoice = Literal["auto", "none", "required"] | dict[str, Any] | str
"""``auto``/``none``/``required``, ``{"type": "tool", "tool_name": name}`` or a bare tool name."""


INVALID_ARGS_KEY = "INVALID_JSON"
"""A tool call whose arguments were not a JSON object arrives as ``{INVALID_ARGS_KEY: raw}``
(pydantic-ai's convention); the agent answers it with a tool error result."""


class ModelError(RuntimeError):
    """A model call failed (HTTP error, timeout, malformed response, scripted error).

    ``status`` is the HTTP status when there was one; ``provider``/``model`` say which model.
    """

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        model: str | None = None,
        status: int | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.model = model
        self.status = status
        self.body = body


class ModelConfigError(ValueError):
    """A model cannot be built: unknown provider, missing API key, bad model string."""


@dataclass(slots=True)
class OutputSpec:
    """Structured output asked of the model: a JSON schema and the name of the object."""

    json_schema: dict[str, Any]
    name: str = "output"
    description: str | None = None


@dataclass(slots=True)
class ModelRequest:
    """Everything one model step is sent.

    ``tools`` holds ``{"name", "description", "parameters"}`` dicts, ``parameters`` being the
    tool's JSON schema exactly as it goes on the wire. ``settings`` holds ``temperature``,
    ``max_tokens``, ``top_p``, ``stop``, ``seed``, ... (only the ones set).
    """

    messages: list[Message]
    tools: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    tool_choice: ToolChoice | None = None
    output: OutputSpec | None = None


@dataclass(slots=True)
class ModelResponse:
    """One model step's answer. ``object`` is set when the model returned structured output."""

    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: FinishReason = "stop"
    usage: Usage = field(default_factory=Usage)
    object: Any = None
    model_id: str | None = None


StreamChunk = str | ModelResponse
"""A streamed step yields text deltas (``str``) and ends with the full ``ModelResponse``."""


class Model(ABC):
    """A language model as the agent loop sees it.

    Subclasses implement ``request``; ``stream`` defaults to one chunk with the whole text.
    """

    provider: str = "custom"
    model_id: str = "model"

    @abstractmethod
    async def request(self, request: ModelRequest) -> ModelResponse:
        """Run one step."""

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamChunk]:
        """Run one step, yielding text deltas, then the complete response."""
        response = await self.request(request)
        if response.text:
            yield response.text
        yield response

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.provider}/{self.model_id})"


def normalize_tool_choice(choice: ToolChoice | None) -> ToolChoice | None:
    """Accept a bare tool name or ``{"type": "tool", "toolName": ...}`` and return our canonical form."""
    if choice is None or choice in ("auto", "none", "required"):
        return choice
    if isinstance(choice, str):
        return {"type": "tool", "tool_name": choice}
    if isinstance(choice, dict):
        name = choice.get("tool_name") or choice.get("toolName") or choice.get("name")
        if choice.get("type", "tool") == "tool" and isinstance(name, str) and name:
            return {"type": "tool", "tool_name": name}
    raise ValueError(
        f"tool_choice must be 'auto', 'none', 'required', a tool name or "
        f'{{"type": "tool", "tool_name": ...}}; got {choice!r}'
    )
