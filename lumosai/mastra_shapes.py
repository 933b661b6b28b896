"""Mastra-shaped framework objects: dicts whose keys also read as attributes.

Results, chunks, step parameters and tool contexts are these, so ported code reads
``res.toolCalls[0].payload.toolName`` as in TypeScript while the object stays a ``dict``
(JSON-serialisable, comparable to a literal). Data inside them (tool args, results, structured
objects) stays plain ``dict``/``list``. ``from`` is a Python keyword: read it as ``chunk["from"]``.
A missing key reads as ``None`` through attributes, as ``undefined`` does in TypeScript (and as
``lumosai.compat.node``'s ``JsObject`` does), and raises ``KeyError`` by index.
"""

from __future__ import annotations

from typing import Any


class MastraObject(dict[str, Any]):
    """A ``dict`` with attribute access to its keys (a JS plain object's two spellings)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


def obj(**values: Any) -> MastraObject:
    return MastraObject(values)


class MastraUsage(MastraObject):
    """Mastra usage keys, plus the native ``Usage`` attribute names for native callers."""

    __slots__ = ()

    @property
    def total_tokens(self) -> int:
        return int(self.get("totalTokens") or 0)

    @property
    def prompt_tokens(self) -> int:
        return int(self.get("inputTokens", self.get("promptTokens")) or 0)

    @property
    def completion_tokens(self) -> int:
        return int(self.get("outputTokens", self.get("completionTokens")) or 0)

    input_tokens = prompt_tokens
    output_tokens = completion_tokens


class AgentOutput(MastraObject):
    """``generate``'s Mastra-shaped result; attributes Mastra does not have (``tool_results``,
    ``finish_reason``, ``response`` as text...) fall back to the native ``AgentResult``
    (``.native``), so native code that calls a compat agent keeps working."""

    __slots__ = ("native",)

    def __getattr__(self, name: str) -> Any:
        if name in self:
            return self[name]
        native = object.__getattribute__(self, "native") if _has_native(self) else None
        if native is not None and not name.startswith("_") and hasattr(native, name):
            return getattr(native, name)
        return MastraObject.__getattr__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "native":
            object.__setattr__(self, name, value)
        else:
            self[name] = value


def _has_native(value: AgentOutput) -> bool:
    try:
        object.__getattribute__(value, "native")
    except AttributeError:
        return False
    return True


# -- agent results -------------------------------------------------------------------------
def usage_of(usage: Any) -> MastraObject:
    """Native ``Usage`` -> Mastra 1.x ``{inputTokens, outputTokens, totalTokens}``."""
    return MastraUsage(
        inputTokens=usage.prompt_tokens,
        outputTokens=usage.completion_tokens,
        totalTokens=usage.total_tokens,
        reasoningTokens=0,
        cachedInputTokens=0,
    )


def legacy_usage_of(usage: Any) -> MastraObject:
    """Native ``Usage`` -> AI SDK v4 ``{promptTokens, completionTokens, totalTokens}``."""
    return MastraUsage(
        promptTokens=usage.prompt_tokens,
        completionTokens=usage.completion_tokens,
        totalTokens=usage.total_tokens,
    )


def chunk(
    kind: str, run_id: str | None, payload: dict[str, Any], source: str = "AGENT"
) -> MastraObject:
    """A Mastra stream chunk ``{type, runId, from, payload}``."""
    return MastraObject(
        {"type": kind, "runId": run_id, "from": source, "payload": MastraObject(payload)}
    )


def tool_call_chunk(call: Any, run_id: str | None) -> MastraObject:
    return chunk(
        "tool-call", run_id, {"toolCallId": call.id, "toolName": call.name, "args": call.args}
    )


def tool_result_chunk(result: Any, run_id: str | None) -> MastraObject:
    payload: dict[str, Any] = {
        "args": result.args,
        "toolCallId": result.id,
        "toolName": result.name,
        "result": result.result,
    }
    if result.is_error:
        payload["isError"] = True
    return chunk("tool-result", run_id, payload)


def model_messages(messages: list[Any]) -> list[MastraObject]:
    """Native messages as AI SDK ``ModelMessage``s (content parts)."""
    out: list[MastraObject] = []
    for m in messages:
        if m.role == "tool":
            parts = [
                obj(
                    type="tool-result",
                    toolCallId=r.id,
                    toolName=r.name,
                    output=obj(type="error-json" if r.is_error else "json", value=r.result),
                )
                for r in m.tool_results
            ]
            out.append(obj(role="tool", content=parts))
        elif m.role == "assistant":
            content: list[MastraObject] = []
            if m.content:
                content.append(obj(type="text", text=m.content))
            content.extend(
                obj(type="tool-call", toolCallId=c.id, toolName=c.name, input=c.args)
                for c in m.tool_calls
            )
            out.append(obj(role="assistant", content=content))
        else:
            out.append(obj(role=m.role, content=m.content))
    return out


def step_of(step: Any, run_id: str | None) -> MastraObject:
    """Native ``AgentStep`` -> Mastra step."""
    return obj(
        stepType=step.step_type,
        text=step.text,
        reasoning=[],
        reasoningText=None,
        sources=[],
        files=[],
        content=[],
        toolCalls=[tool_call_chunk(c, run_id) for c in step.tool_calls],
        toolResults=[tool_result_chunk(r, run_id) for r in step.tool_results],
        finishReason=step.finish_reason,
        usage=usage_of(step.usage),
        warnings=[],
        request=obj(),
        response=obj(modelId=step.model_id),
    )


def full_output(
    result: Any, *, object_value: Any = None, used_fallback: bool = False
) -> MastraObject:
    """Native ``AgentResult`` -> Mastra 1.x ``FullOutput``."""
    run_id = result.run_id
    steps = [step_of(s, run_id) for s in result.steps]
    messages = model_messages(result.response_messages)
    out = AgentOutput(
        text=result.text,
        object=object_value,
        usedFallbackValue=used_fallback,
        toolCalls=[tool_call_chunk(c, run_id) for c in result.tool_calls],
        toolResults=[tool_result_chunk(r, run_id) for r in result.tool_results],
        usage=usage_of(result.usage),  # Mastra 1.71 reports the run's total here (observed)
        totalUsage=usage_of(result.usage),
        steps=steps,
        finishReason=result.finish_reason,
        warnings=[],
        providerMetadata=None,
        request=obj(),
        response=obj(
            id=run_id,
            modelId=result.steps[-1].model_id if result.steps else None,
            messages=messages,
            uiMessages=[],
        ),
        reasoning=[],
        reasoningText=None,
        sources=[],
        files=[],
        error=None,
        tripwire=_tripwire(result),
        traceId=None,
        spanId=None,
        runId=run_id,
        suspendPayload=getattr(result, "suspend_payload", None),  # finishReason suspended
        messages=model_messages(result.messages),
        rememberedMessages=[],
    )
    out.native = result
    return out


def legacy_output(result: Any, *, object_value: Any = None) -> MastraObject:
    """Native ``AgentResult`` -> AI SDK v4 ``GenerateTextResult`` (``generateLegacy``, 0.x)."""

    def calls(items: list[Any]) -> list[MastraObject]:
        return [obj(type="tool-call", toolCallId=c.id, toolName=c.name, args=c.args) for c in items]

    def results(items: list[Any]) -> list[MastraObject]:
        return [
            obj(type="tool-result", toolCallId=r.id, toolName=r.name, args=r.args, result=r.result)
            for r in items
        ]

    steps = [
        obj(
            stepType=s.step_type,
            text=s.text,
            toolCalls=calls(s.tool_calls),
            toolResults=results(s.tool_results),
            finishReason=s.finish_reason,
            usage=legacy_usage_of(s.usage),
        )
        for s in result.steps
    ]
    out = AgentOutput(
        text=result.text,
        object=object_value,
        toolCalls=calls(result.tool_calls),
        toolResults=results(result.tool_results),
        finishReason=result.finish_reason,
        usage=legacy_usage_of(result.usage),
        steps=steps,
        response=obj(id=result.run_id, messages=model_messages(result.response_messages)),
        runId=result.run_id,
        warnings=[],
        # 0.x: a processor's abort() as a flag and its reason
        tripwire=bool(getattr(result, "tripwire", False)),
        tripwireReason=getattr(result, "tripwire_reason", None),
    )
    out.native = result
    return out


def _tripwire(result: Any) -> MastraObject | None:
    """Mastra 1.x ``StepTripwireData`` of a run a processor aborted (lumosai.processors)."""
    if not getattr(result, "tripwire", False):
        return None
    details = getattr(result, "tripwire_details", None) or {}
    fields: dict[str, Any] = {"reason": result.tripwire_reason or ""}
    if details.get("retry"):  # Mastra leaves retry and metadata out when not given
        fields["retry"] = True
    if details.get("metadata"):
        fields["metadata"] = details["metadata"]
    fields["processorId"] = details.get("processor_id")
    return obj(**fields)


# -- workflow results ----------------------------------------------------------------------
class WorkflowFailure(Exception):
    """``result.error`` of a failed run: an Error-like object with ``message`` (and the
    original exception as ``cause``)."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.name = type(cause).__name__ if cause is not None else "Error"
        self.cause = cause

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.message == other
        if isinstance(other, WorkflowFailure):
            return self.message == other.message
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.message)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


_STEP_FIELDS = (
    ("payload", "payload"),
    ("output", "output"),
    ("error", "error"),
    ("suspend_payload", "suspendPayload"),
    ("resume_payload", "resumePayload"),
    ("started_at", "startedAt"),
    ("ended_at", "endedAt"),
    ("suspended_at", "suspendedAt"),
    ("resumed_at", "resumedAt"),
)


def step_result_of(sr: Any) -> MastraObject:
    """Native ``StepResult`` -> Mastra ``StepResult`` (only the fields that are set)."""
    status = "success" if sr.status == "bailed" else sr.status
    out = MastraObject(status=status)
    for native, mastra in _STEP_FIELDS:
        value = getattr(sr, native)
        if value is not None or native in ("payload", "started_at"):
            out[mastra] = value
    if out.get("error") is not None:
        out["error"] = WorkflowFailure(str(out["error"]))
    return out


def workflow_result_of(res: Any) -> MastraObject:
    """Native ``WorkflowResult`` -> Mastra's ``WorkflowResult`` by status."""
    out = MastraObject(
        status=res.status,
        steps=MastraObject({k: step_result_of(v) for k, v in res.steps.items()}),
        input=res.input,
        state=res.state,
        runId=res.run_id,
    )
    if res.status == "success":
        out["result"] = res.result
    elif res.status == "failed":
        out["error"] = WorkflowFailure(res.error or "workflow failed", res.exception)
    elif res.status == "suspended":
        out["suspended"] = [list(p) for p in res.suspended]
        out["suspendPayload"] = dict(res.suspend_payload)
    return out


def workflow_event_of(event: dict[str, Any]) -> MastraObject:
    """Native run event -> Mastra ``{type, runId, from, payload}`` with camelCase payload keys."""
    payload = event.get("payload") or {}
    converted = MastraObject({camel(k): v for k, v in payload.items()})
    if converted.get("status") == "bailed":
        converted["status"] = "success"
    return MastraObject(
        {
            "type": event.get("type"),
            "runId": event.get("run_id"),
            "from": event.get("from", "WORKFLOW"),
            "payload": converted,
        }
    )
