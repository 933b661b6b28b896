"""The data a scorer works on and returns: ``ScorerRun`` in, ``ScoreResult`` out, the
accumulated ``StepResults`` between steps, and ``PromptStep`` for LLM-judged steps."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

STEP_NAMES = ("preprocess", "analyze", "generate_score", "generate_reason")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@dataclass(slots=True)
class ScorerRun:
    """What is scored: ``input`` (the prompt or messages), ``output`` (the answer or the
    agent's response messages), optional ``ground_truth`` and anything else in ``extra``."""

    input: Any = None
    output: Any = None
    ground_truth: Any = None
    runtime_context: Any = None
    run_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def groundTruth(self) -> Any:
        return self.ground_truth

    # Dict access gives Mastra's JSON shapes, so step code ported from TypeScript (which reads
    # `run["input"]["inputMessages"]`, `run["output"]`) sees what it saw in Mastra.
    def __getitem__(self, key: str) -> Any:
        from lumosai.evals.text import mastra_input, mastra_output

        if key == "input":
            return mastra_input(self.input, self.output)
        if key == "output":
            return mastra_output(self.output)
        if key in ("groundTruth", "ground_truth"):
            return self.ground_truth
        if key in ("requestContext", "runtimeContext", "runtime_context"):
            return self.runtime_context
        if key in ("runId", "run_id"):
            return self.run_id
        if key in self.extra:
            return self.extra[key]
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            value = self[key]
        except KeyError:
            return default
        return default if value is None else value


class StepResults(dict[str, Any]):
    """Results of the earlier steps: ``results.preprocess_step_result`` (also
    ``results["preprocessStepResult"]``, Mastra's key)."""

    def __getattr__(self, name: str) -> Any:
        return self.get(_snake(name))

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(_snake(key))

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(_snake(key), default)


@dataclass(slots=True)
class StepContext:
    """Passed to every step function: ``ctx.run``, ``ctx.results`` and, in
    ``generate_reason``, ``ctx.score``."""

    run: ScorerRun
    results: StepResults
    score: float | None = None

    def __getitem__(self, key: str) -> Any:
        """``ctx["run"]`` / ``ctx["results"]`` / ``ctx["score"]``: ported step functions take
        Mastra's ``({ run, results, score })`` as one dict-like argument."""
        if key in ("run", "results", "score"):
            return getattr(self, key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default) if key in ("run", "results", "score") else default


StepFunction = Callable[[StepContext], Any | Awaitable[Any]]


@dataclass(slots=True)
class JudgeConfig:
    """The LLM that runs prompt steps: a model (``"openai/gpt-4o"``, a provider helper's
    model, a ``ScriptedModel``) and its instructions."""

    model: Any
    instructions: str


@dataclass(slots=True)
class PromptStep:
    """A step the judge runs: ``create_prompt(ctx)`` builds the prompt; ``output_schema``
    (pydantic model or JSON schema) asks for structured output (``generate_score`` always
    gets ``{"score": number}``, ``generate_reason`` plain text); ``judge`` overrides the
    scorer's judge."""

    description: str
    create_prompt: Callable[[StepContext], str | Awaitable[str]]
    output_schema: Any = None
    judge: JudgeConfig | dict[str, Any] | None = None


@dataclass(slots=True)
class ScoreResult:
    """The outcome of ``scorer.run``: ``score`` and ``reason`` plus every step's result and
    every prompt the judge was given."""

    scorer_id: str
    run_id: str
    score: float | None
    reason: str | None = None
    input: Any = None
    output: Any = None
    ground_truth: Any = None
    preprocess_step_result: Any = None
    analyze_step_result: Any = None
    preprocess_prompt: str | None = None
    analyze_prompt: str | None = None
    generate_score_prompt: str | None = None
    generate_reason_prompt: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Mastra's result keys (camelCase)."""
        return {
            "runId": self.run_id,
            "score": self.score,
            "reason": self.reason,
            "input": self.input,
            "output": self.output,
            "groundTruth": self.ground_truth,
            "preprocessStepResult": self.preprocess_step_result,
            "analyzeStepResult": self.analyze_step_result,
            "preprocessPrompt": self.preprocess_prompt,
            "analyzePrompt": self.analyze_prompt,
            "generateScorePrompt": self.generate_score_prompt,
            "generateReasonPrompt": self.generate_reason_prompt,
        }


class ScorerError(ValueError):
    """A scorer is built wrongly (no id, no generate_score, prompt step without a judge)."""


class ScorerRunError(RuntimeError):
    """A step raised; names the scorer and the step, keeps the cause."""

    def __init__(self, scorer_id: str, step: str, cause: BaseException) -> None:
        super().__init__(
            f"scorer {scorer_id!r}: step {step} failed: {type(cause).__name__}: {cause}"
        )
        self.scorer_id = scorer_id
        self.step = step
        self.__cause__ = cause
