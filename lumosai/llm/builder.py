"""``openai_builder(model).temperature(..).max_tokens(..).build()``: Lumos's provider builders.

In Rust these settings are dropped by ``build()``; here they become the model's default
settings and reach every request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lumosai.llm.model import Model
from lumosai.llm.providers import build_model

if TYPE_CHECKING:
    from typing import Self


class ProviderBuilder:
    """Collects connection options and default settings, then builds the provider model."""

    def __init__(self, provider: str, model: str) -> None:
        self._provider = provider
        self._model = model
        self._options: dict[str, Any] = {}
        self._settings: dict[str, Any] = {}

    def model(self, model: str) -> Self:
        self._model = model
        return self

    def api_key(self, key: str) -> Self:
        self._options["api_key"] = key
        return self

    def base_url(self, url: str) -> Self:
        self._options["base_url"] = url
        return self

    def max_retries(self, retries: int) -> Self:
        self._options["max_retries"] = retries
        return self

    def timeout(self, seconds: float) -> Self:
        self._options["timeout"] = seconds
        return self

    def temperature(self, value: float) -> Self:
        self._settings["temperature"] = value
        return self

    def max_tokens(self, value: int) -> Self:
        self._settings["max_tokens"] = value
        return self

    def top_p(self, value: float) -> Self:
        self._settings["top_p"] = value
        return self

    def stop(self, value: list[str]) -> Self:
        self._settings["stop"] = list(value)
        return self

    def setting(self, key: str, value: Any) -> Self:
        """Any other model setting (``seed``, ``presence_penalty``, ...)."""
        self._settings[key] = value
        return self

    def build(self) -> Model:
        return build_model(self._provider, self._model, settings=self._settings, **self._options)


def openai_builder(model: str = "gpt-4o-mini") -> ProviderBuilder:
    return ProviderBuilder("openai", model)


def deepseek_builder(model: str = "deepseek-chat") -> ProviderBuilder:
    return ProviderBuilder("deepseek", model)


def anthropic_builder(model: str = "claude-3-5-sonnet-20241022") -> ProviderBuilder:
    return ProviderBuilder("anthropic", model)


def qwen_builder(model: str = "qwen-plus") -> ProviderBuilder:
    return ProviderBuilder("qwen", model)
