"""``ServerConnection``: one live session with one MCP server, owned by a background task.

The SDK's ``Client`` is an async context manager whose task groups must be entered and left
by the same task, so a dedicated task holds it open while callers from any task send requests.
A request that finds the connection gone (process exited, stream closed) reconnects once and
retries, as Mastra's client does; a timeout or an error answer is reported, not retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import anyio
from mcp import Client, MCPError, StdioServerParameters
from mcp.client.session import ElicitationFnT
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp_types import CONNECTION_CLOSED, REQUEST_TIMEOUT, Implementation
from pydantic import ValidationError

from lumosai.mcp.definition import ServerDefinition
from lumosai.mcp.errors import MCPConnectionError, MCPRequestError, MCPTimeoutError

log = logging.getLogger("lumosai.mcp")

T = TypeVar("T")

CLIENT_INFO = Implementation(name="lumosai", version="0.1.0")


def _describe(exc: BaseException) -> str:
    """The innermost useful message of ``exc`` (anyio wraps failures in exception groups)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = str(exc) or type(exc).__name__
    return text if len(text) < 500 else text[:500] + "..."


class _ObservedReadStream:
    """Passes the transport's read stream through, reporting items that are not messages
    (a line that is not JSON-RPC) so a waiting request fails at once with a clear error."""

    def __init__(self, inner: Any, on_garbage: Callable[[Exception], None]) -> None:
        self._inner = inner
        self._on_garbage = on_garbage

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def _seen(self, item: Any) -> Any:
        if isinstance(item, Exception):
            self._on_garbage(item)
        return item

    async def receive(self) -> Any:
        return self._seen(await self._inner.receive())

    async def aclose(self) -> None:
        await self._inner.aclose()

    def __aiter__(self) -> _ObservedReadStream:
        return self

    async def __anext__(self) -> Any:
        return self._seen(await self._inner.__anext__())

    async def __aenter__(self) -> _ObservedReadStream:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> bool | None:
        result: bool | None = await self._inner.__aexit__(*exc)
        return result


@contextlib.asynccontextmanager
async def _observed(transport: Any, on_garbage: Callable[[Exception], None]) -> AsyncIterator[Any]:
    async with transport as (read_stream, write_stream):
        yield _ObservedReadStream(read_stream, on_garbage), write_stream


def _is_connection_loss(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return any(_is_connection_loss(e) for e in exc.exceptions)
    if isinstance(exc, MCPError):
        return exc.code == CONNECTION_CLOSED
    return isinstance(
        exc,
        (
            anyio.ClosedResourceError,
            anyio.BrokenResourceError,
            anyio.EndOfStream,
            ConnectionError,
            MCPConnectionError,
        ),
    )


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, MCPError):
        return exc.code == REQUEST_TIMEOUT
    return isinstance(exc, TimeoutError)


class ServerConnection:
    """Connects lazily on first use; ``close()`` ends the session (and a stdio process)."""

    def __init__(
        self,
        name: str,
        definition: ServerDefinition,
        timeout: float,
        elicitation_callback: ElicitationFnT | None = None,
    ) -> None:
        self.name = name
        self.definition = definition
        self.timeout = definition.timeout or timeout
        self.elicitation_callback = elicitation_callback
        self._client: Client | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None
        self._garbage: asyncio.Future[Exception] | None = None

    def __repr__(self) -> str:
        return f"ServerConnection({self.name!r}, {self.definition.describe()!r})"

    @property
    def connected(self) -> bool:
        return self._client is not None and self._task is not None and not self._task.done()

    def _transport(self, garbage: asyncio.Future[Exception]) -> Any:
        d = self.definition
        if d.transport == "stdio":
            assert d.command is not None
            params = StdioServerParameters(
                command=d.command, args=list(d.args), env=d.env or None, cwd=d.cwd
            )
            transport: Any = stdio_client(params)
        else:
            assert d.url is not None
            http = create_mcp_http_client(headers=d.headers or None)
            transport = streamable_http_client(d.url, http_client=http)

        def on_garbage(exc: Exception) -> None:
            if not garbage.done():
                garbage.set_result(exc)

        return _observed(transport, on_garbage)

    async def _race(self, awaitable: Awaitable[T], garbage: asyncio.Future[Exception]) -> T:
        """Await ``awaitable`` unless the server sends something that is not JSON-RPC first."""
        work: asyncio.Future[T] = asyncio.ensure_future(awaitable)
        waiting: set[asyncio.Future[Any]] = {work, garbage}
        done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if work in done:
            return work.result()
        work.cancel()
        with contextlib.suppress(BaseException):
            await work
        raise MCPConnectionError(
            self.name, f"the server sent malformed JSON-RPC: {_describe(garbage.result())}"
        )

    async def _hold(
        self, ready: asyncio.Future[Client], stop: asyncio.Event, garbage: asyncio.Future[Exception]
    ) -> None:
        try:
            client = Client(
                self._transport(garbage),
                read_timeout_seconds=self.timeout,
                client_info=CLIENT_INFO,
                elicitation_callback=self.elicitation_callback,
            )
            async with client:
                if not ready.done():
                    ready.set_result(client)
                await stop.wait()
        except asyncio.CancelledError:
            if not ready.done():
                ready.cancel()
            raise
        except BaseException as exc:  # reported to whoever waits for the connection
            if not ready.done():
                ready.set_exception(
                    exc if isinstance(exc, Exception) else RuntimeError(_describe(exc))
                )
            else:
                log.debug("MCP server %r: session ended: %s", self.name, _describe(exc))

    async def client(self) -> Client:
        """The live SDK client, connecting (or reconnecting) first when needed."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (e.g. generate_sync): start over
            self._client, self._task, self._loop = None, None, loop
            self._lock = asyncio.Lock()
        assert self._lock is not None
        async with self._lock:
            if self.connected:
                assert self._client is not None
                return self._client
            await self._drop()
            ready: asyncio.Future[Client] = loop.create_future()
            garbage: asyncio.Future[Exception] = loop.create_future()
            stop = asyncio.Event()
            task = loop.create_task(self._hold(ready, stop, garbage), name=f"mcp:{self.name}")
            try:
                client = await asyncio.wait_for(
                    self._race(asyncio.shield(ready), garbage), self.timeout
                )
            except MCPConnectionError:
                stop.set()
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
                raise
            except TimeoutError:
                stop.set()
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
                raise MCPTimeoutError(
                    self.name,
                    f"no answer to the handshake within {self.timeout:g} s "
                    f"({self.definition.describe()})",
                ) from None
            except Exception as exc:
                with contextlib.suppress(BaseException):
                    await task
                raise MCPConnectionError(
                    self.name,
                    f"cannot connect ({self.definition.describe()}): {_describe(exc)}",
                ) from exc
            self._client, self._task, self._stop = client, task, stop
            self._garbage = garbage
            return client

    async def _drop(self) -> None:
        task, stop = self._task, self._stop
        self._client, self._task, self._stop = None, None, None
        if task is None:
            return
        if stop is not None:
            stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), 10)
        except BaseException:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task

    async def close(self) -> None:
        """End the session; a later request connects again."""
        if self._loop is asyncio.get_running_loop():
            await self._drop()
        else:
            self._client, self._task, self._stop = None, None, None

    async def request(self, what: str, send: Callable[[Client], Awaitable[T]]) -> T:
        """Run ``send(client)``; reconnect once when the connection was lost."""
        for attempt in (1, 2):
            client = await self.client()
            garbage = self._garbage
            assert garbage is not None
            try:
                return await self._race(send(client), garbage)
            except BaseException as exc:
                if isinstance(exc, asyncio.CancelledError):
                    raise
                if isinstance(exc, MCPConnectionError):
                    await self._drop()
                    raise
                if _is_timeout(exc):
                    raise MCPTimeoutError(
                        self.name, f"{what}: no answer within {self.timeout:g} s"
                    ) from exc
                if _is_connection_loss(exc) or (self._task is not None and self._task.done()):
                    await self._drop()
                    if attempt == 1:
                        log.info("MCP server %r: connection lost, reconnecting", self.name)
                        continue
                    raise MCPConnectionError(
                        self.name, f"{what}: connection lost: {_describe(exc)}"
                    ) from exc
                if isinstance(exc, ValidationError):
                    raise MCPConnectionError(
                        self.name, f"{what}: malformed answer: {_describe(exc)}"
                    ) from exc
                if isinstance(exc, MCPError):
                    raise MCPRequestError(
                        self.name, f"{what}: {exc} (JSON-RPC error {exc.code})"
                    ) from exc
                raise
        raise AssertionError("unreachable")
