"""create_scorer pipelines (functions and LLM-judge prompts on a scripted judge), the
LLM-judged prebuilt scorers, and clear errors."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from lumosai.evals import (
    PromptStep,
    ScorerError,
    ScorerRunError,
    create_answer_relevancy_scorer,
    create_bias_scorer,
    create_context_precision_scorer,
    create_faithfulness_scorer,
    create_hallucination_scorer,
    create_prompt_alignment_scorer_llm,
    create_scorer,
    create_summarization_scorer,
    create_toxicity_scorer,
)
from lumosai.llm.messages import Message
from lumosai.testing import ScriptedModel, mock_llm_server


async def test_function_steps_see_earlier_results() -> None:
    scorer = (
        create_scorer(id="length", description="Answer length vs question")
        .preprocess(lambda ctx: {"q": len(ctx.run.input), "a": len(ctx.run.output)})
        .analyze(
            lambda ctx: {
                "ratio": ctx.results.preprocess_step_result["a"]
                / ctx.results["preprocessStepResult"]["q"]
            }
        )
        .generate_score(lambda ctx: min(1.0, ctx.results.analyze_step_result["ratio"]))
        .generate_reason(
            lambda ctx: f"ratio {ctx.results.analyze_step_result['ratio']:.1f}, score {ctx.score}"
        )
    )
    result = await scorer.run("four", "eight!!!", ground_truth="x")
    assert result.score == 1.0
    assert result.reason == "ratio 2.0, score 1.0"
    assert result.preprocess_step_result == {"q": 4, "a": 8}
    assert result.ground_truth == "x" and result.run_id
    assert result.to_dict()["analyzeStepResult"] == {"ratio": 2.0}
    assert [s["name"] for s in scorer.get_steps()] == [
        "preprocess",
        "analyze",
        "generate_score",
        "generate_reason",
    ]


async def test_async_steps_and_mastra_spelling() -> None:
    async def score(ctx):  # type: ignore[no-untyped-def]
        return {"score": 0.25}

    scorer = create_scorer(id="a").generateScore(score).generateReason(lambda ctx: "ok")
    result = await scorer.run(input="q", output="a")
    assert (result.score, result.reason) == (0.25, "ok")


class Verdicts(BaseModel):
    verdicts: list[str]


async def test_prompt_steps_go_to_the_judge() -> None:
    judge = ScriptedModel(
        [
            {"object": {"verdicts": ["yes", "no", "yes", "yes"]}},
            {"object": {"score": 0.75}},
            {"text": "Three of four claims hold."},
        ]
    )
    scorer = (
        create_scorer(
            id="claims",
            description="LLM judged",
            judge={"model": judge, "instructions": "You are a strict judge."},
        )
        .analyze(
            PromptStep(
                description="Judge claims",
                output_schema=Verdicts,
                create_prompt=lambda ctx: f"Judge: {ctx.run.output}",
            )
        )
        .generate_score(
            {
                "description": "Score",
                "createPrompt": lambda ctx: f"Score {ctx.results.analyze_step_result}",
            }
        )
        .generate_reason(
            {"description": "Why", "create_prompt": lambda ctx: f"Explain {ctx.score}"}
        )
    )
    result = await scorer.run("q", "the answer")
    assert result.analyze_step_result == {"verdicts": ["yes", "no", "yes", "yes"]}
    assert result.score == 0.75 and result.reason == "Three of four claims hold."
    assert result.analyze_prompt == "Judge: the answer"
    assert result.generate_reason_prompt == "Explain 0.75"
    first = judge.requests[0]
    assert any("strict judge" in str(m.content) for m in first.messages)


async def test_judge_over_http_through_the_provider_layer() -> None:
    script = [
        {"object": {"statements": ["Paris is the capital."]}},
        {"object": {"results": [{"result": "yes", "reason": "direct"}]}},
        {"text": "The score is 1 because it answers."},
    ]
    with mock_llm_server(script) as server:
        from lumosai import openai_compatible

        model = openai_compatible("judge-model", base_url=server.base_url, api_key="k")
        scorer = create_answer_relevancy_scorer(model=model)
        result = await scorer.run(
            [Message(role="user", content="What is the capital of France?")],
            [Message(role="assistant", content="Paris is the capital.")],
        )
    assert result.score == 1.0
    assert result.reason == "The score is 1 because it answers."
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    ("factory", "script", "expected"),
    [
        (
            create_answer_relevancy_scorer,
            [
                {"object": {"statements": ["a", "b", "c"]}},
                {
                    "object": {
                        "results": [
                            {"result": "yes", "reason": ""},
                            {"result": "unsure", "reason": ""},
                            {"result": "no", "reason": ""},
                        ]
                    }
                },
            ],
            0.43,  # (1 + 0.3) / 3 rounded like Math.round
        ),
        (
            create_faithfulness_scorer,
            [
                {"object": {"claims": ["a", "b", "c"]}},
                {
                    "object": {
                        "verdicts": [
                            {"verdict": "yes", "reason": ""},
                            {"verdict": "yes", "reason": ""},
                            {"verdict": "unsure", "reason": ""},
                        ]
                    }
                },
            ],
            0.67,
        ),
        (
            create_hallucination_scorer,
            [
                {"object": {"claims": ["a", "b"]}},
                {
                    "object": {
                        "verdicts": [
                            {"statement": "a", "verdict": "yes", "reason": ""},
                            {"statement": "b", "verdict": "no", "reason": ""},
                        ]
                    }
                },
            ],
            0.5,
        ),
        (
            create_bias_scorer,
            [
                {"object": {"opinions": ["x"]}},
                {"object": {"results": [{"result": "Yes", "reason": ""}]}},
            ],
            1.0,
        ),
        (create_toxicity_scorer, [{"object": {"verdicts": []}}], 1.0),
        (
            lambda model: create_context_precision_scorer(model=model, context=["a", "b", "c"]),
            [
                {
                    "object": {
                        "verdicts": [
                            {"context_index": 2, "verdict": "yes", "reason": ""},
                            {"context_index": 0, "verdict": "yes", "reason": ""},
                            {"context_index": 1, "verdict": "no", "reason": ""},
                        ]
                    }
                }
            ],
            0.83,  # (1/1 + 2/3) / 2
        ),
        (
            create_summarization_scorer,
            [
                {
                    "object": {
                        "alignment": [
                            {"claim": "a", "supported": True, "reason": ""},
                            {"claim": "b", "supported": True, "reason": ""},
                        ],
                        "questions": ["q1", "q2", "q3", "q4"],
                    }
                },
                {
                    "object": {
                        "coverage": [
                            {"question": "q1", "answered": True, "reason": ""},
                            {"question": "q2", "answered": True, "reason": ""},
                            {"question": "q3", "answered": True, "reason": ""},
                            {"question": "q4", "answered": False, "reason": ""},
                        ]
                    }
                },
            ],
            0.75,  # min(alignment 1.0, coverage 3/4)
        ),
        (
            create_prompt_alignment_scorer_llm,
            [
                {
                    "object": {
                        "intentAlignment": {"score": 1, "reasoning": ""},
                        "requirementsFulfillment": {"requirements": [], "overallScore": 0.5},
                        "completeness": {"score": 0.5, "reasoning": ""},
                        "responseAppropriateness": {"score": 1, "reasoning": ""},
                    }
                }
            ],
            0.75,  # 0.4*1 + 0.3*0.5 + 0.2*0.5 + 0.1*1
        ),
    ],
)
async def test_llm_prebuilt_formulas(factory, script, expected) -> None:  # type: ignore[no-untyped-def]
    judge = ScriptedModel([*script, {"text": "reason"}])
    result = await factory(model=judge).run("question?", "answer.")
    assert result.score == expected
    assert result.reason == "reason"


async def test_errors_name_the_scorer_and_step() -> None:
    with pytest.raises(ScorerError, match="needs an id"):
        create_scorer(id="")
    with pytest.raises(ScorerError, match="without a generate_score step"):
        await create_scorer(id="s").preprocess(lambda ctx: 1).run("a", "b")
    with pytest.raises(ScorerError, match="takes a function or a prompt step"):
        create_scorer(id="s").analyze(42)
    no_judge = create_scorer(id="nj").generate_score(
        PromptStep(description="d", create_prompt=lambda c: "p")
    )
    with pytest.raises(ScorerError, match="needs a judge"):
        await no_judge.run("a", "b")

    def boom(ctx):  # type: ignore[no-untyped-def]
        raise KeyError("missing")

    failing = create_scorer(id="f").preprocess(boom).generate_score(lambda ctx: 1)
    with pytest.raises(
        ScorerRunError, match="scorer 'f': step preprocess failed: KeyError"
    ) as info:
        await failing.run("a", "b")
    assert info.value.step == "preprocess" and isinstance(info.value.__cause__, KeyError)
    bad_score = create_scorer(id="b").generate_score(lambda ctx: "high")
    with pytest.raises(ScorerRunError, match="a score must be a number"):
        await bad_score.run("a", "b")


def test_run_sync() -> None:
    scorer = create_scorer(id="s").generate_score(lambda ctx: 0.5)
    assert scorer.run_sync("a", "b").score == 0.5


async def test_dict_access_gives_mastra_shapes_for_agent_runs() -> None:
    from lumosai import Agent, tool

    @tool(name="lookup", description="l")
    def lookup(q: str) -> str:
        return "found"

    model = ScriptedModel([{"tool_call": {"name": "lookup", "args": {"q": "x"}}}, {"text": "done"}])
    agent = Agent(name="a", instructions="x", model=model, tools=[lookup])
    run_output = await agent.generate("find x")

    def preprocess(options):  # type: ignore[no-untyped-def]  # shaped like translated TS
        run = options["run"]
        return {
            "question": run["input"]["inputMessages"][0]["content"],
            "answer": run["output"][0]["content"],
            "tools": [t["toolName"] for t in run["output"][0]["toolInvocations"]],
            "result": run["output"][0]["toolInvocations"][0]["result"],
            "truth": run.get("groundTruth"),
        }

    scorer = create_scorer(id="shape").preprocess(preprocess).generate_score(lambda ctx: 1)
    result = await scorer.run(["find x"], run_output, ground_truth="g")
    assert result.preprocess_step_result == {
        "question": "find x",
        "answer": "done",
        "tools": ["lookup"],
        "result": "found",
        "truth": "g",
    }
    plain = await scorer.run(
        {"inputMessages": [{"role": "user", "content": "q"}]},
        [
            {
                "role": "assistant",
                "content": "a",
                "toolInvocations": [{"toolName": "t", "result": 1, "state": "result"}],
            }
        ],
    )
    assert plain.preprocess_step_result["tools"] == ["t"]
