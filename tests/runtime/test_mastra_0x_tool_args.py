"""Converted Mastra 0.x agents check tool arguments as Mastra 0.24 did with an OpenAI model:
optional fields are required and nullable (schema-compat's OpenAI layer), so a missing one goes
back to the model as Mastra's validation result, naming the agent's key for the tool.

The expected texts were produced by @mastra/core 0.24.9 (makeCoreToolV5 over createTool, zod
3.25.76) with an `openai.chat` gpt-4o-mini model and with an Anthropic one."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field

from lumosai import Agent, openai, tool
from lumosai.agent import MastraToolErrors
from lumosai.compat.mastra.openai_compat import check_arguments, compat_layer, openai_spec
from lumosai.testing import ScriptedModel, mock_llm_server

CALLS: list[dict[str, Any]] = []


class PolicyInput(BaseModel):
    category: str
    amountEur: float = Field(ge=0)
    attendees: int | None = Field(default=None, ge=1)
    to: str = "EUR"
    emp: str | None = Field(default=None, pattern=r"^E\d{4}$")


@tool(name="policy-check", description="Check a policy", input_schema=PolicyInput)
def policy_check(data: dict[str, Any]) -> dict[str, Any]:
    CALLS.append(data)
    return {"ok": True, "attendees": data.get("attendees", 1)}


class Item(BaseModel):
    description: str
    note: str | None = None


class ReportInput(BaseModel):
    items: list[Item] = Field(min_length=1)


@tool(name="submit-report", description="Submit", input_schema=ReportInput)
def submit_report(data: dict[str, Any]) -> str:
    return "submitted"


async def run(args: dict[str, Any], *, era_0x: bool = True) -> tuple[Any, dict[str, Any]]:
    CALLS.clear()
    script = [{"tool_call": {"name": "policyCheckTool", "args": args}}, {"text": "done"}]
    with mock_llm_server(script) as server:
        agent = Agent(
            name="expenses",
            instructions="Check.",
            tools={"policyCheckTool": policy_check},
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=0),
            tool_errors=MastraToolErrors(agent_name="Expense Assistant") if era_0x else None,
        )
        result = await agent.generate("check")
    return result.tool_results[0], server.requests[0].body


async def test_missing_optional_field_is_rejected_with_mastra_024s_result() -> None:
    result, _ = await run({"category": "lodging", "amountEur": 439.77})
    assert CALLS == []  # the tool did not run
    assert not result.is_error  # Mastra 0.x returns the object as the tool's result
    assert result.result == {
        "error": True,
        "message": "Tool validation failed for policyCheckTool. Please fix the following "
        "errors and try again:\n- attendees: Required\n- emp: Required\n\nProvided arguments: "
        '{\n  "category": "lodging",\n  "amountEur": 439.77\n}',
        "validationErrors": {
            "_errors": [],
            "attendees": {"_errors": ["Required"]},
            "emp": {"_errors": ["Required"]},
        },
    }


async def test_present_optional_fields_run_the_tool_and_defaults_stay_optional() -> None:
    result, _ = await run({"category": "meals", "amountEur": 1, "attendees": 4, "emp": "E1042"})
    assert result.result == {"ok": True, "attendees": 4}
    assert CALLS == [
        {"category": "meals", "amountEur": 1, "attendees": 4, "to": "EUR", "emp": "E1042"}
    ]


async def test_nulls_pass_the_first_check() -> None:
    result, _ = await run({"category": "meals", "amountEur": 1, "attendees": None, "emp": None})
    assert result.result["ok"] is True


async def test_regex_is_only_described_to_gpt_4o_mini_so_the_tool_id_reports_it() -> None:
    result, _ = await run({"category": "meals", "amountEur": 1, "attendees": 2, "emp": "x"})
    assert result.result["message"].startswith(
        "Tool validation failed for policy-check. Please fix the following errors and try "
        "again:\n- emp: "
    )
    assert list(result.result["validationErrors"]) == ["_errors", "emp"]


async def test_the_model_is_told_optional_fields_are_required_and_nullable() -> None:
    _, body = await run({"category": "meals", "amountEur": 1, "attendees": 2, "emp": "E1042"})
    parameters = body["tools"][0]["function"]["parameters"]
    assert parameters["required"] == ["category", "amountEur", "attendees", "emp"]
    attendees = parameters["properties"]["attendees"]
    assert {"type": "null"} in attendees["anyOf"] and "default" not in attendees
    assert parameters["properties"]["to"]["default"] == "EUR"  # a .default() stays optional


async def test_native_agents_accept_a_missing_optional_field() -> None:
    result, body = await run({"category": "lodging", "amountEur": 439.77}, era_0x=False)
    assert result.result == {"ok": True, "attendees": 1}
    assert body["tools"][0]["function"]["parameters"]["required"] == ["category", "amountEur"]


async def test_other_providers_only_get_the_tools_own_check_named_by_the_key() -> None:
    model = ScriptedModel(
        [
            {"tool_call": {"name": "policyCheckTool", "args": {"category": "x", "amountEur": 1}}},
            {"tool_call": {"name": "policyCheckTool", "args": {"category": "x"}}},
            {"text": "done"},
        ]
    )
    agent = Agent(
        name="expenses",
        instructions="Check.",
        tools={"policyCheckTool": policy_check},
        model=model,
        tool_errors=MastraToolErrors(agent_name="Expense Assistant"),
    )
    result = await agent.generate("check", max_steps=3)
    first, second = result.tool_results
    assert first.result == {"ok": True, "attendees": 1}
    assert second.result["message"] == (
        "Tool validation failed for policyCheckTool. Please fix the following errors and try "
        'again:\n- amountEur: Required\n\nProvided arguments: {\n  "category": "x"\n}'
    )
    assert second.result["validationErrors"] == {
        "_errors": [],
        "amountEur": {"_errors": ["Required"]},
    }


def test_missing_optional_fields_inside_arrays_are_reported_with_their_path() -> None:
    args = {"items": [{"description": "a", "note": None}, {"description": "b"}]}
    rejected = check_arguments(submit_report, "submitReportTool", args, "openai.chat", "gpt-4o")
    assert rejected is not None
    assert "\n- items.1.note: Required\n" in rejected["message"]
    assert rejected["validationErrors"]["items"]["1"]["note"] == {"_errors": ["Required"]}


def test_which_models_get_which_layer() -> None:
    assert compat_layer("openai.responses", "gpt-4o-mini") == "openai"
    assert compat_layer("openai", "gpt-4.1") == "openai"
    assert compat_layer("openrouter", "openai/gpt-4o") == "openai"
    assert compat_layer("openai.chat", "o3-mini") == "openai-reasoning"
    assert compat_layer("anthropic.messages", "claude-3-5-sonnet") is None
    assert compat_layer("scripted", "model") is None


def test_reasoning_models_also_require_fields_with_defaults() -> None:
    schema = policy_check.parameters
    assert "to" not in openai_spec(schema, "openai")["required"]
    assert "to" in openai_spec(schema, "openai-reasoning")["required"]
    rejected = check_arguments(
        policy_check,
        "policyCheckTool",
        {"category": "m", "amountEur": 1, "attendees": 1, "emp": "E1234"},
        "openai.chat",
        "o3-mini",
    )
    assert rejected is not None and "- to: Required" in rejected["message"]
    assert json.loads(rejected["message"].split("Provided arguments: ")[1])["emp"] == "E1234"


class TaggedInput(BaseModel):
    title: str
    tags: list[str] = Field(default_factory=list)  # zod `.default([])`
    items: list[Item] = Field(default_factory=list)


@tool(name="tagged", description="Tag", input_schema=TaggedInput)
def tagged(data: dict[str, Any]) -> str:
    return "ok"


def test_fields_with_a_factory_default_stay_optional_for_the_openai_layer() -> None:
    assert check_arguments(tagged, "taggedTool", {"title": "t"}, "openai.chat", "gpt-4o") is None
    rejected = check_arguments(
        tagged, "taggedTool", {"title": "t", "items": [{"description": "d"}]}, "openai", "gpt-4o"
    )
    assert rejected is not None and "- items.0.note: Required" in rejected["message"]
    assert check_arguments(tagged, "taggedTool", {"title": "t"}, "openai", "o3-mini") is not None


class LimitsInput(BaseModel):
    items: list[str] = Field(min_length=1)
    n: float = Field(ge=2)
    e: Literal["a", "b"]


@tool(name="submit-limits", description="Limits", input_schema=LimitsInput)
def limits(data: dict[str, Any]) -> str:
    return "ok"


def test_checks_the_layer_only_describes_are_reported_by_the_tools_own_check() -> None:
    """As 0.24 answers `items: []` (min 1), `n: 1` (min 2): array lengths are described to
    every OpenAI model, number constraints to reasoning models, so the tool id reports them."""
    bad_array = {"items": [], "n": 3, "e": "a"}
    rejected = check_arguments(limits, "submitReportTool", bad_array, "openai.chat", "gpt-4o")
    assert rejected is not None
    assert rejected["message"].startswith("Tool validation failed for submit-limits.")
    both = {"items": [], "n": 1, "e": "a"}
    rejected = check_arguments(limits, "submitReportTool", both, "openai.chat", "gpt-4o")
    assert rejected is not None
    assert rejected["message"].startswith("Tool validation failed for submitReportTool.")
    assert list(rejected["validationErrors"]) == ["_errors", "n"]
    rejected = check_arguments(limits, "submitReportTool", both, "openai.chat", "o3-mini")
    assert rejected is not None
    assert rejected["message"].startswith("Tool validation failed for submit-limits.")
    assert list(rejected["validationErrors"]) == ["_errors", "items", "n"]
    bad_enum = {"items": [], "n": 1, "e": "c"}
    rejected = check_arguments(limits, "submitReportTool", bad_enum, "openai.chat", "o3-mini")
    assert rejected is not None and list(rejected["validationErrors"]) == ["_errors", "e"]
