"""Mastra's prebuilt scorers (``@mastra/evals`` 1.10 ``scorers/prebuilt``): the code ones with
the same formulas, and the LLM-judged ones through the provider layer."""

from lumosai.evals.prebuilt.checks import checks
from lumosai.evals.prebuilt.code import (
    create_completeness_scorer,
    create_content_similarity_scorer,
    create_keyword_coverage_scorer,
    create_textual_difference_scorer,
    create_tone_scorer,
    create_tool_call_accuracy_scorer_code,
)
from lumosai.evals.prebuilt.legacy import (
    create_context_position_scorer,
    create_context_relevancy_scorer,
    create_contextual_recall_scorer,
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
from lumosai.evals.prebuilt.llm_context import (
    create_context_recall_scorer,
    create_context_relevance_scorer_llm,
)
from lumosai.evals.prebuilt.llm_judges import (
    create_answer_similarity_scorer,
    create_instruction_alignment_scorer,
    create_multi_turn_judge_scorer,
    create_noise_sensitivity_scorer_llm,
    create_rubric_scorer,
    create_tool_call_accuracy_scorer_llm,
)
from lumosai.evals.prebuilt.trajectory import (
    compare_trajectories,
    create_trajectory_accuracy_scorer_code,
    create_trajectory_accuracy_scorer_llm,
    trajectory_of,
)
from lumosai.evals.prebuilt.trajectory_checks import create_trajectory_scorer_code

__all__ = [
    "checks",
    "compare_trajectories",
    "create_answer_relevancy_scorer",
    "create_answer_similarity_scorer",
    "create_bias_scorer",
    "create_completeness_scorer",
    "create_content_similarity_scorer",
    "create_context_position_scorer",
    "create_context_precision_scorer",
    "create_context_recall_scorer",
    "create_context_relevance_scorer_llm",
    "create_context_relevancy_scorer",
    "create_contextual_recall_scorer",
    "create_faithfulness_scorer",
    "create_hallucination_scorer",
    "create_instruction_alignment_scorer",
    "create_keyword_coverage_scorer",
    "create_multi_turn_judge_scorer",
    "create_noise_sensitivity_scorer_llm",
    "create_prompt_alignment_scorer_llm",
    "create_rubric_scorer",
    "create_summarization_scorer",
    "create_textual_difference_scorer",
    "create_tone_scorer",
    "create_tool_call_accuracy_scorer_code",
    "create_tool_call_accuracy_scorer_llm",
    "create_toxicity_scorer",
    "create_trajectory_accuracy_scorer_code",
    "create_trajectory_accuracy_scorer_llm",
    "create_trajectory_scorer_code",
    "trajectory_of",
]
