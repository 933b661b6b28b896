"""JavaScript regular expressions to Python `re`: same syntax mostly, a few rewrites, else LM208."""

from __future__ import annotations

import re
import warnings

from tree_sitter import Node

from lumosai.compat.js.regexp import ascii_classes, end_anchor, js_space

from .base import TranslatorBase

_FLAGS = {"i": "re.IGNORECASE", "m": "re.MULTILINE", "s": "re.DOTALL"}


def translate_regex(
    t: TranslatorBase, pattern: str, flags: str, node: Node
) -> tuple[str, list[str]]:
    """Return the Python pattern and flag names; fail with LM208 when semantics would change."""
    for flag in flags:
        if flag in "yvd":
            t.fail("LM208", f"regex flag `{flag}`", node)
    if "[^]" in pattern or "\\c" in pattern:
        t.fail("LM208", f"regex construct in /{pattern}/", node)
    if "u" in flags and "\\u{" in pattern:
        pattern = re.sub(
            r"\\u\{([0-9a-fA-F]+)\}", lambda m: f"\\U{int(m.group(1), 16):08x}", pattern
        )
    if "\\p{" in pattern or "\\P{" in pattern:
        t.fail("LM208", "unicode property escapes (\\p{...})", node)
    py = pattern.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    py = re.sub(r"\\k<(\w+)>", r"(?P=\1)", py)
    try:
        py = _escape_in_classes(py.replace("\\/", "/"))
    except ValueError:
        t.fail("LM208", f"empty character class `[]` in /{pattern}/", node)
    if "m" not in flags:
        py = end_anchor(py)
    extra: list[str] = []
    if ascii_classes(pattern, flags):
        # \w \d \b are ASCII in JavaScript (Python's match any Unicode letter or digit);
        # \s is not, so it is spelled out (re.ASCII would drop \xa0 and the Unicode spaces)
        extra.append("re.ASCII")
        py = js_space(py)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)
            re.compile(py)
    except (re.error, FutureWarning) as exc:
        t.fail("LM208", f"regex /{pattern}/ is not valid in Python: {exc}", node)
    return py, [*(_FLAGS[f] for f in flags if f in _FLAGS), *extra]


def _escape_in_classes(pattern: str) -> str:
    """Inside [...], escape `[` and doubled `&&`/`--`/`||`/`~~`, which Python may read as set
    operations in the future (a FutureWarning today); JavaScript reads them literally."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if not in_class and ch == "[":
            in_class = True
            out.append(ch)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                # `[]` matches nothing in JavaScript; Python would read `]` as a member
                raise ValueError("empty character class")
        elif in_class and ch == "]":
            in_class = False
            out.append(ch)
        elif in_class and ch == "[":
            out.append("\\[")
        elif in_class and ch in "&-|~" and out and out[-1] == ch:
            out.append("\\" + ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def replacement(t: TranslatorBase, text: str, node: Node) -> str:
    """A JS replacement string (`$1`, `$<name>`, `$&`) as a Python `re.sub` template."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            out.append("\\\\")
            i += 1
        elif ch == "$" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
            elif nxt == "&":
                out.append("\\g<0>")
                i += 2
            elif nxt.isdigit():
                j = i + 1
                while j < len(text) and text[j].isdigit() and j < i + 3:
                    j += 1
                out.append(f"\\g<{text[i + 1 : j]}>")
                i = j
            elif nxt == "<":
                end = text.index(">", i)
                out.append(f"\\g<{text[i + 2 : end]}>")
                i = end + 1
            elif nxt in "`'":
                t.fail("LM208", f"replacement pattern `${nxt}`", node)
            else:
                out.append(ch)
                i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)
