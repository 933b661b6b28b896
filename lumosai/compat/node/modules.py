"""Where a TypeScript module lives, and which bridge serves an app."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.errors import NodeBridgeError

_SUFFIXES = (".ts", ".mts", ".tsx", ".js", ".mjs", ".cjs")
_bridges: dict[Path, NodeBridge] = {}
_bridges_lock = threading.Lock()


def resolve_module(project_root: str | os.PathLike[str], module: str | os.PathLike[str]) -> str:
    """The absolute path of ``module`` (relative to ``project_root``; the extension may be left
    out, as TypeScript imports do)."""
    root = Path(project_root).resolve()
    path = Path(module)
    if not path.is_absolute():
        path = root / path
    candidates = [path]
    if not path.suffix or path.suffix not in _SUFFIXES:
        candidates += [path.with_name(path.name + suffix) for suffix in _SUFFIXES]
        candidates += [path / f"index{suffix}" for suffix in _SUFFIXES]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate.resolve())
    raise NodeBridgeError(
        f"TypeScript module {str(module)!r} not found (looked for {path} under project root "
        f"{root}); pass a path relative to the Mastra app's root"
    )


def shared_bridge(project_root: str | os.PathLike[str]) -> NodeBridge:
    """The one worker per app: every proxy for the same project root shares it.

    ``LUMOS_TS_PROJECT`` overrides the root the converter wrote (``lumos-migrate verify``
    points it at a copy of the Mastra app whose ``node_modules`` it installed)."""
    root = Path(os.environ.get("LUMOS_TS_PROJECT") or project_root).resolve()
    with _bridges_lock:
        bridge = _bridges.get(root)
        if bridge is None or bridge.closed:
            bridge = _bridges[root] = NodeBridge(root)
        return bridge
