"""Tiny constructors for Python `ast` nodes, so translation rules read like the code they emit."""

from __future__ import annotations

import ast
from typing import Any


def name(identifier: str) -> ast.Name:
    return ast.Name(id=identifier, ctx=ast.Load())


def store(identifier: str) -> ast.Name:
    return ast.Name(id=identifier, ctx=ast.Store())


def const(value: Any) -> ast.Constant:
    return ast.Constant(value=value)


def attr(value: ast.expr, attribute: str) -> ast.Attribute:
    return ast.Attribute(value=value, attr=attribute, ctx=ast.Load())


def sub(value: ast.expr, key: ast.expr | str | int) -> ast.Subscript:
    index = key if isinstance(key, ast.expr) else const(key)
    return ast.Subscript(value=value, slice=index, ctx=ast.Load())


def call(func: ast.expr | str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    fn = parse_expr(func) if isinstance(func, str) else func
    return ast.Call(
        func=fn, args=list(args), keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs.items()]
    )


def method(value: ast.expr, method_name: str, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    return call(attr(value, method_name), *args, **kwargs)


def parse_expr(source: str) -> ast.expr:
    return ast.parse(source, mode="eval").body


def template(source: str, *args: ast.expr) -> ast.expr:
    """Fill `{0}`, `{1}` placeholders of a Python expression template with expressions."""
    return parse_expr(source.format(*(f"({ast.unparse(a)})" for a in args)))


def is_none(value: ast.expr) -> ast.Compare:
    return ast.Compare(left=value, ops=[ast.Is()], comparators=[const(None)])


def is_not_none(value: ast.expr) -> ast.Compare:
    return ast.Compare(left=value, ops=[ast.IsNot()], comparators=[const(None)])


def not_(value: ast.expr) -> ast.expr:
    if isinstance(value, ast.Compare) and len(value.ops) == 1:
        flipped = {
            ast.Is: ast.IsNot,
            ast.IsNot: ast.Is,
            ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq,
            ast.In: ast.NotIn,
            ast.NotIn: ast.In,
        }
        op = flipped.get(type(value.ops[0]))
        if op is not None:
            return ast.Compare(left=value.left, ops=[op()], comparators=value.comparators)
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not):
        return value.operand
    return ast.UnaryOp(op=ast.Not(), operand=value)


def if_exp(test: ast.expr, body: ast.expr, orelse: ast.expr) -> ast.IfExp:
    return ast.IfExp(test=test, body=body, orelse=orelse)


def assign(target: ast.expr, value: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[target], value=value, lineno=0)


def expr_stmt(value: ast.expr) -> ast.Expr:
    return ast.Expr(value=value)


def comp(
    element: ast.expr,
    target: ast.expr,
    iterable: ast.expr,
    conds: list[ast.expr] | None = None,
    kind: str = "list",
) -> ast.expr:
    """`[element for target in iterable if cond]` (or a generator expression)."""
    gen = ast.comprehension(target=target, iter=iterable, ifs=conds or [], is_async=0)
    if kind == "gen":
        return ast.GeneratorExp(elt=element, generators=[gen])
    return ast.ListComp(elt=element, generators=[gen])


def to_store(node: ast.expr) -> ast.expr:
    """The same target in Store context (for assignments)."""
    if isinstance(node, ast.Name):
        return store(node.id)
    if isinstance(node, ast.Subscript):
        return ast.Subscript(value=node.value, slice=node.slice, ctx=ast.Store())
    if isinstance(node, ast.Attribute):
        return ast.Attribute(value=node.value, attr=node.attr, ctx=ast.Store())
    if isinstance(node, ast.Tuple):
        return ast.Tuple(elts=[to_store(e) for e in node.elts], ctx=ast.Store())
    if isinstance(node, ast.Starred):
        return ast.Starred(value=to_store(node.value), ctx=ast.Store())
    raise ValueError(f"not an assignment target: {ast.unparse(node)}")


def is_pure(node: ast.expr) -> bool:
    """Safe and cheap to evaluate twice: names, constants and constant-key lookups on them."""
    if isinstance(node, ast.Name | ast.Constant):
        return True
    if isinstance(node, ast.Attribute):
        return is_pure(node.value)
    if isinstance(node, ast.Subscript):
        return is_pure(node.value) and isinstance(node.slice, ast.Constant | ast.Name)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        # x.get("k") and env lookups are pure reads
        return (
            node.func.attr == "get"
            and is_pure(node.func.value)
            and all(isinstance(a, ast.Constant) for a in node.args)
        )
    return False


def hint_any(func: ast.AST) -> bool:
    """Type hints everywhere, also where the TypeScript had none: an untyped parameter or
    return (of the function and the functions inside it) becomes `Any`. True if any did."""
    added = False
    for node in ast.walk(func):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        every += [a for a in (node.args.vararg, node.args.kwarg) if a is not None]
        for arg in every:
            if arg.annotation is None:
                arg.annotation = ast.Name(id="Any", ctx=ast.Load())
                added = True
        if node.returns is None and node.name == "__init__":
            node.returns = ast.Constant(value=None)
        elif node.returns is None:
            node.returns = ast.Name(id="Any", ctx=ast.Load())
            added = True
    return added
