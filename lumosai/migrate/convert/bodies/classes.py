"""Project error classes: `class HelpdeskError extends Error { constructor(m, readonly status) }`
becomes a Python exception class, so `throw new HelpdeskError(...)` and `instanceof` translate.

Only the shape error classes have is accepted: fields with initializers, one constructor made
of `super(...)`, `this.x = ...` and statements that do not touch `this`. Methods, getters and
static members make the class untranslatable (LM202), never half translated.
"""

from __future__ import annotations

import ast
import textwrap

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .parsing import new_parser
from .syntax import first
from .unparse import unparse

#: JavaScript error base -> Python base (`instanceof Error` is `isinstance(e, Exception)`)
ERROR_BASES = {
    "Error": "Exception",
    "TypeError": "TypeError",
    "RangeError": "ValueError",
    "SyntaxError": "ValueError",
}
_PARAMETER_PROPERTY = frozenset(
    {"readonly", "accessibility_modifier", "public", "private", "protected", "override_modifier"}
)


def error_class_base(t: TranslatorBase, node: Node) -> str:
    for part in node.named_children:
        if part.type == "class_heritage" and part.named_children:
            clause = part.named_children[0]
            base = clause.named_children[0] if clause.named_children else None
            if clause.type == "extends_clause" and base is not None:
                name = t.text(base)
                if base.type == "identifier" and name in ERROR_BASES and t.lookup(name) is None:
                    return ERROR_BASES[name]
    t.fail("LM202", "a class that does not extend a built-in Error", node)


def render_error_class(t: TranslatorBase, node: Node, py_name: str) -> str:
    """The Python source of the exception class for the TypeScript class `node`."""
    base = error_class_base(t, node)
    body = node.child_by_field_name("body")
    assert body is not None
    fields: list[ast.stmt] = []
    ctor: Node | None = None
    with t.function_scope(is_async=False):
        for member in body.named_children:
            if member.type == "comment":
                continue
            if member.type == "public_field_definition" and not _static(member):
                fields.append(_field(t, member))
            elif member.type == "method_definition" and t.text(_name(t, member)) == "constructor":
                ctor = member
            else:
                t.fail("LM202", f"class member `{t.text(member)[:40]}` of an error class", member)
        init = _constructor(t, ctor, fields) if ctor is not None or fields else None
    lines = [f"class {py_name}({base}):"]
    if init is None:
        lines.append("    pass")
    else:
        if P.hint_any(init):
            t.need("from typing import Any")
        lines.append(textwrap.indent(unparse(ast.fix_missing_locations(init)), "    "))
    return t.finish("\n".join(lines) + "\n")  # type: ignore[attr-defined,no-any-return]


def _static(member: Node) -> bool:
    return any(c.type == "static" for c in member.children)


def _name(t: TranslatorBase, member: Node) -> Node:
    return t.child(member, "name")


def _field(t: TranslatorBase, member: Node) -> ast.stmt:
    """`code = 'X'` -> `self.code = "X"` (run right after super(), as JavaScript does)."""
    name = t.text(_name(t, member))
    value = member.child_by_field_name("value")
    expr = t.expr(value).node if value is not None else P.const(None)
    return P.assign(ast.Attribute(value=P.name("self"), attr=name, ctx=ast.Store()), expr)


def _constructor(t: TranslatorBase, ctor: Node | None, fields: list[ast.stmt]) -> ast.FunctionDef:
    if ctor is None:  # the implicit `constructor(...args) { super(...args) }`
        args = ast.arguments(posonlyargs=[], args=[ast.arg(arg="self")], vararg=ast.arg(arg="args"),
                             kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])  # fmt: skip
        sup = P.expr_stmt(
            P.call(
                P.attr(P.call("super"), "__init__"),
                ast.Starred(value=P.name("args"), ctx=ast.Load()),
            )
        )
        return _init(args, [sup, *fields])
    params_node = t.child(ctor, "parameters")
    params = [p for p in params_node.named_children if p.type != "comment"]
    property_names: list[Node] = []
    for param in params:
        if any(c.type in _PARAMETER_PROPERTY for c in param.children):
            pattern = param.child_by_field_name("pattern")
            if pattern is None or pattern.type != "identifier":
                t.fail("LM202", "a destructured parameter property", param)
            property_names.append(pattern)
    arguments, prologue = t.params(params)  # type: ignore[attr-defined]
    # the field keeps its TypeScript name (`err.employeeId` reads it); the value is the
    # parameter under its Python name (`employee_id`)
    properties: list[ast.stmt] = [
        P.assign(
            ast.Attribute(value=P.name("self"), attr=t.text(pattern), ctx=ast.Store()),
            t.expr(pattern).node,
        )
        for pattern in property_names
    ]
    arguments.args.insert(0, ast.arg(arg="self"))
    statements = [s for s in t.child(ctor, "body").named_children if s.type != "comment"]
    out: list[ast.stmt] = [*prologue]
    called_super = False
    for stmt in statements:
        call = first(stmt) if stmt.type == "expression_statement" else None
        if call is not None and call.type == "call_expression" and _is_super(t, call):
            from .calls import arguments_of, call_args

            out.append(P.expr_stmt(P.call(P.attr(P.call("super"), "__init__"),
                                          *call_args(t, arguments_of(call)))))  # fmt: skip
            out.extend([*properties, *fields])  # TypeScript assigns these right after super()
            called_super = True
            continue
        if call is not None and call.type == "assignment_expression":
            left = call.child_by_field_name("left")
            if left is not None and left.type == "member_expression" and _on_this(t, left):
                value = t.expr(t.child(call, "right"))
                prop = t.text(t.child(left, "property"))
                target = ast.Attribute(value=P.name("self"), attr=prop, ctx=ast.Store())
                out.extend([*t.pending, P.assign(target, value.node)])
                t.pending.clear()
                continue
        out.extend(t.statements([stmt]))
    if not called_super:
        t.fail("LM202", "an error class constructor without super(...)", ctor)
    return _init(arguments, out)


def _init(arguments: ast.arguments, body: list[ast.stmt]) -> ast.FunctionDef:
    return ast.FunctionDef(name="__init__", args=arguments, body=body or [ast.Pass()],  # type: ignore[call-overload]
                           decorator_list=[], returns=P.const(None), lineno=0)  # fmt: skip


def _is_super(t: TranslatorBase, call: Node) -> bool:
    fn = call.child_by_field_name("function")
    return fn is not None and fn.type == "super"


def _on_this(t: TranslatorBase, member: Node) -> bool:
    obj = member.child_by_field_name("object")
    return obj is not None and obj.type == "this"


def error_class_fields(source: str) -> list[str] | None:
    """Instance fields an error class sets (`readonly status` parameters, `this.x = ...`,
    field definitions); None if `source` is no class. The translator reads these as
    attributes of a caught error narrowed by `instanceof`."""
    tree = new_parser().parse(source.encode())
    node = tree.root_node
    while node.type != "class_declaration":
        children = [c for c in node.named_children if c.type != "comment"]
        if not children:
            return None
        node = children[0]
    text = source.encode()
    names: list[str] = []

    def add(n: Node | None) -> None:
        if n is not None:
            name = text[n.start_byte : n.end_byte].decode()
            if name not in names:
                names.append(name)

    def walk(n: Node) -> None:
        if n.type == "public_field_definition":
            add(n.child_by_field_name("name"))
        elif n.type == "required_parameter" and any(
            c.type in _PARAMETER_PROPERTY for c in n.children
        ):
            add(n.child_by_field_name("pattern"))
        elif n.type == "assignment_expression":
            left = n.child_by_field_name("left")
            if left is not None and left.type == "member_expression":
                obj = left.child_by_field_name("object")
                if obj is not None and obj.type == "this":
                    add(left.child_by_field_name("property"))
        for c in n.named_children:
            walk(c)

    walk(node)
    return names
