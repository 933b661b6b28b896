"""Running a prompt step: build the prompt, ask the judge model through the provider layer
(an ``Agent``), return its structured object, score or text."""

from __future__ import annotations

import inspect
from typing import Any

from lumosai.evals.types import JudgeConfig, PromptStep, StepContext

SCORE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "score",
    "properties": {"score": {"type": "number"}},
    "required": ["score"],
}


def judge_agent(scorer_id: str, judge: JudgeConfig) -> Any:
    """The judge as an ``Agent`` without tools."""
    from lumosai.agent import Agent

    return Agent(
        name=f"{scorer_id}-judge",
        instructions=judge.instructions,
        model=judge.model,
        max_tool_calls=0,
    )


async def run_prompt_step(
    scorer_id: str, step_name: str, step: PromptStep, judge: JudgeConfig, context: StepContext
) -> tuple[Any, str]:
    prompt = step.create_prompt(context)
    if inspect.isawaitable(prompt):
        prompt = await prompt
    prompt = str(prompt)
    agent = judge_agent(scorer_id, judge)
    if step_name == "generate_score":
        result = await agent.generate(prompt, output=SCORE_SCHEMA)
        obj = result.object
        score = obj.get("score") if isinstance(obj, dict) else getattr(obj, "score", None)
        return score, prompt
    if step_name == "generate_reason" or step.output_schema is None:
        result = await agent.generate(prompt)
        return result.text, prompt
    result = await agent.generate(prompt, output=step.output_schema)
    obj = result.object
    dump = getattr(obj, "model_dump", None)
    return (dump() if callable(dump) else obj), prompt
