"""Statement rules: one method per tree-sitter statement type (`s_<node type>`)."""

from __future__ import annotations

import ast

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .expressions import decode_string, float_result, unwrap
from .hono import HONO_KEPT
from .jstypes import JsType, Py
from .packages import is_sync_io
from .patterns import destructure
from .syntax import first
from .tstypes import annotation_type
from .undefined import as_undefined, parsed_json, undefined_local

_AUG = {
    "+=": ast.Add,
    "-=": ast.Sub,
    "*=": ast.Mult,
    "/=": ast.Div,
    "%=": ast.Mod,
    "**=": ast.Pow,
    "|=": ast.BitOr,
    "&=": ast.BitAnd,
}
_TERMINAL = ("break_statement", "return_statement", "throw_statement", "continue_statement")
_FUNCTIONS = (
    "arrow_function",
    "function_expression",
    "function_declaration",
    "function",
    "generator_function",
    "generator_function_declaration",
)
_LOOPS = ("for_statement", "for_in_statement", "while_statement", "do_statement")


class StatementRules(TranslatorBase):
    """Declarations, assignments, control flow, exceptions."""

    def statements(self, nodes: list[Node]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for node in nodes:
            saved, self.pending = self.pending, []
            stmts = self.statement(node)
            out.extend(self.pending)
            out.extend(stmts)
            self.pending = saved
        if out and all(_is_comment(s) for s in out):
            out.append(ast.Pass())
        return out

    def statement(self, node: Node) -> list[ast.stmt]:
        rule = getattr(self, "s_" + node.type, None)
        if rule is None:
            self.fail(
                "LM202", f"unsupported statement `{node.type}`: `{self.text(node)[:60]}`", node
            )
        result: list[ast.stmt] = rule(node)
        return result

    def body_of(self, node: Node) -> list[ast.stmt]:
        with self.block():
            return self.statements(list(node.named_children))

    def suite(self, node: Node | None) -> list[ast.stmt]:
        """A nested body: a block or a single statement; never empty."""
        if node is None:
            return [ast.Pass()]
        if node.type == "statement_block":
            body = self.body_of(node)
        else:
            with self.block():
                body = self.statements([node])
        return body or [ast.Pass()]

    # ---- trivial ---------------------------------------------------------------------------
    def s_comment(self, node: Node) -> list[ast.stmt]:
        """Comments survive as Python comments (a placeholder replaced after unparsing)."""
        lines = comment_lines(self.text(node))
        if not lines:
            return []
        previous = node.prev_named_sibling
        trailing = previous is not None and previous.end_point.row == node.start_point.row
        key = f"__lumos_comment_{len(self.comments)}{'_t' if trailing else ''}__"
        self.comments[key] = lines
        return [P.expr_stmt(P.name(key))]

    def s_empty_statement(self, node: Node) -> list[ast.stmt]:
        return []

    def s_type_alias_declaration(self, node: Node) -> list[ast.stmt]:
        return []

    def s_interface_declaration(self, node: Node) -> list[ast.stmt]:
        return []

    def s_statement_block(self, node: Node) -> list[ast.stmt]:
        return self.body_of(node)

    def s_labeled_statement(self, node: Node) -> list[ast.stmt]:
        self.fail("LM202", "labeled statement", node)

    def s_class_declaration(self, node: Node) -> list[ast.stmt]:
        self.fail("LM202", "class declaration inside a function", node)

    # ---- declarations ----------------------------------------------------------------------
    def s_lexical_declaration(self, node: Node) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for decl in node.named_children:
            if decl.type == "variable_declarator":
                out.extend(self.declarator(decl))
        return out

    s_variable_declaration = s_lexical_declaration

    def declarator(self, decl: Node) -> list[ast.stmt]:
        name = decl.child_by_field_name("name")
        value_node = decl.child_by_field_name("value")
        type_node = decl.child_by_field_name("type")
        assert name is not None
        if (
            name.type == "identifier"
            and value_node is not None
            and unwrap(value_node).type in _FUNCTIONS
        ):
            fn = unwrap(value_node)
            is_async = any(c.type == "async" for c in fn.children)
            binding = self.declare(self.text(name), JsType.FUNC, is_async=is_async)
            return [self.nested_function(fn, binding.py)]
        if value_node is None:
            if name.type != "identifier":
                self.fail("LM202", "destructuring without a value", decl)
            binding = self.declare(self.text(name), annotation_type(self, type_node))
            return [P.assign(P.store(binding.py), P.const(None))]
        if name.type == "identifier" and _is_awaited_fetch(self, value_node):
            binding = self.declare(self.text(name), JsType.RESPONSE)
            self.fetch_target = binding.py
            self.expr(value_node)
            return []
        if name.type == "identifier" and unwrap(value_node).type == "await_expression":
            caught = self.declared_catch(self.text(name), unwrap(value_node), type_node)
            if caught is not None:
                return caught
        value = self.expr(value_node)
        if value.awaitable and unwrap(value_node).type != "await_expression":
            pass  # a coroutine kept for later (Promise.all, await p)
        if name.type == "identifier":
            declared = annotation_type(self, type_node)
            kind = value.type if value.type != JsType.UNKNOWN else declared
            binding = self.declare(self.text(name), kind)
            binding.role_object = (
                value.role_object
                if value.role_object
                in ("g", "", "str_list", "pairs", "structured", "param_pairs", *HONO_KEPT)
                or value.role_object in ("maybe_nan", "input_data", "json")
                or value.type == JsType.INSTANCE  # the class's member table
                else None
            )
            if value.type == JsType.FUNC and value.role_object == "async":
                binding.is_async = True
            if float_result(value.node, self.float_names):
                self.float_names.add(binding.py)  # prints through number_text in templates
            if parsed_json(value):  # its fields may be missing (undefined.py)
                binding.meta["json"] = True
                binding.role_object = binding.role_object or "json"
            if isinstance(value.node, ast.Name) and value.node.id == binding.py:
                return []
            return [P.assign(P.store(binding.py), self.undefined_local_value(name, value))]
        return destructure(self, name, value, decl)

    def undefined_local_value(self, name: Node, value: Py) -> ast.expr:
        """`const id = data.get("id")` keeps UNDEFINED for a missing key when every read of
        the local is one where undefined and null differ harmlessly (undefined.py)."""
        binding = self.lookup(self.text(name))
        if (
            binding is None
            or binding.type != JsType.UNKNOWN
            or isinstance(value.node, ast.Name)
            or not undefined_local(self, name, value.undefined)
        ):
            return value.node
        rewritten = as_undefined(self, value)
        if rewritten is None:
            return value.node
        binding.meta["undefined"] = value.undefined
        return rewritten

    def s_function_declaration(self, node: Node) -> list[ast.stmt]:
        name = node.child_by_field_name("name")
        assert name is not None
        is_async = any(c.type == "async" for c in node.children)
        binding = self.declare(self.text(name), JsType.FUNC, is_async=is_async)
        return [self.nested_function(node, binding.py)]

    s_generator_function_declaration = s_function_declaration

    # ---- expressions as statements ---------------------------------------------------------
    def s_expression_statement(self, node: Node) -> list[ast.stmt]:
        expr = unwrap(first(node))
        kind = expr.type
        if kind == "assignment_expression":
            return self.assignment(expr)
        if kind == "augmented_assignment_expression":
            return self.augmented(expr)
        if kind == "await_expression":
            caught = self.await_catch(expr)
            if caught is not None:
                return caught
        if kind == "yield_expression" and any(c.type == "*" for c in expr.children):
            # yield* inner -> yield from inner (async generators: async for ... yield)
            inner = self.expr(first(expr)).node
            if self.scope.is_async:
                item = self.fresh("item")
                return [ast.AsyncFor(target=P.store(item), iter=inner,
                                     body=[P.expr_stmt(ast.Yield(value=P.name(item)))], orelse=[],
                                     lineno=0)]  # fmt: skip
            return [P.expr_stmt(ast.YieldFrom(value=inner))]
        if kind == "update_expression":
            arg = expr.child_by_field_name("argument")
            assert arg is not None
            op: ast.operator = ast.Add() if "++" in self.text(expr) else ast.Sub()
            target = self.target(arg)
            return [ast.AugAssign(target=target, op=op, value=P.const(1), lineno=0)]
        if kind == "unary_expression" and expr.children[0].type == "delete":
            return self.delete(expr)
        if kind == "string":
            return []  # "use strict"
        if kind == "call_expression":
            special = self.statement_call(expr)
            if special is not None:
                return special
            from .calls import translate_call

            value = translate_call(self, expr, statement=True)
            if value.awaitable:
                self.fail("LM207", "async call not awaited (fire and forget)", expr)
            if isinstance(value.node, ast.Name | ast.Constant):
                return []
            return [P.expr_stmt(value.node)]
        value = self.expr(expr)
        if value.role_object == "awaited" and isinstance(value.node, ast.Name):
            return []
        if isinstance(value.node, ast.Name | ast.Constant):
            return []
        return [P.expr_stmt(value.node)]

    def await_catch(self, expr: Node) -> list[ast.stmt] | None:
        """`await p.catch((e) => ...)` as a statement: try/except around `await p`."""
        from .calls import arguments_of

        call = unwrap(first(expr))
        if call.type != "call_expression":
            return None
        fn = unwrap(call.child_by_field_name("function"))  # type: ignore[arg-type]
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        args = arguments_of(call)
        if prop is None or self.text(prop) != "catch" or len(args) != 1:
            return None
        handler = unwrap(args[0])
        if handler.type not in ("arrow_function", "function_expression"):
            return None
        promise = unwrap(fn.child_by_field_name("object"))  # type: ignore[arg-type]
        saved, self.pending = self.pending, []
        self.assume_awaited = promise
        value = self.expr(promise)
        self.assume_awaited = None
        if value.awaitable:
            self.scope.awaits = True
            body_stmts: list[ast.stmt] = [P.expr_stmt(ast.Await(value=value.node))]
        elif value.role_object == "awaited":
            body_stmts = []
        elif is_sync_io(value):  # await readFile(...).catch(...)
            body_stmts = [P.expr_stmt(value.node)]
        else:
            self.pending = saved
            return None
        body = [*self.pending, *body_stmts]
        self.pending = saved
        from .functions import fn_body, fn_params

        params = fn_params(handler)
        with self.block():
            name = None
            if params:
                pattern = (
                    params[0]
                    if params[0].type == "identifier"
                    else params[0].child_by_field_name("pattern")
                )
                if pattern is None or pattern.type != "identifier":
                    self.fail("LM202", "destructured catch handler", handler)
                name = self.declare(self.text(pattern), JsType.ERROR).py
            handler_body_node = fn_body(handler)
            if handler_body_node.type == "statement_block":
                handler_body = self.body_of(handler_body_node)
            elif (
                unwrap(handler_body_node).type in ("undefined", "null")
                or self.text(handler_body_node) == "undefined"
            ):
                handler_body = []
            else:
                handler_body = self.statements_from_expression(handler_body_node)
        handler_body = [s for s in handler_body if not isinstance(s, ast.Return)] or [ast.Pass()]
        used = any(
            isinstance(n, ast.Name) and n.id == name for s in handler_body for n in ast.walk(s)
        )
        except_ = ast.ExceptHandler(
            type=P.name("Exception"), name=name if used else None, body=handler_body
        )
        return [ast.Try(body=body or [ast.Pass()], handlers=[except_], orelse=[], finalbody=[])]

    def declared_catch(
        self, js_name: str, expr: Node, type_node: Node | None
    ) -> list[ast.stmt] | None:
        """`const x = await p.catch(() => fallback)`: try/except assigning either value to x."""
        from .calls import arguments_of
        from .functions import fn_body, fn_params

        call = unwrap(first(expr))
        if call.type != "call_expression":
            return None
        fn = unwrap(call.child_by_field_name("function"))  # type: ignore[arg-type]
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        args = arguments_of(call)
        if prop is None or self.text(prop) != "catch" or len(args) != 1:
            return None
        handler = unwrap(args[0])
        if handler.type not in ("arrow_function", "function_expression") or fn_params(handler):
            return None
        fallback_node = fn_body(handler)
        if fallback_node.type == "statement_block":
            return None
        promise = unwrap(fn.child_by_field_name("object"))  # type: ignore[arg-type]
        saved, self.pending = self.pending, []
        self.assume_awaited = promise
        try:
            value = self.expr(promise)
        finally:
            self.assume_awaited = None
        if value.awaitable:
            self.scope.awaits = True
            value = Py(ast.Await(value=value.node), value.type)
        elif value.role_object == "awaited" or isinstance(value.node, ast.Await):
            pass
        elif not is_sync_io(value):
            self.pending = saved
            return None
        body_pending, self.pending = self.pending, []
        fallback = self.expr(fallback_node)
        handler_pending = self.pending
        self.pending = saved
        declared = annotation_type(self, type_node)
        kind = value.type if value.type == fallback.type else declared
        binding = self.declare(js_name, kind)
        if value.role_object == "str_list" and fallback.type == JsType.LIST:
            binding.role_object = "str_list"
        target = P.store(binding.py)
        return [
            ast.Try(
                body=[*body_pending, P.assign(target, value.node)],
                handlers=[
                    ast.ExceptHandler(
                        type=P.name("Exception"),
                        name=None,
                        body=[*handler_pending, P.assign(P.store(binding.py), fallback.node)],
                    )
                ],
                orelse=[],
                finalbody=[],
            )
        ]

    def statement_call(self, node: Node) -> list[ast.stmt] | None:
        """Calls that are statements in Python: forEach -> for loop, Object.assign -> update."""
        fn = unwrap(node.child_by_field_name("function"))  # type: ignore[arg-type]
        if fn.type != "member_expression":
            return None
        prop = self.text(fn.child_by_field_name("property"))  # type: ignore[arg-type]
        url_update = self.url_params_call(fn, prop, node)
        if url_update is not None:
            return url_update
        if prop != "forEach":
            return None
        from .calls import arguments_of

        args = arguments_of(node)
        if len(args) != 1:
            self.fail("LM204", "forEach() with a thisArg", node)
        obj_node = fn.child_by_field_name("object")
        assert obj_node is not None
        obj = self.expr(obj_node)
        if obj.type == JsType.MAP:
            self.fail("LM204", "Map.forEach (value, key order)", node)
        cb = unwrap(args[0])
        if cb.type not in _FUNCTIONS:
            callee = self.expr(cb)
            item = self.fresh("item")
            return [
                ast.For(
                    target=P.store(item),
                    iter=obj.node,
                    body=[P.expr_stmt(P.call(callee.node, P.name(item)))],
                    orelse=[],
                    lineno=0,
                )
            ]
        if any(c.type == "async" for c in cb.children):
            self.fail("LM207", "forEach with an async callback does not wait in JS", node)
        from .functions import fn_body, fn_params

        params = fn_params(cb)
        with self.block():
            targets: list[ast.expr] = []
            prologue: list[ast.stmt] = []
            data = obj.role_object if obj.role_object in ("input_data", "json") else None
            for index, p in enumerate(params):
                pattern = p if p.type == "identifier" else p.child_by_field_name("pattern")
                if pattern is None:
                    self.fail("LM202", f"forEach parameter `{self.text(p)}`", p)
                if pattern.type == "identifier":
                    role = data if index == 0 else None  # elements of input data are input data
                    targets.append(P.store(self.declare(self.text(pattern), role_object=role).py))
                else:
                    tmp = self.fresh("item")
                    targets.append(P.store(tmp))
                    prologue.extend(destructure(self, pattern, Py(P.name(tmp), pure=True), pattern))
            if len(targets) > 2:
                self.fail("LM204", "forEach callback using its third parameter", node)
            body_node = fn_body(cb)
            self.loop_return_continue += 1
            try:
                if body_node.type == "statement_block":
                    body = self.body_of(body_node)
                else:
                    body = self.statements_from_expression(body_node)
            finally:
                self.loop_return_continue -= 1
        iterable = obj.node
        if len(targets) == 2:
            target: ast.expr = ast.Tuple(elts=[targets[1], targets[0]], ctx=ast.Store())
            iterable = P.call("enumerate", iterable)
        elif targets:
            target = targets[0]
        else:
            target = P.store("_")
        return [
            ast.For(
                target=target,
                iter=iterable,
                body=[*prologue, *body] or [ast.Pass()],
                orelse=[],
                lineno=0,
            )
        ]

    def url_search_assignment(self, left: Node, right: Node) -> list[ast.stmt] | None:
        """`url.search = query` -> `url = url.copy_with(query=query.encode())`."""
        obj = unwrap(self.child(left, "object"))
        if obj.type != "identifier" or self.text(self.child(left, "property")) != "search":
            return None
        binding = self.lookup(self.text(obj))
        if binding is None or binding.type != JsType.URL:
            return None
        value = self.expr(right)
        if value.type == JsType.PARAMS:
            from .methods import _urlencode

            value = _urlencode(self, value)
        if value.type != JsType.STR:
            self.fail("LM207", "url.search set to a value that is not a known string", right)
        query = P.method(P.method(value.node, "removeprefix", P.const("?")), "encode")
        call = P.method(P.name(binding.py), "copy_with", query=query)
        return [ast.Assign(targets=[self.target(obj)], value=call, lineno=0)]

    def url_params_call(self, fn: Node, prop: str, node: Node) -> list[ast.stmt] | None:
        """`url.searchParams.set(k, v)` -> `url = url.copy_set_param(k, v)` (httpx URLs are immutable)."""
        from .calls import arguments_of

        holder = unwrap(fn.child_by_field_name("object"))  # type: ignore[arg-type]
        if holder.type != "member_expression":
            return None
        if self.text(holder.child_by_field_name("property")) != "searchParams":  # type: ignore[arg-type]
            return None
        url_node = unwrap(holder.child_by_field_name("object"))  # type: ignore[arg-type]
        if url_node.type != "identifier":
            return None
        binding = self.lookup(self.text(url_node))
        if binding is None or binding.type != JsType.URL:
            return None
        methods = {
            "set": "copy_set_param",
            "append": "copy_add_param",
            "delete": "copy_remove_param",
        }
        if prop not in methods:
            self.fail("LM204", f"`searchParams.{prop}()`", node)
        parts = [self.expr(a) for a in arguments_of(node)]
        values = [
            p.node if (i == 0 or p.type == JsType.STR) else P.call("str", p.node)
            for i, p in enumerate(parts)
        ]
        target = self.target(url_node)
        call = P.method(P.name(binding.py), methods[prop], *values)
        return [ast.Assign(targets=[target], value=call, lineno=0)]

    def statements_from_expression(self, node: Node) -> list[ast.stmt]:
        """The body of `x => expr` used as a statement (forEach)."""
        fake = node
        saved, self.pending = self.pending, []
        if unwrap(fake).type in (
            "assignment_expression",
            "augmented_assignment_expression",
            "update_expression",
            "call_expression",
        ):
            stmts = self._expression_statement_of(unwrap(fake))
        else:
            stmts = [P.expr_stmt(self.expr(fake).node)]
        out = [*self.pending, *stmts]
        self.pending = saved
        return out

    def _expression_statement_of(self, expr: Node) -> list[ast.stmt]:
        kind = expr.type
        if kind == "assignment_expression":
            return self.assignment(expr)
        if kind == "augmented_assignment_expression":
            return self.augmented(expr)
        if kind == "update_expression":
            arg = expr.child_by_field_name("argument")
            assert arg is not None
            op = ast.Add() if "++" in self.text(expr) else ast.Sub()
            return [ast.AugAssign(target=self.target(arg), op=op, value=P.const(1), lineno=0)]
        special = self.statement_call(expr)
        if special is not None:
            return special
        from .calls import translate_call

        value = translate_call(self, expr, statement=True)
        return [P.expr_stmt(value.node)]

    def delete(self, expr: Node) -> list[ast.stmt]:
        arg = unwrap(expr.child_by_field_name("argument"))  # type: ignore[arg-type]
        if arg.type == "member_expression":
            obj = self.expr(arg.child_by_field_name("object"))  # type: ignore[arg-type]
            key: ast.expr = P.const(self.text(arg.child_by_field_name("property")))  # type: ignore[arg-type]
        elif arg.type == "subscript_expression":
            obj = self.expr(arg.child_by_field_name("object"))  # type: ignore[arg-type]
            key = self.expr(arg.child_by_field_name("index")).node  # type: ignore[arg-type]
        else:
            self.fail("LM202", "delete of something other than a property", expr)
        return [P.expr_stmt(P.method(obj.node, "pop", key, P.const(None)))]

    # ---- assignment ------------------------------------------------------------------------
    def target(self, node: Node) -> ast.Name | ast.Subscript:
        node = unwrap(node)
        if node.type == "non_null_expression":
            node = unwrap(first(node))
        if node.type == "identifier":
            js = self.text(node)
            binding = self.lookup(js)
            if binding is None:
                self.fail("LM202", f"assignment to module-level or unknown name `{js}`", node)
            if binding.kind != "var":
                self.fail("LM206", f"assignment to `{js}`, a runtime context member", node)
            if binding.depth < self.scope.depth:
                self.scope.nonlocals.add(binding.py)
            return P.store(binding.py)
        if node.type == "member_expression":
            obj = self.expr(node.child_by_field_name("object"))  # type: ignore[arg-type]
            prop = self.text(node.child_by_field_name("property"))  # type: ignore[arg-type]
            if obj.type == JsType.INSTANCE:  # this.tokens = ...
                from .instances import member_target

                return member_target(self, obj, prop, node)  # type: ignore[return-value]
            if prop == "length":
                self.fail("LM207", "assignment to `.length` (truncates an array in JS)", node)
            if obj.type not in (JsType.UNKNOWN, JsType.DICT):
                self.fail("LM207", f"assignment to `.{prop}` of a {obj.type.value}", node)
            return ast.Subscript(value=obj.node, slice=P.const(prop), ctx=ast.Store())
        if node.type == "subscript_expression":
            obj = self.expr(node.child_by_field_name("object"))  # type: ignore[arg-type]
            index = self.expr(node.child_by_field_name("index"))  # type: ignore[arg-type]
            if obj.type not in (JsType.UNKNOWN, JsType.DICT, JsType.LIST, JsType.MAP):
                self.fail("LM207", f"indexed assignment on a {obj.type.value}", node)
            return ast.Subscript(value=obj.node, slice=index.node, ctx=ast.Store())
        self.fail("LM202", f"assignment target `{self.text(node)[:40]}`", node)

    def assignment(self, expr: Node) -> list[ast.stmt]:
        left = expr.child_by_field_name("left")
        right = expr.child_by_field_name("right")
        assert left is not None and right is not None
        if unwrap(right).type in ("assignment_expression",):
            self.fail("LM202", "chained assignment", expr)
        left_un = unwrap(left)
        if left_un.type in ("object_pattern", "array_pattern"):
            if (
                left_un.type == "array_pattern"
                and unwrap(right).type == "array"
                and all(c.type == "identifier" for c in left_un.named_children)
            ):
                # [a, b] = [b, a]: a tuple swap
                values = [self.expr(c).node for c in unwrap(right).named_children]
                targets: list[ast.expr] = [self.target(c) for c in left_un.named_children]
                return [
                    ast.Assign(
                        targets=[ast.Tuple(elts=targets, ctx=ast.Store())],
                        value=ast.Tuple(elts=values, ctx=ast.Load()),
                        lineno=0,
                    )
                ]
            value = self.expr(right)
            return destructure(self, left_un, value, expr, declare=False)
        if left_un.type == "identifier" and _is_awaited_fetch(self, right):
            target = self.target(left_un)
            assert isinstance(target, ast.Name)
            self.fetch_target = target.id
            self.expr(right)
            return []
        if left_un.type == "member_expression":
            url_update = self.url_search_assignment(left_un, right)
            if url_update is not None:
                return url_update
        value = self.expr(right)
        target = self.target(left)
        if isinstance(target, ast.Name) and float_result(value.node, self.float_names):
            self.float_names.add(target.id)
        if left_un.type == "identifier":
            binding = self.lookup(self.text(left_un))
            if binding is not None and binding.type != value.type:
                binding.type = (
                    value.type if binding.type in (JsType.UNKNOWN, JsType.NULL) else JsType.UNKNOWN
                )
        return [ast.Assign(targets=[target], value=value.node, lineno=0)]

    def augmented(self, expr: Node) -> list[ast.stmt]:
        left = expr.child_by_field_name("left")
        right = expr.child_by_field_name("right")
        op_node = expr.child_by_field_name("operator")
        assert left is not None and right is not None
        op = self.text(op_node) if op_node is not None else self.text(expr.children[1])
        if op in ("??=", "||=", "&&="):
            current = self.lenient(left)
            with self.guarded():
                value = self.expr(right)
            load = current.node
            test = {"??=": P.is_none(load), "||=": P.not_(load), "&&=": load}[op]
            target = self.target(left)
            return [
                ast.If(
                    test=test,
                    body=[ast.Assign(targets=[target], value=value.node, lineno=0)],
                    orelse=[],
                )
            ]
        if op not in _AUG:
            self.fail("LM202", f"operator `{op}`", expr)
        value = self.expr(right)
        current = self.expr(left)
        if op == "+=":
            if current.type == JsType.STR and value.type != JsType.STR:
                value = Py(self.joined([self.formatted(value, right)]), JsType.STR)  # type: ignore[attr-defined]
            elif JsType.STR not in (current.type, value.type) and JsType.LIST in (
                current.type,
                value.type,
            ):
                self.fail("LM207", "`+=` on an array stringifies it in JS", expr)
        if op == "%=":
            self.warn("`%=` follows Python's sign rule for negative values", expr)
        target = self.target(left)
        if isinstance(target, ast.Name) and (
            op == "/=" or float_result(value.node, self.float_names)
        ):
            self.float_names.add(target.id)  # t += x * 0.5 may hold an integral float
        return [ast.AugAssign(target=target, op=_AUG[op](), value=value.node, lineno=0)]

    # ---- control flow ----------------------------------------------------------------------
    def s_return_statement(self, node: Node) -> list[ast.stmt]:
        value_node = first(node) if node.named_children else None
        if self.loop_return_continue:
            if value_node is not None:
                self.fail("LM202", "return with a value inside a forEach callback", node)
            return [ast.Continue()]
        if value_node is None:
            return [ast.Return(value=None)]
        if self.scope.is_generator and self.scope.is_async:
            self.fail("LM202", "return with a value in an async generator", node)
        value = self.expr(value_node)
        if (
            value.awaitable
            and self.scope.is_async
            and unwrap(value_node).type != "await_expression"
        ):
            # `return fetchThing()` in an async function resolves the promise
            self.scope.awaits = True
            return [ast.Return(value=ast.Await(value=value.node))]
        return [ast.Return(value=value.node)]

    def s_if_statement(self, node: Node) -> list[ast.stmt]:
        cond = node.child_by_field_name("condition")
        cons = node.child_by_field_name("consequence")
        alt = node.child_by_field_name("alternative")
        assert cond is not None
        test = self.test(cond)
        if _narrows(self, cond):  # if (e instanceof ProjectError && ...) { e.status ... }
            with self.block():
                self.narrow_condition(cond)  # type: ignore[attr-defined]
                body = self.suite(cons)
        else:
            body = self.suite(cons)
        orelse: list[ast.stmt] = []
        if alt is not None:
            inner = first(alt) if alt.type == "else_clause" else alt
            if inner.type == "if_statement":
                saved, self.pending = self.pending, []
                elif_stmts = self.s_if_statement(inner)
                hoisted, self.pending = self.pending, saved
                orelse = [*hoisted, *elif_stmts]
            else:
                orelse = self.suite(inner)
        return [ast.If(test=test, body=body, orelse=orelse)]

    def s_while_statement(self, node: Node) -> list[ast.stmt]:
        cond = node.child_by_field_name("condition")
        assert cond is not None
        with self.guarded():
            test = self.test(cond)
        return [ast.While(test=test, body=self.suite(node.child_by_field_name("body")), orelse=[])]

    def s_do_statement(self, node: Node) -> list[ast.stmt]:
        body_node = node.child_by_field_name("body")
        cond = node.child_by_field_name("condition")
        assert cond is not None
        if body_node is not None and _has_loop_continue(body_node):
            self.fail("LM202", "`continue` inside do...while", node)
        body = self.suite(body_node)
        with self.guarded():
            test = self.test(cond)
        stop = ast.If(test=P.not_(test), body=[ast.Break()], orelse=[])
        return [
            ast.While(
                test=P.const(True),
                body=[*[b for b in body if not isinstance(b, ast.Pass)], stop],
                orelse=[],
            )
        ]

    def s_break_statement(self, node: Node) -> list[ast.stmt]:
        if node.named_children:
            self.fail("LM202", "labeled break", node)
        if self.loop_return_continue:
            self.fail("LM202", "break inside a forEach callback", node)
        return [ast.Break()]

    def s_continue_statement(self, node: Node) -> list[ast.stmt]:
        if node.named_children:
            self.fail("LM202", "labeled continue", node)
        return [ast.Continue()]

    def s_for_statement(self, node: Node) -> list[ast.stmt]:
        init = node.child_by_field_name("initializer")
        cond = node.child_by_field_name("condition")
        incr = node.child_by_field_name("increment")
        body_node = node.child_by_field_name("body")
        ranged = self.range_loop(init, cond, incr, body_node)
        if ranged is not None:
            return ranged
        if body_node is not None and _has_loop_continue(body_node):
            self.fail("LM202", "`continue` in a for loop that is not a simple counter", node)
        with self.block():
            out = self.statements([init]) if init is not None and init.type != ";" else []
            with self.guarded():
                test = self.test(cond) if cond is not None and cond.type != ";" else P.const(True)
            body = self.suite(body_node)
            if incr is not None:
                with self.guarded():
                    body = [b for b in body if not isinstance(b, ast.Pass)]
                    body.extend(self.statements_from_expression(incr))
            out.append(ast.While(test=test, body=body or [ast.Pass()], orelse=[]))
        return out

    def range_loop(
        self, init: Node | None, cond: Node | None, incr: Node | None, body: Node | None
    ) -> list[ast.stmt] | None:
        """`for (let i = a; i < b; i++)` -> `for i in range(a, b)` when i is only counted."""
        if init is None or cond is None or incr is None or body is None:
            return None
        if init.type != "lexical_declaration" or len(init.named_children) != 1:
            return None
        decl = first(init)
        name_node, start_node = decl.child_by_field_name("name"), decl.child_by_field_name("value")
        if name_node is None or start_node is None or name_node.type != "identifier":
            return None
        var = self.text(name_node)
        cond_un = unwrap(first(cond) if cond.type == "expression_statement" else cond)
        if cond_un.type != "binary_expression":
            return None
        op = self.text(cond_un.child_by_field_name("operator"))  # type: ignore[arg-type]
        if self.text(cond_un.child_by_field_name("left")) != var:  # type: ignore[arg-type]
            return None
        incr_text = self.text(incr).replace(" ", "")
        step: int
        if incr_text in (f"{var}++", f"++{var}", f"{var}+=1"):
            step = 1
        elif incr_text in (f"{var}--", f"--{var}", f"{var}-=1"):
            step = -1
        elif incr_text.startswith(f"{var}+=") and incr_text[len(var) + 2 :].isdigit():
            step = int(incr_text[len(var) + 2 :])
        else:
            return None
        if (step > 0 and op not in ("<", "<=")) or (step < 0 and op not in (">", ">=")):
            return None
        if _assigns(self, body, var):
            return None
        start = self.expr(start_node)
        bound = self.expr(cond_un.child_by_field_name("right"))  # type: ignore[arg-type]
        stop = bound.node
        if op in ("<=", ">="):
            delta = 1 if step > 0 else -1
            if isinstance(stop, ast.Constant) and isinstance(stop.value, int):
                stop = P.const(stop.value + delta)
            else:
                stop = ast.BinOp(
                    left=stop, op=ast.Add() if delta > 0 else ast.Sub(), right=P.const(1)
                )
        args: list[ast.expr] = [stop]
        if not (isinstance(start.node, ast.Constant) and start.node.value == 0 and step == 1):
            args = [start.node, stop]
        if step != 1:
            args = [start.node, stop, P.const(step)]
        with self.block():
            binding = self.declare(var, JsType.NUM)
            loop_body = self.suite(body)
        used = any(
            isinstance(n, ast.Name) and n.id == binding.py for s in loop_body for n in ast.walk(s)
        )
        loop = ast.For(
            target=P.store(binding.py if used else "_"),  # only counting: `for _ in range(n)`
            iter=P.call("range", *args),
            body=loop_body,
            orelse=[],
            lineno=0,
        )
        return [_yield_from(loop)]

    def s_for_in_statement(self, node: Node) -> list[ast.stmt]:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        body_node = node.child_by_field_name("body")
        operator = node.child_by_field_name("operator")
        assert left is not None and right is not None
        is_await = any(c.type == "await" for c in node.children)
        is_of = operator is not None and self.text(operator) == "of"
        kind_node = node.child_by_field_name("kind")
        iterable = self.iteration_source(right, is_of, node)
        if is_await:
            async_call = isinstance(iterable.node, ast.Call) and iterable.type != JsType.STREAM
            if not async_call and (
                iterable.type != JsType.STREAM or iterable.role_object != "text"
            ):
                self.fail(
                    "LM209" if "stream" in self.text(right).lower() else "LM202",
                    "`for await` over something other than an agent's textStream",
                    node,
                )
            self.scope.awaits = True
        with self.block():
            prologue: list[ast.stmt] = []
            left_un = unwrap(left)
            if left_un.type == "identifier":
                if kind_node is None:
                    target: ast.expr = self.target(left_un)
                else:
                    elem = (
                        JsType.STR if iterable.type == JsType.STR or not is_of else JsType.UNKNOWN
                    )
                    if iterable.type == JsType.STREAM or iterable.role_object == "str_list":
                        elem = JsType.STR  # text chunks; Object.keys(...) are strings
                    data = (
                        iterable.role_object
                        if iterable.role_object in ("input_data", "json")
                        else None
                    )
                    target = P.store(self.declare(self.text(left_un), elem, role_object=data).py)
            elif left_un.type == "array_pattern" and all(
                c.type == "identifier" for c in left_un.named_children
            ):
                pairs = iterable.role_object == "pairs"
                target = P.to_store(self.array_target(left_un, pairs))  # type: ignore[attr-defined]
            elif left_un.type in ("object_pattern", "array_pattern"):
                tmp = self.fresh("item")
                target = P.store(tmp)
                prologue = destructure(self, left_un, Py(P.name(tmp), pure=True), left_un)
            else:
                self.fail("LM202", f"loop target `{self.text(left)}`", left)
            body = self.suite(body_node)
        stmt_cls = ast.AsyncFor if is_await else ast.For
        loop = stmt_cls(
            target=target,
            iter=iterable.node,  # type: ignore[call-arg]
            body=[*prologue, *[b for b in body if not (prologue and isinstance(b, ast.Pass))]],
            orelse=[],
            lineno=0,
        )
        return [_yield_from(loop)]

    def iteration_source(self, right: Node, is_of: bool, node: Node) -> Py:
        """What to loop over; `Object.entries(o)` loops over `o.items()` directly, and so on."""
        value = self.expr(right)
        if not is_of:
            if value.type == JsType.LIST:
                self.fail("LM207", "for...in over an array gives string indices", node)
            return Py(value.node, JsType.STR)
        v = value.node
        if (
            isinstance(v, ast.Call)
            and isinstance(v.func, ast.Name)
            and v.func.id == "list"
            and len(v.args) == 1
        ):
            inner = v.args[0]
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute | ast.Name):
                # list(o.items()) / list(enumerate(xs))
                return Py(inner, value.type, value.role_object)
            return Py(inner, value.type, value.role_object)  # list(o) -> o (keys)
        if value.type == JsType.MAP:
            return Py(P.method(v, "items"), JsType.LIST)
        return value

    def s_throw_statement(self, node: Node) -> list[ast.stmt]:
        arg = unwrap(first(node))
        if arg.type == "new_expression":
            from .calls import arguments_of

            if len(arguments_of(arg)) > 1:
                self.warn("error options (cause) dropped", node)
        value = self.expr(arg)
        if value.type != JsType.ERROR:
            self.fail("LM207", "throwing a value that is not an Error", node)
        return [ast.Raise(exc=value.node, cause=None)]

    def s_try_statement(self, node: Node) -> list[ast.stmt]:
        body = self.suite(node.child_by_field_name("body"))
        handler = node.child_by_field_name("handler")
        finalizer = node.child_by_field_name("finalizer")
        handlers: list[ast.ExceptHandler] = []
        if handler is not None:
            param = handler.child_by_field_name("parameter")
            with self.block():
                name: str | None = None
                if param is not None:
                    if param.type != "identifier":
                        self.fail("LM202", "destructuring in catch", param)
                    name = self.declare(self.text(param), JsType.ERROR).py
                handler_body = self.suite(handler.child_by_field_name("body"))
            used = any(
                isinstance(n, ast.Name) and n.id == name for s in handler_body for n in ast.walk(s)
            )
            handlers.append(
                ast.ExceptHandler(
                    type=P.name("Exception"), name=name if used else None, body=handler_body
                )
            )
        final_body: list[ast.stmt] = []
        if finalizer is not None:
            final_body = self.suite(finalizer.child_by_field_name("body"))
            if handlers and all(isinstance(s, ast.Pass) for s in final_body):
                final_body = []
        return [ast.Try(body=body, handlers=handlers, orelse=[], finalbody=final_body)]

    def s_switch_statement(self, node: Node) -> list[ast.stmt]:
        value_node = node.child_by_field_name("value")
        body = node.child_by_field_name("body")
        assert value_node is not None and body is not None
        subject = self.expr(value_node)
        groups: list[tuple[list[Node], list[Node], bool]] = []  # (case values, statements, default)
        values: list[Node] = []
        is_default = False
        clauses = [c for c in body.named_children if c.type in ("switch_case", "switch_default")]
        for i, clause in enumerate(clauses):
            if clause.type == "switch_default":
                is_default = True
            else:
                values.append(clause.child_by_field_name("value"))  # type: ignore[arg-type]
            stmts = [
                c
                for c in clause.named_children
                if c != clause.child_by_field_name("value") and c.type != "comment"
            ]
            if not stmts:
                if i == len(clauses) - 1:
                    groups.append((values, [], is_default))
                continue
            last = stmts[-1]
            while last.type == "statement_block" and last.named_children:
                last = last.named_children[-1]
            if last.type not in _TERMINAL and i != len(clauses) - 1:
                self.fail("LM202", "switch case falls through to the next case", clause)
            if stmts[-1].type == "break_statement":
                stmts = stmts[:-1]
            elif len(stmts) == 1 and _block_ending_in_break(stmts[0]):
                # `case 'x': { ...; break; }`: the block's statements, without the break
                stmts = [c for c in stmts[0].named_children if c.type != "comment"][:-1]
            for s in stmts:
                if _has_switch_break(s):
                    self.fail("LM202", "break in the middle of a switch case", s)
            groups.append((values, stmts, is_default))
            values, is_default = [], False
        use_match = (
            all(unwrap(v).type == "string" for vals, _, _ in groups for v in vals)
            and len(groups) > 1
        )
        if use_match:
            cases: list[ast.match_case] = []
            default_case: ast.match_case | None = None
            for vals, stmts, dflt in groups:
                with self.block():
                    case_body = self.statements(stmts) or [ast.Pass()]
                if dflt:
                    default_case = ast.match_case(
                        pattern=ast.MatchAs(pattern=None, name=None), body=case_body
                    )
                    continue
                patterns: list[ast.pattern] = [
                    ast.MatchValue(value=P.const(decode_string(self.text(unwrap(v))[1:-1])))
                    for v in vals
                ]
                pattern = patterns[0] if len(patterns) == 1 else ast.MatchOr(patterns=patterns)
                cases.append(ast.match_case(pattern=pattern, body=case_body))
            if default_case is not None:
                cases.append(default_case)
            return [ast.Match(subject=subject.node, cases=cases)]
        if isinstance(subject.node, ast.Constant) and subject.node.value is True:
            return self.switch_true(groups)
        subj = self.temp(subject, "value", node)
        chain: list[ast.stmt] = []
        default_body: list[ast.stmt] = []
        branches: list[tuple[ast.expr, list[ast.stmt]]] = []
        for vals, stmts, dflt in groups:
            with self.block():
                case_body = self.statements(stmts) or [ast.Pass()]
            if dflt:
                default_body = case_body
                if not vals:
                    continue
            tests = [self.expr(v).node for v in vals]
            test: ast.expr = (
                ast.Compare(left=subj.node, ops=[ast.Eq()], comparators=tests)
                if len(tests) == 1
                else ast.Compare(
                    left=subj.node,
                    ops=[ast.In()],
                    comparators=[ast.Tuple(elts=tests, ctx=ast.Load())],
                )
            )
            branches.append((test, case_body))
        if not branches:
            return default_body
        orelse = default_body
        for test, case_body in reversed(branches):
            orelse = [ast.If(test=test, body=case_body, orelse=orelse)]
        chain.extend(orelse)
        return chain

    def switch_true(self, groups: list[tuple[list[Node], list[Node], bool]]) -> list[ast.stmt]:
        """`switch (true) { case a > 1: ... }`: an if/elif chain on the cases themselves (a
        boolean case is `true === case`; any other value is compared with `is True`)."""
        branches: list[tuple[ast.expr, list[ast.stmt]]] = []
        default_body: list[ast.stmt] = []
        for vals, stmts, dflt in groups:
            with self.block():
                case_body = self.statements(stmts) or [ast.Pass()]
            if dflt:
                default_body = case_body
                if not vals:
                    continue
            tests: list[ast.expr] = []
            for v in vals:
                value = self.expr(v)
                tests.append(
                    value.node
                    if value.type is JsType.BOOL
                    else ast.Compare(left=value.node, ops=[ast.Is()], comparators=[P.const(True)])
                )
            test = tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.Or(), values=tests)
            branches.append((test, case_body))
        orelse = default_body
        for test, case_body in reversed(branches):
            orelse = [ast.If(test=test, body=case_body, orelse=orelse)]
        return orelse


_NOISE = ("eslint-", "@ts-", "prettier-ignore", "istanbul ignore")


def comment_lines(text: str) -> list[str]:
    """The lines of a `//` or `/* */` comment, without markers; tool directives dropped."""
    if text.startswith("//"):
        body = [text[2:].strip()]
    else:
        body = [line.strip().lstrip("*").strip() for line in text[2:-2].splitlines()]
    body = [line for line in body if line]
    if any(line.startswith(_NOISE) for line in body):
        return []
    return body


def _is_comment(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Name)
        and stmt.value.id.startswith("__lumos_comment_")
    )


def _yield_from(loop: ast.stmt) -> ast.stmt:
    """`for x in xs: yield x` in a plain generator reads better as `yield from xs`."""
    if (
        isinstance(loop, ast.For)
        and isinstance(loop.target, ast.Name)
        and len(loop.body) == 1
        and isinstance(loop.body[0], ast.Expr)
        and isinstance(loop.body[0].value, ast.Yield)
        and isinstance(loop.body[0].value.value, ast.Name)
        and loop.body[0].value.value.id == loop.target.id
    ):
        return P.expr_stmt(ast.YieldFrom(value=loop.iter))
    return loop


def _is_awaited_fetch(t: TranslatorBase, node: Node) -> bool:
    node = unwrap(node)
    if node.type != "await_expression":
        return False
    inner = unwrap(first(node))
    if inner.type != "call_expression":
        return False
    fn = inner.child_by_field_name("function")
    return fn is not None and t.text(fn) == "fetch" and t.lookup("fetch") is None


def _has_loop_continue(node: Node) -> bool:
    if node.type == "continue_statement":
        return True
    if node.type in _LOOPS or node.type in _FUNCTIONS:
        return False
    return any(_has_loop_continue(c) for c in node.named_children)


def _block_ending_in_break(node: Node) -> bool:
    inner = [c for c in node.named_children if c.type != "comment"]
    return node.type == "statement_block" and bool(inner) and inner[-1].type == "break_statement"


def _has_switch_break(node: Node) -> bool:
    if node.type == "break_statement":
        return True
    if node.type in _LOOPS or node.type in _FUNCTIONS or node.type == "switch_statement":
        return False
    return any(_has_switch_break(c) for c in node.named_children)


def _assigns(t: TranslatorBase, node: Node, var: str) -> bool:
    if node.type in ("assignment_expression", "augmented_assignment_expression"):
        left = node.child_by_field_name("left")
        if left is not None and t.text(left) == var:
            return True
    if node.type == "update_expression":
        arg = node.child_by_field_name("argument")
        if arg is not None and t.text(arg) == var:
            return True
    return any(_assigns(t, c, var) for c in node.named_children)


def _narrows(t: TranslatorBase, cond: Node) -> bool:
    """The condition tests `x instanceof C` (alone or in an && chain) for a project error class."""
    cond = unwrap(cond)
    if cond.type != "binary_expression":
        return False
    op = t.text(t.child(cond, "operator"))
    if op == "&&":
        return _narrows(t, t.child(cond, "left")) or _narrows(t, t.child(cond, "right"))
    if op != "instanceof":
        return False
    helper = t.names.helpers.get(t.text(unwrap(t.child(cond, "right"))))
    return helper is not None and (helper.value_type or "").startswith("error_class")
