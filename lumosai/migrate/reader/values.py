"""Expressions -> IR values: literals, folded constants and templates, objects with known
spreads merged, references to constructs / schemas / helpers / imports, calls, functions.

Anything not static is kept as `UnknownValue` (source + span) with an LM130 diagnostic.
Recursion is bounded (`MAX_DEPTH`) so deeply nested input cannot blow the stack.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lumosai.migrate.ir import (
    ArrayValue,
    CallValue,
    FunctionValue,
    LiteralValue,
    ObjectProperty,
    ObjectValue,
    OperatorValue,
    ReferenceValue,
    SchemaValue,
    TemplateValue,
    UnknownValue,
    Value,
)
from lumosai.migrate.reader import code as code_mod
from lumosai.migrate.reader import zod as zod_mod
from lumosai.migrate.reader.syntax import member_path, string_value, unescape, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.ir import Span
    from lumosai.migrate.reader.context import Reader
    from lumosai.migrate.reader.modules import ModuleIndex, Resolved

MAX_DEPTH = 48
FUNCTION_TYPES = frozenset(
    {"arrow_function", "function_expression", "function", "generator_function", "method_definition"}
)


def value(
    ctx: Reader,
    mod: ModuleIndex,
    node: Node,
    *,
    hint: str = "",
    fn_kind: str = "function",
    depth: int = 0,
    stack: frozenset[tuple[str, str]] = frozenset(),
) -> Value:
    """Evaluate `node` statically as far as possible."""
    file = mod.file
    if depth > MAX_DEPTH:
        ctx.diags.at("LM111", "expression nests too deeply; kept as source", file, node)
        return UnknownValue.fast(
            source=_clip(file.text(node)), reason="too deep", node_type=node.type
        )
    node = unwrap(node)
    t = node.type
    if t == "string":
        return LiteralValue.fast(value=string_value(file, node))
    if t == "number":
        return LiteralValue.fast(value=_number(file.text(node)))
    if t == "true" or t == "false":
        return LiteralValue.fast(value=t == "true")
    if t == "null":
        return LiteralValue.fast(value=None)
    if t == "undefined":
        return LiteralValue.fast(value=None, undefined=True)
    if t == "template_string":
        return _template(ctx, mod, node, depth, stack)
    if t == "regex":
        pat = node.child_by_field_name("pattern")
        flags = node.child_by_field_name("flags")
        return CallValue.fast(
            callee="RegExp",
            is_new=True,
            args=[
                LiteralValue.fast(value=file.text(pat) if pat is not None else ""),
                LiteralValue.fast(value=file.text(flags) if flags is not None else ""),
            ],
            source=file.text(node),
            span=file.span(node),
        )
    site = ctx.site_at(mod, node) if t in ("call_expression", "new_expression") else None
    if site is not None:
        return ReferenceValue.fast(
            name=site.name, target=site.id, target_kind=site.kind.kind, span=file.span(node)
        )
    if t in ("call_expression", "member_expression") and zod_mod.is_zod(ctx, mod, node):
        return SchemaValue.fast(schema=zod_mod.schema(ctx, mod, node, depth=depth + 1))
    if t == "identifier":
        return _identifier(ctx, mod, node, depth, stack)
    if t == "object":
        return _object(ctx, mod, node, hint, depth, stack)
    if t == "array":
        items: list[Value] = []
        for child in node.named_children:
            if child.type == "comment":
                continue
            if child.type == "spread_element" and child.named_child_count:
                inner = value(
                    ctx, mod, child.named_children[0], hint=hint, depth=depth + 1, stack=stack
                )
                if isinstance(inner, ArrayValue):
                    items.extend(inner.items)
                    continue
                items.append(
                    UnknownValue.fast(
                        source=file.text(child), reason="spread", node_type=child.type
                    )
                )
                continue
            items.append(value(ctx, mod, child, hint=hint, depth=depth + 1, stack=stack))
        return ArrayValue.fast(items=items)
    if t in FUNCTION_TYPES:
        code = code_mod.build(ctx, mod, node, kind=fn_kind, name=hint or "function")
        return FunctionValue.fast(code=code, span=code.span)
    if t == "await_expression" and node.named_child_count:
        inner = value(ctx, mod, node.named_children[0], hint=hint, depth=depth + 1, stack=stack)
        if isinstance(inner, CallValue):
            inner.is_await = True
        return inner
    if t in ("call_expression", "new_expression"):
        return _call(ctx, mod, node, hint, depth, stack)
    if t in ("member_expression", "subscript_expression"):
        return _member(ctx, mod, node, depth, stack)
    if t == "unary_expression":
        op = node.child_by_field_name("operator")
        arg = node.child_by_field_name("argument")
        if op is not None and arg is not None:
            inner = value(ctx, mod, arg, depth=depth + 1, stack=stack)
            if isinstance(inner, LiteralValue) and isinstance(inner.value, int | float):
                sym = file.text(op)
                if sym == "-":
                    return LiteralValue.fast(value=-inner.value)
                if sym == "+":
                    return inner
            if isinstance(inner, LiteralValue) and file.text(op) == "!":
                return LiteralValue.fast(value=not inner.value)
    if t == "binary_expression":
        folded = _binary(ctx, mod, node, depth, stack)
        if folded is not None:
            return folded
        return _operator(ctx, mod, node, depth, stack)
    if t in ("ternary_expression", "unary_expression"):
        return _operator(ctx, mod, node, depth, stack)
    return unknown(ctx, mod, node, "not a static value")


def _operator(
    ctx: Reader, mod: ModuleIndex, node: Node, depth: int, stack: frozenset[tuple[str, str]]
) -> Value:
    file = mod.file
    if node.type == "ternary_expression":
        op = "?:"
        parts = [
            node.child_by_field_name("condition"),
            node.child_by_field_name("consequence"),
            node.child_by_field_name("alternative"),
        ]
    elif node.type == "unary_expression":
        op_node = node.child_by_field_name("operator")
        op = file.text(op_node) if op_node is not None else "?"
        parts = [node.child_by_field_name("argument")]
    else:
        op_node = node.child_by_field_name("operator")
        op = file.text(op_node) if op_node is not None else "?"
        parts = [node.child_by_field_name("left"), node.child_by_field_name("right")]
    operands = [
        value(ctx, mod, p, depth=depth + 1, stack=stack)
        if p is not None
        else LiteralValue.fast(value=None)
        for p in parts
    ]
    return OperatorValue.fast(
        operator=op, operands=operands, source=_clip(file.text(node), 2000), span=file.span(node)
    )


def unknown(ctx: Reader, mod: ModuleIndex, node: Node, reason: str) -> UnknownValue:
    file = mod.file
    text = file.text(node)
    ctx.diags.at("LM130", f"{reason}: `{_clip(text, 60)}` kept as an expression", file, node)
    return UnknownValue.fast(
        source=_clip(text), reason=reason, node_type=node.type, span=file.span(node)
    )


def _clip(text: str, limit: int = 20000) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _number(text: str) -> int | float | None:
    s = text.replace("_", "")
    try:
        if s.endswith("n"):
            return int(s[:-1], 0)
        if s[:2].lower() in ("0x", "0o", "0b"):
            return int(s, 0)
        f = float(s)
        if f.is_integer() and "." not in s and "e" not in s.lower():
            return int(s)
        return f if math.isfinite(f) else None
    except ValueError:
        return None


def _template(
    ctx: Reader, mod: ModuleIndex, node: Node, depth: int, stack: frozenset[tuple[str, str]]
) -> TemplateValue:
    file = mod.file
    parts: list[str | Value] = []
    folded: list[str] | None = []
    for child in node.named_children:
        if child.type == "template_substitution":
            expr = child.named_children[0] if child.named_child_count else None
            v = (
                value(ctx, mod, expr, depth=depth + 1, stack=stack)
                if expr is not None
                else LiteralValue.fast(value="")
            )
            parts.append(v)
            if folded is not None:
                if isinstance(v, LiteralValue) and not v.undefined:
                    folded.append(_js_str(v.value))
                elif isinstance(v, TemplateValue) and v.folded is not None:
                    folded.append(v.folded)
                else:
                    folded = None
        else:
            text = file.text(child)
            if child.type == "escape_sequence":
                text = unescape(text)
            if parts and isinstance(parts[-1], str):
                parts[-1] = parts[-1] + text
            else:
                parts.append(text)
            if folded is not None:
                folded.append(text)
    # Text between children (not exposed as nodes in some grammar versions) is recovered
    # from the raw source when there are no substitutions.
    if not any(c.type == "template_substitution" for c in node.named_children):
        raw = file.src[node.start_byte + 1 : node.end_byte - 1].decode("utf-8", "replace")
        text = unescape(raw) if "\\" in raw else raw
        return TemplateValue.fast(
            parts=[text], folded=text, source=file.text(node), span=file.span(node)
        )
    return TemplateValue.fast(
        parts=parts,
        folded="".join(folded) if folded is not None else None,
        source=file.text(node),
        span=file.span(node),
    )


def _js_str(v: object) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _identifier(
    ctx: Reader, mod: ModuleIndex, node: Node, depth: int, stack: frozenset[tuple[str, str]]
) -> Value:
    file = mod.file
    name = file.text(node)
    if name == "undefined":
        return LiteralValue.fast(value=None, undefined=True)
    res = ctx.resolve_name(mod, name)
    if res.kind == "unresolved":
        site = ctx.local_site(mod, node)
        if site is not None:
            return ReferenceValue.fast(
                name=name, target=site.id, target_kind=site.kind.kind, span=file.span(node)
            )
    return from_resolved(ctx, mod, res, name, file.span(node), depth, stack)


def from_resolved(
    ctx: Reader,
    mod: ModuleIndex,
    res: Resolved,
    name: str,
    span: Span | None,
    depth: int,
    stack: frozenset[tuple[str, str]],
) -> Value:
    """The value a resolved name stands for: a reference to a construct / schema / helper /
    import, or the folded initializer of a `const`."""
    if res.kind == "package":
        return ReferenceValue.fast(
            name=name, module=res.package, imported_name=res.imported, span=span
        )
    if res.kind == "namespace" and res.module is not None:
        return ReferenceValue.fast(name=name, module=res.module.rel, imported_name="*", span=span)
    if res.kind == "unresolved" or res.module is None:
        return ReferenceValue.fast(name=name, span=span)
    site = ctx.site_for(res)
    if site is not None:
        return ReferenceValue.fast(name=name, target=site.id, target_kind=site.kind.kind, span=span)
    sid = ctx.schema_id_for(res)
    if sid is not None:
        return SchemaValue.fast(schema=zod_mod.ref_to(ctx, sid, name, span))
    hid = ctx.helper_id_for(res)
    if hid is not None:
        return ReferenceValue.fast(name=name, target=hid, target_kind="helper", span=span)
    decl = res.decl
    if res.kind == "expr" and res.node is not None:
        return value(ctx, res.module, res.node, hint=name, depth=depth + 1, stack=stack)
    if decl is None or decl.node is None or decl.kind != "const":
        kind = decl.kind if decl is not None else None
        return ReferenceValue.fast(name=name, target_kind=kind, module=_mod_of(mod, res), span=span)
    key = (res.module.rel, decl.name)
    if key in stack:
        return ReferenceValue.fast(name=name, span=span)
    # A const is folded once, however often it is used (one `Code` per function in it).
    node = decl.node
    cache_key = (res.module.rel, node.start_byte, node.end_byte)
    inner = ctx.value_cache.get(cache_key)
    if inner is None:
        inner = value(ctx, res.module, node, hint=name, depth=depth + 1, stack=stack | {key})
        ctx.value_cache[cache_key] = inner
    if isinstance(inner, LiteralValue) and inner.origin is None:
        inner = inner.model_copy(update={"origin": name})
    return inner


def _mod_of(mod: ModuleIndex, res: object) -> str | None:
    other = getattr(res, "module", None)
    rel = getattr(other, "rel", None)
    return rel if rel and rel != mod.rel else None


def _object(
    ctx: Reader,
    mod: ModuleIndex,
    node: Node,
    hint: str,
    depth: int,
    stack: frozenset[tuple[str, str]],
) -> ObjectValue:
    file = mod.file
    out = ObjectValue.fast(span=file.span(node))
    for child in node.named_children:
        t = child.type
        if t == "pair":
            key_node = child.child_by_field_name("key")
            val_node = child.child_by_field_name("value")
            if key_node is None or val_node is None:
                continue
            key, computed = _key(ctx, mod, key_node, depth, stack)
            out.properties.append(
                ObjectProperty.fast(
                    key=key,
                    computed=computed,
                    value=value(
                        ctx,
                        mod,
                        val_node,
                        hint=f"{hint}.{key}" if hint else key,
                        fn_kind="execute" if key == "execute" else "function",
                        depth=depth + 1,
                        stack=stack,
                    ),
                )
            )
        elif t == "shorthand_property_identifier":
            key = file.text(child)
            out.properties.append(
                ObjectProperty.fast(
                    key=key,
                    shorthand=True,
                    value=_identifier(ctx, mod, child, depth + 1, stack),
                )
            )
        elif t == "method_definition":
            key_node = child.child_by_field_name("name")
            key = file.text(key_node) if key_node is not None else "method"
            code = code_mod.build(
                ctx,
                mod,
                child,
                kind="execute" if key == "execute" else "function",
                name=f"{hint}.{key}" if hint else key,
            )
            out.properties.append(
                ObjectProperty.fast(key=key, value=FunctionValue.fast(code=code, span=code.span))
            )
        elif t == "spread_element" and child.named_child_count:
            inner = value(
                ctx, mod, child.named_children[0], hint=hint, depth=depth + 1, stack=stack
            )
            if isinstance(inner, ObjectValue):
                for prop in inner.properties:
                    out.properties.append(prop.model_copy(update={"from_spread": True}))
                out.spreads.extend(inner.spreads)
            else:
                ctx.diags.at(
                    "LM131", f"spread `{_clip(file.text(child), 60)}` not static", file, child
                )
                out.spreads.append(inner)
    return out


def _key(
    ctx: Reader, mod: ModuleIndex, key: Node, depth: int, stack: frozenset[tuple[str, str]]
) -> tuple[str, bool]:
    file = mod.file
    if key.type == "string":
        return string_value(file, key) or "", False
    if key.type == "computed_property_name" and key.named_child_count:
        v = value(ctx, mod, key.named_children[0], depth=depth + 1, stack=stack)
        if isinstance(v, LiteralValue) and v.value is not None:
            return _js_str(v.value), True
        if isinstance(v, TemplateValue) and v.folded is not None:
            return v.folded, True
        return file.text(key), True
    return file.text(key), False


def callee_text(ctx: Reader, mod: ModuleIndex, fn: Node) -> tuple[str, str | None, str | None]:
    """Dotted callee text plus the package and name it is imported as, when it is."""
    file = mod.file
    path = member_path(file, fn)
    if not path:
        return file.text(fn), None, None
    res = ctx.resolve_name(mod, path[0])
    if res.kind == "package" and res.package is not None:
        imported = res.imported or path[0]
        if imported in ("*", "default") and len(path) > 1:
            return ".".join(path), res.package, ".".join(path[1:])
        return ".".join(path), res.package, ".".join([imported, *path[1:]])
    return ".".join(path), None, None


def _call(
    ctx: Reader,
    mod: ModuleIndex,
    node: Node,
    hint: str,
    depth: int,
    stack: frozenset[tuple[str, str]],
) -> Value:
    file = mod.file
    is_new = node.type == "new_expression"
    fn = node.child_by_field_name("constructor" if is_new else "function")
    args_node = node.child_by_field_name("arguments")
    if fn is None:
        return unknown(ctx, mod, node, "call without callee")
    callee, module, imported = callee_text(ctx, mod, fn)
    target = None
    fn_u = unwrap(fn)
    if fn_u.type == "member_expression":
        obj = fn_u.child_by_field_name("object")
        if obj is not None:
            recv = value(ctx, mod, obj, depth=depth + 1, stack=stack)
            if isinstance(recv, ReferenceValue):
                target = recv.target
                if recv.module and module is None and recv.imported_name not in (None, "*"):
                    module = recv.module
    args: list[Value] = []
    if args_node is not None and args_node.type == "arguments":
        for a in args_node.named_children:
            if a.type == "comment":
                continue
            args.append(value(ctx, mod, a, hint=hint, depth=depth + 1, stack=stack))
    return CallValue.fast(
        callee=callee,
        is_new=is_new,
        args=args,
        module=module,
        imported_name=imported,
        target=target,
        source=_clip(file.text(node), 2000),
        span=file.span(node),
    )


def _member(
    ctx: Reader, mod: ModuleIndex, node: Node, depth: int, stack: frozenset[tuple[str, str]]
) -> Value:
    file = mod.file
    obj = node.child_by_field_name("object")
    if obj is None:
        return unknown(ctx, mod, node, "member access")
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        key = file.text(prop) if prop is not None else ""
    else:
        idx = node.child_by_field_name("index")
        if idx is None:
            return unknown(ctx, mod, node, "member access")
        kv = value(ctx, mod, idx, depth=depth + 1, stack=stack)
        if isinstance(kv, LiteralValue) and kv.value is not None:
            key = _js_str(kv.value)
        elif isinstance(kv, TemplateValue) and kv.folded is not None:
            key = kv.folded
        else:
            return unknown(ctx, mod, node, "computed member access")
    path = member_path(file, obj)
    if path == ["process", "env"] or path == ["import", "meta", "env"]:
        return ReferenceValue.fast(name=f"process.env.{key}", env=key, span=file.span(node))
    if path is not None and len(path) == 1:
        res = ctx.resolve_name(mod, path[0])
        if res.kind == "namespace" and res.module is not None:
            inner_res = ctx.resolver.export(res.module, key)
            if inner_res.kind != "unresolved":
                return from_resolved(
                    ctx, mod, inner_res, f"{path[0]}.{key}", file.span(node), depth + 1, stack
                )
    base = value(ctx, mod, obj, depth=depth + 1, stack=stack)
    if isinstance(base, ObjectValue):
        got = base.get(key)
        if got is not None:
            return got
    if isinstance(base, ArrayValue) and key.isdigit() and int(key) < len(base.items):
        return base.items[int(key)]
    if isinstance(base, ReferenceValue):
        return base.model_copy(update={"path": [*base.path, key], "span": file.span(node)})
    if isinstance(base, SchemaValue | CallValue):
        return unknown(ctx, mod, node, "member of a computed value")
    return unknown(ctx, mod, node, "member access")


def _binary(
    ctx: Reader, mod: ModuleIndex, node: Node, depth: int, stack: frozenset[tuple[str, str]]
) -> Value | None:
    op_node = node.child_by_field_name("operator")
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if op_node is None or left is None or right is None:
        return None
    op = mod.file.text(op_node)
    if op != "+":
        return None
    lv = value(ctx, mod, left, depth=depth + 1, stack=stack)
    rv = value(ctx, mod, right, depth=depth + 1, stack=stack)
    ls, rs = _static(lv), _static(rv)
    if ls is None or rs is None:
        return None
    if isinstance(ls, str) or isinstance(rs, str):
        return LiteralValue.fast(value=_js_str(ls) + _js_str(rs))
    if isinstance(ls, int | float) and isinstance(rs, int | float):
        return LiteralValue.fast(value=ls + rs)
    return None


def _static(v: Value) -> str | int | float | bool | None:
    if isinstance(v, LiteralValue) and not v.undefined and v.value is not None:
        return v.value
    if isinstance(v, TemplateValue):
        return v.folded
    return None


def literal_str(v: Value | None) -> str | None:
    """The static string of a value (literal or folded template), else None."""
    if isinstance(v, LiteralValue) and isinstance(v.value, str):
        return v.value
    if isinstance(v, TemplateValue):
        return v.folded
    return None


def literal(v: Value | None) -> str | int | float | bool | None:
    if isinstance(v, LiteralValue):
        return v.value
    if isinstance(v, TemplateValue):
        return v.folded
    return None
