"""Suspend and resume: single steps, parallel, loops, for_each, nested workflows; bail, abort, cancel."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

from lumosai.workflow import (
    ResumeError,
    RunNotFoundError,
    StepValidationError,
    WorkflowBuilder,
    create_step,
)


async def ask(ctx):
    if ctx.resume_data is None:
        return await ctx.suspend({"question": "ok?"})
    return {"answer": ctx.resume_data["answer"], "asked": ctx.suspend_data}


def ask_step(step_id: str = "ask", **kwargs):
    return create_step(id=step_id, execute=ask, **kwargs)


def after_step():
    return create_step(id="after", execute=lambda ctx: {"final": ctx.input_data["answer"]})


async def test_pinned_suspend_resume() -> None:
    wf = WorkflowBuilder().id("approve").then(ask_step()).then(after_step()).commit()
    run = wf.create_run()
    res = await run.start(input_data={})
    assert res.status == "suspended"
    assert res.suspended == [["ask"]]
    assert res.steps["ask"].status == "suspended"
    assert res.steps["ask"].suspend_payload == {"question": "ok?"}
    assert res.suspend_payload == {"ask": {"question": "ok?"}}
    assert "after" not in res.steps
    res = await run.resume(step="ask", resume_data={"answer": "yes"})
    assert res.status == "success"
    assert res.result == {"final": "yes"}
    ask_result = res.steps["ask"]
    assert ask_result.status == "success"
    assert ask_result.resume_payload == {"answer": "yes"}
    # as Mastra 1.x: the finished step's result drops the prior suspension; the step still
    # saw it as ctx.suspend_data while resuming
    assert ask_result.suspend_payload is None and ask_result.suspended_at is None
    assert ask_result.output == {"answer": "yes", "asked": {"question": "ok?"}}


async def test_sync_step_can_return_suspend_and_resume_by_step_object() -> None:
    def sync_ask(ctx):
        if ctx.resume_data is None:
            return ctx.suspend({"q": 1})
        return ctx.resume_data

    step = create_step(id="sync-ask", execute=sync_ask)
    wf = WorkflowBuilder().id("s").then(step).commit()
    run = wf.create_run()
    assert (await run.start(input_data=None)).status == "suspended"
    res = await run.resume(step=step, resume_data={"ok": True})
    assert res.result == {"ok": True}


async def test_resume_without_step_picks_first_suspended() -> None:
    wf = WorkflowBuilder().id("s").then(ask_step()).commit()
    run = wf.create_run()
    await run.start(input_data={})
    res = await run.resume(resume_data={"answer": "x"})
    assert res.status == "success"


async def test_suspend_again_after_resume() -> None:
    async def twice(ctx):
        rounds = (ctx.resume_data or {}).get("round", 0)
        if rounds < 2:
            return await ctx.suspend({"round": rounds})
        return {"done": rounds}

    wf = WorkflowBuilder().id("twice").then(create_step(id="t", execute=twice)).commit()
    run = wf.create_run()
    res = await run.start(input_data=None)
    assert res.steps["t"].suspend_payload == {"round": 0}
    res = await run.resume(step="t", resume_data={"round": 1})
    assert res.status == "suspended" and res.steps["t"].suspend_payload == {"round": 1}
    res = await run.resume(step="t", resume_data={"round": 2})
    assert res.result == {"done": 2}


async def test_parallel_with_two_suspended_steps_resumes_one_at_a_time() -> None:
    calls = {"a": 0, "b": 0, "c": 0}

    def make(step_id):
        async def body(ctx):
            calls[step_id] += 1
            if ctx.resume_data is None:
                return await ctx.suspend({"who": step_id})
            return ctx.resume_data

        return create_step(id=step_id, execute=body)

    def plain(ctx):
        calls["c"] += 1
        return "c-out"

    wf = (
        WorkflowBuilder()
        .id("par-susp")
        .parallel([make("a"), make("b"), create_step(id="c", execute=plain)])
        .commit()
    )
    run = wf.create_run()
    res = await run.start(input_data=None)
    assert res.status == "suspended"
    assert res.suspended == [["a"], ["b"]]
    res = await run.resume(step="b", resume_data="B")
    assert res.status == "suspended" and res.suspended == [["a"]]
    res = await run.resume(step="a", resume_data="A")
    assert res.status == "success"
    assert res.result == {"a": "A", "b": "B", "c": "c-out"}
    assert calls == {"a": 2, "b": 2, "c": 1}


async def test_suspend_inside_do_until_keeps_iteration() -> None:
    async def body(ctx):
        n = ctx.input_data["n"]
        if n == 2 and ctx.resume_data is None:
            return await ctx.suspend({"at": n})
        return {"n": n + 1}

    wf = (
        WorkflowBuilder()
        .id("loop-susp")
        .do_until(create_step(id="body", execute=body), lambda ctx: ctx.iteration_count >= 5)
        .commit()
    )
    run = wf.create_run()
    res = await run.start(input_data={"n": 0})
    assert res.status == "suspended" and res.steps["body"].suspend_payload == {"at": 2}
    res = await run.resume(step="body", resume_data={"go": True})
    assert res.status == "success"
    assert res.result == {"n": 5}


async def test_suspend_inside_for_each_by_index() -> None:
    async def body(ctx):
        item = ctx.input_data
        if item % 2 == 0 and ctx.resume_data is None:
            return await ctx.suspend({"item": item})
        return item * 10 + (ctx.resume_data or 0)

    wf = (
        WorkflowBuilder()
        .id("fe-susp")
        .for_each(create_step(id="b", execute=body), concurrency=2)
        .commit()
    )
    run = wf.create_run()
    res = await run.start(input_data=[1, 2, 3, 4])
    assert res.status == "suspended" and res.suspended == [["b"]]
    res = await run.resume(step="b", resume_data=1, for_each_index=1)
    assert res.status == "suspended"
    res = await run.resume(step="b", resume_data=2)
    assert res.status == "success"
    assert res.result == [10, 21, 30, 42]


async def test_nested_workflow_suspend_path_and_resume() -> None:
    inner = (
        WorkflowBuilder()
        .id("inner-wf")
        .then(create_step(id="prep", execute=lambda ctx: {"p": 1}))
        .then(ask_step("inner-step"))
        .commit()
    )
    outer = (
        WorkflowBuilder()
        .id("outer-wf")
        .then(inner.as_step("outer-step"))
        .then(after_step())
        .commit()
    )
    run = outer.create_run()
    res = await run.start(input_data={})
    assert res.status == "suspended"
    assert res.suspended == [["outer-step", "inner-step"]]
    assert res.steps["outer-step"].status == "suspended"
    assert res.steps["outer-step"].suspend_payload == {"question": "ok?"}
    res = await run.resume(step=["outer-step", "inner-step"], resume_data={"answer": "deep"})
    assert res.status == "success"
    assert res.result == {"final": "deep"}
    # resuming by the inner id alone works too
    run2 = outer.create_run()
    await run2.start(input_data={})
    res = await run2.resume(step="inner-step", resume_data={"answer": "x"})
    assert res.result == {"final": "x"}


async def test_resume_schema_and_suspend_schema() -> None:
    class Resume(BaseModel):
        answer: str

    class Suspend(BaseModel):
        question: str

    wf = (
        WorkflowBuilder()
        .id("schemas")
        .then(ask_step(resume_schema=Resume, suspend_schema=Suspend))
        .commit()
    )
    run = wf.create_run()
    await run.start(input_data={})
    with pytest.raises(StepValidationError) as info:
        await run.resume(step="ask", resume_data={"nope": 1})
    message = str(info.value)
    assert "step 'ask'" in message and "resume data" in message and "answer" in message
    # the run is untouched and still resumable
    assert run.status == "suspended"
    res = await run.resume(step="ask", resume_data={"answer": "fine"})
    assert res.status == "success"

    async def bad_suspend(ctx):
        return await ctx.suspend({"wrong": 1})

    wf2 = (
        WorkflowBuilder()
        .id("bad-suspend")
        .then(create_step(id="bs", execute=bad_suspend, suspend_schema=Suspend))
        .commit()
    )
    res = await wf2.create_run().start(input_data=None)
    assert res.status == "failed"
    assert "step 'bs'" in res.error and "suspend payload" in res.error and "question" in res.error


async def test_resume_errors_name_the_step_and_run() -> None:
    wf = WorkflowBuilder().id("errs").then(ask_step()).then(after_step()).commit()
    run = wf.create_run(run_id="run-1")
    await run.start(input_data={})
    with pytest.raises(ResumeError) as info:
        await run.resume(step="after", resume_data={})
    assert "'after'" in str(info.value) and "not suspended" in str(info.value)
    await run.resume(step="ask", resume_data={"answer": "y"})
    with pytest.raises(ResumeError) as info:
        await run.resume(step="ask", resume_data={"answer": "y"})
    assert "'ask'" in str(info.value) and "success" in str(info.value)
    with pytest.raises(RunNotFoundError) as info:
        await wf.get_run("no-such-run")
    assert "no-such-run" in str(info.value)
    with pytest.raises(RunNotFoundError) as info:
        await wf.create_run(run_id="fresh").resume(step="ask", resume_data={})
    assert "step 'ask'" in str(info.value) and "'fresh'" in str(info.value)


async def test_bail_ends_run_successfully_with_value() -> None:
    def gate(ctx):
        if ctx.input_data["n"] > 10:
            return ctx.bail({"too_big": ctx.input_data["n"]})
        return ctx.input_data

    never = create_step(id="never", execute=lambda ctx: {"ran": True})
    wf = (
        WorkflowBuilder().id("bail").then(create_step(id="gate", execute=gate)).then(never).commit()
    )
    res = await wf.create_run().start(input_data={"n": 50})
    assert res.status == "success"
    assert res.bailed is True
    assert res.result == {"too_big": 50}
    assert res.steps["gate"].status == "bailed"
    assert "never" not in res.steps
    res = await wf.create_run().start(input_data={"n": 1})
    assert res.result == {"ran": True} and res.bailed is False


async def test_abort_cancels_run() -> None:
    def stop(ctx):
        try:
            ctx.abort()
        except Exception:  # user code that swallows errors cannot eat the abort
            return "swallowed"
        return "unreachable"

    wf = (
        WorkflowBuilder()
        .id("abort")
        .then(create_step(id="stop", execute=stop))
        .then(after_step())
        .commit()
    )
    res = await wf.create_run().start(input_data=None)
    assert res.status == "canceled"
    assert res.steps["stop"].status == "canceled"
    assert "after" not in res.steps


async def test_cancel_running_run() -> None:
    started = asyncio.Event()

    async def slow(ctx):
        started.set()
        await asyncio.sleep(10)
        return "late"

    wf = WorkflowBuilder().id("cancel").then(create_step(id="slow", execute=slow)).commit()
    run = wf.create_run()
    task = asyncio.create_task(run.start(input_data=None))
    await started.wait()
    run.cancel()  # takes effect even when not awaited, like Mastra's fire-and-forget cancel()
    res = await asyncio.wait_for(task, 2)
    assert res.status == "canceled"
    assert res.steps["slow"].status == "canceled"


async def test_cancel_suspended_run() -> None:
    wf = WorkflowBuilder().id("cancel-s").then(ask_step()).commit()
    run = wf.create_run()
    await run.start(input_data={})
    await run.cancel()
    assert run.status == "canceled"
    with pytest.raises(ResumeError):
        await run.resume(step="ask", resume_data={"answer": "x"})


async def test_nested_suspension_path_survives_resuming_a_sibling(tmp_path) -> None:
    from lumosai.memory import SqliteStorage

    def build():
        inner = WorkflowBuilder().id("inner").then(ask_step("inner-ask")).commit()
        return (
            WorkflowBuilder(id="sib", storage=SqliteStorage(tmp_path / "s.db"))
            .parallel([inner.as_step("nested"), ask_step("flat")])
            .commit()
        )

    res = await build().create_run(run_id="r").start(input_data={})
    assert res.suspended == [["nested", "inner-ask"], ["flat"]]
    run = await build().get_run("r")
    res = await run.resume(step="flat", resume_data={"answer": "f"})
    assert res.status == "suspended" and res.suspended == [["nested", "inner-ask"]]
    res = await (await build().get_run("r")).resume(step="inner-ask", resume_data={"answer": "n"})
    assert res.status == "success"
    assert res.result["flat"]["answer"] == "f" and res.result["nested"]["answer"] == "n"


async def test_keep_suspend_payload_as_mastra_0x() -> None:
    """Mastra 0.x keeps a resumed step's suspend payload in its result; 1.x (default) drops it."""
    from lumosai.workflow import StepContext, WorkflowBuilder, create_step

    @create_step(id="approve")
    async def approve(ctx: StepContext) -> object:
        if ctx.resume_data is None:
            return await ctx.suspend({"reason": "needs approval"})
        return {"approved": ctx.resume_data["ok"]}

    for keep, expected in ((True, {"reason": "needs approval"}), (False, None)):
        wf = WorkflowBuilder().id(f"keep-{keep}").then(approve).keep_suspend_payload(keep).commit()
        run = wf.create_run()
        assert (await run.start({})).status == "suspended"
        done = await run.resume(step="approve", resume_data={"ok": True})
        assert done.status == "success"
        assert done.steps["approve"].suspend_payload == expected
