"""A small keep-alive HTTP/1.1 client on asyncio streams, for the OpenAI-compatible model client.

Why not httpx: with many concurrent requests its connection pool scans every pooled connection
(and polls each idle socket) on every request, which was a quarter of Lumos's CPU per generate
at concurrency 64. This pool keeps idle connections in a LIFO list per origin and only checks
the one it takes. It speaks just what a JSON API needs: one request at a time per connection,
``Content-Length`` and chunked bodies, gzip/deflate replies, TLS (default verification),
streaming bodies read line by line. No proxies, no HTTP/2, no cookies, no redirects.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import zlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = [
    "ConnectionPool",
    "HTTPConnectError",
    "HTTPError",
    "HTTPProtocolError",
    "HTTPResponse",
    "HTTPTimeout",
    "Origin",
]

_MAX_HEAD = 1 << 16
_MAX_IDLE = 100


class HTTPError(Exception):
    """A request could not be completed (no HTTP status to report)."""


class HTTPConnectError(HTTPError):
    """The connection could not be opened, or broke before a reply arrived."""


class HTTPTimeout(HTTPError):
    """The request took longer than its timeout."""


class HTTPProtocolError(HTTPError):
    """The server's reply was not valid HTTP/1.1."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where requests go: scheme, host, port and the base path of the API."""

    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def parse(cls, url: str) -> Origin:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        port = parts.port or (443 if scheme == "https" else 80)
        return cls(scheme, parts.hostname, port, parts.path.rstrip("/"))

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


@dataclass(slots=True)
class HTTPResponse:
    """A reply: status, lower-cased headers, and the body (read whole, or streamed by lines)."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    _connection: _Connection | None = field(default=None, repr=False)
    _pool: ConnectionPool | None = field(default=None, repr=False)

    async def aiter_lines(self, read_timeout: float | None) -> AsyncGenerator[bytes, None]:
        """The streamed body's lines (without line endings); the connection goes back to the
        pool when the body is read to the end, and is closed if the reader stops early."""
        connection, pool = self._connection, self._pool
        if connection is None or pool is None:
            for line in self.body.splitlines():
                yield line
            return
        self._connection = None
        done = False
        try:
            buffer = b""
            async for chunk in _body_chunks(connection, self.headers, read_timeout):
                buffer += chunk
                if b"\n" in buffer:
                    *lines, buffer = buffer.split(b"\n")
                    for line in lines:
                        yield line.rstrip(b"\r")
            if buffer:
                yield buffer.rstrip(b"\r")
            done = True
        except TimeoutError as exc:
            raise HTTPTimeout("reading the streamed reply timed out") from exc
        except (OSError, asyncio.IncompleteReadError) as exc:
            raise HTTPConnectError(f"the streamed reply broke off: {exc}") from exc
        finally:
            if done and _reusable(self.headers):
                pool.release(connection)
            else:
                connection.close()

    async def aclose(self) -> None:
        """Drop a streamed body that will not be read."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class _Connection:
    __slots__ = ("origin", "reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, origin: Origin):
        self.reader = reader
        self.writer = writer
        self.origin = origin

    def usable(self) -> bool:
        return not (self.writer.is_closing() or self.reader.at_eof())

    def close(self) -> None:
        self.writer.close()


class ConnectionPool:
    """Keep-alive connections per origin, reused most-recently-released first.

    Bound to the event loop it is used on (asyncio streams are); ``aclose`` closes the idle
    connections. A request that fails on a reused connection before any byte of the reply
    arrived (the server closed it while idle) is sent once more on a new connection.
    """

    def __init__(self, *, connect_timeout: float = 5.0, max_idle: int = _MAX_IDLE) -> None:
        self.connect_timeout = connect_timeout
        self.max_idle = max_idle
        self._idle: dict[Origin, list[_Connection]] = {}
        self._closed = False

    async def request(
        self,
        origin: Origin,
        head: bytes,
        body: bytes,
        *,
        timeout: float | None,
        stream: bool = False,
    ) -> HTTPResponse:
        """Send ``head`` (request line and headers, ending with the blank line) and ``body``.

        Without ``stream`` the whole body is read (and decompressed) within ``timeout``; with
        it, only the status and headers are, and the body is read by ``aiter_lines``.
        """
        try:
            async with asyncio.timeout(timeout):
                return await self._exchange(origin, head, body, stream)
        except TimeoutError as exc:
            raise HTTPTimeout("request timed out") from exc

    async def _exchange(
        self, origin: Origin, head: bytes, body: bytes, stream: bool
    ) -> HTTPResponse:
        connection, reused = await self._acquire(origin)
        try:
            status, headers = await _send(connection, head, body)
        except (OSError, asyncio.IncompleteReadError, _ClosedBeforeReply) as exc:
            connection.close()
            if not reused:
                raise HTTPConnectError(f"connection to {origin.host_header} broke: {exc}") from exc
            connection = await self._connect(origin)
            try:
                status, headers = await _send(connection, head, body)
            except (OSError, asyncio.IncompleteReadError, _ClosedBeforeReply) as again:
                connection.close()
                raise HTTPConnectError(
                    f"connection to {origin.host_header} broke: {again}"
                ) from again
        except BaseException:
            connection.close()
            raise
        if stream:
            return HTTPResponse(status, headers, b"", connection, self)
        try:
            data = b"".join([c async for c in _body_chunks(connection, headers, None)])
        except (OSError, asyncio.IncompleteReadError) as exc:
            connection.close()
            raise HTTPConnectError(f"connection to {origin.host_header} broke: {exc}") from exc
        except BaseException:
            connection.close()
            raise
        if _reusable(headers):
            self.release(connection)
        else:
            connection.close()
        return HTTPResponse(status, headers, _decode(data, headers))

    async def _acquire(self, origin: Origin) -> tuple[_Connection, bool]:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if connection.usable():
                return connection, True
            connection.close()
        return await self._connect(origin), False

    async def _connect(self, origin: Origin) -> _Connection:
        context = _ssl_context() if origin.scheme == "https" else None
        try:
            async with asyncio.timeout(self.connect_timeout):
                reader, writer = await asyncio.open_connection(
                    origin.host,
                    origin.port,
                    ssl=context,
                    server_hostname=origin.host if context else None,
                    limit=_MAX_HEAD,
                )
        except TimeoutError as exc:
            raise HTTPTimeout(f"connecting to {origin.host_header} timed out") from exc
        except OSError as exc:
            raise HTTPConnectError(f"cannot connect to {origin.host_header}: {exc}") from exc
        return _Connection(reader, writer, origin)

    def release(self, connection: _Connection) -> None:
        """Put a connection whose reply was read completely back for reuse."""
        idle = self._idle.setdefault(connection.origin, [])
        if self._closed or len(idle) >= self.max_idle or not connection.usable():
            connection.close()
        else:
            idle.append(connection)

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()

    def idle_count(self, origin: Origin) -> int:
        """Idle connections kept for ``origin`` (for tests and diagnostics)."""
        return len(self._idle.get(origin, ()))


class _ClosedBeforeReply(Exception):
    """The server closed the connection without sending a status line."""


async def _send(connection: _Connection, head: bytes, body: bytes) -> tuple[int, dict[str, str]]:
    writer = connection.writer
    writer.write(head + body if len(body) < 65536 else head)
    if len(body) >= 65536:
        writer.write(body)
    await writer.drain()
    reader = connection.reader
    while True:
        try:
            raw = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            if not exc.partial:
                raise _ClosedBeforeReply("closed by the server") from None
            raise
        except asyncio.LimitOverrunError as exc:
            raise HTTPProtocolError("response headers too large") from exc
        status, headers = _parse_head(raw)
        if status >= 200 or status == 101:
            return status, headers
        # 1xx interim responses (100 Continue, 103 Early Hints) precede the real one


def _parse_head(raw: bytes) -> tuple[int, dict[str, str]]:
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise HTTPProtocolError(f"not an HTTP/1.1 status line: {lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise HTTPProtocolError(f"malformed header line: {line[:80]!r}")
        key = name.strip().lower()
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    if parts[0] == "HTTP/1.0" and "keep-alive" not in headers.get("connection", "").lower():
        headers["connection"] = "close"
    return int(parts[1]), headers


async def _body_chunks(
    connection: _Connection, headers: dict[str, str], read_timeout: float | None
) -> AsyncIterator[bytes]:
    reader = connection.reader

    def limited(awaitable: Awaitable[bytes]) -> Awaitable[bytes]:
        return _timed(awaitable, read_timeout) if read_timeout is not None else awaitable

    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            size_line = await limited(reader.readuntil(b"\r\n"))
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise HTTPProtocolError(f"bad chunk size line {size_line[:40]!r}") from None
            if size == 0:
                while (await limited(reader.readuntil(b"\r\n"))) != b"\r\n":
                    pass  # trailers
                return
            while size > 0:
                data = await limited(reader.read(min(size, 65536)))
                if not data:
                    raise asyncio.IncompleteReadError(b"", size)
                size -= len(data)
                yield data
            await limited(reader.readexactly(2))
    elif "content-length" in headers:
        try:
            remaining = int(headers["content-length"])
        except ValueError:
            raise HTTPProtocolError("bad Content-Length") from None
        while remaining > 0:
            data = await limited(reader.read(min(remaining, 65536)))
            if not data:
                raise asyncio.IncompleteReadError(b"", remaining)
            remaining -= len(data)
            yield data
    else:
        headers["connection"] = "close"  # the body ends with the connection
        while data := await limited(reader.read(65536)):
            yield data


async def _timed(awaitable: Awaitable[bytes], seconds: float) -> bytes:
    async with asyncio.timeout(seconds):
        return await awaitable


def _reusable(headers: dict[str, str]) -> bool:
    return "close" not in headers.get("connection", "").lower()


def _decode(data: bytes, headers: dict[str, str]) -> bytes:
    encoding = headers.get("content-encoding", "").lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompress(data, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        try:
            return zlib.decompress(data)
        except zlib.error:
            return zlib.decompress(data, -zlib.MAX_WBITS)
    return data


_SSL: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    """Verifying TLS context: ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when set, else certifi's CA
    bundle when installed (as httpx does), else the system's."""
    global _SSL
    if _SSL is None:
        cafile = None
        if not (os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR")):
            try:
                import certifi

                cafile = certifi.where()
            except ImportError:
                cafile = None
        context = ssl.create_default_context(cafile=cafile)
        context.set_alpn_protocols(["http/1.1"])
        _SSL = context
    return _SSL
