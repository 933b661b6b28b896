"""Lumos's metric API (``Metric.measure(input, output) -> MetricResult(score, info)``) and
Mastra 0.x's legacy ``evals`` metrics (``new BiasMetric(model)`` ...), on top of the scorers.

A metric is a scorer run on one input/output pair; ``info`` holds the scorer's reason and
step results. ``Evaluator`` runs several metrics on the same pair."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lumosai.evals import prebuilt
from lumosai.evals.scorer import Scorer


@dataclass(slots=True)
class MetricResult:
    score: float | None
    info: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class EvalResult:
    """One metric's result in ``Evaluator.evaluate`` (Lumos's ``EvalResult``)."""

    metric_name: str
    input: Any
    output: Any
    score: float | None
    info: dict[str, Any] = field(default_factory=dict)


class Metric:
    """A named measure of one input/output pair, backed by a ``Scorer``."""

    name = "metric"
    description = ""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer

    async def measure(self, input: Any, output: Any, **kwargs: Any) -> MetricResult:
        result = await self.scorer.run(input, output, **kwargs)
        return MetricResult(
            result.score,
            {
                "reason": result.reason,
                "preprocess": result.preprocess_step_result,
                "analyze": result.analyze_step_result,
            },
        )


def _metric(name: str, factory: Any, *, needs_model: bool) -> type[Metric]:
    def __init__(
        self: Metric, model: Any = None, options: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        settings = {**(options or {}), **kwargs}
        if needs_model:
            if model is None:
                raise ValueError(f"{name} needs a judge model")
            settings["model"] = model
        elif model is not None:
            settings = {**(model if isinstance(model, dict) else {}), **settings}
        Metric.__init__(self, factory(**settings))

    return type(name, (Metric,), {"name": name, "__init__": __init__, "__doc__": factory.__doc__})


AnswerRelevancyMetric = _metric(
    "AnswerRelevancyMetric", prebuilt.create_answer_relevancy_scorer, needs_model=True
)
BiasMetric = _metric("BiasMetric", prebuilt.create_bias_scorer, needs_model=True)
FaithfulnessMetric = _metric(
    "FaithfulnessMetric", prebuilt.create_faithfulness_scorer, needs_model=True
)
HallucinationMetric = _metric(
    "HallucinationMetric", prebuilt.create_hallucination_scorer, needs_model=True
)
ToxicityMetric = _metric("ToxicityMetric", prebuilt.create_toxicity_scorer, needs_model=True)
ContextPrecisionMetric = _metric(
    "ContextPrecisionMetric", prebuilt.create_context_precision_scorer, needs_model=True
)
SummarizationMetric = _metric(
    "SummarizationMetric", prebuilt.create_summarization_scorer, needs_model=True
)
PromptAlignmentMetric = _metric(
    "PromptAlignmentMetric", prebuilt.create_prompt_alignment_scorer_llm, needs_model=True
)
CompletenessMetric = _metric(
    "CompletenessMetric", prebuilt.create_completeness_scorer, needs_model=False
)
ContentSimilarityMetric = _metric(
    "ContentSimilarityMetric", prebuilt.create_content_similarity_scorer, needs_model=False
)
KeywordCoverageMetric = _metric(
    "KeywordCoverageMetric", prebuilt.create_keyword_coverage_scorer, needs_model=False
)
TextualDifferenceMetric = _metric(
    "TextualDifferenceMetric", prebuilt.create_textual_difference_scorer, needs_model=False
)
ToneConsistencyMetric = _metric(
    "ToneConsistencyMetric", prebuilt.create_tone_scorer, needs_model=False
)


class Evaluator:
    """Runs metrics on one input/output pair, concurrently; a failing metric gives a result
    with ``score=None`` and ``info["error"]``."""

    def __init__(self, metrics: Sequence[Metric]) -> None:
        self.metrics = list(metrics)

    async def evaluate(self, input: Any, output: Any) -> list[EvalResult]:
        async def one(metric: Metric) -> EvalResult:
            try:
                found = await metric.measure(input, output)
            except Exception as exc:
                return EvalResult(metric.name, input, output, None, {"error": str(exc)})
            return EvalResult(metric.name, input, output, found.score, found.info)

        return list(await asyncio.gather(*(one(m) for m in self.metrics)))
