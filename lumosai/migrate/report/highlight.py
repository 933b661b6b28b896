"""Syntax highlighting for the HTML report: pygments lexes, we emit one escaped line at a time.

Pygments' own HTML formatter lets a token (a block comment, a template literal) span lines,
which breaks a per-line, construct-aligned view; and its class per token type makes a
2,000-file report large. So tokens are folded into five classes (keyword, string, comment,
number, definition name) and every piece of text is escaped here, before it is marked safe.
"""

from __future__ import annotations

from functools import cache
from html import escape

from pygments.lexer import Lexer
from pygments.lexers import PythonLexer, TypeScriptLexer, YamlLexer
from pygments.token import Comment, Keyword, Name, Number, String, _TokenType

#: (token type, css class), most specific first.
_CLASSES: list[tuple[_TokenType, str]] = [
    (Comment, "c"),
    (String, "s"),
    (Number, "n"),
    (Keyword, "k"),
    (Name.Function, "f"),
    (Name.Class, "f"),
    (Name.Decorator, "f"),
    (Name.Builtin, "b"),
]


@cache
def _lexer(language: str) -> Lexer:
    lexers: dict[str, type[Lexer]] = {
        "typescript": TypeScriptLexer,
        "python": PythonLexer,
        "yaml": YamlLexer,
    }
    return lexers.get(language, PythonLexer)(stripnl=False, ensurenl=False)


@cache
def _css_class(token: _TokenType) -> str:
    for parent, css in _CLASSES:
        if token in parent:
            return css
    return ""


def language_for(path: str) -> str:
    if path.endswith((".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".jsx")):
        return "typescript"
    if path.endswith((".yaml", ".yml")):
        return "yaml"
    return "python"


def highlight_lines(text: str, language: str) -> list[str]:
    """One HTML fragment per line of `text` (escaped; safe to mark up)."""
    lines: list[list[tuple[str, str]]] = [[]]
    for token, value in _lexer(language).get_tokens(text):
        css = _css_class(token)
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if not part:
                continue
            row = lines[-1]
            if row and row[-1][0] == css:  # merge neighbours of one class: smaller output
                row[-1] = (css, row[-1][1] + part)
            else:
                row.append((css, part))
    if text.endswith("\n") and len(lines) > 1 and not lines[-1]:
        lines.pop()
    return ["".join(_piece(css, part) for css, part in row) for row in lines]


def _piece(css: str, text: str) -> str:
    piece = escape(text, quote=False)
    return f'<i class="{css}">{piece}</i>' if css else piece
