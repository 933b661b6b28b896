"""`new Mastra({...})` (every key, registries resolved), server config (`apiRoutes`,
`registerApiRoute`, middleware, auth), and the other Mastra objects (loggers, observability,
processors, voice, RequestContext, networks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import (
    ApiRoute,
    ArrayValue,
    Era,
    EraEvidence,
    FunctionValue,
    LiteralValue,
    MastraInstance,
    ObjectValue,
    OtherConstruct,
    ReferenceValue,
    ServerConfig,
    Value,
)
from lumosai.migrate.reader import common

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader, Site

_REGISTRIES = {
    "agents": "agents",
    "workflows": "workflows",
    "legacy_workflows": "legacy_workflows",
    "tools": "tools",
    "scorers": "scorers",
    "vectors": "vectors",
    "mcpServers": "mcp_servers",
    "memory": "memory",
    "networks": "networks",
    "vnext_networks": "networks",
}
_ERA_KEYS: dict[str, Era] = {
    "telemetry": "0.x",
    "legacy_workflows": "0.x",
    "networks": "0.x",
    "vnext_networks": "0.x",
    "serverMiddleware": "0.x",
    "memory": "1.x",
}


def build_mastra(ctx: Reader, site: Site) -> MastraInstance:
    opts = common.options(ctx, site)
    m = MastraInstance(**common.base(ctx, site, opts))
    for key, attr in _REGISTRIES.items():
        v = opts.get(key)
        if v is not None:
            getattr(m, attr).extend(common.refmaps(ctx, site, v))
    m.storage = opts.get("storage")
    m.storage_id, _ = common.target_of(m.storage)
    m.logger = opts.get("logger")
    m.observability = opts.get("observability")
    m.telemetry = opts.get("telemetry")
    server = opts.get("server")
    if isinstance(server, ObjectValue):
        m.server = server_config(ctx, server)
    middleware = opts.get("serverMiddleware")
    if middleware is not None:
        m.server = m.server or ServerConfig()
        m.server.middleware = m.server.middleware or middleware
    auth = opts.get("experimental_auth")
    if auth is not None:
        m.server = m.server or ServerConfig()
        m.server.auth = m.server.auth or auth
    rel = site.mod.rel
    for key, era in _ERA_KEYS.items():
        if opts.get(key) is not None:
            ctx.era_evidence(m.id, EraEvidence(era=era, reason=f"Mastra option `{key}`", file=rel))  # type: ignore[arg-type]
    obs = opts.get("observability")
    if isinstance(obs, ReferenceValue) and obs.target_kind == "observability":
        ctx.era_evidence(m.id, EraEvidence(era="1.x", reason="new Observability()", file=rel))
    return m


def server_config(ctx: Reader, v: ObjectValue) -> ServerConfig:
    cfg = ServerConfig(
        port=v.get("port"),
        host=v.get("host"),
        api_prefix=v.get("apiPrefix"),
        middleware=v.get("middleware"),
        cors=v.get("cors"),
        auth=v.get("auth") or v.get("experimental_auth"),
        options={p.key: p.value for p in v.properties},
    )
    routes = v.get("apiRoutes")
    if isinstance(routes, ArrayValue):
        for item in routes.items:
            route = api_route(ctx, item)
            if route is not None:
                cfg.api_routes.append(route)
    return cfg


def api_route(ctx: Reader, item: Value) -> ApiRoute | None:
    if isinstance(item, ReferenceValue) and item.target:
        site = ctx.site_by_id.get(item.target)
        if site is None or site.kind.kind != "api_route":
            return None
        args = [common.arg_value(ctx, site, a) for a in site.args]
        path = args[0] if args else LiteralValue.fast(value=None)
        opts = args[1] if len(args) > 1 and isinstance(args[1], ObjectValue) else ObjectValue.fast()
        return _route(path, opts, site.mod.file.span(site.node))
    if isinstance(item, ObjectValue) and item.span is not None:
        return _route(item.get("path") or LiteralValue.fast(value=None), item, item.span)
    return None


def _route(path: Value, opts: ObjectValue, span: object) -> ApiRoute:
    handler = opts.get("handler")
    code = handler.code if isinstance(handler, FunctionValue) else None
    if code is not None:
        code.kind = "callback"
    return ApiRoute(
        path=path,
        method=opts.get("method"),
        handler=code,
        options={
            p.key: p.value for p in opts.properties if p.key not in ("handler", "method", "path")
        },
        span=span,  # type: ignore[arg-type]
    )


def build_other(ctx: Reader, site: Site) -> OtherConstruct:
    opts = common.options(ctx, site)
    other = OtherConstruct(**common.base(ctx, site, opts))
    other.kind = site.kind.kind  # type: ignore[assignment]
    rel = site.mod.rel
    if site.kind.kind == "request_context":
        era = "0.x" if site.factory == "RuntimeContext" else "1.x"
        ctx.era_evidence(other.id, EraEvidence(era=era, reason=f"new {site.factory}()", file=rel))  # type: ignore[arg-type]
    elif site.kind.kind == "network":
        ctx.era_evidence(other.id, EraEvidence(era="0.x", reason=site.factory, file=rel))
    elif site.kind.kind == "observability":
        ctx.era_evidence(other.id, EraEvidence(era="1.x", reason="new Observability()", file=rel))
    return other
