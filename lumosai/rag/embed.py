"""Embedding helpers over ``lumosai.llm.embedding`` (the AI SDK's ``embed``/``embedMany``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from lumosai.llm.embedding import Embedder, embedder


def as_embedder(model: Embedder | str | Any) -> Embedder:
    """An ``Embedder`` from an embedder object or a ``"provider/model"`` string."""
    if isinstance(model, str):
        return embedder(model)
    if callable(getattr(model, "embed", None)):
        return model  # type: ignore[no-any-return]
    raise TypeError(
        f"expected an Embedder (with async embed(texts)) or a 'provider/model' string, "
        f"got {type(model).__name__}"
    )


async def embed_many(values: Sequence[str], model: Embedder | str) -> list[list[float]]:
    """Vectors for ``values``, in order."""
    return await as_embedder(model).embed(list(values))


async def embed(value: str, model: Embedder | str) -> list[float]:
    """The vector of one text."""
    return (await as_embedder(model).embed([value]))[0]


def cosine_similarity(a: Sequence[float], b: Sequence[float]) -> float:
    """The AI SDK's ``cosineSimilarity``: 0 when either vector is all zeros; vectors of
    different lengths are an error."""
    if len(a) != len(b):
        raise ValueError(f"vectors must have the same length ({len(a)} != {len(b)})")
    norm_a = math.sqrt(math.fsum(x * x for x in a))
    norm_b = math.sqrt(math.fsum(y * y for y in b))
    if norm_a == 0 or norm_b == 0:
        return 0.0
    return math.fsum(x * y for x, y in zip(a, b, strict=True)) / (norm_a * norm_b)
