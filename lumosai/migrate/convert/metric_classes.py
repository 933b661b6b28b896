"""Mastra 0.x custom metrics (`class X extends Metric { constructor(...) {...} async
measure(input, output) {...} }`) -> `lumosai.evals.custom_metric(...)`: each method goes through
the body translator as a function taking the instance state first (`this.x` -> `state["x"]`).
When any method cannot be translated the class stays in TypeScript behind
`lumosai.compat.node.ts_metric` (bridged), or becomes a todo when it is not exported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.functions import (
    add_module_lines,
    bridge_project,
    is_exported,
    name_map,
    strip_markers,
)
from lumosai.migrate.convert.mcp import NotExpressible, py_value
from lumosai.migrate.convert.naming import py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import BodyOutcome, Status
from lumosai.migrate.convert.values import py_string

RULE = "LM512"


@dataclass
class MetricClass:
    """How a metric class came out: the Python name to call, its status and why."""

    name: str = ""
    module: str = ""
    status: Status = Status.TODO
    problem: str = ""
    blocks: list[str] = field(default_factory=list)


def _methods(scorer: ir.Scorer) -> dict[str, ir.Code]:
    found: dict[str, ir.Code] = {}
    for node in scorer.pipeline:
        if node.op.startswith("method:") and node.args:
            arg = node.args[0]
            if isinstance(arg, ir.FunctionValue):
                found[node.op.removeprefix("method:")] = arg.code
    return found


def _fields(scorer: ir.Scorer) -> dict[str, ir.Value]:
    return {
        node.op.removeprefix("field:"): node.args[0]
        for node in scorer.pipeline
        if node.op.startswith("field:") and node.args
    }


def is_metric_class(scorer: ir.Scorer) -> bool:
    return bool(_methods(scorer))


def _method_alias(method: str) -> str:
    return f"__method_{method}"


def _as_state_function(code: ir.Code, *, constructor: bool, methods: set[str]) -> str | None:
    """`async measure(a, b) {... this.x ... this.m(y) ...}` -> `async function measure(self:
    any, a, b) {... self.x ... __method_m(self, y) ...}` (and `super(...)` calls dropped from
    a constructor)."""
    from lumosai.migrate.convert.bodies.parsing import new_parser

    source = code.source
    tree = new_parser().parse(source.encode())
    edits: list[tuple[int, int, str]] = []

    def method_call(node: Any) -> bool:
        callee = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if callee is None or args is None or callee.type != "member_expression":
            return False
        target, prop = callee.child_by_field_name("object"), callee.child_by_field_name("property")
        if target is None or prop is None or target.type != "this":
            return False
        name = prop.text.decode()
        if name not in methods:
            return False
        edits.append((callee.start_byte, callee.end_byte, _method_alias(name)))
        glue = "self" if not args.named_children else "self, "
        edits.append((args.start_byte + 1, args.start_byte + 1, glue))
        for child in args.children:
            walk(child)
        return True

    def walk(node: Any) -> None:
        if node.type == "this":
            edits.append((node.start_byte, node.end_byte, "self"))
            return
        if node.type == "call_expression" and method_call(node):
            return
        if node.type == "expression_statement" and constructor:
            call = node.named_children[0] if node.named_children else None
            callee = call.child_by_field_name("function") if call is not None else None
            if callee is not None and callee.type == "super":
                edits.append((node.start_byte, node.end_byte, ""))
                return
        for child in node.children:
            walk(child)

    walk(tree.root_node)
    data = source.encode()
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        data = data[:start] + text.encode() + data[end:]
    text = data.decode()
    open_paren = text.find("(")
    if open_paren < 0 or "self" in {p.pattern.name for p in code.params if p.pattern.name}:
        return None
    head, rest = text[:open_paren], text[open_paren + 1 :]
    is_async = head.lstrip().startswith("async")
    glue = "self: any" if rest.lstrip().startswith(")") else "self: any, "
    prefix = "async function" if is_async else "function"
    name = "constructor_" if constructor else code.name.rpartition(".")[2]
    return f"{prefix} {name}({glue}{rest}"


def _translate(
    ctx: ConvertContext,
    cls: str,
    method: str,
    code: ir.Code,
    methods: dict[str, ir.Code],
    module: PyModule,
    functions: dict[str, str],
) -> tuple[str | None, str]:
    """(python, "") or (None, why): one method through the body translator, the other
    methods known to it as helpers taking the state first."""
    from lumosai.migrate.convert.bodies import model as bm
    from lumosai.migrate.convert.bodies import translate_function

    source = _as_state_function(code, constructor=method == "constructor", methods=set(methods))
    if source is None:
        return None, f"{cls}.{method}: a parameter is named self"
    names = name_map(ctx, code, module)
    for other, other_code in methods.items():
        if other not in ("constructor", method):
            names.helpers[_method_alias(other)] = bm.HelperRef(
                py_name=functions[other],
                is_async=other_code.is_async,
                ts_async=other_code.is_async,
            )
    try:
        body = translate_function(
            source,
            role="helper",
            py_name=functions[method],
            names=names,
            origin_line=code.span.start_line,
            format=False,
        )
    except Exception as exc:  # the translator must never take the run down
        return None, f"{cls}.{method}: the translator failed: {type(exc).__name__}: {exc}"
    if not body.ok:
        ctx.diagnose(
            f"metric:{cls}.{method}: {body.reason}; kept in TypeScript (bridged)",
            rule=body.rule,
            span=code.span,
        )
        return None, f"{cls}.{method}: {body.reason}"
    module.imports.add_lines(sorted(body.imports))
    add_module_lines(module, sorted(getattr(body, "module_lines", set())))
    return strip_markers(body.python), ""


def convert_class(ctx: ConvertContext, scorer: ir.Scorer) -> MetricClass:
    """The Python class for the metric class `scorer.factory` (once per class)."""
    cls = scorer.factory or scorer.name
    methods = _methods(scorer)
    file = next(iter(methods.values())).span.file
    key = f"{file}#metric-class:{cls}"
    done = ctx.symbols.get(key)
    if done is not None:
        out = MetricClass(done.name, done.module, Status.NATIVE)
        if done.bridged:
            out.status = Status.BRIDGED
        if done.kind == "todo":
            out.status, out.problem = Status.TODO, f"{cls} could not be converted"
        return out
    module = ctx.module_for_file(file)
    owner = f"metric:{cls}"
    if "measure" not in methods:
        ctx.symbols[key] = Symbol(module.dotted, "", "todo")
        return MetricClass(problem=f"{cls} has no measure() method")
    allocator = ctx.allocator(module.dotted)
    functions = {m: allocator.claim(py_identifier(f"{cls}_{m}").lower()) for m in methods}
    translated: dict[str, str] = {}
    failure = ""
    for method, code in methods.items():
        python, failure = _translate(ctx, cls, method, code, methods, module, functions)
        if python is None:
            break
        translated[method] = python.strip()
    measure_code = methods["measure"]
    if not failure:
        fields: list[str] = []
        try:
            for name, value in _fields(scorer).items():
                fields.append(f"{py_string(name)}: {py_value(ctx, value, module)}")
        except NotExpressible as exc:
            failure = f"{cls}: a field is computed at run time ({exc})"
    if not failure:
        return _native(ctx, cls, module, key, translated, functions, fields, measure_code, owner)
    ctx.record_body(owner, "helper", BodyOutcome.BRIDGED, measure_code, rule=RULE, reason=failure)
    export = is_exported(ctx, file, cls)
    name = ctx.allocator(module.dotted).claim(cls if cls.isidentifier() else py_identifier(cls))
    if export is None:
        ctx.symbols[key] = Symbol(module.dotted, name, "todo")
        return MetricClass(problem=f"{failure}; {cls} is not exported, so Node cannot run it")
    project = bridge_project(ctx, module)
    module.imports.add("lumosai.compat.node", "ts_metric")
    marker = f"# TODO(lumos-migrate:{RULE}): {failure}; kept in TypeScript (bridged)"
    module.add(
        f"{marker} - see docs/rules/{RULE}.md\n{name} = ts_metric({py_string(file)}, "
        f"{py_string(export)}, project_root={project})"
    )
    ctx.symbols[key] = Symbol(module.dotted, name, "metric", bridged=True)
    out = MetricClass(name, module.dotted, Status.BRIDGED, failure)
    return out


def _native(
    ctx: ConvertContext,
    cls: str,
    module: PyModule,
    key: str,
    translated: dict[str, str],
    functions: dict[str, str],
    fields: list[str],
    measure_code: ir.Code,
    owner: str,
) -> MetricClass:
    name = ctx.allocator(module.dotted).claim(cls if cls.isidentifier() else py_identifier(cls))
    for python in translated.values():
        module.add(python)
    module.imports.add("lumosai.evals", "custom_metric")
    args = [py_string(cls), f"measure={functions['measure']}"]
    if "constructor" in translated:
        args.append(f"init={functions['constructor']}")
    others = [m for m in translated if m not in ("constructor", "measure")]
    if others:
        pairs = ", ".join(f"{py_string(m)}: {functions[m]}" for m in others)
        args.append(f"methods={{{pairs}}}")
    if fields:
        args.append(f"fields={{{', '.join(fields)}}}")
    args.append(f"doc={py_string(f'Converted from {cls} in {measure_code.span.file}.')}")
    module.add(f"{name} = custom_metric({', '.join(args)})")
    ctx.symbols[key] = Symbol(module.dotted, name, "metric")
    ctx.record_body(owner, "helper", BodyOutcome.TRANSLATED, measure_code)
    return MetricClass(name, module.dotted, Status.NATIVE)


def instance(
    ctx: ConvertContext, scorer: ir.Scorer, made: MetricClass, module: PyModule, metric_key: str
) -> str:
    """`new X(args..., {options})` as `X(args..., {options}).as_scorer("key")`; raises
    `NotExpressible` when an argument is computed at run time."""
    if made.module != module.dotted:
        module.imports.add(made.module, made.name)
    args = [py_value(ctx, value, module) for value in scorer.args]
    if scorer.options:
        pairs = [f"{py_string(k)}: {py_value(ctx, v, module)}" for k, v in scorer.options.items()]
        args.append("{" + ", ".join(pairs) + "}")
    return f"{made.name}({', '.join(args)}).as_scorer({py_string(metric_key)})"
