"""Find the Python (or YAML) that replaced a construct, from its `output` location.

The converter records where each construct went: `pkg/tools/weather.py:weather_tool` (a
top-level name in a module) or `lumosai.yaml#agents.weatherAgent` (a key path in the config).
Here we cut the matching lines out of the generated text, so the report can put them beside
the TypeScript they came from.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

MAX_SNIPPET_LINES = 400


@dataclass(frozen=True)
class Snippet:
    """Lines `start..end` (1-based, inclusive) of an output file; several ranges for code."""

    path: str
    ranges: tuple[tuple[int, int], ...]
    language: str  # "python" | "yaml"


def locate(output: str, files: dict[str, str]) -> Snippet | None:
    """The snippet for an output location, or None when it names no text we generated."""
    if not output:
        return None
    if "#" in output:
        path, _, key_path = output.partition("#")
        text = files.get(path)
        if text is None:
            return None
        found = yaml_block(text, key_path.split(".")) if key_path else None
        return Snippet(path, (found,), "yaml") if found else None
    path, _, symbol = output.partition(":")
    text = files.get(path)
    if text is None or not path.endswith(".py"):
        return None
    if not symbol:
        return Snippet(path, ((1, min(text.count("\n") + 1, MAX_SNIPPET_LINES)),), "python")
    ranges = python_ranges(text, symbol)
    return Snippet(path, ranges, "python") if ranges else None


@lru_cache(maxsize=256)
def _top_level(text: str) -> dict[str, tuple[int, int, frozenset[str]]]:
    """name -> (first line incl. decorators, last line, names it uses) for top-level defs."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return {}
    table: dict[str, tuple[int, int, frozenset[str]]] = {}
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [node.name]
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        elif isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            start = node.lineno
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names = [node.target.id]
            start = node.lineno
        else:
            continue
        used = frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
        for name in names:
            table[name] = (start, node.end_lineno or node.lineno, used)
    return table


def python_ranges(text: str, symbol: str) -> tuple[tuple[int, int], ...]:
    """The definition of `symbol` plus the module's own definitions it uses directly."""
    table = _top_level(text)
    if symbol not in table:
        return ()
    start, end, used = table[symbol]
    ranges = {(start, end)}
    for name in sorted(used):
        if name != symbol and name in table:
            s, e, _ = table[name]
            ranges.add((s, e))
    out: list[tuple[int, int]] = []
    total = 0
    for s, e in sorted(ranges):
        if out and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], e))
            continue
        out.append((s, e))
    clipped: list[tuple[int, int]] = []
    for s, e in out:
        room = MAX_SNIPPET_LINES - total
        if room <= 0:
            break
        e = min(e, s + room - 1)
        clipped.append((s, e))
        total += e - s + 1
    return tuple(clipped)


_KEY_RE = re.compile(r"^(?P<indent>\s*)(?P<q>['\"]?)(?P<key>[^'\":#][^:#]*?)(?P=q)\s*:(?:\s|$)")


def yaml_block(text: str, keys: list[str]) -> tuple[int, int] | None:
    """Lines of the block under a key path (`agents`, `weatherAgent`, `memory`)."""
    lines = text.splitlines()
    lo, hi, parent_indent = 0, len(lines), -1
    found: tuple[int, int] | None = None
    for key in keys:
        found = None
        child = _child_indent(lines, lo, hi)
        for i in range(lo, hi):
            match = _KEY_RE.match(lines[i])
            if not match or match.group("key").strip() != key:
                continue
            indent = len(match.group("indent"))
            if indent <= parent_indent or indent != child:
                continue
            end = i
            for j in range(i + 1, hi):
                line = lines[j]
                if not line.strip():
                    continue
                lead = len(line) - len(line.lstrip())
                if lead < indent or (lead == indent and not line.lstrip().startswith("- ")):
                    break
                end = j
            found = (i + 1, min(end + 1, i + MAX_SNIPPET_LINES))
            lo, hi, parent_indent = i + 1, end + 1, indent
            break
        if found is None:
            return None
    return found


def _child_indent(lines: list[str], lo: int, hi: int) -> int:
    for line in lines[lo:hi]:
        stripped = line.lstrip()
        if stripped and not stripped.startswith("#"):
            return len(line) - len(stripped)
    return 0
