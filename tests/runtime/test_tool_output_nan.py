"""A tool's output check refuses NaN and ±Infinity in number fields as Mastra 1.x's zod 4 check
does ("Invalid input: expected number, received NaN"), in Mastra's words: 'Tool output
validation failed for <id>. The tool returned invalid output: ...' with the output as
JSON.stringify shows it (NaN as null); the model gets Mastra's `{error: true, message,
validationErrors}` object as the error result."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from pydantic import BaseModel

from lumosai import Agent, openai, tool
from lumosai.testing import mock_llm_server
from lumosai.tool import ToolValidationError
from lumosai.types import Number


class Day(BaseModel):
    date: str
    hours: Number


class TripDays(BaseModel):
    nights: int
    days: list[Day]


class Totals(BaseModel):
    nights: Number
    prices: list[Number] = []
    note: Any = None


def trip_days(nights: float, hours: float = 8) -> Any:
    @tool(name="trip-days", description="Lists the days of a trip", output_schema=TripDays)
    def days() -> dict[str, Any]:
        return {"nights": nights, "days": [{"date": "2026-05-01", "hours": hours}]}

    return days


#: what Mastra 1.71 (zod 4.6.7) answered for tripDaysTool on the dates 'Paris'
MASTRA_TEXT = (
    "Tool output validation failed for trip-days. The tool returned invalid output:\n"
    "- nights: Invalid input: expected number, received NaN\n\n"
    'Returned output: {\n  "nights": null,\n  "days": []\n}'
)


async def failure(made: Any) -> str:
    with pytest.raises(ToolValidationError) as caught:
        await made.execute({})
    return str(caught.value)


async def test_nan_in_an_int_field_is_mastras_failure() -> None:
    @tool(name="trip-days", description="Lists the days of a trip", output_schema=TripDays)
    def days() -> dict[str, Any]:
        return {"nights": math.nan, "days": []}

    assert await failure(days) == MASTRA_TEXT


async def test_non_finite_number_fields_fail_where_zod_fails() -> None:
    @tool(name="totals", description="t", output_schema=Totals)
    def totals() -> dict[str, Any]:
        return {"nights": math.inf, "prices": [1.5, -math.inf, math.nan], "note": math.nan}

    text = await failure(totals)
    assert text.splitlines()[1:4] == [
        "- nights: Invalid input: expected number, received Infinity",
        "- prices.1: Invalid input: expected number, received -Infinity",
        "- prices.2: Invalid input: expected number, received NaN",
    ]  # `note` is z.any(): NaN passes, as in zod
    assert text.endswith('"note": null\n}')
    nested = await failure(trip_days(2, hours=math.nan))
    assert "- days.0.hours: Invalid input: expected number, received NaN" in nested


async def test_finite_numbers_and_unchecked_tools_pass() -> None:
    assert await trip_days(2).execute({}) == {
        "nights": 2,
        "days": [{"date": "2026-05-01", "hours": 8}],
    }

    @tool(name="loose", description="0.x style", output_schema=Totals, validate_output=False)
    def loose() -> dict[str, Any]:
        return {"nights": math.nan}

    result = await loose.execute({})
    assert math.isnan(result["nights"])


async def test_the_model_gets_the_failure_text() -> None:
    @tool(name="trip-days", description="Lists the days of a trip", output_schema=TripDays)
    def days() -> dict[str, Any]:
        return {"nights": math.nan, "days": []}

    script = [{"tool_call": {"name": "tripDays", "args": {}}}, {"text": "sorry"}]
    with mock_llm_server(script) as server:
        agent = Agent(
            name="planner",
            instructions="Plan.",
            tools={"tripDays": days},
            model=openai("gpt-4o-mini", base_url=server.base_url, api_key="k", max_retries=0),
        )
        result = await agent.generate("plan")
        sent = server.requests[1].body["messages"][-1]
    assert result.tool_results[0].is_error
    # Mastra 1.x hands the model its validateToolOutput object instead of the output
    assert json.loads(sent["content"]) == {
        "error": True,
        "message": MASTRA_TEXT,
        "validationErrors": {
            "errors": [],
            "fields": {
                "nights": {
                    "errors": ["Invalid input: expected number, received NaN"],
                    "fields": {},
                }
            },
        },
    }
