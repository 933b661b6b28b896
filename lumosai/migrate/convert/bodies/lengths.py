"""Array lengths computed at run time: `range(n)` needs an int, JavaScript takes any number.

`Array.from({ length: n }, fn)` reads `n` with ToLength: NaN (a day count between Invalid
Dates, `Number('x')`) and negatives give an empty array, 2.7 gives 2. `range()` raises on a
float, so unless `n` is an int for sure the length goes through `array_length`.
"""

from __future__ import annotations

import ast

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py

#: Python calls that return an int for every argument (math.floor raises on NaN instead)
_INT_CALLS = frozenset({"len", "int", "math.floor", "math.ceil", "math.trunc"})


def known_int(value: Py) -> bool:
    """An int for sure: int literals, len()/int(), and sums, differences and products of
    those; a maybe-NaN value never is."""
    return value.role_object != "maybe_nan" and _int_node(value.node)


def _int_node(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, ast.Call):
        return ast.unparse(node.func) in _INT_CALLS
    if isinstance(node, ast.IfExp):
        return _int_node(node.body) and _int_node(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        return _int_node(node.left) and _int_node(node.right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _int_node(node.operand)
    return False


def length_of(t: TranslatorBase, value: Py) -> ast.expr:
    """`value` as an array length `range()` and `[x] * n` accept, as JavaScript reads it."""
    if known_int(value):
        return value.node
    t.need("from lumosai.compat.js.numbers import array_length")
    return P.call("array_length", value.node)


def filled_array(t: TranslatorBase, made: Node, fill_args: list[Node], node: Node) -> Py | None:
    """`new Array(n).fill(v)` (or `Array(n).fill(v)`) -> `[v] * new_array_length(n)`: n
    elements all `v` (the same object, as fill gives); a number n that is not a whole
    number from 0 to 2**32 - 1 is JavaScript's RangeError. None: not that pattern."""
    from .calls import arguments_of

    target = made.child_by_field_name(
        "constructor" if made.type == "new_expression" else "function"
    )
    if target is None or t.text(target) != "Array" or t.lookup("Array") is not None:
        return None
    sizes = arguments_of(made)
    if len(sizes) != 1 or len(fill_args) > 1:
        t.fail("LM204", "`Array(...)` with other than one length, or `.fill(v, start, end)`", node)
    size = t.expr(sizes[0])
    value = t.expr(fill_args[0]).node if fill_args else P.const(None)
    if size.type not in (JsType.NUM, JsType.UNKNOWN):  # new Array('a') is ['a']
        count: ast.expr = P.const(1)
    elif _non_negative_int(size.node):
        count = size.node
    else:
        t.need("from lumosai.compat.js.numbers import new_array_length")
        count = P.call("new_array_length", size.node)
    return Py(
        ast.BinOp(left=ast.List(elts=[value], ctx=ast.Load()), op=ast.Mult(), right=count),
        JsType.LIST,
    )


def _non_negative_int(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return type(node.value) is int and node.value >= 0
    return isinstance(node, ast.Call) and ast.unparse(node.func) == "len"
