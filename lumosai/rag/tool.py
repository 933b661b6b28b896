"""``create_vector_query_tool``: a tool an agent calls to search a vector index (Mastra's
``createVectorQueryTool``: same default id, description, input and output schemas)."""

from __future__ import annotations

import contextlib
import json
import logging
import math
from collections.abc import Callable
from typing import Any

from lumosai.llm.embedding import Embedder
from lumosai.rag.embed import as_embedder
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext
from lumosai.vector.base import VectorStore

log = logging.getLogger("lumosai.rag")

DEFAULT_DESCRIPTION = (
    "Access the knowledge base to find information needed to answer user questions."
)
QUERY_TEXT_DESCRIPTION = """The text query to search for in the vector database.
- ALWAYS provide a non-empty query string
- Must contain the user's question or search terms
- Example: "market data" or "financial reports"
- If the user's query is about a specific topic, use that topic as the queryText
- Cannot be an empty string
- Do not include quotes, just the text itself
- Required for all searches"""
TOP_K_DESCRIPTION = """Controls how many matching documents to return.
- ALWAYS provide a value
- If no value is provided, use the default (10)
- Must be a valid and positive number
- Cannot be NaN
- Uses provided value if specified
- Default: 10 results (use this if unsure)
- Higher values (like 20) provide more context
- Lower values (like 3) focus on best matches
- Based on query requirements"""
FILTER_DESCRIPTION = """JSON-formatted criteria to refine search results.
- ALWAYS provide a filter value
- If no filter is provided, use the default ("{}")
- MUST be a valid, complete JSON object with proper quotes and brackets
- Uses provided filter if specified
- Default: "{}" (no filtering)
- Example for no filtering: "filter": "{}"
- Example: '{"category": "health"}'
- Based on query intent
- Do NOT use single quotes or unquoted properties
- IMPORTANT: Always ensure JSON is properly closed with matching brackets
- Multiple filters can be combined"""

OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "relevantContext": {},
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "metadata": {},
                    "vector": {"type": "array", "items": {"type": "number"}},
                    "score": {"type": "number"},
                    "document": {"type": "string"},
                },
                "required": ["id", "metadata", "vector", "score", "document"],
            },
        },
    },
    "required": ["relevantContext", "sources"],
}


def input_schema(enable_filter: bool, mastra_era: str | None = None) -> dict[str, Any]:
    """Without a filter the input is zod's ``passthrough()`` object: extra keys allowed, which
    Mastra 1.x's tool schema (zod 4) does not spell out (no ``additionalProperties``)."""
    properties: dict[str, Any] = {
        "queryText": {"type": "string", "description": QUERY_TEXT_DESCRIPTION},
        "topK": {"type": "number", "description": TOP_K_DESCRIPTION},
    }
    if enable_filter:
        properties["filter"] = {"type": "string", "description": FILTER_DESCRIPTION}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": not enable_filter,
    }
    if mastra_era == "1.x" and not enable_filter:
        del schema["additionalProperties"]
    return schema


def coerce_top_k(value: Any, default: int = 10) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return int(number) if math.isfinite(number) and number > 0 else default


def parse_filter(value: Any) -> dict[str, Any]:
    """The model sends the filter as a JSON string; ``{}``/empty means none."""
    if not value:
        return {}
    parsed = value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"Invalid filter format: {exc}") from exc
    if not isinstance(parsed, dict):
        raise ValueError(
            f"Invalid filter format: expected a JSON object, got {type(parsed).__name__}"
        )
    return parsed


VectorStoreArg = VectorStore | str | Callable[[ToolExecutionContext], Any]


class VectorQueryTool(Tool):
    """Embeds ``queryText``, queries the index, returns ``{relevantContext, sources}``.

    ``vector_store`` is a store, a name looked up on the app (``app.vector(name)``) at call
    time, or a function of the tool context. Like Mastra's tool, a failure (missing index,
    dimension mismatch, bad filter, embedder down) gives empty results; unlike Mastra's, the
    result also carries ``"error"`` with the reason, so the model and the logs see it, unless
    ``mastra_era`` (``"0.x"``/``"1.x"``, set by lumos-migrate) asks for Mastra's exact results
    and schemas (the reason is then only logged)."""

    def __init__(
        self,
        *,
        vector_store: VectorStoreArg,
        index_name: str,
        embedder: Embedder | str,
        id: str | None = None,
        description: str | None = None,
        enable_filter: bool = False,
        include_vectors: bool = False,
        include_sources: bool = True,
        vector_store_name: str | None = None,
        reranker: dict[str, Any] | None = None,
        mastra_era: str | None = None,
    ) -> None:
        if not index_name:
            raise ValueError("create_vector_query_tool needs an index_name")
        store_name = vector_store_name or (
            vector_store if isinstance(vector_store, str) else "DirectVectorStore"
        )
        super().__init__(
            id=id or f"VectorQuery {store_name} {index_name} Tool",
            description=description or DEFAULT_DESCRIPTION,
            parameters=input_schema(enable_filter, mastra_era),
            output_schema=OUTPUT_SCHEMA,
        )
        self.vector_store = vector_store
        self.index_name = index_name
        self._embedder_spec = embedder
        self._embedder: Embedder | None = (
            None if isinstance(embedder, str) else as_embedder(embedder)
        )
        self.enable_filter = enable_filter
        self.include_vectors = include_vectors
        self.include_sources = include_sources
        self.reranker = reranker
        self.mastra_era = mastra_era

    @property
    def embedder(self) -> Embedder:
        """Resolved on first use, so a missing provider key fails the call, not the import."""
        if self._embedder is None:
            self._embedder = as_embedder(self._embedder_spec)
        return self._embedder

    @embedder.setter
    def embedder(self, value: Embedder | str) -> None:
        self._embedder_spec = value
        self._embedder = None if isinstance(value, str) else as_embedder(value)

    def validate_args(self, args: Any) -> Any:
        """Coerce like Mastra's ``z.coerce``: ``topK`` from a numeric string, ``filter`` to a
        JSON string."""
        if isinstance(args, dict):
            args = dict(args)
            if isinstance(args.get("topK"), str):
                with contextlib.suppress(ValueError):
                    args["topK"] = float(args["topK"])
            if "filter" in args and not isinstance(args["filter"], str):
                args["filter"] = json.dumps(args["filter"])
        return super().validate_args(args)

    async def execute(self, args: Any, context: ToolExecutionContext | None = None) -> Any:
        """With ``mastra_era``: parsed as Mastra's zod schema does, and a bad call gets
        Mastra's error object as its result (see ``lumosai.rag.mastra_input``)."""
        if not self.mastra_era:
            return await super().execute(args, context)
        from lumosai.rag.mastra_input import parse_input, validation_error

        context = context or ToolExecutionContext()
        given = {} if args is None else args
        data, issues = parse_input(
            given if isinstance(given, dict) else {}, self.enable_filter, self.mastra_era
        )
        if issues:
            return validation_error(self.mastra_era, self._name_for(context), issues, given)
        return await self.call(data, context)

    def _name_for(self, context: ToolExecutionContext) -> str:
        """The key the calling agent knows this tool by (Mastra names it in errors), else id."""
        tools = getattr(context.agent, "tools", None)
        if isinstance(tools, dict):
            for key, tool in tools.items():
                if tool is self:
                    return str(key)
        return self.id

    async def _store(self, context: ToolExecutionContext) -> VectorStore:
        store: Any = self.vector_store
        if isinstance(store, str):
            app = context.app
            lookup = getattr(app, "vector", None) if app is not None else None
            if not callable(lookup):
                raise ValueError(
                    f"vector store {store!r} is named, but the tool runs outside an app with "
                    f"vectors; pass the store object instead"
                )
            store = lookup(store)
        elif callable(store) and not isinstance(store, VectorStore):
            store = store(context)
            if hasattr(store, "__await__"):
                store = await store
        if not isinstance(store, VectorStore):
            raise TypeError(f"vector store resolved to {type(store).__name__}, not a VectorStore")
        return store

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        try:
            return await self._search(args, context)
        except Exception as exc:  # Mastra returns empty results; we also say why
            log.warning("vector query tool %r failed: %s", self.id, exc)
            if self.mastra_era:
                return {"relevantContext": [], "sources": []}
            return {"relevantContext": [], "sources": [], "error": f"{type(exc).__name__}: {exc}"}

    async def _search(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        rc = context.runtime_context
        index = rc.get("indexName") or self.index_name
        top_k = coerce_top_k(rc.get("topK") or args.get("topK"))
        raw_filter = rc.get("filter") or args.get("filter")
        use_filter = bool(rc.get("filter")) or self.enable_filter
        query_filter = parse_filter(raw_filter) if use_filter else {}
        store = await self._store(context)
        [vector] = await self.embedder.embed([str(args["queryText"])])
        results = await store.query(
            index,
            vector,
            top_k=top_k,
            filter=query_filter or None,
            include_vector=self.include_vectors,
        )
        if self.reranker:
            from lumosai.rag.rerank import rerank

            options = dict(self.reranker.get("options") or {})
            ranked = await rerank(
                results,
                str(args["queryText"]),
                self.reranker["model"],
                weights=options.get("weights"),
                top_k=int(options.get("topK") or options.get("top_k") or top_k),
            )
            results = [r.result for r in ranked]
        return {
            "relevantContext": [r.metadata for r in results],
            "sources": [
                {
                    "id": r.id,
                    "metadata": r.metadata,
                    "vector": list(r.vector or []),
                    "score": r.score,
                    "document": "",
                }
                for r in results
            ]
            if self.include_sources
            else [],
        }


def create_vector_query_tool(
    *,
    vector_store: VectorStoreArg,
    index_name: str,
    embedder: Embedder | str | None = None,
    model: Embedder | str | None = None,
    id: str | None = None,
    description: str | None = None,
    enable_filter: bool = False,
    include_vectors: bool = False,
    include_sources: bool = True,
    vector_store_name: str | None = None,
    reranker: dict[str, Any] | None = None,
    mastra_era: str | None = None,
) -> VectorQueryTool:
    """``embedder`` (or Mastra's name ``model``): an ``Embedder`` or ``"provider/model"``;
    ``reranker``: ``{"model": judge model, "options": {"weights", "topK"}}`` re-ranks the hits;
    ``mastra_era``: behave exactly as that Mastra era's tool (see ``VectorQueryTool``)."""
    chosen = embedder if embedder is not None else model
    if chosen is None:
        raise ValueError("create_vector_query_tool needs an embedder (or model)")
    return VectorQueryTool(
        vector_store=vector_store,
        index_name=index_name,
        embedder=chosen,
        id=id,
        description=description,
        enable_filter=enable_filter,
        include_vectors=include_vectors,
        include_sources=include_sources,
        vector_store_name=vector_store_name,
        reranker=reranker,
        mastra_era=mastra_era,
    )


DEFAULT_CHUNK_PARAMS: dict[str, Any] = {
    "strategy": "recursive",
    "maxSize": 512,
    "overlap": 50,
    "separators": ["\n"],
}


class DocumentChunkerTool(Tool):
    """Mastra's ``createDocumentChunkerTool``: chunks a fixed document with fixed options;
    returns ``{"chunks": [{"text", "metadata"}]}``."""

    def __init__(self, doc: Any, params: dict[str, Any] | None = None) -> None:
        params = dict(DEFAULT_CHUNK_PARAMS if params is None else params)
        size = params.get("maxSize", params.get("max_size", params.get("size")))
        super().__init__(
            id=f"Document Chunker {params.get('strategy')} {size}",
            description=(
                f"Chunks document using {params.get('strategy')} strategy with maxSize {size} "
                f"and {params.get('overlap') or 0} overlap"
            ),
            parameters={"type": "object", "properties": {}},
        )
        self.doc = doc
        self.params = params

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        chunks = await self.doc.achunk(**self.params)
        return {"chunks": [chunk.to_dict() for chunk in chunks]}


def create_document_chunker_tool(
    *, doc: Any, params: dict[str, Any] | None = None
) -> DocumentChunkerTool:
    """``doc``: an ``MDocument``; ``params``: chunk options (Mastra's or Python names)."""
    return DocumentChunkerTool(doc, params)
