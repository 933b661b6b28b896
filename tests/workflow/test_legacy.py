"""Legacy (Mastra 0.x) workflows: the graph runner behind ``LegacyWorkflowBuilder``.

The shapes are the travel-legacy-0x fixture's (trip-booking, visa-check, fare-watch).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from lumosai.memory import SqliteStorage
from lumosai.workflow import (
    LegacyWorkflowBuilder,
    RetryConfig,
    StepContext,
    WorkflowDefinitionError,
    create_step,
    legacy_result,
)
from lumosai.workflow.legacy_conditions import matches


class Payment(BaseModel):
    amount: float
    method: str


def _trip(storage: SqliteStorage | None = None, *, quote_total: float = 420.0) -> Any:
    @create_step(id="validateTrip")
    def validate(ctx: StepContext) -> dict[str, Any]:
        return {"nights": 3, "valid": True}

    @create_step(id="searchHotels")
    def hotels(ctx: StepContext) -> dict[str, Any]:
        return {"best": {"name": "Ritz", "total": 300}}

    @create_step(id="searchFlights")
    def flights(ctx: StepContext) -> dict[str, Any]:
        d = ctx.input_data
        return {"fare": 60, "carrier": f"{d['origin']}-{d['destination']}-{d['date']}"}

    @create_step(id="composeQuote")
    def quote(ctx: StepContext) -> dict[str, Any]:
        flight = ctx.get_step_result("searchFlights")
        hotel = ctx.get_step_result("searchHotels")
        return {"total": quote_total, "lines": [flight["carrier"], hotel["best"]["name"]]}

    @create_step(id="confirmBooking")
    async def confirm(ctx: StepContext) -> dict[str, Any]:
        answer = ctx.input_data
        if answer.get("confirmed") is None:
            await ctx.suspend({"quote": ctx.get_step_result("composeQuote")})
            return {"confirmed": False}
        return {"confirmed": answer["confirmed"], "reference": "TRV-1"}

    @create_step(id="issueTickets")
    def tickets(ctx: StepContext) -> dict[str, Any]:
        event = ctx.get_step_result("__payment-received_event") or {}
        method = (event.get("resumedEvent") or {}).get("method", "card")
        return {"tickets": [f"ETK-{method}-{i + 1}" for i in range(ctx.get_init_data()["n"])]}

    return (
        LegacyWorkflowBuilder(
            "trip-booking",
            retry_config=RetryConfig(attempts=2, delay=0),
            events={"payment-received": {"schema": Payment}},
            storage=storage,
        )
        .step(validate)
        .then(hotels)
        .after(validate)
        .step(
            flights,
            when={"validateTrip.status": "success"},
            variables={
                "origin": {"step": "trigger", "path": "origin"},
                "destination": {"step": "trigger", "path": "airport"},
                "date": {"step": "trigger", "path": "checkIn"},
            },
        )
        .after([hotels, flights])
        .step(quote)
        .then(confirm, when={"ref": {"step": quote, "path": "total"}, "query": {"$gt": 0}})
        .after_event("payment-received")
        .step(tickets)
        .commit()
    )


TRIGGER = {"origin": "BER", "airport": "CDG", "checkIn": "2026-05-01", "n": 2}


async def test_trip_booking_graph_suspend_resume_and_event(tmp_path: Path) -> None:
    db = tmp_path / "legacy.db"
    first = await _trip(SqliteStorage(db)).create_run("t1").start(TRIGGER)
    assert first.status == "suspended", first.error
    assert first.steps["searchFlights"].output == {"fare": 60, "carrier": "BER-CDG-2026-05-01"}
    assert first.steps["composeQuote"].status == "success"
    assert first.suspended == [["confirmBooking"]]
    assert first.steps["confirmBooking"].suspend_payload["quote"]["total"] == 420.0
    assert "issueTickets" not in first.steps

    # a fresh builder and run object over the same SQLite file (another process)
    second = (
        await _trip(SqliteStorage(db))
        .create_run("t1")
        .resume("confirmBooking", {"confirmed": True})
    )
    assert second.status == "suspended"
    assert second.steps["confirmBooking"].output == {"confirmed": True, "reference": "TRV-1"}
    assert second.suspended == [["__payment-received_event"]]

    with pytest.raises(Exception, match="method"):  # the declared event schema validates
        await (
            _trip(SqliteStorage(db)).create_run("t1").send_event("payment-received", {"amount": 1})
        )
    done = (
        await _trip(SqliteStorage(db))
        .create_run("t1")
        .send_event("payment-received", {"amount": 420, "method": "transfer"})
    )
    assert done.status == "success", done.error
    assert done.steps["issueTickets"].output == {"tickets": ["ETK-transfer-1", "ETK-transfer-2"]}
    results = legacy_result(done)["results"]
    assert results["__payment-received_event"]["output"]["executed"] is True
    assert list(results)[:2] == ["validateTrip", "searchHotels"]


async def test_unmet_object_when_fails_the_step_and_the_run() -> None:
    # Mastra 0.24's legacy engine: CONDITION_FAILED -> the step's final state is "failed"
    res = await _trip(quote_total=0).create_run().start(TRIGGER)
    assert res.status == "failed"
    assert res.error == "Step:confirmBooking condition check failed"
    assert res.steps["confirmBooking"].status == "failed"
    assert res.steps["confirmBooking"].error == "Step:confirmBooking condition check failed"
    assert res.steps["composeQuote"].output["total"] == 0
    assert "issueTickets" not in res.steps
    assert "__payment-received_event" not in res.steps
    results = legacy_result(res)["results"]
    assert results["confirmBooking"] == {
        "status": "failed",
        "error": "Step:confirmBooking condition check failed",
    }


def _guarded(when: Any, *, subscribed: bool) -> Any:
    """first -> guarded (function when) -> chained; with `subscribed`, `after(guarded)` too."""

    def step(key: str) -> Any:
        return create_step(id=key, execute=lambda ctx: {"ran": key})

    builder = (
        LegacyWorkflowBuilder("guarded")
        .step(step("first"))
        .then(step("guarded"), when=when)
        .then(step("chained"))
    )
    if subscribed:
        builder = builder.after(step("guarded")).step(step("subscriber"))
    return builder.commit()


async def test_unmet_function_when_skips_and_stops_without_subscribers() -> None:
    res = await _guarded(lambda ctx: False, subscribed=False).create_run().start({})
    assert res.status == "success"
    assert res.steps["guarded"].status == "skipped"
    assert "chained" not in res.steps


async def test_unmet_function_when_with_subscribers_runs_what_comes_after() -> None:
    # Mastra: CONDITIONS_SKIPPED (hasSubscribers) -> runningSubscribers -> the next chained step
    res = await _guarded(lambda ctx: False, subscribed=True).create_run().start({})
    assert res.status == "success"
    assert res.steps["guarded"].status == "skipped"
    assert res.steps["subscriber"].output == {"ran": "subscriber"}
    assert res.steps["chained"].output == {"ran": "chained"}


@pytest.mark.parametrize("verdict", ["abort", 0, None])
async def test_abort_and_falsy_verdicts_skip_like_false(verdict: Any) -> None:
    res = await _guarded(lambda ctx: verdict, subscribed=True).create_run().start({})
    assert res.steps["guarded"].status == "skipped"
    assert res.steps["subscriber"].status == "success"


async def test_limbo_and_continue_failed_verdicts_stop_the_branch() -> None:
    limbo = await _guarded(lambda ctx: "limbo", subscribed=True).create_run().start({})
    assert limbo.status == "success"
    assert limbo.steps["guarded"].status == "skipped"
    assert "subscriber" not in limbo.steps and "chained" not in limbo.steps

    bare = await _guarded(lambda ctx: "continue_failed", subscribed=True).create_run().start({})
    assert bare.status == "success"
    assert "guarded" not in bare.steps  # finished without a result
    assert "subscriber" not in bare.steps and "chained" not in bare.steps


async def test_met_function_when_runs_the_step() -> None:
    res = await _guarded(lambda ctx: "continue", subscribed=False).create_run().start({})
    assert res.steps["guarded"].output == {"ran": "guarded"}
    assert res.steps["chained"].output == {"ran": "chained"}


async def test_then_right_after_after_runs_after_the_named_step() -> None:
    # Mastra 0.24: `.after(a).then(c)` is `.after(a).step(c)`; c does not wait for b
    def step(key: str, fail: bool = False) -> Any:
        def execute(ctx: StepContext) -> dict[str, Any]:
            if fail:
                raise RuntimeError("boom")
            return {"ran": key}

        return create_step(id=key, execute=execute)

    first = step("a")
    res = await (
        LegacyWorkflowBuilder("then-after")
        .step(first)
        .then(step("b", fail=True))
        .after(first)
        .then(step("c"))
        .commit()
        .create_run()
        .start({})
    )
    assert res.steps["b"].status == "failed"
    assert res.steps["c"].output == {"ran": "c"}


async def test_unmet_object_if_fails_its_marker() -> None:
    # Mastra's if() guards its marker step with the condition itself: an object condition that
    # does not hold fails the marker (and so the run); the else arm runs
    def step(key: str) -> Any:
        return create_step(id=key, execute=lambda ctx: {"ran": key})

    res = await (
        LegacyWorkflowBuilder("object-if")
        .step(step("start"))
        .if_({"ref": {"step": "trigger", "path": "go"}, "query": {"$eq": True}})
        .then(step("yes"))
        .else_()
        .then(step("no"))
        .commit()
        .create_run()
        .start({"go": False})
    )
    assert res.steps["__start_if_1"].status == "failed"
    assert res.steps["__start_if_1"].error == "Step:__start_if_1 condition check failed"
    assert res.steps["no"].output == {"ran": "no"}
    assert "yes" not in res.steps
    assert res.status == "failed"


def _visa(visa_required: bool, polls_until_ready: int) -> Any:
    calls = {"poll": 0}

    @create_step(id="lookup-requirements")
    def lookup(ctx: StepContext) -> dict[str, Any]:
        return {"visaRequired": visa_required, "processingDays": 15}

    @create_step(id="prepare-application")
    def prepare(ctx: StepContext) -> dict[str, Any]:
        return {"checklist": ["passport"]}

    @create_step(id="poll-embassy")
    def poll(ctx: StepContext) -> dict[str, Any]:
        calls["poll"] += 1
        previous = ctx.get_step_result("poll-embassy") or {}
        attempts = previous.get("attempts", 0) + 1
        return {
            "status": "ready" if attempts >= polls_until_ready else "pending",
            "attempts": attempts,
        }

    @create_step(id="remind-traveller")
    def remind(ctx: StepContext) -> dict[str, Any]:
        return {"reminded": True, "attempts": ctx.get_step_result("poll-embassy")["attempts"]}

    @create_step(id="no-visa-needed")
    def no_visa(ctx: StepContext) -> dict[str, Any]:
        return {"checklist": ["passport only"]}

    async def needs_visa(ctx: Any) -> bool:
        return (ctx.get_step_result("lookup-requirements") or {}).get("visaRequired") is True

    def ready(ctx: Any) -> bool:
        result = ctx.get_step_result("poll-embassy") or {}
        return result.get("status") == "ready" or result.get("attempts", 0) >= 5

    return (
        LegacyWorkflowBuilder("visa-check")
        .step(lookup)
        .if_(needs_visa)
        .then(prepare)
        .then(poll)
        .until(ready, poll)
        .then(remind)
        .else_()
        .then(no_visa)
        .commit()
    )


async def test_if_arm_with_several_steps_and_an_until_loop() -> None:
    res = await _visa(True, 3).create_run().start({"citizenship": "IN", "destination": "FR"})
    assert res.status == "success", res.error
    assert res.steps["__lookup-requirements_if_1"].output == {"executed": True}
    assert res.steps["__lookup-requirements_else_1"].status == "skipped"
    assert "no-visa-needed" not in res.steps
    assert res.steps["poll-embassy"].output == {"status": "ready", "attempts": 3}
    assert res.steps["__poll-embassy_until_loop_check"].output == {"status": "complete"}
    assert res.steps["remind-traveller"].output == {"reminded": True, "attempts": 3}


async def test_else_arm() -> None:
    res = await _visa(False, 1).create_run().start({"citizenship": "DE", "destination": "FR"})
    assert res.status == "success"
    assert res.steps["__lookup-requirements_if_1"].status == "skipped"
    assert res.steps["no-visa-needed"].output == {"checklist": ["passport only"]}
    assert "prepare-application" not in res.steps


async def test_while_loop_repeats_the_step() -> None:
    fares = iter([500, 400, 250])

    @create_step(id="check-fare")
    def check(ctx: StepContext) -> dict[str, Any]:
        return {"fare": next(fares)}

    @create_step(id="notify-fare")
    def notify(ctx: StepContext) -> dict[str, Any]:
        return {"message": f"Fare dropped to {ctx.get_step_result('check-fare')['fare']}"}

    wf = (
        LegacyWorkflowBuilder("fare-watch")
        .step(check)
        .while_(
            lambda ctx: ctx.get_step_result("check-fare")["fare"] > ctx.get_init_data()["limit"],
            check,
        )
        .then(notify)
        .commit()
    )
    res = await wf.create_run().start({"route": "BER-CDG", "limit": 300})
    assert res.status == "success"
    assert res.steps["notify-fare"].output == {"message": "Fare dropped to 250"}


async def test_failed_step_fails_the_run_but_not_independent_branches() -> None:
    @create_step(id="a")
    def a(ctx: StepContext) -> int:
        raise ValueError("boom")

    @create_step(id="b")
    def b(ctx: StepContext) -> int:
        return 2

    @create_step(id="c")
    def c(ctx: StepContext) -> int:
        return 3

    wf = LegacyWorkflowBuilder("w").step(a).then(c).step(b).commit()
    res = await wf.create_run().start({})
    assert res.status == "failed"
    assert "boom" in (res.error or "")
    assert res.steps["b"].output == 2
    assert "c" not in res.steps


def test_query_operators_and_definition_errors() -> None:
    assert matches({"$gt": 0, "$lte": 5}, 5)
    assert not matches({"$in": ["a"]}, "b")
    assert matches({"$exists": False}, None)
    assert matches({"x": {"$ne": 1}}, {"x": 2})
    with pytest.raises(WorkflowDefinitionError, match="needs a step before"):
        LegacyWorkflowBuilder("w").then(create_step(id="x", execute=lambda ctx: 1))
    with pytest.raises(WorkflowDefinitionError, match="not declared"):
        LegacyWorkflowBuilder("w", events=["a"]).step(
            create_step(id="x", execute=lambda ctx: 1)
        ).after_event("b")


async def test_resume_with_event_is_send_event() -> None:
    run = _trip().create_run("t9")
    await run.start(TRIGGER)
    await run.resume("confirmBooking", {"confirmed": False})
    done = await run.resume_with_event("payment-received", {"amount": 1, "method": "card"})
    assert done.status == "success"
    assert done.steps["issueTickets"].output == {"tickets": ["ETK-card-1", "ETK-card-2"]}
