"""Trajectory accuracy (``@mastra/evals`` 1.10 ``createTrajectoryAccuracyScorerCode`` and
``compareTrajectories``): the steps an agent took (its tool calls, in order) against the
expected ones, with strict, relaxed or unordered matching."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from lumosai.evals.prebuilt.llm import round2
from lumosai.evals.scorer import Scorer, create_scorer
from lumosai.evals.text import mastra_output
from lumosai.evals.types import StepContext

#: the fields an expected step of each type may pin (compared as JSON)
COMPARABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "tool_call": ("toolArgs", "toolResult", "success"),
    "mcp_tool_call": ("toolArgs", "toolResult", "mcpServer", "success"),
    "model_generation": ("modelId", "promptTokens", "completionTokens", "finishReason"),
    "agent_run": ("agentId",),
    "workflow_step": ("stepId", "status", "output"),
    "workflow_run": ("workflowId", "status"),
}


def _as_object(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    return dict(value) if isinstance(value, Mapping) else {"value": value}


def trajectory_of(output: Any) -> dict[str, Any]:
    """Mastra's ``extractTrajectory``: one ``tool_call`` step per tool call of the run
    (``{"stepType", "name", "toolArgs", "toolResult", "success"}``). A value that already
    has ``steps`` is taken as a trajectory."""
    if isinstance(output, Mapping) and isinstance(output.get("steps"), list):
        return dict(output)
    steps: list[dict[str, Any]] = []
    calls = getattr(output, "tool_calls", None)
    if calls is not None and getattr(output, "response_messages", None) is not None:
        results = {r.id: r for r in output.tool_results}
        for call in calls:
            done = results.get(call.id)
            steps.append(
                {
                    "stepType": "tool_call",
                    "name": call.name,
                    "toolArgs": _as_object(call.args),
                    "toolResult": None
                    if done is None or done.is_error
                    else _as_object(done.result),
                    "success": done is not None and not done.is_error,
                }
            )
        return {"steps": steps, "rawOutput": output}
    messages = mastra_output(output)
    for message in messages if isinstance(messages, list) else []:
        if not isinstance(message, Mapping):
            continue
        for call in message.get("toolInvocations") or []:
            state = call.get("state")
            if not call.get("toolName") or state not in ("result", "call", "output-error"):
                continue
            failed = bool(call.get("isError"))
            result = call.get("result") if state == "result" else None
            if isinstance(result, Mapping) and result.get("isError") is True:
                failed = True
            steps.append(
                {
                    "stepType": "tool_call",
                    "name": call["toolName"],
                    "toolArgs": _as_object(call.get("args")),
                    "toolResult": _as_object(result),
                    "success": state == "result" and not failed,
                }
            )
    return {"steps": steps, "rawOutput": output}


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


def _step_matches(actual: Mapping[str, Any], expected: Mapping[str, Any]) -> bool:
    if actual.get("name") != expected.get("name"):
        return False
    kind = expected.get("stepType")
    if kind and actual.get("stepType") != kind:
        return False
    for name in COMPARABLE_FIELDS.get(kind or "", ()) if kind else ():
        if expected.get(name) is None:
            continue
        if actual.get(name) is None or _json(actual[name]) != _json(expected[name]):
            return False
    return True


def _outcome(
    score: float,
    matched: int,
    expected: Sequence[str],
    actual: Sequence[str],
    missing: list[str],
    out_of_order: list[str],
    repeated: list[str],
) -> dict[str, Any]:
    wanted = set(expected)
    return {
        "score": round2(max(0.0, min(1.0, score))),
        "matchedSteps": matched,
        "totalExpectedSteps": len(expected),
        "totalActualSteps": len(actual),
        "missingSteps": missing,
        "extraSteps": [n for n in actual if n not in wanted],
        "outOfOrderSteps": out_of_order,
        "repeatedSteps": repeated,
    }


def compare_trajectories(
    actual: Mapping[str, Any],
    expected: Mapping[str, Any] | Sequence[Any],
    *,
    ordering: str = "relaxed",
    allow_repeated_steps: bool = True,
) -> dict[str, Any]:
    """Mastra's ``compareTrajectories``: ``strict`` (same step at the same position, extra
    steps cost half their share), ``relaxed`` (expected steps in order, others in between
    allowed) or ``unordered`` (present anywhere); repeated steps cost 0.1 each when not
    allowed."""
    if ordering not in ("strict", "relaxed", "unordered"):
        raise ValueError("ordering must be 'strict', 'relaxed' or 'unordered'")
    want = expected_steps(expected)
    steps = list(actual.get("steps") or [])
    names = [str(s.get("name")) for s in steps]
    wanted = [str(s.get("name")) for s in want]
    if not want:
        return {
            **_outcome(1.0 if not steps else 0.0, 0, [], names, [], [], []),
            "extraSteps": names,
        }
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    repeated = [n for n, c in counts.items() if c > 1]
    matched_at: set[int] = set()
    out_of_order: list[str] = []
    if ordering == "strict":
        for i in range(max(len(names), len(wanted))):
            current = names[i] if i < len(names) else None
            if i < len(wanted) and current == wanted[i]:
                if _step_matches(steps[i], want[i]):
                    matched_at.add(i)
            elif current is not None and current in wanted:
                out_of_order.append(current)
    elif ordering == "relaxed":
        last = -1
        for i, name in enumerate(wanted):
            for j in range(last + 1, len(names)):
                if names[j] == name and _step_matches(steps[j], want[i]):
                    matched_at.add(i)
                    last = j
                    break
            else:
                if name in names:
                    out_of_order.append(name)
    else:
        used: set[int] = set()
        for i, step in enumerate(want):
            for j, candidate in enumerate(steps):
                if j not in used and _step_matches(candidate, step):
                    matched_at.add(i)
                    used.add(j)
                    break
    matched = len(matched_at)
    score = matched / len(want)
    if ordering == "strict" and len(names) > len(wanted):
        score = max(0.0, score - (len(names) - len(wanted)) / len(wanted) * 0.5)
    if not allow_repeated_steps and repeated:
        score = max(0.0, score - len(repeated) * 0.1)
    missing = [n for i, n in enumerate(wanted) if i not in matched_at]
    return _outcome(score, matched, wanted, names, missing, out_of_order, repeated)


def expected_steps(expected: Mapping[str, Any] | Sequence[Any] | None) -> list[dict[str, Any]]:
    """Expected steps from a list of names or step dicts, or a trajectory ``{"steps"}``."""
    if expected is None:
        return []
    items = expected.get("steps") or [] if isinstance(expected, Mapping) else expected
    return [{"name": s} if isinstance(s, str) else dict(s) for s in items]


def create_trajectory_accuracy_scorer_code(
    *,
    expected_trajectory: Mapping[str, Any] | Sequence[Any] | None = None,
    ordering: str = "relaxed",
    allow_repeated_steps: bool = True,
) -> Scorer:
    """The run's tool-call trajectory against ``expected_trajectory`` (or the run's
    ``expected_trajectory=...`` / ``expectedTrajectory`` with its own ``ordering`` and
    ``allowRepeatedSteps``); 0 when there is no expectation."""
    static = expected_steps(expected_trajectory) if expected_trajectory is not None else None
    path = " → ".join(str(s.get("name")) for s in static or [])
    description = (
        f"Evaluates whether the trajectory matches the expected path: [{path}] ({ordering} ordering)"
        if static is not None
        else "Evaluates trajectory accuracy against expected trajectory from dataset items "
        f"({ordering} ordering)"
    )

    def preprocess(ctx: StepContext) -> dict[str, Any]:
        actual = trajectory_of(ctx.run.output)
        names = [s.get("name") for s in actual["steps"]]
        per_run = ctx.run.extra.get("expected_trajectory", ctx.run.extra.get("expectedTrajectory"))
        steps = static if static is not None else expected_steps(per_run) if per_run else None
        if steps is None:
            return {
                "actualStepNames": names,
                "expectedStepNames": [],
                "comparison": None,
                "error": "No expected trajectory provided (pass it to the factory or the run)",
            }
        settings = per_run if isinstance(per_run, Mapping) and static is None else {}
        comparison = compare_trajectories(
            actual,
            steps,
            ordering=settings.get("ordering", ordering),
            allow_repeated_steps=settings.get("allowRepeatedSteps", allow_repeated_steps),
        )
        return {
            "actualStepNames": names,
            "expectedStepNames": [s.get("name") for s in steps],
            "comparison": comparison,
        }

    def score(ctx: StepContext) -> float:
        comparison = (ctx.results.preprocess_step_result or {}).get("comparison")
        return float(comparison["score"]) if comparison else 0.0

    return (
        create_scorer(
            id="code-trajectory-accuracy-scorer",
            name="Trajectory Accuracy Scorer",
            description=description,
            type="trajectory",
        )
        .preprocess(preprocess)
        .generate_score(score)
    )


def _raw_output(output: Any) -> Any:
    """The run's messages, also when the output is already a trajectory."""
    if isinstance(output, Mapping) and isinstance(output.get("steps"), list):
        return output.get("rawOutput")
    return output


def _details(step: Mapping[str, Any]) -> str:
    if step.get("stepType") in ("tool_call", "mcp_tool_call"):
        parts = [
            f"{label}: {_json(step[key])}"
            for key, label in (("toolArgs", "args"), ("toolResult", "result"))
            if step.get(key) is not None
        ]
        return f" ({', '.join(parts)})" if parts else ""
    return ""


def format_trajectory(steps: Sequence[Mapping[str, Any]]) -> str:
    """Numbered steps, ``1. [tool_call] search (args: {...}, result: {...})``."""
    return "\n".join(
        f"{i}. [{s.get('stepType')}] {s.get('name')}{_details(s)}" for i, s in enumerate(steps, 1)
    )


def _format_expected(steps: Sequence[Mapping[str, Any]]) -> str:
    lines = []
    for i, step in enumerate(steps, 1):
        kind = f"[{step['stepType']}] " if step.get("stepType") else ""
        fields = {k: v for k, v in step.items() if k not in ("name", "stepType", "children")}
        data = f" ({_json(fields)})" if fields else ""
        lines.append(f"{i}. {kind}{step.get('name')}{data}")
    return "\n".join(lines)


def create_trajectory_accuracy_scorer_llm(
    *, model: Any, expected_trajectory: Mapping[str, Any] | Sequence[Any] | None = None
) -> Scorer:
    """The judge rates each step of the run's tool-call trajectory (necessary? in a sensible
    place?) and lists missing and extra steps: 0.6 x necessary share + 0.3 x in-order share -
    0.1 x missing/(steps+missing); with no steps, 0 if any are missing, 0.5 with only extra
    ones, else 1."""
    from lumosai.evals.text import assistant_message, user_message
    from lumosai.evals.types import PromptStep

    static = expected_steps(expected_trajectory) if expected_trajectory is not None else None

    def preprocess(ctx: StepContext) -> dict[str, Any]:
        actual = trajectory_of(ctx.run.output)
        per_run = ctx.run.extra.get("expected_trajectory", ctx.run.extra.get("expectedTrajectory"))
        steps = static if static is not None else expected_steps(per_run) if per_run else None
        return {
            "actualTrajectoryFormatted": format_trajectory(actual["steps"]),
            "expectedTrajectoryFormatted": _format_expected(steps) if steps else None,
            "hasSteps": bool(actual["steps"]),
        }

    def prompt(ctx: StepContext) -> str:
        found = ctx.results.preprocess_step_result or {}
        expected = found.get("expectedTrajectoryFormatted")
        reference = (
            f"\n\nExpected steps:\n{expected}\nCompare the steps taken with these."
            if expected
            else "\n\nNo expected steps were given: judge the steps against the task."
        )
        return (
            "Judge the steps an agent took for a task. For each step taken give stepName, "
            "wasNecessary, wasInOrder (in a sensible place in the sequence) and reasoning; list "
            "missingSteps (needed but not taken) and extraSteps (unnecessary). Return JSON "
            '{"stepEvaluations": [{"stepName", "wasNecessary", "wasInOrder", "reasoning"}], '
            '"missingSteps": [...], "extraSteps": [...], "overallAssessment": "..."}.\n\n'
            f"Task: {user_message(ctx.run.input)}\n"
            f"Agent response: {assistant_message(_raw_output(ctx.run.output))}\n\n"
            f"Steps taken:\n{found.get('actualTrajectoryFormatted') or 'No steps taken'}"
            + reference
        )

    def score(ctx: StepContext) -> float:
        analysis = ctx.results.analyze_step_result or {}
        evaluations = list(analysis.get("stepEvaluations") or [])
        missing = list(analysis.get("missingSteps") or [])
        if not evaluations:
            if missing:
                return 0.0
            return 0.5 if analysis.get("extraSteps") else 1.0
        total = len(evaluations)
        necessary = sum(1 for e in evaluations if e.get("wasNecessary")) / total
        ordered = sum(1 for e in evaluations if e.get("wasInOrder")) / total
        penalty = len(missing) / (total + len(missing)) if missing else 0.0
        return round2(max(0.0, min(1.0, necessary * 0.6 + ordered * 0.3 - penalty * 0.1)))

    strings = {"type": "array", "items": {"type": "string"}}
    schema = {
        "type": "object",
        "title": "trajectory",
        "properties": {
            "stepEvaluations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "stepName": {"type": "string"},
                        "wasNecessary": {"type": "boolean"},
                        "wasInOrder": {"type": "boolean"},
                        "reasoning": {"type": "string"},
                    },
                    "required": ["stepName", "wasNecessary", "wasInOrder", "reasoning"],
                },
            },
            "missingSteps": strings,
            "extraSteps": strings,
            "overallAssessment": {"type": "string"},
        },
        "required": ["stepEvaluations", "overallAssessment"],
    }
    return (
        create_scorer(
            id="llm-trajectory-accuracy-scorer",
            name="Trajectory Accuracy (LLM)",
            description="Evaluates the quality and appropriateness of the trajectory using LLM analysis",
            judge={
                "model": model,
                "instructions": "You judge whether the steps an agent took were necessary, well ordered and complete for its task.",
            },
            type="trajectory",
        )
        .preprocess(preprocess)
        .analyze(
            PromptStep(
                description="Analyze the quality and appropriateness of the agent trajectory",
                output_schema=schema,
                create_prompt=prompt,
            )
        )
        .generate_score(score)
        .generate_reason(
            PromptStep(
                description="Generate human-readable explanation of trajectory evaluation",
                create_prompt=lambda ctx: (
                    f"Task: {user_message(ctx.run.input)}\nScore: {ctx.score}\nEvaluation: "
                    + _json(ctx.results.analyze_step_result)
                    + f"\n\nExplain the score in one sentence, starting with 'The score is "
                    f"{ctx.score} because'."
                ),
            )
        )
    )


__all__ = [
    "compare_trajectories",
    "create_trajectory_accuracy_scorer_code",
    "create_trajectory_accuracy_scorer_llm",
    "expected_steps",
    "format_trajectory",
    "trajectory_of",
]
