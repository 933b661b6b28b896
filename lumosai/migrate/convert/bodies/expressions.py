"""Expression rules: one method per tree-sitter node type (`x_<node type>`), like a table."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable

from tree_sitter import Node

from . import pyast as P
from .base import Binding, TranslatorBase
from .hono import HONO_MEMBERS, hono_member
from .jstypes import JsType, Py, Undef
from .roles import ROLE_OBJECTS
from .syntax import first, named

TRANSPARENT = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "type_assertion"}
)
_TYPEOF = {
    "string": "isinstance({0}, str)",
    "number": "isinstance({0}, (int, float)) and not isinstance({0}, bool)",
    "boolean": "isinstance({0}, bool)",
    "undefined": "{0} is None",
    "function": "callable({0})",
    "object": "{0} is None or isinstance({0}, (dict, list))",
}
_CMP = {"<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE}
_ARITH = {
    "-": ast.Sub,
    "*": ast.Mult,
    "/": ast.Div,
    "**": ast.Pow,
    "%": ast.Mod,
    "&": ast.BitAnd,
    "|": ast.BitOr,
    "^": ast.BitXor,
    "<<": ast.LShift,
    ">>": ast.RShift,
}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unwrap(node: Node) -> Node:
    """Skip parentheses and TypeScript-only wrappers (`x as T`, `x satisfies T`, `<T>x`)."""
    while node.type in TRANSPARENT:
        node = first(node)
    return node


def decode_string(raw: str) -> str:
    """The value of a JS string literal (without its quotes)."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch != "\\" or i + 1 >= len(raw):
            out.append(ch)
            i += 1
            continue
        nxt = raw[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt == "u" and raw[i + 2 : i + 3] == "{":
            end = raw.index("}", i)
            out.append(chr(int(raw[i + 3 : end], 16)))
            i = end + 1
        elif nxt == "u":
            out.append(chr(int(raw[i + 2 : i + 6], 16)))
            i += 6
        elif nxt == "x":
            out.append(chr(int(raw[i + 2 : i + 4], 16)))
            i += 4
        elif nxt == "\n":
            i += 2
        else:
            out.append(nxt)
            i += 2
    return "".join(out)


class ExpressionRules(TranslatorBase):
    """Literals, names, operators, member access, templates, objects and arrays."""

    def expr(self, node: Node) -> Py:
        cast: Node | None = None
        while node.type in TRANSPARENT:
            if (
                node.type in ("as_expression", "satisfies_expression")
                and len(node.named_children) > 1
            ):
                cast = cast or node.named_children[1]
            node = first(node)
        result = self.expr_rule(node)
        if cast is not None and result.type == JsType.UNKNOWN:
            from .tstypes import annotation_type

            result.type = annotation_type(self, cast)
        return result

    def expr_rule(self, node: Node) -> Py:
        rule = getattr(self, "x_" + node.type, None)
        if rule is None:
            self.fail(
                "LM202", f"unsupported expression `{node.type}`: `{self.text(node)[:60]}`", node
            )
        result: Py = rule(node)
        return result

    def lenient(self, node: Node) -> Py:
        """Translate a read whose missing key must give None, as JS gives undefined."""
        node = unwrap(node)
        if node.type == "non_null_expression":
            return self.expr(node)
        saved, self.lenient_node = self.lenient_node, node
        try:
            return self.expr(node)
        finally:
            self.lenient_node = saved

    def test(self, node: Node) -> ast.expr:
        """A condition. Arrays and objects are always truthy in JS, so test them for None."""
        value = self.lenient(node)
        if isinstance(value.node, ast.List | ast.ListComp | ast.Dict | ast.DictComp):
            # a fresh array/object is always truthy in JS
            if any(isinstance(n, ast.Call | ast.Await) for n in ast.walk(value.node)):
                self.fail("LM202", "array or object built inside a condition (always true)", node)
            return P.const(True)
        if value.type in (
            JsType.LIST,
            JsType.DICT,
            JsType.MAP,
            JsType.SET,
            JsType.RESULT,
            JsType.RESPONSE,
            JsType.DATE,
            JsType.AGENT,
        ):
            return P.is_not_none(value.node)
        if value.role_object == "maybe_nan":  # NaN is falsy in JS, truthy in Python
            self.need("from lumosai.compat.js import js_truthy")
            return P.call("js_truthy", value.node)
        return value.node

    # ---- literals ----------------------------------------------------------------------
    def x_number(self, node: Node) -> Py:
        text = self.text(node).replace("_", "")
        low = text.lower()
        if low.startswith(("0x", "0o", "0b")):
            return Py(P.const(int(low, 0)), JsType.NUM, pure=True)
        if low.endswith("n"):
            self.fail("LM202", f"BigInt literal `{text}`", node)
        value = float(text)
        if value.is_integer() and "." not in text and "e" not in low:
            return Py(P.const(int(value)), JsType.NUM, pure=True)
        if value.is_integer() and abs(value) < 1e16:
            return Py(P.const(int(value)), JsType.NUM, pure=True)
        return Py(P.const(value), JsType.NUM, pure=True)

    def x_string(self, node: Node) -> Py:
        raw = self.text(node)[1:-1]
        return Py(P.const(decode_string(raw)), JsType.STR, pure=True)

    def x_true(self, node: Node) -> Py:
        return Py(P.const(True), JsType.BOOL, pure=True)

    def x_false(self, node: Node) -> Py:
        return Py(P.const(False), JsType.BOOL, pure=True)

    def x_null(self, node: Node) -> Py:
        return Py(P.const(None), JsType.NULL, pure=True)

    def x_undefined(self, node: Node) -> Py:
        return Py(P.const(None), JsType.NULL, pure=True)

    def x_template_string(self, node: Node) -> Py:
        parts: list[ast.expr] = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(P.const(self.text(child)))
            elif child.type == "escape_sequence":
                parts.append(P.const(decode_string(self.text(child))))
            elif child.type == "template_substitution":
                value = self.expr(first(child))
                parts.append(self.formatted(value, child))
        return Py(self.joined(parts), JsType.STR)

    def formatted(self, value: Py, node: Node) -> ast.expr:
        """`{value}` inside an f-string, as JS would stringify it."""
        from .undefined import printed

        operand = first(node) if node.type == "template_substitution" else None
        value = printed(self, value, operand)
        if value.type == JsType.STR and isinstance(value.node, ast.Constant | ast.JoinedStr):
            return value.node
        if isinstance(value.node, ast.Constant) and type(value.node.value) is int:
            return P.const(str(value.node.value))
        if value.type == JsType.NUM and float_result(value.node, self.float_names):
            # a quotient prints 2.0 in Python where JavaScript prints 2
            self.need("from lumosai.compat.js import number_text")
            value = Py(P.call("number_text", value.node), JsType.STR)
        if value.role_object == "nullsafe" or (
            isinstance(value.node, ast.Call)
            and isinstance(value.node.func, ast.Name)
            and value.node.func.id == "next"
            and isinstance(value.node.args[-1], ast.Constant)
            and value.node.args[-1].value is None
        ):
            self.warn(
                "a value that may be undefined is interpolated: it prints None, not undefined", node
            )
        if value.type == JsType.PARAMS:
            from .methods import _urlencode

            value = _urlencode(self, value)
        if value.type == JsType.INSTANCE:
            self.fail("LM207", "an object of a translated class interpolated into a string", node)
        if value.type == JsType.BOOL:
            # JS prints true/false
            value = Py(P.method(P.call("str", value.node), "lower"), JsType.STR)
        elif value.type == JsType.LIST:
            # JS prints the elements joined by commas
            item = self.fresh("item")
            self.warn("array interpolated into a string: None elements print as 'None'", node)
            joined = P.comp(P.call("str", P.name(item)), P.store(item), value.node, kind="gen")
            value = Py(P.method(P.const(","), "join", joined), JsType.STR)
        if value.type in (JsType.LIST, JsType.DICT, JsType.NULL):
            self.fail(
                "LM207",
                f"a {value.type.value} interpolated into a string stringifies differently in "
                f"Python: `{self.text(node)[:60]}`",
                node,
            )
        inner = value.node
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Name)
            and inner.func.id == "str"
            and len(inner.args) == 1
            and not inner.keywords
        ):
            inner = inner.args[0]  # f"{x}" already calls str()
        source = ast.unparse(inner)
        if "\\" in source or ('"' in source and "'" in source) or "__lumos_raw_" in source:
            if self.effect_guard and not (value.pure or P.is_pure(inner)):
                # cannot hoist here (lambda, ternary branch): concatenate instead of an f-string
                part = inner if value.type == JsType.STR else P.call("str", inner)
                part.lumos_concat = True  # type: ignore[attr-defined]
                return part
            base = "encoded" if source.startswith("urllib.parse.quote") else "text"
            inner = self.temp(value, base, node).node
        return ast.FormattedValue(value=inner, conversion=-1, format_spec=None)

    @staticmethod
    def joined(parts: list[ast.expr]) -> ast.expr:
        """Merge parts (constants, formatted values, nested f-strings) into one f-string."""
        flat: list[ast.expr] = []
        for part in parts:
            items = part.values if isinstance(part, ast.JoinedStr) else [part]
            for item in items:
                if isinstance(item, ast.Constant) and flat and isinstance(flat[-1], ast.Constant):
                    flat[-1] = P.const(str(flat[-1].value) + str(item.value))
                elif isinstance(item, ast.Constant) and item.value == "":
                    continue
                else:
                    flat.append(item)
        if not flat:
            return P.const("")
        if len(flat) == 1 and isinstance(flat[0], ast.Constant):
            return flat[0]
        if any(getattr(item, "lumos_concat", False) for item in flat):
            pieces = [
                P.call("str", item.value) if isinstance(item, ast.FormattedValue) else item
                for item in flat
            ]
            result = pieces[0]
            for piece in pieces[1:]:
                result = ast.BinOp(left=result, op=ast.Add(), right=piece)
            return result
        return ast.JoinedStr(values=flat)

    def x_regex(self, node: Node) -> Py:
        pattern = self.text(node.child_by_field_name("pattern"))  # type: ignore[arg-type]
        flags_node = node.child_by_field_name("flags")
        flags = self.text(flags_node) if flags_node is not None else ""
        return self.regex(pattern, flags, node)

    def regex(self, pattern: str, flags: str, node: Node) -> Py:
        from .regexes import translate_regex

        py_pattern, py_flags = translate_regex(self, pattern, flags, node)
        self.need("import re")
        args: list[ast.expr] = [self.raw_string(py_pattern)]
        if py_flags:
            args.append(P.parse_expr(" | ".join(py_flags)))
        compiled = P.call("re.compile", *args)
        return Py(compiled, JsType.REGEX, pure=False, role_object="g" if "g" in flags else "")

    def x_array(self, node: Node) -> Py:
        elts: list[ast.expr] = []
        for child in named(node):
            if child.type == "spread_element":
                elts.append(ast.Starred(value=self.expr(first(child)).node, ctx=ast.Load()))
            else:
                elts.append(self.expr(child).node)
        return Py(ast.List(elts=elts, ctx=ast.Load()), JsType.LIST)

    def x_object(self, node: Node) -> Py:
        from .undefined import as_undefined, leaves_function, property_value

        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        # a literal that leaves as data drops its undefined properties (JSON, tool results)
        leaves = leaves_function(self, node)
        dropping = False
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                assert key_node is not None and value_node is not None
                keys.append(self.property_key(key_node))
                if leaves:
                    value, maybe = property_value(self, value_node)
                    dropping = dropping or maybe
                    values.append(value.node)
                else:
                    values.append(self.expr(value_node).node)
            elif child.type == "shorthand_property_identifier":
                keys.append(P.const(self.text(child)))
                shorthand = self.identifier(self.text(child), child)
                rewritten = as_undefined(self, shorthand) if leaves else None
                dropping = dropping or rewritten is not None
                values.append(rewritten or shorthand.node)
            elif child.type == "spread_element":
                spread = self.expr(first(child))
                if spread.type == JsType.INSTANCE:
                    self.fail("LM207", "spreading an object of a translated class", child)
                keys.append(None)
                values.append(spread.node)
            elif child.type == "comment":
                continue
            else:
                self.fail("LM202", f"object literal member `{child.type}`", child)
        literal: ast.expr = ast.Dict(keys=keys, values=values)
        if dropping:
            self.need("from lumosai.compat.js import js_object")
            literal = P.call("js_object", literal)
        return Py(literal, JsType.DICT)

    def property_key(self, key: Node) -> ast.expr:
        if key.type in ("property_identifier", "identifier"):
            return P.const(self.text(key))
        if key.type == "string":
            return P.const(decode_string(self.text(key)[1:-1]))
        if key.type == "number":
            # numeric keys stay numbers so `table[code]` with a number finds them
            return self.x_number(key).node
        if key.type == "computed_property_name":
            return self.expr(first(key)).node
        self.fail("LM202", f"object key `{self.text(key)}`", key)

    # ---- names -------------------------------------------------------------------------
    def x_identifier(self, node: Node) -> Py:
        return self.identifier(self.text(node), node)

    def x_shorthand_property_identifier(self, node: Node) -> Py:
        return self.identifier(self.text(node), node)

    def x_this(self, node: Node) -> Py:
        if self.this_value is not None:  # a method of a translated class: self
            return self.this_value
        self.fail("LM202", "`this`", node)

    def identifier(self, js_name: str, node: Node) -> Py:
        binding = self.lookup(js_name)
        if binding is not None:
            if binding.kind == "member" and binding.member is not None and binding.member.method:
                return Py(P.parse_expr(binding.py), JsType.FUNC)
            return Py(
                P.parse_expr(binding.py),
                binding.type,
                binding.role_object,
                pure=True,
                undefined=binding.meta.get("undefined", Undef.NO),
            )
        return self.free_name(js_name, node)

    def free_name(self, js_name: str, node: Node) -> Py:
        names = self.names
        if js_name in ("undefined",):
            return Py(P.const(None), JsType.NULL, pure=True)
        if js_name == "NaN":
            self.need("import math")
            return Py(P.parse_expr("math.nan"), JsType.NUM, pure=True)
        if js_name == "Infinity":
            self.need("import math")
            return Py(P.parse_expr("math.inf"), JsType.NUM, pure=True)
        self.free_names.add(js_name)
        if js_name in names.helpers:
            helper = names.helpers[js_name]
            if helper.bridged:
                self.bridged_helpers.add(js_name)
            if helper.import_line:
                self.need(helper.import_line)
            if helper.implicitly_awaited and not _is_callee(node):
                self.fail(
                    "LM207",
                    f"`{js_name}` is async in Python (it runs through the Node bridge) and is "
                    "used as a value, where its callers would not await it",
                    node,
                )
            kind = JsType.FUNC if helper.is_function else JsType.UNKNOWN
            if not helper.is_function and helper.value_type in ("object", "array"):
                kind = JsType.DICT if helper.value_type == "object" else JsType.LIST
            if (helper.value_type or "").startswith("instance:"):
                from .instances import decode, instance

                info = decode(helper.value_type or "")
                if info is not None:  # a module constant holding a translated class's object
                    return instance(info, P.name(helper.py_name))
            if not helper.is_function and helper.value_type in ("regex", "regex_g"):
                # a compiled module-level pattern; "g" tells matchAll/replace it is global
                role = "g" if helper.value_type == "regex_g" else ""
                return Py(P.name(helper.py_name), JsType.REGEX, role_object=role, pure=True)
            if not helper.is_function and helper.value_type == "vector_store":
                kind = JsType.VECTOR_STORE
            if not helper.is_function and helper.value_type == "mcp_client":
                kind = JsType.MCP_CLIENT  # mcp_calls.py
            return Py(P.name(helper.py_name), kind, pure=True)
        if js_name in names.schemas:
            schema = names.schemas[js_name]
            if schema.import_line:
                self.need(schema.import_line)
            return Py(P.name(schema.py_class), JsType.SCHEMA, pure=True)
        if js_name in names.agents:
            return self.agent_ref(js_name, node)
        if js_name in names.tools:
            tool = names.tools[js_name]
            if tool.import_line:
                self.need(tool.import_line)
            return Py(P.name(tool.py_name), JsType.TOOL, pure=True)
        if js_name in names.steps:
            return Py(P.const(names.steps[js_name].step_id), JsType.STR, pure=True)
        if js_name in names.imports:
            imp = names.imports[js_name]
            if imp.py_expr is None and imp.module == "zod" and js_name == "z":
                # inline zod schemas run on the zod-shaped builder of lumosai.compat.mastra
                self.need("from lumosai.compat.mastra import z")
                return Py(P.name("z"), JsType.FUNC, role_object="zod", pure=True)
            if imp.py_expr is None:
                self.fail(
                    "LM205",
                    f"`{js_name}` comes from '{imp.module}', which has no Python twin",
                    node,
                )
            if imp.import_line:
                self.need(imp.import_line)
            return Py(P.parse_expr(imp.py_expr), JsType.FUNC, role_object="import", pure=True)
        if js_name in GLOBAL_NAMESPACES:
            self.fail("LM204", f"`{js_name}` used as a value", node)
        self.fail("LM203", f"unknown name `{js_name}`", node)

    def agent_ref(self, js_name: str, node: Node) -> Py:
        agent = self.names.agents[js_name]
        if self.role.value.startswith("tool"):
            return Py(P.template("context.app.agent({0})", P.const(agent.key)), JsType.AGENT)
        if self.role.value.startswith(("step", "condition", "map")):
            return Py(P.template("ctx.get_agent({0})", P.const(agent.key)), JsType.AGENT)
        if agent.py_expr:
            if agent.import_line:
                self.need(agent.import_line)
            return Py(P.parse_expr(agent.py_expr), JsType.AGENT, pure=True)
        self.fail("LM203", f"agent `{js_name}` has no Python handle here", node)

    # ---- member access -----------------------------------------------------------------
    def x_non_null_expression(self, node: Node) -> Py:
        inner = unwrap(first(node))
        if inner.type == "member_expression" and self.is_env(inner):
            self.need("import os")
            return Py(P.sub(P.parse_expr("os.environ"), P.const(self.env_key(inner))), JsType.STR)
        return self.expr(inner)

    def is_env(self, node: Node) -> bool:
        obj = node.child_by_field_name("object")
        return (
            obj is not None
            and unwrap(obj).type == "member_expression"
            and self.text(unwrap(obj)).replace("?.", ".") == "process.env"
            and self.lookup("process") is None
        )

    def env_key(self, node: Node) -> str:
        prop = node.child_by_field_name("property") or node.child_by_field_name("index")
        assert prop is not None
        if prop.type == "string":
            return decode_string(self.text(prop)[1:-1])
        return self.text(prop)

    def x_member_expression(self, node: Node) -> Py:
        obj_node = node.child_by_field_name("object")
        prop_node = node.child_by_field_name("property")
        assert obj_node is not None and prop_node is not None
        lenient = self.lenient_node is node
        if self.is_env(node):
            self.need("import os")
            return Py(
                P.method(P.parse_expr("os.environ"), "get", P.const(self.env_key(node))),
                JsType.STR,
                pure=True,
                undefined=Undef.YES,
            )
        if self.text(node) == "process.env" and self.lookup("process") is None:
            self.need("import os")
            return Py(P.parse_expr("os.environ"), JsType.ENV, pure=True)
        prop = self.text(prop_node)
        ns = unwrap(obj_node)
        if ns.type == "identifier" and self.lookup(self.text(ns)) is None:
            qualified = f"{self.text(ns)}.{prop}"
            if qualified in GLOBAL_CONSTANTS:
                return GLOBAL_CONSTANTS[qualified](self)
        optional = any(c.type == "optional_chain" for c in node.children)
        obj = self.lenient(obj_node) if optional else self.expr(obj_node)
        return self.member(obj, prop, node, optional=optional, lenient=lenient)

    def member(
        self, obj: Py, prop: str, node: Node, *, optional: bool = False, lenient: bool = False
    ) -> Py:
        """`obj.prop` by what obj is: role objects, known runtime objects, else a dict key."""
        from .members import TYPE_PROPERTIES

        if obj.role_object == "chain" and isinstance(obj.node, ast.IfExp) and not optional:
            # a?.b().c: the rest of an optional chain stays inside its guard
            guard = obj.node
            inner = self.member(Py(guard.body, obj.type), prop, node, lenient=lenient)
            return Py(
                P.if_exp(guard.test, inner.node, guard.orelse),
                inner.type,
                "chain",
                undefined=obj.undefined,
            )
        if obj.role_object in HONO_MEMBERS:  # workflow runs in Hono handlers (hono.py)
            return hono_member(self, obj, prop, node)
        if obj.type == JsType.ROLE and obj.role_object is not None:
            members = ROLE_OBJECTS.get(obj.role_object, {})
            if prop not in members:
                self.fail(
                    "LM206",
                    f"`{prop}` of the {obj.role_object.replace('_', ' ')} has no Lumos equivalent",
                    node,
                )
            m = members[prop]
            if m.method:
                return Py(
                    P.parse_expr(m.py), JsType.FUNC, role_object=f"member:{obj.role_object}:{prop}"
                )
            from .translator import member_role

            role = m.role_object or member_role(prop)
            return Py(P.parse_expr(m.py), m.type, role, pure=True)
        if prop == "length" and obj.type not in (JsType.ROLE,):
            target = obj.node
            if (
                isinstance(target, ast.Call)
                and isinstance(target.func, ast.Name)
                and target.func.id == "list"
                and len(target.args) == 1
                and not isinstance(target.args[0], ast.Starred)
            ):
                target = target.args[0]  # len(list(o)) -> len(o)
            value = P.call("len", target)
            if optional or obj.role_object == "nullsafe":
                base = self.temp(obj, "value", node)
                return Py(
                    P.if_exp(P.is_not_none(base.node), P.call("len", base.node), P.const(None)),
                    JsType.NUM,
                    undefined=Undef.YES,
                )
            return Py(value, JsType.NUM)
        if obj.type == JsType.INSTANCE:
            from .instances import member_read

            return member_read(self, obj, prop, node)
        if obj.type == JsType.ERROR and (obj.role_object or "").startswith("error_class:"):
            fields = (obj.role_object or "").split(":", 1)[1].split(",")
            if prop in fields:  # narrowed by instanceof: an attribute the class sets
                return Py(P.attr(obj.node, prop), pure=obj.pure)
        table = TYPE_PROPERTIES.get(obj.type)
        if table is not None:
            if prop not in table:
                rule = "LM209" if obj.type == JsType.STREAM else "LM204"
                self.fail(rule, f"`.{prop}` on a {obj.type.value} value", node)
            return table[prop](self, obj, node)
        if obj.type in (JsType.STR, JsType.NUM, JsType.BOOL, JsType.FUNC, JsType.REGEX) and (
            obj.role_object not in ("import", "zod")
        ):
            self.fail("LM204", f"property `.{prop}` on a {obj.type.value}", node)
        if obj.role_object in ("import", "zod"):
            return Py(P.attr(obj.node, prop), JsType.FUNC, role_object=obj.role_object, pure=True)
        # Plain data: JS objects are dicts.
        if optional or obj.role_object == "nullsafe":
            guarded: ast.expr = ast.BoolOp(
                op=ast.Or(), values=[obj.node, ast.Dict(keys=[], values=[])]
            )
            return Py(
                P.method(guarded, "get", P.const(prop)),
                role_object="nullsafe",
                undefined=Undef.YES,
            )
        if obj.role_object == "json":
            # parsed JSON: a key the other side did not send reads as undefined, whatever
            # the TypeScript cast says (a read of a missing level's key raises, as in JS)
            return Py(
                P.method(obj.node, "get", P.const(prop)),
                role_object="json",
                pure=obj.pure or P.is_pure(obj.node),
                undefined=Undef.YES,
            )
        resume_required = self.names.resume_required
        if obj.role_object == "resume" and resume_required is not None:
            # an optional key zod left out of the validated resume data may be missing
            return self.resume_member(obj, prop, resume_required)
        required = self.names.input_required
        optional_input = obj.role_object == "input" and (required is None or prop not in required)
        if obj.role_object == "input_data":  # nested input: zod leaves absent fields out
            return Py(
                P.method(obj.node, "get", P.const(prop)),
                role_object="input_data",
                pure=obj.pure or P.is_pure(obj.node),
            )
        data = "input_data" if obj.role_object == "input" else None
        if lenient or optional_input:
            # an optional field the schema names (or untyped data read leniently) may be
            # missing; a field of input nobody described is only unchecked
            from .undefined import input_strength

            return Py(
                P.method(obj.node, "get", P.const(prop)),
                role_object=data,
                pure=obj.pure or P.is_pure(obj.node),
                undefined=input_strength(self, required is not None)
                if obj.role_object == "input"
                else Undef.YES,
            )
        return Py(
            P.sub(obj.node, P.const(prop)), role_object=data, pure=obj.pure or P.is_pure(obj.node)
        )

    @staticmethod
    def resume_member(obj: Py, prop: str, required: frozenset[str]) -> Py:
        """`resumeData.k` of a step whose resume schema is known: `.get` for an optional key."""
        pure = obj.pure or P.is_pure(obj.node)
        if prop in required:
            return Py(P.sub(obj.node, P.const(prop)), pure=pure)
        return Py(P.method(obj.node, "get", P.const(prop)), pure=pure, undefined=Undef.YES)

    def x_subscript_expression(self, node: Node) -> Py:
        obj_node = node.child_by_field_name("object")
        index_node = node.child_by_field_name("index")
        assert obj_node is not None and index_node is not None
        if self.text(unwrap(obj_node)) == "process.env" and self.lookup("process") is None:
            self.need("import os")
            key = self.expr(index_node)
            return Py(
                P.method(P.parse_expr("os.environ"), "get", key.node),
                JsType.STR,
                undefined=Undef.YES,
            )
        optional = any(c.type == "optional_chain" for c in node.children)
        obj = self.lenient(obj_node) if optional else self.expr(obj_node)
        index = self.expr(index_node)
        if _cyclic_index(index.node):
            # xs[(i - 1) % xs.length]: math.fmod of ints is exact but a float, and lists want ints
            index = Py(P.call("int", index.node), JsType.NUM)
        if obj.type == JsType.ROLE:
            if isinstance(index.node, ast.Constant) and isinstance(index.node.value, str):
                return self.member(obj, index.node.value, node)
            self.fail("LM206", "computed member of a runtime context object", node)
        if obj.type in (JsType.RESULT, JsType.RESPONSE, JsType.AGENT, JsType.DATE, JsType.INSTANCE):
            if isinstance(index.node, ast.Constant) and isinstance(index.node.value, str):
                return self.member(obj, index.node.value, node)
            self.fail("LM207", f"computed member of a {obj.type.value}", node)
        lenient = self.lenient_node is node
        if obj.role_object == "chain" and isinstance(obj.node, ast.IfExp) and not optional:
            # a?.split(',')[0]: indexed inside the guard, as `?.` skips the rest of the chain
            guard, body = obj.node, obj.node.body
            keyed = index.type == JsType.STR or (
                isinstance(index.node, ast.Constant) and isinstance(index.node.value, str)
            )
            read = (
                P.method(body, "get", index.node) if lenient and keyed else P.sub(body, index.node)
            )
            elem = JsType.STR if obj.type == JsType.STR else JsType.UNKNOWN
            return Py(
                P.if_exp(guard.test, read, guard.orelse), elem, "chain", undefined=obj.undefined
            )
        if optional or obj.role_object == "nullsafe":
            base = self.temp(obj, "value", node)
            if index.type == JsType.STR or (
                isinstance(index.node, ast.Constant) and isinstance(index.node.value, str)
            ):
                guarded = ast.BoolOp(op=ast.Or(), values=[base.node, ast.Dict(keys=[], values=[])])
                return Py(
                    P.method(guarded, "get", index.node),
                    role_object="nullsafe",
                    undefined=Undef.YES,
                )
            if isinstance(index.node, ast.Constant) and index.node.value == 0:
                # xs?.[0]: None for a missing or empty list, as JS gives undefined
                return Py(
                    P.if_exp(base.node, P.sub(base.node, index.node), P.const(None)),
                    role_object="nullsafe",
                    undefined=Undef.YES,
                )
            return Py(
                P.if_exp(P.is_not_none(base.node), P.sub(base.node, index.node), P.const(None)),
                role_object="nullsafe",
                undefined=Undef.YES,
            )
        if lenient and (
            index.type == JsType.STR
            or obj.type in (JsType.DICT, JsType.MAP)
            or (isinstance(index.node, ast.Constant) and isinstance(index.node.value, str))
        ):
            return Py(P.method(obj.node, "get", index.node), undefined=Undef.UNCHECKED)
        if obj.type in (JsType.DICT, JsType.MAP) and not isinstance(index.node, ast.Constant):
            # a record read with a computed key: JS gives undefined for a missing key
            return Py(P.method(obj.node, "get", index.node), undefined=Undef.UNCHECKED)
        elem = JsType.STR if obj.type == JsType.STR else JsType.UNKNOWN
        at = index.node.value if isinstance(index.node, ast.Constant) else None
        if obj.role_object == "json" and isinstance(at, str):
            return self.member(obj, at, node)  # body['k'] of parsed JSON: as body.k
        data = "json" if obj.role_object == "json" else None  # an element of a JSON array
        declared = node.parent is not None and node.parent.type == "variable_declarator"
        if declared and type(at) is int and at >= 0:
            # const best = hotels[0]: undefined (None) past the end, as in JavaScript
            items = self.temp(obj, "items", node).node
            enough = items if at == 0 else P.template(f"len({{0}}) > {at}", items)
            return Py(P.if_exp(enough, P.sub(items, index.node), P.const(None)), elem, data)
        return Py(P.sub(obj.node, index.node), elem, data, pure=obj.pure and index.pure)

    # ---- operators ---------------------------------------------------------------------
    def x_await_expression(self, node: Node) -> Py:
        inner_node = first(node)
        chained = self.await_then(inner_node)
        if chained is not None:
            return chained
        value = self.expr(inner_node)
        if value.role_object == "awaited":  # the rule already awaited (e.g. fetch hoisting)
            return Py(value.node, value.type, pure=value.pure)
        if value.awaitable and value.role_object == "structured":
            self.scope.awaits = True
            return Py(ast.Await(value=value.node), value.type, role_object="structured")
        if value.type == JsType.PROMISE or getattr(value, "awaitable", False):
            self.scope.awaits = True
            if not self.scope.is_async:
                self.fail("LM202", "`await` outside an async function", node)
            return Py(ast.Await(value=value.node), _resolved(value))
        if isinstance(value.node, ast.Name) and value.type in (JsType.UNKNOWN,):
            # awaiting a variable that holds a coroutine (const p = f(); await p)
            self.scope.awaits = True
            return Py(ast.Await(value=value.node), JsType.UNKNOWN)
        return Py(value.node, value.type, value.role_object, pure=value.pure)

    def await_then(self, call: Node) -> Py | None:
        """`await p.then((x) => expr)`: await p into a name, then the callback's expression."""
        from .calls import arguments_of
        from .functions import fn_body, fn_params, is_async_fn

        call = unwrap(call)
        if call.type != "call_expression":
            return None
        fn = unwrap(call.child_by_field_name("function"))  # type: ignore[arg-type]
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        args = arguments_of(call)
        if prop is None or self.text(prop) != "then" or len(args) != 1:
            return None
        cb = unwrap(args[0])
        if cb.type not in ("arrow_function", "function_expression"):
            return None
        params = [
            p if p.type == "identifier" else p.child_by_field_name("pattern") for p in fn_params(cb)
        ]
        body = fn_body(cb)
        if len(params) != 1 or params[0] is None or params[0].type != "identifier":
            return None
        if body.type == "statement_block":
            return None
        promise = unwrap(fn.child_by_field_name("object"))  # type: ignore[arg-type]
        self.assume_awaited = promise
        head = self.expr(promise)
        self.assume_awaited = None
        if head.role_object != "awaited":
            if not (head.awaitable or head.type == JsType.PROMISE):
                return None
            self.scope.awaits = True
            head = self.temp(
                Py(ast.Await(value=head.node), JsType.UNKNOWN), self.text(params[0]), call
            )
        with self.block():
            self.bind(self.text(params[0]), Binding(py=ast.unparse(head.node), type=head.type))
            value = self.expr(body)
        if value.awaitable and not is_async_fn(cb):
            self.scope.awaits = True
            return Py(ast.Await(value=value.node), value.type)
        if is_async_fn(cb):
            return None
        return value

    def x_unary_expression(self, node: Node) -> Py:
        op = node.children[0].type
        arg_node = node.child_by_field_name("argument")
        assert arg_node is not None
        if op == "!":
            inner = unwrap(arg_node)
            if inner.type == "unary_expression" and inner.children[0].type == "!":
                return Py(
                    P.call("bool", self.test(inner.child_by_field_name("argument"))),  # type: ignore[arg-type]
                    JsType.BOOL,
                )
            return Py(P.not_(self.test(arg_node)), JsType.BOOL)
        if op == "typeof":
            self.fail(
                "LM204", "`typeof` used as a value (only `typeof x === '...'` is translated)", node
            )
        if op == "-":
            value = self.expr(arg_node)
            if isinstance(value.node, ast.Constant) and isinstance(value.node.value, int | float):
                return Py(P.const(-value.node.value), JsType.NUM, pure=True)
            negated = ast.UnaryOp(op=ast.USub(), operand=value.node)
            nan = "maybe_nan" if value.role_object == "maybe_nan" else None
            return Py(negated, JsType.NUM, role_object=nan)
        if op == "+":
            value = self.expr(arg_node)
            if value.type == JsType.NUM:
                return value
            self.need("from lumosai.compat.js import to_number")
            return Py(P.call("to_number", value.node), JsType.NUM, role_object="maybe_nan")
        if op == "~":
            return Py(ast.UnaryOp(op=ast.Invert(), operand=self.expr(arg_node).node), JsType.NUM)
        if op == "void":
            self.fail("LM202", "`void` expression", node)
        if op == "delete":
            self.fail("LM202", "`delete` used as a value", node)
        self.fail("LM202", f"unary operator `{op}`", node)

    def x_binary_expression(self, node: Node) -> Py:
        op = node.child_by_field_name("operator")
        left_node = node.child_by_field_name("left")
        right_node = node.child_by_field_name("right")
        assert op is not None and left_node is not None and right_node is not None
        operator = op.type
        if operator in ("===", "!==", "==", "!="):
            return self.equality(operator, left_node, right_node, node)
        if operator == "&&" or operator == "||":
            left = self.test_value(left_node)
            with self.guarded(), self.block():
                if operator == "&&":
                    self.narrow_instanceof(left_node)
                right = self.expr(right_node)
            if left.role_object == "maybe_nan":  # Number(s) || -1: NaN is falsy in JS
                self.need("from lumosai.compat.js import js_truthy")
                head = left if left.pure or P.is_pure(left.node) else None
                if head is None:
                    py = self.fresh("value")
                    head = Py(P.name(py), pure=True)
                    walrus: ast.expr = ast.NamedExpr(target=P.store(py), value=left.node)
                else:
                    walrus = head.node
                truthy = P.call("js_truthy", walrus)
                picked = (right.node, head.node) if operator == "&&" else (head.node, right.node)
                kind = JsType.NUM if JsType.NUM == left.type == right.type else JsType.UNKNOWN
                return Py(P.if_exp(truthy, *picked), kind)
            bool_op: ast.boolop = ast.And() if operator == "&&" else ast.Or()
            values = [left.node, right.node]
            if isinstance(left.node, ast.BoolOp) and type(left.node.op) is type(bool_op):
                values = [*left.node.values, right.node]
            kind = left.type if left.type == right.type else JsType.UNKNOWN
            return Py(ast.BoolOp(op=bool_op, values=values), kind)
        if operator == "??":
            return self.nullish(left_node, right_node, node)
        if operator in _CMP:
            from .undefined import relational

            left, right = self.expr(left_node), self.expr(right_node)
            missing = relational(self, operator, [(left, left_node), (right, right_node)])
            if missing is not None:  # an operand may be undefined: JavaScript's rules
                return missing
            return Py(
                ast.Compare(left=left.node, ops=[_CMP[operator]()], comparators=[right.node]),
                JsType.BOOL,
            )
        if operator == "+":
            return self.plus(self.expr(left_node), self.expr(right_node), node)
        if operator in _ARITH:
            left, right = self.expr(left_node), self.expr(right_node)
            if operator == "%" and not _non_negative(left.node) and not self.zero_compared(node):
                # JS keeps the sign of the dividend; Python's % takes the divisor's sign
                literal = right.node
                if (
                    isinstance(literal, ast.Constant)
                    and type(literal.value) is int
                    and literal.value > 0
                    and P.is_pure(left.node)
                ):
                    # ints stay ints: n % 3 if n >= 0 else -(-n % 3)
                    positive = ast.BinOp(left=left.node, op=ast.Mod(), right=literal)
                    negated = ast.UnaryOp(op=ast.USub(), operand=left.node)
                    negative = ast.UnaryOp(
                        op=ast.USub(), operand=ast.BinOp(left=negated, op=ast.Mod(), right=literal)
                    )
                    test = ast.Compare(left=left.node, ops=[ast.GtE()], comparators=[P.const(0)])
                    return Py(P.if_exp(test, positive, negative), JsType.NUM)
                if isinstance(literal, ast.Constant) and type(literal.value) is int:
                    # evaluated once; ints stay ints ("5", not "5.0" in a template)
                    self.need("from lumosai.compat.js.numbers import js_rem")
                    return Py(P.call("js_rem", left.node, literal), JsType.NUM)
                self.need("import math")
                return Py(P.call("math.fmod", left.node, right.node), JsType.NUM)
            if operator in ("&", "|", "^", "<<", ">>"):
                self.warn(f"`{operator}` works on Python ints, not 32-bit JS integers", node)
            nan = "maybe_nan" if "maybe_nan" in (left.role_object, right.role_object) else None
            return Py(
                ast.BinOp(left=left.node, op=_ARITH[operator](), right=right.node),
                JsType.NUM,
                role_object=nan,
            )
        if operator == "in":
            left, right = self.expr(left_node), self.expr(right_node)
            if right.type in (JsType.LIST, JsType.STR):
                self.fail(
                    "LM207", "`in` on an array tests indices in JS, membership in Python", node
                )
            return Py(
                ast.Compare(left=left.node, ops=[ast.In()], comparators=[right.node]), JsType.BOOL
            )
        if operator == "instanceof":
            return self.instanceof(left_node, right_node, node)
        self.fail("LM202", f"binary operator `{operator}`", node)

    def zero_compared(self, node: Node) -> bool:
        """`x % k === 0` (or `!== 0`) does not depend on the sign rule."""
        parent = node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        if parent is None or parent.type != "binary_expression":
            return False
        op = parent.child_by_field_name("operator")
        other = parent.child_by_field_name("right")
        if other is not None and unwrap(other) == node:
            other = parent.child_by_field_name("left")
        return (
            op is not None
            and self.text(op) in ("===", "!==", "==", "!=")
            and other is not None
            and self.text(unwrap(other)) == "0"
        )

    def test_value(self, node: Node) -> Py:
        """The left side of && / ||: its value is the result, but missing keys read as None."""
        return self.lenient(node)

    def plus(self, left: Py, right: Py, node: Node) -> Py:
        stringy = (JsType.STR,)
        if left.type in stringy or right.type in stringy:
            if (
                left.type in stringy
                and right.type in stringy
                and not (_literalish(left.node) or _literalish(right.node))
            ):
                return Py(ast.BinOp(left=left.node, op=ast.Add(), right=right.node), JsType.STR)
            parts = [
                self.formatted(left, node)
                if left.type != JsType.STR or not _literalish(left.node)
                else left.node,
                self.formatted(right, node)
                if right.type != JsType.STR or not _literalish(right.node)
                else right.node,
            ]
            return Py(self.joined(parts), JsType.STR)
        if JsType.LIST in (left.type, right.type) or JsType.DICT in (left.type, right.type):
            self.fail("LM207", "`+` on an array or object stringifies it in JS", node)
        kind = JsType.NUM if JsType.NUM in (left.type, right.type) else JsType.UNKNOWN
        nan = "maybe_nan" if "maybe_nan" in (left.role_object, right.role_object) else None
        return Py(ast.BinOp(left=left.node, op=ast.Add(), right=right.node), kind, role_object=nan)

    def nullish(self, left_node: Node, right_node: Node, node: Node) -> Py:
        inner = unwrap(left_node)
        if inner.type == "binary_expression" and self.text(self.child(inner, "operator")) == "??":
            # a ?? b ?? c -> a if a is not None else b if b is not None else c
            head = self.nullish(self.child(inner, "left"), self.child(inner, "right"), inner)
            if isinstance(head.node, ast.IfExp):
                with self.guarded():
                    middle = self.lenient(self.child(inner, "right"))
                    right = self.expr(right_node)
                tail = self.none_or(middle, right)
                return Py(
                    P.if_exp(head.node.test, head.node.body, tail.node),
                    _join(head.type, right.type),
                )
        left = self.lenient(left_node)
        with self.guarded():
            right = self.expr(right_node)
        if (
            isinstance(left.node, ast.Call)
            and ast.unparse(left.node.func) == "os.environ.get"
            and len(left.node.args) == 1
        ):
            return Py(
                P.method(P.parse_expr("os.environ"), "get", left.node.args[0], right.node),
                JsType.STR,
            )
        if (
            isinstance(left.node, ast.IfExp)
            and isinstance(left.node.orelse, ast.Constant)
            and left.node.orelse.value is None
            and left.type in (JsType.LIST, JsType.NUM, JsType.STR, JsType.BOOL, JsType.DICT)
        ):
            # a?.map(...) ?? [] -> [...] if a is not None else []
            return Py(
                P.if_exp(left.node.test, left.node.body, right.node), _join(left.type, right.type)
            )
        return self.none_or(left, right)

    def none_or(self, left: Py, right: Py) -> Py:
        """`left ?? right` for translated operands."""
        if left.pure or P.is_pure(left.node):
            value = left.node
            return Py(
                P.if_exp(P.is_not_none(value), value, right.node), _join(left.type, right.type)
            )
        py = self.fresh("value")
        walrus = ast.NamedExpr(target=P.store(py), value=left.node)
        return Py(
            P.if_exp(P.is_not_none(walrus), P.name(py), right.node), _join(left.type, right.type)
        )

    def equality(self, operator: str, left_node: Node, right_node: Node, node: Node) -> Py:
        negate = operator in ("!==", "!=")
        l_un, r_un = unwrap(left_node), unwrap(right_node)
        # typeof x === "string"
        for a, b in ((l_un, r_un), (r_un, l_un)):
            if (
                a.type == "unary_expression"
                and a.children[0].type == "typeof"
                and b.type == "string"
            ):
                kind = decode_string(self.text(b)[1:-1])
                if kind not in _TYPEOF:
                    self.fail("LM204", f"`typeof ... === '{kind}'`", node)
                subject = self.lenient(a.child_by_field_name("argument"))  # type: ignore[arg-type]
                subject = (
                    self.temp(subject, "value", node) if "{0}" in _TYPEOF[kind][4:] else subject
                )
                test = P.template(_TYPEOF[kind], subject.node)
                if "{0}" in _TYPEOF[kind][4:]:
                    test = P.parse_expr(_TYPEOF[kind].format(ast.unparse(subject.node)))
                return Py(P.not_(test) if negate else test, JsType.BOOL)
        for a, b in ((l_un, r_un), (r_un, l_un)):
            if b.type in ("null", "undefined") or (
                b.type == "identifier" and self.text(b) == "undefined"
            ):
                value = self.lenient(a)
                test = P.is_not_none(value.node) if negate else P.is_none(value.node)
                return Py(test, JsType.BOOL)
        if operator in ("===", "!=="):  # x === true: only the boolean (ruff E712 on == True)
            for a, b in ((l_un, r_un), (r_un, l_un)):
                if b.type in ("true", "false"):
                    side = self.lenient(a).node
                    is_op: ast.cmpop = ast.IsNot() if negate else ast.Is()
                    flag = P.const(b.type == "true")
                    return Py(ast.Compare(left=side, ops=[is_op], comparators=[flag]), JsType.BOOL)
        left, right = self.lenient(left_node), self.lenient(right_node)
        if operator in ("==", "!=") and not (
            (left.type == right.type and left.type != JsType.UNKNOWN)
            or (
                JsType.STR in (left.type, right.type)
                and isinstance(left.node, ast.Constant) | isinstance(right.node, ast.Constant)
            )
        ):
            self.warn(f"loose `{operator}` translated as strict equality", node)
        op: ast.cmpop = ast.NotEq() if negate else ast.Eq()
        return Py(ast.Compare(left=left.node, ops=[op], comparators=[right.node]), JsType.BOOL)

    def narrow_condition(self, test: Node) -> None:
        """Narrow every `x instanceof C` of an && chain (the body of an `if` runs when all hold)."""
        test = unwrap(test)
        if test.type == "binary_expression" and self.text(self.child(test, "operator")) == "&&":
            self.narrow_condition(self.child(test, "left"))
            self.narrow_condition(self.child(test, "right"))
        else:
            self.narrow_instanceof(test)

    def narrow_instanceof(self, test: Node) -> None:
        """After `err instanceof ProjectError &&`, `err.status` reads the exception's attribute
        (in the current block)."""
        test = unwrap(test)
        if test.type != "binary_expression" or self.text(self.child(test, "operator")) != (
            "instanceof"
        ):
            return
        subject, cls = (
            unwrap(self.child(test, "left")),
            self.text(unwrap(self.child(test, "right"))),
        )
        helper = self.names.helpers.get(cls)
        if subject.type != "identifier" or helper is None or self.lookup(cls) is not None:
            return
        binding = self.lookup(self.text(subject))
        kind = helper.value_type or ""
        if binding is None or binding.kind != "var" or not kind.startswith("error_class"):
            return
        self.bind(
            self.text(subject),
            Binding(py=binding.py, type=JsType.ERROR, role_object=kind, depth=binding.depth),
        )

    def instanceof(self, left_node: Node, right_node: Node, node: Node) -> Py:
        cls = self.text(unwrap(right_node))
        targets = {
            "Error": "Exception",
            "TypeError": "TypeError",
            "RangeError": "ValueError",
            "Array": "list",
            "Object": "dict",
            "String": "str",
        }
        if cls == "Date":
            self.need("from datetime import datetime")
            targets["Date"] = "datetime"
        if cls in self.names.helpers and self.lookup(cls) is None:
            helper = self.names.helpers[cls]
            if helper.import_line:
                self.need(helper.import_line)
            targets[cls] = helper.py_name  # a project error class translated to Python
            self.error_classes.add(cls)
        if cls not in targets or self.lookup(cls) is not None:
            self.fail("LM204", f"`instanceof {cls}`", node)
        value = self.expr(left_node)
        return Py(P.call("isinstance", value.node, P.name(targets[cls])), JsType.BOOL)

    def x_ternary_expression(self, node: Node) -> Py:
        cond = node.child_by_field_name("condition")
        cons = node.child_by_field_name("consequence")
        alt = node.child_by_field_name("alternative")
        assert cond is not None and cons is not None and alt is not None
        test = self.test(cond)
        with self.guarded():
            body, orelse = self.expr(cons), self.expr(alt)
        if ast.dump(body.node) == ast.dump(orelse.node) and not any(
            isinstance(n, ast.Await | ast.NamedExpr) for n in ast.walk(test)
        ):
            return Py(body.node, _join(body.type, orelse.type))
        return Py(P.if_exp(test, body.node, orelse.node), _join(body.type, orelse.type))

    def x_sequence_expression(self, node: Node) -> Py:
        self.fail("LM202", "comma (sequence) expression", node)

    def x_assignment_expression(self, node: Node) -> Py:
        self.fail("LM202", "assignment used as a value", node)

    def x_augmented_assignment_expression(self, node: Node) -> Py:
        """`(groups[key] ??= [])` as a value -> `groups.setdefault(key, [])`."""
        left, right = unwrap(self.child(node, "left")), unwrap(self.child(node, "right"))
        op = self.text(node.children[1])
        empty = right.type in ("array", "object") and not right.named_children
        if (
            op in ("??=", "||=")
            and empty
            and left.type in ("member_expression", "subscript_expression")
        ):
            obj = self.expr(self.child(left, "object"))
            if obj.type in (JsType.UNKNOWN, JsType.DICT):
                if left.type == "member_expression":
                    key: ast.expr = P.const(self.text(self.child(left, "property")))
                else:
                    key = self.expr(self.child(left, "index")).node
                default = self.expr(right)
                return Py(P.method(obj.node, "setdefault", key, default.node), default.type)
        self.fail("LM202", "assignment used as a value", node)

    def x_update_expression(self, node: Node) -> Py:
        """`++i` / `i++` inside an expression: the increment becomes a statement before it."""
        arg = self.child(node, "argument")
        binding = self.lookup(self.text(arg)) if arg.type == "identifier" else None
        if binding is None or binding.kind != "var":
            self.fail("LM202", "`++`/`--` used as a value", node)
        if binding.depth < self.scope.depth:
            self.scope.nonlocals.add(binding.py)
        op: ast.operator = ast.Add() if "++" in self.text(node) else ast.Sub()
        prefix = node.children[0].type in ("++", "--")
        step = ast.AugAssign(target=P.store(binding.py), op=op, value=P.const(1), lineno=0)
        if prefix:
            self.hoist(step, node)
            return Py(P.name(binding.py), JsType.NUM)
        before = self.fresh(binding.py + "_before")
        self.hoist(P.assign(P.store(before), P.name(binding.py)), node)
        self.hoist(step, node)
        return Py(P.name(before), JsType.NUM, pure=True)

    def x_yield_expression(self, node: Node) -> Py:
        if not self.scope.is_generator:
            self.fail("LM202", "`yield` outside a generator", node)
        if any(c.type == "*" for c in node.children):
            self.fail("LM202", "`yield*` used as a value", node)
        value = self.expr(first(node)).node if node.named_children else None
        return Py(ast.Yield(value=value))

    def x_spread_element(self, node: Node) -> Py:
        self.fail("LM202", "spread in this position", node)

    def x_arrow_function(self, node: Node) -> Py:
        return self.function_value(node)

    def x_function_expression(self, node: Node) -> Py:
        return self.function_value(node)

    def function_value(self, node: Node) -> Py:
        """A function used as a value: a lambda when it is one expression, else a nested def."""
        captured = _loop_capture(self, node)
        if captured is not None:
            self.fail(
                "LM207",
                f"a function created in a loop keeps `{captured}`; Python closures see only "
                "the last iteration's value",
                node,
            )
        result = self.callback(node, -1, "callback")
        if result is None:
            self.fail("LM202", "function value", node)
        return result[1]

    def x_new_expression(self, node: Node) -> Py:
        from .calls import new_instance

        return new_instance(self, node)

    def x_call_expression(self, node: Node) -> Py:
        from .calls import translate_call

        return translate_call(self, node, statement=False)


_LOOPS = ("for_statement", "for_in_statement", "while_statement", "do_statement")
_FUNCS = ("arrow_function", "function_expression", "function_declaration", "method_definition")


def _declared(t: TranslatorBase, node: Node, out: set[str]) -> None:
    """Names declared in `node` (variables, loop targets, parameters), not inside functions."""
    if node.type == "variable_declarator":
        name = node.child_by_field_name("name")
        if name is not None:
            _pattern_names(t, name, out)
    elif node.type == "for_in_statement":
        left = node.child_by_field_name("left")
        if left is not None:
            _pattern_names(t, left, out)
    for child in node.named_children:
        if child.type not in _FUNCS:
            _declared(t, child, out)


def _pattern_names(t: TranslatorBase, node: Node, out: set[str]) -> None:
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        out.add(t.text(node))
    for child in node.named_children:
        if child.type != "property_identifier":
            _pattern_names(t, child, out)


def _loop_capture(t: TranslatorBase, fn: Node) -> str | None:
    """A name declared inside an enclosing loop that the function value reads (late binding)."""
    used = {
        t.text(n) for n in _walk(fn) if n.type in ("identifier", "shorthand_property_identifier")
    }
    child, parent = fn, fn.parent
    while parent is not None:
        loop_names: set[str] | None = None
        if parent.type in _LOOPS and child != parent.child_by_field_name("right"):
            loop_names = set()
            _declared(t, parent, loop_names)
        elif parent.type in _FUNCS:
            call = parent.parent.parent if parent.parent is not None else None
            is_foreach = (
                call is not None
                and call.type == "call_expression"
                and t.text(call.child_by_field_name("function") or call).endswith(".forEach")
            )
            if not is_foreach:
                return None  # reached the function that owns this scope
            loop_names = set()
            for param in (parent.child_by_field_name("parameters") or parent).named_children:
                _pattern_names(t, param, loop_names)
            _declared(t, parent, loop_names)
        if loop_names:
            hit = sorted(loop_names & used)
            if hit:
                return hit[0]
        child, parent = parent, parent.parent
    return None


def _walk(node: Node) -> list[Node]:
    out = [node]
    for child in node.named_children:
        out.extend(_walk(child))
    return out


_FLOAT_CALLS = frozenset({"float", "math.sqrt", "math.log", "math.log10", "math.log2",
                          "math.exp", "math.sin", "math.cos", "math.tan", "math.atan2",
                          "math.hypot", "math.fmod", "random.random"})  # fmt: skip


def _cyclic_index(node: ast.expr) -> bool:
    """`math.fmod(i, len(xs))`: an index taken modulo a length (the integer JS `%`)."""
    return (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) == "math.fmod"
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Call)
        and isinstance(node.args[1].func, ast.Name)
        and node.args[1].func.id == "len"
    )


def float_result(node: ast.expr, float_names: set[str] | frozenset[str] = frozenset()) -> bool:
    """The number may be a Python float (`a / b`, `math.sqrt(x)`, a name holding one): it may
    be integral and would print with ".0"."""
    if isinstance(node, ast.Name):
        return node.id in float_names
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Div):
            return True
        if isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Mod | ast.Pow):
            return float_result(node.left, float_names) or float_result(node.right, float_names)
        return False
    if isinstance(node, ast.UnaryOp):
        return float_result(node.operand, float_names)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, float)
    if isinstance(node, ast.Call):
        func = ast.unparse(node.func)
        if func in ("max", "min", "abs"):
            return any(float_result(a, float_names) for a in node.args)
        return func in _FLOAT_CALLS
    if isinstance(node, ast.IfExp):
        return float_result(node.body, float_names) or float_result(node.orelse, float_names)
    return False


def _resolved(value: Py) -> JsType:
    return value.type if value.type != JsType.PROMISE else JsType.UNKNOWN


def _join(a: JsType, b: JsType) -> JsType:
    if a == b:
        return a
    if a == JsType.NULL:
        return b
    if b == JsType.NULL:
        return a
    return JsType.UNKNOWN


def _literalish(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant | ast.JoinedStr)


def _non_negative(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and node.value >= 0
    return isinstance(node, ast.Call) and ast.unparse(node.func) == "len"


GLOBAL_NAMESPACES = frozenset(
    {
        "Math",
        "JSON",
        "Object",
        "Array",
        "Number",
        "String",
        "Promise",
        "console",
        "Date",
        "process",
        "Boolean",
        "RegExp",
        "Error",
    }
)


def _math(attr_name: str, negative: bool = False) -> Callable[[TranslatorBase], Py]:
    def rule(t: TranslatorBase) -> Py:
        t.need("import math")
        sign = "-" if negative else ""
        return Py(P.parse_expr(f"{sign}math.{attr_name}"), JsType.NUM, pure=True)

    return rule


GLOBAL_CONSTANTS: dict[str, Callable[[TranslatorBase], Py]] = {
    "Math.PI": _math("pi"),
    "Math.E": _math("e"),
    "Number.MAX_SAFE_INTEGER": lambda t: Py(P.const(9007199254740991), JsType.NUM, pure=True),
    "Number.MIN_SAFE_INTEGER": lambda t: Py(P.const(-9007199254740991), JsType.NUM, pure=True),
    "Number.POSITIVE_INFINITY": _math("inf"),
    "Number.NaN": _math("nan"),
    "Number.NEGATIVE_INFINITY": _math("inf", negative=True),
    # the same doubles JavaScript has (Python's repr of each round-trips)
    **{
        f"{owner}.{name}": (lambda v: lambda t: Py(P.const(v), JsType.NUM, pure=True))(value)
        for owner, name, value in (
            ("Number", "EPSILON", 2.220446049250313e-16),
            ("Number", "MAX_VALUE", 1.7976931348623157e308),
            ("Number", "MIN_VALUE", 5e-324),
            ("Math", "LN2", 0.6931471805599453),
            ("Math", "LN10", 2.302585092994046),
            ("Math", "LOG2E", 1.4426950408889634),
            ("Math", "LOG10E", 0.4342944819032518),
            ("Math", "SQRT2", 1.4142135623730951),
            ("Math", "SQRT1_2", 0.7071067811865476),
        )
    },
}

_ = (json, re)


def _is_callee(node: Node) -> bool:
    """`node` is what a call expression calls (`f` in `f(x)`, also `(f as any)(x)`)."""
    child, parent = node, node.parent
    while parent is not None and parent.type in (
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
    ):
        child, parent = parent, parent.parent
    if parent is None or parent.type != "call_expression":
        return False
    fn = parent.child_by_field_name("function")
    return fn is not None and fn.id == child.id
