"""`lumosai serve [TARGET] [--host H] [--port N]`: run a `LumosServer` with uvicorn.

TARGET is `module:attribute` naming a `LumosServer`, a `LumosApp` (with the server attached to
it by `attach_server`, else the REST API only) or any ASGI app; a bare `module` looks for
`server`, then `app`. Default: `app` (the `app.py` of a converted project).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Any


def load_target(target: str) -> Any:
    """Import `module:attr` and return a servable ASGI app."""
    from lumosai.app import LumosApp
    from lumosai.server.app import LumosServer, server_of

    module_name, _, attr = target.partition(":")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    module = importlib.import_module(module_name)
    names = [attr] if attr else ["server", "app"]
    for name in names:
        value = getattr(module, name, None)
        if value is None:
            continue
        if isinstance(value, LumosApp):
            return server_of(value) or LumosServer(value)
        if callable(value):
            return value
        raise SystemExit(f"{module_name}:{name} is not a LumosServer, LumosApp or ASGI app")
    raise SystemExit(f"{module_name} has no {' or '.join(names)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="lumosai", description="Lumos runtime commands")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve an app over HTTP (Mastra's REST API + routes)")
    serve.add_argument("target", nargs="?", default="app", help="module:attr (default: app)")
    serve.add_argument("--host", default=None, help="default: $HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: $PORT, server.port, 4111")
    serve.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    import uvicorn

    from lumosai.server.app import DEFAULT_PORT

    asgi = load_target(args.target)
    host = args.host or getattr(asgi, "host", None) or os.environ.get("HOST", "127.0.0.1")
    port = args.port or int(os.environ.get("PORT") or getattr(asgi, "port", None) or DEFAULT_PORT)
    uvicorn.run(asgi, host=host, port=port, log_level=args.log_level)


if __name__ == "__main__":
    main()
