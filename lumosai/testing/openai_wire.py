"""The OpenAI chat-completions wire format, both ways, for the mock server.

Parses a request body into our ``ModelRequest`` (so scripts, ``per_conversation`` mode and
recorded requests look the same as with ``ScriptedModel``) and renders replies as JSON or SSE.
"""

from __future__ import annotations

import json
import time
from typing import Any

from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.llm.model import ModelRequest, OutputSpec
from lumosai.testing.script import ScriptReply, content_text, read_arguments, wire_arguments

_SETTING_KEYS = {
    "temperature": "temperature",
    "top_p": "top_p",
    "max_tokens": "max_tokens",
    "max_completion_tokens": "max_tokens",
    "stop": "stop",
    "seed": "seed",
    "presence_penalty": "presence_penalty",
    "frequency_penalty": "frequency_penalty",
    "top_k": "top_k",
    "n": "n",
    "logit_bias": "logit_bias",
    "parallel_tool_calls": "parallel_tool_calls",
}
_FINISH = {"tool-calls": "tool_calls", "content-filter": "content_filter"}


def parse_chat_request(body: dict[str, Any]) -> ModelRequest:
    """An OpenAI chat-completions body as our ``ModelRequest``."""
    messages: list[Message] = []
    names: dict[str, str] = {}
    for raw in body.get("messages") or []:
        role = raw.get("role")
        content = content_text(raw.get("content"))
        if role in ("system", "developer"):
            messages.append(Message(role="system", content=content))
        elif role == "user":
            messages.append(Message(role="user", content=content))
        elif role == "assistant":
            calls = []
            for call in raw.get("tool_calls") or []:
                fn = call.get("function") or {}
                names[call.get("id", "")] = fn.get("name", "")
                calls.append(
                    ToolCall(
                        id=call.get("id", ""),
                        name=fn.get("name", ""),
                        args=read_arguments(fn.get("arguments")),
                    )
                )
            messages.append(Message(role="assistant", content=content, tool_calls=calls))
        elif role == "tool":
            call_id = raw.get("tool_call_id", "")
            result = ToolResult(
                id=call_id, name=names.get(call_id, ""), result=_maybe_json(content)
            )
            if messages and messages[-1].role == "tool":
                messages[-1].tool_results.append(result)
            else:
                messages.append(Message(role="tool", tool_results=[result]))
    tools = []
    for entry in body.get("tools") or []:
        fn = entry.get("function") or {}
        tools.append(
            {
                "name": fn.get("name", ""),
                "description": fn.get("description", ""),
                "parameters": fn.get("parameters") or {},
            }
        )
    settings = {ours: body[key] for key, ours in _SETTING_KEYS.items() if key in body}
    choice: Any = body.get("tool_choice")
    if isinstance(choice, dict):
        choice = {"type": "tool", "tool_name": (choice.get("function") or {}).get("name", "")}
    output = None
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema") or {}
        output = OutputSpec(json_schema=spec.get("schema") or {}, name=spec.get("name", "output"))
    return ModelRequest(
        messages=messages, tools=tools, settings=settings, tool_choice=choice, output=output
    )


def completion_body(reply: ScriptReply, model: str, number: int) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    if reply.tool_calls:
        message["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": wire_arguments(call.args)},
            }
            for call in reply.tool_calls
        ]
    return {
        "id": f"chatcmpl-mock-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason(reply)}],
        "usage": usage_body(reply),
    }


def stream_chunks(
    reply: ScriptReply, model: str, number: int, include_usage: bool
) -> list[dict[str, Any]]:
    """The SSE ``data:`` payloads for ``reply``: role, text deltas, tool-call deltas, finish, usage."""
    base = {
        "id": f"chatcmpl-mock-{number}",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    for piece in _pieces(reply.text):
        chunks.append(chunk({"content": piece}))
    for index, call in enumerate(reply.tool_calls):
        arguments = wire_arguments(call.args)
        half = len(arguments) // 2
        chunks.append(
            chunk(
                {
                    "tool_calls": [
                        {
                            "index": index,
                            "id": call.id,
                            "type": "function",
                            "function": {"name": call.name, "arguments": arguments[:half]},
                        }
                    ]
                }
            )
        )
        chunks.append(
            chunk({"tool_calls": [{"index": index, "function": {"arguments": arguments[half:]}}]})
        )
    chunks.append(chunk({}, finish_reason(reply)))
    if include_usage:
        chunks.append({**base, "choices": [], "usage": usage_body(reply)})
    return chunks


def error_body(message: str, status: int) -> dict[str, Any]:
    kind = "server_error" if status >= 500 else "invalid_request_error"
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def finish_reason(reply: ScriptReply) -> str:
    if reply.finish_reason:
        return _FINISH.get(reply.finish_reason, reply.finish_reason)
    return "tool_calls" if reply.tool_calls else "stop"


def usage_body(reply: ScriptReply) -> dict[str, int]:
    usage = reply.usage
    if usage is None:
        return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    return {
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "total_tokens": usage.total_tokens,
    }


def _pieces(text: str) -> list[str]:
    if not text:
        return []
    words = text.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


def _maybe_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
