"""Functions inside the body: parameters, nested defs, lambdas and inline callbacks."""

from __future__ import annotations

import ast

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py, Undef
from .syntax import first
from .tstypes import annotation_type, py_hint

_IMMUTABLE = (ast.Constant,)
# Global conversion functions passed as callbacks: `xs.map(Number)`.
_CONVERTERS: dict[str, str | None] = {
    "Number": "to_number",  # JavaScript's parse rules: NaN, not an exception; 120, not 120.0
    "String": "str",
    "Boolean": "bool",
    "parseFloat": "parse_float",
    "parseInt": None,
}


def is_async_fn(node: Node) -> bool:
    return any(c.type == "async" for c in node.children)


def fn_params(node: Node) -> list[Node]:
    params = node.child_by_field_name("parameters")
    if params is None:  # `x => x * 2`
        single = node.child_by_field_name("parameter")
        return [single] if single is not None else []
    return [c for c in params.named_children if c.type != "comment"]


def fn_body(node: Node) -> Node:
    body = node.child_by_field_name("body")
    assert body is not None
    return body


class FunctionRules(TranslatorBase):
    """Parameters and bodies of nested functions and callbacks."""

    def params(
        self, params: list[Node], hints: bool = True
    ) -> tuple[ast.arguments, list[ast.stmt]]:
        """Python parameters for JS parameters, plus prologue statements (destructuring, defaults)."""
        args: list[ast.arg] = []
        defaults: list[ast.expr] = []
        vararg: ast.arg | None = None
        prologue: list[ast.stmt] = []
        known, self.param_types = self.param_types, []
        for index, param in enumerate(params):
            pattern = param.child_by_field_name("pattern") if param.type != "identifier" else param
            if pattern is None:
                self.fail("LM202", f"parameter `{self.text(param)}`", param)
            type_node = param.child_by_field_name("type") if param.type != "identifier" else None
            default_node = (
                param.child_by_field_name("value") if param.type != "identifier" else None
            )
            js_type = annotation_type(self, type_node)
            if js_type == JsType.UNKNOWN and index < len(known):
                js_type = known[index]
            hint = py_hint(self, type_node) if hints and type_node is not None else None
            if pattern.type == "rest_pattern":
                binding = self.declare(self.text(first(pattern)), JsType.LIST)
                vararg = ast.arg(arg=binding.py, annotation=None)
                continue
            if pattern.type == "identifier":
                binding = self.declare(self.text(pattern), js_type)
                py_name = binding.py
            else:
                py_name = self.fresh("options" if pattern.type == "object_pattern" else "items")
            if hint is not None and param.type == "optional_parameter" and default_node is None:
                hint = ast.BinOp(left=hint, op=ast.BitOr(), right=P.const(None))
            args.append(ast.arg(arg=py_name, annotation=hint))
            if default_node is not None:
                default = self.expr(default_node)
                if isinstance(default.node, _IMMUTABLE):
                    defaults.append(default.node)
                else:
                    defaults.append(P.const(None))
                    prologue.append(
                        ast.If(
                            test=P.is_none(P.name(py_name)),
                            body=[P.assign(P.store(py_name), default.node)],
                            orelse=[],
                        )
                    )
            elif param.type == "optional_parameter" or defaults:
                defaults.append(P.const(None))
            if pattern.type != "identifier":
                from .patterns import destructure

                prologue.extend(destructure(self, pattern, Py(P.name(py_name), pure=True), pattern))
        arguments = ast.arguments(
            posonlyargs=[],
            args=args,
            vararg=vararg,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=defaults,
        )
        return arguments, prologue

    def nested_function(self, node: Node, py_name: str) -> ast.stmt:
        """`const f = (a) => {...}` or `function f(a) {...}` inside the body: a nested def."""
        is_async = is_async_fn(node)
        is_generator = any(c.type == "*" for c in node.children)
        with self.function_scope(is_async, is_generator) as scope:
            arguments, prologue = self.params(fn_params(node))
            body_node = fn_body(node)
            if body_node.type == "statement_block":
                body = self.body_of(body_node)
            else:
                value = self.expr(body_node)
                body = [*self.pending, ast.Return(value=value.node)]
                self.pending = []
            nonlocals = [ast.Nonlocal(names=sorted(scope.nonlocals))] if scope.nonlocals else []
            stmts = [*nonlocals, *prologue, *body] or [ast.Pass()]
        cls = ast.AsyncFunctionDef if is_async else ast.FunctionDef
        return cls(  # type: ignore[call-overload,no-any-return]
            name=py_name,
            args=arguments,
            body=stmts,
            decorator_list=[],
            returns=None,
            lineno=0,
        )

    def callback(self, node: Node, arity: int, base: str) -> tuple[list[str], Py] | None:
        """A function value: a lambda if it is a plain expression, else a hoisted nested def.

        Returns the Python parameter names and an expression for the function itself.
        """
        node_un = node
        if node_un.type not in ("arrow_function", "function_expression", "function"):
            return None
        body = fn_body(node_un)
        params = fn_params(node_un)
        simple = all(
            (p.type == "identifier")
            or (
                p.child_by_field_name("pattern") is not None
                and p.child_by_field_name("pattern").type == "identifier"  # type: ignore[union-attr]
                and p.child_by_field_name("value") is None
            )
            for p in params
        )
        known, self.param_types = self.param_types, []
        if not is_async_fn(node_un) and body.type != "statement_block" and simple:
            with self.block():
                names = []
                for index, p in enumerate(params):
                    ident = p if p.type == "identifier" else p.child_by_field_name("pattern")
                    assert ident is not None
                    kind = known[index] if index < len(known) else JsType.UNKNOWN
                    names.append(self.declare(self.text(ident), kind).py)
                saved, self.pending = self.pending, []
                with self.guarded():
                    value = self.expr(body)
                leaked, self.pending = self.pending, saved
                if not leaked:
                    lam = ast.Lambda(
                        args=ast.arguments(
                            posonlyargs=[],
                            args=[ast.arg(arg=n) for n in names],
                            vararg=None,
                            kwonlyargs=[],
                            kw_defaults=[],
                            kwarg=None,
                            defaults=[],
                        ),
                        body=value.node,
                    )
                    return names, Py(lam, JsType.FUNC)
        py_name = self.fresh(base)
        self.param_types = known
        fn = self.nested_function(node_un, py_name)
        self.hoist(fn, node, has_effects=False)
        return [], Py(
            P.name(py_name), JsType.FUNC, role_object="async" if is_async_fn(node_un) else None
        )

    def inline(
        self, cb: Node, targets: list[str], base: str, lenient: bool = False
    ) -> tuple[list[ast.expr], Py]:
        """Inline a callback into a comprehension: its parameters become loop targets.

        `targets` are default names for the callback's parameters when it is not inline.
        Returns (loop targets, element expression). Call only inside `with self.block()`.
        """
        if cb.type in ("arrow_function", "function_expression", "function"):
            body = fn_body(cb)
            params = fn_params(cb)
            if not is_async_fn(cb) and body.type != "statement_block":
                loop_targets: list[ast.expr] = []
                for p in params:
                    pattern = p if p.type == "identifier" else p.child_by_field_name("pattern")
                    if pattern is None or (
                        p.type != "identifier" and p.child_by_field_name("value")
                    ):
                        break
                    target = self.pattern_target(pattern)
                    if target is None:
                        break
                    loop_targets.append(target)
                else:
                    saved, self.pending = self.pending, []
                    with self.guarded():
                        value = self.lenient(body) if lenient else self.expr(body)
                    leaked, self.pending = self.pending, saved
                    if not leaked:
                        return loop_targets, value
            # not inlinable: hoist a def and call it
            py_name = self.fresh(base)
            self.hoist(self.nested_function(cb, py_name), cb, has_effects=False)
            names = [self.fresh(t) for t in targets[: len(params)]]
            awaitable = is_async_fn(cb)
            return [P.name(n) for n in names], Py(
                P.call(py_name, *[P.name(n) for n in names]), awaitable=awaitable
            )
        if (
            cb.type == "identifier"
            and self.lookup(self.text(cb)) is None
            and self.text(cb) in _CONVERTERS
        ):
            item = self.fresh(targets[0])
            py = _CONVERTERS[self.text(cb)]
            if py is None:
                self.fail("LM207", f"`{self.text(cb)}` as a callback also receives the index", cb)
            kind = {"str": JsType.STR, "bool": JsType.BOOL}.get(py, JsType.NUM)
            if kind == JsType.NUM:
                self.need(f"from lumosai.compat.js import {py}")
            return [P.name(item)], Py(P.call(py, P.name(item)), kind)
        fn = self.expr(cb)
        names = [self.fresh(targets[0])]
        awaitable = fn.role_object == "async" or fn.awaitable
        return [P.name(n) for n in names], Py(
            P.call(fn.node, *[P.name(n) for n in names]), awaitable=awaitable
        )

    def array_target(self, pattern: Node, pairs: bool = False) -> ast.expr:
        """`[a, , c]` as a tuple target: holes are throwaway names, and a pattern with holes or
        a single name takes any longer tuple (`*_`), as JS destructuring ignores the rest.
        Over `Object.entries(...)` (`pairs`) the first name is a string key."""
        slots: list[ast.expr | None] = [None]
        for c in pattern.children:
            if c.type == ",":
                slots.append(None)
            elif c.type == "identifier":
                kind = JsType.STR if pairs and len(slots) == 1 else JsType.UNKNOWN
                slots[-1] = P.name(self.declare(self.text(c), kind).py)
        holes = any(s is None for s in slots)
        elts = [s if s is not None else P.name(self.fresh("_hole")) for s in slots]
        if holes or len(elts) == 1:
            elts.append(ast.Starred(value=P.name(self.fresh("_rest")), ctx=ast.Load()))
        return ast.Tuple(elts=elts, ctx=ast.Load())

    def pattern_target(self, pattern: Node) -> ast.expr | None:
        """A comprehension target for a callback parameter (identifier or array of identifiers)."""
        role, self.element_role = self.element_role, None  # the element, not the index
        if pattern.type == "identifier":
            data = role if role in ("input_data", "json") else None
            return P.name(self.declare(self.text(pattern), role_object=data).py)
        if pattern.type == "array_pattern" and all(
            c.type == "identifier" for c in pattern.named_children
        ):
            return self.array_target(pattern, pairs=role == "pairs")
        if pattern.type == "object_pattern" and all(
            c.type == "shorthand_property_identifier_pattern" for c in pattern.named_children
        ):
            item = self.fresh("item")
            for c in pattern.named_children:
                key = self.text(c)
                if role == "json":  # an element of parsed JSON may lack the key
                    binding = _binding_expr(f'{item}.get("{key}")', self.scope.depth)
                    binding.meta["undefined"] = Undef.YES
                else:
                    binding = _binding_expr(f'{item}["{key}"]', self.scope.depth)
                self.bind(key, binding)
            return P.name(item)
        return None


def _binding_expr(py: str, depth: int):  # type: ignore[no-untyped-def]
    from .base import Binding

    return Binding(py=py, kind="expr", depth=depth)
