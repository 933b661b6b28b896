"""date-fns `format(date, 'pattern')` with a literal pattern, compiled to strftime at conversion.

Only tokens whose en-US output Python's strftime (C locale) or a date attribute gives exactly
are compiled; any other token makes the call untranslatable (LM204), never approximated.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

# token -> strftime directive (zero-padded / named fields, same text as date-fns en-US)
_STRFTIME = {
    "yyyy": "%Y",
    "yy": "%y",
    "MMMM": "%B",
    "MMM": "%b",
    "MM": "%m",
    "dd": "%d",
    "EEEE": "%A",
    "EEE": "%a",
    "EE": "%a",
    "E": "%a",
    "HH": "%H",
    "hh": "%I",
    "mm": "%M",
    "ss": "%S",
    "a": "%p",
    "aa": "%p",
}
# token -> attribute expression over the local datetime `{0}` (numbers without padding)
_FIELDS = {
    "y": "{0}.year",
    "M": "{0}.month",
    "d": "{0}.day",
    "H": "{0}.hour",
    "h": "{0}.hour % 12 or 12",
    "m": "{0}.minute",
    "s": "{0}.second",
}
# en-US long formats (date-fns locale/en-US/_lib/formatLong)
_LONG_DATE = {"P": "MM/dd/yyyy", "PP": "MMM d, y"}
_LONG_TIME = {"p": "h:mm a", "pp": "h:mm:ss a"}

_DIRECTIVE = re.compile(r"%[A-Za-z]")

Part = tuple[str, str]  # ("spec", strftime text) | ("field", expression template)


def _tokens(pattern: str) -> list[tuple[str, str]] | None:
    """("token", letters) and ("text", literal) pieces; None for an unterminated quote."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            if pattern[i + 1 : i + 2] == "'":
                out.append(("text", "'"))
                i += 2
                continue
            end = i + 1
            text: list[str] = []
            while True:
                if end >= len(pattern):
                    return None
                if pattern[end] == "'":
                    if pattern[end + 1 : end + 2] == "'":
                        text.append("'")
                        end += 2
                        continue
                    break
                text.append(pattern[end])
                end += 1
            out.append(("text", "".join(text)))
            i = end + 1
            continue
        if ch.isascii() and ch.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            while ch == "P" and j < len(pattern) and pattern[j] == "p":
                j += 1  # date-fns reads `PPpp` as one date-time token
            out.append(("token", pattern[i:j]))
            i = j
            continue
        out.append(("text", ch))
        i += 1
    return out


def _expand_long(token: str) -> str | None:
    """`P`, `PP`, `p`, `pp` and date-time pairs such as `PPpp` as plain patterns."""
    date_part = token.rstrip("p")
    time_part = token[len(date_part) :]
    if date_part and set(date_part) != {"P"}:
        return None
    date = _LONG_DATE.get(date_part) if date_part else None
    time = _LONG_TIME.get(time_part) if time_part else None
    if (date_part and date is None) or (time_part and time is None):
        return None
    if date and time:
        return f"{date}, {time}"  # en-US dateTime medium/short: "{{date}}, {{time}}"
    return date or time


def compile_pattern(pattern: str) -> list[Part] | None:
    """The pattern as strftime specs and attribute fields; None if a token is not supported."""
    pieces = _tokens(pattern)
    if pieces is None:
        return None
    parts: list[Part] = []
    for kind, value in pieces:
        if kind == "text":
            parts.append(("spec", value.replace("%", "%%")))
            continue
        if value[0] in "Pp":
            long = _expand_long(value)
            if long is None:
                return None
            inner = compile_pattern(long)
            if inner is None:
                return None
            parts.extend(inner)
        elif value in _STRFTIME:
            parts.append(("spec", _STRFTIME[value]))
        elif value in _FIELDS:
            parts.append(("field", _FIELDS[value]))
        else:
            return None
    merged: list[Part] = []
    for kind, value in parts:
        if kind == "spec" and merged and merged[-1][0] == "spec":
            merged[-1] = ("spec", merged[-1][1] + value)
        else:
            merged.append((kind, value))
    return merged


def format_expr(parts: list[Part], local: ast.expr, parse: Callable[[str], ast.expr]) -> ast.expr:
    """`local.strftime("...")` when every part is a strftime spec, else an f-string."""
    if len(parts) == 1 and parts[0][0] == "spec":
        return ast.Call(
            func=ast.Attribute(value=local, attr="strftime", ctx=ast.Load()),
            args=[ast.Constant(value=parts[0][1])],
            keywords=[],
        )
    values: list[ast.expr] = []
    source = ast.unparse(local)
    for kind, value in parts:
        if kind == "field":
            values.append(
                ast.FormattedValue(
                    value=parse(value.format(source)), conversion=-1, format_spec=None
                )
            )
            continue
        directives = list(_DIRECTIVE.finditer(value))
        if not directives:
            values.append(ast.Constant(value=value.replace("%%", "%")))
            continue
        head, tail = directives[0].start(), directives[-1].end()
        core = value[head:tail]
        if value[:head]:
            values.append(ast.Constant(value=value[:head].replace("%%", "%")))
        if "{" in core or "}" in core:  # braces cannot sit in an f-string format spec
            call = ast.Call(
                func=ast.Attribute(value=local, attr="strftime", ctx=ast.Load()),
                args=[ast.Constant(value=core)],
                keywords=[],
            )
            values.append(ast.FormattedValue(value=call, conversion=-1, format_spec=None))
        else:
            spec = ast.JoinedStr(values=[ast.Constant(value=core)])
            values.append(ast.FormattedValue(value=local, conversion=-1, format_spec=spec))
        if value[tail:]:
            values.append(ast.Constant(value=value[tail:].replace("%%", "%")))
    return ast.JoinedStr(values=values)
