"""@tool, FunctionTool and Tool: schemas, validation, context injection, output schemas."""

from __future__ import annotations

import asyncio
import threading
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.tool import (
    FunctionTool,
    Tool,
    ToolExecutionContext,
    ToolValidationError,
    create_tool,
    parameter,
    tool,
)


class OrderIn(BaseModel):
    item: str = Field(description="What to order")
    quantity: int = Field(default=1, description="How many")
    note: str | None = None


class OrderOut(BaseModel):
    order_id: str
    total: float


def test_schema_from_signature_and_google_docstring() -> None:
    @tool
    def search(query: str, limit: int = 5, exact: bool = False) -> list[str]:
        """Search the catalogue.

        Args:
            query: Words to look for.
            limit: Maximum number of hits.
        """
        return []

    assert search.id == "search"
    assert search.description == "Search the catalogue."
    assert search.parameters == {
        "type": "object",
        "properties": {
            "query": {"type": "string", "description": "Words to look for."},
            "limit": {"type": "integer", "default": 5, "description": "Maximum number of hits."},
            "exact": {"type": "boolean", "default": False},
        },
        "required": ["query"],
    }


def test_annotated_parameter_and_explicit_name() -> None:
    @tool(name="get-weather", description="Get current weather for a location")
    async def get_weather(
        location: Annotated[str, parameter(description="City name", required=True)],
        units: Annotated[str, parameter("metric or imperial", required=False)],
        *,
        context: ToolExecutionContext,
    ) -> dict[str, Any]:
        return {"location": location, "units": units, "thread": context.thread_id}

    assert get_weather.id == "get-weather"
    props = get_weather.parameters["properties"]
    assert props["location"] == {"type": "string", "description": "City name"}
    assert props["units"]["description"] == "metric or imperial"
    assert get_weather.parameters["required"] == ["location"]
    assert "context" not in props
    out = asyncio.run(
        get_weather.execute({"location": "Paris"}, ToolExecutionContext(thread_id="t9"))
    )
    assert out == {"location": "Paris", "units": None, "thread": "t9"}


def test_input_schema_is_the_pydantic_schema_verbatim() -> None:
    @tool(name="create-order", description="Create an order", input_schema=OrderIn)
    def create_order(args: OrderIn) -> str:
        return f"{args.quantity} x {args.item}"

    assert create_order.parameters == OrderIn.model_json_schema()
    assert create_order.to_spec()["parameters"] == OrderIn.model_json_schema()
    assert asyncio.run(create_order.execute({"item": "tea"})) == "1 x tea"


def test_input_schema_as_dict_gets_defaults_like_zod_parse() -> None:
    seen: list[dict[str, Any]] = []

    @tool(name="order", description="d", input_schema=OrderIn)
    def order(data: dict[str, Any]) -> str:
        seen.append(data)
        return "ok"

    asyncio.run(order.execute({"item": "tea"}))
    assert seen == [{"item": "tea", "quantity": 1}]


def test_bad_arguments_raise_validation_error_naming_fields() -> None:
    @tool(name="order", description="d", input_schema=OrderIn)
    def order(args: OrderIn) -> str:
        return "ok"

    with pytest.raises(ToolValidationError) as info:
        asyncio.run(order.execute({"quantity": "many"}))
    message = str(info.value)
    assert "Tool input validation failed for order" in message
    assert "- item: Invalid input: expected string, received undefined" in message
    assert "- quantity: Invalid input: expected" in message
    assert info.value.problems[0] == "item: Required"  # the 0.x (zod 3) words stay here
    with pytest.raises(ToolValidationError):
        asyncio.run(order.execute(["not", "an", "object"]))


def test_output_schema_validates_and_converts() -> None:
    @tool(name="place", description="d", output_schema=OrderOut)
    def place(item: str) -> dict[str, Any]:
        return {"order_id": "o-1", "total": "9.5"}

    out = asyncio.run(place.execute({"item": "x"}))
    assert out == {"order_id": "o-1", "total": 9.5}  # validated, plain data (as zod's parse)
    assert place.output_schema == OrderOut.model_json_schema()

    @tool(name="broken", description="d", output_schema=OrderOut)
    def broken(item: str) -> dict[str, Any]:
        return {"order_id": "o-1"}

    with pytest.raises(ToolValidationError, match="Tool output validation failed for broken"):
        asyncio.run(broken.execute({"item": "x"}))


def test_sync_tool_runs_in_a_thread_and_async_tool_in_the_loop() -> None:
    main = threading.get_ident()

    @tool
    def where() -> bool:
        """Sync."""
        return threading.get_ident() == main

    @tool
    async def where_async() -> bool:
        """Async."""
        return threading.get_ident() == main

    assert asyncio.run(where.execute({})) is False
    assert asyncio.run(where_async.execute({})) is True


def test_context_is_injected_only_when_declared() -> None:
    @tool
    def plain(x: int) -> int:
        """No context."""
        return x

    @tool
    def with_ctx(x: int, *, context: ToolExecutionContext) -> str:
        """Reads the runtime context."""
        return f"{x}:{context.runtime_context.get('user')}"

    ctx = ToolExecutionContext(runtime_context=RuntimeContext({"user": "ann"}))
    assert asyncio.run(plain.execute({"x": 1}, ctx)) == 1
    assert asyncio.run(with_ctx.execute({"x": 2}, ctx)) == "2:ann"


def test_custom_tool_subclass_validates_with_its_json_schema() -> None:
    class Echo(Tool):
        async def call(self, args: dict[str, Any], context: ToolExecutionContext) -> Any:
            return args["text"].upper()

    echo = Echo(
        "echo",
        "Echo text",
        {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
    )
    assert asyncio.run(echo.execute({"text": "hi"})) == "HI"
    with pytest.raises(
        ToolValidationError, match="text: Invalid input: expected string, received undefined"
    ):
        asyncio.run(echo.execute({}))
    with pytest.raises(ToolValidationError) as info:
        asyncio.run(echo.execute({"text": 3}))
    assert info.value.problems == ["text: Expected string, received integer"]
    assert info.value.issues == [(["text"], "Invalid input: expected string, received number")]


def test_create_tool_and_errors_on_bad_declarations() -> None:
    t = create_tool("double", "Double it", lambda n: n * 2)
    assert isinstance(t, FunctionTool)
    assert t.id == "double"
    with pytest.raises(TypeError, match="input_schema"):
        tool(name="x", input_schema=dict)(lambda: 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty"):
        Tool("")


def test_dict_annotations_all_receive_a_dict() -> None:
    from collections.abc import Mapping
    from typing import Dict  # noqa: UP035

    received: list[type] = []

    def record(args: Any) -> str:
        received.append(type(args))
        return "ok"

    for annotation in (dict, dict[str, Any], Dict[str, Any], Mapping[str, Any]):  # noqa: UP006

        def fn(args):  # type: ignore[no-untyped-def]
            return record(args)

        fn.__annotations__ = {"args": annotation}
        t = tool(name="t", description="d", input_schema=OrderIn)(fn)
        asyncio.run(t.execute({"item": "x"}))
    assert received == [dict] * 4


def test_parameter_names_that_shadow_basemodel_attributes() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")

        @tool
        def f(json: str, schema: int, model_name: str, copy: bool = False) -> str:
            """Odd names."""
            return f"{json}{schema}{model_name}{copy}"

    assert set(f.parameters["properties"]) == {"json", "schema", "model_name", "copy"}
    assert asyncio.run(f.execute({"json": "a", "schema": 1, "model_name": "m"})) == "a1mFalse"
