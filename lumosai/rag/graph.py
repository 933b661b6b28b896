"""GraphRAG (Mastra's ``GraphRAG`` / ``createGraphRAGTool``): chunks become nodes, edges join
chunks whose embeddings are more similar than ``threshold``; a query starts random walks with
restart from the most similar nodes and ranks nodes by similarity × visit share."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lumosai.llm.embedding import Embedder
from lumosai.rag.tool import VectorQueryTool
from lumosai.tool.context import ToolExecutionContext

DEFAULT_GRAPH_OPTIONS = {
    "dimension": 1536,
    "random_walk_steps": 100,
    "restart_prob": 0.15,
    "threshold": 0.7,
}
DEFAULT_GRAPH_DESCRIPTION = (
    "Access and analyze relationships between information in the knowledge base to answer "
    "complex questions about connections and patterns."
)


@dataclass(slots=True)
class GraphNode:
    id: str
    content: str
    embedding: list[float]
    metadata: dict[str, Any] = field(default_factory=dict)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    if len(a) != len(b):
        raise ValueError(f"Vector dimensions must match: vec1({len(a)}) !== vec2({len(b)})")
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    magnitude = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return 0.0 if magnitude == 0 else max(-1.0, min(1.0, dot / magnitude))


class GraphRAG:
    def __init__(
        self, dimension: int = 1536, threshold: float = 0.7, *, seed: int | None = None
    ) -> None:
        self.dimension = dimension
        self.threshold = threshold
        self.nodes: dict[str, GraphNode] = {}
        self.edges: list[tuple[str, str, float]] = []
        self._random = random.Random(seed)

    def add_node(self, node: GraphNode) -> None:
        if len(node.embedding) != self.dimension:
            raise ValueError(f"Embedding dimension must be {self.dimension}")
        self.nodes[node.id] = node

    def add_edge(self, source: str, target: str, weight: float) -> None:
        if source not in self.nodes or target not in self.nodes:
            raise ValueError("Both source and target nodes must exist")
        self.edges += [(source, target, weight), (target, source, weight)]

    def create_graph(
        self, chunks: Sequence[Mapping[str, Any]], embeddings: Sequence[Sequence[float]]
    ) -> None:
        if not chunks or not embeddings:
            raise ValueError("Chunks and embeddings arrays must not be empty")
        if len(chunks) != len(embeddings):
            raise ValueError("Chunks and embeddings must have the same length")
        for i, chunk in enumerate(chunks):
            self.add_node(
                GraphNode(
                    str(i),
                    str(chunk.get("text") or ""),
                    list(embeddings[i]),
                    dict(chunk.get("metadata") or {}),
                )
            )
        for i in range(len(chunks)):
            for j in range(i + 1, len(chunks)):
                similarity = cosine(embeddings[i], embeddings[j])
                if similarity > self.threshold:
                    self.add_edge(str(i), str(j), similarity)

    def neighbors(self, node_id: str) -> list[tuple[str, float]]:
        return [(target, weight) for source, target, weight in self.edges if source == node_id]

    def _walk(
        self, start: str, steps: int, restart: float, allowed: set[str] | None
    ) -> dict[str, float]:
        visits: dict[str, int] = {}
        current = start
        for _ in range(steps):
            visits[current] = visits.get(current, 0) + 1
            if self._random.random() < restart:
                current = start
                continue
            options = [n for n in self.neighbors(current) if allowed is None or n[0] in allowed]
            if not options:
                current = start
                continue
            remaining = self._random.random() * sum(w for _, w in options)
            chosen = options[-1][0]
            for node_id, weight in options:
                remaining -= weight
                if remaining <= 0:
                    chosen = node_id
                    break
            current = chosen
        total = sum(visits.values())
        return {node_id: count / total for node_id, count in visits.items()}

    def query(
        self,
        query: Sequence[float],
        *,
        top_k: int = 10,
        random_walk_steps: int = 100,
        restart_prob: float = 0.15,
        filter: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        if len(query) != self.dimension:
            raise ValueError(f"Query embedding must have dimension {self.dimension}")
        if top_k < 1:
            raise ValueError("TopK must be greater than 0")
        if random_walk_steps < 1:
            raise ValueError("Random walk steps must be greater than 0")
        if not 0 < restart_prob < 1:
            raise ValueError("Restart probability must be between 0 and 1")
        wanted = dict(filter or {})
        searched = [
            n for n in self.nodes.values() if all(n.metadata.get(k) == v for k, v in wanted.items())
        ]
        ranked = sorted(
            ((n, cosine(query, n.embedding)) for n in searched), key=lambda p: p[1], reverse=True
        )
        allowed = {n.id for n in searched} if wanted else None
        scores: dict[str, float] = {}
        for node, similarity in ranked[:top_k]:
            for node_id, share in self._walk(
                node.id, random_walk_steps, restart_prob, allowed
            ).items():
                scores[node_id] = scores.get(node_id, 0.0) + similarity * share
        best = sorted(scores.items(), key=lambda p: p[1], reverse=True)[:top_k]
        return [
            {
                "id": i,
                "content": self.nodes[i].content,
                "metadata": self.nodes[i].metadata,
                "score": s,
            }
            for i, s in best
        ]


def _graph_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(DEFAULT_GRAPH_OPTIONS)
    for key, value in (options or {}).items():
        merged[
            {"randomWalkSteps": "random_walk_steps", "restartProb": "restart_prob"}.get(key, key)
        ] = value
    return merged


class GraphRAGTool(VectorQueryTool):
    """Mastra's ``createGraphRAGTool``: the graph is built from the first query's hits."""

    def __init__(
        self,
        *,
        graph_options: Mapping[str, Any] | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        store = kwargs.get("vector_store")
        name = kwargs.pop("vector_store_name", None) or (
            store if isinstance(store, str) else "DirectVectorStore"
        )
        kwargs.setdefault("id", None)
        kwargs["id"] = kwargs["id"] or f"GraphRAG {name} {kwargs['index_name']} Tool"
        kwargs["description"] = kwargs.get("description") or DEFAULT_GRAPH_DESCRIPTION
        super().__init__(vector_store_name=name, **kwargs)
        self.graph_options = _graph_options(graph_options)
        self.graph = GraphRAG(
            self.graph_options["dimension"], self.graph_options["threshold"], seed=seed
        )
        self._built = False

    async def _search(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        from lumosai.rag.tool import coerce_top_k, parse_filter

        rc = context.runtime_context
        index = rc.get("indexName") or self.index_name
        top_k = coerce_top_k(rc.get("topK") or args.get("topK"))
        use_filter = bool(rc.get("filter")) or self.enable_filter
        query_filter = parse_filter(rc.get("filter") or args.get("filter")) if use_filter else {}
        store = await self._store(context)
        [vector] = await self.embedder.embed([str(args["queryText"])])
        results = await store.query(
            index, vector, top_k=top_k, filter=query_filter or None, include_vector=True
        )
        if not self._built:
            self.graph.create_graph(
                [
                    {"text": (r.metadata or {}).get("text"), "metadata": r.metadata or {}}
                    for r in results
                ],
                [r.vector or [] for r in results],
            )
            self._built = True
        ranked = self.graph.query(
            vector,
            top_k=top_k,
            random_walk_steps=int(
                rc.get("randomWalkSteps") or self.graph_options["random_walk_steps"]
            ),
            restart_prob=float(rc.get("restartProb") or self.graph_options["restart_prob"]),
        )
        return {
            "relevantContext": [r["content"] for r in ranked],
            "sources": [
                {
                    "id": r["id"],
                    "vector": [],
                    "score": r["score"],
                    "metadata": r["metadata"],
                    "document": r["content"],
                }
                for r in ranked
            ]
            if self.include_sources
            else [],
        }


def create_graph_rag_tool(
    *,
    vector_store: Any,
    index_name: str,
    embedder: Embedder | str | None = None,
    model: Embedder | str | None = None,
    id: str | None = None,
    description: str | None = None,
    graph_options: Mapping[str, Any] | None = None,
    enable_filter: bool = False,
    include_sources: bool = True,
    vector_store_name: str | None = None,
    seed: int | None = None,
    mastra_era: str | None = None,
) -> GraphRAGTool:
    """``graph_options``: ``dimension`` (1536), ``threshold`` (0.7), ``random_walk_steps``
    (100), ``restart_prob`` (0.15); Mastra's camelCase names work too. ``seed`` fixes the walks."""
    chosen = embedder if embedder is not None else model
    if chosen is None:
        raise ValueError("create_graph_rag_tool needs an embedder (or model)")
    return GraphRAGTool(
        vector_store=vector_store,
        index_name=index_name,
        embedder=chosen,
        id=id,
        description=description,
        enable_filter=enable_filter,
        include_sources=include_sources,
        vector_store_name=vector_store_name,
        graph_options=graph_options,
        seed=seed,
        mastra_era=mastra_era,
    )
