"""Processors -> ``lumosai.processors``: agent ``inputProcessors`` / ``outputProcessors`` and
0.x ``Memory({ processors })``.

Prebuilt processors (``new PIIDetector({...})``) become the native classes with snake_case
options; a custom processor object (``{ id, processInput, processOutputResult, ... }``) becomes
a ``MastraProcessor`` whose hooks are translated with the body translator (they keep Mastra's
message shape). Anything else stays a TODO (LM373) on the agent.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.functions import translate
from lumosai.migrate.convert.models import KEY_ENV, PROVIDERS
from lumosai.migrate.convert.naming import py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, source_of, to_data

RULE = "LM373"

#: Mastra class -> (Python module, class, options allowed) for agent (1.x) processors.
_PREBUILT: dict[str, tuple[str, str, frozenset[str]]] = {
    "UnicodeNormalizer": (
        "lumosai.processors",
        "UnicodeNormalizer",
        frozenset({"stripControlChars", "preserveEmojis", "collapseWhitespace", "trim"}),
    ),
    "TokenLimiterProcessor": (
        "lumosai.processors",
        "TokenLimiterProcessor",
        frozenset({"limit", "strategy", "countMode", "trimMode"}),
    ),
    "TokenLimiter": (
        "lumosai.processors",
        "TokenLimiterProcessor",
        frozenset({"limit", "strategy", "countMode", "trimMode"}),
    ),
    "ToolCallFilter": (
        "lumosai.processors",
        "ToolCallFilter",
        frozenset({"exclude", "filterAfterToolSteps", "preserveModelOutput"}),
    ),
    "PIIDetector": (
        "lumosai.processors",
        "PIIDetector",
        frozenset(
            {
                "model",
                "detectionTypes",
                "threshold",
                "strategy",
                "redactionMethod",
                "instructions",
                "includeDetections",
                "preserveFormat",
                "lastMessageOnly",
                "bufferSize",
                "errorStrategy",
                "providerOptions",
            }
        ),
    ),
    "PromptInjectionDetector": (
        "lumosai.processors",
        "PromptInjectionDetector",
        frozenset(
            {
                "model",
                "detectionTypes",
                "threshold",
                "strategy",
                "instructions",
                "includeScores",
                "lastMessageOnly",
                "errorStrategy",
                "providerOptions",
            }
        ),
    ),
    "ModerationProcessor": (
        "lumosai.processors",
        "ModerationProcessor",
        frozenset(
            {
                "model",
                "categories",
                "threshold",
                "strategy",
                "instructions",
                "includeScores",
                "chunkWindow",
                "lastMessageOnly",
                "errorStrategy",
                "providerOptions",
            }
        ),
    ),
    "BatchPartsProcessor": (
        "lumosai.processors",
        "BatchPartsProcessor",
        frozenset({"batchSize", "maxWaitTime", "emitOnNonText"}),
    ),
    "LanguageDetector": (
        "lumosai.processors",
        "LanguageDetector",
        frozenset(
            {
                "model",
                "targetLanguages",
                "threshold",
                "strategy",
                "preserveOriginal",
                "minTextLength",
                "includeDetectionDetails",
                "lastMessageOnly",
                "instructions",
                "errorStrategy",
                "providerOptions",
            }
        ),
    ),
}
#: 0.x ``@mastra/memory/processors`` (filters of recalled history).
_MEMORY: dict[str, tuple[str, str, frozenset[str]]] = {
    "TokenLimiter": ("lumosai.memory.processors", "TokenLimiter", frozenset({"limit"})),
    "ToolCallFilter": ("lumosai.memory.processors", "ToolCallFilter", frozenset({"exclude"})),
}
_HOOKS = {
    "processInput": "process_input",
    "processOutputResult": "process_output_result",
    "processOutputStream": "process_output_stream",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _is_memory_processor(other: ir.OtherConstruct) -> bool:
    return (other.module or "").startswith("@mastra/memory")


@dataclass
class _Expr:
    """A processor as Python: the expression, or why it could not be converted."""

    code: str | None = None
    problem: str | None = None


def _processors(project: ir.Project) -> list[ir.OtherConstruct]:
    return [o for o in project.others if o.kind == "processor"]


def declare(ctx: ConvertContext) -> None:
    """Claim a Python name for every module-level processor (``export const guard = new
    PIIDetector(...)``) in the module mirroring its file."""
    for other in _processors(ctx.project):
        if not other.variable:
            continue
        module = ctx.module_for_file(other.span.file)
        name = ctx.allocator(module.dotted).claim(py_identifier(other.variable))
        ctx.symbols[other.id] = Symbol(module.dotted, name, "processor")
    _reserve_custom_names(ctx)


def _reserve_custom_names(ctx: ConvertContext) -> None:
    """A custom processor object is a module constant; keep its Python name for the
    ``MastraProcessor`` (unused constants are dropped before agents are converted)."""
    for agent in ctx.project.agents:
        for value in (agent.input_processors, agent.output_processors):
            items = value.items if isinstance(value, ir.ArrayValue) else []
            for item in items:
                if not isinstance(item, ir.ObjectValue) or item.span is None:
                    continue
                key, _ = _constant_name(ctx, item)
                symbol = ctx.symbols.get(key or "")
                if symbol is not None:
                    ctx.symbols[_name_key(item.span)] = Symbol(
                        symbol.module, symbol.name, "processor-name"
                    )


def _name_key(span: ir.Span) -> str:
    return f"{span.file}#processor-name@{span.start_byte}"


def agents_needing_code(project: ir.Project) -> set[str]:
    """Agents with processors are built in code (lumosai.yaml cannot hold the objects)."""
    memories = {m.id: m for m in project.memories}
    out: set[str] = set()
    for agent in project.agents:
        memory = memories.get(agent.memory_id or "")
        if (
            agent.input_processors is not None
            or agent.output_processors is not None
            or (memory is not None and memory.processors is not None)
        ):
            out.add(agent.id)
    return out


def convert_all(ctx: ConvertContext) -> None:
    """Emit every module-level prebuilt processor where it was declared."""
    for other in _processors(ctx.project):
        symbol = ctx.symbols.get(other.id)
        if symbol is None:
            continue
        module = ctx.modules[symbol.module]
        expr = _prebuilt(ctx, other, module)
        if expr.code is None:
            symbol.bridged = True  # marks "not usable": agents using it stay TODO
            ctx.record(other, Status.TODO, "", rule=RULE, message=expr.problem)
            continue
        module.add(f"{symbol.name} = {expr.code}")
        ctx.record(other, Status.NATIVE, f"{module.path}:{symbol.name}")


def _prebuilt(ctx: ConvertContext, other: ir.OtherConstruct, module: PyModule) -> _Expr:
    table = _MEMORY if _is_memory_processor(other) else _PREBUILT
    entry = table.get(other.factory or "")
    if entry is None:
        return _Expr(problem=f"{other.factory or 'this processor'} has no Lumos equivalent yet")
    py_module, cls, allowed = entry
    kwargs: list[str] = []
    positional = other.args[0] if other.args else None
    options: dict[str, ir.Value] = dict(other.options)
    if isinstance(positional, ir.LiteralValue) and isinstance(positional.value, int | float):
        kwargs.append(py_literal(positional.value))  # new TokenLimiter(120_000)
    for key, value in options.items():
        if key == "encoding" and "o200k" in source_of(value):
            continue  # the default (1.x estimates whatever the encoding; 0.x: o200k_base)
        if key == "model" and "model" in allowed:
            model = _model_string(value)
            if model is None:
                return _Expr(
                    problem=f"{other.factory} model {source_of(value)[:60]} is not converted"
                )
            provider = model.split("/", 1)[0]
            if provider in KEY_ENV:
                ctx.env(KEY_ENV[provider])
            kwargs.append(f"model={py_string(model)}")
            continue
        if key not in allowed:
            return _Expr(problem=f"{other.factory} option {key!r} is not converted")
        try:
            data = to_data(value)
        except NotStatic:
            return _Expr(
                problem=f"{other.factory} option {key!r} is computed at run time "
                f"({source_of(value)[:60]})"
            )
        if key == "limit":  # the first positional parameter of both token limiters
            kwargs.insert(0, py_literal(data))
            continue
        kwargs.append(f"{_snake(key)}={py_literal(data)}")
    if cls == "TokenLimiterProcessor" and (other.era or ctx.project.era) == "0.x":
        kwargs.append('count_with="o200k_base"')  # Mastra 0.x counted with tiktoken
    module.imports.add(py_module, cls)
    return _Expr(code=f"{cls}({', '.join(kwargs)})")


def _model_string(value: ir.Value) -> str | None:
    """A judge model as a ``provider/model`` string: the router string as written, or an AI
    SDK provider call (``openai('gpt-4o-mini')``); None for anything else."""
    if isinstance(value, ir.LiteralValue) and isinstance(value.value, str) and "/" in value.value:
        return value.value
    if (
        isinstance(value, ir.CallValue)
        and not value.is_new
        and len(value.args) == 1
        and isinstance(value.args[0], ir.LiteralValue)
        and isinstance(value.args[0].value, str)
    ):
        provider = PROVIDERS.get(value.callee.split(".")[0].lower())
        if provider:
            return f"{provider}/{value.args[0].value}"
    return None


def _constant_name(ctx: ConvertContext, obj: ir.ObjectValue) -> tuple[str | None, str | None]:
    """(symbol key, TS name) of the module constant an inlined object literal came from."""
    if obj.span is None:
        return None, None
    for info in ctx.project.modules:
        if info.path != obj.span.file:
            continue
        for name, value in info.constants.items():
            span = getattr(value, "span", None)
            if span is not None and span.start_byte == obj.span.start_byte:
                return f"{info.path}#const:{name}", name
    return None, None


def _link_free_names(ctx: ConvertContext, code: ir.Code) -> None:
    for free in code.free_names:
        if free.kind == "constant" and not free.target:
            key = f"{free.module or code.span.file}#const:{free.imported_name or free.name}"
            if key in ctx.symbols:
                free.target = key


_REGEX_ARG = r"\.(?:replace|replaceAll|split|match|matchAll|search)\(\s*{name}\b"


def _inline_regex_constants(ctx: ConvertContext, code: ir.Code) -> ir.Code:
    """A module regex constant only passed to string methods (``text.replace(CARD, fn)``) is
    put in place as its literal, so the translator sees a regex (equivalent there: those
    methods do not keep ``lastIndex`` state between calls)."""
    source = code.source
    for free in code.free_names:
        if free.kind != "constant":
            continue
        info = next(
            (m for m in ctx.project.modules if m.path == (free.module or code.span.file)), None
        )
        value = info.constants.get(free.imported_name or free.name) if info else None
        if getattr(value, "node_type", None) != "regex":
            continue
        name = re.escape(free.name)
        uses = len(re.findall(rf"(?<![\w$.]){name}(?![\w$])", source))
        as_arg = len(re.findall(_REGEX_ARG.format(name=name), source))
        if uses and uses == as_arg:
            literal = str(getattr(value, "source", ""))
            pieces = re.split(rf"(?<![\w$.]){name}(?![\w$])", source)
            source = literal.join(pieces)
    if source == code.source:
        return code
    return code.model_copy(update={"source": source})


def _translate_hooks(
    ctx: ConvertContext, module: PyModule, base: str, hooks: dict[str, ir.Code], owner: str
) -> tuple[list[str], list[str]] | str:
    """(function sources, ``hook=function`` kwargs) for Mastra hooks, or why one failed; a
    failure leaves no imports or module lines behind."""
    saved_imports, saved_blocks = copy.deepcopy(module.imports), list(module.blocks)
    functions: list[str] = []
    kwargs: list[str] = []
    for ts_hook, code in hooks.items():
        hook = _HOOKS[ts_hook]
        code = _inline_regex_constants(ctx, code)
        _link_free_names(ctx, code)
        fn_name = ctx.allocator(module.dotted).claim(f"_{base}_{hook}")
        body = translate(
            ctx,
            code,
            role="helper",
            py_name=fn_name,
            module=module,
            owner=f"processor:{owner}:{ts_hook}",
            count=False,
        )
        if not body.ok:
            module.imports, module.blocks[:] = saved_imports, saved_blocks
            return f"{ts_hook} could not be translated ({body.rule}: {body.reason})"
        functions.append(body.python.strip())
        kwargs.append(f"{hook}={fn_name}")
    return functions, kwargs


def _record_custom(
    ctx: ConvertContext, span: ir.Span, name: str, variable: str | None, output: str
) -> None:
    construct = ir.OtherConstruct(
        id=f"{span.file}:{span.start_line}:processor:{name}",
        kind="processor",
        name=name,
        span=span,
        variable=variable,
        factory="Processor",
    )
    ctx.record(construct, Status.NATIVE, output)


def _custom(ctx: ConvertContext, obj: ir.ObjectValue, user: PyModule) -> _Expr:
    """A processor object literal -> ``MastraProcessor(id=..., process_input=...)`` in the
    module of its file (emitted once), imported where used."""
    assert obj.span is not None
    key, ts_name = _constant_name(ctx, obj)
    emitted_key = f"{obj.span.file}#processor@{obj.span.start_byte}"
    done = ctx.symbols.get(emitted_key)
    if done is not None:
        if done.module != user.dotted:
            user.imports.add(done.module, done.name)
        return _Expr(code=done.name)
    try:
        proc_id = to_data(obj.get("id")) if obj.get("id") is not None else None
        display = to_data(obj.get("name")) if obj.get("name") is not None else None
    except NotStatic:
        return _Expr(problem="custom processor with a computed id or name")
    if not isinstance(proc_id, str):
        return _Expr(problem="custom processor without a literal id")
    hooks: dict[str, ir.Code] = {}
    for prop in obj.properties:
        if prop.key in ("id", "name"):
            continue
        if prop.key not in _HOOKS or not isinstance(prop.value, ir.FunctionValue):
            return _Expr(problem=f"custom processor {proc_id!r}: {prop.key} is not converted")
        hooks[prop.key] = prop.value.code
    module = ctx.module_for_file(obj.span.file)
    declared = ctx.symbols.get(_name_key(obj.span)) or ctx.symbols.get(key or "")
    name = (
        declared.name
        if declared is not None and declared.module == module.dotted
        else ctx.allocator(module.dotted).claim(py_identifier(ts_name or proc_id))
    )
    translated = _translate_hooks(ctx, module, name, hooks, proc_id)
    if isinstance(translated, str):
        return _Expr(problem=f"custom processor {proc_id!r}: {translated}")
    functions, hook_kwargs = translated
    kwargs = [f"id={py_string(proc_id)}"]
    if isinstance(display, str):
        kwargs.append(f"name={py_string(display)}")
    for fn in functions:
        module.add(fn)
    module.imports.add("lumosai.compat.mastra.processors", "MastraProcessor")
    module.add(f"{name} = MastraProcessor({', '.join([*kwargs, *hook_kwargs])})")
    ctx.symbols[emitted_key] = Symbol(module.dotted, name, "processor")
    _record_custom(ctx, obj.span, ts_name or proc_id, ts_name, f"{module.path}:{name}")
    if module.dotted != user.dotted:
        user.imports.add(module.dotted, name)
    return _Expr(code=name)


def _recorded(ctx: ConvertContext, span: ir.Span, name: str) -> bool:
    return any(
        c.kind == "processor"
        and c.file == span.file
        and c.line == span.start_line
        and c.name == name
        for c in ctx.result.constructs
    )


def _one(ctx: ConvertContext, item: ir.Value, module: PyModule, where: str) -> _Expr:
    if isinstance(item, ir.ReferenceValue) and item.target_kind == "processor":
        other = ctx.index.get(item.target or "")
        if not isinstance(other, ir.OtherConstruct):
            return _Expr(problem=f"processor {item.name!r} could not be resolved")
        symbol = ctx.symbols.get(other.id)
        if symbol is not None:
            if symbol.bridged:
                return _Expr(problem=f"processor {item.name!r}: {other.factory} not converted")
            if symbol.module != module.dotted:
                module.imports.add(symbol.module, symbol.name)
            return _Expr(code=symbol.name)
        expr = _prebuilt(ctx, other, module)
        if not _recorded(ctx, other.span, other.name):
            ctx.record(
                other,
                Status.NATIVE if expr.code else Status.TODO,
                where if expr.code else "",
                rule=None if expr.code else RULE,
                message=expr.problem,
            )
        return expr
    if isinstance(item, ir.ObjectValue) and any(p.key in _HOOKS for p in item.properties):
        return _custom(ctx, item, module)
    if isinstance(item, ir.CallValue) and item.is_new:
        return _Expr(
            problem=f"processor class {item.callee}: custom processor classes are not "
            "converted (port it as a lumosai.processors.BaseProcessor subclass)"
        )
    return _Expr(problem=f"processor {source_of(item)[:60]} is not converted")


def processor_list(
    ctx: ConvertContext, value: ir.Value, module: PyModule, where: str
) -> tuple[str | None, list[str]]:
    """``[...]`` as Python, and the problems (any problem: no code)."""
    if not isinstance(value, ir.ArrayValue):
        return None, [f"processors given as an expression ({source_of(value)[:60]})"]
    codes: list[str] = []
    problems: list[str] = []
    for item in value.items:
        expr = _one(ctx, item, module, where)
        if expr.code is None:
            problems.append(expr.problem or "processor not converted")
        else:
            codes.append(expr.code)
    if problems:
        return None, problems
    return "[" + ", ".join(codes) + "]", []


def agent_processors(
    ctx: ConvertContext, agent: ir.Agent, module: PyModule, kwargs: dict[str, str], where: str
) -> list[tuple[str, str]]:
    """Fill ``input_processors`` / ``output_processors`` / ``memory_processors`` of an agent
    built in code; returns TODOs (rule, message) for what could not be converted."""
    todos: list[tuple[str, str]] = []
    fields: list[tuple[str, ir.Value | None]] = [
        ("input_processors", agent.input_processors),
        ("output_processors", agent.output_processors),
    ]
    memory = ctx.index.get(agent.memory_id or "")
    if isinstance(memory, ir.Memory) and memory.processors is not None:
        fields.append(("memory_processors", memory.processors))
    for field_name, value in fields:
        if value is None:
            continue
        code, problems = processor_list(ctx, value, module, where)
        if code is None:
            todos.extend((RULE, f"{field_name}: {p}") for p in problems)
        else:
            kwargs[field_name] = code
    if (
        "input_processors" in kwargs
        and agent.memory is not None
        and (agent.era or ctx.project.era) != "0.x"
    ):
        # Mastra 1.x runs memory as the first input processors: processInput gets the
        # remembered history too (0.x: the input only)
        kwargs["input_processors_see_history"] = "True"
    return todos


__all__: list[Any] = [
    "agent_processors",
    "agents_needing_code",
    "convert_all",
    "declare",
    "processor_list",
]
