"""Serve a `LumosApp` over HTTP: Mastra's REST API, custom routes, middleware, auth, CORS.

from lumosai.server import ApiRoute, LumosServer

async def health(c):
    return c.json({"ok": True})

server = LumosServer(app, routes=[ApiRoute("/health", health)])
# lumosai serve myapp:server --port 4111
"""

from lumosai.server.app import CorsOptions, LumosServer, attach_server, server_of
from lumosai.server.auth import AuthConfig, simple_auth
from lumosai.server.context import Context, HonoRequest, HTTPError
from lumosai.server.routing import ApiRoute, Middleware, Next

__all__ = [
    "ApiRoute",
    "AuthConfig",
    "Context",
    "CorsOptions",
    "HTTPError",
    "HonoRequest",
    "LumosServer",
    "Middleware",
    "Next",
    "attach_server",
    "server_of",
    "simple_auth",
]
