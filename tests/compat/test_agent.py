"""Compat ``Agent``: what the model receives, Mastra-shaped results of both eras, options."""

from __future__ import annotations

import asyncio

import pytest

from lumosai.agent.loop import StructuredOutputError
from lumosai.compat.mastra import Agent, RequestContext, createTool, z
from lumosai.compat.mastra.delegation import SUB_AGENT_INPUT_SCHEMA
from lumosai.testing import ScriptedModel

WEATHER_INPUT = z.object(
    {
        "location": z.string().describe("City name"),
        "units": z.enum(["metric", "imperial"]).default("metric"),
        "days": z.number().int().min(1).optional(),
    }
)


def weather_tool(calls: list | None = None):
    def execute(inputData, context):
        if calls is not None:
            calls.append((inputData, context))
        return {"location": inputData["location"], "tempC": 21, "units": inputData["units"]}

    return createTool(
        {
            "id": "get-weather",
            "description": "Get current weather for a location",
            "inputSchema": WEATHER_INPUT,
            "outputSchema": z.object(
                {"location": z.string(), "tempC": z.number(), "units": z.string()}
            ),
            "execute": execute,
        }
    )


def agent_with(script, **extra) -> tuple[Agent, ScriptedModel]:
    model = ScriptedModel(script)
    config = {
        "id": "weather-agent",
        "name": "Weather Agent",
        "instructions": "You are a helpful weather assistant.",
        "model": model,
        "tools": {"weather": weather_tool()},
        **extra,
    }
    return Agent(config), model


async def test_model_receives_zod_json_schema_under_the_record_key() -> None:
    agent, model = agent_with([{"text": "hi"}])
    await agent.generate("hello")
    (spec,) = model.requests[0].tools
    assert spec["name"] == "weather"  # the tools-record key, not the tool id
    assert spec["description"] == "Get current weather for a location"
    assert spec["parameters"] == WEATHER_INPUT.to_json_schema()


async def test_sub_agent_and_workflow_tools_have_mastras_schemas() -> None:
    from lumosai.compat.mastra import createStep, createWorkflow

    helper = Agent({"id": "h", "name": "Helper", "instructions": "x", "model": ScriptedModel([])})
    step = createStep({"id": "s", "execute": lambda p: p.inputData})
    wf = (
        createWorkflow({"id": "w", "description": "WF", "inputSchema": z.object({"n": z.number()})})
        .then(step)
        .commit()
    )
    agent, model = agent_with([{"text": "ok"}], agents={"helper": helper}, workflows={"w": wf})
    await agent.generate("x")
    specs = {s["name"]: s for s in model.requests[0].tools}
    assert specs["agent-helper"]["parameters"] == SUB_AGENT_INPUT_SCHEMA
    assert specs["agent-helper"]["description"] == "Agent: helper"
    assert specs["workflow-w"]["description"] == "WF"
    assert specs["workflow-w"]["parameters"] == {
        "type": "object",
        "properties": {
            "inputData": {
                "type": "object",
                "properties": {"n": {"type": "number"}},
                "required": ["n"],
                "additionalProperties": False,
            }
        },
        "required": ["inputData"],
        "additionalProperties": True,
    }


async def test_invalid_tool_input_comes_back_as_mastras_error_object() -> None:
    script = [{"tool_call": {"name": "weather", "args": {"location": 3}}}, {"text": "sorry"}]
    agent, model = agent_with(script)
    res = await agent.generate("weather?")
    result = res.toolResults[0].payload.result
    assert result["error"] is True
    assert result["message"].startswith(
        "Tool input validation failed for get-weather. Please fix the following errors"
    )
    assert "- location: Invalid input: expected string, received number" in result["message"]
    assert result["validationErrors"] == {
        "errors": [],
        "fields": {
            "location": {
                "errors": ["Invalid input: expected string, received number"],
                "fields": {},
            }
        },
    }
    assert "isError" not in res.toolResults[0].payload  # Mastra returns it as a normal result
    # and the model saw it as the tool's answer
    tool_message = model.requests[1].messages[-1]
    assert tool_message.tool_results[0].result == result


async def test_invalid_output_is_reported_like_mastra() -> None:
    bad = createTool(
        {
            "id": "bad",
            "description": "returns the wrong shape",
            "outputSchema": z.object({"n": z.number()}),
            "execute": lambda inputData: {"n": "not a number"},
        }
    )
    out = await bad.execute({})
    assert out["error"] is True
    assert out["message"].startswith("Tool output validation failed for bad.")
    assert out["validationErrors"]["fields"]["n"]["errors"] == [
        "Invalid input: expected number, received string"
    ]


async def test_full_output_shape() -> None:
    script = [
        {"tool_call": {"id": "call-1", "name": "weather", "args": {"location": "Paris"}}},
        {"text": "It is 21C in Paris."},
    ]
    agent, _ = agent_with(script)
    res = await agent.generate("What is the weather in Paris?")
    assert res.text == "It is 21C in Paris."
    assert res.toolCalls == [
        {
            "type": "tool-call",
            "runId": res.runId,
            "from": "AGENT",
            "payload": {
                "toolCallId": "call-1",
                "toolName": "weather",
                "args": {"location": "Paris"},
            },
        }
    ]
    assert res.toolResults[0].payload == {
        "args": {"location": "Paris"},
        "toolCallId": "call-1",
        "toolName": "weather",
        "result": {"location": "Paris", "tempC": 21, "units": "metric"},
    }
    assert len(res.steps) == 2
    assert res.steps[0].toolCalls[0].payload.toolName == "weather"
    assert res.steps[0].finishReason == "tool-calls"
    assert res.steps[1].text == "It is 21C in Paris."
    assert res.finishReason == "stop"
    assert {"inputTokens", "outputTokens", "totalTokens"} <= set(res.usage)
    assert res.totalUsage.totalTokens == sum(s.usage.totalTokens for s in res.steps)
    assert res.usage == res.totalUsage  # as Mastra 1.71 reports it
    assert res.object is None
    roles = [m["role"] for m in res.response.messages]
    assert roles == ["assistant", "tool", "assistant"]
    assert res.response.messages[0].content[0] == {
        "type": "tool-call",
        "toolCallId": "call-1",
        "toolName": "weather",
        "input": {"location": "Paris"},
    }


async def test_generate_legacy_is_ai_sdk_v4_shaped() -> None:
    script = [
        {"tool_call": {"id": "c1", "name": "weather", "args": {"location": "Oslo"}}},
        {"text": "Cold."},
    ]
    agent, _ = agent_with(script)
    res = await agent.generateLegacy("Oslo?")
    assert res.text == "Cold."
    assert res.toolCalls[0] == {
        "type": "tool-call",
        "toolCallId": "c1",
        "toolName": "weather",
        "args": {"location": "Oslo"},
    }
    assert res.toolResults[0].result["tempC"] == 21
    assert set(res.usage) == {"promptTokens", "completionTokens", "totalTokens"}
    assert res.usage.totalTokens == res.usage.promptTokens + res.usage.completionTokens


async def test_stream_text_full_stream_and_awaitables() -> None:
    script = [
        {"tool_call": {"id": "c1", "name": "weather", "args": {"location": "Rome"}}},
        {"text": "Sunny in Rome today."},
    ]
    agent, _ = agent_with(script)
    stream = await agent.stream("Rome?")
    chunks = [c async for c in stream.fullStream]
    types = [c.type for c in chunks]
    assert types[0] == "start" and types[-1] == "finish"
    for kind in ("step-start", "tool-call", "tool-result", "step-finish", "text-delta"):
        assert kind in types
    assert types.index("tool-call") < types.index("tool-result") < types.index("text-delta")
    text = "".join(c.payload.text for c in chunks if c.type == "text-delta")
    assert text == "Sunny in Rome today."
    assert all(c.runId == stream.runId for c in chunks)
    assert await stream.text == "Sunny in Rome today."
    assert (await stream.toolResults)[0].payload.result["location"] == "Rome"
    assert (await stream.usage).totalTokens > 0
    assert await stream.finishReason == "stop"

    agent2, _ = agent_with([{"text": "a b c"}])
    s2 = agent2.stream("x")  # usable without await too
    parts, full = await asyncio.gather(
        _collect(s2.textStream), _collect(s2.fullStream)
    )  # two readers of one run
    assert "".join(parts) == "a b c"
    assert full[-1].type == "finish"


async def _collect(iterator) -> list:
    return [item async for item in iterator]


async def test_stream_legacy_parts() -> None:
    agent, _ = agent_with([{"text": "hi there"}])
    stream = agent.streamLegacy("x")
    parts = [p async for p in stream.fullStream]
    assert "".join(p.textDelta for p in parts if p.type == "text-delta") == "hi there"
    assert parts[-1].type == "finish" and "promptTokens" in parts[-1].usage
    assert await stream.text == "hi there"


async def test_structured_output_1x_and_0x() -> None:
    schema = z.object({"name": z.string(), "age": z.number(), "nick": z.string().optional()})
    agent, model = agent_with([{"object": {"name": "Ada", "age": 36, "extra": 1}}])
    res = await agent.generate("Extract", {"structuredOutput": {"schema": schema}})
    assert res.object == {"name": "Ada", "age": 36}  # parsed like zod: unknown keys stripped
    assert model.requests[0].output.json_schema == schema.to_json_schema()

    agent, _ = agent_with([{"object": {"name": "Bob", "age": 5}}])
    legacy = await agent.generateLegacy("Extract", {"output": schema})
    assert legacy.object == {"name": "Bob", "age": 5}
    agent, _ = agent_with([{"object": {"name": "Bob", "age": 5}}])
    assert (await agent.generate("Extract", {"output": schema})).object["name"] == "Bob"


async def test_structured_output_error_strategies() -> None:
    schema = z.object({"name": z.string(), "age": z.number()})
    agent, _ = agent_with([{"object": {"name": "Ada"}}])
    with pytest.raises(StructuredOutputError):
        await agent.generate("x", {"structuredOutput": {"schema": schema}})
    agent, _ = agent_with([{"object": {"name": "Ada"}}])
    res = await agent.generate(
        "x",
        {
            "structuredOutput": {
                "schema": schema,
                "errorStrategy": "fallback",
                "fallbackValue": {"name": "", "age": 0},
            }
        },
    )
    assert res.object == {"name": "", "age": 0} and res.usedFallbackValue is True
    agent, _ = agent_with([{"text": "not json"}])
    res = await agent.generate(
        "x", {"structuredOutput": {"schema": schema, "errorStrategy": "warn"}}
    )
    assert res.object is None


async def test_options_of_both_eras_reach_the_model_and_tools() -> None:
    seen: list = []
    tool = weather_tool(seen)
    model = ScriptedModel(
        [{"tool_call": {"name": "weather", "args": {"location": "Lima"}}}, {"text": "ok"}]
    )
    agent = Agent(
        {
            "id": "a",
            "name": "A",
            "instructions": "Be brief.",
            "model": model,
            "tools": {"weather": tool},
            "defaultOptions": {"modelSettings": {"temperature": 0.1}, "maxSteps": 4},
        }
    )
    rc = RequestContext()
    rc.set("unit", "metric")
    steps_seen: list = []
    finished: list = []
    res = await agent.generate(
        "Lima?",
        {
            "modelSettings": {"maxOutputTokens": 50, "topP": 0.5},
            "toolChoice": "auto",
            "requestContext": rc,
            "memory": {"thread": {"id": "t-1"}, "resource": "u-1"},
            "onStepFinish": steps_seen.append,
            "onFinish": finished.append,
        },
    )
    settings = model.requests[0].settings
    assert settings["temperature"] == 0.1 and settings["max_tokens"] == 50
    assert settings["top_p"] == 0.5
    assert model.requests[0].tool_choice == "auto"
    ((_, context),) = seen
    assert context.requestContext.get("unit") == "metric"
    assert context.agent.agentId == "a"
    assert context.agent.threadId == "t-1" and context.agent.resourceId == "u-1"
    assert len(steps_seen) == 2 and steps_seen[0].toolCalls[0].payload.toolName == "weather"
    assert finished == [res]

    # 0.x spellings
    model2 = ScriptedModel([{"text": "ok"}])
    agent2 = Agent({"name": "B", "instructions": "x", "model": model2})
    await agent2.generate(
        "hi",
        {
            "threadId": "t",
            "resourceId": "u",
            "runtimeContext": {"k": 1},
            "temperature": 0.7,
            "maxTokens": 9,
            "toolChoice": "none",
        },
    )
    assert model2.requests[0].settings == {"temperature": 0.7, "max_tokens": 9}


async def test_dynamic_instructions_model_and_tools_get_the_request_context() -> None:
    pro = ScriptedModel([{"text": "pro answer"}])
    basic = ScriptedModel([{"text": "basic answer"}])
    agent = Agent(
        {
            "id": "dyn",
            "name": "Dyn",
            "instructions": lambda ctx: f"Speak {ctx.requestContext.get('lang')}.",
            "model": lambda ctx: pro if ctx.get("tier") == "pro" else basic,
            "tools": lambda ctx: {"weather": weather_tool()} if ctx.get("tier") == "pro" else {},
        }
    )
    rc = RequestContext({"lang": "French", "tier": "pro"})
    res = await agent.generate("hi", {"requestContext": rc})
    assert res.text == "pro answer"
    assert pro.requests[0].messages[0].content == "Speak French."
    assert [t["name"] for t in pro.requests[0].tools] == ["weather"]
    res = await agent.generate("hi", {"requestContext": {"lang": "Thai", "tier": "free"}})
    assert res.text == "basic answer" and basic.requests[0].tools == []
    assert await agent.getInstructions({"requestContext": rc}) == "Speak French."


async def test_instructions_as_list_and_system_messages() -> None:
    model = ScriptedModel([{"text": "ok"}])
    agent = Agent(
        {
            "name": "L",
            "instructions": ["Rule one.", {"role": "system", "content": "Rule two."}],
            "model": model,
        }
    )
    await agent.generate([{"role": "user", "content": [{"type": "text", "text": "hi"}]}])
    assert "Rule one." in model.requests[0].messages[0].content
    assert "Rule two." in model.requests[0].messages[0].content
    assert model.requests[0].messages[-1].content == "hi"


async def test_memory_thread_persists_history(tmp_path) -> None:
    from lumosai.compat.mastra import LibSQLStore, Memory

    db = tmp_path / "mastra.db"
    model = ScriptedModel([{"text": "Nice to meet you, Ada."}, {"text": "You are Ada."}])
    memory = Memory(
        {"storage": LibSQLStore({"id": "s", "url": f"file:{db}"}), "options": {"lastMessages": 10}}
    )
    agent = Agent({"name": "M", "instructions": "x", "model": model, "memory": memory})
    await agent.generate("I am Ada", {"memory": {"thread": "t1", "resource": "u1"}})
    await agent.generate("Who am I?", {"memory": {"thread": "t1", "resource": "u1"}})
    contents = [m.content for m in model.requests[1].messages]
    assert "I am Ada" in contents and "Nice to meet you, Ada." in contents
    recalled = await memory.recall({"threadId": "t1"})
    assert [m.role for m in recalled.messages] == ["user", "assistant", "user", "assistant"]
    thread = await memory.getThreadById({"threadId": "t1"})
    assert thread.resourceId == "u1"
    assert db.exists()
    assert (await agent.getMemory()) is memory


async def test_unknown_agent_option_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown option"):
        Agent({"name": "x", "instructions": "y", "model": ScriptedModel([]), "toolz": {}})


async def test_per_call_toolsets_client_tools_and_active_tools() -> None:
    extra = createTool({"id": "extra", "description": "per call", "execute": lambda i: "x"})
    agent, model = agent_with([{"text": "a"}, {"text": "b"}, {"text": "c"}])
    await agent.generate("hi", {"toolsets": {"mcp": {"server_extra": extra}}})
    assert sorted(t["name"] for t in model.requests[0].tools) == ["server_extra", "weather"]
    await agent.generate("hi", {"activeTools": []})
    assert model.requests[1].tools == []
    await agent.generate("hi")  # per-call tools do not stick
    assert [t["name"] for t in model.requests[2].tools] == ["weather"]


async def test_system_context_instructions_and_run_id_options() -> None:
    agent, model = agent_with([{"text": "ok"}])
    res = await agent.generate(
        "question",
        {
            "instructions": "Override.",
            "system": "Extra system.",
            "context": [{"role": "user", "content": "earlier"}],
            "runId": "run-42",
        },
    )
    contents = [(m.role, m.content) for m in model.requests[0].messages]
    assert contents == [
        ("system", "Override."),
        ("system", "Extra system."),
        ("user", "earlier"),
        ("user", "question"),
    ]
    assert res.runId == "run-42"


async def test_stream_callbacks_and_errors() -> None:
    chunks: list = []
    agent, _ = agent_with([{"text": "one two"}])
    stream = agent.stream("x", {"onChunk": chunks.append})
    assert stream.runId  # known before the run starts
    await stream.consumeStream()
    assert [c.type for c in chunks][:2] == ["start", "step-start"]
    assert all(c.runId == stream.runId for c in chunks)

    errors: list = []
    broken, _ = agent_with([{"error": "provider down"}, {"error": "provider down"}])
    stream = broken.stream("x", {"onError": errors.append})
    with pytest.raises(Exception, match="provider down"):
        await stream.text
    assert "provider down" in str(errors[0]["error"])
    with pytest.raises(Exception, match="provider down"):
        await broken.generate("x", {"onError": errors.append})


async def test_abort_signal() -> None:
    from lumosai.agent.loop import RunAbortedError

    signal = asyncio.Event()
    signal.set()
    agent, _ = agent_with([{"text": "never"}])
    with pytest.raises(RunAbortedError):
        await agent.generate("x", {"abortSignal": signal})


async def test_stream_runs_even_if_nobody_reads_it() -> None:
    finished: list = []
    agent, _ = agent_with([{"text": "done"}])
    stream = agent.stream("x", {"onFinish": finished.append})
    for _ in range(50):
        if finished:
            break
        await asyncio.sleep(0.01)
    assert finished and finished[0].text == "done"
    assert await stream.text == "done"


async def test_native_memory_on_a_compat_agent() -> None:
    from lumosai.memory import InMemoryStorage, MemoryConfig
    from lumosai.memory import Memory as NativeMemory

    native = NativeMemory(MemoryConfig(last_messages=5), InMemoryStorage())
    model = ScriptedModel([{"text": "a"}, {"text": "b"}])
    agent = Agent({"name": "n", "instructions": "", "model": model, "memory": native})
    await agent.generate("remember me", {"threadId": "t"})
    await agent.generate("again", {"threadId": "t"})
    assert agent.get_memory() is native
    assert "remember me" in [m.content for m in model.requests[1].messages]
