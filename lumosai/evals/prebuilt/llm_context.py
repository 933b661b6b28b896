"""LLM-judged scorers of retrieved context (``@mastra/evals`` 1.x ``context-relevance`` and
``context-recall``): the judge rates each context piece (or each ground-truth claim) and the
score is Mastra's formula over those ratings. Prompts are our own wording of the same task."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lumosai.evals.prebuilt.llm import round2
from lumosai.evals.scorer import Scorer, create_scorer
from lumosai.evals.text import assistant_message, user_message
from lumosai.evals.types import PromptStep, StepContext

ContextExtractor = Callable[[Any, Any], Sequence[str]]

#: Weight of each relevance level in the context relevance score.
RELEVANCE_WEIGHTS: dict[str, float] = {"high": 1.0, "medium": 0.7, "low": 0.3, "none": 0.0}
#: Mastra's default penalties: an unused highly relevant piece, each missing piece, their cap.
DEFAULT_RELEVANCE_PENALTIES: dict[str, float] = {
    "unused_high_relevance_context": 0.1,
    "missing_context_per_item": 0.15,
    "max_missing_context_penalty": 0.5,
}
_PENALTY_ALIASES = {
    "unusedHighRelevanceContext": "unused_high_relevance_context",
    "missingContextPerItem": "missing_context_per_item",
    "maxMissingContextPenalty": "max_missing_context_penalty",
}


def _check_context(
    kind: str, context: Sequence[str] | None, extractor: ContextExtractor | None
) -> None:
    if context is None and extractor is None:
        raise ValueError(f"Either context or context_extractor is required for {kind} scoring")
    if context is not None and len(context) == 0:
        raise ValueError("Context array cannot be empty if provided")


def _pieces(
    ctx: StepContext, context: Sequence[str] | None, extractor: ContextExtractor | None
) -> list[str]:
    if extractor is not None:
        return list(extractor(ctx.run.input, ctx.run.output))
    return list(context or [])


def _ground_truth(ctx: StepContext) -> str:
    truth = ctx.run.ground_truth
    if not truth:
        return ""
    return truth if isinstance(truth, str) else json.dumps(truth)


def _penalties(given: Mapping[str, float] | None) -> dict[str, float]:
    found = dict(DEFAULT_RELEVANCE_PENALTIES)
    for key, value in (given or {}).items():
        found[_PENALTY_ALIASES.get(key, key)] = float(value)
    return found


def create_context_relevance_scorer_llm(
    *,
    model: Any,
    context: Sequence[str] | None = None,
    context_extractor: ContextExtractor | None = None,
    penalties: Mapping[str, float] | None = None,
    scale: float = 1,
) -> Scorer:
    """How relevant and used each context piece was: the mean relevance weight (high 1,
    medium 0.7, low 0.3, none 0), minus 0.1 per highly relevant piece the answer did not use
    and 0.15 per piece of missing context (at most 0.5), floored at 0."""
    _check_context("Context Relevance", context, context_extractor)
    rates = _penalties(penalties)

    def prompt(ctx: StepContext) -> str:
        found = _pieces(ctx, context, context_extractor) or [
            "[No context was provided for evaluation]"
        ]
        numbered = "\n".join(f"[{i}] {piece}" for i, piece in enumerate(found))
        return (
            "Judge each numbered context piece for the question and the answer it led to: its "
            'relevanceLevel to the question ("high" essential, "medium" useful background, '
            '"low" tangential, "none" unrelated), whether the answer wasUsed it, and your '
            "reasoning. List in missingContext any information that should have been provided. "
            'Return JSON {"evaluations": [{"context_index", "contextPiece", "relevanceLevel", '
            '"wasUsed", "reasoning"}], "missingContext": [...], "overallAssessment": "..."} '
            "with one evaluation per piece.\n\nQuestion:\n"
            + user_message(ctx.run.input)
            + "\n\nAnswer:\n"
            + assistant_message(ctx.run.output)
            + "\n\nContext:\n"
            + numbered
        )

    def score(ctx: StepContext) -> float:
        if not _pieces(ctx, context, context_extractor):
            return 1 * scale
        analysis = ctx.results.analyze_step_result or {}
        evaluations = list(analysis.get("evaluations") or [])
        missing = list(analysis.get("missingContext") or [])
        if not evaluations:
            return 0.0 if missing else 1.0
        weights = [RELEVANCE_WEIGHTS.get(str(e.get("relevanceLevel")), 0.0) for e in evaluations]
        relevance = sum(weights) / len(evaluations)
        unused = sum(
            1 for e in evaluations if e.get("relevanceLevel") == "high" and not e.get("wasUsed")
        )
        missing_penalty = min(
            len(missing) * rates["missing_context_per_item"], rates["max_missing_context_penalty"]
        )
        penalty = unused * rates["unused_high_relevance_context"] + missing_penalty
        return round2(max(0.0, relevance - penalty) * scale)

    def reason(ctx: StepContext) -> str:
        if not _pieces(ctx, context, context_extractor):
            return (
                "No context was available for evaluation. The agent response was generated "
                f"without any supporting context. Score: {ctx.score}"
            )
        analysis = ctx.results.analyze_step_result or {}
        return (
            f"Question: {user_message(ctx.run.input)}\nScore: {ctx.score} out of {scale}\n"
            f"Evaluations: {json.dumps(analysis.get('evaluations') or [])}\n"
            f"Missing context: {json.dumps(analysis.get('missingContext') or [])}\n\n"
            "Relevance weights are high 1, medium 0.7, low 0.3, none 0, with penalties for "
            "unused highly relevant pieces and missing context. Explain the score in one or two "
            f"sentences, starting with 'The score is {ctx.score} because'."
        )

    schema = {
        "type": "object",
        "title": "context_relevance",
        "properties": {
            "evaluations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "context_index": {"type": "number"},
                        "contextPiece": {"type": "string"},
                        "relevanceLevel": {
                            "type": "string",
                            "enum": list(RELEVANCE_WEIGHTS),
                        },
                        "wasUsed": {"type": "boolean"},
                        "reasoning": {"type": "string"},
                    },
                    "required": [
                        "context_index",
                        "contextPiece",
                        "relevanceLevel",
                        "wasUsed",
                        "reasoning",
                    ],
                },
            },
            "missingContext": {"type": "array", "items": {"type": "string"}, "default": []},
            "overallAssessment": {"type": "string"},
        },
        "required": ["evaluations", "overallAssessment"],
    }
    return (
        create_scorer(
            id="context-relevance-scorer",
            name="Context Relevance (LLM)",
            description="Evaluates how relevant and useful the provided context was for generating the agent response",
            judge={
                "model": model,
                "instructions": "You judge whether the context given to an agent was relevant to the user's query and used in its answer.",
            },
            type="agent",
        )
        .analyze(
            PromptStep(
                description="Analyze the relevance and utility of provided context",
                output_schema=schema,
                create_prompt=prompt,
            )
        )
        .generate_score(score)
        .generate_reason(
            PromptStep(
                description="Generate human-readable explanation of context relevance evaluation",
                create_prompt=reason,
            )
        )
    )


def create_context_recall_scorer(
    *,
    model: Any,
    context: Sequence[str] | None = None,
    context_extractor: ContextExtractor | None = None,
    scale: float = 1,
) -> Scorer:
    """Share of the ground truth's claims the retrieved context supports (0 without ground
    truth or claims)."""
    _check_context("Context Recall", context, context_extractor)

    def claims(ctx: StepContext) -> list[str]:
        return list((ctx.results.preprocess_step_result or {}).get("claims") or [])

    def attribution_prompt(ctx: StepContext) -> str:
        numbered = "\n".join(f"- {c}" for c in claims(ctx)) or "(none)"
        found = _pieces(ctx, context, context_extractor)
        return (
            'For each claim, say whether the context supports it: verdict "yes" or "no" with '
            'a reason. Return JSON {"verdicts": [{"verdict", "reason"}]} in claim order.\n\n'
            "Context:\n"
            + ("\n".join(f"- {piece}" for piece in found) or "(none)")
            + "\n\nClaims:\n"
            + numbered
        )

    def score(ctx: StepContext) -> float:
        total = len(claims(ctx))
        if not ctx.run.ground_truth or total == 0:
            return 0.0
        verdicts = (ctx.results.analyze_step_result or {}).get("verdicts") or []
        attributed = sum(1 for v in verdicts if str(v.get("verdict", "")).strip().lower() == "yes")
        return round2(min(1.0, attributed / total) * scale)

    verdicts_schema = {
        "type": "object",
        "title": "verdicts",
        "properties": {
            "verdicts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"verdict": {"type": "string"}, "reason": {"type": "string"}},
                    "required": ["verdict", "reason"],
                },
            }
        },
        "required": ["verdicts"],
    }
    return (
        create_scorer(
            id="context-recall-scorer",
            name="Context Recall Scorer",
            description="A scorer that evaluates how well retrieved context covers the claims in a ground-truth reference answer",
            judge={
                "model": model,
                "instructions": "You check whether retrieved context contains the facts of a reference answer, using only that context.",
            },
            type="agent",
        )
        .preprocess(
            PromptStep(
                description="Extract atomic claims from the ground-truth answer",
                output_schema={
                    "type": "object",
                    "title": "claims",
                    "properties": {"claims": {"type": "array", "items": {"type": "string"}}},
                    "required": ["claims"],
                },
                create_prompt=lambda ctx: (
                    "Split this reference answer into short atomic factual claims. Return JSON "
                    '{"claims": [...]} (empty for an empty answer).\n\nReference answer:\n'
                    + _ground_truth(ctx)
                ),
            )
        )
        .analyze(
            PromptStep(
                description="Check if each ground-truth claim is attributable to the retrieval context",
                output_schema=verdicts_schema,
                create_prompt=attribution_prompt,
            )
        )
        .generate_score(score)
        .generate_reason(
            PromptStep(
                description="Explain the context recall evaluation results",
                create_prompt=lambda ctx: (
                    f"Reference answer: {_ground_truth(ctx)}\nScore: {ctx.score} out of {scale}\n"
                    "Verdicts: "
                    + json.dumps((ctx.results.analyze_step_result or {}).get("verdicts") or [])
                    + "\n\nExplain in one or two sentences which claims the context covers and "
                    f"which it misses, starting with 'The score is {ctx.score} because'."
                ),
            )
        )
    )


__all__ = [
    "DEFAULT_RELEVANCE_PENALTIES",
    "RELEVANCE_WEIGHTS",
    "create_context_recall_scorer",
    "create_context_relevance_scorer_llm",
]
