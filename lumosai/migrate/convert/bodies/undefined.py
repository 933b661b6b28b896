"""Where JavaScript's `undefined` and `null` differ, and the value really can be missing.

Translated code writes both as `None`. That is right almost everywhere, and wrong in three
places this module handles with knowledge of the value (`Py.undefined`, set by the reads that
know a `None` is a missing key or a short-circuited `?.`):

- an object literal that leaves the function (returned, passed to `JSON.stringify`) drops an
  undefined property: `{ id, note: x ? y : undefined }` -> `js_object({"id": ..., "note": y if
  x else UNDEFINED})`, and a missing key read into it is `data.get("k", UNDEFINED)`;
- a template prints `undefined`, not `None`: `f"{data.get('id', UNDEFINED)}"`;
- a relational comparison with undefined is false (`js_gt(available, 0)`), where Python raises.

A local read from JSON (`const { id } = await res.json()`) holds `UNDEFINED` only when every
read of it is one of those places or a condition, so the sentinel never reaches other code.
See docs/rules/bodies.md ("undefined and null").
"""

from __future__ import annotations

import ast
import re

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py, Undef

IMPORT = "from lumosai.compat.js import UNDEFINED"
_RELATIONAL = {"<": "js_lt", "<=": "js_le", ">": "js_gt", ">=": "js_ge"}
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "type_assertion",
        "non_null_expression",
    }
)
_FUNCTIONS = frozenset(
    {
        "arrow_function",
        "function_expression",
        "function_declaration",
        "generator_function_declaration",
        "method_definition",
    }
)
_CONDITIONS = frozenset({"if_statement", "while_statement", "do_statement"})
_NAMES = frozenset(
    {"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"}
)


def undefined_name() -> ast.expr:
    return P.name("UNDEFINED")


def as_undefined(t: TranslatorBase, value: Py) -> ast.expr | None:
    """`value` with its missing case giving UNDEFINED instead of None, or None when its shape
    says nothing (only reads flagged by `Py.undefined` are rewritten)."""
    node = value.node
    if not value.undefined:
        return None
    if isinstance(node, ast.Name):  # a local that already holds UNDEFINED (undefined_local)
        return node
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and len(node.args) == 1
        and not node.keywords
    ):
        t.need(IMPORT)
        return ast.Call(func=node.func, args=[node.args[0], undefined_name()], keywords=[])
    if isinstance(node, ast.IfExp) and _is_none(node.orelse):  # a short-circuited `?.`
        t.need(IMPORT)
        return ast.IfExp(test=node.test, body=node.body, orelse=undefined_name())
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "next"
        and len(node.args) == 2
        and _is_none(node.args[1])
    ):  # xs.find(...)
        t.need(IMPORT)
        return P.call("next", node.args[0], undefined_name())
    return None


def call_arguments(
    t: TranslatorBase, args: list[Node], defaults: tuple[str | None, ...]
) -> list[ast.expr]:
    """The arguments of a call of a project function. JavaScript gives a parameter its default
    only for undefined (null is kept), so a maybe-missing argument at a parameter with a
    literal default reads the default when missing: `checkPolicy(c, a, context.attendees)`
    with `attendees = 1` -> `check_policy(c, a, input_data.get("attendees", 1))`."""
    from .calls import call_args

    if not any(defaults) or any(a.type == "spread_element" for a in args):
        return call_args(t, args)
    out: list[ast.expr] = []
    for index, arg in enumerate(args):
        value = t.expr(arg)
        source = defaults[index] if index < len(defaults) else None
        default = _literal(source) if source else None
        out.append(value.node if default is None else _or_default(value, default))
    return out


def _or_default(value: Py, default: ast.expr) -> ast.expr:
    node = value.node
    if not value.undefined:
        return node
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and len(node.args) == 1
        and not node.keywords
    ):  # a missing key
        return ast.Call(func=node.func, args=[node.args[0], default], keywords=[])
    if isinstance(node, ast.IfExp) and _is_none(node.orelse):  # a short-circuited `?.`
        return ast.IfExp(test=node.test, body=node.body, orelse=default)
    return node


_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_STRING = re.compile(r"'([^'\\\n]*)'|\"([^\"\\\n]*)\"")
_WORDS: dict[str, bool | None] = {"true": True, "false": False, "null": None}


def _literal(source: str) -> ast.expr | None:
    """A default parameter's value when it is a plain literal (`1`, `'EUR'`, `true`, `null`)."""
    text = source.strip()
    if text in _WORDS:
        return ast.Constant(_WORDS[text])
    if _NUMBER.fullmatch(text):
        number = float(text)
        return ast.Constant(int(number) if re.fullmatch(r"-?\d+", text) else number)
    string = _STRING.fullmatch(text)
    if string:
        return ast.Constant(string.group(1) if string.group(1) is not None else string.group(2))
    return None


def maybe_undefined_operands(
    t: TranslatorBase, operands: list[tuple[Py, Node]]
) -> list[ast.expr] | None:
    """The operands of `Math.max`/`Math.min` with the missing case as UNDEFINED (NaN there)
    when one can really be undefined here (not narrowed before); None for a plain call."""
    missing = [value.undefined == Undef.YES and not narrowed(t, js, js) for value, js in operands]
    if not any(missing):
        return None
    return [
        (as_undefined(t, value) if flag else None) or value.node
        for (value, _), flag in zip(operands, missing, strict=True)
    ]


def property_value(t: TranslatorBase, node: Node) -> tuple[Py, bool]:
    """A property value of an object literal that leaves the function; True when it may be
    UNDEFINED (then the literal goes through `js_object`)."""
    from .expressions import _join, unwrap

    inner = unwrap(node)
    if _is_undefined(t, inner):
        t.need(IMPORT)
        return Py(undefined_name(), JsType.NULL, pure=True), True
    if inner.type == "ternary_expression":
        test = t.test(t.child(inner, "condition"))
        with t.guarded():
            body, maybe_body = property_value(t, t.child(inner, "consequence"))
            orelse, maybe_orelse = property_value(t, t.child(inner, "alternative"))
        return (
            Py(P.if_exp(test, body.node, orelse.node), _join(body.type, orelse.type)),
            maybe_body or maybe_orelse,
        )
    value = t.expr(node)
    rewritten = as_undefined(t, value)
    if rewritten is None:
        return value, False
    return Py(rewritten, value.type), True


def parsed_json(value: Py) -> bool:
    """A body parsed from JSON (`await res.json()`, `JSON.parse(text)`): its keys are whatever
    the other side sent, whatever the TypeScript cast says."""
    node = value.node
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "json" and not node.args:
        return True
    return ast.unparse(func) == "json.loads"


def input_strength(t: TranslatorBase, schema_known: bool) -> Undef:
    """How a missing top-level input field reads: YES when the schema says it is optional,
    UNCHECKED in a step or tool whose input nothing described (0.x steps run unvalidated),
    NO in maps and conditions (their input is the previous step's checked output)."""
    from .model import Role

    if schema_known:
        return Undef.YES
    checked_elsewhere = t.role in (Role.MAP, Role.CONDITION, Role.HELPER)
    return Undef.NO if checked_elsewhere else Undef.UNCHECKED


def printed(t: TranslatorBase, value: Py, node: Node | None = None) -> Py:
    """A value interpolated into a string: a missing key prints `undefined`."""
    if value.undefined != Undef.YES and not (value.undefined and isinstance(value.node, ast.Name)):
        return value
    if value.type not in (JsType.UNKNOWN, JsType.STR, JsType.NUM, JsType.BOOL):
        return value
    if node is not None and narrowed(t, node, node):
        return value
    rewritten = as_undefined(t, value)
    return value if rewritten is None else Py(rewritten, value.type, pure=value.pure)


def relational(t: TranslatorBase, operator: str, operands: list[tuple[Py, Node]]) -> Py | None:
    """`a > b` with JavaScript's rules when an operand can really be undefined here (not
    narrowed by a test before it); None for a plain Python comparison."""
    missing = [value.undefined == Undef.YES and not narrowed(t, js, js) for value, js in operands]
    if not any(missing):
        return None
    helper = _RELATIONAL[operator]
    t.need(f"from lumosai.compat.js import {helper}")
    nodes = [
        (as_undefined(t, value) if flag else None) or value.node
        for (value, _), flag in zip(operands, missing, strict=True)
    ]
    return Py(P.call(helper, *nodes), JsType.BOOL)


def narrowed(t: TranslatorBase, node: Node, operand: Node) -> bool:
    """Whether `operand` is known to be defined where `node` runs: it sits right of
    `operand && ...` / `operand !== undefined && ...`, in the branch of such an `if` or
    ternary, or after `if (!operand) return/throw` in an enclosing block."""
    from .expressions import unwrap

    text = t.text(unwrap(operand))
    child, parent = node, node.parent
    while parent is not None and parent.type not in _FUNCTIONS:
        kind = parent.type
        if kind == "binary_expression" and parent.child_by_field_name("right") == child:
            operator = parent.child_by_field_name("operator")
            left = parent.child_by_field_name("left")
            if operator is not None and left is not None:
                if operator.type == "&&" and _defines(t, left, text):
                    return True  # x && x > 0
                if operator.type == "||" and _missing_test(t, left, text):
                    return True  # x === undefined || x > 0
        elif kind in ("if_statement", "ternary_expression"):
            condition = parent.child_by_field_name("condition")
            if condition is not None:
                if parent.child_by_field_name("consequence") == child and _defines(
                    t, condition, text
                ):
                    return True
                if parent.child_by_field_name("alternative") == child and _missing_test(
                    t, condition, text
                ):
                    return True
        elif kind == "statement_block":
            sibling = child.prev_named_sibling
            while sibling is not None:
                if _exits_unless_defined(t, sibling, text):
                    return True
                sibling = sibling.prev_named_sibling
        child, parent = parent, parent.parent
    return False


def _defines(t: TranslatorBase, test: Node, text: str) -> bool:
    """`test` holds only when the value written `text` is defined (one of its && parts)."""
    from .expressions import unwrap

    test = unwrap(test)
    if test.type == "binary_expression":
        operator = test.child_by_field_name("operator")
        left, right = test.child_by_field_name("left"), test.child_by_field_name("right")
        if operator is None or left is None or right is None:
            return False
        if operator.type == "&&":
            return _defines(t, left, text) or _defines(t, right, text)
        sides = {t.text(unwrap(left)), t.text(unwrap(right))}
        if operator.type in ("!==", "!=") and text in sides:
            return bool(sides & {"undefined", "null" if operator.type == "!=" else "undefined"})
        if operator.type in _RELATIONAL:  # `x > 0 && ...`: false for an undefined x
            return text in sides
        if operator.type in ("===", "=="):  # `x === 'a' && ...`
            literals = ("string", "number", "true", "false", "template_string")
            return any(
                t.text(unwrap(a)) == text and unwrap(b).type in literals
                for a, b in ((left, right), (right, left))
            )
        return False
    if test.type == "unary_expression" and test.children[0].type == "typeof":
        return False
    return t.text(test) == text


def _exits_unless_defined(t: TranslatorBase, stmt: Node, text: str) -> bool:
    """`if (!x) return ...;` / `if (x === undefined) throw ...;` (no else)."""
    from .expressions import unwrap

    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return False
    body = stmt.child_by_field_name("consequence")
    condition = stmt.child_by_field_name("condition")
    if body is None or condition is None:
        return False
    last = (
        body.named_children[-1] if body.type == "statement_block" and body.named_children else body
    )
    if last.type not in ("return_statement", "throw_statement"):
        return False
    return _missing_test(t, unwrap(condition), text)


def _missing_test(t: TranslatorBase, test: Node, text: str) -> bool:
    """`test` holds whenever the value written `text` is missing (one of its || parts)."""
    from .expressions import unwrap

    test = unwrap(test)
    if test.type == "unary_expression" and test.children[0].type == "!":
        argument = test.child_by_field_name("argument")
        return argument is not None and t.text(unwrap(argument)) == text
    if test.type != "binary_expression":
        return False
    operator = test.child_by_field_name("operator")
    left, right = test.child_by_field_name("left"), test.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return False
    if operator.type == "||":
        return _missing_test(t, left, text) or _missing_test(t, right, text)
    sides = {t.text(unwrap(left)), t.text(unwrap(right))}
    if operator.type == "===":
        return sides == {text, "undefined"}
    if operator.type == "==":
        return text in sides and bool(sides & {"undefined", "null"})
    return False


def leaves_function(t: TranslatorBase, node: Node) -> bool:
    """An object literal whose value leaves as data: returned (by the function or a callback),
    passed to `JSON.stringify`, or nested in one of those (also inside an array)."""
    child, parent = node, node.parent
    while parent is not None:
        kind = parent.type
        if kind in _WRAPPERS or kind == "array":
            pass
        elif kind == "pair" and parent.child_by_field_name("value") == child:
            parent = parent.parent  # the enclosing object literal
            if parent is None:
                return False
        elif kind == "ternary_expression" and parent.child_by_field_name("condition") != child:
            pass
        elif kind == "return_statement":
            return True
        elif kind == "arrow_function":
            return parent.child_by_field_name("body") == child
        elif kind == "arguments":
            call = parent.parent
            callee = call.child_by_field_name("function") if call is not None else None
            return (
                callee is not None
                and t.text(callee) == "JSON.stringify"
                and bool(parent.named_children)
                and parent.named_children[0] == child
            )
        else:
            return False
        child, parent = parent, parent.parent
    return False


def undefined_local(t: TranslatorBase, name_node: Node, strength: Undef) -> bool:
    """Whether the local declared at `name_node` may hold UNDEFINED: every read of it in its
    function is a returned object's property, a template part, a comparison or a condition,
    and at least one of them prints or drops undefined differently from null."""
    if not strength:
        return False
    fn = name_node.parent
    while fn is not None and fn.type not in _FUNCTIONS:
        fn = fn.parent
    if fn is None:
        return False
    name = t.text(name_node)
    gains = False
    stack = [fn]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type not in _NAMES or node == name_node or t.text(node) != name:
            continue
        if node.type == "shorthand_property_identifier_pattern":
            return False  # declared twice: leave both alone
        use = _use(t, node, strength)
        if use is None:
            return False
        gains = gains or use
    return gains


def _use(t: TranslatorBase, node: Node, strength: Undef) -> bool | None:
    """How a read of a local is affected by it holding UNDEFINED: True (now right), False (the
    same), None (unsafe: the sentinel would reach other code)."""
    if node.type == "shorthand_property_identifier":
        if node.parent is None or not leaves_function(t, node.parent):
            return None
        return not narrowed(t, node, node)
    child, parent = node, node.parent
    while parent is not None and parent.type in _WRAPPERS:
        child, parent = parent, parent.parent
    if parent is None:
        return None
    kind = parent.type
    defined = narrowed(t, node, node)  # read only after a test that it is there
    if kind == "pair" and parent.child_by_field_name("value") == child:
        obj = parent.parent
        return not defined if obj is not None and leaves_function(t, obj) else None
    if kind == "template_substitution":  # prints `undefined`; unchecked input stays as it is
        return strength == Undef.YES and not defined
    if kind == "binary_expression":
        operator = parent.child_by_field_name("operator")
        if operator is not None and operator.type in _RELATIONAL:
            # js_gt(...); an unchecked input raises in Python either way
            return strength == Undef.YES and not defined
        return None
    if kind in _CONDITIONS and parent.child_by_field_name("condition") == child:
        return False
    if kind == "ternary_expression" and parent.child_by_field_name("condition") == child:
        return False
    if kind == "unary_expression" and parent.children[0].type == "!":
        return False
    return None


def _is_undefined(t: TranslatorBase, node: Node) -> bool:
    return node.type == "undefined" or (
        node.type == "identifier" and t.text(node) == "undefined" and t.lookup("undefined") is None
    )


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
