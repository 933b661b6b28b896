"""AI-SDK-shaped provider helpers: ``openai('gpt-4o')``, ``createOpenAI({baseURL, apiKey})``,
``anthropic(...)``, ``google(...)``, ``createOpenAICompatible({...})``, ``ollama(...)``.

They return native ``lumosai`` models. As in the AI SDK, the API key is read when the model is
first called, not when it is created, so a ported module imports without keys set; the error
then names the environment variable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any

from lumosai.llm.model import Model, ModelError, ModelRequest, ModelResponse, StreamChunk


class LazyModel(Model):
    """A model built on first use (keys and libraries are checked then)."""

    def __init__(self, factory: Callable[[], Model], provider: str, model_id: str) -> None:
        self._factory = factory
        self._model: Model | None = None
        self.provider = provider
        self.model_id = model_id

    @property
    def inner(self) -> Model:
        if self._model is None:
            self._model = self._factory()
        return self._model

    async def request(self, request: ModelRequest) -> ModelResponse:
        return await self.inner.request(request)

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamChunk]:
        async for chunk in self.inner.stream(request):
            yield chunk


class FallbackModel(Model):
    """Mastra's model list ``[{model, maxRetries?, enabled?}, ...]``: try each in order."""

    def __init__(self, entries: Sequence[tuple[Model, int]]) -> None:
        if not entries:
            raise ValueError("a model fallback list needs at least one enabled model")
        self.entries = list(entries)
        self.provider = entries[0][0].provider
        self.model_id = entries[0][0].model_id

    async def request(self, request: ModelRequest) -> ModelResponse:
        errors: list[str] = []
        for model, retries in self.entries:
            for _ in range(retries + 1):
                try:
                    return await model.request(request)
                except ModelError as exc:
                    errors.append(f"{model!r}: {exc}")
        raise ModelError("every model of the fallback list failed: " + "; ".join(errors))


class Provider:
    """An AI SDK provider: call it with a model id to get a model."""

    def __init__(
        self,
        name: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        headers: Mapping[str, str] | None = None,
        embedding_prefix: str | None = None,
    ) -> None:
        self.name = name
        self.base_url = base_url
        self.api_key = api_key
        self.headers = dict(headers or {})
        self._embedding_prefix = embedding_prefix or name

    def __call__(self, model_id: str, settings: Mapping[str, Any] | None = None) -> Model:
        return self._model(model_id, "chat")

    def _model(self, model_id: str, api: str) -> Model:
        from lumosai.llm.providers import build_model

        name, base_url, api_key = self.name, self.base_url, self.api_key

        def factory() -> Model:
            return build_model(
                name,
                model_id,
                api_key=api_key,
                base_url=base_url,
                api="responses" if api == "responses" else "chat",
            )

        return LazyModel(factory, name, model_id)

    def chat(self, model_id: str) -> Model:
        return self._model(model_id, "chat")

    languageModel = chat

    def responses(self, model_id: str) -> Model:
        return self._model(model_id, "responses")

    def embedding(self, model_id: str) -> Any:
        from lumosai.llm.embedding import embedder

        return embedder(
            f"{self._embedding_prefix}/{model_id}", base_url=self.base_url, api_key=self.api_key
        )

    textEmbeddingModel = embedding
    textEmbedding = embedding
    embeddingModel = embedding

    def __repr__(self) -> str:
        return f"Provider({self.name!r}, base_url={self.base_url!r})"


def _options(options: Mapping[str, Any] | None, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    return {**(options or {}), **kwargs}


def createOpenAI(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Provider:
    """``createOpenAI({ baseURL, apiKey, headers })`` (``@ai-sdk/openai``)."""
    opts = _options(options, kwargs)
    return Provider(
        "openai",
        base_url=opts.get("baseURL"),
        api_key=opts.get("apiKey"),
        headers=opts.get("headers"),
    )


def createOpenAICompatible(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Provider:
    """``createOpenAICompatible({ name, baseURL, apiKey })`` (``@ai-sdk/openai-compatible``)."""
    opts = _options(options, kwargs)
    if not opts.get("baseURL"):
        raise ValueError("createOpenAICompatible needs a baseURL")
    return Provider(
        "openai-compatible",
        base_url=opts["baseURL"],
        api_key=opts.get("apiKey"),
        headers=opts.get("headers"),
        embedding_prefix="openai",
    )


def createAnthropic(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Provider:
    opts = _options(options, kwargs)
    return Provider("anthropic", base_url=opts.get("baseURL"), api_key=opts.get("apiKey"))


def createGoogleGenerativeAI(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Provider:
    opts = _options(options, kwargs)
    return Provider("gemini", api_key=opts.get("apiKey"), embedding_prefix="google")


def createOllama(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Provider:
    opts = _options(options, kwargs)
    return Provider("ollama", base_url=opts.get("baseURL"))


def createDeepSeek(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Provider:
    opts = _options(options, kwargs)
    return Provider("deepseek", base_url=opts.get("baseURL"), api_key=opts.get("apiKey"))


def createGroq(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Provider:
    opts = _options(options, kwargs)
    return Provider("groq", base_url=opts.get("baseURL"), api_key=opts.get("apiKey"))


openai = Provider("openai")
anthropic = Provider("anthropic")
google = Provider("gemini", embedding_prefix="google")
ollama = Provider("ollama")
deepseek = Provider("deepseek")
groq = Provider("groq")
mistral = Provider("mistral")
openrouter = Provider("openrouter")
xai = Provider("xai")


def to_model(value: Any, *, where: str = "model") -> Any:
    """A Mastra ``model`` value as a native one: ``Model`` kept; ``'provider/model'`` built
    lazily; ``{id|providerId+modelId, url, apiKey}``; a fallback list; callables kept."""
    if isinstance(value, Model) or callable(value):
        return value
    if isinstance(value, str):
        from lumosai.llm.resolver import resolve_model

        provider, _, model_id = value.partition("/")
        return LazyModel(lambda: resolve_model(value), provider, model_id or value)
    if isinstance(value, Mapping):
        if "model" in value and "id" not in value and "providerId" not in value:
            return to_model(value["model"], where=where)
        if "providerId" in value:
            provider, model_id = str(value["providerId"]), str(value.get("modelId") or "")
        else:
            provider, _, model_id = str(value.get("id") or "").partition("/")
        if not provider or not model_id:
            raise ValueError(
                f"{where}: expected {{id: 'provider/model', url?, apiKey?}}, got {value!r}"
            )
        url, key = value.get("url"), value.get("apiKey")
        if url:
            return Provider("openai-compatible", base_url=url, api_key=key)(model_id)
        return Provider(provider, api_key=key)(model_id)
    if isinstance(value, list | tuple):
        entries = []
        for item in value:
            if isinstance(item, Mapping) and item.get("enabled", True) is False:
                continue
            model = to_model(item.get("model") if isinstance(item, Mapping) else item, where=where)
            if callable(model) and not isinstance(model, Model):
                raise ValueError(f"{where}: a fallback list entry cannot be a function")
            retries = int(item.get("maxRetries", 0)) if isinstance(item, Mapping) else 0
            entries.append((model, retries))
        return FallbackModel(entries)
    raise TypeError(
        f"{where}: expected a model, a 'provider/model' string, {{id, url, apiKey}}, a list of "
        f"fallbacks or a function of the request context; got {type(value).__name__}"
    )
