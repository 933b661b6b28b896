"""Per-step overhead of the workflow engine, with and without SQLite snapshots.

    python bench/workflow_steps.py [--runs N]

Anchor (measured in the same run): calling the same trivial step functions directly in an
async loop. Overhead per step = (workflow time - anchor time) / steps. The marginal cost is
the slope between a 10-step and a 100-step workflow (per-run fixed costs cancel out).
Targets (issue 3): <= 20 us per step without persistence, <= 200 us with SQLite snapshots.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lumosai.memory import SqliteStorage
from lumosai.workflow import StepContext, WorkflowBuilder, create_step


def inc(ctx: StepContext) -> dict[str, int]:
    return {"n": ctx.input_data["n"] + 1}


def build(steps: int, storage: SqliteStorage | None = None):
    builder = WorkflowBuilder(id=f"bench-{steps}", storage=storage)
    for index in range(steps):
        builder.then(create_step(id=f"s{index}", execute=inc))
    return builder.commit()


class _Ctx:
    __slots__ = ("input_data",)

    def __init__(self, data: dict[str, int]) -> None:
        self.input_data = data


async def anchor(steps: int) -> None:
    value = {"n": 0}
    for _ in range(steps):
        value = inc(_Ctx(value))  # type: ignore[arg-type]


async def timed(fn: Callable[[], Awaitable[object]], runs: int) -> float:
    """Median seconds per call over ``runs`` calls (5 batches)."""
    for _ in range(max(3, runs // 20)):
        await fn()
    batch = max(1, runs // 5)
    samples = []
    gc.disable()
    try:
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(batch):
                await fn()
            samples.append((time.perf_counter() - started) / batch)
    finally:
        gc.enable()
    return statistics.median(samples)


async def measure(steps: int, runs: int, storage: SqliteStorage | None) -> tuple[float, float]:
    wf = build(steps, storage)

    async def run_workflow() -> object:
        result = await wf.create_run().start(input_data={"n": 0})
        assert result.status == "success" and result.result == {"n": steps}
        return result

    workflow_time = await timed(run_workflow, runs)
    anchor_time = await timed(lambda: anchor(steps), runs)
    return workflow_time, anchor_time


def us(seconds: float) -> str:
    return f"{seconds * 1e6:8.1f} us"


async def main(runs: int) -> int:
    print(f"workflow per-step overhead (python {sys.version.split()[0]}, median of 5 batches)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for label, storage, runs_here, target in (
            ("in-memory", None, runs, 20e-6),
            ("sqlite   ", SqliteStorage(Path(tmp) / "bench.db"), max(10, runs // 10), 200e-6),
        ):
            t10, a10 = await measure(10, runs_here, storage)
            t100, a100 = await measure(100, max(5, runs_here // 10), storage)
            per_step_10 = (t10 - a10) / 10
            marginal = ((t100 - a100) - (t10 - a10)) / 90
            t2, _ = await measure(2, runs_here, storage)
            print(
                f"{label}  2-step run {us(t2)} | 10-step run {us(t10)} (anchor {us(a10)},"
                f" ratio {t10 / a10:6.1f}x) | per step incl. run cost {us(per_step_10)}"
                f" | marginal per step {us(marginal)} | target {us(target)}"
            )
            ok = ok and per_step_10 <= target
            if storage is not None:
                await storage.close()
    print("PASS" if ok else "FAIL: over target")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.runs)))
