"""TypeScript types to Python hints (and the JsType the translator tracks)."""

from __future__ import annotations

import ast

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType
from .syntax import first

_PREDEFINED = {
    "string": "str",
    "number": "float",
    "boolean": "bool",
    "any": "Any",
    "unknown": "Any",
    "void": "None",
    "null": "None",
    "undefined": "None",
    "object": "dict[str, Any]",
    "never": "NoReturn",
}
_JS = {"string": JsType.STR, "number": JsType.NUM, "boolean": JsType.BOOL}


def _inner(node: Node | None) -> Node | None:
    if node is not None and node.type == "type_annotation":
        return first(node) if node.named_children else None
    return node


def annotation_type(t: TranslatorBase, node: Node | None) -> JsType:
    """What the annotation tells us about the runtime value."""
    node = _inner(node)
    if node is None:
        return JsType.UNKNOWN
    if node.type == "predefined_type":
        return _JS.get(t.text(node), JsType.UNKNOWN)
    if node.type == "array_type" or (
        node.type == "generic_type" and t.text(node).startswith("Array<")
    ):
        return JsType.LIST
    if node.type == "object_type" or t.text(node).startswith("Record<"):
        return JsType.DICT
    if node.type == "literal_type" and node.named_children and first(node).type == "string":
        return JsType.STR
    if node.type == "type_identifier" and t.text(node) in ("RequestContext", "RuntimeContext"):
        return JsType.RUNTIME_CONTEXT
    if node.type == "type_identifier" and t.text(node) == "Error":
        return JsType.ERROR
    if node.type == "type_identifier":  # `doc: MDocument`, `store: MastraVector`
        from .rag_calls import annotated_type

        return annotated_type(t, t.text(node))
    return JsType.UNKNOWN


def py_hint(t: TranslatorBase, node: Node | None) -> ast.expr | None:
    """A Python hint for a TS type; `Any` for what has no simple equivalent."""
    node = _inner(node)
    if node is None:
        return None
    text = hint_text(t, node)
    if "Any" in text:
        t.need("from typing import Any")
    if "Literal[" in text:
        t.need("from typing import Literal")
    if "NoReturn" in text:
        t.need("from typing import NoReturn")
    for abc in ("AsyncIterator", "Iterator"):
        if f"{abc}[" in text:
            t.need(f"from collections.abc import {abc}")
            break
    return P.parse_expr(text)


def hint_text(t: TranslatorBase, node: Node) -> str:
    kind = node.type
    text = t.text(node)
    if kind == "predefined_type":
        return _PREDEFINED.get(text, "Any")
    if kind == "parenthesized_type":
        return hint_text(t, first(node))
    if kind == "array_type":
        return f"list[{hint_text(t, first(node))}]"
    if kind == "union_type":
        parts: list[str] = []
        for child in node.named_children:
            part = hint_text(t, child)
            if part not in parts:
                parts.append(part)
        if len(parts) > 1 and all(p.startswith("Literal[") for p in parts):
            return "Literal[" + ", ".join(p[len("Literal[") : -1] for p in parts) + "]"
        return " | ".join(parts)
    if kind == "literal_type":
        lit = first(node)
        if lit.type in ("null", "undefined"):
            return "None"
        if lit.type in ("string", "number", "true", "false"):
            value = {"true": "True", "false": "False"}.get(t.text(lit), t.text(lit))
            if lit.type == "string":
                from .expressions import decode_string

                value = repr(decode_string(t.text(lit)[1:-1]))
            return f"Literal[{value}]"
        return "Any"
    if kind == "generic_type":
        name_node = node.child_by_field_name("name")
        args_node = node.child_by_field_name("type_arguments")
        name = t.text(name_node) if name_node is not None else ""
        args = [hint_text(t, a) for a in args_node.named_children] if args_node is not None else []
        if name == "Array" and len(args) == 1:
            return f"list[{args[0]}]"
        if name == "Record" and len(args) == 2:
            return f"dict[{args[0]}, {args[1]}]"
        if name == "Promise" and len(args) == 1:
            return args[0]
        if name == "Map" and len(args) == 2:
            return f"dict[{args[0]}, {args[1]}]"
        if name == "Set" and len(args) == 1:
            return f"set[{args[0]}]"
        if name in ("Generator", "Iterable", "IterableIterator") and args:
            return f"Iterator[{args[0]}]"
        if name in ("AsyncGenerator", "AsyncIterable", "AsyncIterableIterator") and args:
            return f"AsyncIterator[{args[0]}]"
        return "Any"
    if kind == "type_identifier":
        mapped = t.names.types.get(text)
        if mapped:
            return mapped
        if text in ("RequestContext", "RuntimeContext"):
            t.need("from lumosai import RuntimeContext")
            return "RuntimeContext"
        return "Any"
    if kind == "object_type":
        return "dict[str, Any]"
    if kind == "tuple_type":
        return f"tuple[{', '.join(hint_text(t, c) for c in node.named_children)}]"
    return "Any"
