"""Benchmark the Node bridge (mixed mode) against plain Node, in the same run.

1. Cold start: a new ``NodeBridge`` to the first result of a TypeScript tool of a Mastra 1.71
   app (worker spawn, tsx, module load, call), against the anchor
   ``node -e "await import('@mastra/core')"`` run in the same app. Goal: <= 1.5x.
2. Round trip of a trivial call (``add(a, b)`` exported by a TypeScript module):
   p50 <= 100 us, p99 <= 1 ms (sequential), and >= 10k calls/s (concurrent / batched).

Run: ``python bench/bridge.py [--calls 20000] [--cold 5]``. npm packages come from the cache
(``~/.cache/lumosai/npm``), installed on first use.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from lumosai.compat.node import (
    NodeBridge,
    find_node,
    link_app_dependencies,
    ts_function,
    ts_tool,
)
from lumosai.compat.node.npm import cache_root

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "tests" / "node" / "project"
HELPERS = "src/mastra/lib/helpers.ts"


def make_app(workdir: Path) -> Path:
    app = workdir / "app"
    shutil.copytree(PROJECT, app)
    started = time.perf_counter()
    modules = link_app_dependencies(app).resolve()
    print(f"npm packages ready in {time.perf_counter() - started:.2f}s ({modules})")
    return app


def anchor_import(app: Path, *, compile_cache: bool) -> float:
    env = dict(os.environ)
    env.pop("NODE_COMPILE_CACHE", None)
    if compile_cache:
        env["NODE_COMPILE_CACHE"] = str(cache_root() / "node-compile-cache")
    started = time.perf_counter()
    subprocess.run(
        [find_node(), "--input-type=module", "-e", "await import('@mastra/core')"],
        cwd=app,
        env=env,
        check=True,
    )
    return time.perf_counter() - started


def bridge_first_tool(app: Path) -> float:
    started = time.perf_counter()
    with NodeBridge(app, stderr="discard") as bridge:
        tool = ts_tool("src/mastra/tools/add-tool.ts", "addTool", bridge=bridge)
        assert tool.call_sync({"a": 1, "b": 2}) == {"sum": 3}
        return time.perf_counter() - started


def bridge_first_app_tool(app: Path) -> float:
    """Heavier first call: through the app's ``Mastra`` instance (agents, workflows, storage)."""
    started = time.perf_counter()
    with NodeBridge(app, stderr="discard") as bridge:
        tool = ts_tool("src/mastra/index.ts", "mastra", key="addTool", bridge=bridge)
        assert tool.call_sync({"a": 1, "b": 2}) == {"sum": 3}
        return time.perf_counter() - started


def cold_starts(app: Path, runs: int) -> dict[str, float]:
    """Medians; the four measurements alternate so machine load affects them alike."""
    measures = {
        "anchor": lambda: anchor_import(app, compile_cache=False),
        "anchor_cached": lambda: anchor_import(app, compile_cache=True),
        "tool": lambda: bridge_first_tool(app),
        "app": lambda: bridge_first_app_tool(app),
    }
    for measure in measures.values():
        measure()  # warm the OS file cache and the compile caches
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def round_trips_sync(bridge: NodeBridge, calls: int) -> list[float]:
    add = ts_function(HELPERS, "add", bridge=bridge)
    for i in range(500):
        add.call_sync(i, 1)
    times = []
    for i in range(calls):
        started = time.perf_counter()
        add.call_sync(i, 1)
        times.append(time.perf_counter() - started)
    return sorted(times)


async def round_trips_async(bridge: NodeBridge, calls: int) -> list[float]:
    add = ts_function(HELPERS, "add", bridge=bridge)
    times = []
    for i in range(calls):
        started = time.perf_counter()
        await add(i, 1)
        times.append(time.perf_counter() - started)
    return sorted(times)


async def throughput_concurrent(bridge: NodeBridge, calls: int, window: int) -> float:
    add = ts_function(HELPERS, "add", bridge=bridge)
    started = time.perf_counter()
    for offset in range(0, calls, window):
        await asyncio.gather(*(add(i, 1) for i in range(offset, min(calls, offset + window))))
    return calls / (time.perf_counter() - started)


async def throughput_batched(bridge: NodeBridge, calls: int, batch: int) -> float:
    module = str(bridge.project_root / HELPERS)
    started = time.perf_counter()
    for offset in range(0, calls, batch):
        chunk = [
            {"op": "call", "module": module, "export": "add", "args": [i, 1]}
            for i in range(offset, min(calls, offset + batch))
        ]
        await bridge.call_many(chunk)
    return calls / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--cold", type=int, default=5, help="cold-start repetitions")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lumos-bench-bridge-") as tmp:
        app = make_app(Path(tmp))
        print(f"node: {find_node()}")

        cold = cold_starts(app, args.cold)
        anchor, anchor_cached = cold["anchor"], cold["anchor_cached"]
        print("\n== cold start (median of", args.cold, "alternating runs) ==")
        print(f"anchor  node -e \"await import('@mastra/core')\"      {anchor * 1000:8.1f} ms")
        print(f"anchor  same, with NODE_COMPILE_CACHE              {anchor_cached * 1000:8.1f} ms")
        print(f"bridge  new worker -> first TS tool result         {cold['tool'] * 1000:8.1f} ms")
        print(f"bridge  new worker -> tool via the app's Mastra     {cold['app'] * 1000:8.1f} ms")
        print(
            f"ratio   first TS tool / anchor = {cold['tool'] / anchor:.2f}x (goal <= 1.5x), "
            f"{cold['tool'] / anchor_cached:.2f}x vs the cached anchor; whole app "
            f"{cold['app'] / anchor:.2f}x / {cold['app'] / anchor_cached:.2f}x"
        )

        with NodeBridge(app, stderr="discard") as bridge:
            sync_times = round_trips_sync(bridge, args.calls)
            async_times = asyncio.run(round_trips_async(bridge, args.calls // 2))
            concurrent = asyncio.run(throughput_concurrent(bridge, args.calls, window=256))
            batched = asyncio.run(throughput_batched(bridge, args.calls * 5, batch=1000))

        print("\n== round trip of a trivial call: add(i, 1) in a .ts module ==")
        for label, times in (("sync  call_sync()", sync_times), ("async await fn()", async_times)):
            p50, p99 = percentile(times, 0.50), percentile(times, 0.99)
            print(
                f"{label}: p50 {p50 * 1e6:7.1f} us  p99 {p99 * 1e6:7.1f} us  "
                f"sequential {1 / statistics.mean(times):9.0f} calls/s  "
                f"(p50 goal <= 100 us: {p50 * 1e6 / 100:.2f}x of budget; "
                f"p99 goal <= 1 ms: {p99 * 1e3:.2f}x)"
            )
        print(
            f"concurrent (asyncio.gather, 256 in flight): {concurrent:9.0f} calls/s "
            f"({concurrent / 10_000:.1f}x the 10k goal)"
        )
        print(
            f"batched    (call_many, 1000 per message):   {batched:9.0f} calls/s "
            f"({batched / 10_000:.1f}x the 10k goal)"
        )


if __name__ == "__main__":
    main()
