"""Entry points: translate one function, one module constant, or one interface/type alias."""

from __future__ import annotations

import ast
import re
from typing import Any

from tree_sitter import Node

from .formatting import ruff_format
from .model import BodyResult, NameMap, Role, Span, Untranslatable
from .parsing import Source, new_parser, parse_function
from .translator import Translator


def _span(src: Source, node: object | None) -> Span | None:
    if not isinstance(node, Node):
        return None
    return Span(
        start_line=node.start_point.row + src.origin_line,
        start_col=node.start_point.column + 1,
        end_line=node.end_point.row + src.origin_line,
        end_col=node.end_point.column + 1,
    )


def _failure(exc: Untranslatable, src: Source | None, tr: Translator | None) -> BodyResult:
    return BodyResult(
        ok=False,
        rule=exc.rule,
        reason=exc.reason,
        span=_span(src, exc.node) if src is not None else None,
        free_names=set(tr.free_names) if tr is not None else set(),
        warnings=list(tr.warnings) if tr is not None else [],
    )


def _check(python: str) -> None:
    try:
        compile(python, "<translated>", "exec")
    except SyntaxError as exc:
        raise Untranslatable("LM200", f"translator produced invalid Python ({exc.msg})") from exc


def translate_function(
    ts_source: str,
    *,
    role: Role | str,
    py_name: str,
    names: NameMap | None = None,
    origin_line: int = 1,
    format: bool = True,
) -> BodyResult:
    """Translate the TypeScript text of one function into a complete Python function.

    `origin_line` is the line of `ts_source` in its file, so spans and reasons point there.
    Never returns half a translation: any construct without a faithful translation makes the
    whole result not-ok with a rule id (docs/rules/<RULE>.md) and a reason naming the line.
    """
    role = Role(role)
    names = names or NameMap()
    src: Source | None = None
    tr: Translator | None = None
    try:
        src, fn = parse_function(ts_source, origin_line)
        tr = Translator(src, names, role)
        python, is_async = tr.render(fn, py_name)
        if tr.error_classes and tr.bridged_helpers:
            # what a bridged helper throws arrives as a TypeScriptError: isinstance would differ
            raise Untranslatable(
                "LM207",
                f"`instanceof {sorted(tr.error_classes)[0]}` next to calls of "
                f"`{sorted(tr.bridged_helpers)[0]}`, which runs in TypeScript (its errors are "
                "not the Python class)",
            )
        _check(python)
    except Untranslatable as exc:
        return _failure(exc, src, tr)
    except RecursionError:
        return _failure(Untranslatable("LM202", "expression nested too deeply"), src, tr)
    except Exception as exc:  # a translator bug must not stop the conversion run
        reason = f"translator error {type(exc).__name__}: {exc} (line {origin_line})"
        return _failure(Untranslatable("LM200", reason), src, tr)
    if format:
        python = ruff_format(python)
    return BodyResult(
        ok=True,
        python=python,
        imports=tr.imports,
        module_lines=tr.module_lines,
        free_names=tr.free_names,
        warnings=tr.warnings,
        is_async=is_async,
    )


def translate_code(
    code: Any, *, role: Role | str, py_name: str, names: NameMap | None = None, format: bool = True
) -> BodyResult:
    """`translate_function` for an IR `Code` (lumosai.migrate.ir): its source and start line."""
    return translate_function(
        code.source,
        role=role,
        py_name=py_name,
        names=names,
        origin_line=code.span.start_line,
        format=format,
    )


def translate_constant(
    ts_source: str,
    *,
    py_name: str,
    names: NameMap | None = None,
    origin_line: int = 1,
    format: bool = True,
) -> BodyResult:
    """A module-level `const X = <expr>` (or just `<expr>`) as `PY_NAME = <python expr>`.

    `format=False` when the caller formats the whole file afterwards (one ruff process per
    constant was a third of the converter's time on a large project)."""
    names = names or NameMap()
    text = ts_source.strip().rstrip(";")
    text = re.sub(r"^(export\s+)?(const|let|var)\s+[\w$]+\s*(:[^=]+)?=\s*", "", text, count=1)
    src: Source | None = None
    tr: Translator | None = None
    try:
        data = f"({text}\n);".encode()
        tree = new_parser().parse(data)
        if tree.root_node.has_error:
            raise Untranslatable("LM201", f"could not parse the constant (line {origin_line})")
        src = Source(data, 1, origin_line)
        expr_node = tree.root_node.named_children[0].named_children[0]
        tr = Translator(src, names, Role.HELPER)
        with tr.function_scope(is_async=False):
            value = tr.expr(expr_node)
            if tr.pending:
                raise Untranslatable("LM202", f"constant needs statements (line {origin_line})")
        python = f"{py_name} = {ast.unparse(value.node)}\n"
        python = tr.finish(python)
        _check(python)
    except Untranslatable as exc:
        return _failure(exc, src, tr)
    return BodyResult(
        ok=True,
        python=ruff_format(python) if format else python,
        imports=tr.imports,
        module_lines=tr.module_lines,
        free_names=tr.free_names,
        warnings=tr.warnings,
    )


def translate_type_alias(
    ts_source: str,
    *,
    py_name: str | None = None,
    names: NameMap | None = None,
    origin_line: int = 1,
) -> BodyResult:
    """`interface X { a: string; b?: number }` / `type X = {...}` as a TypedDict class."""
    from .typeddict import typed_dict

    return typed_dict(ts_source, py_name=py_name, names=names or NameMap(), origin_line=origin_line)
