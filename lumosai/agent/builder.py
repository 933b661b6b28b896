"""``AgentBuilder``: Lumos's fluent construction (``Agent.builder().name(..)...build()``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lumosai.agent.agent import Agent

if TYPE_CHECKING:
    from typing import Self


class AgentBuilder:
    """Every setter returns the builder; ``build()`` checks name, instructions and model."""

    def __init__(self) -> None:
        self._kwargs: dict[str, Any] = {}
        self._tools: list[Any] = []
        self._tool_map: dict[str, Any] = {}
        self._context: dict[str, Any] = {}
        self._metadata: dict[str, Any] = {}
        self._smart_defaults = False

    def _set(self, key: str, value: Any) -> Self:
        self._kwargs[key] = value
        return self

    def name(self, name: str) -> Self:
        return self._set("name", name)

    def instructions(self, instructions: Any) -> Self:
        return self._set("instructions", instructions)

    def description(self, description: str) -> Self:
        return self._set("description", description)

    def model(self, model: Any) -> Self:
        return self._set("model", model)

    def model_name(self, model_name: str) -> Self:
        return self._set("model", model_name)

    def model_id(self, model_id: str) -> Self:
        return self._set("model_id", model_id)

    def temperature(self, value: float) -> Self:
        return self._set("temperature", value)

    def max_tokens(self, value: int) -> Self:
        return self._set("max_tokens", value)

    def top_p(self, value: float) -> Self:
        return self._set("top_p", value)

    def stop(self, value: list[str]) -> Self:
        return self._set("stop", value)

    def model_settings(self, value: dict[str, Any]) -> Self:
        return self._set("model_settings", value)

    def memory_config(self, config: Any) -> Self:
        return self._set("memory_config", config)

    def working_memory(self, config: Any) -> Self:
        return self._set("working_memory", config)

    def storage(self, storage: Any) -> Self:
        return self._set("storage", storage)

    def voice_config(self, config: Any) -> Self:
        return self._set("voice_config", config)

    def telemetry(self, settings: Any) -> Self:
        return self._set("telemetry", settings)

    def enable_function_calling(self, enabled: bool = True) -> Self:
        return self._set("enable_function_calling", enabled)

    def context(self, context: Mapping[str, Any]) -> Self:
        self._context = dict(context)
        return self

    def add_context(self, key: str, value: Any) -> Self:
        self._context[key] = value
        return self

    def metadata(self, metadata: Mapping[str, Any]) -> Self:
        self._metadata = dict(metadata)
        return self

    def add_metadata(self, key: str, value: Any) -> Self:
        self._metadata[key] = value
        return self

    def max_tool_calls(self, value: int) -> Self:
        return self._set("max_tool_calls", value)

    def max_steps(self, value: int) -> Self:
        return self._set("max_steps", value)

    def tool_timeout(self, seconds: float) -> Self:
        return self._set("tool_timeout", seconds)

    def tool(self, tool: Any) -> Self:
        self._tools.append(tool)
        return self

    add_tool = tool

    def tools(self, tools: Any) -> Self:
        if isinstance(tools, Mapping):
            self._tool_map.update(tools)
        else:
            self._tools.extend(tools)
        return self

    def enable_smart_defaults(self) -> Self:
        """Lumos smart defaults: function calling on, 10 tool calls, 30 s tool timeout, and
        (when ``lumosai.memory`` is available) memory of the last 10 messages."""
        self._smart_defaults = True
        return self

    def build(self) -> Agent:
        kwargs = dict(self._kwargs)
        missing = [k for k in ("name", "instructions", "model") if not kwargs.get(k)]
        if missing:
            raise ValueError(f"AgentBuilder.build(): missing {', '.join(missing)}")
        if self._smart_defaults:
            kwargs.setdefault("enable_function_calling", True)
            kwargs.setdefault("max_tool_calls", 10)
            kwargs.setdefault("tool_timeout", 30)
            if "memory_config" not in kwargs:
                try:
                    from lumosai.memory import MemoryConfig
                except ImportError:
                    pass
                else:
                    kwargs["memory_config"] = MemoryConfig(last_messages=10)
        tools: dict[str, Any] | list[Any]
        if self._tool_map:
            tools = dict(self._tool_map)
            for t in self._tools:
                tools[getattr(t, "id", getattr(t, "__name__", str(t)))] = t
        else:
            tools = list(self._tools)
        return Agent(tools=tools, context=self._context, metadata=self._metadata, **kwargs)

    async def build_async(self) -> Agent:
        """Lumos resolves model names asynchronously; in Python resolution is sync."""
        return self.build()
