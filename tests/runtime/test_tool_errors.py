"""A tool that raises, reported to the model: its message as an error result (Lumos, Mastra 1.x),
or Mastra 0.x's TOOL_EXECUTION_FAILED object as an ordinary result (converted 0.x agents)."""

from __future__ import annotations

import json

from lumosai import Agent, openai, tool
from lumosai.agent import MastraToolErrors
from lumosai.testing import mock_llm_server


@tool
def quote(sku: str, quantity: int) -> str:
    """Quote a price."""
    raise RuntimeError(f"Unknown SKU {sku}")


SCRIPT = [{"tool_call": {"name": "quote", "args": {"sku": "Ü-1", "quantity": 2}}}, {"text": "ok"}]


async def run(**kwargs: object) -> tuple[object, dict[str, object]]:
    with mock_llm_server(SCRIPT) as server:
        agent = Agent(
            name="sales",
            instructions="Sell.",
            tools=[quote],
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=0),
            **kwargs,  # type: ignore[arg-type]
        )
        result = await agent.generate("quote")
    return result, server.requests[1].body["messages"][-1]


async def test_default_is_the_message_as_an_error() -> None:
    result, message = await run()
    assert result.tool_results[0].is_error
    assert message["content"] == "Unknown SKU Ü-1"


async def test_mastra_0x_sends_the_error_object_as_a_result() -> None:
    result, message = await run(tool_errors=MastraToolErrors(agent_name="Sales Agent"))
    assert not result.tool_results[0].is_error
    assert json.loads(message["content"]) == {
        "message": "Unknown SKU Ü-1",
        "details": {
            "message": "Unknown SKU Ü-1",
            "domain": "TOOL",
            "category": "USER",
            "details": {
                "errorMessage": "[Agent:Sales Agent] - Failed tool execution",
                "argsJson": '{"sku":"Ü-1","quantity":2}',
                "model": "gpt-4o-mini",
            },
        },
        "code": "TOOL_EXECUTION_FAILED",
    }


def test_yaml_agent_takes_the_0x_style(tmp_path: object) -> None:
    from pathlib import Path

    from lumosai import LumosApp

    root = Path(str(tmp_path))
    (root / "lumosai.yaml").write_text(
        "project: {name: t}\n"
        "agents:\n"
        "  sales:\n"
        "    model: openai/gpt-4o-mini\n"
        "    instructions: Sell.\n"
        "    tool_errors: {style: mastra-0.x, agent_name: Sales Agent}\n"
    )
    import os

    os.environ.setdefault("OPENAI_API_KEY", "test")
    app = LumosApp.from_config(root / "lumosai.yaml")
    assert app.agent("sales").tool_errors == MastraToolErrors(agent_name="Sales Agent")
