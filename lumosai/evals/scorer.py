"""``create_scorer``: Mastra's four-step scorer pipeline (preprocess, analyze, generate_score,
generate_reason); each step is a function or a ``PromptStep`` the judge LLM answers."""

from __future__ import annotations

import asyncio
import inspect
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from lumosai.evals.judge import run_prompt_step
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


@dataclass(frozen=True, slots=True)
class _Step:
    name: str
    definition: Any


def _as_prompt_step(definition: Any) -> PromptStep | None:
    if isinstance(definition, PromptStep):
        return definition
    if (
        isinstance(definition, Mapping)
        and "description" in definition
        and ("create_prompt" in definition or "createPrompt" in definition)
    ):
        return PromptStep(
            description=str(definition["description"]),
            create_prompt=definition.get("create_prompt") or definition["createPrompt"],
            output_schema=definition.get("output_schema", definition.get("outputSchema")),
            judge=definition.get("judge"),
        )
    return None


def as_judge(judge: JudgeConfig | Mapping[str, Any] | None) -> JudgeConfig | None:
    if judge is None or isinstance(judge, JudgeConfig):
        return judge
    return JudgeConfig(model=judge.get("model"), instructions=str(judge.get("instructions") or ""))


class Scorer:
    """Immutable: each chain method returns a new scorer with one more step."""

    def __init__(
        self,
        *,
        id: str,
        name: str | None = None,
        description: str = "",
        judge: JudgeConfig | Mapping[str, Any] | None = None,
        type: str | None = None,
        steps: tuple[_Step, ...] = (),
    ) -> None:
        if not id:
            raise ScorerError("Scorers must have an id: create_scorer(id='...')")
        self.id = id
        self.name = name or id
        self.description = description
        self.judge = as_judge(judge)
        self.type = type
        self.steps = steps

    def __repr__(self) -> str:
        return f"Scorer(id={self.id!r}, steps={[s.name for s in self.steps]})"

    def _with(self, name: str, definition: Any) -> Scorer:
        if not callable(definition) and _as_prompt_step(definition) is None:
            raise ScorerError(
                f"scorer {self.id!r}: {name} takes a function or a prompt step "
                f"(description + create_prompt), got {type(definition).__name__}"
            )
        clone = Scorer(
            id=self.id,
            name=self.name,
            description=self.description,
            judge=self.judge,
            type=self.type,
            steps=(*self.steps, _Step(name, definition)),
        )
        return clone

    def preprocess(self, step: Any) -> Scorer:
        return self._with("preprocess", step)

    def analyze(self, step: Any) -> Scorer:
        return self._with("analyze", step)

    def generate_score(self, step: Any) -> Scorer:
        return self._with("generate_score", step)

    def generate_reason(self, step: Any) -> Scorer:
        return self._with("generate_reason", step)

    # Mastra's spellings, so ported chains read the same
    generateScore = generate_score
    generateReason = generate_reason

    def get_steps(self) -> list[dict[str, str]]:
        out = []
        for step in self.steps:
            prompt = _as_prompt_step(step.definition)
            out.append(
                {
                    "name": step.name,
                    "type": "prompt" if prompt else "function",
                    "description": prompt.description if prompt else "",
                }
            )
        return out

    async def run(
        self,
        input: Any = None,
        output: Any = None,
        *,
        ground_truth: Any = None,
        runtime_context: Any = None,
        run_id: str | None = None,
        **extra: Any,
    ) -> ScoreResult:
        """Run the steps in order; ``ScorerRunError`` names the step that raised."""
        if not any(s.name == "generate_score" for s in self.steps):
            raise ScorerError(
                f"scorer {self.id!r}: cannot run without a generate_score step "
                f"(has: {', '.join(s.name for s in self.steps) or 'none'})"
            )
        if "groundTruth" in extra:
            ground_truth = extra.pop("groundTruth")
        run = ScorerRun(
            input=input,
            output=output,
            ground_truth=ground_truth,
            runtime_context=runtime_context,
            run_id=run_id or str(uuid.uuid4()),
            extra=extra,
        )
        results = StepResults()
        prompts: dict[str, str] = {}
        for step in self.steps:
            context = StepContext(run, results, results.get("generate_score_step_result"))
            try:
                value, prompt = await self._execute(step, context)
            except ScorerError:
                raise
            except Exception as exc:
                raise ScorerRunError(self.id, step.name, exc) from exc
            if step.name == "generate_score":
                value = _as_score(self.id, value)
            results[f"{step.name}_step_result"] = value
            if prompt is not None:
                prompts[step.name] = prompt
        return ScoreResult(
            scorer_id=self.id,
            run_id=run.run_id,
            score=results.get("generate_score_step_result"),
            reason=results.get("generate_reason_step_result"),
            input=input,
            output=output,
            ground_truth=ground_truth,
            preprocess_step_result=results.get("preprocess_step_result"),
            analyze_step_result=results.get("analyze_step_result"),
            preprocess_prompt=prompts.get("preprocess"),
            analyze_prompt=prompts.get("analyze"),
            generate_score_prompt=prompts.get("generate_score"),
            generate_reason_prompt=prompts.get("generate_reason"),
        )

    def run_sync(self, *args: Any, **kwargs: Any) -> ScoreResult:
        """``run`` for scripts without an event loop."""
        return asyncio.run(self.run(*args, **kwargs))

    async def _execute(self, step: _Step, context: StepContext) -> tuple[Any, str | None]:
        prompt_step = _as_prompt_step(step.definition)
        if prompt_step is not None:
            judge = as_judge(prompt_step.judge) or self.judge
            if judge is None or judge.model is None or not judge.instructions:
                raise ScorerError(
                    f"scorer {self.id!r}: step {step.name} is a prompt and needs a judge "
                    f"(create_scorer(judge={{'model': ..., 'instructions': ...}}))"
                )
            return await run_prompt_step(self.id, step.name, replace(prompt_step), judge, context)
        value = step.definition(context)
        if inspect.isawaitable(value):
            value = await value
        return value, None


def _as_score(scorer_id: str, value: Any) -> float:
    if isinstance(value, Mapping) and "score" in value:
        value = value["score"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ScorerRunError(
            scorer_id, "generate_score", TypeError(f"a score must be a number, got {value!r}")
        )
    return float(value)


def unconverted_scorer(id: str, reason: str) -> Scorer:
    """Stands in for a Mastra scorer the converter could not carry over: running it fails
    (``ScorerRunError`` caused by ``NotImplementedError`` with ``reason``) (an agent logs it; ``run_evals`` records it)."""

    def not_converted(ctx: StepContext) -> float:
        raise NotImplementedError(f"scorer {id!r} was not converted: {reason}")

    return Scorer(id=id, description=reason).generate_score(not_converted)


def create_scorer(
    *,
    id: str | None = None,
    name: str | None = None,
    description: str = "",
    judge: JudgeConfig | Mapping[str, Any] | None = None,
    type: str | None = None,
) -> Scorer:
    """``create_scorer(id=..., description=..., judge={"model": ..., "instructions": ...})``
    then chain ``.preprocess(...).analyze(...).generate_score(...).generate_reason(...)``.
    ``name`` alone (Mastra 0.x) is used as the id."""
    chosen = id or name
    if not chosen:
        raise ScorerError("create_scorer needs an id")
    return Scorer(id=chosen, name=name, description=description, judge=judge, type=type)
