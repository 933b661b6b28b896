"""The per-request context handlers and middleware receive: Hono's `c`, in Python.

Hono's API is small and already reads as Python (`await c.req.json()`, `c.req.param("id")`,
`c.json(obj, 201)`), so route handlers translated from a Mastra app run on it nearly verbatim.
`c.app` is the `LumosApp`, `c.request_context` the request's `RuntimeContext` (what Mastra's
`c.get("requestContext")` returns).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from lumosai.agent.runtime_context import RuntimeContext
from lumosai.server.encoding import JSONResponse

if TYPE_CHECKING:
    from lumosai.app import LumosApp


class HTTPError(Exception):
    """Raise in a handler to answer `{ "error": message }` with `status` (Hono's HTTPException)."""

    def __init__(self, status: int, message: str | None = None) -> None:
        super().__init__(message or f"HTTP {status}")
        self.status = status
        self.message = message or f"HTTP {status}"


class HonoRequest:
    """`c.req`: the incoming request with Hono's accessors."""

    def __init__(self, request: Request, params: Mapping[str, str] | None = None) -> None:
        self.raw = request
        self.params: dict[str, str] = dict(params or {})

    @property
    def method(self) -> str:
        return self.raw.method

    @property
    def path(self) -> str:
        return self.raw.url.path

    @property
    def url(self) -> str:
        return str(self.raw.url)

    @property
    def routePath(self) -> str:
        return str(self.raw.scope.get("route_path", self.path))

    def param(self, name: str | None = None) -> Any:
        """One path parameter (None when absent), or all of them as a dict."""
        if name is None:
            return dict(self.params)
        return self.params.get(name)

    def query(self, name: str | None = None) -> Any:
        """One query parameter (the first when repeated; None when absent), or all as a dict."""
        if name is None:
            return dict(self.raw.query_params)
        return self.raw.query_params.get(name)

    def queries(self, name: str | None = None) -> Any:
        """Every value of a repeated query parameter."""
        if name is None:
            return {k: self.raw.query_params.getlist(k) for k in self.raw.query_params}
        values = self.raw.query_params.getlist(name)
        return values or None

    def header(self, name: str | None = None) -> Any:
        """One request header, case-insensitive (None when absent), or all as a dict."""
        if name is None:
            return dict(self.raw.headers)
        return self.raw.headers.get(name)

    async def text(self) -> str:
        return (await self.raw.body()).decode()

    async def json(self) -> Any:
        """The JSON body; a malformed body is a 400, as in Mastra's server."""
        body = await self.raw.body()
        try:
            return json.loads(body or b"null")
        except ValueError as exc:
            raise HTTPError(400, f"invalid JSON body: {exc}") from exc

    async def arrayBuffer(self) -> bytes:
        return await self.raw.body()

    async def parseBody(self) -> dict[str, Any]:
        form = await self.raw.form()
        return {k: v for k, v in form.items()}

    parse_body = parseBody
    array_buffer = arrayBuffer


class Context:
    """Hono's `c`. Responses made with `c.json`/`c.text` carry the headers set with `c.header`
    before; `c.header` after `await next()` in middleware changes the finished response."""

    #: keys `get` computes on first use (the compat layer adds `mastra`)
    lazy_vars: ClassVar[dict[str, Callable[[Context], Any]]] = {}

    def __init__(
        self,
        request: Request,
        app: LumosApp | None,
        *,
        params: Mapping[str, str] | None = None,
        request_context: RuntimeContext | None = None,
    ) -> None:
        self.req = HonoRequest(request, params)
        self.app = app
        self.request_context = request_context if request_context is not None else RuntimeContext()
        self.var: dict[str, Any] = {
            "app": app,
            "requestContext": self.request_context,
            "runtimeContext": self.request_context,
        }
        self.res: Response | None = None
        self.error: BaseException | None = None
        self._headers: dict[str, str] = {}
        self._status = 200

    # -- variables ----------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        if key not in self.var and key in self.lazy_vars:
            self.var[key] = self.lazy_vars[key](self)
        return self.var.get(key)

    def set(self, key: str, value: Any) -> None:
        self.var[key] = value

    @property
    def env(self) -> dict[str, str]:
        import os

        return dict(os.environ)

    # -- responses ------------------------------------------------------------------------------
    def status(self, code: int) -> None:
        self._status = code

    def header(self, name: str, value: str | None = None, *, append: bool = False) -> None:
        """Set (or, with None, remove) a response header."""
        target = self.res.headers if self.res is not None else None
        if value is None:
            self._headers.pop(name, None)
            if target is not None and name in target:
                del target[name]
            return
        if append and name in self._headers:
            self._headers[name] = f"{self._headers[name]}, {value}"
        else:
            self._headers[name] = value
        if target is not None:
            if append:
                target.append(name, value)
            else:
                target[name] = value

    def _finish(self, response: Response, headers: Mapping[str, str] | None) -> Response:
        for k, v in {**self._headers, **(headers or {})}.items():
            response.headers[k] = v
        return response

    def json(
        self, obj: Any, status: int | None = None, headers: Mapping[str, str] | None = None
    ) -> Response:
        return self._finish(JSONResponse(obj, status_code=status or self._status), headers)

    def text(
        self, text: str, status: int | None = None, headers: Mapping[str, str] | None = None
    ) -> Response:
        return self._finish(PlainTextResponse(text, status_code=status or self._status), headers)

    def html(
        self, html: str, status: int | None = None, headers: Mapping[str, str] | None = None
    ) -> Response:
        return self._finish(HTMLResponse(html, status_code=status or self._status), headers)

    def body(
        self,
        data: bytes | str | None,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        return self._finish(Response(data, status_code=status or self._status), headers)

    def redirect(self, location: str, status: int = 302) -> Response:
        return self._finish(RedirectResponse(location, status_code=status), None)

    def notFound(self) -> Response:
        return self.json({"error": "Not Found"}, 404)

    not_found = notFound

    def newResponse(
        self,
        data: bytes | str | None,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        return self.body(data, status, headers)
