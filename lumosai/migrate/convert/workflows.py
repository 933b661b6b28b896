"""`createStep` / `createWorkflow(...).then(...).commit()` -> `create_step` and `WorkflowBuilder`.

Each Mastra chain call maps to one builder call (a table, as in sqlglot's generators); a call we
cannot express becomes a visible TODO in the chain and marks the workflow `todo`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.functions import (
    STUB_PREFIX,
    Translated,
    bridge_project,
    is_exported,
    mark_last_body_todo,
    stub_function,
    todo_marker,
    translate,
)
from lumosai.migrate.convert.naming import pascal_case, py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import BodyOutcome, Status
from lumosai.migrate.convert.schemas import SchemaEmitter, finish
from lumosai.migrate.convert.tools import schema_context
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, source_of, to_data

RULE_STEP_REF = "LM330"
RULE_FLOW_OP = "LM331"
RULE_LEGACY = "LM332"
RULE_DYNAMIC_ARG = "LM333"


def step_id(step: ir.Step) -> str:
    return step.step_id or step.name


def workflow_id(wf: ir.Workflow) -> str:
    return wf.workflow_id or wf.name


def era_of(ctx: ConvertContext, construct: ir.Construct) -> str:
    return construct.era or ctx.project.era


def agent_step_id(ctx: ConvertContext, agent_ref: str | None, era: str) -> str | None:
    """The id to give `create_step(agent)` when Mastra names the step otherwise than the
    converted agent's id: 0.x names an agent step after the agent's `name` (1.x after its
    `id`, which the converted agent keeps)."""
    agent = ctx.index.get(agent_ref or "")
    if era != "0.x" or not isinstance(agent, ir.Agent):
        return None
    name = _static(agent.options.get("name"))
    if not isinstance(name, str) or name == (agent.agent_id or agent.name):
        return None
    return name


def agent_step_call(ctx: ConvertContext, py_name: str, agent_ref: str | None, era: str) -> str:
    sid = agent_step_id(ctx, agent_ref, era)
    return f"create_step({py_name}, id={py_string(sid)})" if sid else f"create_step({py_name})"


def declare_step(ctx: ConvertContext, step: ir.Step) -> None:
    module = ctx.module_for_file(step.span.file)
    name = ctx.allocator(module.dotted).claim(py_identifier(step.variable or step_id(step)))
    ctx.symbols[step.id] = Symbol(module=module.dotted, name=name, kind="step")


def declare_workflow(ctx: ConvertContext, wf: ir.Workflow) -> None:
    module = ctx.module_for_file(wf.span.file)
    name = ctx.allocator(module.dotted).claim(py_identifier(wf.variable or workflow_id(wf)))
    ctx.symbols[wf.id] = Symbol(module=module.dotted, name=name, kind="workflow")


# ---------------------------------------------------------------------------- steps


def convert_step(ctx: ConvertContext, step: ir.Step) -> None:
    symbol = ctx.symbols[step.id]
    module = ctx.modules[symbol.module]
    sid = step_id(step)
    output = f"{module.path}:{symbol.name}"
    if step.step_type in ("agent", "tool", "workflow"):
        wrapped = ctx.symbols.get(step.wraps or "")
        module.imports.add("lumosai.workflow", "create_step")
        if wrapped is None:
            marker = todo_marker(
                RULE_STEP_REF,
                f"step wraps {step.step_type} {step.wraps or step.name!r}, which was not converted",
            )
            module.add(f"{marker}\n{symbol.name} = None")
            ctx.record(step, Status.TODO, output, rule=RULE_STEP_REF, name=sid)
            return
        if wrapped.module != module.dotted:
            module.imports.add(wrapped.module, wrapped.name)
        if step.step_type == "agent":
            call = agent_step_call(ctx, wrapped.name, step.wraps, era_of(ctx, step))
        else:
            call = f"create_step({wrapped.name})"
        module.add(f"{symbol.name} = {call}")
        ctx.record(step, Status.NATIVE, output, name=sid)
        return

    sctx = schema_context(ctx, symbol.module)
    emitter = SchemaEmitter(sctx)
    base = pascal_case(symbol.name)
    kwargs = [f"id={py_string(sid)}"]
    description = _static_text(step.description)
    if description is not None:
        kwargs.append(f"description={py_string(description)}")
    for attr, suffix in (
        ("input_schema", "Input"),
        ("output_schema", "Output"),
        ("state_schema", "State"),
        ("resume_schema", "Resume"),
        ("suspend_schema", "Suspend"),
    ):
        schema = getattr(step, attr)
        if schema is not None:
            kwargs.append(f"{attr}={emitter.model_for(schema, base + suffix)}")
    retries = _static(step.retries)
    if isinstance(retries, int):
        kwargs.append(f"retries={retries}")
    module.blocks.extend(finish(sctx))

    status = Status.NATIVE
    rule = message = None
    module.imports.add("lumosai.workflow", "create_step")
    owner = f"step:{sid}"
    if step.execute is None:
        status, rule, message = Status.TODO, "LM321", "the step has no execute function"
        module.imports.add("lumosai.workflow", "StepContext")
        module.imports.add("typing", "Any")
        module.add(
            f"@create_step({', '.join(kwargs)})\n"
            f"async def {symbol.name}(ctx: StepContext) -> Any:\n"
            f"    {todo_marker(rule, message)}\n"
            f"    raise NotImplementedError({py_string(STUB_PREFIX + message)})"
        )
    else:
        role = "step_v0_legacy" if step.step_type == "legacy" else "step_v1"
        body = translate(
            ctx,
            step.execute,
            role=role,
            py_name=symbol.name,
            module=module,
            owner=owner,
            # Mastra 0.x does not validate step inputs: a defaulted key may be absent
            input_schema=step.input_schema if era_of(ctx, step) != "0.x" else None,
            resume_schema=step.resume_schema,
        )
        if body.ok:
            module.add(f"@create_step({', '.join(kwargs)})\n{body.python.strip()}")
        elif bridged_step(ctx, module, step, symbol.name, kwargs, body):
            status, rule, message = Status.BRIDGED, body.rule, body.reason
        else:
            status, rule, message = Status.TODO, body.rule, body.reason
            module.imports.add("lumosai.workflow", "StepContext")
            why = (
                f"step {sid} could not be translated ({body.reason}); the Node bridge "
                "cannot call an inline step function"
            )
            fn = stub_function(
                symbol.name,
                "ctx: StepContext",
                todo_marker(body.rule or "LM300", body.reason or ""),
                why,
                module,
            )
            mark_last_body_todo(ctx)
            module.add(f"@create_step({', '.join(kwargs)})\n{fn}")
    for issue in sctx.issues:
        ctx.diagnose(
            f"step {sid}: {issue.message}",
            rule=issue.rule,
            file=step.span.file,
            line=issue.line or step.span.start_line,
        )
        if status is Status.NATIVE:
            status, rule, message = Status.TODO, issue.rule, issue.message
    ctx.record(step, status, output, rule=rule, message=message, name=sid)


# ---------------------------------------------------------------------------- workflows


class ChainWriter:
    """Builds the `WorkflowBuilder()...commit()` expression for one workflow."""

    def __init__(self, ctx: ConvertContext, wf: ir.Workflow, module: PyModule, name: str) -> None:
        self.ctx = ctx
        self.wf = wf
        self.module = module
        self.name = name
        self.calls: list[str] = []
        self.todos: list[tuple[str, str]] = []
        self.bridged = False
        self.fn_count = 0
        self.pre_blocks: list[str] = []

    # -- step references
    def step(self, ref: ir.StepRef) -> str:
        symbol = self.ctx.symbols.get(ref.target or "")
        if symbol is None:
            self.todos.append((RULE_STEP_REF, f"step {ref.source!r} could not be resolved"))
            return "None"
        if symbol.kind == "agent":
            self.module.imports.add("lumosai.workflow", "create_step")
            return agent_step_call(
                self.ctx, self._use(symbol), ref.target, era_of(self.ctx, self.wf)
            )
        if symbol.kind in ("tool", "workflow"):
            self.module.imports.add("lumosai.workflow", "create_step")
            return f"create_step({self._use(symbol)})"
        return self._use(symbol)

    def _use(self, symbol: Symbol) -> str:
        if symbol.module != self.module.dotted:
            self.module.imports.add(symbol.module, symbol.name)
        return symbol.name

    # -- functions used in the chain (conditions, map functions)
    def function(self, value: ir.Value | None, role: str, what: str) -> str:
        if isinstance(value, ir.ReferenceValue):
            symbol = self.ctx.symbols.get(value.target or "")
            if symbol is not None and symbol.kind == "helper":
                # a converted TS function takes Mastra's `{ inputData, getStepResult, ... }`
                self.module.imports.add("lumosai.workflow", "mastra_params")
                return f"lambda ctx: {self._use(symbol)}(mastra_params(ctx))"
            if symbol is not None:
                return self._use(symbol)
        if not isinstance(value, ir.FunctionValue):
            self.todos.append(
                (RULE_DYNAMIC_ARG, f"{what} is not a function literal: {source_of(value)}")
            )
            return "None"
        code = value.code
        self.fn_count += 1
        py_name = self.ctx.allocator(self.module.dotted).claim(
            f"_{py_identifier(self.name)}_{what.replace(' ', '_')}_{self.fn_count}"
        )
        owner = f"workflow:{workflow_id(self.wf)}:{what}"
        body = translate(
            self.ctx,
            code,
            role=role,
            py_name=py_name,
            module=self.module,
            owner=owner,
            count=role == "condition",
        )
        if role != "condition":
            self.ctx.record_body(
                owner,
                role,
                BodyOutcome.TRANSLATED if body.ok else BodyOutcome.BRIDGED,
                code,
                rule=body.rule,
                reason=body.reason,
            )
        if body.ok:
            self.pre_blocks.append(body.python.strip())
        else:
            self.todos.append(
                (body.rule or "LM300", f"{what} could not be translated: {body.reason}")
            )
            self.module.imports.add("lumosai.workflow", "StepContext")
            self.pre_blocks.append(
                stub_function(
                    py_name,
                    "ctx: StepContext",
                    todo_marker(body.rule or "LM300", body.reason or ""),
                    f"{what} could not be translated",
                    self.module,
                )
            )
            mark_last_body_todo(self.ctx)
        return py_name

    def static(self, value: ir.Value | None) -> object:
        try:
            return to_data(value)
        except NotStatic:
            return None

    # -- the table of chain operations
    def op_then(self, node: ir.FlowNode) -> None:
        for ref in node.steps:
            self.calls.append(f".then({self.step(ref)})")

    def op_parallel(self, node: ir.FlowNode) -> None:
        self.calls.append(".parallel([" + ", ".join(self.step(r) for r in node.steps) + "])")

    def op_branch(self, node: ir.FlowNode) -> None:
        pairs = []
        for branch in node.branches:
            cond = self.function(branch.condition, "condition", "condition")
            pairs.append(f"({cond}, {self.step(branch.step)})")
        self.calls.append(".branch([" + ", ".join(pairs) + "])")

    def _loop(self, node: ir.FlowNode, method: str) -> None:
        step = self.step(node.steps[0]) if node.steps else "None"
        cond = self.function(node.condition, "condition", "condition")
        self.calls.append(f".{method}({step}, {cond})")

    def op_dowhile(self, node: ir.FlowNode) -> None:
        self._loop(node, "do_while")

    def op_dountil(self, node: ir.FlowNode) -> None:
        self._loop(node, "do_until")

    def op_foreach(self, node: ir.FlowNode) -> None:
        step = self.step(node.steps[0]) if node.steps else "None"
        options = self.static(node.options)
        concurrency = options.get("concurrency") if isinstance(options, dict) else None
        extra = f", concurrency={py_literal(concurrency)}" if concurrency is not None else ""
        self.calls.append(f".for_each({step}{extra})")

    def op_map(self, node: ir.FlowNode) -> None:
        arg = node.args[0] if node.args else None
        map_id = map_step_id(node)
        named = f", id={py_string(map_id)}" if map_id is not None else ""
        if isinstance(arg, ir.FunctionValue):
            self.calls.append(f".map({self.function(arg, 'map', 'map')}{named})")
            return
        if isinstance(arg, ir.ObjectValue) and not arg.spreads:
            mapping = self.mapping(arg)
            if mapping is not None:
                self.calls.append(f".map({mapping}{named})")
                return
        self.todos.append(
            (RULE_FLOW_OP, f".map() with a mapping that is not static: {source_of(arg)}")
        )

    def mapping(self, obj: ir.ObjectValue) -> str | None:
        """Mastra's mapping object -> the builder's mapping dict (same keys, Python names)."""
        entries: list[str] = []
        for prop in obj.properties:
            spec = prop.value
            if not isinstance(spec, ir.ObjectValue):
                return None
            keys = spec.keys()
            path = self.static(spec.get("path"))
            if "step" in keys:
                step_value = spec.get("step")
                if isinstance(step_value, ir.ArrayValue):
                    refs = [self._value_step(v) for v in step_value.items]
                    step_src = "[" + ", ".join(refs) + "]"
                else:
                    step_src = self._value_step(step_value)
                if "None" in step_src:
                    return None
                item = f'{{"step": {step_src}, "path": {py_literal(path or ".")}}}'
            elif "initData" in keys:
                item = f'{{"init_data": True, "path": {py_literal(path or ".")}}}'
            elif "requestContextPath" in keys or "runtimeContextPath" in keys:
                rc = self.static(spec.get("requestContextPath") or spec.get("runtimeContextPath"))
                if not isinstance(rc, str):
                    return None
                item = f'{{"request_context_path": {py_literal(rc)}}}'
            elif "value" in keys:
                try:
                    value = to_data(spec.get("value"))
                except NotStatic:
                    return None
                item = f'{{"value": {py_literal(value)}}}'
            else:
                return None
            entries.append(f"{py_string(prop.key)}: {item}")
        return "{" + ", ".join(entries) + "}"

    def _value_step(self, value: ir.Value | None) -> str:
        if isinstance(value, ir.ReferenceValue):
            symbol = self.ctx.symbols.get(value.target or "")
            if symbol is not None and symbol.kind == "step":
                return self._use(symbol)
        return "None"

    def op_sleep_until(self, node: ir.FlowNode) -> None:
        arg = node.args[0] if node.args else None
        self.calls.append(f".sleep_until({self.function(arg, 'map', 'sleep until')})")

    def op_sleep(self, node: ir.FlowNode) -> None:
        arg = node.args[0] if node.args else None
        data = self.static(arg)
        if isinstance(data, int | float):
            self.calls.append(f".sleep({py_literal(data)})")
        else:
            self.calls.append(f".sleep({self.function(arg, 'map', 'sleep')})")

    def op_wait_for_event(self, node: ir.FlowNode) -> None:
        event = self.static(node.args[0]) if node.args else None
        if not isinstance(event, str) or not node.steps:
            self.todos.append(
                (RULE_FLOW_OP, ".waitForEvent() whose event name is not a string literal")
            )
            return
        self.calls.append(f".wait_for_event({py_string(event)}, {self.step(node.steps[0])})")

    def op_commit(self, node: ir.FlowNode) -> None:
        return None

    OPS: ClassVar[dict[str, Callable[[ChainWriter, ir.FlowNode], None]]] = {
        "then": op_then,
        "parallel": op_parallel,
        "branch": op_branch,
        "dowhile": op_dowhile,
        "doWhile": op_dowhile,
        "dountil": op_dountil,
        "doUntil": op_dountil,
        "foreach": op_foreach,
        "forEach": op_foreach,
        "map": op_map,
        "sleep": op_sleep,
        "sleepUntil": op_sleep_until,
        "waitForEvent": op_wait_for_event,
        "commit": op_commit,
    }

    def write(self, head: str) -> str:
        for node in self.wf.flow:
            handler = self.OPS.get(node.op)
            if handler is None:
                self.todos.append((RULE_FLOW_OP, f".{node.op}() has no Lumos equivalent yet"))
                continue
            handler(self, node)
        chain = head + "".join(self.calls) + ".commit()"
        return f"{self.name} = (\n    {chain}\n)"


def convert_workflow(ctx: ConvertContext, wf: ir.Workflow) -> None:
    symbol = ctx.symbols[wf.id]
    module = ctx.modules[symbol.module]
    wid = workflow_id(wf)
    sctx = schema_context(ctx, symbol.module)
    emitter = SchemaEmitter(sctx)
    base = pascal_case(symbol.name)
    head = f"WorkflowBuilder().id({py_string(wid)})"
    description = _static_text(wf.description)
    if description is not None:
        head += f".description({py_string(description)})"
    if wf.input_schema is not None:
        head += f".input_schema({emitter.model_for(wf.input_schema, base + 'Input')})"
    if wf.output_schema is not None:
        head += f".output_schema({emitter.model_for(wf.output_schema, base + 'Output')})"
    if wf.state_schema is not None:
        head += f".state_schema({emitter.model_for(wf.state_schema, base + 'State')})"
    # Mastra (1.x and 0.x) never checks step outputs nor the run's result: the next step gets
    # the raw output, no defaults filled
    head += ".validate_outputs(False)"
    if era_of(ctx, wf) == "0.x":
        if not _validates_inputs(wf):
            head += ".validate_inputs(False)"  # Mastra 0.x: validateInputs defaults to false
        if _may_suspend(ctx, wf):
            head += ".keep_suspend_payload()"  # 0.x keeps it in a resumed step's result
        if any(node.op == "map" and map_step_id(node) is None for node in wf.flow):
            head += '.map_ids("uuid")'  # 0.x names .map() steps mapping_<uuid>
    retry = _static(wf.retry_config)
    if isinstance(retry, dict) and retry:
        attempts = retry.get("attempts")
        delay = retry.get("delay")
        args = []
        if attempts is not None:
            args.append(f"attempts={py_literal(attempts)}")
        if delay is not None:
            args.append(f"delay_ms={py_literal(delay)}")
        head += f".retry_config({', '.join(args)})"
    module.blocks.extend(finish(sctx))
    module.imports.add("lumosai.workflow", "WorkflowBuilder")
    writer = ChainWriter(ctx, wf, module, symbol.name)
    chain = writer.write(head)
    for block in writer.pre_blocks:
        module.add(block)
    markers = "".join(todo_marker(rule, msg) + "\n" for rule, msg in writer.todos)
    module.add(markers + chain)

    status = Status.NATIVE
    rule = message = None
    if writer.todos:
        status, (rule, message) = Status.TODO, writer.todos[0]
    elif writer.bridged:
        status, rule, message = Status.BRIDGED, "LM300", "a condition or map function is bridged"
    for issue in sctx.issues:
        ctx.diagnose(
            f"workflow {wid}: {issue.message}",
            rule=issue.rule,
            file=wf.span.file,
            line=issue.line or wf.span.start_line,
        )
        if status is Status.NATIVE:
            status, rule, message = Status.TODO, issue.rule, issue.message
    for rule_id, msg in writer.todos:
        ctx.diagnose(f"workflow {wid}: {msg}", rule=rule_id, span=wf.span)
    if not wf.committed:
        ctx.diagnose(
            f"workflow {wid} is never committed in TypeScript; the Python version is",
            rule=RULE_FLOW_OP,
            span=wf.span,
            severity="info",
        )
    ctx.record(wf, status, f"{module.path}:{symbol.name}", rule=rule, message=message, name=wid)


def map_step_id(node: ir.FlowNode) -> str | None:
    """The id given in `.map(fn, { id })`, if any."""
    options = _static(node.args[1]) if len(node.args) > 1 else None
    map_id = options.get("id") if isinstance(options, dict) else None
    return map_id if isinstance(map_id, str) and map_id else None


def _may_suspend(ctx: ConvertContext, wf: ir.Workflow) -> bool:
    """A step of the chain can suspend (schemas for it, or `suspend(` in its body)."""
    for step_id in wf.step_ids:
        step = ctx.index.get(step_id)
        if not isinstance(step, ir.Step):
            continue
        if step.resume_schema is not None or step.suspend_schema is not None:
            return True
        if step.execute is not None and "suspend(" in step.execute.source:
            return True
    return False


def _validates_inputs(wf: ir.Workflow) -> bool:
    options = _static(wf.options.get("options"))
    return isinstance(options, dict) and options.get("validateInputs") is True


def legacy_workflow_id(wf: ir.LegacyWorkflow) -> str:
    return wf.workflow_name or wf.name


class _LegacyChain:
    """A legacy (`LegacyWorkflow`, pre-0.10 `new Workflow`) chain as `LegacyWorkflowBuilder` calls.

    The runtime builder keeps Mastra's legacy calls one for one (`step`, `then`, `after`,
    `if_`/`else_`, `while_`/`until`, `after_event`, `when` / `variables` options), so each call
    maps to one call. Legacy steps read `context.triggerData` (the workflow input),
    `context.inputData` (their `variables`) and `getStepResult(id)`, never the previous
    output. What has no static form (a `when` that is neither a function literal nor a
    static condition object, `.if(cond, a, b)` with steps) is reported and the workflow stays
    a TODO."""

    def __init__(self, writer: ChainWriter, wf: ir.LegacyWorkflow) -> None:
        self.writer = writer
        self.wf = wf
        self.problems: list[str] = []
        #: first pass: check the shape only (no function is translated, no body counted)
        self.dry = True

    def condition(self, value: ir.Value | None, what: str) -> str:
        if not isinstance(value, ir.FunctionValue):
            if isinstance(value, ir.ObjectValue):
                data = self.data(value, what)
                if data is not None:
                    return data
            self.problems.append(f".{what}() with a condition that is not a function or object")
            return "None"
        if self.dry:
            return "cond"
        w = self.writer
        code = value.code
        w.fn_count += 1
        py_name = w.ctx.allocator(w.module.dotted).claim(
            f"_{py_identifier(w.name)}_{what}_{w.fn_count}"
        )
        # a legacy condition takes `{ context }` like a legacy step's execute
        body = translate(
            w.ctx,
            code,
            role="step_v0_legacy",
            py_name=py_name,
            module=w.module,
            owner=f"workflow:{legacy_workflow_id(self.wf)}:{what}",
        )
        if body.ok:
            w.pre_blocks.append(body.python.strip())
        else:
            w.todos.append((body.rule or "LM300", f"{what} could not be translated: {body.reason}"))
            w.module.imports.add("lumosai.workflow", "StepContext")
            w.pre_blocks.append(
                stub_function(
                    py_name,
                    "ctx: StepContext",
                    todo_marker(body.rule or "LM300", body.reason or ""),
                    f"{what} could not be translated",
                    w.module,
                )
            )
        return py_name

    def data(self, value: ir.Value | None, what: str) -> str | None:
        """A `when` object or `variables` mapping as Python data; step references stay steps."""
        if isinstance(value, ir.ReferenceValue):
            symbol = self.writer.ctx.symbols.get(value.target or "")
            if symbol is not None and symbol.kind == "step":
                return symbol.name if self.dry else self.writer._use(symbol)
            return None
        if isinstance(value, ir.ObjectValue):
            if value.spreads or any(p.computed for p in value.properties):
                return None
            items = []
            for prop in value.properties:
                item = self.data(prop.value, what)
                if item is None:
                    return None
                items.append(f"{py_string(prop.key)}: {item}")
            return "{" + ", ".join(items) + "}"
        if isinstance(value, ir.ArrayValue):
            parts = [self.data(v, what) for v in value.items]
            if any(p is None for p in parts):
                return None
            return "[" + ", ".join(p for p in parts if p is not None) + "]"
        if isinstance(value, ir.FunctionValue):
            return self.condition(value, what)
        try:
            return py_literal(to_data(value))
        except NotStatic:
            return None

    def step(self, ref: ir.StepRef) -> str:
        if self.dry:  # the identity is enough to check the shape; no import is added yet
            return ref.target or ref.source
        return self.writer.step(ref)

    def options(self, node: ir.FlowNode) -> str:
        out = ""
        if node.when is not None:
            when = (
                self.condition(node.when, "when")
                if isinstance(node.when, ir.FunctionValue)
                else self.data(node.when, "when")
            )
            if when is None:
                self.problems.append(f".{node.op}() with a `when` that is not static")
            out += f", when={when}"
        if node.variables is not None:
            variables = self.data(node.variables, "variables")
            if variables is None:
                self.problems.append(f".{node.op}() with `variables` that are not static")
            out += f", variables={variables}"
        return out

    def build(self) -> list[str]:
        """The calls of the chain."""
        calls: list[str] = []
        for node in self.wf.flow:
            op = node.op
            if op == "commit":
                continue
            if op in ("step", "then"):
                if len(node.steps) != 1:
                    self.problems.append(f".{op}() without exactly one step")
                    continue
                calls.append(f".{op}({self.step(node.steps[0])}{self.options(node)})")
            elif op == "after":
                refs = [self.step(r) for r in node.steps]
                if not refs:
                    self.problems.append(".after() without steps")
                    continue
                arg = refs[0] if len(refs) == 1 else "[" + ", ".join(refs) + "]"
                calls.append(f".after({arg})")
            elif op == "if":
                if node.steps:
                    self.problems.append(".if(cond, step, ...) with steps as arguments")
                    continue
                calls.append(f".if_({self.condition(node.condition, 'if')})")
            elif op == "else":
                calls.append(".else_()")
            elif op in ("while", "until"):
                if not node.steps:
                    self.problems.append(f".{op}() without the step to repeat")
                    continue
                method = "while_" if op == "while" else "until"
                cond = self.condition(node.condition, op)
                calls.append(f".{method}({cond}, {self.step(node.steps[0])})")
            elif op == "afterEvent":
                event = _static(node.args[0]) if node.args else None
                if not isinstance(event, str):
                    self.problems.append(".afterEvent() whose event name is not a string literal")
                    continue
                calls.append(f".after_event({py_string(event)})")
            else:
                self.problems.append(f".{op}()")
        return calls


def _legacy_events(
    ctx: ConvertContext, module: PyModule, wf: ir.LegacyWorkflow, base: str
) -> str | None:
    """`events: {name: {schema}}` -> `{"name": Model}` (the event data is validated)."""
    events = wf.options.get("events")
    if not isinstance(events, ir.ObjectValue):
        return None
    sctx = schema_context(ctx, module.dotted)
    emitter = SchemaEmitter(sctx)
    items = []
    for prop in events.properties:
        spec = prop.value
        schema = spec.get("schema") if isinstance(spec, ir.ObjectValue) else None
        model = "None"
        if isinstance(schema, ir.SchemaValue):
            model = emitter.model_for(schema.schema_, f"{base}{pascal_case(prop.key)}Event")
        items.append(f"{py_string(prop.key)}: {model}")
    module.blocks.extend(finish(sctx))
    return "{" + ", ".join(items) + "}"


def convert_legacy_workflow(ctx: ConvertContext, wf: ir.LegacyWorkflow) -> None:
    wid = legacy_workflow_id(wf)
    module = ctx.module_for_file(wf.span.file)
    name = ctx.allocator(module.dotted).claim(py_identifier(wf.variable or wf.name))
    shell = ir.Workflow(
        id=wf.id, name=wf.name, span=wf.span, era=wf.era, variable=wf.variable, flow=wf.flow
    )
    writer = ChainWriter(ctx, shell, module, name)
    chain = _LegacyChain(writer, wf)
    calls = chain.build()
    if not chain.problems and calls:
        chain.dry = False
        calls = chain.build()
    if chain.problems or not calls:
        why = "; ".join(chain.problems) or "an empty chain"
        ctx.record(
            wf,
            Status.TODO,
            "",
            rule=RULE_LEGACY,
            message=f"legacy workflow with a shape that is not static ({why}); rewrite it "
            "with createWorkflow first (Mastra docs) or by hand",
            name=wid,
        )
        ctx.diagnose(f"legacy workflow {wid} not converted: {why}", rule=RULE_LEGACY, span=wf.span)
        return
    args = [py_string(wid)]
    if wf.trigger_schema is not None:
        sctx = schema_context(ctx, module.dotted)
        model = SchemaEmitter(sctx).model_for(wf.trigger_schema, pascal_case(name) + "Trigger")
        module.blocks.extend(finish(sctx))
        args.append(f"trigger_schema={model}")
    retry = _static(wf.options.get("retryConfig"))
    if isinstance(retry, dict) and retry:
        retry_args = []
        if retry.get("attempts") is not None:
            retry_args.append(f"attempts={py_literal(retry['attempts'])}")
        if retry.get("delay") is not None:
            retry_args.append(f"delay_ms={py_literal(retry['delay'])}")
        module.imports.add("lumosai.workflow", "RetryConfig")
        args.append(f"retry_config=RetryConfig({', '.join(retry_args)})")
    events = _legacy_events(ctx, module, wf, pascal_case(name))
    if events is not None:
        args.append(f"events={events}")
    module.imports.add("lumosai.workflow", "LegacyWorkflowBuilder")
    for block in writer.pre_blocks:
        module.add(block)
    markers = "".join(todo_marker(rule, msg) + "\n" for rule, msg in writer.todos)
    head = f"LegacyWorkflowBuilder({', '.join(args)})"
    module.add(f"{markers}{name} = (\n    {head}{''.join(calls)}.commit()\n)")
    ctx.symbols[wf.id] = Symbol(module=module.dotted, name=name, kind="workflow")
    status, rule, message = Status.NATIVE, None, None
    if writer.todos:
        status, (rule, message) = Status.TODO, writer.todos[0]
    ctx.record(wf, status, f"{module.path}:{name}", rule=rule, message=message, name=wid)


def _static(value: ir.Value | None) -> object:
    try:
        return to_data(value)
    except NotStatic:
        return None


def _static_text(value: ir.Value | None) -> str | None:
    data = _static(value)
    return data if isinstance(data, str) else None


def bridged_step(
    ctx: ConvertContext,
    module: PyModule,
    step: ir.Step,
    py_name: str,
    kwargs: list[str],
    body: Translated,
) -> bool:
    """Mixed mode for a step whose body did not translate: the Lumos step keeps its id and
    schemas and runs the TypeScript `execute` through the Node bridge (`ts_step`). Reaches
    module-level steps, exported or not; inline and legacy steps cannot be reached."""
    if step.step_type == "legacy" or not step.variable:
        return False
    export = is_exported(ctx, step.span.file, step.variable)
    target = f"export={py_string(export)}" if export else f"local={py_string(step.variable)}"
    project = bridge_project(ctx, module)
    module.imports.add("lumosai.compat.node", "ts_step")
    marker = todo_marker(body.rule or "LM300", f"{body.reason}; runs in TypeScript (bridged)")
    module.add(
        f"{marker}\n{py_name} = create_step(\n    {', '.join(kwargs)},\n"
        f"    execute=ts_step({py_string(step.span.file)}, {target}, project_root={project}),\n)"
    )
    return True
