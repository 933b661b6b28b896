"""String length as JavaScript counts it (UTF-16 code units), so sizes match Mastra's."""

from __future__ import annotations

from collections.abc import Callable

LengthFunction = Callable[[str], int]


def js_length(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2
