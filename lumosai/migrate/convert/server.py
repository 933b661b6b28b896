"""Mastra's `server` option -> a `LumosServer` attached to the generated app.

`registerApiRoute(path, { method, handler, middleware, requiresAuth })` handlers and the
`server.middleware` / 0.x `serverMiddleware` functions are Hono functions of `c` (and `next`):
the body translator turns them into Python functions of `lumosai.server.Context`, emitted next
to the TypeScript they come from (routes written inline in `src/mastra/index.ts` go to
`<package>/http_server.py`). That module builds the server (routes, middleware, auth, CORS,
port, timeout) and attaches it to the app, so `lumosai serve app:app` serves all of it.

Do no harm: a handler that does not translate becomes a stub answering 501 with its TODO
marker; middleware or auth that does not translate fails closed (501), never open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext
from lumosai.migrate.convert.functions import stub_function, todo_marker, translate
from lumosai.migrate.convert.naming import py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, to_data

RULE = "LM374"
_SERVER_MODULE = "http_server"
_IGNORED_OPTIONS = ("build", "bodySizeLimit", "https", "onError", "host", "experimental_auth")


@dataclass
class ServerPlan:
    """What `http_server.py` puts into `LumosServer(...)`: Python expressions."""

    routes: list[str] = field(default_factory=list)
    middleware: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    imports: set[str] = field(default_factory=set)


def _static(value: ir.Value | None) -> Any:
    if value is None:
        return None
    try:
        return to_data(value)
    except NotStatic:
        return NotStatic


def _base_name(code: ir.Code | None, fallback: str) -> str:
    """`healthRoute.handler` -> `health`; `supportContextMiddleware.handler` -> `support_context`."""
    raw = code.name.split(".")[0] if code is not None and code.name else ""
    if not raw or raw in ("handler", "registerApiRoute", "<anonymous>", "anonymous"):
        raw = fallback
    raw = re.sub(r"(Route|Middleware|Handler)$", "", raw) or raw
    return py_identifier(raw)


def _route_fallback(path: str, method: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", path) if w]
    return "_".join([method.lower(), *words]) or "route"


class ServerConverter:
    def __init__(self, ctx: ConvertContext, inst: ir.MastraInstance) -> None:
        self.ctx = ctx
        self.inst = inst
        assert inst.server is not None
        self.cfg: ir.ServerConfig = inst.server
        self.plan = ServerPlan()
        self.server_module = ctx.module(
            f"{ctx.package}.{_SERVER_MODULE}",
            f"{ctx.package}/{_SERVER_MODULE}.py",
            "The HTTP server of the converted app, from the Mastra instance's `server` option:\n"
            "custom routes, middleware, auth, CORS. `lumosai serve app:app` serves it.",
        )
        self.others = {
            (o.span.file, o.span.start_line): o for o in ctx.project.others if o.kind == "api_route"
        }

    # -- naming and placing --------------------------------------------------------------------
    def _module_for(self, file: str) -> PyModule:
        """Next to the TypeScript, except the Mastra instance's own file (`index.ts`)."""
        if file == self.inst.span.file:
            return self.server_module
        return self.ctx.module_for_file(file)

    def _claim(self, module: PyModule, name: str) -> str:
        return self.ctx.allocator(module.dotted).claim(name)

    def _use(self, module: PyModule, name: str) -> str:
        """`name` defined in `module`, as seen from the server module (imported there)."""
        if module is not self.server_module:
            self.plan.imports.add(f"from {module.dotted} import {name}")
        return name

    # -- functions -----------------------------------------------------------------------------
    def _function(
        self,
        code: ir.Code,
        role: str,
        module: PyModule,
        name: str,
        owner: str,
        *,
        claimed: bool = False,
    ) -> tuple[str, str | None, str | None]:
        """Translate `code` into `module` as `name`; a stub when it does not translate.
        Returns (python name, rule, reason) - rule None when translated."""
        py_name = name if claimed else self._claim(module, name)
        done = translate(
            self.ctx, code, role=role, py_name=py_name, module=module, owner=owner, count=False
        )
        if done.ok:
            module.add(done.python.strip())
            return py_name, None, None
        rule = done.rule or RULE
        why = f"{owner}: {done.reason}"
        module.imports.add("lumosai.server", "Context")
        params = "c: Context" if role == "api_route" else "c: Context, call_next: Next"
        if role == "middleware":
            module.imports.add("lumosai.server", "Next")
        module.add(stub_function(py_name, params, todo_marker(rule, why), why, module))
        return py_name, rule, done.reason

    # -- routes --------------------------------------------------------------------------------
    def routes(self) -> None:
        for route in self.cfg.api_routes:
            self._route(route)

    def _route(self, route: ir.ApiRoute) -> None:
        ctx = self.ctx
        other = self.others.get((route.span.file, route.span.start_line))
        path, method = _static(route.path), _static(route.method) if route.method else "GET"
        module = self._module_for(route.span.file)
        problem: tuple[str, str] | None = None
        if not isinstance(path, str) or not isinstance(method, str | list):
            problem = (RULE, "the route's path or method is computed at run time")
        elif route.handler is None:
            problem = (RULE, "the route's handler is not a function written in place")
        if problem is not None:
            ctx.diagnose(
                f"api route: {problem[1]}; not converted", rule=problem[0], span=route.span
            )
            if other is not None:
                ctx.record(other, Status.TODO, "", rule=problem[0], message=problem[1])
            return
        assert isinstance(path, str) and route.handler is not None
        method_text = method if isinstance(method, str) else ",".join(method)
        fallback = _route_fallback(path, method_text)
        name = _base_name(route.handler, fallback)
        handler, rule, reason = self._function(
            route.handler, "api_route", module, name, f"route {method_text} {path}"
        )
        args = [py_string(path), handler]
        if method != "GET":
            args.append(py_literal(method))
        extra = self._route_options(route, module, path)
        expr = f"ApiRoute({', '.join([*args, *extra])})"
        variable = other.variable if other is not None else None
        if variable and module is not self.server_module:
            var_name = self._claim(module, py_identifier(variable))
            module.imports.add("lumosai.server", "ApiRoute")
            module.add(f"{var_name} = {expr}")
            self.plan.routes.append(self._use(module, var_name))
        else:
            self.plan.imports.add("from lumosai.server import ApiRoute")
            if module is not self.server_module:
                self._use(module, handler)
            self.plan.routes.append(expr)
        if other is not None:
            where = f"{module.path}:{handler}"
            status = Status.NATIVE if rule is None else Status.TODO
            message = None if rule is None else f"handler not translated: {reason}"
            ctx.record(other, status, where, rule=rule, message=message, kind="api_route")

    def _route_options(self, route: ir.ApiRoute, module: PyModule, path: str) -> list[str]:
        out: list[str] = []
        middleware = route.options.get("middleware")
        if middleware is not None:
            items = middleware.items if isinstance(middleware, ir.ArrayValue) else [middleware]
            names = [
                self._middleware_fn(item, module, f"route {path} middleware", fallback=path)
                for item in items
            ]
            out.append(f"middleware=[{', '.join(n for n in names if n)}]")
        requires = _static(route.options.get("requiresAuth"))
        if requires is False:
            out.append("requires_auth=False")
        ignored = sorted(set(route.options) - {"middleware", "requiresAuth"})
        if ignored:  # `openapi` (docs only), a per-route `cors`
            self.ctx.diagnose(
                f"route {path}: option(s) {', '.join(ignored)} not carried over",
                rule=RULE, span=route.span, severity="info",
            )  # fmt: skip
        return out

    # -- middleware ----------------------------------------------------------------------------
    def middleware(self) -> None:
        for index, item in enumerate(_app_middleware(self.inst), 1):
            path: Any = None
            fn: ir.Value | None = item
            if isinstance(item, ir.ObjectValue):
                path = _static(item.get("path"))
                fn = item.get("handler")
            words = re.findall(r"[A-Za-z0-9]+", path) if isinstance(path, str) else []
            fallback = "_".join(words) if words else f"app_{index}"
            name = self._middleware_fn(
                fn, self.server_module, f"middleware #{index}", fallback=fallback
            )
            if name is None:
                continue
            if isinstance(path, str):
                self.plan.imports.add("from lumosai.server import Middleware")
                self.plan.middleware.append(f"Middleware({name}, path={py_string(path)})")
            else:
                self.plan.middleware.append(name)

    def _middleware_fn(
        self, value: ir.Value | None, module: PyModule, owner: str, *, fallback: str = "route"
    ) -> str | None:
        code: ir.Code | None = None
        if isinstance(value, ir.FunctionValue):
            code = value.code
        elif isinstance(value, ir.ReferenceValue) and value.target_kind == "helper":
            code = next((h for h in self.ctx.project.helpers if h.id == value.target), None)
        if code is None:
            why = f"{owner} is not a function the converter can see"
            self.ctx.diagnose(f"{why}; requests it covers answer 501", rule=RULE)
            name = self._claim(self.server_module, "middleware_not_converted")
            self.server_module.imports.add("lumosai.server", "Context")
            self.server_module.imports.add("lumosai.server", "Next")
            self.server_module.add(
                stub_function(
                    name,
                    "c: Context, call_next: Next",
                    todo_marker(RULE, why),
                    why,
                    self.server_module,
                )
            )
            return name
        symbol = self.ctx.symbols.get(code.id) if code.kind == "helper" else None
        if symbol is not None:  # a module-level function: emitted where it is, under its name
            target = self.ctx.modules[symbol.module]
            py_name, rule, reason = self._function(
                code, "middleware", target, symbol.name, owner, claimed=True
            )
        else:
            raw = code.name.split(".")[0]
            anonymous = raw in (self.inst.variable, self.inst.name, "mastra")
            name = _base_name(None if anonymous else code, fallback) + "_middleware"
            target = module
            py_name, rule, reason = self._function(code, "middleware", target, name, owner)
        if rule is not None:
            self.ctx.diagnose(
                f"{owner} not translated ({reason}); requests it covers answer 501",
                rule=rule,
                span=code.span,
            )
        return self._use(target, py_name) if target is not self.server_module else py_name

    # -- auth, options -------------------------------------------------------------------------
    def auth(self) -> None:
        value = self.cfg.auth
        if value is None:
            return
        module = self.server_module
        if isinstance(value, ir.CallValue) and value.callee == "SimpleAuth":
            self._simple_auth(value)
            return
        if not isinstance(value, ir.ObjectValue):
            self._auth_fails_closed("it is not an object literal (e.g. a provider class)")
            return
        parts: list[str] = []
        names = (("authenticateToken", "authenticate_token"), ("authorize", "authorize"))
        for key, kw in names:
            fn = value.get(key)
            if fn is None:
                continue
            if not isinstance(fn, ir.FunctionValue):
                self._auth_fails_closed(f"`{key}` is not a function written in place")
                return
            py_name = self._claim(module, kw)
            done = translate(
                self.ctx, fn.code, role="helper", py_name=py_name, module=module,
                owner=f"auth.{key}", count=False,
            )  # fmt: skip
            if not done.ok:
                self._auth_fails_closed(f"`{key}`: {done.reason}", py_name)
                return
            module.add(done.python.strip())
            parts.append(f"{kw}={py_name}")
        if not parts or not parts[0].startswith("authenticate_token="):
            self._auth_fails_closed("it has no `authenticateToken`")
            return
        for key in ("protected", "public"):
            data = _static(value.get(key))
            if data is NotStatic:
                self._auth_fails_closed(f"`{key}` is computed at run time")
                return
            if data is not None:
                parts.append(f"{key}={py_literal(_auth_rules(data))}")
        self.plan.imports.add("from lumosai.server import AuthConfig")
        self.plan.options["auth"] = f"AuthConfig({', '.join(parts)})"

    def _simple_auth(self, call: ir.CallValue) -> None:
        """`new SimpleAuth({ tokens })`: the token table as data, or as a translated expression
        evaluated when the module loads (as the TypeScript's is)."""
        from lumosai.migrate.convert.bodies import translate_constant

        opts = call.args[0] if call.args and isinstance(call.args[0], ir.ObjectValue) else None
        tokens = opts.get("tokens") if opts is not None else None
        if opts is None or tokens is None or {p.key for p in opts.properties} != {"tokens"}:
            self._auth_fails_closed("SimpleAuth options other than `tokens`")
            return
        data = _static(tokens)
        module = self.server_module
        if data is not NotStatic:
            expr = py_literal(data)
        else:
            name = self._claim(module, "AUTH_TOKENS")
            source = getattr(tokens, "source", "") or ""
            line = tokens.span.start_line if tokens.span else 1
            done = translate_constant(source, py_name=name, origin_line=line)
            if not source or not done.ok:
                self._auth_fails_closed(f"SimpleAuth tokens: {done.reason or 'not translated'}")
                return
            module.imports.add_lines(sorted(done.imports))
            module.add(done.python.strip())
            expr = name
        self.plan.imports.add("from lumosai.server import simple_auth")
        self.plan.options["auth"] = f"simple_auth({expr})"

    def _auth_fails_closed(self, reason: str, name: str | None = None) -> None:
        """Auth we cannot convert must not leave routes open: every protected request is a 501."""
        why = f"server auth is not converted: {reason}"
        self.ctx.diagnose(f"{why}; protected routes answer 501 until it is ported", rule=RULE,
                          span=self.inst.span)  # fmt: skip
        module = self.server_module
        name = name or self._claim(module, "authenticate_token")
        module.add(stub_function(name, "token: str", todo_marker(RULE, why), why, module))
        self.plan.imports.add("from lumosai.server import AuthConfig")
        self.plan.options["auth"] = f"AuthConfig(authenticate_token={name})"

    def options(self) -> None:
        cfg = self.cfg
        port = _static(cfg.port)
        if isinstance(port, int) and not isinstance(port, bool):
            self.plan.options["port"] = str(port)
        cors = _static(cfg.cors)
        if cors is NotStatic:
            self.ctx.diagnose("server.cors is computed at run time; Mastra's default CORS is used",
                              rule=RULE, span=self.inst.span)  # fmt: skip
        elif cors is not None:
            self.plan.options["cors"] = py_literal(cors)
        timeout = _static(cfg.options.get("timeout"))
        if isinstance(timeout, int | float) and not isinstance(timeout, bool):
            self.plan.options["timeout"] = repr(float(timeout) / 1000)
        prefix = _static(cfg.api_prefix)
        if isinstance(prefix, str):
            self.plan.options["api_prefix"] = py_string(prefix)
        ignored = [k for k in _IGNORED_OPTIONS if k in cfg.options and k != "experimental_auth"]
        if ignored:
            self.ctx.diagnose(
                f"server option(s) {', '.join(ignored)} have no Lumos equivalent and are ignored",
                rule=RULE, span=self.inst.span, severity="info",
            )  # fmt: skip

    # -- the module ----------------------------------------------------------------------------
    def emit(self) -> None:
        module = self.server_module
        module.imports.add("lumosai", "LumosApp")
        module.imports.add("lumosai.server", "LumosServer")
        module.imports.add("lumosai.server", "attach_server")
        module.imports.add_lines(sorted(self.plan.imports))
        args = ["app"]
        args.append(f"routes=[{', '.join(self.plan.routes)}]")
        if self.plan.middleware:
            args.append(f"middleware=[{', '.join(self.plan.middleware)}]")
        args.extend(f"{k}={v}" for k, v in self.plan.options.items())
        name = self._claim(module, "add_server")
        module.add(
            f"def {name}(app: LumosApp) -> LumosServer:\n"
            '    """Serve `app` as `mastra dev` served the Mastra instance (`lumosai serve app:app`)."""\n'
            f"    server = LumosServer({', '.join(args)})\n"
            "    return attach_server(app, server)"
        )
        self.ctx.app_after.append((f"from {module.dotted} import {name}", f"{name}(app)"))


def _auth_rules(data: Any) -> Any:
    """`['/webhooks', 'POST']` pairs stay pairs (tuples read better in Python)."""
    if isinstance(data, list):
        return [tuple(item) if isinstance(item, list) else item for item in data]
    return data


def _items(value: ir.Value | None) -> list[ir.Value]:
    if value is None:
        return []
    return list(value.items) if isinstance(value, ir.ArrayValue) else [value]


def _app_middleware(inst: ir.MastraInstance) -> list[ir.Value]:
    """0.x `serverMiddleware` (the deprecated spelling) first, then `server.middleware`; the
    reader keeps only one of them when both are given."""
    legacy = _items(inst.options.get("serverMiddleware"))
    current = _items(inst.server.middleware if inst.server else None)
    return [*legacy, *(v for v in current if v not in legacy)]


def _middleware_values(project: ir.Project) -> list[ir.Value]:
    inst = project.mastra
    if inst is None or inst.server is None:
        return []
    items = _app_middleware(inst)
    for route in inst.server.api_routes:
        extra = route.options.get("middleware")
        if extra is not None:
            items = [*items, *(extra.items if isinstance(extra, ir.ArrayValue) else [extra])]
    return items


def middleware_helpers(project: ir.Project) -> set[str]:
    """Ids of module-level functions used as Hono middleware: this module emits them (as
    `(c, call_next)` functions), not the helper pass (which would bridge them: a Hono context
    cannot cross to Node)."""
    out: set[str] = set()
    for item in _middleware_values(project):
        value = item.get("handler") if isinstance(item, ir.ObjectValue) else item
        if isinstance(value, ir.ReferenceValue) and value.target_kind == "helper" and value.target:
            out.add(value.target)
    return out


def convert_server(ctx: ConvertContext) -> None:
    """Convert the Mastra instance's `server` option, if it has one worth a server."""
    inst = ctx.project.mastra
    if inst is None or inst.server is None:
        return
    cfg = inst.server
    served = cfg.api_routes or _app_middleware(inst) or cfg.auth is not None
    if not served and cfg.cors is None and cfg.api_prefix is None and "timeout" not in cfg.options:
        return  # nothing beyond the defaults (a port alone: PORT / --port say it at run time)
    conv = ServerConverter(ctx, inst)
    conv.routes()
    conv.middleware()
    conv.auth()
    conv.options()
    conv.emit()
