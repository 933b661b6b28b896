"""tree-sitter parsing of one function's source, tolerant of the shapes the reader hands us."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tree_sitter_typescript as tst
from tree_sitter import Language, Node, Parser

from .model import Untranslatable

FUNCTION_TYPES = frozenset(
    {
        "arrow_function",
        "function_expression",
        "function_declaration",
        "method_definition",
        "function",
        "generator_function",
        "generator_function_declaration",
    }
)


@lru_cache(maxsize=1)
def _language() -> Language:
    return Language(tst.language_typescript())


def new_parser() -> Parser:
    """A fresh parser (parsers must not be shared across threads)."""
    return Parser(_language())


@dataclass
class Source:
    """Source bytes plus the prefix we added to make them parse, for line mapping."""

    data: bytes
    prefix_len: int
    origin_line: int

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf8")

    def line(self, node: Node) -> int:
        return node.start_point.row + self.origin_line


def _first_error(node: Node) -> Node | None:
    if node.type == "ERROR" or node.is_missing:
        return node
    if not node.has_error:
        return None
    for child in node.children:
        found = _first_error(child)
        if found is not None:
            return found
    return node


def _find_function(node: Node) -> Node | None:
    """The outermost function node, looking through declarations, exports and wrappers."""
    if node.type in FUNCTION_TYPES:
        return node
    for child in node.named_children:
        if child.type in FUNCTION_TYPES or child.type == "class_declaration":
            return child  # a class: an error class helper (classes.py)
        if child.type in {
            "export_statement",
            "lexical_declaration",
            "variable_declaration",
            "variable_declarator",
            "expression_statement",
            "parenthesized_expression",
            "object",
            "pair",
            "as_expression",
            "satisfies_expression",
        }:
            found = _find_function(child)
            if found is not None:
                return found
    return None


def parse_function(ts_source: str, origin_line: int = 1) -> tuple[Source, Node]:
    """Parse `ts_source` (a declaration, an arrow/function expression or an object method)."""
    parser = new_parser()
    attempts = [("", ""), ("(", "\n);"), ("({", "\n});")]
    last_error: Node | None = None
    for prefix, suffix in attempts:
        data = (prefix + ts_source + suffix).encode("utf8")
        tree = parser.parse(data)
        root = tree.root_node
        error = _first_error(root)
        if error is not None:
            last_error = error
            continue
        fn = _find_function(root)
        if fn is not None:
            return Source(data, len(prefix), origin_line), fn
    line = (last_error.start_point.row + origin_line) if last_error is not None else origin_line
    raise Untranslatable("LM201", f"could not parse the function source (line {line})")
