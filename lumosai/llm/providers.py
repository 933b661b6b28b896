"""Provider helpers (``openai()``, ``anthropic()``, ...): build a ``Model`` for a provider.

The API key and the provider's library are checked when the helper is called (so when the
agent is built), with an error naming the environment variable or the extra to install. The
pydantic-ai model itself is created on first use, keeping imports lazy.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from typing import Any, Literal

from lumosai.llm.model import Model, ModelConfigError

Kind = Literal["openai", "anthropic", "google"]


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """How to reach one provider: wire protocol, key variables, default base URL."""

    name: str
    kind: Kind
    env_vars: tuple[str, ...] = ()
    base_url: str | None = None
    base_url_env: str | None = None
    needs_key: bool = True


PROVIDERS: dict[str, ProviderInfo] = {
    p.name: p
    for p in (
        ProviderInfo("openai", "openai", ("OPENAI_API_KEY",), None, "OPENAI_BASE_URL"),
        ProviderInfo("anthropic", "anthropic", ("ANTHROPIC_API_KEY", "CLAUDE_API_KEY")),
        ProviderInfo(
            "gemini", "google", ("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY")
        ),
        ProviderInfo("deepseek", "openai", ("DEEPSEEK_API_KEY",), "https://api.deepseek.com/v1"),
        ProviderInfo(
            "qwen",
            "openai",
            ("QWEN_API_KEY", "DASHSCOPE_API_KEY"),
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
        ),
        ProviderInfo(
            "ollama", "openai", (), "http://localhost:11434/v1", "OLLAMA_BASE_URL", needs_key=False
        ),
        ProviderInfo("groq", "openai", ("GROQ_API_KEY",), "https://api.groq.com/openai/v1"),
        ProviderInfo("mistral", "openai", ("MISTRAL_API_KEY",), "https://api.mistral.ai/v1"),
        ProviderInfo(
            "openrouter", "openai", ("OPENROUTER_API_KEY",), "https://openrouter.ai/api/v1"
        ),
        ProviderInfo("together", "openai", ("TOGETHER_API_KEY",), "https://api.together.xyz/v1"),
        ProviderInfo("xai", "openai", ("XAI_API_KEY",), "https://api.x.ai/v1"),
        ProviderInfo("zhipu", "openai", ("ZHIPU_API_KEY",), "https://open.bigmodel.cn/api/paas/v4"),
        ProviderInfo(
            "cohere", "openai", ("COHERE_API_KEY",), "https://api.cohere.ai/compatibility/v1"
        ),
        ProviderInfo("openai-compatible", "openai", (), None, needs_key=False),
    )
}
ALIASES = {"google": "gemini", "claude": "anthropic", "dashscope": "qwen", "grok": "xai"}

_PACKAGES: dict[Kind, tuple[str, str]] = {
    "openai": ("openai", "openai"),
    "anthropic": ("anthropic", "anthropic"),
    "google": ("google.genai", "google"),
}


def provider_info(name: str) -> ProviderInfo:
    key = ALIASES.get(name.lower(), name.lower())
    try:
        return PROVIDERS[key]
    except KeyError:
        known = ", ".join(sorted({*PROVIDERS, *ALIASES}))
        raise ModelConfigError(
            f"unknown model provider {name!r}; known providers: {known}"
        ) from None


def build_model(
    provider: str,
    model_id: str,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    max_retries: int | None = None,
    timeout: float | None = None,
    settings: dict[str, Any] | None = None,
    api: Literal["chat", "responses"] = "chat",
) -> Model:
    """A ``Model`` for ``provider``/``model_id``; raises ``ModelConfigError`` now if it cannot work.

    ``api="responses"`` uses OpenAI's Responses API instead of chat completions (OpenAI only).
    """
    info = provider_info(provider)
    if not model_id:
        raise ModelConfigError(f"{info.name}: a model name is required")
    key = api_key or next((os.environ[v] for v in info.env_vars if os.environ.get(v)), None)
    url = (
        base_url
        or (os.environ.get(info.base_url_env) if info.base_url_env else None)
        or info.base_url
    )
    if key is None:
        if info.needs_key and not (info.name == "openai" and base_url):
            names = " or ".join(info.env_vars)
            raise ModelConfigError(
                f"{info.name} model {model_id!r} needs an API key: set {names} "
                f"or pass api_key=... to the provider helper"
            )
        key = "not-needed"
    module, extra = _PACKAGES[info.kind]
    if importlib.util.find_spec(module.split(".")[0]) is None or (
        "." in module and _missing(module)
    ):
        raise ModelConfigError(
            f"{info.name} models need the {module!r} package: pip install 'lumosai[{extra}]'"
        )
    if info.name == "ollama" and url and not url.rstrip("/").endswith("/v1"):
        url = url.rstrip("/") + "/v1"

    def pydantic_ai_model() -> Model:
        from lumosai.llm.pydantic_ai_model import PydanticAIModel

        def factory() -> Any:
            return _make(info.kind, model_id, key, url, max_retries, timeout, api, info.name)

        return PydanticAIModel(factory, provider=info.name, model_id=model_id, settings=settings)

    if info.kind == "openai" and api == "chat" and _lean_client_enabled():
        from lumosai.llm.openai_client import OpenAIChatClient, lean_client_supports

        if lean_client_supports(model_id, url):
            return OpenAIChatClient(
                provider=info.name,
                model_id=model_id,
                api_key=key,
                base_url=url,
                max_retries=max_retries,
                timeout=timeout,
                settings=settings,
                max_tokens_field="max_completion_tokens" if info.name == "openai" else "max_tokens",
                fallback=pydantic_ai_model,
            )
    return pydantic_ai_model()


def _lean_client_enabled() -> bool:
    """``LUMOS_OPENAI_CLIENT=pydantic-ai`` keeps every OpenAI-compatible model on pydantic-ai's
    OpenAI model (the OpenAI SDK and httpx) instead of Lumos's own client."""
    return os.environ.get("LUMOS_OPENAI_CLIENT", "").lower() not in ("pydantic-ai", "sdk")


def _missing(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except ModuleNotFoundError:
        return True


def _make(
    kind: Kind,
    model_id: str,
    key: str,
    url: str | None,
    max_retries: int | None,
    timeout: float | None,
    api: str = "chat",
    provider: str = "openai",
) -> Any:
    if kind == "openai":
        from openai import AsyncOpenAI
        from pydantic_ai.models.openai import OpenAIChatModel, OpenAIResponsesModel
        from pydantic_ai.profiles.openai import OpenAIModelProfile
        from pydantic_ai.providers.openai import OpenAIProvider

        kwargs: dict[str, Any] = {"api_key": key}
        if url:
            kwargs["base_url"] = url
        if max_retries is not None:
            kwargs["max_retries"] = max_retries
        if timeout is not None:
            kwargs["timeout"] = timeout
        client = AsyncOpenAI(**kwargs)
        if api == "responses":
            return OpenAIResponsesModel(model_id, provider=OpenAIProvider(openai_client=client))
        # OpenAI itself takes `max_completion_tokens`; OpenAI-compatible servers (DeepSeek,
        # DashScope, Ollama, vLLM, ...) take the classic `max_tokens`.
        profile = (
            None
            if provider == "openai"
            else OpenAIModelProfile(openai_chat_supports_max_completion_tokens=False)
        )
        return OpenAIChatModel(
            model_id, provider=OpenAIProvider(openai_client=client), profile=profile
        )
    if kind == "anthropic":
        from pydantic_ai.models.anthropic import AnthropicModel
        from pydantic_ai.providers.anthropic import AnthropicProvider

        return AnthropicModel(model_id, provider=AnthropicProvider(api_key=key, base_url=url))
    from pydantic_ai.models.google import GoogleModel
    from pydantic_ai.providers.google import GoogleProvider

    return GoogleModel(model_id, provider=GoogleProvider(api_key=key))


def _settings(
    temperature: float | None, max_tokens: int | None, top_p: float | None
) -> dict[str, Any]:
    values = {"temperature": temperature, "max_tokens": max_tokens, "top_p": top_p}
    return {k: v for k, v in values.items() if v is not None}


def openai(
    model: str = "gpt-4o-mini",
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    max_retries: int | None = None,
    timeout: float | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    top_p: float | None = None,
    api: Literal["chat", "responses"] = "chat",
) -> Model:
    """An OpenAI model; ``base_url`` points it at any OpenAI-compatible server.

    ``api="responses"`` talks to the Responses API (``/v1/responses``) instead of chat
    completions.
    """
    return build_model(
        "openai",
        model,
        api_key=api_key,
        base_url=base_url,
        max_retries=max_retries,
        timeout=timeout,
        settings=_settings(temperature, max_tokens, top_p),
        api=api,
    )


def openai_with_key(api_key: str, model: str = "gpt-4o-mini", base_url: str | None = None) -> Model:
    return openai(model, api_key=api_key, base_url=base_url)


def openai_compatible(
    model: str,
    base_url: str,
    api_key: str | None = None,
    *,
    max_retries: int | None = None,
    timeout: float | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    top_p: float | None = None,
) -> Model:
    """Any OpenAI-compatible endpoint (vLLM, LM Studio, a proxy, ``mock_llm_server``)."""
    return build_model(
        "openai-compatible",
        model,
        api_key=api_key,
        base_url=base_url,
        max_retries=max_retries,
        timeout=timeout,
        settings=_settings(temperature, max_tokens, top_p),
    )


def _helper(provider: str, default_model: str) -> Any:
    def helper(
        model: str = default_model,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        max_retries: int | None = None,
        timeout: float | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
    ) -> Model:
        return build_model(
            provider,
            model,
            api_key=api_key,
            base_url=base_url,
            max_retries=max_retries,
            timeout=timeout,
            settings=_settings(temperature, max_tokens, top_p),
        )

    helper.__name__ = provider
    helper.__qualname__ = provider
    helper.__doc__ = f"A {provider} model (default {default_model!r}); key from {', '.join(PROVIDERS[provider].env_vars) or 'not needed'}."
    return helper


anthropic = _helper("anthropic", "claude-3-5-sonnet-20241022")
deepseek = _helper("deepseek", "deepseek-chat")
qwen = _helper("qwen", "qwen-plus")
gemini = _helper("gemini", "gemini-2.0-flash")
groq = _helper("groq", "llama-3.3-70b-versatile")
mistral = _helper("mistral", "mistral-large-latest")
openrouter = _helper("openrouter", "openai/gpt-4o-mini")
together = _helper("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo")
zhipu = _helper("zhipu", "glm-4")
claude = anthropic


def ollama(
    model: str = "llama3",
    base_url: str | None = None,
    *,
    timeout: float | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    top_p: float | None = None,
) -> Model:
    """A local Ollama model (OpenAI-compatible endpoint at ``base_url``/v1)."""
    return build_model(
        "ollama",
        model,
        base_url=base_url,
        timeout=timeout,
        settings=_settings(temperature, max_tokens, top_p),
    )


def ollama_local(model: str = "llama3") -> Model:
    return ollama(model)


def anthropic_with_key(api_key: str, model: str = "claude-3-5-sonnet-20241022") -> Model:
    return build_model("anthropic", model, api_key=api_key)


def deepseek_with_key(api_key: str, model: str = "deepseek-chat") -> Model:
    return build_model("deepseek", model, api_key=api_key)


def qwen_with_key(api_key: str, model: str = "qwen-plus") -> Model:
    return build_model("qwen", model, api_key=api_key)


def gemini_with_key(api_key: str, model: str = "gemini-2.0-flash") -> Model:
    return build_model("gemini", model, api_key=api_key)


def auto_provider(model: str | None = None) -> Model:
    """The first provider whose key is set (OpenAI, Anthropic, DeepSeek, Qwen, Gemini), else Ollama."""
    defaults = {
        "openai": "gpt-4o-mini",
        "anthropic": "claude-3-5-sonnet-20241022",
        "deepseek": "deepseek-chat",
        "qwen": "qwen-plus",
        "gemini": "gemini-2.0-flash",
    }
    for name, default in defaults.items():
        if any(os.environ.get(v) for v in PROVIDERS[name].env_vars):
            return build_model(name, model or default)
    return build_model("ollama", model or "llama2")
