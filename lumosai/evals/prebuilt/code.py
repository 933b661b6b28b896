"""The prebuilt scorers that need no LLM, with Mastra's ids, steps and formulas."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from typing import Any

from lumosai.evals.prebuilt import nlp
from lumosai.evals.scorer import Scorer, create_scorer
from lumosai.evals.text import input_text, message_text, messages_of, output_text, tool_calls
from lumosai.evals.types import StepContext


def _check_present(ctx: StepContext) -> None:
    bad_input = ctx.run.input is None or any(
        message_text(m) is None for m in messages_of(ctx.run.input)
    )
    bad_output = ctx.run.output is None or any(
        message_text(m) is None for m in messages_of(ctx.run.output, key="messages")
    )
    if bad_input or bad_output:
        raise ValueError("Inputs cannot be null or undefined")


def create_completeness_scorer() -> Scorer:
    """Share of the input's elements (words) found in the output."""

    def preprocess(ctx: StepContext) -> dict[str, Any]:
        _check_present(ctx)
        source = nlp.elements(input_text(ctx.run.input))
        answer = nlp.elements(output_text(ctx.run.output))
        return {
            "inputElements": source,
            "outputElements": answer,
            "missingElements": [e for e in source if e not in answer],
            "elementCounts": {"input": len(source), "output": len(answer)},
        }

    return (
        create_scorer(
            id="completeness-scorer",
            name="Completeness Scorer",
            description="Extract elements from the input and output and calculate the coverage.",
            type="agent",
        )
        .preprocess(preprocess)
        .generate_score(
            lambda ctx: nlp.coverage(
                ctx.results.preprocess_step_result["inputElements"],
                ctx.results.preprocess_step_result["outputElements"],
            )
        )
    )


def create_textual_difference_scorer() -> Scorer:
    """LCS similarity ratio of input and output text (1 = identical)."""

    def preprocess(ctx: StepContext) -> dict[str, Any]:
        source, answer = input_text(ctx.run.input), output_text(ctx.run.output)
        longest = max(len(source), len(answer))
        length_diff = abs(len(source) - len(answer)) / longest if longest else 0.0
        return {
            "ratio": nlp.lcs_ratio(source, answer),
            "confidence": 1 - length_diff,
            "changes": nlp.count_changes(source, answer),
            "lengthDiff": length_diff,
        }

    return (
        create_scorer(
            id="textual-difference-scorer",
            name="Textual Difference Scorer",
            description="Calculate textual difference between input and output using sequence matching algorithms.",
            type="agent",
        )
        .preprocess(preprocess)
        .generate_score(lambda ctx: ctx.results.preprocess_step_result["ratio"])
    )


def create_keyword_coverage_scorer() -> Scorer:
    """Share of the input's keywords (non-stop-words) that the output also has."""

    def preprocess(ctx: StepContext) -> dict[str, Any]:
        source, answer = input_text(ctx.run.input), output_text(ctx.run.output)
        return {"referenceKeywords": nlp.keywords(source), "responseKeywords": nlp.keywords(answer)}

    def analyze(ctx: StepContext) -> dict[str, int]:
        found = ctx.results.preprocess_step_result
        reference, response = found["referenceKeywords"], set(found["responseKeywords"])
        return {
            "totalKeywordsLength": len(reference),
            "matchedKeywordsLength": sum(1 for k in reference if k in response),
        }

    def score(ctx: StepContext) -> float:
        counts = ctx.results.analyze_step_result
        if not counts["totalKeywordsLength"]:
            return 1.0
        return counts["matchedKeywordsLength"] / counts["totalKeywordsLength"]

    return (
        create_scorer(
            id="keyword-coverage-scorer",
            name="Keyword Coverage Scorer",
            description="Extract keywords from the input and output and calculate the coverage.",
            type="agent",
        )
        .preprocess(preprocess)
        .analyze(analyze)
        .generate_score(score)
    )


def create_content_similarity_scorer(
    *, ignore_case: bool = True, ignore_whitespace: bool = True
) -> Scorer:
    """Dice bigram similarity of input and output text."""

    def preprocess(ctx: StepContext) -> dict[str, str]:
        source, answer = input_text(ctx.run.input), output_text(ctx.run.output)
        if ignore_case:
            source, answer = source.lower(), answer.lower()
        if ignore_whitespace:
            source = re.sub(r"\s+", " ", source).strip()
            answer = re.sub(r"\s+", " ", answer).strip()
        return {"processedInput": source, "processedOutput": answer}

    return (
        create_scorer(
            id="content-similarity-scorer",
            name="Content Similarity Scorer",
            description="Calculates content similarity between input and output messages using string comparison algorithms.",
            type="agent",
        )
        .preprocess(preprocess)
        .generate_score(
            lambda ctx: nlp.dice_similarity(
                ctx.results.preprocess_step_result["processedInput"],
                ctx.results.preprocess_step_result["processedOutput"],
            )
        )
    )


def create_tone_scorer(*, reference_tone: str | None = None) -> Scorer:
    """With ``reference_tone``: 1 - |sentiment difference|; without: 1 - variance of the
    per-sentence sentiment (a steady tone scores 1)."""

    def preprocess(ctx: StepContext) -> dict[str, float]:
        answer = output_text(ctx.run.output)
        response = nlp.comparative_sentiment(answer)
        if reference_tone:
            reference = nlp.comparative_sentiment(reference_tone)
            diff = abs(response - reference)
            return {
                "score": max(0.0, 1 - diff),
                "responseSentiment": response,
                "referenceSentiment": reference,
                "difference": diff,
            }
        sentences = re.findall(r"[^.!?]+[.!?]+", answer) or [answer]
        values = [nlp.comparative_sentiment(s) for s in sentences]
        average = sum(values) / len(values)
        variance = sum((v - average) ** 2 for v in values) / len(values)
        return {
            "score": max(0.0, 1 - variance),
            "avgSentiment": average,
            "sentimentVariance": variance,
        }

    return (
        create_scorer(
            id="tone-scorer",
            name="Tone Scorer",
            description="Analyzes the tone and sentiment of agent responses using sentiment analysis.",
            type="agent",
        )
        .preprocess(preprocess)
        .generate_score(lambda ctx: ctx.results.preprocess_step_result["score"])
    )


def _in_order(actual: list[str], expected: Sequence[str], strict: bool) -> bool:
    if strict:
        return json.dumps(actual) == json.dumps(list(expected))
    positions = []
    for name in expected:
        if name not in actual:
            return False
        positions.append(actual.index(name))
    return all(b > a for a, b in itertools.pairwise(positions))


def create_tool_call_accuracy_scorer_code(
    *,
    expected_tool: str | None = None,
    strict_mode: bool = False,
    expected_tool_order: Sequence[str] | None = None,
) -> Scorer:
    """1 when the agent called ``expected_tool`` (only it, in strict mode), or called the
    tools of ``expected_tool_order`` in that order; else 0."""
    if not expected_tool and not expected_tool_order:
        raise ValueError("Either expected_tool or expected_tool_order must be provided")
    description = (
        f"Evaluates whether the LLM called tools in the correct order: [{', '.join(expected_tool_order)}]"
        if expected_tool_order
        else f"Evaluates whether the LLM selected the correct tool ({expected_tool}) from the available tools"
    )

    def preprocess(ctx: StepContext) -> dict[str, Any]:
        if not messages_of(ctx.run.input) or not messages_of(ctx.run.output, key="messages"):
            raise ValueError("Input and output messages cannot be null or empty")
        actual = tool_calls(ctx.run.output)
        correct = (
            (
                (len(actual) == 1 and actual[0] == expected_tool)
                if strict_mode
                else expected_tool in actual
            )
            if expected_tool
            else False
        )
        return {
            "expectedTool": expected_tool,
            "actualTools": actual,
            "strictMode": strict_mode,
            "expectedToolOrder": list(expected_tool_order or []) or None,
            "hasToolCalls": bool(actual),
            "correctToolCalled": correct,
            "correctOrderCalled": _in_order(actual, expected_tool_order, strict_mode)
            if expected_tool_order
            else None,
        }

    def score(ctx: StepContext) -> float:
        found = ctx.results.preprocess_step_result
        actual = found["actualTools"]
        if not actual:
            return 0.0
        if expected_tool_order:
            return 1.0 if _in_order(actual, expected_tool_order, strict_mode) else 0.0
        if strict_mode:
            return 1.0 if len(actual) == 1 and actual[0] == expected_tool else 0.0
        return 1.0 if expected_tool in actual else 0.0

    return (
        create_scorer(
            id="code-tool-call-accuracy-scorer",
            name="Tool Call Accuracy Scorer",
            description=description,
            type="agent",
        )
        .preprocess(preprocess)
        .generate_score(score)
    )
