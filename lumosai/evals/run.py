"""``run_evals``: run a target (agent, workflow, or function) on each data item and score
the outputs; averages per scorer, like Mastra's ``runEvals``."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lumosai.evals.scorer import Scorer
from lumosai.evals.types import ScoreResult

log = logging.getLogger("lumosai.evals")


@dataclass(slots=True)
class EvalItemResult:
    """One data item: what the target produced and each scorer's result (or error)."""

    input: Any
    output: Any
    ground_truth: Any = None
    scores: dict[str, ScoreResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class EvalsResult:
    """``scores``: average score per scorer id over the items it scored; ``summary``:
    ``{"total_items": n}``; ``items``: per-item details; ``errors``: failures by scorer."""

    scores: dict[str, float]
    summary: dict[str, int]
    items: list[EvalItemResult]
    errors: dict[str, list[str]] = field(default_factory=dict)


def _item_field(item: Any, *names: str) -> Any:
    if isinstance(item, Mapping):
        for name in names:
            if name in item:
                return item[name]
        return None
    for name in names:
        if hasattr(item, name):
            return getattr(item, name)
    return None


async def _execute(target: Any, value: Any, runtime_context: Any) -> tuple[Any, Any]:
    """(scoring input, scoring output) of one target run."""
    generate = getattr(target, "generate", None)
    if callable(generate):  # an Agent: score the messages in and the response messages out
        result = await generate(value, runtime_context=runtime_context)
        return value, result
    execute = getattr(target, "execute", None)
    if callable(execute) and hasattr(target, "create_run"):  # a Workflow
        result = await execute(value, runtime_context)
        if getattr(result, "status", "success") != "success":
            raise RuntimeError(f"workflow run {result.status}: {getattr(result, 'error', None)}")
        return value, getattr(result, "result", result)
    if callable(target):
        produced = target(value)
        if inspect.isawaitable(produced):
            produced = await produced
        return value, produced
    raise TypeError(
        f"run_evals target must be an Agent, a Workflow or a function, got {type(target).__name__}"
    )


async def _execute_turns(
    target: Any, inputs: Sequence[Any], runtime_context: Any
) -> tuple[Any, Any]:
    """Mastra's multi-turn form (``{"inputs": [...]}``): every input to the agent in turn on
    one new thread; the scoring input is the first input, the output every turn's answer."""
    import uuid

    from lumosai.evals.text import mastra_output

    generate = getattr(target, "generate", None)
    if not callable(generate) or hasattr(target, "create_run"):
        raise TypeError("run_evals: 'inputs' (several turns) needs an Agent target")
    thread = str(uuid.uuid4())
    output: list[Any] = []
    for turn in inputs:
        result = await generate(
            turn, thread_id=thread, resource_id=thread, runtime_context=runtime_context
        )
        output.extend(mastra_output(result))
    return inputs[0], output


async def run_evals(
    target: Any,
    data: Sequence[Any],
    scorers: Sequence[Scorer],
    *,
    concurrency: int = 1,
    on_item_complete: Callable[[EvalItemResult], Any | Awaitable[Any]] | None = None,
) -> EvalsResult:
    """Run ``target`` on every ``data`` item (``{"input", "ground_truth"/"groundTruth",
    "runtime_context"}``, or ``{"inputs": [turn, ...]}`` for a conversation with an agent on
    one thread, scored on all its answers) and every scorer on its output.

    A target or scorer that raises is recorded in ``errors`` (and the item's ``errors``), the
    other items and scorers still run; averages cover the successful scores."""
    if not data:
        raise ValueError("run_evals needs at least one data item")
    if not scorers:
        raise ValueError("run_evals needs at least one scorer")
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(item: Any) -> EvalItemResult:
        async with gate:
            value = _item_field(item, "input")
            turns = _item_field(item, "inputs")
            truth = _item_field(item, "ground_truth", "groundTruth")
            context = _item_field(item, "runtime_context", "requestContext", "runtimeContext")
            try:
                if turns is not None:
                    if not isinstance(turns, Sequence) or isinstance(turns, str) or not turns:
                        raise ValueError("'inputs' must be a non-empty list of turns")
                    value = turns
                    run_input, run_output = await _execute_turns(target, turns, context)
                else:
                    run_input, run_output = await _execute(target, value, context)
            except Exception as exc:
                log.warning("run_evals: target failed on %r: %s", value, exc)
                outcome = EvalItemResult(value, None, truth)
                outcome.errors["target"] = f"{type(exc).__name__}: {exc}"
                return outcome
            outcome = EvalItemResult(run_input, run_output, truth)
            for scorer in scorers:
                try:
                    outcome.scores[scorer.id] = await scorer.run(
                        run_input, run_output, ground_truth=truth, runtime_context=context
                    )
                except Exception as exc:
                    outcome.errors[scorer.id] = str(exc)
            if on_item_complete is not None:
                done = on_item_complete(outcome)
                if inspect.isawaitable(done):
                    await done
            return outcome

    items = list(await asyncio.gather(*(one(item) for item in data)))
    totals: dict[str, list[float]] = {s.id: [] for s in scorers}
    errors: dict[str, list[str]] = {}
    for outcome in items:
        for scorer_id, result in outcome.scores.items():
            if result.score is not None:
                totals[scorer_id].append(result.score)
        for key, message in outcome.errors.items():
            errors.setdefault(key, []).append(message)
    averages = {k: sum(v) / len(v) for k, v in totals.items() if v}
    return EvalsResult(averages, {"total_items": len(items)}, items, errors)
