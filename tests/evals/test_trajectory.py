"""Trajectory accuracy: our compare_trajectories and scorer give what @mastra/evals 1.10.2
gives on Node for the same steps, and agent runs become tool-call trajectories."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from mastra_script import run_mastra_script

from lumosai import Agent, tool
from lumosai.evals import (
    compare_trajectories,
    create_trajectory_accuracy_scorer_code,
    trajectory_of,
)
from lumosai.testing import ScriptedModel

HERE = Path(__file__).parent


def step(name: str, **fields: Any) -> dict[str, Any]:
    return {"stepType": "tool_call", "name": name, **fields}


ACTUAL = [step("search"), step("weather", toolArgs={"city": "Oslo"}), step("summarize")]
CASES: list[dict[str, Any]] = [
    {"actual": ACTUAL, "expected": [{"name": "search"}, {"name": "summarize"}], "options": {}},
    {"actual": ACTUAL, "expected": [{"name": "summarize"}, {"name": "search"}], "options": {}},
    {
        "actual": ACTUAL,
        "expected": [{"name": "search"}, {"name": "summarize"}],
        "options": {"ordering": "strict"},
    },
    {
        "actual": ACTUAL,
        "expected": [{"name": "search"}, {"name": "weather"}, {"name": "summarize"}],
        "options": {"ordering": "strict"},
    },
    {
        "actual": ACTUAL,
        "expected": [{"name": "summarize"}, {"name": "search"}, {"name": "missing"}],
        "options": {"ordering": "unordered"},
    },
    {
        "actual": ACTUAL,
        "expected": [step("weather", toolArgs={"city": "Oslo"})],
        "options": {},
    },
    {
        "actual": ACTUAL,
        "expected": [step("weather", toolArgs={"city": "Paris"})],
        "options": {"ordering": "unordered"},
    },
    {
        "actual": [step("search"), step("search"), step("weather")],
        "expected": [{"name": "search"}, {"name": "weather"}],
        "options": {"allowRepeatedSteps": False},
    },
    {"actual": [], "expected": [{"name": "search"}], "options": {}},
    {"actual": ACTUAL, "expected": [], "options": {}},
    {"actual": [], "expected": [], "options": {"ordering": "strict"}},
    {
        "actual": [step("a"), step("b"), step("c"), step("d")],
        "expected": [{"name": "b"}, {"name": "a"}],
        "options": {"ordering": "strict", "allowRepeatedSteps": False},
    },
]


@pytest.fixture(scope="module")
def mastra(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    return run_mastra_script(
        HERE / "mastra_trajectories.ts", CASES, tmp_path_factory.mktemp("trajectories")
    )


@pytest.mark.node
@pytest.mark.parametrize("index", range(len(CASES)))
async def test_same_as_mastra(index: int, mastra: list[Any]) -> None:
    case = CASES[index]
    options = case["options"]
    ordering = options.get("ordering", "relaxed")
    repeated = options.get("allowRepeatedSteps", True)
    found = compare_trajectories(
        {"steps": case["actual"]},
        case["expected"],
        ordering=ordering,
        allow_repeated_steps=repeated,
    )
    assert found == mastra[index]["comparison"]
    scorer = create_trajectory_accuracy_scorer_code(
        expected_trajectory=case["expected"], ordering=ordering, allow_repeated_steps=repeated
    )
    result = await scorer.run("q", {"steps": case["actual"]})
    assert result.score == mastra[index]["score"]


async def test_agent_run_becomes_a_tool_call_trajectory() -> None:
    @tool(name="search", description="search")
    def search(q: str) -> dict[str, Any]:
        return {"hits": 1}

    @tool(name="weather", description="weather")
    def weather(city: str) -> str:
        raise RuntimeError("down")

    agent = Agent(
        name="a",
        instructions="x",
        model=ScriptedModel(
            [
                {"tool_call": {"name": "search", "args": {"q": "oslo"}}},
                {"tool_call": {"name": "weather", "args": {"city": "Oslo"}}},
                {"text": "done"},
            ]
        ),
        tools=[search, weather],
    )
    run = await agent.generate("Weather in Oslo?")
    steps = trajectory_of(run)["steps"]
    assert [(s["name"], s["toolArgs"], s["success"]) for s in steps] == [
        ("search", {"q": "oslo"}, True),
        ("weather", {"city": "Oslo"}, False),
    ]
    assert steps[0]["toolResult"] == {"hits": 1}
    scorer = create_trajectory_accuracy_scorer_code(expected_trajectory=["search", "weather"])
    assert (await scorer.run("Weather in Oslo?", run)).score == 1.0
    per_run = create_trajectory_accuracy_scorer_code()
    missing = await per_run.run("q", run)
    assert missing.score == 0.0
    assert "No expected trajectory" in missing.preprocess_step_result["error"]
    strict = await per_run.run(
        "q", run, expected_trajectory={"steps": ["weather", "search"], "ordering": "strict"}
    )
    assert strict.score == 0.0


@pytest.mark.parametrize(
    ("analysis", "expected"),
    [
        # necessary 1/2, in order 2/2, 1 missing of 3: 0.3 + 0.3 - 0.1/3
        (
            {
                "stepEvaluations": [
                    {
                        "stepName": "search",
                        "wasNecessary": True,
                        "wasInOrder": True,
                        "reasoning": "",
                    },
                    {
                        "stepName": "stocks",
                        "wasNecessary": False,
                        "wasInOrder": True,
                        "reasoning": "",
                    },
                ],
                "missingSteps": ["weather"],
                "overallAssessment": "",
            },
            0.57,
        ),
        ({"stepEvaluations": [], "missingSteps": ["weather"], "overallAssessment": ""}, 0.0),
        ({"stepEvaluations": [], "extraSteps": ["x"], "overallAssessment": ""}, 0.5),
        ({"stepEvaluations": [], "overallAssessment": ""}, 1.0),
    ],
)
async def test_llm_trajectory_judge(analysis: dict[str, Any], expected: float) -> None:
    from lumosai.evals import create_trajectory_accuracy_scorer_llm

    judge = ScriptedModel([{"object": analysis}, {"text": "because"}])
    scorer = create_trajectory_accuracy_scorer_llm(
        model=judge, expected_trajectory=[{"stepType": "tool_call", "name": "weather"}]
    )
    actual = {
        "steps": [step("search", toolArgs={"q": "oslo"}), step("stocks")],
        "rawOutput": [{"role": "assistant", "content": "Sunny."}],
    }
    result = await scorer.run("Weather in Oslo?", actual)
    assert result.score == expected
    prompt = result.analyze_prompt or ""
    assert '1. [tool_call] search (args: {"q":"oslo"})' in prompt
    assert "Expected steps:\n1. [tool_call] weather" in prompt
    assert "Agent response: Sunny." in prompt


def call_step(name: str, success: bool = True, **args: Any) -> dict[str, Any]:
    return {"stepType": "tool_call", "name": name, "toolArgs": args, "success": success}


def generation(tokens: int) -> dict[str, Any]:
    return {
        "stepType": "model_generation",
        "name": "llm",
        "promptTokens": tokens,
        "completionTokens": 10,
        "durationMs": 100,
    }


RUN = [
    call_step("search", q="a"),
    call_step("search", q="a"),
    call_step("weather", success=False),
    call_step("weather"),
    call_step("summarize"),
]
SCORER_CASES: list[dict[str, Any]] = [
    {"trajectory": {"steps": RUN}, "expectation": {}},
    {
        "trajectory": {"steps": RUN},
        "expectation": {"steps": [{"name": "search"}, {"name": "summarize"}]},
    },
    {
        "trajectory": {"steps": RUN},
        "expectation": {
            "steps": [{"name": "weather"}, {"name": "search"}],
            "ordering": "strict",
            "maxSteps": 3,
        },
    },
    {"trajectory": {"steps": RUN}, "expectation": {"blacklistedTools": ["summarize"]}},
    {
        "trajectory": {"steps": RUN},
        "expectation": {"blacklistedSequences": [["weather", "weather"]], "noRedundantCalls": True},
    },
    {
        "trajectory": {"steps": RUN},
        "expectation": {"blacklistedSequences": [["summarize", "search"]], "maxRetriesPerTool": 0},
    },
    {
        "trajectory": {"steps": [call_step("a", success=False)] * 4 + [call_step("b")]},
        "expectation": {"maxRetriesPerTool": 1},
        "weights": {"toolFailures": 1, "accuracy": 0},
    },
    {
        "trajectory": {
            "steps": [generation(500), call_step("x"), generation(800)],
            "totalDurationMs": 900,
        },
        "expectation": {
            "maxTotalTokens": 1000,
            "maxTotalDurationMs": 600,
            "noRedundantCalls": False,
        },
    },
    {
        "trajectory": {"steps": [call_step("a")]},
        "expectation": {"maxTotalTokens": 1000},
    },
    {
        "trajectory": {
            "steps": [
                {
                    "stepType": "agent_run",
                    "name": "researcher",
                    "children": [call_step("search"), call_step("fetch"), call_step("fetch")],
                    "durationMs": 50,
                },
                call_step("write"),
            ]
        },
        "defaults": {"ordering": "relaxed"},
        "expectation": {
            "steps": [
                {
                    "name": "researcher",
                    "stepType": "agent_run",
                    "children": {"steps": [{"name": "search"}, {"name": "fetch"}], "maxSteps": 2},
                },
                {"name": "write"},
                {"name": "missing", "children": {"steps": [{"name": "x"}]}},
            ]
        },
    },
    {
        "trajectory": {
            "steps": [{"stepType": "agent_run", "name": "sub", "children": [call_step("rm")]}]
        },
        "expectation": {"steps": [{"name": "sub", "children": {"blacklistedTools": ["rm"]}}]},
    },
]


@pytest.fixture(scope="module")
def mastra_scorer(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    return run_mastra_script(
        HERE / "mastra_trajectory_scorer.ts",
        SCORER_CASES,
        tmp_path_factory.mktemp("trajectory-scorer"),
    )


@pytest.mark.node
@pytest.mark.parametrize("index", range(len(SCORER_CASES)))
async def test_trajectory_scorer_same_as_mastra(index: int, mastra_scorer: list[Any]) -> None:
    from lumosai.evals import ScorerRunError, create_trajectory_scorer_code

    case, expected = SCORER_CASES[index], mastra_scorer[index]
    scorer = create_trajectory_scorer_code(
        defaults=case.get("defaults"), weights=case.get("weights")
    )
    if "error" in expected:
        with pytest.raises(ScorerRunError, match="Cannot evaluate token budget"):
            await scorer.run("q", case["trajectory"], expected_trajectory=case["expectation"])
        assert "Cannot evaluate token budget" in expected["error"]
        return
    result = await scorer.run("q", case["trajectory"], expected_trajectory=case["expectation"])
    assert (result.score, result.reason) == (expected["score"], expected["reason"])
