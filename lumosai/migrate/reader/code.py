"""Functions -> `Code`: parameters (with destructuring), TypeScript source of the function and
its body with spans, and the free names the body uses, classified.

Free names come from one query over the function's subtree (no Python tree walk): every
identifier used, minus every name the function declares itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from lumosai.migrate.ir import Code, FreeName, Param, Pattern, PatternProperty
from lumosai.migrate.reader.catalog import JS_GLOBALS, MASTRA_CONTEXT_KEYS
from lumosai.migrate.reader.syntax import query, string_value

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.reader.context import Reader
    from lumosai.migrate.reader.modules import ModuleIndex
    from lumosai.migrate.reader.syntax import SourceFile

_NAMES_QUERY = r"""
(identifier) @ref
(shorthand_property_identifier) @ref
(variable_declarator name: (identifier) @def)
(shorthand_property_identifier_pattern) @def
(pair_pattern value: (identifier) @def)
(required_parameter pattern: (identifier) @def)
(optional_parameter pattern: (identifier) @def)
(arrow_function parameter: (identifier) @def)
(function_declaration name: (identifier) @def)
(function_expression name: (identifier) @def)
(catch_clause parameter: (identifier) @def)
(for_in_statement left: (identifier) @def)
(array_pattern (identifier) @def)
(rest_pattern (identifier) @def)
(assignment_pattern left: (identifier) @def)
(object_assignment_pattern left: (shorthand_property_identifier_pattern) @def)
(class_declaration name: (type_identifier) @def)
"""

_MAX_PATTERN_DEPTH = 32
# Cheap text scans for what a query would need predicates for (predicates run in Python).
_ENV = re.compile(rb"process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*['\"`]([^'\"`]+)['\"`]\s*\])")
_SUSPEND = re.compile(rb"\bsuspend\s*\(")


def build(
    ctx: Reader, mod: ModuleIndex, node: Node, *, kind: str, name: str, cid: str | None = None
) -> Code:
    """Describe the function `node` (arrow, function expression/declaration, method)."""
    file = mod.file
    cid = cid or ctx.new_id(file.rel, file.line(node), "code", name)
    params_node = node.child_by_field_name("parameters")
    single = node.child_by_field_name("parameter")
    body = node.child_by_field_name("body")
    params: list[Param] = []
    if params_node is not None:
        for p in params_node.named_children:
            if p.type in ("required_parameter", "optional_parameter"):
                params.append(_param(file, p))
    elif single is not None:
        params.append(Param.fast(pattern=_pattern(file, single, 0)))
    is_async = any(c.type == "async" for c in node.children[:3])
    is_gen = any(c.type == "*" for c in node.children[:4])
    ret = node.child_by_field_name("return_type")
    body_node = body if body is not None else node
    code = Code(
        id=cid,
        kind=kind,  # type: ignore[arg-type]
        name=name,
        span=file.span(node),
        params=params,
        is_async=is_async,
        is_arrow=node.type == "arrow_function",
        is_generator=is_gen,
        source=file.text(node),
        body_source=file.text(body_node),
        body_span=file.span(body_node),
        body_is_expression=body is not None and body.type != "statement_block",
        return_type_source=file.text(ret).lstrip(":").strip() if ret is not None else None,
    )
    _names(ctx, mod, node, code)
    return code


def _param(file: SourceFile, p: Node) -> Param:
    pat = p.child_by_field_name("pattern")
    typ = p.child_by_field_name("type")
    default = p.child_by_field_name("value")
    pattern = _pattern(file, pat, 0) if pat is not None else Pattern.fast(kind="other", source="")
    if default is not None:
        pattern.default_source = file.text(default)
    return Param.fast(
        pattern=pattern,
        type_source=file.text(typ).lstrip(":").strip() if typ is not None else None,
        optional=p.type == "optional_parameter",
    )


def _pattern(file: SourceFile, node: Node, depth: int) -> Pattern:
    t = node.type
    src = file.text(node)
    if depth > _MAX_PATTERN_DEPTH:
        return Pattern.fast(kind="other", source=src)
    if t == "identifier":
        return Pattern.fast(kind="identifier", name=src, source=src)
    if t == "object_pattern":
        props: list[PatternProperty] = []
        for c in node.named_children:
            ct = c.type
            if ct == "shorthand_property_identifier_pattern":
                n = file.text(c)
                props.append(PatternProperty.fast(key=n, local=n))
            elif ct == "object_assignment_pattern":
                left = c.child_by_field_name("left")
                right = c.child_by_field_name("right")
                n = file.text(left) if left is not None else ""
                props.append(
                    PatternProperty.fast(
                        key=n,
                        local=n,
                        default_source=file.text(right) if right is not None else None,
                    )
                )
            elif ct == "pair_pattern":
                k = c.child_by_field_name("key")
                v = c.child_by_field_name("value")
                key = (string_value(file, k) or file.text(k)) if k is not None else ""
                if v is None:
                    props.append(PatternProperty.fast(key=key))
                    continue
                default = None
                if v.type == "assignment_pattern":
                    right = v.child_by_field_name("right")
                    default = file.text(right) if right is not None else None
                    v = v.child_by_field_name("left") or v
                if v.type == "identifier":
                    props.append(
                        PatternProperty.fast(key=key, local=file.text(v), default_source=default)
                    )
                else:
                    props.append(
                        PatternProperty.fast(
                            key=key, pattern=_pattern(file, v, depth + 1), default_source=default
                        )
                    )
            elif ct == "rest_pattern":
                inner = c.named_children[0] if c.named_child_count else None
                n = file.text(inner) if inner is not None else ""
                props.append(PatternProperty.fast(key="...", local=n, rest=True))
        return Pattern.fast(kind="object", properties=props, source=src)
    if t == "array_pattern":
        elems: list[Pattern | None] = [_pattern(file, c, depth + 1) for c in node.named_children]
        return Pattern.fast(kind="array", elements=elems, source=src)
    if t == "rest_pattern":
        inner = node.named_children[0] if node.named_child_count else None
        return Pattern.fast(
            kind="rest", name=file.text(inner) if inner is not None else None, source=src
        )
    if t == "assignment_pattern":
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        inner_pat = _pattern(file, left, depth + 1) if left is not None else None
        return Pattern.fast(
            kind="assignment",
            name=inner_pat.name if inner_pat is not None else None,
            properties=inner_pat.properties if inner_pat is not None else [],
            default_source=file.text(right) if right is not None else None,
            source=src,
        )
    return Pattern.fast(kind="other", source=src)


NameIndex = tuple[list[int], list[bytes], list[int], list[bytes]]


def _name_index(mod: ModuleIndex) -> NameIndex:
    """Every identifier use and declaration of the file, by position (one query per file;
    each function then takes its slice with a bisect)."""
    if mod.name_index is not None:
        return mod.name_index
    file = mod.file
    src = file.src
    caps = file.captures(query(file.lang, _NAMES_QUERY))
    out: list[list[int] | list[bytes]] = []
    for name in ("def", "ref"):
        pairs = sorted((n.start_byte, n.end_byte) for n in caps.get(name, ()))
        out.append([a for a, _ in pairs])
        out.append([src[a:b] for a, b in pairs])
    index: NameIndex = (out[0], out[1], out[2], out[3])  # type: ignore[assignment]
    mod.name_index = index
    return index


def _names(ctx: Reader, mod: ModuleIndex, node: Node, code: Code) -> None:
    file = mod.file
    src = file.src
    index = _name_index(mod)
    lo, hi = node.start_byte, node.end_byte
    def_starts, def_texts, ref_starts, ref_texts = index
    defs = set(def_texts[bisect_left(def_starts, lo) : bisect_left(def_starts, hi)])
    own_name = node.child_by_field_name("name")
    if own_name is not None:
        defs.add(src[own_name.start_byte : own_name.end_byte])
    refs = dict.fromkeys(ref_texts[bisect_left(ref_starts, lo) : bisect_left(ref_starts, hi)])
    body = src[node.start_byte : node.end_byte]
    env = sorted(
        {(m.group(1) or m.group(2)).decode("utf-8", "replace") for m in _ENV.finditer(body)}
    )
    code.env_vars = env
    code.uses_suspend = _SUSPEND.search(body) is not None
    # Mastra context: destructured param keys, and `<param>.<key>` accesses.
    ctx_names: set[str] = set()
    for p in code.params:
        pat = p.pattern
        for prop in pat.properties:
            if prop.key in MASTRA_CONTEXT_KEYS:
                ctx_names.add(prop.key)
        if pat.name and pat.kind in ("identifier", "assignment"):
            access = re.compile(
                rb"(?<![\w$.])" + re.escape(pat.name.encode()) + rb"\s*\??\.\s*([A-Za-z_$][\w$]*)"
            )
            for m in access.finditer(body):
                key = m.group(1).decode("utf-8", "replace")
                if key in MASTRA_CONTEXT_KEYS:
                    ctx_names.add(key)
    code.context_names = sorted(ctx_names)
    free: list[FreeName] = []
    for raw in refs:
        if raw in defs:
            continue
        name = raw.decode("utf-8", "replace")
        free.append(classify_name(ctx, mod, name))
    if env and not any(f.name == "process" for f in free):
        free.append(FreeName.fast(name="process", kind="global"))
    free.sort(key=lambda f: f.name)
    for f in free:
        if f.name == "process" and env:
            f.kind = "env"
    code.free_names = free


def classify_name(ctx: Reader, mod: ModuleIndex, name: str) -> FreeName:
    res = ctx.resolve_name(mod, name)
    if res.kind == "package":
        return FreeName.fast(
            name=name, kind="import", module=res.package, imported_name=res.imported
        )
    if res.kind == "namespace" and res.module is not None:
        return FreeName.fast(name=name, kind="import", module=res.module.rel, imported_name="*")
    if res.kind in ("decl", "expr"):
        site = ctx.site_for(res)
        if site is not None:
            return FreeName.fast(name=name, kind="construct", target=site.id)
        sid = ctx.schema_id_for(res)
        if sid is not None:
            return FreeName.fast(name=name, kind="schema", target=sid)
        hid = ctx.helper_id_for(res)
        if hid is not None:
            return FreeName.fast(name=name, kind="helper", target=hid)
        other = res.module.rel if res.module is not None and res.module is not mod else None
        return FreeName.fast(name=name, kind="constant", module=other)
    if name in JS_GLOBALS:
        return FreeName.fast(name=name, kind="global")
    if name in MASTRA_CONTEXT_KEYS:
        return FreeName.fast(name=name, kind="context")
    return FreeName.fast(name=name, kind="unresolved")
