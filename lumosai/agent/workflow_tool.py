"""A workflow offered to an agent's model as a tool (Mastra ``new Agent({ workflows })``).

Mastra 1.x names the tool ``workflow-<key>``, describes it with the workflow's description (else
``Workflow: <key>``), takes ``{inputData, initialState?}`` and answers ``{result, runId}`` on
success or ``{error, runId}`` on failure; this adapter does the same over a Lumos ``Workflow``.
Mastra 0.x (0.24) took the workflow's input schema as the tool's and answered the whole run
result: ``version="0.x"``.

A 1.x run that suspends suspends the agent's run too (``ToolSuspended``: finish reason
``suspended``, the step's payload in the result's ``suspend_payload``); the agent's
``resume_generate`` calls the tool again with ``resumeData`` and ``suspendedToolRunId``, and the
workflow run goes on with that data. The model may resume a run the same way: the tool takes
``suspendedToolCallId`` (the suspended call's id), ``suspendedToolRunId`` (its run id) and
``resumeData``; given resume data and either id, the suspended run goes on with it. Outside an
agent run (no ``context.agent``) a suspended run is answered as
``{runId, suspended, suspendPayload}``.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from lumosai.agent.tool_suspension import ToolSuspended
from lumosai.tool.base import Tool
from lumosai.tool.context import ToolExecutionContext
from lumosai.tool.finite import output_failure, output_issues
from lumosai.tool.signature import strip_titles

if TYPE_CHECKING:
    from lumosai.workflow.workflow import Workflow


def _json_schema(schema: Any) -> dict[str, Any] | None:
    if schema is None:
        return None
    if hasattr(schema, "to_json_schema"):  # a zod-like schema object (lumosai.compat.mastra.z)
        return dict(schema.to_json_schema())
    if isinstance(schema, dict):
        return dict(schema)
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return strip_titles(schema.model_json_schema())
    raise TypeError(
        f"a workflow schema must be a pydantic model class or a JSON schema: {schema!r}"
    )


#: what a Mastra 1.x delegation tool (workflow-*, agent-*) takes to resume a suspended call
RESUME_PARAMETERS: dict[str, Any] = {
    "suspendedToolCallId": {
        "type": "string",
        "description": "Id of the earlier tool call that suspended, to resume it",
    },
    "suspendedToolRunId": {
        "type": "string",
        "description": "Run id the suspended tool call reported",
    },
    "resumeData": {"description": "The data the suspended step asked for to go on"},
}


def _parameters(workflow: Workflow) -> dict[str, Any]:
    """``{inputData: <input schema>, initialState?: <state schema>}``; ``$defs`` of the nested
    schemas move to the root so their ``#/$defs/...`` references still resolve."""
    defs: dict[str, Any] = {}

    def nested(schema: Any) -> dict[str, Any]:
        found = _json_schema(schema)
        if found is None:
            return {"type": "object", "additionalProperties": True}
        defs.update(found.pop("$defs", {}))
        found.pop("$schema", None)
        return found

    properties = {"inputData": nested(workflow.input_schema)}
    if workflow.state_schema is not None:
        properties["initialState"] = nested(workflow.state_schema)
    properties.update(RESUME_PARAMETERS)
    parameters: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": ["inputData"],
    }
    if defs:
        parameters["$defs"] = defs
    return parameters


class WorkflowTool(Tool):
    """Starts a run of ``workflow`` with the model's ``inputData`` and returns its outcome.

    ``version="0.x"`` is Mastra 0.x's form: the tool takes the workflow's input itself and
    answers ``{result: <the whole run result>, runId}``."""

    def __init__(
        self,
        workflow: Workflow,
        *,
        name: str | None = None,
        description: str | None = None,
        version: str = "1.x",
    ) -> None:
        key = name or f"workflow-{workflow.id}"
        self.legacy = version == "0.x"
        parameters = (
            _json_schema(workflow.input_schema) or {"type": "object", "additionalProperties": True}
            if self.legacy
            else _parameters(workflow)
        )
        super().__init__(
            id=key,
            description=description
            or workflow.description
            or f"Workflow: {key.removeprefix('workflow-')}",
            parameters=parameters,
        )
        self.workflow = workflow
        #: run ids of the calls that suspended, by tool call id (what resuming names)
        self.suspended_calls: dict[str, str] = {}

    async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
        kwargs: dict[str, Any] = {"runtime_context": context.runtime_context}
        if self.legacy:
            run = self.workflow.create_run(str(uuid.uuid4()), resource_id=context.resource_id)
            outcome = await run.start(args, **kwargs)
            return {"result": outcome.to_dict(), "runId": outcome.run_id}
        resumed = self._resumed_run(args)
        if resumed is not None:
            run = await self.workflow.get_run(resumed)
            result = await run.resume(resume_data=args.get("resumeData"), **kwargs)
        else:
            run = self.workflow.create_run(str(uuid.uuid4()), resource_id=context.resource_id)
            if args.get("initialState") is not None:
                kwargs["initial_state"] = args["initialState"]
            result = await run.start(args.get("inputData"), **kwargs)
        return self._outcome(result, context)

    def _resumed_run(self, args: dict[str, Any]) -> str | None:
        """The run to resume: resume data and the suspended call's run id (or its call id)."""
        if args.get("resumeData") is None:
            return None
        run_id = args.get("suspendedToolRunId")
        if not run_id and args.get("suspendedToolCallId"):
            run_id = self.suspended_calls.get(str(args["suspendedToolCallId"]))
            if run_id is None:
                raise ValueError(
                    f"no suspended call {args['suspendedToolCallId']!r} of {self.id} to resume"
                )
        return str(run_id) if run_id else None

    def _outcome(self, result: Any, context: ToolExecutionContext) -> dict[str, Any]:
        if result.status == "success":
            outcome = {
                "result": result.result if result.result is not None else result.to_dict(),
                "runId": result.run_id,
            }
            if not self.legacy:
                self._check_result(outcome)
            return outcome
        if result.status == "suspended":
            paths = [".".join(path) for path in result.suspended]
            first = result.suspended[0] if result.suspended else []
            payload = first_suspend_payload(result)
            if context.tool_call_id:
                self.suspended_calls[context.tool_call_id] = result.run_id
            if not self.legacy and context.agent is not None:  # Mastra 1.x: the agent waits
                raise ToolSuspended(
                    payload,
                    run_id=result.run_id,
                    resume_schema=self._resume_schema(first),
                    resume_label=paths,
                )
            return {"runId": result.run_id, "suspended": paths, "suspendPayload": payload}
        # Mastra sends the error's own message (`error.message`), not where it happened
        thrown = str(result.exception) if result.exception is not None else ""
        error = thrown or result.error or "Workflow execution failed"
        return {"error": error, "runId": result.run_id}

    def _resume_schema(self, path: list[str]) -> str | None:
        """The JSON schema of the suspended step's resume data, as text (Mastra's
        ``resumeSchema``), or None when the step declares none."""
        try:
            schema = _json_schema(self.workflow.find_step(path).resume_schema) if path else None
        except (LookupError, TypeError, ValueError):
            return None
        return None if schema is None else json.dumps(schema, separators=(",", ":"))

    def _check_result(self, outcome: dict[str, Any]) -> None:
        """Mastra 1.x declares the tool's output as ``{runId, result: <the workflow's output
        schema>}`` and checks it, so a run that bailed out with a value of another shape fails
        the tool's output check (the model gets the failure object, not the value)."""
        model = self.workflow.output_schema
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return
        value = outcome["result"]
        issues: list[tuple[list[str], str]] = []  # in the words of Mastra's JSON-schema check
        try:
            model.model_validate(value)
        except ValidationError as exc:
            for path, message in output_issues(exc):
                if message == "Required" and len(path) == 1:
                    issues.append((["result"], f"must have required property '{path[0]}'"))
                else:
                    issues.append((["result", *path], message))
        if isinstance(value, dict) and model.model_config.get("extra") != "allow":
            known = {f.alias or name for name, f in model.model_fields.items()}
            extra = [key for key in value if key not in known]
            issues += [(["result"], "must NOT have additional properties") for _ in extra]
        if issues:  # nor is it the other branch, `{runId, error}`
            issues += [([], "must have required property 'error'")]
            issues += [([], "must match a schema in anyOf")]
            raise output_failure(self.id, issues, outcome)


def first_suspend_payload(result: Any) -> Any:
    """What a suspended run asks for, as Mastra's workflow tool reports it: the payload of
    the first suspended step."""
    paths = [".".join(path) for path in result.suspended]
    first = result.suspended[0] if result.suspended else []
    keys = [paths[0]] if paths else []
    keys += [first[0], first[-1]] if first else []
    return next((result.suspend_payload[k] for k in keys if k in result.suspend_payload), None)


def workflow_tool(
    workflow: Workflow,
    *,
    name: str | None = None,
    description: str | None = None,
    version: str = "1.x",
) -> WorkflowTool:
    """``workflow`` as a tool an agent's model can call (``tools={"workflow-x": workflow_tool(x)}``)."""
    return WorkflowTool(workflow, name=name, description=description, version=version)
