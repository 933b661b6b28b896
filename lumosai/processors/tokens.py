"""Token counting as Mastra counts.

Mastra 1.x's ``TokenLimiterProcessor`` estimates tokens with the ``tokenx`` heuristic (text
split on whitespace and punctuation runs, a per-segment estimate); ``estimate_tokens`` and
``slice_by_tokens`` re-implement it, including JavaScript's UTF-16 string lengths. Mastra 0.x's
memory ``TokenLimiter`` encodes with tiktoken's ``o200k_base``; ``o200k_counter`` gives the
exact count (through the ``bpe-openai`` package, which ships the BPE ranks offline, else
``tiktoken`` when its file is cached) and falls back to the estimate, with a warning.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from functools import lru_cache

logger = logging.getLogger(__name__)

_PUNCT = r"[.,!?;(){}\[\]<>:/\\|@#$%^&*+=`~_-]"
_SPLIT = re.compile(rf"(\s+|{_PUNCT}+)")
_WHITESPACE = re.compile(r"^\s+$")
_CJK = re.compile(
    "[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u30a0-\u30ff\u2e80-\u2eff"
    "\u31c0-\u31ef\u3200-\u32ff\u3300-\u33ff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
    "\ua960-\ua97f\ud7b0-\ud7ff]"
)
_NUMERIC = re.compile(r"^[0-9]+(?:[.,][0-9]+)*$")
_PUNCT_ANY = re.compile(_PUNCT)
_ALNUM = re.compile("^[a-zA-Z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]+$")
_LANGUAGES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile("[äöüßẞ]", re.IGNORECASE), 3.0),
    (re.compile("[éèêëàâîïôûùüÿçœæáíóúñ]", re.IGNORECASE), 3.0),
    (re.compile("[ąćęłńóśźżěščřžýůúďťň]", re.IGNORECASE), 3.5),
)
_CHARS_PER_TOKEN = 6.0
_SHORT = 3


def _js_len(text: str) -> int:
    """``String.length`` in JavaScript: UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _segments(text: str) -> list[str]:
    return [s for s in _SPLIT.split(text) if s]


def _segment_tokens(segment: str) -> int:
    if _WHITESPACE.match(segment):
        return 0
    if _CJK.search(segment):
        return len(segment)
    if _NUMERIC.match(segment):
        return 1
    length = _js_len(segment)
    if length <= _SHORT:
        return 1
    if _PUNCT_ANY.search(segment):
        return math.ceil(length / 2) if length > 1 else 1
    per_token = next((cpt for pat, cpt in _LANGUAGES if pat.search(segment)), _CHARS_PER_TOKEN)
    return math.ceil(length / per_token)


def estimate_tokens(text: str) -> int:
    """Mastra 1.x's token estimate of ``text`` (tokenx ``estimateTokenCount``)."""
    if not text:
        return 0
    return sum(_segment_tokens(s) for s in _segments(text))


def _js_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` on UTF-16 units; a cut surrogate pair becomes U+FFFD."""
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le", errors="replace")


def slice_by_tokens(text: str, end: int) -> str:
    """The first ``end`` estimated tokens of ``text`` (Mastra's ``sliceByTokensSafe(text, 0,
    end)``); a segment cut in the middle is cut proportionally."""
    if not text or end <= 0:
        return ""
    out: list[str] = []
    pos = 0
    for segment in _segments(text):
        if pos >= end:
            break
        count = _segment_tokens(segment)
        if count == 0:
            out.append(segment)
            continue
        if pos + count <= end:
            out.append(segment)
        else:
            length = _js_len(segment)
            char_end = math.ceil((end - pos) / count * length)
            out.append(_js_slice(segment, 0, char_end))
        pos += count
    return "".join(out)


@lru_cache(maxsize=1)
def o200k_counter() -> Callable[[str], int]:
    """Exact ``o200k_base`` token counts (what js-tiktoken gives Mastra 0.x)."""
    try:
        import bpe_openai

        enc = bpe_openai.get_encoding("o200k_base")
        return lambda text: len(enc.encode(text))
    except Exception:  # not installed: try tiktoken next
        pass
    try:
        import tiktoken

        tk = tiktoken.get_encoding("o200k_base")
        return lambda text: len(tk.encode(text, disallowed_special=()))
    except Exception:  # no cached BPE file and no network
        logger.warning(
            "o200k_base tokenizer unavailable (pip install 'lumosai[processors]'); "
            "TokenLimiter counts with the approximate estimate instead"
        )
        return estimate_tokens
