"""`read_project`: the reader's entry point (files -> syntax -> IR), never raising on input."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tree_sitter import Node

from lumosai.migrate.ir import (
    Construct,
    LiteralValue,
    MastraInstance,
    ModuleInfo,
    Project,
    TemplateValue,
    UnknownValue,
    Value,
)
from lumosai.migrate.reader import (
    agents,
    code,
    era,
    legacy,
    mcp,
    memory,
    rag,
    scorers,
    server,
    tools,
    workflows,
    zod,
)
from lumosai.migrate.reader import values as values_mod
from lumosai.migrate.reader.context import Reader, Site
from lumosai.migrate.reader.diagnostics import Diagnostics
from lumosai.migrate.reader.modules import ModuleIndex, Resolver, export_bindings, index_module
from lumosai.migrate.reader.pause import gc_paused
from lumosai.migrate.reader.project import Discovered, discover, inside, safe_read
from lumosai.migrate.reader.sites import find_sites
from lumosai.migrate.reader.syntax import SourceFile, parse, unwrap

_BOM = b"\xef\xbb\xbf"
_MAX_SYNTAX_DIAGS_PER_FILE = 20
_FUNCTION_INITS = frozenset(
    {"arrow_function", "function_expression", "function", "generator_function"}
)

Builder = Callable[[Reader, Site], Any]
BUILDERS: dict[str, Builder] = {
    "mastra": server.build_mastra,
    "agent": agents.build,
    "tool": tools.build,
    "step": workflows.build_step,
    "workflow": workflows.build_workflow,
    "legacy_workflow": legacy.build,
    "memory": memory.build_memory,
    "storage": memory.build_store,
    "vector": memory.build_store,
    "mcp_client": mcp.build_client,
    "mcp_server": mcp.build_server,
    "rag": rag.build,
    "scorer": scorers.build,
}
_LISTS = {
    "mastra": "mastra_instances",
    "agent": "agents",
    "tool": "tools",
    "step": "steps",
    "workflow": "workflows",
    "legacy_workflow": "legacy_workflows",
    "memory": "memories",
    "storage": "storages",
    "vector": "vectors",
    "mcp_client": "mcp_clients",
    "mcp_server": "mcp_servers",
    "rag": "rag",
    "scorer": "scorers",
}


def read_project(root: str | Path, *, entry: str | None = None) -> Project:
    """Read the Mastra project at `root` into the IR. Never raises on user input."""
    diags = Diagnostics()
    path = Path(root)
    try:
        with gc_paused():
            return _read(path, entry, diags)
    except Exception as exc:  # the reader must not fail on input; report instead
        diags.add("LM199", f"reader failed: {type(exc).__name__}: {exc}")
        return Project(root=path.name or ".", era="1.x", diagnostics=diags.sorted())


def _read(root_in: Path, entry: str | None, diags: Diagnostics) -> Project:
    root = root_in.resolve()
    project = Project(root=root.name or ".", era="1.x")
    if not root.is_dir():
        diags.add("LM100", f"{root_in} is not a directory")
        project.diagnostics = diags.sorted()
        return project
    disc = discover(root, diags)
    project.package, project.tsconfig = disc.package, disc.tsconfig
    project.env_names, project.env_files = disc.env_names, disc.env_files
    if not disc.files:
        diags.add("LM100", "no TypeScript sources in the project")
    if disc.package is None or "@mastra/core" not in disc.package.mastra_packages:
        diags.add(
            "LM104",
            "package.json missing or without @mastra/core"
            if disc.package is None
            else "package.json does not depend on @mastra/core",
            file="package.json" if disc.package is not None else None,
        )
    modules = _parse_all(root, disc, diags)
    resolver = Resolver(modules, disc.tsconfig)
    resolver.link()
    for mod in modules.values():
        for b in mod.imports.values():
            if b.resolved is None and resolver.is_project_spec(b.module) and not b.type_only:
                diags.add("LM120", f"cannot resolve import '{b.module}'", file=mod.rel, line=b.line)
    ctx = Reader(modules=modules, resolver=resolver, diags=diags)
    deferred = {}
    for rel, mod in modules.items():
        try:
            deferred[rel] = find_sites(ctx, mod)
        except Exception as exc:
            diags.add("LM199", f"finding constructs failed: {type(exc).__name__}: {exc}", file=rel)
    _register_schemas_and_helpers(ctx)
    for rel, calls in deferred.items():
        try:
            rag.classify_member_calls(ctx, modules[rel], calls)
        except Exception as exc:
            diags.add("LM199", f"RAG pass failed: {type(exc).__name__}: {exc}", file=rel)
    _build_constructs(ctx, project)
    _build_helpers(ctx, project)
    _build_schemas(ctx, project)
    _link_registries(project)
    _entry(ctx, project, root, entry)
    _assign_eras(ctx, project)
    project.modules = _module_infos(ctx, project)
    project.diagnostics = diags.sorted()
    return project


def _parse_all(root: Path, disc: Discovered, diags: Diagnostics) -> dict[str, ModuleIndex]:
    modules: dict[str, ModuleIndex] = {}
    for rel, abspath, lang in disc.files:
        data = safe_read(root, abspath, diags, rel, walked=True)
        if data is None:
            continue
        try:
            if data.startswith(_BOM):
                diags.add("LM112", "file starts with a UTF-8 byte-order mark", file=rel, line=1)
                data = b"   " + data[3:]  # keep byte offsets stable
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                diags.add(
                    "LM112", f"invalid UTF-8 at byte {exc.start}; replaced for reading", file=rel
                )
            file = SourceFile(rel=rel, src=data, tree=parse(data, lang), lang=lang)
            mod = index_module(file)
            modules[rel] = mod
            for err in mod.errors[:_MAX_SYNTAX_DIAGS_PER_FILE]:
                what = "missing " + err.type if err.is_missing else "syntax error"
                snippet = file.text(err)[:40].replace("\n", " ")
                diags.at("LM110", f"{what} near `{snippet}`", file, err)
            if len(mod.errors) > _MAX_SYNTAX_DIAGS_PER_FILE:
                diags.add("LM110", f"{len(mod.errors)} syntax error regions in total", file=rel)
        except Exception as exc:
            diags.add("LM199", f"reading failed: {type(exc).__name__}: {exc}", file=rel)
    return modules


#: built-in errors a project error class may extend (translated to a Python exception class)
_ERROR_BASES = frozenset({"Error", "TypeError", "RangeError", "SyntaxError"})


def _error_class(file: SourceFile, node: Node) -> bool:
    """`class HelpdeskError extends Error { ... }`: a helper the body translator turns into an
    exception class."""
    if node.type != "class_declaration":
        return False
    for part in node.named_children:
        if part.type == "class_heritage":
            clause = part.named_children[0] if part.named_children else None
            base = (
                clause.named_children[0] if clause is not None and clause.named_children else None
            )
            return (
                clause is not None
                and clause.type == "extends_clause"
                and base is not None
                and base.type == "identifier"
                and file.text(base) in _ERROR_BASES
            )
    return False


def _plain_class(node: Node) -> bool:
    """`class TokenBucket { ... }` (no `extends`): the body translator makes a Python class."""
    return node.type == "class_declaration" and not any(
        c.type in ("class_heritage", "decorator") for c in node.children
    )


def _register_schemas_and_helpers(ctx: Reader) -> None:
    pending: list[tuple[str, ModuleIndex, Any]] = []
    for rel, mod in ctx.modules.items():
        file = mod.file
        for decl in mod.decls.values():
            node = decl.node
            if node is None:
                continue
            u = unwrap(node)
            if (
                decl.kind == "function"
                or (decl.kind == "const" and u.type in _FUNCTION_INITS)
                or (decl.kind == "class" and (_error_class(file, u) or _plain_class(u)))
            ):
                hid = ctx.new_id(rel, file.line(decl.stmt), "helper", decl.name)
                ctx.helper_ids[(rel, decl.name)] = hid
            elif decl.kind == "const" and u.type in ("call_expression", "member_expression"):
                pending.append((rel, mod, decl))
    # Fixpoint: `B = A.extend({...})` is a schema once `A` is known to be one.
    for _ in range(64):
        added = False
        rest = []
        for rel, mod, decl in pending:
            u = unwrap(decl.node)
            if ctx.site_at(mod, u) is None and zod.is_zod(ctx, mod, u):
                sid = ctx.new_id(rel, mod.file.line(decl.stmt), "schema", decl.name)
                ctx.schema_ids[(rel, decl.name)] = sid
                ctx.schema_sources[sid] = (mod, decl)
                ctx.resolver.forget()
                added = True
            else:
                rest.append((rel, mod, decl))
        pending = rest
        if not added:
            break


def _build_constructs(ctx: Reader, project: Project) -> None:
    built: list[Construct] = []
    for site in sorted(ctx.site_list, key=lambda s: (s.mod.rel, s.node.start_byte)):
        builder = BUILDERS.get(site.kind.kind, server.build_other)
        try:
            out = builder(ctx, site)
        except Exception as exc:
            ctx.diags.at(
                "LM199",
                f"building {site.kind.kind} {site.name} failed: {type(exc).__name__}: {exc}",
                site.mod.file,
                site.node,
                construct_id=site.id,
            )
            continue
        built.extend(out if isinstance(out, list) else [out])
    for c in built:
        attr = _LISTS.get(c.kind)
        getattr(project, attr if attr else "others").append(c)


def _build_helpers(ctx: Reader, project: Project) -> None:
    for (rel, name), hid in ctx.helper_ids.items():
        mod = ctx.modules[rel]
        decl = mod.decls[name]
        node = decl.node
        if node is None:
            continue
        node = unwrap(node)
        try:
            project.helpers.append(code.build(ctx, mod, node, kind="helper", name=name, cid=hid))
        except Exception as exc:
            ctx.diags.at(
                "LM199",
                f"reading helper {name} failed: {type(exc).__name__}: {exc}",
                mod.file,
                node,
            )


def _build_schemas(ctx: Reader, project: Project) -> None:
    for sid in list(ctx.schema_sources):
        try:
            zod.build_named(ctx, sid)
        except Exception as exc:
            ctx.diags.add(
                "LM199", f"reading schema failed: {type(exc).__name__}: {exc}", construct_id=sid
            )
    project.schemas = sorted(ctx.schemas.values(), key=lambda s: (s.span.file, s.span.start_byte))


def _link_registries(project: Project) -> None:
    index = {c.id: c for c in project.constructs()}
    for m in project.mastra_instances:
        for group in (
            m.agents,
            m.workflows,
            m.legacy_workflows,
            m.tools,
            m.scorers,
            m.vectors,
            m.mcp_servers,
            m.memory,
            m.networks,
        ):
            for ref in group:
                target = index.get(ref.target or "")
                if target is None:
                    continue
                if ref.key not in target.registry_keys:
                    target.registry_keys.append(ref.key)
                if target.registry_key is None:
                    target.registry_key = ref.key
        if m.storage_id and m.storage_id in index:
            st = index[m.storage_id]
            st.registry_key = st.registry_key or "storage"


def _entry(ctx: Reader, project: Project, root: Path, entry: str | None) -> None:
    rel_entry: str | None = None
    if entry is not None:
        p = Path(entry)
        p = p if p.is_absolute() else root / p
        if not inside(root, p):
            ctx.diags.add("LM102", f"--entry {entry} is outside the project root")
        else:
            rel_entry = p.resolve().relative_to(root).as_posix()
            if rel_entry not in ctx.modules:
                ctx.diags.add("LM103", f"--entry {entry} is not a TypeScript file of the project")
                rel_entry = None
    elif "src/mastra/index.ts" in ctx.modules:
        rel_entry = "src/mastra/index.ts"
    instances = project.mastra_instances
    chosen: MastraInstance | None = None
    in_entry = [m for m in instances if m.span.file == rel_entry]
    pool = in_entry or instances
    for m in pool:
        if "mastra" in m.exported_as or m.variable == "mastra":
            chosen = m
            break
    if chosen is None and pool:
        chosen = pool[0]
    project.mastra = chosen
    project.entry = rel_entry or (chosen.span.file if chosen is not None else None)
    if chosen is None:
        ctx.diags.add(
            "LM103",
            "no `new Mastra({...})` found; constructs are read but none is registered",
            file=rel_entry,
        )


def _assign_eras(ctx: Reader, project: Project) -> None:
    proj_era, how, evidence, module_eras, construct_eras = era.decide(ctx, project.package)
    project.era = proj_era
    project.era_decided_by = how  # type: ignore[assignment]
    project.era_evidence = evidence[:200]
    if how == "default":
        ctx.diags.add("LM105", "era undecidable from package.json and code; assuming 1.x")
    for c in project.constructs():
        own = construct_eras.get(c.id)
        c.era = own or module_eras.get(c.span.file)
        if (
            own is not None
            and own != proj_era
            and c.kind
            in ("tool", "agent", "step", "workflow", "memory", "legacy_workflow", "mcp_client")
        ):
            ctx.diags.add(
                "LM106",
                f"{c.kind} {c.name} is written in Mastra {own} style but the project is {proj_era}",
                file=c.span.file,
                line=c.span.start_line,
                column=c.span.start_column,
                construct_id=c.id,
            )
    ctx.module_eras = module_eras  # type: ignore[attr-defined]


def _module_infos(ctx: Reader, project: Project) -> list[ModuleInfo]:
    by_file: dict[str, list[str]] = {}
    for c in sorted(project.constructs(), key=lambda c: (c.span.file, c.span.start_byte)):
        by_file.setdefault(c.span.file, []).append(c.id)
    helpers_by_file: dict[str, list[str]] = {}
    for h in project.helpers:
        helpers_by_file.setdefault(h.span.file, []).append(h.id)
    module_eras = getattr(ctx, "module_eras", {})
    out: list[ModuleInfo] = []
    for rel, mod in ctx.modules.items():
        src = mod.file.src
        out.append(
            ModuleInfo(
                path=rel,
                language="tsx" if mod.file.lang == "tsx" else "typescript",
                size=len(src),
                lines=src.count(b"\n") + (0 if src.endswith(b"\n") or not src else 1),
                sha256=hashlib.sha256(src).hexdigest(),
                era=module_eras.get(rel),
                has_syntax_error=bool(mod.errors),
                imports=list(mod.imports.values()),
                exports=export_bindings(mod),
                helpers=helpers_by_file.get(rel, []),
                constants=_constants(ctx, mod),
                constructs=by_file.get(rel, []),
            )
        )
    return out


#: initializers kept as source for the converter's body translator: data literals and plain
#: expressions (calls and `new` are left out: they are constructs or need their class)
_SOURCE_CONSTANTS = frozenset(
    {"object", "array", "regex", "binary_expression", "unary_expression", "ternary_expression"}
)


#: packages whose calls make plain module constants (`const DIR = path.resolve(...)`)
_PLAIN_CALL_MODULES = frozenset({"node:path", "path", "date-fns"})


def _plain_call(ctx: Reader, mod: ModuleIndex, name: str, node: Node) -> bool:
    """`const DIR = path.resolve(...)`: a call into a plain-data package (no construct);
    `const bucket = new TokenBucket(10, 0.5)` of a class of the module the converter translates."""
    if node.type == "new_expression" and ctx.site_at(mod, node) is None:
        cls = node.child_by_field_name("constructor")
        cls_name = mod.file.text(cls) if cls is not None and cls.type == "identifier" else ""
        decl = mod.decls.get(cls_name)
        return decl is not None and decl.kind == "class" and (mod.rel, cls_name) in ctx.helper_ids
    if node.type != "call_expression" or ctx.site_at(mod, node) is not None:
        return False
    if (mod.rel, name) in ctx.schema_ids or (mod.rel, name) in ctx.helper_ids:
        return False
    root = node.child_by_field_name("function")
    while root is not None and root.type == "member_expression":
        root = root.child_by_field_name("object")
    if root is None or root.type != "identifier":
        return False
    binding = mod.imports.get(mod.file.text(root))
    return binding is not None and binding.module in _PLAIN_CALL_MODULES


def _constants(ctx: Reader, mod: ModuleIndex) -> dict[str, Value]:
    out: dict[str, Value] = {}
    file = mod.file
    for decl in mod.decls.values():
        if decl.node is None:
            continue
        if decl.kind == "enum":
            enum = _enum_source(mod, decl.node)
            if enum is not None:
                out[decl.name] = UnknownValue.fast(
                    source=enum,
                    reason="enum",
                    node_type="enum_declaration",
                    span=file.span(decl.node),
                )
            continue
        if decl.kind != "const":
            continue
        if decl.node.type in ("string", "number", "template_string", "true", "false"):
            v = values_mod.value(ctx, mod, decl.node, hint=decl.name)
            if isinstance(v, LiteralValue | TemplateValue):
                out[decl.name] = v
            continue
        # typed or not (`const X: Record<number, string> = {...}`, `{...} as const`)
        inner = unwrap(decl.node)
        if inner.type in _SOURCE_CONSTANTS or _plain_call(ctx, mod, decl.name, inner):
            out[decl.name] = UnknownValue.fast(
                source=file.text(inner),
                reason="module constant",
                node_type=inner.type,
                span=file.span(inner),
            )
    return out


def _enum_source(mod: ModuleIndex, node: Node) -> str | None:
    """`enum E { A = 'a', B }` as the object literal of its values (`{ A: 'a', ... }`);
    None when a member's value is not a literal."""
    file = mod.file
    body = node.child_by_field_name("body")
    if body is None:
        return None
    items: list[str] = []
    counter: int | None = 0
    for member in body.named_children:
        if member.type in ("property_identifier", "string"):
            if counter is None:
                return None
            items.append(f"{file.text(member)}: {counter}")
            counter += 1
        elif member.type == "enum_assignment":
            name = member.child_by_field_name("name")
            value = member.child_by_field_name("value")
            if name is None or value is None or value.type not in ("string", "number"):
                return None
            text = file.text(value)
            items.append(f"{file.text(name)}: {text}")
            counter = int(text) + 1 if value.type == "number" and text.isdigit() else None
        elif member.type != "comment":
            return None
    return "{ " + ", ".join(items) + " }"
