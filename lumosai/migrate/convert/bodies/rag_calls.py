"""RAG calls inside function bodies: `@mastra/rag`, the AI SDK's `embed`/`embedMany` and
Mastra vector stores, mapped onto `lumosai.rag` and `lumosai.vector`.

    MDocument.fromText(t, meta)                -> MDocument.from_text(t, meta)
    doc.chunk({ strategy, maxSize | size, ... }) -> doc.chunk(strategy=..., max_size=...)
    await embed({ model, value })              -> await embed(value, model)      ({ embedding })
    await embedMany({ model, values })         -> await embed_many(values, model) ({ embeddings })
    mastra.getVector('k')                      -> context.app.vector("k") / ctx.app.vector("k")
    await store.query({ indexName, queryVector, topK, filter, includeVector, minScore })
                                               -> await store.query(index, vector, top_k=...)
    await rerank(results, query, model, { topK, weights })
                                               -> await rerank(results, query, model, top_k=...)

Vector hits, chunks and re-rank results are dicts at run time (`lumosai.vector.record`), so
the translator's usual reading of plain objects (`r.metadata?.text` ->
`(r["metadata"] or {}).get("text")`) is right for them. Anything outside these tables (an
option we cannot honour, a spread of options, an unknown method) fails the translation, so the
whole function is bridged instead of half-translated.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .expressions import decode_string, unwrap
from .jstypes import JsType, Py
from .model import HelperRef, ImportRef

RAG_MODULES = ("@mastra/rag", "ai")
RAG_TYPES = (JsType.DOCUMENT, JsType.VECTOR_STORE)

#: `@ai-sdk/<package>` -> the provider prefix `lumosai.rag.embed` understands.
_EMBEDDING_PROVIDERS = {
    "@ai-sdk/openai": "openai",
    "@ai-sdk/cohere": "cohere",
    "@ai-sdk/google": "google",
    "@ai-sdk/mistral": "mistral",
}
_EMBEDDING_FACTORIES = ("embedding", "textEmbeddingModel", "textEmbedding", "embeddingModel")
_ROUTER_MODELS = ("ModelRouterEmbeddingModel",)

_DOCUMENT_FACTORIES = {
    "fromText": "from_text",
    "fromMarkdown": "from_markdown",
    "fromHTML": "from_html",
    "fromJSON": "from_json",
}

#: vector-store options that only tune an approximate index; exact search gives the same hits
_TUNING_OPTIONS = {"indexConfig", "buildIndex", "ef", "efSearch", "ef_search", "probes"}


# ---- option objects ---------------------------------------------------------------------------


def options_of(t: TranslatorBase, node: Node, what: str) -> dict[str, Node]:
    """The members of an object literal argument, by key; anything else cannot be checked."""
    obj = unwrap(node)
    if obj.type != "object":
        t.fail("LM204", f"{what} with options that are not an object literal", node)
    found: dict[str, Node] = {}
    for child in obj.named_children:
        if child.type == "pair":
            key = t.child(child, "key")
            if key.type in ("property_identifier", "identifier"):
                name = t.text(key)
            elif key.type == "string":
                name = decode_string(t.text(key)[1:-1])
            else:
                t.fail("LM204", f"{what} with a computed option name", child)
            found[name] = t.child(child, "value")
        elif child.type == "shorthand_property_identifier":
            found[t.text(child)] = child
        elif child.type == "comment":
            continue
        else:
            t.fail("LM204", f"{what} with `{t.text(child)[:40]}` among its options", child)
    return found


def _only(
    t: TranslatorBase, options: dict[str, Node], allowed: set[str], what: str, node: Node
) -> None:
    for key, value in options.items():
        if key in _TUNING_OPTIONS:
            t.warn(f"{what}: `{key}` tunes an approximate index; exact search ignores it", value)
        elif key not in allowed:
            t.fail("LM204", f"{what} option `{key}` has no lumosai equivalent", value)
    del node


def _required(t: TranslatorBase, options: dict[str, Node], key: str, what: str, node: Node) -> Py:
    if key not in options:
        t.fail("LM204", f"{what} without `{key}`", node)
    return t.expr(options[key])


def _single(t: TranslatorBase, args: list[Node], what: str, node: Node) -> Node:
    if len(args) != 1 or args[0].type == "spread_element":
        t.fail("LM204", f"{what} with {len(args)} arguments", node)
    return args[0]


def _string_literal(t: TranslatorBase, node: Node) -> str | None:
    inner = unwrap(node)
    if inner.type == "string":
        return decode_string(t.text(inner)[1:-1])
    if inner.type == "template_string" and not inner.named_children:
        return t.text(inner)[1:-1]
    return None


# ---- models ------------------------------------------------------------------------------------


def _import_of(t: TranslatorBase, name: str) -> ImportRef | None:
    if t.lookup(name) is not None:
        return None
    return t.names.imports.get(name)


def _imported_name(ref: ImportRef, local: str) -> str:
    return ref.imported_name or local


def model_expr(t: TranslatorBase, node: Node, *, embedding: bool) -> ast.expr:
    """An AI SDK model expression as what `lumosai.rag` accepts: a `"provider/model"` string
    for provider calls and router strings, a converted constant as is."""
    literal = _string_literal(t, node)
    if literal is not None:
        if "/" not in literal:
            t.fail("LM204", f"model string {literal!r} without a provider prefix", node)
        return P.const(literal)
    inner = unwrap(node)
    if inner.type == "identifier":
        value = t.expr(inner)
        if value.type not in (JsType.UNKNOWN, JsType.STR):
            t.fail("LM204", f"`{t.text(inner)}` used as a model", node)
        return value.node
    if inner.type == "new_expression":
        ctor = t.child(inner, "constructor")
        ref = _import_of(t, t.text(ctor))
        from .calls import arguments_of

        args = arguments_of(inner)
        if ref is not None and _imported_name(ref, t.text(ctor)) in _ROUTER_MODELS and args:
            model_id = _string_literal(t, args[0])
            if model_id and "/" in model_id and len(args) == 1:
                return P.const(model_id)
        t.fail("LM204", f"model `{t.text(inner)[:60]}`", node)
    if inner.type == "call_expression":
        from .calls import arguments_of

        fn = unwrap(t.child(inner, "function"))
        args = arguments_of(inner)
        model_id = _string_literal(t, args[0]) if len(args) == 1 else None
        provider_node = fn
        if fn.type == "member_expression":
            prop = t.text(t.child(fn, "property"))
            wanted = _EMBEDDING_FACTORIES if embedding else ("languageModel", "chat")
            if prop not in wanted:
                t.fail("LM204", f"model `{t.text(inner)[:60]}`", node)
            provider_node = unwrap(t.child(fn, "object"))
        elif embedding:
            t.fail("LM204", f"`{t.text(inner)[:60]}` is a language model, not an embedder", node)
        ref = _import_of(t, t.text(provider_node)) if provider_node.type == "identifier" else None
        provider = _EMBEDDING_PROVIDERS.get(ref.module) if ref is not None else None
        if ref is not None and not embedding:
            from lumosai.migrate.convert.models import PROVIDERS

            provider = PROVIDERS.get(ref.module.removeprefix("@ai-sdk/"))
        # the provider's default export (`openai`), not a factory such as `createOpenAI`
        factory = _imported_name(ref, t.text(provider_node)) if ref is not None else None
        if provider and model_id and ref and factory == ref.module.removeprefix("@ai-sdk/"):
            return P.const(f"{provider}/{model_id}")
    t.fail("LM204", f"model `{t.text(inner)[:60]}` has no lumosai equivalent", node)


# ---- imported functions: embed, embedMany, rerank, rerankWithScorer ---------------------------

_WRAPPERS = ("await_expression", "parenthesized_expression", "non_null_expression", "as_expression")
_SCOPES = ("function_declaration", "arrow_function", "function_expression", "method_definition")


def _check_result_use(t: TranslatorBase, node: Node, key: str, what: str) -> None:
    """In Python the result of `embed`/`embedMany` is the vector(s) itself, which is right
    only where the code reads `.embedding` (`.embeddings`) from it: destructured, read
    directly, or bound to a name that is only ever read that way. Anything else (returning
    the result, passing it on) would hand over a list where an object was meant: refused."""
    outer = node
    while outer.parent is not None and outer.parent.type in _WRAPPERS:
        outer = outer.parent
    parent = outer.parent
    if parent is None:
        t.fail("LM207", f"the {what} result used as a whole object", node)
    if parent.type == "member_expression" and t.text(t.child(parent, "property")) == key:
        return
    if parent.type == "variable_declarator" and parent.child_by_field_name("value") == outer:
        target = t.child(parent, "name")
        if target.type == "object_pattern":
            return  # each key is read through the result's property table
        if target.type == "identifier" and _only_read_as(t, target, key):
            return
    t.fail("LM207", f"the {what} result used as a whole object (read `.{key}` from it)", node)


def _only_read_as(t: TranslatorBase, name: Node, key: str) -> bool:
    scope = name
    while scope.parent is not None and scope.type not in _SCOPES:
        scope = scope.parent
    wanted = t.text(name)
    stack = [scope]
    while stack:
        current = stack.pop()
        stack.extend(current.children)
        if current.type != "identifier" or t.text(current) != wanted or current == name:
            continue
        parent = current.parent
        if not (
            parent is not None
            and parent.type == "member_expression"
            and parent.child_by_field_name("object") == current
            and t.text(t.child(parent, "property")) == key
        ):
            return False
    return True


def _embed(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    options = options_of(t, _single(t, args, "embed()", node), "embed()")
    _only(t, options, {"model", "value"}, "embed()", node)
    value = _required(t, options, "value", "embed()", node)
    model = model_expr(t, options["model"], embedding=True) if "model" in options else None
    if model is None:
        t.fail("LM204", "embed() without `model`", node)
    _check_result_use(t, node, "embedding", "embed()")
    t.need("from lumosai.rag import embed")
    return Py(P.call("embed", value.node, model), JsType.EMBEDDING, awaitable=True)


def _embed_many(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    options = options_of(t, _single(t, args, "embedMany()", node), "embedMany()")
    if "maxParallelCalls" in options:
        # a throttle on concurrent requests: the vectors come out the same
        t.warn("embedMany maxParallelCalls is not carried over", options.pop("maxParallelCalls"))
    _only(t, options, {"model", "values"}, "embedMany()", node)
    values = _required(t, options, "values", "embedMany()", node)
    if "model" not in options:
        t.fail("LM204", "embedMany() without `model`", node)
    model = model_expr(t, options["model"], embedding=True)
    _check_result_use(t, node, "embeddings", "embedMany()")
    t.need("from lumosai.rag import embed_many")
    return Py(P.call("embed_many", values.node, model), JsType.EMBEDDINGS, awaitable=True)


_RERANK_OPTIONS = {"topK": "top_k", "weights": "weights", "queryEmbedding": "query_embedding"}


def _rerank_kwargs(t: TranslatorBase, node: Node | None, what: str) -> dict[str, ast.expr]:
    if node is None or unwrap(node).type in ("undefined",):
        return {}
    options = options_of(t, node, what)
    _only(t, options, set(_RERANK_OPTIONS), what, node)
    return {_RERANK_OPTIONS[k]: t.expr(v).node for k, v in options.items()}


def _rerank(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    if not 3 <= len(args) <= 4 or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"rerank() with {len(args)} arguments", node)
    results, query = t.expr(args[0]), t.expr(args[1])
    model = model_expr(t, args[2], embedding=False)
    kwargs = _rerank_kwargs(t, args[3] if len(args) == 4 else None, "rerank()")
    t.need("from lumosai.rag import rerank")
    return Py(
        P.call("rerank", results.node, query.node, model, **kwargs), JsType.LIST, awaitable=True
    )


def _rerank_with_scorer(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    what = "rerankWithScorer()"
    options = options_of(t, _single(t, args, what, node), what)
    _only(t, options, {"results", "query", "scorer", "options"}, what, node)
    results = _required(t, options, "results", what, node)
    query = _required(t, options, "query", what, node)
    scorer = _required(t, options, "scorer", what, node)
    kwargs = _rerank_kwargs(t, options.get("options"), what)
    t.need("from lumosai.rag import rerank_with_scorer")
    return Py(
        P.call("rerank_with_scorer", results.node, query.node, scorer.node, **kwargs),
        JsType.LIST,
        awaitable=True,
    )


def _cosine_similarity(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    if len(args) != 2 or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"cosineSimilarity() with {len(args)} arguments", node)
    from .calls import call_args

    t.need("from lumosai.rag import cosine_similarity")
    return Py(P.call("cosine_similarity", *call_args(t, args)), JsType.NUM)


ImportRule = Callable[[TranslatorBase, list[Node], Node], Py]
IMPORT_CALLS: dict[tuple[str, str], ImportRule] = {
    ("ai", "embed"): _embed,
    ("ai", "embedMany"): _embed_many,
    ("ai", "cosineSimilarity"): _cosine_similarity,
    ("@mastra/rag", "rerank"): _rerank,
    ("@mastra/rag", "rerankWithScorer"): _rerank_with_scorer,
}


def import_call(t: TranslatorBase, name: str, args: list[Node], node: Node) -> Py | None:
    """`embed(...)` and friends when `name` is imported from their package; else None."""
    ref = _import_of(t, name)
    if ref is None:
        return None
    rule = IMPORT_CALLS.get((ref.module, _imported_name(ref, name)))
    return rule(t, args, node) if rule is not None else None


def namespace_call(
    t: TranslatorBase, name: str, prop: str, args: list[Node], node: Node
) -> Py | None:
    """`MDocument.fromText(...)` and the other document loaders; else None."""
    ref = _import_of(t, name)
    if ref is None or ref.module != "@mastra/rag" or _imported_name(ref, name) != "MDocument":
        return None
    method = _DOCUMENT_FACTORIES.get(prop)
    if method is None:
        t.fail("LM204", f"`MDocument.{prop}(...)`", node)
    if not 1 <= len(args) <= 2 or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"`MDocument.{prop}` with {len(args)} arguments", node)
    from .calls import call_args

    t.need("from lumosai.rag import MDocument")
    return Py(P.call(f"MDocument.{method}", *call_args(t, args)), JsType.DOCUMENT)


def new_instance(t: TranslatorBase, name: str, args: list[Node], node: Node) -> Py | None:
    """`new MastraAgentRelevanceScorer(name, model)` -> `AgentRelevanceScorer(model, name)`;
    `new MDocument({ docs, type })` -> `MDocument(docs, type)`."""
    ref = _import_of(t, name)
    if ref is None or ref.module != "@mastra/rag":
        return None
    if _imported_name(ref, name) == "MDocument":
        options = options_of(t, _single(t, args, "`new MDocument`", node), "`new MDocument`")
        _only(t, options, {"docs", "type"}, "`new MDocument`", node)
        docs = _required(t, options, "docs", "`new MDocument`", node)
        doc_type = [t.expr(options["type"]).node] if "type" in options else []
        t.need("from lumosai.rag import MDocument")
        return Py(P.call("MDocument", docs.node, *doc_type), JsType.DOCUMENT)
    if _imported_name(ref, name) != "MastraAgentRelevanceScorer":
        return None
    if len(args) != 2 or any(a.type == "spread_element" for a in args):
        t.fail("LM204", f"`new {name}` with {len(args)} arguments", node)
    scorer_name = t.expr(args[0]).node
    model = model_expr(t, args[1], embedding=False)
    t.need("from lumosai.rag import AgentRelevanceScorer")
    return Py(P.call("AgentRelevanceScorer", model, scorer_name))


def helper_return_type(helper: HelperRef) -> JsType:
    """The type of a project helper's result when the converter knows it (`value_type`
    "document": a translated helper declared to return an `MDocument`)."""
    if helper.is_function and helper.value_type == "document":
        return JsType.DOCUMENT
    return JsType.UNKNOWN


#: TypeScript type names of RAG values, by the package that exports them
_ANNOTATIONS = {
    "MDocument": ("@mastra/rag", JsType.DOCUMENT),
    "MastraVector": ("@mastra/core/vector", JsType.VECTOR_STORE),
    "PgVector": ("@mastra/pg", JsType.VECTOR_STORE),
    "LibSQLVector": ("@mastra/libsql", JsType.VECTOR_STORE),
}


def annotated_type(t: TranslatorBase, type_name: str) -> JsType:
    """`doc: MDocument` types `doc` as a document (so `doc.chunk(...)` translates); the
    same for vector stores. Only for the name imported from its package (or not imported)."""
    found = _ANNOTATIONS.get(type_name)
    if found is None:
        return JsType.UNKNOWN
    ref = t.names.imports.get(type_name)
    if ref is not None and not ref.module.startswith(found[0]):
        return JsType.UNKNOWN
    return found[1]


# ---- mastra.getVector ---------------------------------------------------------------------------

_APP = {"mastra_tool": "context.app", "mastra_step": "ctx.app"}


def mastra_vector(t: TranslatorBase, obj: Py, prop: str, args: list[Node], node: Node) -> Py:
    """`mastra.getVector('k')` -> `app.vector("k")`; `mastra.getVectors()` -> `app.vectors()`."""
    app = _APP.get(obj.role_object or "")
    if app is None:
        t.fail("LM206", f"`mastra.{prop}(...)` has no Lumos equivalent here", node)
    if prop == "getVectors":
        if args:
            t.fail("LM204", "`mastra.getVectors` with arguments", node)
        return Py(P.method(P.parse_expr(app), "vectors"), JsType.DICT)
    key_node = _single(t, args, "`mastra.getVector`", node)
    missing = t.names.unregistered_vectors
    literal = _string_literal(t, key_node)
    if (literal is None and missing) or literal in missing:
        t.fail(
            "LM206",
            f"`mastra.getVector({t.text(key_node)})`: the Lumos app registers no twin of "
            f"vector store(s) {', '.join(sorted(missing))}",
            node,
        )
    key = t.expr(key_node)
    return Py(P.method(P.parse_expr(app), "vector", key.node), JsType.VECTOR_STORE)


# ---- methods of documents and vector stores -----------------------------------------------------


def _chunk_option_names() -> tuple[dict[str, set[str]], Callable[[str], str]]:
    from lumosai.rag.options import ALLOWED, snake

    return ALLOWED, snake


def _chunk(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    if not args:
        return Py(P.method(obj.node, "chunk"), JsType.LIST)
    options = options_of(t, _single(t, args, "`doc.chunk`", node), "`doc.chunk`")
    allowed, snake = _chunk_option_names()
    if "extract" in options:
        t.fail(
            "LM204",
            "chunk option `extract` (LLM metadata extraction) has no lumosai.rag equivalent",
            options["extract"],
        )
    strategy_node = options.pop("strategy", None)
    strategy = _string_literal(t, strategy_node) if strategy_node is not None else None
    if strategy is not None and strategy not in allowed:
        t.fail("LM204", f"chunk strategy {strategy!r} has no lumosai.rag equivalent", node)
    known = allowed[strategy] if strategy else set().union(*allowed.values())
    kwargs: dict[str, ast.expr] = {}
    if strategy_node is not None:
        kwargs["strategy"] = t.expr(strategy_node).node
    for key, value_node in options.items():
        name = "max_size" if key == "size" else snake(key)
        if name == "keep_separator":
            name, value = _keep_separator(t, value_node)
            if value is None:
                continue
        else:
            value = t.expr(value_node).node
        if name not in known and name != "keep_separator":
            where = f"the {strategy} strategy" if strategy else "any strategy"
            t.fail("LM204", f"chunk option `{key}` is not supported by {where}", value_node)
        kwargs[name] = value
    return Py(P.method(obj.node, "chunk", **kwargs), JsType.LIST)


def _keep_separator(t: TranslatorBase, node: Node) -> tuple[str, ast.expr | None]:
    """0.x `keepSeparator: true | false | 'start' | 'end'` -> 1.x `separator_position`."""
    inner = unwrap(node)
    if inner.type == "true":
        return "separator_position", P.const("start")
    if inner.type == "false":
        return "separator_position", None
    literal = _string_literal(t, inner)
    if literal is not None:
        return "separator_position", P.const(literal)
    return "keep_separator", t.expr(inner).node  # the runtime maps it the same way


def _no_args(py_method: str, kind: JsType, awaitable: bool = False) -> DocMethod:
    def rule(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
        if args:
            t.fail("LM204", f"`.{py_method}` with arguments", node)
        return Py(P.method(obj.node, py_method), kind, awaitable=awaitable)

    return rule


DocMethod = Callable[[TranslatorBase, Py, list[Node], Node], Py]

DOCUMENT_METHODS: dict[str, DocMethod] = {
    "chunk": _chunk,
    "getText": _no_args("get_text", JsType.LIST),
    "getDocs": _no_args("get_docs", JsType.LIST),
    "getMetadata": _no_args("get_metadata", JsType.LIST),
}


def _index_name(t: TranslatorBase, args: list[Node], what: str, node: Node) -> ast.expr:
    """`{ indexName }` (Mastra 0.2+) or the bare name (earlier 0.x)."""
    arg = _single(t, args, what, node)
    if unwrap(arg).type != "object":
        return t.expr(arg).node
    options = options_of(t, arg, what)
    _only(t, options, {"indexName"}, what, node)
    return _required(t, options, "indexName", what, node).node


def _create_index(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    what = "createIndex()"
    options = options_of(t, _single(t, args, what, node), what)
    _only(t, options, {"indexName", "dimension", "metric"}, what, node)
    call_args = [
        _required(t, options, "indexName", what, node).node,
        _required(t, options, "dimension", what, node).node,
    ]
    if "metric" in options:
        call_args.append(t.expr(options["metric"]).node)
    return Py(P.method(obj.node, "create_index", *call_args), JsType.NULL, awaitable=True)


def _upsert(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    what = "upsert()"
    options = options_of(t, _single(t, args, what, node), what)
    _only(t, options, {"indexName", "vectors", "metadata", "ids"}, what, node)
    call_args = [
        _required(t, options, "indexName", what, node).node,
        _required(t, options, "vectors", what, node).node,
    ]
    kwargs = {key: t.expr(options[key]).node for key in ("metadata", "ids") if key in options}
    return Py(P.method(obj.node, "upsert", *call_args, **kwargs), JsType.LIST, awaitable=True)


_QUERY_OPTIONS = {
    "topK": "top_k",
    "filter": "filter",
    "includeVector": "include_vector",
    "minScore": "min_score",
}


def _query(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    what = "query()"
    options = options_of(t, _single(t, args, what, node), what)
    _only(t, options, {"indexName", "queryVector", *_QUERY_OPTIONS}, what, node)
    call_args = [
        _required(t, options, "indexName", what, node).node,
        _required(t, options, "queryVector", what, node).node,
    ]
    kwargs = {py: t.expr(options[js]).node for js, py in _QUERY_OPTIONS.items() if js in options}
    return Py(P.method(obj.node, "query", *call_args, **kwargs), JsType.LIST, awaitable=True)


def _describe_index(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    name = _index_name(t, args, "describeIndex()", node)
    return Py(P.method(obj.node, "describe_index", name), JsType.DICT, awaitable=True)


def _delete_index(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    name = _index_name(t, args, "deleteIndex()", node)
    return Py(P.method(obj.node, "delete_index", name), JsType.NULL, awaitable=True)


def _delete_vectors(t: TranslatorBase, obj: Py, args: list[Node], node: Node) -> Py:
    """`deleteVector({ indexName, id })` / `deleteVectors({ indexName, ids })`."""
    what = "deleteVector()"
    options = options_of(t, _single(t, args, what, node), what)
    _only(t, options, {"indexName", "id", "ids"}, what, node)
    index = _required(t, options, "indexName", what, node).node
    if "id" in options and "ids" not in options:
        ids: ast.expr = ast.List(elts=[t.expr(options["id"]).node], ctx=ast.Load())
    elif "ids" in options and "id" not in options:
        ids = t.expr(options["ids"]).node
    else:
        t.fail("LM204", "deleteVector() by filter or without ids", node)
    return Py(P.method(obj.node, "delete_vectors", index, ids), JsType.NULL, awaitable=True)


VECTOR_METHODS: dict[str, DocMethod] = {
    "createIndex": _create_index,
    "upsert": _upsert,
    "query": _query,
    "listIndexes": _no_args("list_indexes", JsType.LIST, awaitable=True),
    "describeIndex": _describe_index,
    "deleteIndex": _delete_index,
    "deleteVector": _delete_vectors,
    "deleteVectors": _delete_vectors,
    "disconnect": _no_args("close", JsType.NULL, awaitable=True),
}


def rag_method(t: TranslatorBase, obj: Py, prop: str, args: list[Node], node: Node) -> Py:
    table = DOCUMENT_METHODS if obj.type == JsType.DOCUMENT else VECTOR_METHODS
    rule = table.get(prop)
    if rule is None:
        t.fail("LM204", f"`.{prop}()` on a {obj.type.value}", node)
    return rule(t, obj, args, node)


# ---- results: `{ embedding }` / `{ embeddings }` ---------------------------------------------


def _the_value(kind: JsType) -> Callable[[TranslatorBase, Py, Node], Py]:
    def rule(t: TranslatorBase, obj: Py, node: Node) -> Py:
        return Py(obj.node, kind, pure=obj.pure)

    return rule


#: property tables merged into members.TYPE_PROPERTIES
RAG_PROPERTIES: dict[JsType, dict[str, Callable[[TranslatorBase, Py, Node], Py]]] = {
    JsType.DOCUMENT: {},
    JsType.VECTOR_STORE: {},
    JsType.EMBEDDING: {"embedding": _the_value(JsType.LIST)},
    JsType.EMBEDDINGS: {"embeddings": _the_value(JsType.LIST)},
}
_RESULT_KEY = {JsType.EMBEDDING: "embedding", JsType.EMBEDDINGS: "embeddings"}


def destructure_result(
    t: TranslatorBase, pattern: Node, source: Py, declare: bool
) -> list[ast.stmt] | None:
    """`const { embedding } = await embed(...)` -> `embedding = await embed(...)` (also
    `{ embedding: queryVector }`); None for any other pattern (read key by key)."""
    key = _RESULT_KEY.get(source.type)
    members = [c for c in pattern.named_children if c.type != "comment"]
    if key is None or pattern.type != "object_pattern" or len(members) != 1:
        return None
    member = members[0]
    if member.type == "shorthand_property_identifier_pattern" and t.text(member) == key:
        target = member
    elif (
        member.type == "pair_pattern"
        and t.text(t.child(member, "key")) == key
        and t.child(member, "value").type == "identifier"
    ):
        target = t.child(member, "value")
    else:
        return None
    from .patterns import _target

    name = _target(t, target, declare, JsType.LIST)
    return [P.assign(P.store(name), source.node)]


__all__ = [
    "RAG_MODULES",
    "RAG_PROPERTIES",
    "RAG_TYPES",
    "annotated_type",
    "destructure_result",
    "helper_return_type",
    "import_call",
    "mastra_vector",
    "model_expr",
    "namespace_call",
    "new_instance",
    "rag_method",
]
