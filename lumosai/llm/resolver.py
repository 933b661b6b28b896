"""``ModelResolver``: ``"model"`` or ``"provider/model"`` strings -> a ``Model``.

Lumos's table (``gpt-*`` -> openai, ``claude-*`` -> anthropic with its short aliases,
``deepseek-*``, ``qwen-*``, the Ollama names) plus Mastra router strings
(``google/...``, ``ollama/...``, ``groq/...``, ``openrouter/...``).
"""

from __future__ import annotations

from typing import Any

from lumosai.llm.model import Model, ModelConfigError
from lumosai.llm.providers import ALIASES, PROVIDERS, build_model

CLAUDE_ALIASES = {
    "claude-3-opus": "claude-3-opus-20240229",
    "claude-3-sonnet": "claude-3-5-sonnet-20241022",
    "claude-3.5-sonnet": "claude-3-5-sonnet-20241022",
    "claude-3-5-sonnet": "claude-3-5-sonnet-20241022",
    "claude-3-haiku": "claude-3-haiku-20240307",
}
OLLAMA_NAMES = {"llama2", "llama3", "codellama", "mistral"}
_PREFIXES = (
    ("gpt-", "openai"),
    ("o1", "openai"),
    ("o3", "openai"),
    ("o4", "openai"),
    ("chatgpt-", "openai"),
    ("claude-", "anthropic"),
    ("deepseek-", "deepseek"),
    ("qwen-", "qwen"),
    ("gemini-", "gemini"),
    ("llama", "ollama"),
    ("codellama", "ollama"),
)


class ModelResolver:
    """Parses model strings and builds the model, failing early with a clear message."""

    def parse(self, spec: str) -> tuple[str, str]:
        """``spec`` -> ``(provider, model_id)``."""
        if not isinstance(spec, str) or not spec.strip():
            raise ModelConfigError(f"a model string must be non-empty, got {spec!r}")
        spec = spec.strip()
        if "/" in spec:
            provider, model_id = spec.split("/", 1)
            name = ALIASES.get(provider.lower(), provider.lower())
            if name not in PROVIDERS or name == "openai-compatible":
                known = ", ".join(
                    sorted(n for n in {*PROVIDERS, *ALIASES} if n != "openai-compatible")
                )
                raise ModelConfigError(
                    f"unknown provider {provider!r} in model string {spec!r}; known providers: {known}"
                )
            if not model_id:
                raise ModelConfigError(f"model string {spec!r} has no model name after the '/'")
            if name == "anthropic":
                model_id = CLAUDE_ALIASES.get(model_id, model_id)
            return name, model_id
        lowered = spec.lower()
        if lowered in CLAUDE_ALIASES:
            return "anthropic", CLAUDE_ALIASES[lowered]
        if lowered in OLLAMA_NAMES:
            return "ollama", spec
        for prefix, provider in _PREFIXES:
            if lowered.startswith(prefix):
                return provider, spec
        raise ModelConfigError(
            f"cannot tell the provider of model {spec!r}; write it as 'provider/model' "
            f"(e.g. 'openai/gpt-4o-mini', 'anthropic/claude-3-5-sonnet-20241022')"
        )

    def resolve(
        self, spec: str, *, api_key: str | None = None, base_url: str | None = None
    ) -> Model:
        provider, model_id = self.parse(spec)
        return build_model(provider, model_id, api_key=api_key, base_url=base_url)


_RESOLVER = ModelResolver()


def resolve_model(spec: str, **kwargs: Any) -> Model:
    """Module-level shortcut for ``ModelResolver().resolve(spec)``."""
    return _RESOLVER.resolve(spec, **kwargs)
