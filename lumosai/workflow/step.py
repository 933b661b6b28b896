"""Steps: the unit of work of a workflow, made from a function, an agent, a tool or a workflow."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, overload

from pydantic import BaseModel

from lumosai.workflow.errors import WorkflowDefinitionError
from lumosai.workflow.schema import Validator, compile_validator, plain

if TYPE_CHECKING:
    from lumosai.workflow.context import StepContext
    from lumosai.workflow.workflow import Workflow

ExecuteFn = Callable[["StepContext"], Any]


class AgentStepInput(BaseModel):
    """Input of an agent step, as Mastra's ``createStep(agent)``."""

    prompt: str


class AgentStepOutput(BaseModel):
    text: str


class Step:
    """A step. Build it with ``create_step``; ``kind`` is step | agent | tool | workflow | map | sleep."""

    __slots__ = (
        "description",
        "execute",
        "id",
        "input_schema",
        "input_validator",
        "is_async",
        "kind",
        "output_schema",
        "output_validator",
        "resume_schema",
        "resume_validator",
        "retries",
        "source",
        "state_schema",
        "state_validator",
        "suspend_schema",
        "suspend_validator",
        "timeout",
        "workflow",
    )

    def __init__(
        self,
        *,
        id: str,
        execute: ExecuteFn | None,
        description: str | None = None,
        input_schema: Any = None,
        output_schema: Any = None,
        state_schema: Any = None,
        resume_schema: Any = None,
        suspend_schema: Any = None,
        retries: int | None = None,
        timeout: float | None = None,
        kind: str = "step",
        workflow: Workflow | None = None,
        source: Any = None,
    ) -> None:
        if not isinstance(id, str) or not id:
            raise WorkflowDefinitionError(f"a step needs a non-empty string id, got {id!r}")
        if execute is None and workflow is None:
            raise WorkflowDefinitionError(f"step '{id}': pass execute=<function(ctx)>")
        if execute is not None and not callable(execute):
            raise WorkflowDefinitionError(f"step '{id}': execute must be callable")
        self.id = id
        self.description = description
        self.execute = execute
        self.is_async = execute is not None and inspect.iscoroutinefunction(execute)
        self.input_schema = input_schema
        self.output_schema = output_schema
        self.state_schema = state_schema
        self.resume_schema = resume_schema
        self.suspend_schema = suspend_schema
        self.retries = retries
        self.timeout = timeout
        self.kind = kind
        self.workflow = workflow
        self.source = source
        self.input_validator: Validator | None = compile_validator(input_schema, id, "input")
        self.output_validator: Validator | None = compile_validator(output_schema, id, "output")
        self.state_validator: Validator | None = compile_validator(state_schema, id, "state")
        self.resume_validator: Validator | None = compile_validator(
            resume_schema, id, "resume data"
        )
        self.suspend_validator: Validator | None = compile_validator(
            suspend_schema, id, "suspend payload"
        )

    def __repr__(self) -> str:
        return f"Step(id={self.id!r}, kind={self.kind!r})"

    def renamed(self, id: str) -> Step:
        """The same step under another id (error messages name the new id)."""
        return Step(
            id=id,
            execute=self.execute,
            description=self.description,
            input_schema=self.input_schema,
            output_schema=self.output_schema,
            state_schema=self.state_schema,
            resume_schema=self.resume_schema,
            suspend_schema=self.suspend_schema,
            retries=self.retries,
            timeout=self.timeout,
            kind=self.kind,
            workflow=self.workflow,
            source=self.source,
        )


def _is_workflow(obj: Any) -> bool:
    from lumosai.workflow.workflow import Workflow

    return isinstance(obj, Workflow)


def _is_tool(obj: Any) -> bool:
    try:
        from lumosai.tool import Tool
    except ImportError:  # runtime-core not installed yet: fall back to the duck type
        Tool = None  # type: ignore[assignment,misc]
    if Tool is not None and isinstance(obj, Tool):
        return True
    return hasattr(obj, "parameters") and (hasattr(obj, "execute") or hasattr(obj, "call"))


def _is_agent(obj: Any) -> bool:
    return hasattr(obj, "generate") and not inspect.isroutine(obj)


def agent_step(
    agent: Any,
    *,
    id: str | None = None,
    structured_output: Any = None,
    error_strategy: str = "strict",
    fallback_value: Any = None,
    **options: Any,
) -> Step:
    """Wrap an agent: input ``{"prompt": str}``, output ``{"text": str}`` (or the object).

    ``error_strategy`` (Mastra ``structuredOutput.errorStrategy``): ``"strict"`` fails the
    step on an answer that does not match, ``"warn"`` gives None, ``"fallback"``
    ``fallback_value``."""
    step_id = id or getattr(agent, "id", None) or getattr(agent, "name", None)
    if not step_id:
        raise WorkflowDefinitionError("create_step(agent): the agent has no name; pass id=")

    async def run_agent(ctx: StepContext) -> Any:
        data = ctx.input_data
        prompt = data.get("prompt") if isinstance(data, dict) else data
        kwargs: dict[str, Any] = {"runtime_context": ctx.runtime_context}
        if structured_output is not None:
            from lumosai.workflow.structured import generate_with_strategy

            response = await generate_with_strategy(
                agent,
                prompt,
                output=structured_output,
                error_strategy=error_strategy,
                fallback_value=fallback_value,
                **kwargs,
            )
        else:
            response = await agent.generate(prompt, **kwargs)
        if structured_output is not None:
            return plain(response.object)
        return {"text": response.text}

    return Step(
        id=str(step_id),
        execute=run_agent,
        description=options.pop("description", None) or getattr(agent, "description", None),
        input_schema=options.pop("input_schema", AgentStepInput),
        output_schema=options.pop("output_schema", structured_output or AgentStepOutput),
        kind="agent",
        source=agent,
        **options,
    )


def _tool_context(ctx: StepContext) -> Any:
    try:
        from lumosai.tool import ToolExecutionContext
    except ImportError:
        return None
    try:
        return ToolExecutionContext(
            run_id=ctx.run_id, runtime_context=ctx.runtime_context, app=ctx.app
        )
    except TypeError:
        return ToolExecutionContext()


def tool_step(tool: Any, *, id: str | None = None, **options: Any) -> Step:
    """Wrap a tool: input = the tool's arguments, output = what the tool returns."""
    step_id = id or getattr(tool, "id", None) or getattr(tool, "name", None)
    if not step_id:
        raise WorkflowDefinitionError("create_step(tool): the tool has no id; pass id=")

    async def run_tool(ctx: StepContext) -> Any:
        context = _tool_context(ctx)
        if hasattr(tool, "execute"):
            result = tool.execute(ctx.input_data, context=context)
        else:
            result = tool.call(ctx.input_data, context)
        if inspect.isawaitable(result):
            result = await result
        return result

    output_schema = getattr(tool, "output_schema", None)
    return Step(
        id=str(step_id),
        execute=run_tool,
        description=options.pop("description", None) or getattr(tool, "description", None),
        input_schema=options.pop("input_schema", getattr(tool, "parameters", None)),
        output_schema=options.pop("output_schema", output_schema),
        kind="tool",
        source=tool,
        **options,
    )


def workflow_step(workflow: Workflow, *, id: str | None = None, **options: Any) -> Step:
    """A committed workflow used as one step of another (nesting)."""
    return Step(
        id=id or workflow.id,
        execute=None,
        description=options.pop("description", None) or workflow.description,
        input_schema=options.pop("input_schema", workflow.input_schema),
        output_schema=options.pop("output_schema", workflow.output_schema),
        kind="workflow",
        workflow=workflow,
        source=workflow,
        **options,
    )


@overload
def create_step(target: None = None, /, **kwargs: Any) -> Any: ...
@overload
def create_step(target: Any, /, **kwargs: Any) -> Step: ...
def create_step(target: Any = None, /, **kwargs: Any) -> Any:
    """Make a step.

    - ``create_step(id=..., execute=fn, input_schema=..., output_schema=..., ...)``
    - ``create_step(fn)`` or ``@create_step(id=...)``: from a function of ``ctx``
    - ``create_step(agent, structured_output=Model?)``: Mastra's agent step
    - ``create_step(tool)``: input = tool arguments, output = tool result
    - ``create_step(workflow)``: a nested workflow
    """
    if isinstance(target, Step):
        return target
    if target is None:
        if kwargs.get("execute") is None:

            def decorate(fn: ExecuteFn) -> Step:
                return Step(**{"id": fn.__name__, **kwargs, "execute": fn})

            return decorate
        return Step(**kwargs)
    if _is_workflow(target):
        return workflow_step(target, **kwargs)
    if _is_tool(target):
        return tool_step(target, **kwargs)
    if _is_agent(target):
        return agent_step(target, **kwargs)
    if callable(target):
        return Step(**{"id": getattr(target, "__name__", ""), **kwargs, "execute": target})
    raise WorkflowDefinitionError(
        f"create_step: cannot make a step from {type(target).__name__}; "
        "pass a function, an agent, a tool or a workflow"
    )
