"""``sentence``: split at sentence ends (not after common abbreviations), pack sentences up to
``target_size``/``max_size`` with whole-sentence overlap; words, then characters, for
sentences longer than ``max_size`` (Mastra's ``SentenceTransformer``)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from lumosai.rag.chunkers.text import TextTransformer

log = logging.getLogger("lumosai.rag")

_TITLES = {"Dr", "Mr", "Mrs", "Ms", "Prof", "Sr", "Jr"}


class SentenceTransformer(TextTransformer):
    def __init__(
        self,
        *,
        max_size: int,
        min_size: int | None = None,
        target_size: int | None = None,
        overlap: int | None = None,
        sentence_enders: Sequence[str] | None = None,
        fallback_to_words: bool | None = None,
        fallback_to_characters: bool | None = None,
        **base: Any,
    ) -> None:
        super().__init__(max_size=max_size, overlap=min(overlap or 0, max_size - 1), **base)
        self.min_size = 50 if min_size is None else min_size
        self.target_size = int(max_size * 0.8) if target_size is None else target_size
        self.sentence_enders = list(sentence_enders or [".", "!", "?"])
        self.fallback_to_words = True if fallback_to_words is None else fallback_to_words
        self.fallback_to_characters = (
            True if fallback_to_characters is None else fallback_to_characters
        )
        self.overlap = overlap or 0

    def sentences(self, text: str) -> list[str]:
        found: list[str] = []
        current = ""
        for i, char in enumerate(text):
            current += char
            if char in self.sentence_enders and self._boundary(current, text[i + 1 :]):
                found.append(current.strip())
                current = ""
        if current.strip():
            found.append(current.strip())
        return [s for s in found if s]

    def _boundary(self, sentence: str, rest: str) -> bool:
        if not rest.strip():
            return True
        if not re.match(r"\s+[A-Z]", rest):
            return False
        words = re.split(r"\s+", sentence.strip())
        return not self._abbreviation((words[-1] if words else "")[:-1])

    @staticmethod
    def _abbreviation(word: str) -> bool:
        return bool(
            word in _TITLES
            or re.fullmatch(r"[A-Z](\.[A-Z])*", word)
            or re.fullmatch(r"[a-z](\.[a-z])*", word)
            or re.fullmatch(r"\d+", word)
            or re.fullmatch(r"[ap]\.?m", word, re.IGNORECASE)
        )

    def _size(self, sentences: list[str]) -> int:
        if not sentences:
            return 0
        return sum(self.length(s) for s in sentences) + self.length(" ") * (len(sentences) - 1)

    def _overlap(self, chunk: list[str]) -> list[str]:
        if self.overlap == 0 or not chunk:
            return []
        kept: list[str] = []
        size = 0
        for sentence in reversed(chunk):
            if not sentence:
                continue
            extra = self.length(sentence) + (self.length(" ") if kept else 0)
            if size + extra > self.overlap:
                break
            kept.insert(0, sentence)
            size += extra
        return kept

    def _oversized(self, sentence: str) -> list[str]:
        if self.fallback_to_words:
            words = self._words(sentence)
            if len(words) > 1:
                return words
        if self.fallback_to_characters:
            return self._characters(sentence)
        log.warning("Sentence exceeds maxSize (%d) and fallbacks are disabled", self.max_size)
        return [sentence]

    def _words(self, sentence: str) -> list[str]:
        chunks: list[str] = []
        current = ""
        for word in re.split(r"\s+", sentence):
            candidate = f"{current} {word}" if current else word
            if self.length(candidate) <= self.max_size:
                current = candidate
                continue
            if current:
                chunks.append(current)
            if self.length(word) > self.max_size:
                chunks.extend(self._characters(word) if self.fallback_to_characters else [word])
                current = ""
            else:
                current = word
        if current:
            chunks.append(current)
        return chunks

    def _characters(self, text: str) -> list[str]:
        chunks: list[str] = []
        current = ""
        for char in text:
            if self.length(current + char) <= self.max_size:
                current += char
            else:
                if current:
                    chunks.append(current)
                current = char
        if current:
            chunks.append(current)
        return chunks

    def split_text(self, text: str) -> list[str]:
        if not text:
            return []
        chunks: list[str] = []
        current: list[str] = []
        size = 0
        for sentence in self.sentences(text):
            length = self.length(sentence)
            separator = self.length(" ") if current else 0
            if length > self.max_size:
                if current:
                    chunks.append(" ".join(current))
                    current, size = [], 0
                chunks.extend(self._oversized(sentence))
                continue
            if current and size + length + separator > self.max_size:
                chunks.append(" ".join(current))
                current = self._overlap(current)
                size = self._size(current)
            current.append(sentence)
            size += length + separator
            if size >= self.target_size:
                chunks.append(" ".join(current))
                current = self._overlap(current)
                size = self._size(current)
        if current:
            chunks.append(" ".join(current))
        return [c for c in chunks if c.strip()]
