"""Chunking options: Mastra's names (``maxSize``, 0.x ``size``/``keepSeparator``) and Python
names (``max_size``) both accepted, checked per strategy like Mastra's validation."""

from __future__ import annotations

import re
from typing import Any

STRATEGIES = (
    "recursive",
    "character",
    "token",
    "markdown",
    "semantic-markdown",
    "html",
    "json",
    "latex",
    "sentence",
)

_BASE = {
    "max_size",
    "overlap",
    "length_function",
    "separator_position",
    "add_start_index",
    "strip_whitespace",
}
ALLOWED: dict[str, set[str]] = {
    "character": _BASE | {"separator", "is_separator_regex"},
    "recursive": _BASE | {"separators", "is_separator_regex", "language"},
    "sentence": _BASE
    | {"min_size", "target_size", "sentence_enders", "fallback_to_words", "fallback_to_characters"},
    "token": _BASE | {"encoding_name", "model_name", "allowed_special", "disallowed_special"},
    "json": _BASE | {"min_size", "ensure_ascii", "convert_lists"},
    "html": _BASE | {"headers", "sections", "return_each_line"},
    "markdown": _BASE | {"headers", "return_each_line", "strip_headers"},
    "latex": set(_BASE),
    "semantic-markdown": _BASE
    | {"join_threshold", "encoding_name", "model_name", "allowed_special", "disallowed_special"},
}

_ALIASES = {"size": "max_size", "keep_separator": "separator_position"}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


class ChunkOptionsError(ValueError):
    """Unknown strategy, unsupported option, or a bad option value."""


def normalise(strategy: str, options: dict[str, Any]) -> dict[str, Any]:
    """Python-named options for ``strategy``; raises ``ChunkOptionsError`` like Mastra does."""
    if strategy not in ALLOWED:
        raise ChunkOptionsError(
            f"Unknown chunking strategy: {strategy!r}; use one of {', '.join(STRATEGIES)}"
        )
    out: dict[str, Any] = {}
    for key, value in options.items():
        if value is None:
            continue
        name = _ALIASES.get(snake(key), snake(key))
        if name == "separator_position" and snake(key) == "keep_separator":
            if value is False:
                continue
            value = "start" if value is True else value
        out[name] = value
    unknown = [k for k in out if k not in ALLOWED[strategy]]
    if unknown:
        raise ChunkOptionsError(
            f"Invalid parameters for {strategy} strategy: '{', '.join(unknown)}' not supported"
        )
    for key in ("max_size", "overlap", "min_size", "target_size"):
        value = out.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ChunkOptionsError(
                f"Invalid parameters for {strategy} strategy: {key} must be a number"
            )
        if key == "overlap" and value < 0:
            raise ChunkOptionsError(
                f"Invalid parameters for {strategy} strategy: overlap must be >= 0"
            )
        if key != "overlap" and value <= 0:
            raise ChunkOptionsError(
                f"Invalid parameters for {strategy} strategy: {key} must be > 0"
            )
    position = out.get("separator_position")
    if position is not None and position not in ("start", "end"):
        raise ChunkOptionsError(
            f"Invalid parameters for {strategy} strategy: separator_position must be 'start' or 'end'"
        )
    return out
