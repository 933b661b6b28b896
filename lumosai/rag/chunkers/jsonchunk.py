"""``json``: split a JSON document into JSON chunks of at most ``max_size`` characters,
keeping each value under its path (Mastra's ``RecursiveJsonTransformer``).

Sizes are measured on compact ``JSON.stringify`` output, and objects keep JavaScript's key
order (integer-like keys first), so chunk boundaries match Mastra's."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from lumosai.rag.chunk import Chunk
from lumosai.rag.chunkers.length import js_length

_INDEX = re.compile(r"^(0|[1-9][0-9]*)$")


def js_object(pairs: dict[str, Any]) -> dict[str, Any]:
    """Reorder keys as a JavaScript object would: array-index keys ascending, then the rest."""
    index_keys = [k for k in pairs if _INDEX.match(k) and int(k) < 2**32 - 1]
    if not index_keys:
        return pairs
    others = [k for k in pairs if k not in index_keys]
    return {k: pairs[k] for k in [*sorted(index_keys, key=int), *others]}


def _integral(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def parse_js(text: str) -> Any:
    """``JSON.parse``: integral floats become ints (JS prints ``1.0`` as ``1``)."""
    return json.loads(
        text,
        object_pairs_hook=lambda p: js_object(dict(p)),
        parse_float=lambda s: _integral(float(s)),
    )


def stringify(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def json_size(value: Any) -> int:
    return js_length(stringify(value))


def _merge(*parts: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    return js_object(merged)


def _truthy(value: Any) -> bool:
    """JavaScript truthiness: empty lists and objects are true."""
    if isinstance(value, (list, dict)):
        return True
    return bool(value) and value == value  # NaN is falsy


def _set_nested(target: dict[str, Any], path: Sequence[str], value: Any) -> None:
    current = target
    for key in path[:-1]:
        if not _truthy(current.get(key)):
            current[key] = {}
        current = current[key]
    current[path[-1]] = value


def _escape_non_ascii(value: Any) -> Any:
    if isinstance(value, str):
        units = value.encode("utf-16-le")
        out = []
        for i in range(0, len(units), 2):
            code = int.from_bytes(units[i : i + 2], "little")
            out.append(chr(code) if code < 0x80 else f"\\u{code:04x}")
        return "".join(out) if not value.isascii() else value
    if isinstance(value, list):
        return [_escape_non_ascii(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape_non_ascii(v) for k, v in value.items()}
    return value


class RecursiveJsonTransformer:
    def __init__(self, *, max_size: int = 2000, min_size: int | None = None) -> None:
        self.max_size = max_size
        self.min_size = max(max_size - 200, 50) if min_size is None else min_size

    def _chunk(self, value: Any, path: Sequence[str]) -> Any:
        chunk: dict[str, Any] = {}
        _set_nested(chunk, path, value)
        return chunk["root"] if _truthy(chunk.get("root")) else chunk

    def _fits(self, value: Any) -> bool:
        return json_size(value) <= self.max_size

    def _primitive(
        self, value: Any, key: str, current: dict[str, Any], chunks: list[Any], path: list[str]
    ) -> tuple[dict[str, Any], list[Any]]:
        single = {key: value}
        if json_size(single) <= self.max_size:
            merged = _merge(current, single)
            if json_size(merged) <= self.max_size:
                return merged, chunks
            return single, [*chunks, current]
        if isinstance(value, str):
            pieces = [self._chunk(piece, path) for piece in self._split_string(value)]
            return current, [*chunks, *[p for p in pieces if json_size(p) <= self.max_size]]
        chunk = self._chunk(value, path)
        return current, [*chunks, chunk] if json_size(chunk) <= self.max_size else chunks

    def _split_string(self, value: str) -> list[str]:
        chunks: list[str] = []
        remaining = value
        size = self.max_size - 20
        while remaining:
            if len(remaining) <= size:
                chunks.append(remaining)
                break
            last_space = remaining[:size].rfind(" ")
            split_at = last_space + 1 if last_space > 0 else size
            chunks.append(remaining[:split_at])
            remaining = remaining[split_at:]
        return chunks

    def _array(
        self, value: list[Any], key: str, current_path: list[str], depth: int, max_depth: int
    ) -> list[Any]:
        path = [*current_path, key] if current_path else ["root", key]
        whole = self._chunk(value, path)
        if self._fits(whole):
            return [whole]
        chunks: list[Any] = []
        group: list[Any] = []

        def save() -> None:
            nonlocal group
            if group:
                grouped = self._chunk(group, path)
                if json_size(grouped) >= self.min_size:
                    chunks.append(grouped)
                    group = []

        for item in value:
            candidate = [*group, item]
            if self._fits(self._chunk(candidate, path)):
                group = candidate
                continue
            save()
            if isinstance(item, (dict, list)):
                if self._fits(self._chunk([item], path)):
                    group = [item]
                else:
                    item_path = [*path, str(len(chunks))]
                    chunks.extend(self._object(item, item_path, depth + 1, max_depth))
            else:
                group = [item]
        save()
        return chunks

    def _object(self, value: Any, full_path: list[str], depth: int, max_depth: int) -> list[Any]:
        path = full_path or ["root"]
        if depth > max_depth:
            return [self._chunk(value, path)]
        whole = self._chunk(value, path)
        if self._fits(whole):
            return [whole]
        chunks: list[Any] = []
        current: dict[str, Any] = {}

        def save() -> None:
            nonlocal current
            if current:
                chunk = self._chunk(current, path)
                if json_size(chunk) >= self.min_size:
                    chunks.append(chunk)
                    current = {}

        items = (
            value.items() if isinstance(value, dict) else ((str(i), v) for i, v in enumerate(value))
        )
        for key, item in items:
            if isinstance(item, list):
                save()
                chunks.extend(self._array(item, key, path, depth, max_depth))
                continue
            if self._fits(self._chunk(_merge(current, {key: item}), path)):
                current = _merge(current, {key: item})
                continue
            save()
            if isinstance(item, dict):
                chunks.extend(self._object(item, [*path, key], depth + 1, max_depth))
            else:
                current = {key: item}
        save()
        return chunks

    def split_json(self, data: Any, convert_lists: bool = False) -> list[Any]:
        if convert_lists:
            data = self._lists_to_dicts(data)
        chunks: list[Any] = [{}]
        if isinstance(data, (dict, list)) and data is not None:
            current: dict[str, Any] = {}
            items = (
                data.items()
                if isinstance(data, dict)
                else ((str(i), v) for i, v in enumerate(data))
            )
            for key, value in items:
                full_path = [key]
                if isinstance(value, list):
                    chunks = [*chunks, *self._array(value, key, [], 0, 100)]
                elif isinstance(value, dict):
                    chunks = [*chunks, *self._object(value, full_path, 0, 100)]
                else:
                    current, chunks = self._primitive(value, key, current, chunks, full_path)
            if current:
                chunks = [*chunks, current]
            chunks = [c for c in chunks if not (isinstance(c, dict) and not c) and c != []]
        if chunks and chunks[-1] == {}:
            chunks.pop()
        return chunks

    def _lists_to_dicts(self, data: Any) -> Any:
        if isinstance(data, list):
            return {str(i): self._lists_to_dicts(v) for i, v in enumerate(data)}
        if isinstance(data, dict):
            return {k: self._lists_to_dicts(v) for k, v in data.items()}
        return data

    def split_text(
        self, data: Any, *, convert_lists: bool = False, ensure_ascii: bool = True
    ) -> list[str]:
        chunks = self.split_json(data, convert_lists)
        if ensure_ascii:
            return [stringify(_escape_non_ascii(c)) for c in chunks]
        return [stringify(_unescape(c)) for c in chunks]

    def transform(
        self, chunks: Sequence[Chunk], *, convert_lists: bool = False, ensure_ascii: bool = True
    ) -> list[Chunk]:
        out: list[Chunk] = []
        for chunk in chunks:
            for text in self.split_text(
                parse_js(chunk.text), convert_lists=convert_lists, ensure_ascii=ensure_ascii
            ):
                out.append(Chunk(text, dict(chunk.metadata or {})))
        return out


def _unescape(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), value)
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    return value
