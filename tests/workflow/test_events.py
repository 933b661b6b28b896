"""wait_for_event / send_event: the run suspends on an event; the event resumes it, also from
a fresh process-like run object over the same SQLite file (Mastra 0.x ``waitForEvent``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from lumosai.compat.mastra.workflows import createStep, createWorkflow
from lumosai.memory import SqliteStorage
from lumosai.workflow import ResumeError, StepContext, WorkflowBuilder, create_step


class Picks(BaseModel):
    keep: list[str]
    comment: str = ""


def _build(db: Path | None, *, timeout: float | None = None) -> Any:
    @create_step(id="rank")
    def rank(ctx: StepContext) -> dict[str, Any]:
        return {"ranked": ["a", "b", "c"]}

    @create_step(id="review", resume_schema=Picks)
    def review(ctx: StepContext) -> dict[str, Any]:
        picks = ctx.resume_data or {}
        return {
            "selected": [p for p in ctx.input_data["ranked"] if p in picks.get("keep", [])],
            "comment": picks.get("comment"),
        }

    @create_step(id="write")
    def write(ctx: StepContext) -> str:
        return f"{len(ctx.input_data['selected'])} papers: {ctx.input_data['comment']}"

    storage = SqliteStorage(db) if db is not None else None
    return (
        WorkflowBuilder(id="review-flow", storage=storage)
        .then(rank)
        .wait_for_event("analyst-review", review, timeout=timeout)
        .then(write)
        .commit()
    )


async def test_event_resumes_from_a_fresh_run_object(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    first = await _build(db).create_run("r1").start({})
    assert first.status == "suspended"
    assert first.suspended == [["review"]]
    assert first.steps["review"].status == "suspended"
    assert first.steps["review"].payload == {"ranked": ["a", "b", "c"]}

    snap = await SqliteStorage(db).load_workflow_snapshot("review-flow", "r1")
    assert snap is not None and snap.snapshot["waiting"] == {"analyst-review": ["review"]}

    fresh = _build(db).create_run("r1")  # another "process": new workflow, new run object
    done = await fresh.send_event("analyst-review", {"keep": ["a", "c"], "comment": "ok"})
    assert done.status == "success", done.error
    assert done.result == "2 papers: ok"
    assert done.steps["review"].resume_payload == {"keep": ["a", "c"], "comment": "ok"}
    stored = await SqliteStorage(db).load_workflow_snapshot("review-flow", "r1")
    assert stored is not None and stored.snapshot["waiting"] == {}


async def test_event_data_is_validated_by_the_resume_schema(tmp_path: Path) -> None:
    wf = _build(tmp_path / "runs.db")
    run = wf.create_run("r2")
    await run.start({})
    res = await run.send_event("analyst-review", {"keep": ["b"]})  # comment default filled
    assert res.status == "success"
    assert res.result == "1 papers: "


async def test_unknown_event_is_an_error() -> None:
    run = _build(None).create_run("r3")
    await run.start({})
    with pytest.raises(ResumeError, match=r"not waiting for event 'other'.*analyst-review"):
        await run.send_event("other", {})


async def test_late_event_fails_the_step(tmp_path: Path) -> None:
    run = _build(tmp_path / "runs.db", timeout=-1).create_run("r4")
    await run.start({})
    res = await run.send_event("analyst-review", {"keep": []})
    assert res.status == "failed"
    assert "timeout" in (res.error or "")


async def test_event_inside_a_nested_workflow(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"

    def outer() -> Any:
        inner = _build(None)
        return WorkflowBuilder(id="outer", storage=SqliteStorage(db)).then(inner).commit()

    res = await outer().create_run("n1").start({})
    assert res.status == "suspended" and res.suspended == [["review-flow", "review"]]
    done = await outer().create_run("n1").send_event("analyst-review", {"keep": ["a"]})
    assert done.status == "success", done.error
    assert done.result == "1 papers: "


async def test_compat_wait_for_event_and_send_event(tmp_path: Path) -> None:
    def make() -> Any:
        review = createStep(
            {
                "id": "confirm",
                "execute": lambda p: {
                    "by": (p.resumeData or {}).get("by", "unknown"),
                    **p.inputData,
                },
            }
        )
        start = createStep({"id": "start", "execute": lambda p: {"service": p.inputData["s"]}})
        wf = (
            createWorkflow({"id": "incident"})
            .then(start)
            .waitForEvent("mitigation-confirmed", review, {"timeout": 60_000})
            .commit()
        )
        wf.storage = SqliteStorage(tmp_path / "m.db")
        return wf

    run = await make().createRun({"runId": "m1"})
    first = await run.start({"inputData": {"s": "api"}})
    assert first["status"] == "suspended"
    again = await make().createRun({"runId": "m1"})
    res = await again.sendEvent("mitigation-confirmed", {"by": "ana"})
    assert res["status"] == "success"
    assert res["result"] == {"by": "ana", "service": "api"}


async def test_mapping_leaves_out_a_missing_request_context_key() -> None:
    from lumosai import RuntimeContext

    wf = (
        WorkflowBuilder(id="m")
        .map(
            {
                "editorId": {"request_context_path": "editor.id"},
                "team": {"request_context_path": "team"},
            }
        )
        .commit()
    )
    rc = RuntimeContext()
    rc.set("team", "ops")
    res = await wf.create_run().start({}, runtime_context=rc)
    assert res.result == {"team": "ops"}  # Mastra's undefined is absent in its JSON result


async def test_validate_inputs_false_passes_data_as_given() -> None:
    class Request(BaseModel):
        topic: str
        year_from: int = 2018

    seen: list[Any] = []

    @create_step(id="plan", input_schema=Request, output_schema=Request)
    def plan(ctx: StepContext) -> dict[str, Any]:
        seen.append(ctx.input_data)
        return {"topic": ctx.input_data["topic"]}  # no year_from: not checked in 0.x mode

    lax = WorkflowBuilder(id="lax", input_schema=Request).validate_inputs(False).then(plan)
    res = await lax.commit().create_run().start({"topic": "gnn"})
    assert res.status == "success", res.error
    assert seen == [{"topic": "gnn"}] and res.result == {"topic": "gnn"}  # as Mastra 0.x

    strict = WorkflowBuilder(id="strict", input_schema=Request).then(plan).commit()
    res = await strict.create_run().start({"topic": "gnn"})
    assert seen[-1] == {"topic": "gnn", "year_from": 2018}
    assert res.result == {"topic": "gnn", "year_from": 2018}
