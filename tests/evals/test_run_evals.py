"""run_evals over agents, workflows and functions; scorers attached to agents with sampling;
failing scorers never break a run."""

from __future__ import annotations

import logging

import pytest

from lumosai import Agent, tool
from lumosai.evals import (
    AttachedScorer,
    create_content_similarity_scorer,
    create_scorer,
    create_tool_call_accuracy_scorer_code,
    run_evals,
)
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step


@tool(name="weather", description="Weather")
def weather(city: str) -> str:
    return f"sunny in {city}"


def exact_match():  # type: ignore[no-untyped-def]
    return create_scorer(id="exact").generate_score(
        lambda ctx: (
            1.0
            if str(getattr(ctx.run.output, "text", ctx.run.output)) == ctx.run.ground_truth
            else 0.0
        )
    )


async def test_run_evals_on_an_agent() -> None:
    model = ScriptedModel(
        [
            {"tool_call": {"name": "weather", "args": {"city": "Oslo"}}},
            {"text": "Sunny"},
            {"text": "Rainy"},
        ]
    )
    agent = Agent(name="w", instructions="x", model=model, tools=[weather])
    result = await run_evals(
        agent,
        [
            {"input": "Weather in Oslo?", "groundTruth": "Sunny"},
            {"input": "And Bergen?", "ground_truth": "Sunny"},
        ],
        [exact_match(), create_tool_call_accuracy_scorer_code(expected_tool="weather")],
    )
    assert result.summary == {"total_items": 2}
    assert result.scores == {"exact": 0.5, "code-tool-call-accuracy-scorer": 0.5}
    assert result.items[0].scores["exact"].score == 1.0
    assert not result.errors


async def test_run_evals_on_a_workflow_and_a_function() -> None:
    wf = (
        WorkflowBuilder(id="upper")
        .then(create_step(id="up", execute=lambda ctx: ctx.input_data.upper()))
        .commit()
    )
    scorer = create_scorer(id="eq").generate_score(
        lambda ctx: float(ctx.run.output == ctx.run.ground_truth)
    )
    done = await run_evals(
        wf, [{"input": "ab", "ground_truth": "AB"}, {"input": "c", "ground_truth": "x"}], [scorer]
    )
    assert done.scores == {"eq": 0.5}

    async def echo(value: str) -> str:
        return value

    similar = await run_evals(
        echo, [{"input": "hello world"}], [create_content_similarity_scorer()]
    )
    assert similar.scores["content-similarity-scorer"] == 1.0


async def test_failures_are_collected_not_raised() -> None:
    def fragile(value: str) -> str:
        if value == "bad":
            raise RuntimeError("target broke")
        return value

    def boom(ctx):  # type: ignore[no-untyped-def]
        raise ValueError("scorer broke")

    broken = create_scorer(id="broken").generate_score(boom)
    fine = create_scorer(id="fine").generate_score(lambda ctx: 1)
    result = await run_evals(
        fragile, [{"input": "ok"}, {"input": "bad"}], [broken, fine], concurrency=2
    )
    assert result.scores == {"fine": 1.0}
    assert "scorer broke" in result.errors["broken"][0]
    assert "target broke" in result.errors["target"][0]
    with pytest.raises(ValueError, match="at least one data item"):
        await run_evals(fragile, [], [fine])
    with pytest.raises(ValueError, match="at least one scorer"):
        await run_evals(fragile, [{"input": 1}], [])


async def test_scorers_attached_to_an_agent_score_in_the_background() -> None:
    seen: list[float] = []
    scorer = create_tool_call_accuracy_scorer_code(expected_tool="weather")
    model = ScriptedModel(
        [{"tool_call": {"name": "weather", "args": {"city": "Rome"}}}, {"text": "Sunny"}]
    )
    agent = Agent(
        name="scored",
        instructions="x",
        model=model,
        tools=[weather],
        scorers={"tools": {"scorer": scorer, "sampling": {"type": "ratio", "rate": 1}}},
    )
    agent.score_log.listeners.append(lambda r: seen.append(r.score))
    result = await agent.generate("Weather in Rome?")
    assert result.text == "Sunny"
    await agent.score_log.drain()
    assert seen == [1.0]
    assert agent.score_log.results[0].run_id == result.run_id


async def test_sampling_and_raising_scorers_never_affect_the_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def boom(ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("scorer exploded")

    never = create_scorer(id="never").generate_score(lambda ctx: 1)
    agent = Agent(
        name="safe",
        instructions="x",
        model=ScriptedModel([{"text": "one"}, {"text": "two"}]),
        scorers={
            "boom": create_scorer(id="boom").generate_score(boom),
            "never": {"scorer": never, "sampling": {"type": "ratio", "rate": 0}},
        },
    )
    with caplog.at_level(logging.WARNING, logger="lumosai.evals"):
        assert (await agent.generate("hi")).text == "one"
        stream = agent.stream("again")
        async for _ in stream:
            pass
        await agent.score_log.drain()
    assert agent.score_log.results == []
    assert len(agent.score_log.errors) == 2 and "scorer exploded" in agent.score_log.errors[0]
    assert "scorer 'boom' failed" in caplog.text


def test_sampling_rules() -> None:
    scorer = create_scorer(id="s").generate_score(lambda ctx: 1)
    assert AttachedScorer(scorer).picks()
    assert not AttachedScorer(scorer, {"type": "ratio", "rate": 0.2}).picks(lambda: 0.5)
    assert AttachedScorer(scorer, {"type": "ratio", "rate": 0.2}).picks(lambda: 0.1)
    with pytest.raises(ValueError, match="unknown sampling"):
        AttachedScorer(scorer, {"type": "weird"}).picks()
    with pytest.raises(TypeError, match="expected a Scorer"):
        Agent(name="a", instructions="x", model=ScriptedModel([]), scorers={"x": 3})
