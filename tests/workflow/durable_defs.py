"""Workflows shared by the durability tests and the subprocesses they start.

Run as ``python durable_defs.py <db> <command> <run_id> [json]`` to act from another process.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from lumosai.memory import SqliteStorage
from lumosai.workflow import WorkflowBuilder, create_step


def counter_file(db: str) -> Path:
    return Path(db).with_suffix(".count")


def build(db: str):
    storage = SqliteStorage(db)

    def first(ctx):
        path = counter_file(db)
        path.write_text(str(int(path.read_text() or "0") + 1) if path.exists() else "1")
        return {"n": ctx.input_data["n"] + 1}

    def crashy(ctx):
        if os.environ.get("LUMOS_TEST_CRASH") == "1":
            os._exit(17)  # the process dies between steps: no cleanup, no final save
        return {"n": ctx.input_data["n"] * 10}

    async def ask(ctx):
        if ctx.resume_data is None:
            return await ctx.suspend({"question": "approve?", "n": ctx.input_data["n"]})
        return {"n": ctx.input_data["n"], "approved": ctx.resume_data["approved"]}

    inner = (
        WorkflowBuilder()
        .id("inner-approval")
        .then(create_step(id="inner-step", execute=ask))
        .commit()
    )
    approval = (
        WorkflowBuilder()
        .id("approval")
        .storage(storage)
        .then(create_step(id="first", execute=first))
        .then(create_step(id="ask", execute=ask))
        .then(create_step(id="done", execute=lambda ctx: {"final": ctx.input_data}))
        .commit()
    )
    nested = (
        WorkflowBuilder(id="nested", storage=storage)
        .then(inner.as_step("outer-step"))
        .then(create_step(id="done", execute=lambda ctx: {"final": ctx.input_data}))
        .commit()
    )
    crashing = (
        WorkflowBuilder(id="crashing", storage=storage)
        .then(create_step(id="first", execute=first))
        .then(create_step(id="crashy", execute=crashy))
        .commit()
    )
    inner_crashing = (
        WorkflowBuilder(id="inner-crashing")
        .then(create_step(id="first", execute=first))
        .then(create_step(id="crashy", execute=crashy))
        .commit()
    )
    nested_crashing = (
        WorkflowBuilder(id="nested-crashing", storage=storage)
        .then(inner_crashing)
        .then(create_step(id="done", execute=lambda ctx: {"final": ctx.input_data}))
        .commit()
    )
    return {
        "approval": approval,
        "nested": nested,
        "crashing": crashing,
        "nested-crashing": nested_crashing,
    }


async def _main(db: str, command: str, workflow: str, run_id: str, data: str | None) -> None:
    wf = build(db)[workflow]
    if command == "start":
        res = await wf.create_run(run_id=run_id).start(input_data=json.loads(data or "null"))
    elif command == "resume":
        payload = json.loads(data or "{}")
        run = await wf.get_run(run_id)
        res = await run.resume(step=payload["step"], resume_data=payload["resume_data"])
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(res.to_dict()))


if __name__ == "__main__":
    asyncio.run(_main(*sys.argv[1:5], sys.argv[5] if len(sys.argv) > 5 else None))
