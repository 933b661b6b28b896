"""``OpenAIChatClient``: OpenAI-compatible chat completions without the OpenAI SDK or pydantic-ai.

The provider helpers (``openai()``, ``deepseek()``, ``qwen()``, ``ollama()``,
``openai_compatible()``, ...) build this model for chat models; it sends the same request body
as the pydantic-ai path (``chat_wire``), on a keep-alive HTTP/1.1 pool (``http11``), with the
OpenAI SDK's retry policy and the same ``ModelError`` messages. Why: the SDK's parameter
transformation, httpx's pool and pydantic-ai's response models were about 70% of Lumos's CPU
per generate (docs/performance.md).

What still goes through pydantic-ai (``build_model`` decides): reasoning and special OpenAI
models (o-series, gpt-5 and later, gpt-oss, search previews, fine-tunes), the Responses API,
Anthropic and Gemini, HTTP proxies from the environment, and any request made while httpx's
transport is patched (``lumos-migrate verify``, pytest-httpx), so those patches still see it.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import os
import platform
import random
import sys
import time
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Any

from lumosai.llm import chat_wire
from lumosai.llm.http11 import (
    ConnectionPool,
    HTTPConnectError,
    HTTPError,
    HTTPResponse,
    HTTPTimeout,
    Origin,
)
from lumosai.llm.loop_guard import ClosedAtLoopShutdown
from lumosai.llm.model import (
    Model,
    ModelError,
    ModelRequest,
    ModelResponse,
    OutputSpec,
    StreamChunk,
)

__all__ = ["OpenAIChatClient", "lean_client_supports"]

#: the OpenAI SDK's defaults
DEFAULT_MAX_RETRIES = 2
DEFAULT_TIMEOUT = 600.0
CONNECT_TIMEOUT = 5.0
_INITIAL_RETRY_DELAY = 0.5
_MAX_RETRY_DELAY = 8.0
_RETRY_STATUSES = frozenset({408, 409, 429})
#: httpx's JSON settings for request bodies (the SDK path's), built once
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)

#: OpenAI model families whose request pydantic-ai shapes per model (reasoning effort, dropped
#: sampling settings, developer role, strict-schema variants): they keep the pydantic-ai path
_PYDANTIC_AI_FAMILIES = ("o1", "o3", "o4", "gpt-5", "gpt-6", "gpt-oss", "ft:", "codex")


def lean_client_supports(model_id: str, base_url: str | None) -> bool:
    """Whether ``OpenAIChatClient`` sends exactly what the pydantic-ai path would for this model."""
    name = model_id.lower()
    if name.startswith(_PYDANTIC_AI_FAMILIES) or "search-preview" in name:
        return False
    url = base_url or "https://api.openai.com/v1"
    try:
        origin = Origin.parse(url)
    except ValueError:
        return False
    return not _proxied(origin)


def _proxied(origin: Origin) -> bool:
    """A proxy from the environment applies to ``origin`` (httpx would use it; we cannot)."""
    import urllib.request

    proxies = urllib.request.getproxies()
    if not (proxies.get(origin.scheme) or proxies.get("all")):
        return False
    return not urllib.request.proxy_bypass(origin.host)


def httpx_patched() -> bool:
    """Someone replaced httpx's async transport (``lumos-migrate verify`` routes model calls
    that way, test libraries mock with it): requests must then go through httpx."""
    for name in ("httpx", "httpx2"):
        module = sys.modules.get(name)
        transport = getattr(module, "AsyncHTTPTransport", None)
        handler = getattr(transport, "handle_async_request", None)
        if handler is not None and getattr(handler, "__module__", "").split(".")[0] != name:
            return True
    return False


#: A call's URL -> (the URL to use, extra headers), or None to leave it. ``lumos-migrate verify``
#: installs one to send every model call to its mock server, as its httpx patch does for other
#: clients; while one is installed the client does not fall back to httpx.
Route = Callable[[str], "tuple[str, list[tuple[str, str]]] | None"]
_route: Route | None = None


def set_route(route: Route | None) -> None:
    """Install (or remove, with None) the process-wide model-call route."""
    global _route
    _route = route


class OpenAIChatClient(Model):
    """An OpenAI-compatible chat model over our own HTTP client.

    ``fallback`` builds the equivalent pydantic-ai model, used while httpx is patched.
    """

    def __init__(
        self,
        *,
        provider: str,
        model_id: str,
        api_key: str,
        base_url: str | None,
        max_retries: int | None = None,
        timeout: float | None = None,
        settings: dict[str, Any] | None = None,
        max_tokens_field: str = "max_completion_tokens",
        fallback: Callable[[], Model] | None = None,
    ) -> None:
        self.provider = provider
        self.model_id = model_id
        self.settings = dict(settings or {})
        self.base_url = (base_url or "https://api.openai.com/v1").rstrip("/")
        self.max_retries = DEFAULT_MAX_RETRIES if max_retries is None else max_retries
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.max_tokens_field = max_tokens_field
        self._origin = Origin.parse(self.base_url)
        self._target = f"{self._origin.path}/chat/completions"
        self._api_key = api_key
        self._headers = _static_headers(self._origin, api_key)
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopPool] = (
            weakref.WeakKeyDictionary()
        )
        self._fallback_factory = fallback
        self._fallback: Model | None = None
        self._formats: dict[str, tuple[dict[str, Any], bool]] = {}

    # public API -------------------------------------------------------------------------
    async def request(self, request: ModelRequest) -> ModelResponse:
        if self._fallback_factory is not None and _route is None and httpx_patched():
            return await self._fallback_model().request(request)
        body, timeout, headers = self._prepare(request, stream=False)
        reply = await self._send(body, timeout, headers, stream=False)
        try:
            data = json.loads(reply.body)
        except ValueError as exc:
            raise self._fail("ModelAPIError", f"Failed to decode response as JSON: {exc}") from exc
        try:
            return chat_wire.parse_completion(data, self.model_id)
        except chat_wire.InvalidReply as exc:
            raise self._invalid(str(exc)) from exc

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamChunk]:
        if self._fallback_factory is not None and _route is None and httpx_patched():
            async for chunk in self._fallback_model().stream(request):
                yield chunk
            return
        body, timeout, headers = self._prepare(request, stream=True)
        reply = await self._send(body, timeout, headers, stream=True)
        assembler = chat_wire.ChatStream(self.model_id)
        lines = reply.aiter_lines(timeout)
        try:
            async for line in lines:
                if not line.startswith(b"data:"):
                    continue
                payload = line[5:].strip()
                if payload == b"[DONE]":
                    continue
                try:
                    chunk = json.loads(payload)
                except ValueError:
                    continue
                if isinstance(chunk, dict) and chunk.get("error"):
                    raise self._stream_error(chunk["error"])
                delta = assembler.feed(chunk)
                if delta:
                    yield delta
        except HTTPTimeout as exc:
            raise self._fail("ModelTimeoutError", "Request timed out.") from exc
        except HTTPError as exc:
            raise self._fail("ModelConnectionError", "Connection error.") from exc
        finally:
            await lines.aclose()
        if assembler.empty:
            raise self._fail(
                "UnexpectedModelBehavior", "Streamed response ended without content or tool calls"
            )
        yield assembler.result()

    async def aclose(self) -> None:
        """Close the idle connections of the running loop (also done at loop shutdown)."""
        try:
            entry = self._pools.pop(asyncio.get_running_loop(), None)
        except RuntimeError:
            return
        if entry is not None:
            await entry.close()

    # request building -------------------------------------------------------------------
    def _prepare(
        self, request: ModelRequest, *, stream: bool
    ) -> tuple[bytes, float, list[tuple[str, str]]]:
        merged = {**self.settings, **request.settings} if request.settings else self.settings
        named, extra = chat_wire.split_settings(merged)
        response_format = self._response_format(request.output) if request.output else None
        try:
            body = chat_wire.build_body(
                self.model_id,
                request,
                named,
                extra,
                stream=stream,
                max_tokens_field=self.max_tokens_field,
                response_format=response_format,
            )
        except chat_wire.ToolChoiceError as exc:
            raise self._fail("UserError", str(exc)) from exc
        timeout = named.get("timeout")
        headers = named.get("extra_headers") or {}
        return (
            _ENCODER.encode(body).encode(),
            float(timeout) if isinstance(timeout, int | float) else self.timeout,
            list(headers.items()),
        )

    def _response_format(self, spec: OutputSpec) -> dict[str, Any]:
        """``response_format`` for structured output: the schema as pydantic-ai's OpenAI
        profile rewrites it (``additionalProperties: false``, no titles, ...) and its
        ``strict`` verdict. Imported only when asked, and cached per schema."""
        key = json.dumps(spec.json_schema, sort_keys=True, default=str)
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = _transform_output_schema(self.model_id, spec.json_schema)
        schema, strict = found
        fmt: dict[str, Any] = {"name": spec.name or "final_result", "schema": schema}
        if spec.description:
            fmt["description"] = spec.description
        fmt["strict"] = strict
        return {"type": "json_schema", "json_schema": fmt}

    # sending ----------------------------------------------------------------------------
    async def _send(
        self, body: bytes, timeout: float, extra: list[tuple[str, str]], *, stream: bool
    ) -> HTTPResponse:
        pool = await self._pool()
        origin, target, static = self._destination(extra)
        attempt = 0
        while True:
            head = self._head(target, static, len(body), extra, stream)
            try:
                reply = await pool.request(origin, head, body, timeout=timeout, stream=stream)
            except HTTPTimeout as exc:
                if attempt < self.max_retries:
                    await asyncio.sleep(_retry_delay(attempt, None))
                    attempt += 1
                    continue
                raise self._fail("ModelTimeoutError", "Request timed out.") from exc
            except (HTTPConnectError, HTTPError) as exc:
                if attempt < self.max_retries:
                    await asyncio.sleep(_retry_delay(attempt, None))
                    attempt += 1
                    continue
                raise self._fail("ModelConnectionError", "Connection error.") from exc
            if reply.status < 400:
                return reply
            if stream:
                reply = await self._read_error_body(reply, timeout)
            if attempt < self.max_retries and _should_retry(reply):
                await asyncio.sleep(_retry_delay(attempt, reply.headers))
                attempt += 1
                continue
            raise self._status_error(reply)

    async def _read_error_body(self, reply: HTTPResponse, timeout: float) -> HTTPResponse:
        lines: list[bytes] = []
        try:
            async for line in reply.aiter_lines(timeout):
                lines.append(line)
        except HTTPError:
            pass
        return HTTPResponse(reply.status, reply.headers, b"\n".join(lines))

    def _destination(self, extra: list[tuple[str, str]]) -> tuple[Origin, str, str]:
        """Origin, request target and fixed headers: the client's own unless a route moves
        the call (then ``extra`` also gets the route's headers)."""
        routed = _route(f"{self.base_url}/chat/completions") if _route is not None else None
        if routed is None:
            return self._origin, self._target, self._headers
        url, headers = routed
        extra.extend(headers)
        origin = Origin.parse(url)
        query = url.partition("?")[2]
        target = origin.path + (f"?{query}" if query else "")
        return origin, target, _static_headers(origin, self._api_key)

    def _head(
        self, target: str, static: str, length: int, extra: list[tuple[str, str]], stream: bool
    ) -> bytes:
        head = f"POST {target} HTTP/1.1\r\n{static}Content-Length: {length}\r\n"
        head += "Accept: text/event-stream\r\n" if stream else "Accept: application/json\r\n"
        for name, value in extra:
            head += f"{name}: {value}\r\n"
        return (head + "\r\n").encode("latin-1")

    async def _pool(self) -> ConnectionPool:
        loop = asyncio.get_running_loop()
        entry = self._pools.get(loop)
        if entry is None:
            entry = self._pools[loop] = _LoopPool(ConnectionPool(connect_timeout=CONNECT_TIMEOUT))
            await entry.arm()
        return entry.pool

    def _fallback_model(self) -> Model:
        if self._fallback is None:
            assert self._fallback_factory is not None
            self._fallback = self._fallback_factory()
        return self._fallback

    # errors -----------------------------------------------------------------------------
    def _fail(self, kind: str, detail: str) -> ModelError:
        return ModelError(
            f"{self.provider}/{self.model_id}: {kind}: {detail}",
            provider=self.provider,
            model=self.model_id,
        )

    def _invalid(self, reason: str) -> ModelError:
        if reason == "expected JSON data":
            detail = "Invalid response from openai chat completions endpoint, expected JSON data"
        else:
            detail = f"Invalid response from openai chat completions endpoint: {reason}"
        return self._fail("UnexpectedModelBehavior", detail)

    def _stream_error(self, error: Any) -> ModelError:
        """An error object inside a 200 stream, given the status and words pydantic-ai gives
        it (from the error's ``code``/``type``; rare, so its mapping is imported here)."""
        from pydantic_ai._model_errors import stream_error

        message = error.get("message") if isinstance(error, dict) else None
        if not message or not isinstance(message, str):
            message = "An error occurred during streaming"
        exc = stream_error(self.model_id, message, error)
        status = getattr(exc, "status_code", None)
        body = getattr(exc, "body", None)
        detail = str(exc) or type(exc).__name__
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            detail = body["message"]
        prefix = f"HTTP {status}" if status is not None else type(exc).__name__
        return ModelError(
            f"{self.provider}/{self.model_id}: {prefix}: {detail}",
            provider=self.provider,
            model=self.model_id,
            status=status,
            body=body,
        )

    def _status_error(self, reply: HTTPResponse) -> ModelError:
        """As the OpenAI SDK reads an error reply (the ``error`` object when there is one) and
        pydantic-ai words it."""
        text = reply.body.decode("utf-8", "replace").strip()
        body: Any = text
        with contextlib.suppress(ValueError):
            body = json.loads(text)
        if isinstance(body, dict):
            body = body.get("error", body)
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            detail = body["message"]
        else:
            detail = f"status_code: {reply.status}, model_name: {self.model_id}, body: {body}"
        return ModelError(
            f"{self.provider}/{self.model_id}: HTTP {reply.status}: {detail}",
            provider=self.provider,
            model=self.model_id,
            status=reply.status,
            body=body,
        )


class _LoopPool(ClosedAtLoopShutdown):
    """A connection pool closed when its event loop shuts down."""

    def __init__(self, pool: ConnectionPool) -> None:
        super().__init__()
        self.pool = pool

    async def close(self) -> None:
        await self.pool.aclose()


def _static_headers(origin: Origin, api_key: str) -> str:
    from lumosai import __version__

    lines = [
        f"Host: {origin.host_header}",
        f"Authorization: Bearer {api_key}",
        "Content-Type: application/json",
        f"User-Agent: lumosai/{__version__} (Python {platform.python_version()})",
    ]
    if organization := os.environ.get("OPENAI_ORG_ID"):
        lines.append(f"OpenAI-Organization: {organization}")
    if project := os.environ.get("OPENAI_PROJECT_ID"):
        lines.append(f"OpenAI-Project: {project}")
    return "".join(f"{line}\r\n" for line in lines)


def _should_retry(reply: HTTPResponse) -> bool:
    """The OpenAI SDK's rule: the server's ``x-should-retry`` if sent, else 408, 409, 429, 5xx."""
    hint = reply.headers.get("x-should-retry")
    if hint == "true":
        return True
    if hint == "false":
        return False
    return reply.status in _RETRY_STATUSES or reply.status >= 500


def _retry_delay(attempt: int, headers: dict[str, str] | None) -> float:
    """``retry-after-ms``/``retry-after`` when between 0 and 60 s, else exponential backoff
    from 0.5 s (at most 8 s) with up to 25% jitter: the OpenAI SDK's policy."""
    if headers:
        after: float | None = None
        if (ms := headers.get("retry-after-ms")) is not None:
            try:
                after = float(ms) / 1000
            except ValueError:
                after = None
        if after is None and (value := headers.get("retry-after")) is not None:
            try:
                after = float(value)
            except ValueError:
                parsed = email.utils.parsedate_tz(value)
                if parsed is not None:
                    after = email.utils.mktime_tz(parsed) - time.time()
        if after is not None and 0 < after <= 60:
            return after
    delay = min(_INITIAL_RETRY_DELAY * 2.0**attempt, _MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())


def _transform_output_schema(model_id: str, schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The output schema and its strictness as pydantic-ai's OpenAI profile makes them."""
    import copy

    from pydantic_ai._json_schema import JsonSchemaTransformerWithOutputOverride
    from pydantic_ai.models import _customize_output_object
    from pydantic_ai.output import OutputObjectDefinition
    from pydantic_ai.providers.openai import OpenAIProvider

    profile = OpenAIProvider.model_profile(model_id) or {}
    transformer = profile.get("json_schema_transformer")
    if transformer is None:
        return copy.deepcopy(schema), False
    if issubclass(transformer, JsonSchemaTransformerWithOutputOverride):
        transformer = transformer.output_object_transformer
    output = _customize_output_object(
        transformer, OutputObjectDefinition(json_schema=copy.deepcopy(schema))
    )
    return output.json_schema, bool(output.strict)
