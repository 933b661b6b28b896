"""``MDocument``: load text, markdown, HTML or JSON and cut it into chunks with Mastra's
strategies and options.

``doc.chunk(strategy="recursive", max_size=512, overlap=50)`` returns a ``ChunkList`` (a list
of ``Chunk(text, metadata)``) and also works as ``await doc.chunk(...)``; ``achunk`` is the
coroutine twin. The document keeps its latest chunks (``get_docs()``/``get_text()``), as
Mastra's does, so chunking twice re-chunks the chunks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from lumosai.rag.chunk import Chunk, ChunkList
from lumosai.rag.chunkers.htmlchunk import HTMLHeaderTransformer, HTMLSectionTransformer
from lumosai.rag.chunkers.jsonchunk import RecursiveJsonTransformer
from lumosai.rag.chunkers.markdown import MarkdownHeaderTransformer
from lumosai.rag.chunkers.semantic_markdown import SemanticMarkdownTransformer
from lumosai.rag.chunkers.sentence import SentenceTransformer
from lumosai.rag.chunkers.text import (
    LANGUAGE_SEPARATORS,
    CharacterTransformer,
    RecursiveCharacterTransformer,
)
from lumosai.rag.chunkers.tokens import TokenTransformer
from lumosai.rag.options import ChunkOptionsError, normalise

DocType = Literal["text", "html", "markdown", "json", "latex"]

_DEFAULT_STRATEGY = {"html": "html", "markdown": "markdown", "json": "json", "latex": "latex"}
_BASE_KEYS = (
    "max_size",
    "overlap",
    "length_function",
    "separator_position",
    "add_start_index",
    "strip_whitespace",
)


def _base(options: dict[str, Any]) -> dict[str, Any]:
    return {k: options[k] for k in _BASE_KEYS if k in options}


class MDocument:
    """A document (or several) and its current chunks."""

    def __init__(
        self, docs: Sequence[Mapping[str, Any] | Chunk], type: DocType | str = "text"
    ) -> None:
        self.chunks: list[Chunk] = [
            d if isinstance(d, Chunk) else Chunk(str(d["text"]), dict(d.get("metadata") or {}))
            for d in docs
        ]
        self.type = type

    def __repr__(self) -> str:
        return f"MDocument(type={self.type!r}, chunks={len(self.chunks)})"

    @classmethod
    def from_text(cls, text: str, metadata: Mapping[str, Any] | None = None) -> MDocument:
        return cls([{"text": text, "metadata": dict(metadata or {})}], "text")

    @classmethod
    def from_markdown(cls, markdown: str, metadata: Mapping[str, Any] | None = None) -> MDocument:
        return cls([{"text": markdown, "metadata": dict(metadata or {})}], "markdown")

    @classmethod
    def from_html(cls, html: str, metadata: Mapping[str, Any] | None = None) -> MDocument:
        return cls([{"text": html, "metadata": dict(metadata or {})}], "html")

    @classmethod
    def from_json(cls, json_string: str, metadata: Mapping[str, Any] | None = None) -> MDocument:
        return cls([{"text": json_string, "metadata": dict(metadata or {})}], "json")

    def default_strategy(self) -> str:
        return _DEFAULT_STRATEGY.get(str(self.type), "recursive")

    def chunk(self, strategy: str | None = None, **options: Any) -> ChunkList:
        """Cut the document; see ``docs/rag.md`` for each strategy's options."""
        if "extract" in options:
            raise ChunkOptionsError(
                "chunk(extract=...) (LLM metadata extraction) is not supported; chunk first, "
                "then ask an agent for titles or summaries"
            )
        chosen = strategy or self.default_strategy()
        opts = normalise(chosen, options)
        self.chunks = self._apply(chosen, opts)
        return ChunkList(self.chunks)

    async def achunk(self, strategy: str | None = None, **options: Any) -> ChunkList:
        return self.chunk(strategy, **options)

    def _apply(self, strategy: str, o: dict[str, Any]) -> list[Chunk]:
        if strategy == "recursive":
            return RecursiveCharacterTransformer(**o).transform(self.chunks)
        if strategy == "character":
            return CharacterTransformer(**o).transform(self.chunks)
        if strategy == "latex":
            return RecursiveCharacterTransformer(language="latex", **o).transform(self.chunks)
        if strategy == "token":
            return TokenTransformer(**o).transform(self.chunks)
        if strategy == "sentence":
            if not o.get("max_size"):
                raise ChunkOptionsError("Sentence chunking requires max_size to be specified")
            return SentenceTransformer(**o).transform(self.chunks)
        if strategy == "json":
            if not o.get("max_size"):
                raise ChunkOptionsError("JSON chunking requires max_size to be specified")
            return RecursiveJsonTransformer(
                max_size=int(o["max_size"]), min_size=o.get("min_size")
            ).transform(
                self.chunks,
                convert_lists=bool(o.get("convert_lists", False)),
                ensure_ascii=bool(o.get("ensure_ascii", True)),
            )
        if strategy == "markdown":
            if o.get("headers"):
                return MarkdownHeaderTransformer(
                    o["headers"],
                    bool(o.get("return_each_line", False)),
                    bool(o.get("strip_headers", True)),
                ).transform(self.chunks)
            rest = {
                k: v
                for k, v in o.items()
                if k not in ("headers", "return_each_line", "strip_headers")
            }
            return RecursiveCharacterTransformer(language="markdown", **rest).transform(self.chunks)
        if strategy == "html":
            return self._html(o)
        if strategy == "semantic-markdown":
            return SemanticMarkdownTransformer(**o).transform(self.chunks)
        raise ChunkOptionsError(f"Unknown strategy: {strategy}")

    def _html(self, o: dict[str, Any]) -> list[Chunk]:
        splitter: HTMLHeaderTransformer | HTMLSectionTransformer
        if o.get("headers"):
            splitter = HTMLHeaderTransformer(o["headers"], bool(o.get("return_each_line", False)))
        elif o.get("sections"):
            splitter = HTMLSectionTransformer(o["sections"])
        else:
            raise ChunkOptionsError(
                "HTML chunking requires either headers or sections to be specified"
            )
        pieces = splitter.transform(self.chunks)
        if o.get("max_size"):
            pieces = RecursiveCharacterTransformer(**_base(o)).transform(pieces)
        return pieces

    def get_docs(self) -> list[Chunk]:
        return list(self.chunks)

    def get_text(self) -> list[str]:
        return [c.text for c in self.chunks]

    def get_metadata(self) -> list[dict[str, Any]]:
        return [c.metadata for c in self.chunks]


__all__ = ["LANGUAGE_SEPARATORS", "MDocument"]
