"""Mixed mode: run TypeScript pieces of a Mastra app from Python through a persistent Node worker.

See ``docs/mixed-mode.md``. Node comes from :func:`find_node`; npm packages needed by tests and
tools are cached by :func:`ensure_npm_packages`.
"""

from lumosai.compat.node.agent import TypeScriptAgent, TypeScriptAgentStream, ts_agent
from lumosai.compat.node.bridge import NodeBridge
from lumosai.compat.node.constants import read_package_exports, ts_value
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
from lumosai.compat.node.function import TypeScriptFunction, ts_function
from lumosai.compat.node.jsobject import JsObject
from lumosai.compat.node.locate import MIN_NODE_VERSION, find_node, node_version, npm_command
from lumosai.compat.node.metric import TypeScriptMetric, ts_metric
from lumosai.compat.node.modules import shared_bridge
from lumosai.compat.node.npm import (
    cache_root,
    ensure_npm_packages,
    link_app_dependencies,
    package_dir,
)
from lumosai.compat.node.step import TypeScriptStep, ts_step
from lumosai.compat.node.stream import TypeScriptStream
from lumosai.compat.node.tool import TypeScriptTool, ts_tool
from lumosai.compat.node.workflow import TypeScriptWorkflow, ts_workflow

__all__ = [
    "MIN_NODE_VERSION",
    "BridgeTimeoutError",
    "JsObject",
    "NodeBridge",
    "NodeBridgeError",
    "NodeNotFoundError",
    "NodeTooOldError",
    "NpmInstallError",
    "ProtocolError",
    "TypeScriptAgent",
    "TypeScriptAgentStream",
    "TypeScriptError",
    "TypeScriptFunction",
    "TypeScriptMetric",
    "TypeScriptStep",
    "TypeScriptStream",
    "TypeScriptTool",
    "TypeScriptWorkflow",
    "WorkerCrashedError",
    "cache_root",
    "ensure_npm_packages",
    "find_node",
    "link_app_dependencies",
    "node_version",
    "npm_command",
    "package_dir",
    "read_package_exports",
    "shared_bridge",
    "ts_agent",
    "ts_function",
    "ts_metric",
    "ts_step",
    "ts_tool",
    "ts_value",
    "ts_workflow",
]
