"""Build-time errors, step failures, schema errors, retries, timeouts, stream and watch."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

from lumosai.workflow import (
    RetryConfig,
    StepValidationError,
    WorkflowBuilder,
    WorkflowDefinitionError,
    create_step,
)


def echo(step_id: str):
    return create_step(id=step_id, execute=lambda ctx: ctx.input_data)


def test_unknown_step_id_fails_at_commit() -> None:
    builder = WorkflowBuilder().id("w").then(echo("a")).then("nope")
    with pytest.raises(WorkflowDefinitionError) as info:
        builder.commit()
    assert "'nope'" in str(info.value) and "'w'" in str(info.value)
    with pytest.raises(WorkflowDefinitionError, match="'ghost'"):
        WorkflowBuilder().id("w").branch(lambda ctx: True, "ghost", "other").commit()


def test_registered_ids_resolve() -> None:
    wf = (
        WorkflowBuilder()
        .id("w")
        .add_step(echo("publish"))
        .add_step(echo("revise"))
        .then(echo("a"))
        .branch(lambda ctx: True, "publish", "revise")
        .commit()
    )
    assert set(wf.steps) == {"a", "publish", "revise"}


def test_map_reading_a_later_or_unknown_step_fails_at_commit() -> None:
    with pytest.raises(WorkflowDefinitionError) as info:
        (
            WorkflowBuilder()
            .id("w")
            .map({"x": {"step": "later", "path": "."}})
            .then(echo("later"))
            .commit()
        )
    assert "map 'mapping_w_0'" in str(info.value) and "'later'" in str(info.value)
    with pytest.raises(WorkflowDefinitionError, match="needs one of"):
        WorkflowBuilder().id("w").map({"x": {"bogus": 1}})


def test_duplicate_ids_and_cycles_fail_at_commit() -> None:
    with pytest.raises(WorkflowDefinitionError, match="two different steps share the id 'a'"):
        WorkflowBuilder().id("w").then(echo("a")).then(echo("a")).commit()
    a = echo("a")
    with pytest.raises(WorkflowDefinitionError, match="appears twice"):
        WorkflowBuilder().id("w").parallel([a, a]).commit()
    inner_same_id = WorkflowBuilder().id("loop").then(echo("x")).commit()
    with pytest.raises(WorkflowDefinitionError, match="cycle: loop -> loop"):
        WorkflowBuilder().id("loop").then(inner_same_id).commit()
    deeper = WorkflowBuilder().id("mid").then(inner_same_id).commit()
    with pytest.raises(WorkflowDefinitionError, match="cycle: loop -> mid -> loop"):
        WorkflowBuilder().id("loop").then(deeper).commit()


def test_builder_used_as_its_own_step_is_a_cycle() -> None:
    builder = WorkflowBuilder().id("selfish").then(echo("a"))
    with pytest.raises(WorkflowDefinitionError, match="cycle: workflow 'selfish'"):
        builder.then(builder)


def test_missing_id_and_empty_workflow() -> None:
    with pytest.raises(WorkflowDefinitionError, match="set an id"):
        WorkflowBuilder().then(echo("a")).commit()
    with pytest.raises(WorkflowDefinitionError, match="has no steps"):
        WorkflowBuilder().id("w").commit()
    with pytest.raises(WorkflowDefinitionError, match="non-empty string id"):
        create_step(id="", execute=lambda ctx: 1)


async def test_output_schema_failure_names_step_and_field() -> None:
    class Out(BaseModel):
        total: int

    bad = create_step(id="summer", output_schema=Out, execute=lambda ctx: {"total": "lots"})
    wf = WorkflowBuilder().id("w").then(bad).then(echo("after")).commit()
    res = await wf.create_run().start(input_data=None)
    assert res.status == "failed"
    assert "step 'summer'" in res.error and "output" in res.error and "'total'" in res.error
    assert res.steps["summer"].status == "failed"
    assert isinstance(res.exception, StepValidationError)
    assert "after" not in res.steps


async def test_step_input_schema_failure() -> None:
    class In(BaseModel):
        city: str

    step = create_step(id="needs-city", input_schema=In, execute=lambda ctx: ctx.input_data)
    res = await WorkflowBuilder().id("w").then(step).commit().create_run().start(input_data={})
    assert res.status == "failed"
    assert "step 'needs-city'" in res.error and "input" in res.error and "'city'" in res.error


async def test_workflow_input_schema_rejects_bad_input() -> None:
    class In(BaseModel):
        n: int

    wf = WorkflowBuilder(id="typed", input_schema=In).then(echo("a")).commit()
    with pytest.raises(StepValidationError, match="workflow 'typed': input failed validation"):
        await wf.create_run().start(input_data={"n": "x"})


async def test_exception_fails_run_with_step_id() -> None:
    def boom(ctx):
        raise RuntimeError("kaput")

    wf = WorkflowBuilder().id("w").then(create_step(id="boom", execute=boom)).commit()
    res = await wf.create_run().start(input_data=None)
    assert res.status == "failed"
    assert res.error == "step 'boom' failed: RuntimeError: kaput"
    assert res.steps["boom"].error == res.error
    assert isinstance(res.exception, RuntimeError)


async def test_retries_per_step_and_workflow_retry_config() -> None:
    attempts = []

    def flaky(ctx):
        attempts.append(ctx.retry_count)
        if ctx.retry_count < 2:
            raise ValueError("not yet")
        return "ok"

    wf = WorkflowBuilder().id("w").then(create_step(id="flaky", execute=flaky, retries=2)).commit()
    assert (await wf.execute(None)).result == "ok"
    assert attempts == [0, 1, 2]

    attempts.clear()
    wf = (
        WorkflowBuilder()
        .id("w2")
        .retry_config(attempts=1, delay=5)
        .then(create_step(id="flaky", execute=flaky))
        .commit()
    )
    res = await wf.execute(None)
    assert res.status == "failed" and attempts == [0, 1]
    assert RetryConfig(max_attempts=3, delay_ms=1000).attempts == 2


async def test_timeout_of_async_step() -> None:
    async def slow(ctx):
        await asyncio.sleep(1)

    wf = WorkflowBuilder().id("w").then(create_step(id="slow", execute=slow, timeout=0.02)).commit()
    res = await wf.execute(None)
    assert res.status == "failed" and "step 'slow'" in res.error and "Timeout" in res.error


async def test_failing_parallel_branch_fails_the_run() -> None:
    def boom(ctx):
        raise KeyError("k")

    wf = (
        WorkflowBuilder()
        .id("w")
        .parallel([echo("ok"), create_step(id="bad", execute=boom)])
        .commit()
    )
    res = await wf.execute(1)
    assert res.status == "failed" and "step 'bad'" in res.error
    assert res.steps["ok"].status == "success"


async def test_stream_yields_mastra_events_and_result() -> None:
    async def ask(ctx):
        if ctx.resume_data is None:
            return await ctx.suspend({"q": 1})
        return ctx.resume_data

    wf = (
        WorkflowBuilder()
        .id("w")
        .then(echo("first"))
        .then(create_step(id="ask", execute=ask))
        .commit()
    )
    run = wf.create_run()
    stream = run.stream(input_data={"x": 1})
    events = [event async for event in stream]
    result = await stream.result
    assert result.status == "suspended"
    types = [e["type"] for e in events]
    assert types == [
        "workflow-start",
        "workflow-step-start",
        "workflow-step-result",
        "workflow-step-start",
        "workflow-step-suspended",
        "workflow-finish",
    ]
    assert events[2]["payload"]["id"] == "first"
    assert events[2]["payload"]["output"] == {"x": 1}
    assert events[4]["payload"]["suspend_payload"] == {"q": 1}
    assert events[-1]["payload"]["status"] == "suspended"
    assert all(e["run_id"] == run.run_id for e in events)

    stream = run.resume_stream(step="ask", resume_data="done")
    types = [e["type"] async for e in stream]
    assert types[-1] == "workflow-finish"
    assert (await stream.result).result == "done"


async def test_watch_sync_and_async_callbacks_and_unsubscribe() -> None:
    seen: list[str] = []
    seen_async: list[str] = []

    async def async_cb(event):
        seen_async.append(event["type"])

    wf = WorkflowBuilder().id("w").then(echo("a")).commit()
    run = wf.create_run()
    unsubscribe = run.watch(lambda e: seen.append(e["type"]))
    run.watch(async_cb)
    await run.start(input_data=1)
    await asyncio.sleep(0)
    assert seen[0] == "workflow-start" and seen[-1] == "workflow-finish"
    assert seen_async == seen
    unsubscribe()
    run2_events = len(seen)
    wf2 = WorkflowBuilder().id("w2").then(echo("a")).commit()
    await wf2.create_run().start(input_data=1)
    assert len(seen) == run2_events


async def test_concurrent_start_on_same_run_is_refused() -> None:
    from lumosai.workflow import ResumeError

    gate = asyncio.Event()

    async def wait(ctx):
        await gate.wait()
        return 1

    wf = WorkflowBuilder().id("w").then(create_step(id="wait", execute=wait)).commit()
    run = wf.create_run()
    first = asyncio.create_task(run.start(input_data=None))
    await asyncio.sleep(0.01)
    with pytest.raises(ResumeError, match="is running"):
        await run.start(input_data=None)
    gate.set()
    assert (await first).status == "success"
