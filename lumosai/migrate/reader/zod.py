"""Zod call chains -> `ZodSchema` trees.

A chain `z.string().min(1).describe('x').optional()` is unwound to its base constructor and
its modifiers in source order. Named schemas (`const Address = z.object(...)`, local or
imported) become `ref` nodes pointing at a `NamedSchema`; object methods (`extend`, `merge`,
`pick`, `omit`, `partial`, `required`) are applied statically when the fields are known.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lumosai.migrate.ir import (
    ArrayValue,
    LiteralValue,
    NamedSchema,
    ObjectValue,
    ReferenceValue,
    Span,
    ZodField,
    ZodModifier,
    ZodSchema,
)
from lumosai.migrate.reader import values as values_mod
from lumosai.migrate.reader.syntax import member_path, string_value, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.reader.context import Reader
    from lumosai.migrate.reader.modules import ModuleIndex

MAX_DEPTH = 40

_CHECKS = frozenset(
    {
        "min",
        "max",
        "length",
        "int",
        "positive",
        "negative",
        "nonnegative",
        "nonpositive",
        "gt",
        "gte",
        "lt",
        "lte",
        "multipleOf",
        "step",
        "finite",
        "safe",
        "email",
        "url",
        "uuid",
        "cuid",
        "cuid2",
        "ulid",
        "regex",
        "startsWith",
        "endsWith",
        "includes",
        "trim",
        "toLowerCase",
        "toUpperCase",
        "lowercase",
        "uppercase",
        "datetime",
        "date",
        "time",
        "ip",
        "ipv4",
        "ipv6",
        "cidr",
        "nonempty",
        "emoji",
        "base64",
        "base64url",
        "jwt",
        "nanoid",
        "duration",
        "size",
        "hostname",
        "e164",
        "guid",
        "normalize",
    }
)
#: `(s) => s.trim().toUpperCase()` / `(s: string) => s.toLowerCase()`
_CASE_ARROW = re.compile(
    r"\(?\s*([A-Za-z_$][\w$]*)\s*(?::\s*string\s*)?\)?\s*=>\s*\1"
    r"((?:\s*\.\s*(?:trim|toLowerCase|toUpperCase)\s*\(\s*\))+)"
)
_CASE_STEP = re.compile(r"(trim|toLowerCase|toUpperCase)")

_REFINEMENTS = frozenset(
    {"refine", "superRefine", "transform", "check", "pipe", "preprocess", "overwrite"}
)
_WRAPPERS = frozenset({"array", "or", "and", "promise"})
_NOOP_MODIFIERS = frozenset({"brand", "readonly", "meta", "openapi", "catch", "prefault"})
_OBJECT_METHODS = frozenset(
    {
        "extend",
        "merge",
        "pick",
        "omit",
        "partial",
        "required",
        "strict",
        "passthrough",
        "strip",
        "deepPartial",
        "catchall",
        "keyof",
        "safeExtend",
    }
)
_STRING_FORMATS = frozenset(
    {
        "email",
        "url",
        "uuid",
        "cuid",
        "cuid2",
        "ulid",
        "emoji",
        "base64",
        "nanoid",
        "ipv4",
        "ipv6",
        "jwt",
        "e164",
        "guid",
        "hostname",
        "httpUrl",
    }
)


def is_zod(ctx: Reader, mod: ModuleIndex, node: Node) -> bool:
    """True if `node` is a zod chain rooted at the zod namespace (`z.`) of this module."""
    root = _chain_root(node)
    path = member_path(mod.file, root) if root is not None else None
    if not path or len(path) < 2:
        return False
    if path[0] in mod.zod_names:
        return True
    # A chain on a named schema (`Base.extend({...})`) or a construct's schema
    # (`weatherTool.outputSchema`).
    res = ctx.resolve_name(mod, path[0])
    if ctx.schema_id_for(res) is not None:
        return unwrap(node).type == "call_expression" or path[1] in ("shape", "schema")
    return _construct_schema(ctx, mod, path) is not None


_SCHEMA_KEYS = frozenset(
    {"inputSchema", "outputSchema", "stateSchema", "resumeSchema", "suspendSchema", "triggerSchema"}
)


def _construct_schema(
    ctx: Reader, mod: ModuleIndex, path: list[str]
) -> tuple[ModuleIndex, Node] | None:
    """`weatherTool.outputSchema` -> the schema expression in that tool's options."""
    if len(path) != 2 or path[1] not in _SCHEMA_KEYS:
        return None
    site = ctx.site_for(ctx.resolve_name(mod, path[0]))
    if site is None or site.options is None:
        return None
    for c in site.options.named_children:
        if c.type == "pair":
            k = c.child_by_field_name("key")
            v = c.child_by_field_name("value")
            if k is not None and v is not None and site.mod.file.text(k) == path[1]:
                return site.mod, v
    return None


def _chain_root(node: Node) -> Node | None:
    """The callee of the innermost call in a fluent chain (`z.string` in `z.string().min()`)."""
    cur = unwrap(node)
    for _ in range(4096):
        if cur.type == "call_expression":
            fn = cur.child_by_field_name("function")
            if fn is None:
                return None
            cur = unwrap(fn)
        elif cur.type == "member_expression":
            obj = cur.child_by_field_name("object")
            if obj is None:
                return None
            inner = unwrap(obj)
            if inner.type in ("call_expression", "member_expression"):
                cur = inner
                continue
            return cur
        else:
            return cur
    return None


def ref_to(ctx: Reader, sid: str, name: str, span: Span | None) -> ZodSchema:
    return ZodSchema.fast(kind="ref", ref=sid, name=name, span=span)


def schema(ctx: Reader, mod: ModuleIndex, node: Node, *, depth: int = 0) -> ZodSchema:
    """Build the schema tree for expression `node` (never raises)."""
    file = mod.file
    node = unwrap(node)
    if depth > MAX_DEPTH:
        ctx.diags.at("LM111", "schema nests too deeply; kept as source", file, node)
        return _unknown(ctx, mod, node, "too deep", quiet=True)
    if node.type == "identifier":
        return _identifier(ctx, mod, node, depth)
    # Unwind the chain: collect (method, args) from the outside in.
    calls: list[tuple[str, Node | None, Node]] = []
    cur = node
    base: ZodSchema | None = None
    for _ in range(4096):
        cur = unwrap(cur)
        if cur.type == "call_expression":
            fn = cur.child_by_field_name("function")
            args = cur.child_by_field_name("arguments")
            fn = unwrap(fn) if fn is not None else None
            if fn is None:
                break
            if fn.type == "member_expression":
                obj = fn.child_by_field_name("object")
                prop = fn.child_by_field_name("property")
                path = member_path(file, fn)
                if path and path[0] in mod.zod_names and len(path) >= 2:
                    base = _base(ctx, mod, path, args, cur, depth)
                    break
                if obj is None or prop is None:
                    break
                calls.append((file.text(prop), args, cur))
                cur = obj
                continue
            break
        if cur.type == "identifier":
            base = _identifier(ctx, mod, cur, depth)
            break
        if cur.type == "member_expression":
            path = member_path(file, cur)
            if path and path[0] in mod.zod_names:
                base = _base(ctx, mod, path, None, cur, depth)
            elif path and len(path) == 2 and path[1] in ("shape", "schema"):
                base = _identifier_name(ctx, mod, path[0], cur, depth)
            elif path:
                hit = _construct_schema(ctx, mod, path)
                if hit is not None:
                    base = schema(ctx, hit[0], hit[1], depth=depth + 1)
            break
        break
    if base is None:
        return _unknown(ctx, mod, node, "not a zod schema")
    result = base
    for method, args, call in reversed(calls):
        result = _apply(ctx, mod, result, method, args, call, depth)
    result.span = file.span(node)
    result.source = _clip(file.text(node))
    return result


def _clip(text: str) -> str:
    return text if len(text) <= 4000 else text[:4000] + "…"


def _unknown(
    ctx: Reader, mod: ModuleIndex, node: Node, reason: str, *, quiet: bool = False
) -> ZodSchema:
    file = mod.file
    if not quiet:
        ctx.diags.at("LM140", f"zod: {reason}: `{file.text(node)[:60]}`", file, node)
    return ZodSchema.fast(kind="unknown_expr", span=file.span(node), source=_clip(file.text(node)))


def _identifier(ctx: Reader, mod: ModuleIndex, node: Node, depth: int) -> ZodSchema:
    return _identifier_name(ctx, mod, mod.file.text(node), node, depth)


def _identifier_name(ctx: Reader, mod: ModuleIndex, name: str, node: Node, depth: int) -> ZodSchema:
    res = ctx.resolve_name(mod, name)
    sid = ctx.schema_id_for(res)
    if sid is not None:
        return ZodSchema.fast(kind="ref", ref=sid, name=name, span=mod.file.span(node))
    decl = res.decl
    if (
        res.kind == "decl"
        and decl is not None
        and decl.node is not None
        and res.module is not None
        and decl.kind == "const"
        and is_zod(ctx, res.module, decl.node)
    ):
        return schema(ctx, res.module, decl.node, depth=depth + 1)
    return _unknown(ctx, mod, node, f"`{name}` is not a known schema")


def _args(args: Node | None) -> list[Node]:
    if args is None or args.type != "arguments":
        return []
    return [a for a in args.named_children if a.type != "comment"]


def _base(
    ctx: Reader, mod: ModuleIndex, path: list[str], args: Node | None, call: Node, depth: int
) -> ZodSchema:
    file = mod.file
    # path starts with the zod namespace (`z`), whose import tells zod/v3 from zod/v4
    zmod = next((b.module for b in mod.imports.values() if b.local == path[0]), None)
    path = path[1:]
    coerce = False
    if path[0] == "coerce" and len(path) > 1:
        coerce, path = True, path[1:]
    if path[0] == "iso" and len(path) > 1:
        s = ZodSchema.fast(kind="string", checks=[ZodModifier.fast(name=path[1])])
        return s
    kind = path[0]
    a = _args(args)
    s = ZodSchema.fast(kind=kind, coerce=coerce, zod_module=zmod)
    if kind in ("object", "strictObject", "looseObject"):
        s.kind = "object"
        s.object_mode = {"strictObject": "strict", "looseObject": "passthrough"}.get(kind, "strip")  # type: ignore[assignment]
        if a:
            s.fields = _fields(ctx, mod, a[0], depth)
    elif kind in ("array", "set", "promise", "optional", "nullable", "readonly"):
        if a:
            s.element = schema(ctx, mod, a[0], depth=depth + 1)
        if kind in ("optional", "nullable"):
            inner = s.element or ZodSchema.fast(kind="unknown")
            inner.modifiers.append(ZodModifier.fast(name=kind))
            if kind == "optional":
                inner.optional = True
            else:
                inner.nullable = True
            return inner
    elif kind in ("union", "tuple", "discriminatedUnion", "xor"):
        items = a
        if kind == "discriminatedUnion" and a:
            s.discriminator = string_value(file, unwrap(a[0]))
            items = a[1:]
        if items and unwrap(items[0]).type == "array":
            s.options = [
                schema(ctx, mod, x, depth=depth + 1)
                for x in unwrap(items[0]).named_children
                if x.type != "comment"
            ]
        if kind == "tuple" and len(items) > 1:
            s.rest = schema(ctx, mod, items[1], depth=depth + 1)
    elif kind == "intersection":
        s.options = [schema(ctx, mod, x, depth=depth + 1) for x in a[:2]]
    elif kind in ("record", "map", "partialRecord"):
        if len(a) >= 2:
            s.key = schema(ctx, mod, a[0], depth=depth + 1)
            s.element = schema(ctx, mod, a[1], depth=depth + 1)
        elif a:
            s.element = schema(ctx, mod, a[0], depth=depth + 1)
    elif kind in ("enum", "nativeEnum"):
        if a:
            arr = unwrap(a[0])
            v = values_mod.value(ctx, mod, arr, depth=depth + 1)
            if isinstance(v, ArrayValue):
                s.values = [values_mod.literal(x) for x in v.items]
            elif isinstance(v, ObjectValue):
                s.values = [values_mod.literal(p.value) for p in v.properties]
            elif isinstance(v, ReferenceValue):
                s.enum_ref = v.target or v.name
                s.values = _ts_enum_values(ctx, mod, v.name)
    elif kind == "literal":
        if a:
            v = values_mod.value(ctx, mod, a[0], depth=depth + 1)
            if isinstance(v, LiteralValue):
                s.literal = v.value
            else:
                s.literal = values_mod.literal(v)
    elif kind == "lazy":
        if a:
            fn = unwrap(a[0])
            body = (
                fn.child_by_field_name("body")
                if fn.type in ("arrow_function", "function_expression")
                else None
            )
            if body is not None and body.type == "statement_block":
                ret = next((c for c in body.named_children if c.type == "return_statement"), None)
                body = ret.named_children[0] if ret is not None and ret.named_child_count else None
            if body is not None:
                s.element = schema(ctx, mod, body, depth=depth + 1)
                s.recursive = True
    elif kind == "preprocess" or kind == "pipe":
        if kind == "preprocess" and len(a) >= 2:
            s.refinements.append(ZodModifier.fast(name="preprocess", source=file.text(a[0])))
            s.element = schema(ctx, mod, a[1], depth=depth + 1)
        elif kind == "pipe" and a:
            s.options = [schema(ctx, mod, x, depth=depth + 1) for x in a]
    elif kind in _STRING_FORMATS:
        s = ZodSchema.fast(kind="string", checks=[ZodModifier.fast(name=kind)], zod_module=zmod)
    elif kind in ("int", "int32", "uint32", "float32", "float64", "int64", "uint64"):
        s = ZodSchema.fast(
            kind="number" if not kind.endswith("64") or kind.startswith("float") else "bigint",
            checks=[ZodModifier.fast(name="int")] if "int" in kind else [],
            zod_module=zmod,
        )
    elif kind in ("instanceof", "custom", "function", "transform") and a:
        s.source = file.text(a[0])
    for x in a if kind in ("string", "number", "boolean", "date", "bigint") else ():
        # `z.string({ description: 'x' })` / error params
        v = values_mod.value(ctx, mod, x, depth=depth + 1)
        if isinstance(v, ObjectValue):
            desc = values_mod.literal_str(v.get("description"))
            if desc is not None:
                s.description = desc
    return s


def _ts_enum_values(
    ctx: Reader, mod: ModuleIndex, name: str
) -> list[str | int | float | bool | None]:
    """Member values of a TypeScript `enum` (for `z.nativeEnum(E)` / v4 `z.enum(E)`)."""
    res = ctx.resolve_name(mod, name)
    out: list[str | int | float | bool | None] = []
    if res.kind != "decl" or res.decl is None or res.decl.kind != "enum" or res.module is None:
        return out
    body = res.decl.node.child_by_field_name("body") if res.decl.node is not None else None
    if body is None:
        return out
    counter = 0
    for member in body.named_children:
        if member.type == "property_identifier":
            out.append(counter)
            counter += 1
        elif member.type == "enum_assignment":
            val = member.child_by_field_name("value")
            v = values_mod.value(ctx, res.module, val, depth=1) if val is not None else None
            lit = values_mod.literal(v)
            out.append(lit)
            if isinstance(lit, int):
                counter = lit + 1
    return out


def _fields(ctx: Reader, mod: ModuleIndex, node: Node, depth: int) -> list[ZodField]:
    file = mod.file
    node = unwrap(node)
    if node.type == "identifier":
        # `z.object(shape)` with a const shape object
        res = ctx.resolve_name(mod, file.text(node))
        if res.kind == "decl" and res.decl is not None and res.decl.node is not None and res.module:
            return _fields(ctx, res.module, res.decl.node, depth + 1)
        return []
    if node.type != "object":
        return []
    out: list[ZodField] = []
    for c in node.named_children:
        if c.type == "pair":
            k = c.child_by_field_name("key")
            v = c.child_by_field_name("value")
            if k is None or v is None:
                continue
            key = string_value(file, k) or file.text(k)
            _put(out, ZodField.fast(name=key, schema=schema(ctx, mod, v, depth=depth + 1)))
        elif c.type == "shorthand_property_identifier":
            key = file.text(c)
            _put(out, ZodField.fast(name=key, schema=_identifier(ctx, mod, c, depth + 1)))
        elif c.type == "method_definition":
            # v4 recursive getter: `get children() { return z.array(Node) }`
            name = c.child_by_field_name("name")
            body = c.child_by_field_name("body")
            ret = None
            if body is not None:
                ret = next((x for x in body.named_children if x.type == "return_statement"), None)
            if name is not None and ret is not None and ret.named_child_count:
                sch = schema(ctx, mod, ret.named_children[0], depth=depth + 1)
                sch.recursive = True
                _put(out, ZodField.fast(name=file.text(name), schema=sch))
        elif c.type == "spread_element" and c.named_child_count:
            inner = unwrap(c.named_children[0])
            # `...Base.shape`
            path = member_path(file, inner)
            if path and len(path) == 2 and path[1] == "shape":
                for f in _resolved_fields(
                    ctx, mod, _identifier_name(ctx, mod, path[0], inner, depth)
                ):
                    _put(out, f)
            else:
                for f in _fields(ctx, mod, inner, depth + 1):
                    _put(out, f)
    return out


def _put(fields: list[ZodField], f: ZodField) -> None:
    for i, old in enumerate(fields):
        if old.name == f.name:
            fields[i] = f
            return
    fields.append(f)


def _resolved_fields(ctx: Reader, mod: ModuleIndex, s: ZodSchema) -> list[ZodField]:
    """Fields of an object schema, following named refs (cycle-safe)."""
    seen: set[str] = set()
    for _ in range(64):
        if s.kind == "object":
            return [ZodField.fast(name=f.name, schema=f.schema_) for f in s.fields]
        if s.kind == "ref" and s.ref and s.ref not in seen:
            seen.add(s.ref)
            target = build_named(ctx, s.ref)
            if target is None:
                return []
            s = target.schema_
            continue
        return []
    return []


def build_named(ctx: Reader, sid: str) -> NamedSchema | None:
    """Build (once) the named schema `sid`; recursion through itself yields a ref."""
    got = ctx.schemas.get(sid)
    if got is not None:
        return got
    if sid in ctx.schemas_building:
        return None
    info = ctx.schema_sources.get(sid)
    if info is None:
        return None
    mod, decl = info
    ctx.schemas_building.add(sid)
    try:
        node = decl.node
        assert node is not None
        sch = schema(ctx, mod, node)
        _mark_recursive(sch, sid)
        ns = NamedSchema(
            id=sid,
            name=decl.name,
            span=mod.file.span(decl.stmt),
            schema=sch,
            exported=decl.exported,
        )
        ctx.schemas[sid] = ns
        return ns
    finally:
        ctx.schemas_building.discard(sid)


def _mark_recursive(s: ZodSchema, sid: str) -> bool:
    stack = [s]
    found = False
    count = 0
    while stack and count < 100000:
        count += 1
        cur = stack.pop()
        if cur.kind == "ref" and cur.ref == sid:
            found = True
        stack.extend(f.schema_ for f in cur.fields)
        stack.extend(cur.options)
        for x in (cur.element, cur.key, cur.rest):
            if x is not None:
                stack.append(x)
    if found:
        s.recursive = True
    return found


def _apply(
    ctx: Reader,
    mod: ModuleIndex,
    s: ZodSchema,
    method: str,
    args: Node | None,
    call: Node,
    depth: int,
) -> ZodSchema:
    file = mod.file
    a = _args(args)
    vals = (
        [values_mod.value(ctx, mod, x, depth=depth + 1) for x in a]
        if method
        not in (
            "extend",
            "merge",
            "and",
            "or",
            "pipe",
            "refine",
            "superRefine",
            "transform",
            "check",
        )
        else []
    )
    mod_rec = ZodModifier.fast(
        name=method, args=vals, source=file.text(args) if args is not None else ""
    )
    if method in _WRAPPERS:
        if method == "array":
            wrapped = ZodSchema.fast(kind="array", element=s)
        elif method == "promise":
            wrapped = ZodSchema.fast(kind="promise", element=s)
        else:
            other = schema(ctx, mod, a[0], depth=depth + 1) if a else ZodSchema.fast(kind="unknown")
            wrapped = ZodSchema.fast(
                kind="union" if method == "or" else "intersection", options=[s, other]
            )
        wrapped.modifiers.append(mod_rec)
        return wrapped
    s.modifiers.append(mod_rec)
    if method == "optional":
        s.optional = True
    elif method == "nullable":
        s.nullable = True
    elif method == "nullish":
        s.optional = s.nullable = True
    elif method in ("default", "prefault"):
        s.has_default = True
        s.default = vals[0] if vals else None
    elif method == "describe":
        s.description = values_mod.literal_str(vals[0]) if vals else None
    elif method == "meta" and vals and isinstance(vals[0], ObjectValue):
        desc = values_mod.literal_str(vals[0].get("description"))
        if desc is not None:
            s.description = desc
    elif method in _CHECKS:
        s.checks.append(mod_rec)
    elif (
        method == "transform"
        and s.kind == "string"
        and not s.refinements
        and (steps := _string_case_steps([file.text(x) for x in a]))
    ):
        # `.transform((s) => s.toUpperCase())`: zod's own string overwrite, after the checks
        # (after a `.refine` it stays a transform: the refine sees the text before it)
        s.checks.extend(ZodModifier.fast(name=step, source=f".{step}()") for step in steps)
    elif method in _REFINEMENTS or method == "catch":
        s.refinements.append(
            ZodModifier.fast(name=method, source=", ".join(file.text(x) for x in a), args=vals)
        )
        if method == "pipe" and a:
            s.options.append(schema(ctx, mod, a[0], depth=depth + 1))
    elif method in _OBJECT_METHODS:
        s = _object_method(ctx, mod, s, method, a, depth)
    elif method in _NOOP_MODIFIERS or method in ("unwrap", "removeDefault", "innerType", "element"):
        pass
    else:
        ctx.diags.at("LM140", f"zod: unknown method `.{method}()` kept as a modifier", file, call)
    return s


def _string_case_steps(args: list[str]) -> list[str]:
    """The string methods of a transform that only calls them on its parameter
    (`(code) => code.trim().toUpperCase()`), in order; [] for any other transform."""
    if len(args) != 1:
        return []
    found = _CASE_ARROW.fullmatch(" ".join(args[0].split()))
    if found is None:
        return []
    return _CASE_STEP.findall(found.group(2))


def _object_method(
    ctx: Reader, mod: ModuleIndex, s: ZodSchema, method: str, a: list[Node], depth: int
) -> ZodSchema:
    file = mod.file
    if method in ("strict", "passthrough", "strip"):
        s.object_mode = method  # type: ignore[assignment]
        return s
    if s.kind != "object":
        fields = _resolved_fields(ctx, mod, s)
        if not fields and s.kind != "ref":
            return s
        base_name = s.name if s.kind == "ref" else None
        new = ZodSchema.fast(kind="object", fields=fields, object_mode="strip", base=base_name)
        new.modifiers = list(s.modifiers)
        new.object_methods = list(s.object_methods)
        s = new
    s.object_methods.append(method)
    if method in ("extend", "safeExtend") and a:
        for f in _fields(ctx, mod, a[0], depth + 1):
            _put(s.fields, f)
    elif method == "merge" and a:
        other = schema(ctx, mod, a[0], depth=depth + 1)
        for f in _resolved_fields(ctx, mod, other):
            _put(s.fields, f)
    elif method in ("pick", "omit") and a:
        mask = values_mod.value(ctx, mod, a[0], depth=depth + 1)
        keys = set(mask.keys()) if isinstance(mask, ObjectValue) else set()
        if method == "pick":
            s.fields = [f for f in s.fields if f.name in keys]
        else:
            s.fields = [f for f in s.fields if f.name not in keys]
    elif method in ("partial", "required", "deepPartial"):
        keys = None
        if a:
            mask = values_mod.value(ctx, mod, a[0], depth=depth + 1)
            keys = set(mask.keys()) if isinstance(mask, ObjectValue) else None
        for f in s.fields:
            if keys is None or f.name in keys:
                # copy before changing: the field schema may be shared with its base schema
                f.schema_ = f.schema_.model_copy(update={"optional": method != "required"})
    elif method == "catchall" and a:
        s.rest = schema(ctx, mod, a[0], depth=depth + 1)
    elif method == "keyof":
        return ZodSchema.fast(kind="enum", values=[f.name for f in s.fields])
    del file
    return s
