"""``ServerDefinition``: how to reach one MCP server (a stdio command or a Streamable HTTP URL).

Accepts the shapes people write: Mastra's ``{command, args, env}`` / ``{url, requestInit:
{headers}}`` dicts, ``lumosai.yaml``'s ``mcp.servers`` entries, or explicit
``ServerDefinition.stdio(...)`` / ``ServerDefinition.http(...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from lumosai.mcp.errors import MCPServerDefinitionError


@dataclass(frozen=True, slots=True)
class ServerDefinition:
    """One server. ``timeout`` (seconds) bounds connecting and each request; None = client's."""

    transport: Literal["stdio", "http"]
    command: str | None = None
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float | None = None

    @classmethod
    def stdio(
        cls,
        command: str,
        args: list[str] | tuple[str, ...] = (),
        env: Mapping[str, str] | None = None,
        *,
        cwd: str | None = None,
        timeout: float | None = None,
    ) -> ServerDefinition:
        return cls(
            "stdio",
            command=command,
            args=tuple(args),
            env=dict(env or {}),
            cwd=cwd,
            timeout=timeout,
        )

    @classmethod
    def http(
        cls,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        timeout: float | None = None,
    ) -> ServerDefinition:
        return cls("http", url=str(url), headers=dict(headers or {}), timeout=timeout)

    # Lumos Rust spells the HTTP transport ``sse``; the SDK negotiates the transport itself.
    @classmethod
    def sse(
        cls,
        url: str,
        request_init: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> ServerDefinition:
        headers = dict((request_init or {}).get("headers") or {})
        return cls.http(url, headers, timeout=timeout)

    def describe(self) -> str:
        if self.transport == "stdio":
            return " ".join([self.command or "", *self.args]).strip()
        return self.url or ""


def as_definition(name: str, value: Any) -> ServerDefinition:
    """Normalise one ``servers`` entry; raises ``MCPServerDefinitionError`` naming ``name``."""
    if isinstance(value, ServerDefinition):
        return value
    if not isinstance(value, Mapping):
        # lumosai.config.McpServerConfig and other objects with the same attributes
        if hasattr(value, "command") or hasattr(value, "url"):
            value = {
                key: getattr(value, key)
                for key in ("command", "args", "env", "cwd", "url", "headers", "timeout")
                if getattr(value, key, None) is not None
            }
        else:
            raise MCPServerDefinitionError(
                f"MCP server {name!r}: expected a dict with 'command' or 'url', got "
                f"{type(value).__name__}"
            )
    command, url = value.get("command"), value.get("url")
    if (command is None) == (url is None):
        raise MCPServerDefinitionError(
            f"MCP server {name!r}: give exactly one of 'command' (stdio) or 'url' (HTTP)"
        )
    timeout = value.get("timeout")
    if timeout is not None and (not isinstance(timeout, (int, float)) or timeout <= 0):
        raise MCPServerDefinitionError(f"MCP server {name!r}: timeout must be seconds > 0")
    if command is not None:
        args = value.get("args") or []
        if not isinstance(args, (list, tuple)) or not all(isinstance(a, str) for a in args):
            raise MCPServerDefinitionError(f"MCP server {name!r}: 'args' must be a list of strings")
        return ServerDefinition.stdio(
            str(command),
            list(args),
            value.get("env") or {},
            cwd=value.get("cwd"),
            timeout=timeout,
        )
    request_init = value.get("request_init") or value.get("requestInit") or {}
    headers = {**dict(request_init.get("headers") or {}), **dict(value.get("headers") or {})}
    return ServerDefinition.http(str(url), headers, timeout=timeout)
