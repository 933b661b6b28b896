"""Agent-loop overhead: lumosai vs pydantic-ai, same two-step run, same process.

One generate = 2 model steps (a tool call to ``add``, then a text answer) against an
in-process scripted model: lumosai's ``Agent`` + ``ScriptedModel`` vs pydantic-ai's ``Agent`` +
``FunctionModel``. The models do no work, so the time per run is the framework's overhead.
Also measures the peak RSS of a fresh process that imports lumosai and runs one such agent.

    python bench/agent_loop.py [--runs 2000] [--rounds 5]

Goals (issue 2): overhead <= 0.3x pydantic-ai's, peak RSS <= 60 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

# VmHWM (peak resident set of this process image), not ru_maxrss: ru_maxrss survives
# fork+exec, so a child of a big parent would report the parent's size.
RSS_PROGRAM = """
from lumosai import Agent, tool
from lumosai.testing import ScriptedModel

@tool
def add(a: int, b: int) -> int:
    "Add two numbers."
    return a + b

model = ScriptedModel([{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}])
agent = Agent(name="calc", instructions="You add.", model=model, tools=[add])
assert agent.generate_sync("2+3?").text == "5"
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def lumos_runner(sync_tool: bool) -> Callable[[], Awaitable[str]]:
    from lumosai import Agent, tool
    from lumosai.testing import ScriptedModel

    if sync_tool:

        @tool
        def add(a: int, b: int) -> int:
            """Add two numbers."""
            return a + b
    else:

        @tool
        async def add(a: int, b: int) -> int:
            """Add two numbers."""
            return a + b

    model = ScriptedModel(
        [{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}],
        mode="per_conversation",
    )
    agent = Agent(name="calc", instructions="You add.", model=model, tools=[add])

    async def run() -> str:
        model.requests.clear()
        return (await agent.generate("2+3?")).text

    return run


def pydantic_ai_runner(sync_tool: bool) -> Callable[[], Awaitable[str]]:
    from pydantic_ai import Agent
    from pydantic_ai.messages import ModelMessage, ModelResponse, TextPart, ToolCallPart
    from pydantic_ai.models.function import AgentInfo, FunctionModel

    def respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        if len(messages) == 1:
            return ModelResponse(parts=[ToolCallPart("add", {"a": 2, "b": 3})])
        return ModelResponse(parts=[TextPart("5")])

    agent = Agent(FunctionModel(respond), instructions="You add.")
    if sync_tool:

        @agent.tool_plain
        def add(a: int, b: int) -> int:
            """Add two numbers."""
            return a + b
    else:

        @agent.tool_plain
        async def add(a: int, b: int) -> int:
            """Add two numbers."""
            return a + b

    async def run() -> str:
        return (await agent.run("2+3?")).output

    return run


async def per_run_seconds(run: Callable[[], Awaitable[str]], runs: int, rounds: int) -> float:
    assert await run() == "5"
    for _ in range(min(200, runs)):  # warm up caches and lazy imports
        await run()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(runs):
            await run()
        samples.append((time.perf_counter() - start) / runs)
    return statistics.median(samples)


def peak_rss_mb() -> float:
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROGRAM], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="generates per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (median is reported)")
    args = parser.parse_args()
    print(f"agent loop, 2 steps (tool call + text), {args.runs} runs x {args.rounds} rounds")
    ratios = []
    for label, sync_tool in (("async tool", False), ("sync tool", True)):
        ours = await per_run_seconds(lumos_runner(sync_tool), args.runs, args.rounds)
        theirs = await per_run_seconds(pydantic_ai_runner(sync_tool), args.runs, args.rounds)
        ratio = ours / theirs
        ratios.append(ratio)
        print(
            f"  {label:10s}  lumosai {ours * 1e6:8.1f} us/run   "
            f"pydantic-ai {theirs * 1e6:8.1f} us/run   ratio {ratio:.3f}x (goal <= 0.3x)"
        )
    rss = peak_rss_mb()
    print(f"  peak RSS of 'import lumosai' + one agent run: {rss:.1f} MB (goal <= 60 MB)")
    print(f"overhead ratio (worst case): {max(ratios):.3f}x")


if __name__ == "__main__":
    asyncio.run(main())
