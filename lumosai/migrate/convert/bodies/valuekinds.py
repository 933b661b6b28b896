"""What the converter tells the translator about a module constant or a helper's result
(`HelperRef.value_type`), read from the TypeScript: the node kind of a constant's initializer
and the declared return type of a helper function."""

from __future__ import annotations

import re

_ARRAY_RETURN = re.compile(
    r"(?:Promise<)?(?:readonly\s+)?(?:[\w.]+(?:<[^<>]*>)?\[\]|Array<.+>|ReadonlyArray<.+>)>?"
)
_SCALAR_RETURN = {"string": "string", "number": "number", "boolean": "boolean"}


def constant_kind(node_type: str, source: str) -> str | None:
    """The kind of a constant: "object", "array", "regex_g" (a /.../g literal: matchAll and
    replace-all need the flag), "regex", or None."""
    if node_type in ("object", "enum_declaration"):
        return "object"
    if node_type == "array":
        return "array"
    if node_type == "regex":
        flags = source.rsplit("/", 1)[-1] if source.startswith("/") else ""
        return "regex_g" if "g" in flags else "regex"
    return None


def return_kind(return_type: str | None) -> str | None:
    """The kind of a helper's result: "array", "string", "number", "boolean" for a declared
    return type (also inside `Promise<...>`); None when it says nothing the translator can use."""
    if not return_type:
        return None
    text = " ".join(return_type.split())
    inner = (
        text[len("Promise<") : -1] if text.startswith("Promise<") and text.endswith(">") else text
    )
    if inner in _SCALAR_RETURN:
        return _SCALAR_RETURN[inner]
    if "|" not in inner and _ARRAY_RETURN.fullmatch(inner):
        return "array"
    return None


def helper_kind(source: str, return_type: str | None) -> str | None:
    """`return_kind` for a function; "error_class:status,code" (the fields it sets) for a
    project error class, which the translator calls, tests with isinstance and reads fields of."""
    stripped = source.lstrip()
    if stripped.startswith(("class ", "export class ")):
        from .classes import error_class_fields
        from .instances import class_info

        plain = class_info(source)
        if plain is not None:
            return plain.encode("class")
        fields = error_class_fields(source)
        return None if fields is None else "error_class:" + ",".join(fields)
    return return_kind(return_type)


def instance_kind(node_type: str, source: str, classes: dict[str, str]) -> str | None:
    """ "instance:{...}" for `new TokenBucket(...)` when `TokenBucket` is a plain class of the
    module (`classes`: name -> source), so functions reading the constant know its members."""
    if node_type != "new_expression":
        return None
    match = re.match(r"new\s+([A-Za-z_$][\w$]*)", source)
    kind = (
        helper_kind(classes[match.group(1)], None) if match and match.group(1) in classes else None
    )
    if kind is None or not kind.startswith("class:"):
        return None
    return "instance:" + kind[len("class:") :]
