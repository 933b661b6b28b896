"""``RequestContext`` (1.x) / ``RuntimeContext`` (0.x): Mastra's Map-like per-request store.

A subclass of ``lumosai.RuntimeContext``, so it goes wherever the native runtime expects one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from lumosai.agent.runtime_context import RuntimeContext as NativeRuntimeContext

RESERVED_KEYS = ("mastra__resourceId", "mastra__threadId", "mastra__authToken")


class RequestContext(NativeRuntimeContext):
    """``new RequestContext()`` / ``new RequestContext([[k, v], ...])`` / from a dict.

    JS ``Map`` methods: ``set`` (returns self, chainable), ``get``, ``has``, ``delete``, ``clear``,
    ``keys``, ``values``, ``entries``, ``size``, ``forEach``, ``toJSON``, ``all``.
    """

    __slots__ = ("_call", "_mastra")

    def __init__(
        self,
        values: Mapping[str, Any] | Iterable[tuple[str, Any]] | Iterable[list[Any]] | None = None,
    ) -> None:
        if values is not None and not isinstance(values, Mapping):
            values = [(k, v) for k, v in values]  # type: ignore[misc]
        super().__init__(values)  # type: ignore[arg-type]
        self._mastra: Any = None
        self._call: dict[str, Any] | None = None

    @classmethod
    def of(cls, value: Any) -> RequestContext:
        """Coerce a dict, a native ``RuntimeContext`` or None; a ``RequestContext`` is kept."""
        if isinstance(value, RequestContext):
            return value
        if value is None:
            return cls()
        if isinstance(value, NativeRuntimeContext):
            view = cls()
            view._values = value._values  # share storage: writes are seen by both
            return view
        if isinstance(value, Mapping):
            return cls(value)
        return cls(value)

    def set(self, key: str, value: Any) -> RequestContext:  # type: ignore[override]
        self._values[key] = value
        return self

    def setRaw(self, key: str, value: Any) -> RequestContext:
        return self.set(key, value)

    def entries(self) -> list[tuple[str, Any]]:
        return list(self._values.items())

    @property
    def size(self) -> int:
        return len(self._values)

    @property
    def all(self) -> dict[str, Any]:
        return dict(self._values)

    def forEach(self, callback: Callable[..., Any]) -> None:
        for key, value in list(self._values.items()):
            callback(value, key, self)

    def toJSON(self) -> dict[str, Any]:
        return {k: v for k, v in self._values.items() if _json_friendly(v)}

    # dynamic arguments receive ``{requestContext, mastra}`` in TypeScript; in Python they get
    # this context, which also answers to those names
    @property
    def requestContext(self) -> RequestContext:
        return self

    @property
    def runtimeContext(self) -> RequestContext:
        return self

    @property
    def mastra(self) -> Any:
        return self._mastra

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __repr__(self) -> str:
        return f"RequestContext({self._values!r})"


RuntimeContext = RequestContext
"""0.x name of the same class."""


def with_mastra(ctx: Any, mastra: Any) -> RequestContext:
    """A view of ``ctx`` (same values) that knows the ``Mastra`` instance, for dynamic args."""
    base = RequestContext.of(ctx)
    if mastra is None or base._mastra is mastra:
        return base
    view = RequestContext()
    view._values = base._values
    view._mastra = mastra
    return view


def _json_friendly(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)
