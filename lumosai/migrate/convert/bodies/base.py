"""Translator state shared by the expression, call and statement rules: scopes, imports, hoisting."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

from tree_sitter import Node

from .jstypes import JsType, Py
from .model import NameMap, Role, Untranslatable
from .naming import safe_identifier
from .parsing import Source
from .roles import Member


@dataclass
class Binding:
    """What a JavaScript name stands for inside the function."""

    py: str  # Python source: a local name, or a member path such as "ctx.input_data"
    type: JsType = JsType.UNKNOWN
    kind: str = "var"  # "var" | "func" | "role" | "member"
    is_async: bool = False
    role_object: str | None = None
    member: Member | None = None
    depth: int = 0  # function nesting depth where it is declared
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class FunctionScope:
    depth: int
    is_async: bool
    blocks: list[dict[str, Binding]] = field(default_factory=lambda: [{}])
    nonlocals: set[str] = field(default_factory=set)
    awaits: bool = False
    is_generator: bool = False
    #: a synchronous TypeScript function translated in an async scope: only calls to helpers
    #: that are async in Python alone add awaits (and make the Python function async)
    sync_source: bool = False


class TranslatorBase:
    """State and plumbing; the rules live in the mixins that subclass this."""

    def __init__(self, source: Source, names: NameMap, role: Role) -> None:
        self.src = source
        self.names = names
        self.role = role
        self.imports: set[str] = set()
        self.module_lines: set[str] = set()
        self.warnings: list[str] = []
        self.free_names: set[str] = set()
        self.funcs: list[FunctionScope] = []
        self.pending: list[ast.stmt] = []
        self.effect_guard = 0  # > 0 while translating conditionally evaluated code
        self.taken: set[str] = set()  # every Python name given out, for fresh temporaries
        self.temps: set[str] = set()  # names made up by the translator (never reused by declare)
        self.raw_strings: dict[str, str] = {}  # placeholder name -> raw regex literal
        self.comments: dict[str, list[str]] = {}  # placeholder name -> comment lines
        self.lenient_node: Node | None = None  # member access read with .get (tests, ??)
        self.element_role: str | None = None  # role of an array callback's element parameter
        self.param_types: list[JsType] = []  # types of the next callback's parameters
        self.loop_return_continue = 0  # > 0 inside a forEach body turned into a loop
        self.fetch_target: str | None = None  # the variable an awaited fetch assigns
        self.assume_awaited: Node | None = None  # a node translated as if under `await`
        self.this_value: Py | None = None  # `this` inside a translated class method
        self.float_names: set[str] = set()  # Python names that may hold a float (a / b)
        self.bridged_helpers: set[str] = set()  # bridged helpers the function uses
        self.error_classes: set[str] = set()  # project error classes it tests with instanceof
        for helper in names.helpers.values():
            self.taken.add(helper.py_name)

    # ---- diagnostics -------------------------------------------------------------------
    def line(self, node: Node | None) -> int:
        return self.src.line(node) if node is not None else self.src.origin_line

    def fail(self, rule: str, reason: str, node: Node | None = None) -> NoReturn:
        raise Untranslatable(rule, f"{reason} (line {self.line(node)})", node)

    def text(self, node: Node) -> str:
        return self.src.text(node)

    def child(self, node: Node, field_name: str) -> Node:
        """A required field of a syntax node."""
        found = node.child_by_field_name(field_name)
        if found is None:
            self.fail("LM201", f"`{node.type}` without `{field_name}`", node)
        return found

    def warn(self, message: str, node: Node | None = None) -> None:
        self.warnings.append(f"line {self.line(node)}: {message}")

    def need(self, *import_lines: str) -> None:
        self.imports.update(import_lines)

    # ---- scopes ------------------------------------------------------------------------
    @property
    def scope(self) -> FunctionScope:
        return self.funcs[-1]

    @contextmanager
    def function_scope(self, is_async: bool, is_generator: bool = False) -> Iterator[FunctionScope]:
        scope = FunctionScope(depth=len(self.funcs), is_async=is_async, is_generator=is_generator)
        self.funcs.append(scope)
        saved_pending, self.pending = self.pending, []
        saved_guard, self.effect_guard = self.effect_guard, 0
        saved_loop, self.loop_return_continue = self.loop_return_continue, 0
        try:
            yield scope
        finally:
            self.funcs.pop()
            self.pending = saved_pending
            self.effect_guard = saved_guard
            self.loop_return_continue = saved_loop

    @contextmanager
    def block(self) -> Iterator[None]:
        self.scope.blocks.append({})
        try:
            yield
        finally:
            self.scope.blocks.pop()

    @contextmanager
    def guarded(self) -> Iterator[None]:
        """Code inside may not run (ternary branches, right side of && || ??)."""
        self.effect_guard += 1
        try:
            yield
        finally:
            self.effect_guard -= 1

    def lookup(self, js_name: str) -> Binding | None:
        for func in reversed(self.funcs):
            for blk in reversed(func.blocks):
                if js_name in blk:
                    return blk[js_name]
        return None

    def visible_py_names(self) -> set[str]:
        return {b.py for func in self.funcs for blk in func.blocks for b in blk.values()}

    def fresh(self, base: str) -> str:
        """A new Python name nobody else uses."""
        candidate = safe_identifier(base)
        n = 2
        while candidate in self.taken:
            candidate = f"{safe_identifier(base)}_{n}"
            n += 1
        self.taken.add(candidate)
        self.temps.add(candidate)
        return candidate

    def declare(self, js_name: str, type_: JsType = JsType.UNKNOWN, **kw: Any) -> Binding:
        """Declare a JS binding in the current block, picking a non-clashing Python name."""
        current = self.scope.blocks[-1].get(js_name)
        if current is not None and current.kind == "var":
            current.type = type_
            return current
        py = safe_identifier(js_name)
        helpers = {h.py_name for h in self.names.helpers.values()}
        if py in self.visible_py_names() or py in helpers or py in self.temps:
            py = self.fresh(js_name)
        self.taken.add(py)
        binding = Binding(py=py, type=type_, depth=self.scope.depth, **kw)
        self.scope.blocks[-1][js_name] = binding
        return binding

    def bind(self, js_name: str, binding: Binding) -> None:
        self.scope.blocks[-1][js_name] = binding

    # ---- hoisting ----------------------------------------------------------------------
    def hoist(self, stmt: ast.stmt, node: Node, has_effects: bool = True) -> None:
        """Emit `stmt` before the statement being translated."""
        if has_effects and self.effect_guard:
            self.fail(
                "LM202",
                f"`{self.text(node)[:60]}` needs a statement of its own but sits in "
                "conditionally evaluated code",
                node,
            )
        self.pending.append(stmt)

    def temp(self, value: Py, base: str, node: Node) -> Py:
        """Evaluate `value` once into a fresh name (unless it already is pure)."""
        if value.pure or _pure(value.node):
            return value
        py = self.fresh(base)
        self.hoist(
            ast.Assign(targets=[ast.Name(id=py, ctx=ast.Store())], value=value.node, lineno=0), node
        )
        return Py(ast.Name(id=py, ctx=ast.Load()), value.type, value.role_object, pure=True)

    def raw_string(self, text: str) -> ast.expr:
        """A string constant we want printed as r"..." (regex patterns)."""
        if text.endswith("\\") or '"' in text or "\n" in text or "\\" not in text:
            return ast.Constant(value=text)
        key = f"__lumos_raw_{len(self.raw_strings)}__"
        self.raw_strings[key] = f'r"{text}"'
        return ast.Name(id=key, ctx=ast.Load())

    # ---- implemented by the mixins -----------------------------------------------------
    def expr(self, node: Node) -> Py:
        raise NotImplementedError

    def statements(self, nodes: list[Node]) -> list[ast.stmt]:
        raise NotImplementedError

    def body_of(self, node: Node) -> list[ast.stmt]:
        raise NotImplementedError

    def test(self, node: Node) -> ast.expr:
        raise NotImplementedError

    def lenient(self, node: Node) -> Py:
        raise NotImplementedError

    def nested_function(self, node: Node, py_name: str) -> ast.stmt:
        raise NotImplementedError

    def callback(self, node: Node, arity: int, base: str) -> tuple[list[str], Py] | None:
        raise NotImplementedError


def _pure(node: ast.expr) -> bool:
    from .pyast import is_pure

    return is_pure(node)
