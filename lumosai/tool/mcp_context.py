"""``context.mcp`` of a tool run by an ``MCPServer`` (Mastra's ``context.mcp``): ask the
connected client for input (elicitation) and send it notifications. Plain callables, so
``lumosai.tool`` does not depend on the MCP SDK; ``lumosai.mcp.server`` fills them in."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ElicitFunction = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]
NotifyFunction = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(slots=True)
class MCPElicitation:
    """``await context.mcp.elicitation.send_request(message=..., requested_schema={...})``
    returns the client's answer ``{"action": "accept" | "decline" | "cancel", "content":
    {...}}``. Mastra's one-argument form ``send_request({"message", "requestedSchema"})``
    works too."""

    send: ElicitFunction

    async def send_request(
        self,
        request: Mapping[str, Any] | str | None = None,
        requested_schema: Mapping[str, Any] | None = None,
        *,
        message: str | None = None,
    ) -> dict[str, Any]:
        if isinstance(request, Mapping):
            message = str(request.get("message", ""))
            requested_schema = request.get("requestedSchema", request.get("requested_schema"))
        elif isinstance(request, str):
            message = request
        if not message:
            raise ValueError("elicitation needs a message")
        schema = dict(requested_schema or {"type": "object", "properties": {}})
        return await self.send(message, schema)

    sendRequest = send_request


async def _no_notifications(_: dict[str, Any]) -> None:
    raise RuntimeError("this MCP request cannot send notifications")


@dataclass(slots=True)
class MCPRequestExtra:
    """Mastra's ``context.mcp.extra``: the request's ids, the caller's auth info, the abort
    signal, and ``await send_notification({"method": "notifications/message", "params":
    {...}})`` (logging and progress notifications)."""

    request_id: str | int | None = None
    session_id: str | None = None
    auth_info: Any = None
    signal: asyncio.Event | None = None
    notify: NotifyFunction = _no_notifications

    async def send_notification(self, notification: Mapping[str, Any]) -> None:
        await self.notify(dict(notification))

    sendNotification = send_notification


@dataclass(slots=True)
class MCPToolContext:
    """What an ``MCPServer`` gives the tools it runs, as ``context.mcp`` (None otherwise):
    ``elicitation``, ``extra``, and Mastra 2.0's ``await log(level, message, data)`` and
    ``await progress({"progress", "total", "message"})`` (a no-op when the caller asked for
    no progress)."""

    elicitation: MCPElicitation
    extra: MCPRequestExtra = field(default_factory=MCPRequestExtra)
    server_name: str = ""
    protocol_version: str | None = None
    progress_token: str | int | None = None

    async def log(self, level: str, message: str, data: Mapping[str, Any] | None = None) -> None:
        params = {"level": level, "logger": self.server_name or None}
        payload = {"message": message, **(data or {})}
        await self.extra.send_notification(
            {
                "method": "notifications/message",
                "params": {k: v for k, v in {**params, "data": payload}.items() if v is not None},
            }
        )

    async def progress(self, params: Mapping[str, Any]) -> None:
        if self.progress_token is None:
            return
        await self.extra.send_notification(
            {
                "method": "notifications/progress",
                "params": {"progressToken": self.progress_token, **params},
            }
        )


__all__ = ["MCPElicitation", "MCPRequestExtra", "MCPToolContext"]
