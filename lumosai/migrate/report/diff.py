"""Unified diffs between file trees, for `--dry-run` and `check --diff`.

Paths are shown `a/<path>` (what is on disk) and `b/<path>` (what the source gives now), like
`git diff`, so the output can be read by people and applied with `patch -p1` / `git apply`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def file_diff(path: str, old: str | None, new: str | None, *, context: int = 3) -> str:
    """The unified diff of one file; `None` means the file does not exist on that side."""
    if old == new:
        return ""
    a = [] if old is None else old.splitlines(keepends=True)
    b = [] if new is None else new.splitlines(keepends=True)
    lines = difflib.unified_diff(
        a,
        b,
        fromfile="/dev/null" if old is None else f"a/{path}",
        tofile="/dev/null" if new is None else f"b/{path}",
        n=context,
    )
    out: list[str] = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:  # the last line of a file without a final newline, as diff(1) marks it
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def tree_diff(changes: Iterable[tuple[str, str | None, str | None]], *, context: int = 3) -> str:
    """Concatenated diffs of `(path, old, new)` triples, in path order."""
    return "".join(
        file_diff(path, old, new, context=context)
        for path, old, new in sorted(changes, key=lambda c: c[0])
    )
