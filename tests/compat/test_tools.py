"""``createTool`` of both eras: how ``execute`` is called (the documented rule), direct calls,
validation, and the tool as a native ``lumosai.tool.Tool``."""

from __future__ import annotations

import pytest

from lumosai.compat.mastra import RequestContext, RuntimeContext, createTool, z
from lumosai.compat.mastra.v0 import createTool as createTool0
from lumosai.tool import Tool, ToolExecutionContext, ToolValidationError

INPUT = z.object({"city": z.string(), "days": z.number().default(1)})


def test_a_compat_tool_is_a_native_tool_with_the_zod_schema() -> None:
    tool = createTool({"id": "t", "description": "d", "inputSchema": INPUT, "execute": lambda i: i})
    assert isinstance(tool, Tool)
    assert tool.id == "t" and tool.description == "d"
    assert tool.parameters == INPUT.to_json_schema()
    assert tool.to_spec("shown")["parameters"] == INPUT.to_json_schema()


async def test_1x_execute_gets_parsed_input_and_a_context_object() -> None:
    seen = []

    def execute(inputData, context):
        seen.append((inputData, context))
        return {"ok": True}

    tool = createTool({"id": "t", "description": "", "inputSchema": INPUT, "execute": execute})
    rc = RequestContext({"unit": "C"})
    assert await tool.execute({"city": "Oslo", "junk": 1}, {"requestContext": rc}) == {"ok": True}
    data, ctx = seen[0]
    assert data == {"city": "Oslo", "days": 1}  # default filled, unknown key stripped
    assert ctx.requestContext.get("unit") == "C"
    assert ctx.mastra is None and "agent" not in ctx


async def test_1x_one_parameter_execute_gets_only_the_input() -> None:
    tool = createTool(
        {"id": "t", "description": "", "inputSchema": INPUT, "execute": lambda i: i["city"]}
    )
    assert await tool.execute({"city": "Rome"}) == "Rome"


async def test_async_execute() -> None:
    async def execute(inputData, context):
        return inputData["city"].upper()

    tool = createTool({"id": "t", "description": "", "inputSchema": INPUT, "execute": execute})
    assert await tool.execute({"city": "rome"}) == "ROME"


async def test_0x_execute_gets_args_with_context_and_runtime_context() -> None:
    seen = []

    def execute(args):
        seen.append(args)
        return args.context["city"]

    tool = createTool0({"id": "t", "description": "", "inputSchema": INPUT, "execute": execute})
    rc = RuntimeContext()
    rc.set("k", "v")
    assert await tool.execute({"context": {"city": "Lima"}, "runtimeContext": rc}) == "Lima"
    args = seen[0]
    assert args.context == {"city": "Lima", "days": 1}
    assert args["context"] is args.context
    assert args.runtimeContext.get("k") == "v"
    assert args.mastra is None and args.threadId is None


async def test_keyword_only_execute_is_the_destructured_0x_form_in_either_import() -> None:
    def execute(*, context, runtimeContext=None):
        return {"city": context["city"], "has_rc": runtimeContext is not None}

    for make in (createTool, createTool0):
        tool = make({"id": "t", "description": "", "inputSchema": INPUT, "execute": execute})
        native = ToolExecutionContext(runtime_context=RequestContext())
        assert await tool.execute({"city": "Kyiv"}, native) == {"city": "Kyiv", "has_rc": True}


async def test_native_callers_get_the_same_behaviour() -> None:
    tool0 = createTool0(
        {"id": "t", "description": "", "inputSchema": INPUT, "execute": lambda a: a.context["city"]}
    )
    ctx = ToolExecutionContext(thread_id="th", run_id="r")
    # an agent or workflow passes the arguments themselves plus a ToolExecutionContext
    assert await tool0.execute({"city": "Cairo"}, ctx) == "Cairo"
    with pytest.raises(ToolValidationError):
        tool0.validate_args({"city": 1})
    assert tool0.validate_args({"city": "x"}) == {"city": "x", "days": 1}


async def test_direct_call_validation_error_is_returned_not_raised() -> None:
    tool = createTool(
        {"id": "weather", "description": "", "inputSchema": INPUT, "execute": lambda i: i}
    )
    out = await tool.execute({"days": "two"})
    assert out["error"] is True
    assert set(out["validationErrors"]["fields"]) == {"city", "days"}
    assert 'Provided arguments: {\n  "days": "two"\n}' in out["message"]
    out0 = await createTool0(
        {"id": "w0", "description": "", "inputSchema": INPUT, "execute": lambda a: a}
    ).execute({"context": {}})
    assert out0["validationErrors"]["fields"]["city"]["errors"] == [
        "Invalid input: expected string, received undefined"
    ]


async def test_tool_without_input_schema_and_pydantic_schemas() -> None:
    from pydantic import BaseModel

    class In(BaseModel):
        q: str

    free = createTool({"id": "free", "description": "", "execute": lambda i: sorted(i)})
    assert await free.execute({"b": 1, "a": 2}) == ["a", "b"]
    typed = createTool(
        {"id": "typed", "description": "", "inputSchema": In, "execute": lambda i: i}
    )
    assert typed.parameters == {
        "type": "object",
        "properties": {"q": {"type": "string"}},
        "required": ["q"],
    }
    assert await typed.execute({"q": "x"}) == {"q": "x"}
    assert (await typed.execute({}))["error"] is True


def test_bad_configs_fail_clearly() -> None:
    with pytest.raises(ValueError, match="needs an 'id'"):
        createTool({"description": "x", "execute": lambda i: i})
    with pytest.raises(ValueError, match="unknown option"):
        createTool({"id": "x", "description": "x", "exec": lambda i: i})
    with pytest.raises(TypeError, match="execute must be a function"):
        createTool({"id": "x", "description": "x", "execute": 3})


async def test_suspend_in_a_tool_fails_with_a_clear_message() -> None:
    async def execute(inputData, context):
        return await context.agent.suspend({"ask": "approve?"})

    from lumosai.compat.mastra import Agent
    from lumosai.testing import ScriptedModel

    tool = createTool({"id": "needs-approval", "description": "", "execute": execute})
    model = ScriptedModel([{"tool_call": {"name": "t", "args": {}}}, {"text": "done"}])
    agent = Agent({"name": "a", "instructions": "", "model": model, "tools": {"t": tool}})
    res = await agent.generate("go")
    payload = res.toolResults[0].payload
    assert payload.isError is True and "suspend" in payload.result
