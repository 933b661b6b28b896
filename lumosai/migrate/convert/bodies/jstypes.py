"""The little the translator knows about a value's type, and the Python expression carrying it."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from enum import Enum, IntEnum


class JsType(Enum):
    """Enough typing to pick a translation (string vs array methods, attribute vs key access)."""

    UNKNOWN = "unknown"
    STR = "string"
    NUM = "number"
    BOOL = "boolean"
    NULL = "null"
    LIST = "array"
    DICT = "object"
    FUNC = "function"
    REGEX = "regex"
    DATE = "date"
    ERROR = "error"
    MAP = "map"
    SET = "set"
    AGENT = "agent"  # a Lumos Agent
    RESULT = "result"  # the result of agent.generate
    STREAM = "stream"  # the result of agent.stream
    RESPONSE = "response"  # an httpx.Response from fetch
    HEADERS = "headers"
    TOOL = "tool"
    SCHEMA = "schema"  # a pydantic class standing for a zod schema
    ENV = "env"  # os.environ
    RUNTIME_CONTEXT = "runtime_context"
    ROLE = "role"  # a parameter object of the role (context, ctx, args of tool_v0, ...)
    USAGE = "usage"
    PROMISE = "promise"  # an un-awaited coroutine
    URL = "url"  # an httpx.URL standing for a WHATWG URL
    PARAMS = "params"  # URLSearchParams, kept as a dict until it becomes a query string
    INSTANCE = "instance"  # an object of a translated project class (instances.py)
    # RAG values (see rag_calls.py)
    DOCUMENT = "document"  # a lumosai.rag.MDocument
    VECTOR_STORE = "vector store"  # a lumosai.vector.VectorStore
    EMBEDDING = "embed() result"  # the AI SDK's `{ embedding }`: the vector itself in Python
    EMBEDDINGS = "embedMany() result"  # `{ embeddings }`: the list of vectors in Python
    MCP_CLIENT = "MCP client"  # a lumosai.mcp.MCPClient (see mcp_calls.py)


class Undef(IntEnum):
    """Whether a `None` the expression gives stands for JavaScript's `undefined` (a missing
    key, a short-circuited `?.`), so the places where undefined and null differ can read it
    as undefined (see undefined.py)."""

    NO = 0
    #: the TypeScript types say it is there but nothing checked it at runtime (a field of a
    #: 0.x step's input, a record looked up by a computed key): told apart only in object
    #: literals that leave the function, where undefined is a dropped property
    UNCHECKED = 1
    #: untyped JSON, an optional input field, `?.`, an unset env variable: undefined is
    #: expected (also printed as `undefined` and compared as NaN)
    YES = 2


@dataclass
class Py:
    """A translated expression with what we know about its type."""

    node: ast.expr
    type: JsType = JsType.UNKNOWN
    # For ROLE values: which role object this is ("tool_context", "step_ctx", ...).
    role_object: str | None = None
    pure: bool = False  # safe to evaluate twice (names, constant keys)
    awaitable: bool = False  # a coroutine: JS `await` on it becomes Python `await`
    undefined: Undef = Undef.NO  # may be JS undefined when None (set by the reads that know)
