"""Reading runs the way Mastra's scorer utilities do: the text of input and output messages
(strings, ``Message`` objects, ``{"role", "content"}`` dicts, Mastra's ``{"inputMessages":
[...]}``, an ``AgentResult``), and the tools an agent called."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def message_text(message: Any) -> str | None:
    """The text of one message (content parts joined), None when it has none."""
    if message is None:
        return None
    if isinstance(message, str):
        return message
    content = (
        message.get("content")
        if isinstance(message, Mapping)
        else getattr(message, "content", None)
    )
    if content is None and isinstance(message, Mapping) and "text" in message:
        content = message["text"]
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):  # MastraDBMessage content: {format, parts, content}
        for key in ("content", "text"):
            if isinstance(content.get(key), str) and content[key] != "":
                return str(content[key])
        content = content.get("parts") or []
    if isinstance(content, list):  # Mastra reads the last text part
        texts = [
            str(part.get("text") or "") if isinstance(part, Mapping) else str(part)
            for part in content
            if (isinstance(part, Mapping) and part.get("type") == "text") or isinstance(part, str)
        ]
        return texts[-1] if texts else ""
    return None


def messages_of(value: Any, *, key: str = "inputMessages") -> list[Any]:
    """A list of messages from whatever a run holds."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        for name in (key, "input_messages", "messages"):
            if isinstance(value.get(name), list):
                return list(value[name])
        return [value]
    response_messages = getattr(value, "response_messages", None)
    if response_messages is not None and not callable(response_messages):
        found = list(response_messages)
        return found or [getattr(value, "text", "")]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def input_text(run_input: Any) -> str:
    """Mastra: ``run.input.inputMessages.map(text).join(', ')``."""
    return ", ".join(t or "" for t in map(message_text, messages_of(run_input)))


def output_text(run_output: Any) -> str:
    """Mastra: ``run.output.map(text).join(', ')``."""
    return ", ".join(t or "" for t in map(message_text, messages_of(run_output, key="messages")))


def user_message(run_input: Any) -> str:
    """The first user message's text (Mastra's ``getUserMessageFromRunInput``)."""
    for message in messages_of(run_input):
        role = (
            message.get("role")
            if isinstance(message, Mapping)
            else getattr(message, "role", "user")
        )
        if isinstance(message, str) or role == "user":
            return message_text(message) or ""
    return ""


def assistant_message(run_output: Any) -> str:
    """The last assistant text (``getAssistantMessageFromRunOutput``)."""
    found = ""
    for message in messages_of(run_output, key="messages"):
        role = (
            message.get("role")
            if isinstance(message, Mapping)
            else getattr(message, "role", "assistant")
        )
        text = message_text(message)
        if (isinstance(message, str) or role == "assistant") and text:
            found = text
    return found


def get_user_message_from_run_input(run_input: Any) -> str | None:
    """Mastra's ``getUserMessageFromRunInput`` for translated scorers: the user text, or None
    (``undefined``) when there is none."""
    return user_message(run_input) or None


def get_assistant_message_from_run_output(run_output: Any) -> str | None:
    """Mastra's ``getAssistantMessageFromRunOutput``: the assistant text, or None."""
    return assistant_message(run_output) or None


_CALLED_STATES = ("result", "call", "output-error")


def _invocations(content: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Tool invocations of a MastraDBMessage: parts first, then legacy ones not in parts."""
    from_parts = [
        p["toolInvocation"]
        for p in content.get("parts") or []
        if isinstance(p, Mapping) and p.get("type") == "tool-invocation" and p.get("toolInvocation")
    ]
    seen = {i.get("toolCallId") for i in from_parts if i.get("toolCallId")}
    legacy = [
        i for i in content.get("toolInvocations") or [] if i and i.get("toolCallId") not in seen
    ]
    return [*from_parts, *legacy]


def tool_calls(run_output: Any) -> list[str]:
    """Names of the tools called, in order (``extractToolCalls``): from an ``AgentResult``,
    ``Message.tool_calls``, or MastraDBMessage tool invocations."""
    calls = getattr(run_output, "tool_calls", None)
    if calls is not None and not isinstance(run_output, (list, Mapping)):
        return [getattr(c, "name", "") for c in calls]
    names: list[str] = []
    for message in messages_of(run_output, key="messages"):
        if isinstance(message, Mapping):
            content = message.get("content")
            if isinstance(content, Mapping):
                names.extend(
                    str(i["toolName"])
                    for i in _invocations(content)
                    if i.get("toolName") and i.get("state") in _CALLED_STATES
                )
            for call in message.get("tool_calls") or message.get("toolCalls") or []:
                name = call.get("name") or call.get("toolName")
                if name:
                    names.append(str(name))
        else:
            names.extend(str(c.name) for c in getattr(message, "tool_calls", None) or [])
    return names


def _message_dict(message: Any, role: str) -> dict[str, Any]:
    """A message as Mastra's scorers see it: ``{id, role, content, toolInvocations?}``."""
    if isinstance(message, Mapping):
        return dict(message)
    if isinstance(message, str):
        return {"role": role, "content": message}
    out: dict[str, Any] = {
        "id": getattr(message, "id", None) or "",
        "role": getattr(message, "role", role),
        "content": message_text(message) or "",
    }
    calls = getattr(message, "tool_calls", None) or []
    results = {getattr(r, "id", None): r for r in getattr(message, "tool_results", None) or []}
    if calls:
        out["toolInvocations"] = [
            {
                "toolCallId": c.id,
                "toolName": c.name,
                "args": c.args,
                "result": getattr(results.get(c.id), "result", None),
                "state": "result",
            }
            for c in calls
        ]
    return out


def mastra_input(run_input: Any, run_output: Any) -> Any:
    """An agent run's input as ``{"inputMessages": [...], ...}``; other inputs unchanged."""
    agent_run = getattr(run_output, "response_messages", None) is not None
    if isinstance(run_input, Mapping) and "inputMessages" in run_input:
        return run_input
    if (
        agent_run
        or isinstance(run_input, str)
        or (
            isinstance(run_input, list)
            and all(not isinstance(m, (int, float)) for m in run_input)
            and any(hasattr(m, "role") or isinstance(m, str) for m in run_input)
        )
    ):
        return {
            "inputMessages": [_message_dict(m, "user") for m in messages_of(run_input)],
            "rememberedMessages": [],
            "systemMessages": [],
            "taggedSystemMessages": {},
        }
    return run_input


def mastra_output(run_output: Any) -> Any:
    """An agent run's output as Mastra stores it: one assistant message for the whole run
    (its final text, and every tool call with its result)."""
    if getattr(run_output, "response_messages", None) is not None:
        results = {r.id: r for r in run_output.tool_results}
        message: dict[str, Any] = {
            "id": run_output.run_id or "",
            "role": "assistant",
            "content": run_output.text,
        }
        invocations = [
            {
                "toolCallId": call.id,
                "toolName": call.name,
                "args": call.args,
                "result": getattr(results.get(call.id), "result", None),
                "state": "result",
            }
            for call in run_output.tool_calls
        ]
        if invocations:
            message["toolInvocations"] = invocations
        return [message]
    if isinstance(run_output, list) and any(hasattr(m, "role") for m in run_output):
        return [_message_dict(m, "assistant") for m in run_output]
    return run_output


def mastra_shapes(function: Any) -> Any:
    """Call ``function(input, output)`` with the run in Mastra's JSON shapes (``{"inputMessages":
    [...]}``, a list of message dicts): for callbacks ported from TypeScript, such as a
    converted ``contextExtractor``."""

    def adapted(run_input: Any, run_output: Any) -> Any:
        return function(mastra_input(run_input, run_output), mastra_output(run_output))

    return adapted
