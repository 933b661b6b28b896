"""Anthropic's Messages API (`POST /v1/messages`), both ways, for the mock server.

Parses a request into our ``ModelRequest`` (system, messages with `tool_use`/`tool_result`
blocks as tool calls/results, tools with `input_schema`, settings) so scripts and recorded
requests look the same as on the OpenAI wires, and renders replies as JSON or SSE events.

Structured output reaches Anthropic two ways and both are answered: a native
`output_config.format` JSON schema (answered with JSON text), or a forced output tool (the AI
SDK's `json` tool, pydantic-ai's `final_result`), answered with a `tool_use` of that tool. The
output tool is recorded as the request's ``output``, not as a tool, as on the OpenAI wires.
"""

from __future__ import annotations

import json
from typing import Any

from lumosai.llm.messages import Message, ToolCall, ToolResult
from lumosai.llm.model import ModelRequest, OutputSpec
from lumosai.testing.script import ScriptReply, content_text, read_arguments, wire_arguments

#: the tools clients force to get structured output: AI SDK (`json`), pydantic-ai (`final_result`)
OUTPUT_TOOLS = ("json", "final_result")
_SETTING_KEYS = {
    "max_tokens": "max_tokens",
    "temperature": "temperature",
    "top_p": "top_p",
    "top_k": "top_k",
    "stop_sequences": "stop",
}
_STOP = {"stop": "end_turn", "length": "max_tokens", "tool-calls": "tool_use"}


def _blocks(content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    return [b for b in content or [] if isinstance(b, dict)]


def _result_value(content: Any) -> Any:
    text = content_text(content) if not isinstance(content, str) else content
    return read_json(text)


def read_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _output_tool(body: dict[str, Any]) -> str | None:
    """The name of the tool the request forces for structured output, if any: `tool_choice`
    `any` (the AI SDK, pydantic-ai) or `tool` naming one of ``OUTPUT_TOOLS``."""
    choice = body.get("tool_choice")
    if not isinstance(choice, dict) or choice.get("type") not in ("any", "tool"):
        return None
    names = [t.get("name") for t in body.get("tools") or [] if isinstance(t, dict)]
    if choice.get("type") == "tool":
        name = choice.get("name")
        return name if name in OUTPUT_TOOLS and name in names else None
    return next((name for name in OUTPUT_TOOLS if name in names), None)


def parse_messages_request(body: dict[str, Any]) -> ModelRequest:
    """An Anthropic Messages body as our ``ModelRequest``."""
    messages: list[Message] = []
    # one system message per block: the AI SDK sends one block per system message,
    # pydantic-ai one string joined with blank lines; the request view joins them the same way
    for block in _blocks(body.get("system")):
        if block.get("type") == "text" and block.get("text"):
            messages.append(Message(role="system", content=str(block["text"])))
    names: dict[str, str] = {}
    for raw in body.get("messages") or []:
        role = raw.get("role")
        blocks = _blocks(raw.get("content"))
        text = "".join(b.get("text", "") for b in blocks if b.get("type") == "text")
        if role == "assistant":
            calls = []
            for block in blocks:
                if block.get("type") == "tool_use":
                    names[block.get("id", "")] = block.get("name", "")
                    calls.append(
                        ToolCall(
                            id=block.get("id", ""),
                            name=block.get("name", ""),
                            args=read_arguments(block.get("input")),
                        )
                    )
            messages.append(Message(role="assistant", content=text, tool_calls=calls))
            continue
        results = [
            ToolResult(
                id=b.get("tool_use_id", ""),
                name=names.get(b.get("tool_use_id", ""), ""),
                result=_result_value(b.get("content")),
                is_error=bool(b.get("is_error")),
            )
            for b in blocks
            if b.get("type") == "tool_result"
        ]
        if results:
            messages.append(Message(role="tool", tool_results=results))
        if text or not results:
            messages.append(Message(role="user", content=text))
    output_tool = _output_tool(body)
    tools = [
        {
            "name": t.get("name", ""),
            "description": t.get("description", ""),
            "parameters": t.get("input_schema") or {},
        }
        for t in body.get("tools") or []
        if isinstance(t, dict) and t.get("name") != output_tool
    ]
    output = None
    if output_tool is not None:
        spec = next(t for t in body.get("tools") or [] if t.get("name") == output_tool)
        output = OutputSpec(json_schema=spec.get("input_schema") or {}, name="output")
    fmt = (body.get("output_config") or {}).get("format") or body.get("output_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        output = OutputSpec(json_schema=fmt.get("schema") or {}, name="output")
    settings = {ours: body[key] for key, ours in _SETTING_KEYS.items() if key in body}
    choice: Any = None if output_tool else body.get("tool_choice")
    if isinstance(choice, dict):
        kind = choice.get("type")
        if kind == "tool":
            choice = {"type": "tool", "tool_name": choice.get("name", "")}
        else:
            choice = {"any": "required"}.get(str(kind), kind)
    return ModelRequest(
        messages=messages, tools=tools, settings=settings, tool_choice=choice, output=output
    )


def _content(reply: ScriptReply, body: dict[str, Any], number: int) -> list[dict[str, Any]]:
    output_tool = _output_tool(body)
    if output_tool is not None and not reply.tool_calls and reply.text:
        return [
            {
                "type": "tool_use",
                "id": f"toolu_mock_{number}_out",
                "name": output_tool,
                "input": read_arguments(reply.text),
            }
        ]
    blocks: list[dict[str, Any]] = []
    if reply.text:
        blocks.append({"type": "text", "text": reply.text})
    for call in reply.tool_calls:
        blocks.append({"type": "tool_use", "id": call.id, "name": call.name, "input": call.args})
    return blocks


def stop_reason(reply: ScriptReply, content: list[dict[str, Any]]) -> str:
    if reply.finish_reason:
        return _STOP.get(reply.finish_reason, reply.finish_reason)
    return "tool_use" if any(b["type"] == "tool_use" for b in content) else "end_turn"


def usage_body(reply: ScriptReply) -> dict[str, int]:
    usage = reply.usage
    return {
        "input_tokens": usage.prompt_tokens if usage else 0,
        "output_tokens": usage.completion_tokens if usage else 0,
    }


def message_body(reply: ScriptReply, body: dict[str, Any], number: int) -> dict[str, Any]:
    """The JSON answer to a non-streaming `POST /v1/messages`."""
    content = _content(reply, body, number)
    return {
        "id": f"msg_mock_{number}",
        "type": "message",
        "role": "assistant",
        "model": str(body.get("model", "mock")),
        "content": content,
        "stop_reason": stop_reason(reply, content),
        "stop_sequence": None,
        "usage": usage_body(reply),
    }


def message_events(reply: ScriptReply, body: dict[str, Any], number: int) -> list[dict[str, Any]]:
    """The SSE events of a streaming answer: message_start, per block start/deltas/stop,
    message_delta (stop_reason, usage), message_stop."""
    full = message_body(reply, body, number)
    usage = full["usage"]
    start = {**full, "content": [], "stop_reason": None}
    start["usage"] = {"input_tokens": usage["input_tokens"], "output_tokens": 0}
    events: list[dict[str, Any]] = [{"type": "message_start", "message": start}]
    for index, block in enumerate(full["content"]):
        if block["type"] == "text":
            events.append(
                {
                    "type": "content_block_start",
                    "index": index,
                    "content_block": {"type": "text", "text": ""},
                }
            )
            words = block["text"].split(" ")
            for i, word in enumerate(words):
                piece = word + (" " if i < len(words) - 1 else "")
                events.append(
                    {
                        "type": "content_block_delta",
                        "index": index,
                        "delta": {"type": "text_delta", "text": piece},
                    }
                )
        else:
            events.append(
                {
                    "type": "content_block_start",
                    "index": index,
                    "content_block": {**block, "input": {}},
                }
            )
            arguments = wire_arguments(block["input"])
            half = len(arguments) // 2
            for part in (arguments[:half], arguments[half:]):
                events.append(
                    {
                        "type": "content_block_delta",
                        "index": index,
                        "delta": {"type": "input_json_delta", "partial_json": part},
                    }
                )
        events.append({"type": "content_block_stop", "index": index})
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": full["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": usage["output_tokens"]},
        }
    )
    events.append({"type": "message_stop"})
    return events


def anthropic_error_body(message: str, status: int) -> dict[str, Any]:
    kind = "api_error" if status >= 500 else "invalid_request_error"
    return {"type": "error", "error": {"type": kind, "message": message}}
