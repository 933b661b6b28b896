"""MCP: `new MCPClient({...})` / 0.x `new MCPConfiguration({...})` -> a module-level
`MCPClient(...)` object, and `new MCPServer({...})` -> `MCPServer(...)` over the converted
tools, agents and workflows (runnable as a stdio server with `python -m`).

Also home of `py_value`, which the RAG and scorer converters share: an IR value as a Python
expression, with environment variables read at run time (`process.env.X ?? 'd'` ->
`os.environ.get("X", "d")`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.naming import py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, source_of, to_data

RULE_VALUE = "LM501"
RULE_SERVER_CALLBACKS = "LM502"
RULE_SERVER_MEMBER = "LM503"


class NotExpressible(ValueError):
    """The value needs code the converter cannot write here."""


def py_value(ctx: ConvertContext, value: ir.Value | None, module: PyModule) -> str:
    """A Python expression for `value`; raises `NotExpressible` naming the TypeScript."""
    if value is None:
        return "None"
    try:
        return py_literal(to_data(value))
    except (NotStatic, TypeError):
        pass
    if isinstance(value, ir.ReferenceValue) and value.env:
        ctx.env(value.env)
        module.imports.add("os")
        return f"os.environ.get({py_string(value.env)})"
    if isinstance(value, ir.OperatorValue) and value.operator in ("??", "||"):
        first, *rest = value.operands
        if isinstance(first, ir.ReferenceValue) and first.env and len(rest) == 1:
            ctx.env(first.env)
            module.imports.add("os")
            default = py_value(ctx, rest[0], module)
            if value.operator == "??":
                return f"os.environ.get({py_string(first.env)}, {default})"
            return f"(os.environ.get({py_string(first.env)}) or {default})"
    if isinstance(value, ir.CallValue) and value.is_new and value.callee == "URL" and value.args:
        return py_value(ctx, value.args[0], module)
    if isinstance(value, ir.TemplateValue) and value.parts:
        pieces = [
            py_string(part) if isinstance(part, str) else f"str({py_value(ctx, part, module)})"
            for part in value.parts
            if part != ""
        ]
        return " + ".join(pieces) if pieces else '""'
    if isinstance(value, ir.ObjectValue) and not value.spreads:
        items = []
        for prop in value.properties:
            if prop.computed:
                raise NotExpressible(source_of(value))
            items.append(f"{py_string(prop.key)}: {py_value(ctx, prop.value, module)}")
        return "{" + ", ".join(items) + "}"
    if isinstance(value, ir.ArrayValue):
        return "[" + ", ".join(py_value(ctx, item, module) for item in value.items) + "]"
    raise NotExpressible(source_of(value) or value.type)


def link_constants(ctx: ConvertContext, code: ir.Code) -> None:
    """Point the function's module-constant free names at their Python names (the project
    converter links tool, step and agent functions; these are ours)."""
    for free in code.free_names:
        if free.kind == "constant" and not free.target:
            key = f"{free.module or code.span.file}#const:{free.imported_name or free.name}"
            if key in ctx.symbols:
                free.target = key


def _ms_to_seconds(ctx: ConvertContext, value: ir.Value | None, module: PyModule) -> str | None:
    if value is None:
        return None
    try:
        data = to_data(value)
    except NotStatic:
        return f"{py_value(ctx, value, module)} / 1000"
    if isinstance(data, int | float) and not isinstance(data, bool):
        return repr(data / 1000)
    raise NotExpressible(source_of(value))


# ---------------------------------------------------------------------------------- clients


@dataclass
class _Entry:
    source: str = ""
    problems: list[str] = field(default_factory=list)


def _server_entry(ctx: ConvertContext, server: ir.MCPServerEntry, module: PyModule) -> _Entry:
    entry = _Entry()
    items: list[str] = []
    try:
        if server.transport == "stdio":
            items.append(f'"command": {py_value(ctx, server.command, module)}')
            if server.args is not None:
                items.append(f'"args": {py_value(ctx, server.args, module)}')
            env = server.options.get("env")
            if env is not None:
                items.append(f'"env": {py_value(ctx, env, module)}')
            cwd = server.options.get("cwd")
            if cwd is not None:
                items.append(f'"cwd": {py_value(ctx, cwd, module)}')
        elif server.transport == "http":
            items.append(f'"url": {py_value(ctx, server.url, module)}')
            init = server.options.get("requestInit")
            headers = init.get("headers") if isinstance(init, ir.ObjectValue) else None
            if headers is not None:
                items.append(f'"headers": {py_value(ctx, headers, module)}')
        else:
            entry.problems.append(f"server {server.name!r}: neither a command nor a url")
            return entry
        timeout = _ms_to_seconds(ctx, server.options.get("timeout"), module)
        if timeout is not None:
            items.append(f'"timeout": {timeout}')
    except NotExpressible as exc:
        entry.problems.append(f"server {server.name!r}: {exc} is computed at run time")
        return entry
    handler = server.options.get("inputRequests")
    if isinstance(handler, ir.FunctionValue):
        name = _input_requests(ctx, server.name, handler, module)
        if name is None:
            entry.problems.append(f"server {server.name!r}: inputRequests is not translated")
        else:
            items.append(f'"inputRequests": {name}')
    for key in sorted(
        set(server.options) - {"env", "cwd", "requestInit", "timeout", "inputRequests"}
    ):
        entry.problems.append(f"server {server.name!r}: option {key!r} is not carried over")
    entry.source = "{" + ", ".join(items) + "}"
    return entry


def _input_requests(
    ctx: ConvertContext, server: str, handler: ir.FunctionValue, module: PyModule
) -> str | None:
    """`inputRequests: async ({ params }) => ({ action, content })` (@mastra/mcp 2.0) as a
    translated function the client calls for the server's elicitation requests."""
    from lumosai.migrate.convert.functions import translate

    name = ctx.allocator(module.dotted).claim(py_identifier(f"{server}_input_requests"))
    link_constants(ctx, handler.code)
    body = translate(
        ctx,
        handler.code,
        role="helper",
        py_name=name,
        module=module,
        owner=f"mcp:{server}.inputRequests",
        count=False,
    )
    if not body.ok:
        return None
    module.add(body.python.strip())
    return name


def declare(ctx: ConvertContext) -> None:
    """Reserve the Python names of MCP clients and servers (bodies and agents refer to them)."""
    for construct in [*ctx.project.mcp_clients, *ctx.project.mcp_servers]:
        module = ctx.module_for_file(construct.span.file)
        default = "mcp_client" if construct.kind == "mcp_client" else "mcp_server"
        name = ctx.allocator(module.dotted).claim(py_identifier(construct.variable or default))
        ctx.symbols[construct.id] = Symbol(module.dotted, name, construct.kind)


def add_body_names(ctx: ConvertContext, code: ir.Code, module: PyModule, names: Any) -> None:
    """The MCP clients a function body uses (`await mcp.getTools()`): the translator sees
    each client's Python variable, typed so its methods map onto `lumosai.mcp.MCPClient`
    (bodies/mcp_calls.py)."""
    from lumosai.migrate.convert.bodies.model import HelperRef

    for free in code.free_names:
        if free.kind != "construct" or free.name in names.helpers:
            continue
        client = ctx.index.get(free.target or "")
        symbol = ctx.symbols.get(free.target or "")
        if isinstance(client, ir.MCPClient) and symbol is not None:
            names.helpers[free.name] = HelperRef(
                py_name=symbol.name,
                is_function=False,
                import_line=symbol.import_line(module.dotted),
                value_type="mcp_client",
            )


def convert_client(ctx: ConvertContext, client: ir.MCPClient) -> None:
    symbol = ctx.symbols[client.id]
    module = ctx.modules[symbol.module]
    problems: list[str] = []
    servers: list[str] = []
    for server in client.servers:
        entry = _server_entry(ctx, server, module)
        problems.extend(entry.problems)
        if entry.source:
            servers.append(f"{py_string(server.name)}: {entry.source}")
    if client.servers_value is not None and not client.servers:
        problems.append(f"servers are built at run time ({source_of(client.servers_value)[:60]})")
    kwargs = ["servers={" + ", ".join(servers) + "}"]
    client_id = client.client_id or _literal(client.options.get("id"))
    if client_id:
        kwargs.append(f"id={py_string(client_id)}")
    try:
        timeout = _ms_to_seconds(ctx, client.options.get("timeout"), module)
    except NotExpressible as exc:
        problems.append(f"timeout {exc} is computed at run time")
        timeout = None
    if timeout is not None:
        kwargs.append(f"timeout={timeout}")
    factory = "MCPConfiguration" if client.factory == "MCPConfiguration" else "MCPClient"
    module.imports.add("lumosai.mcp", factory)
    lines = [
        f"# TODO(lumos-migrate:{RULE_VALUE}): {p} - see docs/rules/{RULE_VALUE}.md"
        for p in problems
    ]
    lines.append(f"{symbol.name} = {factory}({', '.join(kwargs)})")
    module.add("\n".join(lines))
    ctx.record(
        client,
        Status.TODO if problems or not servers else Status.NATIVE,
        f"{module.path}:{symbol.name}",
        rule=RULE_VALUE if problems or not servers else None,
        message="; ".join(problems) if problems else None if servers else "no static servers",
        name=client.variable or client.name,
    )


def _literal(value: ir.Value | None) -> str | None:
    try:
        data = to_data(value)
    except NotStatic:
        return None
    return data if isinstance(data, str) else None


# ---------------------------------------------------------------------------------- servers


def _members(
    ctx: ConvertContext, refs: list[ir.RefMap], module: PyModule, what: str, problems: list[str]
) -> str:
    items: list[str] = []
    for ref in refs:
        symbol = ctx.symbols.get(ref.target or "")
        if symbol is None or (what == "agent" and symbol.bridged):
            problems.append(f"{what} {ref.key!r} ({source_of(ref.value)}) has no Python object")
            continue
        if symbol.module != module.dotted:
            module.imports.add(symbol.module, symbol.name)
        items.append(f"{py_string(ref.key)}: {symbol.name}")
    return "{" + ", ".join(items) + "}"


_CALLBACKS = {
    "resources": (
        ("listResources", "list_resources"),
        ("getResourceContent", "get_resource_content"),
    ),
    "prompts": (("listPrompts", "list_prompts"), ("getPromptMessages", "get_prompt_messages")),
}


def _server_callbacks(
    ctx: ConvertContext, server: ir.MCPServer, key: str, base: str, module: PyModule
) -> tuple[str | None, str | None]:
    """`resources: { listResources, getResourceContent }` (or prompts) -> translated functions
    and the dict `MCPServer` takes; (None, why) when a function does not translate."""
    from lumosai.migrate.convert.functions import mark_last_body_todo, translate

    value = server.options.get(key)
    if not isinstance(value, ir.ObjectValue):
        return None, f"{key} is not an object of functions"
    items: list[str] = []
    blocks: list[str] = []
    for js_name, py_key in _CALLBACKS[key]:
        function = value.get(js_name)
        if not isinstance(function, ir.FunctionValue):
            return None, f"{key}.{js_name} is not a function"
        py_name = ctx.allocator(module.dotted).claim(f"_{base}_{py_key}")
        owner = f"mcp_server:{server.server_id or server.name}.{key}.{js_name}"
        link_constants(ctx, function.code)
        body = translate(
            ctx, function.code, role="helper", py_name=py_name, module=module, owner=owner
        )
        if not body.ok:
            mark_last_body_todo(ctx)
            return None, f"{key}.{js_name}: {body.reason}"
        blocks.append(body.python.strip())
        items.append(f"{py_string(py_key)}: {py_name}")
    for block in blocks:
        module.add(block)
    return "{" + ", ".join(items) + "}", None


def convert_server(ctx: ConvertContext, server: ir.MCPServer) -> None:
    symbol = ctx.symbols[server.id]
    module = ctx.modules[symbol.module]
    problems: list[str] = []
    name = _literal(server.server_name) or server.server_id or server.variable or "mcp-server"
    kwargs = [f"name={py_string(name)}"]
    version = _literal(server.version)
    kwargs.append(f"version={py_string(version or '1.0.0')}")
    if server.server_id:
        kwargs.append(f"id={py_string(server.server_id)}")
    description = _literal(server.options.get("description"))
    if description:
        kwargs.append(f"description={py_string(description)}")
    for key, refs, what in (
        ("tools", server.tools, "tool"),
        ("agents", server.agents, "agent"),
        ("workflows", server.workflows, "workflow"),
    ):
        if refs:
            kwargs.append(f"{key}={_members(ctx, refs, module, what, problems)}")
    callbacks: list[str] = []
    for key in ("resources", "prompts"):
        if key in server.options:
            converted, why = _server_callbacks(ctx, server, key, symbol.name, module)
            if converted is None:
                callbacks.append(f"{key} ({why})")
            else:
                kwargs.append(f"{key}={converted}")
    notes = []
    if callbacks:
        notes.append(
            f"# TODO(lumos-migrate:{RULE_SERVER_CALLBACKS}): {' and '.join(callbacks)} not "
            f"converted; pass MCPResource/MCPPrompt lists - see "
            f"docs/rules/{RULE_SERVER_CALLBACKS}.md"
        )
    notes.extend(
        f"# TODO(lumos-migrate:{RULE_SERVER_MEMBER}): {p} - see docs/rules/{RULE_SERVER_MEMBER}.md"
        for p in problems
    )
    module.imports.add("lumosai.mcp", "MCPServer")
    module.add("\n".join([*notes, f"{symbol.name} = MCPServer({', '.join(kwargs)})"]))
    main_guard = 'if __name__ == "__main__":'
    if not any(block.startswith(main_guard) for block in module.blocks):
        module.add(f"{main_guard}\n    {symbol.name}.run_stdio()")
    status = Status.TODO if callbacks or problems else Status.NATIVE
    rule = RULE_SERVER_CALLBACKS if callbacks else RULE_SERVER_MEMBER if problems else None
    message = None
    if callbacks:
        message = f"{' and '.join(callbacks)} not converted"
    elif problems:
        message = "; ".join(problems)
    ctx.record(
        server,
        status,
        f"{module.path}:{symbol.name}",
        rule=rule,
        message=message,
        name=server.variable or server.name,
    )


_LIST_TOOLS = ("listTools", "getTools")


def agent_tools(ctx: ConvertContext, value: ir.Value, module: PyModule) -> str | None:
    """`tools: await mcp.listTools()` (0.x `getTools()`) of an agent -> the converted client's
    `dynamic_tools()`; None for any other expression."""
    if not isinstance(value, ir.CallValue) or not value.target:
        return None
    method = value.callee.rsplit(".", 1)[-1]
    symbol = ctx.symbols.get(value.target)
    if method not in _LIST_TOOLS or symbol is None or symbol.kind != "mcp_client":
        return None
    if symbol.module != module.dotted:
        module.imports.add(symbol.module, symbol.name)
    return f"{symbol.name}.dynamic_tools()"


def agent_objects_needed(project: ir.Project) -> set[str]:
    """Agents an MCPServer exposes must exist as Python objects, not only in YAML."""
    return {ref.target for s in project.mcp_servers for ref in s.agents if ref.target}


def convert_clients(ctx: ConvertContext) -> None:
    """Before agents: an agent may take its tools from a client."""
    for client in ctx.project.mcp_clients:
        convert_client(ctx, client)


def convert_servers(ctx: ConvertContext) -> None:
    """After tools, workflows and agents: a server exposes them."""
    for server in ctx.project.mcp_servers:
        convert_server(ctx, server)
