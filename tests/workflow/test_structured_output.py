"""Mastra's structuredOutput errorStrategy ('strict' | 'warn' | 'fallback') on agent steps and in
step bodies (generate_with_strategy), and mastra_params for converted helper conditions."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from lumosai import Agent
from lumosai.agent import StructuredOutputError
from lumosai.compat.mastra.workflows import createStep
from lumosai.testing import ScriptedModel
from lumosai.workflow import StepContext, WorkflowBuilder, create_step, mastra_params
from lumosai.workflow.structured import generate_with_strategy

FALLBACK = {"sections": ["Introduction", "Details", "Conclusion"]}


class Outline(BaseModel):
    sections: list[str]


def _agent(reply: dict[str, Any]) -> Agent:
    return Agent(name="writer", instructions="outline", model=ScriptedModel([reply]))


async def test_fallback_in_a_step_body() -> None:
    result = await generate_with_strategy(
        _agent({"text": "not json"}),
        "outline it",
        output=Outline,
        error_strategy="fallback",
        fallback_value=FALLBACK,
    )
    assert result.object.model_dump() == FALLBACK
    ok = await generate_with_strategy(
        _agent({"object": {"sections": ["A"]}}), "x", output=Outline, error_strategy="fallback"
    )
    assert ok.object == Outline(sections=["A"])


async def test_warn_gives_none_and_strict_raises(caplog: pytest.LogCaptureFixture) -> None:
    warned = await generate_with_strategy(
        _agent({"text": "nope"}), "x", output=Outline, error_strategy="warn"
    )
    assert warned.object is None
    assert "structured output failed" in caplog.text
    with pytest.raises(StructuredOutputError):
        await generate_with_strategy(_agent({"text": "nope"}), "x", output=Outline)
    with pytest.raises(ValueError, match="error_strategy"):
        await generate_with_strategy(_agent({"text": "x"}), "x", output=Outline, error_strategy="x")


async def test_agent_step_fallback_native_and_compat() -> None:
    step = create_step(
        _agent({"text": "oops"}),
        structured_output=Outline,
        error_strategy="fallback",
        fallback_value=FALLBACK,
    )
    wf = WorkflowBuilder(id="outline").then(step).commit()
    res = await wf.create_run().start({"prompt": "outline"})
    assert res.status == "success", res.error
    assert res.result == FALLBACK

    compat_step = createStep(
        _agent({"text": "oops"}),
        {
            "structuredOutput": {
                "schema": Outline,
                "errorStrategy": "fallback",
                "fallbackValue": FALLBACK,
            }
        },
    )
    res = (
        await WorkflowBuilder(id="c")
        .then(compat_step)
        .commit()
        .create_run()
        .start({"prompt": "outline"})
    )
    assert res.status == "success", res.error
    assert res.result == FALLBACK


async def test_mastra_params_feeds_a_converted_helper_condition() -> None:
    async def is_executive(options: dict[str, Any]) -> bool:
        return options.get("inputData", {}).get("audience") == "executive"

    short = create_step(id="short", execute=lambda ctx: "short")
    long = create_step(id="long", execute=lambda ctx: "long")

    def seen(ctx: StepContext) -> Any:
        return ctx.input_data

    wf = (
        WorkflowBuilder(id="b")
        .then(create_step(id="in", execute=seen))
        .branch(
            [
                (lambda ctx: is_executive(mastra_params(ctx)), short),
                (lambda ctx: ctx.input_data["audience"] != "executive", long),
            ]
        )
        .commit()
    )
    res = await wf.create_run().start({"audience": "executive"})
    assert res.result == {"short": "short"}
