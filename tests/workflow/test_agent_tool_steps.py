"""Agents and tools as steps, with the real runtime and the scripted model; app access."""

from __future__ import annotations

from pydantic import BaseModel

from lumosai import Agent, LumosApp, RuntimeContext, tool
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step


class CityIn(BaseModel):
    city: str
    units: str = "metric"


@tool(name="get-weather", description="Weather for a city", input_schema=CityIn)
def get_weather(args: dict) -> dict:
    return {"city": args["city"], "temp": 21, "units": args["units"]}


async def test_tool_as_step_input_is_tool_args_output_is_tool_result() -> None:
    step = create_step(get_weather)
    assert step.id == "get-weather" and step.kind == "tool"
    wf = WorkflowBuilder().id("w").then(step).commit()
    res = await wf.create_run().start(input_data={"city": "Paris"})
    assert res.status == "success"
    assert res.result == {"city": "Paris", "temp": 21, "units": "metric"}


async def test_tool_step_with_bad_args_fails_naming_the_step() -> None:
    wf = WorkflowBuilder().id("w").then(get_weather).commit()
    res = await wf.create_run().start(input_data={"town": "Paris"})
    assert res.status == "failed"
    assert "step 'get-weather'" in res.error and "city" in res.error


async def test_agent_as_step_prompt_in_text_out() -> None:
    model = ScriptedModel([{"text": "Go to the Louvre."}])
    planner = Agent(name="planner", instructions="Plan activities.", model=model)
    to_prompt = create_step(
        id="to-prompt",
        execute=lambda ctx: {"prompt": f"Plan a day in {ctx.input_data['city']}"},
    )
    wf = WorkflowBuilder().id("plan").then(get_weather).then(to_prompt).then(planner).commit()
    res = await wf.create_run().start(input_data={"city": "Paris"})
    assert res.status == "success", res.error
    assert res.result == {"text": "Go to the Louvre."}
    assert res.steps["planner"].payload == {"prompt": "Plan a day in Paris"}
    sent = model.requests[0].messages
    assert any("Plan a day in Paris" in str(m.content) for m in sent)


async def test_agent_step_structured_output_and_map_to_prompt() -> None:
    class Plan(BaseModel):
        activity: str

    model = ScriptedModel([{"object": {"activity": "museum"}}])
    agent = Agent(name="struct", instructions="x", model=model)
    wf = (
        WorkflowBuilder()
        .id("s")
        .map(lambda ctx: {"prompt": "what?"})
        .then(create_step(agent, structured_output=Plan, id="planner"))
        .commit()
    )
    res = await wf.create_run().start(input_data=None)
    assert res.status == "success", res.error
    assert res.result == {"activity": "museum"}


async def test_agent_step_input_must_have_prompt() -> None:
    agent = Agent(name="a", instructions="x", model=ScriptedModel([{"text": "hi"}]))
    wf = WorkflowBuilder().id("w").then(agent).commit()
    res = await wf.create_run().start(input_data={"question": "?"})
    assert res.status == "failed"
    assert "step 'a'" in res.error and "prompt" in res.error


async def test_steps_reach_app_agents_and_runtime_context() -> None:
    model = ScriptedModel([{"text": "Bonjour"}])
    greeter = Agent(name="greeter", instructions="Greet.", model=model)

    async def greet(ctx):
        agent = ctx.get_agent("greeterAgent")
        answer = await agent.generate(f"greet {ctx.runtime_context.get('user')}")
        return {"text": answer.text, "has_app": ctx.app is not None}

    wf = WorkflowBuilder().id("greet-wf").then(create_step(id="greet", execute=greet)).commit()
    LumosApp("app", agents={"greeterAgent": greeter}, workflows={"greet-wf": wf})
    rc = RuntimeContext()
    rc.set("user", "Ada")
    res = await wf.create_run().start(input_data=None, runtime_context=rc)
    assert res.status == "success", res.error
    assert res.result == {"text": "Bonjour", "has_app": True}


async def test_get_agent_without_app_is_a_clear_error() -> None:
    wf = (
        WorkflowBuilder()
        .id("lonely")
        .then(create_step(id="s", execute=lambda ctx: ctx.get_agent("x")))
        .commit()
    )
    res = await wf.create_run().start(input_data=None)
    assert res.status == "failed" and "no app attached" in res.error and "'x'" in res.error


async def test_app_storage_is_used_by_its_workflows(tmp_path) -> None:
    from lumosai.memory import SqliteStorage

    async def ask(ctx):
        return await ctx.suspend({"q": 1}) if ctx.resume_data is None else "ok"

    wf = WorkflowBuilder().id("stored").then(create_step(id="ask", execute=ask)).commit()
    storage = SqliteStorage(tmp_path / "app.db")
    LumosApp("app", workflows={"stored": wf}, storage=storage)
    await wf.create_run(run_id="r").start(input_data=None)
    record = await storage.load_workflow_snapshot("stored", "r")
    assert record is not None and record.status == "suspended"
