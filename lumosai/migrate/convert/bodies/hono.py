"""Hono route handlers `(c) => ...` and middleware `(c, next) => ...` of a Mastra server.

The Python side (`lumosai.server.Context`) keeps Hono's names, so most calls translate to
themselves: `await c.req.json()`, `c.req.param('id')`, `c.json(obj, 401)`. What changes is what
Mastra keeps in the context: `c.get('mastra')` is the app (`c.app`, whose `getAgent` is
`c.app.agent`), `c.get('requestContext')` the request's `RuntimeContext`.

Owned by the server converter (lumosai/migrate/convert/server.py); hooked into the translator
by `roles.py` (tables), `translator.py` (parameter bindings) and `methods.py` (calls). This
module imports the rest of the translator lazily: `roles.py` imports it while loading.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .jstypes import JsType, Py
from .model import Role

if TYPE_CHECKING:
    from tree_sitter import Node

    from .base import Binding, TranslatorBase

#: role objects whose method calls `hono_call` translates
HONO_CALLS = frozenset({"hono_ctx", "hono_req", "mastra_route", "route_workflow", "route_run"})
#: role objects whose properties `hono_member` translates (relative to the value)
HONO_MEMBERS = frozenset({"route_run"})
#: role objects a local variable keeps (`const run = await wf.createRunAsync()`)
HONO_KEPT = ("hono_req", "mastra_route", "route_workflow", "route_run")
_IMPORTS = {"from typing import Any", "from lumosai.server import Context"}

# `c.<method>(...)` that keep their name and arguments on the Python Context
_CTX_METHODS = frozenset(
    {
        "json",
        "text",
        "html",
        "body",
        "redirect",
        "notFound",
        "newResponse",
        "status",
        "header",
        "set",
    }
)
# `c.req.<method>(...)`: awaited ones read the body
_REQ_AWAITED = {"json": JsType.UNKNOWN, "text": JsType.STR, "parseBody": JsType.DICT}
_REQ_PLAIN = {
    "param": JsType.STR,
    "query": JsType.STR,
    "header": JsType.STR,
    "queries": JsType.LIST,
}
_MASTRA_VARS = {
    "requestContext": ("c.request_context", JsType.RUNTIME_CONTEXT, None),
    "runtimeContext": ("c.request_context", JsType.RUNTIME_CONTEXT, None),
    "mastra": ("c.app", JsType.ROLE, "mastra_route"),
}


def hono_tables() -> tuple[dict[str, Any], dict[Role, Any], dict[Role, set[str]], dict[str, Any]]:
    """Entries for roles.py's ROLE_OBJECTS, SIGNATURES, ROLE_IMPORTS and MASTRA_METHODS."""
    from .roles import Member, Signature

    objects = {
        "hono_ctx": {"req": Member("c.req", JsType.ROLE, "hono_req")},
        "hono_req": {
            "method": Member("c.req.method", JsType.STR),
            "path": Member("c.req.path", JsType.STR),
            "url": Member("c.req.url", JsType.STR),
            "routePath": Member("c.req.routePath", JsType.STR),
        },
        "mastra_route": {},
        "hono_next": {},
        "route_workflow": {},
        "route_run": {},
    }
    signatures = {
        Role.API_ROUTE: Signature("c: Context", ("hono_ctx",)),
        Role.MIDDLEWARE: Signature("c: Context, call_next: Next", ("hono_ctx", "hono_next")),
    }
    imports = {
        Role.API_ROUTE: set(_IMPORTS),
        Role.MIDDLEWARE: {*_IMPORTS, "from lumosai.server import Next"},
    }
    mastra = {
        "mastra_route": {
            "getAgent": "c.app.agent({0})",
            "getAgentById": "c.app.agent({0})",
            "getTool": "c.app.tool({0})",
            "getWorkflow": "c.app.workflow({0})",
        }
    }
    return objects, signatures, imports, mastra


def param_binding(role_object: str) -> Binding | None:
    """How an identifier parameter of a handler binds: `c` is the context, `next` a call."""
    from .base import Binding
    from .roles import Member

    if role_object == "hono_ctx":
        return Binding(py="c", type=JsType.ROLE, kind="role", role_object="hono_ctx")
    if role_object == "hono_next":
        member = Member("call_next", JsType.FUNC, method=True, awaited=True)
        return Binding(py="call_next", type=JsType.FUNC, kind="member", member=member)
    return None


def _literal(t: TranslatorBase, node: Node) -> str | None:
    from .expressions import decode_string

    if node.type == "string":
        return decode_string(t.text(node)[1:-1])
    return None


def hono_call(t: TranslatorBase, obj: Py, prop: str, args: list[Node], node: Node) -> Py:
    """`c.<prop>(...)`, `c.req.<prop>(...)` and `c.get('mastra').<prop>(...)`."""
    from . import pyast as P
    from .calls import call_args, mastra_call, role_method_call

    if obj.role_object == "mastra_route":
        if prop in ("getWorkflow", "getWorkflowById") and len(args) == 1:
            workflow = P.call(P.parse_expr("c.app.workflow"), t.expr(args[0]).node)
            return Py(workflow, JsType.ROLE, role_object="route_workflow")
        return mastra_call(t, obj, prop, args, node)
    if obj.role_object in ("route_workflow", "route_run"):
        return _workflow_call(t, obj, prop, args, node)
    if obj.role_object == "hono_req":
        if prop in _REQ_AWAITED:
            done = role_method_call(t, P.parse_expr(f"c.req.{prop}"), True, args, node)
            return Py(done.node, _REQ_AWAITED[prop], role_object="awaited")
        if prop in _REQ_PLAIN:
            call = P.call(P.parse_expr(f"c.req.{prop}"), *call_args(t, args))
            return Py(call, _REQ_PLAIN[prop] if args else JsType.DICT)
        t.fail("LM206", f"`c.req.{prop}(...)` of the Hono request has no Lumos equivalent", node)
    if prop == "get" and len(args) == 1:
        key = _literal(t, args[0])
        if key in _MASTRA_VARS:
            py, kind, role = _MASTRA_VARS[key]
            return Py(P.parse_expr(py), kind, role_object=role, pure=True)
        return Py(P.call(P.parse_expr("c.get"), *call_args(t, args)))
    if prop in _CTX_METHODS:
        return Py(P.call(P.parse_expr(f"c.{prop}"), *call_args(t, args)))
    t.fail("LM206", f"`c.{prop}(...)` of the Hono context has no Lumos equivalent", node)


# -- workflow runs: `c.get('mastra').getWorkflow(k).createRun({ runId })`, `run.start({...})`
_CREATE_RUN = {"runId": "run_id", "resourceId": "resource_id"}
_START = {"initialState": "initial_state", "requestContext": "runtime_context",
          "runtimeContext": "runtime_context"}  # fmt: skip
_RESUME = {
    "step": "step",
    "resumeData": "resume_data",
    "forEachIndex": "for_each_index",
    "requestContext": "runtime_context",
    "runtimeContext": "runtime_context",
}


def _keywords(
    t: TranslatorBase, args: list[Node], table: dict[str, str], what: str, positional: str = ""
) -> tuple[list[Any], dict[str, Any]]:
    """`{ inputData, runId: x }` -> Python positional/keyword arguments by `table`."""
    from .agents import _pairs
    from .expressions import unwrap

    if len(args) > 1:
        t.fail("LM204", f"`{what}(...)` with {len(args)} arguments", args[1])
    pos: list[Any] = []
    kw: dict[str, Any] = {}
    for key, value in _pairs(t, unwrap(args[0]), what) if args else []:
        if key == positional:
            pos.append(t.expr(value).node)
        elif key in table:
            kw[table[key]] = t.expr(value).node
        else:
            t.fail("LM206", f"option `{key}` of `{what}(...)` has no Lumos equivalent", value)
    return pos, kw


def _workflow_call(t: TranslatorBase, obj: Py, prop: str, args: list[Node], node: Node) -> Py:
    """Runs of a workflow the handler looked up: the native `Run`, and its result in Mastra's
    shape (`workflow_result_of`: a dict with `status`, `result`, `runId` ...) so the
    TypeScript's `result.status` reads the same."""
    from . import pyast as P

    if obj.role_object == "route_workflow" and prop in ("createRun", "createRunAsync"):
        _, kw = _keywords(t, args, _CREATE_RUN, prop)
        call = P.call(P.attr(obj.node, "create_run"), **kw)
        return Py(call, JsType.ROLE, role_object="route_run")
    if obj.role_object == "route_run" and prop in ("start", "resume"):
        from .calls import awaited_parent

        if not awaited_parent(node, t):  # `run.start(...).catch(...)`: runs on after the answer
            t.fail("LM202", f"`run.{prop}(...)` not awaited (a run left in the background)", node)
        table, positional = (_START, "inputData") if prop == "start" else (_RESUME, "")
        pos, kw = _keywords(t, args, table, f"run.{prop}", positional)
        if not t.scope.is_async:
            t.fail("LM202", f"`run.{prop}` in a function that is not async", node)
        t.scope.awaits = True
        t.need("from lumosai.compat.mastra.results import workflow_result_of")
        run = ast.Await(value=P.call(P.attr(obj.node, prop), *pos, **kw))
        return Py(P.call("workflow_result_of", run), JsType.DICT)
    t.fail("LM206", f"`{prop}(...)` of a workflow run has no Lumos equivalent here", node)


def hono_member(t: TranslatorBase, obj: Py, prop: str, node: Node) -> Py:
    """`run.runId` of a run created in the handler."""
    from . import pyast as P

    if obj.role_object == "route_run" and prop == "runId":
        return Py(P.attr(obj.node, "run_id"), JsType.STR, pure=obj.pure)
    t.fail("LM206", f"`{prop}` of a workflow run has no Lumos equivalent here", node)


_CONTEXT_CLASSES = frozenset({"RequestContext", "RuntimeContext"})


def new_request_context(t: TranslatorBase, name: str, args: list[Node], node: Node) -> Py | None:
    """`new RequestContext()` / 0.x `new RuntimeContext()` (route handlers build one for a
    workflow or agent call); None for any other class."""
    from . import pyast as P
    from .calls import call_args

    ref = t.names.imports.get(name)
    if ref is None or not ref.module.startswith("@mastra/core"):
        return None
    if (ref.imported_name or name) not in _CONTEXT_CLASSES:
        return None
    t.need("from lumosai import RuntimeContext")
    return Py(P.call("RuntimeContext", *call_args(t, args)), JsType.RUNTIME_CONTEXT)
