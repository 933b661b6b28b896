"""tree-sitter plumbing: grammars, parsers, compiled queries, spans and node text."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import tree_sitter_typescript as tst
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from lumosai.migrate.ir import Span

if TYPE_CHECKING:
    from collections.abc import Iterator

TYPESCRIPT = Language(tst.language_typescript())
TSX = Language(tst.language_tsx())

#: Extensions the reader parses, and the grammar each one needs.
SOURCE_SUFFIXES = {".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}


def language(name: str) -> Language:
    return TSX if name == "tsx" else TYPESCRIPT


@cache
def _parser(name: str) -> Parser:
    return Parser(language(name))


@cache
def query(name: str, source: str) -> Query:
    """Compile (once per grammar) a query; both grammars share node names for what we ask."""
    return Query(language(name), source)


def parse(src: bytes, lang: str) -> Tree:
    return _parser(lang).parse(src)


_SPAN_FIELDS = frozenset(Span.model_fields)


@dataclass
class SourceFile:
    """One parsed file: its project-relative path, bytes, tree and grammar name."""

    rel: str
    src: bytes
    tree: Tree
    lang: str
    _decoded: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Node:
        return self.tree.root_node

    def text(self, node: Node) -> str:
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def span(self, node: Node) -> Span:
        sp, ep = node.start_point, node.end_point
        # Built directly (no validation): spans are made for every node the IR mentions.
        span = object.__new__(Span)
        object.__setattr__(
            span,
            "__dict__",
            {
                "file": self.rel,
                "start_line": sp[0] + 1,
                "start_column": sp[1] + 1,
                "end_line": ep[0] + 1,
                "end_column": ep[1] + 1,
                "start_byte": node.start_byte,
                "end_byte": node.end_byte,
            },
        )
        object.__setattr__(span, "__pydantic_fields_set__", _SPAN_FIELDS)
        object.__setattr__(span, "__pydantic_extra__", None)
        object.__setattr__(span, "__pydantic_private__", None)
        return span

    def line(self, node: Node) -> int:
        return node.start_point[0] + 1

    def matches(
        self, q: Query, node: Node | None = None
    ) -> list[tuple[int, dict[str, list[Node]]]]:
        return QueryCursor(q).matches(node if node is not None else self.root)

    def captures(self, q: Query, node: Node | None = None) -> dict[str, list[Node]]:
        return QueryCursor(q).captures(node if node is not None else self.root)


def unwrap(node: Node) -> Node:
    """Strip parentheses, `await`-less type wrappers (`as`, `satisfies`, `!`, `<T>x`)."""
    for _ in range(256):
        t = node.type
        if t == "parenthesized_expression" or t in (
            "as_expression",
            "satisfies_expression",
            "non_null_expression",
        ):
            inner = node.named_children[0] if node.named_child_count else None
        elif t == "type_assertion":
            inner = node.named_children[-1] if node.named_child_count else None
        else:
            return node
        if inner is None:
            return node
        node = inner
    return node


def string_value(file: SourceFile, node: Node) -> str | None:
    """The value of a string literal node (escapes decoded), else None."""
    if node.type != "string":
        return None
    raw = file.src[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", "replace")
    if "\\" not in raw:
        return raw
    return unescape(raw)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unescape(raw: str) -> str:
    """Decode JavaScript string escapes (`\\n`, `\\u{...}`, `\\xNN`, line continuations)."""
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = raw[i + 1]
        i += 2
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
        elif nxt == "x" and i + 2 <= n:
            out.append(_chr(raw[i : i + 2]))
            i += 2
        elif nxt == "u":
            if i < n and raw[i] == "{":
                end = raw.find("}", i)
                end = n if end < 0 else end
                out.append(_chr(raw[i + 1 : end]))
                i = end + 1
            else:
                out.append(_chr(raw[i : i + 4]))
                i += 4
        elif nxt == "\n":
            continue
        elif nxt == "\r":
            if i < n and raw[i] == "\n":
                i += 1
        else:
            out.append(nxt)
    return "".join(out)


def _chr(hexdigits: str) -> str:
    try:
        return chr(int(hexdigits, 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def member_path(file: SourceFile, node: Node) -> list[str] | None:
    """`a.b.c` -> ["a", "b", "c"]; None when any part is not a plain name."""
    parts: list[str] = []
    for _ in range(64):
        node = unwrap(node)
        if node.type == "identifier" or node.type == "this":
            parts.append(file.text(node))
            parts.reverse()
            return parts
        if node.type != "member_expression":
            return None
        prop = node.child_by_field_name("property")
        obj = node.child_by_field_name("object")
        if prop is None or obj is None:
            return None
        parts.append(file.text(prop))
        node = obj
    return None


def iter_named(node: Node) -> Iterator[Node]:
    """Named children skipping comments."""
    for child in node.named_children:
        if child.type != "comment":
            yield child
