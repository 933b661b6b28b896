"""Lumos's OpenAI-compatible client sends what the pydantic-ai + OpenAI SDK path sends.

Each request goes through both paths to a real ``mock_llm_server`` on 127.0.0.1 and the
recorded JSON bodies must be equal (``lumos-migrate verify`` compares these bodies with
Mastra's), and so must the responses and the errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
from typing import Any

import pytest
from pydantic import BaseModel, Field

from lumosai import Agent, tool
from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.llm.model import Model, ModelError, ModelRequest, OutputSpec
from lumosai.llm.openai_client import OpenAIChatClient
from lumosai.llm.providers import build_model
from lumosai.llm.pydantic_ai_model import PydanticAIModel
from lumosai.testing import mock_llm_server

TOOLS = [
    {
        "name": "add",
        "description": "Add two",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}},
            "required": ["a"],
        },
    },
    {"name": "noDesc", "description": "", "parameters": {"type": "object", "title": "X"}},
]
HISTORY = [
    Message(role="system", content="sys1"),
    Message(role="system", content="sys2"),
    Message(role="user", content="hé"),
    Message(
        role="assistant",
        content="thinking",
        tool_calls=[ToolCall("c1", "add", {"a": 1, "ü": 1.5e20, "n": None, "t": [1, (2, 3)]})],
    ),
    Message(
        role="tool",
        tool_results=[
            ToolResult("c1", "add", {"x": [1, 2.0, "s"]}),
            ToolResult("c2", "add", None),
            ToolResult("c3", "add", ""),
            ToolResult("c4", "add", []),
            ToolResult("c5", "add", [7]),
            ToolResult("c6", "add", "plain"),
            ToolResult("c7", "add", 3.0),
            ToolResult("c8", "add", True),
            ToolResult("c9", "add", {"a": 1}, model_output="shown instead"),
            ToolResult("c10", "add", datetime.datetime(2024, 1, 2, 3, 4, 5)),
            ToolResult("c11", "add", (1, 2.5)),
            ToolResult("c12", "add", b"bytes"),
            ToolResult("c13", "add", {"big": 2**60, "f": 0.1, "s": "é\u2028"}),
        ],
    ),
    Message(role="assistant", content="", tool_calls=[ToolCall("d1", "add", {})]),
    Message(role="tool", tool_results=[ToolResult("d1", "add", "r")]),
    Message(role="assistant", content="final"),
    Message(role="assistant", content=""),
    Message(role="user", content="again"),
]
OUTPUT = OutputSpec(
    {
        "title": "Forecast",
        "type": "object",
        "properties": {
            "city": {"title": "City", "type": "string", "default": "x"},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
            "nested": {"$ref": "#/$defs/N"},
        },
        "required": ["city"],
        "$defs": {
            "N": {
                "type": "object",
                "properties": {"a": {"anyOf": [{"type": "integer"}, {"type": "null"}]}},
                "required": ["a"],
            }
        },
    },
    name="Forecast",
    description="the forecast",
)
SETTINGS = {
    "temperature": 0.2,
    "max_tokens": 9,
    "top_p": 0.5,
    "stop": "X",
    "seed": 3,
    "presence_penalty": 0.1,
    "frequency_penalty": 0.2,
    "logit_bias": {"1": 2},
    "parallel_tool_calls": False,
    "user": "u",
    "logprobs": True,
    "top_k": 3,
}
REQUESTS: dict[str, ModelRequest] = {
    "plain": ModelRequest(messages=[Message(role="system", content="s"), Message(role="user")]),
    "history-tools": ModelRequest(messages=HISTORY, tools=TOOLS),
    "choice-none": ModelRequest(messages=HISTORY, tools=TOOLS, tool_choice="none"),
    "choice-required": ModelRequest(messages=HISTORY, tools=TOOLS, tool_choice="required"),
    "choice-tool": ModelRequest(
        messages=HISTORY, tools=TOOLS, tool_choice={"type": "tool", "tool_name": "add"}
    ),
    "choice-only-tool": ModelRequest(
        messages=HISTORY, tools=TOOLS[:1], tool_choice={"type": "tool", "tool_name": "add"}
    ),
    "choice-none-no-tools": ModelRequest(messages=HISTORY, tool_choice="none"),
    "output": ModelRequest(messages=HISTORY, output=OUTPUT),
    "output-tools-settings": ModelRequest(
        messages=HISTORY, tools=TOOLS, output=OUTPUT, settings=SETTINGS
    ),
    "more-settings": ModelRequest(
        messages=HISTORY,
        settings={
            "stop": ["a", "b"],
            "stop_sequences": ["z"],
            "parallel_tool_calls": True,
            "extra_body": {"foo": 1},
            "timeout": 30,
            "service_tier": "flex",
            "extra_headers": {"X-A": "b"},
        },
    ),
}
FAILING: dict[str, ModelRequest] = {
    "required-without-tools": ModelRequest(messages=HISTORY, tool_choice="required"),
    "unknown-tool": ModelRequest(
        messages=HISTORY, tools=TOOLS[:1], tool_choice={"type": "tool", "tool_name": "zzz"}
    ),
}
PROVIDERS = [("openai", "gpt-4o-mini"), ("deepseek", "deepseek-chat"), ("ollama", "llama3")]


def both(monkeypatch: pytest.MonkeyPatch, provider: str, model: str, url: str) -> list[Model]:
    """The same model through pydantic-ai (first) and through Lumos's client (second)."""
    kwargs: dict[str, Any] = {"base_url": url, "api_key": "k", "settings": {"top_p": 0.9}}
    if provider != "ollama":
        kwargs["max_retries"] = 0
    monkeypatch.setenv("LUMOS_OPENAI_CLIENT", "pydantic-ai")
    old = build_model(provider, model, **kwargs)
    monkeypatch.delenv("LUMOS_OPENAI_CLIENT")
    new = build_model(provider, model, **kwargs)
    assert isinstance(old, PydanticAIModel) and isinstance(new, OpenAIChatClient)
    return [old, new]


async def run(model: Model, request: ModelRequest, stream: bool) -> Any:
    if not stream:
        return await model.request(request)
    chunks = [chunk async for chunk in model.stream(request)]
    return [c for c in chunks if isinstance(c, str)], chunks[-1]


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize(("provider", "model"), PROVIDERS)
async def test_same_request_bodies_and_responses(
    monkeypatch: pytest.MonkeyPatch, provider: str, model: str, stream: bool
) -> None:
    reply = {"text": "hello there world", "usage": {"prompt_tokens": 3, "completion_tokens": 4}}
    with mock_llm_server([reply], loop=True) as server:
        old, new = both(monkeypatch, provider, model, server.base_url)
        for name, request in REQUESTS.items():
            old_answer = await run(old, request, stream)
            new_answer = await run(new, request, stream)
            old_body, new_body = (r.body for r in server.requests[-2:])
            assert new_body == old_body, name
            assert new_answer == old_answer, name
        for name, request in FAILING.items():
            with pytest.raises(ModelError) as old_error:
                await run(old, request, stream)
            with pytest.raises(ModelError) as new_error:
                await run(new, request, stream)
            assert str(new_error.value) == str(old_error.value), name


REPLIES = [
    {"tool_calls": [{"name": "add", "args": {"a": 1}}, {"name": "add", "args": {"a": 2}}]},
    {"tool_call": {"name": "add", "args": '{"a": 2, "b"'}},
    {"tool_call": {"name": "add", "args": "[1]"}},
    {"tool_call": {"name": "add", "args": ""}},
    {"text": "<think>hmm</think>The answer"},
    {"text": "cut", "finish_reason": "length"},
    {"text": "hidden", "finish_reason": "content-filter"},
    {"text": "odd", "finish_reason": "weird"},
    {"object": {"c": "d"}},
    {"status": 500, "error": "upstream exploded"},
    {"error": "bad thing"},
    {"status": 404, "body": {"detail": "nope"}},
    {"status": 503, "raw": "plain text oops"},
    {"status": 429, "error": "slow down"},
    {"raw": "{not json"},
    {"raw": "[1, 2]"},
]


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize("reply", REPLIES, ids=lambda r: next(iter(r.values())).__class__.__name__)
async def test_same_answers_and_errors(
    monkeypatch: pytest.MonkeyPatch, reply: dict[str, Any], stream: bool
) -> None:
    request = ModelRequest(messages=[Message(role="user", content="hi")], tools=TOOLS)
    outcomes = []
    for index in (0, 1):  # a server each: the mock numbers tool-call ids by request
        with mock_llm_server([reply]) as server:
            model = both(monkeypatch, "openai", "gpt-4o-mini", server.base_url)[index]
            try:
                outcomes.append(await run(model, request, stream))
            except ModelError as exc:
                outcomes.append((str(exc), exc.status, exc.body))
    assert outcomes[1] == outcomes[0]


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


class Forecast(BaseModel):
    """A forecast."""

    city: str = Field(description="City name")
    high: int
    notes: list[str] = Field(default_factory=list, max_length=3)


@pytest.mark.parametrize("stream", [False, True], ids=["generate", "stream"])
async def test_agent_generate_sends_the_same_bodies(
    monkeypatch: pytest.MonkeyPatch, stream: bool
) -> None:
    """A whole generate (tool call, tool result, structured answer) both ways."""
    script = [
        {"tool_call": {"name": "add", "args": {"a": 2, "b": 3}}},
        {"object": {"city": "Oslo", "high": 5}},
    ]
    bodies: list[list[Any]] = []
    results = []
    for lean in (False, True):
        with mock_llm_server(script) as server:
            if lean:
                monkeypatch.delenv("LUMOS_OPENAI_CLIENT", raising=False)
            else:
                monkeypatch.setenv("LUMOS_OPENAI_CLIENT", "pydantic-ai")
            agent = Agent(
                name="calc",
                instructions="You add.",
                tools=[add],
                temperature=0.3,
                model=build_model("openai", "gpt-4o-mini", base_url=server.base_url, api_key="k"),
            )
            if stream:
                run_ = agent.stream("2+3?", output=Forecast)
                _ = [item async for item in run_]
                result = await run_.result()
            else:
                result = await agent.generate("2+3?", output=Forecast)
            results.append((result.object, result.text, result.tool_results[0].result))
            bodies.append([r.body for r in server.requests])
    assert bodies[1] == bodies[0]
    assert results[1] == results[0] == (Forecast(city="Oslo", high=5), results[0][1], 5)


@pytest.mark.parametrize(
    "error",
    [
        {"message": "overloaded mid-stream", "type": "server_error"},
        {"message": "too many", "code": "rate_limit_exceeded"},
        {"message": "odd", "code": "zzz"},
        "just text",
    ],
    ids=["server-error", "rate-limit", "unknown-code", "text"],
)
async def test_same_error_for_an_error_inside_a_stream(
    monkeypatch: pytest.MonkeyPatch, error: Any
) -> None:
    events = [{"choices": [{"index": 0, "delta": {"content": "Hi"}}]}, {"error": error}]
    data = "".join(f"data: {json.dumps(e)}\n\n" for e in events).encode()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                await reader.readexactly(length)
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(data), data)
                )
                await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1"
    outcomes = []
    try:
        for model in both(monkeypatch, "openai", "gpt-4o-mini", url):
            with pytest.raises(ModelError) as info:
                _ = [chunk async for chunk in model.stream(REQUESTS["plain"])]
            outcomes.append((str(info.value), info.value.status, info.value.body))
    finally:
        server.close()
    assert outcomes[1] == outcomes[0]
