"""Function bodies: call the TS->Python translator, or emit the bridged form with one TODO marker.

The translator (`convert/bodies/`, the "bodies" engineer's) returns a complete Python function or
says why it cannot; in that case the function is not emitted half-done: the Python calls the
original TypeScript through the Node bridge (mixed mode) and carries one TODO marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import BodyOutcome
from lumosai.migrate.convert.values import py_string, redact

RULE_NO_TRANSLATOR = "LM300"
#: how a TODO stub announces itself at run time (the smoke tests look for it)
STUB_PREFIX = "lumos-migrate TODO: "
_TODO_RE = re.compile(r"^\s*# TODO\(lumos-migrate:[A-Z0-9]+\):.*$", re.M)


@dataclass
class Translated:
    """The outcome for one function, already merged into the target module's imports."""

    ok: bool
    python: str = ""  # the function definition (translated or bridge wrapper)
    rule: str | None = None
    reason: str | None = None
    is_async: bool = True
    module_lines: list[str] = field(default_factory=list)


def todo_marker(rule: str, why: str) -> str:
    why = redact(" ".join(why.split()))
    return f"# TODO(lumos-migrate:{rule}): {why} - see docs/rules/{rule}.md"


def strip_markers(text: str) -> str:
    """Remove TODO markers so a marker is never stacked on one already there."""
    return _TODO_RE.sub("", text)


def _translator() -> Any:
    try:
        from lumosai.migrate.convert import bodies
    except ImportError:  # pragma: no cover - the translator ships with the package
        return None
    return getattr(bodies, "translate_function", None)


def param_defaults(helper: object) -> tuple[str | None, ...]:
    """Each positional parameter's default as written in TypeScript (None: none)."""
    if not isinstance(helper, ir.Code):
        return ()
    return tuple(
        p.pattern.default_source if p.pattern.kind == "identifier" else None for p in helper.params
    )


def name_map(ctx: ConvertContext, code: ir.Code, module: PyModule) -> Any:
    """Tell the translator what each free name of `code` means in the Python output."""
    from lumosai.migrate.convert.bodies import model as bm

    names = bm.NameMap()
    for free in code.free_names:
        symbol = ctx.symbols.get(free.target or "") if free.target else None
        if free.kind in ("helper", "constant") and symbol is not None:
            names.helpers[free.name] = bm.HelperRef(
                py_name=symbol.name,
                is_async=symbol.is_async,
                is_function=symbol.kind == "helper",
                import_line=symbol.import_line(module.dotted),
                ts_async=symbol.ts_async,
                value_type=symbol.value_type,
                bridged=symbol.bridged,
                param_defaults=param_defaults(ctx.index.get(free.target or "")),
            )
        elif free.kind == "schema" and symbol is not None:
            names.schemas[free.name] = bm.SchemaRef(
                py_class=symbol.name, import_line=symbol.import_line(module.dotted)
            )
        elif free.kind == "construct" and free.target:
            construct = ctx.index.get(free.target)
            if isinstance(construct, ir.Agent):
                key = construct.registry_key or construct.variable or construct.name
                names.agents[free.name] = bm.AgentRef(
                    key=key,
                    py_expr=symbol.name if symbol else None,
                    import_line=symbol.import_line(module.dotted) if symbol else None,
                )
            elif isinstance(construct, ir.Tool) and symbol is not None:
                names.tools[free.name] = bm.ToolRef(
                    py_name=symbol.name, import_line=symbol.import_line(module.dotted)
                )
            elif isinstance(construct, ir.Step):
                names.steps[free.name] = bm.StepRef(step_id=_runtime_step_id(ctx, construct))
            elif isinstance(construct, ir.Workflow) and _only_step_result_arg(code, free.name):
                # a nested workflow is a step whose id is the workflow's: getStepResult(wf)
                names.steps[free.name] = bm.StepRef(step_id=construct.workflow_id or free.name)
        elif free.kind == "import":
            names.imports.setdefault(
                free.name,
                bm.ImportRef(
                    module=free.module or "", py_expr=None, imported_name=free.imported_name
                ),
            )
    from lumosai.migrate.convert.rag import add_body_names  # vector stores, embedders, docs

    add_body_names(ctx, code, module, names)
    from lumosai.migrate.convert.mcp import add_body_names as add_mcp_names  # MCP clients

    add_mcp_names(ctx, code, module, names)
    return names


def _only_step_result_arg(code: ir.Code, name: str) -> bool:
    """Every use of `name` in `code` is `getStepResult(name)` (so it may read as a step id)."""
    uses = len(re.findall(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", code.body_source))
    reads = len(re.findall(rf"getStepResult\(\s*{re.escape(name)}\s*\)", code.body_source))
    return uses > 0 and uses == reads


def _runtime_step_id(ctx: ConvertContext, step: ir.Step) -> str:
    """The id a step has at run time: `createStep(tool)` takes the tool's id (and a workflow
    used as a step the workflow's), not the variable name."""
    if step.step_id:
        return step.step_id
    wrapped = ctx.index.get(step.wraps or "")
    if isinstance(wrapped, ir.Tool) and wrapped.tool_id:
        return wrapped.tool_id
    if isinstance(wrapped, ir.Workflow) and wrapped.workflow_id:
        return wrapped.workflow_id
    return step.name


def present_keys(ctx: ConvertContext, schema: ir.ZodSchema | None) -> frozenset[str] | None:
    """Top-level keys always present in validated input: required or defaulted fields."""
    seen: set[str] = set()
    while schema is not None and schema.kind in ("ref", "lazy"):
        if schema.kind == "lazy":
            schema = schema.element
            continue
        if not schema.ref or schema.ref in seen:
            return None
        seen.add(schema.ref)
        named = ctx.index.get(schema.ref)
        schema = named.schema_ if isinstance(named, ir.NamedSchema) else None
    if schema is None or schema.kind != "object":
        return None
    return frozenset(
        f.name for f in schema.fields if f.schema_.has_default or not f.schema_.optional
    )


def translate(
    ctx: ConvertContext,
    code: ir.Code,
    *,
    role: str,
    py_name: str,
    module: PyModule,
    owner: str,
    count: bool = True,
    input_schema: ir.ZodSchema | None = None,
    resume_schema: ir.ZodSchema | None = None,
) -> Translated:
    """Translate one function; on failure return nothing (the caller emits the bridge)."""
    fn = _translator()
    if fn is None:
        result = Translated(
            ok=False,
            rule=RULE_NO_TRANSLATOR,
            reason="the TypeScript-to-Python translator is not installed",
        )
    else:
        try:
            names = name_map(ctx, code, module)
            present = present_keys(ctx, input_schema)
            if present is not None and hasattr(names, "input_required"):
                names.input_required = present
            names.resume_required = present_keys(ctx, resume_schema)
            body = fn(
                code.source,
                role=role,
                py_name=py_name,
                names=names,
                origin_line=code.span.start_line,
                format=False,
            )
        except Exception as exc:  # the translator must never take the run down
            result = Translated(
                ok=False,
                rule=RULE_NO_TRANSLATOR,
                reason=f"the translator failed: {type(exc).__name__}: {exc}",
            )
        else:
            if body.ok:
                module.imports.add_lines(sorted(body.imports))
                add_module_lines(module, sorted(getattr(body, "module_lines", set())))
                result = Translated(
                    ok=True,
                    python=strip_markers(body.python),
                    is_async=bool(getattr(body, "is_async", code.is_async)),
                    module_lines=sorted(getattr(body, "module_lines", set())),
                )
            else:
                result = Translated(
                    ok=False,
                    rule=body.rule or RULE_NO_TRANSLATOR,
                    reason=body.reason or "not translatable",
                )
    ctx.code_outcome[code.id] = "translated" if result.ok else "bridged"
    ctx.last_code = code.id
    if count:
        ctx.record_body(
            owner,
            role,
            BodyOutcome.TRANSLATED if result.ok else BodyOutcome.BRIDGED,
            code,
            rule=result.rule,
            reason=result.reason,
        )
    if not result.ok:
        ctx.diagnose(
            f"{owner}: {result.reason}; kept in TypeScript (bridged)",
            rule=result.rule,
            span=code.span,
        )
    return result


def mark_last_body_todo(ctx: ConvertContext) -> None:
    """The last recorded body was not bridged after all but stubbed: count it as todo."""
    if ctx.result.bodies:
        ctx.result.bodies[-1].outcome = BodyOutcome.TODO
    if ctx.last_code:
        ctx.code_outcome[ctx.last_code] = "todo"


def add_module_lines(module: PyModule, lines: list[str]) -> None:
    """Module-level lines the translated code needs (`logger = ...`), once per module."""
    for line in lines:
        if line not in module.blocks:
            module.blocks.insert(0, line)


def helper_symbol(ctx: ConvertContext, helper: ir.Code, module: PyModule, name: str) -> Symbol:
    return Symbol(module=module.dotted, name=name, kind="helper", is_async=helper.is_async)


# ---------------------------------------------------------------------------- bridged forms
#
# Mixed mode: the Python side calls the original TypeScript through `lumosai.compat.node`:
# `ts_function(module, export, project_root=...)` for an exported function and
# `ts_tool(module, export, project_root=...)` for an exported Mastra tool. The bridge reaches
# only a module's exports; a function it cannot reach becomes a stub that raises, with the
# marker saying why (status `todo`).

RULE_NOT_EXPORTED = "LM301"


def is_exported(ctx: ConvertContext, file: str, local: str | None) -> str | None:
    """The name `local` is exported under from `file`, if it is."""
    if not local:
        return None
    return ctx.exports.get(file, {}).get(local)


def bridge_project(ctx: ConvertContext, module: PyModule) -> str:
    """Module-level constant with the Mastra project folder, defined once per module."""
    ctx.uses_bridge = True
    module.imports.add("pathlib", "Path")
    depth = module.path.count("/")
    rel = ctx.options.source_from_out or "."
    base = f"parents[{depth}]" if depth else "parent"
    decl = f"TS_PROJECT = Path(__file__).resolve().{base} / {py_string(rel)}"
    if decl not in module.blocks:
        module.blocks.insert(0, decl)
    return "TS_PROJECT"


def stub_function(
    py_name: str, params: str, marker: str, why: str, module: PyModule, *, is_async: bool = True
) -> str:
    module.imports.add("typing", "Any")
    return (
        f"{'async ' if is_async else ''}def {py_name}({params}) -> Any:\n"
        f"    {marker}\n"
        f"    raise NotImplementedError({py_string(STUB_PREFIX + why)})"
    )


def bridged_function(
    ctx: ConvertContext,
    module: PyModule,
    code: ir.Code,
    py_name: str,
    marker: str,
    *,
    local: str | None = None,
    always_async: bool = False,
) -> tuple[str, bool]:
    """(source, bridged): `ts_function(...)` for an exported function, else a raising stub.

    With `always_async` (project helpers: their translated callers await them) the bridged
    function is a coroutine function whatever the TypeScript is; otherwise a synchronous
    TypeScript function stays synchronous in Python (`.call_sync`, which blocks)."""
    name = local or code.name
    export = is_exported(ctx, code.span.file, name)
    if export is None and name and code.kind == "helper" and name.isidentifier():
        # a module-level function the module does not export: the worker exposes it
        project = bridge_project(ctx, module)
        module.imports.add("lumosai.compat.node", "ts_function")
        call = "" if code.is_async or always_async else ".call_sync"
        return (
            f"{marker}\n"
            f"{py_name} = ts_function({py_string(code.span.file)}, local={py_string(name)}, "
            f"project_root={project}){call}"
        ), True
    if export is None:
        ctx.code_outcome[code.id] = "todo"
        why = (
            f"{code.name} in {code.span.file} could not be translated and is not exported, "
            "so the Node bridge cannot call it"
        )
        stub = stub_function(
            py_name,
            "*args: Any, **kwargs: Any",
            marker,
            why,
            module,
            is_async=code.is_async,
        )
        return stub, False
    project = bridge_project(ctx, module)
    module.imports.add("lumosai.compat.node", "ts_function")
    return (
        f"{marker}\n"
        f"{py_name} = ts_function({py_string(code.span.file)}, {py_string(export)}, "
        f"project_root={project}){'' if code.is_async or always_async else '.call_sync'}"
    ), True


def bridged_tool(
    ctx: ConvertContext,
    module: PyModule,
    tool: ir.Tool,
    py_name: str,
    kwargs: list[str],
    marker: str,
) -> tuple[str, bool]:
    export = is_exported(ctx, tool.span.file, tool.variable)
    if export is None:
        why = (
            f"tool {tool.tool_id or tool.name} could not be translated and is not exported, "
            "so the Node bridge cannot load it"
        )
        module.imports.add("lumosai.tool", "ToolExecutionContext")
        module.imports.add("lumosai.tool", "tool")
        stub = stub_function(
            py_name,
            "input_data: dict[str, Any], *, context: ToolExecutionContext",
            marker,
            why,
            module,
        )
        return f"@tool({', '.join(kwargs)})\n{stub}", False
    project = bridge_project(ctx, module)
    module.imports.add("lumosai.compat.node", "ts_tool")
    module.imports.add("lumosai.tool", "ToolExecutionContext")
    module.imports.add("lumosai.tool", "tool")
    module.imports.add("typing", "Any")
    # the @tool keeps the converted schemas (what the LLM sees); only execute runs in Node,
    # and Node starts on the first call, not on import
    return (
        f"@tool({', '.join(kwargs)})\n"
        f"async def {py_name}(input_data: dict[str, Any], *, context: ToolExecutionContext) "
        f"-> Any:\n"
        f"    {marker}\n"
        f"    bridged = ts_tool({py_string(tool.span.file)}, {py_string(export)}, "
        f"project_root={project})\n"
        f"    return await bridged.call(input_data, context)"
    ), True
