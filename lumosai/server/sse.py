"""`POST /api/agents/:id/stream`: native agent events as Mastra 1.x chunks over SSE
(`data: <chunk JSON>\\n\\n` ..., then `data: [DONE]\\n\\n`)."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from lumosai.agent.events import FinishEvent, StepFinishEvent, ToolCallEvent, ToolResultEvent
from lumosai.mastra_shapes import (
    chunk,
    obj,
    tool_call_chunk,
    tool_result_chunk,
    usage_of,
)
from lumosai.server.encoding import dumps


async def agent_chunks(native: AsyncIterable[Any], run_id: str) -> AsyncIterator[dict[str, Any]]:
    """`start`, `step-start`, `text-delta`, `tool-call`, `tool-result`, `step-finish`,
    `finish` (and `error` when the run fails), as Mastra's `fullStream` has them."""
    yield chunk("start", run_id, {})
    in_step = False
    try:
        async for item in native:
            if not in_step and not isinstance(item, FinishEvent):
                yield chunk("step-start", run_id, {})
                in_step = True
            if isinstance(item, str):
                yield chunk("text-delta", run_id, {"id": "0", "text": item})
            elif isinstance(item, ToolCallEvent):
                yield tool_call_chunk(item.tool_call, run_id)
            elif isinstance(item, ToolResultEvent):
                yield tool_result_chunk(item.tool_result, run_id)
            elif isinstance(item, StepFinishEvent):
                in_step = False
                step = item.step
                yield chunk(
                    "step-finish",
                    run_id,
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
            elif isinstance(item, FinishEvent):
                result = item.result
                yield chunk(
                    "finish",
                    run_id,
                    {
                        "stepResult": obj(reason=result.finish_reason),
                        "output": obj(text=result.text, usage=usage_of(result.usage)),
                        "metadata": obj(),
                    },
                )
    except Exception as exc:  # the status line is already sent: report in-band, as Mastra does
        yield chunk("error", run_id, {"error": {"message": str(exc), "name": type(exc).__name__}})


async def sse_lines(chunks: AsyncIterable[Any]) -> AsyncIterator[bytes]:
    async for item in chunks:
        yield f"data: {dumps(item)}\n\n".encode()
    yield b"data: [DONE]\n\n"
