"""``ScriptedModel``: an in-process model that replays a script and records what it was sent."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

from lumosai.llm.model import Model, ModelError, ModelRequest, ModelResponse, StreamChunk
from lumosai.testing.script import Script, ScriptError, ScriptMode, ScriptReply, ScriptSource


class ScriptedModel(Model):
    """Replays ``script`` (see ``lumosai.testing.script``); ``requests`` holds every request.

    An ``{"error": ...}`` item, or running out of items, raises ``ModelError`` from the call,
    as a failing provider would.
    """

    provider = "scripted"

    def __init__(
        self,
        script: ScriptSource,
        *,
        mode: ScriptMode = "sequential",
        loop: bool = False,
        model_id: str = "scripted",
    ) -> None:
        self.script = Script(script, mode=mode, loop=loop)
        self.model_id = model_id
        self.requests: list[ModelRequest] = []

    async def request(self, request: ModelRequest) -> ModelResponse:
        reply = await self._reply(request)
        return self._response(reply)

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamChunk]:
        reply = await self._reply(request)
        response = self._response(reply)
        for piece in _chunks(response.text):
            yield piece
            await asyncio.sleep(0)
        yield response

    async def _reply(self, request: ModelRequest) -> ScriptReply:
        self.requests.append(
            ModelRequest(
                messages=list(request.messages),
                tools=list(request.tools),
                settings=dict(request.settings),
                tool_choice=request.tool_choice,
                output=request.output,
            )
        )
        try:
            reply = self.script.next(request)
        except ScriptError as exc:
            raise ModelError(str(exc), provider=self.provider, model=self.model_id) from None
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.error is not None or (reply.status is not None and reply.status >= 400):
            raise ModelError(
                f"scripted model error: {reply.error or reply.body or reply.status}",
                provider=self.provider,
                model=self.model_id,
                status=reply.status,
            )
        return reply

    def _response(self, reply: ScriptReply) -> ModelResponse:
        finish: Any = reply.finish_reason or ("tool-calls" if reply.tool_calls else "stop")
        return ModelResponse(
            text=reply.text,
            tool_calls=list(reply.tool_calls),
            finish_reason=finish,
            usage=reply.usage or ModelResponse().usage,
            object=reply.object if reply.has_object else None,
            model_id=self.model_id,
        )


def _chunks(text: str) -> list[str]:
    """Split text into word-sized deltas, keeping whitespace, so streaming is observable."""
    return [p for p in re.findall(r"\S+\s*|\s+", text) if p]
