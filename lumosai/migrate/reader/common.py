"""Helpers shared by the construct builders: evaluate options, common fields, ref maps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lumosai.migrate.ir import (
    ArrayValue,
    CallValue,
    Code,
    FunctionValue,
    ObjectValue,
    ReferenceValue,
    RefMap,
    SchemaValue,
    UnknownValue,
    Value,
    ZodSchema,
)
from lumosai.migrate.reader import values as values_mod
from lumosai.migrate.reader.sites import parent_site

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.reader.context import Reader, Site


def arg_value(ctx: Reader, site: Site, node: Node) -> Value:
    """A site argument evaluated once (builders and the Mastra server config share it, so a
    function in it gets one `Code` id)."""
    key = (site.mod.rel, node.start_byte, node.end_byte)
    hit = ctx.value_cache.get(key)
    if hit is None:
        hit = ctx.value_cache[key] = values_mod.value(ctx, site.mod, node, hint=site.name)
    return hit


def options(ctx: Reader, site: Site) -> ObjectValue:
    if site.options is None:
        return ObjectValue.fast()
    v = arg_value(ctx, site, site.options)
    return v if isinstance(v, ObjectValue) else ObjectValue.fast()


def args(ctx: Reader, site: Site, *, skip_options: bool = True) -> list[Value]:
    out: list[Value] = []
    for a in site.args:
        if skip_options and site.options is not None and a == site.options:
            continue
        out.append(arg_value(ctx, site, a))
    return out


def base(ctx: Reader, site: Site, opts: ObjectValue) -> dict[str, Any]:
    return {
        "id": site.id,
        "name": site.name,
        "span": site.mod.file.span(site.node),
        "variable": site.variable,
        "exported_as": site.exported_as,
        "factory": site.factory,
        "module": site.package,
        "options": {p.key: p.value for p in opts.properties},
        "args": args(ctx, site),
        "parent": parent_site(ctx, site),
    }


def target_of(v: Value | None) -> tuple[str | None, str | None]:
    if isinstance(v, ReferenceValue):
        return v.target, v.target_kind
    if isinstance(v, CallValue):
        return v.target, None
    return None, None


def refmaps(ctx: Reader, site: Site, v: Value | None, *, field: str = "") -> list[RefMap]:
    """`{ key: construct }` -> RefMaps; warns (LM121) on entries that resolve to nothing."""
    out: list[RefMap] = []
    if isinstance(v, ObjectValue):
        for p in v.properties:
            inner = p.value
            if isinstance(inner, ObjectValue) and field:
                inner = inner.get(field) or inner
            target, kind = target_of(inner)
            if target is not None and kind is None:
                kind = ctx.kind_of(target)
            out.append(RefMap.fast(key=p.key, value=p.value, target=target, target_kind=kind))
            if target is None and not isinstance(inner, FunctionValue | CallValue | UnknownValue):
                file = site.mod.file
                ctx.diags.add(
                    "LM121",
                    f"`{p.key}` in {site.name} does not resolve to a construct",
                    file=file.rel,
                    line=file.line(site.node),
                    construct_id=site.id,
                )
    elif isinstance(v, ArrayValue):
        for i, item in enumerate(v.items):
            target, kind = target_of(item)
            if target is not None and kind is None:
                kind = ctx.kind_of(target)
            key = item.name if isinstance(item, ReferenceValue) else str(i)
            out.append(RefMap.fast(key=key, value=item, target=target, target_kind=kind))
    return out


def schema_of(v: Value | None) -> ZodSchema | None:
    if v is None:
        return None
    if isinstance(v, SchemaValue):
        return v.schema_
    if isinstance(v, UnknownValue):
        return ZodSchema.fast(kind="unknown_expr", source=v.source, span=v.span)
    if isinstance(v, ReferenceValue):
        return ZodSchema.fast(kind="unknown_expr", source=v.name, span=v.span)
    if isinstance(v, CallValue):
        return ZodSchema.fast(kind="unknown_expr", source=v.source, span=v.span)
    if isinstance(v, ObjectValue):
        # JSON Schema given as an object literal (allowed by Mastra 1.x)
        return ZodSchema.fast(kind="json_schema", span=v.span)
    return ZodSchema.fast(kind="unknown_expr")


def code_of(v: Value | None, kind: str) -> Code | None:
    if isinstance(v, FunctionValue):
        v.code.kind = kind  # type: ignore[assignment]
        return v.code
    return None


def dynamic_codes(ctx: Reader, site: Site, opts: ObjectValue, skip: set[str]) -> dict[str, Code]:
    """Options given as functions (dynamic config), relabelled `dynamic`, with LM160."""
    out: dict[str, Code] = {}
    for p in opts.properties:
        if p.key in skip or not isinstance(p.value, FunctionValue):
            continue
        p.value.code.kind = "dynamic"
        out[p.key] = p.value.code
        sp = p.value.code.span
        ctx.diags.add(
            "LM160",
            f"{site.name}.{p.key} is a function (dynamic configuration)",
            file=sp.file,
            line=sp.start_line,
            column=sp.start_column,
            construct_id=site.id,
        )
    return out


lit = values_mod.literal
lit_str = values_mod.literal_str
