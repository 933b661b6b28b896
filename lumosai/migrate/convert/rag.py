"""RAG: `createVectorQueryTool({...})` / `createGraphRAGTool({...})` ->
`create_vector_query_tool(...)` / `create_graph_rag_tool(...)` over a converted
vector store object (`PgVector`, `LibSQLVector` -> `vector_store(url)`), and
`createDocumentChunkerTool` -> `create_document_chunker_tool`; what cannot be expressed is
reported.

RAG calls inside functions (`MDocument.fromText`, `doc.chunk`, `embedMany`, `upsert`,
`query`) go with the function: translated, bridged or TODO (see `ProjectConverter`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lumosai.migrate import ir
from lumosai.migrate.convert.bodies.model import HelperRef, NameMap
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.mcp import NotExpressible, py_value
from lumosai.migrate.convert.models import convert_model
from lumosai.migrate.convert.naming import py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.values import NotStatic, py_string, source_of, to_data

RULE_NO_EQUIVALENT = "LM520"
RULE_QUERY_TOOL = "LM521"

_QUERY_TOOL_FLAGS = {
    "enableFilter": "enable_filter",
    "includeSources": "include_sources",
    "includeVectors": "include_vectors",
}
_UNSUPPORTED_TOOLS: tuple[str, ...] = ()
_QUERY_TOOLS = {
    "createVectorQueryTool": "create_vector_query_tool",
    "createGraphRAGTool": "create_graph_rag_tool",
}
_DOCUMENT_FACTORIES = {
    "MDocument.fromText": "from_text",
    "MDocument.fromMarkdown": "from_markdown",
    "MDocument.fromHTML": "from_html",
    "MDocument.fromJSON": "from_json",
}


def _tool_for(ctx: ConvertContext, rag: ir.Rag) -> ir.Tool | None:
    """The tool construct the reader made for the same `const x = create...Tool(...)`."""
    for tool in ctx.project.tools:
        if tool.span.file == rag.span.file and tool.variable and tool.variable == rag.variable:
            return tool
    return None


def _store_for(ctx: ConvertContext, rag: ir.Rag) -> ir.Store | None:
    """`vectorStoreName: 'pgVector'` -> the store registered under that key in `new Mastra`,
    else the vector store whose variable has that name."""
    name = rag.options.get("vectorStoreName")
    try:
        wanted = to_data(name) if name is not None else None
    except NotStatic:
        wanted = None
    direct = rag.options.get("vectorStore")
    if isinstance(direct, ir.ReferenceValue) and direct.target:
        found = ctx.index.get(direct.target)
        return found if isinstance(found, ir.Store) else None
    if not isinstance(wanted, str):
        return None
    for inst in ctx.project.mastra_instances:
        for ref in inst.vectors:
            if ref.key == wanted and ref.target:
                found = ctx.index.get(ref.target)
                if isinstance(found, ir.Store):
                    return found
    for store in ctx.project.vectors:
        if store.variable == wanted:
            return store
    return None


def _store_url(
    ctx: ConvertContext, store: ir.Store, module: PyModule
) -> tuple[str | None, str | None]:
    """The store's URL as Python source, or the problem that prevents it."""
    url_value = store.url or store.options.get("connectionString") or store.options.get("url")
    try:
        url = py_value(ctx, url_value, module) if url_value is not None else None
    except NotExpressible as exc:
        return None, f"vector store URL {exc} is computed at run time"
    if url is None or url == "None":
        return None, f"{store.adapter or 'the vector store'} has no URL"
    return url, None


def _declare_store(ctx: ConvertContext, store: ir.Store) -> tuple[Symbol, str | None]:
    """The store as a module-level object (once); returns its symbol and any problem."""
    module = ctx.module_for_file(store.span.file)
    url, problem = _store_url(ctx, store, module)
    existing = ctx.symbols.get(store.id)
    if existing is not None:
        return existing, problem
    names = ctx.allocator(module.dotted)
    names.taken.add("vector_store")  # the factory imported below (`const vectorStore = ...`)
    name = names.claim(py_identifier(store.variable or "vector_db"))
    symbol = Symbol(module.dotted, name, "vector")
    ctx.symbols[store.id] = symbol
    schema = _static_string(store.options.get("schemaName"))
    if url is None:
        module.imports.add("lumosai.vector", "InMemoryVector")
        module.add(f"{name} = InMemoryVector()  # TODO(lumos-migrate:{RULE_QUERY_TOOL}): {problem}")
    elif store.adapter == "PgVector" and schema is not None:
        module.imports.add("lumosai.vector", "PgVector")
        module.add(f"{name} = PgVector({url}, schema={py_string(schema)})")
    else:
        module.imports.add("lumosai.vector", "vector_store")
        module.add(f"{name} = vector_store({url})")
    return symbol, problem


def _static_string(value: ir.Value | None) -> str | None:
    try:
        found = to_data(value) if value is not None else None
    except NotStatic:
        return None
    return found if isinstance(found, str) else None


# ---- names RAG function bodies use ------------------------------------------------------------

#: Mastra vector stores with a lumosai.vector twin (exact search, same filters and scores)
BODY_VECTOR_ADAPTERS = ("PgVector", "LibSQLVector")


def vector_symbol(ctx: ConvertContext, store: ir.Store) -> Symbol | None:
    """The module-level Python object for a vector store functions may use; None when the
    adapter has no twin or its URL cannot be expressed (the functions stay bridged)."""
    if store.kind != "vector" or store.adapter not in BODY_VECTOR_ADAPTERS:
        return None
    symbol, problem = _declare_store(ctx, store)
    return None if problem else symbol


@dataclass
class _SpecIndex:
    """Embedding-model expressions by file, and module infos by path, for one project."""

    project: ir.Project
    specs: dict[str, list[ir.ModelSpec]]
    modules: dict[str, ir.ModuleInfo]


#: the last project's index (functions ask once per free name; projects are converted whole)
_index: list[_SpecIndex] = []


def _spec_index(ctx: ConvertContext) -> _SpecIndex:
    if _index and _index[0].project is ctx.project:
        return _index[0]
    specs: dict[str, list[ir.ModelSpec]] = {}
    found = [r.embedding_model for r in ctx.project.rag] + [
        m.embedder for m in ctx.project.memories
    ]
    for spec in found:
        if spec is not None and spec.value is not None and spec.value.span is not None:
            specs.setdefault(spec.value.span.file, []).append(spec)
    index = _SpecIndex(ctx.project, specs, {m.path: m for m in ctx.project.modules})
    _index[:] = [index]
    return index


def _declared_as(info: ir.ModuleInfo, spec: ir.ModelSpec, name: str) -> bool:
    """Whether `spec`'s expression is the initializer of the exported constant `name`: the
    export starts on its line or the line before, and no other export sits in between."""
    span = spec.value.span if spec.value is not None else None
    if span is None:
        return False
    lines = [e.line for e in info.exports if e.local == name and e.line is not None]
    for line in lines:
        others = [
            e.line
            for e in info.exports
            if e.local != name and e.line is not None and line < e.line <= span.start_line
        ]
        if 0 <= span.start_line - line <= 1 and not others:
            return True
    return False


def embedding_model_symbol(ctx: ConvertContext, file: str, name: str) -> Symbol | None:
    """A module constant holding an embedding model (`openai.embedding('...')`,
    `new ModelRouterEmbeddingModel('...')`) as a `"provider/model"` string constant, which
    `lumosai.rag.embed` accepts; None when it is something else or not expressible."""
    key = f"{file}#const:{name}"
    if key in ctx.symbols:
        return ctx.symbols[key]
    index = _spec_index(ctx)
    info = index.modules.get(file)
    if info is None:
        return None
    for spec in index.specs.get(file, []):
        if not _declared_as(info, spec, name):
            continue
        model = convert_model(spec)
        if model.issues or model.yaml is None or model.code == "None":
            return None
        module = ctx.module_for_file(file)
        py_name = ctx.allocator(module.dotted).claim(py_identifier(name))
        for env in model.env:
            ctx.env(env)
        module.add(f"{py_name} = {model.code}")
        symbol = Symbol(module.dotted, py_name, "constant")
        ctx.symbols[key] = symbol
        return symbol
    return None


def body_name(ctx: ConvertContext, free: ir.FreeName, module: PyModule) -> HelperRef | None:
    """What a free name of a function means when it is a RAG value: a vector store object
    (`pgVector.query(...)`) or an embedding-model constant (`embed({ model: embedder })`)."""
    symbol: Symbol | None = None
    value_type = None
    if free.kind == "construct" and free.target:
        store = ctx.index.get(free.target)
        if isinstance(store, ir.Store):
            symbol, value_type = vector_symbol(ctx, store), "vector_store"
    elif free.kind == "constant" and not free.target and free.module:
        symbol = embedding_model_symbol(ctx, free.module, free.imported_name or free.name)
    if symbol is None:
        return None
    return HelperRef(
        py_name=symbol.name,
        is_function=False,
        import_line=symbol.import_line(module.dotted),
        value_type=value_type,
    )


#: TypeScript return types of helpers whose Python result the translator can type
_RETURN_TYPES = {"MDocument": "document", "Promise<MDocument>": "document"}


def add_body_names(ctx: ConvertContext, code: ir.Code, module: PyModule, names: NameMap) -> None:
    """Add what RAG free names of `code` mean (see `body_name`), and type the results of
    translated helpers declared to return an `MDocument`, so `toDocument(f).chunk(...)`
    translates."""
    names.unregistered_vectors = register_app_vectors(ctx)
    for free in code.free_names:
        if free.kind in ("construct", "constant") and free.name not in names.helpers:
            ref = body_name(ctx, free, module)
            if ref is not None:
                names.helpers[free.name] = ref
        elif free.kind == "helper" and free.name in names.helpers and free.target:
            helper = ctx.index.get(free.target)
            returns = getattr(helper, "return_type_source", None) or ""
            value_type = _RETURN_TYPES.get(returns.replace(" ", ""))
            if value_type and ctx.code_outcome.get(free.target) == "translated":
                names.helpers[free.name] = replace(names.helpers[free.name], value_type=value_type)


def register_app_vectors(ctx: ConvertContext) -> frozenset[str]:
    """`new Mastra({ vectors: { pgVector } })` -> `app.add_vector("pgVector", pg_vector)` in
    app.py, so `mastra.getVector('pgVector')` (`context.app.vector(...)`) finds it. Idempotent;
    returns the keys that cannot be registered (no lumosai.vector twin), said once each."""
    mastra = ctx.project.mastra
    if mastra is None:
        return frozenset()
    missing: set[str] = set()
    for ref in mastra.vectors:
        store = ctx.index.get(ref.target or "")
        symbol = vector_symbol(ctx, store) if isinstance(store, ir.Store) else None
        if symbol is not None:
            entry = (
                f"from {symbol.module} import {symbol.name}",
                f"app.add_vector({py_string(ref.key)}, {symbol.name})",
            )
            if entry not in ctx.app_after:
                ctx.app_after.append(entry)
            continue
        missing.add(ref.key)
        message = (
            f"vector store {ref.key!r} is not registered in the app "
            f"({getattr(store, 'adapter', None) or 'unresolved'} has no lumosai.vector "
            "twin); functions calling mastra.getVector on it stay bridged"
        )
        if any(d.message == message for d in ctx.result.diagnostics):
            continue  # said once
        ctx.diagnose(
            message,
            rule=RULE_QUERY_TOOL,
            span=store.span if isinstance(store, ir.Store) else mastra.span,
        )
    return frozenset(missing)


def _judge_model(value: ir.Value | None) -> str | None:
    """`'openai/gpt-4o-mini'` or `openai('gpt-4o-mini')` (an AI SDK provider call) as a model
    string; None for anything else."""
    from lumosai.migrate.convert.models import PROVIDERS

    if isinstance(value, ir.LiteralValue) and isinstance(value.value, str) and "/" in value.value:
        return py_string(value.value)
    if (
        isinstance(value, ir.CallValue)
        and len(value.args) == 1
        and isinstance(value.args[0], ir.LiteralValue)
        and isinstance(value.args[0].value, str)
    ):
        provider = PROVIDERS.get(value.callee.split(".")[0].lower())
        if provider:
            return py_string(f"{provider}/{value.args[0].value}")
    return None


def _reranker(ctx: ConvertContext, value: ir.Value, module: PyModule) -> str | None:
    if not isinstance(value, ir.ObjectValue):
        return None
    model = _judge_model(value.get("model"))
    if model is None:
        return None
    options = value.get("options")
    try:
        rendered = py_value(ctx, options, module) if options is not None else "{}"
    except NotExpressible:
        return None
    return f'{{"model": {model}, "options": {rendered}}}'


def convert_query_tool(
    ctx: ConvertContext, rag: ir.Rag, tool: ir.Tool, factory: str = "create_vector_query_tool"
) -> None:
    symbol = ctx.symbols[tool.id]
    module: PyModule = ctx.modules[symbol.module]
    problems: list[str] = []
    kwargs: list[str] = []
    tool_id = rag.options.get("id")
    for key, arg in (("id", tool_id), ("description", rag.options.get("description"))):
        if arg is not None:
            try:
                kwargs.append(f"{key}={py_value(ctx, arg, module)}")
            except NotExpressible as exc:
                problems.append(f"{key} {exc} is computed at run time")
    store = _store_for(ctx, rag)
    if store is not None:
        store_symbol, problem = _declare_store(ctx, store)
        if problem:
            problems.append(problem)
        if store_symbol.module != module.dotted:
            module.imports.add(store_symbol.module, store_symbol.name)
        kwargs.append(f"vector_store={store_symbol.name}")
        name = rag.options.get("vectorStoreName")
        if name is not None:
            kwargs.append(f"vector_store_name={py_value(ctx, name, module)}")
    else:
        source = source_of(rag.options.get("vectorStoreName") or rag.options.get("vectorStore"))
        problems.append(f"vector store {source or '(none)'} could not be resolved")
        kwargs.append("vector_store=InMemoryVector()")
        module.imports.add("lumosai.vector", "InMemoryVector")
    try:
        kwargs.append(f"index_name={py_value(ctx, rag.options.get('indexName'), module)}")
    except NotExpressible as exc:
        problems.append(f"indexName {exc} is computed at run time")
        kwargs.append('index_name=""')
    model = convert_model(rag.embedding_model)
    for mod, imported in model.imports:
        module.imports.add(mod, imported)
    for env in model.env:
        ctx.env(env)
    if model.issues or model.code == "None":
        problems.extend(message for _, message in model.issues)
    kwargs.append(f"embedder={model.code}")
    for key, py_key in _QUERY_TOOL_FLAGS.items():
        if key in rag.options:
            try:
                kwargs.append(f"{py_key}={py_value(ctx, rag.options[key], module)}")
            except NotExpressible as exc:
                problems.append(f"{key} {exc} is computed at run time")
    if "graphOptions" in rag.options:
        try:
            kwargs.append(f"graph_options={py_value(ctx, rag.options['graphOptions'], module)}")
        except NotExpressible as exc:
            problems.append(f"graphOptions {exc} is computed at run time")
    if "reranker" in rag.options:
        reranker = _reranker(ctx, rag.options["reranker"], module)
        if reranker is None:
            problems.append("the reranker option is not carried over (results are not re-ranked)")
        else:
            kwargs.append(f"reranker={reranker}")
    # Mastra's own results and schemas (empty hits on failure, the era's input schema)
    kwargs.append(f"mastra_era={(tool.era or ctx.project.era or '1.x')!r}")
    module.imports.add("lumosai.rag", factory)
    notes = [
        f"# TODO(lumos-migrate:{RULE_QUERY_TOOL}): {p} - see docs/rules/{RULE_QUERY_TOOL}.md"
        for p in problems
    ]
    module.add("\n".join([*notes, f"{symbol.name} = {factory}({', '.join(kwargs)})"]))
    status = Status.TODO if problems else Status.NATIVE
    output = f"{module.path}:{symbol.name}"
    message = "; ".join(problems) or None
    rule = RULE_QUERY_TOOL if problems else None
    ctx.record(tool, status, output, rule=rule, message=message, name=_name(rag, tool))
    ctx.record(rag, status, output, rule=rule, message=message, name=rag.variable or rag.name)


def convert_chunker_tool(ctx: ConvertContext, rag: ir.Rag, tool: ir.Tool) -> bool:
    """`createDocumentChunkerTool({ doc: MDocument.fromX(...), params })`; False when the
    document is not built by a plain `MDocument.fromX(...)` call."""
    symbol = ctx.symbols[tool.id]
    module: PyModule = ctx.modules[symbol.module]
    doc = rag.options.get("doc")
    inner: ir.Construct | None = None
    if isinstance(doc, ir.ReferenceValue) and doc.target:
        found = ctx.index.get(doc.target)
        inner = found if isinstance(found, ir.Rag) else None
    if isinstance(doc, ir.CallValue):
        callee, call_args = doc.callee, doc.args
    elif inner is not None:
        callee, call_args = inner.factory or "", inner.args
    else:
        return False
    method = _DOCUMENT_FACTORIES.get(callee)
    if method is None:
        return False
    try:
        args = ", ".join(py_value(ctx, arg, module) for arg in call_args)
        params = rag.options.get("params")
        kwargs = [f"doc=MDocument.{method}({args})"]
        if params is not None:
            kwargs.append(f"params={py_value(ctx, params, module)}")
    except NotExpressible:
        return False
    module.imports.add("lumosai.rag", "MDocument")
    module.imports.add("lumosai.rag", "create_document_chunker_tool")
    module.add(f"{symbol.name} = create_document_chunker_tool({', '.join(kwargs)})")
    output = f"{module.path}:{symbol.name}"
    ctx.record(tool, Status.NATIVE, output, name=tool.tool_id or tool.name)
    ctx.record(rag, Status.NATIVE, output, name=rag.variable or rag.name)
    if inner is not None:
        ctx.record(inner, Status.NATIVE, output, name=inner.name)
    return True


def _name(rag: ir.Rag, tool: ir.Tool) -> str:
    try:
        found = to_data(rag.options.get("id"))
    except NotStatic:
        found = None
    return found if isinstance(found, str) else tool.tool_id or tool.name


def convert_tools(ctx: ConvertContext) -> tuple[set[str], set[str]]:
    """Convert the RAG tool constructs; returns (tool ids handled, rag ids recorded) so the
    generic converters skip them."""
    tools: set[str] = set()
    rags: set[str] = set()
    register_app_vectors(ctx)
    for rag in ctx.project.rag:
        tool = _tool_for(ctx, rag)
        if rag.operation in _QUERY_TOOLS and tool is not None and tool.id in ctx.symbols:
            convert_query_tool(ctx, rag, tool, _QUERY_TOOLS[rag.operation])
            tools.add(tool.id)
            rags.add(rag.id)
        elif (
            rag.operation == "createDocumentChunkerTool"
            and tool is not None
            and tool.id in ctx.symbols
            and convert_chunker_tool(ctx, rag, tool)
        ):
            tools.add(tool.id)
            rags.add(rag.id)
            doc = rag.options.get("doc")
            if isinstance(doc, ir.ReferenceValue) and doc.target:
                rags.add(doc.target)
        elif rag.operation in _UNSUPPORTED_TOOLS or rag.operation == "createDocumentChunkerTool":
            ctx.record(
                rag,
                Status.TODO,
                "",
                rule=RULE_NO_EQUIVALENT,
                message=(
                    f"{rag.operation} has no lumosai.rag equivalent yet; the tool is a stub"
                    if rag.operation in _UNSUPPORTED_TOOLS
                    else "the document of createDocumentChunkerTool is not a plain "
                    "MDocument.fromX(...) call; the tool is a stub"
                ),
                name=rag.variable or rag.name,
            )
            rags.add(rag.id)
    return tools, rags


__all__ = ["convert_tools"]
