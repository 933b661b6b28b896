"""``Agent({...})`` with Mastra's keys and ``generate``/``stream`` options of both eras; a
subclass of ``lumosai.Agent``, so it registers in a ``LumosApp``, becomes a workflow step or a
tool, and mixes with native agents.

Called Mastra-style (``generate(messages)`` or ``generate(messages, {...})``) it returns Mastra
1.x shapes; called with native keyword arguments (``generate(msgs, runtime_context=...)``) or an
``AgentGenerateOptions`` it behaves exactly like the native agent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from lumosai.agent.agent import Agent as NativeAgent
from lumosai.agent.agent import AgentGenerateOptions
from lumosai.agent.loop import StructuredOutputError
from lumosai.agent.result import AgentResult, AgentStep
from lumosai.agent.runtime_context import RuntimeContext as NativeRuntimeContext
from lumosai.compat.mastra.context import RequestContext, with_mastra
from lumosai.compat.mastra.delegation import SubAgentTool, WorkflowTool
from lumosai.compat.mastra.providers import to_model
from lumosai.compat.mastra.results import MastraObject, full_output, legacy_output, step_of
from lumosai.compat.mastra.schemas import json_schema_of, parse
from lumosai.compat.mastra.signature import call_inline
from lumosai.compat.mastra.stream import MastraStream
from lumosai.compat.mastra.tools import createTool, mastra_of
from lumosai.compat.mastra.zod import ZodError
from lumosai.llm.messages import Message
from lumosai.tool.base import Tool

log = logging.getLogger("lumosai.compat.mastra")

_AGENT_KEYS = {
    "id",
    "name",
    "description",
    "instructions",
    "model",
    "tools",
    "memory",
    "agents",
    "workflows",
    "defaultOptions",
    "defaultGenerateOptions",
    "defaultStreamOptions",
    "defaultVNextStreamOptions",
    "defaultGenerateOptionsLegacy",
    "defaultStreamOptionsLegacy",
    "metadata",
    "maxRetries",
    "inputProcessors",
    "outputProcessors",
}
_IGNORED_KEYS = {
    "scorers",
    "evals",
    "voice",
    "hooks",
    "requestContextSchema",
    "mastra",
    "telemetry",
    "durable",
    "skills",
    "workspace",
    "channels",
    "signals",
    "backgroundTasks",
    "editor",
}
_SETTINGS = {
    "temperature": "temperature",
    "maxOutputTokens": "max_tokens",
    "maxTokens": "max_tokens",
    "topP": "top_p",
    "topK": "top_k",
    "presencePenalty": "presence_penalty",
    "frequencyPenalty": "frequency_penalty",
    "stopSequences": "stop",
    "seed": "seed",
}


class Agent(NativeAgent):
    """``Agent({"id", "name", "instructions", "model", "tools", "agents", "workflows",
    "memory", "defaultOptions", ...})`` (or the same as keyword arguments)."""

    def __init__(self, config: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        cfg = {**(config or {}), **kwargs}
        unknown = set(cfg) - _AGENT_KEYS - _IGNORED_KEYS
        if unknown:
            raise ValueError(
                f"Agent({cfg.get('id') or cfg.get('name')!r}): unknown option(s) "
                f"{sorted(unknown)}; known: {sorted(_AGENT_KEYS | _IGNORED_KEYS)}"
            )
        ignored = sorted(k for k in set(cfg) & _IGNORED_KEYS if cfg[k])
        name = cfg.get("name") or cfg.get("id")
        if ignored:
            log.info(
                "Agent %r: options %s are accepted but have no effect in lumosai", name, ignored
            )
        if not isinstance(name, str) or not name:
            raise ValueError("Agent needs a 'name' (1.x: 'id' and 'name')")
        self._mastra: Any = None
        self.subAgents: dict[str, Any] = dict(cfg.get("agents") or {})
        self.subWorkflows: dict[str, Any] = dict(cfg.get("workflows") or {})
        self.defaultOptions: dict[str, Any] = dict(
            cfg.get("defaultOptions") or cfg.get("defaultGenerateOptions") or {}
        )
        self.defaultStreamOptions: dict[str, Any] = dict(
            cfg.get("defaultStreamOptions")
            or cfg.get("defaultVNextStreamOptions")
            or cfg.get("defaultOptions")
            or {}
        )
        self.defaultLegacyOptions: dict[str, Any] = dict(
            cfg.get("defaultGenerateOptionsLegacy") or cfg.get("defaultGenerateOptions") or {}
        )
        memory = cfg.get("memory")
        self.mastraMemory = memory
        memory_config, storage = _memory_parts(memory)
        super().__init__(
            name=name,
            id=cfg.get("id") or name,
            description=cfg.get("description"),
            instructions=self._instructions(cfg.get("instructions", "")),
            model=self._model(cfg.get("model")),
            tools=self._tools(cfg.get("tools")),
            memory_config=memory_config,
            storage=storage,
            metadata=cfg.get("metadata"),
            # lumosai.processors (compat shapes in lumosai.compat.mastra.processors)
            input_processors=self._processors(cfg.get("inputProcessors")),
            output_processors=self._processors(cfg.get("outputProcessors")),
            memory_processors=getattr(memory, "processors", None),
        )

    def _processors(self, value: Any) -> Any:
        return self._dynamic(value, list) if callable(value) else value

    # -- construction helpers: Mastra dynamic arguments receive the request context, which
    # also answers to ``.requestContext`` / ``.runtimeContext`` / ``.mastra``
    def _dynamic(self, fn: Callable[..., Any], convert: Callable[[Any], Any]) -> Callable[..., Any]:
        agent = self

        async def resolve(ctx: NativeRuntimeContext) -> Any:
            return convert(await call_inline(fn, with_mastra(ctx, agent._mastra)))

        resolve.__name__ = getattr(fn, "__name__", "dynamic")
        return resolve

    def _instructions(self, value: Any) -> Any:
        if callable(value):
            return self._dynamic(value, _instructions_text)
        return _instructions_text(value)

    def _model(self, value: Any) -> Any:
        if value is None:
            raise ValueError("Agent needs a model")
        model = to_model(value, where=f"agent {self.__dict__.get('name', '')} model")
        if callable(model) and not hasattr(model, "request"):
            return self._dynamic(model, _ModelCache())
        return model

    def _tools(self, value: Any) -> Any:
        if value is None:
            return {}
        if callable(value) and not isinstance(value, Tool | Mapping):
            return self._dynamic(value, _tool_dict)
        return _tool_dict(value)

    # -- native hooks -----------------------------------------------------------------------
    async def resolve_tools(self, ctx: NativeRuntimeContext) -> dict[str, Tool]:
        tools = await super().resolve_tools(ctx)
        for key, agent in self.subAgents.items():
            tools.setdefault(f"agent-{key}", SubAgentTool(key, agent, self))
        for key, workflow in self.subWorkflows.items():
            tools.setdefault(f"workflow-{key}", WorkflowTool(key, workflow))
        call = getattr(ctx, "_call", None) or {}
        for name, tool in (call.get("extra_tools") or {}).items():
            tools[name] = tool
        active = call.get("active_tools")
        if active is not None:
            tools = {k: v for k, v in tools.items() if k in active}
        return tools

    def get_memory(self) -> Any:
        given = self.mastraMemory
        if given is not None and hasattr(given, "native_for"):  # compat Memory
            return given.native_for(self.storage)
        if given is not None and hasattr(given, "prepare"):  # a native lumosai Memory
            return given
        return super().get_memory()

    def bind_app(self, app: Any) -> None:
        """Registered in a ``LumosApp``/``Mastra``: so are its sub-agents and workflows that
        belong to no app yet (their tools and steps then see ``mastra`` too)."""
        super().bind_app(app)
        mastra = mastra_of(app)
        if mastra is not None:
            self._mastra = mastra
        for member in [*self.subAgents.values(), *self.subWorkflows.values()]:
            if getattr(member, "app", False) is None:
                bind = getattr(member, "bind_app", None) or getattr(member, "attach", None)
                if callable(bind):
                    bind(app)

    # -- Mastra getters ---------------------------------------------------------------------
    def getDescription(self) -> str:
        return self.description or ""

    async def getInstructions(self, options: Mapping[str, Any] | None = None) -> Any:
        return await self.resolve_instructions(self._request_context(options))

    async def getModel(self, options: Mapping[str, Any] | None = None) -> Any:
        return await self.resolve_model(self._request_context(options))

    getLLM = getModel

    async def listTools(self, options: Mapping[str, Any] | None = None) -> dict[str, Tool]:
        return await super().resolve_tools(self._request_context(options))

    getTools = listTools

    async def listAgents(self, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return dict(self.subAgents)

    async def listWorkflows(self, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return dict(self.subWorkflows)

    getWorkflows = listWorkflows

    async def getMemory(self, options: Mapping[str, Any] | None = None) -> Any:
        return self.mastraMemory if self.mastraMemory is not None else self.get_memory()

    def hasOwnMemory(self) -> bool:
        return self.mastraMemory is not None

    def getMastraInstance(self) -> Any:
        return self._mastra

    def _request_context(self, options: Mapping[str, Any] | None) -> RequestContext:
        options = options or {}
        rc = options.get("requestContext", options.get("runtimeContext"))
        return with_mastra(rc, self._mastra)

    # -- running ----------------------------------------------------------------------------
    async def generate(  # type: ignore[override]
        self, messages: Any, options: Any = None, **kwargs: Any
    ) -> Any:
        """Mastra ``generate(messages, {...})`` -> ``FullOutput``; native calls pass through."""
        if kwargs or isinstance(options, AgentGenerateOptions):
            return await super().generate(messages, options, **kwargs)
        call = _Call(self, options, self.defaultOptions)
        return await call.generate(messages, legacy=False)

    generateVNext = generate

    async def generateLegacy(self, messages: Any, options: Mapping[str, Any] | None = None) -> Any:
        """AI SDK v4 shapes (``usage.promptTokens``, flat ``toolCalls``), as 0.x ``generate``."""
        call = _Call(self, options, self.defaultLegacyOptions)
        return await call.generate(messages, legacy=True)

    def stream(self, messages: Any, options: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        """Mastra ``stream(messages, {...})``: ``textStream``, ``fullStream``, awaitable
        ``text``/``object``/``usage``...; ``await agent.stream(...)`` works too."""
        if kwargs or isinstance(options, AgentGenerateOptions):
            return super().stream(messages, options, **kwargs)
        call = _Call(self, options, self.defaultStreamOptions)
        return call.stream(messages, legacy=False)

    streamVNext = stream

    def streamLegacy(self, messages: Any, options: Mapping[str, Any] | None = None) -> Any:
        call = _Call(self, options, self.defaultLegacyOptions)
        return call.stream(messages, legacy=True)

    async def resumeGenerate(
        self, resumeData: Any = None, options: Mapping[str, Any] | None = None
    ) -> Any:
        """Mastra 1.x ``resumeGenerate(resumeData, {runId, toolCallId?})`` -> ``FullOutput``:
        the run that ended ``suspended`` goes on (native ``resume_generate``)."""
        call = _Call(self, options, {})
        run_id = call.opts.get("runId")
        if not run_id:
            raise ValueError(f"agent {self.name!r}: resumeGenerate needs options.runId")
        context = None
        if call.opts.get("requestContext", call.opts.get("runtimeContext")) is not None:
            context = call.native_kwargs()["runtime_context"]
        result = await NativeAgent.resume_generate(
            self,
            resumeData,
            run_id=str(run_id),
            tool_call_id=call.opts.get("toolCallId"),
            runtime_context=context,
        )
        output = call.finish(result, legacy=False)
        await call.finished(output)
        return output

    async def approveToolCallGenerate(self, options: Mapping[str, Any]) -> Any:
        """``resumeGenerate({approved: true}, options)``, as Mastra 1.x."""
        return await self.resumeGenerate({"approved": True}, options)

    async def declineToolCallGenerate(self, options: Mapping[str, Any]) -> Any:
        """``resumeGenerate({approved: false, reason?}, options)``, as Mastra 1.x."""
        rest = {k: v for k, v in options.items() if k != "reason"}
        decision: dict[str, Any] = {"approved": False}
        if options.get("reason") is not None:
            decision["reason"] = options["reason"]
        return await self.resumeGenerate(decision, rest)

    def native_stream(self, messages: Any, **kwargs: Any) -> Any:
        return NativeAgent.stream(self, messages, **kwargs)

    async def native_generate(self, messages: Any, **kwargs: Any) -> AgentResult:
        return await NativeAgent.generate(self, messages, **kwargs)

    def __repr__(self) -> str:
        return f"Agent(id={self.id!r}, name={self.name!r})"


class _Call:
    """One ``generate``/``stream`` call: Mastra options turned into native arguments, and the
    native result turned back into Mastra's shape."""

    def __init__(self, agent: Agent, options: Any, defaults: Mapping[str, Any]) -> None:
        if options is not None and not isinstance(options, Mapping):
            raise TypeError(
                f"agent {agent.name!r}: options must be a dict of Mastra options, got "
                f"{type(options).__name__}"
            )
        self.agent = agent
        self.opts: dict[str, Any] = {**defaults, **(options or {})}
        for key in ("modelSettings", "providerOptions"):  # merged one level deep
            if isinstance(defaults.get(key), Mapping) and isinstance(
                (options or {}).get(key), Mapping
            ):
                self.opts[key] = {**defaults[key], **options[key]}  # type: ignore[index]
        opts = self.opts
        structured = opts.get("structuredOutput")
        schema = None
        if isinstance(structured, Mapping):
            schema = structured.get("schema")
        for key in ("output", "experimental_output"):
            if schema is None and opts.get(key) is not None:
                schema = opts[key]
                structured = {"schema": schema}
        self.schema = schema
        self.structured: Mapping[str, Any] = structured if isinstance(structured, Mapping) else {}
        # fixed up front so stream chunks and step callbacks carry it from the start
        self.run_id = str(self.opts.get("runId") or uuid.uuid4())
        self.used_fallback = False

    def native_kwargs(self) -> dict[str, Any]:
        opts = self.opts
        agent = self.agent
        kwargs: dict[str, Any] = {}
        memory = opts.get("memory")
        thread = resource = None
        if isinstance(memory, Mapping):
            thread = memory.get("thread")
            if isinstance(thread, Mapping):
                thread = thread.get("id")
            resource = memory.get("resource")
        thread = thread or opts.get("threadId")
        resource = resource or opts.get("resourceId")
        if thread:
            kwargs["thread_id"] = str(thread)
        if resource:
            kwargs["resource_id"] = str(resource)
        if opts.get("maxSteps") is not None:
            kwargs["max_steps"] = int(opts["maxSteps"])
        kwargs["run_id"] = self.run_id
        if self.schema is not None:
            kwargs["output"] = json_schema_of(self.schema)
        if opts.get("toolChoice") is not None:
            kwargs["tool_choice"] = opts["toolChoice"]
        rc = with_mastra(opts.get("requestContext", opts.get("runtimeContext")), agent._mastra)
        call_rc = RequestContext()
        call_rc._values = rc._values
        call_rc._mastra = rc._mastra
        call_rc._call = {
            "extra_tools": _per_call_tools(opts),
            "active_tools": opts.get("activeTools"),
        }
        kwargs["runtime_context"] = call_rc
        settings: dict[str, Any] = {}
        for source in (opts, opts.get("modelSettings") or {}):
            for key, native in _SETTINGS.items():
                if source.get(key) is not None:
                    settings[native] = source[key]
        if settings:
            kwargs["model_settings"] = settings
        if opts.get("instructions") is not None:
            kwargs["instructions"] = _instructions_text(opts["instructions"])
        context = list(_context_messages(opts.get("context")))
        if opts.get("system"):
            context.insert(0, Message(role="system", content=_instructions_text(opts["system"])))
        if context:
            kwargs["context"] = context
        if opts.get("abortSignal") is not None:
            kwargs["abort_signal"] = opts["abortSignal"]
        return kwargs

    def callbacks(self, legacy: bool) -> dict[str, Any]:
        on_step = self.opts.get("onStepFinish")
        kwargs: dict[str, Any] = {}
        if on_step is not None:

            async def step_finished(step: AgentStep) -> None:
                await call_inline(on_step, step_of(step, self.run_id))

            kwargs["on_step_finish"] = step_finished
        return kwargs

    def finish(self, result: AgentResult, legacy: bool) -> MastraObject:
        value = self.structured_object(result)
        out = (
            legacy_output(result, object_value=value)
            if legacy
            else full_output(result, object_value=value, used_fallback=self.used_fallback)
        )
        return out

    async def finished(self, output: MastraObject) -> None:
        on_finish = self.opts.get("onFinish")
        if on_finish is not None:
            await call_inline(on_finish, output)

    def structured_object(self, result: AgentResult) -> Any:
        if self.schema is None:
            return None
        try:
            return parse(self.schema, result.object)
        except ZodError as err:
            return self.fallback(f"structured output does not match the schema: {err}")

    def fallback(self, problem: str) -> Any:
        strategy = self.structured.get("errorStrategy", "strict")
        if strategy == "fallback":
            self.used_fallback = True
            return self.structured.get("fallbackValue")
        if strategy == "warn":
            log.warning("agent %r: %s", self.agent.name, problem)
            return None
        raise StructuredOutputError(f"agent {self.agent.name!r}: {problem}")

    async def generate(self, messages: Any, *, legacy: bool) -> MastraObject:
        kwargs = {**self.native_kwargs(), **self.callbacks(legacy)}
        try:
            result = await self.agent.native_generate(_messages(messages), **kwargs)
        except StructuredOutputError as exc:
            if self.structured.get("errorStrategy", "strict") == "strict":
                raise
            value = self.fallback(str(exc))
            return _fallback_output(value, self.used_fallback)
        except Exception as exc:
            on_error = self.opts.get("onError")
            if on_error is not None:
                await call_inline(on_error, {"error": exc})
            raise
        output = self.finish(result, legacy)
        await self.finished(output)
        return output

    def stream(self, messages: Any, *, legacy: bool) -> MastraStream:
        kwargs = {**self.native_kwargs(), **self.callbacks(legacy)}
        native = self.agent.native_stream(_messages(messages), **kwargs)
        return MastraStream(
            self, native, kwargs["run_id"], legacy=legacy, on_chunk=self.opts.get("onChunk")
        )


class _ModelCache:
    """Models a dynamic ``model`` function returns, built once per distinct value (so one
    HTTP client per model, as the native agent does for strings)."""

    def __init__(self) -> None:
        self._models: dict[str, Any] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str | Mapping):
            key = repr(sorted(value.items())) if isinstance(value, Mapping) else value
            model = self._models.get(key)
            if model is None:
                model = self._models[key] = to_model(value)
            return model
        return to_model(value)


def _fallback_output(value: Any, used: bool) -> MastraObject:
    out = MastraObject(text="", object=value, usedFallbackValue=used, toolCalls=[], toolResults=[])
    out["finishReason"] = "stop"
    out["steps"] = []
    return out


def _messages(messages: Any) -> Any:
    """Mastra message shapes the native normaliser does not know: ``{role, content: parts}``
    is fine; ``MastraDBMessage`` (``content.parts``) is flattened to its text."""
    if isinstance(messages, list):
        return [_message(m) for m in messages]
    return _message(messages)


def _message(message: Any) -> Any:
    if isinstance(message, Mapping):
        content = message.get("content")
        if isinstance(content, Mapping) and "parts" in content:
            return {**message, "content": content["parts"]}
        if message.get("role") not in (None, "system", "user", "assistant", "tool"):
            return {**message, "role": "user"}
        return dict(message)
    return message


def _context_messages(value: Any) -> list[Message]:
    from lumosai.agent.inputs import to_messages

    if not value:
        return []
    return to_messages(_messages(list(value)))


def _instructions_text(value: Any) -> Any:
    """``str``, ``[str]``, ``{role: 'system', content}`` or a list of those -> str or list."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return str(value.get("content") or "")
    if isinstance(value, list | tuple):
        return [_instructions_text(v) for v in value]
    raise TypeError(f"instructions must be a string, a list or a system message, got {value!r}")


def _tool_dict(value: Any) -> dict[str, Any]:
    """``tools``: the key is the name the model sees. AI SDK tool dicts
    (``{description, parameters|inputSchema, execute}``) become ``createTool`` tools."""
    if value is None:
        return {}
    if isinstance(value, Tool):
        return {value.id: value}
    if isinstance(value, list | tuple):
        return {
            str(getattr(t, "id", None) or getattr(t, "__name__", None) or i): _tool(t, None)
            for i, t in enumerate(value)
        }
    if not isinstance(value, Mapping):
        raise TypeError(f"tools must be a dict {{name: tool}}, got {type(value).__name__}")
    return {str(k): _tool(v, str(k)) for k, v in value.items()}


def _tool(value: Any, key: str | None) -> Any:
    if isinstance(value, Mapping) and callable(value.get("execute")):
        return createTool(
            {
                "id": value.get("id") or key,
                "description": value.get("description", ""),
                "inputSchema": value.get("inputSchema", value.get("parameters")),
                "outputSchema": value.get("outputSchema"),
                "execute": value["execute"],
            }
        )
    return value


def _per_call_tools(opts: Mapping[str, Any]) -> dict[str, Any]:
    tools: dict[str, Any] = {}
    for toolset in (opts.get("toolsets") or {}).values():
        tools.update(_tool_dict(toolset))
    tools.update(_tool_dict(opts.get("clientTools")))
    from lumosai.agent.agent import _tool_dict as native_tool_dict

    return native_tool_dict("call", tools) if tools else {}


def _memory_parts(memory: Any) -> tuple[Any, Any]:
    """(memory_config, storage) for the native agent from a compat or native ``Memory``."""
    if memory is None:
        return None, None
    config = getattr(memory, "config", None)
    storage = getattr(memory, "storage", None)
    if config is None:
        raise TypeError(f"memory must be a Memory, got {type(memory).__name__}")
    return config, storage


__all__ = ["Agent"]
