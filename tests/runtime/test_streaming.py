"""Agent.stream on ScriptedModel: text deltas, typed events, the final result."""

from __future__ import annotations

from typing import Any

import pytest

from lumosai import Agent, tool
from lumosai.agent import FinishEvent, StepFinishEvent, ToolCallEvent, ToolResultEvent
from lumosai.llm import ModelError
from lumosai.testing import ScriptedModel


@tool
def lookup(key: str) -> str:
    """Look a key up."""
    return key.upper()


def make(script: list[dict[str, Any]]) -> Agent:
    return Agent(name="s", instructions="i", model=ScriptedModel(script), tools=[lookup])


SCRIPT = [{"tool_call": {"name": "lookup", "args": {"key": "abc"}}}, {"text": "It is ABC indeed"}]


async def test_stream_yields_deltas_and_events_then_the_generate_result() -> None:
    stream = make(SCRIPT).stream("look abc")
    items = [item async for item in stream]
    deltas = [i for i in items if isinstance(i, str)]
    events = [i for i in items if not isinstance(i, str)]
    assert "".join(deltas) == "It is ABC indeed"
    assert len(deltas) == 4
    assert isinstance(events[0], ToolCallEvent)
    assert isinstance(events[1], ToolResultEvent) and events[1].tool_result.result == "ABC"
    assert isinstance(events[2], StepFinishEvent) and events[2].step.index == 0
    assert isinstance(events[-1], FinishEvent)
    result = await stream.result()
    generated = await make(SCRIPT).generate("look abc")
    assert result.text == generated.text
    assert [c.args for c in result.tool_calls] == [c.args for c in generated.tool_calls]
    assert result.usage == generated.usage
    assert await stream.text == "It is ABC indeed"


async def test_result_without_iterating_and_text_stream() -> None:
    assert (await make(SCRIPT).stream("x").result()).text == "It is ABC indeed"
    pieces = [p async for p in make(SCRIPT).stream("x").text_stream]
    assert "".join(pieces) == "It is ABC indeed"


async def test_partial_iteration_then_result_finishes_the_run() -> None:
    stream = make(SCRIPT).stream("x")
    async for item in stream:
        if isinstance(item, ToolCallEvent):
            break
    assert (await stream.result()).text == "It is ABC indeed"


async def test_stream_twice_is_an_error_and_model_errors_surface() -> None:
    stream = make(SCRIPT).stream("x")
    _ = [i async for i in stream]
    with pytest.raises(RuntimeError, match="only once"):
        _ = [i async for i in stream]
    failing = make([{"error": "quota"}]).stream("x")
    with pytest.raises(ModelError, match="quota"):
        _ = [i async for i in failing]


async def test_stream_structured_output() -> None:
    from pydantic import BaseModel

    class Answer(BaseModel):
        value: int

    stream = make([{"object": {"value": 7}}]).stream("x", output=Answer)
    text = "".join([i async for i in stream if isinstance(i, str)])
    assert text == '{"value": 7}'
    assert await stream.object == Answer(value=7)
