"""The translator: rule mixins assembled, role parameters bound, one function rendered."""

from __future__ import annotations

import ast
import textwrap

from tree_sitter import Node

from . import pyast as P
from .base import Binding
from .expressions import ExpressionRules
from .functions import FunctionRules, fn_body, fn_params, is_async_fn
from .hono import param_binding
from .jstypes import JsType, Py
from .model import Role
from .patterns import destructure
from .roles import ROLE_IMPORTS, ROLE_OBJECTS, SIGNATURES
from .statements import StatementRules
from .tstypes import py_hint
from .unparse import unparse

# Members holding the validated input: absent optional fields are left out, so reads use .get()
INPUT_MEMBERS = frozenset({"inputData", "triggerData", "context"})


def member_role(key: str) -> str | None:
    """The data role of a role object's member: validated input, or validated resume data."""
    return "input" if key in INPUT_MEMBERS else "resume" if key == "resumeData" else None


class Translator(StatementRules, FunctionRules, ExpressionRules):
    """Translate one function; `render` returns its Python source (unformatted)."""

    def render(self, fn: Node, py_name: str) -> tuple[str, bool]:
        if fn.type == "class_declaration":
            if self.role != Role.HELPER:
                self.fail("LM202", f"a class as a {self.role.value}", fn)
            if not any(c.type == "class_heritage" for c in fn.named_children):
                from .instances import render_class

                return render_class(self, fn, py_name), False
            from .classes import render_error_class

            return render_error_class(self, fn, py_name), False
        source_async = is_async_fn(fn)
        is_generator = any(c.type == "*" for c in fn.children)
        if self.role == Role.HELPER:
            return self.render_helper(fn, py_name, source_async, is_generator)
        if is_generator:
            self.fail("LM202", f"generator function as a {self.role.value}", fn)
        signature = SIGNATURES[self.role]
        # Decide sync/async after translating: conditions and instructions may be plain defs.
        with self.function_scope(is_async=True) as scope:
            self.bind_role_params(fn, signature.param_roles, signature.input_py)
            body = self.translate_body(fn)
            is_async = signature.always_async or (source_async and scope.awaits)
            if not signature.always_async and not scope.awaits:
                is_async = False
        self.need(*ROLE_IMPORTS[self.role])
        if [stmt for stmt in body if P.hint_any(stmt)]:  # functions defined inside the body
            self.need("from typing import Any")
        header = f"{'async ' if is_async else ''}def {py_name}({signature.params}) -> Any:"
        return self.assemble(header, body), is_async

    def render_helper(
        self, fn: Node, py_name: str, source_async: bool, is_generator: bool = False
    ) -> tuple[str, bool]:
        # translated in an async scope either way: a synchronous function that calls a helper
        # which is async only in Python (bridged) awaits it, and becomes async itself
        # (a sync generator stays sync: its callers iterate it with a plain `for`)
        scope_async = source_async or not is_generator
        with self.function_scope(is_async=scope_async, is_generator=is_generator) as scope:
            scope.sync_source = not source_async
            arguments, prologue = self.params(fn_params(fn))
            body = self.translate_body(fn)
        is_async = source_async or scope.awaits
        returns = None
        ret_node = fn.child_by_field_name("return_type")
        if ret_node is not None:
            returns = py_hint(self, ret_node)
        body = drop_unused_destructuring(body)
        prologue = drop_unused_destructuring(prologue, body)
        cls = ast.AsyncFunctionDef if is_async else ast.FunctionDef
        func = cls(  # type: ignore[call-overload]
            name=py_name,
            args=arguments,
            body=[*prologue, *body] or [ast.Pass()],
            decorator_list=[],
            returns=returns,
            lineno=0,
        )
        if P.hint_any(func):
            self.need("from typing import Any")
        return self.finish(unparse(ast.fix_missing_locations(func))), is_async

    def translate_body(self, fn: Node) -> list[ast.stmt]:
        body_node = fn_body(fn)
        if body_node.type == "statement_block":
            return self.body_of(body_node)
        value = self.expr(body_node)
        if value.awaitable and self.scope.is_async and not self.scope.sync_source:
            self.scope.awaits = True
            return [*self.pending, ast.Return(value=ast.Await(value=value.node))]
        out = [*self.pending, ast.Return(value=value.node)]
        self.pending = []
        return out

    def bind_role_params(
        self, fn: Node, roles: tuple[str | None, ...], input_py: str | None
    ) -> None:
        self.taken.update({"ctx", "context", "input_data", "runtime_context"})
        self.role_prologue: list[ast.stmt] = []
        prologue: list[ast.stmt] = []
        for index, param in enumerate(fn_params(fn)):
            if index >= len(roles):
                self.fail("LM206", f"parameter {index + 1} of a {self.role.value} function", param)
            pattern = param if param.type == "identifier" else param.child_by_field_name("pattern")
            assert pattern is not None
            role_object = roles[index]
            if role_object is None:  # the input dict of a 1.x tool
                assert input_py is not None
                if pattern.type == "identifier":
                    self.bind(
                        self.text(pattern),
                        Binding(py=input_py, type=JsType.DICT, kind="member", role_object="input"),
                    )
                else:
                    source = Py(P.name(input_py), JsType.DICT, role_object="input", pure=True)
                    prologue.extend(destructure(self, pattern, source, pattern))
                continue
            self.bind_role_pattern(pattern, role_object, prologue)
        self.role_prologue = prologue

    def bind_role_pattern(self, pattern: Node, role_object: str, prologue: list[ast.stmt]) -> None:
        members = ROLE_OBJECTS[role_object]
        bound = param_binding(role_object) if pattern.type == "identifier" else None
        if bound is not None:  # Hono's `c` and `next` (hono.py)
            self.bind(self.text(pattern), bound)
            return
        if pattern.type == "identifier":
            root = {
                "tool_ctx": "context",
                "tool_v0_args": "context",
                "step_ctx": "ctx",
                "condition_ctx": "ctx",
                "map_ctx": "ctx",
                "step_v0_args": "ctx",
                "instructions_args": "runtime_context",
            }
            self.bind(
                self.text(pattern),
                Binding(
                    py=root[role_object], type=JsType.ROLE, kind="role", role_object=role_object
                ),
            )
            return
        if pattern.type != "object_pattern":
            self.fail("LM202", f"parameter pattern `{self.text(pattern)}`", pattern)
        for child in pattern.named_children:
            if child.type == "shorthand_property_identifier_pattern":
                key, local, nested = self.text(child), self.text(child), None
            elif child.type == "pair_pattern":
                key = self.text(child.child_by_field_name("key"))  # type: ignore[arg-type]
                value = child.child_by_field_name("value")
                assert value is not None
                if value.type == "identifier":
                    local, nested = self.text(value), None
                else:
                    local, nested = None, value
            elif child.type == "comment":
                continue
            else:
                self.fail("LM202", f"parameter pattern `{self.text(child)}`", child)
            if key not in members:
                self.fail(
                    "LM206",
                    f"`{key}` of the {role_object.replace('_', ' ')} has no Lumos equivalent",
                    child,
                )
            m = members[key]
            if nested is not None:
                if m.role_object is not None:
                    self.bind_role_pattern(nested, m.role_object, prologue)
                else:
                    role = member_role(key)
                    source = Py(P.parse_expr(m.py), m.type, role_object=role, pure=True)
                    prologue.extend(destructure(self, nested, source, nested))
                continue
            assert local is not None
            if m.role_object is not None:
                self.bind(
                    local,
                    Binding(py=m.py, type=JsType.ROLE, kind="role", role_object=m.role_object),
                )
            else:
                role = member_role(key)
                self.bind(
                    local, Binding(py=m.py, type=m.type, kind="member", member=m, role_object=role)
                )

    def assemble(self, header: str, body: list[ast.stmt]) -> str:
        stmts = drop_unused_destructuring([*self.role_prologue, *body]) or [ast.Pass()]
        module = ast.fix_missing_locations(ast.Module(body=stmts, type_ignores=[]))
        text = header + "\n" + textwrap.indent(unparse(module), "    ") + "\n"
        return self.finish(text)

    def finish(self, text: str) -> str:
        for key, raw in self.raw_strings.items():
            text = text.replace(key, raw)
        if self.comments:
            out: list[str] = []
            for line in text.splitlines():
                key = line.strip()
                if key in self.comments:
                    indent = line[: len(line) - len(line.lstrip())]
                    lines = self.comments[key]
                    if (
                        key.endswith("_t__")
                        and out
                        and len(lines) == 1
                        and not out[-1].rstrip().endswith(":")
                    ):
                        out[-1] = f"{out[-1]}  # {lines[0]}"
                    else:
                        out.extend(f"{indent}# {c}" for c in lines)
                else:
                    out.append(line)
            text = "\n".join(out) + "\n"
        return text


def drop_unused_destructuring(stmts: list[ast.stmt], *context: list[ast.stmt]) -> list[ast.stmt]:
    """Remove `x = src["x"]` lines from destructuring when `x` is never read in the function."""
    loads = {
        n.id
        for block in (stmts, *context)
        for s in block
        for n in ast.walk(s)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }

    def keep(s: ast.stmt) -> bool:
        if not getattr(s, "lumos_destructure", False):
            return True
        assert isinstance(s, ast.Assign)
        target = s.targets[0]
        return not isinstance(target, ast.Name) or target.id in loads

    def clean(block: list[ast.stmt]) -> list[ast.stmt]:
        for s in block:
            if isinstance(s, ast.Try):
                for handler in s.handlers:
                    handler.body = clean(handler.body) or [ast.Pass()]
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(s, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    setattr(s, field, clean(inner) or [ast.Pass()])
        out: list[ast.stmt] = []
        for s in block:
            if not keep(s):
                continue
            if getattr(s, "lumos_value_optional", False):
                assert isinstance(s, ast.Assign)
                target = s.targets[0]
                if isinstance(target, ast.Name) and target.id not in loads:
                    s = ast.Expr(value=s.value)  # `await client.post(...)` whose response is unused
            out.append(s)
        return out

    return clean(stmts)
