"""Per-file index (imports, exports, top-level declarations, construct candidates) and
cross-file name resolution (relative paths, barrels, `export *`, tsconfig aliases)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from lumosai.migrate.ir import ExportBinding, ImportBinding, TsConfig
from lumosai.migrate.reader.syntax import SourceFile, query, string_value

if TYPE_CHECKING:
    from tree_sitter import Node

_INDEX_QUERY = r"""
(program (import_statement) @import)
(program (export_statement) @export)
(program (lexical_declaration) @decl)
(program (variable_declaration) @decl)
(program (function_declaration) @decl)
(program (generator_function_declaration) @decl)
(program (class_declaration) @decl)
(program (abstract_class_declaration) @decl)
(program (enum_declaration) @decl)
(new_expression) @new
(call_expression
  function: (identifier) @_fn
  (#match? @_fn "^(create[A-Z]|embed$|embedMany$|registerApiRoute$|rerank|tool$)")) @call
(call_expression
  function: (member_expression
    property: (property_identifier) @_prop
    (#match? @_prop "^(create[A-Z]|chunk$|createIndex$|upsert$|query$|from(Text|HTML|Markdown|JSON)$|rerank|embed$|embedMany$|registerApiRoute$)"))) @call
(ERROR) @error
(MISSING) @error
"""

_EXTS = (".ts", ".tsx", ".mts", ".cts")
_JS_TO_TS = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",), ".cjs": (".cts",)}
ZOD_MODULES = frozenset({"zod", "zod/v4", "zod/v3", "zod/mini", "zod/v4-mini"})


@dataclass
class Decl:
    """A top-level declaration: `const x = <node>`, `function x() {}`, class or enum."""

    name: str
    kind: str
    node: Node | None  # initializer / function / class node
    stmt: Node
    exported: bool = False


@dataclass
class ExportEntry:
    local: str | None = None
    module: str | None = None
    imported: str | None = None
    node: Node | None = None  # `export default <expr>`
    line: int = 0


@dataclass
class ModuleIndex:
    file: SourceFile
    imports: dict[str, ImportBinding] = field(default_factory=dict)
    decls: dict[str, Decl] = field(default_factory=dict)
    exports: dict[str, ExportEntry] = field(default_factory=dict)
    star_exports: list[tuple[str, int]] = field(default_factory=list)
    resolved: dict[str, str | None] = field(default_factory=dict)
    candidates: list[Node] = field(default_factory=list)
    errors: list[Node] = field(default_factory=list)
    zod_names: set[str] = field(default_factory=set)
    _exported_locals: dict[str, list[str]] | None = None
    #: Identifier uses/declarations by position, built on first need (see `code.py`).
    name_index: tuple[list[int], list[bytes], list[int], list[bytes]] | None = None

    def exported_names(self, local: str) -> list[str]:
        """Names under which the local binding `local` is exported (index built once)."""
        if self._exported_locals is None:
            index: dict[str, list[str]] = {}
            for name, e in self.exports.items():
                if e.local is not None and e.module is None:
                    index.setdefault(e.local, []).append(name)
            self._exported_locals = index
        return self._exported_locals.get(local, [])

    @property
    def rel(self) -> str:
        return self.file.rel


@dataclass
class Resolved:
    kind: Literal["decl", "package", "namespace", "expr", "unresolved"]
    module: ModuleIndex | None = None
    decl: Decl | None = None
    package: str | None = None
    imported: str | None = None
    node: Node | None = None


def index_module(file: SourceFile) -> ModuleIndex:
    mod = ModuleIndex(file=file)
    caps = file.captures(query(file.lang, _INDEX_QUERY))

    def ordered(name: str) -> list[Node]:
        # captures() does not keep document order; everything downstream relies on it
        return sorted(caps.get(name, ()), key=lambda n: n.start_byte)

    for node in ordered("import"):
        _import(mod, node)
    for node in ordered("decl"):
        _decl(mod, node, exported=False)
    for node in ordered("export"):
        _export(mod, node)
    cands = caps.get("new", []) + caps.get("call", [])
    cands.sort(key=lambda n: n.start_byte)
    mod.candidates = cands
    mod.errors = sorted(caps.get("error", ()), key=lambda n: n.start_byte)
    return mod


def _import(mod: ModuleIndex, node: Node) -> None:
    file = mod.file
    src = node.child_by_field_name("source")
    spec = string_value(file, src) if src is not None else None
    if spec is None:
        return
    type_only = node.child_count > 1 and node.children[1].type == "type"
    line = file.line(node)
    for clause in node.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":
                _bind(mod, file.text(part), "default", spec, type_only, line)
            elif part.type == "namespace_import":
                for ident in part.named_children:
                    if ident.type == "identifier":
                        _bind(mod, file.text(ident), "*", spec, type_only, line)
            elif part.type == "named_imports":
                for s in part.named_children:
                    if s.type != "import_specifier":
                        continue
                    name = s.child_by_field_name("name")
                    alias = s.child_by_field_name("alias")
                    if name is None:
                        continue
                    spec_type_only = type_only or (
                        s.child_count > 1 and s.children[0].type == "type"
                    )
                    imported = string_value(file, name) or file.text(name)
                    local = file.text(alias) if alias is not None else imported
                    _bind(mod, local, imported, spec, spec_type_only, line)


def _bind(
    mod: ModuleIndex, local: str, imported: str, spec: str, type_only: bool, line: int
) -> None:
    mod.imports[local] = ImportBinding(
        local=local, imported=imported, module=spec, type_only=type_only, line=line
    )
    if spec in ZOD_MODULES and imported in ("z", "*", "default") and not type_only:
        mod.zod_names.add(local)


def _decl(mod: ModuleIndex, node: Node, *, exported: bool) -> None:
    file = mod.file
    t = node.type
    if t in ("lexical_declaration", "variable_declaration"):
        kind = node.children[0].type if node.child_count else "const"
        for d in node.named_children:
            if d.type != "variable_declarator":
                continue
            name = d.child_by_field_name("name")
            if name is None or name.type != "identifier":
                continue
            n = file.text(name)
            mod.decls[n] = Decl(n, kind, d.child_by_field_name("value"), node, exported)
        return
    name = node.child_by_field_name("name")
    if name is None:
        return
    kind = {
        "function_declaration": "function",
        "generator_function_declaration": "function",
        "enum_declaration": "enum",
    }.get(t, "class")
    n = file.text(name)
    mod.decls[n] = Decl(n, kind, node, node, exported)


def _export(mod: ModuleIndex, node: Node) -> None:
    file = mod.file
    line = file.line(node)
    decl = node.child_by_field_name("declaration")
    src = node.child_by_field_name("source")
    spec = string_value(file, src) if src is not None else None
    is_default = any(c.type == "default" for c in node.children[:3])
    if decl is not None:
        _decl(mod, decl, exported=True)
        for n in _declared_names(file, decl):
            if n in mod.decls:
                mod.decls[n].exported = True
            mod.exports[n] = ExportEntry(local=n, line=line)
            if is_default:
                mod.exports["default"] = ExportEntry(local=n, line=line)
        return
    value = node.child_by_field_name("value")
    if is_default and value is not None:
        if value.type == "identifier":
            mod.exports["default"] = ExportEntry(local=file.text(value), line=line)
        else:
            mod.exports["default"] = ExportEntry(node=value, line=line)
        return
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    if clause is not None:
        for s in clause.named_children:
            if s.type != "export_specifier":
                continue
            name = s.child_by_field_name("name")
            alias = s.child_by_field_name("alias")
            if name is None:
                continue
            local = string_value(file, name) or file.text(name)
            exported = (string_value(file, alias) or file.text(alias)) if alias else local
            if spec is not None:
                mod.exports[exported] = ExportEntry(module=spec, imported=local, line=line)
            else:
                mod.exports[exported] = ExportEntry(local=local, line=line)
        return
    ns = next((c for c in node.named_children if c.type == "namespace_export"), None)
    if spec is not None and ns is not None:
        ident = ns.named_children[-1] if ns.named_child_count else None
        if ident is not None:
            mod.exports[file.text(ident)] = ExportEntry(module=spec, imported="*", line=line)
        return
    if spec is not None:
        mod.star_exports.append((spec, line))


def _declared_names(file: SourceFile, decl: Node) -> list[str]:
    if decl.type in ("lexical_declaration", "variable_declaration"):
        out = []
        for d in decl.named_children:
            if d.type == "variable_declarator":
                name = d.child_by_field_name("name")
                if name is not None and name.type == "identifier":
                    out.append(file.text(name))
        return out
    name = decl.child_by_field_name("name")
    return [file.text(name)] if name is not None else []


# --------------------------------------------------------------------------- resolution


class Resolver:
    """Resolves module specifiers to project files and names to their declarations."""

    def __init__(self, modules: dict[str, ModuleIndex], tsconfig: TsConfig | None) -> None:
        self.modules = modules
        self.tsconfig = tsconfig or TsConfig()
        self._cache: dict[tuple[str, str], Resolved] = {}

    # -- specifiers
    def resolve_spec(self, from_rel: str, spec: str) -> str | None:
        if spec.startswith("."):
            base = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), spec))
            return self._probe(base)
        for pattern, targets in self.tsconfig.paths.items():
            star = pattern.find("*")
            if star < 0:
                if spec != pattern:
                    continue
                rest = ""
            else:
                pre, post = pattern[:star], pattern[star + 1 :]
                if not (spec.startswith(pre) and spec.endswith(post)):
                    continue
                if len(spec) < len(pre) + len(post):
                    continue
                rest = spec[len(pre) : len(spec) - len(post)]
            base_url = self.tsconfig.base_url or "."
            for target in targets:
                cand = posixpath.normpath(posixpath.join(base_url, target.replace("*", rest)))
                hit = self._probe(cand)
                if hit is not None:
                    return hit
        if self.tsconfig.base_url is not None:
            cand = posixpath.normpath(posixpath.join(self.tsconfig.base_url, spec))
            return self._probe(cand)
        return None

    def is_project_spec(self, spec: str) -> bool:
        if spec.startswith("."):
            return True
        return any(
            spec == p or (p.endswith("*") and spec.startswith(p[:-1])) for p in self.tsconfig.paths
        )

    def _probe(self, base: str) -> str | None:
        if base.startswith("../") or base == "..":
            return None
        mods = self.modules
        if base in mods:
            return base
        stem, ext = posixpath.splitext(base)
        for alt in _JS_TO_TS.get(ext, ()):
            if stem + alt in mods:
                return stem + alt
        for e in _EXTS:
            if base + e in mods:
                return base + e
        for e in _EXTS:
            cand = posixpath.join(base, "index" + e) if base != "." else "index" + e
            if cand in mods:
                return cand
        return None

    def link(self) -> None:
        """Fill every import's / re-export's `resolved` file."""
        for mod in self.modules.values():
            specs = {b.module for b in mod.imports.values()}
            specs.update(e.module for e in mod.exports.values() if e.module)
            specs.update(s for s, _ in mod.star_exports)
            for spec in specs:
                mod.resolved[spec] = self.resolve_spec(mod.rel, spec)
            for b in mod.imports.values():
                b.resolved = mod.resolved.get(b.module)

    # -- names
    def forget(self) -> None:
        """Drop cached lookups (kept small; names resolve the same, callers' maps changed)."""

    def local(self, mod: ModuleIndex, name: str) -> Resolved:
        key = (mod.rel, name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._local(mod, name, set())
            self._cache[key] = hit
        return hit

    def _local(self, mod: ModuleIndex, name: str, seen: set[tuple[str, str]]) -> Resolved:
        decl = mod.decls.get(name)
        if decl is not None:
            return Resolved("decl", module=mod, decl=decl)
        imp = mod.imports.get(name)
        if imp is None:
            return Resolved("unresolved")
        target = mod.resolved.get(imp.module)
        if target is None:
            return Resolved("package", package=imp.module, imported=imp.imported)
        if imp.imported == "*":
            return Resolved("namespace", module=self.modules[target])
        return self._export(self.modules[target], imp.imported, seen)

    def export(self, mod: ModuleIndex, name: str) -> Resolved:
        return self._export(mod, name, set())

    def _export(self, mod: ModuleIndex, name: str, seen: set[tuple[str, str]]) -> Resolved:
        key = (mod.rel, name)
        if key in seen or len(seen) > 256:
            return Resolved("unresolved")
        seen.add(key)
        entry = mod.exports.get(name)
        if entry is not None:
            if entry.node is not None:
                return Resolved("expr", module=mod, node=entry.node)
            if entry.module is None:
                return self._local(mod, entry.local or name, seen)
            target = mod.resolved.get(entry.module)
            if target is None:
                return Resolved("package", package=entry.module, imported=entry.imported)
            if entry.imported == "*":
                return Resolved("namespace", module=self.modules[target])
            return self._export(self.modules[target], entry.imported or name, seen)
        if name != "default":
            for spec, _ in mod.star_exports:
                target = mod.resolved.get(spec)
                if target is None:
                    continue
                hit = self._export(self.modules[target], name, seen)
                if hit.kind != "unresolved":
                    return hit
        return Resolved("unresolved")


def export_bindings(mod: ModuleIndex) -> list[ExportBinding]:
    out = [
        ExportBinding(
            exported=name,
            local=e.local,
            module=e.module,
            resolved=mod.resolved.get(e.module) if e.module else None,
            imported=e.imported,
            line=e.line,
        )
        for name, e in mod.exports.items()
    ]
    out.extend(
        ExportBinding(exported="*", module=spec, resolved=mod.resolved.get(spec), line=line)
        for spec, line in mod.star_exports
    )
    return out
