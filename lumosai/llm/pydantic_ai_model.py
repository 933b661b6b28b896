"""Provider models: our ``Model`` over a pydantic-ai model class (no hand-written provider HTTP).

Imported only when a provider model is first used, so ``import lumosai`` stays light. Converts
our ``Message``s to pydantic-ai ``ModelMessage``s and back, maps settings and tool choice, and
keeps tool JSON schemas exactly as the tools declare them (pydantic-ai would otherwise rewrite
them for OpenAI strict mode and drop titles).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

from pydantic_ai import messages as pm
from pydantic_ai.direct import model_request, model_request_stream
from pydantic_ai.models import Model as PAIModel
from pydantic_ai.models import ModelRequestParameters
from pydantic_ai.output import OutputObjectDefinition
from pydantic_ai.settings import ModelSettings
from pydantic_ai.tools import ToolDefinition

from lumosai.llm.loop_guard import ClosedAtLoopShutdown
from lumosai.llm.messages import Message, ToolCall, Usage
from lumosai.llm.model import (
    FinishReason,
    Model,
    ModelError,
    ModelRequest,
    ModelResponse,
    StreamChunk,
)
from lumosai.types import js_numbers

_DIRECT_SETTINGS = {
    "temperature",
    "max_tokens",
    "top_p",
    "top_k",
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
    "timeout",
    "parallel_tool_calls",
    "extra_headers",
    "extra_body",
    "service_tier",
}
_FINISH: dict[str | None, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "content_filter": "content-filter",
    "tool_call": "tool-calls",
    "error": "error",
    None: "stop",
}
_OUTPUT_TOOL = "final_result"


class PydanticAIModel(Model):
    """Wraps a pydantic-ai ``Model`` (built lazily by ``factory`` on first use)."""

    def __init__(
        self,
        model: PAIModel | Callable[[], PAIModel],
        *,
        provider: str | None = None,
        model_id: str | None = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self._fixed: PAIModel | None = (
            _keep_tool_schemas(model) if isinstance(model, PAIModel) else None
        )
        self._factory = None if isinstance(model, PAIModel) else model
        self._per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopModel] = (
            weakref.WeakKeyDictionary()
        )
        self.provider = provider or (self._fixed.system if self._fixed else "custom")
        self.model_id = model_id or (self._fixed.model_name if self._fixed else "model")
        self.settings = dict(settings or {})

    @property
    def pydantic_ai_model(self) -> PAIModel:
        """The pydantic-ai model (a fresh one per call outside an event loop)."""
        if self._fixed is not None:
            return self._fixed
        assert self._factory is not None
        try:
            entry = self._per_loop.get(asyncio.get_running_loop())
        except RuntimeError:
            entry = None
        return entry.model if entry is not None else _keep_tool_schemas(self._factory())

    async def _loop_model(self) -> PAIModel:
        """The pydantic-ai model for the running event loop.

        HTTP clients are bound to the loop they were first used on, so each loop gets its own
        model, whose client is closed when that loop shuts down (``generate_sync`` called
        twice, one loop per test).
        """
        if self._fixed is not None:
            return self._fixed
        assert self._factory is not None
        loop = asyncio.get_running_loop()
        entry = self._per_loop.get(loop)
        if entry is None:
            entry = _LoopModel(_keep_tool_schemas(self._factory()))
            self._per_loop[loop] = entry
            await entry.arm()
        return entry.model

    async def aclose(self) -> None:
        """Close the HTTP client used on the running loop (optional; done at loop shutdown)."""
        try:
            entry = self._per_loop.pop(asyncio.get_running_loop(), None)
        except RuntimeError:
            return
        if entry is not None:
            await entry.close()

    async def request(self, request: ModelRequest) -> ModelResponse:
        model = await self._loop_model()
        messages, settings, params = self._prepare(request, model)
        try:
            response = await model_request(
                model, messages, model_settings=settings, model_request_parameters=params
            )
        except Exception as exc:
            raise self._error(exc) from exc
        return self._convert(response, request)

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamChunk]:
        model = await self._loop_model()
        messages, settings, params = self._prepare(request, model)
        try:
            async with model_request_stream(
                model, messages, model_settings=settings, model_request_parameters=params
            ) as streamed:
                async for event in streamed:
                    delta = _text_delta(event)
                    if delta:
                        yield delta
                final = streamed.get()
        except Exception as exc:
            raise self._error(exc) from exc
        yield self._convert(final, request)

    # conversion -----------------------------------------------------------------------
    def _prepare(
        self, request: ModelRequest, model: PAIModel
    ) -> tuple[list[pm.ModelMessage], ModelSettings, ModelRequestParameters]:
        settings = _settings({**self.settings, **request.settings})
        choice = request.tool_choice
        if choice is not None:
            if isinstance(choice, dict):
                settings["tool_choice"] = [choice["tool_name"]]
            elif choice in ("auto", "none", "required"):
                settings["tool_choice"] = choice  # type: ignore[typeddict-item]
        tools = [
            ToolDefinition(
                name=t["name"],
                parameters_json_schema=t["parameters"],
                description=t.get("description") or None,
                strict=False,
            )
            for t in request.tools
        ]
        params = ModelRequestParameters(function_tools=tools)
        if request.output is not None:
            spec = request.output
            if model.profile.get("supports_json_schema_output", False):
                params = replace(
                    params,
                    output_mode="native",
                    output_object=OutputObjectDefinition(
                        json_schema=spec.json_schema, name=spec.name, description=spec.description
                    ),
                )
            else:
                params = replace(
                    params,
                    output_mode="tool",
                    output_tools=[
                        ToolDefinition(
                            name=_OUTPUT_TOOL,
                            parameters_json_schema=spec.json_schema,
                            description=spec.description or f"Return the final {spec.name}",
                            kind="output",
                        )
                    ],
                    allow_text_output=False,
                )
        return to_model_messages(request.messages), settings, params

    def _convert(self, response: pm.ModelResponse, request: ModelRequest) -> ModelResponse:
        texts: list[str] = []
        calls: list[ToolCall] = []
        obj: Any = None
        for part in response.parts:
            if isinstance(part, pm.TextPart):
                texts.append(part.content)
            elif isinstance(part, pm.ToolCallPart):
                if request.output is not None and part.tool_name == _OUTPUT_TOOL:
                    obj = part.args_as_dict()
                    texts.append(json.dumps(obj))
                else:
                    calls.append(
                        ToolCall(
                            id=part.tool_call_id, name=part.tool_name, args=part.args_as_dict()
                        )
                    )
        usage = response.usage
        prompt = int(getattr(usage, "input_tokens", 0) or 0)
        completion = int(getattr(usage, "output_tokens", 0) or 0)
        if calls:
            finish: FinishReason = "tool-calls"
        elif obj is not None:
            finish = "stop"  # the output tool call is the answer, not a tool step
        else:
            finish = _FINISH.get(response.finish_reason, "other")
        return ModelResponse(
            text="".join(texts),
            tool_calls=calls,
            finish_reason=finish,
            usage=Usage(prompt, completion, prompt + completion),
            object=obj,
            model_id=response.model_name or self.model_id,
        )

    def _error(self, exc: Exception) -> ModelError:
        if isinstance(exc, ModelError):
            return exc
        status = getattr(exc, "status_code", None)
        body = getattr(exc, "body", None)
        detail = str(exc) or type(exc).__name__
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            detail = body["message"]
        if status is not None:
            message = f"{self.provider}/{self.model_id}: HTTP {status}: {detail}"
        else:
            message = f"{self.provider}/{self.model_id}: {type(exc).__name__}: {detail}"
        return ModelError(
            message, provider=self.provider, model=self.model_id, status=status, body=body
        )


class _LoopModel(ClosedAtLoopShutdown):
    """A pydantic-ai model whose HTTP client is closed when its event loop shuts down."""

    def __init__(self, model: PAIModel) -> None:
        super().__init__()
        self.model = model
        self._closed = False

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        client = getattr(self.model, "client", None)
        close = getattr(client, "close", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()


def _keep_tool_schemas(model: PAIModel) -> PAIModel:
    """Stop the profile's JSON-schema transformer from rewriting function tool schemas."""
    original = model.customize_request_parameters

    def customize(params: ModelRequestParameters) -> ModelRequestParameters:
        customized = original(params)
        return replace(customized, function_tools=params.function_tools)

    model.customize_request_parameters = customize  # type: ignore[method-assign, assignment]
    return model


def _settings(values: dict[str, Any]) -> ModelSettings:
    settings: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key == "stop":
            settings["stop_sequences"] = [value] if isinstance(value, str) else list(value)
        elif key in ("stop_sequences", *_DIRECT_SETTINGS):
            settings[key] = value
        else:
            extra[key] = value
    if extra:
        body = dict(settings.get("extra_body") or {})
        body.update(extra)
        settings["extra_body"] = body
    return settings  # type: ignore[return-value]


def to_model_messages(messages: list[Message]) -> list[pm.ModelMessage]:
    """Our messages -> pydantic-ai's request/response sequence."""
    out: list[pm.ModelMessage] = []
    parts: list[pm.ModelRequestPart] = []
    for message in messages:
        if message.role == "system":
            parts.append(pm.SystemPromptPart(message.content))
        elif message.role == "user":
            parts.append(pm.UserPromptPart(message.content))
        elif message.role == "tool":
            for res in message.tool_results:
                parts.append(
                    pm.ToolReturnPart(
                        tool_name=res.name,
                        content=js_numbers(
                            res.result if res.model_output is None else res.model_output
                        ),
                        tool_call_id=res.id,
                    )
                )
        else:
            if parts:
                out.append(pm.ModelRequest(parts=parts))
                parts = []
            response_parts: list[pm.ModelResponsePart] = []
            if message.content:
                response_parts.append(pm.TextPart(message.content))
            response_parts.extend(
                pm.ToolCallPart(tool_name=c.name, args=c.args, tool_call_id=c.id)
                for c in message.tool_calls
            )
            out.append(pm.ModelResponse(parts=response_parts or [pm.TextPart("")]))
    if parts:
        out.append(pm.ModelRequest(parts=parts))
    return out


def _text_delta(event: Any) -> str:
    if isinstance(event, pm.PartStartEvent) and isinstance(event.part, pm.TextPart):
        return event.part.content
    if isinstance(event, pm.PartDeltaEvent) and isinstance(event.delta, pm.TextPartDelta):
        return event.delta.content_delta
    return ""
