"""Method calls by receiver type: strings, arrays, numbers, dates, maps, sets, regexes, runtime objects."""

from __future__ import annotations

import ast
from collections.abc import Callable

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .calls import call_args, mastra_call, role_method_call
from .expressions import decode_string, unwrap
from .hono import HONO_CALLS, hono_call
from .jstypes import JsType, Py, Undef
from .regexes import replacement
from .roles import ROLE_OBJECTS

MethodRule = Callable[[TranslatorBase, Py, list[Node], Node], Py]


def method_call(
    t: TranslatorBase,
    obj: Py,
    prop: str,
    args: list[Node],
    node: Node,
    *,
    optional: bool = False,
    statement: bool = False,
) -> Py:
    from .agents import agent_call, schema_call, tool_call

    kind = obj.type
    if obj.role_object == "chain" and isinstance(obj.node, ast.IfExp):
        # a?.b().c(): `?.` short-circuits the rest of the chain, so c() goes inside the guard
        guard = obj.node
        with t.guarded():
            inner = method_call(t, Py(guard.body, kind), prop, args, node)
        return Py(
            P.if_exp(guard.test, inner.node, guard.orelse),
            inner.type,
            role_object="chain",
            undefined=obj.undefined,
        )
    if obj.role_object in HONO_CALLS:  # Hono's `c`, `c.req`, `c.get('mastra')` (hono.py)
        return hono_call(t, obj, prop, args, node)
    if kind == JsType.ROLE:
        if obj.role_object in ("mastra_tool", "mastra_step"):
            return mastra_call(t, obj, prop, args, node)
        members = ROLE_OBJECTS.get(obj.role_object or "", {})
        if prop not in members or not members[prop].method:
            t.fail("LM206", f"`{prop}(...)` of the {str(obj.role_object).replace('_', ' ')}", node)
        m = members[prop]
        return role_method_call(t, P.parse_expr(m.py), m.awaited, args, node)
    if obj.role_object == "zod":
        return Py(
            P.call(P.attr(obj.node, prop), *call_args(t, args)), JsType.FUNC, role_object="zod"
        )
    if obj.role_object in ("import", "import_async"):
        return Py(
            P.call(P.attr(obj.node, prop), *call_args(t, args)),
            awaitable=obj.role_object == "import_async",
        )
    if kind == JsType.INSTANCE:
        from .instances import method_call as instance_method

        return instance_method(t, obj, prop, args, node)
    if kind == JsType.AGENT:
        return agent_call(t, obj, prop, args, node)
    if kind == JsType.TOOL:
        return tool_call(t, obj, prop, args, node)
    if kind == JsType.SCHEMA:
        return schema_call(t, obj, prop, args, node)
    if kind in (JsType.DOCUMENT, JsType.VECTOR_STORE):
        from .rag_calls import rag_method

        return rag_method(t, obj, prop, args, node)
    if kind == JsType.MCP_CLIENT:
        from .mcp_calls import mcp_method

        return mcp_method(t, obj, prop, args, node)
    if kind == JsType.STREAM:
        t.fail("LM209", f"`stream.{prop}(...)`", node)
    table = TYPED_METHODS.get(kind)
    if table is not None:
        if prop not in table:
            t.fail("LM204", f"`.{prop}()` on a {kind.value}", node)
        return table[prop](t, obj, args, node)
    if optional or obj.role_object == "nullsafe":
        # a?.method(...): evaluate only when a is not None
        base = t.temp(obj, "value", node)
        with t.guarded():
            inner = method_call(
                t, Py(base.node, base.type, pure=True), prop, args, node, statement=False
            )
        return Py(
            P.if_exp(P.is_not_none(base.node), inner.node, P.const(None)),
            inner.type,
            role_object="chain",
            undefined=Undef.YES,  # `a?.m()` is undefined when a is missing
        )
    if statement and prop in STATEMENT_METHODS and kind in (JsType.LIST, JsType.UNKNOWN):
        return STATEMENT_METHODS[prop](t, obj, args, node)
    in_str, in_list = prop in STRING_METHODS, prop in ARRAY_METHODS
    if in_list and kind in (JsType.LIST, JsType.UNKNOWN) and _has_walrus(obj.node):
        # `[a ?? b, ...xs].filter(...)`: Python refuses `:=` in a comprehension's iterable
        obj = t.temp(obj, "items", node)
    if kind == JsType.STR and in_str:
        return STRING_METHODS[prop](t, obj, args, node)
    if kind == JsType.LIST and in_list:
        return ARRAY_METHODS[prop](t, obj, args, node)
    if kind == JsType.NUM and prop in NUMBER_METHODS:
        return NUMBER_METHODS[prop](t, obj, args, node)
    if kind == JsType.UNKNOWN:
        if prop in SHARED_METHODS:
            return SHARED_METHODS[prop](t, obj, args, node)
        if in_str and not in_list:
            return STRING_METHODS[prop](t, obj, args, node)
        if in_list and not in_str:
            return ARRAY_METHODS[prop](t, obj, args, node)
        if prop in NUMBER_METHODS:
            return NUMBER_METHODS[prop](t, obj, args, node)
        if prop == "get" and len(args) == 1:
            # only Maps and context objects have .get(); Python dicts and RuntimeContext agree
            return Py(P.method(obj.node, "get", t.expr(args[0]).node))
        if prop in ("concat", "indexOf", "lastIndexOf"):
            t.fail("LM207", f"`.{prop}()` on a value that may be a string or an array", node)
    if kind in (JsType.DICT, JsType.UNKNOWN) and prop in ("hasOwnProperty",):
        return Py(
            ast.Compare(left=call_args(t, args)[0], ops=[ast.In()], comparators=[obj.node]),
            JsType.BOOL,
        )
    t.fail("LM204", f"`.{prop}()` on a {kind.value} value", node)


# ---- helpers --------------------------------------------------------------------------------


def _has_walrus(node: ast.expr) -> bool:
    return any(isinstance(n, ast.NamedExpr) for n in ast.walk(node))


def _args(
    t: TranslatorBase, args: list[Node], n_min: int, n_max: int, node: Node, what: str
) -> list[Py]:
    if not n_min <= len(args) <= n_max or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"`.{what}()` with {len(args)} arguments", node)
    return [t.expr(a) for a in args]


def _simple(py_method: str, kind: JsType = JsType.STR, n_max: int = 0) -> MethodRule:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        values = _args(t, args, 0, n_max, node, py_method)
        return Py(P.method(obj.node, py_method, *[v.node for v in values]), kind)

    return rule


def _slice(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    values = _args(t, args, 0, 2, node, "slice")
    if not values:
        return Py(
            P.call("list", obj.node) if obj.type == JsType.LIST else obj.node,
            obj.type,
            role_object="fresh",
        )
    lower = values[0].node
    upper = values[1].node if len(values) > 1 else None
    if isinstance(lower, ast.Constant) and lower.value == 0:
        lower = None  # type: ignore[assignment]
    sl = ast.Slice(lower=lower, upper=upper)
    return Py(
        ast.Subscript(value=obj.node, slice=sl, ctx=ast.Load()), obj.type, role_object="fresh"
    )


def _includes(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (value,) = _args(t, args, 1, 1, node, "includes")
    return Py(ast.Compare(left=value.node, ops=[ast.In()], comparators=[obj.node]), JsType.BOOL)


def _index_of(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (value,) = _args(t, args, 1, 1, node, "indexOf")
    if obj.type == JsType.STR:
        return Py(P.method(obj.node, "find", value.node), JsType.NUM)
    base = t.temp(obj, "items", node)
    item = t.temp(value, "item", node)
    return Py(
        P.if_exp(
            ast.Compare(left=item.node, ops=[ast.In()], comparators=[base.node]),
            P.method(base.node, "index", item.node),
            P.const(-1),
        ),
        JsType.NUM,
    )


def _at(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (index,) = _args(t, args, 1, 1, node, "at")
    kind = JsType.STR if obj.type == JsType.STR else JsType.UNKNOWN
    try:
        at = ast.literal_eval(index.node)
    except (ValueError, TypeError, SyntaxError):
        at = None
    if not isinstance(at, int) or isinstance(at, bool):
        return Py(P.sub(obj.node, index.node), kind)
    # out of range is undefined in JS (xs.at(-1) of an empty list), not an IndexError
    base = t.temp(obj, "value", node)
    if at in (0, -1) and obj.type in (JsType.LIST, JsType.STR):
        test: ast.expr = base.node
    else:
        size = P.call("len", base.node)
        test = ast.Compare(
            left=size, ops=[ast.Gt() if at >= 0 else ast.GtE()], comparators=[P.const(abs(at))]
        )
    return Py(
        P.if_exp(test, P.sub(base.node, index.node), P.const(None)), kind, undefined=Undef.YES
    )


def _to_string(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if len(args) == 1 and t.text(args[0]) != "10":
        if obj.type not in (JsType.NUM, JsType.UNKNOWN):
            t.fail("LM204", f"`.toString(radix)` on a {obj.type.value}", node)
        radix = t.expr(args[0]).node
        if _is_int(obj.node) and t.text(args[0]) in ("2", "8", "16"):
            # n.toString(16) -> format(n, "x") for integers
            spec = {"2": "b", "8": "o", "16": "x"}[t.text(args[0])]
            return Py(P.call("format", obj.node, P.const(spec)), JsType.STR)
        # JavaScript's digits (fractions too, e.g. Math.random().toString(36))
        t.need("from lumosai.compat.js import to_radix")
        return Py(P.call("to_radix", obj.node, radix), JsType.STR)
    if len(args) == 1:
        args = []
    _args(t, args, 0, 0, node, "toString")
    if obj.type == JsType.STR:
        return obj
    if obj.type in (JsType.LIST, JsType.DICT, JsType.BOOL):
        t.fail("LM207", f"toString() of a {obj.type.value}", node)
    return Py(P.call("str", obj.node), JsType.STR)


_INT_CALLS = frozenset({"int", "len", "math.floor", "math.ceil", "math.trunc", "round"})


def _is_int(node: ast.expr) -> bool:
    """An expression that is an int in Python (so prints and formats as JavaScript's number)."""
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, ast.Call):
        return ast.unparse(node.func) in _INT_CALLS
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        return _is_int(node.left) and _is_int(node.right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _is_int(node.operand)
    return False


# ---- strings ---------------------------------------------------------------------------------


def _split(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if not args:
        return Py(ast.List(elts=[obj.node], ctx=ast.Load()), JsType.LIST)
    if len(args) > 1:
        t.fail("LM204", "`.split()` with a limit", node)
    sep = t.expr(args[0])
    if sep.type == JsType.REGEX:
        t.need("import re")
        return Py(P.method(sep.node, "split", obj.node), JsType.LIST, role_object="str_list")
    if isinstance(sep.node, ast.Constant) and sep.node.value == "":
        return Py(P.call("list", obj.node), JsType.LIST, role_object="str_list")
    return Py(P.method(obj.node, "split", sep.node), JsType.LIST, role_object="str_list")


def _replace(all_: bool) -> MethodRule:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        if len(args) != 2:
            t.fail("LM204", "`.replace()` needs two arguments", node)
        pattern = t.expr(args[0])
        repl_node = unwrap(args[1])
        if repl_node.type in ("arrow_function", "function_expression"):
            return _replace_fn(t, obj, pattern, repl_node, all_, node)
        if pattern.type == JsType.REGEX:
            t.need("import re")
            global_flag = pattern.role_object == "g"
            if all_ and not global_flag:
                t.fail("LM208", "replaceAll with a non-global regex throws in JS", node)
            if repl_node.type == "string":
                repl: ast.expr = t.raw_string(
                    replacement(t, decode_string(t.text(repl_node)[1:-1]), node)
                )
            else:
                value = t.expr(repl_node)
                if value.type != JsType.STR:
                    t.fail("LM207", "regex replacement that is not a known string", node)
                t.fail("LM208", "computed regex replacement string ($ patterns differ)", node)
            kwargs = {} if global_flag else {"count": P.const(1)}
            return Py(P.method(pattern.node, "sub", repl, obj.node, **kwargs), JsType.STR)
        repl_value = t.expr(repl_node)
        if repl_node.type == "string" and "$" in t.text(repl_node):
            t.fail("LM208", "`$` patterns in a string replacement", node)
        extra = [] if all_ else [P.const(1)]
        return Py(P.method(obj.node, "replace", pattern.node, repl_value.node, *extra), JsType.STR)

    return rule


def _replace_fn(t: TranslatorBase, obj: Py, pattern: Py, fn: Node, all_: bool, node: Node) -> Py:
    """`s.replace(/re/g, (m, g1) => ...)` -> `pattern.sub(lambda match: ..., s)`."""
    from .base import Binding
    from .functions import fn_body, fn_params, is_async_fn

    body = fn_body(fn)
    if pattern.type != JsType.REGEX or is_async_fn(fn) or body.type == "statement_block":
        t.fail("LM204", "`.replace()` with a replacer that is not a one-expression function", node)
    t.need("import re")
    match = t.fresh("match")
    with t.block():
        for index, param in enumerate(fn_params(fn)):
            ident = param if param.type == "identifier" else param.child_by_field_name("pattern")
            if ident is None or ident.type != "identifier":
                t.fail("LM204", "replacer function parameter", param)
            t.bind(t.text(ident), Binding(py=f"{match}[{index}]", type=JsType.STR, kind="expr"))
        saved, t.pending = t.pending, []
        with t.guarded():
            value = t.expr(body)
        if t.pending:
            t.fail("LM204", "replacer function that needs statements", node)
        t.pending = saved
    lam = ast.Lambda(
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg=match)],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=value.node,
    )
    kwargs = {} if (pattern.role_object == "g") else {"count": P.const(1)}
    return Py(P.method(pattern.node, "sub", lam, obj.node, **kwargs), JsType.STR)


def _pad(py: str) -> MethodRule:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        values = _args(t, args, 1, 2, node, py)
        fill = values[1].node if len(values) == 2 else P.const(" ")
        if not (
            isinstance(fill, ast.Constant) and isinstance(fill.value, str) and len(fill.value) == 1
        ):
            t.fail("LM204", "padStart/padEnd with a fill that is not one character", node)
        return Py(P.method(obj.node, py, values[0].node, fill), JsType.STR)

    return rule


def _repeat(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (count,) = _args(t, args, 1, 1, node, "repeat")
    return Py(ast.BinOp(left=obj.node, op=ast.Mult(), right=count.node), JsType.STR)


def _char_at(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (index,) = _args(t, args, 1, 1, node, "charAt")
    upper = (
        P.const(index.node.value + 1)
        if isinstance(index.node, ast.Constant) and isinstance(index.node.value, int)
        else ast.BinOp(left=index.node, op=ast.Add(), right=P.const(1))
    )
    return Py(
        ast.Subscript(
            value=obj.node, slice=ast.Slice(lower=index.node, upper=upper), ctx=ast.Load()
        ),
        JsType.STR,
    )


def _char_code_at(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    values = _args(t, args, 0, 1, node, "charCodeAt")
    index = values[0].node if values else P.const(0)
    return Py(P.call("ord", P.sub(obj.node, index)), JsType.NUM)


def _substring(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    values = _args(t, args, 1, 2, node, "substring")
    for v in values:
        literal = isinstance(v.node, ast.Constant) and isinstance(v.node.value, int)
        length = isinstance(v.node, ast.Call) and ast.unparse(v.node.func) == "len"
        if not ((literal and v.node.value >= 0) or length):  # type: ignore[attr-defined]
            t.warn("substring() with a computed index: assumed non-negative and ordered", node)
    return _slice(t, obj, args, node)


def _match(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (pattern,) = _args(t, args, 1, 1, node, "match")
    if pattern.type != JsType.REGEX:
        t.fail("LM207", "`.match()` with a value that is not a regex literal", node)
    t.need("import re")
    if pattern.role_object == "g":
        compiled = pattern.node
        literal = (
            isinstance(compiled, ast.Call)
            and ast.unparse(compiled.func) == "re.compile"
            and bool(compiled.args)
            and isinstance(compiled.args[0], ast.Constant)
        )
        groups = literal and "(" in str(compiled.args[0].value).replace("(?:", "")  # type: ignore[union-attr,attr-defined]
        if groups or not literal:
            m = t.fresh("match")
            return Py(
                P.comp(
                    P.method(P.name(m), "group", P.const(0)),
                    P.store(m),
                    P.method(compiled, "finditer", obj.node),
                ),
                JsType.LIST,
            )
        return Py(P.method(compiled, "findall", obj.node), JsType.LIST)
    return Py(P.method(pattern.node, "search", obj.node))


def _match_all(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (pattern,) = _args(t, args, 1, 1, node, "matchAll")
    if pattern.type != JsType.REGEX or pattern.role_object != "g":
        t.fail("LM208", "matchAll() needs a global regex literal", node)
    return Py(P.method(pattern.node, "finditer", obj.node), JsType.LIST)


def _starts_with(py: str) -> MethodRule:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        values = _args(t, args, 1, 1, node, py)
        return Py(P.method(obj.node, py, values[0].node), JsType.BOOL)

    return rule


def _locale_compare(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if len(args) != 1:  # a locale or options: not ICU's root order
        t.fail("LM207", "`localeCompare` with a locale or options (locale collation)", node)
    t.need("from lumosai.compat.js.collation import locale_compare")
    return Py(P.call("locale_compare", obj.node, t.expr(args[0]).node), JsType.NUM)


def _str_concat(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    values = [t.expr(a) for a in args]
    result: ast.expr = obj.node
    for v in values:
        if v.type != JsType.STR:
            t.fail("LM207", "concat() of a value that is not a known string", node)
        result = ast.BinOp(left=result, op=ast.Add(), right=v.node)
    return Py(result, JsType.STR)


STRING_METHODS: dict[str, MethodRule] = {
    "toUpperCase": _simple("upper"),
    "toLowerCase": _simple("lower"),
    "toLocaleUpperCase": _simple("upper"),
    "toLocaleLowerCase": _simple("lower"),
    "trim": _simple("strip"),
    "trimStart": _simple("lstrip"),
    "trimEnd": _simple("rstrip"),
    "split": _split,
    "startsWith": _starts_with("startswith"),
    "endsWith": _starts_with("endswith"),
    "replace": _replace(False),
    "replaceAll": _replace(True),
    "padStart": _pad("rjust"),
    "padEnd": _pad("ljust"),
    "repeat": _repeat,
    "charAt": _char_at,
    "charCodeAt": _char_code_at,
    "substring": _substring,
    "match": _match,
    "matchAll": _match_all,
    "localeCompare": _locale_compare,
    "includes": _includes,
    "slice": _slice,
    "indexOf": _index_of,
    "lastIndexOf": lambda t, o, a, n: Py(
        P.method(o.node, "rfind", *[v.node for v in _args(t, a, 1, 1, n, "lastIndexOf")]),
        JsType.NUM,
    ),
    "at": _at,
    "toString": _to_string,
    "concat": _str_concat,
    "normalize": lambda t, o, a, n: _normalize(t, o, a, n),
}


def _normalize(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    values = _args(t, args, 0, 1, node, "normalize")
    t.need("import unicodedata")
    form = values[0].node if values else P.const("NFC")
    return Py(P.call("unicodedata.normalize", form, obj.node), JsType.STR)


# ---- arrays ----------------------------------------------------------------------------------


def _loop(
    t: TranslatorBase, obj: Py, cb: Node, base: str, mode: str = "value"
) -> tuple[ast.expr, ast.expr, Py, ast.expr]:
    """(target, iterable, element value, item) for a callback over an array.

    A callback taking (x, i) loops over `enumerate(...)`; `item` is the array element as an
    expression (for filter/find, which return elements, not callback results).
    """
    # elements of validated input are input data too (their absent optional fields read as None)
    saved = t.element_role
    t.element_role = obj.role_object if obj.role_object in ("input_data", "json", "pairs") else None
    try:
        targets, value = t.inline(cb, ["item", "index"], base, mode == "test")  # type: ignore[attr-defined]
    finally:
        t.element_role = saved
    if mode == "test" and not value.awaitable:
        value = Py(_truthy(value), JsType.BOOL)
    if len(targets) > 2:
        t.fail("LM204", "array callback using its third (array) parameter", cb)
    if len(targets) == 2:
        target: ast.expr = ast.Tuple(
            elts=[P.to_store(targets[1]), P.to_store(targets[0])], ctx=ast.Store()
        )
        return target, P.call("enumerate", obj.node), value, _load(targets[0])
    if not targets:
        item = t.fresh("item")
        return P.store(item), obj.node, value, P.name(item)
    return P.to_store(targets[0]), obj.node, value, _load(targets[0])


def _truthy(value: Py) -> ast.expr:
    if value.type in (JsType.LIST, JsType.DICT):
        return P.is_not_none(value.node)
    return value.node


def _callback_arg(t: TranslatorBase, args: list[Node], node: Node, what: str) -> Node:
    if len(args) != 1:
        t.fail("LM204", f"`.{what}()` with {len(args)} arguments", node)
    return unwrap(args[0])


def _map(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    cb = _callback_arg(t, args, node, "map")
    with t.block():
        target, iterable, value, _item = _loop(t, obj, cb, "transform")
    role = "str_list" if value.type == JsType.STR else None
    fused = _fuse(obj.node, target, value.node)
    if fused is not None:
        return Py(fused, JsType.LIST, role_object=role)
    return Py(P.comp(value.node, target, iterable), JsType.LIST, role_object=role)


def _fuse(source: ast.expr, target: ast.expr, element: ast.expr) -> ast.expr | None:
    """`[f(y) for y in [x for x in xs if c]]` -> `[f(x) for x in xs if c]`."""
    if not (
        isinstance(source, ast.ListComp)
        and len(source.generators) == 1
        and isinstance(source.elt, ast.Name)
        and isinstance(target, ast.Name)
    ):
        return None
    gen = source.generators[0]
    if not isinstance(gen.target, ast.Name) or gen.target.id != source.elt.id:
        return None
    old, new = target.id, source.elt.id
    if old != new and any(isinstance(n, ast.Name) and n.id == new for n in ast.walk(element)):
        return None

    class Rename(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            return ast.Name(id=new, ctx=node.ctx) if node.id == old else node

    return ast.ListComp(elt=Rename().visit(element), generators=source.generators)


def _filter(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    cb = _callback_arg(t, args, node, "filter")
    if cb.type == "identifier" and t.text(cb) == "Boolean" and t.lookup("Boolean") is None:
        item = t.fresh("item")
        return Py(
            P.comp(P.name(item), P.store(item), obj.node, [P.name(item)]),
            JsType.LIST,
            role_object="fresh",
        )
    with t.block():
        target, iterable, value, element = _loop(t, obj, cb, "keep", "test")
    if value.awaitable:
        t.fail("LM207", "async filter callback (always truthy in JS)", node)
    # a filtered list of strings still sorts without a comparator
    role = "str_list" if obj.role_object == "str_list" else "fresh"
    return Py(P.comp(element, target, iterable, [value.node]), JsType.LIST, role_object=role)


def _load(target: ast.expr) -> ast.expr:
    if isinstance(target, ast.Name):
        return P.name(target.id)
    if isinstance(target, ast.Tuple):
        return ast.Tuple(elts=[_load(e) for e in target.elts], ctx=ast.Load())
    if isinstance(target, ast.Starred):
        return ast.Starred(value=_load(target.value), ctx=ast.Load())
    return target


def _find(index: bool, last: bool = False) -> MethodRule:
    """find/findIndex, and findLast/findLastIndex (the same over the list reversed)."""
    name = ("findLast" if last else "find") + ("Index" if index else "")

    def numbered(items: ast.expr) -> ast.expr:
        pairs = P.call("enumerate", items)
        return P.call("reversed", P.call("list", pairs)) if last else pairs

    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        cb = _callback_arg(t, args, node, name)
        with t.block():
            targets, value = t.inline(cb, ["item", "index"], "matches", True)  # type: ignore[attr-defined]
            cond = _truthy(value)
            if len(targets) > 2:
                t.fail("LM204", "callback using its third parameter", node)
            if index:
                idx = targets[1] if len(targets) == 2 else P.name(t.fresh("index"))
                item = targets[0] if targets else P.name("_")
                tgt = ast.Tuple(elts=[P.to_store(idx), P.to_store(item)], ctx=ast.Store())
                gen = P.comp(_load(idx), tgt, numbered(obj.node), [cond], kind="gen")
                return Py(P.call("next", gen, P.const(-1)), JsType.NUM)
            if len(targets) == 2:
                tgt2: ast.expr = ast.Tuple(
                    elts=[P.to_store(targets[1]), P.to_store(targets[0])], ctx=ast.Store()
                )
                gen = P.comp(_load(targets[0]), tgt2, numbered(obj.node), [cond], kind="gen")
            else:
                item_t = targets[0] if targets else P.name(t.fresh("item"))
                items = P.call("reversed", obj.node) if last else obj.node
                gen = P.comp(_load(item_t), P.to_store(item_t), items, [cond], kind="gen")
            return Py(P.call("next", gen, P.const(None)), undefined=Undef.YES)

    return rule


def _any_all(py: str) -> MethodRule:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        cb = _callback_arg(t, args, node, py)
        with t.block():
            target, iterable, value, _item = _loop(t, obj, cb, "check", "test")
        return Py(P.call(py, P.comp(value.node, target, iterable, kind="gen")), JsType.BOOL)

    return rule


def _join(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    values = _args(t, args, 0, 1, node, "join")
    sep = values[0].node if values else P.const(",")
    if obj.role_object == "str_list":
        return Py(P.method(sep, "join", obj.node), JsType.STR)
    item = t.fresh("item")
    if isinstance(obj.node, ast.ListComp):
        comp = obj.node
        gen = ast.GeneratorExp(elt=P.call("str", comp.elt), generators=comp.generators)
        return Py(P.method(sep, "join", gen), JsType.STR)
    t.warn("join() of values not known to be strings: None prints as 'None', not ''", node)
    return Py(
        P.method(
            sep, "join", P.comp(P.call("str", P.name(item)), P.store(item), obj.node, kind="gen")
        ),
        JsType.STR,
    )


def _concat(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    elts: list[ast.expr] = [ast.Starred(value=obj.node, ctx=ast.Load())]
    for a in args:
        v = t.expr(a)
        if isinstance(v.node, ast.List):
            elts.extend(v.node.elts)
        elif v.type == JsType.LIST:
            elts.append(ast.Starred(value=v.node, ctx=ast.Load()))
        elif v.type in (JsType.STR, JsType.NUM, JsType.BOOL, JsType.DICT, JsType.NULL):
            elts.append(v.node)
        else:
            t.fail("LM207", "concat() of a value that may or may not be an array", node)
    return Py(ast.List(elts=elts, ctx=ast.Load()), JsType.LIST, role_object="fresh")


def _compare_key(t: TranslatorBase, cb: Node) -> tuple[ast.expr | None, bool] | None:
    """Recognise `(a, b) => a - b`, `b.x - a.x`, `a.name.localeCompare(b.name)`; else None."""
    if cb.type != "arrow_function":
        return None
    from .functions import fn_body, fn_params

    params = [t.text(p) for p in fn_params(cb)]
    body = unwrap(fn_body(cb))
    if len(params) != 2 or body.type == "statement_block":
        return None
    if body.type == "binary_expression" and t.text(body.child_by_field_name("operator")) == "||":  # type: ignore[arg-type]
        return _tie_break_key(t, cb, body)
    return _compare_key_of(t, cb, body)


def _compare_key_of(t: TranslatorBase, cb: Node, body: Node) -> tuple[ast.expr | None, bool] | None:
    """One comparator expression `body` of the arrow `cb` as (key, descending)."""
    from .functions import fn_params

    a, b = [t.text(p) for p in fn_params(cb)]
    reverse = collate = False
    if body.type == "binary_expression" and t.text(body.child_by_field_name("operator")) == "-":  # type: ignore[arg-type]
        left, right = body.child_by_field_name("left"), body.child_by_field_name("right")
    elif body.type == "call_expression" and t.text(body).count("localeCompare(") == 1:
        fn = unwrap(body.child_by_field_name("function"))  # type: ignore[arg-type]
        if fn.type != "member_expression" or t.text(_field(fn, "property")) != "localeCompare":
            return None
        left = fn.child_by_field_name("object")
        from .calls import arguments_of

        rest = arguments_of(body)
        if len(rest) != 1:
            return None
        right = rest[0]
        collate = True  # ICU's order, as Node's localeCompare (compat.js.collation)
    else:
        return None
    assert left is not None and right is not None
    lt, rt = t.text(unwrap(left)), t.text(unwrap(right))
    if lt.startswith(b) and rt.startswith(a):
        lt, rt, reverse = rt, lt, True
        left, right = right, left
    if not (lt == a or lt.startswith(a + ".") or lt.startswith(a + "[")):
        return None
    if rt.replace(b, a, 1) != lt:
        return None
    if lt == a:
        return (P.name("collation_key") if collate else None), reverse
    with t.block():
        param = t.declare(a).py
        key_value = t.expr(left)
    if collate:
        key_value = Py(P.call("collation_key", key_value.node), JsType.UNKNOWN)
    lam = ast.Lambda(
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg=param)],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=key_value.node,
    )
    return lam, reverse


def _tie_break_key(t: TranslatorBase, cb: Node, body: Node) -> tuple[ast.expr | None, bool] | None:
    """`(a, b) => b.count - a.count || a.word.localeCompare(b.word)`: one tuple key; a
    descending part is negated, which only numbers (a `-` comparator) allow."""
    parts: list[Node] = []

    def flatten(n: Node) -> None:
        n = unwrap(n)
        if n.type == "binary_expression" and t.text(_field(n, "operator")) == "||":
            flatten(_field(n, "left"))
            flatten(_field(n, "right"))
        else:
            parts.append(n)

    flatten(body)
    keys: list[ast.expr] = []
    param: str | None = None
    for part in parts:
        numeric = part.type == "binary_expression" and t.text(_field(part, "operator")) == "-"
        recognised = _part_key(t, cb, part)
        if recognised is None:
            return None
        lam, reverse = recognised
        if reverse and not numeric:
            return None  # a descending string order has no negation
        param = param or lam.args.args[0].arg
        body_expr = _rename(lam.body, lam.args.args[0].arg, param)
        keys.append(ast.UnaryOp(op=ast.USub(), operand=body_expr) if reverse else body_expr)
    assert param is not None
    lam = ast.Lambda(
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg=param)],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=ast.Tuple(elts=keys, ctx=ast.Load()),
    )
    return lam, False


def _part_key(t: TranslatorBase, cb: Node, part: Node) -> tuple[ast.Lambda, bool] | None:
    """One comparator of a `||` chain as (key lambda, descending)."""
    recognised = _compare_key_of(t, cb, unwrap(part))
    if recognised is None or not isinstance(recognised[0], ast.Lambda):
        return None
    return recognised[0], recognised[1]


def _rename(node: ast.expr, old: str, new: str) -> ast.expr:
    class Rename(ast.NodeTransformer):
        def visit_Name(self, n: ast.Name) -> ast.Name:
            return ast.Name(id=new, ctx=n.ctx) if n.id == old else n

    return Rename().visit(node)  # type: ignore[no-any-return]


def _sort_kwargs(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> dict[str, ast.expr]:
    if not args:
        if obj.role_object != "str_list":
            # JavaScript compares the elements' strings ([10, 9] -> [10, 9]), by UTF-16 units
            t.need("from lumosai.compat.js.arrays import js_sort_key")
            return {"key": P.name("js_sort_key")}
        return {}
    cb = unwrap(args[0])
    recognised = _compare_key(t, cb)
    kw: dict[str, ast.expr] = {}
    if recognised is not None:
        key, reverse = recognised
        if key is not None:
            kw["key"] = key
            if any(isinstance(n, ast.Name) and n.id == "collation_key" for n in ast.walk(key)):
                t.need("from lumosai.compat.js.collation import collation_key")
        if reverse:
            kw["reverse"] = P.const(True)
        return kw
    t.need("import functools")
    result = t.callback(cb, 2, "compare")
    if result is None:
        fn = t.expr(cb)
        result = ([], fn)
    kw["key"] = P.call("functools.cmp_to_key", result[1].node)
    return kw


def _fresh(obj: Py) -> bool:
    """A new list nobody else holds (so sorting a copy is the same as sorting in place)."""
    node = obj.node
    if obj.role_object == "fresh" or isinstance(node, ast.List | ast.ListComp):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("list", "sorted")
    )


def _sort(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    kw = _sort_kwargs(t, obj, args, node)
    if _fresh(obj):
        return Py(
            P.call("sorted", _copy_source(obj.node), **kw), JsType.LIST, role_object=obj.role_object
        )
    if not (obj.pure or P.is_pure(obj.node)):
        t.fail("LM207", "sort() of a computed array used as a value", node)
    t.hoist(P.expr_stmt(P.method(obj.node, "sort", **kw)), node)
    return Py(obj.node, JsType.LIST, pure=True, role_object=obj.role_object)


def _to_sorted(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    """`xs.toSorted(cmp)`: a sorted copy, as `sorted(xs, key=...)`."""
    kw = _sort_kwargs(t, obj, args, node)
    role = "str_list" if obj.role_object == "str_list" else "fresh"
    return Py(P.call("sorted", _copy_source(obj.node), **kw), JsType.LIST, role_object=role)


def _splice(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    """`xs.splice(start, count, ...items)` changes the list in place (compat.js.arrays)."""
    values = _args(t, args, 0, 64, node, "splice")
    t.need("from lumosai.compat.js.arrays import js_splice")
    return Py(P.call("js_splice", obj.node, *[v.node for v in values]), JsType.LIST)


def _copy_source(node: ast.expr) -> ast.expr:
    """`sorted([*xs])` reads better as `sorted(xs)`; both copy."""
    if isinstance(node, ast.List) and len(node.elts) == 1 and isinstance(node.elts[0], ast.Starred):
        return node.elts[0].value
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Slice)
        and node.slice.lower is None
        and node.slice.upper is None
    ):
        return node.value
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "list" and len(node.args) == 1:
        return node.args[0]
    return node


def _reverse(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if _fresh(obj):
        return Py(
            ast.Subscript(
                value=_copy_source(obj.node), slice=ast.Slice(step=P.const(-1)), ctx=ast.Load()
            ),
            JsType.LIST,
            role_object=obj.role_object,
        )
    if not (obj.pure or P.is_pure(obj.node)):
        t.fail("LM207", "reverse() of a computed array used as a value", node)
    t.hoist(P.expr_stmt(P.method(obj.node, "reverse")), node)
    return Py(obj.node, JsType.LIST, pure=True)


def _reduce(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if not 1 <= len(args) <= 2:
        t.fail("LM204", "`.reduce()` arguments", node)
    cb = unwrap(args[0])
    if len(args) == 2 and cb.type == "arrow_function":
        from .functions import fn_body, fn_params

        params = fn_params(cb)
        body = unwrap(fn_body(cb))
        init = unwrap(args[1])
        if (
            len(params) == 2
            and all(_plain_param(p) for p in params)
            and body.type == "binary_expression"
            and t.text(_field(body, "operator")) == "+"
            and t.text(unwrap(_field(body, "left"))) == t.text(params[0]).split(":")[0].strip()
            and init.type == "number"
            and t.text(init) == "0"
        ):
            acc = t.text(params[0]).split(":")[0].strip()
            right = body.child_by_field_name("right")
            assert right is not None
            if not _mentions(t, right, acc):
                with t.block():
                    data = obj.role_object if obj.role_object in ("input_data", "json") else None
                    x = t.declare(t.text(params[1]).split(":")[0].strip(), role_object=data).py
                    value = t.expr(right)
                terms = P.comp(value.node, P.store(x), obj.node, kind="gen")
                if _int_valued(value.node):
                    return Py(P.call("sum", terms), JsType.NUM)
                # floats: Python 3.12's sum() compensates rounding, JavaScript's + does not
                t.need("from lumosai.compat.js import js_sum")
                return Py(P.call("js_sum", terms), JsType.NUM)
    t.need("import functools")
    if len(args) == 2 and unwrap(args[1]).type == "object":
        t.param_types = [JsType.DICT]  # the accumulator is a record: acc[k] ?? 0 reads with .get
    result = t.callback(cb, 2, "step")
    t.param_types = []
    fn = result[1] if result is not None else t.expr(cb)
    extra = [t.expr(args[1]).node] if len(args) == 2 else []
    return Py(P.call("functools.reduce", fn.node, obj.node, *extra))


def _int_valued(node: ast.expr) -> bool:
    """An int for sure: int literals, len(...), and choices or sums of those."""
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id == "len"
    if isinstance(node, ast.IfExp):
        return _int_valued(node.body) and _int_valued(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        return _int_valued(node.left) and _int_valued(node.right)
    return False


def _field(node: Node, name: str) -> Node:
    child = node.child_by_field_name(name)
    assert child is not None, name
    return child


def _plain_param(p: Node) -> bool:
    if p.type == "identifier":
        return True
    pattern = p.child_by_field_name("pattern")
    return (
        pattern is not None
        and pattern.type == "identifier"
        and p.child_by_field_name("value") is None
    )


def _mentions(t: TranslatorBase, node: Node, name: str) -> bool:
    if node.type == "identifier" and t.text(node) == name:
        return True
    return any(_mentions(t, c, name) for c in node.named_children)


def _flat(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if args and t.text(args[0]) != "1":
        t.fail("LM204", "flat() deeper than one level", node)
    outer, inner = t.fresh("group"), t.fresh("item")
    source = P.if_exp(
        P.call("isinstance", P.name(outer), P.name("list")),
        P.name(outer),
        ast.List(elts=[P.name(outer)], ctx=ast.Load()),
    )
    comp = ast.ListComp(
        elt=P.name(inner),
        generators=[
            ast.comprehension(target=P.store(outer), iter=obj.node, ifs=[], is_async=0),
            ast.comprehension(target=P.store(inner), iter=source, ifs=[], is_async=0),
        ],
    )
    return Py(comp, JsType.LIST, role_object="fresh")


def _flat_map(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    cb = _callback_arg(t, args, node, "flatMap")
    with t.block():
        target, iterable, value, _item = _loop(t, obj, cb, "expand")
    inner = t.fresh("item")
    if value.type == JsType.LIST:
        comp = ast.ListComp(
            elt=P.name(inner),
            generators=[
                ast.comprehension(target=target, iter=iterable, ifs=[], is_async=0),
                ast.comprehension(target=P.store(inner), iter=value.node, ifs=[], is_async=0),
            ],
        )
        return Py(comp, JsType.LIST, role_object="fresh")
    mapped = Py(P.comp(value.node, target, iterable), JsType.LIST)
    return _flat(t, mapped, [], node)


def _pop(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    return Py(P.method(obj.node, "pop"))


def _shift(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    return Py(P.method(obj.node, "pop", P.const(0)))


def _entries(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    return Py(P.call("list", P.call("enumerate", obj.node)), JsType.LIST)


def _push_value(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    t.fail("LM207", "push() used as a value (it returns the new length)", node)


ARRAY_METHODS: dict[str, MethodRule] = {
    "map": _map,
    "filter": _filter,
    "find": _find(False),
    "findIndex": _find(True),
    "findLast": _find(False, last=True),
    "findLastIndex": _find(True, last=True),
    "some": _any_all("any"),
    "every": _any_all("all"),
    "includes": _includes,
    "indexOf": _index_of,
    "join": _join,
    "slice": _slice,
    "concat": _concat,
    "sort": _sort,
    "splice": _splice,
    "toSorted": _to_sorted,
    "reverse": _reverse,
    "reduce": _reduce,
    "flat": _flat,
    "flatMap": _flat_map,
    "pop": _pop,
    "shift": _shift,
    "at": _at,
    "entries": _entries,
    "push": _push_value,
    "toString": _to_string,
}

SHARED_METHODS: dict[str, MethodRule] = {
    "includes": _includes,
    "slice": _slice,
    "at": _at,
    "toString": _to_string,
}


# ---- statement-only array methods -----------------------------------------------------------


def _push_stmt(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if len(args) == 1 and args[0].type != "spread_element":
        return Py(P.method(obj.node, "append", t.expr(args[0]).node))
    if len(args) == 1:
        return Py(P.method(obj.node, "extend", t.expr(args[0].named_children[0]).node))
    from .calls import call_args

    return Py(P.method(obj.node, "extend", ast.List(elts=call_args(t, args), ctx=ast.Load())))


def _unshift_stmt(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if len(args) != 1:
        t.fail("LM204", "unshift() with several values", node)
    return Py(P.method(obj.node, "insert", P.const(0), t.expr(args[0]).node))


def _sort_stmt(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    kw = _sort_kwargs(t, obj, args, node)
    return Py(P.method(obj.node, "sort", **kw))


def _reverse_stmt(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    return Py(P.method(obj.node, "reverse"))


STATEMENT_METHODS: dict[str, MethodRule] = {
    "push": _push_stmt,
    "unshift": _unshift_stmt,
    "sort": _sort_stmt,
    "reverse": _reverse_stmt,
}


# ---- numbers, dates, maps, sets, regexes, responses, runtime context ------------------------


def _to_fixed(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    values = _args(t, args, 0, 1, node, "toFixed")
    # JavaScript rounds the binary value's ties away from zero (1.25 -> "1.3"), format() to even
    t.need("from lumosai.compat.js import to_fixed")
    return Py(P.call("to_fixed", obj.node, *[v.node for v in values]), JsType.STR)


def _digits_text(js: str, py: str) -> MethodRule:
    """toPrecision/toExponential: JavaScript's rounding and layout (compat.js.text)."""

    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        values = _args(t, args, 0, 1, node, js)
        t.need(f"from lumosai.compat.js.text import {py}")
        return Py(P.call(py, obj.node, *[v.node for v in values]), JsType.STR)

    return rule


def _to_locale_string(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    from .intl import format_call

    return format_call(t, obj, args, node, "toLocaleString")


NUMBER_METHODS: dict[str, MethodRule] = {
    "toFixed": _to_fixed,
    "toString": _to_string,
    "toLocaleString": _to_locale_string,
    "toPrecision": _digits_text("toPrecision", "to_precision"),
    "toExponential": _digits_text("toExponential", "to_exponential"),
}


def _date_attr(py: str, offset: int = 0) -> MethodRule:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        value: ast.expr = P.attr(obj.node, py)
        if offset:
            value = ast.BinOp(left=value, op=ast.Sub(), right=P.const(offset))
        return Py(value, JsType.NUM)

    return rule


def _iso(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    return Py(
        P.method(
            P.method(obj.node, "isoformat", timespec=P.const("milliseconds")),
            "replace",
            P.const("+00:00"),
            P.const("Z"),
        ),
        JsType.STR,
    )


def _get_time(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    made = obj.node.func if isinstance(obj.node, ast.Call) else None
    if not (isinstance(made, ast.Attribute) and ast.unparse(made.value) == "datetime"):
        # a date that may be JavaScript's Invalid Date (compat.js.dates): its time is NaN
        t.need("from lumosai.compat.js import get_time")
        return Py(P.call("get_time", obj.node), JsType.NUM, role_object="maybe_nan")
    return Py(
        P.call(
            "int",
            ast.BinOp(left=P.method(obj.node, "timestamp"), op=ast.Mult(), right=P.const(1000)),
        ),
        JsType.NUM,
    )


def _weekday(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    """`getUTCDay()`: 0 is Sunday in JavaScript, `isoweekday()` 7."""
    _args(t, args, 0, 0, node, "getUTCDay")
    return Py(ast.BinOp(left=P.method(obj.node, "isoweekday"), op=ast.Mod(), right=P.const(7)),
              JsType.NUM)  # fmt: skip


def _set_day(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    """`d.setUTCDate(n)` on a date variable: day n of d's month, overflowing into the next
    months as JavaScript does (`d = set_utc_date(d, n)`, Invalid Dates kept); the value is the
    new time in milliseconds."""
    (day,) = _args(t, args, 1, 1, node, "setUTCDate")
    if not isinstance(obj.node, ast.Name):
        t.fail("LM204", "`.setUTCDate()` on a date that is not a variable", node)
    t.need("from lumosai.compat.js.dates import set_utc_date")
    target = ast.Name(id=obj.node.id, ctx=ast.Store())
    moved = P.call("set_utc_date", obj.node, day.node)
    t.hoist(ast.Assign(targets=[target], value=moved, lineno=0), node)
    if node.parent is not None and node.parent.type == "expression_statement":
        return Py(P.name(obj.node.id), JsType.DATE, pure=True)  # the time is not read
    t.need("from lumosai.compat.js import get_time")
    return Py(P.call("get_time", P.name(obj.node.id)), JsType.NUM, pure=True)


def _set_parts(js: str, names: tuple[str, ...]) -> MethodRule:
    """`d.setUTCHours(h, m?, s?, ms?)` and its kin on a date variable:
    `d = set_utc_parts(d, hours=h, minutes=m)` (compat.js.dates; overflow as in JS)."""

    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        values = _args(t, args, 1, len(names), node, js)
        if not isinstance(obj.node, ast.Name):
            t.fail("LM204", f"`.{js}()` on a date that is not a variable", node)
        t.need("from lumosai.compat.js.dates import set_utc_parts")
        keywords = {name: value.node for name, value in zip(names, values, strict=False)}
        moved = P.call("set_utc_parts", obj.node, **keywords)
        t.hoist(ast.Assign(targets=[P.store(obj.node.id)], value=moved, lineno=0), node)
        if node.parent is not None and node.parent.type == "expression_statement":
            return Py(P.name(obj.node.id), JsType.DATE, pure=True)
        t.need("from lumosai.compat.js import get_time")
        return Py(P.call("get_time", P.name(obj.node.id)), JsType.NUM, pure=True)

    return rule


_SETTERS = {
    "FullYear": ("year", "month", "day"),
    "Month": ("month", "day"),
    "Hours": ("hours", "minutes", "seconds", "millis"),
    "Minutes": ("minutes", "seconds", "millis"),
    "Seconds": ("seconds", "millis"),
}


def _local(py: str, offset: int = 0) -> MethodRule:
    rule = _date_attr(py, offset)

    def local(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        t.warn("local-time Date getter translated for a UTC datetime", node)
        return rule(t, obj, args, node)

    return local


def _local_rule(rule: MethodRule) -> MethodRule:
    def local(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        t.warn("local-time Date method translated for a UTC datetime", node)
        return rule(t, obj, args, node)

    return local


DATE_METHODS: dict[str, MethodRule] = {
    "getFullYear": _local("year"),
    "getMonth": _local("month", 1),
    "getDate": _local("day"),
    "getHours": _local("hour"),
    "getMinutes": _local("minute"),
    "getSeconds": _local("second"),
    "toISOString": _iso,
    "toJSON": _iso,
    "getTime": _get_time,
    "valueOf": _get_time,
    "getUTCFullYear": _date_attr("year"),
    "getUTCMonth": _date_attr("month", 1),
    "getUTCDate": _date_attr("day"),
    "getUTCHours": _date_attr("hour"),
    "getUTCMinutes": _date_attr("minute"),
    "getUTCSeconds": _date_attr("second"),
    "getUTCDay": _weekday,
    "getDay": _local_rule(_weekday),
    "setUTCDate": _set_day,
    "setDate": _local_rule(_set_day),
    **{f"setUTC{part}": _set_parts(f"setUTC{part}", names) for part, names in _SETTERS.items()},
    **{
        f"set{part}": _local_rule(_set_parts(f"set{part}", names))
        for part, names in _SETTERS.items()
    },
}


def _urlencode(t: TranslatorBase, params: Py) -> Py:
    """URLSearchParams as text: form encoding, spaces as '+', '*' kept as JavaScript does."""
    t.need("import urllib.parse")
    return Py(P.call("urllib.parse.urlencode", params.node, safe=P.const("*")), JsType.STR)


def _params_set(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    key, value = _args(t, args, 2, 2, node, "set")
    text = value.node if value.type == JsType.STR else P.call("str", value.node)
    target = ast.Subscript(value=obj.node, slice=key.node, ctx=ast.Store())
    t.hoist(ast.Assign(targets=[target], value=text, lineno=0), node)
    return Py(obj.node, JsType.PARAMS, pure=True)


def _params_append(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    """`params.append(k, v)` on URLSearchParams kept as a list of pairs (see calls.py)."""
    if obj.role_object != "param_pairs":
        t.fail("LM204", "`.append()` on URLSearchParams that are also read by key", node)
    key, value = _args(t, args, 2, 2, node, "append")
    text = value.node if value.type == JsType.STR else P.call("str", value.node)
    pair = ast.Tuple(elts=[key.node, text], ctx=ast.Load())
    return Py(P.method(obj.node, "append", pair))


def _map_get(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (key,) = _args(t, args, 1, 1, node, "get")
    return Py(P.method(obj.node, "get", key.node))


def _map_set(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    key, value = _args(t, args, 2, 2, node, "set")
    target = ast.Subscript(value=obj.node, slice=key.node, ctx=ast.Store())
    t.hoist(ast.Assign(targets=[target], value=value.node, lineno=0), node)
    return Py(obj.node, JsType.MAP, pure=True)


def _has(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (key,) = _args(t, args, 1, 1, node, "has")
    return Py(ast.Compare(left=key.node, ops=[ast.In()], comparators=[obj.node]), JsType.BOOL)


def _map_delete(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (key,) = _args(t, args, 1, 1, node, "delete")
    return Py(
        ast.Compare(
            left=P.method(obj.node, "pop", key.node, P.const(None)),
            ops=[ast.IsNot()],
            comparators=[P.const(None)],
        ),
        JsType.BOOL,
    )


def _set_add(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (value,) = _args(t, args, 1, 1, node, "add")
    target = ast.Subscript(value=obj.node, slice=value.node, ctx=ast.Store())
    t.hoist(ast.Assign(targets=[target], value=P.const(None), lineno=0), node)
    return Py(obj.node, JsType.SET, pure=True)


MAP_METHODS: dict[str, MethodRule] = {
    "get": _map_get,
    "set": _map_set,
    "has": _has,
    "delete": _map_delete,
    "keys": lambda t, o, a, n: Py(P.call("list", o.node), JsType.LIST),
    "values": lambda t, o, a, n: Py(P.call("list", P.method(o.node, "values")), JsType.LIST),
    "entries": lambda t, o, a, n: Py(P.call("list", P.method(o.node, "items")), JsType.LIST),
}
SET_METHODS: dict[str, MethodRule] = {
    "add": _set_add,
    "has": _has,
    "delete": _map_delete,
    "values": lambda t, o, a, n: Py(P.call("list", o.node), JsType.LIST),
    "keys": lambda t, o, a, n: Py(P.call("list", o.node), JsType.LIST),
}


def _regex_test(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (value,) = _args(t, args, 1, 1, node, "test")
    if obj.role_object == "g" and not isinstance(obj.node, ast.Call):
        t.fail("LM208", "test() on a global regex variable (lastIndex state)", node)
    return Py(P.is_not_none(P.method(obj.node, "search", value.node)), JsType.BOOL)


def _regex_exec(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    (value,) = _args(t, args, 1, 1, node, "exec")
    if obj.role_object == "g":
        t.fail("LM208", "exec() on a global regex (lastIndex state)", node)
    return Py(P.method(obj.node, "search", value.node))


REGEX_METHODS: dict[str, MethodRule] = {"test": _regex_test, "exec": _regex_exec}

RESPONSE_METHODS: dict[str, MethodRule] = {
    # "response_read": the body read a promise stood for (`await res.json().catch(...)`)
    "json": lambda t, o, a, n: Py(P.method(o.node, "json"), role_object="response_read"),
    "text": lambda t, o, a, n: Py(P.attr(o.node, "text"), JsType.STR, "response_read"),
}

HEADERS_METHODS: dict[str, MethodRule] = {"get": _map_get, "has": _has}


def _rc(py: str, kind: JsType = JsType.UNKNOWN) -> MethodRule:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        return Py(P.method(obj.node, py, *call_args(t, args)), kind)

    return rule


RUNTIME_CONTEXT_METHODS: dict[str, MethodRule] = {
    "get": _rc("get"),
    "set": _rc("set"),
    "has": _rc("has", JsType.BOOL),
    "delete": _rc("delete"),
    "keys": _rc("keys", JsType.LIST),
}

ERROR_METHODS: dict[str, MethodRule] = {
    "toString": lambda t, o, a, n: Py(P.call("str", o.node), JsType.STR)
}

TYPED_METHODS: dict[JsType, dict[str, MethodRule]] = {
    JsType.DATE: DATE_METHODS,
    JsType.MAP: MAP_METHODS,
    JsType.SET: SET_METHODS,
    JsType.REGEX: REGEX_METHODS,
    JsType.RESPONSE: RESPONSE_METHODS,
    JsType.HEADERS: HEADERS_METHODS,
    JsType.RUNTIME_CONTEXT: RUNTIME_CONTEXT_METHODS,
    JsType.ERROR: ERROR_METHODS,
    JsType.PARAMS: {
        "toString": lambda t, o, a, n: _urlencode(t, o),
        "get": _map_get,
        "has": _has,
        "set": lambda t, o, a, n: _params_set(t, o, a, n),
        "append": lambda t, o, a, n: _params_append(t, o, a, n),
        "delete": _map_delete,
    },
    JsType.URL: {"toString": lambda t, o, a, n: Py(P.call("str", o.node), JsType.STR)},
    JsType.RESULT: {},
    JsType.USAGE: {},
    JsType.ENV: {},
    JsType.BOOL: {"toString": _to_string},
}
