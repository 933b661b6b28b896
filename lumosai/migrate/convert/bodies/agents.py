"""Lumos runtime calls: agents (generate/stream), tools, schemas, and fetch -> httpx."""

from __future__ import annotations

import ast

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .expressions import unwrap
from .jstypes import JsType, Py

_GENERATE_KEYS = {
    "maxSteps": "max_steps",
    "temperature": "temperature",
    "maxTokens": "max_tokens",
    "toolChoice": "tool_choice",
    "threadId": "thread_id",
    "resourceId": "resource_id",
    "output": "output",
    "runtimeContext": "runtime_context",
    "requestContext": "runtime_context",
}
_GENERATE_KEYS.update(
    {
        "instructions": "instructions",
        "context": "context",
        "topP": "top_p",
        "stopSequences": "stop",
        "seed": "seed",
        "abortSignal": "abort_signal",
        "runId": "run_id",
    }
)
_MODEL_SETTINGS = {
    "temperature": "temperature",
    "maxOutputTokens": "max_tokens",
    "maxTokens": "max_tokens",
    "topP": "top_p",
    "seed": "seed",
    "stopSequences": "stop",
}


def _pairs(t: TranslatorBase, obj: Node, what: str) -> list[tuple[str, Node]]:
    """(key, value node) of an object literal; shorthand `{ a }` gives the identifier itself."""
    if obj.type != "object":
        t.fail("LM207", f"{what} given as a computed value, not an object literal", obj)
    out: list[tuple[str, Node]] = []
    for child in obj.named_children:
        if child.type == "pair":
            key = child.child_by_field_name("key")
            value = child.child_by_field_name("value")
            assert key is not None and value is not None
            out.append((t.text(key).strip("'\""), value))
        elif child.type == "shorthand_property_identifier":
            out.append((t.text(child), child))
        elif child.type != "comment":
            t.fail("LM204", f"`{t.text(child)}` in {what}", child)
    return out


def _schema_value(t: TranslatorBase, node: Node) -> ast.expr:
    """An output schema: a pydantic class, or an inline zod schema as its JSON schema (dict)."""
    value = t.expr(node)
    if value.role_object == "zod":
        return P.method(value.node, "to_json_schema")
    return value.node


def generate_options(t: TranslatorBase, options: Node) -> dict[str, ast.expr]:
    kw: dict[str, ast.expr] = {}
    for key, value in _pairs(t, unwrap(options), "agent options"):
        if key in _GENERATE_KEYS:
            kw[_GENERATE_KEYS[key]] = (
                _schema_value(t, value) if key == "output" else t.expr(value).node
            )
        elif key == "structuredOutput":
            for sub_key, sub_value in _pairs(t, unwrap(value), "structuredOutput"):
                if sub_key in ("errorStrategy", "fallbackValue"):  # generate_with_strategy
                    key_py = "error_strategy" if sub_key == "errorStrategy" else "fallback_value"
                    kw[key_py] = t.expr(sub_value).node
                    continue
                if sub_key != "schema":
                    t.fail("LM204", f"structuredOutput option `{sub_key}`", sub_value)
                kw["output"] = _schema_value(t, sub_value)
        elif key == "modelSettings":
            for sub_key, sub_value in _pairs(t, unwrap(value), "modelSettings"):
                if sub_key not in _MODEL_SETTINGS:
                    t.fail("LM204", f"model setting `{sub_key}`", sub_value)
                kw[_MODEL_SETTINGS[sub_key]] = t.expr(sub_value).node
        elif key == "memory":
            for sub_key, sub_value in _pairs(t, unwrap(value), "memory options"):
                if sub_key == "resource":
                    kw["resource_id"] = t.expr(sub_value).node
                elif sub_key == "thread":
                    thread = unwrap(sub_value)
                    if thread.type == "object":
                        ids = dict(_pairs(t, thread, "memory.thread"))
                        if set(ids) != {"id"}:
                            t.fail("LM204", "memory.thread with options besides id", thread)
                        kw["thread_id"] = t.expr(ids["id"]).node
                    else:
                        kw["thread_id"] = t.expr(thread).node
                else:
                    t.fail("LM204", f"memory option `{sub_key}`", sub_value)
        else:
            t.fail("LM204", f"agent call option `{key}`", value)
    return kw


def agent_call(t: TranslatorBase, agent: Py, method: str, args: list[Node], node: Node) -> Py:
    if method in (
        "generate",
        "generateLegacy",
        "generateVNext",
        "stream",
        "streamLegacy",
        "streamVNext",
    ):
        if not args or len(args) > 2:
            t.fail("LM204", f"`agent.{method}` with {len(args)} arguments", node)
        prompt = t.expr(args[0]).node
        kw = generate_options(t, args[1]) if len(args) == 2 else {}
        if method.startswith("generate"):
            # with an output schema, Lumos returns a model instance; Mastra's object is plain data
            output = kw.get("output")
            inline = (
                isinstance(output, ast.Call)
                and isinstance(output.func, ast.Attribute)
                and (output.func.attr == "to_json_schema")
            )
            structured = "structured" if output is not None and not inline else None
            if "error_strategy" in kw or "fallback_value" in kw:
                # Mastra's errorStrategy / fallbackValue (lumosai.workflow.structured)
                t.need("from lumosai.workflow.structured import generate_with_strategy")
                return Py(
                    P.call("generate_with_strategy", agent.node, prompt, **kw),
                    JsType.RESULT,
                    role_object=structured,
                    awaitable=True,
                )
            return Py(
                P.method(agent.node, "generate", prompt, **kw),
                JsType.RESULT,
                role_object=structured,
                awaitable=True,
            )
        return Py(P.method(agent.node, "stream", prompt, **kw), JsType.STREAM)
    t.fail("LM204", f"`agent.{method}(...)`", node)


def tool_call(t: TranslatorBase, tool: Py, method: str, args: list[Node], node: Node) -> Py:
    if method != "execute" or not args:
        t.fail("LM204", f"`tool.{method}(...)`", node)
    first = unwrap(args[0])
    input_node: Node = args[0]
    if first.type == "object":
        pairs = dict(_pairs(t, first, "tool arguments"))
        if "context" in pairs and set(pairs) <= {
            "context",
            "runtimeContext",
            "mastra",
            "requestContext",
        }:
            input_node = pairs["context"]  # 0.x shape: { context: input, runtimeContext }
    return Py(P.method(tool.node, "execute", t.expr(input_node).node), awaitable=True)


def schema_call(t: TranslatorBase, schema: Py, method: str, args: list[Node], node: Node) -> Py:
    if method == "parse" and len(args) == 1:
        value = t.expr(args[0]).node
        return Py(
            P.method(P.method(schema.node, "model_validate", value), "model_dump"), JsType.DICT
        )
    t.fail("LM204", f"`schema.{method}(...)`", node)


def fetch_call(t: TranslatorBase, args: list[Node], node: Node) -> Py:
    """`await fetch(url, { method, headers, body })` -> an `async with httpx.AsyncClient()` block."""
    from .calls import awaited_parent

    if not awaited_parent(node, t):
        t.fail("LM202", "`fetch(...)` that is not awaited directly", node)
    if not args or len(args) > 2:
        t.fail("LM204", f"`fetch` with {len(args)} arguments", node)
    t.need("import httpx")
    url = t.expr(args[0]).node
    method = "GET"
    kw: dict[str, ast.expr] = {}
    if len(args) == 2:
        for key, value in _pairs(t, unwrap(args[1]), "fetch options"):
            if key == "method":
                if unwrap(value).type != "string":
                    t.fail("LM207", "fetch method given as a computed value", value)
                method = t.text(unwrap(value))[1:-1].upper()
            elif key == "headers":
                kw["headers"] = t.expr(value).node
            elif key == "body":
                kw["content"] = t.expr(value).node
            elif key == "signal":
                t.warn("fetch `signal` dropped: httpx requests are cancelled with the task", value)
            else:
                t.fail("LM204", f"fetch option `{key}`", value)
    target = t.fetch_target or t.fresh("response")
    t.fetch_target = None
    client = t.fresh("client")
    if method in ("GET", "POST", "PUT", "PATCH", "DELETE") and not (
        method in ("GET", "DELETE") and "content" in kw
    ):
        request = P.method(P.name(client), method.lower(), url, **kw)
    else:
        request = P.method(P.name(client), "request", P.const(method), url, **kw)
    t.scope.awaits = True
    assign = P.assign(P.store(target), ast.Await(value=request))
    assign.lumos_value_optional = True  # type: ignore[attr-defined]
    block = ast.AsyncWith(
        items=[
            ast.withitem(
                context_expr=P.call("httpx.AsyncClient", timeout=P.const(30.0)),
                optional_vars=P.store(client),
            )
        ],
        body=[assign],
        lineno=0,
    )
    t.hoist(block, node)
    return Py(P.name(target), JsType.RESPONSE, role_object="awaited", pure=True)
