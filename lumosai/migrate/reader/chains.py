"""Fluent chains: `createWorkflow(...).then(a).commit()`, `wf.step(a).then(b)` statements
elsewhere in the project, `createScorer(...).analyze(fn)`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader, Site
    from lumosai.migrate.reader.modules import ModuleIndex

Call = tuple[str, list[Node], Node]  # (method, argument nodes, call node)


def walk_up(mod: ModuleIndex, node: Node, methods: frozenset[str]) -> list[Call]:
    """Method calls chained on `node`, innermost first, while the method is in `methods`."""
    file = mod.file
    out: list[Call] = []
    cur = node
    for _ in range(10000):
        p = cur.parent
        while p is not None and p.type in ("parenthesized_expression", "non_null_expression"):
            cur, p = p, p.parent
        if p is None or p.type != "member_expression" or p.child_by_field_name("object") != cur:
            break
        call = p.parent
        prop = p.child_by_field_name("property")
        if call is None or call.type != "call_expression" or prop is None:
            break
        method = file.text(prop)
        if method not in methods:
            break
        args = call.child_by_field_name("arguments")
        arg_nodes = (
            [a for a in args.named_children if a.type != "comment"] if args is not None else []
        )
        out.append((method, arg_nodes, call))
        cur = call
    return out


def continuations(
    ctx: Reader, site: Site, methods: frozenset[str]
) -> list[tuple[ModuleIndex, list[Call]]]:
    """Chains started on a variable bound to `site` (`wf.step(a).then(b).commit()`)."""
    found: list[tuple[ModuleIndex, list[Call]]] = []
    names: list[tuple[ModuleIndex, str]] = []
    if site.variable:
        names.append((site.mod, site.variable))
    names.extend(ctx.importers(site))
    alt = "|".join(sorted(methods))
    for mod, name in names:
        pattern = re.compile(
            rb"(?<![\w$.])" + re.escape(name.encode()) + rb"\s*\.\s*(?:" + alt.encode() + rb")\s*\("
        )
        root = mod.file.root
        for m in pattern.finditer(mod.file.src):
            ident = root.descendant_for_byte_range(m.start(), m.start() + len(name))
            if ident is None or ident.type != "identifier":
                continue
            calls = walk_up(mod, ident, methods)
            if calls:
                found.append((mod, calls))
    return found
