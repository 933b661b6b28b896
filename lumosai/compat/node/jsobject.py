"""``JsObject``: a dict that also reads like the TypeScript object it came from (``res.text``).

Used for framework results (agent outputs, stream chunks, workflow results); plain data (tool
and function results) stays plain dicts and lists.
"""

from __future__ import annotations

from typing import Any


class JsObject(dict[str, Any]):
    """Plain JSON data from Node with attribute access on its camelCase keys.

    ``res["toolCalls"]`` and ``res.toolCalls`` are the same; a missing key reads as ``None``
    through attributes (as ``undefined`` would in TypeScript) and raises ``KeyError`` by index.
    Nested objects are wrapped too.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


def wrap(value: Any) -> Any:
    """Wrap every dict inside ``value`` in :class:`JsObject` (lists are walked)."""
    if isinstance(value, dict):
        return JsObject({key: wrap(item) for key, item in value.items()})
    if isinstance(value, list):
        return [wrap(item) for item in value]
    return value
