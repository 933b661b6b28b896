"""The pinned API of issue 2, exactly as outside checks call it (scripted model, in-process)."""

from __future__ import annotations

from lumosai import Agent, tool
from lumosai.testing import ScriptedModel


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


SCRIPT = [{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}]


async def test_builder_agent_runs_tool_then_answers() -> None:
    model = ScriptedModel(SCRIPT)
    agent = Agent.builder().name("calc").instructions("You add.").model(model).tools([add]).build()
    result = await agent.generate("2+3?")
    assert result.text == "5"
    assert result.response == "5"
    assert result.tool_calls[0].name == "add"
    assert result.tool_calls[0].args == {"a": 2, "b": 3}
    assert result.tool_results[0].result == 5
    assert result.tool_results[0].is_error is False
    first = model.requests[0]
    assert [m.role for m in first.messages] == ["system", "user"]
    assert first.messages[0].content == "You add."
    assert first.tools == [
        {
            "name": "add",
            "description": "Add two numbers.",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                "required": ["a", "b"],
            },
        }
    ]
    second = model.requests[1]
    assert [m.role for m in second.messages] == ["system", "user", "assistant", "tool"]
    assert second.messages[3].tool_results[0].result == 5


def test_keyword_agent_generate_sync() -> None:
    model = ScriptedModel(SCRIPT)
    agent = Agent(name="calc", instructions="You add.", model=model, tools=[add])
    result = agent.generate_sync("2+3?")
    assert result.text == "5"
    assert len(result.steps) == 2
    assert result.steps[0].finish_reason == "tool-calls"
    assert result.steps[1].finish_reason == "stop"
    assert result.usage.total_tokens == sum(s.usage.total_tokens for s in result.steps) > 0


def test_tool_is_still_callable() -> None:
    assert add(2, 3) == 5
    assert add.id == "add"
