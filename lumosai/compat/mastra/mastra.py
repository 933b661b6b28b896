"""``Mastra({...})``: the registry of a Mastra-shaped app, backed by a ``LumosApp`` (``.app``),
so compat and native agents, tools and workflows live side by side."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from lumosai.app import LumosApp
from lumosai.compat.mastra.logger import ConsoleLogger, MastraLogger, noopLogger


class MastraError(KeyError):
    """A lookup of an unknown agent, workflow or tool (Mastra throws too)."""

    def __str__(self) -> str:
        return str(self.args[0])


class Mastra:
    """``new Mastra({ agents, workflows, tools, storage, vectors, logger, server, ... })``."""

    def __init__(self, config: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        cfg = {**(config or {}), **kwargs}
        self.config = cfg
        self._storage = cfg.get("storage")
        logger = cfg.get("logger")
        if logger is False:
            logger = noopLogger
        self._logger: MastraLogger = logger or ConsoleLogger({"name": "Mastra", "level": "info"})
        self._vectors: dict[str, Any] = dict(cfg.get("vectors") or {})
        self._mcp_servers: dict[str, Any] = dict(cfg.get("mcpServers") or {})
        self._memory: dict[str, Any] = (
            dict(cfg.get("memory") or {}) if isinstance(cfg.get("memory"), Mapping) else {}
        )
        self.server: dict[str, Any] = dict(cfg.get("server") or {})
        self._id_generator = cfg.get("idGenerator")
        self.app = LumosApp("mastra", storage=self._storage)
        self.app._compat_mastra = self  # type: ignore[attr-defined]
        for key, tool in (cfg.get("tools") or {}).items():
            self.app.add_tool(key, tool)
        for key, agent in (cfg.get("agents") or {}).items():
            self.addAgent(agent, key)
        for key, workflow in (cfg.get("workflows") or {}).items():
            self.addWorkflow(workflow, key)

    # -- registration -----------------------------------------------------------------------
    def addAgent(self, agent: Any, key: str | None = None) -> None:
        key = key or getattr(agent, "id", None) or agent.name
        self.app.add_agent(key, agent)

    def addWorkflow(self, workflow: Any, key: str | None = None) -> None:
        key = key or workflow.id
        self.app.add_workflow(key, workflow)

    def addTool(self, tool: Any, key: str | None = None) -> None:
        self.app.add_tool(key or tool.id, tool)

    # -- lookup -----------------------------------------------------------------------------
    def _get(self, kind: str, registry: dict[str, Any], key: str) -> Any:
        if key not in registry:
            known = ", ".join(sorted(registry)) or "none"
            raise MastraError(f"{kind} with name {key} not found (known: {known})")
        return registry[key]

    def getAgent(self, key: str) -> Any:
        return self._get("Agent", self.app.agents(), key)

    def getAgentById(self, agent_id: str) -> Any:
        for agent in self.app.agents().values():
            if getattr(agent, "id", None) == agent_id:
                return agent
        return self.getAgent(agent_id)

    def listAgents(self) -> dict[str, Any]:
        return self.app.agents()

    getAgents = listAgents

    def getWorkflow(self, key: str) -> Any:
        return self._get("Workflow", self.app.workflows(), key)

    def getWorkflowById(self, workflow_id: str) -> Any:
        for workflow in self.app.workflows().values():
            if getattr(workflow, "id", None) == workflow_id:
                return workflow
        return self.getWorkflow(workflow_id)

    def listWorkflows(self) -> dict[str, Any]:
        return self.app.workflows()

    getWorkflows = listWorkflows

    def getTool(self, key: str) -> Any:
        return self._get("Tool", self.app.tools(), key)

    def getToolById(self, tool_id: str) -> Any:
        for tool in self.app.tools().values():
            if getattr(tool, "id", None) == tool_id:
                return tool
        return self.getTool(tool_id)

    def listTools(self) -> dict[str, Any]:
        return self.app.tools()

    def getVector(self, key: str) -> Any:
        return self._get("Vector", self._vectors, key)

    def listVectors(self) -> dict[str, Any]:
        return dict(self._vectors)

    getVectors = listVectors

    def getMCPServer(self, key: str) -> Any:
        return self._get("MCP server", self._mcp_servers, key)

    def listMCPServers(self) -> dict[str, Any]:
        return dict(self._mcp_servers)

    def getMemory(self, key: str) -> Any:
        return self._get("Memory", self._memory, key)

    def getStorage(self) -> Any:
        return self._storage

    def setStorage(self, storage: Any) -> None:
        self._storage = storage
        self.app.set_storage(storage)

    def getLogger(self) -> MastraLogger:
        return self._logger

    def setLogger(self, options: Mapping[str, Any]) -> None:
        self._logger = options["logger"]

    def generateId(self, context: Any = None) -> str:
        if callable(self._id_generator):
            return str(self._id_generator(context) if context is not None else self._id_generator())
        return str(uuid.uuid4())

    async def shutdown(self) -> None:
        return None

    def __repr__(self) -> str:
        return f"Mastra(agents={list(self.app.agents())}, workflows={list(self.app.workflows())})"
