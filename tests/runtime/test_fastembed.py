"""`embedder("fastembed")`: Mastra's @mastra/fastembed models, run locally by the fastembed
package. The package (and its model download) is optional; without it the first use says how
to install it, and building the app never fails."""

from __future__ import annotations

import importlib.util

import pytest

from lumosai.llm.embedding import FastEmbedEmbedder, embedder


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("fastembed", "BAAI/bge-small-en-v1.5"),
        ("fastembed/small", "BAAI/bge-small-en-v1.5"),
        ("fastembed/base", "BAAI/bge-base-en-v1.5"),
        ("fastembed/BAAI/bge-large-en-v1.5", "BAAI/bge-large-en-v1.5"),
    ],
)
def test_names_resolve_to_mastras_models(name: str, model: str) -> None:
    made = embedder(name)
    assert isinstance(made, FastEmbedEmbedder)
    assert made.model == model


async def test_empty_input_needs_no_model() -> None:
    assert await embedder("fastembed").embed([]) == []


@pytest.mark.skipif(
    importlib.util.find_spec("fastembed") is not None, reason="fastembed is installed here"
)
async def test_without_the_package_the_error_says_how_to_install() -> None:
    with pytest.raises(ImportError, match=r"pip install 'lumosai\[fastembed\]'"):
        await embedder("fastembed").embed(["hello"])
