"""``agent.stream()``'s result: Mastra's ``MastraModelOutput`` (1.x) or the AI SDK v4 stream
result (``streamLegacy``), over the native ``AgentStream``.

One pump task reads the native events into a buffer; ``textStream``, ``fullStream`` and the
awaitable fields each read the buffer from the start, so they can be used together (Mastra
tees its stream the same way)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Generator
from typing import TYPE_CHECKING, Any

from lumosai.agent.events import FinishEvent, StepFinishEvent, ToolCallEvent, ToolResultEvent
from lumosai.compat.mastra.results import (
    MastraObject,
    chunk,
    legacy_usage_of,
    obj,
    tool_call_chunk,
    tool_result_chunk,
    usage_of,
)
from lumosai.compat.mastra.signature import call_inline

if TYPE_CHECKING:
    from lumosai.compat.mastra.agent import _Call


class MastraStream:
    """Iterate ``textStream`` or ``fullStream``; ``await stream.text`` (``object``,
    ``toolCalls``, ``toolResults``, ``usage``, ``totalUsage``, ``finishReason``, ``steps``);
    ``await stream.getFullOutput()`` gives what ``generate`` would have returned."""

    def __init__(
        self,
        call: _Call,
        native: Any,
        run_id: str,
        *,
        legacy: bool,
        on_chunk: Callable[..., Any] | None = None,
    ) -> None:
        self._call = call
        self._native = native
        self.legacy = legacy
        self._on_chunk = on_chunk
        self._chunks: list[MastraObject] = []
        self._done = False
        self._error: BaseException | None = None
        self._output: MastraObject | None = None
        self._task: asyncio.Task[None] | None = None
        self._changed: asyncio.Condition | None = None
        self.runId = run_id
        try:  # like Mastra, the run starts now, whether or not anyone reads the stream
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            self._start()

    def __await__(self) -> Generator[Any, None, MastraStream]:
        """``stream = await agent.stream(...)`` as in TypeScript."""
        return self._self().__await__()

    async def _self(self) -> MastraStream:
        return self

    # -- pumping ------------------------------------------------------------------------------
    def _start(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
            self._task = asyncio.ensure_future(self._pump())
        return self._changed

    async def _emit(self, item: MastraObject) -> None:
        assert self._changed is not None
        self._chunks.append(item)
        if self._on_chunk is not None:
            await call_inline(self._on_chunk, item)
        async with self._changed:
            self._changed.notify_all()

    async def _pump(self) -> None:
        legacy = self.legacy
        in_step = False
        result = None
        try:
            if not legacy:
                await self._emit(chunk("start", self.runId, {}))
            async for item in self._native:
                if not legacy and not in_step and not isinstance(item, FinishEvent):
                    await self._emit(chunk("step-start", self.runId, {}))
                    in_step = True
                if isinstance(item, str):
                    if legacy:
                        await self._emit(obj(type="text-delta", textDelta=item))
                    else:
                        await self._emit(chunk("text-delta", self.runId, {"id": "0", "text": item}))
                elif isinstance(item, ToolCallEvent):
                    c = item.tool_call
                    await self._emit(
                        obj(type="tool-call", toolCallId=c.id, toolName=c.name, args=c.args)
                        if legacy
                        else tool_call_chunk(c, self.runId)
                    )
                elif isinstance(item, ToolResultEvent):
                    r = item.tool_result
                    await self._emit(
                        obj(
                            type="tool-result",
                            toolCallId=r.id,
                            toolName=r.name,
                            args=r.args,
                            result=r.result,
                        )
                        if legacy
                        else tool_result_chunk(r, self.runId)
                    )
                elif isinstance(item, StepFinishEvent):
                    step = item.step
                    in_step = False
                    if legacy:
                        await self._emit(
                            obj(
                                type="step-finish",
                                finishReason=step.finish_reason,
                                usage=legacy_usage_of(step.usage),
                            )
                        )
                    else:
                        await self._emit(
                            chunk(
                                "step-finish",
                                self.runId,
                                {
                                    "stepResult": obj(
                                        reason=step.finish_reason,
                                        warnings=[],
                                        isContinued=bool(step.tool_calls),
                                    ),
                                    "output": obj(text=step.text, usage=usage_of(step.usage)),
                                    "metadata": obj(modelId=step.model_id),
                                },
                            )
                        )
                elif isinstance(item, FinishEvent):
                    result = item.result
            if result is None:
                raise RuntimeError("the agent stream ended without a result")
            output = self._call.finish(result, legacy)
            self._output = output
            run_id = result.run_id
            if legacy:
                await self._emit(
                    obj(
                        type="finish",
                        finishReason=result.finish_reason,
                        usage=legacy_usage_of(result.usage),
                    )
                )
            else:
                await self._emit(
                    chunk(
                        "finish",
                        run_id,
                        {
                            "stepResult": obj(reason=result.finish_reason),
                            "output": obj(usage=usage_of(result.usage)),
                            "metadata": obj(),
                        },
                    )
                )
            await self._call.finished(output)
        except BaseException as exc:  # delivered to every reader
            self._error = exc
            if not self.legacy:
                self._chunks.append(chunk("error", self.runId, {"error": str(exc)}))
            on_error = self._call.opts.get("onError")
            if on_error is not None and isinstance(exc, Exception):
                await call_inline(on_error, {"error": exc})
        finally:
            self._done = True
            assert self._changed is not None
            async with self._changed:
                self._changed.notify_all()

    async def _read(self) -> AsyncIterator[MastraObject]:
        changed = self._start()
        index = 0
        while True:
            while index < len(self._chunks):
                item = self._chunks[index]
                index += 1
                if item.get("type") == "error" and self._error is not None:
                    raise self._error
                yield item
            if self._done:
                if self._error is not None:
                    raise self._error
                return
            async with changed:
                await changed.wait_for(self._past(index))

    def _past(self, index: int) -> Callable[[], bool]:
        return lambda: index < len(self._chunks) or self._done

    # -- the public surface -----------------------------------------------------------------
    @property
    def fullStream(self) -> AsyncIterator[MastraObject]:
        return self._read()

    @property
    def textStream(self) -> AsyncIterator[str]:
        return self._texts()

    async def _texts(self) -> AsyncIterator[str]:
        async for item in self._read():
            if item.get("type") != "text-delta":
                continue
            yield item["textDelta"] if self.legacy else item["payload"]["text"]

    @property
    def objectStream(self) -> AsyncIterator[Any]:
        return self._objects()

    async def _objects(self) -> AsyncIterator[Any]:
        output = await self.getFullOutput()
        if output.get("object") is not None:
            yield output["object"]

    def __aiter__(self) -> AsyncIterator[MastraObject]:
        return self._read()

    async def consumeStream(self) -> None:
        async for _ in self._read():
            pass

    async def getFullOutput(self) -> MastraObject:
        await self.consumeStream()
        assert self._output is not None
        return self._output

    async def _field(self, name: str) -> Any:
        return (await self.getFullOutput()).get(name)

    @property
    def text(self) -> Any:
        return self._field("text")

    @property
    def object(self) -> Any:
        return self._field("object")

    @property
    def toolCalls(self) -> Any:
        return self._field("toolCalls")

    @property
    def toolResults(self) -> Any:
        return self._field("toolResults")

    @property
    def usage(self) -> Any:
        return self._field("usage")

    @property
    def totalUsage(self) -> Any:
        return self._field("totalUsage")

    @property
    def finishReason(self) -> Any:
        return self._field("finishReason")

    @property
    def steps(self) -> Any:
        return self._field("steps")

    @property
    def response(self) -> Any:
        return self._field("response")

    @property
    def reasoning(self) -> Any:
        return self._field("reasoning")

    @property
    def warnings(self) -> Any:
        return self._field("warnings")
