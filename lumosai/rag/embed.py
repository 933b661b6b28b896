"""Embedding helpers over ``lumosai.llm.embedding`` (the AI SDK's ``embed``/``embedMany``)."""

from __future__ import annotations

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
