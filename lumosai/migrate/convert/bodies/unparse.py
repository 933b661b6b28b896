"""`ast.unparse` with one readability fix: a lone generator argument gets no extra parentheses.

`sum(x for x in xs)` instead of `sum((x for x in xs))`; ruff format does not remove them.
"""

from __future__ import annotations

import ast
from typing import Any

_Base: Any = getattr(ast, "_Unparser", None)


if _Base is not None:

    class _Unparser(_Base):  # type: ignore[misc,valid-type]
        def visit_Call(self, node: ast.Call) -> None:
            if (
                len(node.args) == 1
                and not node.keywords
                and isinstance(node.args[0], ast.GeneratorExp)
            ):
                self.set_precedence(self._precedence_atom(), node.func)
                self.traverse(node.func)
                gen = node.args[0]
                with self.delimit("(", ")"):
                    self.traverse(gen.elt)
                    for comp in gen.generators:
                        self.traverse(comp)
                return
            for arg in node.args:  # f(x := v) needs no parentheses either (ruff UP034)
                if isinstance(arg, ast.NamedExpr):
                    self.set_precedence(ast._Precedence.NAMED_EXPR, arg)  # type: ignore[attr-defined]
            super().visit_Call(node)

        def _precedence_atom(self) -> Any:
            return ast._Precedence.ATOM  # type: ignore[attr-defined]


def unparse(node: ast.AST) -> str:
    if _Base is None:
        return ast.unparse(node)
    try:
        return str(_Unparser().visit(node))
    except Exception:  # a private API changed: fall back to the public one
        return ast.unparse(node)
