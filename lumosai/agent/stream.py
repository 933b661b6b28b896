"""``AgentStream``: what ``Agent.stream`` returns; iterate it, then read the same result as
``generate`` would have returned."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from typing import Any

from lumosai.agent.events import FinishEvent, StreamItem
from lumosai.agent.result import AgentResult


class AgentStream:
    """``async for item in stream`` yields text deltas (``str``) and typed events
    (``ToolCallEvent``, ``ToolResultEvent``, ``StepFinishEvent``, ``FinishEvent``).

    ``await stream.result()`` (or ``await stream.text``) finishes the run if needed and returns
    the ``AgentResult``. ``stream.text_stream`` yields only the text deltas (Mastra's
    ``textStream``). The run starts on first iteration and can be consumed once.
    """

    def __init__(self, events: AsyncIterator[StreamItem]) -> None:
        self._events = events
        self._result: AgentResult | None = None
        self._started = False

    def __aiter__(self) -> AsyncIterator[StreamItem]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[StreamItem]:
        if self._started:
            raise RuntimeError(
                "an AgentStream can be iterated only once; use await stream.result()"
            )
        self._started = True
        async for item in self._events:
            if isinstance(item, FinishEvent):
                self._result = item.result
            yield item

    @property
    def text_stream(self) -> AsyncIterator[str]:
        return self._text_only()

    async def _text_only(self) -> AsyncIterator[str]:
        async for item in self._iterate():
            if isinstance(item, str):
                yield item

    async def result(self) -> AgentResult:
        if self._result is None:
            self._started = True
            async for item in self._events:
                if isinstance(item, FinishEvent):
                    self._result = item.result
            if self._result is None:
                raise RuntimeError("the stream ended without a result")
        return self._result

    @property
    def text(self) -> Awaitable[str]:
        """``await stream.text``: the final text, as Mastra's ``stream.text`` promise."""
        return self._attr("text")

    @property
    def object(self) -> Awaitable[Any]:
        return self._attr("object")

    async def _attr(self, name: str) -> Any:
        return getattr(await self.result(), name)
