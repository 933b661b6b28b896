"""Shared state of one read: modules, resolver, diagnostics, and the registries that give
every construct site, named schema and helper its stable id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lumosai.migrate.ir import Code, EraEvidence, NamedSchema, Value
from lumosai.migrate.reader.catalog import Kind
from lumosai.migrate.reader.diagnostics import Diagnostics
from lumosai.migrate.reader.modules import Decl, ModuleIndex, Resolved, Resolver
from lumosai.migrate.reader.syntax import unwrap

if TYPE_CHECKING:
    from tree_sitter import Node


@dataclass
class Site:
    """A recognised construct call (`new Agent(...)`, `createTool(...)`) in a module."""

    id: str
    kind: Kind
    node: Node
    mod: ModuleIndex
    factory: str
    package: str
    name: str
    variable: str | None
    exported_as: list[str]
    #: The options object node (first object argument), if any.
    options: Node | None
    args: list[Node]


@dataclass
class Reader:
    modules: dict[str, ModuleIndex]
    resolver: Resolver
    diags: Diagnostics
    sites: dict[tuple[str, int, int], Site] = field(default_factory=dict)
    site_list: list[Site] = field(default_factory=list)
    site_by_id: dict[str, Site] = field(default_factory=dict)
    #: (file, top-level name) -> named schema id; the schema is built lazily.
    schema_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    schemas: dict[str, NamedSchema] = field(default_factory=dict)
    schemas_building: set[str] = field(default_factory=set)
    schema_sources: dict[str, tuple[ModuleIndex, Decl]] = field(default_factory=dict)
    helper_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    helpers: dict[str, Code] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)
    evidence: list[tuple[str | None, EraEvidence]] = field(default_factory=list)
    #: Evaluated site arguments and folded `const` initializers, by (file, start, end).
    value_cache: dict[tuple[str, int, int], Value] = field(default_factory=dict)
    #: site id -> (module, local name) of every import bound to that site; built on first use
    _importers: dict[str, list[tuple[ModuleIndex, str]]] | None = field(default=None, repr=False)

    def new_id(self, rel: str, line: int, kind: str, name: str) -> str:
        base = f"{rel}:{line}:{kind}:{name}"
        cand, n = base, 2
        while cand in self.used_ids:
            cand = f"{base}#{n}"
            n += 1
        self.used_ids.add(cand)
        return cand

    def kind_of(self, target: str) -> str | None:
        site = self.site_by_id.get(target)
        if site is not None:
            return site.kind.kind
        if target in self.helper_ids.values():
            return "helper"
        if target in self.schema_sources:
            return "schema"
        return None

    def site_at(self, mod: ModuleIndex, node: Node) -> Site | None:
        """The construct site this expression is (also through a fluent chain on it)."""
        node = unwrap(node)
        if node.type == "await_expression" and node.named_child_count:
            node = unwrap(node.named_children[0])
        hit = self.sites.get((mod.rel, node.start_byte, node.end_byte))
        if hit is not None:
            return hit
        # `createWorkflow({...}).then(a).commit()` / `createScorer(...).analyze(...)`
        cur = node
        for _ in range(512):
            if cur.type != "call_expression":
                return None
            fn = cur.child_by_field_name("function")
            if fn is None or fn.type != "member_expression":
                return None
            obj = fn.child_by_field_name("object")
            if obj is None:
                return None
            cur = unwrap(obj)
            hit = self.sites.get((mod.rel, cur.start_byte, cur.end_byte))
            if hit is not None:
                return hit if hit.kind.kind in _CHAINABLE else None
        return None

    def resolve_name(self, mod: ModuleIndex, name: str) -> Resolved:
        return self.resolver.local(mod, name)

    def schema_id_for(self, res: Resolved) -> str | None:
        if res.kind == "decl" and res.module is not None and res.decl is not None:
            return self.schema_ids.get((res.module.rel, res.decl.name))
        return None

    def helper_id_for(self, res: Resolved) -> str | None:
        if res.kind == "decl" and res.module is not None and res.decl is not None:
            return self.helper_ids.get((res.module.rel, res.decl.name))
        return None

    def site_for(self, res: Resolved) -> Site | None:
        if res.module is None:
            return None
        if res.kind == "expr" and res.node is not None:
            return self.site_at(res.module, res.node)
        decl = res.decl
        if res.kind == "decl" and decl is not None and decl.node is not None and decl.kind in _VARS:
            return self.site_at(res.module, decl.node)
        return None

    def local_site(self, mod: ModuleIndex, ident: Node) -> Site | None:
        """A construct bound to a local `const x = ...` in an enclosing block of `ident`."""
        name = mod.file.src[ident.start_byte : ident.end_byte]
        src = mod.file.src
        cur = ident.parent
        for _ in range(256):
            if cur is None or cur.type == "program":
                return None
            if cur.type == "statement_block":
                for stmt in cur.named_children:
                    if stmt.start_byte >= ident.start_byte:
                        break
                    if stmt.type not in ("lexical_declaration", "variable_declaration"):
                        continue
                    for d in stmt.named_children:
                        if d.type != "variable_declarator":
                            continue
                        n = d.child_by_field_name("name")
                        v = d.child_by_field_name("value")
                        if (
                            n is not None
                            and v is not None
                            and src[n.start_byte : n.end_byte] == name
                        ):
                            return self.site_at(mod, v)
            cur = cur.parent
        return None

    def importers(self, site: Site) -> list[tuple[ModuleIndex, str]]:
        """Imports across the project bound to `site`, in module then import order.

        One pass over every import the first time (not one per workflow: that was quadratic).
        """
        if self._importers is None:
            index: dict[str, list[tuple[ModuleIndex, str]]] = {}
            for mod in self.modules.values():
                for b in mod.imports.values():
                    if b.resolved is None or b.type_only:
                        continue
                    target = self.site_for(self.resolve_name(mod, b.local))
                    if target is not None:
                        index.setdefault(target.id, []).append((mod, b.local))
            self._importers = index
        return self._importers.get(site.id, [])

    def era_evidence(self, construct_id: str | None, ev: EraEvidence) -> None:
        self.evidence.append((construct_id, ev))


_VARS = frozenset({"const", "let", "var"})
_CHAINABLE = frozenset({"workflow", "legacy_workflow", "scorer", "agent", "mcp_client", "rag"})
