"""Plain project classes (`class TokenBucket { ... }`, no `extends`): a Python class with the
same fields, methods, getters and async methods, and typed instances of it.

`this.tokens` is `self._tokens` (private members get a leading underscore, names are
snake_case), `this.refill()` is `self._refill()`, `get available()` is a property. What other
functions need to know about the class (member names, which methods are async) travels as
`HelperRef.value_type` "class:<json>" (the class) / "instance:<json>" (a constant holding one).
Static members, setters, `#private` names, inheritance and `this` outside a method make the
class untranslatable (LM202).
"""

from __future__ import annotations

import ast
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py
from .naming import snake_case
from .parsing import new_parser
from .unparse import unparse

_MODIFIERS = frozenset({"readonly", "accessibility_modifier", "override_modifier"})


@dataclass
class ClassInfo:
    """Member names of a plain class: JS name -> Python name (and async methods)."""

    name: str
    fields: dict[str, str] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=dict)
    async_methods: list[str] = field(default_factory=list)
    getters: dict[str, str] = field(default_factory=dict)
    #: methods that return `this` (`calc.addHours(...).addHours(...)`)
    fluent: list[str] = field(default_factory=list)

    def encode(self, kind: str = "class") -> str:
        data: dict[str, object] = {"n": self.name, "f": self.fields, "m": self.methods,
                                   "a": self.async_methods, "g": self.getters}  # fmt: skip
        if self.fluent:
            data["c"] = self.fluent
        return f"{kind}:" + json.dumps(data, separators=(",", ":"), sort_keys=True)


@lru_cache(maxsize=256)
def decode(value_type: str) -> ClassInfo | None:
    """The ClassInfo of a "class:{...}" / "instance:{...}" value_type, else None."""
    kind, _, payload = value_type.partition(":")
    if kind not in ("class", "instance") or not payload.startswith("{"):
        return None
    data = json.loads(payload)
    return ClassInfo(data["n"], data["f"], data["m"], data["a"], data["g"], data.get("c", []))


def _private(member: Node) -> bool:
    return any(
        c.type == "accessibility_modifier" and c.text in (b"private", b"protected")
        for c in member.children
    )


def _py_member(js_name: str, private: bool) -> str:
    return ("_" if private else "") + snake_case(js_name)


def class_info(source: str) -> ClassInfo | None:
    """Read the member table of a plain class from its source; None if it is no such class."""
    tree = new_parser().parse(source.encode())
    node = _class_node(tree.root_node)
    if node is None or any(c.type == "class_heritage" for c in node.named_children):
        return None
    text = source.encode()

    def name_of(n: Node | None) -> str:
        return "" if n is None else text[n.start_byte : n.end_byte].decode()

    info = ClassInfo(name_of(node.child_by_field_name("name")))
    body = node.child_by_field_name("body")
    for member in body.named_children if body is not None else []:
        if member.type == "public_field_definition":
            js = name_of(member.child_by_field_name("name"))
            info.fields[js] = _py_member(js, _private(member))
        elif member.type == "method_definition":
            js = name_of(member.child_by_field_name("name"))
            if js == "constructor":
                params = member.child_by_field_name("parameters")
                for param in params.named_children if params is not None else []:
                    if any(c.type in _MODIFIERS for c in param.children):
                        pjs = name_of(param.child_by_field_name("pattern"))
                        info.fields[pjs] = _py_member(pjs, _private(param))
            elif any(c.type == "get" for c in member.children):
                info.getters[js] = _py_member(js, _private(member))
            else:
                info.methods[js] = _py_member(js, _private(member))
                if any(c.type == "async" for c in member.children):
                    info.async_methods.append(js)
                elif _returns_this(member, name_of):
                    info.fluent.append(js)
    return info


def _returns_this(method: Node, name_of: Callable[[Node | None], str]) -> bool:
    """Declared `: this`, or every `return` of the method (not of inner functions) is
    `return this`."""
    declared = method.child_by_field_name("return_type")
    if declared is not None:
        return name_of(declared).lstrip(":").strip() == "this"
    returns: list[Node] = []

    def walk(n: Node) -> None:
        for child in n.named_children:
            if child.type == "return_statement":
                returns.append(child)
            elif child.type not in ("arrow_function", "function_expression", "function_declaration",
                                    "class_declaration", "method_definition"):  # fmt: skip
                walk(child)

    walk(method.child_by_field_name("body") or method)
    return bool(returns) and all([c.type for c in r.named_children] == ["this"] for r in returns)


def _class_node(node: Node) -> Node | None:
    if node.type == "class_declaration":
        return node
    for child in node.named_children:
        if child.type in ("class_declaration", "export_statement", "program"):
            found = _class_node(child)
            if found is not None:
                return found
    return None


def instance(info: ClassInfo, node: ast.expr) -> Py:
    return Py(node, JsType.INSTANCE, role_object=info.encode("instance"), pure=True)


def instance_info(value: Py) -> ClassInfo:
    info = decode(value.role_object or "")
    assert info is not None
    return info


def member_read(t: TranslatorBase, obj: Py, prop: str, node: Node) -> Py:
    """`bucket.available`, `this.tokens`: a field or a getter, as an attribute."""
    info = instance_info(obj)
    if prop in info.fields:
        return Py(P.attr(obj.node, info.fields[prop]), pure=obj.pure)
    if prop in info.getters:
        return Py(P.attr(obj.node, info.getters[prop]))
    if prop in info.methods:
        t.fail("LM207", f"method `{prop}` of a {info.name} used as a value (loses `this`)", node)
    t.fail("LM204", f"`.{prop}` is no member of {info.name}", node)


def member_target(t: TranslatorBase, obj: Py, prop: str, node: Node) -> ast.Attribute:
    """`this.tokens = ...`: only declared fields are assigned."""
    info = instance_info(obj)
    if prop not in info.fields:
        t.fail("LM204", f"assignment to `.{prop}`, no field of {info.name}", node)
    return ast.Attribute(value=obj.node, attr=info.fields[prop], ctx=ast.Store())


def method_call(t: TranslatorBase, obj: Py, prop: str, args: list[Node], node: Node) -> Py:
    """`bucket.take()` -> `bucket.take()` (awaitable when the method is async)."""
    from .calls import call_args

    info = instance_info(obj)
    if prop not in info.methods:
        t.fail("LM204", f"`.{prop}()` is no method of {info.name}", node)
    call = P.call(P.attr(obj.node, info.methods[prop]), *call_args(t, args))
    if prop in info.fluent:
        return Py(call, JsType.INSTANCE, role_object=info.encode("instance"))
    return Py(call, awaitable=prop in info.async_methods)


def render_class(t: TranslatorBase, node: Node, py_name: str) -> str:
    """The Python class for a plain TypeScript class (see the module docstring)."""
    info = class_info(t.text(node))
    if info is None:
        t.fail("LM202", "a class that extends another class", node)
    body = t.child(node, "body")
    this = instance(info, P.name("self"))
    fields: list[ast.stmt] = []
    methods: list[ast.stmt] = []
    ctor: Node | None = None
    saved, t.this_value = t.this_value, this
    try:
        with t.function_scope(is_async=False):
            for member in body.named_children:
                if member.type == "comment":
                    continue
                if any(c.type in ("static", "set", "#") for c in member.children) or (
                    member.type == "public_field_definition"
                    and (member.child_by_field_name("name") or member).type
                    == "private_property_identifier"
                ):
                    t.fail("LM202", f"class member `{t.text(member)[:40]}`", member)
                if member.type == "public_field_definition":
                    js = t.text(t.child(member, "name"))
                    value = member.child_by_field_name("value")
                    if value is None and _assigned_in_constructor(t, body, js):
                        continue  # `private tokens: number;` set by the constructor
                    expr = t.expr(value).node if value is not None else P.const(None)
                    target = ast.Attribute(
                        value=P.name("self"), attr=info.fields[js], ctx=ast.Store()
                    )
                    fields.append(P.assign(target, expr))
                elif member.type == "method_definition":
                    js = t.text(t.child(member, "name"))
                    if js == "constructor":
                        ctor = member
                        continue
                    methods.append(_method(t, member, info, js))
                else:
                    t.fail("LM202", f"class member `{t.text(member)[:40]}`", member)
            init = _constructor(t, ctor, fields, info)
    finally:
        t.this_value = saved
    members = ([init] if init else []) + methods
    if [m for m in members if P.hint_any(m)]:
        t.need("from typing import Any")
    parts = [unparse(ast.fix_missing_locations(s)) for s in members]
    inner = "\n\n".join(parts) if parts else "pass"
    return t.finish(f"class {py_name}:\n" + textwrap.indent(inner, "    ") + "\n")  # type: ignore[attr-defined,no-any-return]


def _assigned_in_constructor(t: TranslatorBase, body: Node, js: str) -> bool:
    """The constructor's own statements (not nested ones) assign `this.<js>`."""
    for member in body.named_children:
        if member.type != "method_definition" or t.text(t.child(member, "name")) != "constructor":
            continue
        for stmt in t.child(member, "body").named_children:
            expr = stmt.named_children[0] if stmt.type == "expression_statement" else None
            left = expr.child_by_field_name("left") if expr is not None else None
            if (
                expr is not None
                and expr.type == "assignment_expression"
                and left is not None
                and left.type == "member_expression"
                and t.text(left) == f"this.{js}"
            ):
                return True
    return False


def _method(t: TranslatorBase, member: Node, info: ClassInfo, js: str) -> ast.stmt:
    getter = any(c.type == "get" for c in member.children)
    py = info.getters[js] if getter else info.methods[js]
    fn = t.nested_function(member, py)
    assert isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
    fn.args.args.insert(0, ast.arg(arg="self"))
    if getter:
        fn.decorator_list = [P.name("property")]
    return fn


def _constructor(
    t: TranslatorBase, ctor: Node | None, fields: list[ast.stmt], info: ClassInfo
) -> ast.stmt | None:
    if ctor is None:
        if not fields:
            return None
        args = ast.arguments(posonlyargs=[], args=[ast.arg(arg="self")], vararg=None,
                             kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])  # fmt: skip
        return _init(args, fields)
    params = [p for p in t.child(ctor, "parameters").named_children if p.type != "comment"]
    properties: list[ast.stmt] = []
    with t.function_scope(is_async=False):
        arguments, prologue = t.params(params)  # type: ignore[attr-defined]
        for param in params:
            if any(c.type in _MODIFIERS for c in param.children):
                pattern = param.child_by_field_name("pattern")
                if pattern is None or pattern.type != "identifier":
                    t.fail("LM202", "a destructured parameter property", param)
                binding = t.lookup(t.text(pattern))
                assert binding is not None
                target = ast.Attribute(
                    value=P.name("self"), attr=info.fields[t.text(pattern)], ctx=ast.Store()
                )
                properties.append(P.assign(target, P.name(binding.py)))
        body = t.body_of(t.child(ctor, "body"))
    arguments.args.insert(0, ast.arg(arg="self"))
    # TypeScript assigns parameter properties, then field initializers, then runs the body
    return _init(arguments, [*prologue, *properties, *fields, *body])


def _init(arguments: ast.arguments, body: list[ast.stmt]) -> ast.FunctionDef:
    return ast.FunctionDef(name="__init__", args=arguments, body=body or [ast.Pass()],  # type: ignore[call-overload]
                           decorator_list=[], returns=P.const(None), lineno=0)  # fmt: skip
