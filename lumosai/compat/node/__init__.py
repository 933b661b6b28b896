"""Mixed mode: run TypeScript pieces of a Mastra app from Python through a persistent Node worker.

See ``docs/mixed-mode.md``. Node comes from :func:`find_node`; npm packages needed by tests and
tools are cached by :func:`ensure_npm_packages`.
"""

from lumosai.compat.node.errors import (
    BridgeTimeoutError,
    NodeBridgeError,
    NodeNotFoundError,
    NodeTooOldError,
    NpmInstallError,
    ProtocolError,
    TypeScriptError,
    WorkerCrashedError,
)
from lumosai.compat.node.locate import MIN_NODE_VERSION, find_node, node_version, npm_command
from lumosai.compat.node.npm import cache_root, ensure_npm_packages, package_dir

__all__ = [
    "MIN_NODE_VERSION",
    "BridgeTimeoutError",
    "NodeBridgeError",
    "NodeNotFoundError",
    "NodeTooOldError",
    "NpmInstallError",
    "ProtocolError",
    "TypeScriptError",
    "WorkerCrashedError",
    "cache_root",
    "ensure_npm_packages",
    "find_node",
    "node_version",
    "npm_command",
    "package_dir",
]
