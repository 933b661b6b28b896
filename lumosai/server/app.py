"""`LumosServer`: the ASGI app serving a `LumosApp` the way `mastra dev`/`mastra start` serve a
Mastra instance: the REST API under `/api`, custom routes, middleware, auth, CORS, timeout.

A request gets one `Context`; the app's middleware whose path matches run in order (each may
stop the chain by returning a response), then the auth check (protected paths), then the
route's own middleware, then the handler. As in Mastra 1.x, the app's middleware does not run
on custom routes declared public (`requires_auth=False`).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from lumosai.server.auth import AuthConfig, as_auth
from lumosai.server.context import Context, HTTPError
from lumosai.server.encoding import JSONResponse
from lumosai.server.endpoints import builtin_routes
from lumosai.server.routing import ApiRoute, Middleware, MiddlewareHandler, as_middleware

if TYPE_CHECKING:
    from lumosai.app import LumosApp

logger = logging.getLogger("lumosai.server")

DEFAULT_PORT = 4111


@dataclass
class CorsOptions:
    """Hono's `cors()` options as Mastra's `server.cors` takes them (its defaults)."""

    origin: str | Sequence[str] = "*"
    allow_methods: Sequence[str] = ("GET", "POST", "PUT", "DELETE", "OPTIONS")
    allow_headers: Sequence[str] = ("Content-Type", "Authorization", "x-mastra-client-type")
    expose_headers: Sequence[str] = ("Content-Length", "X-Requested-With")
    credentials: bool = False
    max_age: int = 600

    @classmethod
    def from_mastra(cls, options: Mapping[str, Any]) -> CorsOptions:
        """`{ origin, allowMethods, allowHeaders, exposeHeaders, credentials, maxAge }`."""
        out = cls()
        names = {
            "origin": "origin",
            "allowMethods": "allow_methods",
            "allowHeaders": "allow_headers",
            "exposeHeaders": "expose_headers",
            "credentials": "credentials",
            "maxAge": "max_age",
        }
        for key, value in options.items():
            attr = names.get(key, key)
            if not hasattr(out, attr):
                raise ValueError(f"unknown CORS option {key!r}")
            setattr(out, attr, value)
        return out

    def wrap(self, app: ASGIApp) -> ASGIApp:
        origins = [self.origin] if isinstance(self.origin, str) else list(self.origin)
        return CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=list(self.allow_methods),
            allow_headers=list(self.allow_headers),
            expose_headers=list(self.expose_headers),
            allow_credentials=self.credentials,
            max_age=self.max_age,
        )


def _as_cors(value: Any) -> CorsOptions | None:
    if value is False:
        return None
    if value is None or value is True:
        return CorsOptions()
    if isinstance(value, CorsOptions):
        return value
    if isinstance(value, Mapping):
        return CorsOptions.from_mastra(value)
    raise TypeError(f"cors must be CorsOptions, a mapping or False; got {value!r}")


async def _settle(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


@dataclass
class _Matched:
    route: ApiRoute | None
    params: dict[str, str] = field(default_factory=dict)
    builtin: bool = False


class LumosServer:
    """ASGI app: `uvicorn.run(LumosServer(app))`, or `lumosai serve module:server`.

    `timeout` is in seconds (a handler running longer answers 504); `auth` an `AuthConfig` or
    Mastra's `{ protected, public, authenticateToken, authorize }`; `cors` `CorsOptions`, a
    Mastra `cors` mapping, or False for none.
    """

    def __init__(
        self,
        app: LumosApp | None = None,
        *,
        routes: Iterable[ApiRoute] = (),
        middleware: Iterable[Middleware | MiddlewareHandler | Mapping[str, Any]] = (),
        auth: AuthConfig | Mapping[str, Any] | None = None,
        cors: CorsOptions | Mapping[str, Any] | bool | None = None,
        timeout: float | None = None,
        api_prefix: str = "/api",
        builtin_api: bool = True,
        port: int | None = None,
        host: str | None = None,
        context_class: type[Context] = Context,
    ) -> None:
        self.app = app
        self.routes = list(routes)
        self.middleware = [as_middleware(m) for m in middleware]
        self.auth = as_auth(auth)
        self.cors = _as_cors(cors)
        self.timeout = timeout
        self.api_prefix = api_prefix
        self.builtin = builtin_routes(api_prefix) if builtin_api else []
        self.port = port
        self.host = host
        self.context_class = context_class
        self._asgi: ASGIApp = self.cors.wrap(self._handle) if self.cors else self._handle

    # -- registration -------------------------------------------------------------------------
    def route(
        self, path: str, *, method: str | Sequence[str] = "GET", requires_auth: bool = True
    ) -> Callable[[Callable[[Context], Any]], Callable[[Context], Any]]:
        """Decorator form of `ApiRoute`: `@server.route("/health")`."""

        def register(handler: Callable[[Context], Any]) -> Callable[[Context], Any]:
            self.routes.append(ApiRoute(path, handler, method, requires_auth=requires_auth))
            return handler

        return register

    def use(self, handler: MiddlewareHandler, path: str | None = None) -> None:
        self.middleware.append(Middleware(handler, path))

    # -- ASGI ---------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        await self._asgi(scope, receive, send)

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _match(self, path: str, method: str) -> _Matched:
        for builtin, routes in ((False, self.routes), (True, self.builtin)):
            for route in routes:
                params = route.match(path)
                if params is not None and route.allows(method):
                    return _Matched(route, params, builtin)
        return _Matched(None)

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        matched = self._match(request.url.path, request.method)
        c = self.context_class(request, self.app, params=matched.params)
        # as @mastra/deployer orders them: the app's middleware, then auth, then the route's;
        # the app's middleware never runs on a public custom route (`requires_auth=False`)
        route = matched.route
        public_route = route is not None and not matched.builtin and not route.requires_auth
        chain = [
            m.handler
            for m in self.middleware
            if not public_route and m.applies_to(request.url.path)
        ]
        if self.auth is not None and self._protected(request, matched):
            chain.append(self._auth_middleware)
        if matched.route is not None:
            chain.extend(matched.route.middleware)
        response = await self._run(c, chain, matched.route)
        await response(scope, receive, send)

    def _protected(self, request: Request, matched: _Matched) -> bool:
        auth = self.auth
        assert auth is not None
        path, method = request.url.path, request.method
        if method == "OPTIONS" or auth.is_public(path, method):
            return False
        if matched.route is not None and not matched.builtin:
            return matched.route.requires_auth
        return auth.is_protected(path, method)

    async def _auth_middleware(self, c: Context, next: Callable[[], Awaitable[Any]]) -> Any:
        assert self.auth is not None
        refused = await self.auth.check(c)
        if refused is not None:
            return c.json({"error": refused[1]}, refused[0])
        await next()
        return None

    async def _run(
        self, c: Context, chain: list[MiddlewareHandler], route: ApiRoute | None
    ) -> Response:
        async def dispatch(index: int) -> None:
            if index == len(chain):
                c.res = await self._endpoint(c, route)
                return
            called = False

            async def next_() -> None:
                nonlocal called
                if called:
                    raise RuntimeError("next() called more than once")
                called = True
                await dispatch(index + 1)

            try:
                out = await _settle(chain[index](c, next_))
            except Exception as exc:
                c.res = self._error_response(c, exc)
                return
            if isinstance(out, Response):
                c.res = out  # a middleware's own answer (short-circuit, or a replacement)
            elif not called and c.res is None:
                c.res = JSONResponse(
                    {"error": "middleware neither returned a response nor called next()"}, 500
                )

        await dispatch(0)
        assert c.res is not None
        return c.res

    async def _endpoint(self, c: Context, route: ApiRoute | None) -> Response:
        if route is None:
            return c.json({"error": "Not Found"}, 404)
        try:
            pending = _settle(route.handler(c))
            out = await (asyncio.wait_for(pending, self.timeout) if self.timeout else pending)
        except TimeoutError:
            return c.json({"error": f"request timed out after {self.timeout:g} s"}, 504)
        except Exception as exc:
            return self._error_response(c, exc)
        if isinstance(out, Response):
            return out
        if out is None:
            return c.res if c.res is not None else c.body(None, 204)
        if isinstance(out, str):
            return c.text(out)
        return c.json(out)

    @staticmethod
    def _error_response(c: Context, exc: Exception) -> Response:
        c.error = exc
        if isinstance(exc, HTTPError):
            return c.json({"error": exc.message}, exc.status)
        if isinstance(exc, ValidationError):
            return c.json({"error": "validation failed", "issues": exc.errors()}, 400)
        if isinstance(exc, NotImplementedError):
            return c.json({"error": str(exc) or "not implemented"}, 501)
        if isinstance(exc, KeyError) and type(exc).__name__ in (
            "UnknownComponentError",
            "MastraError",
        ):
            return c.json({"error": str(exc)}, 404)
        logger.exception("%s %s failed", c.req.method, c.req.path, exc_info=exc)
        return c.json({"error": str(exc) or type(exc).__name__}, 500)

    # -- running ------------------------------------------------------------------------------
    def run(
        self, *, host: str | None = None, port: int | None = None, **uvicorn_options: Any
    ) -> None:
        """Serve with uvicorn (blocks): `PORT`/`HOST` env, then the configured port, then 4111."""
        import uvicorn

        uvicorn.run(
            self,
            host=host or self.host or os.environ.get("HOST", "127.0.0.1"),
            port=port or int(os.environ.get("PORT") or self.port or DEFAULT_PORT),
            **uvicorn_options,
        )


_ATTACHED: weakref.WeakKeyDictionary[Any, LumosServer] = weakref.WeakKeyDictionary()


def attach_server(app: LumosApp, server: LumosServer) -> LumosServer:
    """Make `server` the one `lumosai serve module:app` uses for `app` (a converted app's
    routes, middleware and auth come with the app this way)."""
    _ATTACHED[app] = server
    return server


def server_of(app: LumosApp) -> LumosServer | None:
    """The server attached to `app`, if any."""
    return _ATTACHED.get(app)
