"""The table of Mastra API names the reader recognises: (package, exported name) -> kind.

Adding a construct is adding a row here and a builder, not editing a chain of `if`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """What a recognised call or `new` creates: an IR kind and a sub-kind."""

    kind: str
    sub: str = ""


_EXACT: dict[str, Kind] = {
    "Mastra": Kind("mastra"),
    "Agent": Kind("agent"),
    "createTool": Kind("tool", "createTool"),
    "createVectorQueryTool": Kind("tool", "rag"),
    "createGraphRAGTool": Kind("tool", "rag"),
    "createDocumentChunkerTool": Kind("tool", "rag"),
    "createStep": Kind("step"),
    "Step": Kind("step", "legacy"),
    "LegacyStep": Kind("step", "legacy"),
    "createWorkflow": Kind("workflow"),
    "Workflow": Kind("legacy_workflow"),
    "LegacyWorkflow": Kind("legacy_workflow"),
    "Memory": Kind("memory"),
    "MCPClient": Kind("mcp_client"),
    "MCPConfiguration": Kind("mcp_client"),
    "MastraMCPClient": Kind("mcp_client"),
    "MCPServer": Kind("mcp_server"),
    "MDocument": Kind("rag", "document"),
    "MDocument.fromText": Kind("rag", "document.fromText"),
    "MDocument.fromHTML": Kind("rag", "document.fromHTML"),
    "MDocument.fromMarkdown": Kind("rag", "document.fromMarkdown"),
    "MDocument.fromJSON": Kind("rag", "document.fromJSON"),
    "embed": Kind("rag", "embed"),
    "embedMany": Kind("rag", "embedMany"),
    "rerank": Kind("rag", "rerank"),
    "rerankWithScorer": Kind("rag", "rerankWithScorer"),
    "createScorer": Kind("scorer", "custom"),
    "PinoLogger": Kind("logger"),
    "ConsoleLogger": Kind("logger"),
    "createLogger": Kind("logger"),
    "Observability": Kind("observability"),
    "RuntimeContext": Kind("request_context"),
    "RequestContext": Kind("request_context"),
    "registerApiRoute": Kind("api_route"),
    "AgentNetwork": Kind("network"),
    "NewAgentNetwork": Kind("network"),
    "CompositeVoice": Kind("voice"),
    "DefaultVectorDB": Kind("vector"),
}

#: Base classes users extend (`class MyStore extends MastraStorage`).
_BASE_CLASSES: dict[str, Kind] = {
    "MastraStorage": Kind("storage"),
    "MastraVector": Kind("vector"),
    "MastraVoice": Kind("voice"),
    "MastraBase": Kind("other"),
}

_PREBUILT_SCORER = re.compile(r"^create[A-Z]\w*Scorer\w*$")
_METRIC = re.compile(r"^[A-Z]\w*Metric$")
_STORE = re.compile(r"^[A-Z]\w*(Store|Storage)$")
_VECTOR = re.compile(r"^[A-Z]\w*(Vector|VectorStore|Vectors)$")
_PROCESSOR = re.compile(r"^[A-Z]\w*(Processor|Detector|Filter|Limiter|Normalizer|Scrubber)$")
_VOICE = re.compile(r"^[A-Z]\w*Voice$")

#: Kinds that count in the pinned inventory (others go to `Project.others`).
INVENTORY = frozenset(
    {
        "mastra",
        "agent",
        "tool",
        "workflow",
        "step",
        "legacy_workflow",
        "memory",
        "storage",
        "vector",
        "mcp_client",
        "mcp_server",
        "rag",
        "scorer",
    }
)


def is_mastra_package(module: str) -> bool:
    return module.startswith("@mastra/") or module == "mastra"


def classify(module: str, name: str) -> Kind | None:
    """Kind for `name` imported from package `module`, or None if it is not Mastra API."""
    if module == "ai" or module.startswith("ai/"):
        if name == "tool":  # AI SDK tools are accepted in an agent's `tools` map
            return Kind("tool", "aisdk")
        return _EXACT.get(name) if name in ("embed", "embedMany") else None
    if not is_mastra_package(module):
        return None
    hit = _EXACT.get(name)
    if hit is not None:
        if name == "Workflow" and not module.startswith("@mastra/core"):
            return None
        return hit
    if name == "Metric" and module.startswith(("@mastra/core/eval", "@mastra/evals")):
        return Kind("scorer", "legacy_metric")
    if name in _BASE_CLASSES:
        return _BASE_CLASSES[name]
    if module.startswith("@mastra/evals") or module.startswith("@mastra/core/scor"):
        if _PREBUILT_SCORER.match(name):
            return Kind("scorer", "prebuilt")
        if _METRIC.match(name):
            return Kind("scorer", "legacy_metric")
    if "processors" in module or (_PROCESSOR.match(name) and module.startswith("@mastra/core")):
        return Kind("processor")
    if module.startswith(("@mastra/voice-", "@mastra/speech-")) or _VOICE.match(name):
        return Kind("voice")
    if module.startswith("@mastra/loggers") and name.endswith("Logger"):
        return Kind("logger")
    if _VECTOR.match(name):
        return Kind("vector")
    if _STORE.match(name):
        return Kind("storage")
    return None


#: Names a Mastra `execute` / dynamic function receives in its context, both eras.
MASTRA_CONTEXT_KEYS = frozenset(
    {
        "context",
        "runtimeContext",
        "requestContext",
        "mastra",
        "inputData",
        "resumeData",
        "suspendData",
        "suspend",
        "getStepResult",
        "getInitData",
        "state",
        "setState",
        "bail",
        "abort",
        "abortSignal",
        "runId",
        "workflowId",
        "resourceId",
        "threadId",
        "writer",
        "tracingContext",
        "retryCount",
        "runCount",
        "agent",
        "workflow",
        "mcp",
        "iterationCount",
        "emitter",
        "logger",
        "engine",
        "toolCallId",
        "messages",
        "elicitation",
        "extra",
    }
)

#: JavaScript / Node globals (free names that need no import).
JS_GLOBALS = frozenset(
    {
        "undefined",
        "NaN",
        "Infinity",
        "globalThis",
        "console",
        "process",
        "Math",
        "JSON",
        "Date",
        "Object",
        "Array",
        "String",
        "Number",
        "Boolean",
        "BigInt",
        "Symbol",
        "Promise",
        "Error",
        "TypeError",
        "RangeError",
        "SyntaxError",
        "RegExp",
        "Map",
        "Set",
        "WeakMap",
        "WeakSet",
        "fetch",
        "Request",
        "Response",
        "Headers",
        "URL",
        "URLSearchParams",
        "AbortController",
        "AbortSignal",
        "setTimeout",
        "clearTimeout",
        "setInterval",
        "clearInterval",
        "setImmediate",
        "queueMicrotask",
        "structuredClone",
        "encodeURIComponent",
        "decodeURIComponent",
        "encodeURI",
        "decodeURI",
        "parseInt",
        "parseFloat",
        "isNaN",
        "isFinite",
        "Buffer",
        "TextEncoder",
        "TextDecoder",
        "crypto",
        "performance",
        "ReadableStream",
        "WritableStream",
        "TransformStream",
        "Blob",
        "FormData",
        "atob",
        "btoa",
        "require",
        "module",
        "exports",
        "__dirname",
        "__filename",
        "Intl",
        "Reflect",
        "Proxy",
        "ArrayBuffer",
        "Uint8Array",
        "DataView",
        "arguments",
    }
)
