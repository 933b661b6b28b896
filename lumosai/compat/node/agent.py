"""``ts_agent``: a Mastra ``Agent`` defined in TypeScript, driven from Python."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any, Literal

from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.jsobject import JsObject, wrap
from lumosai.compat.node.modules import resolve_module, shared_bridge
from lumosai.compat.node.stream import TypeScriptStream

Timeout = float | None | Literal["default"]


def _message_json(message: Any) -> Any:
    if isinstance(message, str | dict):
        return message
    role = getattr(message, "role", None)
    if role is not None:
        return {"role": role, "content": getattr(message, "content", "")}
    raise TypeError(f"cannot send {type(message).__name__} to a TypeScript agent as a message")


def messages_json(messages: Any) -> Any:
    """A str, a dict ``{role, content}``, a lumosai ``Message``, or a list of those."""
    if isinstance(messages, list | tuple):
        return [_message_json(m) for m in messages]
    return _message_json(messages)


def mastra_options(
    options: dict[str, Any] | None,
    *,
    thread_id: str | None,
    resource_id: str | None,
    max_steps: int | None,
    runtime_context: Any,
) -> dict[str, Any]:
    """Mastra 1.x options: the dict as given plus the Lumos-style keywords mapped onto it."""
    merged = dict(options or {})
    if thread_id or resource_id:
        memory = dict(merged.get("memory") or {})
        if thread_id:
            memory["thread"] = thread_id
        if resource_id:
            memory["resource"] = resource_id
        merged["memory"] = memory
    if max_steps is not None:
        merged["maxSteps"] = max_steps
    if runtime_context is not None:
        items = runtime_context.items() if hasattr(runtime_context, "items") else runtime_context
        merged["requestContext"] = dict(items)
    return merged


class TypeScriptAgentStream(TypeScriptStream):
    """``agent.stream()``: Mastra chunks (``start``, ``tool-call``, ``text-delta``, ...), plus
    ``stream.text_stream`` (text deltas only) and ``await stream.text()``."""

    @property
    def text_stream(self) -> AsyncIterator[str]:
        return self._text_chunks()

    async def _text_chunks(self) -> AsyncIterator[str]:
        async for chunk in self._chunks():
            if chunk.get("type") == "text-delta":
                payload = chunk.get("payload") or {}
                yield str(payload.get("text") or payload.get("delta") or "")

    async def text(self) -> str:
        return str((await self.result()).get("text") or "")


class TypeScriptAgent:
    """``await agent.generate(messages, options)`` runs the TypeScript agent's ``generate``.

    ``options`` are Mastra's (``maxSteps``, ``memory: {thread, resource}``,
    ``requestContext`` as a dict, ``structuredOutput`` with a JSON schema, ...); the keywords
    ``thread_id``, ``resource_id``, ``max_steps``, ``runtime_context`` map onto them. The result
    is Mastra's (``res.text``, ``res.toolCalls``, ``res.usage``, ``res.finishReason``, ...).
    """

    def __init__(
        self, bridge: NodeBridge, module: str, export: str, key: str | None, timeout: Timeout
    ) -> None:
        self.bridge = bridge
        self.module = module
        self.export = export
        self.key = key
        self.timeout = timeout
        self._description = f"TypeScript agent {key or export} in {module}"

    def _payload(self, messages: Any, options: dict[str, Any]) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "module": self.module,
            "export": self.export,
            "messages": messages_json(messages),
            "options": options,
        }
        if self.key:
            payload["key"] = self.key
        return payload

    def _run_payload(
        self,
        messages: Any,
        options: dict[str, Any] | None,
        thread_id: str | None,
        resource_id: str | None,
        max_steps: int | None,
        runtime_context: Any,
    ) -> dict[str, Any]:
        """The payload of generate/stream: Mastra ``options`` with our keywords folded in."""
        opts = mastra_options(
            options,
            thread_id=thread_id,
            resource_id=resource_id,
            max_steps=max_steps,
            runtime_context=runtime_context,
        )
        return self._payload(messages, opts)

    def _timeout(self, timeout: Timeout | None) -> Timeout:
        return self.timeout if timeout is None else timeout

    async def describe(self) -> JsObject:
        result: JsObject = wrap(
            await self.bridge.call(
                "agent.describe", self._payload("", {}), description=self._description
            )
        )
        return result

    async def generate(
        self,
        messages: Any,
        options: dict[str, Any] | None = None,
        *,
        thread_id: str | None = None,
        resource_id: str | None = None,
        max_steps: int | None = None,
        runtime_context: Any = None,
        timeout: Timeout | None = None,
    ) -> JsObject:
        payload = self._run_payload(
            messages, options, thread_id, resource_id, max_steps, runtime_context
        )
        result: JsObject = wrap(
            await self.bridge.call(
                "agent.generate",
                payload,
                timeout=self._timeout(timeout),
                description=self._description,
            )
        )
        return result

    def generate_sync(
        self,
        messages: Any,
        options: dict[str, Any] | None = None,
        *,
        thread_id: str | None = None,
        resource_id: str | None = None,
        max_steps: int | None = None,
        runtime_context: Any = None,
        timeout: Timeout | None = None,
    ) -> JsObject:
        """Blocking twin of :meth:`generate` for scripts and sync code."""
        payload = self._run_payload(
            messages, options, thread_id, resource_id, max_steps, runtime_context
        )
        result: JsObject = wrap(
            self.bridge.call_sync(
                "agent.generate",
                payload,
                timeout=self._timeout(timeout),
                description=self._description,
            )
        )
        return result

    def stream(
        self,
        messages: Any,
        options: dict[str, Any] | None = None,
        *,
        thread_id: str | None = None,
        resource_id: str | None = None,
        max_steps: int | None = None,
        runtime_context: Any = None,
        timeout: Timeout | None = None,
    ) -> TypeScriptAgentStream:
        payload = self._run_payload(
            messages, options, thread_id, resource_id, max_steps, runtime_context
        )
        return TypeScriptAgentStream(
            self.bridge,
            "agent.stream",
            payload,
            self._timeout(timeout),
            self._description,
        )

    def __repr__(self) -> str:
        return f"TypeScriptAgent({self.key or self.export!r} in {self.module!r})"


def ts_agent(
    module: str | os.PathLike[str],
    export: str = "default",
    *,
    project_root: str | os.PathLike[str] = ".",
    key: str | None = None,
    bridge: NodeBridge | None = None,
    timeout: Timeout = "default",
) -> TypeScriptAgent:
    """Proxy for agent ``export`` of ``module``; with ``key``, ``export`` is a ``Mastra``
    instance and the agent is ``mastra.getAgent(key)`` (so it gets that instance's storage)."""
    bridge = bridge or shared_bridge(project_root)
    return TypeScriptAgent(
        bridge, resolve_module(bridge.project_root, module), export, key, timeout
    )
