"""Re-ranking vector results (Mastra's ``rerank`` / ``rerankWithScorer``): a weighted sum of
an LLM relevance score, the vector score and the original position (weights 0.4/0.4/0.2),
best first, ``top_k`` kept."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from lumosai.vector.base import QueryResult
from lumosai.vector.record import Record

DEFAULT_WEIGHTS = {"semantic": 0.4, "vector": 0.4, "position": 0.2}

RELEVANCE_INSTRUCTIONS = (
    "You rate how well a text passage answers a query. Output only a number between 0 and 1: "
    "1.0 = directly and completely answers it, 0.0 = irrelevant. No explanation."
)


class RelevanceScorer(Protocol):
    async def get_relevance_score(self, query: str, text: str) -> float: ...


class AgentRelevanceScorer:
    """Asks a model (through the provider layer) for a 0..1 relevance score."""

    def __init__(self, model: Any, name: str = "relevance-scorer") -> None:
        from lumosai.agent import Agent

        self.agent = Agent(name=name, instructions=RELEVANCE_INSTRUCTIONS, model=model)

    async def get_relevance_score(self, query: str, text: str) -> float:
        answer = await self.agent.generate(f"Query: {query}\n\nText: {text}\n\nRelevance (0-1):")
        return parse_relevance(answer.text)


def parse_relevance(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"Invalid relevance score returned by model: {text!r}")
    return value


class RerankResult(Record):
    """``{"result", "score", "details"}`` as Mastra's ``rerank`` returns it (also read as
    attributes): the vector hit, its combined score, and the parts of that score."""

    __slots__ = ()

    def __init__(
        self, result: QueryResult, score: float, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(result=result, score=score, details=details if details is not None else {})

    @property
    def result(self) -> QueryResult:
        value: QueryResult = self["result"]
        return value

    @property
    def score(self) -> float:
        return float(self["score"])

    @property
    def details(self) -> dict[str, Any]:
        value: dict[str, Any] = self["details"]
        return value


def _query_adjustment(embedding: Sequence[float]) -> float:
    magnitude = math.sqrt(sum(v * v for v in embedding))
    return (1.1 if magnitude > 10 else 1.0) * (1.05 if magnitude > 5 else 1.0)


async def rerank_with_scorer(
    results: Sequence[QueryResult],
    query: str,
    scorer: RelevanceScorer,
    *,
    weights: Mapping[str, float] | None = None,
    top_k: int = 3,
    query_embedding: Sequence[float] | None = None,
) -> list[RerankResult]:
    chosen = {**DEFAULT_WEIGHTS, **(weights or {})}
    total = sum(Decimal(str(w)) for w in chosen.values())
    if total != 1:
        raise ValueError(f"Weights must add up to 1. Got {total} from {chosen}")
    count = len(results)
    adjust = _query_adjustment(query_embedding) if query_embedding is not None else 1.0

    async def one(index: int, result: QueryResult) -> RerankResult:
        # read as a mapping: hits from any store, or plain dicts shaped like them
        text = (result.get("metadata") or {}).get("text")
        semantic = await scorer.get_relevance_score(query, str(text)) if text else 0.0
        position = 1 - index / count
        vector_score = float(result["score"])
        final = (
            chosen["semantic"] * semantic
            + chosen["vector"] * vector_score
            + chosen["position"] * position
        ) * adjust
        return RerankResult(
            result, final, {"semantic": semantic, "vector": vector_score, "position": position}
        )

    scored = await asyncio.gather(*(one(i, r) for i, r in enumerate(results)))
    return sorted(scored, key=lambda r: r.score, reverse=True)[:top_k]


async def rerank(
    results: Sequence[QueryResult],
    query: str,
    model: Any,
    *,
    weights: Mapping[str, float] | None = None,
    top_k: int = 3,
    query_embedding: Sequence[float] | None = None,
) -> list[RerankResult]:
    """Re-rank with ``model`` (a model string, provider model or ``ScriptedModel``) as judge."""
    return await rerank_with_scorer(
        results,
        query,
        AgentRelevanceScorer(model),
        weights=weights,
        top_k=top_k,
        query_embedding=query_embedding,
    )
