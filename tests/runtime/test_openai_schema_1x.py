"""Mastra 1.x's OpenAI schema layer (lumosai.compat.mastra.openai_compat, `era="1.x"`): the
tool schema a converted 1.x agent sends an OpenAI model, and the null -> undefined reading of
its arguments, checked against real Node + @mastra/schema-compat 1.3.11 (Mastra 1.71's)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field

from lumosai import Agent, tool
from lumosai.agent import MastraToolErrors
from lumosai.compat.mastra.openai_compat import (
    compat_layer_1x,
    nulls_to_undefined,
    openai_spec_1x,
)
from lumosai.testing import ScriptedModel
from lumosai.tool.errors import ToolValidationError


class Card(BaseModel):
    method: Literal["card"]
    last4: str
    brand: Literal["visa", "amex"] = "visa"


class Voucher(BaseModel):
    method: Literal["voucher"]
    code: str


class Buyer(BaseModel):
    name: str
    note: str | None = None
    rank: float = 3


class Tag(BaseModel):
    label: str
    weight: float | None = None


class Order(BaseModel):
    prices: dict[str, Annotated[float, Field(gt=0)]] = Field(description="Price per section")
    payment: Annotated[Card | Voucher, Field(discriminator="method")]
    phone: str | None = None
    limit: int = 5
    buyer: Buyer
    tags: list[Tag]


@tool(name="order", description="Place an order", input_schema=Order)
def order(data: dict[str, Any]) -> dict[str, Any]:
    return data


CARD = {"method": "card", "last4": "1234", "brand": "amex"}
ARGUMENTS: list[dict[str, Any]] = [
    {  # every optional null: left out (defaults filled)
        "prices": {"floor": 10},
        "payment": CARD,
        "phone": None,
        "limit": None,
        "buyer": {"name": "Ada", "note": None, "rank": None},
        "tags": [{"label": "a", "weight": None}, {"label": "b", "weight": 2}],
    },
    {  # values kept
        "prices": {},
        "payment": {"method": "voucher", "code": "X"},
        "phone": "555",
        "limit": 2,
        "buyer": {"name": "Bo", "note": "n", "rank": 1},
        "tags": [],
    },
    {  # a null inside the discriminated union is not read (its oneOf has no type): rejected
        "prices": {},
        "payment": {**CARD, "brand": None},
        "phone": None,
        "limit": 1,
        "buyer": {"name": "Cy"},
        "tags": [],
    },
    {  # a required (typeless, nullable-sent) union given null: rejected
        "prices": {},
        "payment": None,
        "limit": 1,
        "buyer": {"name": "Cy"},
        "tags": [],
    },
]


@pytest.fixture(scope="module")
def mastra() -> dict[str, Any]:
    from lumosai.compat.node import ensure_npm_packages, find_node

    pkg = ensure_npm_packages(
        "schema-compat-1x", {"@mastra/schema-compat": "1.3.11", "zod": "4.6.7"}
    )
    script = pkg / "openai_layer_1x.mjs"
    script.write_text((Path(__file__).parent / "openai_layer_1x.mjs").read_text())
    done = subprocess.run(
        [find_node(), str(script)],
        input=json.dumps(ARGUMENTS),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=pkg,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def shape(node: Any, root: dict[str, Any], path: str = "") -> dict[str, Any]:
    """Per object node: required, x-optional, the properties sent nullable, additionalProperties."""
    out: dict[str, Any] = {}
    if not isinstance(node, dict):
        return out
    node = _resolve(node, root)
    for key in ("anyOf", "oneOf"):
        for index, option in enumerate(node.get(key) or []):
            if option.get("type") != "null":
                out.update(shape(option, root, f"{path}|{index}"))
    if isinstance(node.get("items"), dict):
        out.update(shape(node["items"], root, f"{path}[]"))
    if node.get("type") == "object":
        props = node.get("properties") or {}
        out[path or "."] = {
            "required": sorted(node.get("required") or []),
            "x-optional": sorted(node.get("x-optional") or []),
            "nullable": sorted(k for k, v in props.items() if _nullable(_resolve(v, root))),
            "additionalProperties": node.get("additionalProperties"),
            "propertyNames": "propertyNames" in node,
        }
        for key, value in props.items():
            out.update(shape(value, root, f"{path}.{key}"))
    return out


def _nullable(node: dict[str, Any]) -> bool:
    kinds = node.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    return any(o.get("type") == "null" for o in node.get("anyOf") or [])


@pytest.mark.node
def test_the_schema_sent_matches_mastra(mastra: dict[str, Any]) -> None:
    sent = openai_spec_1x(order.parameters)
    ours = shape(sent, sent)
    theirs = shape(mastra["sent"], mastra["sent"])
    assert ours == theirs
    record = _resolve(sent["properties"]["prices"], sent)
    assert record["type"] == "object" and record["additionalProperties"] is False
    assert "payment" in sent["required"] and _nullable(sent["properties"]["payment"])


@pytest.mark.node
async def test_arguments_read_as_mastra_reads_them(mastra: dict[str, Any]) -> None:
    style = MastraToolErrors(era="1.x")
    model = ScriptedModel([])
    model.provider, model.model_id = "openai", "gpt-4o-mini"  # type: ignore[attr-defined]
    for args, expected in zip(ARGUMENTS, mastra["results"], strict=True):
        prepared = style.prepare_args(order, args, model)
        if "issues" in expected:
            with pytest.raises(ToolValidationError):
                await order.execute(prepared)
        else:
            data = json.loads(json.dumps(await order.execute(prepared)))
            assert {k: v for k, v in data.items() if v is not None} == expected["value"], args


def test_nulls_left_out_only_for_optional_properties() -> None:
    sent = openai_spec_1x(order.parameters)
    args = {"phone": None, "payment": None, "buyer": {"name": "A", "note": None}}
    assert nulls_to_undefined(args, sent) == {"payment": None, "buyer": {"name": "A"}}
    assert args["phone"] is None  # the caller's arguments are not changed


def test_the_layer_applies_to_non_reasoning_openai_models() -> None:
    assert compat_layer_1x("openai", "gpt-4o-mini")
    assert compat_layer_1x("openai.chat", "gpt-4.1")
    assert compat_layer_1x("groq", "llama-3.3-70b")
    assert not compat_layer_1x("openai", "o3-mini")  # the reasoning layer
    assert not compat_layer_1x("anthropic", "claude-sonnet-4-5")


async def test_only_a_1x_agent_with_an_openai_model_rewrites() -> None:
    args = {"phone": None, "limit": None, "buyer": {"name": "A"}, "payment": CARD}
    args |= {"prices": {}, "tags": []}
    for style, provider, left_out in (
        (MastraToolErrors(era="1.x"), "openai", True),
        (MastraToolErrors(era="1.x"), "anthropic", False),
        (None, "openai", False),
    ):
        model = ScriptedModel([{"tool_call": {"name": "order", "args": args}}, {"text": "done"}])
        model.provider, model.model_id = provider, "gpt-4o-mini"  # type: ignore[attr-defined]
        agent = Agent(name="a", instructions="i", model=model, tools=[order], tool_errors=style)
        result = await agent.generate("go")
        outcome = result.tool_results[0]
        if left_out:  # null -> undefined -> the default
            assert not outcome.is_error and outcome.result["limit"] == 5
            assert "phone" not in outcome.result or outcome.result["phone"] is None
        else:  # null kept: `limit` (an int with a default) rejects it
            assert outcome.is_error and "limit" in str(outcome.result)
        sent = model.requests[0].tools[0]["parameters"]
        assert (sent["properties"]["prices"].get("additionalProperties") is False) == left_out
