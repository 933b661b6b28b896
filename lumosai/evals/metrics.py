"""Lumos's metric API (``Metric.measure(input, output) -> MetricResult(score, info)``) and
Mastra 0.x's legacy ``evals`` metrics (``new BiasMetric(model)`` ...), on top of the scorers.

A metric is a scorer run on one input/output pair; ``info`` holds the scorer's reason and
step results. ``Evaluator`` runs several metrics on the same pair."""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lumosai.evals import prebuilt
from lumosai.evals.scorer import Scorer, create_scorer
from lumosai.evals.text import assistant_message, user_message
from lumosai.evals.types import StepContext


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
    """A named measure of one input/output pair: backed by a ``Scorer``, or a subclass that
    overrides ``measure`` (as Mastra 0.x custom metrics do)."""

    name = "metric"
    description = ""

    def __init__(self, scorer: Scorer | None = None) -> None:
        self.scorer = scorer

    async def measure(self, input: Any, output: Any, **kwargs: Any) -> MetricResult:
        if self.scorer is None:
            raise NotImplementedError(f"{type(self).__name__} must override measure()")
        result = await self.scorer.run(input, output, **kwargs)
        return MetricResult(
            result.score,
            {
                "reason": result.reason,
                "preprocess": result.preprocess_step_result,
                "analyze": result.analyze_step_result,
            },
        )

    def as_scorer(self, id: str | None = None) -> Scorer:
        """This metric as a scorer (for ``Agent(scorers=...)`` and ``run_evals``): the input
        and output texts go to ``measure``; ``info["reason"]`` becomes the reason."""
        if self.scorer is not None:
            return self.scorer
        metric = self

        async def measured(ctx: StepContext) -> dict[str, Any]:
            found = await metric.measure(
                _text_of(ctx.run.input, user=True), _text_of(ctx.run.output, user=False)
            )
            return {"score": found.score, "info": found.info}

        def reason(ctx: StepContext) -> str | None:
            info = (ctx.results.analyze_step_result or {}).get("info") or {}
            found = info.get("reason") if isinstance(info, dict) else None
            return None if found is None else str(found)

        return (
            create_scorer(id=id or self.name, description=self.description or self.name)
            .analyze(measured)
            .generate_score(lambda ctx: (ctx.results.analyze_step_result or {}).get("score"))
            .generate_reason(reason)
        )


def _text_of(value: Any, *, user: bool) -> Any:
    """Mastra 0.x gave metrics the prompt and the answer as text."""
    if isinstance(value, str) or value is None:
        return value
    return user_message(value) if user else assistant_message(value)


def metric_result(value: Any) -> MetricResult:
    """A ``MetricResult`` from what a ported ``measure`` returns (``{"score", "info"}``)."""
    if isinstance(value, MetricResult):
        return value
    if isinstance(value, Mapping):
        info = value.get("info")
        score = value.get("score")
        return MetricResult(
            None if score is None else float(score), dict(info) if isinstance(info, Mapping) else {}
        )
    raise TypeError(f"measure() returned {type(value).__name__}, expected {{score, info}}")


StateFunction = Callable[..., Any]


def custom_metric(
    name: str,
    *,
    measure: StateFunction,
    init: StateFunction | None = None,
    methods: Mapping[str, StateFunction] | None = None,
    fields: Mapping[str, Any] | None = None,
    doc: str = "",
) -> type[Metric]:
    """A ``Metric`` class from a ported TypeScript ``class X extends Metric``: each function
    takes the instance state (a dict: ``this.x`` is ``state["x"]``) first. ``init`` is the
    constructor, ``methods`` the other methods (``this.helper(...)`` calls
    ``state["helper"](...)``), ``fields`` the initialised class fields."""

    def __init__(self: Metric, *args: Any, **kwargs: Any) -> None:
        Metric.__init__(self)
        state: dict[str, Any] = dict(fields or {})
        for method, function in (methods or {}).items():
            state[method] = functools.partial(function, state)
        self.state = state  # type: ignore[attr-defined]
        if init is not None:
            init(state, *args, **kwargs)

    async def measure_method(self: Metric, input: Any, output: Any, **_: Any) -> MetricResult:
        found = measure(self.state, input, output)  # type: ignore[attr-defined]
        if inspect.isawaitable(found):
            found = await found
        return metric_result(found)

    return type(
        name,
        (Metric,),
        {"name": name, "__init__": __init__, "measure": measure_method, "__doc__": doc or None},
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
    "PromptAlignmentMetric", prebuilt.create_instruction_alignment_scorer, needs_model=True
)
ContextPositionMetric = _metric(
    "ContextPositionMetric", prebuilt.create_context_position_scorer, needs_model=True
)
ContextRelevancyMetric = _metric(
    "ContextRelevancyMetric", prebuilt.create_context_relevancy_scorer, needs_model=True
)
ContextualRecallMetric = _metric(
    "ContextualRecallMetric", prebuilt.create_contextual_recall_scorer, needs_model=True
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
