"""A string that matches a regex, for example tool arguments (`z.string().regex(/^E\\d{4}$/)`).

Walks Python's parse of the pattern (JavaScript regexes of the kind schemas use parse the same:
classes, ranges, repeats, groups, alternation, anchors) and takes the smallest choice at every
point: the first alternative, the minimum repeat count (at least one for `+`), the first member
of a class. Returns None when the pattern uses something it cannot build (look-arounds,
back-references) or when the built string does not match after all.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: A representative character per category (`\d`, `\w`, `\s` and their negations).
_CATEGORY = {
    sre.CATEGORY_DIGIT: "1",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_WORD: "a",
    sre.CATEGORY_NOT_WORD: "-",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "a",
}


class _Unbuildable(Exception):
    pass


def sample_for_pattern(pattern: str) -> str | None:
    """A short string that `re.search(pattern, ...)` accepts, or None."""
    try:
        parsed = sre_parse.parse(pattern)
        text = _build(list(parsed))
    except (_Unbuildable, re.error, RecursionError, OverflowError):
        return None
    return text if re.search(pattern, text) else None


def _build(items: list[tuple[Any, Any]]) -> str:
    return "".join(_item(op, av) for op, av in items)


def _item(op: Any, av: Any) -> str:
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.NOT_LITERAL:
        return "a" if chr(av) != "a" else "b"
    if op is sre.ANY:
        return "a"
    if op is sre.AT:
        return ""
    if op is sre.IN:
        return _member(av)
    if op is sre.CATEGORY:
        return _CATEGORY.get(av, "a")
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        if low > 64:
            raise _Unbuildable("repeat too long")
        return _build(list(sub)) * low
    if op is sre.SUBPATTERN:
        return _build(list(av[-1]))
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _build(list(av))
    if op is sre.BRANCH:
        return _build(list(av[1][0]))
    raise _Unbuildable(str(op))


def _member(members: list[tuple[Any, Any]]) -> str:
    """The first character a class admits (for a negated class: the first of a few candidates
    it does not exclude)."""
    if members and members[0][0] is sre.NEGATE:
        for candidate in "aA1-_ x":
            if not any(_admits(op, av, candidate) for op, av in members[1:]):
                return candidate
        raise _Unbuildable("negated class")
    op, av = members[0]
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.RANGE:
        return chr(av[0])
    if op is sre.CATEGORY:
        return _CATEGORY.get(av, "a")
    raise _Unbuildable(str(op))


def _admits(op: Any, av: Any, char: str) -> bool:
    if op is sre.LITERAL:
        return char == chr(av)
    if op is sre.RANGE:
        return av[0] <= ord(char) <= av[1]
    if op is sre.CATEGORY:
        return _CATEGORY_CLASS.get(av, re.compile(r"(?!)")).fullmatch(char) is not None
    raise _Unbuildable(str(op))


_CATEGORY_CLASS = {
    sre.CATEGORY_DIGIT: re.compile(r"\d"),
    sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre.CATEGORY_WORD: re.compile(r"\w"),
    sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
    sre.CATEGORY_SPACE: re.compile(r"\s"),
    sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
}
