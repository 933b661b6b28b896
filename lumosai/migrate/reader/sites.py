"""Finding construct sites: recognised `new X(...)` / `x(...)` calls, their names, ids and
the names they are bound and exported under."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.reader.catalog import Kind, classify
from lumosai.migrate.reader.context import Reader, Site
from lumosai.migrate.reader.syntax import string_value, unwrap
from lumosai.migrate.reader.values import callee_text

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.reader.modules import ModuleIndex
    from lumosai.migrate.reader.syntax import SourceFile

_CHAIN_KINDS = frozenset({"workflow", "legacy_workflow", "scorer"})
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "await_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
    }
)
#: Member calls that are RAG operations when their receiver is a document / vector store.
RAG_METHODS = frozenset({"chunk", "createIndex", "upsert", "query"})


def find_sites(ctx: Reader, mod: ModuleIndex) -> list[tuple[Node, str]]:
    """Register the module's construct sites; return member calls left for the RAG pass."""
    deferred: list[tuple[Node, str]] = []
    for node in mod.candidates:
        is_new = node.type == "new_expression"
        fn = node.child_by_field_name("constructor" if is_new else "function")
        if fn is None:
            continue
        fn = unwrap(fn)
        _, package, imported = callee_text(ctx, mod, fn)
        kind = classify(package, imported) if package and imported else None
        if kind is None and is_new and fn.type == "identifier":
            # `class MyMetric extends Metric {}` / `extends MastraStorage` -> the base's kind
            base = _base_class(ctx, mod, mod.file.text(fn))
            if base is not None:
                kind, package = base
                imported = mod.file.text(fn)
        if kind is None:
            if not is_new and fn.type == "member_expression":
                prop = fn.child_by_field_name("property")
                if prop is not None:
                    method = mod.file.text(prop)
                    if method in RAG_METHODS:
                        deferred.append((node, method))
            continue
        add_site(ctx, mod, node, kind, imported or "", package or "")
    return deferred


def _base_class(ctx: Reader, mod: ModuleIndex, name: str) -> tuple[Kind, str] | None:
    res = ctx.resolve_name(mod, name)
    for _ in range(8):
        if res.kind != "decl" or res.decl is None or res.decl.kind != "class" or res.module is None:
            return None
        cls = res.decl.node
        heritage = (
            next((c for c in cls.named_children if c.type == "class_heritage"), None)
            if cls
            else None
        )
        ext = (
            next((c for c in heritage.named_children if c.type == "extends_clause"), None)
            if heritage
            else None
        )
        value = ext.child_by_field_name("value") if ext is not None else None
        if value is None:
            return None
        _, package, imported = callee_text(ctx, res.module, unwrap(value))
        if package and imported:
            kind = classify(package, imported)
            return (kind, package) if kind is not None else None
        if value.type != "identifier":
            return None
        res = ctx.resolve_name(res.module, res.module.file.text(value))
    return None


def add_site(
    ctx: Reader, mod: ModuleIndex, node: Node, kind: Kind, factory: str, package: str
) -> Site:
    file = mod.file
    args_node = node.child_by_field_name("arguments")
    args = (
        [a for a in args_node.named_children if a.type != "comment"]
        if args_node is not None and args_node.type == "arguments"
        else []
    )
    options = None
    for a in args:
        u = unwrap(a)
        if u.type == "object":
            options = u
            break
    if kind.kind == "legacy_workflow" and factory == "Workflow" and "legacy" not in package:
        # `new Workflow({ id, inputSchema, outputSchema })` is the vNext class (0.10+), not the
        # legacy `new Workflow({ name, triggerSchema })`.
        keys = _object_keys(mod, options)
        if "triggerSchema" not in keys and keys & {"inputSchema", "outputSchema", "steps"}:
            kind = Kind("workflow")
    variable, key, exported = _binding(mod, node, chain=kind.kind in _CHAIN_KINDS)
    name = variable or _id_literal(mod, options) or key or factory.split(".")[-1]
    site = Site(
        id=ctx.new_id(file.rel, file.line(node), kind.kind, name),
        kind=kind,
        node=node,
        mod=mod,
        factory=factory,
        package=package,
        name=name,
        variable=variable,
        exported_as=exported,
        options=options,
        args=args,
    )
    ctx.sites[(file.rel, node.start_byte, node.end_byte)] = site
    ctx.site_list.append(site)
    ctx.site_by_id[site.id] = site
    return site


def _object_keys(mod: ModuleIndex, options: Node | None) -> set[str]:
    keys: set[str] = set()
    if options is None:
        return keys
    for c in options.named_children:
        if c.type == "pair":
            k = c.child_by_field_name("key")
            if k is not None:
                keys.add(string_value(mod.file, k) or mod.file.text(k))
        elif c.type == "shorthand_property_identifier":
            keys.add(mod.file.text(c))
    return keys


def _id_literal(mod: ModuleIndex, options: Node | None) -> str | None:
    if options is None:
        return None
    for key_name in ("id", "name"):
        for c in options.named_children:
            if c.type != "pair":
                continue
            k = c.child_by_field_name("key")
            v = c.child_by_field_name("value")
            if k is None or v is None:
                continue
            if mod.file.text(k).strip("'\"") == key_name:
                s = string_value(mod.file, unwrap(v))
                if s:
                    return s
    return None


def _binding(
    mod: ModuleIndex, node: Node, *, chain: bool
) -> tuple[str | None, str | None, list[str]]:
    """(variable, object key, exported names) for the expression `node`."""
    file = mod.file
    cur = node
    for _ in range(256):
        p = cur.parent
        if p is None:
            break
        t = p.type
        if t in _WRAPPERS:
            cur = p
            continue
        if chain and t == "member_expression" and p.child_by_field_name("object") == cur:
            gp = p.parent
            if gp is not None and gp.type == "call_expression":
                cur = gp
                continue
            break
        if t == "variable_declarator" and p.child_by_field_name("value") == cur:
            name = p.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                var = file.text(name)
                return var, None, _exports_of(mod, var)
            break
        if t == "pair" and p.child_by_field_name("value") == cur:
            k = p.child_by_field_name("key")
            if k is not None:
                key = string_value(file, k) or file.text(k)
                owner = _enclosing_variable(file, p)
                return None, f"{owner}.{key}" if owner else key, []
            break
        if t == "export_statement":
            return None, None, ["default"]
        if t == "assignment_expression" and p.child_by_field_name("right") == cur:
            left = p.child_by_field_name("left")
            if left is not None:
                return file.text(left), None, []
            break
        break
    return None, None, []


def _enclosing_variable(file: SourceFile, node: Node) -> str | None:
    """`const researcher = new Agent({ memory: new Memory() })` -> "researcher" for the pair."""
    cur = node.parent
    for _ in range(24):
        if cur is None or cur.type in ("statement_block", "program", "arrow_function"):
            return None
        if cur.type == "variable_declarator":
            name = cur.child_by_field_name("name")
            return file.text(name) if name is not None and name.type == "identifier" else None
        cur = cur.parent
    return None


def _exports_of(mod: ModuleIndex, var: str) -> list[str]:
    decl = mod.decls.get(var)
    out = list(mod.exported_names(var))
    if decl is not None and decl.exported and var not in out:
        out.insert(0, var)
    return out


def parent_site(ctx: Reader, site: Site) -> str | None:
    """Id of the nearest enclosing construct site (inline `memory: new Memory()` etc.)."""
    rel = site.mod.rel
    cur = site.node.parent
    for _ in range(512):
        if cur is None:
            return None
        if cur.type in ("call_expression", "new_expression"):
            hit = ctx.sites.get((rel, cur.start_byte, cur.end_byte))
            if hit is not None and hit is not site:
                return hit.id
        if cur.type == "program":
            return None
        cur = cur.parent
    return None
