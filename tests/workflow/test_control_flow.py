"""Control flow of workflows: then, parallel, branch, loops, for_each, map, sleep, nesting."""

from __future__ import annotations

import asyncio
import time

import pytest
from pydantic import BaseModel

from lumosai.workflow import WorkflowBuilder, create_step


def add(step_id: str, amount: int):
    return create_step(id=step_id, execute=lambda ctx: {"n": ctx.input_data["n"] + amount})


async def test_pinned_linear_example() -> None:
    inc = create_step(id="inc", execute=lambda ctx: {"n": ctx.input_data["n"] + 1})
    wf = WorkflowBuilder().id("w").then(inc).commit()
    run = wf.create_run()
    res = await run.start(input_data={"n": 0})
    assert res.status == "success"
    assert res.result == {"n": 1}
    assert res.steps["inc"].status == "success"
    assert res.steps["inc"].output == {"n": 1}
    assert res.steps["inc"].payload == {"n": 0}
    assert res.steps["inc"].started_at <= res.steps["inc"].ended_at


async def test_then_chains_outputs_and_async_steps() -> None:
    async def double(ctx):
        await asyncio.sleep(0)
        return {"n": ctx.input_data["n"] * 2}

    wf = (
        WorkflowBuilder()
        .id("chain")
        .then(add("a", 1))
        .then(create_step(id="double", execute=double))
        .then(add("c", 3))
        .commit()
    )
    res = await wf.create_run(run_id="r1").start(input_data={"n": 1})
    assert res.run_id == "r1"
    assert res.result == {"n": 7}
    assert list(res.steps) == ["a", "double", "c"]


async def test_parallel_output_keyed_by_step_id_and_runs_concurrently() -> None:
    async def slow(ctx, tag):
        await asyncio.sleep(0.05)
        return {"tag": tag, "n": ctx.input_data["n"]}

    a = create_step(id="a", execute=lambda ctx: slow(ctx, "a"))
    b = create_step(id="b", execute=lambda ctx: slow(ctx, "b"))
    merge = create_step(
        id="merge", execute=lambda ctx: {"sum": ctx.input_data["a"]["n"] + ctx.input_data["b"]["n"]}
    )
    wf = WorkflowBuilder().id("par").parallel([a, b]).then(merge).commit()
    started = time.perf_counter()
    res = await wf.create_run().start(input_data={"n": 2})
    assert time.perf_counter() - started < 0.09
    assert res.steps["merge"].payload == {"a": {"tag": "a", "n": 2}, "b": {"tag": "b", "n": 2}}
    assert res.result == {"sum": 4}


async def test_branch_runs_every_true_branch_and_omits_the_others() -> None:
    hi = create_step(id="hi", execute=lambda ctx: {"kind": "hi"})
    even = create_step(id="even", execute=lambda ctx: {"kind": "even"})
    low = create_step(id="low", execute=lambda ctx: {"kind": "low"})
    wf = (
        WorkflowBuilder()
        .id("br")
        .branch(
            [
                (lambda ctx: ctx.input_data["n"] > 5, hi),
                (lambda ctx: ctx.input_data["n"] % 2 == 0, even),
                (lambda ctx: ctx.input_data["n"] <= 5, low),
            ]
        )
        .commit()
    )
    res = await wf.create_run().start(input_data={"n": 8})
    assert res.result == {"hi": {"kind": "hi"}, "even": {"kind": "even"}}
    assert "low" not in res.steps
    res = await wf.create_run().start(input_data={"n": 3})
    assert res.result == {"low": {"kind": "low"}}
    assert set(res.steps) == {"low"}


async def test_branch_async_condition_and_lumos_if_else() -> None:
    async def big(ctx):
        return ctx["score"] > 0.8

    publish = create_step(id="publish", execute=lambda ctx: "published")
    revise = create_step(id="revise", execute=lambda ctx: "revised")
    wf = WorkflowBuilder().id("ifelse").branch(big, publish, revise).commit()
    assert (await wf.execute({"score": 0.9})).result == {"publish": "published"}
    assert (await wf.execute({"score": 0.1})).result == {"revise": "revised"}


async def test_do_while_iteration_count_semantics() -> None:
    seen = []

    def cond(ctx):
        seen.append((ctx.iteration_count, ctx.input_data["n"]))
        return ctx.input_data["n"] < 3

    wf = WorkflowBuilder().id("dw").do_while(add("inc", 1), cond).commit()
    res = await wf.create_run().start(input_data={"n": 0})
    assert res.result == {"n": 3}
    # the step runs first, then the condition sees its output and how often it ran
    assert seen == [(1, 1), (2, 2), (3, 3)]
    assert res.steps["inc"].output == {"n": 3}


async def test_do_until_stops_when_condition_holds() -> None:
    wf = (
        WorkflowBuilder()
        .id("du")
        .do_until(add("inc", 2), lambda ctx: ctx.input_data["n"] >= 5)
        .commit()
    )
    res = await wf.create_run().start(input_data={"n": 0})
    assert res.result == {"n": 6}
    # do_until runs at least once even if the condition already holds
    res = await wf.create_run().start(input_data={"n": 100})
    assert res.result == {"n": 102}


async def test_do_until_can_stop_on_iteration_count() -> None:
    wf = (
        WorkflowBuilder()
        .id("du2")
        .do_until(add("inc", 1), lambda ctx: ctx.iteration_count >= 4)
        .commit()
    )
    assert (await wf.execute({"n": 0})).result == {"n": 4}


async def test_for_each_in_order_with_concurrency() -> None:
    active = 0
    peak = 0

    async def square(ctx):
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01 * (5 - ctx.input_data))
        active -= 1
        return ctx.input_data**2

    sq = create_step(id="square", execute=square)
    wf = WorkflowBuilder().id("fe").for_each(sq, concurrency=2).commit()
    res = await wf.create_run().start(input_data=[1, 2, 3, 4])
    assert res.status == "success"
    assert res.result == [1, 4, 9, 16]
    assert peak == 2
    assert res.steps["square"].output == [1, 4, 9, 16]
    assert res.steps["square"].payload == [1, 2, 3, 4]


async def test_for_each_over_non_list_fails_naming_the_step() -> None:
    sq = create_step(id="square", execute=lambda ctx: ctx.input_data)
    wf = WorkflowBuilder().id("fe2").for_each(sq).commit()
    res = await wf.create_run().start(input_data={"not": "a list"})
    assert res.status == "failed"
    assert "for_each step 'square'" in res.error
    assert "expected a list" in res.error and "dict" in res.error
    assert res.steps["square"].status == "failed"


async def test_map_function_and_mastra_mapping_forms() -> None:
    first = create_step(id="first", execute=lambda ctx: {"user": {"name": "Ada", "age": 36}})
    second = create_step(id="second", execute=lambda ctx: {"ok": True})
    final = create_step(id="final", execute=lambda ctx: ctx.input_data)
    wf = (
        WorkflowBuilder()
        .id("mp")
        .then(first)
        .map(lambda ctx: {"name": ctx.input_data["user"]["name"], "init": ctx.get_init_data()})
        .then(second)
        .map(
            {
                "name": {"step": first, "path": "user.name"},
                "whole": {"step": "second", "path": "."},
                "fallback": {"step": [second, first], "path": "ok"},
                "constant": {"value": 42, "schema": int},
                "city": {"init_data": True, "path": "city"},
                "greeting": {"template": "Hi ${stepResults.first.user.name} from ${initData.city}"},
            }
        )
        .then(final)
        .commit()
    )
    res = await wf.create_run().start(input_data={"city": "Paris"})
    assert res.steps["mapping_mp_0"].output == {"name": "Ada", "init": {"city": "Paris"}}
    assert res.result == {
        "name": "Ada",
        "whole": {"ok": True},
        "fallback": True,
        "constant": 42,
        "city": "Paris",
        "greeting": "Hi Ada from Paris",
    }
    assert res.steps["mapping_mp_1"].status == "success"


async def test_sleep_and_sleep_until_pass_data_through() -> None:
    import datetime as dt

    wf = (
        WorkflowBuilder()
        .id("sl")
        .sleep(30)
        .sleep(lambda ctx: 10)
        .sleep_until(dt.datetime.now(dt.UTC) + dt.timedelta(milliseconds=30))
        .then(add("inc", 1))
        .commit()
    )
    started = time.perf_counter()
    res = await wf.create_run().start(input_data={"n": 1})
    elapsed = time.perf_counter() - started
    assert res.result == {"n": 2}
    assert elapsed >= 0.035
    assert res.steps["sleep_sl_0"].output == {"n": 1}
    assert {"sleep_sl_0", "sleep_sl_1", "sleep_sl_2"} <= set(res.steps)


async def test_nested_workflow_as_step() -> None:
    inner = WorkflowBuilder().id("inner").then(add("i1", 10)).then(add("i2", 100)).commit()
    outer = (
        WorkflowBuilder().id("outer").then(add("o1", 1)).then(inner).then(add("o2", 1000)).commit()
    )
    res = await outer.create_run().start(input_data={"n": 0})
    assert res.status == "success"
    assert res.result == {"n": 1111}
    assert res.steps["inner"].output == {"n": 111}
    assert "i1" not in res.steps


async def test_nested_workflow_inside_parallel_and_for_each() -> None:
    inner = WorkflowBuilder().id("inner").then(add("i1", 1)).commit()
    wf = WorkflowBuilder().id("o").parallel([inner, add("b", 2)]).commit()
    res = await wf.create_run().start(input_data={"n": 0})
    assert res.result == {"inner": {"n": 1}, "b": {"n": 2}}
    wf2 = WorkflowBuilder().id("o2").for_each(inner, concurrency=3).commit()
    res = await wf2.create_run().start(input_data=[{"n": 1}, {"n": 2}, {"n": 3}])
    assert res.result == [{"n": 2}, {"n": 3}, {"n": 4}]


async def test_state_and_init_data_and_get_step_result() -> None:
    def first(ctx):
        ctx.set_state({**ctx.state, "seen": ["first"]})
        return {"x": 1}

    def second(ctx):
        ctx.set_state({**ctx.state, "seen": [*ctx.state["seen"], "second"]})
        return {
            "prev": ctx.get_step_result("first"),
            "by_obj": ctx.get_step_result(first_step),
            "missing": ctx.get_step_result("nope"),
            "init": ctx.get_init_data(),
            "run": ctx.run_id,
            "wf": ctx.workflow_id,
        }

    first_step = create_step(id="first", execute=first)
    wf = (
        WorkflowBuilder()
        .id("st")
        .then(first_step)
        .then(create_step(id="second", execute=second))
        .commit()
    )
    res = await wf.create_run(run_id="rid").start(input_data={"a": 1}, initial_state={"count": 0})
    assert res.state == {"count": 0, "seen": ["first", "second"]}
    assert res.result == {
        "prev": {"x": 1},
        "by_obj": {"x": 1},
        "missing": None,
        "init": {"a": 1},
        "run": "rid",
        "wf": "st",
    }


async def test_schemas_validate_input_and_output() -> None:
    class In(BaseModel):
        n: int
        label: str = "none"

    class Out(BaseModel):
        n: int

    seen = {}

    def body(ctx):
        seen.update(ctx.input_data)
        return Out(n=ctx.input_data["n"] * 2)

    step = create_step(id="typed", input_schema=In, output_schema=Out, execute=body)
    wf = WorkflowBuilder(id="typed-wf", input_schema=In, output_schema=Out).then(step).commit()
    res = await wf.create_run().start(input_data={"n": "3"})
    assert res.result == {"n": 6}
    assert seen == {"n": 3, "label": "none"}


async def test_decorator_and_function_forms_of_create_step() -> None:
    @create_step(id="deco")
    def deco(ctx):
        return ctx.input_data + 1

    def plain_fn(ctx):
        return ctx.input_data * 10

    wf = WorkflowBuilder().id("forms").then(deco).then(create_step(plain_fn)).commit()
    res = await wf.create_run().start(input_data=1)
    assert res.result == 20
    assert list(res.steps) == ["deco", "plain_fn"]


async def test_reusing_the_same_step_in_sequence_is_allowed() -> None:
    inc = add("inc", 1)
    wf = WorkflowBuilder().id("reuse").then(inc).then(inc).commit()
    assert (await wf.execute({"n": 0})).result == {"n": 2}


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_for_each_empty_list(concurrency: int) -> None:
    wf = WorkflowBuilder().id("e").for_each(add("x", 1), concurrency=concurrency).commit()
    assert (await wf.execute([])).result == []


async def test_then_with_id_renames_steps_agents_and_workflows() -> None:
    from pydantic import BaseModel

    class Out(BaseModel):
        n: int

    step = create_step(id="orig", output_schema=Out, execute=lambda ctx: {"n": "bad"})
    wf = WorkflowBuilder().id("rn").then("renamed", step).commit()
    res = await wf.create_run().start(input_data=None)
    assert list(res.steps) == ["renamed"]
    assert "step 'renamed'" in res.error
