"""Embedders: text -> vectors, for semantic recall and RAG.

``Embedder`` is the one-method protocol memory and vectors depend on. ``HashEmbedder`` is local
and deterministic (tests, offline demos); ``embedder("openai/text-embedding-3-small")`` goes
through pydantic-ai's embedding models, so no provider HTTP is written here.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from pydantic_ai.embeddings import Embedder as PydanticEmbedder


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into vectors of a fixed dimension."""

    async def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    """Feature-hashing embedder: words and character trigrams hashed into ``dim`` signed buckets,
    L2-normalised.

    Deterministic across processes and machines (blake2b, not ``hash()``), no model, no network.
    Texts that share words land close together, which is enough to test semantic recall."""

    def __init__(self, dim: int = 256) -> None:
        if dim < 8:
            raise ValueError("HashEmbedder needs dim >= 8")
        self.dim = dim

    def __repr__(self) -> str:
        return f"HashEmbedder(dim={self.dim})"

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self.embed_one(text) for text in texts]

    def embed_one(self, text: str) -> list[float]:
        vector = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            self._add(vector, "w:" + word, 1.0)
            padded = f"#{word}#"
            for i in range(len(padded) - 2):
                self._add(vector, "c:" + padded[i : i + 3], 0.25)
        norm = math.sqrt(sum(v * v for v in vector))
        return [v / norm for v in vector] if norm else vector

    def _add(self, vector: list[float], feature: str, weight: float) -> None:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        vector[value % self.dim] += weight if value >> 63 else -weight


class PydanticAIEmbedder:
    """An ``Embedder`` over a pydantic-ai ``Embedder`` (any provider it supports)."""

    def __init__(self, inner: PydanticEmbedder, name: str) -> None:
        self.inner = inner
        self.name = name

    def __repr__(self) -> str:
        return f"embedder({self.name!r})"

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        result = await self.inner.embed_documents(list(texts))
        return [list(map(float, vector)) for vector in result.embeddings]


_OPENAI_COMPATIBLE = {"openai", "deepseek", "ollama", "openrouter", "together", "fireworks"}

#: Mastra's `@mastra/fastembed` exports: `fastembed` (= `.small`) and `fastembed.base`.
FASTEMBED_MODELS = {
    "": "BAAI/bge-small-en-v1.5",
    "small": "BAAI/bge-small-en-v1.5",
    "base": "BAAI/bge-base-en-v1.5",
}


class FastEmbedEmbedder:
    """Local ONNX embeddings through the `fastembed` package (`pip install 'lumosai[fastembed]'`).

    Mastra's `@mastra/fastembed` runs the same models in Node (bge-small-en-v1.5 by default,
    384 dimensions), so a converted semantic recall keeps its vectors' meaning. The model is
    downloaded and loaded on first use, not when the app is built.
    """

    def __init__(self, model: str = FASTEMBED_MODELS["small"]) -> None:
        self.model = FASTEMBED_MODELS.get(model, model)
        self._loaded: Any = None

    def __repr__(self) -> str:
        return f"FastEmbedEmbedder({self.model!r})"

    def _load(self) -> Any:
        if self._loaded is None:
            try:
                from fastembed import TextEmbedding  # type: ignore[import-not-found]
            except ImportError as exc:
                raise ImportError(
                    f"embedding model fastembed/{self.model} needs the fastembed package: "
                    "pip install 'lumosai[fastembed]'"
                ) from exc
            self._loaded = TextEmbedding(model_name=self.model)
        return self._loaded

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self._load()
        return await asyncio.to_thread(
            lambda: [[float(x) for x in vector] for vector in model.embed(list(texts))]
        )


def embedder(
    model: str,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    settings: dict[str, Any] | None = None,
) -> Embedder:
    """An embedder from a ``"provider/model"`` (Mastra) or ``"provider:model"`` (pydantic-ai)
    string, e.g. ``embedder("openai/text-embedding-3-small", base_url=..., api_key=...)``.

    ``base_url``/``api_key`` apply to OpenAI-compatible providers; without them the provider
    reads its usual environment variables (``OPENAI_API_KEY`` …). ``"hash/<dim>"`` is the local
    ``HashEmbedder`` (offline tests, demos); ``"fastembed"``, ``"fastembed/base"`` or
    ``"fastembed/<model>"`` run a local model (`FastEmbedEmbedder`)."""
    if model == "hash" or model.startswith(("hash/", "hash:")):
        dim = model[5:]
        if dim and not dim.isdigit():
            raise ValueError(f"embedding model {model!r}: use 'hash/<dimension>', e.g. 'hash/256'")
        return HashEmbedder(int(dim) if dim else 256)
    if model == "fastembed" or model.startswith(("fastembed/", "fastembed:")):
        return FastEmbedEmbedder(model[len("fastembed") + 1 :])
    from pydantic_ai.embeddings import Embedder as PydanticEmbedder
    from pydantic_ai.embeddings import EmbeddingSettings, infer_embedding_model

    provider, sep, name = model.replace(":", "/", 1).partition("/")
    if not sep or not provider or not name:
        raise ValueError(
            f"embedding model {model!r} needs a provider prefix, e.g. 'openai/text-embedding-3-small'"
        )
    embedding_settings = EmbeddingSettings(**settings) if settings else None  # type: ignore[typeddict-item]
    if base_url is not None or api_key is not None:
        if provider not in _OPENAI_COMPATIBLE:
            raise ValueError(
                f"base_url/api_key are supported for OpenAI-compatible embedding providers "
                f"({', '.join(sorted(_OPENAI_COMPATIBLE))}), not {provider!r}"
            )
        from pydantic_ai.embeddings.openai import OpenAIEmbeddingModel
        from pydantic_ai.providers.openai import OpenAIProvider

        inner_model: Any = OpenAIEmbeddingModel(
            name, provider=OpenAIProvider(base_url=base_url, api_key=api_key or "not-needed")
        )
    else:
        try:
            inner_model = infer_embedding_model(f"{provider}:{name}")
        except Exception as exc:  # missing key, unknown provider: say which model
            raise ValueError(f"cannot build embedding model {model!r}: {exc}") from exc
    return PydanticAIEmbedder(PydanticEmbedder(inner_model, settings=embedding_settings), model)
