"""An agent's default step limit (Mastra's `defaultOptions.maxSteps`): used when a call does
not say, overridden by the call's own `max_steps`."""

from __future__ import annotations

from lumosai import Agent, tool
from lumosai.agent.agent import AgentGenerateOptions
from lumosai.testing import ScriptedModel


@tool
def ping() -> str:
    """Answer pong."""
    return "pong"


def looping_model() -> ScriptedModel:
    return ScriptedModel([{"tool_call": {"name": "ping", "args": {}}}] * 10 + [{"text": "done"}])


async def test_agent_default_limits_model_calls() -> None:
    model = looping_model()
    agent = Agent(name="a", instructions="x", model=model, tools=[ping], max_steps=2)
    await agent.generate("go")
    assert len(model.requests) == 2


async def test_call_overrides_agent_default() -> None:
    model = looping_model()
    agent = Agent(name="a", instructions="x", model=model, tools=[ping], max_steps=2)
    await agent.generate("go", max_steps=4)
    assert len(model.requests) == 4
    model = looping_model()
    agent = Agent(name="a", instructions="x", model=model, tools=[ping], max_steps=3)
    await agent.generate("go", AgentGenerateOptions(thread_id=None))
    assert len(model.requests) == 3


async def test_without_a_default_five_steps() -> None:
    model = looping_model()
    agent = Agent(name="a", instructions="x", model=model, tools=[ping])
    await agent.generate("go")
    assert len(model.requests) == 5
