"""The mock server's Anthropic Messages API, driven by real clients: the `anthropic` SDK
(JSON and SSE) and Lumos's `anthropic()` provider (pydantic-ai's Anthropic model)."""

from __future__ import annotations

import anthropic as anthropic_sdk
from pydantic import BaseModel

from lumosai import Agent, anthropic, tool
from lumosai.testing import mock_llm_server


def _client(url: str) -> anthropic_sdk.Anthropic:
    return anthropic_sdk.Anthropic(api_key="test", base_url=url, max_retries=0)


def test_json_text_and_request_view() -> None:
    with mock_llm_server([{"text": "Hello there"}]) as server:
        reply = _client(server.url).messages.create(
            model="mock-claude",
            max_tokens=100,
            extra_body={"temperature": 0.2},
            system=[
                {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": "Use English."},
            ],
            messages=[{"role": "user", "content": "hi"}],
        )
    assert reply.content[0].type == "text" and reply.content[0].text == "Hello there"
    assert reply.stop_reason == "end_turn" and reply.usage.output_tokens > 0
    recorded = server.requests[0]
    assert recorded.path == "/v1/messages"
    assert [(m.role, m.content) for m in recorded.messages] == [
        ("system", "Be brief."),
        ("system", "Use English."),
        ("user", "hi"),
    ]
    assert recorded.settings == {"max_tokens": 100, "temperature": 0.2}


def test_stream_tool_use_then_tool_result_maps_to_common_view() -> None:
    script = [{"tool_call": {"name": "add", "args": {"a": 1, "b": 2}}}, {"text": "It is 3"}]
    tools = [
        {
            "name": "add",
            "description": "Add",
            "input_schema": {"type": "object", "properties": {"a": {"type": "number"}}},
        }
    ]
    with mock_llm_server(script) as server:
        client = _client(server.url)
        with client.messages.stream(
            model="m", max_tokens=50, tools=tools, messages=[{"role": "user", "content": "1+2"}]
        ) as stream:
            first = stream.get_final_message()
        assert first.stop_reason == "tool_use"
        use = first.content[0]
        assert use.type == "tool_use" and use.name == "add" and use.input == {"a": 1, "b": 2}
        second = client.messages.create(
            model="m",
            max_tokens=50,
            tools=tools,
            messages=[
                {"role": "user", "content": "1+2"},
                {"role": "assistant", "content": [use.model_dump()]},
                {
                    "role": "user",
                    "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "3"}],
                },
            ],
        )
    assert second.content[0].text == "It is 3"
    recorded = server.requests[1]
    assert recorded.tools[0]["parameters"]["properties"] == {"a": {"type": "number"}}
    assert recorded.messages[1].tool_calls[0].name == "add"
    assert recorded.messages[2].role == "tool"
    assert recorded.messages[2].tool_results[0].name == "add"
    assert recorded.messages[2].tool_results[0].result == 3


def test_error_item_is_an_anthropic_error() -> None:
    with mock_llm_server([{"error": "nope"}]) as server:
        try:
            _client(server.url).messages.create(
                model="m", max_tokens=5, messages=[{"role": "user", "content": "x"}]
            )
        except anthropic_sdk.BadRequestError as exc:
            assert "nope" in str(exc)
        else:
            raise AssertionError("expected a 400")


def test_forced_json_tool_is_output_and_answered_with_tool_use() -> None:
    """The AI SDK's structured output for older Claude models: a forced `json` tool."""
    schema = {"type": "object", "properties": {"city": {"type": "string"}}}
    with mock_llm_server([{"object": {"city": "Paris"}}]) as server:
        reply = _client(server.url).messages.create(
            model="m",
            max_tokens=5,
            tools=[
                {
                    "name": "json",
                    "description": "Respond with a JSON object.",
                    "input_schema": schema,
                }
            ],
            tool_choice={"type": "tool", "name": "json"},
            messages=[{"role": "user", "content": "where"}],
        )
    assert reply.content[0].type == "tool_use" and reply.content[0].input == {"city": "Paris"}
    recorded = server.requests[0]
    assert recorded.tools == []
    assert recorded.model_request is not None and recorded.model_request.output is not None
    assert recorded.model_request.output.json_schema == schema


@tool(name="add", description="Add two numbers")
def add(a: int, b: int) -> int:
    return a + b


class City(BaseModel):
    city: str


async def test_lumos_anthropic_agent_with_tool_stream_and_output() -> None:
    script = [
        {"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}},
        {"text": "Five."},
        {"object": {"city": "Oslo"}},
    ]
    with mock_llm_server(script) as server:
        model = anthropic("claude-3-5-sonnet-latest", api_key="k", base_url=server.url)
        agent = Agent(name="a", instructions="You add.", model=model, tools=[add])
        result = await agent.generate("2+3?")
        assert result.text == "Five."
        assert result.tool_results[0].result == 5
        structured = await agent.generate("where?", output=City)
    assert structured.object is not None
    assert dict(structured.object) == {"city": "Oslo"} or structured.object.city == "Oslo"
    first = server.requests[0]
    assert first.messages[0].content.startswith("You add.")
    assert [t["name"] for t in first.tools] == ["add"]
    assert server.requests[1].messages[-1].tool_results[0].result == 5
    assert server.requests[2].model_request is not None
    assert server.requests[2].model_request.output is not None


def test_native_output_config_is_output_and_answered_with_json_text() -> None:
    """Newer models get `output_config.format` (AI SDK) instead of a forced tool."""
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    with mock_llm_server([{"object": {"n": 7}}]) as server:
        reply = _client(server.url).messages.create(
            model="mock-claude",
            max_tokens=5,
            messages=[{"role": "user", "content": "n?"}],
            extra_body={"output_config": {"format": {"type": "json_schema", "schema": schema}}},
        )
    assert reply.content[0].type == "text" and reply.content[0].text == '{"n": 7}'
    recorded = server.requests[0].model_request
    assert recorded is not None and recorded.output is not None
    assert recorded.output.json_schema == schema


def test_tool_choice_shapes_map_to_common_values() -> None:
    tools = [{"name": "f", "description": "", "input_schema": {"type": "object"}}]
    choices = [{"type": "auto"}, {"type": "any"}, {"type": "tool", "name": "f"}]
    with mock_llm_server([{"text": "ok"}] * 3) as server:
        client = _client(server.url)
        for choice in choices:
            client.messages.create(
                model="m",
                max_tokens=5,
                tools=tools,
                tool_choice=choice,
                messages=[{"role": "user", "content": "x"}],
            )
    seen = [r.model_request.tool_choice for r in server.requests if r.model_request]
    assert seen == ["auto", "required", {"type": "tool", "tool_name": "f"}]


async def test_lumos_anthropic_agent_streams_over_sse() -> None:
    script = [{"tool_call": {"name": "add", "args": {"a": 4, "b": 5}}}, {"text": "Nine it is."}]
    with mock_llm_server(script) as server:
        model = anthropic("claude-3-5-sonnet-latest", api_key="k", base_url=server.url)
        agent = Agent(name="a", instructions="You add.", model=model, tools=[add])
        stream = agent.stream("4+5?")
        deltas = [item async for item in stream if isinstance(item, str)]
        result = await stream.result()
    assert "".join(deltas) == "Nine it is." == result.text
    assert result.tool_results[0].result == 9
    assert all(r.stream for r in server.requests)
    assert server.requests[1].messages[-1].tool_results[0].result == 9
