"""``semantic-markdown``: split at markdown headers, then merge small sections into their
predecessor (deepest headers first) while the merged size stays under ``join_threshold``
tokens (Mastra's ``SemanticMarkdownTransformer``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lumosai.rag.chunk import Chunk
from lumosai.rag.chunkers.tokens import load_tokenizer

_HEADER = re.compile(r"(#{1,6})[ \t]+(\S[^\n]{0,1024})")


@dataclass(slots=True)
class _Section:
    title: str
    content: str
    depth: int
    length: int


class SemanticMarkdownTransformer:
    def __init__(
        self,
        *,
        join_threshold: int = 500,
        encoding_name: str | None = None,
        model_name: str | None = None,
        allowed_special: Any = None,
        disallowed_special: Any = "all",
        strip_whitespace: bool = True,
        **_: Any,
    ) -> None:
        self.join_threshold = join_threshold
        self.strip_whitespace = strip_whitespace
        self.tokenizer = load_tokenizer(
            encoding_name, model_name, allowed_special, disallowed_special
        )

    def count(self, text: str) -> int:
        return len(self.tokenizer.encode(text.strip() if self.strip_whitespace else text))

    def _sections(self, markdown: str) -> list[_Section]:
        sections: list[_Section] = []
        content, title, depth, in_code = "", "", 0, False
        for line in markdown.split("\n"):
            header = _HEADER.fullmatch(line)
            if line.startswith(("```", "~~~")):
                in_code = not in_code
            if header and not in_code:
                if content.strip() != "" or (title and depth > 0):
                    sections.append(
                        _Section(title, content.strip(), depth, self.count(content.strip()))
                    )
                content, depth, title = "", len(header.group(1)), header.group(2)
            else:
                content += line + "\n"
        if content.strip() != "":
            sections.append(_Section(title, content.strip(), depth, self.count(content.strip())))
        if len(sections) > 1 and sections[0].title == "" and sections[0].content.strip() == "":
            sections.pop(0)
        return sections

    def _merge(self, sections: list[_Section]) -> list[_Section]:
        if not sections:
            return sections
        working = list(sections)
        for depth in range(max(s.depth for s in working), 0, -1):
            j = 1
            while j < len(working):
                current = working[j]
                if current.depth == depth:
                    previous = working[j - 1]
                    title = f"\n\n{'#' * current.depth} {current.title}"
                    header_length = len(self.tokenizer.encode(f"{title}\n"))
                    merged = previous.length + current.length + header_length
                    if merged < self.join_threshold and previous.depth <= current.depth:
                        previous.content += f"{title}\n{current.content}"
                        previous.length = merged
                        del working[j]
                        continue
                j += 1
        return working

    def split_text(self, text: str) -> list[str]:
        if not text.strip():
            return []
        return [
            f"{'#' * s.depth} {s.title}\n{s.content}" if s.title else s.content
            for s in self._merge(self._sections(text))
        ]

    def transform(self, chunks: Sequence[Chunk]) -> list[Chunk]:
        return [
            Chunk(piece, {**(chunk.metadata or {}), "tokenCount": self.count(piece)})
            for chunk in chunks
            for piece in self.split_text(chunk.text)
        ]
