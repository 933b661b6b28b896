"""``RuntimeContext``: per-request values (user id, locale, feature flags) that dynamic
instructions, tools and models read, as Mastra's ``RuntimeContext`` / ``RequestContext``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any


class RuntimeContext:
    """A small dict-like store with Mastra's method names (``get``/``set``/``has``/``delete``)."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None) -> None:
        self._values: dict[str, Any] = dict(values or {})

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value

    def has(self, key: str) -> bool:
        return key in self._values

    def delete(self, key: str) -> bool:
        """Remove ``key``; return whether it was there (Mastra's ``Map.delete``)."""
        return self._values.pop(key, _MISSING) is not _MISSING

    def keys(self) -> list[str]:
        return list(self._values)

    def values(self) -> list[Any]:
        return list(self._values.values())

    def items(self) -> list[tuple[str, Any]]:
        return list(self._values.items())

    def clear(self) -> None:
        self._values.clear()

    def to_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._values[key] = value

    def __delitem__(self, key: str) -> None:
        del self._values[key]

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RuntimeContext):
            return self._values == other._values
        if isinstance(other, Mapping):
            return self._values == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"RuntimeContext({self._values!r})"


_MISSING = object()
