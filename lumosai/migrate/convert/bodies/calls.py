"""Call dispatch: global functions and namespaces (Math, JSON, Object, ...), `new`, and methods."""

from __future__ import annotations

import ast
from collections.abc import Callable

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .expressions import decode_string, float_result, unwrap
from .jstypes import JsType, Py
from .roles import MASTRA_METHODS, ROLE_OBJECTS
from .syntax import first, named

GlobalRule = Callable[[TranslatorBase, list[Node], Node], Py]


def call_args(t: TranslatorBase, args: list[Node]) -> list[ast.expr]:
    out: list[ast.expr] = []
    for a in args:
        if a.type == "spread_element":
            out.append(ast.Starred(value=t.expr(first(a)).node, ctx=ast.Load()))
        else:
            out.append(t.expr(a).node)
    return out


def arguments_of(node: Node) -> list[Node]:
    args = node.child_by_field_name("arguments")
    if args is None:
        return []
    if args.type == "template_string":
        return [args]
    return [c for c in args.named_children if c.type != "comment"]


def awaited_parent(node: Node, t: TranslatorBase | None = None) -> bool:
    if t is not None and t.assume_awaited == node:
        return True
    parent = node.parent
    while parent is not None and parent.type in (
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
        "satisfies_expression",
    ):
        parent = parent.parent
    return parent is not None and parent.type == "await_expression"


def translate_call(
    t: TranslatorBase, node: Node, statement: bool = False, fn_node: Node | None = None
) -> Py:
    fn_node = fn_node or node.child_by_field_name("function")
    assert fn_node is not None
    if unwrap(fn_node).type == "await_expression" and node.child_by_field_name("type_arguments"):
        # tree-sitter reads `await f<T>(x)` as `(await f)<T>(x)`: it is `await (f<T>(x))`
        inner = first(unwrap(fn_node))
        saved, t.assume_awaited = t.assume_awaited, node
        value = translate_call(t, node, statement, inner)
        t.assume_awaited = saved
        if value.awaitable:
            t.scope.awaits = True
            return Py(ast.Await(value=value.node), value.type, role_object=value.role_object)
        return Py(value.node, value.type, value.role_object, pure=value.pure)
    fn = unwrap(fn_node)
    optional_call = any(c.type in ("optional_chain", "?.") for c in node.children)
    if optional_call and not _always_defined_method(t, fn):
        t.fail("LM202", "optional call `f?.()`", node)
    while fn.type == "non_null_expression":  # tool.execute!(...)
        fn = unwrap(first(fn))
    args = arguments_of(node)
    if fn.type == "member_expression":
        obj_node = fn.child_by_field_name("object")
        prop_node = fn.child_by_field_name("property")
        assert obj_node is not None and prop_node is not None
        prop = t.text(prop_node)
        ns = unwrap(obj_node)
        if prop == "format" and ns.type == "new_expression":
            from .intl import number_format_call  # new Intl.NumberFormat(l, o).format(x)

            formatted = number_format_call(t, ns, args, node)
            if formatted is not None:
                return formatted
        if prop == "fill" and ns.type in ("new_expression", "call_expression"):
            from .lengths import filled_array  # new Array(n).fill(v): n checked as JS does

            filled = filled_array(t, ns, args, node)
            if filled is not None:
                return filled
        if (
            t.text(fn) in ("process.stdout.write", "process.stderr.write")
            and t.lookup("process") is None
        ):
            t.need("import sys")
            stream = "sys.stdout" if "stdout" in t.text(fn) else "sys.stderr"
            return Py(P.call(f"{stream}.write", *call_args(t, args)))
        if ns.type == "identifier" and t.lookup(t.text(ns)) is None:
            if t.text(ns) in t.names.imports:  # path.join(...)
                from .packages import namespace_call as package_namespace_call

                known = package_namespace_call(t, t.text(ns), prop, args, node)
                if known is not None:
                    return known
            if t.text(ns) in t.names.imports:  # MDocument.fromText(...)
                from .rag_calls import namespace_call

                rag = namespace_call(t, t.text(ns), prop, args, node)
                if rag is not None:
                    return rag
            qualified = f"{t.text(ns)}.{prop}"
            if qualified in GLOBAL_CALLS:
                return GLOBAL_CALLS[qualified](t, args, node)
            if t.text(ns) in (
                "Math",
                "JSON",
                "Object",
                "Array",
                "Number",
                "Promise",
                "console",
                "Date",
                "String",
                "process",
                "Reflect",
                "Symbol",
            ):
                t.fail("LM204", f"`{qualified}`", node)
        optional = any(c.type == "optional_chain" for c in fn.children)
        # `a.b?.m()`: an absent `b` is undefined in JS, so read it with .get
        obj = t.lenient(obj_node) if optional else t.expr(obj_node)
        from .methods import method_call

        return method_call(t, obj, prop, args, node, optional=optional, statement=statement)
    if fn.type == "identifier":
        name = t.text(fn)
        binding = t.lookup(name)
        if binding is None and name in t.names.imports:  # embed(...), rerank(...)
            from .rag_calls import import_call

            rag = import_call(t, name, args, node)
            if rag is not None:
                return rag
        if binding is None and name in t.names.imports:  # parseISO(...), readFile(...)
            from .packages import package_call

            known = package_call(t, name, args, node)
            if known is not None:
                return known
        if binding is None and name in GLOBAL_FUNCS:
            return GLOBAL_FUNCS[name](t, args, node)
        if binding is not None and binding.kind == "member" and binding.member is not None:
            member = binding.member
            return role_method_call(t, P.parse_expr(member.py), member.awaited, args, node)
        callee = t.expr(fn)
        if callee.role_object and callee.role_object.startswith("member:"):
            _, obj_name, prop = callee.role_object.split(":")
            m = ROLE_OBJECTS[obj_name][prop]
            return role_method_call(t, callee.node, m.awaited, args, node)
        is_async = False
        project = False
        implicit = False
        if binding is not None:
            is_async = binding.is_async
        elif name in t.names.helpers:
            is_async = t.names.helpers[name].is_async
            implicit = t.names.helpers[name].implicitly_awaited
            project = True
        elif name in t.names.imports:
            is_async = t.names.imports[name].is_async
            project = True
        if callee.type not in (JsType.FUNC, JsType.UNKNOWN):
            t.fail("LM204", f"calling `{name}`, a {callee.type.value}", node)
        if project and not is_async and awaited_parent(node, t):
            # the TypeScript awaits it: trust that over a missing async flag (bridged helpers
            # return coroutines); awaiting a plain value would raise, not pass silently
            is_async = True
            t.warn(f"`{name}` is awaited in TypeScript; treated as async", node)
        if implicit and not awaited_parent(node, t):
            # synchronous in TypeScript, a coroutine function in Python: await it right here
            if not t.scope.is_async:
                t.fail(
                    "LM202",
                    f"`{name}` is async in Python (it runs through the Node bridge) and is "
                    "called inside a callback that cannot await",
                    node,
                )
            t.scope.awaits = True
            call = ast.Await(value=P.call(callee.node, *call_args(t, args)))
            return Py(call, role_object="awaited")
        returns = JsType.UNKNOWN
        if project and name in t.names.helpers:  # a helper known to return an MDocument
            from .rag_calls import helper_return_type

            returns = helper_return_type(t.names.helpers[name])
            if returns == JsType.UNKNOWN:  # declared `: number[]`, `: Promise<string>` ...
                returns = _RESULT_KINDS.get(t.names.helpers[name].value_type or "", returns)
        helper = t.names.helpers.get(name) if project else None
        if helper is not None and helper.param_defaults:  # JS defaults apply to undefined only
            from .undefined import call_arguments

            py_args = call_arguments(t, args, helper.param_defaults)
            return Py(P.call(callee.node, *py_args), returns, awaitable=is_async)
        return Py(P.call(callee.node, *call_args(t, args)), returns, awaitable=is_async)
    callee = t.expr(fn)
    return Py(P.call(callee.node, *call_args(t, args)), awaitable=callee.awaitable)


#: HelperRef.value_type of a function (its declared return type) -> the call's type
_RESULT_KINDS = {
    "array": JsType.LIST,
    "string": JsType.STR,
    "number": JsType.NUM,
    "boolean": JsType.BOOL,
}


#: receivers whose translated methods always exist (`s.trim?.()` is `s.strip()`)
_KNOWN_RECEIVERS = frozenset(
    {JsType.STR, JsType.LIST, JsType.NUM, JsType.DATE, JsType.REGEX, JsType.MAP, JsType.SET}
)


def _always_defined_method(t: TranslatorBase, fn: Node) -> bool:
    """`context.mcp.extra?.sendNotification?.(...)`, `s.trim?.()`: the method cannot be
    undefined, so the optional call is a plain call."""
    if fn.type != "member_expression":
        return False
    obj = t.child(fn, "object")
    saved = t.pending[:]
    try:
        value = t.expr(obj)
    except Exception:
        return False
    finally:
        t.pending[:] = saved
    if value.type in _KNOWN_RECEIVERS:
        return True
    members = ROLE_OBJECTS.get(value.role_object or "", {})
    prop = t.text(t.child(fn, "property"))
    return value.type == JsType.ROLE and prop in members and members[prop].method


def role_method_call(
    t: TranslatorBase, func: ast.expr, awaited: bool, args: list[Node], node: Node
) -> Py:
    """`getStepResult(x)`, `suspend(p)`, `setState(s)`, ... on the step context."""
    call = P.call(func, *call_args(t, args))
    if awaited:
        t.scope.awaits = True
        if not t.scope.is_async:
            t.fail("LM202", "`suspend` in a function that is not async", node)
        return Py(ast.Await(value=call), role_object="awaited")
    return Py(call)


def mastra_call(t: TranslatorBase, obj: Py, prop: str, args: list[Node], node: Node) -> Py:
    if prop == "getLogger" and not args:
        # Mastra's logger -> the module's logging logger
        t.need("import logging")
        t.module_lines.add("logger = logging.getLogger(__name__)")
        return Py(P.name("logger"), JsType.ROLE, role_object="logger")
    if prop in ("getVector", "getVectors"):
        from .rag_calls import mastra_vector

        return mastra_vector(t, obj, prop, args, node)
    table = MASTRA_METHODS.get(obj.role_object or "", {})
    if prop not in table or len(args) != 1:
        t.fail("LM206", f"`mastra.{prop}(...)` has no Lumos equivalent here", node)
    kind = JsType.AGENT if prop.startswith("getAgent") else JsType.TOOL
    if prop == "getWorkflow":
        kind = JsType.UNKNOWN
    return Py(P.template(table[prop], t.expr(args[0]).node), kind)


# ---- globals -------------------------------------------------------------------------------


def _one(t: TranslatorBase, args: list[Node], node: Node, what: str) -> Py:
    if len(args) != 1 or args[0].type == "spread_element":
        t.fail("LM204", f"`{what}` with {len(args)} arguments", node)
    value = t.expr(args[0])
    if value.type == JsType.INSTANCE:  # Object.keys(obj), String(obj) ... of a class object
        t.fail("LM207", f"`{what}` of an object of a translated class", node)
    return value


def _math_fn(py: str) -> GlobalRule:
    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        rounding = py in ("math.floor", "math.ceil", "math.trunc")
        if rounding and len(args) == 1 and args[0].type != "spread_element":
            value = t.expr(args[0])
            if value.role_object == "maybe_nan":  # math.floor raises on NaN, JS returns it
                helper = "js_" + py.removeprefix("math.")
                t.need(f"from lumosai.compat.js.numbers import {helper}")
                return Py(P.call(helper, value.node), JsType.NUM, role_object="maybe_nan")
            t.need("import math")
            return Py(P.call(py, value.node), JsType.NUM)
        t.need("import math")
        return Py(P.call(py, *call_args(t, args)), JsType.NUM)

    return rule


def _builtin_fn(py: str, kind: JsType = JsType.NUM) -> GlobalRule:
    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        return Py(P.call(py, *call_args(t, args)), kind)

    return rule


def _minmax(py: str) -> GlobalRule:
    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        if len(args) == 1 and args[0].type == "spread_element":
            # Math.max() of nothing is -Infinity in JS; Python's max() raises
            t.need("import math")
            default = P.parse_expr("-math.inf" if py == "max" else "math.inf")
            return Py(
                P.call(py, t.expr(args[0].named_children[0]).node, default=default), JsType.NUM
            )
        if len(args) < 2:
            t.fail("LM204", f"`Math.{py}` with fewer than two arguments", node)
        if any(a.type == "spread_element" for a in args):
            return Py(P.call(py, *call_args(t, args)), JsType.NUM)
        values = [t.expr(a) for a in args]
        from .undefined import maybe_undefined_operands

        operands = maybe_undefined_operands(t, list(zip(values, args, strict=True)))
        if operands is not None:  # Math.max(1, undefined) is NaN, Math.max(1, null) 1
            t.need(f"from lumosai.compat.js.numbers import js_{py}")
            return Py(P.call(f"js_{py}", *operands), JsType.NUM, role_object="maybe_nan")
        if any(v.role_object == "maybe_nan" for v in values):  # NaN wins in JS, not in max()
            t.need(f"from lumosai.compat.js.numbers import js_{py}")
            return Py(
                P.call(f"js_{py}", *[v.node for v in values]), JsType.NUM, role_object="maybe_nan"
            )
        return Py(P.call(py, *[v.node for v in values]), JsType.NUM)

    return rule


def _round(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    value = _one(t, args, node, "Math.round")
    if value.role_object == "maybe_nan":  # math.floor raises on NaN, Math.round returns it
        t.need("from lumosai.compat.js.numbers import js_round")
        return Py(P.call("js_round", value.node), JsType.NUM, role_object="maybe_nan")
    t.need("import math")
    return Py(P.template("math.floor({0} + 0.5)", value.node), JsType.NUM)


def _pow(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    a, b = call_args(t, args)
    return Py(ast.BinOp(left=a, op=ast.Pow(), right=b), JsType.NUM)


def _random(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import random")
    return Py(P.call("random.random"), JsType.NUM)


def _json_stringify(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import json")
    if not args:
        t.fail("LM204", "`JSON.stringify()` without arguments", node)
    first_value = t.expr(args[0])
    if first_value.type == JsType.INSTANCE:
        t.fail("LM207", "JSON.stringify of an object of a translated class", node)
    value = first_value.node
    if first_value.type not in (JsType.STR, JsType.BOOL, JsType.NULL) and not (
        isinstance(value, ast.Constant)
        or (first_value.type == JsType.NUM and not float_result(value, t.float_names))
    ):
        # integral floats as ints: JavaScript writes {"r":2}, json.dumps {"r": 2.0}
        t.need("from lumosai.types import js_numbers")
        value = P.call("js_numbers", value)
    kw: dict[str, ast.expr] = {}
    if len(args) >= 2 and unwrap(args[1]).type not in ("null", "undefined"):
        t.fail("LM204", "`JSON.stringify` with a replacer", node)
    if len(args) >= 3:
        kw["indent"] = t.expr(args[2]).node
    else:
        kw["separators"] = ast.Tuple(elts=[P.const(","), P.const(":")], ctx=ast.Load())
    kw["ensure_ascii"] = P.const(False)
    return Py(P.call("json.dumps", value, **kw), JsType.STR)


def _json_parse(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import json")
    return Py(P.call("json.loads", _one(t, args, node, "JSON.parse").node))


def _object_keys(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    # JavaScript keys are strings, so .sort() needs no comparator ("str_list")
    obj = _one(t, args, node, "Object.keys")
    if obj.type in (JsType.LIST, JsType.STR):  # an array's keys are its index strings
        i = t.fresh("index")
        indexes = P.call("range", P.call("len", obj.node))
        keys = P.comp(P.call("str", P.name(i)), P.store(i), indexes)
        return Py(keys, JsType.LIST, role_object="str_list")
    keys = P.call("list", obj.node)
    return Py(keys, JsType.LIST, role_object="str_list")


def _object_values(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    obj = _one(t, args, node, "Object.values")
    if obj.type == JsType.LIST:
        return Py(P.call("list", obj.node), JsType.LIST)
    return Py(P.call("list", P.method(obj.node, "values")), JsType.LIST)


def _object_entries(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    obj = _one(t, args, node, "Object.entries")
    if obj.type == JsType.LIST:  # [["0", a], ["1", b]]
        i, v = t.fresh("index"), t.fresh("item")
        pair = ast.Tuple(elts=[P.call("str", P.name(i)), P.name(v)], ctx=ast.Load())
        target = ast.Tuple(elts=[P.store(i), P.store(v)], ctx=ast.Store())
        entries = P.comp(pair, target, P.call("enumerate", obj.node))
        return Py(entries, JsType.LIST, role_object="pairs")
    return Py(P.call("list", P.method(obj.node, "items")), JsType.LIST, role_object="pairs")


def _object_assign(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    if not args:
        t.fail("LM204", "`Object.assign()`", node)
    target = unwrap(args[0])
    sources = call_args(t, args[1:])
    if target.type == "object" and not target.named_children:
        return Py(ast.Dict(keys=[None] * len(sources), values=sources), JsType.DICT)
    tgt = t.temp(t.expr(args[0]), "target", node)
    for src in sources:
        t.hoist(P.expr_stmt(P.method(tgt.node, "update", src)), node)
    return Py(tgt.node, JsType.DICT, pure=True)


def _from_entries(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    return Py(P.call("dict", _one(t, args, node, "Object.fromEntries").node), JsType.DICT)


def _identity(what: str) -> GlobalRule:
    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        return _one(t, args, node, what)

    return rule


def _is_array(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    return Py(
        P.call("isinstance", _one(t, args, node, "Array.isArray").node, P.name("list")), JsType.BOOL
    )


def _array_from(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    if not args:
        t.fail("LM204", "`Array.from()`", node)
    source_node = unwrap(args[0])
    members = named(source_node)
    length_only = (
        source_node.type == "object"
        and len(members) == 1
        and members[0].type == "pair"
        and t.text(t.child(members[0], "key")) == "length"
    )
    if length_only:
        from .lengths import length_of  # ToLength: NaN -> 0, 2.7 -> 2 (range() needs an int)

        n = length_of(t, t.expr(t.child(members[0], "value")))
        if len(args) == 1:
            return Py(
                ast.BinOp(
                    left=ast.List(elts=[P.const(None)], ctx=ast.Load()), op=ast.Mult(), right=n
                ),
                JsType.LIST,
            )
        with t.block():
            targets, value = t.inline(args[1], ["_", "index"], "make_item")  # type: ignore[attr-defined]
        if len(targets) == 2:
            # the element parameter is undefined for every index
            target = targets[1]
            value = Py(_undefined(value.node, targets[0]), value.type)
        elif len(targets) == 1:
            target = P.name("_")
            return Py(P.comp(value.node, P.store("_"), P.call("range", n)), JsType.LIST)
        else:
            target = P.name("_")
        return Py(P.comp(value.node, P.to_store(target), P.call("range", n)), JsType.LIST)
    source = t.expr(args[0])
    if len(args) == 1:
        return Py(P.call("list", source.node), JsType.LIST)
    with t.block():
        targets, value = t.inline(args[1], ["item", "index"], "make_item")  # type: ignore[attr-defined]
    if len(targets) != 1:
        t.fail("LM204", "`Array.from(x, fn)` with an index parameter", node)
    return Py(P.comp(value.node, P.to_store(targets[0]), source.node), JsType.LIST)


def _undefined(value: ast.expr, target: ast.expr) -> ast.expr:
    """`value` with reads of the loop name `target` replaced by None."""
    if not isinstance(target, ast.Name):
        return value
    name = target.id

    class Replace(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.expr:
            if node.id == name and isinstance(node.ctx, ast.Load):
                return P.const(None)
            return node

    return Replace().visit(value)  # type: ignore[no-any-return]


def _number(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    value = _one(t, args, node, "Number")
    if value.type == JsType.NUM:
        return value
    if value.type == JsType.BOOL:
        return Py(P.call("int", value.node), JsType.NUM)
    # JavaScript's parse rules (NaN, not an exception), and an int when integral: float("120")
    # would print 120.0 where JavaScript prints 120
    t.need("from lumosai.compat.js import to_number")
    return Py(P.call("to_number", value.node), JsType.NUM, role_object="maybe_nan")


def _parse_int(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    # JavaScript parses the digit prefix ('12px' -> 12) and gives NaN, never an exception
    values = call_args(t, args)  # radix 10 stays: parseInt('0x1A', 10) is 0, not 26
    t.need("from lumosai.compat.js import parse_int")
    return Py(P.call("parse_int", *values), JsType.NUM, role_object="maybe_nan")


def _parse_float(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("from lumosai.compat.js import parse_float")
    value = _one(t, args, node, "parseFloat").node
    return Py(P.call("parse_float", value), JsType.NUM, role_object="maybe_nan")


def _is_nan(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import math")
    value = _one(t, args, node, "isNaN")
    if value.type != JsType.NUM:
        t.warn("isNaN on a non-number: Python's float() raises where JS gives NaN", node)
        return Py(P.call("math.isnan", P.call("float", value.node)), JsType.BOOL)
    return Py(P.call("math.isnan", value.node), JsType.BOOL)


def _is_integer(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    value = t.temp(_one(t, args, node, "Number.isInteger"), "value", node)
    src = ast.unparse(value.node)
    return Py(
        P.parse_expr(
            f"isinstance({src}, (int, float)) and not isinstance({src}, bool) "
            f"and float({src}).is_integer()"
        ),
        JsType.BOOL,
    )


def _finite(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import math")
    value = t.temp(_one(t, args, node, "Number.isFinite"), "value", node)
    src = ast.unparse(value.node)
    return Py(
        P.parse_expr(
            f"isinstance({src}, (int, float)) and not isinstance({src}, bool) "
            f"and math.isfinite({src})"
        ),
        JsType.BOOL,
    )


def _date_parse(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    """`Date.parse(s)`: V8's reading of the string (compat.js.dates); NaN where it fails."""
    t.need("from lumosai.compat.js import get_time, new_date")
    value = _one(t, args, node, "Date.parse")
    parsed = P.call("get_time", P.call("new_date", value.node))
    return Py(parsed, JsType.NUM, role_object="maybe_nan")


def _uuid(t: TranslatorBase) -> Py:
    t.need("import uuid")
    return Py(P.parse_expr("str(uuid.uuid4())"), JsType.STR)


def _performance_now(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    """`performance.now()`: milliseconds from a monotonic clock (only differences matter)."""
    t.need("import time")
    return Py(P.parse_expr("time.perf_counter() * 1000"), JsType.NUM)


def _string(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    value = _one(t, args, node, "String")
    if value.type == JsType.STR:
        return value
    if value.type == JsType.BOOL:
        return Py(P.method(P.call("str", value.node), "lower"), JsType.STR)
    if value.type == JsType.PARAMS:
        from .methods import _urlencode

        return _urlencode(t, value)
    if value.type in (JsType.LIST, JsType.DICT, JsType.NULL):
        t.fail("LM207", f"String() of a {value.type.value}", node)
    return Py(P.call("str", value.node), JsType.STR)


def _boolean(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    return Py(P.call("bool", t.test(args[0]) if args else P.const(False)), JsType.BOOL)


def _quote(safe: str, fn: str = "quote") -> GlobalRule:
    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        t.need("import urllib.parse")
        value = _one(t, args, node, fn)
        arg = value.node if value.type == JsType.STR else P.call("str", value.node)
        return Py(P.call(f"urllib.parse.{fn}", arg, safe=P.const(safe)), JsType.STR)

    return rule


def _unquote(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import urllib.parse")
    return Py(
        P.call("urllib.parse.unquote", _one(t, args, node, "decodeURIComponent").node), JsType.STR
    )


def _date_now(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import time")
    return Py(P.parse_expr("int(time.time() * 1000)"), JsType.NUM)


def _promise_all(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import asyncio")
    arg = unwrap(_single(t, args, node))
    if arg.type == "array":
        items = call_args(t, [c for c in arg.named_children if c.type != "comment"])
        return Py(P.call("asyncio.gather", *items), JsType.LIST, awaitable=True)
    value = t.expr(arg)
    return Py(
        P.call("asyncio.gather", ast.Starred(value=value.node, ctx=ast.Load())),
        JsType.LIST,
        awaitable=True,
    )


def _single(t: TranslatorBase, args: list[Node], node: Node) -> Node:
    if len(args) != 1:
        t.fail("LM204", f"`{t.text(node)[:40]}` with {len(args)} arguments", node)
    return args[0]


def _console(level: str) -> GlobalRule:
    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        t.need("import logging")
        t.module_lines.add("logger = logging.getLogger(__name__)")
        values = [t.expr(a) for a in args]
        if len(values) == 1 and values[0].type == JsType.STR:
            return Py(P.method(P.name("logger"), level, values[0].node))
        fmt = " ".join(["%s"] * len(values))
        return Py(P.method(P.name("logger"), level, P.const(fmt), *[v.node for v in values]))

    return rule


def _fetch(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    from .agents import fetch_call

    return fetch_call(t, args, node)


def _structured_clone(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("import copy")
    value = _one(t, args, node, "structuredClone")
    return Py(P.call("copy.deepcopy", value.node), value.type)


def _from_char_code(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    return Py(P.call("chr", _one(t, args, node, "String.fromCharCode").node), JsType.STR)


def _math_sign(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    t.need("from lumosai.compat.js.numbers import js_sign")
    return Py(P.call("js_sign", _one(t, args, node, "Math.sign").node), JsType.NUM)


def _date_utc(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    if not args or len(args) > 7 or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"`Date.UTC` with {len(args)} arguments", node)
    t.need("from lumosai.compat.js.dates import date_utc")
    return Py(P.call("date_utc", *[t.expr(a).node for a in args]), JsType.NUM)


def _unsupported(what: str, rule: str = "LM204") -> GlobalRule:
    def fail(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        t.fail(rule, f"`{what}`", node)

    return fail


GLOBAL_CALLS: dict[str, GlobalRule] = {
    "Math.floor": _math_fn("math.floor"),
    "Math.ceil": _math_fn("math.ceil"),
    "Math.trunc": _math_fn("math.trunc"),
    "Math.sign": _math_sign,
    "Date.UTC": _date_utc,
    "Math.sqrt": _math_fn("math.sqrt"),
    "Math.log": _math_fn("math.log"),
    "Math.log10": _math_fn("math.log10"),
    "Math.log2": _math_fn("math.log2"),
    "Math.exp": _math_fn("math.exp"),
    "Math.sin": _math_fn("math.sin"),
    "Math.cos": _math_fn("math.cos"),
    "Math.tan": _math_fn("math.tan"),
    "Math.atan2": _math_fn("math.atan2"),
    "Math.hypot": _math_fn("math.hypot"),
    "Math.abs": _builtin_fn("abs"),
    "Math.round": _round,
    "Math.max": _minmax("max"),
    "Math.min": _minmax("min"),
    "Math.pow": _pow,
    "Math.random": _random,
    "JSON.stringify": _json_stringify,
    "JSON.parse": _json_parse,
    "Object.keys": _object_keys,
    "Object.values": _object_values,
    "Object.entries": _object_entries,
    "Object.assign": _object_assign,
    "Object.fromEntries": _from_entries,
    "Object.freeze": _identity("Object.freeze"),
    "Array.isArray": _is_array,
    "Array.from": _array_from,
    "Number.isInteger": _is_integer,
    "Number.parseFloat": _parse_float,
    "Number.parseInt": _parse_int,
    "Number.isNaN": _is_nan,
    "Number.isFinite": lambda t, a, n: _finite(t, a, n),
    "Date.parse": lambda t, a, n: _date_parse(t, a, n),
    "Promise.all": _promise_all,
    "Promise.allSettled": _unsupported("Promise.allSettled"),
    "Promise.race": _unsupported("Promise.race"),
    "console.log": _console("info"),
    "console.info": _console("info"),
    "console.warn": _console("warning"),
    "console.error": _console("error"),
    "console.debug": _console("debug"),
    "Date.now": _date_now,
    "String.fromCharCode": _from_char_code,
    "crypto.randomUUID": lambda t, a, n: _uuid(t),
    "performance.now": _performance_now,
}

GLOBAL_FUNCS: dict[str, GlobalRule] = {
    "parseInt": _parse_int,
    "parseFloat": _parse_float,
    "isNaN": _is_nan,
    "Number": _number,
    "String": _string,
    "Boolean": _boolean,
    "encodeURIComponent": _quote("!*'()"),
    "encodeURI": _quote("!*'();/?:@&=+$,#"),
    "decodeURIComponent": _unquote,
    "fetch": _fetch,
    "structuredClone": _structured_clone,
    "setTimeout": _unsupported("setTimeout outside `await new Promise(r => setTimeout(r, ms))`"),
    "setInterval": _unsupported("setInterval"),
    "require": _unsupported("require", "LM205"),
    "eval": _unsupported("eval", "LM202"),
}


# ---- new -----------------------------------------------------------------------------------

_ERRORS = {
    "Error": "RuntimeError",
    "TypeError": "TypeError",
    "RangeError": "ValueError",
    "SyntaxError": "ValueError",
}


def new_instance(t: TranslatorBase, node: Node) -> Py:
    ctor = node.child_by_field_name("constructor")
    assert ctor is not None
    name = t.text(ctor)
    args = arguments_of(node)
    if t.lookup(name) is not None:
        t.fail("LM202", f"`new {name}(...)` of a local value", node)
    if name in _ERRORS:
        values = call_args(t, args[:1])
        return Py(P.call(_ERRORS[name], *values), JsType.ERROR)
    if name == "Date":
        return _new_date(t, args, node)
    if name == "Intl.NumberFormat":
        from .intl import number_format_instance

        return number_format_instance(t, args, node)
    if name == "URL" and 1 <= len(args) <= 2:
        t.need("import httpx")
        head = t.expr(args[0]).node
        if len(args) == 2:  # new URL(path, base)
            base = t.expr(args[1]).node
            return Py(P.method(P.call("httpx.URL", base), "join", head), JsType.URL)
        return Py(P.call("httpx.URL", head), JsType.URL)
    if name == "URLSearchParams" and len(args) <= 1:
        # a dict of query parameters; it becomes a query string where it is turned into text
        if not args:
            if _append_only(t, node):
                # only .append()ed and turned into text: a list of pairs keeps repeated keys
                # and their order, as URLSearchParams does (urlencode takes pairs)
                return Py(ast.List(elts=[], ctx=ast.Load()), JsType.PARAMS, PARAM_PAIRS)
            return Py(ast.Dict(keys=[], values=[]), JsType.PARAMS)
        source = unwrap(args[0])
        if source.type != "object":
            t.fail("LM204", "`new URLSearchParams(...)` from something other than an object", node)
        return Py(t.expr(source).node, JsType.PARAMS)
    if name == "Map":
        if not args:
            return Py(ast.Dict(keys=[], values=[]), JsType.MAP)
        return Py(P.call("dict", t.expr(args[0]).node), JsType.MAP)
    if name == "Set":
        # JS sets keep insertion order; a dict with None values does, a Python set does not
        if not args:
            return Py(ast.Dict(keys=[], values=[]), JsType.SET)
        return Py(P.call("dict.fromkeys", t.expr(args[0]).node), JsType.SET)
    if name == "Promise":
        return _sleep_promise(t, args, node)
    if name == "RegExp":
        if not args or len(args) > 2:
            t.fail("LM204", f"`new RegExp` with {len(args)} arguments", node)
        flags = ""
        if len(args) > 1:
            if unwrap(args[1]).type != "string":
                t.fail("LM208", "`new RegExp` with computed flags", node)
            flags = decode_string(t.text(unwrap(args[1]))[1:-1])
        if unwrap(args[0]).type != "string":
            # a pattern built at run time: rewritten from JavaScript's syntax when it runs
            built = t.expr(args[0])
            if built.type not in (JsType.STR, JsType.UNKNOWN):
                t.fail("LM208", f"`new RegExp` of a {built.type.value}", node)
            t.need("from lumosai.compat.js.regexp import js_regexp")
            call_args_: list[ast.expr] = [built.node] + ([P.const(flags)] if flags else [])
            return Py(P.call("js_regexp", *call_args_), JsType.REGEX,
                      role_object="g" if "g" in flags else "")  # fmt: skip
        pattern = decode_string(t.text(unwrap(args[0]))[1:-1])
        return t.regex(pattern, flags, node)  # type: ignore[attr-defined,no-any-return]
    helper = t.names.helpers.get(name)
    if helper is not None and (helper.value_type or "").startswith("class:"):
        from .instances import decode, instance

        info = decode(helper.value_type or "")
        if info is not None:  # a translated project class
            if helper.import_line:
                t.need(helper.import_line)
            return instance(info, P.call(helper.py_name, *call_args(t, args)))
    if helper is not None and (helper.value_type or "").startswith("error_class"):
        if helper.import_line:
            t.need(helper.import_line)
        # a project error class translated to a Python exception class (classes.py)
        return Py(P.call(helper.py_name, *call_args(t, args)), JsType.ERROR)
    if name in t.names.schemas or name in t.names.helpers:
        t.fail("LM204", f"`new {name}(...)`", node)
    if name in t.names.imports:
        from .rag_calls import new_instance as new_rag

        rag = new_rag(t, name, args, node)
        if rag is not None:
            return rag
        from .hono import new_request_context

        context = new_request_context(t, name, args, node)
        if context is not None:  # new RequestContext() (hono.py)
            return context
        t.fail("LM205", f"`new {name}(...)` from '{t.names.imports[name].module}'", node)
    t.fail("LM204", f"`new {name}(...)`", node)


def _new_date(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    if not args:
        t.need("from datetime import UTC, datetime")
        return Py(P.parse_expr("datetime.now(UTC)"), JsType.DATE)
    value = t.expr(args[0])
    if len(args) == 1 and (
        value.type in (JsType.STR, JsType.UNKNOWN) or value.role_object == "maybe_nan"
    ):
        # ECMAScript's rules: date-only strings are UTC, date-times without offset local time;
        # for a value of unknown type also epoch milliseconds or a date, decided at run time
        t.need("from lumosai.compat.js import new_date")
        return Py(P.call("new_date", value.node), JsType.DATE)
    if len(args) == 1 and value.type == JsType.NUM:
        t.need("from datetime import UTC, datetime")
        return Py(
            P.template("datetime.fromtimestamp({0} / 1000, tz=UTC)", value.node),
            JsType.DATE,
        )
    if len(args) == 1 and value.type == JsType.DATE:
        return value
    t.fail("LM207", "`new Date(...)` with several arguments or a non-date value", node)


#: role of URLSearchParams kept as a list of (key, value) pairs (see `_append_only`)
PARAM_PAIRS = "param_pairs"
_FUNCTION_NODES = ("arrow_function", "function_expression", "function_declaration",
                   "method_definition", "generator_function_declaration")  # fmt: skip


def _append_only(t: TranslatorBase, node: Node) -> bool:
    """`const params = new URLSearchParams()` whose every use in the function is
    `params.append(k, v)`, `params.toString()` or `${params}`."""
    decl = node.parent
    while decl is not None and decl.type in ("parenthesized_expression", "as_expression"):
        decl = decl.parent
    if decl is None or decl.type != "variable_declarator":
        return False
    name_node = decl.child_by_field_name("name")
    if name_node is None or name_node.type != "identifier":
        return False
    name = t.text(name_node)
    scope = decl.parent
    while scope is not None and scope.type not in _FUNCTION_NODES:
        scope = scope.parent
    if scope is None:
        return False
    appended = False
    stack = [scope]
    while stack:
        current = stack.pop()
        stack.extend(current.named_children)
        if current.type != "identifier" or t.text(current) != name or current == name_node:
            continue
        parent = current.parent
        if parent is not None and parent.type == "template_substitution":
            continue
        if parent is None or parent.type != "member_expression":
            return False
        prop = t.text(t.child(parent, "property"))
        if prop not in ("append", "toString"):
            return False
        appended = appended or prop == "append"
    return appended


def _sleep_promise(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    """`new Promise((resolve) => setTimeout(resolve, ms))` -> `asyncio.sleep(ms / 1000)`."""
    if len(args) == 1 and unwrap(args[0]).type == "arrow_function":
        fn = unwrap(args[0])
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        body = fn.child_by_field_name("body")
        if params is not None and body is not None:
            names = [
                t.text(p)
                for p in ([params] if params.type == "identifier" else params.named_children)
            ]
            inner = body
            if inner.type == "statement_block" and len(inner.named_children) == 1:
                inner = first(inner)
                if inner.type == "expression_statement":
                    inner = first(inner)
            if inner.type == "call_expression" and names:
                fn_name = inner.child_by_field_name("function")
                call_args_nodes = arguments_of(inner)
                if (
                    fn_name is not None
                    and t.text(fn_name) == "setTimeout"
                    and len(call_args_nodes) == 2
                    and t.text(call_args_nodes[0]) == names[0].split(":")[0].strip()
                ):
                    t.need("import asyncio")
                    ms = t.expr(call_args_nodes[1]).node
                    if isinstance(ms, ast.Constant) and isinstance(ms.value, int | float):
                        seconds = ms.value / 1000
                        delay: ast.expr = P.const(
                            int(seconds) if float(seconds).is_integer() else seconds
                        )
                    else:
                        delay = ast.BinOp(left=ms, op=ast.Div(), right=P.const(1000))
                    return Py(P.call("asyncio.sleep", delay), awaitable=True)
    t.fail("LM204", "`new Promise(...)` other than the setTimeout sleep pattern", node)
