"""The agent loop: model step, tool calls (concurrently), tool results back, until a text
answer or ``max_steps``. One async generator serves ``generate`` and ``stream``."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lumosai import telemetry
from lumosai.agent.events import (
    FinishEvent,
    StepFinishEvent,
    StreamItem,
    ToolCallEvent,
    ToolResultEvent,
    TripwireEvent,
)
from lumosai.agent.result import AgentResult, AgentStep
from lumosai.agent.runtime_context import RuntimeContext
from lumosai.agent.tool_errors import model_error
from lumosai.agent.tool_suspension import ToolSuspended
from lumosai.llm.messages import Message, ToolCall, ToolResult, Usage
from lumosai.llm.model import (
    INVALID_ARGS_KEY,
    ModelRequest,
    ModelResponse,
    OutputSpec,
    ToolChoice,
    normalize_tool_choice,
)
from lumosai.processors import runner as processors
from lumosai.processors.base import StreamPart, TripWire
from lumosai.tool.base import Tool, model_content
from lumosai.tool.context import ToolExecutionContext
from lumosai.tool.function import to_jsonable

if TYPE_CHECKING:
    from lumosai.agent.agent import Agent


class StructuredOutputError(ValueError):
    """The model's final answer does not parse or validate against the requested ``output``."""


class RunAbortedError(RuntimeError):
    """The run's ``abort_signal`` was set."""


@dataclass(slots=True)
class RunOptions:
    """One call of ``generate``/``stream``, after argument normalisation."""

    messages: list[Message]
    thread_id: str | None = None
    resource_id: str | None = None
    run_id: str | None = None
    max_steps: int = 5
    output: Any = None
    tool_choice: ToolChoice | None = None
    runtime_context: RuntimeContext = field(default_factory=RuntimeContext)
    settings: dict[str, Any] = field(default_factory=dict)
    instructions: str | None = None
    context: list[Message] = field(default_factory=list)
    abort_signal: asyncio.Event | None = None
    on_step_finish: Callable[[AgentStep], Any] | None = None
    on_finish: Callable[[AgentResult], Any] | None = None
    stream: bool = False
    input_processors: Any = None
    """Per-call processors; None: the agent's (a list replaces the agent's for this call)."""
    output_processors: Any = None
    require_tool_approval: bool = False
    """Every tool call of this run waits for approval (Mastra's ``requireToolApproval``)."""
    resume: Suspension | None = None
    """Continue a suspended run (set by the agent's resume/approve/decline)."""


async def run_events(agent: Agent, opts: RunOptions) -> AsyncIterator[StreamItem]:
    """Run the loop, yielding text deltas (only when streaming) and typed events; the last
    event is ``FinishEvent`` carrying the result. The run is one `invoke_agent` span."""
    trace = telemetry.start_span(
        f"invoke_agent {agent.name}",
        {
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": agent.name,
            "lumosai.thread_id": opts.thread_id,
            "lumosai.resource_id": opts.resource_id,
            "lumosai.stream": opts.stream,
        },
    )
    if trace.recording:
        trace.record_input([m.to_dict() for m in opts.messages])
    try:
        async for item in _run_events(agent, opts, trace):
            if isinstance(item, FinishEvent):
                result = item.result
                trace.set_many(
                    {
                        "gen_ai.usage.input_tokens": result.usage.prompt_tokens,
                        "gen_ai.usage.output_tokens": result.usage.completion_tokens,
                        "lumosai.steps": len(result.steps),
                        "lumosai.run_id": result.run_id,
                    }
                )
                trace.record_output(result.object if result.object is not None else result.text)
            yield item
    except Exception as exc:
        trace.record_error(exc)
        raise
    finally:
        trace.end()


async def _run_events(
    agent: Agent, opts: RunOptions, trace: telemetry.SpanHandle
) -> AsyncIterator[StreamItem]:
    if opts.max_steps < 1:
        raise ValueError(f"max_steps must be >= 1, got {opts.max_steps}")
    ctx = opts.runtime_context
    run_id = opts.run_id or uuid.uuid4().hex
    model = await agent.resolve_model(ctx)
    instructions = (
        opts.instructions
        if opts.instructions is not None
        else await agent.resolve_instructions(ctx)
    )
    tools = await agent.resolve_tools(ctx)

    conversation: list[Message] = []
    if instructions:
        conversation.append(Message(role="system", content=instructions))
    memory = None
    history: list[Message] = []
    resume = opts.resume
    if (
        resume is None
        and agent.memory_config is not None
        and (opts.thread_id or _memory_without_thread(agent.memory_config))
    ):
        memory = agent.get_memory()
        prepared = await memory.prepare(
            thread_id=opts.thread_id,
            resource_id=opts.resource_id,
            new_messages=opts.messages,
            **({"system_message": instructions or None} if agent.memory_processors else {}),
        )
        conversation.extend(Message(role="system", content=t) for t in prepared.system if t)
        history = prepared.history
        conversation.extend(history)
        for extra in prepared.tools:
            tools.setdefault(extra.id, extra)
    conversation.extend(opts.context)
    conversation.extend(opts.messages)
    new_messages: list[Message] = list(opts.messages)

    pipeline = _Processors(agent, opts, ctx)
    await pipeline.resolve()
    steps: list[AgentStep] = []
    usage = Usage()
    first_step = 0
    if resume is not None:  # a run that stopped for a tool approval goes on from there
        if agent.memory_config is not None and opts.thread_id:
            memory = agent.get_memory()
        conversation, new_messages = list(resume.conversation), list(resume.new_messages)
        steps, usage, first_step = list(resume.steps), resume.usage, len(resume.steps)
        tools = {**tools, **resume.tools}  # memory's tools (updateWorkingMemory) too
        for res in resume.fresh:
            yield ToolResultEvent(res)
        if resume.waiting:  # a call of the step still waits
            last = steps[-1]
            async for item in _suspend(
                agent,
                opts,
                run_id,
                conversation,
                new_messages,
                steps[:-1],
                usage,
                ModelResponse(text=last.text, tool_calls=last.tool_calls, usage=last.usage),
                [*resume.results, *resume.decided],
                resume.waiting,
                None,
                model,
                resume.suspended,
                tools,
            ):
                yield item
            return
        tool_message = Message(role="tool", tool_results=[*resume.results, *resume.decided])
        conversation.append(tool_message)
        new_messages.append(tool_message)
        steps[-1] = dataclasses.replace(
            steps[-1], tool_results=tool_message.tool_results, finish_reason="tool-calls"
        )
    elif pipeline.inputs:
        try:
            conversation, new_messages = await pipeline.run_input(conversation, history)
        except TripWire as exc:
            async for item in _tripwire(exc, opts, run_id, steps, usage, new_messages):
                yield item
            return

    specs = [t.to_spec(name) for name, t in tools.items()] if agent.enable_function_calling else []
    if agent.tool_errors is not None:  # Mastra 0.x: the OpenAI layer's required-nullable fields
        specs = agent.tool_errors.tool_specs(specs, model)
    output_model, output_spec = _output_spec(opts.output)
    choice = normalize_tool_choice(opts.tool_choice)
    if choice is not None and isinstance(choice, dict) and choice["tool_name"] not in tools:
        raise ValueError(
            f"tool_choice names tool {choice['tool_name']!r}, which agent {agent.name!r} "
            f"does not have; its tools: {sorted(tools)}"
        )
    calls_left = agent.max_tool_calls if agent.max_tool_calls is not None else -1
    response = ModelResponse()

    for index in range(first_step, opts.max_steps):
        if opts.abort_signal is not None and opts.abort_signal.is_set():
            raise RunAbortedError(f"agent {agent.name!r}: run {run_id} aborted")
        prompt = _user_first(conversation)
        if pipeline.prompt:
            try:
                prompt = await pipeline.run_llm_request(prompt, index)
            except TripWire as exc:
                async for item in _tripwire(exc, opts, run_id, steps, usage, new_messages):
                    yield item
                return
        request = ModelRequest(
            messages=prompt,
            tools=specs,
            settings=opts.settings,
            tool_choice=choice,
            output=output_spec,
        )
        model_attrs = {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": model.provider,
            "gen_ai.request.model": model.model_id,
            "lumosai.step": index,
        }
        if opts.stream:
            call_span = trace.start_child(f"chat {model.model_id}", model_attrs)
            emitted: list[str] = []
            tripped: TripWire | None = None
            try:
                final: ModelResponse | None = None
                async for chunk in model.stream(request):
                    if isinstance(chunk, str):
                        if not chunk:
                            continue
                        if pipeline.stream is None:
                            yield chunk
                            continue
                        for text in await pipeline.stream_text(chunk):
                            emitted.append(text)
                            yield text
                    else:
                        final = chunk
                if final is None:
                    raise RuntimeError(f"{model!r}.stream() ended without a response")
                response = final
                if pipeline.stream is not None:
                    for text in await pipeline.stream_step_end():
                        emitted.append(text)
                        yield text
                    response.text = "".join(emitted)
                _trace_response(call_span, response)
            except TripWire as exc:
                tripped = exc
            except Exception as exc:
                call_span.record_error(exc)
                raise
            finally:
                call_span.end()
            if tripped is not None:
                async for item in _tripwire(
                    tripped, opts, run_id, steps, usage, new_messages, "".join(emitted)
                ):
                    yield item
                return
        else:
            with trace.child(f"chat {model.model_id}", model_attrs) as call_span:
                response = await model.request(request)
                _trace_response(call_span, response)
            if pipeline.stream is not None and response.text:
                # Mastra's generate() feeds processOutputStream too: the provider's whole
                # answer as one text-delta part, then the step's end
                try:
                    response.text = await pipeline.replay(response.text)
                except TripWire as exc:
                    async for item in _tripwire(exc, opts, run_id, steps, usage, new_messages):
                        yield item
                    return
        usage = usage + response.usage
        assistant = Message(role="assistant", content=response.text, tool_calls=response.tool_calls)
        conversation.append(assistant)
        new_messages.append(assistant)
        results: list[ToolResult] = []
        if response.tool_calls:
            for call in response.tool_calls:
                yield ToolCallEvent(call)
            allowed = response.tool_calls
            refused: list[ToolCall] = []
            if calls_left >= 0:
                allowed, refused = (
                    response.tool_calls[:calls_left],
                    response.tool_calls[calls_left:],
                )
                calls_left -= len(allowed)
            tool_ctx = _ToolRunContext(
                agent, opts, run_id, list(conversation), trace, model.model_id or ""
            )
            waiting = [c for c in allowed if _needs_approval(c, tools, opts)]
            allowed = [c for c in allowed if c not in waiting]
            results = await _execute_calls(allowed, tools, tool_ctx)
            # calls whose tool suspended (a workflow run that waits) wait too, in call order
            suspended = _suspended_calls(results)
            if suspended:
                results = [r for r in results if r.id not in suspended]
                ids = {c.id for c in waiting} | set(suspended)
                waiting = [c for c in response.tool_calls if c.id in ids]
            results.extend(
                ToolResult(
                    id=c.id,
                    name=c.name,
                    result=f"Tool call limit of {agent.max_tool_calls} reached; "
                    "answer without calling more tools.",
                    is_error=True,
                    args=c.args,
                )
                for c in refused
            )
            if calls_left == 0 or refused:
                choice = "none"
            for res in results:
                yield ToolResultEvent(res)
            if waiting:
                async for item in _suspend(
                    agent,
                    opts,
                    run_id,
                    conversation,
                    new_messages,
                    steps,
                    usage,
                    response,
                    results,
                    waiting,
                    memory,
                    model,
                    suspended,
                    tools,
                ):
                    yield item
                return
            tool_message = Message(role="tool", tool_results=results)
            conversation.append(tool_message)
            new_messages.append(tool_message)
        step = AgentStep(
            index=index,
            step_type="initial" if index == 0 else "tool-result",
            text=response.text,
            tool_calls=list(response.tool_calls),
            tool_results=results,
            finish_reason=response.finish_reason,
            usage=response.usage,
            model_id=response.model_id,
        )
        steps.append(step)
        if opts.on_step_finish is not None:
            await _maybe_await(opts.on_step_finish(step))
        yield StepFinishEvent(step)
        if not response.tool_calls:
            break

    obj = None
    if output_spec is not None and not response.tool_calls:
        obj = _parse_output(response, output_model, agent.name)
    text = steps[-1].text
    if pipeline.outputs:
        try:
            new_messages, text = await pipeline.run_output_result(new_messages, text, steps, usage)
        except TripWire as exc:
            async for item in _tripwire(exc, opts, run_id, steps, usage, new_messages, text):
                yield item
            return
    result = AgentResult(
        text=text,
        steps=steps,
        usage=usage,
        finish_reason=steps[-1].finish_reason,
        messages=new_messages,
        object=obj,
        run_id=run_id,
        thread_id=opts.thread_id,
        resource_id=opts.resource_id,
    )
    if memory is not None and opts.thread_id:
        stored = new_messages
        if resume is not None:  # what happened before the approval is stored already
            later = new_messages[len(resume.new_messages) + 1 :]
            stored = [
                Message(role="assistant", content="", tool_calls=resume.decided_calls),
                Message(role="tool", tool_results=resume.decided),
                *later,
            ]
        await memory.remember(
            thread_id=opts.thread_id,
            resource_id=opts.resource_id,
            messages=stored,
            model=model,  # names a new thread when generateTitle is on
        )
    if getattr(agent, "scorers", None):
        from lumosai.evals.attach import score_run

        score_run(agent, opts.messages, result, ctx)
    if opts.on_finish is not None:
        await _maybe_await(opts.on_finish(result))
    yield FinishEvent(result)


@dataclass(slots=True)
class Suspension:
    """A run stopped because tool calls wait: for a person (Mastra's tool approval), or for
    resume data (a tool that suspended, ``suspended``: call id -> its ``ToolSuspended``); what
    it needs to go on once they are decided."""

    run_id: str
    opts: RunOptions
    conversation: list[Message]
    new_messages: list[Message]
    steps: list[AgentStep]
    usage: Usage
    results: list[ToolResult]  # the step's calls that ran
    waiting: list[ToolCall]  # the calls that wait, in order
    decided: list[ToolResult] = field(default_factory=list)
    decided_calls: list[ToolCall] = field(default_factory=list)
    suspended: dict[str, ToolSuspended] = field(default_factory=dict)
    fresh: list[ToolResult] = field(default_factory=list)  # decided by the latest resume
    tools: dict[str, Tool] = field(default_factory=dict)  # the run's, memory's included


async def decide(
    agent: Agent, run_id: str, tool_call_id: str | None, approved: bool, reason: str | None
) -> RunOptions:
    """Approve (run) or decline one waiting tool call of a suspended run; returns the options
    that continue the run (Mastra's approveToolCallGenerate / declineToolCallGenerate, which
    are ``resumeGenerate({approved, reason?})``)."""
    decision: dict[str, Any] = {"approved": approved}
    if reason is not None:
        decision["reason"] = reason
    return await resume_call(agent, run_id, tool_call_id, decision)


async def resume_call(
    agent: Agent,
    run_id: str,
    tool_call_id: str | None,
    resume_data: Any,
    runtime_context: RuntimeContext | None = None,
) -> RunOptions:
    """Settle one waiting call of a suspended run (the first when ``tool_call_id`` is None)
    and return the options that continue the run (Mastra's ``resumeGenerate``): a tool that
    suspended is called again with ``resume_data``; a call waiting for approval takes
    ``{"approved": bool, "reason"?: str}``."""
    suspension = agent.suspended_runs.pop(run_id, None)
    if suspension is None:
        raise ValueError(f"agent {agent.name!r} has no run {run_id!r} waiting to be resumed")
    waiting = suspension.waiting
    call = next((c for c in waiting if c.id == tool_call_id), None) if tool_call_id else waiting[0]
    held = suspension.suspended.get(call.id) if call is not None else None
    approval = resume_data if isinstance(resume_data, dict) else {}
    problem = None
    if call is None:
        problem = (
            f"run {run_id!r} has no tool call {tool_call_id!r} waiting "
            f"(waiting: {', '.join(c.id for c in waiting)})"
        )
    elif held is None and not isinstance(approval.get("approved"), bool):
        problem = (
            f"tool call {call.id!r} ({call.name}) of run {run_id!r} waits for an approval: "
            f"resume it with {{'approved': True}} or {{'approved': False, 'reason': ...}}"
        )
    if problem is not None or call is None:
        agent.suspended_runs[run_id] = suspension
        raise ValueError(problem)
    opts = suspension.opts
    if runtime_context is not None:
        opts = dataclasses.replace(opts, runtime_context=runtime_context)
    suspension.fresh = []
    if held is not None or approval.get("approved"):
        run_call = call
        if held is not None:  # the tool goes on with the data (tool_suspension.py)
            run_call = dataclasses.replace(call, args=held.resume_args(call.args, resume_data))
        tools = {**await agent.resolve_tools(opts.runtime_context), **suspension.tools}
        trace = telemetry.start_span(f"resumed tool {call.name}", {})
        try:
            run = _ToolRunContext(agent, opts, run_id, list(suspension.conversation), trace)
            outcome = dataclasses.replace(await _execute_call(run_call, tools, run), args=call.args)
        finally:
            trace.end()
    else:
        text = approval.get("reason") or "Tool call was not approved by the user"
        outcome = ToolResult(id=call.id, name=call.name, result=text, args=call.args)
    if isinstance(outcome.result, ToolSuspended):  # it waits again
        suspension.suspended[call.id] = outcome.result
    else:
        suspension.suspended.pop(call.id, None)
        suspension.decided.append(outcome)
        suspension.decided_calls.append(call)
        suspension.fresh = [outcome]
        suspension.waiting = [c for c in waiting if c is not call]
    return dataclasses.replace(opts, resume=suspension, run_id=run_id)


def _suspended_calls(results: list[ToolResult]) -> dict[str, ToolSuspended]:
    """The calls whose tool raised ``ToolSuspended`` (kept as their result), by call id."""
    return {r.id: r.result for r in results if isinstance(r.result, ToolSuspended)}


def _needs_approval(call: ToolCall, tools: dict[str, Tool], opts: RunOptions) -> bool:
    tool = tools.get(call.name)
    return tool is not None and (opts.require_tool_approval or tool.require_approval)


async def _suspend(
    agent: Agent,
    opts: RunOptions,
    run_id: str,
    conversation: list[Message],
    new_messages: list[Message],
    steps: list[AgentStep],
    usage: Usage,
    response: ModelResponse,
    results: list[ToolResult],
    waiting: list[ToolCall],
    memory: Any,
    model: Any,
    suspended: dict[str, ToolSuspended] | None = None,
    tools: dict[str, Tool] | None = None,
) -> AsyncIterator[StreamItem]:
    """End the run `suspended` on the first waiting call (Mastra: finishReason 'suspended',
    suspendPayload {toolCallId, toolName, args}, plus the tool's own suspendPayload and
    resumeSchema when the tool suspended); memory keeps what happened, without the calls
    that have not run."""
    step = AgentStep(
        index=len(steps),
        step_type="initial" if not steps else "tool-result",
        text=response.text,
        tool_calls=list(response.tool_calls),
        tool_results=list(results),
        finish_reason="suspended",
        usage=response.usage,
        model_id=response.model_id,
    )
    steps = [*steps, step]
    yield StepFinishEvent(step)
    first = waiting[0]
    suspended = dict(suspended or {})
    payload: dict[str, Any] = {"toolCallId": first.id, "toolName": first.name, "args": first.args}
    if first.id in suspended:
        payload["suspendPayload"] = suspended[first.id].payload
        if suspended[first.id].resume_schema is not None:
            payload["resumeSchema"] = suspended[first.id].resume_schema
    agent.suspended_runs[run_id] = Suspension(
        run_id,
        opts,
        list(conversation),
        list(new_messages),
        steps,
        usage,
        results,
        waiting,
        suspended=suspended,
        tools=dict(tools or {}),
    )
    held = {c.id for c in waiting}
    stored = [
        dataclasses.replace(m, tool_calls=[c for c in m.tool_calls if c.id not in held])
        if m.role == "assistant" and m.tool_calls
        else m
        for m in new_messages
    ]
    stored = [m for m in stored if m.role != "assistant" or m.content or m.tool_calls]
    if results:
        stored.append(Message(role="tool", tool_results=results))
    if memory is not None and opts.thread_id:
        await memory.remember(
            thread_id=opts.thread_id, resource_id=opts.resource_id, messages=stored, model=model
        )
    result = AgentResult(
        text="",
        steps=steps,
        usage=usage,
        finish_reason="suspended",
        messages=stored,
        run_id=run_id,
        thread_id=opts.thread_id,
        resource_id=opts.resource_id,
        suspend_payload=payload,
    )
    if opts.on_finish is not None:
        await _maybe_await(opts.on_finish(result))
    yield FinishEvent(result)


class _Processors:
    """The run's processors (lumosai.processors): the call's lists, else the agent's."""

    def __init__(self, agent: Agent, opts: RunOptions, ctx: RuntimeContext) -> None:
        self.agent, self.opts, self.ctx = agent, opts, ctx
        self.inputs: list[Any] = []
        self.outputs: list[Any] = []
        self.prompt: list[Any] = []
        self.stream: processors.OutputStreamRunner | None = None
        self.states: dict[str, dict[str, Any]] = {}
        self.input_ids: set[str] = set()

    async def resolve(self) -> None:
        given_in = self.opts.input_processors
        given_out = self.opts.output_processors
        self.inputs = await processors.resolve_processors(
            self.agent.input_processors if given_in is None else given_in, self.ctx
        )
        self.outputs = await processors.resolve_processors(
            self.agent.output_processors if given_out is None else given_out, self.ctx
        )
        self.prompt = [p for p in self.inputs if hasattr(p, "process_llm_request")]
        if self.inputs or self.outputs:
            # ids tell this call's input apart from history and from what the run produces
            for message in [*self.opts.messages, *self.opts.context]:
                if message.id is None:
                    message.id = uuid.uuid4().hex
            self.input_ids = {m.id for m in self.opts.messages if m.id}
        runner = processors.OutputStreamRunner(
            self.outputs, runtime_context=self.ctx, states=self.states
        )
        self.stream = runner if runner.active else None

    async def run_input(
        self, conversation: list[Message], history: list[Message]
    ) -> tuple[list[Message], list[Message]]:
        """Input processors over this call's input messages, as Mastra 0.x's (which get
        ``messageList.get.input``, not memory's history), or over the history followed by
        the input when the agent says so (Mastra 1.x, where memory is the first input
        processor); returns the new conversation and the processed input (what memory
        stores)."""
        system = [m for m in conversation if m.role == "system"]
        remembered = list(history)  # processors may drop remembered messages from it
        with_history = bool(getattr(self.agent, "input_processors_see_history", False))
        for message in remembered if with_history else []:
            if message.id is None:  # ids tell the history apart in what processors return
                message.id = uuid.uuid4().hex
        before = {m.id for m in remembered} if with_history else set()
        new, system = await processors.run_input_and_system(
            self.inputs,
            [*remembered, *self.opts.messages] if with_history else list(self.opts.messages),
            system,
            runtime_context=self.ctx,
            states=self.states,
            history=remembered,
        )
        if with_history:  # what is left of the history, changed or not, stays history
            still = {m.id for m in remembered}
            remembered = [m for m in new if m.id in before and m.id in still]
            new = [m for m in new if m.id not in before]
        for message in new:  # a processor may have made new messages without ids
            if message.id is None:
                message.id = uuid.uuid4().hex
        self.input_ids = {m.id for m in new if m.id}
        return [*system, *remembered, *self.opts.context, *new], new

    async def run_llm_request(self, prompt: list[Message], index: int) -> list[Message]:
        return await processors.run_llm_request(
            self.prompt, prompt, step_number=index, runtime_context=self.ctx, states=self.states
        )

    async def stream_text(self, chunk: str) -> list[str]:
        assert self.stream is not None
        parts = await self.stream.feed(StreamPart("text-delta", {"text": chunk}))
        return [p.text for p in parts if p.type == "text-delta" and p.text]

    async def replay(self, text: str) -> str:
        """A whole answer through the stream processors, as one part (as Mastra's
        non-streaming ``generate()`` does)."""
        out = await self.stream_text(text)
        out += await self.stream_step_end()
        return "".join(out)

    async def stream_step_end(self) -> list[str]:
        assert self.stream is not None
        parts = await self.stream.feed(StreamPart("step-finish", {}))
        return [p.text for p in parts if p.type == "text-delta" and p.text]

    async def run_output_result(
        self, messages: list[Message], text: str, steps: list[AgentStep], usage: Usage
    ) -> tuple[list[Message], str]:
        """Output result processors over the messages this run produced; the final text is
        the last assistant message's after them."""
        given = [m for m in messages if m.id is not None and m.id in self.input_ids]
        produced = [m for m in messages if not (m.id is not None and m.id in self.input_ids)]
        preview = AgentResult(
            text=text,
            steps=steps,
            usage=usage,
            finish_reason=steps[-1].finish_reason if steps else "stop",
            messages=list(messages),
        )
        produced = await processors.run_output_result(
            self.outputs, produced, result=preview, runtime_context=self.ctx, states=self.states
        )
        # the answer is the last assistant message after them; a processor that removed it
        # (ModerationProcessor's filter) leaves the text as it was (Mastra 1.71, checked)
        answer = next((m.content for m in reversed(produced) if m.role == "assistant"), text)
        # an answer the processors emptied is not kept: Mastra's prompt never carries an
        # assistant message without content, so it must not come back from memory either
        produced = [m for m in produced if m.role != "assistant" or m.content or m.tool_calls]
        return given + produced, answer


async def _tripwire(
    exc: TripWire,
    opts: RunOptions,
    run_id: str,
    steps: list[AgentStep],
    usage: Usage,
    messages: list[Message],
    text: str = "",
) -> AsyncIterator[StreamItem]:
    """End the run because a processor aborted: ``tripwire`` set, finish reason ``other``,
    nothing stored in memory (as Mastra 1.71: the text is what the model had answered when an
    output processor aborted, empty when an input processor did)."""
    yield TripwireEvent(exc.reason, exc.processor_id)
    result = AgentResult(
        text=text,
        steps=steps,
        usage=usage,
        finish_reason="other",
        messages=messages,
        run_id=run_id,
        thread_id=opts.thread_id,
        resource_id=opts.resource_id,
        tripwire=True,
        tripwire_reason=exc.reason,
        tripwire_details={
            "processor_id": exc.processor_id,
            "retry": exc.retry,
            "metadata": exc.metadata,
        },
    )
    if opts.on_finish is not None:
        await _maybe_await(opts.on_finish(result))
    yield FinishEvent(result)


def _user_first(conversation: list[Message]) -> list[Message]:
    """The prompt for one model call. Like Mastra (its Gemini-compatibility step, run for every
    provider), a conversation whose first non-system message is the assistant's (memory's
    window cut the user turn off) gets a user message ``"."`` before it; nothing is stored."""
    prompt = list(conversation)
    first = next((i for i, m in enumerate(prompt) if m.role != "system"), None)
    if first is not None and prompt[first].role == "assistant":
        prompt.insert(first, Message(role="user", content="."))
    return prompt


@dataclass(slots=True)
class _ToolRunContext:
    agent: Agent
    opts: RunOptions
    run_id: str
    messages: list[Message]
    trace: telemetry.SpanHandle
    model_id: str = ""


def _trace_response(span: telemetry.SpanHandle, response: ModelResponse) -> None:
    if not span.recording:
        return
    span.set_many(
        {
            "gen_ai.response.model": response.model_id,
            "gen_ai.response.finish_reasons": response.finish_reason,
            "gen_ai.usage.input_tokens": response.usage.prompt_tokens,
            "gen_ai.usage.output_tokens": response.usage.completion_tokens,
            "lumosai.tool_calls": len(response.tool_calls),
        }
    )
    span.record_output(response.text)


async def _execute_calls(
    calls: list[ToolCall], tools: dict[str, Tool], run: _ToolRunContext
) -> list[ToolResult]:
    if not calls:
        return []
    if len(calls) == 1:
        return [await _execute_call(calls[0], tools, run)]
    return list(await asyncio.gather(*(_execute_call(c, tools, run) for c in calls)))


async def _execute_call(call: ToolCall, tools: dict[str, Tool], run: _ToolRunContext) -> ToolResult:
    attrs = {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": call.name,
        "gen_ai.tool.call.id": call.id,
        "gen_ai.agent.name": run.agent.name,
    }
    with run.trace.child(f"execute_tool {call.name}", attrs) as span:
        span.record_input(call.args)
        result = await _run_tool_call(call, tools, run)
        if result.is_error:
            span.set("error.type", "tool_error")
            span.set("lumosai.error", str(result.result)[:500])
        else:
            span.record_output(result.result)
        return result


async def _run_tool_call(
    call: ToolCall, tools: dict[str, Tool], run: _ToolRunContext
) -> ToolResult:
    tool = tools.get(call.name)
    if tool is None:
        return ToolResult(
            id=call.id,
            name=call.name,
            result=f"Tool {call.name} not found. Available tools: {', '.join(sorted(tools)) or 'none'}",
            is_error=True,
            args=call.args,
        )
    if len(call.args) == 1 and INVALID_ARGS_KEY in call.args:
        return ToolResult(
            id=call.id,
            name=call.name,
            result=f"Invalid arguments for tool {call.name}: not a JSON object: "
            f"{str(call.args[INVALID_ARGS_KEY])[:500]}",
            is_error=True,
            args=call.args,
        )
    if run.agent.tool_errors is not None:  # Mastra 0.x checks the arguments first
        rejected = run.agent.tool_errors.check_call(
            tool, call.name, call.args, run.agent.model, run.model_id
        )
        if rejected is not None:
            return ToolResult(id=call.id, name=call.name, result=rejected, args=call.args)
    arguments = (
        call.args
        if run.agent.tool_errors is None  # Mastra 1.x: the OpenAI layer's null -> undefined
        else run.agent.tool_errors.prepare_args(tool, call.args, run.agent.model)
    )
    context = ToolExecutionContext(
        thread_id=run.opts.thread_id,
        resource_id=run.opts.resource_id,
        run_id=run.run_id,
        tool_call_id=call.id,
        messages=run.messages,
        runtime_context=run.opts.runtime_context,
        abort_signal=run.opts.abort_signal,
        app=run.agent.app,
        agent=run.agent,
    )
    timeout = run.agent.tool_timeout
    try:
        if timeout:
            value = await asyncio.wait_for(tool.execute(arguments, context), timeout)
        else:
            value = await tool.execute(arguments, context)
    except ToolSuspended as suspended:  # the run waits for it (see _suspended_calls)
        return ToolResult(id=call.id, name=call.name, result=suspended, args=call.args)
    except TimeoutError:
        return ToolResult(
            id=call.id,
            name=call.name,
            result=f"Tool {call.name} timed out after {timeout} seconds",
            is_error=True,
            args=call.args,
        )
    except Exception as exc:
        style = run.agent.tool_errors
        if style is not None and style.reports_errors:  # Mastra 0.x: the error object
            result = style.result(exc, args=call.args, model_id=run.model_id)
            return ToolResult(id=call.id, name=call.name, result=result, args=call.args)
        return ToolResult(
            id=call.id,
            name=call.name,
            result=model_error(exc, call.name),  # Mastra 1.x's words (agent/tool_errors.py)
            is_error=True,
            args=call.args,
        )
    result = to_jsonable(value)
    shown = None if tool.to_model_output is None else model_content(tool.to_model_output(result))
    return ToolResult(id=call.id, name=call.name, result=result, args=call.args, model_output=shown)


def _memory_without_thread(config: Any) -> bool:
    """Memory takes part in a call without a thread (imported late: an agent without memory
    must not load lumosai.memory)."""
    from lumosai.memory.memory import acts_without_thread

    return acts_without_thread(config)


def _output_spec(output: Any) -> tuple[Any, OutputSpec | None]:
    """``output`` may be a pydantic model class or a JSON schema dict."""
    if output is None:
        return None, None
    if isinstance(output, dict):
        return None, OutputSpec(json_schema=output, name=str(output.get("title") or "output"))
    schema_fn = getattr(output, "model_json_schema", None)
    if schema_fn is None:
        raise TypeError(
            f"output must be a pydantic model class or a JSON schema dict, got {output!r}"
        )
    own_doc = output.__dict__.get("__doc__") if isinstance(output, type) else None
    return output, OutputSpec(
        json_schema=schema_fn(),
        name=getattr(output, "__name__", "output"),
        description=inspect.cleandoc(own_doc) if own_doc else None,
    )


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def _parse_output(response: ModelResponse, output_model: Any, agent_name: str) -> Any:
    data = response.object
    if data is None:
        text = response.text
        fenced = _FENCE.match(text)
        if fenced:
            text = fenced.group(1)
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise StructuredOutputError(
                f"agent {agent_name!r}: the model's answer is not JSON for the requested output "
                f"({exc}); answer was: {response.text[:200]!r}"
            ) from None
    if output_model is None:
        return data
    try:
        return output_model.model_validate(data)
    except Exception as exc:
        raise StructuredOutputError(
            f"agent {agent_name!r}: the model's answer does not match "
            f"{getattr(output_model, '__name__', 'the output schema')}: {exc}"
        ) from None


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value
