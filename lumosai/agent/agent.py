"""``Agent``: instructions + model + tools (+ memory), run by the loop in ``loop.py``."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lumosai.agent.events import FinishEvent
from lumosai.agent.inputs import to_messages
from lumosai.agent.loop import RunOptions, Suspension, decide, resume_call, run_events
from lumosai.agent.result import AgentResult, AgentStep
from lumosai.agent.runtime_context import RuntimeContext
from lumosai.agent.stream import AgentStream
from lumosai.agent.tool_errors import MastraToolErrors
from lumosai.llm.messages import Message
from lumosai.llm.model import Model, ToolChoice
from lumosai.tool.base import Tool
from lumosai.tool.function import FunctionTool

if TYPE_CHECKING:
    from lumosai.agent.builder import AgentBuilder

ToolsArg = Sequence[Any] | Mapping[str, Any]
_SETTING_NAMES = (
    "temperature",
    "max_tokens",
    "top_p",
    "top_k",
    "stop",
    "seed",
    "presence_penalty",
    "frequency_penalty",
)


@dataclass(slots=True)
class AgentGenerateOptions:
    """Lumos ``AgentGenerateOptions``: the keyword arguments of ``generate`` as one object."""

    thread_id: str | None = None
    resource_id: str | None = None
    run_id: str | None = None
    #: None: the agent's default (``Agent(max_steps=...)``, else 5)
    max_steps: int | None = None
    instructions: str | None = None
    context: list[Message] = field(default_factory=list)
    output: Any = None
    tool_choice: ToolChoice | None = None
    runtime_context: RuntimeContext | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    abort_signal: asyncio.Event | None = None
    model_settings: dict[str, Any] | None = None
    output_schema: dict[str, Any] | None = None
    """A JSON schema for structured output (``output`` takes a pydantic model or a schema)."""
    llm_options: dict[str, Any] | None = None
    """Lumos ``LlmOptions``: more model settings, merged under ``model_settings``."""


class Agent:
    """An LLM agent.

    ``instructions``, ``tools`` and ``model`` may be callables of a ``RuntimeContext`` (sync or
    async), resolved on every call. A model string (``"openai/gpt-4o-mini"``) is resolved when
    the agent is built, so a missing API key fails here, not at the first call.
    ``temperature``, ``max_tokens``, ``top_p``, ``stop`` and ``model_settings`` are the default
    model settings; the same arguments of ``generate`` override them per call.
    """

    def __init__(
        self,
        *,
        name: str,
        instructions: str | Sequence[str] | Callable[[RuntimeContext], Any] = "",
        model: Model | str | Callable[[RuntimeContext], Any] | Any = None,
        tools: ToolsArg | Callable[[RuntimeContext], Any] | None = None,
        memory_config: Any = None,
        storage: Any = None,
        max_tool_calls: int | None = 10,
        max_steps: int | None = None,
        tool_timeout: float | None = 30,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        stop: list[str] | None = None,
        model_settings: dict[str, Any] | None = None,
        description: str | None = None,
        id: str | None = None,
        model_id: str | None = None,
        enable_function_calling: bool = True,
        context: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        working_memory: Any = None,
        voice_config: Any = None,
        voice: Any = None,
        telemetry: Any = None,
        app: Any = None,
        scorers: Mapping[str, Any] | None = None,
        input_processors: Sequence[Any] | Callable[[RuntimeContext], Any] | None = None,
        output_processors: Sequence[Any] | Callable[[RuntimeContext], Any] | None = None,
        memory_processors: Sequence[Any] | None = None,
        tool_errors: MastraToolErrors | None = None,
        input_processors_see_history: bool = False,
    ) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError("Agent needs a non-empty name")
        if model is None:
            raise ValueError(
                f"Agent {name!r} needs a model: a Model (e.g. openai('gpt-4o-mini')), "
                f"a 'provider/model' string, or a callable of the RuntimeContext"
            )
        if max_tool_calls is not None and max_tool_calls < 0:
            raise ValueError(f"Agent {name!r}: max_tool_calls must be >= 0")
        self.name = name
        self.id = id or name
        self.description = description
        self.instructions = _check_instructions(name, instructions)
        self.model = _prepare_model(name, model)
        self.model_id = model_id
        self.tools: dict[str, Tool] | Callable[[RuntimeContext], Any] = (
            tools if callable(tools) and not isinstance(tools, Tool) else _tool_dict(name, tools)
        )
        if working_memory is not None:
            memory_config = _with_working_memory(memory_config, working_memory)
        self.memory_config = memory_config
        self.storage = storage
        self.max_tool_calls = max_tool_calls
        #: model steps per generate when the call does not say (Mastra's defaultOptions.maxSteps)
        self.max_steps = max_steps
        self.tool_timeout = tool_timeout
        #: runs that ended `suspended`, by run id (see resume_generate, approve_tool_call_generate)
        self.suspended_runs: dict[str, Suspension] = {}
        # None: a failing tool is an error result with its message (Lumos, Mastra 1.x)
        self.tool_errors = tool_errors
        self.enable_function_calling = enable_function_calling
        self.context: dict[str, Any] = dict(context or {})
        self.metadata: dict[str, Any] = dict(metadata or {})
        self.voice_config = voice_config
        #: a lumosai.voice.Voice (``OpenAIVoice``): ``agent.voice.speak(text)``, ``.listen(audio)``
        self.voice = voice
        self.telemetry = telemetry
        self.app = app
        self.settings: dict[str, Any] = _settings(
            dict(model_settings or {}),
            temperature=temperature,
            max_tokens=max_tokens,
            top_p=top_p,
            stop=stop,
        )
        # lumosai.processors: Mastra's inputProcessors/outputProcessors (lists or functions of
        # the RuntimeContext), and 0.x memory processors applied to recalled history
        self.input_processors = _processor_list(input_processors)
        self.output_processors = _processor_list(output_processors)
        self.memory_processors = list(memory_processors or [])
        #: Mastra 1.x: memory runs as the first input processors, so every ``process_input``
        #: after them gets the remembered history followed by this call's input in
        #: ``args.messages`` (an LLM judge then checks the history too); False: the input
        #: only, history in ``args.history`` (Lumos, Mastra 0.x)
        self.input_processors_see_history = input_processors_see_history
        self._memory: Any = None
        self._resolved: dict[str, Model] = {}
        # Mastra's agent scorers: sampled, run in the background after each run (lumosai.evals)
        self.scorers: dict[str, Any] = {}
        self.score_log: Any = None
        if scorers:
            from lumosai.evals.attach import ScoreLog, as_attached

            self.scorers, self.score_log = as_attached(scorers), ScoreLog()

    # construction helpers -------------------------------------------------------------
    @staticmethod
    def builder() -> AgentBuilder:
        from lumosai.agent.builder import AgentBuilder

        return AgentBuilder()

    @staticmethod
    def quick(name: str, instructions: str) -> AgentBuilder:
        """A builder with Lumos's smart defaults; add ``.model(...)`` then ``.build()``."""
        from lumosai.agent.builder import AgentBuilder

        return AgentBuilder().name(name).instructions(instructions).enable_smart_defaults()

    # the Lumos trait's accessors ----------------------------------------------------------
    def get_name(self) -> str:
        return self.name

    def get_instructions(self) -> Any:
        return self.instructions

    def set_instructions(self, instructions: str) -> None:
        self.instructions = _check_instructions(self.name, instructions)

    def get_llm(self) -> Any:
        return self.model

    def get_tools(self) -> dict[str, Tool]:
        if callable(self.tools):
            raise TypeError(f"agent {self.name!r} has dynamic tools; call resolve_tools(context)")
        return dict(self.tools)

    def add_tool(self, tool: Any, name: str | None = None) -> None:
        if callable(self.tools) and not isinstance(self.tools, dict):
            raise TypeError(f"agent {self.name!r} has dynamic tools; cannot add one")
        as_tool = _as_tool(self.name, tool)
        self.tools[name or as_tool.id] = as_tool

    def remove_tool(self, name: str) -> bool:
        if isinstance(self.tools, dict):
            return self.tools.pop(name, None) is not None
        return False

    def bind_app(self, app: Any) -> None:
        """Called by ``LumosApp`` so tools see ``context.app``."""
        self.app = app

    def get_memory(self) -> Any:
        """The ``lumosai.memory.Memory`` of this agent (built once), or None without memory_config."""
        if self.memory_config is None:
            return None
        if self._memory is None:
            from lumosai.memory import Memory

            # storage None: Memory uses config.store_id, else the default SQLite file
            if self.memory_processors:
                self._memory = Memory(
                    self.memory_config, self.storage, processors=self.memory_processors
                )
            else:
                self._memory = Memory(self.memory_config, self.storage)
        return self._memory

    # dynamic arguments ----------------------------------------------------------------
    async def resolve_model(self, ctx: RuntimeContext) -> Model:
        if isinstance(self.model, Model):
            return self.model
        value = await _call_dynamic(self.model, ctx)
        if isinstance(value, str):
            # keep one Model (and so one HTTP client) per model string
            cached = self._resolved.get(value)
            if cached is None:
                cached = self._resolved[value] = _prepare_model(self.name, value, dynamic=True)
            return cached
        return _prepare_model(self.name, value, dynamic=True)

    async def resolve_instructions(self, ctx: RuntimeContext) -> str:
        value = self.instructions
        if callable(value):
            value = await _call_dynamic(value, ctx)
        if isinstance(value, list | tuple):
            return "\n\n".join(str(v) for v in value)
        return "" if value is None else str(value)

    async def resolve_tools(self, ctx: RuntimeContext) -> dict[str, Tool]:
        if isinstance(self.tools, dict):
            return dict(self.tools)
        return _tool_dict(self.name, await _call_dynamic(self.tools, ctx))

    # running --------------------------------------------------------------------------
    def _max_steps(self, asked: int | None) -> int:
        """The call's step limit, else the agent's default, else 5 (Mastra's default)."""
        if asked is not None:
            return asked
        return 5 if self.max_steps is None else self.max_steps

    def _options(
        self,
        messages: Any,
        options: AgentGenerateOptions | None,
        stream: bool,
        kwargs: dict[str, Any],
    ) -> RunOptions:
        if options is not None:
            merged = {
                "thread_id": options.thread_id,
                "resource_id": options.resource_id,
                "run_id": options.run_id,
                "max_steps": options.max_steps,
                "instructions": options.instructions,
                "context": options.context,
                "output": options.output if options.output is not None else options.output_schema,
                "tool_choice": options.tool_choice,
                "runtime_context": options.runtime_context,
                "temperature": options.temperature,
                "max_tokens": options.max_tokens,
                "abort_signal": options.abort_signal,
                "model_settings": {**(options.llm_options or {}), **(options.model_settings or {})},
            }
            merged.update({k: v for k, v in kwargs.items() if v is not None})
            kwargs = merged
        settings = dict(self.settings)
        settings.update(kwargs.get("model_settings") or {})
        settings = _settings(settings, **{k: kwargs.get(k) for k in _SETTING_NAMES})
        runtime_context = kwargs.get("runtime_context")
        if runtime_context is None:
            runtime_context = RuntimeContext(self.context)
        elif not isinstance(runtime_context, RuntimeContext):
            runtime_context = RuntimeContext(runtime_context)
        return RunOptions(
            messages=to_messages(messages),
            thread_id=kwargs.get("thread_id"),
            resource_id=kwargs.get("resource_id"),
            run_id=kwargs.get("run_id"),
            max_steps=self._max_steps(kwargs.get("max_steps")),
            output=kwargs.get("output"),
            tool_choice=kwargs.get("tool_choice"),
            runtime_context=runtime_context,
            settings=settings,
            instructions=kwargs.get("instructions"),
            context=to_messages(kwargs.get("context")),
            abort_signal=kwargs.get("abort_signal"),
            on_step_finish=kwargs.get("on_step_finish"),
            on_finish=kwargs.get("on_finish"),
            stream=stream,
            input_processors=_processor_list(kwargs.get("input_processors")),
            output_processors=_processor_list(kwargs.get("output_processors")),
            require_tool_approval=bool(kwargs.get("require_tool_approval")),
        )

    async def generate(
        self,
        messages: Any,
        options: AgentGenerateOptions | None = None,
        *,
        thread_id: str | None = None,
        resource_id: str | None = None,
        run_id: str | None = None,
        max_steps: int | None = None,
        output: Any = None,
        tool_choice: ToolChoice | None = None,
        runtime_context: RuntimeContext | Mapping[str, Any] | None = None,
        instructions: str | None = None,
        context: Any = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        stop: list[str] | None = None,
        seed: int | None = None,
        model_settings: dict[str, Any] | None = None,
        abort_signal: asyncio.Event | None = None,
        on_step_finish: Callable[[AgentStep], Any] | None = None,
        on_finish: Callable[[AgentResult], Any] | None = None,
        input_processors: Sequence[Any] | Callable[[RuntimeContext], Any] | None = None,
        output_processors: Sequence[Any] | Callable[[RuntimeContext], Any] | None = None,
        require_tool_approval: bool = False,
    ) -> AgentResult:
        """Run the agent on ``messages`` (a str, Message, dict, or list of those).

        A tool call that needs approval (``require_tool_approval``, or the tool's
        ``require_approval``) ends the run with ``finish_reason == "suspended"`` and a
        ``suspend_payload``; ``approve_tool_call_generate`` / ``decline_tool_call_generate``
        with the result's ``run_id`` go on from there."""
        opts = self._options(
            messages,
            options,
            False,
            {
                "thread_id": thread_id,
                "resource_id": resource_id,
                "run_id": run_id,
                "max_steps": max_steps,
                "output": output,
                "tool_choice": tool_choice,
                "runtime_context": runtime_context,
                "instructions": instructions,
                "context": context,
                "temperature": temperature,
                "max_tokens": max_tokens,
                "top_p": top_p,
                "stop": stop,
                "seed": seed,
                "model_settings": model_settings,
                "abort_signal": abort_signal,
                "on_step_finish": on_step_finish,
                "on_finish": on_finish,
                "input_processors": input_processors,
                "output_processors": output_processors,
                "require_tool_approval": require_tool_approval,
            },
        )
        return await self._run_to_result(opts)

    async def resume_generate(
        self,
        resume_data: Any = None,
        *,
        run_id: str,
        tool_call_id: str | None = None,
        runtime_context: RuntimeContext | Mapping[str, Any] | None = None,
    ) -> AgentResult:
        """Go on with a run that ended ``suspended`` (Mastra ``resumeGenerate(resumeData,
        {runId, toolCallId?})``): the waiting tool call (the first when ``tool_call_id`` is
        None) is called again with ``resume_data``, e.g. a ``workflow-<key>`` tool resumes its
        workflow run, whose outcome becomes the call's result, and the model goes on. A call
        waiting for approval takes ``{"approved": bool, "reason"?: str}``."""
        context = None
        if runtime_context is not None:
            context = (
                runtime_context
                if isinstance(runtime_context, RuntimeContext)
                else RuntimeContext(runtime_context)
            )
        return await self._run_to_result(
            await resume_call(self, run_id, tool_call_id, resume_data, context)
        )

    async def approve_tool_call_generate(
        self, run_id: str, tool_call_id: str | None = None
    ) -> AgentResult:
        """Run the tool call a suspended run waits for (the first one when ``tool_call_id`` is
        None) and go on with the run (Mastra ``approveToolCallGenerate``)."""
        return await self._run_to_result(await decide(self, run_id, tool_call_id, True, None))

    async def decline_tool_call_generate(
        self, run_id: str, tool_call_id: str | None = None, reason: str | None = None
    ) -> AgentResult:
        """Do not run it: the model gets ``reason`` (default: "Tool call was not approved by
        the user") in place of its result, and the run goes on (``declineToolCallGenerate``)."""
        return await self._run_to_result(await decide(self, run_id, tool_call_id, False, reason))

    async def _run_to_result(self, opts: RunOptions) -> AgentResult:
        result: AgentResult | None = None
        async for event in run_events(self, opts):
            if isinstance(event, FinishEvent):
                result = event.result
        assert result is not None
        return result

    generate_async = generate

    def stream(
        self,
        messages: Any,
        options: AgentGenerateOptions | None = None,
        *,
        thread_id: str | None = None,
        resource_id: str | None = None,
        run_id: str | None = None,
        max_steps: int | None = None,
        output: Any = None,
        tool_choice: ToolChoice | None = None,
        runtime_context: RuntimeContext | Mapping[str, Any] | None = None,
        instructions: str | None = None,
        context: Any = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        stop: list[str] | None = None,
        seed: int | None = None,
        model_settings: dict[str, Any] | None = None,
        abort_signal: asyncio.Event | None = None,
        on_step_finish: Callable[[AgentStep], Any] | None = None,
        on_finish: Callable[[AgentResult], Any] | None = None,
        input_processors: Sequence[Any] | Callable[[RuntimeContext], Any] | None = None,
        output_processors: Sequence[Any] | Callable[[RuntimeContext], Any] | None = None,
    ) -> AgentStream:
        """Like ``generate``, but returns an ``AgentStream`` of text deltas and events."""
        opts = self._options(
            messages,
            options,
            True,
            {
                "thread_id": thread_id,
                "resource_id": resource_id,
                "run_id": run_id,
                "max_steps": max_steps,
                "output": output,
                "tool_choice": tool_choice,
                "runtime_context": runtime_context,
                "instructions": instructions,
                "context": context,
                "temperature": temperature,
                "max_tokens": max_tokens,
                "top_p": top_p,
                "stop": stop,
                "seed": seed,
                "model_settings": model_settings,
                "abort_signal": abort_signal,
                "on_step_finish": on_step_finish,
                "on_finish": on_finish,
                "input_processors": input_processors,
                "output_processors": output_processors,
            },
        )
        return AgentStream(run_events(self, opts))

    def generate_sync(self, messages: Any, *args: Any, **kwargs: Any) -> AgentResult:
        """``generate`` for scripts without an event loop."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.generate(messages, *args, **kwargs))
        raise RuntimeError(
            "generate_sync() called inside a running event loop; use await agent.generate()"
        )

    async def generate_with_steps(
        self, messages: Any, max_steps: int, **kwargs: Any
    ) -> AgentResult:
        return await self.generate(messages, max_steps=max_steps, **kwargs)

    async def generate_simple(self, messages: Any, **kwargs: Any) -> str:
        return (await self.generate(messages, **kwargs)).text

    async def generate_structured(self, messages: Any, output: Any, **kwargs: Any) -> Any:
        return (await self.generate(messages, output=output, **kwargs)).object

    async def generate_with_memory(
        self, messages: Any, thread_id: str, options: AgentGenerateOptions | None = None
    ) -> AgentResult:
        return await self.generate(messages, options, thread_id=thread_id)

    async def generate_with_context(
        self, messages: Any, runtime_context: Any, **kwargs: Any
    ) -> AgentResult:
        return await self.generate(messages, runtime_context=runtime_context, **kwargs)

    def as_tool(
        self, name: str | None = None, description: str | None = None, version: str = "1.x"
    ) -> Tool:
        """This agent as a tool another agent can call (a prompt in, text out; Mastra 1.x's
        optional delegation options too, unless ``version="0.x"``)."""
        from lumosai.agent.agent_tool import AgentTool

        return AgentTool(self, name=name, description=description, version=version)

    def __repr__(self) -> str:
        return f"Agent(name={self.name!r}, model={self.model!r})"


def _with_working_memory(memory_config: Any, working_memory: Any) -> Any:
    """Lumos's separate ``working_memory`` argument folded into the memory config (a copy)."""
    from lumosai.memory import MemoryConfig

    base = memory_config if memory_config is not None else MemoryConfig()
    if base.working_memory is not None:
        return base
    return base.model_copy(update={"working_memory": working_memory})


def _check_instructions(name: str, instructions: Any) -> Any:
    if instructions is None or isinstance(instructions, str) or callable(instructions):
        return instructions or ""
    if isinstance(instructions, list | tuple) and all(isinstance(i, str) for i in instructions):
        return list(instructions)
    raise TypeError(
        f"Agent {name!r}: instructions must be a str, a list of str or a callable of the "
        f"RuntimeContext; got {type(instructions).__name__}"
    )


def _prepare_model(name: str, model: Any, *, dynamic: bool = False) -> Any:
    """Resolve strings now (clear errors at build time); keep Models and callables."""
    if isinstance(model, Model):
        return model
    if isinstance(model, str):
        from lumosai.llm.resolver import resolve_model

        return resolve_model(model)
    if _is_pydantic_ai_model(model):
        from lumosai.llm.pydantic_ai_model import PydanticAIModel

        return PydanticAIModel(model)
    if callable(model) and not dynamic:
        return model
    raise TypeError(
        f"Agent {name!r}: model must be a Model, a 'provider/model' string or a callable of the "
        f"RuntimeContext; got {type(model).__name__}"
    )


def _is_pydantic_ai_model(model: Any) -> bool:
    return any(
        c.__module__.startswith("pydantic_ai.models") and c.__name__ == "Model"
        for c in type(model).__mro__
    )


def _as_tool(agent_name: str, value: Any) -> Tool:
    if isinstance(value, Tool):
        return value
    if isinstance(value, Agent):
        return value.as_tool()
    if callable(value):
        return FunctionTool(value)
    raise TypeError(
        f"Agent {agent_name!r}: a tool must be a Tool, an @tool function or a plain function; "
        f"got {type(value).__name__}"
    )


def _tool_dict(agent_name: str, tools: Any) -> dict[str, Tool]:
    if tools is None:
        return {}
    if isinstance(tools, Mapping):
        return {str(key): _as_tool(agent_name, value) for key, value in tools.items()}
    if isinstance(tools, Tool) or callable(tools):
        tools = [tools]
    out: dict[str, Tool] = {}
    for value in tools:
        as_tool = _as_tool(agent_name, value)
        if as_tool.id in out:
            raise ValueError(f"Agent {agent_name!r}: two tools are named {as_tool.id!r}")
        out[as_tool.id] = as_tool
    return out


def _settings(base: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    for key, value in overrides.items():
        if value is not None:
            base[key] = value
    if isinstance(base.get("stop"), str):
        base["stop"] = [base["stop"]]
    return base


async def _call_dynamic(fn: Any, ctx: RuntimeContext) -> Any:
    if not callable(fn):
        return fn
    value = fn(ctx) if _accepts_argument(fn) else fn()
    if inspect.isawaitable(value):
        value = await value
    return value


def _accepts_argument(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in params
    )


def _processor_list(value: Any) -> Any:
    """None, a list of processors, or a function of the RuntimeContext returning one."""
    if value is None or (callable(value) and not isinstance(value, list | tuple)):
        return value
    return list(value)
