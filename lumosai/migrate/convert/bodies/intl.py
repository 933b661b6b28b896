"""Number formatting with a locale: `n.toLocaleString(locale, options)` and
`new Intl.NumberFormat(locale, options).format(n)` become `format_number` (compat.js.intl)
when the locale and the option names are ones it renders as Node's ICU does."""

from __future__ import annotations

import ast

from tree_sitter import Node

from lumosai.compat.js.intl import LOCALES, OPTIONS

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py


def _check_locale(t: TranslatorBase, arg: Node, node: Node) -> None:
    if arg.type == "undefined" or (arg.type == "identifier" and t.text(arg) == "undefined"):
        t.warn("number formatted in the default locale, rendered as en-US", node)
        return
    if arg.type != "string" or t.text(arg)[1:-1] not in LOCALES:
        t.fail("LM207", f"number formatting for the locale {t.text(arg)}", node)


def _check_options(t: TranslatorBase, arg: Node, node: Node) -> None:
    if arg.type != "object":
        t.fail("LM207", "number formatting options that are not an object literal", node)
    for pair in arg.named_children:
        if pair.type == "comment":
            continue
        key = pair.child_by_field_name("key") if pair.type == "pair" else None
        if pair.type == "shorthand_property_identifier":  # { style: 'currency', currency }
            key = pair
        name = t.text(key).strip("'\"") if key is not None else None
        if name not in OPTIONS:
            t.fail("LM207", f"number formatting option `{t.text(pair)}`", node)


def _locale_args(t: TranslatorBase, args: list[Node], node: Node, what: str) -> list[ast.expr]:
    """The checked (locale, options) arguments, translated."""
    if len(args) > 2 or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"`{what}` with {len(args)} arguments", node)
    if not args:
        t.warn("number formatted in the default locale, rendered as en-US", node)
    if args:
        _check_locale(t, args[0], node)
    if len(args) == 2:
        _check_options(t, args[1], node)
    rest = [t.expr(a).node for a in args]
    if rest and t.text(args[0]) == "undefined":
        rest[0] = P.const(None)
    return rest


def format_call(t: TranslatorBase, value: Py, args: list[Node], node: Node, what: str) -> Py:
    """`format_number(value, locale, options)` for the (locale, options) arguments `args`."""
    rest = _locale_args(t, args, node, what)
    t.need("from lumosai.compat.js.intl import format_number")
    return Py(P.call("format_number", value.node, *rest), JsType.STR)


def number_format_instance(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    """`const fmt = new Intl.NumberFormat(l, o)`: a compat.js.intl.NumberFormat whose only
    method the translator knows is `format`."""
    from .instances import ClassInfo

    rest = _locale_args(t, args, node, "Intl.NumberFormat")
    t.need("from lumosai.compat.js.intl import NumberFormat")
    info = ClassInfo("NumberFormat", methods={"format": "format"})
    return Py(P.call("NumberFormat", *rest), JsType.INSTANCE, role_object=info.encode("instance"))


def number_format_call(t: TranslatorBase, made: Node, args: list[Node], node: Node) -> Py | None:
    """`new Intl.NumberFormat(l, o).format(x)`; None when `made` is another constructor."""
    ctor = made.child_by_field_name("constructor")
    if ctor is None or t.text(ctor) != "Intl.NumberFormat" or t.lookup("Intl") is not None:
        return None
    made_args = made.child_by_field_name("arguments")
    ctor_args = [a for a in (made_args.named_children if made_args else []) if a.type != "comment"]
    if len(args) != 1 or args[0].type == "spread_element":
        t.fail("LM204", "`Intl.NumberFormat.format` without exactly one argument", node)
    return format_call(t, t.expr(args[0]), ctor_args, node, "Intl.NumberFormat")
