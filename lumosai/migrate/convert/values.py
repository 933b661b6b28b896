"""Static IR values -> Python literals (for defaults, options, YAML) and back to plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    if isinstance(value, ir.CallValue):
        return _joined(value)
    raise NotStatic(f"{value.type} value")


#: `[...].join` of an array literal (the reader keeps such a call as its source text).
_JOIN_CALLEE = re.compile(r"\[(?P<items>.*)\]\s*\.join", re.S)
#: One JavaScript string literal (no template substitutions), a comma, or a comment.
_JS_TOKEN = re.compile(
    r"""\s*(?:'(?P<sq>(?:[^'\\\n]|\\.)*)'|"(?P<dq>(?:[^"\\\n]|\\.)*)"|`(?P<bq>(?:[^`\\$]|\\.|\$(?!\{))*)`|(?P<comma>,)|(?P<comment>//[^\n]*|/\*.*?\*/))""",
    re.S,
)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _joined(call: ir.CallValue) -> str:
    """`['a', 'b'].join('\\n')` of string literals: the joined text (instructions are often
    written this way); any other call is not static."""
    match = _JOIN_CALLEE.fullmatch(call.callee.strip())
    if match is None or call.is_new or len(call.args) > 1:
        raise NotStatic("call value")
    separator = to_data(call.args[0]) if call.args else ","
    if not isinstance(separator, str):
        raise NotStatic("join with a non-string separator")
    return separator.join(_string_items(match.group("items")))


def _string_items(source: str) -> list[str]:
    items: list[str] = []
    expect_item = True
    pos = 0
    while pos < len(source):
        if not source[pos:].strip():
            break
        token = _JS_TOKEN.match(source, pos)
        if token is None:
            raise NotStatic("array item that is not a string literal")
        pos = token.end()
        if token.group("comment") is not None:
            continue
        if token.group("comma") is not None:
            if expect_item:
                raise NotStatic("array hole")
            expect_item = True
            continue
        if not expect_item:
            raise NotStatic("array items without a comma")
        raw = next(
            g for g in (token.group("sq"), token.group("dq"), token.group("bq")) if g is not None
        )
        items.append(_unescape(raw, template=token.group("bq") is not None))
        expect_item = False
    return items


def _unescape(raw: str, *, template: bool) -> str:
    """JavaScript string escapes; a line continuation (backslash-newline) disappears."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in ("\n", "\r\n", "\r"):
            return ""
        if code in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[code]
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return code

    text = _JS_ESCAPE.sub(one, raw)
    return text.replace("\r\n", "\n") if template else text


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


# ------------------------------------------------------------------ environment reads
#
# Mastra reads settings from `process.env.X`, often with a fallback: `?? 'lit'` (used only when X
# is unset) or `|| 'lit'` (also when X is empty). The converted app must start exactly when the
# Mastra one does, so a read keeps the app's own variable and fallback. It is written once as a
# lumosai.yaml placeholder (`${X}`, `${X-lit}`, `${X:-lit}`, `${X:?}`: see lumosai.config) and the
# Python form is derived from that text with the YAML loader's rules.


@dataclass(frozen=True)
class EnvRead:
    """`process.env.NAME`, optionally `?? fallback` / `|| fallback` (a string literal)."""

    name: str
    fallback: str | None = None
    #: `||`: an empty value falls back too (`??` only falls back when the variable is unset)
    empty_falls_back: bool = False

    def placeholder(self, *, required: bool = False) -> str | None:
        """The `lumosai.yaml` form; `required` (no fallback): unset or empty is an error, as
        when Mastra throws on an undefined value. None when the fallback cannot be written in
        a placeholder (it holds a `}`)."""
        if self.fallback is None:
            return "${" + self.name + (":?}" if required else "}")
        if "}" in self.fallback:
            return None
        op = ":-" if self.empty_falls_back else "-"
        return "${" + self.name + op + self.fallback + "}"


def env_read(value: ir.Value | None) -> EnvRead | None:
    """`process.env.X`, `process.env.X ?? 'lit'`, `process.env.X || 'lit'` -> EnvRead; else None."""
    name = env_name(value)
    if name is not None:
        return EnvRead(name)
    if not isinstance(value, ir.OperatorValue) or value.operator not in ("??", "||"):
        return None
    if len(value.operands) != 2:
        return None
    first, fallback = value.operands
    name = env_name(first)
    if name is None or not isinstance(fallback, ir.LiteralValue):
        return None
    if not isinstance(fallback.value, str):
        return None
    return EnvRead(name, fallback.value, empty_falls_back=value.operator == "||")


def py_env_text(text: str) -> str:
    """Python source for a string with `lumosai.yaml` placeholders, read at run time with the
    loader's rules: `${X}` -> `os.environ.get("X", "")`, `${X-d}` -> `os.environ.get("X", "d")`,
    `${X:-d}` -> `(os.environ.get("X") or "d")`, `${X:?}` / `${X?}` -> `os.environ["X"]`.
    Text without placeholders is a plain string literal."""
    from lumosai.config import ENV_PLACEHOLDER

    parts: list[str] = []
    literal = ""
    pos = 0
    for match in ENV_PLACEHOLDER.finditer(text):
        literal += text[pos : match.start()]
        pos = match.end()
        if match.group(0) == "$${":
            literal += "${"
            continue
        if literal:
            parts.append(py_string(literal))
            literal = ""
        parts.append(_py_env(match.group(1), match.group(2), match.group(3)))
    literal += text[pos:]
    if literal or not parts:
        parts.append(py_string(literal))
    return " + ".join(parts)


def _py_env(name: str, op: str | None, arg: str | None) -> str:
    key = py_string(name)
    if op == "-":
        return f"os.environ.get({key}, {py_string(arg or '')})"
    if op == ":-":
        return f"(os.environ.get({key}) or {py_string(arg or '')})"
    if op in (":?", "?"):
        return f"os.environ[{key}]"
    return f"os.environ.get({key}, {py_string('')})"
