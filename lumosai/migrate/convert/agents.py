"""`new Agent({...})` -> a `lumosai.yaml` agent entry (static config) or an `Agent(...)` in code.

An agent goes to code when `--agents-as code` asks for it or when YAML cannot hold it: dynamic
instructions/model (functions of the request context), a provider object needing code, sub-agents,
or code elsewhere that needs the agent object itself (`createStep(agent)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.functions import (
    bridged_function,
    stub_function,
    todo_marker,
    translate,
)
from lumosai.migrate.convert.mcp import agent_tools as mcp_agent_tools
from lumosai.migrate.convert.memory import MemoryOut, convert_memory
from lumosai.migrate.convert.models import (
    PROVIDERS,
    SettingsOut,
    agent_settings,
    convert_model,
)
from lumosai.migrate.convert.naming import pascal_case, py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.schemas import SchemaEmitter, finish
from lumosai.migrate.convert.scorers import agent_scorers
from lumosai.migrate.convert.tools import schema_context
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, source_of, to_data

RULE_AGENT_OPTION = "LM360"
RULE_AGENT_TOOLS = "LM361"
RULE_SCORERS = "LM362"


def registry_key(agent: ir.Agent) -> str:
    return agent.registry_key or agent.variable or agent.name


@dataclass
class AgentPlan:
    """What we know about an agent once converted: where it lives and how it is built."""

    agent: ir.Agent
    key: str
    in_code: bool
    yaml: dict[str, Any] = field(default_factory=dict)
    tools: dict[str, str] = field(default_factory=dict)  # key the LLM sees -> tool id
    status: Status = Status.NATIVE
    rule: str | None = None
    message: str | None = None


def declare_agent(ctx: ConvertContext, agent: ir.Agent, needs_object: set[str]) -> None:
    module = ctx.module_for_file(agent.span.file)
    name = ctx.allocator(module.dotted).claim(py_identifier(agent.variable or agent.name))
    in_code = ctx.options.agents_as == "code" or agent.id in needs_object or _needs_code(ctx, agent)
    ctx.symbols[agent.id] = Symbol(
        module=module.dotted, name=name, kind="agent", bridged=not in_code
    )


def _settings(ctx: ConvertContext, agent: ir.Agent) -> SettingsOut:
    return agent_settings(
        agent.options,
        era=agent.era or ctx.project.era,
        versions=ctx.project.package.mastra_packages if ctx.project.package else {},
    )


def _needs_code(ctx: ConvertContext, agent: ir.Agent) -> bool:
    # scorers do not need it: a YAML agent gets them attached in app.py
    if agent.dynamic or agent.agents or agent.workflows:
        return True
    from lumosai.migrate.convert.voice import needs_code as voice_needs_code

    if voice_needs_code(ctx, agent):
        return True
    if not _settings(ctx, agent).yaml_ready:
        return True
    memory = ctx.index.get(agent.memory_id or "")
    if isinstance(memory, ir.Memory) and memory.working_memory_schema is not None:
        return True  # lumosai.yaml cannot name the pydantic class
    if agent.model is None or agent.model.kind not in ("router_string", "provider_call"):
        return True
    out = convert_model(agent.model)
    if out.yaml is None:
        return True
    if agent.instructions is not None:
        try:
            text = to_data(agent.instructions)
        except NotStatic:
            return True
        if not isinstance(text, str | list):
            return True
    return agent.tools_value is not None


def _text(value: ir.Value | None) -> tuple[str | None, str | None]:
    """(text, problem) for instructions / description."""
    if value is None:
        return None, None
    try:
        data = to_data(value)
    except NotStatic:
        return None, f"computed at run time ({source_of(value)[:80]})"
    if isinstance(data, str):
        return data, None
    if isinstance(data, list):
        parts = [
            d if isinstance(d, str) else d.get("content") if isinstance(d, dict) else None
            for d in data
        ]
        if all(isinstance(p, str) for p in parts):
            # the model gets an array's items separated by a blank line (Mastra 1.71)
            return "\n\n".join(p for p in parts if isinstance(p, str)), None
    if isinstance(data, dict) and isinstance(data.get("content"), str):
        return data["content"], None
    return None, "not a string"


def convert_agent(ctx: ConvertContext, agent: ir.Agent) -> AgentPlan:
    symbol = ctx.symbols[agent.id]
    module = ctx.modules[symbol.module]
    key = registry_key(agent)
    plan = AgentPlan(agent=agent, key=key, in_code=not symbol.bridged)
    todos: list[tuple[str, str]] = []
    notes: list[tuple[str, str]] = []
    bridged = False
    kwargs: dict[str, str] = {"name": py_string(agent.name)}
    agent_id = agent.agent_id
    if agent_id and agent_id != agent.name:
        kwargs["id"] = py_string(agent_id)

    description, problem = _text(agent.description)
    if description is not None:
        kwargs["description"] = py_string(description)
        plan.yaml["description"] = description

    # instructions
    instructions, problem = _text(agent.instructions)
    dynamic_instr = agent.dynamic.get("instructions")
    if instructions is not None:
        kwargs["instructions"] = py_string(instructions, multiline=True)
        plan.yaml["instructions"] = instructions
        from lumosai.migrate.convert.package_constants import origin_comment

        origin = origin_comment(agent.instructions)  # text read from an npm package's constant
        if origin is not None:
            kwargs["instructions"] = f"(\n        {origin}\n        {kwargs['instructions']}\n    )"
    elif dynamic_instr is not None:
        fn_name = ctx.allocator(module.dotted).claim(f"{symbol.name}_instructions")
        if _dynamic_option(ctx, module, dynamic_instr, fn_name, key, "instructions", todos):
            bridged = True
        kwargs["instructions"] = fn_name
    elif agent.instructions is not None:
        # an npm package constant not installed at conversion time is read on first use
        from lumosai.migrate.convert.package_constants import runtime_text

        read = runtime_text(ctx, module, agent.instructions, f"{symbol.name}_instructions")
        if read is not None:
            kwargs["instructions"], bridged = read, True
        else:
            todos.append((RULE_AGENT_OPTION, f"instructions {problem}"))
            kwargs["instructions"] = py_string("")

    # model
    model = convert_model(agent.model)
    dynamic_model = agent.dynamic.get("model")
    if dynamic_model is not None and model.dynamic:
        fn_name = ctx.allocator(module.dotted).claim(f"{symbol.name}_model")
        if _dynamic_option(ctx, module, dynamic_model, fn_name, key, "model", todos):
            bridged = True
        kwargs["model"] = fn_name
        model.issues = []
    else:
        kwargs["model"] = model.code
        if model.yaml:
            plan.yaml["model"] = model.yaml
    for mod, name in model.imports:
        module.imports.add(mod, name)
    for env in model.env:
        ctx.env(env)
    todos.extend(model.issues)
    notes.extend(model.notes)

    # tools
    tool_items: list[str] = []
    for ref in agent.tools:
        tool_symbol = ctx.symbols.get(ref.target or "")
        target = ctx.index.get(ref.target or "")
        if tool_symbol is None:
            todos.append(
                (
                    RULE_AGENT_TOOLS,
                    f"tool {ref.key!r} ({source_of(ref.value)}) could not be resolved",
                )
            )
            continue
        if tool_symbol.module != module.dotted:
            module.imports.add(tool_symbol.module, tool_symbol.name)
        tool_items.append(f"{py_string(ref.key)}: {tool_symbol.name}")
        if isinstance(target, ir.Tool):
            plan.tools[ref.key] = target.tool_id or target.name
    for ref in agent.agents:
        sub = ctx.symbols.get(ref.target or "")
        if sub is None or sub.bridged:
            todos.append((RULE_AGENT_TOOLS, f"sub-agent {ref.key!r} could not be resolved"))
            continue
        if sub.module != module.dotted:
            module.imports.add(sub.module, sub.name)
        tool_items.append(f"{py_string('agent-' + ref.key)}: {sub.name}")
    for ref in agent.workflows:
        flow = ctx.symbols.get(ref.target or "")
        if flow is None or flow.kind != "workflow":
            todos.append((RULE_AGENT_TOOLS, f"workflow {ref.key!r} could not be resolved"))
            continue
        if flow.module != module.dotted:
            module.imports.add(flow.module, flow.name)
        module.imports.add("lumosai.agent.workflow_tool", "workflow_tool")
        tool_name = py_string("workflow-" + ref.key)
        legacy = ', version="0.x"' if (agent.era or ctx.project.era) == "0.x" else ""
        tool_items.append(f"{tool_name}: workflow_tool({flow.name}, name={tool_name}{legacy})")
    dynamic_tools = agent.dynamic.get("tools")
    mcp_tools = (
        mcp_agent_tools(ctx, agent.tools_value, module)
        if agent.tools_value is not None and not tool_items and dynamic_tools is None
        else None
    )
    if dynamic_tools is not None and not tool_items:
        fn_name = ctx.allocator(module.dotted).claim(f"{symbol.name}_tools")
        _dynamic_option(ctx, module, dynamic_tools, fn_name, key, "tools", todos, bridge=False)
        kwargs["tools"] = fn_name
    elif mcp_tools is not None:
        kwargs["tools"] = mcp_tools
    elif agent.tools_value is not None:
        todos.append(
            (
                RULE_AGENT_TOOLS,
                f"tools given as an expression "
                f"({source_of(agent.tools_value)[:80]}) are not converted",
            )
        )
    if tool_items:
        kwargs["tools"] = "{" + ", ".join(tool_items) + "}"

    # memory
    if agent.memory is not None:
        memory = ctx.index.get(agent.memory_id or "")
        memory = memory if isinstance(memory, ir.Memory) else None
        store = ctx.index.get(memory.storage_id or "") if memory and memory.storage_id else None
        if store is None and ctx.project.mastra and ctx.project.mastra.storage_id:
            store = ctx.index.get(ctx.project.mastra.storage_id)
        mem = convert_memory(
            memory,
            store if isinstance(store, ir.Store) else None,
            era=agent.era or ctx.project.era,
            versions=ctx.project.package.mastra_packages if ctx.project.package else {},
            schema_class=_working_memory_schema(ctx, module, memory, symbol.name),
            index=ctx.index,
        )
        if memory is None:
            todos.append(
                (
                    RULE_AGENT_OPTION,
                    f"memory {source_of(agent.memory)[:60]} could not "
                    "be resolved; default memory settings used",
                )
            )
        _apply_memory(ctx, module, kwargs, plan, mem)
        todos.extend(mem.issues)
        notes.extend(mem.notes)
        if memory is not None:
            ctx.record(
                memory,
                Status.TODO if mem.issues else Status.NATIVE,
                f"{module.path}:{symbol.name}"
                if plan.in_code
                else f"lumosai.yaml#agents.{key}.memory",
                rule=mem.issues[0][0] if mem.issues else None,
                message=mem.issues[0][1] if mem.issues else None,
                name=f"{key}.memory" if memory.name == "memory" else memory.name,
            )

    # scorers / 0.x evals (lumosai.migrate.convert.scorers)
    scorers = agent_scorers(ctx, agent, module) if ctx.options.wants("scorers") else None
    if scorers and plan.in_code:
        kwargs["scorers"] = scorers
    elif scorers:
        # lumosai.yaml cannot hold scorer objects: the YAML agent gets them in app.py
        holder = ctx.allocator(module.dotted).claim(f"{symbol.name}_scorers".upper())
        module.add(f'{holder} = {scorers}\n"""Scorers of the lumosai.yaml agent {key!r}."""')
        ctx.app_after.append(
            (
                f"from {module.dotted} import {holder}",
                f"attach_scorers(app.agent({py_string(key)}), {holder})",
            )
        )
        ctx.app_after.append(("from lumosai.evals.attach import attach_scorers", ""))

    # options with no Lumos home
    if (agent.scorers or agent.evals) and not scorers:
        notes.append(
            (
                RULE_SCORERS,
                "scorers/evals attached to the agent are not run by Lumos; see the scorer entries",
            )
        )
    # input/output/0.x memory processors (lumosai.migrate.convert.processors)
    from lumosai.migrate.convert.processors import agent_processors

    todos.extend(agent_processors(ctx, agent, module, kwargs, f"{module.path}:{symbol.name}"))
    if agent.voice is not None:
        from lumosai.migrate.convert.voice import agent_voice

        where = f"{module.path}:{symbol.name}" if plan.in_code else f"lumosai.yaml#agents.{key}"
        notes.extend(agent_voice(ctx, agent, module, kwargs, plan.yaml, where))
    settings = _settings(ctx, agent)
    kwargs.update(settings.keywords())
    if (agent.era or ctx.project.era) == "0.x":
        _mastra_0x_tool_errors(agent, module, kwargs, plan)
    elif _may_be_openai(model.yaml):
        _mastra_1x_openai_schema(module, kwargs, plan)
    # Mastra caps model steps (maxSteps, per generate), never the number of tool calls: the
    # converted agent has no tool-call cap either (Lumos's default is 10, and 12 parallel calls
    # in one step are ordinary); defaultOptions.maxSteps is the agent's default step limit
    kwargs["max_tool_calls"] = "None"
    plan.yaml["max_tool_calls"] = None
    if settings.max_steps is not None:
        kwargs["max_steps"] = str(settings.max_steps)
        plan.yaml["max_steps"] = settings.max_steps
    plan.yaml.update(settings.values)
    notes.extend(settings.notes)
    for name in agent.dynamic:
        if name not in ("instructions", "model", "tools"):
            todos.append(
                (
                    RULE_AGENT_OPTION,
                    f"dynamic {name} (a function of the request context) is not converted",
                )
            )

    # emit
    output = f"lumosai.yaml#agents.{key}"
    if plan.in_code:
        module.imports.add("lumosai", "Agent")
        markers = "".join(todo_marker(r, m) + "\n" for r, m in todos)
        args = ",\n    ".join(f"{k}={v}" for k, v in kwargs.items())
        module.add(f"{markers}{symbol.name} = Agent(\n    {args},\n)")
        output = f"{module.path}:{symbol.name}"
    for rule, message in notes:
        ctx.diagnose(f"agent {key}: {message}", rule=rule, span=agent.span, severity="info")
    for rule, message in todos:
        ctx.diagnose(f"agent {key}: {message}", rule=rule, span=agent.span)
    if todos:
        plan.status, (plan.rule, plan.message) = Status.TODO, todos[0]
    elif bridged:
        plan.status, plan.rule, plan.message = Status.BRIDGED, "LM300", "dynamic config bridged"
    ctx.record(agent, plan.status, output, rule=plan.rule, message=plan.message, name=key)
    return plan


def _mastra_0x_tool_errors(
    agent: ir.Agent, module: PyModule, kwargs: dict[str, str], plan: AgentPlan
) -> None:
    """Mastra 0.x hands a failing tool's error to the model as an ordinary tool result (the
    TOOL_EXECUTION_FAILED object naming the agent); the converted agent does the same."""
    try:
        name = to_data(agent.options["name"]) if "name" in agent.options else None
    except NotStatic:
        name = None
    agent_name = name if isinstance(name, str) else None
    if plan.in_code:
        module.imports.add("lumosai.agent", "MastraToolErrors")
        kwargs["tool_errors"] = f"MastraToolErrors(agent_name={py_literal(agent_name)})"
    plan.yaml["tool_errors"] = {"style": "mastra-0.x", "agent_name": agent_name}


def _may_be_openai(model: object) -> bool:
    """A model Mastra 1.x's OpenAI schema layer may apply to: a static model string naming
    openai (or groq), or a model known only at run time (the runtime checks it then)."""
    if not isinstance(model, str):
        return True
    return "openai" in model or model.startswith("groq/")


def _mastra_1x_openai_schema(module: PyModule, kwargs: dict[str, str], plan: AgentPlan) -> None:
    """Mastra 1.x sends an OpenAI model its tools through a schema layer (records bare,
    optional fields required and nullable) and reads a null optional argument as undefined;
    the converted agent does the same (lumosai.compat.mastra.openai_compat)."""
    if plan.in_code:
        module.imports.add("lumosai.agent", "MastraToolErrors")
        kwargs["tool_errors"] = 'MastraToolErrors(era="1.x")'
    plan.yaml["tool_errors"] = {"style": "mastra-1.x"}


def _dynamic_option(
    ctx: ConvertContext,
    module: PyModule,
    code: ir.Code,
    fn_name: str,
    key: str,
    option: str,
    todos: list[tuple[str, str]],
    *,
    bridge: bool = True,
) -> bool:
    """Emit `fn_name` for a dynamic agent option (a function of the request context):
    translated if we can, else bridged to the TypeScript (unless `bridge` is False: a function
    returning Mastra tool objects means nothing in Python). True when bridged."""
    if option == "model":
        code = code.model_copy(update={"source": router_strings(code)})
    body = translate(
        ctx,
        code,
        role="instructions",
        py_name=fn_name,
        module=module,
        owner=f"agent:{key}:{option}",
        count=False,
    )
    if body.ok:
        module.add(body.python.strip())
        return False
    marker = todo_marker(body.rule or "LM300", body.reason or "")
    if bridge:
        source, bridged_ok = bridged_function(ctx, module, code, fn_name, marker)
    else:
        why = f"{key}.{option} could not be translated"
        source, bridged_ok = (
            stub_function(
                fn_name, "*args: Any, **kwargs: Any", marker, why, module, is_async=code.is_async
            ),
            False,
        )
    module.add(source)
    if not bridged_ok:
        todos.append((RULE_AGENT_OPTION, f"dynamic {option} could not be translated"))
    return bridged_ok


#: `openai('gpt-4o')` (an AI SDK provider call with a literal model id) inside a function
_PROVIDER_CALL = re.compile(
    r"\b([A-Za-z_$][\w$]*)(?:\.(?:chat|languageModel))?\(\s*(['\"])([^'\"\n]+)\2\s*\)"
)


def router_strings(code: ir.Code) -> str:
    """The source of a dynamic `model` function with each AI SDK provider call written as the
    `'provider/model'` string it stands for (what the static conversion of the same call gives),
    so the translated function returns model strings the Lumos agent resolves."""
    providers = {
        free.name: PROVIDERS.get(free.name.lower())
        for free in code.free_names
        if free.kind == "import" and (free.module or "").startswith("@ai-sdk/")
    }

    def replace(match: re.Match[str]) -> str:
        provider = providers.get(match.group(1))
        if provider is None:
            return match.group(0)
        return f"{match.group(2)}{provider}/{match.group(3)}{match.group(2)}"

    return _PROVIDER_CALL.sub(replace, code.source)


def _working_memory_schema(
    ctx: ConvertContext, module: PyModule, memory: ir.Memory | None, agent_name: str
) -> str | None:
    """The pydantic class of `workingMemory.schema`, emitted into the agent's module."""
    if memory is None or memory.working_memory_schema is None:
        return None
    sctx = schema_context(ctx, module.dotted)
    cls = SchemaEmitter(sctx).model_for(
        memory.working_memory_schema, pascal_case(agent_name) + "WorkingMemory"
    )
    module.blocks.extend(finish(sctx))
    if sctx.issues:
        return None
    return cls


def _apply_memory(
    ctx: ConvertContext, module: Any, kwargs: dict[str, str], plan: AgentPlan, mem: MemoryOut
) -> None:
    for name in mem.code_imports():
        module.imports.add("lumosai.memory", name)
    code = mem.code()
    if "os.environ" in code:
        module.imports.add("os")
    for env in mem.env:
        ctx.env(env)
    kwargs["memory_config"] = code
    yaml_mem: dict[str, Any] = {"enabled": True}
    yaml_mem.update({k: v for k, v in mem.config.items() if v is not None})
    plan.yaml["memory"] = yaml_mem


def literal(value: Any) -> str:
    return py_literal(value)
