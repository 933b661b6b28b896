"""The agent loop on ScriptedModel: concurrency, tool errors, limits, tool choice, structured
output, settings, dynamic arguments, callbacks, inputs."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from pydantic import BaseModel

from lumosai import Agent, RuntimeContext, tool
from lumosai.agent import AgentGenerateOptions, RunAbortedError, StructuredOutputError
from lumosai.llm import Message, ModelError
from lumosai.testing import ScriptedModel
from lumosai.tool import ToolExecutionContext


@tool
async def slow(name: str) -> str:
    """Wait a little, then greet."""
    await asyncio.sleep(0.2)
    return f"hi {name}"


@tool
def explode(reason: str) -> str:
    """Always fails."""
    raise RuntimeError(f"exploded: {reason}")


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


def agent_with(
    script: list[dict[str, Any]], tools: Any = (), **kwargs: Any
) -> tuple[Agent, ScriptedModel]:
    model = ScriptedModel(script)
    return Agent(
        name="t", instructions="Be brief.", model=model, tools=list(tools), **kwargs
    ), model


async def test_tool_calls_of_one_step_run_concurrently() -> None:
    agent, model = agent_with(
        [
            {
                "tool_calls": [
                    {"name": "slow", "args": {"name": "a"}},
                    {"name": "slow", "args": {"name": "b"}},
                    {"name": "slow", "args": {"name": "c"}},
                ]
            },
            {"text": "done"},
        ],
        [slow],
    )
    start = time.perf_counter()
    result = await agent.generate("go")
    elapsed = time.perf_counter() - start
    assert elapsed < 0.45, elapsed
    assert [r.result for r in result.tool_results] == ["hi a", "hi b", "hi c"]
    tool_msg = model.requests[1].messages[-1]
    assert tool_msg.role == "tool" and len(tool_msg.tool_results) == 3


async def test_tool_exception_becomes_error_result_sent_to_model() -> None:
    agent, model = agent_with(
        [{"tool_call": {"name": "explode", "args": {"reason": "x"}}}, {"text": "sorry"}], [explode]
    )
    result = await agent.generate("go")
    assert result.text == "sorry"
    res = result.tool_results[0]
    assert res.is_error is True
    assert res.result == "exploded: x"
    assert model.requests[1].messages[-1].tool_results[0].is_error is True


async def test_bad_arguments_become_error_result() -> None:
    agent, _ = agent_with(
        [{"tool_call": {"name": "add", "args": {"a": "two"}}}, {"text": "bad args"}], [add]
    )
    result = await agent.generate("go")
    res = result.tool_results[0]
    assert res.is_error
    # Mastra 1.x's validateToolInput object, named by the tool's key, zod 4's words
    assert res.result["error"] is True
    assert res.result["message"].startswith("Tool input validation failed for add. ")
    assert "- b: Invalid input: expected number, received undefined" in res.result["message"]
    assert res.result["validationErrors"]["fields"]["b"]["errors"] == [
        "Invalid input: expected number, received undefined"
    ]
    assert "a" in res.result["validationErrors"]["fields"]
    assert result.text == "bad args"


async def test_unknown_tool_becomes_error_result() -> None:
    agent, _ = agent_with([{"tool_call": {"name": "nope", "args": {}}}, {"text": "ok"}], [add])
    result = await agent.generate("go")
    assert result.tool_results[0].is_error
    assert "Tool nope not found" in result.tool_results[0].result


async def test_tool_timeout_becomes_error_result() -> None:
    agent, _ = agent_with(
        [{"tool_call": {"name": "slow", "args": {"name": "z"}}}, {"text": "late"}],
        [slow],
        tool_timeout=0.05,
    )
    result = await agent.generate("go")
    assert result.tool_results[0].is_error
    assert "timed out" in result.tool_results[0].result


async def test_max_steps_stops_the_loop() -> None:
    call = {"tool_call": {"name": "add", "args": {"a": 1, "b": 1}}}
    agent, model = agent_with([call, call, call, {"text": "never"}], [add])
    result = await agent.generate("go", max_steps=2)
    assert len(result.steps) == 2
    assert len(model.requests) == 2
    assert result.finish_reason == "tool-calls"
    assert result.text == ""


async def test_max_tool_calls_refuses_extra_calls_and_forces_text() -> None:
    agent, model = agent_with(
        [
            {"tool_calls": [{"name": "add", "args": {"a": 1, "b": 2}}] * 3},
            {"text": "three"},
        ],
        [add],
        max_tool_calls=2,
    )
    result = await agent.generate("go")
    assert [r.is_error for r in result.tool_results] == [False, False, True]
    assert "limit of 2" in result.tool_results[2].result
    assert model.requests[1].tool_choice == "none"


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("auto", "auto"),
        ("none", "none"),
        ("required", "required"),
        ("add", {"type": "tool", "tool_name": "add"}),
        ({"type": "tool", "tool_name": "add"}, {"type": "tool", "tool_name": "add"}),
        ({"type": "tool", "toolName": "add"}, {"type": "tool", "tool_name": "add"}),
    ],
)
async def test_tool_choice_reaches_the_model(choice: Any, expected: Any) -> None:
    agent, model = agent_with([{"text": "x"}], [add])
    await agent.generate("go", tool_choice=choice)
    assert model.requests[0].tool_choice == expected


async def test_bad_tool_choice_is_a_clear_error() -> None:
    agent, _ = agent_with([{"text": "x"}], [add])
    with pytest.raises(ValueError, match="does not have"):
        await agent.generate("go", tool_choice="missing")
    with pytest.raises(ValueError, match="tool_choice must be"):
        await agent.generate("go", tool_choice={"type": "weird"})


class City(BaseModel):
    name: str
    population: int


async def test_structured_output_validates_object() -> None:
    agent, model = agent_with([{"object": {"name": "Paris", "population": 2100000}}] * 2)
    result = await agent.generate("city?", output=City)
    assert result.object == City(name="Paris", population=2100000)
    assert model.requests[0].output is not None
    assert model.requests[0].output.json_schema == City.model_json_schema()
    assert await agent.generate_structured("again", City) == City(name="Paris", population=2100000)


async def test_structured_output_from_json_text_and_failure() -> None:
    agent, _ = agent_with([{"text": '```json\n{"name": "Rome", "population": 3}\n```'}])
    assert (await agent.generate("c", output=City)).object.name == "Rome"
    agent, _ = agent_with([{"object": {"name": "Rome"}}])
    with pytest.raises(StructuredOutputError, match="population"):
        await agent.generate("c", output=City)
    agent, _ = agent_with([{"text": "not json"}])
    with pytest.raises(StructuredOutputError, match="not JSON"):
        await agent.generate("c", output=City)


async def test_settings_reach_the_model_with_call_overrides() -> None:
    agent, model = agent_with(
        [{"text": "a"}, {"text": "b"}], temperature=0.2, max_tokens=100, top_p=0.9
    )
    await agent.generate("x")
    await agent.generate(
        "y", temperature=0.7, stop=["END"], seed=3, model_settings={"presence_penalty": 0.5}
    )
    assert model.requests[0].settings == {"temperature": 0.2, "max_tokens": 100, "top_p": 0.9}
    assert model.requests[1].settings == {
        "temperature": 0.7,
        "max_tokens": 100,
        "top_p": 0.9,
        "stop": ["END"],
        "seed": 3,
        "presence_penalty": 0.5,
    }


async def test_builder_settings_are_not_dropped() -> None:
    model = ScriptedModel([{"text": "ok"}])
    agent = (
        Agent.builder()
        .name("b")
        .instructions("i")
        .model(model)
        .temperature(0.1)
        .max_tokens(9)
        .build()
    )
    await agent.generate("x")
    assert model.requests[0].settings == {"temperature": 0.1, "max_tokens": 9}


async def test_dynamic_instructions_tools_and_model() -> None:
    fast = ScriptedModel([{"tool_call": {"name": "add", "args": {"a": 1, "b": 2}}}, {"text": "3"}])
    other = ScriptedModel([{"text": "other"}])

    async def instructions(ctx: RuntimeContext) -> str:
        return f"Speak {ctx.get('lang')}."

    def tools(ctx: RuntimeContext) -> list[Any]:
        return [add] if ctx.get("math") else []

    agent = Agent(
        name="dyn",
        instructions=instructions,
        tools=tools,
        model=lambda ctx: fast if ctx.get("math") else other,
    )
    result = await agent.generate("1+2", runtime_context={"lang": "French", "math": True})
    assert result.text == "3"
    assert fast.requests[0].messages[0].content == "Speak French."
    assert [t["name"] for t in fast.requests[0].tools] == ["add"]
    result = await agent.generate("hi", runtime_context=RuntimeContext({"lang": "German"}))
    assert result.text == "other"
    assert other.requests[0].tools == []


async def test_tool_context_carries_run_details() -> None:
    seen: list[ToolExecutionContext] = []

    @tool
    def spy(*, context: ToolExecutionContext) -> str:
        """Record the context."""
        seen.append(context)
        return "ok"

    agent, _ = agent_with(
        [{"tool_call": {"name": "spy", "args": {}, "id": "c1"}}, {"text": "t"}], [spy]
    )
    await agent.generate(
        "go", thread_id=None, resource_id="u1", runtime_context={"k": "v"}, run_id="run-7"
    )
    ctx = seen[0]
    assert (ctx.tool_call_id, ctx.resource_id, ctx.run_id) == ("c1", "u1", "run-7")
    assert ctx.runtime_context.get("k") == "v"
    assert ctx.agent is agent
    assert [m.role for m in ctx.messages] == ["system", "user", "assistant"]


async def test_callbacks_and_generate_options_object() -> None:
    steps: list[int] = []
    finished: list[str] = []

    async def on_finish(result: Any) -> None:
        finished.append(result.text)

    agent, model = agent_with(
        [{"tool_call": {"name": "add", "args": {"a": 1, "b": 1}}}, {"text": "2"}], [add]
    )
    result = await agent.generate(
        "1+1",
        AgentGenerateOptions(max_steps=3, temperature=0.0),
        on_step_finish=lambda s: steps.append(s.index),
        on_finish=on_finish,
    )
    assert steps == [0, 1] and finished == ["2"] and result.text == "2"
    assert model.requests[0].settings["temperature"] == 0.0


async def test_message_input_forms() -> None:
    agent, model = agent_with([{"text": "a"}] * 4)
    await agent.generate(Message(role="user", content="m"))
    await agent.generate({"role": "user", "content": [{"type": "text", "text": "parts"}]})
    await agent.generate(["one", {"role": "assistant", "content": "two"}, "three"])
    assert model.requests[0].messages[-1].content == "m"
    assert model.requests[1].messages[-1].content == "parts"
    assert [m.role for m in model.requests[2].messages] == ["system", "user", "assistant", "user"]
    with pytest.raises(TypeError, match="messages must be"):
        await agent.generate(42)
    with pytest.raises(ValueError, match="role"):
        await agent.generate({"role": "robot", "content": "x"})


async def test_model_errors_propagate_clearly() -> None:
    agent, _ = agent_with([{"error": "rate limited"}])
    with pytest.raises(ModelError, match="rate limited"):
        await agent.generate("x")
    agent, _ = agent_with([])
    with pytest.raises(ModelError, match="script exhausted"):
        await agent.generate("x")


async def test_abort_signal_stops_before_next_step() -> None:
    signal = asyncio.Event()

    @tool
    def stopper() -> str:
        """Abort the run."""
        signal.set()
        return "stopping"

    agent, _ = agent_with(
        [{"tool_call": {"name": "stopper", "args": {}}}, {"text": "x"}], [stopper]
    )
    with pytest.raises(RunAbortedError):
        await agent.generate("go", abort_signal=signal)


def test_construction_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="needs a model"):
        Agent(name="x", instructions="i")
    with pytest.raises(ValueError, match="missing instructions, model"):
        Agent.builder().name("x").build()
    with pytest.raises(TypeError, match="a tool must be"):
        Agent(name="x", instructions="i", model=ScriptedModel([]), tools=[42])
    with pytest.raises(ValueError, match="two tools are named 'add'"):
        Agent(name="x", instructions="i", model=ScriptedModel([]), tools=[add, add])


async def test_tools_as_dict_use_the_key_as_model_name() -> None:
    model = ScriptedModel(
        [{"tool_call": {"name": "adder", "args": {"a": 1, "b": 2}}}, {"text": "3"}]
    )
    agent = Agent(name="d", instructions="i", model=model, tools={"adder": add})
    result = await agent.generate("x")
    assert model.requests[0].tools[0]["name"] == "adder"
    assert result.tool_results[0].result == 3


async def test_agent_as_tool() -> None:
    inner = Agent(name="inner", instructions="i", model=ScriptedModel([{"text": "from inner"}]))
    outer, _ = agent_with(
        [{"tool_call": {"name": "inner", "args": {"prompt": "help"}}}, {"text": "done"}], [inner]
    )
    result = await outer.generate("x")
    # Mastra 1.x's delegation result; the model sees its text
    assert result.tool_results[0].result["text"] == "from inner"
    assert result.tool_results[0].model_output == "from inner"


def test_generate_sync_refuses_inside_a_loop() -> None:
    agent, _ = agent_with([{"text": "a"}])

    async def inside() -> None:
        with pytest.raises(RuntimeError, match="running event loop"):
            agent.generate_sync("x")

    asyncio.run(inside())


async def test_malformed_tool_arguments_become_error_result() -> None:
    agent, _ = agent_with(
        [{"tool_call": {"name": "add", "args": '{"a": 1, "b":'}}, {"text": "retry later"}], [add]
    )
    result = await agent.generate("go")
    res = result.tool_results[0]
    assert res.is_error
    assert "not a JSON object" in res.result and '{"a": 1, "b":' in res.result
    assert result.text == "retry later"


async def test_generate_options_output_schema_and_llm_options() -> None:
    agent, model = agent_with([{"object": {"n": 1}}])
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    result = await agent.generate(
        "x", AgentGenerateOptions(output_schema=schema, llm_options={"seed": 1, "temperature": 0.5})
    )
    assert result.object == {"n": 1}
    assert model.requests[0].output is not None
    assert model.requests[0].output.json_schema == schema
    assert model.requests[0].settings == {"seed": 1, "temperature": 0.5}


async def test_bad_max_steps_is_a_clear_error() -> None:
    agent, _ = agent_with([{"text": "x"}])
    with pytest.raises(ValueError, match="max_steps must be >= 1"):
        await agent.generate("x", max_steps=0)
