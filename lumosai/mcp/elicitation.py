"""Elicitation both ways on the SDK. Server side: ``context.mcp`` for tools an ``MCPServer``
runs (``send_request`` asks the calling client, ``send_notification`` logs or reports
progress to it). Client side: ``client.elicitation.on_request(server, handler)`` (Mastra's
``mcp.elicitation.onRequest``) answers a server's ``elicitation/create`` requests."""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

import mcp_types as types
from mcp.client.session import ElicitationFnT
from pydantic import TypeAdapter, ValidationError

from lumosai.tool.mcp_context import MCPElicitation, MCPRequestExtra, MCPToolContext

log = logging.getLogger("lumosai.mcp")

ElicitationHandler = Callable[[dict[str, Any]], "dict[str, Any] | Awaitable[dict[str, Any]]"]
"""Gets ``{"message", "requestedSchema"}`` (or ``{"message", "url", "elicitationId"}`` in
URL mode) and returns ``{"action": "accept" | "decline" | "cancel", "content": {...}}``."""

_NOTIFICATION = TypeAdapter[Any](types.ServerNotification)


# ---------------------------------------------------------------------------- server side


INPUT_REQUIRED_VERSION = "2026-07-28"
"""From this protocol version a server cannot send requests mid-call: it answers
``input_required`` and the client retries the call with the answers."""

_KEY = "lumos-elicit-{}"


class InputNeeded(BaseException):
    """Raised inside a tool at its first unanswered ``send_request`` (new protocol): the
    server ends the round with ``input_required``. A ``BaseException``, so a tool's own
    ``except Exception`` does not swallow it."""

    def __init__(self, key: str, request: types.ElicitRequest) -> None:
        super().__init__(key)
        self.key = key
        self.request = request


def answers_of(params: Any) -> dict[str, dict[str, Any]]:
    """The elicitation answers of earlier rounds of this call: carried in ``request_state``
    plus the client's ``input_responses`` to the last round."""
    found: dict[str, dict[str, Any]] = {}
    state = getattr(params, "request_state", None)
    if state:
        try:
            loaded = json.loads(state)
        except ValueError:
            loaded = {}
        if isinstance(loaded, dict) and isinstance(loaded.get("answers"), dict):
            found.update(loaded["answers"])
    for key, response in (getattr(params, "input_responses", None) or {}).items():
        dump = getattr(response, "model_dump", None)
        found[key] = (
            dump(mode="json", by_alias=True, exclude_none=True, exclude={"meta"})
            if callable(dump)
            else dict(response)
        )
    return found


def input_required(need: InputNeeded, answers: dict[str, dict[str, Any]]) -> Any:
    """The ``input_required`` result asking ``need``'s question, carrying ``answers``."""
    return types.InputRequiredResult(
        input_requests={need.key: need.request},
        request_state=json.dumps({"answers": answers}, separators=(",", ":")),
    )


def _progress_token(meta: Any) -> str | int | None:
    if isinstance(meta, Mapping):
        found = meta.get("progressToken", meta.get("progress_token"))
    else:
        found = getattr(meta, "progress_token", None)
    return found if isinstance(found, (str, int)) else None


def _uses_input_required(request: Any) -> bool:
    from mcp_types.version import is_version_at_least

    version = getattr(request, "protocol_version", None)
    return bool(version) and is_version_at_least(str(version), INPUT_REQUIRED_VERSION)


def tool_context(
    server_name: str, request: Any, answers: dict[str, dict[str, Any]] | None = None
) -> MCPToolContext:
    """``context.mcp`` for one ``tools/call`` served through the SDK request context.

    On protocols before 2026-07-28 ``send_request`` asks the client mid-call. From
    2026-07-28 the tool re-runs from the top on each round (as in Mastra): the n-th
    ``send_request`` returns the n-th answer once the client has given it, so side effects
    before the last question should be idempotent."""
    session = request.session
    request_id = request.request_id
    asked = [0]
    known = dict(answers or {})

    async def elicit(message: str, requested_schema: dict[str, Any]) -> dict[str, Any]:
        if _uses_input_required(request):
            key = _KEY.format(asked[0])
            asked[0] += 1
            if key in known:
                return dict(known[key])
            params = types.ElicitRequestFormParams(
                message=message, requested_schema=requested_schema
            )
            raise InputNeeded(key, types.ElicitRequest(params=params))
        result = await session.elicit_form(message, requested_schema, related_request_id=request_id)
        answer: dict[str, Any] = result.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude={"meta"}
        )
        return answer

    async def notify(notification: dict[str, Any]) -> None:
        try:
            typed = _NOTIFICATION.validate_python(notification)
        except ValidationError as exc:
            raise ValueError(f"not an MCP server notification: {notification!r}") from exc
        await session.send_notification(typed, related_request_id=request_id)

    http = getattr(request, "request", None)
    headers = getattr(http, "headers", None)
    session_id = headers.get("mcp-session-id") if headers is not None else None
    return MCPToolContext(
        elicitation=MCPElicitation(elicit),
        extra=MCPRequestExtra(request_id=request_id, session_id=session_id, notify=notify),
        server_name=server_name,
        protocol_version=getattr(request, "protocol_version", None),
        progress_token=_progress_token(getattr(request, "meta", None)),
    )


# ---------------------------------------------------------------------------- client side


def _request_of(params: Any) -> dict[str, Any]:
    """The SDK's request params in Mastra's shape (camelCase protocol names)."""
    dumped: dict[str, Any] = params.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude={"meta", "task"}
    )
    return dumped


class Elicitation:
    """``client.elicitation``: one handler per server, set before or after connecting."""

    def __init__(self, servers: Mapping[str, Any], handlers: Mapping[str, Any] | None) -> None:
        self._servers = servers
        self._handlers: dict[str, ElicitationHandler] = {}
        self._wrapped: set[str] = set()  # Mastra 2.0 `inputRequests` handlers
        for name, handler in (handlers or {}).items():
            self.on_request(name, handler)

    def on_input_requests(self, server_name: str, handler: Callable[[dict[str, Any]], Any]) -> None:
        """Mastra 2.0's per-server ``inputRequests`` handler: it gets ``{"key", "params",
        "signal"}`` (``params`` is the request) and returns the answer."""
        self.on_request(server_name, handler)
        self._wrapped.add(server_name)

    def on_request(self, server_name: str, handler: ElicitationHandler) -> None:
        """Answer ``server_name``'s elicitation requests with ``handler``."""
        if server_name not in self._servers:
            raise KeyError(
                f"MCP server {server_name!r} is not configured; known: {', '.join(self._servers)}"
            )
        if not callable(handler):
            raise TypeError("the elicitation handler must be callable")
        self._handlers[server_name] = handler
        self._wrapped.discard(server_name)

    onRequest = on_request

    def handler(self, server_name: str) -> ElicitationHandler | None:
        return self._handlers.get(server_name)

    def callback(self, server_name: str) -> ElicitationFnT:
        """The SDK ``elicitation_callback`` for one server's connection."""

        async def answer(_: Any, params: Any) -> types.ElicitResult | types.ErrorData:
            handler = self._handlers.get(server_name)
            if handler is None:
                return types.ErrorData(
                    code=types.INVALID_REQUEST,
                    message=f"no elicitation handler for MCP server {server_name!r}",
                )
            request = _request_of(params)
            if server_name in self._wrapped:
                key = str(getattr(_, "request_id", "") or "")
                request = {"key": key, "params": request, "signal": None}
            try:
                found = handler(request)
                if inspect.isawaitable(found):
                    found = await found
                return types.ElicitResult.model_validate(found)
            except Exception as exc:  # the server gets an error, the session stays up
                log.warning("MCP: elicitation handler of %r failed: %s", server_name, exc)
                return types.ErrorData(
                    code=types.INTERNAL_ERROR,
                    message=f"elicitation handler failed: {type(exc).__name__}: {exc}",
                )

        return cast("ElicitationFnT", answer)


__all__ = [
    "Elicitation",
    "ElicitationHandler",
    "InputNeeded",
    "answers_of",
    "input_required",
    "tool_context",
]
