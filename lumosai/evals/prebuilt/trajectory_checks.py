"""Mastra's multi-dimension trajectory scorer (``createTrajectoryScorerCode`` of
``@mastra/evals`` 1.10) and its checks: efficiency budgets and redundant calls, forbidden tools
and sequences, tool retries, and expectations on the children of a step. Same rules and
weights; a blacklist violation anywhere scores 0."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from lumosai.evals.prebuilt.llm import round2
from lumosai.evals.prebuilt.trajectory import (
    _json,
    compare_trajectories,
    expected_steps,
    trajectory_of,
)
from lumosai.evals.scorer import Scorer, create_scorer
from lumosai.evals.types import StepContext

DEFAULT_WEIGHTS: dict[str, float] = {
    "accuracy": 0.4,
    "efficiency": 0.3,
    "toolFailures": 0.2,
    "blacklist": 0.1,
}
_TOOL_STEPS = ("tool_call", "mcp_tool_call")


def _measure(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value >= 0


def check_efficiency(
    trajectory: Mapping[str, Any],
    *,
    max_steps: float | None = None,
    max_total_tokens: float | None = None,
    max_total_duration_ms: float | None = None,
    no_redundant_calls: bool = True,
) -> dict[str, Any]:
    """Budgets (each scores 1 within it, less by the share it is exceeded) and repeated
    identical tool calls (−0.2 each), averaged."""
    budgets = {
        "maxSteps": max_steps,
        "maxTotalTokens": max_total_tokens,
        "maxTotalDurationMs": max_total_duration_ms,
    }
    for name, limit in budgets.items():
        if limit is not None and not _measure(limit):
            raise ValueError(f"Invalid {name} budget: expected a finite nonnegative number")
    steps = list(trajectory.get("steps") or [])
    tokens, generations = 0.0, 0
    pending = list(steps)
    while pending:
        step = pending.pop()
        if step.get("stepType") == "model_generation":
            generations += 1
            counts = (step.get("promptTokens"), step.get("completionTokens"))
            if max_total_tokens is not None and not all(_measure(c) for c in counts):
                raise ValueError(
                    f'Cannot evaluate token budget: model generation "{step.get("name")}" has '
                    "missing or invalid token counts"
                )
            tokens += sum(c or 0 for c in counts)
        pending.extend(step.get("children") or [])
    if max_total_tokens is not None and generations == 0:
        raise ValueError(
            "Cannot evaluate token budget: missing model-generation measurements or invalid "
            "total tokens"
        )
    total_ms = trajectory.get("totalDurationMs")
    duration = total_ms if total_ms is not None else sum(s.get("durationMs") or 0 for s in steps)
    if max_total_duration_ms is not None:
        measured = (
            _measure(total_ms)
            if total_ms is not None
            else bool(steps) and all(_measure(s.get("durationMs")) for s in steps)
        )
        if not measured or not _measure(duration):
            raise ValueError(
                "Cannot evaluate duration budget: missing or invalid duration measurements"
            )
    redundant = []
    if no_redundant_calls:
        for i in range(1, len(steps)):
            before, step = steps[i - 1], steps[i]
            same = before.get("name") == step.get("name") and before.get("stepType") == step.get(
                "stepType"
            )
            repeated = _json(before.get("toolArgs")) == _json(step.get("toolArgs"))
            if same and step.get("stepType") in _TOOL_STEPS and repeated:
                redundant.append({"name": step.get("name"), "index": i})
    over_steps = max_steps is not None and len(steps) > max_steps
    over_tokens = max_total_tokens is not None and tokens > max_total_tokens
    over_time = max_total_duration_ms is not None and duration > max_total_duration_ms

    def within(value: float, limit: float, over: bool) -> float:
        return max(0.0, 1 - (value - limit) / limit) if over else 1.0

    dimensions = []
    if max_steps is not None:
        dimensions.append(within(len(steps), max_steps, over_steps))
    if max_total_tokens is not None:
        dimensions.append(within(tokens, max_total_tokens, over_tokens))
    if max_total_duration_ms is not None:
        dimensions.append(within(duration, max_total_duration_ms, over_time))
    if no_redundant_calls:
        dimensions.append(max(0.0, 1 - len(redundant) * 0.2) if redundant else 1.0)
    score = sum(dimensions) / len(dimensions) if dimensions else 1.0
    return {
        "score": round2(max(0.0, min(1.0, score))),
        "totalSteps": len(steps),
        "overStepBudget": over_steps,
        "totalTokens": tokens,
        "overTokenBudget": over_tokens,
        "totalDurationMs": duration,
        "overDurationBudget": over_time,
        "redundantCalls": redundant,
    }


def check_blacklist(
    trajectory: Mapping[str, Any],
    *,
    blacklisted_tools: Sequence[str] = (),
    blacklisted_sequences: Sequence[Sequence[str]] = (),
) -> dict[str, Any]:
    """0 if a forbidden tool was used or a forbidden sequence appears consecutively."""
    names = [s.get("name") for s in trajectory.get("steps") or []]
    tools = [t for t in blacklisted_tools if t in names]
    sequences = []
    for sequence in blacklisted_sequences:
        size = len(sequence)
        if size and any(
            names[i : i + size] == list(sequence) for i in range(len(names) - size + 1)
        ):
            sequences.append(list(sequence))
    return {
        "score": 0 if tools or sequences else 1,
        "violatedTools": tools,
        "violatedSequences": sequences,
    }


def analyze_tool_failures(
    trajectory: Mapping[str, Any], *, max_retries_per_tool: int = 2
) -> dict[str, Any]:
    """Retries of a failed tool call (the same tool again right after a failure); each retry
    beyond ``max_retries_per_tool`` costs 0.2."""
    calls = [s for s in trajectory.get("steps") or [] if s.get("stepType") in _TOOL_STEPS]
    patterns: list[dict[str, Any]] = []
    i = 0
    while i < len(calls):
        name = calls[i].get("name")
        retries, j = 0, i + 1
        while j < len(calls) and calls[j].get("name") == name:
            if calls[j - 1].get("success") is False:
                retries += 1
            j += 1
        if retries:
            succeeded = calls[j - 1].get("success") is not False
            alternative = calls[j].get("name") if j < len(calls) and not succeeded else None
            pattern: dict[str, Any] = {
                "toolName": name,
                "retryCount": retries,
                "fellBackToAlternative": alternative is not None,
                "eventuallySucceeded": succeeded,
            }
            if alternative is not None:
                pattern["alternativeTool"] = alternative
            patterns.append(pattern)
        i = j
    excess = sum(max(0, p["retryCount"] - max_retries_per_tool) for p in patterns)
    return {
        "score": round2(max(0.0, min(1.0, 1 - excess * 0.2))) if calls else 1,
        "patterns": patterns,
        "totalRetries": sum(p["retryCount"] for p in patterns),
        "excessiveRetryTools": [
            p["toolName"] for p in patterns if p["retryCount"] > max_retries_per_tool
        ],
    }


def _level(
    trajectory: Mapping[str, Any], config: Mapping[str, Any], weights: Mapping[str, float]
) -> dict[str, Any]:
    """Every check a config asks for, on one level of the trajectory."""
    steps = expected_steps(config.get("steps")) if config.get("steps") else None
    accuracy = (
        compare_trajectories(
            trajectory,
            steps,
            ordering=config.get("ordering", "relaxed"),
            allow_repeated_steps=config.get("allowRepeatedSteps", True),
        )
        if steps
        else None
    )
    budgets = ("maxSteps", "maxTotalTokens", "maxTotalDurationMs", "noRedundantCalls")
    efficiency = (
        check_efficiency(
            trajectory,
            max_steps=config.get("maxSteps"),
            max_total_tokens=config.get("maxTotalTokens"),
            max_total_duration_ms=config.get("maxTotalDurationMs"),
            no_redundant_calls=config.get("noRedundantCalls", True),
        )
        if any(config.get(k) is not None for k in budgets)
        else None
    )
    blacklist = (
        check_blacklist(
            trajectory,
            blacklisted_tools=config.get("blacklistedTools") or (),
            blacklisted_sequences=config.get("blacklistedSequences") or (),
        )
        if config.get("blacklistedTools") or config.get("blacklistedSequences")
        else None
    )
    failures = analyze_tool_failures(
        trajectory, max_retries_per_tool=config.get("maxRetriesPerTool", 2)
    )
    nested = _nested(steps or [], list(trajectory.get("steps") or []), weights) if steps else []
    return {
        "accuracy": accuracy,
        "efficiency": efficiency,
        "blacklist": blacklist,
        "toolFailures": failures,
        "nested": nested,
    }


def _weighted(level: Mapping[str, Any], weights: Mapping[str, float]) -> list[tuple[float, float]]:
    parts = []
    if level["accuracy"]:
        parts.append((weights["accuracy"], level["accuracy"]["score"]))
    if level["efficiency"]:
        parts.append((weights["efficiency"], level["efficiency"]["score"]))
    if level["toolFailures"]["patterns"]:
        parts.append((weights["toolFailures"], level["toolFailures"]["score"]))
    if level["blacklist"]:
        parts.append((weights["blacklist"], level["blacklist"]["score"]))
    return parts


def _combine(parts: list[tuple[float, float]]) -> float:
    total = sum(w for w, _ in parts)
    return sum(w / total * v for w, v in parts) if parts and total > 0 else 1.0


def _violated(results: Sequence[Mapping[str, Any]]) -> bool:
    return any(
        (r.get("blacklist") or {}).get("score") == 0 or _violated(r.get("nested") or [])
        for r in results
    )


def _nested(
    expected: Sequence[Mapping[str, Any]],
    actual: Sequence[Mapping[str, Any]],
    weights: Mapping[str, float],
) -> list[dict[str, Any]]:
    """Expected steps with ``children``: the matching actual step's children checked with
    the child config, recursively."""
    results: list[dict[str, Any]] = []
    used: set[int] = set()
    for step in expected:
        children = step.get("children")
        if not children:
            continue
        index = next(
            (
                i
                for i, s in enumerate(actual)
                if i not in used
                and s.get("name") == step.get("name")
                and (not step.get("stepType") or s.get("stepType") == step.get("stepType"))
            ),
            None,
        )
        if index is None:
            wanted = list(children.get("steps") or [])
            missing: dict[str, Any] = {"stepName": step.get("name"), "score": 0}
            if wanted:
                missing["accuracy"] = {
                    "score": 0,
                    "matchedSteps": 0,
                    "totalExpectedSteps": len(wanted),
                    "totalActualSteps": 0,
                    "missingSteps": [
                        s.get("name") if isinstance(s, Mapping) else s for s in wanted
                    ],
                    "extraSteps": [],
                    "outOfOrderSteps": [],
                    "repeatedSteps": [],
                }
            results.append(missing)
            continue
        used.add(index)
        found = actual[index]
        child = {"steps": found.get("children") or [], "totalDurationMs": found.get("durationMs")}
        level = _level(child, children, weights)
        outcome = {"stepName": step.get("name"), **level}
        if level["blacklist"] and level["blacklist"]["score"] == 0:
            results.append({**outcome, "score": 0})
            continue
        score = _combine(_weighted(level, weights))
        if level["nested"]:
            if _violated(level["nested"]):
                results.append({**outcome, "score": 0})
                continue
            score = 0.7 * score + 0.3 * sum(r["score"] for r in level["nested"]) / len(
                level["nested"]
            )
        results.append({**outcome, "score": round2(score), "nested": level["nested"] or None})
    return results


def create_trajectory_scorer_code(
    *, defaults: Mapping[str, Any] | None = None, weights: Mapping[str, float] | None = None
) -> Scorer:
    """Weighted accuracy (0.4), efficiency (0.3), tool failures (0.2, when a tool was
    retried) and blacklist (0.1) over the checks the expectation asks for (``defaults``
    merged with the run's ``expected_trajectory``: ``steps``, ``ordering``, ``maxSteps``,
    ``maxTotalTokens``, ``maxTotalDurationMs``, ``noRedundantCalls``, ``blacklistedTools``,
    ``blacklistedSequences``, ``maxRetriesPerTool``); children expectations count 0.3."""
    given = dict(weights or {})
    w = {k: max(0.0, float(given.get(k, v))) for k, v in DEFAULT_WEIGHTS.items()}

    def preprocess(ctx: StepContext) -> dict[str, Any]:
        actual = trajectory_of(ctx.run.output)
        per_run = ctx.run.extra.get("expected_trajectory", ctx.run.extra.get("expectedTrajectory"))
        config = {**(defaults or {}), **(per_run if isinstance(per_run, Mapping) else {})}
        if isinstance(per_run, Sequence) and not isinstance(per_run, str):
            config["steps"] = list(per_run)
        level = _level(actual, config, w)
        return {**level, "nested": level["nested"] or None, "config": config}

    def score(ctx: StepContext) -> float:
        found = ctx.results.preprocess_step_result or {}
        blacklist, nested = found.get("blacklist"), found.get("nested")
        if blacklist and blacklist["score"] == 0:
            return 0.0
        parts = _weighted(found, w)
        if not parts and not nested:
            return 1.0
        value = _combine(parts)
        if nested:
            if _violated(nested):
                return 0.0
            value = 0.7 * value + 0.3 * sum(r["score"] for r in nested) / len(nested)
        return round2(value)

    def reason(ctx: StepContext) -> str:
        found = ctx.results.preprocess_step_result or {}
        lines = [f"Score: {_number(ctx.score)}"]
        blacklist, nested = found.get("blacklist"), found.get("nested")
        if blacklist and blacklist["score"] == 0:
            problems = []
            if blacklist["violatedTools"]:
                problems.append(f"forbidden tools used: {', '.join(blacklist['violatedTools'])}")
            if blacklist["violatedSequences"]:
                chains = "; ".join(" → ".join(s) for s in blacklist["violatedSequences"])
                problems.append(f"forbidden sequences: {chains}")
            lines.append(f"Blacklist violation: {'. '.join(problems)}.")
            return "\n".join(lines)
        if nested and _violated(nested):
            names = [r["stepName"] for r in nested if _violated([r])]
            lines.append(f"Nested blacklist violation in: {', '.join(names)}.")
            return "\n".join(lines)
        accuracy = found.get("accuracy")
        if accuracy:
            details = [
                f"{accuracy['matchedSteps']}/{accuracy['totalExpectedSteps']} expected steps matched"
            ]
            for key, label in (
                ("missingSteps", "missing"),
                ("extraSteps", "extra"),
                ("outOfOrderSteps", "out of order"),
            ):
                if accuracy[key]:
                    details.append(f"{label}: {', '.join(accuracy[key])}")
            lines.append(f"Accuracy ({_number(accuracy['score'])}): {'. '.join(details)}.")
        efficiency = found.get("efficiency")
        if efficiency:
            details = []
            if efficiency["overStepBudget"]:
                details.append(f"over step budget ({efficiency['totalSteps']} steps)")
            if efficiency["overTokenBudget"]:
                details.append(f"over token budget ({_number(efficiency['totalTokens'])} tokens)")
            if efficiency["overDurationBudget"]:
                details.append(f"over duration budget ({_number(efficiency['totalDurationMs'])}ms)")
            if efficiency["redundantCalls"]:
                calls = ", ".join(c["name"] for c in efficiency["redundantCalls"])
                details.append(f"redundant calls: {calls}")
            summary = ". ".join(details) if details else "all budgets met, no redundant calls"
            lines.append(f"Efficiency ({_number(efficiency['score'])}): {summary}.")
        failures = found.get("toolFailures")
        if failures and failures["patterns"]:
            details = []
            if failures["totalRetries"]:
                details.append(f"{failures['totalRetries']} total retries")
            if failures["excessiveRetryTools"]:
                details.append(f"excessive retries: {', '.join(failures['excessiveRetryTools'])}")
            lines.append(f"Tool failures ({_number(failures['score'])}): {'. '.join(details)}.")
        if nested:
            lines.append(
                "Nested scores: "
                + ", ".join(f"{r['stepName']}: {_number(r['score'])}" for r in nested)
                + "."
            )
        return "\n".join(lines)

    return (
        create_scorer(
            id="code-trajectory-scorer",
            name="Trajectory Scorer",
            description="Multi-dimensional trajectory evaluation: accuracy, efficiency, blacklist, and tool failures",
            type="trajectory",
        )
        .preprocess(preprocess)
        .generate_score(score)
        .generate_reason(reason)
    )


def _number(value: Any) -> str:
    """JavaScript's number formatting for the reason text (1, 0.5, not 1.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


__all__ = [
    "DEFAULT_WEIGHTS",
    "analyze_tool_failures",
    "check_blacklist",
    "check_efficiency",
    "create_trajectory_scorer_code",
]
