"""`new RegExp(source, flags)` with a pattern built at run time, as a compiled Python pattern.

The translator rewrites regex literals at conversion time; a pattern made from data
(`new RegExp(`^#+\\s*${heading}`, 'im')`) is rewritten here, with the same rules: named groups
and back-references to Python's spelling, `[` escaped inside classes, flags i/m/s. Constructs
Python's `re` cannot express the same way raise ValueError instead of matching differently.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "g": 0, "u": 0}


@lru_cache(maxsize=512)
def js_regexp(source: str, flags: str = "") -> re.Pattern[str]:
    """The Python pattern for the JavaScript regex `/source/flags` (the `g` flag is the
    caller's business: it changes how matches are collected, not what matches)."""
    value = 0
    for flag in flags:
        if flag not in _FLAGS:
            raise ValueError(f"regex flag {flag!r} has no Python equivalent")
        value |= _FLAGS[flag]
    pattern = _pattern(source, "u" in flags)
    if "m" not in flags:
        pattern = end_anchor(pattern)
    if ascii_classes(source, flags):
        value |= re.ASCII
        pattern = js_space(pattern)
    return re.compile(pattern, value)


def ascii_classes(source: str, flags: str) -> bool:
    """Whether the pattern needs re.ASCII: JavaScript's \\w \\d \\b are ASCII (Python's take any
    Unicode letter or digit). Not under i with u or with non-ASCII letters, where re.ASCII
    would also stop Unicode case folding."""
    return bool(re.search(r"\\[wWdDbB]", source)) and not (
        "i" in flags and ("u" in flags or not source.isascii())
    )


#: JavaScript's \s: its WhiteSpace and LineTerminator characters (Python's \s differs: it
#: takes \x1c-\x1f and \x85, and misses \ufeff)
JS_SPACE = "\\t\\n\\x0b\\f\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"


def js_space(pattern: str) -> str:
    r"""`\s` -> JavaScript's white-space set (inside and outside classes), `\S` outside classes
    -> its complement."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            pair = pattern[i : i + 2]
            if pair == "\\s":
                pair = JS_SPACE if in_class else f"[{JS_SPACE}]"
            elif pair == "\\S" and not in_class:
                pair = f"[^{JS_SPACE}]"
            out.append(pair)
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def end_anchor(pattern: str) -> str:
    """`$` outside classes -> `\\Z`: without the m flag JavaScript's `$` matches only at the very
    end, Python's also before a final newline (`/^\\d+$/` must not accept "12\\n")."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "$" and not in_class:
            ch = "\\Z"
        out.append(ch)
        i += 1
    return "".join(out)


def _pattern(source: str, unicode: bool) -> str:
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            nxt = source[i + 1 : i + 2]
            if nxt in ("p", "P", "c") or not nxt:
                raise ValueError(f"regex escape \\{nxt} has no Python equivalent: /{source}/")
            if nxt == "k" and source[i + 2 : i + 3] == "<":
                end = source.index(">", i)
                out.append(f"(?P={source[i + 3 : end]})")
                i = end + 1
                continue
            if nxt == "u" and unicode and source[i + 2 : i + 3] == "{":
                end = source.index("}", i)
                out.append(f"\\U{int(source[i + 3 : end], 16):08x}")
                i = end + 1
                continue
            out.append("/" if nxt == "/" else source[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif ch == "[":
                ch = "\\["  # a literal `[` in a class (Python would warn of set syntax)
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            rest = source[i + 1 :]
            if rest.startswith("]") or rest.startswith("^]"):
                raise ValueError(f"empty regex class `[]` / `[^]` has no Python form: /{source}/")
            in_class = True
            if rest.startswith("^"):
                out.append("[^")
                i += 2
                continue
        elif ch == "(" and source[i + 1 : i + 3] == "?<" and source[i + 3 : i + 4] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        out.append(ch)
        i += 1
    return "".join(out)
