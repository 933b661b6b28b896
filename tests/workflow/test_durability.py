"""Durable runs: SQLite snapshots, resume in another process, crash between steps, no corruption."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lumosai.memory import InMemoryStorage, SqliteStorage
from lumosai.workflow import (
    ResumeError,
    RunNotFoundError,
    StepValidationError,
    WorkflowBuilder,
    create_step,
)

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import durable_defs  # noqa: E402


def other_process(db: Path, *args: str, crash: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUMOS_TEST_CRASH": "1" if crash else "0"}
    return subprocess.run(
        [sys.executable, str(HERE / "durable_defs.py"), str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def stored_row(db: Path, workflow_id: str, run_id: str) -> tuple[str, str]:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT status, snapshot FROM lumos_workflow_snapshots WHERE workflow_id=? AND run_id=?",
            (workflow_id, run_id),
        ).fetchone()
    assert row is not None
    return row[0], row[1]


async def test_suspend_here_resume_in_another_process(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    wf = durable_defs.build(str(db))["approval"]
    res = await wf.create_run(run_id="r-1").start(input_data={"n": 1})
    assert res.status == "suspended" and res.suspended == [["ask"]]
    status, raw = stored_row(db, "approval", "r-1")
    assert status == "suspended"
    assert json.loads(raw)["steps"]["first"]["output"] == {"n": 2}

    proc = other_process(
        db,
        "resume",
        "approval",
        "r-1",
        json.dumps({"step": "ask", "resume_data": {"approved": True}}),
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["status"] == "success"
    assert out["result"] == {"final": {"n": 2, "approved": True}}
    assert out["steps"]["first"]["output"] == {"n": 2}
    assert stored_row(db, "approval", "r-1")[0] == "success"
    # the stale run object of this process sees that the run moved on elsewhere
    stale = await wf.get_run("r-1")
    assert stale.status == "suspended"
    with pytest.raises(ResumeError, match="the run is success"):
        await stale.resume(step="ask", resume_data={"approved": False})
    # the first step ran once, in this process
    assert durable_defs.counter_file(str(db)).read_text() == "1"
    # this process sees the new state through storage
    fresh = durable_defs.build(str(db))["approval"]
    run = await fresh.get_run("r-1")
    assert run.status == "success"
    assert run.result is not None and run.result.result == {"final": {"n": 2, "approved": True}}


async def test_suspend_in_another_process_resume_here_nested(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    proc = other_process(db, "start", "nested", "r-2", json.dumps({"n": 5}))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["suspended"] == [["outer-step", "inner-step"]]
    wf = durable_defs.build(str(db))["nested"]
    run = await wf.get_run("r-2")
    assert run.status == "suspended"
    res = await run.resume(step=["outer-step", "inner-step"], resume_data={"approved": "yes"})
    assert res.status == "success"
    assert res.result == {"final": {"n": 5, "approved": "yes"}}


async def test_crash_between_steps_loses_nothing_and_restart_continues(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    proc = other_process(db, "start", "crashing", "r-3", json.dumps({"n": 1}), crash=True)
    assert proc.returncode == 17
    status, raw = stored_row(db, "crashing", "r-3")
    snap = json.loads(raw)
    assert status == "running"
    assert snap["steps"]["first"]["status"] == "success"
    assert snap["steps"]["first"]["output"] == {"n": 2}
    assert snap["position"] == 1
    wf = durable_defs.build(str(db))["crashing"]
    infos = {info.run_id: info for info in await wf.list_runs()}
    assert infos["r-3"].status == "running"
    res = await (await wf.get_run("r-3")).restart()
    assert res.status == "success" and res.result == {"n": 20}
    assert durable_defs.counter_file(str(db)).read_text() == "1"  # first step not re-run


async def test_restart_inside_a_nested_workflow_keeps_its_finished_steps(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    proc = other_process(db, "start", "nested-crashing", "r-7", json.dumps({"n": 1}), crash=True)
    assert proc.returncode == 17
    snap = json.loads(stored_row(db, "nested-crashing", "r-7")[1])
    inner = snap["children"]["inner-crashing"]
    assert inner["steps"]["first"]["output"] == {"n": 2}
    wf = durable_defs.build(str(db))["nested-crashing"]
    res = await (await wf.get_run("r-7")).restart()
    assert res.status == "success", res.error
    assert res.result == {"final": {"n": 20}}
    assert durable_defs.counter_file(str(db)).read_text() == "1"


async def test_bad_resumes_never_touch_the_stored_snapshot(tmp_path: Path) -> None:
    from pydantic import BaseModel

    class Answer(BaseModel):
        approved: bool

    async def ask(ctx):
        if ctx.resume_data is None:
            return await ctx.suspend({"q": 1})
        return ctx.resume_data

    db = tmp_path / "runs.db"
    wf = (
        WorkflowBuilder(id="strict", storage=SqliteStorage(db))
        .then(create_step(id="ask", execute=ask, resume_schema=Answer))
        .then(create_step(id="after", execute=lambda ctx: ctx.input_data))
        .commit()
    )
    await wf.create_run(run_id="r-4").start(input_data=None)
    before = stored_row(db, "strict", "r-4")

    other = (
        WorkflowBuilder(id="strict", storage=SqliteStorage(db))
        .then(create_step(id="ask", execute=ask, resume_schema=Answer))
        .then(create_step(id="after", execute=lambda ctx: ctx.input_data))
        .commit()
    )
    run = await other.get_run("r-4")
    with pytest.raises(StepValidationError, match="step 'ask'"):
        await run.resume(step="ask", resume_data={"approved": "perhaps"})
    with pytest.raises(ResumeError, match="'after'"):
        await run.resume(step="after", resume_data={"approved": True})
    with pytest.raises(RunNotFoundError, match="'missing'"):
        await other.get_run("missing")
    assert stored_row(db, "strict", "r-4") == before
    res = await run.resume(step="ask", resume_data={"approved": True})
    assert res.status == "success" and res.result == {"approved": True}


async def test_snapshot_after_every_step_and_json_friendly_outputs(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    storage = SqliteStorage(db)
    saved: list[tuple[str, int]] = []
    real_save = storage.save_workflow_snapshot

    async def spy(snapshot):
        await real_save(snapshot)
        saved.append((snapshot.status, snapshot.snapshot["position"]))

    storage.save_workflow_snapshot = spy  # type: ignore[method-assign]
    when = dt.datetime(2024, 1, 2, 3, 4, 5)
    wf = (
        WorkflowBuilder(id="steps", storage=storage)
        .then(create_step(id="a", execute=lambda ctx: {"when": when}))
        .then(create_step(id="b", execute=lambda ctx: {"tags": {"x"}}))
        .then(create_step(id="c", execute=lambda ctx: 3))
        .commit()
    )
    res = await wf.create_run(run_id="r-5").start(input_data=None)
    assert res.status == "success"
    assert saved == [("running", 0), ("running", 1), ("running", 2), ("success", 3)]
    snap = json.loads(stored_row(db, "steps", "r-5")[1])
    assert snap["steps"]["a"]["output"] == {"when": "2024-01-02T03:04:05"}
    assert snap["steps"]["b"]["output"] == {"tags": ["x"]}


async def test_unserialisable_output_fails_clearly(tmp_path: Path) -> None:
    class Opaque:
        pass

    wf = (
        WorkflowBuilder(id="opaque", storage=SqliteStorage(tmp_path / "runs.db"))
        .then(create_step(id="weird", execute=lambda ctx: {"obj": Opaque()}))
        .then(create_step(id="next", execute=lambda ctx: 1))
        .commit()
    )
    res = await wf.create_run(run_id="r-6").start(input_data=None)
    assert res.status == "failed"
    assert "step 'weird'" in res.error and "JSON" in res.error
    assert "next" not in res.steps


async def test_in_memory_storage_and_list_runs(tmp_path: Path) -> None:
    storage = InMemoryStorage()

    async def ask(ctx):
        return await ctx.suspend({}) if ctx.resume_data is None else "ok"

    def make():
        return (
            WorkflowBuilder(id="mem", storage=storage)
            .then(create_step(id="ask", execute=ask))
            .commit()
        )

    wf = make()
    await wf.create_run(run_id="a").start(input_data=None)
    await wf.create_run(run_id="b").start(input_data=None)
    again = make()
    infos = await again.list_runs()
    assert [(i.run_id, i.status, i.suspended) for i in infos] == [
        ("a", "suspended", [["ask"]]),
        ("b", "suspended", [["ask"]]),
    ]
    res = await again.resume("b", "go", step="ask")
    assert res.status == "success"
    assert await again.get_status("b") == "success"
    assert await again.get_status("zzz") is None


async def test_get_run_without_storage_is_per_process() -> None:
    async def ask(ctx):
        return await ctx.suspend({}) if ctx.resume_data is None else "ok"

    wf = WorkflowBuilder(id="nostore").then(create_step(id="ask", execute=ask)).commit()
    run = wf.create_run(run_id="x")
    await run.start(input_data=None)
    assert await wf.get_run("x") is run
    assert [i.run_id for i in await wf.list_runs()] == ["x"]
    with pytest.raises(RunNotFoundError, match="no storage"):
        await wf.get_run("y")
