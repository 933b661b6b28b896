"""The OpenAI Responses API wire format (``POST /v1/responses``) for the mock server.

The AI SDK's ``openai(model)`` (Mastra) talks to this endpoint by default, so serving it lets a
Mastra app and a Lumos app run against the same mock. Same script, same ``ModelRequest`` view.
"""

from __future__ import annotations

import json
import time
from typing import Any

from lumosai.llm.messages import Message, Role, ToolCall, ToolResult
from lumosai.llm.model import ModelRequest, OutputSpec
from lumosai.testing.script import ScriptReply, content_text, read_arguments, wire_arguments

_SETTING_KEYS = {
    "temperature": "temperature",
    "top_p": "top_p",
    "max_output_tokens": "max_tokens",
    "seed": "seed",
    "parallel_tool_calls": "parallel_tool_calls",
}


_ROLES: dict[str, Role] = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
}


def parse_responses_request(body: dict[str, Any]) -> ModelRequest:
    messages: list[Message] = []
    if body.get("instructions"):
        messages.append(Message(role="system", content=str(body["instructions"])))
    items = body.get("input")
    if isinstance(items, str):
        items = [{"role": "user", "content": items}]
    names: dict[str, str] = {}
    for item in items or []:
        kind = item.get("type", "message")
        if kind == "message":
            role = _ROLES.get(item.get("role", "user"))
            text = content_text(item.get("content"))
            if role == "assistant" and messages and messages[-1].role == "assistant":
                messages[-1].content += text
            elif role is not None:
                messages.append(Message(role=role, content=text))
        elif kind == "function_call":
            call = ToolCall(
                id=item.get("call_id", ""),
                name=item.get("name", ""),
                args=read_arguments(item.get("arguments")),
            )
            names[call.id] = call.name
            if messages and messages[-1].role == "assistant":
                messages[-1].tool_calls.append(call)
            else:
                messages.append(Message(role="assistant", tool_calls=[call]))
        elif kind == "function_call_output":
            call_id = item.get("call_id", "")
            result = ToolResult(
                id=call_id, name=names.get(call_id, ""), result=_maybe_json(item.get("output"))
            )
            if messages and messages[-1].role == "tool":
                messages[-1].tool_results.append(result)
            else:
                messages.append(Message(role="tool", tool_results=[result]))
    tools = [
        {
            "name": t.get("name", ""),
            "description": t.get("description") or "",
            "parameters": t.get("parameters") or {},
        }
        for t in body.get("tools") or []
        if t.get("type") == "function"
    ]
    settings = {ours: body[key] for key, ours in _SETTING_KEYS.items() if key in body}
    choice: Any = body.get("tool_choice")
    if isinstance(choice, dict):
        choice = {"type": "tool", "tool_name": choice.get("name", "")}
    output = None
    fmt = (body.get("text") or {}).get("format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        output = OutputSpec(json_schema=fmt.get("schema") or {}, name=fmt.get("name", "output"))
    return ModelRequest(
        messages=messages, tools=tools, settings=settings, tool_choice=choice, output=output
    )


def _items(reply: ScriptReply, number: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if reply.text:
        items.append(
            {
                "type": "message",
                "id": f"msg_mock_{number}",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": reply.text, "annotations": []}],
            }
        )
    for index, call in enumerate(reply.tool_calls):
        items.append(
            {
                "type": "function_call",
                "id": f"fc_mock_{number}_{index}",
                "call_id": call.id,
                "name": call.name,
                "arguments": wire_arguments(call.args),
                "status": "completed",
            }
        )
    return items


def response_body(
    reply: ScriptReply, model: str, number: int, *, status: str = "completed", output: bool = True
) -> dict[str, Any]:
    usage = reply.usage
    prompt = usage.prompt_tokens if usage else 0
    completion = usage.completion_tokens if usage else 0
    incomplete = reply.finish_reason == "length"
    return {
        "id": f"resp_mock_{number}",
        "object": "response",
        "created_at": int(time.time()),
        "status": "incomplete" if incomplete and status == "completed" else status,
        "model": model,
        "output": _items(reply, number) if output else [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "incomplete_details": {"reason": "max_output_tokens"} if incomplete else None,
        "error": None,
        "usage": {
            "input_tokens": prompt,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": completion,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": prompt + completion,
        },
    }


def response_events(reply: ScriptReply, model: str, number: int) -> list[dict[str, Any]]:
    """The typed SSE events of a streamed response, in the order OpenAI sends them."""
    events: list[dict[str, Any]] = [
        {
            "type": "response.created",
            "response": response_body(reply, model, number, status="in_progress", output=False),
        }
    ]
    for index, item in enumerate(_items(reply, number)):
        if item["type"] == "message":
            text = item["content"][0]["text"]
            events.append(
                {
                    "type": "response.output_item.added",
                    "output_index": index,
                    "item": {**item, "status": "in_progress", "content": []},
                }
            )
            part = {"type": "output_text", "text": "", "annotations": []}
            events.append(
                {
                    "type": "response.content_part.added",
                    "item_id": item["id"],
                    "output_index": index,
                    "content_index": 0,
                    "part": part,
                }
            )
            for piece in _pieces(text):
                events.append(
                    {
                        "type": "response.output_text.delta",
                        "item_id": item["id"],
                        "output_index": index,
                        "content_index": 0,
                        "delta": piece,
                        "logprobs": [],
                    }
                )
            events.append(
                {
                    "type": "response.output_text.done",
                    "item_id": item["id"],
                    "output_index": index,
                    "content_index": 0,
                    "text": text,
                    "logprobs": [],
                }
            )
            events.append(
                {
                    "type": "response.content_part.done",
                    "item_id": item["id"],
                    "output_index": index,
                    "content_index": 0,
                    "part": {**part, "text": text},
                }
            )
        else:
            events.append(
                {
                    "type": "response.output_item.added",
                    "output_index": index,
                    "item": {**item, "status": "in_progress", "arguments": ""},
                }
            )
            events.append(
                {
                    "type": "response.function_call_arguments.delta",
                    "item_id": item["id"],
                    "output_index": index,
                    "delta": item["arguments"],
                }
            )
            events.append(
                {
                    "type": "response.function_call_arguments.done",
                    "item_id": item["id"],
                    "output_index": index,
                    "arguments": item["arguments"],
                }
            )
        events.append({"type": "response.output_item.done", "output_index": index, "item": item})
    events.append({"type": "response.completed", "response": response_body(reply, model, number)})
    for sequence, event in enumerate(events):
        event["sequence_number"] = sequence
    return events


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


def _maybe_json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
