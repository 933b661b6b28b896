"""Values as JavaScript hands them on: a tool's nested zod defaults are filled at every depth,
and a tool result's integral floats reach the model as `6`, not `6.0` (JSON.stringify)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from lumosai import Agent, openai, tool
from lumosai.testing import mock_llm_server
from lumosai.types import js_numbers


class Item(BaseModel):
    name: str
    quantity: float
    optional: bool = False


class ScaleIn(BaseModel):
    items: list[Item]
    factor: float = 1.0
    extra: dict[str, Item] = {}


@tool(name="scale", description="Scale items", input_schema=ScaleIn)
def scale(data: dict[str, Any]) -> dict[str, Any]:
    scaled = [
        {"name": i["name"], "quantity": round(i["quantity"] * data["factor"] * 10) / 10}
        for i in data["items"]
        if not i["optional"]
    ]
    return {"items": scaled, "seen": data}


async def test_nested_defaults_are_filled_like_zod_parse() -> None:
    out = await scale.execute({"items": [{"name": "flour", "quantity": 3}], "factor": 2})
    assert out["seen"] == {
        "items": [{"name": "flour", "quantity": 3.0, "optional": False}],
        "factor": 2.0,
        "extra": {},
    }


def test_js_numbers_prints_integral_floats_as_ints() -> None:
    data = {"a": 6.0, "b": [1.5, -0.0, 2.0], "c": (3.0,), "d": "6.0", "e": True, "f": 1e300}
    assert json.dumps(js_numbers(data)) == (
        '{"a": 6, "b": [1.5, 0, 2], "c": [3], "d": "6.0", "e": true, "f": 1e+300}'
    )
    assert js_numbers(Item(name="x", quantity=2.0)) == {
        "name": "x",
        "quantity": 2,
        "optional": False,
    }


async def test_tool_result_reaches_the_model_with_js_numbers() -> None:
    script = [
        {"tool_call": {"name": "scale", "args": {"items": [{"name": "a", "quantity": 3}]}}},
        {"text": "done"},
    ]
    with mock_llm_server(script) as server:
        agent = Agent(
            name="scaler",
            instructions="Scale.",
            tools=[scale],
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=0),
        )
        result = await agent.generate("scale")
    assert result.text == "done"
    tool_message = server.requests[1].body["messages"][-1]
    assert tool_message["role"] == "tool"
    sent = json.loads(tool_message["content"])
    assert sent["items"] == [{"name": "a", "quantity": 3}]
    assert '"quantity":3.0' not in tool_message["content"].replace(" ", "")


@tool(
    name="stats",
    description="Text stats",
    to_model_output=lambda out: {"type": "text", "value": f"{out['words']} words"},
)
def stats(text: str) -> dict[str, Any]:
    return {"words": len(text.split())}


async def test_to_model_output_is_what_the_model_sees_now_and_from_memory(tmp_path: Any) -> None:
    from lumosai.memory import MemoryConfig, SqliteStorage

    script = [
        {"tool_call": {"name": "stats", "args": {"text": "a b c"}}},
        {"text": "three"},
        {"text": "again"},
    ]
    with mock_llm_server(script) as server:
        agent = Agent(
            name="counter",
            instructions="Count.",
            tools=[stats],
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=0),
            memory_config=MemoryConfig(last_messages=10),
            storage=SqliteStorage(str(tmp_path / "m.db")),
        )
        result = await agent.generate("count", thread_id="t", resource_id="u")
        await agent.generate("and now?", thread_id="t", resource_id="u")
    assert result.tool_results[0].result == {"words": 3}  # the caller gets the result itself
    for request in server.requests[1:]:
        tool_message = next(m for m in request.body["messages"] if m["role"] == "tool")
        assert tool_message["content"] == "3 words"
