"""`validate_outputs`: whether step outputs and the run's result are checked against their
schemas. Native Lumos checks them (with `validate_inputs`, the default); Mastra 1.71 and 0.24
never do (checked on real Node: a step returning `{ok: 'nope'}` for `{ok: boolean}` succeeds,
the next step gets `{ok: true, extra: 1}` as returned, without the output schema's defaults,
and a result that misses the workflow output schema's required key still succeeds), so the
converter turns the check off for Mastra apps.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lumosai.workflow import StepContext, WorkflowBuilder, create_step


class Member(BaseModel):
    canBorrow: bool
    finesCents: int
    note: str = "none"


class Verdict(BaseModel):
    verdict: str


def _workflow(*, validate_outputs: bool | None, validate_inputs: bool = True) -> Any:
    seen: list[Any] = []

    def check(ctx: StepContext) -> Any:
        return {"canBorrow": False, "extra": 1}  # finesCents (required) is missing

    def record(ctx: StepContext) -> Any:
        seen.append(ctx.input_data)
        return {"keys": sorted(ctx.input_data)}

    builder = WorkflowBuilder(id="loan", output_schema=Verdict)
    if validate_outputs is not None:
        builder = builder.validate_outputs(validate_outputs)
    wf = (
        builder.validate_inputs(validate_inputs)
        .then(create_step(id="check-member", output_schema=Member, execute=check))
        .then(create_step(id="record", execute=record))
        .commit()
    )
    return wf, seen


async def test_native_default_checks_step_outputs() -> None:
    wf, seen = _workflow(validate_outputs=None)
    assert wf.validate_outputs is True
    result = await wf.create_run().start({})
    assert result.status == "failed"
    assert "finesCents" in str(result.error)
    assert seen == []


async def test_unchecked_outputs_pass_on_raw_and_the_result_is_unchecked() -> None:
    wf, seen = _workflow(validate_outputs=False)
    result = await wf.create_run().start({})
    assert result.status == "success", result.error
    # as returned: no default ("note"), the extra key kept
    assert result.steps["check-member"].output == {"canBorrow": False, "extra": 1}
    assert seen == [{"canBorrow": False, "extra": 1}]
    # {keys: [...]} misses Verdict's required "verdict": returned as is
    assert result.result == {"keys": ["canBorrow", "extra"]}


async def test_outputs_follow_validate_inputs_unless_set() -> None:
    off, _ = _workflow(validate_outputs=None, validate_inputs=False)
    assert off.validate_outputs is False
    assert (await off.create_run().start({})).status == "success"
    on, _ = _workflow(validate_outputs=True, validate_inputs=False)
    assert (await on.create_run().start({})).status == "failed"


async def test_bail_value_is_returned_unchecked_either_way() -> None:
    def bail(ctx: StepContext) -> Any:
        return ctx.bail({"canBorrow": False})

    wf = (
        WorkflowBuilder(id="bails", output_schema=Verdict)
        .then(create_step(id="check-member", output_schema=Member, execute=bail))
        .commit()
    )
    result = await wf.create_run().start({})
    assert result.status == "success", result.error
    assert result.result == {"canBorrow": False}
