"""Evals: Mastra-style scorers (``create_scorer`` with preprocess / analyze / generate_score /
generate_reason steps, as functions or LLM-judge prompts), the prebuilt scorers, ``run_evals``
over a dataset, and scorers attached to agents with sampling.

``from lumosai.evals import create_scorer, run_evals``
"""

from lumosai.evals.attach import AttachedScorer, ScoreLog
from lumosai.evals.metrics import (
    AnswerRelevancyMetric,
    BiasMetric,
    CompletenessMetric,
    ContentSimilarityMetric,
    ContextPrecisionMetric,
    EvalResult,
    Evaluator,
    FaithfulnessMetric,
    HallucinationMetric,
    KeywordCoverageMetric,
    Metric,
    MetricResult,
    TextualDifferenceMetric,
    ToneConsistencyMetric,
    ToxicityMetric,
)
from lumosai.evals.prebuilt import (
    create_answer_relevancy_scorer,
    create_bias_scorer,
    create_completeness_scorer,
    create_content_similarity_scorer,
    create_context_precision_scorer,
    create_faithfulness_scorer,
    create_hallucination_scorer,
    create_keyword_coverage_scorer,
    create_textual_difference_scorer,
    create_tone_scorer,
    create_tool_call_accuracy_scorer_code,
    create_toxicity_scorer,
)
from lumosai.evals.run import EvalItemResult, EvalsResult, run_evals
from lumosai.evals.scorer import Scorer, create_scorer, unconverted_scorer
from lumosai.evals.types import (
    JudgeConfig,
    PromptStep,
    ScorerError,
    ScoreResult,
    ScorerRun,
    ScorerRunError,
    StepContext,
    StepResults,
)

__all__ = [
    "AnswerRelevancyMetric",
    "AttachedScorer",
    "BiasMetric",
    "CompletenessMetric",
    "ContentSimilarityMetric",
    "ContextPrecisionMetric",
    "EvalItemResult",
    "EvalResult",
    "EvalsResult",
    "Evaluator",
    "FaithfulnessMetric",
    "HallucinationMetric",
    "JudgeConfig",
    "KeywordCoverageMetric",
    "Metric",
    "MetricResult",
    "PromptStep",
    "ScoreLog",
    "ScoreResult",
    "Scorer",
    "ScorerError",
    "ScorerRun",
    "ScorerRunError",
    "StepContext",
    "StepResults",
    "TextualDifferenceMetric",
    "ToneConsistencyMetric",
    "ToxicityMetric",
    "create_answer_relevancy_scorer",
    "create_bias_scorer",
    "create_completeness_scorer",
    "create_content_similarity_scorer",
    "create_context_precision_scorer",
    "create_faithfulness_scorer",
    "create_hallucination_scorer",
    "create_keyword_coverage_scorer",
    "create_scorer",
    "create_textual_difference_scorer",
    "create_tone_scorer",
    "create_tool_call_accuracy_scorer_code",
    "create_toxicity_scorer",
    "run_evals",
    "unconverted_scorer",
]
