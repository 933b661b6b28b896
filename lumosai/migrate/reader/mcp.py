"""`MCPClient` / `MCPConfiguration` / `MastraMCPClient` and `MCPServer`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import (
    CallValue,
    EraEvidence,
    MCPClient,
    MCPServer,
    MCPServerEntry,
    ObjectValue,
    Value,
)
from lumosai.migrate.reader import common

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader, Site


def build_client(ctx: Reader, site: Site) -> MCPClient:
    opts = common.options(ctx, site)
    client = MCPClient(**common.base(ctx, site, opts))
    client.client_id = common.lit_str(opts.get("id"))
    servers = opts.get("servers")
    if isinstance(servers, ObjectValue):
        for p in servers.properties:
            client.servers.append(_server_entry(p.key, p.value))
    elif servers is not None:
        client.servers_value = servers
    if site.factory == "MastraMCPClient" and not client.servers:
        client.servers.append(
            _server_entry(common.lit_str(opts.get("name")) or site.name, opts.get("server") or opts)
        )
    if site.factory in ("MCPConfiguration", "MastraMCPClient"):
        ctx.era_evidence(
            client.id,
            EraEvidence(era="0.x", reason=f"{site.factory} (removed in 0.22)", file=site.mod.rel),
        )
    return client


def _server_entry(name: str, v: Value | None) -> MCPServerEntry:
    if not isinstance(v, ObjectValue):
        return MCPServerEntry(
            name=name, transport="unknown", options={"value": v} if v is not None else {}
        )  # type: ignore[dict-item]
    command, url = v.get("command"), v.get("url")
    if isinstance(url, CallValue) and url.callee == "URL" and url.args:
        url = url.args[0]
    env = v.get("env")
    env_names = env.keys() if isinstance(env, ObjectValue) else []
    transport = "stdio" if command is not None else "http" if url is not None else "unknown"
    return MCPServerEntry(
        name=name,
        transport=transport,  # type: ignore[arg-type]
        command=command,
        args=v.get("args"),
        url=url,
        env_names=env_names,
        options={p.key: p.value for p in v.properties if p.key not in ("command", "args", "url")},
    )


def build_server(ctx: Reader, site: Site) -> MCPServer:
    opts = common.options(ctx, site)
    server = MCPServer(**common.base(ctx, site, opts))
    server.server_id = common.lit_str(opts.get("id"))
    server.server_name = opts.get("name")
    server.version = opts.get("version")
    server.tools = common.refmaps(ctx, site, opts.get("tools"))
    server.agents = common.refmaps(ctx, site, opts.get("agents"))
    server.workflows = common.refmaps(ctx, site, opts.get("workflows"))
    return server
