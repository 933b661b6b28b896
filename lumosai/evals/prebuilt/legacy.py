"""The context metrics of Mastra 0.x (``@mastra/evals/llm`` 0.14) that 1.x dropped:
``ContextPositionMetric``, ``ContextRelevancyMetric`` and ``ContextualRecallMetric``, as
scorers with the same verdicts and formulas (our own prompt wording). 0.x metrics got the
prompt and the answer as text."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from lumosai.evals.prebuilt.llm import round2
from lumosai.evals.scorer import Scorer, create_scorer
from lumosai.evals.text import assistant_message, user_message
from lumosai.evals.types import PromptStep, StepContext

_VERDICTS: dict[str, Any] = {
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


def _verdicts(ctx: StepContext) -> list[str]:
    found = (ctx.results.analyze_step_result or {}).get("verdicts") or []
    return [str(v.get("verdict", "")) for v in found]


def _numbered(context: Sequence[str]) -> str:
    return "\n".join(f"[{i}] {piece}" for i, piece in enumerate(context)) or "(none)"


def _verdict_scorer(
    *,
    id: str,
    name: str,
    description: str,
    instructions: str,
    model: Any,
    prompt: Callable[[StepContext], str],
    score: Callable[[list[str]], float],
) -> Scorer:
    return (
        create_scorer(
            id=id,
            name=name,
            description=description,
            judge={"model": model, "instructions": instructions},
        )
        .analyze(PromptStep(description=description, output_schema=_VERDICTS, create_prompt=prompt))
        .generate_score(lambda ctx: score(_verdicts(ctx)))
        .generate_reason(
            PromptStep(
                description="Explain the score",
                create_prompt=lambda ctx: (
                    f"Question: {user_message(ctx.run.input)}\nAnswer: "
                    f"{assistant_message(ctx.run.output)}\nScore: {ctx.score}\nVerdicts: "
                    + json.dumps((ctx.results.analyze_step_result or {}).get("verdicts") or [])
                    + f"\n\nExplain the score in one or two sentences, starting with 'The score "
                    f"is {ctx.score} because'."
                ),
            )
        )
    )


def create_context_position_scorer(
    *, model: Any, context: Sequence[str], scale: float = 1
) -> Scorer:
    """0.x ``ContextPositionMetric``: relevant context pieces weighted by position (1/(i+1)),
    over the weight of all pieces: relevant pieces listed first score higher."""
    pieces = list(context)

    def prompt(ctx: StepContext) -> str:
        return (
            "For each numbered context piece, in order, say whether it is relevant to answering "
            'the question with this answer: verdict "yes" or "no" with a reason. Return JSON '
            '{"verdicts": [{"verdict", "reason"}]}, one per piece, in order.\n\n'
            f"Question: {user_message(ctx.run.input)}\nAnswer: "
            f"{assistant_message(ctx.run.output)}\n\nContext:\n{_numbered(pieces)}"
        )

    def score(verdicts: list[str]) -> float:
        relevant = [v.strip().lower() == "yes" for v in verdicts]
        weights = [1 / (i + 1) for i in range(len(relevant))]
        gained = sum(w for w, r in zip(weights, relevant, strict=True) if r)
        return round2(gained / sum(weights) * scale) if gained else 0.0

    return _verdict_scorer(
        id="context-position-metric",
        name="Context Position",
        description="Whether relevant context comes first (Mastra 0.x ContextPositionMetric)",
        instructions="You judge whether each retrieved context piece is relevant to a question.",
        model=model,
        prompt=prompt,
        score=score,
    )


def create_context_relevancy_scorer(
    *, model: Any, context: Sequence[str], scale: float = 1
) -> Scorer:
    """0.x ``ContextRelevancyMetric``: share of the context's statements relevant to the
    question."""
    pieces = list(context)

    def prompt(ctx: StepContext) -> str:
        return (
            "Split the context into statements and say for each whether it is relevant to the "
            'question: verdict "yes" or "no" with a reason. Return JSON {"verdicts": '
            '[{"verdict", "reason"}]}.\n\n'
            f"Question: {user_message(ctx.run.input)}\n\nContext:\n{_numbered(pieces)}"
        )

    def score(verdicts: list[str]) -> float:
        if not verdicts:
            return 0.0
        return round2(sum(1 for v in verdicts if v.lower() == "yes") / len(verdicts) * scale)

    return _verdict_scorer(
        id="context-relevancy-metric",
        name="Context Relevancy",
        description="How much of the context is relevant (Mastra 0.x ContextRelevancyMetric)",
        instructions="You judge which statements of a retrieved context are relevant to a question.",
        model=model,
        prompt=prompt,
        score=score,
    )


def create_contextual_recall_scorer(
    *, model: Any, context: Sequence[str], scale: float = 1
) -> Scorer:
    """0.x ``ContextualRecallMetric``: share of the answer's sentences the context supports
    (verdicts compared exactly with "yes", as 0.x does)."""
    pieces = list(context)

    def prompt(ctx: StepContext) -> str:
        return (
            "Split the answer into sentences and say for each whether the context supports it: "
            'verdict "yes" or "no" with a reason. Return JSON {"verdicts": [{"verdict", '
            '"reason"}]}, one per sentence.\n\n'
            f"Question: {user_message(ctx.run.input)}\nAnswer: "
            f"{assistant_message(ctx.run.output)}\n\nContext:\n{_numbered(pieces)}"
        )

    def score(verdicts: list[str]) -> float:
        if not verdicts:
            return 0.0
        return round2(sum(1 for v in verdicts if v == "yes") / len(verdicts) * scale)

    return _verdict_scorer(
        id="contextual-recall-metric",
        name="Contextual Recall",
        description="How much of the answer the context supports (Mastra 0.x ContextualRecallMetric)",
        instructions="You judge whether each sentence of an answer is supported by a retrieved context.",
        model=model,
        prompt=prompt,
        score=score,
    )


__all__ = [
    "create_context_position_scorer",
    "create_context_relevancy_scorer",
    "create_contextual_recall_scorer",
]
