"""Bearer-token auth with Mastra's `server.auth` rules: protected and public paths, a token
check and an optional authorize hook. 401 without or with a bad token, 403 when refused."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lumosai.server.routing import compile_pattern, normalize_methods

if TYPE_CHECKING:
    from lumosai.server.context import Context

#: a path pattern, or `(pattern, method)` / `(pattern, [methods])`
PathRule = str | tuple[str, str | Sequence[str]] | list[Any]
TokenCheck = Callable[..., Awaitable[Any] | Any]
Authorize = Callable[..., Awaitable[bool] | bool]


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def _call(fn: Callable[..., Any], *args: Any) -> Any:
    """Call with as many of `args` as the function takes (TS callbacks ignore extra ones)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return fn(*args)
    params = list(sig.parameters.values())
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return fn(*args)
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return fn(*args[: len(positional)])


@dataclass
class _Rule:
    regex: Any
    methods: frozenset[str] | None

    def matches(self, path: str, method: str) -> bool:
        if self.methods is not None and method.upper() not in self.methods:
            return False
        return self.regex.match(path) is not None


def _rules(items: Sequence[PathRule] | None) -> list[_Rule]:
    out: list[_Rule] = []
    for item in items or []:
        if isinstance(item, str):
            out.append(_Rule(compile_pattern(item), None))
        else:
            pattern, method = item[0], item[1]
            out.append(_Rule(compile_pattern(pattern), normalize_methods(method)))
    return out


@dataclass
class AuthConfig:
    """`authenticate_token(token, request)` returns the user (truthy) or None;
    `authorize(path, method, user, c)` returns whether that user may go on."""

    authenticate_token: TokenCheck
    authorize: Authorize | None = None
    protected: Sequence[PathRule] = ("/api/*",)
    public: Sequence[PathRule] = ()
    _protected: list[_Rule] = field(init=False, repr=False)
    _public: list[_Rule] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._protected = _rules(self.protected)
        self._public = _rules(self.public)

    def is_public(self, path: str, method: str) -> bool:
        return any(r.matches(path, method) for r in self._public)

    def is_protected(self, path: str, method: str) -> bool:
        return any(r.matches(path, method) for r in self._protected)

    async def check(self, c: Context) -> tuple[int, str] | None:
        """None when the request may go on, else (status, message)."""
        header = c.req.header("authorization") or ""
        token = header[7:].strip() if header.lower().startswith("bearer ") else header.strip()
        if not token:
            token = c.req.query("apiKey") or ""
        if not token:
            return 401, "Authentication required"
        user = await _maybe_await(_call(self.authenticate_token, token, c.req))
        if not user:
            return 401, "Invalid or expired token"
        c.set("user", user)
        c.request_context.set("user", user)
        if self.authorize is not None:
            allowed = await _maybe_await(_call(self.authorize, c.req.path, c.req.method, user, c))
            if not allowed:
                return 403, "Access denied"
        return None


def simple_auth(tokens: Mapping[str, Any], **options: Any) -> AuthConfig:
    """Mastra's `new SimpleAuth({ tokens })`: a fixed token -> user table."""

    def authenticate(token: str) -> Any:
        return tokens.get(token)

    return AuthConfig(authenticate_token=authenticate, **options)


def as_auth(value: Any) -> AuthConfig | None:
    """An `AuthConfig`, or a Mastra-shaped mapping (`authenticateToken`, `authorize`, ...)."""
    if value is None or isinstance(value, AuthConfig):
        return value
    if isinstance(value, Mapping):
        opts: dict[str, Any] = {
            "authenticate_token": value.get("authenticateToken") or value.get("authenticate_token"),
            "authorize": value.get("authorize"),
        }
        if value.get("protected") is not None:
            opts["protected"] = value["protected"]
        if value.get("public") is not None:
            opts["public"] = value["public"]
        if opts["authenticate_token"] is None:
            raise ValueError("auth needs authenticateToken")
        return AuthConfig(**opts)
    raise TypeError(f"auth must be an AuthConfig or a mapping; got {value!r}")
