"""One SQLite file, several processes: history survives a restart, concurrent writers lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from lumosai.llm.messages import Message
from lumosai.memory import Memory, MemoryConfig, SqliteStorage

PRELUDE = """
import asyncio, json, sys
from lumosai.llm.messages import user_message, assistant_message
from lumosai.memory import Memory, MemoryConfig, SqliteStorage, WorkingMemoryConfig, WorkflowSnapshot
"""


def run_python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_history_and_working_memory_survive_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "app.db")
    run_python(
        """
        async def main():
            config = MemoryConfig(last_messages=10, working_memory=WorkingMemoryConfig())
            memory = Memory(config, SqliteStorage(sys.argv[1]))
            await memory.remember(thread_id="t1", resource_id="u1",
                                  messages=[user_message("my name is Ada"), assistant_message("Hello Ada")])
            await memory.update_working_memory("- Name: Ada", thread_id="t1", resource_id="u1")
            await memory.storage.save_workflow_snapshot(WorkflowSnapshot("wf", "run-1", "suspended", {"at": "b"}))
        asyncio.run(main())
        """,
        db,
    )
    out = run_python(
        """
        async def main():
            config = MemoryConfig(last_messages=10, working_memory=WorkingMemoryConfig())
            memory = Memory(config, SqliteStorage(sys.argv[1]))
            prepared = await memory.prepare(thread_id="t1", resource_id="u1",
                                            new_messages=[user_message("what's my name?")])
            snap = await memory.storage.load_workflow_snapshot("wf", "run-1")
            print(json.dumps({"history": [m.content for m in prepared.history],
                              "system": prepared.system, "snapshot": snap.snapshot}))
        asyncio.run(main())
        """,
        db,
    )
    seen = json.loads(out)
    assert seen["history"] == ["my name is Ada", "Hello Ada"]
    assert "<working_memory_data>\n- Name: Ada\n</working_memory_data>" in seen["system"][0]
    assert seen["snapshot"] == {"at": "b"}


async def test_concurrent_writer_processes_lose_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "busy.db")
    writer = """
        async def main():
            memory = Memory(MemoryConfig(), SqliteStorage(sys.argv[1]))
            name = sys.argv[2]
            for i in range(40):
                await memory.remember(thread_id="shared", resource_id="u1",
                                      messages=[user_message(f"{name}-{i}")])
                await memory.storage.save_workflow_snapshot(
                    WorkflowSnapshot("wf", name, "running", {"i": i}))
        asyncio.run(main())
    """
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(writer), db, f"w{n}"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    # this process writes at the same time
    memory = Memory(MemoryConfig(), SqliteStorage(db))
    for i in range(40):
        await memory.storage.add_messages("shared", [Message(role="user", content=f"main-{i}")])
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    messages = await memory.storage.get_messages("shared")
    contents = [m.content for m in messages]
    assert len(contents) == 160 and len(set(contents)) == 160
    for name in ("w0", "w1", "w2", "main"):
        mine = [c for c in contents if c.startswith(name + "-")]
        assert mine == [f"{name}-{i}" for i in range(40)], "each writer's order is kept"
    snaps = await memory.storage.list_workflow_snapshots("wf")
    assert sorted((s.run_id, s.snapshot["i"]) for s in snaps) == [
        ("w0", 39),
        ("w1", 39),
        ("w2", 39),
    ]
