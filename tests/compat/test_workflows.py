"""``createWorkflow``/``createStep``: the chain methods, runs, suspend/resume, streams, and
Mastra-shaped results."""

from __future__ import annotations

import pytest

from lumosai.compat.mastra import (
    Agent,
    LibSQLStore,
    Mastra,
    createStep,
    createTool,
    createWorkflow,
    z,
)
from lumosai.testing import ScriptedModel
from lumosai.workflow import Step, Workflow

NUM = z.object({"n": z.number()})


def inc(step_id: str = "inc", by: int = 1) -> Step:
    return createStep(
        {
            "id": step_id,
            "inputSchema": NUM,
            "outputSchema": NUM,
            "execute": lambda p: {"n": p.inputData["n"] + by},
        }
    )


async def test_steps_and_workflows_are_native_objects() -> None:
    step = inc()
    wf = createWorkflow({"id": "w", "inputSchema": NUM}).then(step).commit()
    assert isinstance(step, Step) and step.inputSchema is NUM
    assert isinstance(wf, Workflow) and wf.inputSchema is NUM
    assert list(wf.steps) == ["inc"]


async def test_loops_foreach_map_and_sleep() -> None:
    double = createStep({"id": "double", "execute": lambda p: p.inputData * 2})
    wf = (
        createWorkflow({"id": "loops", "inputSchema": NUM})
        .dowhile(inc("w"), lambda p: p.inputData["n"] < 3)
        .dountil(inc("u", 10), lambda p: p.iterationCount >= 2)
        .map(lambda p: [p.inputData["n"], p.getStepResult("w")["n"], p.getInitData()["n"]])
        .foreach(double, {"concurrency": 2})
        .sleep(1)
        .map(
            {
                "doubled": {"step": double, "path": "."},
                "start": {"initData": True, "path": "n"},
                "fixed": {"value": 7, "schema": z.number()},
            }
        )
        .commit()
    )
    out = await (await wf.createRun()).start({"inputData": {"n": 0}})
    assert out.status == "success", out
    assert out.result == {"doubled": [46, 6, 0], "start": 0, "fixed": 7}
    assert out.steps["w"].output == {"n": 3}


async def test_state_bail_and_get_step_result() -> None:
    async def first(p):
        p.setState({"seen": p.inputData["n"]})
        return {"n": p.inputData["n"] * 10}

    def second(p):
        if p.state["seen"] == 1:
            return p.bail({"early": p.getStepResult("first")["n"]})
        return {"late": True}

    never = createStep({"id": "never", "execute": lambda p: pytest.fail("ran after bail")})
    wf = (
        createWorkflow({"id": "bail", "stateSchema": z.object({"seen": z.number().optional()})})
        .then(createStep({"id": "first", "execute": first}))
        .then(createStep({"id": "second", "execute": second}))
        .then(never)
        .commit()
    )
    out = await (await wf.createRun()).start({"inputData": {"n": 1}})
    assert out.status == "success"
    assert out.result == {"early": 10}
    assert out.steps["second"].status == "success"
    assert out.state == {"seen": 1}


async def test_suspend_and_resume_with_mastra_storage(tmp_path) -> None:
    def approve(p):
        if p.resumeData is None:
            return p.suspend({"question": f"approve {p.inputData['n']}?"})
        return {"approved": p.resumeData["ok"], "n": p.inputData["n"]}

    def build() -> Workflow:
        step = createStep(
            {
                "id": "approve",
                "inputSchema": NUM,
                "resumeSchema": z.object({"ok": z.boolean()}),
                "suspendSchema": z.object({"question": z.string()}),
                "execute": approve,
            }
        )
        return createWorkflow({"id": "approval", "inputSchema": NUM}).then(step).commit()

    db = f"file:{tmp_path / 'wf.db'}"
    mastra = Mastra({"workflows": {"approval": build()}, "storage": LibSQLStore({"url": db})})
    wf = mastra.getWorkflow("approval")
    run = await wf.createRun()
    out = await run.start({"inputData": {"n": 5}})
    assert out.status == "suspended"
    assert out.suspended == [["approve"]]
    assert out.suspendPayload == {"approve": {"question": "approve 5?"}}
    assert out.steps["approve"].status == "suspended"
    assert out.steps["approve"].suspendPayload == {"question": "approve 5?"}

    # another "process": a fresh Mastra over the same file resumes the run
    mastra2 = Mastra({"workflows": {"approval": build()}, "storage": LibSQLStore({"url": db})})
    wf2 = mastra2.getWorkflow("approval")
    run2 = await wf2.createRun({"runId": run.runId})
    done = await run2.resume({"step": "approve", "resumeData": {"ok": True}})
    assert done.status == "success"
    assert done.result == {"approved": True, "n": 5}
    assert done.steps["approve"].resumePayload == {"ok": True}
    runs = await wf2.listWorkflowRuns()
    assert [r.runId for r in runs.runs] == [run.runId]


async def test_stream_events_are_mastra_shaped() -> None:
    wf = createWorkflow({"id": "s", "inputSchema": NUM}).then(inc("a")).then(inc("b")).commit()
    run = await wf.createRun()
    stream = run.stream({"inputData": {"n": 1}})
    events = [e async for e in stream.fullStream]
    types = [e.type for e in events]
    assert types[0] == "workflow-start" and types[-1] == "workflow-finish"
    assert types.count("workflow-step-result") == 2
    result_event = next(e for e in events if e.type == "workflow-step-result")
    assert result_event.payload.id == "a" and result_event.payload.output == {"n": 2}
    assert "startedAt" in result_event.payload and result_event["from"] == "WORKFLOW"
    assert all(e.runId == run.runId for e in events)
    assert (await stream.result).result == {"n": 3}


async def test_failed_run_and_input_validation() -> None:
    def boom(p):
        raise RuntimeError("kaput")

    wf = (
        createWorkflow({"id": "f", "inputSchema": NUM})
        .then(createStep({"id": "boom", "execute": boom}))
        .commit()
    )
    out = await (await wf.createRun()).start({"inputData": {"n": 1}})
    assert out.status == "failed"
    assert "kaput" in out.error.message
    assert out.steps["boom"].status == "failed"
    with pytest.raises(Exception, match="n"):
        await (await wf.createRun()).start({"inputData": {"n": "x"}})


async def test_nested_workflow_agent_step_tool_step_and_0x_run_api() -> None:
    inner = (
        createWorkflow({"id": "inner", "inputSchema": NUM, "outputSchema": NUM})
        .then(inc())
        .commit()
    )
    agent = Agent(
        {
            "id": "writer",
            "name": "Writer",
            "instructions": "x",
            "model": ScriptedModel([{"text": "a poem"}]),
        }
    )
    shout = createTool(
        {
            "id": "shout",
            "description": "",
            "inputSchema": z.object({"text": z.string()}),
            "execute": lambda i: {"text": i["text"].upper()},
        }
    )
    wf = (
        createWorkflow({"id": "outer", "inputSchema": NUM})
        .then(inner)
        .map(lambda p: {"prompt": f"write about {p.inputData['n']}"})
        .then(createStep(agent))
        .then(createStep(shout))
        .commit()
    )
    run = await wf.createRunAsync()  # 0.x spelling
    seen = []
    run.watch(seen.append)
    out = await run.start({"inputData": {"n": 1}, "runtimeContext": {"k": "v"}})
    assert out.status == "success", out
    assert out.result == {"text": "A POEM"}
    assert out.steps["inner"].output == {"n": 2}
    assert any(e.type == "workflow-step-result" for e in seen)


async def test_parallel_results_and_keyword_step_functions() -> None:
    def kw(*, inputData, getStepResult):
        return {"sum": inputData["a"]["n"] + inputData["b"]["n"]}

    wf = (
        createWorkflow({"id": "p", "inputSchema": NUM})
        .parallel([inc("a", 1), inc("b", 2)])
        .then(createStep({"id": "sum", "execute": kw}))
        .commit()
    )
    out = await (await wf.createRun()).start({"inputData": {"n": 1}})
    assert out.result == {"sum": 5}
    assert out.steps["a"].output == {"n": 2} and out.steps["b"].output == {"n": 3}


def test_definition_errors() -> None:
    from lumosai.workflow import WorkflowDefinitionError

    with pytest.raises(WorkflowDefinitionError, match="unknown option"):
        createStep({"id": "x", "execute": lambda p: p, "inputschema": NUM})
    with pytest.raises(WorkflowDefinitionError, match="event name"):
        createWorkflow({"id": "x"}).waitForEvent("", inc())  # waitForEvent is supported now
    with pytest.raises(WorkflowDefinitionError, match="id"):
        createWorkflow({})


async def test_set_state_works_awaited_or_not() -> None:
    async def one(p):
        await p.setState({"count": 1})  # 1.x: setState is async
        return {}

    def two(p):
        assert p.state == {"count": 1}
        p.setState({"count": p.state["count"] + 1})  # and plain calls still work
        return {"seen": p.state["count"]}  # p.state is this step's snapshot, as in Mastra

    wf = (
        createWorkflow({"id": "st"})
        .then(createStep({"id": "one", "execute": one}))
        .then(createStep({"id": "two", "execute": two}))
        .commit()
    )
    out = await (await wf.createRun()).start({"inputData": {}, "initialState": {"count": 0}})
    assert out.result == {"seen": 1} and out.state == {"count": 2}


async def test_sleep_until_and_sleep_functions() -> None:
    import datetime as dt
    import time

    soon = dt.datetime.now(dt.UTC) + dt.timedelta(milliseconds=30)
    wf = (
        createWorkflow({"id": "sleepy", "inputSchema": NUM})
        .sleepUntil(soon)
        .sleep(lambda p: p.inputData["n"])
        .sleepUntil(lambda p: dt.datetime.now(dt.UTC))
        .then(inc())
        .commit()
    )
    started = time.monotonic()
    out = await (await wf.createRun()).start({"inputData": {"n": 20}})
    assert out.result == {"n": 21}
    assert time.monotonic() - started >= 0.04
