"""Generated step ids as each Mastra version names them: `.map()` steps are
`mapping_<workflow id>_<n>` (1.x, the default) or `mapping_<uuid>` (0.x, `map_ids("uuid")`);
`createStep(agent)` is named after the agent's id (1.x) or its name (0.x, compat `era="0.x"`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lumosai import Agent
from lumosai.compat.mastra import Agent as MastraAgent
from lumosai.compat.mastra import createStep, createWorkflow, v0
from lumosai.memory import SqliteStorage
from lumosai.testing import ScriptedModel
from lumosai.workflow import WorkflowBuilder, WorkflowDefinitionError, create_step

UUID_MAP = re.compile(
    r"^mapping_[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)


def add_one(ctx):
    return {"n": ctx.input_data["n"] + 1}


def chain(builder: WorkflowBuilder) -> WorkflowBuilder:
    return builder.map(add_one).map({"n": {"init_data": True, "path": "n"}}).map(add_one)


async def test_default_map_ids_are_workflow_id_and_ordinal_as_mastra_1x() -> None:
    wf = chain(WorkflowBuilder().id("count")).sleep(0).commit()
    res = await wf.create_run().start(input_data={"n": 1})
    assert res.status == "success", res.error
    assert list(res.steps) == [
        "mapping_count_0",
        "mapping_count_1",
        "mapping_count_2",
        "sleep_count_0",
    ]
    assert res.result == {"n": 2}


async def test_uuid_map_ids_as_mastra_0x_one_result_per_map() -> None:
    wf = chain(WorkflowBuilder().id("count").map_ids("uuid")).sleep(0).commit()
    res = await wf.create_run().start(input_data={"n": 1})
    assert res.status == "success", res.error
    maps = [key for key in res.steps if key.startswith("mapping_")]
    assert len(maps) == 3 and len(set(maps)) == 3
    assert all(UUID_MAP.match(key) for key in maps), maps
    assert [res.steps[key].output for key in maps] == [{"n": 2}, {"n": 1}, {"n": 2}]
    # sleeps keep their stable Lumos names (Mastra names them sleep_<uuid> in both eras)
    assert "sleep_count_0" in res.steps


def test_uuid_map_ids_are_stable_per_workflow_and_position() -> None:
    first = chain(WorkflowBuilder("count", map_ids="uuid")).commit()
    again = chain(WorkflowBuilder().id("count").map_ids("uuid")).commit()
    other = chain(WorkflowBuilder().id("other").map_ids("uuid")).commit()
    assert list(first.steps) == list(again.steps)
    assert not set(first.steps) & set(other.steps)


def test_a_given_map_id_wins_and_unknown_styles_are_refused() -> None:
    wf = WorkflowBuilder().id("w").map_ids("uuid").map(add_one, id="bump").map(add_one).commit()
    ids = list(wf.steps)
    assert ids[0] == "bump" and UUID_MAP.match(ids[1])
    with pytest.raises(WorkflowDefinitionError, match="map_ids"):
        WorkflowBuilder().id("w").map_ids("random")  # type: ignore[arg-type]
    with pytest.raises(WorkflowDefinitionError, match="map_ids"):
        WorkflowBuilder("w", map_ids="counter")  # type: ignore[arg-type]


async def test_uuid_map_ids_resume_in_a_new_process(tmp_path: Path) -> None:
    """A run suspended after a map resumes with a workflow built again (a new process)."""

    async def approve(ctx):
        if ctx.resume_data is None:
            return await ctx.suspend({"n": ctx.input_data["n"]})
        return {"n": ctx.input_data["n"], "ok": ctx.resume_data["ok"]}

    def build(db: Path):
        return (
            WorkflowBuilder()
            .id("approval")
            .map_ids("uuid")
            .storage(SqliteStorage(db))
            .map(add_one)
            .then(create_step(id="approve", execute=approve))
            .map(lambda ctx: {"total": ctx.input_data["n"] * 10, "ok": ctx.input_data["ok"]})
            .commit()
        )

    db = tmp_path / "runs.db"
    started = await build(db).create_run(run_id="r1").start(input_data={"n": 1})
    assert started.status == "suspended"
    again = build(db)
    done = await again.create_run(run_id="r1").resume(step="approve", resume_data={"ok": True})
    assert done.status == "success", done.error
    assert done.result == {"total": 20, "ok": True}
    assert [key for key in done.steps if key.startswith("mapping_")] == [
        key for key in again.steps if key.startswith("mapping_")
    ]


async def test_agent_step_id_is_the_agent_id_unless_given() -> None:
    model = ScriptedModel([{"text": "Summary."}, {"text": "Again."}])
    scribe = Agent(name="scribeAgent", instructions="Summarise.", model=model)
    assert create_step(scribe).id == "scribeAgent"
    with_id = Agent(name="Scribe", id="scribe-id", instructions="Summarise.", model=model)
    assert create_step(with_id).id == "scribe-id"
    wf = WorkflowBuilder().id("w").then(create_step(scribe, id="scribe")).commit()
    res = await wf.create_run().start(input_data={"prompt": "Summarise the incident"})
    assert res.status == "success", res.error
    assert res.steps["scribe"].output == {"text": "Summary."}


# -- the compat layer (hand-ported Mastra code) ---------------------------------------------------
def mastra_agent() -> MastraAgent:
    return MastraAgent(
        {
            "id": "scribe-id",
            "name": "scribe",
            "instructions": "Summarise.",
            "model": ScriptedModel([{"text": "Summary."}]),
        }
    )


def bump(params):
    return {"n": params["inputData"]["n"] + 1}


def test_compat_1x_agent_step_is_the_agent_id_and_maps_are_ordinal() -> None:
    assert createStep(mastra_agent()).id == "scribe-id"
    wf = createWorkflow({"id": "count"}).map(bump).map(bump).commit()
    assert list(wf.steps) == ["mapping_count_0", "mapping_count_1"]
    assert wf.validate_inputs and not wf.keep_suspend_payload


async def test_compat_0x_agent_step_is_the_agent_name_and_maps_are_uuids() -> None:
    assert createStep(mastra_agent(), era="0.x").id == "scribe"
    assert v0.createStep(mastra_agent()).id == "scribe"
    wf = v0.createWorkflow({"id": "count"}).map(bump).map(bump).commit()
    assert all(UUID_MAP.match(key) for key in wf.steps), list(wf.steps)
    # the other 0.x defaults come with it: no input validation, suspend payloads kept
    assert not wf.validate_inputs and wf.keep_suspend_payload
    validated = v0.createWorkflow({"id": "v", "options": {"validateInputs": True}})
    assert validated.map(bump).commit().validate_inputs
    res = await wf.createRun().start({"inputData": {"n": 1}})
    assert res["status"] == "success" and res["result"] == {"n": 3}
