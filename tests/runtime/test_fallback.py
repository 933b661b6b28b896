"""FallbackModel: models tried in order with their retries (Mastra's model fallback arrays),
on scripted models and over real HTTP against two mock servers on 127.0.0.1."""

from __future__ import annotations

import pytest

from lumosai import Agent, openai
from lumosai.llm import FallbackEntry, FallbackModel, ModelError
from lumosai.testing import ScriptedModel, mock_llm_server


async def test_first_model_answers_when_it_works() -> None:
    first, second = ScriptedModel([{"text": "from first"}]), ScriptedModel([{"text": "no"}])
    agent = Agent(name="a", instructions="Hi.", model=FallbackModel([first, second]))
    assert (await agent.generate("hello")).text == "from first"
    assert len(first.requests) == 1 and second.requests == []


async def test_retries_then_falls_back_to_the_next_model() -> None:
    first = ScriptedModel([{"error": "rate limited"}, {"error": "still limited"}])
    second = ScriptedModel([{"text": "from second"}])
    model = FallbackModel([FallbackEntry(first, max_retries=1), FallbackEntry(second)])
    result = await Agent(name="a", instructions="Hi.", model=model).generate("hello")
    assert result.text == "from second"
    assert len(first.requests) == 2  # one try + one retry
    assert len(second.requests) == 1


async def test_disabled_entries_are_skipped_and_dicts_read_like_mastra() -> None:
    broken = ScriptedModel([{"error": "down"}])
    skipped = ScriptedModel([{"text": "never asked"}])
    last = ScriptedModel([{"text": "from last"}])
    model = FallbackModel(
        [
            {"model": broken, "maxRetries": 0},
            {"model": skipped, "enabled": False},
            {"model": last},
        ]
    )
    result = await Agent(name="a", instructions="Hi.", model=model).generate("hello")
    assert result.text == "from last"
    assert skipped.requests == []


async def test_every_failure_is_named_when_all_models_fail() -> None:
    model = FallbackModel(
        [
            FallbackEntry(ScriptedModel([{"error": "quota"}], model_id="m1")),
            FallbackEntry(ScriptedModel([{"error": "overloaded"}], model_id="m2")),
        ]
    )
    with pytest.raises(ModelError) as info:
        await Agent(name="a", instructions="Hi.", model=model).generate("hello")
    assert "all 2 model attempts failed" in str(info.value)
    assert "quota" in str(info.value) and "overloaded" in str(info.value)


async def test_stream_falls_back_only_before_any_text_was_sent() -> None:
    model = FallbackModel([ScriptedModel([{"error": "down"}]), ScriptedModel([{"text": "hi!"}])])
    stream = Agent(name="a", instructions="Hi.", model=model).stream("hello")
    assert "".join([c async for c in stream.text_stream]) == "hi!"


async def test_over_http_a_failing_server_falls_back_to_the_other() -> None:
    failing = [{"error": "boom", "status": 500}] * 2
    with (
        mock_llm_server(failing) as bad,
        mock_llm_server([{"text": "served by the backup"}]) as good,
    ):
        model = FallbackModel(
            [
                FallbackEntry(
                    openai("gpt-4o-mini", base_url=bad.base_url, api_key="t", max_retries=0),
                    max_retries=1,
                ),
                openai("gpt-4.1-nano", base_url=good.base_url, api_key="t", max_retries=0),
            ]
        )
        result = await Agent(name="a", instructions="Hi.", model=model).generate("hello")
    assert result.text == "served by the backup"
    assert len(bad.requests) == 2
    assert good.requests[0].body["model"] == "gpt-4.1-nano"


def test_model_strings_resolve_lazily() -> None:
    # the second model's provider key is not needed unless the first one fails
    model = FallbackModel(["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"])
    assert model.model_id == "openai/gpt-4o-mini"
    assert model.provider == "fallback"
    with pytest.raises(ValueError):
        FallbackModel([])
