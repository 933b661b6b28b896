"""Node's `path` module (POSIX flavour) with its exact string results.

`os.path` differs in small ways that change the text a tool returns: Node's `join` normalises
`..` and keeps going past an absolute segment, `basename("a/b/")` is "b", `resolve` drops
trailing slashes. Migrated code calls these instead: `node_path.join(NOTES_DIR, name)`.
"""

from __future__ import annotations

import os

__all__ = ["basename", "dirname", "extname", "join", "normalize", "resolve"]


def _normalize_segments(path: str, allow_above_root: bool) -> str:
    out: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if out and out[-1] != "..":
                out.pop()
            elif allow_above_root:
                out.append("..")
            continue
        out.append(segment)
    return "/".join(out)


def normalize(path: str) -> str:
    """`path.normalize`: collapse `.`, `..` and repeated slashes; keep a trailing slash."""
    if not path:
        return "."
    absolute = path.startswith("/")
    trailing = path.endswith("/")
    body = _normalize_segments(path, not absolute)
    if not body:
        if absolute:
            return "/"
        return "./" if trailing else "."
    if trailing:
        body += "/"
    return "/" + body if absolute else body


def join(*parts: str) -> str:
    """`path.join`: the non-empty parts joined with "/", then normalised."""
    joined = "/".join(p for p in parts if p)
    return normalize(joined) if joined else "."


def resolve(*parts: str) -> str:
    """`path.resolve`: right to left until a part is absolute, then from the working directory."""
    resolved = ""
    absolute = False
    for part in [os.getcwd(), *parts][::-1]:
        if not part:
            continue
        resolved = f"{part}/{resolved}"
        absolute = part.startswith("/")
        if absolute:
            break
    body = _normalize_segments(resolved, not absolute)
    if absolute:
        return "/" + body
    return body or "."


def basename(path: str, suffix: str | None = None) -> str:
    """`path.basename`: the last segment (trailing slashes ignored), minus `suffix` if it ends so."""
    name = path.rstrip("/").rsplit("/", 1)[-1] if path.strip("/") else ""
    if suffix and name.endswith(suffix) and name != suffix:
        name = name[: -len(suffix)]
    return name


def dirname(path: str) -> str:
    """`path.dirname`: everything before the last segment ("/" at the root, "." if none)."""
    if not path:
        return "."
    absolute = path.startswith("/")
    trimmed = path.rstrip("/")
    if not trimmed:
        return "/"
    head = trimmed[: trimmed.rfind("/")] if "/" in trimmed else ""
    if not head:
        return "/" if absolute else "."
    if head == "/":
        return "//"  # Node's special case for `//a`
    return head


def extname(path: str) -> str:
    """`path.extname`: from the last "." of the last segment; "" for dotfiles and no dot."""
    name = basename(path)
    dot = name.rfind(".")
    if dot <= 0 or name == "..":
        return ""
    return name[dot:]
