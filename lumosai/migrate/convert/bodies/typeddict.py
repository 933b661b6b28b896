"""Interfaces and object type aliases as `TypedDict` classes (optional members -> NotRequired)."""

from __future__ import annotations

from tree_sitter import Node

from .expressions import decode_string
from .formatting import ruff_format
from .model import BodyResult, NameMap, Role, Untranslatable
from .parsing import Source, new_parser
from .syntax import first
from .translator import Translator
from .tstypes import hint_text


def _find(node: Node) -> Node | None:
    if node.type in ("interface_declaration", "type_alias_declaration"):
        return node
    for child in node.named_children:
        found = _find(child)
        if found is not None:
            return found
    return None


def typed_dict(
    ts_source: str, *, py_name: str | None, names: NameMap, origin_line: int
) -> BodyResult:
    data = ts_source.encode()
    tree = new_parser().parse(data)
    src = Source(data, 0, origin_line)
    tr = Translator(src, names, Role.HELPER)
    try:
        decl = _find(tree.root_node)
        if decl is None or tree.root_node.has_error:
            raise Untranslatable("LM201", f"no interface or type alias found (line {origin_line})")
        name_node = decl.child_by_field_name("name")
        assert name_node is not None
        name = py_name or tr.text(name_node)
        if decl.child_by_field_name("type_parameters") is not None:
            tr.fail("LM210", f"generic type `{tr.text(name_node)}`", decl)
        if decl.type == "interface_declaration":
            body = decl.child_by_field_name("body")
            if any(c.type == "extends_type_clause" for c in decl.named_children):
                tr.fail("LM210", "interface with `extends`", decl)
        else:
            body = decl.child_by_field_name("value")
            if body is None or body.type != "object_type":
                value = hint_text(tr, body) if body is not None else "Any"
                if value == "Any" and body is not None and body.type != "predefined_type":
                    tr.fail("LM210", f"type `{tr.text(body)[:60]}`", body)
                tr.need("from typing import Any") if "Any" in value else None
                return BodyResult(
                    ok=True, python=ruff_format(f"{name} = {value}\n"), imports=tr.imports
                )
        assert body is not None
        lines = [f"class {name}(TypedDict):"]
        tr.need("from typing import TypedDict")
        for member in body.named_children:
            if member.type == "comment":
                continue
            if member.type != "property_signature":
                tr.fail("LM210", f"member `{tr.text(member)[:50]}`", member)
            key_node = member.child_by_field_name("name")
            assert key_node is not None
            key = (
                decode_string(tr.text(key_node)[1:-1])
                if key_node.type == "string"
                else tr.text(key_node)
            )
            type_node = member.child_by_field_name("type")
            hint = hint_text(tr, first(type_node)) if type_node is not None else "Any"
            optional = any(c.type == "?" for c in member.children)
            if optional:
                tr.need("from typing import NotRequired")
                hint = f"NotRequired[{hint}]"
            if not key.isidentifier():
                tr.fail(
                    "LM210",
                    f"key `{key}` is not a Python identifier (use the functional form)",
                    member,
                )
            lines.append(f"    {key}: {hint}")
        if len(lines) == 1:
            lines.append("    pass")
        text = "\n".join(lines) + "\n"
        for kind in ("Any", "Literal"):
            if f"{kind}" in text.split(":", 1)[1]:
                tr.need(f"from typing import {kind}")
        compile(text, "<typeddict>", "exec")
    except Untranslatable as exc:
        return BodyResult(ok=False, rule=exc.rule, reason=exc.reason)
    return BodyResult(ok=True, python=ruff_format(text), imports=tr.imports)
