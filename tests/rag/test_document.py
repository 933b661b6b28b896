"""MDocument behaviour that needs no Node: sync and awaited chunking, option names of both
eras, clear errors, the approximate tokenizer."""

from __future__ import annotations

import pytest

from lumosai.rag import ChunkOptionsError, MDocument
from lumosai.rag.chunkers import tokens

TEXT = "First paragraph here.\n\nSecond paragraph, a little longer than the first.\n\nThird."


async def test_chunk_is_a_list_and_awaitable() -> None:
    doc = MDocument.from_text(TEXT, {"source": "a.txt"})
    chunks = doc.chunk(strategy="recursive", max_size=40, overlap=0)
    assert isinstance(chunks, list)
    assert chunks.texts == [
        "First paragraph here.",
        "Second paragraph, a little longer than",
        "the first.",
        "Third.",
    ]
    assert all(c.metadata == {"source": "a.txt"} for c in chunks)
    awaited = await MDocument.from_text(TEXT).chunk(strategy="recursive", max_size=40, overlap=0)
    assert awaited.texts == chunks.texts
    again = await MDocument.from_text(TEXT).achunk(strategy="recursive", maxSize=40, overlap=0)
    assert again.texts == chunks.texts
    assert doc.get_text() == chunks.texts and len(doc.get_metadata()) == 4


def test_default_strategy_follows_the_document_type() -> None:
    md = MDocument.from_markdown("# A\n\ntext\n\n## B\n\nmore")
    assert md.default_strategy() == "markdown"
    assert md.chunk(max_size=10, overlap=0).texts == ["# A\n\ntext", "B\n\nmore"]
    assert MDocument.from_json('{"a": 1}').chunk(max_size=50).texts == ['{"a":1}']
    assert MDocument.from_text("x").default_strategy() == "recursive"


def test_mastra_0x_option_names() -> None:
    a = MDocument.from_text(TEXT).chunk(strategy="recursive", size=40, overlap=0)
    b = MDocument.from_text(TEXT).chunk(strategy="recursive", maxSize=40, overlap=0)
    assert a.texts == b.texts
    kept = MDocument.from_text(TEXT).chunk(
        strategy="character", separator="\n\n", keepSeparator=True, maxSize=200, overlap=0
    )
    # the separator stays at the start of the piece (character chunks are not stripped)
    assert kept.texts[1].startswith("\n\nSecond")


def test_bad_options_are_named() -> None:
    doc = MDocument.from_text(TEXT)
    with pytest.raises(ChunkOptionsError, match="'headers' not supported"):
        doc.chunk(strategy="recursive", headers=[["#", "h1"]])
    with pytest.raises(ChunkOptionsError, match="Unknown chunking strategy"):
        doc.chunk(strategy="semantic-magic")
    with pytest.raises(ChunkOptionsError, match="'separators' not supported"):
        doc.chunk(strategy="semantic-markdown", separators=["x"])
    with pytest.raises(
        ValueError, match=r"Chunk overlap \(50\) must be smaller than chunk size \(10\)"
    ):
        doc.chunk(strategy="recursive", max_size=10, overlap=50)
    with pytest.raises(ChunkOptionsError, match="requires max_size"):
        doc.chunk(strategy="sentence")
    with pytest.raises(ChunkOptionsError, match="headers or sections"):
        MDocument.from_html("<h1>x</h1>").chunk()
    with pytest.raises(ChunkOptionsError, match="max_size must be > 0"):
        doc.chunk(max_size=0)
    with pytest.raises(ChunkOptionsError, match="extract"):
        doc.chunk(extract={"title": True})


def test_language_presets() -> None:
    code = "def a():\n    return 1\n\ndef b():\n    return 2\n"
    chunks = MDocument.from_text(code).chunk(
        strategy="recursive", language="python", max_size=30, overlap=0
    )
    assert chunks.texts == ["def a():\n    return 1", "b():\n    return 2"]
    with pytest.raises(ValueError, match="no separator preset"):
        MDocument.from_text(code).chunk(strategy="recursive", language="cobol")


def test_approximate_tokenizer_when_no_encoding_loads(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    tokens._CACHE.clear()
    monkeypatch.setattr(tokens, "_CACHE", {})
    import tiktoken

    def refuse(name: str) -> None:
        raise ValueError(f"no {name} offline")

    monkeypatch.setattr(tiktoken, "get_encoding", refuse)
    chunks = MDocument.from_text("one two three four five six seven").chunk(
        strategy="token", max_size=3, overlap=1, encoding_name="p50k_base"
    )
    assert chunks.texts == ["one two three", "three four five", "five six seven"]
    assert "approximate tokenizer" in caplog.text
    approx = tokens.approximate_tokenizer()
    assert approx.encode("Hello, world 12345!") == ["Hello", ",", " world", " ", "123", "45", "!"]


def test_real_cl100k_is_bundled_for_offline_use() -> None:
    tokenizer = tokens.load_tokenizer()
    assert tokenizer.exact
    assert tokenizer.encode("hello world") == [15339, 1917]
