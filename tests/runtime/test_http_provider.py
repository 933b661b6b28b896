"""The real HTTP path: openai() (pydantic-ai + openai SDK) against mock_llm_server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, Field

from lumosai import Agent, openai, openai_compatible, tool
from lumosai.agent import ToolCallEvent, ToolResultEvent
from lumosai.llm import ModelError
from lumosai.testing import mock_llm_server


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


class WeatherIn(BaseModel):
    """Weather query."""

    city: str = Field(description="City name")
    units: str = Field(default="metric", description="metric or imperial")


@tool(name="get-weather", description="Get the weather", input_schema=WeatherIn)
def get_weather(args: WeatherIn) -> dict[str, Any]:
    return {"city": args.city, "temp": 21, "units": args.units}


SCRIPT = [{"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}}, {"text": "5"}]


def calc(server: Any, **kwargs: Any) -> Agent:
    return Agent(
        name="calc",
        instructions="You add.",
        tools=[add],
        model=openai("gpt-4o-mini", base_url=server.base_url, api_key="test", max_retries=0),
        **kwargs,
    )


async def test_tool_call_then_text_over_http() -> None:
    with mock_llm_server(SCRIPT) as server:
        result = await calc(server).generate("2+3?")
    assert result.text == "5"
    assert result.tool_calls[0].name == "add"
    assert result.tool_calls[0].args == {"a": 2, "b": 3}
    assert result.tool_results[0].result == 5
    assert result.usage.total_tokens > 0
    first, second = server.requests
    assert first.body["messages"] == [
        {"role": "system", "content": "You add."},
        {"role": "user", "content": "2+3?"},
    ]
    assert [m["role"] for m in second.body["messages"]] == ["system", "user", "assistant", "tool"]
    tool_msg = second.body["messages"][3]
    assert tool_msg["tool_call_id"] == first_call_id(second.body)
    assert json.loads(tool_msg["content"]) == 5
    assert second.messages[3].tool_results[0].result == 5


def first_call_id(body: dict[str, Any]) -> str:
    return str(body["messages"][2]["tool_calls"][0]["id"])


async def test_tool_schema_on_the_wire_is_the_pydantic_schema() -> None:
    with mock_llm_server([{"text": "ok"}]) as server:
        agent = Agent(
            name="w",
            instructions="i",
            tools=[get_weather, add],
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k"),
        )
        await agent.generate("weather?")
    tools = server.requests[0].body["tools"]
    by_name = {t["function"]["name"]: t["function"] for t in tools}
    assert by_name["get-weather"]["parameters"] == WeatherIn.model_json_schema()
    assert by_name["get-weather"]["description"] == "Get the weather"
    assert "strict" not in by_name["get-weather"]
    assert by_name["add"]["parameters"] == {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
        "required": ["a", "b"],
    }


async def test_settings_and_tool_choice_in_the_json_body() -> None:
    with mock_llm_server([{"text": "a"}]) as server:
        agent = calc(server, temperature=0.25, max_tokens=64, top_p=0.5)
        agent.add_tool(get_weather)
        await agent.generate(
            "x", tool_choice={"type": "tool", "tool_name": "add"}, stop=["STOP"], seed=7
        )
    body = server.requests[0].body
    assert body["temperature"] == 0.25
    assert body.get("max_tokens", body.get("max_completion_tokens")) == 64
    assert body["top_p"] == 0.5
    assert body["stop"] == ["STOP"]
    assert body["seed"] == 7
    assert body["tool_choice"] == {"type": "function", "function": {"name": "add"}}
    assert server.requests[0].settings["max_tokens"] == 64


async def test_tool_choice_none_and_required_on_the_wire() -> None:
    with mock_llm_server([{"text": "a"}, {"text": "b"}]) as server:
        agent = calc(server)
        await agent.generate("x", tool_choice="none")
        await agent.generate("x", tool_choice="required", max_steps=1)
    assert server.requests[0].body["tool_choice"] == "none"
    assert server.requests[1].body["tool_choice"] == "required"


class Forecast(BaseModel):
    city: str
    high: int


async def test_structured_output_uses_json_schema_response_format() -> None:
    with mock_llm_server([{"object": {"city": "Oslo", "high": 4}}]) as server:
        agent = calc(server)
        result = await agent.generate("forecast", output=Forecast)
    assert result.object == Forecast(city="Oslo", high=4)
    fmt = server.requests[0].body["response_format"]
    assert fmt["type"] == "json_schema"
    assert set(fmt["json_schema"]["schema"]["properties"]) == {"city", "high"}


async def test_streaming_over_sse() -> None:
    script = [
        {"tool_call": {"name": "add", "args": {"a": 20, "b": 22}}},
        {"text": "The answer is 42"},
    ]
    with mock_llm_server(script) as server:
        stream = calc(server).stream("20+22?")
        deltas: list[str] = []
        events: list[Any] = []
        async for item in stream:
            (deltas if isinstance(item, str) else events).append(item)
        result = await stream.result()
    assert "".join(deltas) == "The answer is 42"
    assert len(deltas) > 1
    assert isinstance(events[0], ToolCallEvent) and events[0].tool_call.args == {"a": 20, "b": 22}
    assert isinstance(events[1], ToolResultEvent) and events[1].tool_result.result == 42
    assert [e.type for e in events] == [
        "tool-call",
        "tool-result",
        "step-finish",
        "step-finish",
        "finish",
    ]
    assert result.text == "The answer is 42"
    assert result.usage.total_tokens > 0
    assert all(r.body["stream"] is True for r in server.requests)


async def test_http_500_is_a_clear_model_error() -> None:
    with (
        mock_llm_server([{"status": 500, "error": "upstream exploded"}]) as server,
        pytest.raises(ModelError) as info,
    ):
        await calc(server).generate("x")
    assert info.value.status == 500
    assert "upstream exploded" in str(info.value)
    assert "openai/gpt-4o-mini" in str(info.value)


async def test_http_500_is_retried_when_retries_are_on() -> None:
    with mock_llm_server([{"status": 500, "error": "flaky"}, {"text": "fine"}]) as server:
        agent = Agent(
            name="r",
            instructions="i",
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=1),
        )
        assert (await agent.generate("x")).text == "fine"
    assert len(server.requests) == 2


async def test_timeout_is_a_clear_model_error() -> None:
    with mock_llm_server([{"delay": 1.0, "text": "late"}]) as server:
        agent = Agent(
            name="t",
            instructions="i",
            model=openai(
                "gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=0, timeout=0.2
            ),
        )
        with pytest.raises(ModelError, match=r"(?i)timed? ?out"):
            await agent.generate("x")


async def test_malformed_json_is_a_clear_model_error() -> None:
    with (
        mock_llm_server([{"raw": "{not json"}]) as server,
        pytest.raises(ModelError, match="JSON"),
    ):
        await calc(server).generate("x")


async def test_tool_error_result_goes_back_over_http() -> None:
    @tool
    def fail(x: int) -> int:
        """Fails."""
        raise ValueError("no such x")

    script = [{"tool_call": {"name": "fail", "args": {"x": 1}}}, {"text": "handled"}]
    with mock_llm_server(script) as server:
        agent = Agent(
            name="f",
            instructions="i",
            tools=[fail],
            model=openai_compatible("local", base_url=server.base_url),
        )
        result = await agent.generate("x")
    assert result.text == "handled"
    assert result.tool_results[0].is_error
    assert "no such x" in server.requests[1].body["messages"][-1]["content"]


async def test_many_concurrent_conversations_per_conversation_mode() -> None:
    with mock_llm_server(SCRIPT, mode="per_conversation") as server:
        agent = calc(server)
        results = await asyncio.gather(*(agent.generate(f"{i}?") for i in range(24)))
    assert all(r.text == "5" and r.tool_results[0].result == 5 for r in results)
    assert len(server.requests) == 48


def test_server_speaks_plain_http() -> None:
    with mock_llm_server([{"text": "hello"}], loop=True) as server:
        models = httpx.get(f"{server.base_url}/models")
        assert models.status_code == 200
        reply = httpx.post(
            f"{server.base_url}/chat/completions",
            json={"model": "m", "messages": [{"role": "user", "content": "hi"}]},
        )
        assert reply.status_code == 200
        body = reply.json()
        assert body["choices"][0]["message"]["content"] == "hello"
        assert body["usage"]["total_tokens"] > 0
        bad = httpx.post(f"{server.base_url}/chat/completions", content=b"{oops")
        assert bad.status_code == 400
        missing = httpx.post(f"{server.base_url}/nope", json={})
        assert missing.status_code == 404


async def test_responses_api_generate_and_stream() -> None:
    script = [
        {"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}},
        {"text": "the sum is 5"},
    ]
    for stream in (False, True):
        with mock_llm_server(script) as server:
            agent = Agent(
                name="calc",
                instructions="You add.",
                tools=[add],
                temperature=0.2,
                model=openai(
                    "gpt-4o-mini",
                    base_url=server.base_url,
                    api_key="k",
                    api="responses",
                    max_retries=0,
                ),
            )
            if stream:
                s = agent.stream("2+3?")
                deltas = [i async for i in s if isinstance(i, str)]
                assert "".join(deltas) == "the sum is 5" and len(deltas) > 1
                result = await s.result()
            else:
                result = await agent.generate("2+3?")
        assert result.text == "the sum is 5"
        assert result.tool_results[0].result == 5
        assert result.usage.total_tokens > 0
        first, second = server.requests
        assert first.path == "/v1/responses"
        assert first.body["temperature"] == 0.2
        assert first.tools[0]["parameters"] == add.parameters
        assert [m.role for m in second.messages] == ["system", "user", "assistant", "tool"]
        assert second.body["input"][-1] == {
            "type": "function_call_output",
            "call_id": result.tool_calls[0].id,
            "output": "5",
        }


async def test_responses_api_structured_output() -> None:
    with mock_llm_server([{"object": {"city": "Oslo", "high": 4}}]) as server:
        agent = Agent(
            name="s",
            instructions="i",
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", api="responses"),
        )
        result = await agent.generate("forecast", output=Forecast)
    assert result.object == Forecast(city="Oslo", high=4)
    assert server.requests[0].body["text"]["format"]["type"] == "json_schema"
    assert "description" not in server.requests[0].body["text"]["format"]


async def test_extra_model_settings_go_into_the_body() -> None:
    with mock_llm_server([{"text": "a"}]) as server:
        await calc(server).generate(
            "x", model_settings={"presence_penalty": 0.5, "user": "u-1", "logprobs": True}
        )
    body = server.requests[0].body
    assert body["presence_penalty"] == 0.5
    assert body["user"] == "u-1"
    assert body["logprobs"] is True


async def test_64_concurrent_clients() -> None:
    with mock_llm_server(SCRIPT, mode="per_conversation") as server:
        agent = calc(server)
        results = await asyncio.gather(*(agent.generate(f"{i}") for i in range(64)))
    assert {r.text for r in results} == {"5"}
    assert len(server.requests) == 128


async def test_dynamic_model_string_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_llm_server([{"text": "a"}, {"text": "b"}]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        agent = Agent(name="d", instructions="i", model=lambda ctx: "openai/gpt-4o-mini")
        assert (await agent.generate("1")).text == "a"
        assert (await agent.generate("2")).text == "b"
    assert len(agent._resolved) == 1


async def test_malformed_tool_arguments_over_http_become_error_result() -> None:
    script = [{"tool_call": {"name": "add", "args": '{"a": 2, "b"'}}, {"text": "oops"}]
    for api in ("chat", "responses"):
        with mock_llm_server(script) as server:
            agent = Agent(
                name="m",
                instructions="i",
                tools=[add],
                model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", api=api),  # type: ignore[arg-type]
            )
            result = await agent.generate("x")
        assert result.text == "oops"
        assert result.tool_results[0].is_error
        assert '{"a": 2, "b"' in result.tool_results[0].result


async def test_structured_output_through_an_output_tool_when_no_json_schema_mode() -> None:
    """Providers without JSON-schema output (Anthropic, ...) get an output tool instead."""
    from openai import AsyncOpenAI
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.profiles.openai import OpenAIModelProfile
    from pydantic_ai.providers.openai import OpenAIProvider

    script = [{"tool_call": {"name": "final_result", "args": {"city": "Lima", "high": 19}}}]
    with mock_llm_server(script) as server:
        client = AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        model = OpenAIChatModel(
            "plain",
            provider=OpenAIProvider(openai_client=client),
            profile=OpenAIModelProfile(supports_json_schema_output=False),
        )
        agent = Agent(name="o", instructions="i", model=model, tools=[get_weather])
        result = await agent.generate("forecast", output=Forecast)
        await client.close()
    assert result.object == Forecast(city="Lima", high=19)
    assert result.finish_reason == "stop"
    assert result.tool_calls == []
    names = [t["function"]["name"] for t in server.requests[0].body["tools"]]
    assert names == ["get-weather", "final_result"]
    by_name = {t["function"]["name"]: t["function"] for t in server.requests[0].body["tools"]}
    assert by_name["get-weather"]["parameters"] == WeatherIn.model_json_schema()


async def test_max_tokens_field_per_provider_kind() -> None:
    """OpenAI gets `max_completion_tokens`; OpenAI-compatible servers get `max_tokens`."""
    with mock_llm_server([{"text": "a"}, {"text": "b"}]) as server:
        for model in (
            openai("gpt-4o-mini", base_url=server.base_url, api_key="k"),
            openai_compatible("local-model", base_url=server.base_url),
        ):
            await Agent(name="m", instructions="i", model=model, max_tokens=33).generate("x")
    first, second = (r.body for r in server.requests)
    assert first["max_completion_tokens"] == 33 and "max_tokens" not in first
    assert second["max_tokens"] == 33 and "max_completion_tokens" not in second
