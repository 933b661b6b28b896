"""`@mastra/core/server` in Python: `registerApiRoute`, `SimpleAuth`, and a `LumosServer` built
from a `Mastra({ server: {...} })` config.

Handlers receive the native `lumosai.server.Context`, which already has Hono's API
(`await c.req.json()`, `c.req.param("id")`, `c.json(obj, 201)`, `await next()` in middleware);
this module adds `c.get("mastra")`: a `Mastra` over the served app, so `getAgent`/`getWorkflow`
work in a handler as in TypeScript.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lumosai.app import LumosApp
from lumosai.compat.mastra.mastra import Mastra
from lumosai.server import ApiRoute, AuthConfig, Context, LumosServer, simple_auth
from lumosai.server.auth import as_auth

_VIEWS: weakref.WeakKeyDictionary[LumosApp, Mastra] = weakref.WeakKeyDictionary()


def mastra_view(app: LumosApp | None) -> Mastra | None:
    """The `Mastra` registry of `app`: the one that built it, else a view sharing its registries."""
    if app is None:
        return None
    own = getattr(app, "_compat_mastra", None)
    if isinstance(own, Mastra):
        return own
    view = _VIEWS.get(app)
    if view is None:
        view = Mastra({"storage": app.storage})
        view.app = app
        _VIEWS[app] = view
    return view


Context.lazy_vars["mastra"] = lambda c: mastra_view(c.app)


def registerApiRoute(
    path: str, options: Mapping[str, Any] | None = None, **kwargs: Any
) -> ApiRoute:
    """`registerApiRoute('/items/:id', { method: 'GET', handler, middleware, requiresAuth })`."""
    opts = {**(options or {}), **kwargs}
    if path.startswith("/api/") or path == "/api":
        raise ValueError(f"custom route paths must not start with /api (Mastra's rule): {path}")
    handler = opts.get("handler")
    factory = opts.get("createHandler")
    if (handler is None) == (factory is None):
        raise ValueError(f"registerApiRoute({path!r}) needs a handler or a createHandler")
    if factory is not None:
        handler = _deferred(factory)
    assert handler is not None
    if opts.get("cors") is not None:
        raise ValueError(f"registerApiRoute({path!r}): a per-route cors is not supported")
    middleware = opts.get("middleware") or []
    if not isinstance(middleware, Sequence):
        middleware = [middleware]
    return ApiRoute(
        path,
        handler,
        method=opts.get("method", "GET"),
        middleware=list(middleware),
        requires_auth=bool(opts.get("requiresAuth", True)),
    )


register_api_route = registerApiRoute


def _deferred(factory: Callable[[Mapping[str, Any]], Any]) -> Callable[[Context], Any]:
    """`createHandler({ mastra })`: made once (Mastra does it at startup; here, on first use)."""
    made: list[Callable[[Context], Any]] = []

    async def handler(c: Context) -> Any:
        if not made:
            value = factory({"mastra": c.get("mastra")})
            made.append(await value if inspect.isawaitable(value) else value)
        out = made[0](c)
        return await out if inspect.isawaitable(out) else out

    return handler


def SimpleAuth(options: Mapping[str, Any]) -> AuthConfig:
    """`new SimpleAuth({ tokens: { token: user } })`."""
    extra = {k: v for k, v in options.items() if k in ("protected", "public")}
    return simple_auth(dict(options.get("tokens") or {}), **extra)


def server_for(mastra: Mastra | Mapping[str, Any], app: LumosApp | None = None) -> LumosServer:
    """A `LumosServer` from Mastra's `server` options (`apiRoutes`, `middleware`, `auth`,
    `cors`, `port`, `host`, `timeout` in ms, `apiPrefix`); also accepts the options mapping."""
    if isinstance(mastra, Mastra):
        options: Mapping[str, Any] = mastra.server
        app = app or mastra.app
    else:
        options = mastra
    timeout = options.get("timeout")
    return LumosServer(
        app,
        routes=list(options.get("apiRoutes") or []),
        middleware=list(options.get("middleware") or []),
        auth=as_auth(options.get("auth") or options.get("experimental_auth")),
        cors=options.get("cors"),
        timeout=float(timeout) / 1000 if timeout else None,
        api_prefix=options.get("apiPrefix") or "/api",
        port=options.get("port"),
        host=options.get("host"),
    )


__all__ = ["SimpleAuth", "mastra_view", "registerApiRoute", "register_api_route", "server_for"]
