"""The worker protocol on a real Node: calls, concurrency, timeouts, crashes, bad values."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lumosai.compat.node import (
    BridgeTimeoutError,
    NodeBridge,
    NodeBridgeError,
    NodeTooOldError,
    ProtocolError,
    TypeScriptError,
    WorkerCrashedError,
    ts_function,
)

pytestmark = pytest.mark.node
HELPERS = "src/mastra/lib/helpers.ts"


def helper(bridge: NodeBridge, name: str):  # type: ignore[no-untyped-def]
    return ts_function(HELPERS, name, bridge=bridge)


async def test_call_a_typescript_function(bridge: NodeBridge) -> None:
    add = helper(bridge, "add")
    assert await add(2, 3) == 5
    assert add.call_sync(40, 2) == 42


async def test_concurrent_calls_are_multiplexed(bridge: NodeBridge) -> None:
    add, slow = helper(bridge, "add"), helper(bridge, "slow")
    slow_call = asyncio.ensure_future(slow(300))
    results = await asyncio.gather(*(add(i, 1) for i in range(200)))
    assert results == [i + 1 for i in range(200)]
    assert not slow_call.done()  # the fast calls did not wait for the slow one
    assert await slow_call == 300


async def test_timeout_cancels_the_call_and_keeps_the_worker(bridge: NodeBridge) -> None:
    slow = helper(bridge, "slow")
    await slow(0)
    pid = bridge.pid
    with pytest.raises(BridgeTimeoutError, match=r"did not finish within 0\.2s"):
        await slow(5000, timeout=0.2)
    with pytest.raises(BridgeTimeoutError):
        slow.call_sync(5000, timeout=0.2)
    assert await helper(bridge, "add")(1, 1) == 2
    assert bridge.pid == pid


async def test_cancelling_the_task_cancels_the_call(bridge: NodeBridge) -> None:
    task = asyncio.ensure_future(helper(bridge, "slow")(5000))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await helper(bridge, "add")(2, 2) == 4


async def test_typescript_exception_arrives_with_message_and_stack(bridge: NodeBridge) -> None:
    with pytest.raises(TypeScriptError) as caught:
        await helper(bridge, "fail")("value out of range")
    error = caught.value
    assert error.message == "value out of range"
    assert error.name == "RangeError"
    assert "helpers.ts" in error.stack  # the TypeScript file, via tsx source maps
    assert await helper(bridge, "add")(1, 2) == 3


@pytest.mark.parametrize(
    ("export", "expected"),
    [
        ("returnsFunction", r"key 'callback' is a function"),
        ("returnsBigInt", r"key 'big' is a BigInt"),
        ("returnsCycle", r"circular"),
    ],
)
async def test_non_serialisable_return_value_is_a_clear_error(
    bridge: NodeBridge, export: str, expected: str
) -> None:
    with pytest.raises(ProtocolError, match=expected):
        await helper(bridge, export)()
    assert await helper(bridge, "add")(1, 2) == 3


async def test_non_serialisable_argument_is_refused_before_sending(bridge: NodeBridge) -> None:
    with pytest.raises(ProtocolError, match="cannot be sent to Node as JSON"):
        await helper(bridge, "echo")(object())
    assert await helper(bridge, "echo")({"nested": [1, None, "x"]}) == {"nested": [1, None, "x"]}


async def test_ten_megabyte_payloads_both_ways(bridge: NodeBridge) -> None:
    ten_mb = 10 * 1024 * 1024
    assert await helper(bridge, "size")("é" * (ten_mb // 2)) == ten_mb // 2
    text = await helper(bridge, "makeString")(ten_mb)
    assert len(text) == ten_mb
    data = {"rows": [{"i": i, "name": f"row-{i}"} for i in range(200_000)]}
    assert await helper(bridge, "echo")(data) == data


async def test_console_output_does_not_corrupt_the_protocol(
    bridge: NodeBridge, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="lumosai.compat.node"):
        assert await helper(bridge, "noisy")() == "still fine"
        await asyncio.sleep(0.1)
    assert "this goes to stdout in plain Node" in caplog.text


async def test_worker_killed_mid_call_fails_that_call_and_restarts(bridge: NodeBridge) -> None:
    await helper(bridge, "add")(0, 0)
    old_pid = bridge.pid
    assert old_pid is not None
    call = asyncio.ensure_future(helper(bridge, "slow")(10_000))
    await asyncio.sleep(0.1)
    os.kill(old_pid, signal.SIGKILL)
    with pytest.raises(WorkerCrashedError, match=r"killed by signal 9 while running .*slow"):
        await call
    assert await helper(bridge, "add")(5, 5) == 10
    assert bridge.pid not in (None, old_pid)


async def test_worker_exiting_mid_call_fails_that_call_and_restarts(bridge: NodeBridge) -> None:
    with pytest.raises(WorkerCrashedError, match="exited with code 7"):
        await helper(bridge, "exitProcess")(7)
    assert await helper(bridge, "add")(1, 1) == 2


async def test_unknown_export_lists_what_exists(bridge: NodeBridge) -> None:
    with pytest.raises(NodeBridgeError, match=r"no export named 'nope' \(its exports: .*add"):
        await helper(bridge, "nope")()
    assert await helper(bridge, "add")(1, 1) == 2


def test_missing_module_names_the_path(bridge: NodeBridge) -> None:
    with pytest.raises(NodeBridgeError, match=r"'src/missing\.ts' not found"):
        ts_function("src/missing.ts", "x", bridge=bridge)


async def test_many_loops_share_one_worker(bridge: NodeBridge) -> None:
    """A sync caller running its own event loop while this loop waits (no cross-loop mixups)."""
    add = helper(bridge, "add")

    def other_loop() -> int:
        return asyncio.run(add(20, 1))

    assert await asyncio.to_thread(other_loop) == 21
    assert await add(1, 1) == 2


async def test_node_too_old_is_clear_and_the_next_call_works(
    mastra_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "node"
    fake.write_text("#!/bin/sh\necho v20.11.1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    with NodeBridge(mastra_app, stderr="log") as fresh:
        monkeypatch.setenv("LUMOS_NODE", str(fake))
        with pytest.raises(NodeTooOldError, match=r"v20\.11\.1, but Mastra 1\.x needs >= v22\.13"):
            await ts_function(HELPERS, "add", bridge=fresh)(1, 2)
        monkeypatch.delenv("LUMOS_NODE")
        assert await ts_function(HELPERS, "add", bridge=fresh)(1, 2) == 3


async def test_worker_dead_before_the_call_is_restarted_transparently(
    bridge: NodeBridge,
) -> None:
    """Killed while idle: the next call starts a new worker and just runs."""
    add = helper(bridge, "add")
    await add(1, 1)
    old_pid = bridge.pid
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    for _ in range(200):
        if bridge.pid is None:
            break
        await asyncio.sleep(0.01)
    assert await add(2, 2) == 4
    assert bridge.pid != old_pid


async def test_answers_cannot_be_forged_by_writes_to_stdout(mastra_app: Path) -> None:
    """Loggers like pino write JSON lines to fd 1; answers travel on their own pipe."""
    with NodeBridge(mastra_app, stderr="discard") as fresh:
        assert await ts_function(HELPERS, "forgeAnswersOnStdout", bridge=fresh)() == "real"
        assert await ts_function(HELPERS, "add", bridge=fresh)(2, 3) == 5


def test_threads_share_one_worker(bridge: NodeBridge) -> None:
    add = helper(bridge, "add")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: add.call_sync(i, 1), range(2000)))
    assert results == [i + 1 for i in range(2000)]
