"""Mastra's REST API (`/api/agents`, `/api/workflows`, `/api/tools`) over a `LumosApp`.

Bodies and answers follow `@mastra/server`'s handlers, so a `@mastra/client-js` client or a
front end written for a Mastra server keeps working: camelCase request fields, results in
Mastra's shapes (`FullOutput`, `WorkflowResult`), errors as `{ "error": ... }` with 400/404.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

from starlette.responses import Response, StreamingResponse

from lumosai.mastra_shapes import (
    full_output,
    legacy_output,
    workflow_event_of,
    workflow_result_of,
)
from lumosai.server.context import HTTPError
from lumosai.server.encoding import dumps
from lumosai.server.routing import ApiRoute
from lumosai.server.sse import agent_chunks, sse_lines
from lumosai.tool.context import ToolExecutionContext
from lumosai.workflow.errors import RunNotFoundError

if TYPE_CHECKING:
    from lumosai.server.context import Context

#: fire-and-forget runs (`/start`, `/resume`) kept alive until they finish
_BACKGROUND: set[asyncio.Task[Any]] = set()


# -- lookups ----------------------------------------------------------------------------------
def _find(registry: Mapping[str, Any], key: str, kind: str) -> Any:
    """By registry key, else by `id`/`name` (Mastra's `:agentId` accepts either)."""
    if key in registry:
        return registry[key]
    for value in registry.values():
        if key in (getattr(value, "id", None), getattr(value, "name", None)):
            return value
    raise HTTPError(404, f"{kind} with name {key} not found")


def _app(c: Context) -> Any:
    if c.app is None:
        raise HTTPError(404, "no app is served")
    return c.app


def _agent(c: Context) -> Any:
    return _find(_app(c).agents(), c.req.param("agentId"), "Agent")


def _workflow(c: Context) -> Any:
    return _find(_app(c).workflows(), c.req.param("workflowId"), "Workflow")


async def _body(c: Context) -> dict[str, Any]:
    if not await c.req.raw.body():
        return {}
    body = await c.req.json()
    if not isinstance(body, dict):
        raise HTTPError(400, "the request body must be a JSON object")
    return body


def _merge_context(c: Context, body: Mapping[str, Any]) -> Any:
    """Body `requestContext`/`runtimeContext` entries merge into the request's context."""
    extra = body.get("requestContext") or body.get("runtimeContext")
    if isinstance(extra, Mapping):
        for k, v in extra.items():
            c.request_context.set(str(k), v)
    return c.request_context


# -- serialisation ----------------------------------------------------------------------------
def _schema_text(schema: Any) -> str | None:
    """Mastra sends tool and workflow schemas as JSON Schema text."""
    if schema is None:
        return None
    if isinstance(schema, Mapping):
        return json.dumps(schema)
    to_schema = getattr(schema, "model_json_schema", None)
    if callable(to_schema):
        return json.dumps(to_schema())
    return None


def _tool_info(key: str, tool: Any) -> dict[str, Any]:
    return {
        "id": getattr(tool, "id", key),
        "description": getattr(tool, "description", "") or "",
        "inputSchema": _schema_text(getattr(tool, "parameters", None)),
        "outputSchema": _schema_text(getattr(tool, "output_schema", None)),
    }


def _agent_info(agent: Any) -> dict[str, Any]:
    tools = agent.get_tools() if hasattr(agent, "get_tools") and not callable(agent.tools) else {}
    model = getattr(agent, "model", None)
    instructions = getattr(agent, "instructions", None)
    return {
        "id": getattr(agent, "id", None) or agent.name,
        "name": agent.name,
        "description": getattr(agent, "description", None) or "",
        "instructions": instructions if isinstance(instructions, str) else "",
        "tools": {k: _tool_info(k, t) for k, t in tools.items()},
        "provider": getattr(model, "system", None) or getattr(model, "provider", None),
        "modelId": getattr(agent, "model_id", None) or getattr(model, "model_name", None),
    }


def _workflow_info(workflow: Any) -> dict[str, Any]:
    steps = getattr(workflow, "steps", {}) or {}
    return {
        "id": workflow.id,
        "name": workflow.id,
        "description": getattr(workflow, "description", None) or "",
        "steps": {
            sid: {"id": sid, "description": getattr(step, "description", None) or ""}
            for sid, step in (steps.items() if isinstance(steps, Mapping) else [])
        },
        "inputSchema": _schema_text(getattr(workflow, "input_schema", None)),
        "outputSchema": _schema_text(getattr(workflow, "output_schema", None)),
    }


# -- agents -------------------------------------------------------------------------------------
def _generate_kwargs(c: Context, body: Mapping[str, Any]) -> dict[str, Any]:
    memory = body.get("memory") if isinstance(body.get("memory"), Mapping) else {}
    assert isinstance(memory, Mapping)
    thread = memory.get("thread", body.get("threadId"))
    if isinstance(thread, Mapping):
        thread = thread.get("id")
    settings = body.get("modelSettings") if isinstance(body.get("modelSettings"), Mapping) else {}
    assert isinstance(settings, Mapping)
    kwargs: dict[str, Any] = {
        "thread_id": thread,
        "resource_id": memory.get("resource", body.get("resourceId")),
        "run_id": body.get("runId") or str(uuid.uuid4()),
        "max_steps": body.get("maxSteps"),
        "runtime_context": _merge_context(c, body),
        "instructions": body.get("instructions") or body.get("system"),
        "tool_choice": body.get("toolChoice"),
        "temperature": settings.get("temperature", body.get("temperature")),
        "max_tokens": settings.get("maxOutputTokens", settings.get("maxTokens")),
        "top_p": settings.get("topP"),
    }
    structured = body.get("structuredOutput")
    schema = structured.get("schema") if isinstance(structured, Mapping) else body.get("output")
    if schema is not None:
        kwargs["output"] = schema
    return {k: v for k, v in kwargs.items() if v is not None}


def _messages(body: Mapping[str, Any]) -> Any:
    messages = body.get("messages")
    if messages is None or messages == []:
        raise HTTPError(400, "messages are required")
    return messages


async def list_agents(c: Context) -> Any:
    return {key: _agent_info(agent) for key, agent in _app(c).agents().items()}


async def get_agent(c: Context) -> Any:
    return _agent_info(_agent(c))


async def generate(c: Context) -> Any:
    agent = _agent(c)
    body = await _body(c)
    result = await agent.generate(_messages(body), **_generate_kwargs(c, body))
    return full_output(result, object_value=getattr(result, "object", None))


async def generate_legacy(c: Context) -> Any:
    agent = _agent(c)
    body = await _body(c)
    result = await agent.generate(_messages(body), **_generate_kwargs(c, body))
    return legacy_output(result, object_value=getattr(result, "object", None))


async def stream(c: Context) -> Response:
    agent = _agent(c)
    body = await _body(c)
    kwargs = _generate_kwargs(c, body)
    native = agent.stream(_messages(body), **kwargs)
    return StreamingResponse(
        sse_lines(agent_chunks(native, kwargs["run_id"])),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


# -- tools ----------------------------------------------------------------------------------------
async def list_tools(c: Context) -> Any:
    return {key: _tool_info(key, tool) for key, tool in _app(c).tools().items()}


async def execute_tool(c: Context) -> Any:
    tool = _find(_app(c).tools(), c.req.param("toolId"), "Tool")
    body = await _body(c)
    if "data" not in body:
        raise HTTPError(400, "data is required")
    context = ToolExecutionContext(runtime_context=_merge_context(c, body), app=c.app)
    return await tool.execute(body["data"], context=context)


# -- workflows ------------------------------------------------------------------------------------
async def list_workflows(c: Context) -> Any:
    return {key: _workflow_info(wf) for key, wf in _app(c).workflows().items()}


async def get_workflow(c: Context) -> Any:
    return _workflow_info(_workflow(c))


async def create_run(c: Context) -> Any:
    workflow = _workflow(c)
    body = await _body(c)
    run = workflow.create_run(c.req.query("runId"), resource_id=body.get("resourceId"))
    return {"runId": run.run_id}


def _start_args(c: Context, body: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "initial_state": body.get("initialState"),
        "runtime_context": _merge_context(c, body),
    }


async def start_async(c: Context) -> Any:
    workflow = _workflow(c)
    body = await _body(c)
    run = workflow.create_run(c.req.query("runId"), resource_id=body.get("resourceId"))
    result = await run.start(body.get("inputData"), **_start_args(c, body))
    return workflow_result_of(result)


def _background(coro: Any) -> None:
    task = asyncio.ensure_future(coro)
    _BACKGROUND.add(task)
    task.add_done_callback(_BACKGROUND.discard)


async def start(c: Context) -> Any:
    workflow = _workflow(c)
    body = await _body(c)
    run_id = c.req.query("runId")
    if not run_id:
        raise HTTPError(400, "runId required to start run")
    run = workflow.create_run(run_id, resource_id=body.get("resourceId"))
    _background(run.start(body.get("inputData"), **_start_args(c, body)))
    return {"message": "Workflow run started"}


async def _existing_run(c: Context, workflow: Any) -> Any:
    run_id = c.req.query("runId")
    if not run_id:
        raise HTTPError(400, "runId required to resume workflow")
    try:
        return await workflow.get_run(run_id)
    except RunNotFoundError as exc:
        raise HTTPError(404, str(exc)) from exc


def _resume_args(c: Context, body: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "step": body.get("step"),
        "resume_data": body.get("resumeData"),
        "for_each_index": body.get("forEachIndex"),
        "runtime_context": _merge_context(c, body),
    }


async def resume_async(c: Context) -> Any:
    workflow = _workflow(c)
    body = await _body(c)
    run = await _existing_run(c, workflow)
    return workflow_result_of(await run.resume(**_resume_args(c, body)))


async def resume(c: Context) -> Any:
    workflow = _workflow(c)
    body = await _body(c)
    run = await _existing_run(c, workflow)
    _background(run.resume(**_resume_args(c, body)))
    return {"message": "Workflow run resumed"}


async def _records(events: AsyncIterator[Any]) -> AsyncIterator[bytes]:
    async for event in events:
        yield (dumps(workflow_event_of(event)) + "\x1e").encode()


async def stream_workflow(c: Context) -> Response:
    workflow = _workflow(c)
    body = await _body(c)
    run = workflow.create_run(c.req.query("runId"), resource_id=body.get("resourceId"))
    events = run.stream(body.get("inputData"), **_start_args(c, body))
    return StreamingResponse(_records(events), media_type="text/plain")


async def list_runs(c: Context) -> Any:
    runs = await _workflow(c).list_runs()
    return {"runs": [_run_info(r) for r in runs], "total": len(runs)}


def _run_info(info: Any) -> dict[str, Any]:
    return {
        "runId": info.run_id,
        "workflowName": info.workflow_id,
        "status": info.status,
        "createdAt": info.created_at,
        "updatedAt": info.updated_at,
    }


async def get_run(c: Context) -> Any:
    workflow = _workflow(c)
    try:
        run = await workflow.get_run(c.req.param("runId"))
    except RunNotFoundError as exc:
        raise HTTPError(404, str(exc)) from exc
    result = run.result
    out: dict[str, Any] = {"runId": run.run_id, "workflowName": workflow.id, "status": run.status}
    if result is not None:
        out["result"] = workflow_result_of(result)
    return out


def builtin_routes(prefix: str = "/api") -> list[ApiRoute]:
    """The Mastra REST routes, under `prefix` (Mastra's `server.apiPrefix`, default `/api`)."""
    p = prefix.rstrip("/")
    table: list[tuple[str, str, Any]] = [
        ("GET", "/agents", list_agents),
        ("GET", "/agents/:agentId", get_agent),
        ("POST", "/agents/:agentId/generate", generate),
        ("POST", "/agents/:agentId/generate-legacy", generate_legacy),
        ("POST", "/agents/:agentId/stream", stream),
        ("GET", "/tools", list_tools),
        ("POST", "/tools/:toolId/execute", execute_tool),
        ("GET", "/workflows", list_workflows),
        ("GET", "/workflows/:workflowId", get_workflow),
        ("POST", "/workflows/:workflowId/create-run", create_run),
        ("POST", "/workflows/:workflowId/start-async", start_async),
        ("POST", "/workflows/:workflowId/start", start),
        ("POST", "/workflows/:workflowId/resume-async", resume_async),
        ("POST", "/workflows/:workflowId/resume", resume),
        ("POST", "/workflows/:workflowId/stream", stream_workflow),
        ("GET", "/workflows/:workflowId/runs", list_runs),
        ("GET", "/workflows/:workflowId/runs/:runId", get_run),
    ]
    return [
        ApiRoute(p + path, handler, method, name=handler.__name__)
        for method, path, handler in table
    ]
