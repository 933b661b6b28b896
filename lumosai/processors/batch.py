"""``BatchPartsProcessor``: joins streamed text deltas into bigger parts (fewer calls for a
judging processor after it), flushing at ``batch_size`` parts, after ``max_wait_time`` ms, and
before any non-text part."""

from __future__ import annotations

import time

from lumosai.processors.base import BaseProcessor, ProcessOutputStreamArgs, StreamPart


class BatchPartsProcessor(BaseProcessor):
    """Mastra's ``BatchPartsProcessor({batchSize=5, maxWaitTime, emitOnNonText=true})``."""

    id = "batch-parts"
    name = "Batch Parts"

    def __init__(
        self,
        *,
        batch_size: int = 5,
        max_wait_time: float | None = None,
        emit_on_non_text: bool = True,
    ) -> None:
        self.batch_size = batch_size
        self.max_wait_time = max_wait_time
        self.emit_on_non_text = emit_on_non_text

    @staticmethod
    def _flush(batch: list[StreamPart]) -> list[StreamPart]:
        if len(batch) <= 1:
            out = list(batch)
        else:
            out = [
                StreamPart(
                    "text-delta", {**batch[0].payload, "text": "".join(p.text for p in batch)}
                )
            ]
        batch.clear()
        return out

    def process_output_stream(
        self, args: ProcessOutputStreamArgs
    ) -> StreamPart | list[StreamPart] | None:
        part, state = args.part, args.state
        batch: list[StreamPart] = state.setdefault("batch", [])
        if part.type != "text-delta":
            if not self.emit_on_non_text:
                return part
            return [*self._flush(batch), part]
        if not batch:
            state["started"] = time.monotonic()
        batch.append(part)
        waited = (time.monotonic() - state.get("started", 0.0)) * 1000
        if len(batch) >= self.batch_size or (
            self.max_wait_time is not None and len(batch) > 1 and waited >= self.max_wait_time
        ):
            return self._flush(batch)
        return None
