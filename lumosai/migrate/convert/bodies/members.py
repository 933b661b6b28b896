"""Property tables for values that are Python objects, not dicts (agent results, responses, ...)."""

from __future__ import annotations

import ast
from collections.abc import Callable

from tree_sitter import Node

from . import pyast as P
from .base import TranslatorBase
from .jstypes import JsType, Py

PropertyRule = Callable[[TranslatorBase, Py, Node], Py]


def _attr(name: str, kind: JsType = JsType.UNKNOWN) -> PropertyRule:
    def rule(t: TranslatorBase, obj: Py, node: Node) -> Py:
        return Py(P.attr(obj.node, name), kind, pure=obj.pure)

    return rule


def _same(kind: JsType) -> PropertyRule:
    def rule(t: TranslatorBase, obj: Py, node: Node) -> Py:
        return Py(obj.node, kind, pure=obj.pure)

    return rule


def _str_of(name: str) -> PropertyRule:
    def rule(t: TranslatorBase, obj: Py, node: Node) -> Py:
        return Py(P.call("str", P.attr(obj.node, name)), JsType.STR)

    return rule


def _text_stream(t: TranslatorBase, obj: Py, node: Node) -> Py:
    return Py(P.attr(obj.node, "text_stream"), JsType.STREAM, role_object="text", pure=obj.pure)


def _stream_text(t: TranslatorBase, obj: Py, node: Node) -> Py:
    return Py(P.attr(obj.node, "text"), JsType.STR, awaitable=True)


def _result_object(obj: Py) -> Py:
    """`result.object`: plain data, as in Mastra (`model_dump()` of the validated model)."""
    value = P.attr(obj.node, "object")
    if obj.role_object == "structured":
        return Py(P.method(value, "model_dump"), JsType.DICT)
    return Py(value, JsType.UNKNOWN)


def _error_message(t: TranslatorBase, obj: Py, node: Node) -> Py:
    return Py(P.call("str", obj.node), JsType.STR)


def _error_name(t: TranslatorBase, obj: Py, node: Node) -> Py:
    return Py(
        P.parse_expr(f"type({obj.node.id}).__name__")
        if hasattr(obj.node, "id")
        else P.attr(P.call("type", obj.node), "__name__"),
        JsType.STR,
    )


TYPE_PROPERTIES: dict[JsType, dict[str, PropertyRule]] = {
    JsType.RESULT: {
        "text": _attr("text", JsType.STR),
        "object": lambda t, o, n: _result_object(o),
        "toolCalls": _attr("tool_calls", JsType.LIST),
        "toolResults": _attr("tool_results", JsType.LIST),
        "usage": _attr("usage", JsType.USAGE),
        "totalUsage": _attr("usage", JsType.USAGE),
        "finishReason": _attr("finish_reason", JsType.STR),
        "steps": _attr("steps", JsType.LIST),
    },
    JsType.USAGE: {
        "promptTokens": _attr("prompt_tokens", JsType.NUM),
        "completionTokens": _attr("completion_tokens", JsType.NUM),
        "inputTokens": _attr("input_tokens", JsType.NUM),
        "outputTokens": _attr("output_tokens", JsType.NUM),
        "totalTokens": _attr("total_tokens", JsType.NUM),
    },
    JsType.RESPONSE: {
        "ok": _attr("is_success", JsType.BOOL),
        "status": _attr("status_code", JsType.NUM),
        "statusText": _attr("reason_phrase", JsType.STR),
        "headers": _attr("headers", JsType.HEADERS),
        "url": _str_of("url"),
    },
    JsType.STREAM: {"textStream": _text_stream, "text": _stream_text},
    JsType.ERROR: {"message": _error_message, "name": _error_name},
    JsType.AGENT: {},
    JsType.TOOL: {},
    JsType.SCHEMA: {},
    JsType.RUNTIME_CONTEXT: {},
    JsType.HEADERS: {},
    JsType.DATE: {},
    JsType.MAP: {"size": lambda t, o, n: Py(P.call("len", o.node), JsType.NUM)},
    JsType.SET: {"size": lambda t, o, n: Py(P.call("len", o.node), JsType.NUM)},
    JsType.ENV: {},
    JsType.URL: {
        "hostname": _attr("host", JsType.STR),
        "pathname": _attr("path", JsType.STR),
        "href": lambda t, o, n: Py(P.call("str", o.node), JsType.STR),
        "protocol": lambda t, o, n: Py(
            P.parse_expr(f"{ast.unparse(o.node)}.scheme + ':'"), JsType.STR
        ),
    },
}

from .rag_calls import RAG_PROPERTIES  # noqa: E402 - RAG values (documents, stores, embed results)

TYPE_PROPERTIES.update(RAG_PROPERTIES)
