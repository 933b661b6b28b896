"""`createTool({...})` -> a pydantic input/output model pair and an `@tool` function."""

from __future__ import annotations

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.functions import (
    STUB_PREFIX,
    bridged_tool,
    mark_last_body_todo,
    todo_marker,
    translate,
)
from lumosai.migrate.convert.naming import pascal_case, py_identifier
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.schemas import SchemaContext, SchemaEmitter, finish
from lumosai.migrate.convert.values import py_string, source_of, try_data

RULE_DYNAMIC_DESCRIPTION = "LM320"
RULE_NO_EXECUTE = "LM321"


def tool_py_name(tool: ir.Tool) -> str:
    return py_identifier(tool.variable or tool.tool_id or tool.name)


def tool_id(tool: ir.Tool) -> str:
    return tool.tool_id or tool.name


def declare_tool(ctx: ConvertContext, tool: ir.Tool) -> None:
    """Reserve the tool's Python name before any body refers to it."""
    module = ctx.module_for_file(tool.span.file)
    name = ctx.allocator(module.dotted).claim(tool_py_name(tool))
    ctx.symbols[tool.id] = Symbol(module=module.dotted, name=name, kind="tool", is_async=True)


def schema_context(ctx: ConvertContext, dotted: str) -> SchemaContext:
    module = ctx.modules[dotted]
    return SchemaContext(
        module=dotted,
        named=ctx.named_schemas,
        imports=module.imports,
        blocks=module.blocks,
        names=ctx.allocator(dotted),
        era=ctx.project.era,
    )


def convert_tool(ctx: ConvertContext, tool: ir.Tool) -> None:
    symbol = ctx.symbols[tool.id]
    module = ctx.modules[symbol.module]
    sctx = schema_context(ctx, symbol.module)
    emitter = SchemaEmitter(sctx)
    base = pascal_case(symbol.name)
    input_cls = emitter.model_for(tool.input_schema, base + "Input") if tool.input_schema else None
    output_cls = (
        emitter.model_for(tool.output_schema, base + "Output") if tool.output_schema else None
    )
    module.blocks.extend(finish(sctx))
    todos = [(i.rule, i.message, i.line) for i in sctx.issues]

    description = try_data(tool.description)
    if tool.description is not None and not isinstance(description, str):
        todos.append(
            (
                RULE_DYNAMIC_DESCRIPTION,
                "tool description is computed at run time; "
                f"copied as source text: {source_of(tool.description)}",
                None,
            )
        )
        description = source_of(tool.description)

    kwargs = [f"name={py_string(tool_id(tool))}"]
    if description is not None:
        kwargs.append(f"description={py_string(description)}")
    if input_cls:
        kwargs.append(f"input_schema={input_cls}")
    if output_cls:
        kwargs.append(f"output_schema={output_cls}")
        if (tool.era or ctx.project.era) == "0.x":
            kwargs.append("validate_output=False")  # Mastra 0.x returns tool results unchecked
    to_model = tool.options.get("toModelOutput")
    if isinstance(to_model, ir.FunctionValue):
        shown_name = ctx.allocator(module.dotted).claim(f"{symbol.name}_model_output")
        shown = translate(
            ctx,
            to_model.code,
            role="helper",
            py_name=shown_name,
            module=module,
            owner=f"tool:{tool_id(tool)}:toModelOutput",
            count=False,
        )
        if shown.ok:
            module.add(shown.python.strip())
            kwargs.append(f"to_model_output={shown_name}")
        else:
            todos.append(
                (
                    shown.rule or "LM300",
                    f"toModelOutput could not be translated ({shown.reason}); the model gets "
                    "the raw result",
                    None,
                )
            )
    approval = try_data(tool.require_approval)
    if approval is True:
        kwargs.append("require_approval=True")  # the agent's call waits for a person
    elif tool.require_approval is not None and approval is not False:
        todos.append(
            (
                RULE_DYNAMIC_DESCRIPTION,
                f"requireApproval is computed ({source_of(tool.require_approval)}); "
                "set require_approval by hand",
                None,
            )
        )

    owner = f"tool:{tool_id(tool)}"
    status = Status.NATIVE
    rule = message = None
    module.imports.add("lumosai.tool", "tool")
    if tool.execute is None:
        status, rule = Status.TODO, RULE_NO_EXECUTE
        message = "the tool has no execute function"
        module.imports.add("typing", "Any")
        module.imports.add("lumosai.tool", "ToolExecutionContext")
        module.add(
            f"@tool({', '.join(kwargs)})\n"
            f"async def {symbol.name}(input_data: dict[str, Any], *, "
            f"context: ToolExecutionContext) -> Any:\n"
            f"    {todo_marker(rule, message)}\n"
            f"    raise NotImplementedError({py_string(STUB_PREFIX + message)})"
        )
    else:
        role = "tool_v0" if tool.execute_signature == "0.x" else "tool_v1"
        body = translate(
            ctx,
            tool.execute,
            role=role,
            py_name=symbol.name,
            module=module,
            owner=owner,
            input_schema=tool.input_schema,
        )
        if body.ok:
            module.add(f"@tool({', '.join(kwargs)})\n{body.python.strip()}")
        else:
            source, bridged_ok = bridged_tool(
                ctx,
                module,
                tool,
                symbol.name,
                kwargs,
                todo_marker(body.rule or "LM300", body.reason or ""),
            )
            module.add(source)
            status = Status.BRIDGED if bridged_ok else Status.TODO
            rule, message = body.rule, body.reason
            if not bridged_ok:
                mark_last_body_todo(ctx)
    for issue_rule, issue_message, line in todos:
        ctx.diagnose(
            f"tool {tool_id(tool)}: {issue_message}",
            rule=issue_rule,
            file=tool.span.file,
            line=line or tool.span.start_line,
        )
        if status is Status.NATIVE:
            status, rule, message = Status.TODO, issue_rule, issue_message
    ctx.record(
        tool, status, f"{module.path}:{symbol.name}", rule=rule, message=message, name=tool_id(tool)
    )
