"""Python names for JavaScript identifiers: snake_case, keyword-safe, never shadowing what we emit."""

from __future__ import annotations

import keyword
import re

# Builtins the translator itself emits; a JS variable with one of these names gets a suffix.
RESERVED = frozenset(
    {
        "len",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "set",
        "tuple",
        "isinstance",
        "callable",
        "sorted",
        "reversed",
        "min",
        "max",
        "sum",
        "any",
        "all",
        "abs",
        "round",
        "enumerate",
        "range",
        "zip",
        "map",
        "filter",
        "next",
        "iter",
        "print",
        "type",
        "object",
        "json",
        "re",
        "os",
        "math",
        "time",
        "asyncio",
        "httpx",
        "logging",
        "logger",
        "random",
        "functools",
        "urllib",
        "datetime",
        "timezone",
        "UTC",
        "Any",
        "ctx",
        "context",
        "input_data",
        "Exception",
        "RuntimeError",
        "ValueError",
        "TypeError",
        "KeyError",
        "None",
        "True",
        "False",
        "self",
        "id",
        "format",
        "hash",
        "vars",
        "super",
        "open",
    }
)

_CAMEL_1 = re.compile(r"(.)([A-Z][a-z]+)")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")


def snake_case(name: str) -> str:
    """`userName` -> `user_name`, `HTTPClient` -> `http_client`, `MAX_SIZE` stays."""
    if name.isupper() or ("_" in name.strip("_") and name.upper() == name):
        return name
    name = name.replace("$", "_")
    out = _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", name)).lower()
    return out


def safe_identifier(name: str) -> str:
    """A Python identifier for a JS binding name, avoiding keywords and emitted builtins."""
    py = snake_case(name)
    ambiguous = py in ("l", "O", "I")  # E741: easily confused with 1 and 0
    if keyword.iskeyword(py) or keyword.issoftkeyword(py) or py in RESERVED or ambiguous:
        py = py + "_"
    if not py.isidentifier():
        py = "_" + re.sub(r"\W", "_", py)
    return py
