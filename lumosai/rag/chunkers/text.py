"""The text transformers: the shared merge-with-overlap step, ``character`` and ``recursive``
(plus the language presets: markdown, latex, code)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

from lumosai.rag.chunk import Chunk
from lumosai.rag.chunkers.length import LengthFunction, js_length

log = logging.getLogger("lumosai.rag")

SeparatorPosition = Literal["start", "end"]


def escape(separator: str) -> str:
    """Escape like JavaScript's ``s.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')``."""
    return re.sub(r"([.*+?^${}()|\[\]\\])", r"\\\1", separator)


def split_with_regex(text: str, separator: str, position: SeparatorPosition | None) -> list[str]:
    """Split on a regex; with ``position`` the separator stays on the start or end of a piece."""
    if not separator:
        return list(text)
    if not position:
        return [s for s in re.split(separator, text) if s != ""]
    if not text:
        return []
    splits = re.split(f"({separator})", text)
    result: list[str] = []
    if position == "end":
        for i in range(0, len(splits) - 1, 2):
            piece = splits[i] + (splits[i + 1] or "")
            if piece:
                result.append(piece)
        if len(splits) % 2 == 1 and splits[-1]:
            result.append(splits[-1])
    else:
        if splits[0]:
            result.append(splits[0])
        for i in range(1, len(splits) - 1, 2):
            if splits[i]:
                result.append(splits[i] + (splits[i + 1] or ""))
    return [s for s in result if s != ""]


class TextTransformer:
    """Size and overlap bookkeeping shared by the character-based strategies."""

    def __init__(
        self,
        *,
        max_size: int = 4000,
        overlap: int = 200,
        length_function: LengthFunction | None = None,
        separator_position: SeparatorPosition | None = None,
        add_start_index: bool = False,
        strip_whitespace: bool = True,
    ) -> None:
        if overlap >= max_size:
            raise ValueError(
                f"Chunk overlap ({overlap}) must be smaller than chunk size ({max_size})."
            )
        self.max_size = max_size
        self.overlap = overlap
        self.length = length_function or js_length
        self.separator_position = separator_position
        self.add_start_index = add_start_index
        self.strip_whitespace = strip_whitespace

    def split_text(self, text: str) -> list[str]:
        raise NotImplementedError

    def create_documents(
        self, texts: Sequence[str], metadatas: Sequence[dict[str, Any]] | None = None
    ) -> list[Chunk]:
        documents: list[Chunk] = []
        for i, text in enumerate(texts):
            index, previous = 0, 0
            for piece in self.split_text(text):
                metadata = dict(metadatas[i] or {}) if metadatas else {}
                if self.add_start_index:
                    offset = index + previous - self.overlap
                    index = text.find(piece, max(0, offset))
                    metadata["startIndex"] = index
                    previous = len(piece)
                documents.append(Chunk(piece, metadata))
        return documents

    def transform(self, chunks: Sequence[Chunk]) -> list[Chunk]:
        return self.create_documents([c.text for c in chunks], [c.metadata for c in chunks])

    def _join(self, docs: list[str], separator: str) -> str | None:
        text = separator.join(docs)
        if self.strip_whitespace:
            text = text.strip()
        return text or None

    def merge_splits(self, splits: Sequence[str], separator: str) -> list[str]:
        """Pack ``splits`` into chunks of at most ``max_size``, carrying ``overlap`` over."""
        docs: list[str] = []
        current: list[str] = []
        total = 0
        separator_len = self.length(separator) if separator else 0
        for piece in splits:
            size = self.length(piece)
            if total + size + (separator_len if current else 0) > self.max_size:
                if total > self.max_size:
                    log.warning(
                        "Created a chunk of size %d, which is longer than the specified %d",
                        total,
                        self.max_size,
                    )
                if current:
                    joined = self._join(current, separator)
                    if joined is not None:
                        docs.append(joined)
                    if self.overlap > 0:
                        kept: list[str] = []
                        kept_size = 0
                        for previous in reversed(current):
                            previous_len = self.length(previous)
                            if kept_size + previous_len > self.overlap:
                                break
                            kept.insert(0, previous)
                            kept_size += previous_len + (separator_len if len(kept) > 1 else 0)
                        while kept and kept_size + size + separator_len > self.max_size:
                            removed = kept.pop(0)
                            kept_size -= self.length(removed) + (separator_len if kept else 0)
                        current, total = kept, kept_size
                    else:
                        current, total = [], 0
            current.append(piece)
            total += size + (separator_len if len(current) > 1 else 0)
        if current:
            joined = self._join(current, separator)
            if joined is not None:
                docs.append(joined)
        return docs


class CharacterTransformer(TextTransformer):
    """``character``: split on one separator (default ``"\\n\\n"``); pieces still too long are
    cut into windows of ``max_size`` with ``overlap``."""

    def __init__(
        self, *, separator: str | None = None, is_separator_regex: bool = False, **base: Any
    ) -> None:
        super().__init__(**base)
        self.separator = "\n\n" if separator is None else separator
        self.is_separator_regex = is_separator_regex

    def split_text(self, text: str) -> list[str]:
        pattern = self.separator if self.is_separator_regex else escape(self.separator)
        chunks: list[str] = []
        for piece in split_with_regex(text, pattern, self.separator_position):
            if self.length(piece) <= self.max_size:
                chunks.append(piece)
            else:
                chunks.extend(self._windows(piece))
        return chunks

    def _windows(self, text: str) -> list[str]:
        points = list(text)  # code points, as JavaScript's for-of iterates them
        count = len(points)

        def size(start: int, end: int) -> int:
            return self.length("".join(points[start:end]))

        chunks: list[str] = []
        current = 0
        while current < count:
            end = current
            while end < count and size(current, end + 1) <= self.max_size:
                end += 1
            if end == current:
                end += 1
            chunks.append("".join(points[current:end]))
            if end >= count:
                break
            following = end
            while (
                self.overlap > 0
                and following > current
                and size(following - 1, end) <= self.overlap
            ):
                following -= 1
            current = max(current + 1, following)
        return chunks


DEFAULT_SEPARATORS = ["\n\n", "\n", " ", ""]

LANGUAGE_SEPARATORS: dict[str, list[str]] = {
    "markdown": [
        "\n#{1,6} ",
        "```\n",
        "\n\\*\\*\\*+\n",
        "\n---+\n",
        "\n___+\n",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "latex": [
        "\\\\part\\*?\\{",
        "\\\\chapter\\*?\\{",
        "\\\\section\\*?\\{",
        "\\\\subsection\\*?\\{",
        "\\\\subsubsection\\*?\\{",
        "\\\\begin\\{.*?\\}",
        "\\\\end\\{.*?\\}",
        "\\\\[a-zA-Z]+\\{.*?\\}",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "python": [
        "\nclass ",
        "\ndef ",
        "\n\tdef ",
        "\n\t\tdef ",
        "\nasync def ",
        "\nif ",
        "\nfor ",
        "\nwhile ",
        "\ntry ",
        "\nexcept ",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "js": [
        "\nclass ",
        "\nfunction ",
        "\nconst ",
        "\nlet ",
        "\nvar ",
        "\nif ",
        "\nfor ",
        "\nwhile ",
        "\nswitch ",
        "\ncase ",
        "\ndefault ",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "ts": [
        "\nenum ",
        "\ninterface ",
        "\nnamespace ",
        "\ntype ",
        "\nclass ",
        "\nfunction ",
        "\nconst ",
        "\nlet ",
        "\nvar ",
        "\nif ",
        "\nfor ",
        "\nwhile ",
        "\nswitch ",
        "\ncase ",
        "\ndefault ",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "go": [
        "\npackage ",
        "\nimport ",
        "\nfunc ",
        "\ntype ",
        "\nstruct ",
        "\ninterface ",
        "\nconst ",
        "\nvar ",
        "\nif ",
        "\nfor ",
        "\nswitch ",
        "\ncase ",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "java": [
        "\npackage ",
        "\nimport ",
        "\nclass ",
        "\ninterface ",
        "\nenum ",
        "\npublic ",
        "\nprotected ",
        "\nprivate ",
        "\nstatic ",
        "\nvoid ",
        "\nif ",
        "\nfor ",
        "\nwhile ",
        "\nswitch ",
        "\ncase ",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "rust": [
        "\nmod ",
        "\nuse ",
        "\nfn ",
        "\nstruct ",
        "\nenum ",
        "\nimpl ",
        "\ntrait ",
        "\nconst ",
        "\nlet ",
        "\nif ",
        "\nfor ",
        "\nwhile ",
        "\nmatch ",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "cpp": [
        "\nclass ",
        "\nvoid ",
        "\nint ",
        "\nfloat ",
        "\ndouble ",
        "\nif ",
        "\nfor ",
        "\nwhile ",
        "\nswitch ",
        "\ncase ",
        "\n\n",
        "\n",
        " ",
        "",
    ],
    "html": [
        "<body",
        "<div",
        "<p",
        "<br",
        "<li",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<span",
        "<table",
        "<tr",
        "<td",
        "<th",
        "<ul",
        "<ol",
        "<header",
        "<footer",
        "<nav",
        "\n\n",
        "\n",
        " ",
        "",
    ],
}
LANGUAGE_SEPARATORS["c"] = LANGUAGE_SEPARATORS["cpp"]
LANGUAGE_SEPARATORS["scala"] = LANGUAGE_SEPARATORS["java"]


class RecursiveCharacterTransformer(TextTransformer):
    """``recursive``: try separators in order (default paragraphs, lines, words, characters),
    splitting a piece further only when it is still too long."""

    def __init__(
        self,
        *,
        separators: Sequence[str] | None = None,
        is_separator_regex: bool = False,
        language: str | None = None,
        **base: Any,
    ) -> None:
        super().__init__(**base)
        if language is not None and separators is None:
            if language not in LANGUAGE_SEPARATORS:
                raise ValueError(
                    f"language {language!r} has no separator preset; use one of "
                    f"{', '.join(sorted(LANGUAGE_SEPARATORS))} or pass separators"
                )
            separators, is_separator_regex = LANGUAGE_SEPARATORS[language], True
        self.separators = list(separators) if separators else list(DEFAULT_SEPARATORS)
        self.is_separator_regex = is_separator_regex

    def _pattern(self, separator: str) -> str:
        return separator if self.is_separator_regex else escape(separator)

    def _split(self, text: str, separators: list[str]) -> list[str]:
        final: list[str] = []
        separator = separators[-1] if separators else ""
        remaining: list[str] = []
        for i, candidate in enumerate(separators):
            if candidate == "":
                separator = candidate
                break
            if re.search(self._pattern(candidate), text):
                separator, remaining = candidate, separators[i + 1 :]
                break
        splits = split_with_regex(text, self._pattern(separator), self.separator_position)
        good: list[str] = []
        merge_separator = "" if self.separator_position else separator
        for piece in splits:
            if self.length(piece) < self.max_size:
                good.append(piece)
                continue
            if good:
                final.extend(self.merge_splits(good, merge_separator))
                good = []
            if not remaining:
                final.append(piece)
            else:
                final.extend(self._split(piece, remaining))
        if good:
            final.extend(self.merge_splits(good, merge_separator))
        return final

    def split_text(self, text: str) -> list[str]:
        return self._split(text, self.separators)
