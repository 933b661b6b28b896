"""Model specs: `openai('gpt-4o')`, `'openai/gpt-4o'`, OpenAI-compatible configs, fallback
arrays, functions of the request context, and embedders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import (
    ArrayValue,
    CallValue,
    FallbackModel,
    FunctionValue,
    LiteralValue,
    ModelSpec,
    ObjectValue,
    ReferenceValue,
    TemplateValue,
    Value,
)
from lumosai.migrate.reader import values as values_mod

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader
    from lumosai.migrate.reader.modules import ModuleIndex

_PROVIDER_MODULES = {
    "@ai-sdk/openai": "openai",
    "@ai-sdk/anthropic": "anthropic",
    "@ai-sdk/google": "google",
    "@ai-sdk/mistral": "mistral",
    "@ai-sdk/groq": "groq",
    "@ai-sdk/deepseek": "deepseek",
    "@ai-sdk/xai": "xai",
    "@ai-sdk/cohere": "cohere",
    "@ai-sdk/amazon-bedrock": "bedrock",
    "@ai-sdk/azure": "azure",
    "@ai-sdk/cerebras": "cerebras",
    "@ai-sdk/perplexity": "perplexity",
    "@ai-sdk/togetherai": "togetherai",
    "@ai-sdk/fireworks": "fireworks",
    "@ai-sdk/openai-compatible": "openai_compatible",
    "@openrouter/ai-sdk-provider": "openrouter",
    "ollama-ai-provider": "ollama",
    "ollama-ai-provider-v2": "ollama",
    "qwen-ai-provider": "qwen",
}


def model_spec(ctx: Reader, mod: ModuleIndex, v: Value | None) -> ModelSpec | None:
    if v is None:
        return None
    if isinstance(v, LiteralValue | TemplateValue):
        s = values_mod.literal_str(v)
        if s is None:
            return ModelSpec(kind="unknown", value=v)
        provider, _, model = s.partition("/")
        return ModelSpec(
            kind="router_string",
            provider=provider if model else None,
            model_id=model or s,
            value=v,
        )
    if isinstance(v, FunctionValue):
        v.code.kind = "dynamic"
        return ModelSpec(kind="function", code=v.code, value=v)
    if isinstance(v, ArrayValue):
        fallbacks: list[FallbackModel] = []
        for item in v.items:
            if isinstance(item, ObjectValue):
                inner = model_spec(ctx, mod, item.get("model")) or ModelSpec(kind="unknown")
                retries = values_mod.literal(item.get("maxRetries"))
                fallbacks.append(
                    FallbackModel(
                        model=inner,
                        max_retries=retries if isinstance(retries, int) else None,
                        enabled=item.get("enabled"),
                        options={
                            p.key: p.value
                            for p in item.properties
                            if p.key not in ("model", "maxRetries", "enabled")
                        },
                    )
                )
            else:
                fallbacks.append(
                    FallbackModel(model=model_spec(ctx, mod, item) or ModelSpec(kind="unknown"))
                )
        return ModelSpec(kind="fallback", fallbacks=fallbacks, value=v)
    if isinstance(v, ObjectValue):
        mid = values_mod.literal_str(v.get("id"))
        provider_id = values_mod.literal_str(v.get("providerId"))
        model_id = values_mod.literal_str(v.get("modelId"))
        if mid is not None or provider_id is not None:
            compat_provider: str | None = provider_id
            compat_model: str | None = model_id
            if mid is not None:
                p, _, m = mid.partition("/")
                compat_provider, compat_model = (p, m) if m else (None, mid)
            return ModelSpec(
                kind="openai_compatible",
                provider=compat_provider,
                model_id=compat_model,
                settings={
                    p.key: p.value
                    for p in v.properties
                    if p.key not in ("id", "providerId", "modelId")
                },
                value=v,
            )
        return ModelSpec(kind="unknown", value=v)
    if isinstance(v, CallValue):
        return _provider_call(ctx, mod, v)
    return ModelSpec(kind="unknown", value=v)


def _provider_call(ctx: Reader, mod: ModuleIndex, v: CallValue) -> ModelSpec:
    if v.callee in ("ModelRouterEmbeddingModel", "ModelRouterLanguageModel") and v.args:
        inner = model_spec(ctx, mod, v.args[0])
        if inner is not None and inner.kind == "router_string":
            inner.value = v
            return inner
    root = v.callee.split(".")[0]
    provider = _PROVIDER_MODULES.get(v.module or "")
    factory: str | None = None
    factory_module: str | None = None
    settings: dict[str, Value] = {}
    if v.module is None:
        # `const openrouter = createOpenRouter({...}); openrouter('x')`
        res = ctx.resolve_name(mod, root)
        if res.kind == "decl" and res.decl is not None and res.decl.node is not None and res.module:
            made = values_mod.value(ctx, res.module, res.decl.node, hint=root)
            if isinstance(made, CallValue):
                factory = made.callee
                factory_module = made.module
                provider = _PROVIDER_MODULES.get(made.module or "") or provider
                if made.args and isinstance(made.args[0], ObjectValue):
                    settings.update({p.key: p.value for p in made.args[0].properties})
    model_id = values_mod.literal_str(v.args[0]) if v.args else None
    if len(v.args) > 1 and isinstance(v.args[1], ObjectValue):
        settings.update({p.key: p.value for p in v.args[1].properties})
    return ModelSpec(
        kind="provider_call",
        provider=provider or root,
        model_id=model_id,
        settings=settings,
        provider_factory=factory or v.callee,
        provider_module=factory_module or v.module,
        value=v,
    )


def embedder_spec(ctx: Reader, mod: ModuleIndex, v: Value | None) -> ModelSpec | None:
    if isinstance(v, ReferenceValue):
        return ModelSpec(kind="provider_call", provider=v.name, provider_module=v.module, value=v)
    return model_spec(ctx, mod, v)
