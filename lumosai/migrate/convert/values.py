"""Static IR values -> Python literals (for defaults, options, YAML) and back to plain data."""

from __future__ import annotations

import re
from typing import Any

from lumosai.migrate import ir


class NotStatic(ValueError):
    """The value is not a compile-time constant (a call, a reference, a function ...)."""


def to_data(value: ir.Value | None) -> Any:
    """The plain JSON-like data of a static value; raises NotStatic otherwise."""
    if value is None:
        return None
    if isinstance(value, ir.LiteralValue):
        return value.value
    if isinstance(value, ir.TemplateValue):
        if value.folded is not None:
            return value.folded
        raise NotStatic("template literal with dynamic parts")
    if isinstance(value, ir.ArrayValue):
        return [to_data(item) for item in value.items]
    if isinstance(value, ir.ObjectValue):
        if value.spreads:
            raise NotStatic("object with a spread that could not be resolved")
        out: dict[str, Any] = {}
        for prop in value.properties:
            if prop.computed:
                raise NotStatic("computed property name")
            out[prop.key] = to_data(prop.value)
        return out
    raise NotStatic(f"{value.type} value")


def try_data(value: ir.Value | None, default: Any = None) -> Any:
    try:
        return to_data(value)
    except NotStatic:
        return default


def is_static(value: ir.Value | None) -> bool:
    try:
        to_data(value)
    except NotStatic:
        return False
    return True


def py_literal(data: Any) -> str:
    """Python source for plain data (deterministic: dict order kept, floats as written)."""
    if data is None:
        return "None"
    if isinstance(data, bool):
        return "True" if data else "False"
    if isinstance(data, int | float):
        if isinstance(data, float) and data.is_integer() and abs(data) < 1e16:
            return repr(data)
        return repr(data)
    if isinstance(data, str):
        return py_string(data)
    if isinstance(data, list | tuple):
        return "[" + ", ".join(py_literal(item) for item in data) + "]"
    if isinstance(data, dict):
        return (
            "{" + ", ".join(f"{py_string(str(k))}: {py_literal(v)}" for k, v in data.items()) + "}"
        )
    raise TypeError(f"no literal for {type(data).__name__}")


def py_string(text: str, *, multiline: bool = False) -> str:
    """A double-quoted Python string literal; with `multiline`, long text with newlines becomes a
    readable triple-quoted block (only where the literal is not re-indented afterwards)."""
    if (
        multiline
        and "\n" in text
        and len(text) > 60
        and '"""' not in text
        and not text.endswith('"')
    ):
        escaped = text.replace("\\", "\\\\")
        return '"""' + escaped + '"""'
    body = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return '"' + body + '"'


def env_name(value: ir.Value | None) -> str | None:
    """`process.env.X` (or `process.env['X']`) -> "X"."""
    if isinstance(value, ir.ReferenceValue) and value.env:
        return value.env
    return None


#: Quoted text that looks like a key or token: a known prefix, or 24+ token characters.
_SECRETISH = re.compile(
    r"""(["'`])((?:sk|pk|rk|whsec|ghp|gho|xox[abp]|tok|key|hd)[-_][^"'`\s]{4,}|[A-Za-z0-9_\-]{24,})\1"""
)
#: ...but not a long camelCase or snake_case name (`getUserMessageFromRunInput`): random
#: tokens almost never read as words.
_IDENTIFIER = re.compile(r"[a-z]+(?:[A-Z][a-z]+)+|[a-z]+(?:_[a-z]+)+")


def _redacted(match: re.Match[str]) -> str:
    if _IDENTIFIER.fullmatch(match.group(2)):
        return match.group(0)
    return f"{match.group(1)}<redacted>{match.group(1)}"


def redact(text: str) -> str:
    """Blank out string literals that look like keys or tokens (messages quote TS source)."""
    return _SECRETISH.sub(_redacted, text)


def source_of(value: ir.Value | None) -> str:
    """The TypeScript text of a value, for comments and messages (secret-looking literals
    redacted)."""
    return redact(_source_of(value))


def _source_of(value: ir.Value | None) -> str:
    if value is None:
        return ""
    for attr in ("source",):
        text = getattr(value, attr, None)
        if isinstance(text, str) and text:
            return text
    if isinstance(value, ir.FunctionValue):
        return value.code.source
    if isinstance(value, ir.ReferenceValue):
        return ".".join([value.name, *value.path])
    try:
        return repr(to_data(value))
    except NotStatic:
        return f"<{value.type}>"
