"""Schema'd workflow data comes back as zod's ``parse`` returns it: defaults filled in, but no key
for an optional field that was absent (JSON in Mastra has no ``null`` there).

The shapes are the fleet-1x dispatch workflow's (a ``.branch()`` result checked against an output
schema whose keys are the optional branch ids) and expenses-0x's manager approval (an optional
``comment`` in the resume schema).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lumosai.workflow import StepContext, WorkflowBuilder, create_step
from lumosai.workflow.schema import compile_validator


class Alert(BaseModel):
    alert: str
    vans: list[str]


class Brief(BaseModel):
    text: str
    tone: str = "plain"
    note: str | None = None


class DispatchOutput(BaseModel):
    model_config = ConfigDict(
        validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )
    overtime_alert: Alert | None = Field(default=None, alias="overtime-alert")
    brief: Brief | None = None


def _dispatch(minutes: int) -> Any:
    alert = create_step(
        id="overtime-alert",
        output_schema=Alert,
        execute=lambda ctx: {"alert": "overtime", "vans": ["V1"]},
    )
    brief = create_step(id="brief", output_schema=Brief, execute=lambda ctx: {"text": "go"})
    return (
        WorkflowBuilder(id="dispatch", output_schema=DispatchOutput)
        .then(create_step(id="route", execute=lambda ctx: {"minutes": minutes}))
        .branch(
            [
                (lambda ctx: ctx.input_data["minutes"] > 480, alert),
                (lambda ctx: ctx.input_data["minutes"] <= 480, brief),
            ]
        )
        .commit()
    )


async def test_branch_result_holds_only_the_branch_that_ran() -> None:
    calm = await _dispatch(300).create_run().start({})
    assert calm.status == "success", calm.error
    # the default fills in ("tone"), the absent optional "note" stays out, as zod parses
    assert calm.result == {"brief": {"text": "go", "tone": "plain"}}
    assert calm.steps["brief"].output == {"text": "go", "tone": "plain"}

    late = await _dispatch(600).create_run().start({})
    assert late.result == {"overtime-alert": {"alert": "overtime", "vans": ["V1"]}}


def test_validator_keeps_set_values_and_explicit_nulls() -> None:
    check = compile_validator(DispatchOutput, "dispatch", "result")
    assert check is not None
    data = {"brief": {"text": "t", "note": None}, "overtime-alert": None}
    assert check(data) == {
        "brief": {"text": "t", "tone": "plain", "note": None},
        "overtime-alert": None,
    }
    # a model instance handed in: the fields it was built with
    assert check(DispatchOutput(brief=Brief(text="x"))) == {"brief": {"text": "x", "tone": "plain"}}


def test_validator_inside_lists_and_plain_types() -> None:
    check = compile_validator(list[Brief], "briefs", "output")
    assert check is not None
    assert check([{"text": "a"}, {"text": "b", "note": "n"}]) == [
        {"text": "a", "tone": "plain"},
        {"text": "b", "tone": "plain", "note": "n"},
    ]
    assert compile_validator(int, "n", "output")("3") == 3  # type: ignore[misc]


class Decision(BaseModel):
    approved: bool
    comment: str | None = None


async def test_resume_data_leaves_an_absent_optional_key_out() -> None:
    seen: list[Any] = []

    async def approve(ctx: StepContext) -> Any:
        if ctx.resume_data is None:
            return await ctx.suspend({"ask": "approve?"})
        seen.append(ctx.resume_data)
        return dict(ctx.resume_data)

    step = create_step(id="manager-approval", resume_schema=Decision, execute=approve)
    wf = WorkflowBuilder(id="reimburse").then(step).commit()
    run = wf.create_run()
    first = await run.start({})
    assert first.status == "suspended"
    done = await run.resume("manager-approval", {"approved": True})
    assert done.status == "success", done.error
    assert seen == [{"approved": True}]
    assert done.result == {"approved": True}
