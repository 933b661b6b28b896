"""Calls into npm / Node packages that have a faithful Python form: date-fns, node:fs/promises
and node:path. A table keyed by (module, exported name), like the global call tables.

Simple date-fns functions become plain Python (`isBefore(a, b)` -> `a < b`); the ones whose
rules take more than an expression call `lumosai.compat.js.datefns`; `format` with a literal
pattern is compiled to strftime here. File calls become pathlib / os calls (blocking, as a
plain Python tool would do them) and must be awaited in the TypeScript.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .calls import awaited_parent, call_args
from .datefmt import compile_pattern, format_expr
from .expressions import decode_string, unwrap
from .jstypes import JsType, Py
from .model import ImportRef
from .syntax import named

PackageRule = Callable[[TranslatorBase, list[Node], Node], Py]
#: role of a blocking call that stands for an awaited Node I/O promise
SYNC_IO = "sync_io"


def is_sync_io(value: Py) -> bool:
    """A translated Node file call (awaited in TypeScript, a plain call in Python)."""
    if value.role_object in (SYNC_IO, "response_read"):  # readFile(...), res.json()
        return True
    node = value.node
    return (
        value.role_object == "str_list"
        and isinstance(node, ast.Call)
        and ast.unparse(node.func) == "os.listdir"
    )


#: module specifiers that mean the same package
_ALIASES = {
    "fs/promises": "node:fs/promises",
    "path": "node:path",
    "node:path/posix": "node:path",
    "path/posix": "node:path",
}


def _module(ref: ImportRef) -> str:
    return _ALIASES.get(ref.module, ref.module)


def package_call(t: TranslatorBase, js_name: str, args: list[Node], node: Node) -> Py | None:
    """`name(...)` where `name` is imported from a package in the table; None if it is not."""
    ref = t.names.imports.get(js_name)
    if ref is None or ref.imported_name in (None, "*", "default"):
        return None
    rule = PACKAGE_CALLS.get((_module(ref), ref.imported_name))
    return rule(t, args, node) if rule is not None else None


def namespace_call(
    t: TranslatorBase, js_name: str, prop: str, args: list[Node], node: Node
) -> Py | None:
    """`path.join(...)` where `path` is a default or namespace import of a package in the table."""
    ref = t.names.imports.get(js_name)
    if ref is None or ref.imported_name not in ("*", "default"):
        return None
    rule = PACKAGE_CALLS.get((_module(ref), prop))
    return rule(t, args, node) if rule is not None else None


def _n_args(t: TranslatorBase, args: list[Node], node: Node, what: str, lo: int, hi: int) -> None:
    if not lo <= len(args) <= hi or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"`{what}` with {len(args)} arguments", node)


# ---- date-fns ---------------------------------------------------------------------------------


def _date(t: TranslatorBase, arg: Node) -> ast.expr:
    """A date-fns date argument: a datetime as is; epoch milliseconds through to_date."""
    value = t.expr(arg)
    if value.type == JsType.DATE:
        return value.node
    t.need("from lumosai.compat.js.datefns import to_date")
    return P.call("to_date", value.node)


def _datefns_helper(py: str, arity: int, kind: JsType = JsType.DATE) -> PackageRule:
    """A call of the same-named function of lumosai.compat.js.datefns."""

    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        _n_args(t, args, node, py, arity, arity)
        t.need(f"from lumosai.compat.js.datefns import {py}")
        nan = "maybe_nan" if kind == JsType.NUM else None  # NaN for an Invalid Date
        return Py(P.call(py, *call_args(t, args)), kind, role_object=nan)

    return rule


def _lumos_helper(module: str, py: str, arity: int, kind: JsType = JsType.UNKNOWN) -> PackageRule:
    """A call of a Python twin in the Lumos package (``module.py``)."""

    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        _n_args(t, args, node, py, arity, arity)
        t.need(f"from {module} import {py}")
        return Py(P.call(py, *call_args(t, args)), kind)

    return rule


def _parse_iso(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _n_args(t, args, node, "parseISO", 1, 1)
    t.need("from lumosai.compat.js.datefns import parse_iso")
    return Py(P.call("parse_iso", t.expr(args[0]).node), JsType.DATE)


def _shift(unit: str, sign: int) -> PackageRule:
    """`addHours(d, n)` -> `d + timedelta(hours=n)`: these add an exact duration."""

    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        _n_args(t, args, node, f"add/sub {unit}", 2, 2)
        t.need("from datetime import timedelta")
        date = _date(t, args[0])
        amount = t.expr(args[1]).node
        op: ast.operator = ast.Add() if sign > 0 else ast.Sub()
        delta = P.call("timedelta", **{unit: amount})
        return Py(ast.BinOp(left=date, op=op, right=delta), JsType.DATE)

    return rule


def _compare(op: ast.cmpop) -> PackageRule:
    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        _n_args(t, args, node, "date comparison", 2, 2)
        left, right = _date(t, args[0]), _date(t, args[1])
        return Py(ast.Compare(left=left, ops=[op], comparators=[right]), JsType.BOOL)

    return rule


def _difference(seconds_per_unit: int | None) -> PackageRule:
    """`differenceInMinutes(a, b)` -> `js_trunc((a - b).total_seconds() / 60)` (truncated)."""

    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        _n_args(t, args, node, "differenceIn...", 2, 2)
        delta = ast.BinOp(left=_date(t, args[0]), op=ast.Sub(), right=_date(t, args[1]))
        seconds = P.method(delta, "total_seconds")
        if seconds_per_unit is None:  # milliseconds
            scaled: ast.expr = ast.BinOp(left=seconds, op=ast.Mult(), right=P.const(1000))
        elif seconds_per_unit == 1:
            scaled = seconds
        else:
            scaled = ast.BinOp(left=seconds, op=ast.Div(), right=P.const(seconds_per_unit))
        # date-fns truncates, and gives NaN for an Invalid Date (int() raises on it)
        t.need("from lumosai.compat.js.numbers import js_trunc")
        return Py(P.call("js_trunc", scaled), JsType.NUM, role_object="maybe_nan")

    return rule


def _local_date(t: TranslatorBase, arg: Node) -> ast.expr:
    return P.method(P.method(_date(t, arg), "astimezone"), "date")


def _calendar_days(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    """`differenceInCalendarDays(a, b)`: days between the local calendar dates."""
    _n_args(t, args, node, "differenceInCalendarDays", 2, 2)
    delta = ast.BinOp(left=_local_date(t, args[0]), op=ast.Sub(), right=_local_date(t, args[1]))
    # NaN when either date is an Invalid Date (parseISO('Paris')), as in date-fns
    return Py(P.attr(delta, "days"), JsType.NUM, role_object="maybe_nan")


def _same_day(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _n_args(t, args, node, "isSameDay", 2, 2)
    left, right = _local_date(t, args[0]), _local_date(t, args[1])
    return Py(ast.Compare(left=left, ops=[ast.Eq()], comparators=[right]), JsType.BOOL)


def _is_weekend(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _n_args(t, args, node, "isWeekend", 1, 1)
    weekday = P.method(P.method(_date(t, args[0]), "astimezone"), "weekday")
    return Py(ast.Compare(left=weekday, ops=[ast.GtE()], comparators=[P.const(5)]), JsType.BOOL)


def _format(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    """`format(d, 'yyyy-MM-dd')` -> `d.astimezone().strftime("%Y-%m-%d")` (local time)."""
    _n_args(t, args, node, "format", 2, 2)
    pattern_node = unwrap(args[1])
    if pattern_node.type != "string":
        t.fail("LM204", "date-fns `format` with a pattern that is not a string literal", node)
    pattern = decode_string(t.text(pattern_node)[1:-1])
    parts = compile_pattern(pattern)
    if parts is None:
        t.fail("LM204", f"date-fns `format` pattern {pattern!r} (a token without a twin)", node)
    local = Py(P.method(_date(t, args[0]), "astimezone"), JsType.DATE)
    if not (len(parts) == 1 and parts[0][0] == "spec"):
        local = t.temp(local, "local", node)
    return Py(format_expr(parts, local.node, P.parse_expr), JsType.STR)


_DISTANCE_OPTIONS = {"addSuffix": "add_suffix", "includeSeconds": "include_seconds"}


def _distance(py: str, arity: int) -> PackageRule:
    """`formatDistanceToNow(d, { addSuffix: true })` -> `format_distance_to_now(d, add_suffix=True)`."""

    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        _n_args(t, args, node, py, arity, arity + 1)
        t.need(f"from lumosai.compat.js.datefns import {py}")
        values = [t.expr(a).node for a in args[:arity]]
        kwargs: dict[str, ast.expr] = {}
        if len(args) > arity:
            options = unwrap(args[arity])
            if options.type != "object":
                t.fail("LM204", f"`{py}` options that are not an object literal", node)
            for member in named(options):
                key = member.child_by_field_name("key") if member.type == "pair" else None
                name = t.text(key) if key is not None else ""
                if name not in _DISTANCE_OPTIONS:
                    t.fail("LM204", f"date-fns option `{t.text(member)[:40]}`", member)
                assert key is not None
                kwargs[_DISTANCE_OPTIONS[name]] = t.test(t.child(member, "value"))
        return Py(P.call(py, *values, **kwargs), JsType.STR)

    return rule


# ---- node:fs/promises -------------------------------------------------------------------------


def _awaited(t: TranslatorBase, node: Node, what: str) -> None:
    """File calls run synchronously in Python: only an awaited call means the same thing."""
    if not awaited_parent(node, t) and not _caught(node):
        t.fail("LM207", f"`{what}(...)` not awaited where it is called", node)


def _caught(node: Node) -> bool:
    """`await readdir(d).catch(...)`: the catch rule awaits the call."""
    parent = node.parent
    if parent is None or parent.type != "member_expression":
        return False
    prop = parent.child_by_field_name("property")
    outer = parent.parent
    return (
        prop is not None
        and prop.text == b"catch"
        and outer is not None
        and outer.type == "call_expression"
        and awaited_parent(outer)
    )


def _utf8(t: TranslatorBase, arg: Node | None) -> bool:
    """An encoding argument that says UTF-8 (`'utf8'`, `{ encoding: 'utf-8' }`)."""
    if arg is None:
        return False
    arg = unwrap(arg)
    if arg.type == "object":
        members = named(arg)
        if len(members) != 1 or members[0].type != "pair":
            return False
        if t.text(t.child(members[0], "key")) != "encoding":
            return False
        arg = unwrap(t.child(members[0], "value"))
    return arg.type == "string" and decode_string(t.text(arg)[1:-1]).lower() in ("utf8", "utf-8")


def _path(t: TranslatorBase, arg: Node) -> ast.expr:
    t.need("from pathlib import Path")
    return P.call("Path", t.expr(arg).node)


def _read_file(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _awaited(t, node, "readFile")
    _n_args(t, args, node, "readFile", 1, 2)
    if not _utf8(t, args[1] if len(args) > 1 else None):
        t.fail("LM204", "`readFile` without a utf8 encoding (a Buffer)", node)
    return Py(
        P.method(_path(t, args[0]), "read_text", encoding=P.const("utf-8")),
        JsType.STR,
        role_object=SYNC_IO,
    )


def _write_file(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _awaited(t, node, "writeFile")
    _n_args(t, args, node, "writeFile", 2, 3)
    if len(args) == 3 and not _utf8(t, args[2]):
        t.fail("LM204", "`writeFile` with options other than a utf8 encoding", node)
    data = t.expr(args[1])
    if data.type not in (JsType.STR, JsType.UNKNOWN):
        t.fail("LM207", f"`writeFile` of a {data.type.value}", node)
    path = _path(t, args[0])
    # write_text returns a count; the JS call resolves to undefined
    return Py(
        P.method(path, "write_text", data.node, encoding=P.const("utf-8")), role_object=SYNC_IO
    )


def _mkdir(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _awaited(t, node, "mkdir")
    _n_args(t, args, node, "mkdir", 1, 2)
    path = _path(t, args[0])
    if len(args) == 1:
        return Py(P.method(path, "mkdir"), role_object=SYNC_IO)
    options = unwrap(args[1])
    recursive = (
        options.type == "object"
        and len(named(options)) == 1
        and named(options)[0].type == "pair"
        and t.text(t.child(named(options)[0], "key")) == "recursive"
        and unwrap(t.child(named(options)[0], "value")).type == "true"
    )
    if not recursive:
        t.fail("LM204", f"`mkdir` options `{t.text(options)[:40]}`", node)
    if not _statement(node):
        t.fail("LM207", "the value of `mkdir(..., { recursive: true })`", node)
    return Py(
        P.method(path, "mkdir", parents=P.const(True), exist_ok=P.const(True)),
        role_object=SYNC_IO,
    )


def _statement(node: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        parent = parent.parent
    return parent is not None and parent.type == "expression_statement"


def _readdir(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _awaited(t, node, "readdir")
    _n_args(t, args, node, "readdir", 1, 1)
    t.need("import os")
    # names are strings: sorting them needs no comparator ("str_list"); still a blocking call
    return Py(P.call("os.listdir", t.expr(args[0]).node), JsType.LIST, role_object="str_list")


def _unlink(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    _awaited(t, node, "unlink")
    _n_args(t, args, node, "unlink", 1, 1)
    return Py(P.method(_path(t, args[0]), "unlink"), role_object=SYNC_IO)


# ---- node:path --------------------------------------------------------------------------------


def _node_path(fn: str, lo: int, hi: int) -> PackageRule:
    """Node's exact path strings (lumosai.compat.js.node_path); os.path differs at the edges."""

    def rule(t: TranslatorBase, args: list[Node], node: Node) -> Py:
        _n_args(t, args, node, f"path.{fn}", lo, hi)
        t.need("from lumosai.compat.js import node_path")
        return Py(P.call(f"node_path.{fn}", *call_args(t, args)), JsType.STR)

    return rule


_DATE_FNS = "date-fns"
_FS = "node:fs/promises"
_PATH = "node:path"
_SCORER_UTILS = "@mastra/evals/scorers/utils"

PACKAGE_CALLS: dict[tuple[str, str], PackageRule] = {
    (_DATE_FNS, "parseISO"): _parse_iso,
    (_DATE_FNS, "format"): _format,
    (_DATE_FNS, "addDays"): _datefns_helper("add_days", 2),
    (_DATE_FNS, "subDays"): _datefns_helper("sub_days", 2),
    (_DATE_FNS, "startOfDay"): _datefns_helper("start_of_day", 1),
    (_DATE_FNS, "endOfDay"): _datefns_helper("end_of_day", 1),
    (_DATE_FNS, "differenceInDays"): _datefns_helper("difference_in_days", 2, JsType.NUM),
    (_DATE_FNS, "differenceInCalendarDays"): _calendar_days,
    (_DATE_FNS, "addWeeks"): lambda t, a, n: _weeks(t, a, n, 1),
    (_DATE_FNS, "addHours"): _shift("hours", 1),
    (_DATE_FNS, "addMinutes"): _shift("minutes", 1),
    (_DATE_FNS, "addSeconds"): _shift("seconds", 1),
    (_DATE_FNS, "addMilliseconds"): _shift("milliseconds", 1),
    (_DATE_FNS, "subHours"): _shift("hours", -1),
    (_DATE_FNS, "subMinutes"): _shift("minutes", -1),
    (_DATE_FNS, "subSeconds"): _shift("seconds", -1),
    (_DATE_FNS, "isBefore"): _compare(ast.Lt()),
    (_DATE_FNS, "isAfter"): _compare(ast.Gt()),
    (_DATE_FNS, "isEqual"): _compare(ast.Eq()),
    (_DATE_FNS, "isSameDay"): _same_day,
    (_DATE_FNS, "isWeekend"): _is_weekend,
    (_DATE_FNS, "differenceInMilliseconds"): _difference(None),
    (_DATE_FNS, "differenceInSeconds"): _difference(1),
    (_DATE_FNS, "differenceInMinutes"): _difference(60),
    (_DATE_FNS, "differenceInHours"): _difference(3600),
    (_DATE_FNS, "formatDistanceToNow"): _distance("format_distance_to_now", 1),
    (_DATE_FNS, "formatDistance"): _distance("format_distance", 2),
    (_FS, "readFile"): _read_file,
    (_FS, "writeFile"): _write_file,
    (_FS, "mkdir"): _mkdir,
    (_FS, "readdir"): _readdir,
    (_FS, "unlink"): _unlink,
    (_PATH, "join"): _node_path("join", 0, 99),
    (_PATH, "resolve"): _node_path("resolve", 0, 99),
    (_PATH, "normalize"): _node_path("normalize", 1, 1),
    (_PATH, "basename"): _node_path("basename", 1, 2),
    (_PATH, "dirname"): _node_path("dirname", 1, 1),
    (_PATH, "extname"): _node_path("extname", 1, 1),
    (_SCORER_UTILS, "getUserMessageFromRunInput"): _lumos_helper(
        "lumosai.evals.text", "get_user_message_from_run_input", 1
    ),
    (_SCORER_UTILS, "getAssistantMessageFromRunOutput"): _lumos_helper(
        "lumosai.evals.text", "get_assistant_message_from_run_output", 1
    ),
}


def _weeks(t: TranslatorBase, args: list[Node], node: Node, sign: int) -> Py:
    """`addWeeks(d, n)` is `addDays(d, n * 7)` in date-fns."""
    _n_args(t, args, node, "addWeeks", 2, 2)
    t.need("from lumosai.compat.js.datefns import add_days")
    date, amount = call_args(t, args)
    days = ast.BinOp(left=amount, op=ast.Mult(), right=P.const(7 * sign))
    return Py(P.call("add_days", date, days), JsType.DATE)
