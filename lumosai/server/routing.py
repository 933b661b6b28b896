"""Custom routes and middleware, with Hono's path syntax (`/tickets/:id`, `/api/*`).

Mastra apps declare routes as `registerApiRoute('/tickets/:id', { method, handler })` and
middleware as `{ path: '/api/*', handler }` (or a bare function for every path); these are the
same two things, written once in Python so converted and hand-written apps share them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lumosai.server.context import Context

Next = Callable[[], Awaitable[Any]]
Handler = Callable[["Context"], Awaitable[Any] | Any]
MiddlewareHandler = Callable[["Context", Next], Awaitable[Any] | Any]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_PARAM = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?(\?)?")


def compile_pattern(path: str, *, prefix: bool = False) -> re.Pattern[str]:
    """Hono path -> regex with named groups: `:id` one segment, `:id?` optional, `*` the rest.

    With `prefix`, a pattern without `*` also matches longer paths below it (Hono middleware
    registered on `/api` runs for `/api` only; `/api/*` for everything under it).
    """
    out: list[str] = []
    pos = 0
    for m in re.finditer(r":[A-Za-z_][A-Za-z0-9_]*(?:\{[^}]*\})?\??|\*", path):
        out.append(re.escape(path[pos : m.start()]))
        token = m.group(0)
        if token == "*":
            # `/api/*` matches `/api` too, as in Hono
            if out and out[-1].endswith("/"):
                out[-1] = out[-1][:-1]
                out.append("(?:/.*)?")
            else:
                out.append(".*")
        else:
            pm = _PARAM.fullmatch(token)
            assert pm is not None
            name, custom, optional = pm.group(1), pm.group(2), pm.group(3)
            body = custom[1:-1] if custom else "[^/]+"
            group = f"(?P<{name}>{body})"
            if optional and out and out[-1].endswith("/"):
                out[-1] = out[-1][:-1]
                group = f"(?:/{group})?"
            elif optional:
                group += "?"
            out.append(group)
        pos = m.end()
    out.append(re.escape(path[pos:]))
    tail = "(?:/.*)?" if prefix and "*" not in path else "/?"
    return re.compile("^" + "".join(out).rstrip("/") + tail + "$")


def normalize_methods(method: str | Sequence[str] | None) -> frozenset[str]:
    """`'GET'`, `['GET', 'POST']` or `'ALL'`/None (every method)."""
    if method is None:
        return frozenset(METHODS)
    names = [method] if isinstance(method, str) else list(method)
    upper = {m.upper() for m in names}
    if "ALL" in upper or "*" in upper:
        return frozenset(METHODS)
    unknown = upper - set(METHODS)
    if unknown:
        raise ValueError(f"unknown HTTP method(s): {', '.join(sorted(unknown))}")
    return frozenset(upper)


@dataclass
class ApiRoute:
    """One custom route: `handler(c)` returns a `Response`, a dict/list (JSON) or a str."""

    path: str
    handler: Handler
    method: str | Sequence[str] = "GET"
    #: middleware that runs for this route only, after the app's middleware
    middleware: list[MiddlewareHandler] = field(default_factory=list)
    #: with `auth` configured, whether the route needs a valid token (Mastra's default: yes);
    #: a public route (False) also skips the app's middleware, as in Mastra
    requires_auth: bool = True
    name: str | None = None
    _regex: re.Pattern[str] = field(init=False, repr=False)
    _methods: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.path.startswith("/"):
            raise ValueError(f"route path must start with '/': {self.path!r}")
        self._regex = compile_pattern(self.path)
        self._methods = normalize_methods(self.method)
        if "GET" in self._methods:
            self._methods = self._methods | {"HEAD"}

    def match(self, path: str) -> dict[str, str] | None:
        m = self._regex.match(path)
        if m is None:
            return None
        return {k: v for k, v in m.groupdict().items() if v is not None}

    def allows(self, method: str) -> bool:
        return method.upper() in self._methods


@dataclass
class Middleware:
    """`handler(c, next)`: call `await next()` to go on, or return a response to stop there.

    `path` is a Hono pattern (`/api/*`); None runs for every request.
    """

    handler: MiddlewareHandler
    path: str | None = None
    _regex: re.Pattern[str] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        if self.path is not None and self.path not in ("*", "/*"):
            self._regex = compile_pattern(self.path)

    def applies_to(self, path: str) -> bool:
        return self._regex is None or self._regex.match(path) is not None


def as_middleware(value: Any) -> Middleware:
    """A `Middleware`, a bare `handler(c, next)`, or a `{path, handler}` mapping."""
    if isinstance(value, Middleware):
        return value
    if isinstance(value, dict):
        return Middleware(handler=value["handler"], path=value.get("path"))
    if callable(value):
        return Middleware(handler=value)
    raise TypeError(f"middleware must be callable or {{path, handler}}; got {value!r}")
