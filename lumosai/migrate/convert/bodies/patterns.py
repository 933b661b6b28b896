"""Destructuring (`const { a, b = 1, ...rest } = obj`, `[x, , y] = arr`) as plain assignments."""

from __future__ import annotations

import ast

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py, Undef
from .syntax import first


def _target(
    t: TranslatorBase, name_node: Node, declare: bool, kind: JsType = JsType.UNKNOWN
) -> str:
    js = t.text(name_node)
    if declare:
        return t.declare(js, kind).py
    binding = t.lookup(js)
    if binding is None or binding.kind != "var":
        t.fail("LM202", f"assignment to `{js}`", name_node)
    if binding.depth < t.scope.depth:
        t.scope.nonlocals.add(binding.py)
    return binding.py


def _input_data(
    t: TranslatorBase, src: Py, name_node: Node, declare: bool, from_json: bool = False
) -> None:
    """A name destructured from tool/step input holds validated data, where zod leaves absent
    optional fields out: its nested fields (and its elements' fields) are read with .get. One
    destructured from parsed JSON likewise (its keys are whatever the other side sent)."""
    binding = t.lookup(t.text(name_node)) if declare else None
    if binding is not None and src.role_object in ("input", "input_data"):
        binding.role_object = "input_data"
    elif binding is not None and (src.role_object == "json" or from_json):
        binding.role_object = binding.role_object or "json"  # its own keys may be missing too


def _default_read(
    t: TranslatorBase, source: ast.expr, key: ast.expr, default_node: Node
) -> ast.expr:
    """`source.get(key, default)`: JS defaults apply to missing keys only, like dict.get."""
    with t.guarded():
        default = t.expr(default_node)
    if isinstance(default.node, ast.Constant | ast.Name) or P.is_pure(default.node):
        return P.method(source, "get", key, default.node)
    return P.if_exp(
        ast.Compare(left=key, ops=[ast.In()], comparators=[source]),
        P.sub(source, key),
        default.node,
    )


def _mark(stmt: ast.Assign) -> ast.Assign:
    """Destructured bindings nobody reads are dropped later (JS `{ unused, ...rest }`)."""
    stmt.lumos_destructure = True  # type: ignore[attr-defined]
    return stmt


def _read(t: TranslatorBase, src: Py, key: str, node: Node, from_json: bool = False) -> Py:
    """`src.key` for destructuring: attributes of runtime objects, keys of plain data."""
    from .members import TYPE_PROPERTIES

    if src.type in TYPE_PROPERTIES or src.type == JsType.ROLE:
        return t.member(src, key, node)  # type: ignore[attr-defined,no-any-return]
    required = t.names.input_required
    if src.role_object == "input" and required is not None and key in required:
        return Py(P.sub(src.node, key))
    resume_required = t.names.resume_required
    if src.role_object == "resume" and resume_required is not None:
        if key in resume_required:
            return Py(P.sub(src.node, key))
        return Py(P.method(src.node, "get", P.const(key)), undefined=Undef.YES)
    # a missing key destructures to undefined in JS (zod leaves absent optional fields out)
    from .undefined import input_strength

    if src.role_object == "input":
        strength = input_strength(t, required is not None)
    else:  # only untyped JSON is expected to lack keys; typed data keeps its shape
        strength = Undef.YES if from_json else Undef.NO
    return Py(P.method(src.node, "get", P.const(key)), undefined=strength)


def _bind_read(t: TranslatorBase, name_node: Node, value: Py, declare: bool) -> ast.Assign:
    """`name = src.get("key")`; `src.get("key", UNDEFINED)` when the new local is read only
    where undefined and null differ harmlessly (see undefined.py)."""
    from .undefined import as_undefined, undefined_local

    target = _target(t, name_node, declare)
    node = value.node
    binding = t.lookup(t.text(name_node)) if declare else None
    if (
        binding is not None
        and binding.type == JsType.UNKNOWN
        and undefined_local(t, name_node, value.undefined)
    ):
        rewritten = as_undefined(t, value)
        if rewritten is not None:
            node = rewritten
            binding.meta["undefined"] = value.undefined
    return P.assign(P.store(target), node)


def destructure(
    t: TranslatorBase, pattern: Node, source: Py, node: Node, declare: bool = True
) -> list[ast.stmt]:
    """Statements binding every name in `pattern` from `source`."""
    if source.type == JsType.INSTANCE:
        t.fail(
            "LM207", "destructuring an object of a translated class (attributes, not keys)", node
        )
    if source.type in (JsType.EMBEDDING, JsType.EMBEDDINGS):
        from .rag_calls import destructure_result

        single = destructure_result(t, pattern, source, declare)
        if single is not None:
            return single
    from .undefined import parsed_json

    out: list[ast.stmt] = []
    src = source
    from_json = parsed_json(source) or source.role_object == "json"
    value_node = node.child_by_field_name("value") if node.type == "variable_declarator" else None
    if value_node is not None and not from_json:  # const { id } = body (body = await res.json())
        from .expressions import unwrap

        named = unwrap(value_node)
        binding = t.lookup(t.text(named)) if named.type == "identifier" else None
        from_json = binding is not None and bool(binding.meta.get("json"))
    if not (source.pure or P.is_pure(source.node)):
        base = "data" if pattern.type == "object_pattern" else "items"
        tmp = t.fresh("result" if source.type == JsType.RESULT else base)
        out.append(P.assign(P.store(tmp), source.node))
        src = Py(P.name(tmp), source.type, source.role_object, pure=True)
    if pattern.type == "object_pattern":
        taken_keys: list[str] = []
        for child in pattern.named_children:
            kind = child.type
            if kind == "shorthand_property_identifier_pattern":
                key = t.text(child)
                taken_keys.append(key)
                out.append(
                    _mark(_bind_read(t, child, _read(t, src, key, child, from_json), declare))
                )
                _input_data(t, src, child, declare, from_json)
            elif kind == "object_assignment_pattern":
                left = child.child_by_field_name("left")
                right = child.child_by_field_name("right")
                assert left is not None and right is not None
                if left.type != "shorthand_property_identifier_pattern":
                    t.fail("LM202", f"destructuring `{t.text(child)}`", child)
                key = t.text(left)
                taken_keys.append(key)
                value = _default_read(t, src.node, P.const(key), right)
                out.append(P.assign(P.store(_target(t, left, declare)), value))
            elif kind == "pair_pattern":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                assert key_node is not None and value_node is not None
                if key_node.type == "computed_property_name":
                    t.fail("LM202", "computed key in destructuring", child)
                from .expressions import decode_string

                key = (
                    decode_string(t.text(key_node)[1:-1])
                    if key_node.type == "string"
                    else t.text(key_node)
                )
                taken_keys.append(key)
                if value_node.type == "identifier":
                    out.append(
                        _bind_read(t, value_node, _read(t, src, key, child, from_json), declare)
                    )
                    _input_data(t, src, value_node, declare, from_json)
                elif value_node.type == "assignment_pattern":
                    left = value_node.child_by_field_name("left")
                    right = value_node.child_by_field_name("right")
                    assert left is not None and right is not None
                    value = _default_read(t, src.node, P.const(key), right)
                    if left.type == "identifier":
                        out.append(P.assign(P.store(_target(t, left, declare)), value))
                    else:
                        out.extend(destructure(t, left, Py(value), child, declare))
                else:
                    out.extend(
                        destructure(
                            t,
                            value_node,
                            Py(
                                _read(t, src, key, child, from_json).node,
                                role_object="json" if from_json else None,
                                pure=True,
                            ),
                            child,
                            declare,
                        )
                    )
            elif kind == "rest_pattern":
                name = _target(t, first(child), declare, JsType.DICT)
                k, v = t.fresh("key"), t.fresh("value")
                excluded = ast.Tuple(elts=[P.const(x) for x in taken_keys], ctx=ast.Load())
                comp = ast.DictComp(
                    key=P.name(k),
                    value=P.name(v),
                    generators=[
                        ast.comprehension(
                            target=ast.Tuple(elts=[P.store(k), P.store(v)], ctx=ast.Store()),
                            iter=P.method(src.node, "items"),
                            ifs=[
                                ast.Compare(
                                    left=P.name(k), ops=[ast.NotIn()], comparators=[excluded]
                                )
                            ],
                            is_async=0,
                        )
                    ],
                )
                out.append(P.assign(P.store(name), comp))
            elif kind == "comment":
                continue
            else:
                t.fail("LM202", f"destructuring `{t.text(child)}`", child)
        return out
    if pattern.type == "array_pattern":
        index = 0
        for child in pattern.children:
            if child.type == ",":
                index += 1
                continue
            if not child.is_named or child.type == "comment":
                continue
            if child.type == "identifier":
                out.append(P.assign(P.store(_target(t, child, declare)), P.sub(src.node, index)))
            elif child.type == "rest_pattern":
                name = _target(t, first(child), declare, JsType.LIST)
                out.append(
                    P.assign(
                        P.store(name),
                        ast.Subscript(
                            value=src.node,
                            slice=ast.Slice(lower=P.const(index) if index else None),
                            ctx=ast.Load(),
                        ),
                    )
                )
            elif child.type == "assignment_pattern":
                left = child.child_by_field_name("left")
                right = child.child_by_field_name("right")
                assert left is not None and right is not None
                with t.guarded():
                    default = t.expr(right)
                value = P.if_exp(
                    ast.Compare(
                        left=P.call("len", src.node), ops=[ast.Gt()], comparators=[P.const(index)]
                    ),
                    P.sub(src.node, index),
                    default.node,
                )
                if left.type != "identifier":
                    t.fail("LM202", f"destructuring `{t.text(child)}`", child)
                out.append(P.assign(P.store(_target(t, left, declare)), value))
            elif child.type in ("object_pattern", "array_pattern"):
                out.extend(
                    destructure(t, child, Py(P.sub(src.node, index), pure=True), child, declare)
                )
            else:
                t.fail("LM202", f"destructuring `{t.text(child)}`", child)
        return out
    if pattern.type == "identifier":
        return [P.assign(P.store(_target(t, pattern, declare, source.type)), source.node)]
    t.fail("LM202", f"destructuring `{t.text(pattern)}`", node)
