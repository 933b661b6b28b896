"""Streaming calls: Mastra chunks from Node as they arrive, then the final result."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, Literal

from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.jsobject import JsObject, wrap

Timeout = float | None | Literal["default"]


class TypeScriptStream:
    """Events of a streaming call as they arrive, then its final result.

    ``async for chunk in stream`` (or ``stream.full_stream``) yields Mastra's chunks
    (``chunk.type``, ``chunk.payload``); ``await stream.result()`` waits for the end. Nothing
    starts until the first of those. Chunks are kept, so several consumers (or a second loop)
    each see the whole stream.
    """

    def __init__(
        self, bridge: NodeBridge, op: str, payload: dict[str, Any], timeout: Timeout, desc: str
    ) -> None:
        self._bridge = bridge
        self._op = op
        self._payload = payload
        self._timeout = timeout
        self._description = desc
        self._chunks_seen: list[JsObject] = []
        self._changed: asyncio.Event | None = None
        self._task: asyncio.Task[Any] | None = None

    def _on_chunk(self, chunk: Any) -> None:
        self._chunks_seen.append(wrap(chunk))
        assert self._changed is not None
        self._changed.set()

    def _start(self) -> asyncio.Task[Any]:
        if self._task is None:
            changed = self._changed = asyncio.Event()

            async def run() -> Any:
                try:
                    return await self._bridge.call(
                        self._op,
                        self._payload,
                        timeout=self._timeout,
                        description=self._description,
                        on_event=self._on_chunk,
                    )
                finally:
                    changed.set()

            self._task = asyncio.ensure_future(run())
        return self._task

    async def _chunks(self) -> AsyncIterator[JsObject]:
        task = self._start()
        assert self._changed is not None
        index = 0
        while True:
            while index < len(self._chunks_seen):
                yield self._chunks_seen[index]
                index += 1
            if task.done():
                break
            self._changed.clear()
            if index == len(self._chunks_seen) and not task.done():
                await self._changed.wait()
        await task  # raise the error, if the stream failed

    def __aiter__(self) -> AsyncIterator[JsObject]:
        return self._chunks()

    @property
    def full_stream(self) -> AsyncIterator[JsObject]:
        return self._chunks()

    async def result(self) -> JsObject:
        result: JsObject = wrap(await self._start())
        return result
