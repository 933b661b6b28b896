"""A step's optional resume keys: zod leaves an absent optional key out of `resumeData`, so the
translation reads it with `.get` and an object returned with it drops the undefined property
(expenses-0x manager-approval: `{ ..., comment: resumeData.comment }`).

The translated step runs on the Lumos workflow runtime, suspended and resumed for real.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lumosai.migrate.convert.bodies import NameMap, translate_function
from lumosai.workflow import StepContext, WorkflowBuilder, create_step

APPROVAL = """async ({ inputData, resumeData, suspend }) => {
  if (!resumeData) {
    await suspend({ reason: 'total above 1000 EUR' });
    return { approved: false, by: 'pending' };
  }
  return { approved: resumeData.approved, by: resumeData.approver, comment: resumeData.comment };
}"""

DESTRUCTURED = """async ({ resumeData, suspend }) => {
  if (!resumeData) {
    await suspend({});
    return { approved: false };
  }
  const { approved, comment } = resumeData;
  return { approved, comment };
}"""

RESUME_KEYS = NameMap(resume_required=frozenset({"approved", "approver"}))


class Resume(BaseModel):
    approved: bool
    approver: str = "manager"
    comment: str | None = None


def _python(ts: str, names: NameMap) -> str:
    result = translate_function(ts, role="step_v1", py_name="approve", names=names)
    assert result.ok, result.reason
    return result.python


async def _run_step(python: str, resume: dict[str, Any]) -> Any:
    from lumosai.compat.js import UNDEFINED, js_object

    scope: dict[str, Any] = {
        "Any": Any,
        "StepContext": StepContext,
        "UNDEFINED": UNDEFINED,
        "js_object": js_object,
    }
    exec(python, scope)  # the translation as lumos-migrate writes it into the step module
    step = create_step(id="manager-approval", resume_schema=Resume, execute=scope["approve"])
    run = WorkflowBuilder(id="reimburse").then(step).commit().create_run()
    assert (await run.start({})).status == "suspended"
    done = await run.resume("manager-approval", resume)
    assert done.status == "success", done.error
    return done.result


def test_optional_resume_key_reads_with_get_into_a_js_object() -> None:
    python = _python(APPROVAL, RESUME_KEYS)
    assert 'ctx.resume_data.get("comment", UNDEFINED)' in python
    assert 'ctx.resume_data["approver"]' in python  # required keys keep the plain read
    assert "js_object(" in python


def test_unknown_resume_schema_keeps_the_plain_read() -> None:
    python = _python(APPROVAL, NameMap())
    assert 'ctx.resume_data["comment"]' in python
    assert "UNDEFINED" not in python


async def test_absent_comment_is_left_out_and_a_given_one_kept() -> None:
    python = _python(APPROVAL, RESUME_KEYS)
    without = await _run_step(python, {"approved": True, "approver": "Ana"})
    assert without == {"approved": True, "by": "Ana"}
    given = await _run_step(python, {"approved": False, "approver": "Ana", "comment": "no"})
    assert given == {"approved": False, "by": "Ana", "comment": "no"}


async def test_destructured_optional_resume_key() -> None:
    python = _python(DESTRUCTURED, RESUME_KEYS)
    assert await _run_step(python, {"approved": True}) == {"approved": True}
    assert await _run_step(python, {"approved": True, "comment": "ok"}) == {
        "approved": True,
        "comment": "ok",
    }
