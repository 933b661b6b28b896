"""Script modes and validation, shared by ScriptedModel and mock_llm_server."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from lumosai import Agent
from lumosai.llm import Message, ModelError
from lumosai.llm.model import ModelRequest
from lumosai.testing import ScriptedModel, ScriptError, mock_llm_server


def ask(text: str) -> ModelRequest:
    return ModelRequest(messages=[Message(role="user", content=text)])


async def test_sequential_loop_and_exhaustion() -> None:
    model = ScriptedModel([{"text": "a"}, {"text": "b"}], loop=True)
    texts = [(await model.request(ask("x"))).text for _ in range(5)]
    assert texts == ["a", "b", "a", "b", "a"]
    once = ScriptedModel([{"text": "a"}])
    await once.request(ask("x"))
    with pytest.raises(ModelError, match="script exhausted: 1 item"):
        await once.request(ask("x"))


async def test_echo_and_function_scripts() -> None:
    echo = ScriptedModel([], mode="echo")
    assert (await echo.request(ask("parrot"))).text == "parrot"
    shout = ScriptedModel(lambda req: {"text": req.messages[-1].content.upper()})
    assert (await shout.request(ask("hey"))).text == "HEY"


async def test_per_conversation_mode_serves_concurrent_runs() -> None:
    from lumosai import tool

    @tool
    async def wait(ms: int) -> int:
        """Sleep a bit."""
        await asyncio.sleep(ms / 1000)
        return ms

    model = ScriptedModel(
        [{"tool_call": {"name": "wait", "args": {"ms": 20}}}, {"text": "done"}],
        mode="per_conversation",
    )
    agent = Agent(name="p", instructions="i", model=model, tools=[wait])
    results = await asyncio.gather(*(agent.generate(str(i)) for i in range(10)))
    assert all(r.text == "done" and r.tool_results[0].result == 20 for r in results)


async def test_usage_finish_reason_and_delay_overrides() -> None:
    model = ScriptedModel(
        [
            {
                "text": "cut",
                "usage": {"prompt_tokens": 7, "completion_tokens": 3},
                "finish_reason": "length",
                "delay": 0.05,
            }
        ]
    )
    start = time.perf_counter()
    response = await model.request(ask("x"))
    assert time.perf_counter() - start >= 0.05
    assert (response.usage.prompt_tokens, response.usage.total_tokens) == (7, 10)
    assert response.finish_reason == "length"


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ([{"txt": "typo"}], r"unknown key\(s\) \['txt'\]"),
        (["just text"], "must be a dict"),
        ([{"tool_call": {"args": {}}}], "needs a 'name'"),
        ([{"tool_calls": {"name": "x"}}], "must be a list"),
        ("not a list", "a list of items"),
    ],
)
def test_bad_scripts_are_rejected_up_front(script: object, message: str) -> None:
    with pytest.raises(ScriptError, match=message):
        ScriptedModel(script)  # type: ignore[arg-type]
    with pytest.raises(ScriptError, match=message), mock_llm_server(script):  # type: ignore[arg-type]
        pass


def test_unknown_mode_is_rejected() -> None:
    with pytest.raises(ScriptError, match="unknown script mode"):
        ScriptedModel([], mode="random")  # type: ignore[arg-type]


def test_server_function_script_and_exhaustion() -> None:
    with mock_llm_server(lambda req: {"text": f"{len(req.messages)} messages"}) as server:
        reply = httpx.post(
            f"{server.base_url}/chat/completions",
            json={
                "model": "m",
                "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}],
            },
        )
        assert reply.json()["choices"][0]["message"]["content"] == "2 messages"
    with mock_llm_server([]) as server:
        reply = httpx.post(
            f"{server.base_url}/chat/completions", json={"model": "m", "messages": []}
        )
        assert reply.status_code == 500
        assert "script exhausted" in reply.json()["error"]["message"]
