"""Mastra's prebuilt scorers (``@mastra/evals`` 1.10 ``scorers/prebuilt``): the code ones with
the same formulas, and the LLM-judged ones through the provider layer."""

from lumosai.evals.prebuilt.code import (
    create_completeness_scorer,
    create_content_similarity_scorer,
    create_keyword_coverage_scorer,
    create_textual_difference_scorer,
    create_tone_scorer,
    create_tool_call_accuracy_scorer_code,
)
from lumosai.evals.prebuilt.llm import (
    create_answer_relevancy_scorer,
    create_bias_scorer,
    create_context_precision_scorer,
    create_faithfulness_scorer,
    create_hallucination_scorer,
    create_prompt_alignment_scorer_llm,
    create_summarization_scorer,
    create_toxicity_scorer,
)

__all__ = [
    "create_answer_relevancy_scorer",
    "create_bias_scorer",
    "create_completeness_scorer",
    "create_content_similarity_scorer",
    "create_context_precision_scorer",
    "create_faithfulness_scorer",
    "create_hallucination_scorer",
    "create_keyword_coverage_scorer",
    "create_prompt_alignment_scorer_llm",
    "create_summarization_scorer",
    "create_textual_difference_scorer",
    "create_tone_scorer",
    "create_tool_call_accuracy_scorer_code",
    "create_toxicity_scorer",
]
