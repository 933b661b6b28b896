"""Compat and native objects together: each goes where the other is expected."""

from __future__ import annotations

import lumosai
from lumosai import LumosApp, ToolExecutionContext, tool
from lumosai.compat.mastra import (
    Agent,
    InMemoryStore,
    Mastra,
    createStep,
    createTool,
    createWorkflow,
    z,
)
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, create_step


def shout_tool():
    return createTool(
        {
            "id": "shout",
            "description": "Upper-case a text",
            "inputSchema": z.object({"text": z.string()}),
            "execute": lambda inputData, context: {"text": inputData["text"].upper()},
        }
    )


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


async def test_compat_tool_in_a_native_agent_and_native_tool_in_a_compat_agent() -> None:
    model = ScriptedModel(
        [{"tool_call": {"name": "shout", "args": {"text": "hi"}}}, {"text": "HI"}]
    )
    native = lumosai.Agent(name="native", instructions="x", model=model, tools=[shout_tool()])
    result = await native.generate("shout hi")
    assert result.tool_results[0].result == {"text": "HI"}
    assert (
        model.requests[0].tools[0]["parameters"] == z.object({"text": z.string()}).to_json_schema()
    )

    model2 = ScriptedModel(
        [{"tool_call": {"name": "add", "args": {"a": 1, "b": 2}}}, {"text": "3"}]
    )
    compat = Agent({"name": "compat", "instructions": "x", "model": model2, "tools": {"add": add}})
    res = await compat.generate("1+2")
    assert res.toolResults[0].payload.result == 3


async def test_native_agent_as_sub_agent_and_compat_agent_in_a_lumos_app() -> None:
    native_helper = lumosai.Agent(
        name="helper", instructions="help", model=ScriptedModel([{"text": "helped"}])
    )
    boss_model = ScriptedModel(
        [{"tool_call": {"name": "agent-helper", "args": {"prompt": "help me"}}}, {"text": "ok"}]
    )
    boss = Agent(
        {
            "id": "boss",
            "name": "Boss",
            "instructions": "x",
            "model": boss_model,
            "agents": {"helper": native_helper},
        }
    )
    app = LumosApp("mixed", agents={"boss": boss, "helper": native_helper})
    assert app.agent("boss") is boss
    result = await app.run("boss", "go")  # the app calls it natively
    assert result.text == "ok"
    assert result.tool_results[0].result["text"] == "helped"


async def test_tool_context_sees_mastra_and_app() -> None:
    seen = []

    def execute(inputData, context):
        seen.append(context)
        return context.mastra.getAgent("a").name

    probe = createTool({"id": "probe", "description": "", "execute": execute})
    model = ScriptedModel([{"tool_call": {"name": "probe", "args": {}}}, {"text": "done"}])
    agent = Agent(
        {"id": "a", "name": "A", "instructions": "x", "model": model, "tools": {"probe": probe}}
    )
    mastra = Mastra({"agents": {"a": agent}, "tools": {"probe": probe}})
    res = await mastra.getAgent("a").generate("go")
    assert res.toolResults[0].payload.result == "A"
    assert seen[0].mastra is mastra
    assert mastra.getTool("probe") is probe
    assert mastra.app.tool("probe") is probe


async def test_compat_workflow_nested_in_a_native_workflow_and_native_steps_in_compat() -> None:
    compat_inner = (
        createWorkflow({"id": "inner", "inputSchema": z.object({"n": z.number()})})
        .then(createStep({"id": "double", "execute": lambda p: {"n": p.inputData["n"] * 2}}))
        .commit()
    )
    native_step = create_step(id="plus_one", execute=lambda ctx: {"n": ctx.input_data["n"] + 1})
    native_wf = WorkflowBuilder("outer").then(native_step).then(compat_inner).commit()
    result = await native_wf.execute({"n": 1})
    assert result.status == "success" and result.result == {"n": 4}

    compat_outer = (
        createWorkflow({"id": "outer2", "inputSchema": z.object({"n": z.number()})})
        .then(native_step)
        .then(native_wf)
        .commit()
    )
    out = await (await compat_outer.createRun()).start({"inputData": {"n": 1}})
    assert out.status == "success" and out.result == {"n": 6}


async def test_native_workflow_as_workflow_tool_and_compat_workflow_in_lumos_app() -> None:
    native_wf = (
        WorkflowBuilder("native-wf")
        .then(create_step(id="echo", execute=lambda ctx: {"got": ctx.input_data}))
        .commit()
    )
    model = ScriptedModel(
        [{"tool_call": {"name": "workflow-nw", "args": {"inputData": {"x": 1}}}}, {"text": "ok"}]
    )
    agent = Agent(
        {"name": "A", "instructions": "x", "model": model, "workflows": {"nw": native_wf}}
    )
    res = await agent.generate("run it")
    assert res.toolResults[0].payload.result["result"] == {"got": {"x": 1}}

    compat_wf = (
        createWorkflow({"id": "cw"})
        .then(createStep({"id": "agent-lookup", "execute": lambda p: p.mastra is not None}))
        .commit()
    )
    storage = InMemoryStore()
    mastra = Mastra({"workflows": {"cw": compat_wf}, "storage": storage})
    assert compat_wf.storage is storage  # the app's storage, as Mastra does
    out = await (await mastra.getWorkflow("cw").createRun()).start({"inputData": {}})
    assert out.result is True
    native_run = await compat_wf.execute({})  # and the native API still works
    assert native_run.status == "success"


async def test_native_tool_execution_context_reaches_compat_tool() -> None:
    seen = []
    probe = createTool(
        {"id": "p", "description": "", "execute": lambda i, c: seen.append(c) or "ok"}
    )
    ctx = ToolExecutionContext(thread_id="t", resource_id="r", run_id="run", tool_call_id="c1")
    assert await probe.execute({}, ctx) == "ok"
    assert seen[0].requestContext is not None and "agent" not in seen[0]


async def test_sub_agents_of_a_registered_agent_see_mastra() -> None:
    seen = []
    probe = createTool(
        {"id": "probe", "description": "", "execute": lambda i, c: seen.append(c.mastra) or "ok"}
    )
    sub = Agent(
        {
            "id": "sub",
            "name": "Sub",
            "instructions": "",
            "model": ScriptedModel([{"tool_call": {"name": "probe", "args": {}}}, {"text": "s"}]),
            "tools": {"probe": probe},
        }
    )
    boss = Agent(
        {
            "id": "boss",
            "name": "Boss",
            "instructions": "",
            "model": ScriptedModel(
                [{"tool_call": {"name": "agent-sub", "args": {"prompt": "go"}}}, {"text": "b"}]
            ),
            "agents": {"sub": sub},
        }
    )
    mastra = Mastra({"agents": {"boss": boss}})
    await boss.generate("go")
    assert seen == [mastra]
