"""Issue 6's pinned compat API, verbatim, plus the outside check's shape: both eras' tool
signatures, an agent with sub-agents, a workflow with parallel and branch (scripted model)."""

from __future__ import annotations

from lumosai.compat.mastra import Agent, Mastra, createStep, createTool, createWorkflow, z
from lumosai.compat.mastra.v0 import createTool as createTool0
from lumosai.testing import ScriptedModel


def calc_parts(script: list[dict]) -> tuple:
    add = createTool(
        {
            "id": "add",
            "description": "Add two numbers",
            "inputSchema": z.object({"a": z.number(), "b": z.number()}),
            "execute": lambda inputData, context: {"sum": inputData["a"] + inputData["b"]},
        }
    )
    add0 = createTool0(
        {
            "id": "add0",
            "description": "Add",
            "inputSchema": z.object({"a": z.number(), "b": z.number()}),
            "execute": lambda args: {"sum": args.context["a"] + args.context["b"]},
        }
    )
    agent = Agent(
        {
            "id": "calc",
            "name": "Calc",
            "instructions": "You add.",
            "model": ScriptedModel(script),
            "tools": {"add": add},
        }
    )
    return add, add0, agent


async def test_pinned_api_verbatim() -> None:
    script = [{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}]
    _add, _add0, agent = calc_parts(script)
    res = await agent.generate("2+3?", {"maxSteps": 5})
    assert res.text == "5"
    assert res.toolCalls[0].payload.toolName == "add"
    assert res.toolResults[0].payload.result == {"sum": 5}
    assert res.usage.totalTokens > 0
    assert res.finishReason == "stop"
    assert res.runId and res.toolCalls[0].runId == res.runId
    assert res.toolCalls[0]["from"] == "AGENT" and res.toolCalls[0].type == "tool-call"

    step = createStep(
        {
            "id": "inc",
            "inputSchema": z.object({"n": z.number()}),
            "outputSchema": z.object({"n": z.number()}),
            "execute": lambda p: {"n": p.inputData["n"] + 1},
        }
    )
    wf = (
        createWorkflow(
            {
                "id": "w",
                "inputSchema": z.object({"n": z.number()}),
                "outputSchema": z.object({"n": z.number()}),
            }
        )
        .then(step)
        .commit()
    )
    run = await wf.createRun()
    res = await run.start({"inputData": {"n": 1}})
    assert res.status == "success"
    assert res.result == {"n": 2}
    mastra = Mastra({"agents": {"calcAgent": agent}, "workflows": {"w": wf}})
    assert mastra.getAgent("calcAgent") is agent
    assert mastra.getWorkflow("w") is wf


async def test_both_eras_direct_calls() -> None:
    add, add0, _ = calc_parts([])
    assert await add.execute({"a": 1, "b": 2}) == {"sum": 3}
    assert await add.execute({"a": 1, "b": 2}, {"requestContext": None}) == {"sum": 3}
    assert await add0.execute({"context": {"a": 1, "b": 2}}) == {"sum": 3}


async def test_0x_tool_in_an_agent() -> None:
    script = [{"tool_call": {"name": "add0", "args": {"a": 4, "b": 5}}}, {"text": "9"}]
    _, add0, _ = calc_parts([])
    agent = Agent(
        {
            "name": "Calc0",
            "instructions": "You add.",
            "model": ScriptedModel(script),
            "tools": {"add0": add0},
        }
    )
    res = await agent.generate("4+5?", {"threadId": None, "runtimeContext": None})
    assert res.toolResults[0].payload.result == {"sum": 9}
    assert res.text == "9"


async def test_agent_with_sub_agents_and_workflow_with_parallel_and_branch() -> None:
    researcher = Agent(
        {
            "id": "researcher",
            "name": "Researcher",
            "description": "Finds facts",
            "instructions": "Research.",
            "model": ScriptedModel([{"text": "Paris is in France."}]),
        }
    )
    upper = createStep({"id": "upper", "execute": lambda p: {"text": p.inputData["text"].upper()}})
    length = createStep({"id": "length", "execute": lambda p: {"n": len(p.inputData["text"])}})
    short = createStep({"id": "short", "execute": lambda p: {"kind": "short"}})
    long = createStep({"id": "long", "execute": lambda p: {"kind": "long"}})
    always = createStep({"id": "always", "execute": lambda p: {"kind": "any"}})
    wf = (
        createWorkflow(
            {
                "id": "analyse",
                "description": "Analyse a text",
                "inputSchema": z.object({"text": z.string()}),
            }
        )
        .parallel([upper, length])
        .branch(
            [
                [lambda p: p.inputData["length"]["n"] < 10, short],
                [lambda p: p.inputData["length"]["n"] >= 10, long],
                [lambda p: True, always],
            ]
        )
        .commit()
    )
    run = await wf.createRun()
    out = await run.start({"inputData": {"text": "hello"}})
    assert out.status == "success"
    assert out.result == {"short": {"kind": "short"}, "always": {"kind": "any"}}
    assert out.steps["upper"].output == {"text": "HELLO"}
    assert "long" not in out.steps

    script = [
        {
            "tool_calls": [
                {"name": "agent-researcher", "args": {"prompt": "Where is Paris?"}},
                {"name": "workflow-analyse", "args": {"inputData": {"text": "a long text here"}}},
            ]
        },
        {"text": "Done."},
    ]
    boss = Agent(
        {
            "id": "boss",
            "name": "Boss",
            "instructions": "Delegate.",
            "model": ScriptedModel(script),
            "agents": {"researcher": researcher},
            "workflows": {"analyse": wf},
        }
    )
    res = await boss.generate("Go")
    by_tool = {r.payload.toolName: r.payload.result for r in res.toolResults}
    assert by_tool["agent-researcher"]["text"] == "Paris is in France."
    assert by_tool["workflow-analyse"]["result"] == {
        "long": {"kind": "long"},
        "always": {"kind": "any"},
    }
    assert by_tool["workflow-analyse"]["runId"]
    assert res.text == "Done."


async def test_a_mastra_shaped_app_written_with_keywords_and_async_functions() -> None:
    import lumosai

    async def lookup(inputData, context):
        return {"city": inputData["city"], "tempC": 20 + len(inputData["city"])}

    async def lookup0(args):
        return {"city": args.context["city"], "unit": args.runtimeContext.get("unit")}

    weather = createTool(
        id="weather",
        description="Weather for a city",
        inputSchema=z.object({"city": z.string()}),
        outputSchema=z.object({"city": z.string(), "tempC": z.number()}),
        execute=lookup,
    )
    units = createTool0(
        id="units", description="Units", inputSchema=z.object({"city": z.string()}), execute=lookup0
    )
    forecaster = Agent(
        id="forecaster",
        name="Forecaster",
        instructions="Forecast.",
        model=ScriptedModel(
            [{"tool_call": {"name": "weather", "args": {"city": "Rome"}}}, {"text": "24C in Rome"}]
        ),
        tools={"weather": weather},
    )
    native_helper = lumosai.Agent(
        name="native-helper", instructions="x", model=ScriptedModel([{"text": "native says hi"}])
    )
    planner = Agent(
        id="planner",
        name="Planner",
        instructions="Plan.",
        model=ScriptedModel(
            [
                {
                    "tool_calls": [
                        {"name": "agent-forecaster", "args": {"prompt": "Rome?"}},
                        {"name": "agent-helper", "args": {"prompt": "hi"}},
                        {"name": "units", "args": {"city": "Rome"}},
                    ]
                },
                {"text": "Plan ready."},
            ]
        ),
        tools={"units": units},
        agents={"forecaster": forecaster, "helper": native_helper},
    )

    async def is_warm(p):
        return p.inputData["fetch"]["tempC"] > 20

    fetch = createStep(
        id="fetch",
        inputSchema=z.object({"city": z.string()}),
        execute=lambda p: weather.execute({"city": p.inputData["city"]}),
    )
    echo = createStep(id="echo", execute=lambda p: {"city": p.getInitData()["city"]})
    beach = createStep(id="beach", execute=lambda p: {"plan": "beach"})
    museum = createStep(id="museum", execute=lambda p: {"plan": "museum"})
    trip = (
        createWorkflow(id="trip", inputSchema=z.object({"city": z.string()}))
        .parallel([fetch, echo])
        .branch([(is_warm, beach), (lambda p: not p.inputData["fetch"]["tempC"] > 20, museum)])
        .commit()
    )
    mastra = Mastra(agents={"planner": planner, "helper": native_helper}, workflows={"trip": trip})

    res = await mastra.getAgent("planner").generate(
        "Plan a trip", {"requestContext": {"unit": "C"}, "maxSteps": 3}
    )
    results = {r.payload.toolName: r.payload.result for r in res.toolResults}
    assert results["agent-forecaster"]["text"] == "24C in Rome"
    assert results["agent-forecaster"]["subAgentToolResults"][0]["result"] == {
        "city": "Rome",
        "tempC": 24,
    }
    assert results["agent-helper"]["text"] == "native says hi"
    assert results["units"] == {"city": "Rome", "unit": "C"}
    assert res.text == "Plan ready."

    run = await mastra.getWorkflow("trip").createRun()
    out = await run.start({"inputData": {"city": "Oslo"}})
    assert out.status == "success"
    assert out.steps["fetch"].output == {"city": "Oslo", "tempC": 24}
    assert out.result == {"beach": {"plan": "beach"}}
