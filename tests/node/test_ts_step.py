"""Bridged workflow steps: a Lumos workflow whose step bodies run in TypeScript, including
module-level steps and functions the module does not export (the worker's loader hook exposes
them; the file on disk is never changed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumosai.compat.node import NodeBridge, NodeBridgeError, ts_function, ts_step
from lumosai.workflow import WorkflowBuilder, create_step

pytestmark = pytest.mark.node

MODULE = "src/mastra/workflows/hidden-steps.ts"


def bridged(bridge: NodeBridge, step_id: str, local: str) -> object:
    return create_step(id=step_id, execute=ts_step(MODULE, local=local, bridge=bridge))


async def test_unexported_steps_run_with_lumos_context(
    bridge: NodeBridge, mastra_app: Path
) -> None:
    before = (mastra_app / MODULE).read_bytes()
    wf = (
        WorkflowBuilder()
        .id("hidden")
        .then(bridged(bridge, "sort-values", "sortValues"))
        .then(bridged(bridge, "summarise", "summarise"))
        .commit()
    )
    result = await wf.execute({"values": [10, 9, 1]}, runtime_context={"tier": "pro"})
    assert result.status == "success", result.error
    # JS sort() without a comparator sorts by string value: the TypeScript really ran
    assert result.steps["sort-values"].output == {"values": [1, 10, 9]}
    assert result.result == {"first": 1, "seen": 3, "tier": "pro", "init": 3}
    assert (mastra_app / MODULE).read_bytes() == before


async def test_suspend_resume_and_bail_reach_the_lumos_run(bridge: NodeBridge) -> None:
    wf = WorkflowBuilder().id("approval").then(bridged(bridge, "approve", "approve")).commit()
    run = wf.create_run()
    first = await run.start({"amount": 50})
    assert first.status == "suspended"
    assert first.steps["approve"].suspend_payload == {"reason": "amount 50 needs approval"}
    done = await run.resume(step="approve", resume_data={"ok": True})
    assert done.status == "success" and done.result == {"approved": True}
    small = await wf.execute({"amount": 3})
    assert small.status == "success" and small.result == {"approved": True}


async def test_mastra_in_a_bridged_step_is_a_clear_error(bridge: NodeBridge) -> None:
    wf = WorkflowBuilder().id("m").then(bridged(bridge, "uses-mastra", "usesMastra")).commit()
    result = await wf.execute({})
    assert result.status == "failed"
    assert "mastra.getAgent is not available to a bridged step" in str(result.error)


async def test_local_function_after_the_module_was_loaded(bridge: NodeBridge) -> None:
    exported = ts_function(MODULE, "exportedHelper", bridge=bridge)
    assert await exported() == "exported"
    # already loaded without it: a second instance exposes the name
    weekday = ts_function(MODULE, local="weekday", bridge=bridge)
    assert await weekday("2026-11-26") == "Thu"


async def test_unknown_local_is_an_error_naming_it(bridge: NodeBridge) -> None:
    missing = ts_function(MODULE, local="noSuchThing", bridge=bridge)
    with pytest.raises(NodeBridgeError, match="no module-level declaration 'noSuchThing'"):
        await missing()


def test_ts_step_needs_one_name() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        ts_step(MODULE, "a", local="b")


async def test_python_datetimes_arrive_as_javascript_dates(bridge: NodeBridge) -> None:
    """A translated caller hands a bridged helper a datetime; TypeScript gets a Date."""
    from datetime import UTC, datetime

    weekday = ts_function(MODULE, local="weekday", bridge=bridge)
    assert await weekday(datetime(2026, 11, 26, 12, 0, tzinfo=UTC)) == "Thu"


async def test_generator_functions_return_what_they_yield(bridge: NodeBridge) -> None:
    assert await ts_function(MODULE, "countdown", bridge=bridge)(3) == [3, 2, 1]
    assert await ts_function(MODULE, "pages", bridge=bridge)(2) == [{"page": 1}, {"page": 2}]


async def test_dates_cross_the_bridge_both_ways(bridge: NodeBridge) -> None:
    from datetime import UTC, datetime

    end = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    got = await ts_function(MODULE, "windows", bridge=bridge)(end, 2)
    assert got[0] == {"start": datetime(2026, 11, 26, 11, 59, tzinfo=UTC), "end": end}
    # a Date that came from TypeScript goes back as a Date
    assert await ts_function(MODULE, "spanSeconds", bridge=bridge)(got[1]) == 60
