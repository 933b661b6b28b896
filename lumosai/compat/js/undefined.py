"""JavaScript's `undefined` where translated code has to tell it from `null`.

Translated code writes both as `None`, except in the few places where they behave differently
and the value really can be missing (see docs/rules/bodies.md, "undefined"): there a read
gives `UNDEFINED` for a missing key (`data.get("id", UNDEFINED)`), an object literal drops the
properties that are undefined (`js_object({...})`, as `JSON.stringify` and zod do), and a
template prints `undefined`. The sentinel never leaves those expressions.
"""

from __future__ import annotations

from typing import Any, Final


class Undefined:
    """The one `undefined` value: falsy, printed as JavaScript prints it."""

    __slots__ = ()
    _instance: Undefined | None = None

    def __new__(cls) -> Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "undefined"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format("undefined", spec)

    def __reduce__(self) -> str:
        return "UNDEFINED"

    def __copy__(self) -> Undefined:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Undefined:
        return self


UNDEFINED: Final = Undefined()


def js_object(properties: dict[Any, Any]) -> dict[Any, Any]:
    """An object literal whose undefined properties are left out: what `JSON.stringify`, a
    tool result or a step output makes of `{ id, note: cond ? x : undefined }`. An explicit
    `null` (None) stays, as in JavaScript. Key order is kept."""
    return {key: value for key, value in properties.items() if value is not UNDEFINED}
