"""Rejected tool arguments in Mastra 1.x's words: the `{error, message, validationErrors}` object
its agent sends the model, with zod 4's issue texts.

Each expected message was printed by @mastra/core 1.71 (zod 4.6) for the zod twin of the pydantic
model here (`createTool({...}).execute(args)`), and is pinned as text.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from lumosai import Agent
from lumosai.testing import ScriptedModel
from lumosai.tool import Tool, ToolExecutionContext, ToolValidationError, tool


class Nested(BaseModel):
    x: str


class Item(BaseModel):
    q: float


class Inputs(BaseModel):
    name: str
    count: float
    n: int | None = None
    kind: Literal["a", "b"] | None = None
    lit: Literal["x"] | None = None
    tags: list[str] | None = None
    short: str | None = Field(None, min_length=3)
    big: float | None = Field(None, le=10)
    nested: Nested | None = None
    items: list[Item] | None = Field(None, min_length=2)


@tool(name="val-tool", description="d", input_schema=Inputs)
def val_tool(data: dict[str, Any]) -> dict[str, Any]:
    return data


HEAD = "Tool input validation failed for val-tool. Please fix the following errors and try again:\n"

CASES: list[tuple[dict[str, Any], list[str], str]] = [
    (
        {},
        [
            "name: Invalid input: expected string, received undefined",
            "count: Invalid input: expected number, received undefined",
        ],
        "{}",
    ),
    (
        {"name": 1, "count": "x"},
        [
            "name: Invalid input: expected string, received number",
            "count: Invalid input: expected number, received string",
        ],
        '{\n  "name": 1,\n  "count": "x"\n}',
    ),
    (
        {"name": "a", "count": 1, "n": 1.5, "kind": "c", "tags": [1], "short": "ab", "big": 11},
        [
            "n: Invalid input: expected int, received number",
            'kind: Invalid option: expected one of "a"|"b"',
            "tags.0: Invalid input: expected string, received number",
            "short: Too small: expected string to have >=3 characters",
            "big: Too big: expected number to be <=10",
        ],
        None,
    ),
    (
        {"name": "a", "count": 1, "lit": "y", "nested": {}, "items": [{}]},
        [
            'lit: Invalid input: expected "x"',
            "nested.x: Invalid input: expected string, received undefined",
            "items.0.q: Invalid input: expected number, received undefined",
            "items: Too small: expected array to have >=2 items",
        ],
        '{\n  "name": "a",\n  "count": 1,\n  "lit": "y",\n  "nested": {},\n  "items": [\n    {}\n  ]\n}',
    ),
    (
        {"name": "a", "count": 1, "nested": "str"},
        ["nested: Invalid input: expected object, received string"],
        None,
    ),
]


@pytest.mark.parametrize(("args", "issues", "shown"), CASES)
def test_issues_in_zod_4_words(args: dict[str, Any], issues: list[str], shown: str | None) -> None:
    with pytest.raises(ToolValidationError) as caught:
        val_tool.validate_args(args)
    sent = caught.value.input_result("val-tool")
    assert sent is not None and sent["error"] is True
    lines = "\n".join(f"- {issue}" for issue in issues)
    assert sent["message"].startswith(HEAD + lines + "\n\nProvided arguments: ")
    if shown is not None:
        assert sent["message"] == f"{HEAD}{lines}\n\nProvided arguments: {shown}"
    first_path, first_text = issues[0].split(": ", 1)
    node = sent["validationErrors"]
    for key in first_path.split("."):
        node = node["fields"][key]
    assert first_text in node["errors"]


async def test_agent_sends_the_object_named_by_its_tool_key() -> None:
    """Mastra 1.x names the tool by the agent's key for it, not by the tool id."""
    model = ScriptedModel([{"tool_call": {"name": "check", "args": {}}}, {"text": "ok"}])
    agent = Agent(name="a", instructions="i", model=model, tools={"check": val_tool})
    result = await agent.generate("go")
    (sent,) = model.requests[1].messages[-1].tool_results
    assert sent.is_error
    assert sent.result["message"].startswith("Tool input validation failed for check. ")
    assert result.tool_results[0].result == sent.result


async def test_a_json_schema_tool_words_its_checks_the_same() -> None:
    class Echo(Tool):
        async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
            return args

    echo = Echo(
        "echo",
        "",
        {
            "type": "object",
            "properties": {"text": {"type": "string"}, "times": {"type": "integer"}},
            "required": ["text", "times"],
        },
    )
    with pytest.raises(ToolValidationError) as caught:
        await echo.execute({"times": "2"})
    assert caught.value.issues == [
        (["text"], "Invalid input: expected string, received undefined"),
        (["times"], "Invalid input: expected number, received string"),
    ]
