"""Mastra's ``checks`` (``@mastra/evals`` 1.10): one-line code scorers that score 1 when an
agent run passes a check and 0 otherwise (``similarity`` without a threshold gives the raw
similarity). ``from lumosai.evals import checks``; ``checks.includes("sunny")``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from lumosai.evals.prebuilt.nlp import dice_similarity
from lumosai.evals.scorer import Scorer, create_scorer
from lumosai.evals.text import message_text, messages_of, tool_calls
from lumosai.evals.types import StepContext


def _role(message: Any) -> str | None:
    if isinstance(message, Mapping):
        return message.get("role")
    return getattr(message, "role", "assistant")


def assistant_text(output: Any, separator: str) -> str:
    """The text of the output's assistant messages, joined (Mastra's checks)."""
    if isinstance(output, str):
        return output
    return separator.join(
        message_text(m) or ""
        for m in messages_of(output, key="messages")
        if _role(m) == "assistant"
    )


def _check(id: str, name: str, description: str, measure: Any) -> Scorer:
    return (
        create_scorer(id=id, name=name, description=description, type="agent")
        .preprocess(measure)
        .generate_score(
            lambda ctx: 1.0 if (ctx.results.preprocess_step_result or {}).get("passed") else 0.0
        )
    )


def _text_check(
    id: str, name: str, description: str, target: str, ignore_case: bool, separator: str, test: Any
) -> Scorer:
    def measure(ctx: StepContext) -> dict[str, Any]:
        output = assistant_text(ctx.run.output, separator)
        wanted = target
        if ignore_case:
            output, wanted = output.lower(), wanted.lower()
        return {"output": output, "target": wanted, "passed": test(output, wanted)}

    return _check(id, name, description, measure)


def includes(expected: str, *, ignore_case: bool = True) -> Scorer:
    """1 if the answer contains ``expected``."""
    return _text_check(
        "check-includes",
        "Includes Check",
        f'Checks if output includes "{expected}"',
        expected,
        ignore_case,
        " ",
        lambda output, wanted: wanted in output,
    )


def excludes(unwanted: str, *, ignore_case: bool = True) -> Scorer:
    """1 if the answer does not contain ``unwanted``."""
    return _text_check(
        "check-excludes",
        "Excludes Check",
        f'Checks that output does not include "{unwanted}"',
        unwanted,
        ignore_case,
        " ",
        lambda output, wanted: wanted not in output,
    )


def equals(expected: str, *, ignore_case: bool = True) -> Scorer:
    """1 if the answer is exactly ``expected``."""
    return _text_check(
        "check-equals",
        "Equals Check",
        f'Checks if output equals "{expected}"',
        expected,
        ignore_case,
        "",
        lambda output, wanted: output == wanted,
    )


def matches(pattern: str | re.Pattern[str], *, exact: bool = False) -> Scorer:
    """1 if the answer matches the regular expression (the whole answer with ``exact``)."""
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern

    def measure(ctx: StepContext) -> dict[str, Any]:
        output = assistant_text(ctx.run.output, "")
        found = compiled.fullmatch(output) if exact else compiled.search(output)
        return {"output": output, "pattern": compiled.pattern, "passed": found is not None}

    return _check(
        "check-matches",
        "Matches Check",
        f"Checks if output matches pattern {compiled.pattern}",
        measure,
    )


def similarity(
    expected: str, *, ignore_case: bool = True, threshold: float | None = None
) -> Scorer:
    """Dice similarity of the answer to ``expected``; with ``threshold``, 1 at or above it."""

    def measure(ctx: StepContext) -> dict[str, Any]:
        output, wanted = assistant_text(ctx.run.output, " "), expected
        if ignore_case:
            output, wanted = output.lower(), wanted.lower()
        return {"output": output, "target": wanted, "score": dice_similarity(output, wanted)}

    def score(ctx: StepContext) -> float:
        value = float((ctx.results.preprocess_step_result or {}).get("score") or 0)
        if threshold is None:
            return value
        return 1.0 if value >= threshold else 0.0

    return (
        create_scorer(
            id="check-similarity",
            name="Similarity Check",
            description=f'Checks string similarity to "{expected}"',
            type="agent",
        )
        .preprocess(measure)
        .generate_score(score)
    )


def called_tool(tool_name: str, *, times: int = 1) -> Scorer:
    """1 if ``tool_name`` was called at least ``times`` times."""

    def measure(ctx: StepContext) -> dict[str, Any]:
        count = tool_calls(ctx.run.output).count(tool_name)
        return {
            "toolName": tool_name,
            "expectedTimes": times,
            "actualCount": count,
            "passed": count >= times,
        }

    suffix = f" at least {times} times" if times > 1 else ""
    return _check(
        "check-called-tool",
        "Called Tool Check",
        f'Checks that "{tool_name}" was called{suffix}',
        measure,
    )


def did_not_call(tool_name: str) -> Scorer:
    """1 if ``tool_name`` was never called."""

    def measure(ctx: StepContext) -> dict[str, Any]:
        count = tool_calls(ctx.run.output).count(tool_name)
        return {"toolName": tool_name, "count": count, "passed": count == 0}

    return _check(
        "check-did-not-call",
        "Did Not Call Check",
        f'Checks that "{tool_name}" was NOT called',
        measure,
    )


def tool_order(expected_order: Sequence[str]) -> Scorer:
    """1 if the tools were called in this order (other calls in between allowed)."""
    expected = list(expected_order)

    def measure(ctx: StepContext) -> dict[str, Any]:
        called = tool_calls(ctx.run.output)
        position = 0
        for name in called:
            if position < len(expected) and name == expected[position]:
                position += 1
        return {
            "actualTools": called,
            "expectedOrder": expected,
            "passed": position == len(expected),
        }

    return _check(
        "check-tool-order",
        "Tool Order Check",
        f"Checks tool call order: [{' → '.join(expected)}]",
        measure,
    )


def max_tool_calls(maximum: int) -> Scorer:
    """1 if at most ``maximum`` tool calls were made."""

    def measure(ctx: StepContext) -> dict[str, Any]:
        count = len(tool_calls(ctx.run.output))
        return {"count": count, "max": maximum, "passed": count <= maximum}

    return _check(
        "check-max-tool-calls",
        "Max Tool Calls Check",
        f"Checks that no more than {maximum} tool calls were made",
        measure,
    )


def used_no_tools() -> Scorer:
    """1 if no tool was called."""

    def measure(ctx: StepContext) -> dict[str, Any]:
        count = len(tool_calls(ctx.run.output))
        return {"count": count, "passed": count == 0}

    return _check(
        "check-used-no-tools", "Used No Tools Check", "Checks that no tools were called", measure
    )


def _tool_outcomes(output: Any) -> list[bool]:
    """For each tool call of the output: did it fail (no result, an error result)?"""
    results = getattr(output, "tool_results", None)
    if results is not None and not callable(results) and not isinstance(output, (list, Mapping)):
        return [bool(r.is_error) for r in results]
    failed: list[bool] = []
    for message in messages_of(output, key="messages"):
        if isinstance(message, Mapping):
            content = message.get("content")
            invocations = list(message.get("toolInvocations") or [])
            if isinstance(content, Mapping):
                invocations += [
                    p.get("toolInvocation")
                    for p in content.get("parts") or []
                    if isinstance(p, Mapping) and p.get("type") == "tool-invocation"
                ]
            for inv in invocations:
                if not isinstance(inv, Mapping):
                    continue
                result = inv.get("result")
                failed.append(
                    inv.get("state") in ("call", "output-error")
                    or inv.get("isError") is True
                    or (isinstance(result, Mapping) and bool(result.get("error")))
                )
        else:
            failed.extend(bool(r.is_error) for r in getattr(message, "tool_results", None) or [])
    return failed


def no_tool_errors() -> Scorer:
    """1 if no tool call failed (an error result, or a call left without a result)."""

    def measure(ctx: StepContext) -> dict[str, Any]:
        outcomes = _tool_outcomes(ctx.run.output)
        errors = sum(outcomes)
        return {"errorCount": errors, "totalCalls": len(outcomes), "passed": errors == 0}

    return _check(
        "check-no-tool-errors",
        "No Tool Errors Check",
        "Checks that no tool calls resulted in errors",
        measure,
    )


class _Checks:
    """``checks.includes(...)`` ... with Mastra's names too (``checks.calledTool``)."""

    includes = staticmethod(includes)
    excludes = staticmethod(excludes)
    equals = staticmethod(equals)
    matches = staticmethod(matches)
    similarity = staticmethod(similarity)
    called_tool = calledTool = staticmethod(called_tool)
    did_not_call = didNotCall = staticmethod(did_not_call)
    tool_order = toolOrder = staticmethod(tool_order)
    max_tool_calls = maxToolCalls = staticmethod(max_tool_calls)
    used_no_tools = usedNoTools = staticmethod(used_no_tools)
    no_tool_errors = noToolErrors = staticmethod(no_tool_errors)


checks = _Checks()

__all__ = [
    "called_tool",
    "checks",
    "did_not_call",
    "equals",
    "excludes",
    "includes",
    "matches",
    "max_tool_calls",
    "no_tool_errors",
    "similarity",
    "tool_order",
    "used_no_tools",
]
