"""Declarative workflows (``lumosai.yaml`` ``workflows:``): steps, conditions, parallel, input."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from pydantic import BaseModel

from lumosai import Agent, LumosApp, tool
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowDefinitionError, build_workflows, from_config
from lumosai.workflow.expr import compile_condition


class CityIn(BaseModel):
    city: str


@tool(name="get-weather", description="Weather", input_schema=CityIn)
def get_weather(args: dict) -> dict:
    return {"city": args["city"], "temp": 30 if args["city"] == "Cairo" else 12}


class TextIn(BaseModel):
    text: str


@tool(name="shout", description="Upper-case", input_schema=TextIn)
def shout(args: dict) -> dict:
    return {"text": args["text"].upper()}


def make_app(script: list[dict]) -> tuple[LumosApp, ScriptedModel]:
    model = ScriptedModel(script)
    planner = Agent(name="planner", instructions="Plan.", model=model)
    app = LumosApp(
        "t", agents={"planner": planner}, tools={"get-weather": get_weather, "shout": shout}
    )
    return app, model


async def test_yaml_workflow_loads_through_lumos_app_and_runs(tmp_path: Path) -> None:
    (tmp_path / "lumosai.yaml").write_text(
        textwrap.dedent(
            """
            project: { name: weather-app }
            workflows:
              weather-workflow:
                description: Get the forecast, then plan activities
                max_retries: 1
                steps:
                  - { id: get-forecast, tool: get-weather, timeout: 30, retries: 1 }
                  - id: plan-activities
                    agent: planner
                    input: "Plan a day in {{ steps.get-forecast.city }} at {{ input.temp }} degrees"
            """
        )
    )
    model = ScriptedModel([{"text": "Swim."}])
    planner = Agent(name="planner", instructions="Plan.", model=model)
    app = LumosApp.from_config(
        tmp_path / "lumosai.yaml", agents={"planner": planner}, tools={"get-weather": get_weather}
    )
    wf = app.workflow("weather-workflow")
    res = await wf.create_run().start(input_data={"city": "Cairo"})
    assert res.status == "success", res.error
    assert res.result == {"text": "Swim."}
    assert res.steps["plan-activities"].status == "success"
    assert any(
        "Plan a day in Cairo at 30 degrees" in str(m.content) for m in model.requests[0].messages
    )


async def test_conditions_skip_steps_and_pass_data_through() -> None:
    app, _ = make_app([])
    wf = from_config(
        {
            "id": "cond",
            "steps": [
                {"id": "weather", "tool": "get-weather"},
                {
                    "id": "hot",
                    "tool": "shout",
                    "condition": "input.temp >= 25 and steps.weather.city != 'Oslo'",
                    "input": {"text": "hot in {{ input.city }}"},
                },
            ],
        },
        app,
    )
    res = await wf.create_run().start(input_data={"city": "Cairo"})
    assert res.result == {"text": "HOT IN CAIRO"}
    res = await wf.create_run().start(input_data={"city": "Oslo"})
    assert res.steps["hot"].status == "skipped"
    assert res.result == {"city": "Oslo", "temp": 12}


async def test_parallel_groups_and_conditional_groups() -> None:
    app, _ = make_app([])
    wf = from_config(
        {
            "id": "par",
            "steps": [
                {"id": "a", "tool": "shout", "parallel": "g1", "input": {"text": "{{ init.x }}"}},
                {"id": "b", "tool": "shout", "parallel": "g1", "input": {"text": "{{ init.y }}"}},
                {
                    "id": "c",
                    "tool": "shout",
                    "parallel": "g2",
                    "condition": "steps.a.text == 'ONE'",
                    "input": {"from": "b"},
                },
                {
                    "id": "d",
                    "tool": "shout",
                    "parallel": "g2",
                    "condition": "'zzz' in init.tags",
                    "input": {"from": "a"},
                },
            ],
        },
        app,
    )
    res = await wf.create_run().start(input_data={"x": "one", "y": "two", "tags": ["t"]})
    assert res.status == "success", res.error
    assert res.steps["a"].output == {"text": "ONE"}
    assert res.result == {"c": {"text": "TWO"}}
    assert "d" not in res.steps


async def test_agent_prompt_from_previous_agent_text_and_nested_workflow() -> None:
    app, model = make_app([{"text": "first answer"}, {"text": "second answer"}])
    inner = from_config(
        {"id": "inner", "steps": [{"id": "ask1", "agent": "planner"}]},
        app,
    )
    outer = from_config(
        {
            "id": "outer",
            "steps": [
                {"id": "sub", "workflow": "inner", "input": "{{ init.question }}"},
                {"id": "ask2", "agent": "planner"},
            ],
        },
        app,
        workflows={"inner": inner},
    )
    res = await outer.create_run().start(input_data={"question": "why?"})
    assert res.status == "success", res.error
    assert res.result == {"text": "second answer"}
    assert any("why?" in str(m.content) for m in model.requests[0].messages)
    assert any("first answer" in str(m.content) for m in model.requests[1].messages)


def test_unknown_references_fail_at_build_naming_the_step() -> None:
    app, _ = make_app([])
    with pytest.raises(WorkflowDefinitionError) as info:
        from_config({"id": "w", "steps": [{"id": "x", "agent": "ghost"}]}, app)
    assert "step 'x'" in str(info.value) and "unknown agent 'ghost'" in str(info.value)
    with pytest.raises(WorkflowDefinitionError) as info:
        from_config(
            {"id": "w", "steps": [{"id": "x", "tool": "shout", "input": {"from": "later"}}]}, app
        )
    assert "step 'x'" in str(info.value) and "'later'" in str(info.value)
    with pytest.raises(WorkflowDefinitionError, match=r"step 'x'.*'nope'"):
        from_config(
            {"id": "w", "steps": [{"id": "x", "tool": "shout", "condition": "steps.nope.a"}]}, app
        )
    with pytest.raises(WorkflowDefinitionError, match="bad condition"):
        from_config(
            {"id": "w", "steps": [{"id": "x", "tool": "shout", "condition": "input.a ==="}]}, app
        )
    with pytest.raises(WorkflowDefinitionError, match="must start with one of"):
        from_config(
            {"id": "w", "steps": [{"id": "x", "tool": "shout", "input": "{{ foo.bar }}"}]}, app
        )


def test_workflow_cycles_are_reported() -> None:
    app, _ = make_app([])
    with pytest.raises(WorkflowDefinitionError, match="cycle: w -> w"):
        from_config({"id": "w", "steps": [{"workflow": "w"}]}, app)
    configs = {
        "a": {"steps": [{"id": "to-b", "workflow": "b"}]},
        "b": {"steps": [{"id": "to-c", "workflow": "c"}]},
        "c": {"steps": [{"id": "to-a", "workflow": "a"}]},
    }
    with pytest.raises(WorkflowDefinitionError, match="cycle: a -> b -> c -> a"):
        build_workflows(configs, app)


async def test_build_workflows_orders_nested_first() -> None:
    app, _ = make_app([])
    built = build_workflows(
        {
            "outer": {"steps": [{"id": "run-inner", "workflow": "inner"}]},
            "inner": {"steps": [{"id": "s", "tool": "shout"}]},
        },
        app,
    )
    res = await built["outer"].create_run().start(input_data={"text": "hi"})
    assert res.result == {"text": "HI"}


def test_handler_wins_over_steps(tmp_path: Path) -> None:
    (tmp_path / "my_wf_module.py").write_text(
        "from lumosai.workflow import WorkflowBuilder, create_step\n"
        "wf = WorkflowBuilder().id('coded').then(create_step(id='a', execute=lambda c: 1)).commit()\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        wf = from_config({"id": "coded", "handler": "my_wf_module:wf", "steps": []})
        assert wf.id == "coded"
    finally:
        sys.path.remove(str(tmp_path))


def test_condition_language() -> None:
    def ev(text: str, **scope):
        fn, _ = compile_condition(text, "t")
        return fn(lambda root: scope.get(root))

    data = {"n": 5, "name": "Ada", "tags": ["a", "b"], "nested": {"ok": True}, "none": None}
    assert ev("input.n > 3 and input.n <= 5", input=data)
    assert ev('input.name == "Ada" or false', input=data)
    assert ev("not (input.n == 4)", input=data)
    assert ev("'a' in input.tags and 'z' not in input.tags", input=data)
    assert ev("input.nested.ok", input=data)
    assert not ev("input.none", input=data)
    assert not ev("input.missing.deep > 1", input=data)
    assert ev("input.n in [1, 5, 9]", input=data)
    assert ev("input.tags.1 == 'b'", input=data)
    assert ev("input.n != null", input=data)
