"""IR -> OutputProject: every output file as text in memory, plus the run's result.

Pure: no disk, no processes except formatting (emit/format.py). The order is fixed so two runs
over the same input produce the same bytes: declare every Python name first (so bodies can refer
to anything), then emit constants, schemas, helpers, tools, steps, workflows and agents.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert import agents as agents_mod
from lumosai.migrate.convert import mcp as mcp_mod
from lumosai.migrate.convert import observability as obs_mod
from lumosai.migrate.convert import processors as processors_mod
from lumosai.migrate.convert import rag as rag_mod
from lumosai.migrate.convert import scorers as scorers_mod
from lumosai.migrate.convert import tools as tools_mod
from lumosai.migrate.convert import workflows as wf_mod
from lumosai.migrate.convert.bodies.valuekinds import constant_kind, helper_kind, instance_kind
from lumosai.migrate.convert.context import ConvertContext, ConvertOptions, Symbol
from lumosai.migrate.convert.functions import bridged_function, todo_marker, translate
from lumosai.migrate.convert.models import RULE_SECRET
from lumosai.migrate.convert.naming import pascal_case, py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Diagnostic, MigrationResult, Status
from lumosai.migrate.convert.schemas import SchemaContext, SchemaEmitter, SchemaTarget, finish
from lumosai.migrate.convert.values import (
    NotStatic,
    py_literal,
    py_string,
    redact,
    source_of,
    to_data,
)

RULE_SCORER = "LM370"
RULE_MCP = "LM371"
RULE_RAG = "LM372"
RULE_OTHER = "LM373"
RULE_SERVER = "LM374"
RULE_CONVERTER_BUG = "LM399"


@dataclass
class OutputProject:
    """The converted project: files (posix path -> text) and what happened to each construct."""

    name: str
    package: str
    files: dict[str, str] = field(default_factory=dict)
    python_files: list[str] = field(default_factory=list)
    result: MigrationResult = field(default_factory=lambda: MigrationResult(source="", output=""))
    agents: list[dict[str, Any]] = field(default_factory=list)  # for templates
    workflows: list[dict[str, Any]] = field(default_factory=list)
    tools: list[dict[str, Any]] = field(default_factory=list)
    env_names: list[str] = field(default_factory=list)


def _schema_class_name(named: ir.NamedSchema) -> str:
    base = re.sub(r"(?i)schema$", "", named.name) or named.name
    return pascal_case(base)


def _const_name(name: str) -> str:
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
        return name
    return py_identifier(name)


def _constants_used(project: ir.Project) -> set[str]:
    """`<file>#const:<name>` of every module constant some function of the project reads."""
    return {
        f"{free.module or code.span.file}#const:{free.imported_name or free.name}"
        for code in ir.instances_of(project, ir.Code)
        for free in code.free_names
        if free.kind == "constant"
    }


def module_names(module: PyModule) -> set[str]:
    """Names assigned at the top of a generated module so far (`NAME = ...`)."""
    return {b.split(" =", 1)[0].strip() for b in module.blocks if " = " in b.split("\n", 1)[0]}


def _observability_options(other: ir.OtherConstruct) -> ir.Value:
    """The object given to `new Observability({...})` (or the plain `observability: {...}`)."""
    if other.args and isinstance(other.args[0], ir.ObjectValue):
        return other.args[0]
    return ir.ObjectValue(
        properties=[ir.ObjectProperty(key=k, value=v) for k, v in other.options.items()]
    )


def _python_data(value: ir.Value) -> Any:
    """Static data with JS numeric object keys turned into ints (`Record<number, ...>`)."""
    data = to_data(value)
    return _int_keys(data)


def _int_keys(data: Any) -> Any:
    if isinstance(data, dict):
        keys = list(data)
        if keys and all(isinstance(k, str) and re.fullmatch(r"-?(0|[1-9]\d*)", k) for k in keys):
            return {int(k): _int_keys(v) for k, v in data.items()}
        return {k: _int_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_int_keys(v) for v in data]
    return data


def _helper_order(helpers: list[ir.Code]) -> list[ir.Code]:
    """Callees before callers, so a caller knows whether a callee ended up async."""
    by_id = {h.id: h for h in helpers}
    seen: set[str] = set()
    order: list[ir.Code] = []

    def visit(h: ir.Code, stack: set[str]) -> None:
        if h.id in seen or h.id in stack:
            return
        stack.add(h.id)
        for free in h.free_names:
            if free.kind == "helper" and free.target in by_id:
                visit(by_id[free.target], stack)
        seen.add(h.id)
        order.append(h)

    for h in helpers:
        visit(h, set())
    return order


class ProjectConverter:
    def __init__(self, project: ir.Project, options: ConvertOptions) -> None:
        self.project = project
        self.options = options
        self.ctx = ConvertContext.create(project, options)
        self.agent_plans: list[agents_mod.AgentPlan] = []
        self.rag_done: set[str] = set()  # RAG constructs lumosai.migrate.convert.rag recorded
        self._codes_by_file: dict[str, list[ir.Code]] | None = None
        #: constants holding objects of translated classes, emitted after the classes
        self.deferred_constants: list[tuple[ir.ModuleInfo, str, ir.Value, Symbol, PyModule]] = []

    # ------------------------------------------------------------------ declare

    def declare(self) -> None:
        ctx = self.ctx
        p = self.project
        for named in p.schemas:
            module = ctx.module_for_file(named.span.file)
            name = ctx.allocator(module.dotted).claim(_schema_class_name(named))
            is_model = named.schema_.kind == "object"
            ctx.named_schemas[named.id] = SchemaTarget(module.dotted, name, is_model)
            ctx.symbols[named.id] = Symbol(module.dotted, name, "schema")
        for info in p.modules:
            if not info.constants:
                continue
            module = ctx.module_for_file(info.path)
            for cname in info.constants:
                name = ctx.allocator(module.dotted).claim(_const_name(cname))
                value = info.constants[cname]
                node_type = getattr(value, "node_type", "")
                ctx.symbols[f"{info.path}#const:{cname}"] = Symbol(
                    module.dotted,
                    name,
                    "constant",
                    value_type=constant_kind(node_type, getattr(value, "source", "") or "")
                    or instance_kind(
                        node_type,
                        getattr(value, "source", "") or "",
                        {h.name: h.source for h in p.helpers if h.span.file == info.path},
                    ),
                )
        for helper in p.helpers:
            module = ctx.module_for_file(helper.span.file)
            kind = helper_kind(helper.source, helper.return_type_source)
            # an error class keeps its class name (HelpdeskError), functions become snake_case
            is_class = (kind or "").startswith(("error_class", "class:"))
            name = ctx.allocator(module.dotted).claim(
                helper.name if is_class else py_identifier(helper.name)
            )
            ctx.symbols[helper.id] = Symbol(
                module.dotted,
                name,
                "helper",
                is_async=helper.is_async,
                ts_async=helper.is_async,
                value_type=kind,
            )
        if self.options.wants("tools"):
            for tool in p.tools:
                tools_mod.declare_tool(ctx, tool)
        if self.options.wants("workflows"):
            for step in p.steps:
                wf_mod.declare_step(ctx, step)
            for wf in p.workflows:
                wf_mod.declare_workflow(ctx, wf)
        if self.options.wants("mcp"):
            mcp_mod.declare(ctx)
        if self.options.wants("scorers"):
            scorers_mod.declare(ctx)
        if self.options.wants("agents"):
            needs_object = {s.wraps for s in p.steps if s.step_type == "agent" and s.wraps}
            needs_object |= mcp_mod.agent_objects_needed(p)
            processors_mod.declare(ctx)
            needs_object |= processors_mod.agents_needing_code(p)
            for agent in p.agents:
                needs_object |= {r.target for r in agent.agents if r.target}
            for agent in p.agents:
                agents_mod.declare_agent(ctx, agent, {n for n in needs_object if n})
            self._assign_tool_keys()
        self._link_constants()

    def _assign_tool_keys(self) -> None:
        """YAML agents name app tools; the app key must be the name the LLM saw in Mastra (the
        agent's `tools: { key }`). Two agents using one key for different tools cannot share
        the registry, so the later one moves to code."""
        owner: dict[str, str] = {}
        for agent in self.project.agents:
            symbol = self.ctx.symbols[agent.id]
            if not symbol.bridged:  # already in code
                continue
            wanted = {r.key: r.target for r in agent.tools if r.target}
            if any(owner.get(k, t) != t for k, t in wanted.items()):
                symbol.bridged = False
                continue
            for k, t in wanted.items():
                owner[k] = t or ""
        self.ctx.tool_keys = owner

    def _link_constants(self) -> None:
        """Free names of kind `constant` point at `<file>#const:<name>`; give them targets."""
        for code in [*self.project.helpers, *self._all_codes()]:
            for free in code.free_names:
                if free.kind == "constant" and not free.target:
                    file = free.module or code.span.file
                    key = f"{file}#const:{free.imported_name or free.name}"
                    if key in self.ctx.symbols:
                        free.target = key

    def _all_codes(self) -> list[ir.Code]:
        codes: list[ir.Code] = []
        for tool in self.project.tools:
            if tool.execute is not None:
                codes.append(tool.execute)
        for step in self.project.steps:
            if step.execute is not None:
                codes.append(step.execute)
        for wf in self.project.workflows:
            for node in wf.flow:
                for b in node.branches:
                    if isinstance(b.condition, ir.FunctionValue):
                        codes.append(b.condition.code)
                if isinstance(node.condition, ir.FunctionValue):
                    codes.append(node.condition.code)
                codes.extend(a.code for a in node.args if isinstance(a, ir.FunctionValue))
        for agent in self.project.agents:
            codes.extend(agent.dynamic.values())
        return codes

    # ------------------------------------------------------------------ emit

    def emit_constants(self) -> None:
        ctx = self.ctx
        used = _constants_used(self.project)
        for info in self.project.modules:
            for cname, value in info.constants.items():
                key = f"{info.path}#const:{cname}"
                symbol = ctx.symbols.get(key)
                if symbol is None:
                    continue
                if not isinstance(value, ir.LiteralValue | ir.TemplateValue) and key not in used:
                    # data no function reads stays out of the output (it may hold secrets)
                    del ctx.symbols[key]
                    continue
                module = ctx.modules[symbol.module]
                if _is_secret_constant(cname, value):
                    env = ctx.env(_secret_env_name(cname, self.project.env_names))
                    module.imports.add("os")
                    module.add(f"{symbol.name} = os.environ.get({py_string(env)}, {py_string('')})")
                    ctx.diagnose(
                        f"constant {cname} holds what looks like a secret; it reads {env} "
                        "from the environment instead (the literal was not copied)",
                        rule=RULE_SECRET,
                        span=value.span,
                    )
                    continue
                if (symbol.value_type or "").startswith("instance:"):
                    # `new TokenBucket(...)`: emitted after the class (emit_helpers)
                    self.deferred_constants.append((info, cname, value, symbol, module))
                    continue
                try:
                    data = _python_data(value)
                except NotStatic:
                    if not self._translated_constant(info, cname, value, symbol, module):
                        # not emitted: functions using it must not point at a missing name
                        del ctx.symbols[f"{info.path}#const:{cname}"]
                    continue
                module.add(f"{symbol.name} = {py_literal(data)}")

    def _translated_constant(
        self, info: ir.ModuleInfo, cname: str, value: ir.Value, symbol: Symbol, module: PyModule
    ) -> bool:
        """A constant that is not plain data (`/re/g`, `Object.freeze({...})`, an expression
        over other constants) through the body translator; False if it cannot be."""
        from lumosai.migrate.convert.bodies import (
            HelperRef,
            ImportRef,
            NameMap,
            translate_constant,
        )

        source = getattr(value, "source", "") or ""
        if not source:
            return False
        names = NameMap()
        for other in info.constants:  # constants of the module emitted so far
            key = f"{info.path}#const:{other}"
            known = self.ctx.symbols.get(key)
            if other != cname and known is not None and known.name in module_names(module):
                names.helpers[other] = HelperRef(py_name=known.name, is_function=False)
        for helper in self.project.helpers:  # classes it may instantiate
            known = self.ctx.symbols.get(helper.id)
            kind = (known.value_type or "") if known is not None else ""
            if known is not None and helper.span.file == info.path and kind.startswith("class:"):
                names.helpers[helper.name] = HelperRef(py_name=known.name, value_type=kind)
        for binding in info.imports:  # packages it may call: `path.resolve(...)`
            if binding.resolved is None and not binding.type_only:
                names.imports[binding.local] = ImportRef(
                    module=binding.module, imported_name=binding.imported
                )
        line = value.span.start_line if value.span else 1
        body = translate_constant(
            source, py_name=symbol.name, names=names, origin_line=line, format=False
        )
        if not body.ok:
            self.ctx.diagnose(
                f"constant {cname}: {body.reason}; functions using it are not translated",
                rule=body.rule,
                file=info.path,
                line=line,
                severity="info",
            )
            return False
        module.imports.add_lines(sorted(body.imports))
        module.add(body.python.strip())
        return True

    def emit_schemas(self) -> None:
        ctx = self.ctx
        for named in self.project.schemas:
            target = ctx.named_schemas[named.id]
            module = ctx.modules[target.module]
            sctx = SchemaContext(
                module=target.module,
                named=ctx.named_schemas,
                imports=module.imports,
                blocks=module.blocks,
                names=ctx.allocator(target.module),
                era=ctx.project.era,
            )
            SchemaEmitter(sctx).named_schema(named, target.name)
            module.blocks.extend(finish(sctx))
            for issue in sctx.issues:
                ctx.diagnose(
                    f"schema {named.name}: {issue.message}",
                    rule=issue.rule,
                    file=named.span.file,
                    line=issue.line or named.span.start_line,
                )

    def emit_helpers(self) -> None:
        ctx = self.ctx
        self._emit_function_helpers()
        for info, cname, value, symbol, module in self.deferred_constants:
            if not self._translated_constant(info, cname, value, symbol, module):
                del ctx.symbols[f"{info.path}#const:{cname}"]

    def _emit_function_helpers(self) -> None:
        ctx = self.ctx
        from lumosai.migrate.convert.server import middleware_helpers

        hono = middleware_helpers(self.project)  # emitted by convert/server.py as middleware
        for helper in _helper_order(self.project.helpers):
            if helper.id in hono:
                continue
            symbol = ctx.symbols[helper.id]
            module = ctx.modules[symbol.module]
            body = translate(
                ctx,
                helper,
                role="helper",
                py_name=symbol.name,
                module=module,
                owner=f"helper:{helper.name}",
                count=False,
            )
            if body.ok:
                module.add(body.python.strip())
                symbol.is_async = body.is_async
            elif (symbol.value_type or "").startswith(("error_class", "class:")):
                del ctx.symbols[helper.id]  # a class cannot run through the bridge
            else:
                source, symbol.bridged = bridged_function(
                    ctx,
                    module,
                    helper,
                    symbol.name,
                    todo_marker(body.rule or "LM300", body.reason or ""),
                    always_async=True,
                )
                # the bridge is a coroutine function; a stub keeps the TypeScript's form
                symbol.is_async = symbol.bridged or helper.is_async
                module.add(source)

    def emit_constructs(self) -> None:
        ctx = self.ctx
        p = self.project
        ctx.start_timing()
        if self.options.wants("tools"):
            rag_tools, self.rag_done = rag_mod.convert_tools(ctx)
            for tool in p.tools:
                if tool.id not in rag_tools:
                    self._guarded(tool, tools_mod.convert_tool)
        if self.options.wants("mcp"):
            mcp_mod.convert_clients(ctx)
        if self.options.wants("scorers"):
            scorers_mod.convert_all(ctx)
        if self.options.wants("workflows"):
            for step in p.steps:
                self._guarded(step, wf_mod.convert_step)
            for wf in p.workflows:
                self._guarded(wf, wf_mod.convert_workflow)
            for legacy in p.legacy_workflows:
                wf_mod.convert_legacy_workflow(ctx, legacy)
        if self.options.wants("agents"):
            processors_mod.convert_all(ctx)
            for agent in p.agents:
                plan = self._guarded(agent, agents_mod.convert_agent)
                if plan is not None:
                    self.agent_plans.append(plan)
        if self.options.wants("mcp"):
            mcp_mod.convert_servers(ctx)
        if self.options.wants("server"):
            from lumosai.migrate.convert.server import convert_server

            convert_server(ctx)
        self.record_others()

    def _guarded(self, construct: Any, convert: Any) -> Any:
        """Convert one construct; a converter bug costs that construct, never the run
        (its module is restored and a stub that says so takes its place)."""
        ctx = self.ctx
        symbol = ctx.symbols.get(construct.id)
        module = ctx.modules.get(symbol.module) if symbol else None
        saved = None
        if module is not None:
            saved = (list(module.blocks), copy.deepcopy(module.imports))
        n_constructs, n_bodies = len(ctx.result.constructs), len(ctx.result.bodies)
        ctx.start_timing()
        try:
            return convert(ctx, construct)
        except Exception as exc:  # reported as a construct result, the run goes on
            del ctx.result.constructs[n_constructs:]
            del ctx.result.bodies[n_bodies:]
            why = f"the converter failed on this {construct.kind}: {type(exc).__name__}: {exc}"
            if module is not None and saved is not None and symbol is not None:
                module.blocks[:], module.imports = saved
                stub = _construct_stub(construct, symbol.name, why, module)
                if stub:
                    module.add(stub)
            ctx.record(
                construct,
                Status.TODO,
                f"{module.path}:{symbol.name}" if module and symbol else "",
                rule=RULE_CONVERTER_BUG,
                message=why,
            )
            ctx.diagnose(why, rule=RULE_CONVERTER_BUG, span=construct.span, severity="error")
            return None

    def record_others(self) -> None:
        ctx = self.ctx
        p = self.project
        ctx.start_timing()
        recorded = {(c.file, c.line, c.kind) for c in ctx.result.constructs}
        for rag in p.rag:
            if rag.id in self.rag_done:
                continue
            status, output = self._enclosing_status(rag)
            ctx.record(
                rag,
                status,
                output,
                rule=None if status is Status.NATIVE else RULE_RAG,
                message=None
                if status is Status.NATIVE
                else f"RAG operation {rag.operation}: "
                + (
                    "runs in the bridged TypeScript function around it"
                    if status is Status.BRIDGED
                    else "not converted"
                ),
            )
        seen = {(c.file, c.line, c.kind) for c in ctx.result.constructs}
        for memory in p.memories:
            if (memory.span.file, memory.span.start_line, "memory") not in seen:
                ctx.record(memory, Status.NATIVE, "lumosai.yaml#memory")
        used_stores = {m.storage_id for m in p.memories if m.storage_id}
        if p.mastra and p.mastra.storage_id:
            used_stores.add(p.mastra.storage_id)
        from lumosai.migrate.convert.memory import observability_domain_stores, store_id_for

        tracing_only = observability_domain_stores(p.storages)
        for store in [*p.storages, *p.vectors]:
            if store.id in tracing_only:
                ctx.record(
                    store,
                    Status.NATIVE,
                    "lumosai.telemetry",
                    message="only the observability domain of a MastraCompositeStore: "
                    "Lumos sends spans to the telemetry exporter instead",
                )
                continue
            out = agents_mod.MemoryOut()
            sid = store_id_for(store, out, ctx.index)
            status = Status.NATIVE if sid is not None and not out.issues else Status.TODO
            ctx.record(
                store,
                status,
                f"store_id={sid}" if sid else "",
                rule=out.issues[0][0] if out.issues else None,
                message=out.issues[0][1] if out.issues else None,
            )
        for other in p.others:
            if (other.span.file, other.span.start_line, other.kind) in recorded:
                continue
            if other.kind == "observability":
                self._observability(other, _observability_options(other), legacy=False)
                continue
            status, message = self._other_status(other)
            ctx.record(
                other,
                status,
                "lumosai.yaml" if status is Status.NATIVE else "",
                rule=None
                if status is Status.NATIVE
                else ("LM375" if other.kind == "observability" else RULE_OTHER),
                message=message,
            )
        for inst in p.mastra_instances:
            ctx.record(inst, Status.NATIVE, "app.py:app", name=inst.variable or inst.name)
            if inst.telemetry is not None and inst is p.mastra:
                self._observability(inst, inst.telemetry, legacy=True, name="mastra.telemetry")
            if (  # converted by convert/server.py unless --only leaves the server out
                inst.server
                and not self.options.wants("server")
                and (inst.server.api_routes or inst.server.auth or inst.server.middleware)
            ):
                ctx.diagnose(
                    "server routes, auth and middleware are not converted",
                    rule=RULE_SERVER,
                    span=inst.span,
                )

    def _enclosing_status(self, construct: ir.Construct) -> tuple[Status, str]:
        """A construct inside a function (a RAG call in a helper) shares that function's fate."""
        span = construct.span
        best: ir.Code | None = None
        if self._codes_by_file is None:
            self._codes_by_file = {}
            for code in [*self.project.helpers, *self._all_codes()]:
                self._codes_by_file.setdefault(code.span.file, []).append(code)
        for code in self._codes_by_file.get(span.file, []):
            inside = code.span.start_byte <= span.start_byte and span.end_byte <= code.span.end_byte
            if inside and (
                best is None
                or code.span.end_byte - code.span.start_byte
                < best.span.end_byte - best.span.start_byte
            ):
                best = code
        if best is None:
            return Status.TODO, ""
        outcome = self.ctx.code_outcome.get(best.id)
        symbol = self.ctx.symbols.get(best.id)
        where = f"{self.ctx.modules[symbol.module].path}:{symbol.name}" if symbol else ""
        if outcome == "translated":
            return Status.NATIVE, where
        if outcome == "bridged":
            return Status.BRIDGED, where
        return Status.TODO, where

    def _observability(
        self, construct: ir.Construct, options: ir.Value, *, legacy: bool, name: str | None = None
    ) -> None:
        status, output, message = obs_mod.convert(self.ctx, construct, options, legacy=legacy)
        self.ctx.record(
            construct,
            status,
            output,
            rule=None if status is Status.NATIVE else obs_mod.RULE,
            message=message,
            kind="observability",
            name=name,
        )

    @staticmethod
    def _other_status(other: ir.OtherConstruct) -> tuple[Status, str | None]:
        if other.kind in ("logger", "request_context", "provider"):
            return Status.NATIVE, None
        if other.kind == "observability":
            return Status.TODO, "observability/telemetry is not configured in Lumos yet (LM375)"
        return Status.TODO, f"{other.factory or other.kind} has no Lumos equivalent yet"

    # ------------------------------------------------------------------ run

    def run(self) -> OutputProject:
        self.declare()
        self.emit_constants()
        self.emit_schemas()
        self.emit_helpers()
        self.emit_constructs()
        for diag in self.project.diagnostics:
            self.ctx.result.diagnostics.append(
                Diagnostic(
                    severity=diag.severity,
                    rule=diag.rule,
                    message=diag.message,
                    file=diag.file,
                    line=diag.line,
                )
            )
        from lumosai.migrate.convert.scaffold import build_output

        return build_output(self)


def convert_project(project: ir.Project, options: ConvertOptions | None = None) -> OutputProject:
    """The converter's entry point: IR in, output project (in memory) out."""
    return ProjectConverter(project, options or ConvertOptions()).run()


def static_or_source(value: ir.Value | None) -> Any:
    try:
        return to_data(value)
    except NotStatic:
        return source_of(value)


def _construct_stub(construct: Any, py_name: str, why: str, module: PyModule) -> str | None:
    """A stand-in definition with the construct's Python name that raises when used."""
    from lumosai.migrate.convert.functions import STUB_PREFIX
    from lumosai.migrate.convert.values import py_string

    marker = todo_marker(RULE_CONVERTER_BUG, why)
    raise_line = f"    raise NotImplementedError({py_string(STUB_PREFIX + why)})"
    module.imports.add("typing", "Any")
    if isinstance(construct, ir.Tool):
        module.imports.add("lumosai.tool", "tool")
        module.imports.add("lumosai.tool", "ToolExecutionContext")
        return (
            f"{marker}\n@tool(name={py_string(construct.tool_id or construct.name)})\n"
            f"async def {py_name}(input_data: dict[str, Any], *, "
            f"context: ToolExecutionContext) -> Any:\n{raise_line}"
        )
    if isinstance(construct, ir.Step):
        module.imports.add("lumosai.workflow", "create_step")
        module.imports.add("lumosai.workflow", "StepContext")
        return (
            f"{marker}\n@create_step(id={py_string(construct.step_id or construct.name)})\n"
            f"async def {py_name}(ctx: StepContext) -> Any:\n{raise_line}"
        )
    if isinstance(construct, ir.Workflow):
        module.imports.add("lumosai.workflow", "create_step")
        module.imports.add("lumosai.workflow", "StepContext")
        module.imports.add("lumosai.workflow", "WorkflowBuilder")
        wid = construct.workflow_id or construct.name
        return (
            f"{marker}\n@create_step(id={py_string(wid + '-not-converted')})\n"
            f"async def _{py_name}_not_converted(ctx: StepContext) -> Any:\n{raise_line}\n\n\n"
            f"{py_name} = WorkflowBuilder().id({py_string(wid)})"
            f".then(_{py_name}_not_converted).commit()"
        )
    return None


_SECRET_NAME_WORDS = ("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL")


def _is_secret_constant(name: str, value: ir.Value) -> bool:
    """A string constant named like a credential, or whose text looks like a key: it must
    never be copied into the output (issue: secrets become environment lookups)."""
    if not isinstance(value, ir.LiteralValue) or not isinstance(value.value, str):
        return False
    if not value.value:
        return False
    upper = _snake(name).upper()
    if any(word in upper.split("_") for word in _SECRET_NAME_WORDS):
        return True
    return redact(repr(value.value)) != repr(value.value)


def _secret_env_name(name: str, known: list[str]) -> str:
    """The `.env` variable a secret constant stands for: one whose name ends with the
    constant's (`SERVICE_TOKEN` -> `REPORT_SERVICE_TOKEN`), else the constant's own name."""
    upper = _snake(name).upper()
    for env in sorted(known):
        if env == upper or env.endswith("_" + upper):
            return env
    return upper


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
