"""The files around the converted modules: lumosai.yaml, app.py, tests, pyproject, README, env.

Templates live in `lumosai/migrate/emit/templates/`; this module only computes their data.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import yaml

from lumosai.migrate import ir
from lumosai.migrate.convert.naming import snake_case
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, to_data
from lumosai.migrate.emit.templates import render

if TYPE_CHECKING:
    from lumosai.migrate.convert.project import OutputProject, ProjectConverter


def example_from_zod(schema: ir.ZodSchema | None, named: dict[str, ir.NamedSchema]) -> Any:
    """A value the schema accepts (used as smoke-test workflow input)."""
    if schema is None:
        return {}
    if schema.has_default and schema.default is not None:
        try:
            return to_data(schema.default)
        except NotStatic:
            pass
    kind = schema.kind
    if kind == "ref" and schema.ref in named:
        return example_from_zod(named[schema.ref].schema_, named)
    if kind == "object":
        return {
            f.name: example_from_zod(f.schema_, named)
            for f in schema.fields
            if not f.schema_.optional
        }
    if kind == "string":
        names = {c.name for c in schema.checks}
        if "email" in names:
            return "user@example.com"
        if "url" in names:
            return "https://example.com"
        if "uuid" in names:
            return "00000000-0000-4000-8000-000000000000"
        if "datetime" in names:
            return "2024-01-01T00:00:00Z"
        return _example_string(schema)
    if kind in ("number", "int", "bigint"):
        for check in schema.checks:
            if check.name in ("min", "gte", "gt", "positive") and check.args:
                try:
                    low = to_data(check.args[0])
                    return low + 1 if check.name == "gt" else low
                except NotStatic:
                    pass
        return 1
    if kind == "boolean":
        return True
    if kind == "literal":
        return schema.literal
    if kind == "enum" and schema.values:
        return schema.values[0]
    if kind == "array":
        return [example_from_zod(schema.element, named)] if schema.element else []
    if kind in ("union", "discriminatedUnion") and schema.options:
        return example_from_zod(schema.options[0], named)
    if kind == "record":
        return {}
    if kind == "date":
        return "2024-01-01T00:00:00Z"
    if kind in ("null", "undefined", "void"):
        return None
    if schema.element is not None:
        return example_from_zod(schema.element, named)
    return None


def _yaml_dump(data: dict[str, Any]) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    def str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        if "\n" in value:
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
        return dumper.represent_scalar("tag:yaml.org,2002:str", value)

    Dumper.add_representer(str, str_presenter)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def build_output(conv: ProjectConverter) -> OutputProject:
    from lumosai.migrate.convert.project import OutputProject

    ctx = conv.ctx
    project = conv.project
    pkg = ctx.package
    name = project.package.name if project.package and project.package.name else project.root
    out = OutputProject(name=name, package=pkg, result=ctx.result)

    # -- registry keys
    mastra = project.mastra
    wf_keys: dict[str, str] = {}
    if mastra:
        for ref in mastra.workflows:
            if ref.target:
                wf_keys.setdefault(ref.target, ref.key)
    # -- lumosai.yaml
    config: dict[str, Any] = {
        "project": {
            "name": name,
            "version": (
                project.package.version if project.package and project.package.version else "0.1.0"
            ),
            "description": f'Converted from Mastra project "{name}"',
        }
    }
    agents_yaml: dict[str, Any] = {}
    code_agents: list[tuple[str, str]] = []
    app_imports: set[str] = set()
    agents_tests: dict[str, list[str] | None] = {}
    for plan in conv.agent_plans:
        symbol = ctx.symbols[plan.agent.id]
        if plan.in_code:
            code_agents.append((py_string(plan.key), symbol.name))
            app_imports.add(f"from {symbol.module} import {symbol.name}")
            agents_tests[plan.key] = (
                None  # a function of the request context chooses them
                if "tools" in plan.agent.dynamic
                else sorted(_agent_tool_names(ctx, plan.agent))
            )
            continue
        entry: dict[str, Any] = {
            "model": plan.yaml.get("model"),
            "instructions": plan.yaml.get("instructions", ""),
        }
        if "description" in plan.yaml:
            entry["description"] = plan.yaml["description"]
        if plan.tools:
            entry["tools"] = list(plan.tools)
        if "memory" in plan.yaml:
            entry["memory"] = plan.yaml["memory"]
        for setting in (
            "temperature",
            "max_tokens",
            "max_tool_calls",
            "max_steps",
            "voice",
            "tool_errors",
        ):
            if setting in plan.yaml:
                entry[setting] = plan.yaml[setting]
        entry["metadata"] = {"source": plan.agent.span.file, "name": plan.agent.name}
        if plan.agent.agent_id:
            entry["metadata"]["id"] = plan.agent.agent_id
        agents_yaml[plan.key] = entry
        agents_tests[plan.key] = sorted(plan.tools)
    if agents_yaml:
        config["agents"] = agents_yaml

    tools_yaml: dict[str, Any] = {}
    for tool in project.tools:
        tool_symbol = ctx.symbols.get(tool.id)
        if tool_symbol is None:
            continue
        keys = sorted(k for k, t in ctx.tool_keys.items() if t == tool.id)
        for key in keys or [tool.tool_id or tool.name]:
            tools_yaml[key] = {
                "enabled": True,
                "handler": f"{tool_symbol.module}:{tool_symbol.name}",
            }
    if tools_yaml:
        config["tools"] = tools_yaml

    workflows_yaml: dict[str, Any] = {}
    workflow_tests: dict[str, Any] = {}
    named = {s.id: s for s in project.schemas}
    for wf in project.workflows:
        wf_symbol = ctx.symbols.get(wf.id)
        if wf_symbol is None:
            continue
        key = wf_keys.get(wf.id) or wf.variable or wf.workflow_id or wf.name
        entry = {"id": wf.workflow_id or wf.name, "handler": f"{wf_symbol.module}:{wf_symbol.name}"}
        workflows_yaml[key] = entry
        workflow_tests[key] = example_from_zod(wf.input_schema, named)
    legacy_keys: dict[str, str] = {}
    if mastra:
        for ref in mastra.legacy_workflows:
            if ref.target:
                legacy_keys.setdefault(ref.target, ref.key)
    for legacy in project.legacy_workflows:
        wf_symbol = ctx.symbols.get(legacy.id)
        if wf_symbol is None:  # not converted (a TODO)
            continue
        key = legacy_keys.get(legacy.id) or legacy.variable or legacy.workflow_name or legacy.name
        workflows_yaml[key] = {
            "id": legacy.workflow_name or legacy.name,
            "handler": f"{wf_symbol.module}:{wf_symbol.name}",
        }
        workflow_tests[key] = example_from_zod(legacy.trigger_schema, named)
    if workflows_yaml:
        config["workflows"] = workflows_yaml

    app_storage: str | None = None
    if mastra and mastra.storage_id:
        from lumosai.migrate.convert.memory import MemoryOut, store_id_for

        store = ctx.index.get(mastra.storage_id)
        if isinstance(store, ir.Store):
            app_storage = store_id_for(store, MemoryOut(), ctx.index)

    mcp = _mcp_servers(conv)
    if mcp:
        config["mcp"] = {"servers": mcp}
    log_level = "INFO"
    for other in project.others:
        if other.kind == "logger":
            level = other.options.get("level")
            try:
                value = to_data(level) if level is not None else None
            except NotStatic:
                value = None
            if isinstance(value, str) and value.upper() in ("DEBUG", "INFO", "WARNING", "ERROR"):
                log_level = value.upper()
            elif value == "warn":
                log_level = "WARNING"

    out.files["lumosai.yaml"] = (
        "# Generated by lumos-migrate from the Mastra project "
        f'"{name}". Static configuration; code is referenced by handler.\n' + _yaml_dump(config)
    )

    # -- python modules (+ packages' __init__.py)
    modules = dict(ctx.modules)
    if ctx.options.only:
        modules = _needed_modules(conv, modules)
    paths = {m.path for m in modules.values()}
    for module in list(modules.values()):
        parts = module.path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            init = "/".join(parts[:i]) + "/__init__.py"
            dotted = ".".join(parts[:i])
            if init not in paths:
                paths.add(init)
                from lumosai.migrate.convert.pymodule import PyModule

                modules[dotted] = PyModule(
                    path=init,
                    docstring=(f'The Lumos port of the Mastra project "{name}".' if i == 1 else ""),
                )
    for module in sorted(modules.values(), key=lambda m: m.path):
        out.files[module.path] = module.render()
        out.python_files.append(module.path)

    env_names = sorted(set(ctx.env_names) | set(project.env_names))
    out.env_names = env_names
    summary = ctx.result.summary()
    bodies = ctx.result.body_counts()
    todos = [c for c in ctx.result.constructs if c.status in (Status.TODO, Status.BRIDGED)]
    first_agent = conv.agent_plans[0].key if conv.agent_plans else None
    for setup_import, _ in [*ctx.app_setup, *ctx.app_after]:
        app_imports.add(setup_import)
    out.files["app.py"] = render(
        "app.py.j2",
        source=name,
        setup_calls=[call for _, call in ctx.app_setup],
        after_build=[line for _, line in ctx.app_after if line],
        imports=sorted(app_imports),
        code_agents=code_agents,
        code_workflows=[],
        storage=_storage_expr(app_storage),
        first_agent=first_agent,
        log_level=log_level,
    )
    from lumosai.migrate.convert.memory import storage_variables

    stored = storage_variables([*project.storages, *project.vectors], ctx.index)
    out.files["tests/conftest.py"] = render(
        "conftest.py.j2",
        placeholders=py_literal(
            {
                n: v
                for n in env_names
                if (v := "memory" if n in stored else _placeholder(n)) is not None
            }
        ),
    )
    out.files["tests/test_smoke.py"] = render(
        "test_smoke.py.j2",
        agents=py_literal(agents_tests),
        workflows=py_literal(workflow_tests),
        has_agents=bool(agents_tests),
        has_workflows=bool(workflow_tests),
    )
    out.python_files += ["app.py", "tests/conftest.py", "tests/test_smoke.py"]
    extras = needed_extras(out.files, tracing=bool(ctx.app_setup))
    deps = [f"lumosai[{','.join(extras)}]" if extras else "lumosai"]
    out.files["pyproject.toml"] = render(
        "pyproject.toml.j2",
        dist_name=snake_case(pkg).replace("_", "-"),
        version=config["project"]["version"],
        description=json.dumps(config["project"]["description"])[1:-1],
        dependencies=deps,
        package=pkg,
    )
    out.files[".gitignore"] = render("gitignore.j2")
    out.files[".env.example"] = render("env.example.j2", env_names=env_names) + "\n"
    out.files["README.md"] = render(
        "README.md.j2",
        name=name,
        source=project.root,
        package=pkg,
        first_agent=first_agent,
        summary=summary,
        bodies=bodies,
        todos=todos,
        bridged=ctx.uses_bridge or summary["bridged"] > 0 or bodies["bridged"] > 0,
        source_from_out=ctx.options.source_from_out or ".",
    )
    return out


def _agent_tool_names(ctx: Any, agent: ir.Agent) -> list[str]:
    names = [ref.key for ref in agent.tools if ref.target in ctx.symbols]
    names += [
        "agent-" + ref.key
        for ref in agent.agents
        if ref.target in ctx.symbols and not ctx.symbols[ref.target].bridged
    ]
    names += ["workflow-" + ref.key for ref in agent.workflows if ref.target in ctx.symbols]
    return names


def _mcp_servers(conv: ProjectConverter) -> dict[str, Any]:
    servers: dict[str, Any] = {}
    for client in conv.project.mcp_clients:
        for server in client.servers:
            entry: dict[str, Any] = {}
            try:
                if server.transport == "stdio":
                    entry["command"] = to_data(server.command)
                    if server.args is not None:
                        entry["args"] = to_data(server.args)
                    if server.env_names:
                        entry["env"] = {n: "${" + n + "}" for n in server.env_names}
                        for n in server.env_names:
                            conv.ctx.env(n)
                elif server.transport == "http":
                    url = server.url
                    if isinstance(url, ir.CallValue) and url.args:
                        url = url.args[0]
                    entry["url"] = to_data(url)
                else:
                    continue
            except NotStatic:
                continue
            servers[server.name] = entry
    return servers


def _storage_expr(store_id: str | None) -> str | None:
    if store_id is None:
        return None
    from lumosai.migrate.convert.values import py_env_text  # `${VAR...}` as lumosai.yaml reads it

    return f"storage_from_id({py_env_text(store_id)})"


def _placeholder(name: str) -> str | None:
    """A test value for an env var: storage URLs -> in-memory, service URLs -> closed port."""
    upper = name.upper()
    if "DATABASE" in upper or "POSTGRES" in upper or "CONNECTION" in upper or "DB_URL" in upper:
        return "memory"
    if upper == "UPSTASH_REDIS_REST_URL":  # the storage URL of an UpstashStore
        return "memory"
    if upper.endswith(("_URL", "_ENDPOINT", "_HOST", "_BASE_URL", "_URI")):
        return "http://127.0.0.1:9"
    if any(word in upper for word in ("KEY", "TOKEN", "SECRET", "PASSWORD")):
        return "test-placeholder"
    return None  # other settings keep the code's own defaults


_CANDIDATES = (
    "Paris",
    "example",
    "owner/repo",
    "en",
    "a",
    "A",
    "1",
    "abc-123",
    "2024-01-01",
    "12:00",
    "ABC",
    "abc_def",
    "a1",
)


def _example_string(schema: ir.ZodSchema) -> str:
    """The first candidate meeting the string's regex and length checks."""
    import re

    from lumosai.migrate.convert.schemas import _js_regex_to_python

    low, high, patterns = 0, 10_000, []
    for check in schema.checks:
        arg = None
        if check.args:
            try:
                arg = to_data(check.args[0])
            except NotStatic:
                arg = None
        if check.name in ("min", "length") and isinstance(arg, int):
            low = arg
        if check.name in ("max", "length") and isinstance(arg, int):
            high = arg
        if check.name == "nonempty":
            low = max(low, 1)
        if check.name == "regex":
            pattern = _js_regex_to_python(check)
            if pattern:
                patterns.append(pattern)
    for candidate in _CANDIDATES:
        text = candidate[:high] + "x" * max(0, low - len(candidate))
        try:
            if low <= len(text) <= high and all(re.search(p, text) for p in patterns):
                return text
        except re.error:
            return text
    return "x" * max(1, low)


def _needed_modules(conv: ProjectConverter, modules: dict[str, Any]) -> dict[str, Any]:
    """With --only: the modules holding converted constructs and what they import."""
    kinds = {"tool", "step", "workflow", "agent"}
    emitted = {c.output.split(":", 1)[0] for c in conv.ctx.result.constructs if c.output}
    todo = [d for d, m in modules.items() if m.path in emitted]
    todo += [
        s.module
        for s in conv.ctx.symbols.values()
        if s.kind in kinds and s.module in modules and modules[s.module].path in emitted
    ]
    keep: set[str] = set()
    while todo:
        dotted = todo.pop()
        if dotted in keep or dotted not in modules:
            continue
        keep.add(dotted)
        todo.extend(m for m in modules[dotted].imports.names if m in modules)
    return {d: m for d, m in modules.items() if d in keep}


#: lumosai extra -> text in a generated file that means the app needs it
_EXTRA_MARKERS: dict[str, tuple[str, ...]] = {
    "mcp": ("lumosai.mcp", "\nmcp:\n"),
    "postgres": ("PgVector", "PostgresStorage", "vector_store(", "postgres", "DATABASE_URL"),
    "rag": ("lumosai.rag",),
    "evals": ("lumosai.evals",),
    "processors": ("lumosai.processors", "lumosai.memory.processors"),
    "node": ("lumosai.compat.node",),
    "fastembed": ("fastembed",),
    "anthropic": ("anthropic/", "anthropic("),
    "google": ("google/", "gemini("),
}


def needed_extras(files: dict[str, str], *, tracing: bool) -> list[str]:
    """The `lumosai[...]` extras the converted app imports or configures (tracing exports spans
    only with the OpenTelemetry SDK, the `otel` extra)."""
    text = "\n".join(
        body
        for path, body in files.items()
        if path.endswith((".py", ".yaml")) and "tests/" not in path
    )
    found = [extra for extra, marks in _EXTRA_MARKERS.items() if any(m in text for m in marks)]
    if tracing:
        found.append("otel")
    return sorted(found)
