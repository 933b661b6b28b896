"""``LumosApp`` / ``lumos(...)``: the registry of an app's agents, tools and workflows
(Mastra's ``new Mastra({...})``), built in code or from ``lumosai.yaml``.

Registered agents and workflows get a back-reference to the app, so a tool sees
``context.app`` and a workflow step ``ctx.get_agent(key)``. ``from_config`` and ``auto_load``
are synchronous and return the app; the app is also awaitable (``await
LumosApp.from_config(path)``, the Rust-shaped form) and then yields itself.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Generator, Iterable, Mapping
from pathlib import Path
from typing import Any

from lumosai.config import (
    CONFIG_FILE_NAMES,
    ConfigError,
    LumosConfig,
    McpServerConfig,
    SourceMap,
    ToolConfig,
    VoiceConfig,
    find_config,
    import_handler,
    load_config,
)
from lumosai.memory.storage import Storage

BUILTIN_TOOL_NAMES = ("web_search", "calculator", "file_manager", "code_executor")
"""Rust's built-in tool names; used when ``lumosai.tools`` provides them."""


class UnknownComponentError(KeyError):
    """``app.agent(key)`` (or tool/workflow) for a key that is not registered."""

    def __str__(self) -> str:
        return str(self.args[0])


def _as_tool(key: str, value: Any) -> Any:
    from lumosai.tool import Tool, tool

    if isinstance(value, Tool):
        return value
    if callable(value):
        return tool(value)
    raise TypeError(
        f"tool {key!r}: expected a lumosai Tool or a function, got {type(value).__name__}"
    )


def _bind(component: Any, app: LumosApp) -> None:
    """Give ``component`` its app: ``bind_app`` (agents), ``attach`` (workflows), or ``.app``."""
    for method in ("bind_app", "attach"):
        bind = getattr(component, method, None)
        if callable(bind):
            bind(app)
            return
    # a frozen or slotted object cannot see the app; nothing else breaks
    with contextlib.suppress(AttributeError, TypeError):
        component.app = app


def _keyed(kind: str, values: Mapping[str, Any] | Iterable[Any] | None) -> dict[str, Any]:
    if values is None:
        return {}
    if isinstance(values, Mapping):
        return dict(values)
    keyed: dict[str, Any] = {}
    for value in values:
        key = getattr(value, "name", None) if kind == "agent" else None
        key = key or getattr(value, "id", None) or getattr(value, "__name__", None)
        if not isinstance(key, str) or not key:
            raise ValueError(
                f"cannot tell the key of {kind} {value!r}; pass a dict {{key: {kind}}}"
            )
        keyed[key] = value
    return keyed


class LumosApp:
    """Agents, tools and workflows under their registry keys, plus shared storage."""

    def __init__(
        self,
        name: str = "lumos-app",
        *,
        agents: Mapping[str, Any] | Iterable[Any] | None = None,
        tools: Mapping[str, Any] | Iterable[Any] | None = None,
        workflows: Mapping[str, Any] | Iterable[Any] | None = None,
        storage: Storage | None = None,
        description: str | None = None,
        rags: Mapping[str, Any] | None = None,
        vectors: Mapping[str, Any] | None = None,
        mcp_endpoints: Iterable[str] | None = None,
        mcp_servers: Mapping[str, McpServerConfig] | None = None,
        config: LumosConfig | None = None,
    ) -> None:
        self.name = name
        self.description = description
        self.storage = storage
        self.config = config
        self.mcp_endpoints: list[str] = list(mcp_endpoints or [])
        self.mcp_servers: dict[str, McpServerConfig] = dict(mcp_servers or {})
        self.tool_configs: dict[str, dict[str, Any]] = {}
        self._agents: dict[str, Any] = {}
        self._tools: dict[str, Any] = {}
        self._workflows: dict[str, Any] = {}
        self._rags: dict[str, Any] = dict(rags or {})
        self._vectors: dict[str, Any] = {}
        for key, value in (vectors or {}).items():
            self.add_vector(key, value)
        for key, value in _keyed("tool", tools).items():
            self.add_tool(key, value)
        for key, value in _keyed("agent", agents).items():
            self.add_agent(key, value)
        for key, value in _keyed("workflow", workflows).items():
            self.add_workflow(key, value)

    def __repr__(self) -> str:
        return (
            f"LumosApp({self.name!r}, agents={list(self._agents)}, tools={list(self._tools)}, "
            f"workflows={list(self._workflows)})"
        )

    def __await__(self) -> Generator[Any, None, LumosApp]:
        """``await LumosApp.from_config(...)`` works as in the Rust-shaped examples."""
        return self._self().__await__()

    async def _self(self) -> LumosApp:
        return self

    # registration -------------------------------------------------------------------------
    def add_agent(self, name: str, agent: Any) -> LumosApp:
        self._agents[name] = agent
        if self.storage is not None and getattr(agent, "storage", False) is None:
            agent.storage = self.storage  # Mastra: agents' memory uses the app's storage
        _bind(agent, self)
        return self

    def add_tool(self, name: str, tool: Any) -> LumosApp:
        as_tool = _as_tool(name, tool)
        self._tools[name] = as_tool
        return self

    def add_workflow(self, name: str, workflow: Any) -> LumosApp:
        self._workflows[name] = workflow
        _bind(workflow, self)
        return self

    def add_rag(self, name: str, rag: Any) -> LumosApp:
        self._rags[name] = rag
        return self

    def add_vector(self, name: str, store: Any) -> LumosApp:
        """Register a vector store (``lumosai.vector.VectorStore``) under ``name``: Mastra's
        ``vectors: { name }``, read back with ``app.vector(name)`` (``mastra.getVector``)."""
        for method in ("create_index", "upsert", "query"):
            if not callable(getattr(store, method, None)):
                raise TypeError(
                    f"vector {name!r}: expected a lumosai.vector.VectorStore, "
                    f"got {type(store).__name__}"
                )
        self._vectors[name] = store
        return self

    def set_mcp_endpoints(self, endpoints: Iterable[str]) -> LumosApp:
        self.mcp_endpoints = list(endpoints)
        return self

    def with_name(self, name: str) -> LumosApp:
        self.name = name
        return self

    def with_description(self, description: str) -> LumosApp:
        self.description = description
        return self

    def set_storage(self, storage: Storage) -> LumosApp:
        """Use ``storage`` for agents and workflows that have none of their own."""
        self.storage = storage
        for agent in self._agents.values():
            if getattr(agent, "storage", False) is None:
                agent.storage = storage
        for workflow in self._workflows.values():
            if getattr(workflow, "storage", False) is None:
                workflow.storage = storage
        return self

    # lookup ---------------------------------------------------------------------------------
    def _get(self, kind: str, registry: dict[str, Any], key: str) -> Any:
        found = registry.get(key)
        if found is None:
            known = ", ".join(sorted(registry)) or "none"
            raise UnknownComponentError(f"app {self.name!r} has no {kind} {key!r} (known: {known})")
        return found

    def agent(self, key: str) -> Any:
        return self._get("agent", self._agents, key)

    def tool(self, key: str) -> Any:
        return self._get("tool", self._tools, key)

    def workflow(self, key: str) -> Any:
        return self._get("workflow", self._workflows, key)

    def rag(self, key: str) -> Any:
        return self._get("rag", self._rags, key)

    def vector(self, key: str) -> Any:
        """The vector store registered as ``key`` (Mastra's ``mastra.getVector(key)``)."""
        return self._get("vector store", self._vectors, key)

    get_agent = agent
    get_tool = tool
    get_workflow = workflow
    get_vector = vector

    def agents(self) -> dict[str, Any]:
        return dict(self._agents)

    def tools(self) -> dict[str, Any]:
        return dict(self._tools)

    def workflows(self) -> dict[str, Any]:
        return dict(self._workflows)

    def rags(self) -> dict[str, Any]:
        return dict(self._rags)

    def vectors(self) -> dict[str, Any]:
        """Every registered vector store by key (Mastra's ``mastra.getVectors()``)."""
        return dict(self._vectors)

    async def run(self, agent: str, messages: Any, **options: Any) -> Any:
        """``generate`` on the agent registered as ``agent`` (Rust routes to the first agent;
        we route by name)."""
        return await self.agent(agent).generate(messages, **options)

    # loading ------------------------------------------------------------------------------
    @classmethod
    def from_config(
        cls,
        path: str | Path,
        *,
        agents: Mapping[str, Any] | None = None,
        tools: Mapping[str, Any] | None = None,
        workflows: Mapping[str, Any] | None = None,
        storage: Storage | None = None,
        environ: dict[str, str] | None = None,
    ) -> LumosApp:
        """Build an app from a ``lumosai.yaml`` (or ``.yml``/``.toml``).

        ``agents``/``tools``/``workflows`` given here are registered first; config agents may
        name those tools. Errors are ``ConfigError`` naming file, line and key."""
        config = load_config(path, environ=environ)
        app = cls(
            config.project.name,
            description=config.project.description,
            tools=tools,
            agents=agents,
            workflows=workflows,
            storage=storage,
            config=config,
        )
        _ConfigBuilder(app, config, Path(path).resolve().parent).build()
        return app

    @classmethod
    def from_yaml_config(cls, config: LumosConfig, *, base_dir: str | Path = ".") -> LumosApp:
        """Build an app from an already loaded config."""
        app = cls(config.project.name, description=config.project.description, config=config)
        _ConfigBuilder(app, config, Path(base_dir).resolve()).build()
        return app

    @classmethod
    def auto_load(cls, directory: str | Path | None = None, **kwargs: Any) -> LumosApp:
        """``from_config`` on ``$LUMOS_CONFIG`` or the first of ``lumosai.yaml``,
        ``lumosai.yml``, ``lumosai.toml``, ``.lumosai.yaml``, ``.lumosai.yml``,
        ``.lumosai.toml`` in ``directory`` (default: the working directory)."""
        found = find_config(directory)
        if found is None:
            where = Path(directory or ".").resolve()
            raise FileNotFoundError(
                f"no Lumos config in {where}: looked for {', '.join(CONFIG_FILE_NAMES)}"
                " (or set LUMOS_CONFIG)"
            )
        return cls.from_config(found, **kwargs)


def lumos(
    name: str = "lumos-app",
    *,
    agents: Mapping[str, Any] | Iterable[Any] | None = None,
    tools: Mapping[str, Any] | Iterable[Any] | None = None,
    workflows: Mapping[str, Any] | Iterable[Any] | None = None,
    rags: Mapping[str, Any] | None = None,
    vectors: Mapping[str, Any] | None = None,
    mcp_endpoints: Iterable[str] | None = None,
    storage: Storage | None = None,
    description: str | None = None,
) -> LumosApp:
    """The ``lumos!`` macro as a function: an app from keyword arguments."""
    return LumosApp(
        name,
        agents=agents,
        tools=tools,
        workflows=workflows,
        rags=rags,
        vectors=vectors,
        mcp_endpoints=mcp_endpoints,
        storage=storage,
        description=description,
    )


class _ConfigBuilder:
    """Turns a validated ``LumosConfig`` into registered tools, agents and workflows."""

    def __init__(self, app: LumosApp, config: LumosConfig, base_dir: Path) -> None:
        self.app = app
        self.config = config
        self.base_dir = base_dir
        self.source: SourceMap = config.source

    def build(self) -> None:
        self.app.mcp_servers.update(self.config.mcp.servers if self.config.mcp else {})
        for name, tool_cfg in self.config.tools.items():
            self._tool(name, tool_cfg)
        for name in self.config.agents:
            self._agent(name)
        for name in self._workflow_order():
            self._workflow(name)

    def _tool(self, name: str, cfg: ToolConfig) -> None:
        self.app.tool_configs[name] = dict(cfg.config)
        if not cfg.enabled:
            return
        if cfg.handler is None:
            return  # configures a tool registered in code or a built-in; resolved by agents
        path = ("tools", name, "handler")
        value = import_handler(cfg.handler, self.source, path, base_dir=self.base_dir)
        try:
            self.app.add_tool(name, value)
        except TypeError as exc:
            raise ConfigError([self.source.issue(path, f"handler {cfg.handler!r}: {exc}")]) from exc

    def _resolve_tool(self, agent: str, index: int, tool_name: str) -> Any:
        tool_cfg = self.config.tools.get(tool_name)
        path = ("agents", agent, "tools", index)
        if tool_cfg is not None and not tool_cfg.enabled:
            raise ConfigError(
                [
                    self.source.issue(
                        path, f"agent {agent!r} uses tool {tool_name!r}, which is disabled"
                    )
                ]
            )
        found = self.app.tools().get(tool_name)
        if found is None and tool_name in BUILTIN_TOOL_NAMES:
            found = _builtin_tool(tool_name)
        if found is None:
            known = sorted(self.app.tools())
            raise ConfigError(
                [
                    self.source.issue(
                        path,
                        f"agent {agent!r} uses unknown tool {tool_name!r} (known tools: "
                        f"{', '.join(known) or 'none'}; give it a 'handler' under 'tools:')",
                    )
                ]
            )
        return found

    def _agent(self, name: str) -> None:
        from lumosai.agent import Agent, MastraToolErrors

        cfg = self.config.agents[name]
        tools = {t: self._resolve_tool(name, i, t) for i, t in enumerate(cfg.tools)}
        memory_config = None
        storage = None
        if cfg.memory is not None:
            path = ("agents", name, "memory")
            try:
                memory_config = cfg.memory.to_memory_config()
            except ValueError as exc:
                raise ConfigError([self.source.issue(path, str(exc))]) from exc
            storage = self._storage(cfg.memory.store_id, cfg.memory.persistence, path)
        kwargs: dict[str, Any] = {
            "name": name,
            "instructions": cfg.instructions,
            "model": cfg.model,
            "tools": tools,
            "temperature": cfg.temperature,
            "max_tokens": cfg.max_tokens,
            "memory_config": memory_config,
            "storage": storage,
            "metadata": cfg.metadata,
            "model_id": cfg.model_id,
            "description": cfg.description,
        }
        if cfg.timeout is not None:
            kwargs["tool_timeout"] = cfg.timeout
        if cfg.max_tool_calls is not None or "max_tool_calls" in cfg.model_fields_set:
            kwargs["max_tool_calls"] = cfg.max_tool_calls  # an explicit null: no cap
        if cfg.max_steps is not None:
            kwargs["max_steps"] = cfg.max_steps
        if cfg.enable_function_calling is not None:
            kwargs["enable_function_calling"] = cfg.enable_function_calling
        if cfg.voice is not None and cfg.voice.enabled:
            kwargs["voice"] = self._voice(name, cfg.voice)
        if cfg.tool_errors is not None:
            kwargs["tool_errors"] = MastraToolErrors(
                agent_name=cfg.tool_errors.agent_name,
                era="1.x" if cfg.tool_errors.style == "mastra-1.x" else "0.x",
            )
        try:
            agent = Agent(**kwargs)
        except Exception as exc:  # e.g. a missing API key for the model: say where
            from lumosai.llm.model import ModelConfigError

            at_model = isinstance(exc, ModelConfigError)
            where = ("agents", name, "model") if at_model else ("agents", name)
            raise ConfigError(
                [self.source.issue(where, f"agent {name!r}: {exc}", of_key=not at_model)]
            ) from exc
        self.app.add_agent(name, agent)

    def _voice(self, agent: str, cfg: VoiceConfig) -> Any:
        if (cfg.provider or "openai") != "openai":
            raise ConfigError(
                [
                    self.source.issue(
                        ("agents", agent, "voice", "provider"),
                        f"voice provider {cfg.provider!r} is not supported (only 'openai')",
                    )
                ]
            )
        from lumosai.voice import OpenAIVoice

        return OpenAIVoice(
            speech_model=cfg.speech_model or "tts-1",
            listening_model=cfg.listening_model or "whisper-1",
            speaker=cfg.voice_id or "alloy",
        )

    def _storage(self, store_id: str | None, persistence: str | None, path: tuple[str, ...]) -> Any:
        from lumosai.memory import InMemoryStorage, storage_from_id

        if store_id:
            try:
                return storage_from_id(store_id, base_dir=self.base_dir)
            except (ValueError, ImportError) as exc:
                raise ConfigError([self.source.issue((*path, "store_id"), str(exc))]) from exc
        if persistence in ("memory", "in_memory", "inmemory"):
            return InMemoryStorage()
        return self.app.storage  # None: the agent's Memory uses default_storage()

    def _workflow_order(self) -> list[str]:
        """Workflows used as steps by other config workflows are built first."""
        workflows = self.config.workflows
        order: list[str] = []
        state: dict[str, str] = {}

        def visit(name: str, chain: list[str]) -> None:
            if state.get(name) == "done":
                return
            if state.get(name) == "active":
                cycle = " -> ".join([*chain[chain.index(name) :], name])
                raise ConfigError(
                    [
                        self.source.issue(
                            ("workflows", name), f"workflow cycle: {cycle}", of_key=True
                        )
                    ]
                )
            state[name] = "active"
            cfg = workflows[name]
            if cfg.handler is None:
                for step in cfg.steps:
                    if step.workflow in workflows:
                        visit(step.workflow, [*chain, name])
            state[name] = "done"
            order.append(name)

        for name in workflows:
            visit(name, [])
        return order

    def _workflow(self, name: str) -> None:
        cfg = self.config.workflows[name]
        if cfg.handler is not None:
            path = ("workflows", name, "handler")
            value = import_handler(cfg.handler, self.source, path, base_dir=self.base_dir)
            if inspect.isfunction(value) and _is_factory(value):
                value = value()
            self.app.add_workflow(name, value)
            return
        build = _declarative_builder()
        if build is None:
            line = self.source.line(("workflows", name), of_key=True)
            raise NotImplementedError(
                f"{self.source.file}:{line}: workflows.{name}: declarative 'steps' workflows are "
                "not supported yet (lumosai.workflow.from_config is missing); give the workflow "
                "a 'handler: pkg.module:attr' instead"
            )
        filled = cfg.model_copy(update={"id": cfg.id or name})
        try:
            workflow = build(filled, self.app)  # steps find other workflows via app.workflow()
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(
                [self.source.issue(("workflows", name), f"workflow {name!r}: {exc}", of_key=True)]
            ) from exc
        self.app.add_workflow(name, workflow)


def _declarative_builder() -> Callable[[Any, LumosApp], Any] | None:
    """``lumosai.workflow.from_config(workflow_cfg, app)`` if the workflow package has it."""
    try:
        import lumosai.workflow as workflow_module

        build = workflow_module.from_config  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return None
    return build if callable(build) else None


def _is_factory(fn: Callable[..., Any]) -> bool:
    """A handler that is a zero-argument function building the workflow (not a step body)."""
    try:
        return not inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _builtin_tool(name: str) -> Any:
    try:
        import importlib

        module = importlib.import_module("lumosai.tools")
    except ImportError:
        return None
    factory = getattr(module, name, None)
    if factory is None:
        return None
    return factory() if callable(factory) and not hasattr(factory, "call") else factory
