"""Property: suspending anywhere and resuming from storage with a freshly built workflow gives
the same result and step outputs as an uninterrupted run."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumosai.memory import SqliteStorage
from lumosai.workflow import WorkflowBuilder, create_step

OPS = st.lists(
    st.sampled_from(["add", "double", "parallel", "loop", "for_each", "map"]),
    min_size=1,
    max_size=6,
)


def build(ops: list[str], pause_at: int | None, storage: SqliteStorage | None):
    builder = WorkflowBuilder(id="prop", storage=storage)

    def gate(index: int):
        async def body(ctx):
            if index == pause_at and ctx.resume_data is None:
                return await ctx.suspend({"at": index})
            return ctx.input_data

        return create_step(id=f"gate{index}", execute=body)

    for index, op in enumerate(ops):
        builder.then(gate(index))
        if op == "add":
            builder.then(
                create_step(id=f"add{index}", execute=lambda c: {"n": c.input_data["n"] + 3})
            )
        elif op == "double":
            builder.then(
                create_step(id=f"dbl{index}", execute=lambda c: {"n": c.input_data["n"] * 2})
            )
        elif op == "parallel":
            builder.parallel(
                [
                    create_step(id=f"pa{index}", execute=lambda c: {"n": c.input_data["n"] + 1}),
                    create_step(id=f"pb{index}", execute=lambda c: {"n": c.input_data["n"] - 1}),
                ]
            )
            builder.map(lambda c, i=index: {"n": c.input_data[f"pa{i}"]["n"] * 10 + 1})
        elif op == "loop":
            builder.do_until(
                create_step(id=f"loop{index}", execute=lambda c: {"n": c.input_data["n"] + 1}),
                lambda c: c.iteration_count >= 3,
            )
        elif op == "for_each":
            builder.map(lambda c: [c.input_data["n"], c.input_data["n"] + 1])
            builder.for_each(
                create_step(id=f"each{index}", execute=lambda c: c.input_data * 2), concurrency=2
            )
            builder.map(lambda c: {"n": sum(c.input_data)})
        else:
            builder.map({"n": {"init_data": True, "path": "n"}})
    return builder.commit()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS, data=st.data())
def test_suspend_anywhere_then_resume_from_storage_matches_plain_run(ops, data) -> None:
    pause_at = data.draw(st.integers(min_value=0, max_value=len(ops) - 1))

    async def scenario() -> None:
        plain = await build(ops, None, None).create_run().start(input_data={"n": 1})
        assert plain.status == "success"
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "p.db"
            first = build(ops, pause_at, SqliteStorage(db))
            res = await first.create_run(run_id="r").start(input_data={"n": 1})
            assert res.status == "suspended" and res.suspended == [[f"gate{pause_at}"]]
            second = build(ops, pause_at, SqliteStorage(db))
            resumed = await (await second.get_run("r")).resume(
                step=f"gate{pause_at}", resume_data=1
            )
            assert resumed.status == "success", resumed.error
            assert resumed.result == plain.result
            assert {k: (v.payload, v.output) for k, v in resumed.steps.items()} == {
                k: (v.payload, v.output) for k, v in plain.steps.items()
            }

    asyncio.run(scenario())
