"""``lumosai.yaml``: the pydantic schema and a loader whose errors name file, line and key.

Schema: lumos-api.md §10. Rust's base sections (``project``, ``agents``, ``workflows``, ``rag``,
``tools``, ``deployment``, agent ``memory``/``voice``) tolerate unknown keys as Rust does (with
a ``ConfigWarning``); our extension sections (``memory.semantic_recall``,
``memory.working_memory``, ``mcp``) are strict. ``${VAR}``, ``${VAR:-default}``,
``${VAR-default}``, ``${VAR:?message}`` are expanded in string values (``$${`` is a literal
``${``). ``handler: "pkg.module:attr"`` references are imported by ``import_handler``.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from yaml.constructor import SafeConstructor

from lumosai.memory.config import (
    MemoryConfig,
    MessageRange,
    SemanticRecallConfig,
    WorkingMemoryConfig,
)

CONFIG_FILE_NAMES = (
    "lumosai.yaml",
    "lumosai.yml",
    "lumosai.toml",
    ".lumosai.yaml",
    ".lumosai.yml",
    ".lumosai.toml",
)
"""``auto_load`` discovery order (Rust ``ConfigLoader::auto_detect``)."""

Path_ = tuple[str | int, ...]


# errors -------------------------------------------------------------------------------------
@dataclass(slots=True)
class ConfigIssue:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(ValueError):
    """A config file is wrong; ``issues`` lists each problem with file, line and key."""

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = issues
        head = "invalid config" if len(issues) == 1 else f"invalid config ({len(issues)} problems)"
        super().__init__(f"{head}:\n" + "\n".join(f"  {issue}" for issue in issues))

    @property
    def file(self) -> str:
        return self.issues[0].file

    @property
    def line(self) -> int | None:
        return self.issues[0].line

    @property
    def key(self) -> str:
        return self.issues[0].key


class ConfigWarning(UserWarning):
    """Something in a config file is ignored or empty, but the app can still load."""


# source positions ----------------------------------------------------------------------------
@dataclass(slots=True)
class SourceMap:
    """Line of each key and value of a loaded file, by path (``("agents", "a", "model")``)."""

    file: str
    lines: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """path -> (line of the key, line of the value), 1-based."""

    def line(self, path: Path_, *, of_key: bool = False) -> int | None:
        while path:
            found = self.lines.get(path)
            if found:
                return found[0] if of_key else found[1]
            path = path[:-1]
            of_key = False
        return self.lines.get((), (None, None))[1]

    def issue(self, path: Path_, message: str, *, of_key: bool = False) -> ConfigIssue:
        return ConfigIssue(self.file, self.line(path, of_key=of_key), dotted(path), message)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# the schema ---------------------------------------------------------------------------------
class _Base(BaseModel):
    """A Rust base section: unknown keys are kept (and warned about), as Rust ignores them."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class _Extension(BaseModel):
    """One of our extension sections: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ProjectConfig(_Base):
    name: str
    version: str | None = None
    description: str | None = None
    author: str | None = None


class AgentMemoryConfig(_Base):
    """Rust's ``{enabled, max_capacity, persistence}`` plus the ``MemoryConfig`` extension keys."""

    enabled: bool = True
    max_capacity: int | None = None
    persistence: str | None = None
    last_messages: int | None = None
    semantic_recall: SemanticRecallConfig | None = None
    working_memory: WorkingMemoryConfig | None = None
    store_id: str | None = None
    namespace: str | None = None
    embedder: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("last_messages", mode="before")
    @classmethod
    def _false_is_zero(cls, value: Any) -> Any:
        # Mastra's `lastMessages: false`; `true` is no number of messages
        if value is True:
            raise ValueError("must be a number or false")
        return 0 if value is False else value

    @field_validator("semantic_recall", "working_memory", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> Any:
        # Mastra's `semanticRecall: true` / `workingMemory: true` turn the feature on with defaults
        if value is True:
            return {}
        return None if value is False else value

    def to_memory_config(self) -> MemoryConfig | None:
        """The agent's ``MemoryConfig``, or None when memory is disabled."""
        if not self.enabled:
            return None
        values: dict[str, Any] = {
            "semantic_recall": self.semantic_recall,
            "working_memory": self.working_memory,
            "store_id": self.store_id,
            "namespace": self.namespace,
            "embedder": self.embedder,
            "extra": dict(self.extra),
        }
        if self.last_messages is not None:
            values["last_messages"] = self.last_messages
        return MemoryConfig(**values)


class VoiceConfig(_Base):
    enabled: bool = False
    provider: str | None = None
    voice_id: str | None = None
    # extension (OpenAI voice, Mastra's speechModel / listeningModel names)
    speech_model: str | None = None
    listening_model: str | None = None


class ToolErrorsConfig(_Base):
    """Extension: report a failing tool as Mastra 0.x did, or (mastra-1.x) pass tool schemas and
    arguments through Mastra 1.x's OpenAI schema layer (see ``lumosai.agent.tool_errors``)."""

    style: Literal["mastra-0.x", "mastra-1.x"] = "mastra-0.x"
    agent_name: str | None = None


class AgentConfig(_Base):
    model: str
    instructions: str
    tools: list[str] = Field(default_factory=list)
    temperature: float | None = None
    max_tokens: int | None = None
    timeout: float | None = None
    memory: AgentMemoryConfig | None = None
    voice: VoiceConfig | None = None
    max_tool_calls: int | None = None
    #: model steps per generate when the call does not say (extension key; Mastra's maxSteps)
    max_steps: int | None = None
    enable_function_calling: bool | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    model_id: str | None = None
    description: str | None = None
    tool_errors: ToolErrorsConfig | None = None


class WorkflowStepConfig(_Base):
    id: str | None = None
    name: str | None = None
    description: str | None = None
    agent: str | None = None
    tool: str | None = None
    workflow: str | None = None
    condition: str | None = None
    input: Any = None
    timeout: float | None = None
    retries: int | None = None
    parallel: str | int | None = None
    """Extension: consecutive steps with the same value run concurrently."""


class WorkflowConfig(_Base):
    id: str | None = None
    name: str | None = None
    description: str | None = None
    trigger: str | None = None
    steps: list[WorkflowStepConfig] = Field(default_factory=list)
    timeout: float | None = None
    max_retries: int | None = None
    handler: str | None = None


class RagConfig(_Base):
    vector_store: str | None = None
    embeddings: str | None = None
    chunk_size: int | None = None
    chunk_overlap: int | None = None
    documents: list[str] = Field(default_factory=list)
    index_name: str | None = None


class ToolConfig(_Base):
    enabled: bool = True
    config: dict[str, Any] = Field(default_factory=dict)
    handler: str | None = None


class DeploymentConfig(_Base):
    platform: str | None = None
    environment: str | None = None
    vercel: dict[str, Any] | None = None
    aws: dict[str, Any] | None = None
    docker: dict[str, Any] | None = None


class McpServerConfig(_Extension):
    """A stdio server (``command``) or a Streamable HTTP / SSE server (``url``)."""

    command: str | None = None
    args: list[str] = Field(default_factory=list)
    env: dict[str, str] = Field(default_factory=dict)
    cwd: str | None = None
    url: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    timeout: float | None = None

    @model_validator(mode="after")
    def _one_transport(self) -> McpServerConfig:
        if (self.command is None) == (self.url is None):
            raise ValueError("give exactly one of 'command' (stdio) or 'url' (HTTP)")
        return self


class McpConfig(_Extension):
    id: str | None = None
    servers: dict[str, McpServerConfig] = Field(default_factory=dict)


class LumosConfig(_Base):
    """A whole ``lumosai.yaml``. ``source`` says where it came from (for messages)."""

    project: ProjectConfig
    agents: dict[str, AgentConfig] = Field(default_factory=dict)
    workflows: dict[str, WorkflowConfig] = Field(default_factory=dict)
    rag: RagConfig | None = None
    tools: dict[str, ToolConfig] = Field(default_factory=dict)
    deployment: DeploymentConfig | None = None
    mcp: McpConfig | None = None

    _source: SourceMap | None = None

    @property
    def source(self) -> SourceMap:
        if self._source is None:
            return SourceMap("<config>", {})
        return self._source

    def list_agents(self) -> list[str]:
        return list(self.agents)

    def get_agent(self, name: str) -> AgentConfig | None:
        return self.agents.get(name)

    def list_workflows(self) -> list[str]:
        return list(self.workflows)

    def get_workflow(self, name: str) -> WorkflowConfig | None:
        return self.workflows.get(name)


_IGNORED_TOP_LEVEL = {"development", "production"}


# ${VAR} expansion ---------------------------------------------------------------------------
#: ``$${`` (a literal ``${``) or ``${NAME}`` / ``${NAME<op><arg>}`` with op ``:-``, ``-``, ``:?``,
#: ``?`` (groups: name, op, arg); the converter writes Python with the same rules from it.
ENV_PLACEHOLDER = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def expand_env(
    value: str, *, environ: dict[str, str] | os._Environ[str] | None = None
) -> tuple[str, list[str]]:
    """Expand ``${VAR}`` forms in ``value``; returns the text and the names that were unset.

    ``${VAR:?msg}`` (unset or empty) / ``${VAR?msg}`` (unset) raise ``KeyError(msg)``."""
    env = os.environ if environ is None else environ
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name, op, arg = match.group(1), match.group(2), match.group(3)
        current = env.get(name)
        if op in (":-", "-"):
            use_default = current is None or (op == ":-" and current == "")
            return arg if use_default else str(current)
        if op in (":?", "?"):
            if current is None or (op == ":?" and current == ""):
                raise KeyError(arg or f"environment variable {name} is required")
            return str(current)
        if current is None:
            missing.append(name)
            return ""
        return str(current)

    return ENV_PLACEHOLDER.sub(replace, value), missing


# YAML with positions --------------------------------------------------------------------------
class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, as Rust's serde_yaml reads them: only true/false, so `on`, `yes`,
    `no`, `off` stay strings."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class _Reader:
    """Turns a composed YAML node tree into Python values, noting each key's line."""

    def __init__(self, file: str, *, environ: dict[str, str] | None) -> None:
        self.source = SourceMap(file)
        self.environ = environ
        self.constructor = SafeConstructor()
        self.issues: list[ConfigIssue] = []

    def read(self, node: yaml.Node, path: Path_ = ()) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.constructor.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                # keys are names: `off:` or `1:` stay the strings the user wrote
                key = (
                    key_node.value
                    if isinstance(key_node, yaml.ScalarNode)
                    else str(self.constructor.construct_object(key_node, deep=True))
                )
                child = (*path, key)
                if key in result:
                    self.issues.append(
                        ConfigIssue(
                            self.source.file,
                            key_node.start_mark.line + 1,
                            dotted(child),
                            "duplicate key",
                        )
                    )
                self.source.lines[child] = (
                    key_node.start_mark.line + 1,
                    value_node.start_mark.line + 1,
                )
                result[key] = self.read(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = (*path, index)
                self.source.lines[child] = (item.start_mark.line + 1, item.start_mark.line + 1)
                items.append(self.read(item, child))
            return items
        value = self.constructor.construct_object(node, deep=True)
        if isinstance(value, str) and "$" in value:
            value = self._expand(value, path, node.start_mark.line + 1)
        return value

    def _expand(self, value: str, path: Path_, line: int) -> str:
        try:
            expanded, missing = expand_env(value, environ=self.environ)
        except KeyError as exc:
            self.issues.append(ConfigIssue(self.source.file, line, dotted(path), str(exc.args[0])))
            return value
        for name in missing:
            warnings.warn(
                f"{self.source.file}:{line}: {dotted(path)}: environment variable {name} is not "
                "set; using an empty string",
                ConfigWarning,
                stacklevel=2,
            )
        return expanded


def _read_yaml(text: str, file: str, environ: dict[str, str] | None) -> tuple[Any, SourceMap]:
    try:
        node = yaml.compose(text, Loader=_Yaml12Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError([ConfigIssue(file, line, "", f"invalid YAML: {exc.problem}")]) from exc
    reader = _Reader(file, environ=environ)
    data = reader.read(node) if node is not None else {}
    if reader.issues:
        raise ConfigError(reader.issues)
    reader.source.lines.setdefault((), (1, 1))
    return data, reader.source


def _read_toml(text: str, file: str, environ: dict[str, str] | None) -> tuple[Any, SourceMap]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([ConfigIssue(file, None, "", f"invalid TOML: {exc}")]) from exc
    source = SourceMap(file, {(): (1, 1)})
    lines = text.splitlines()

    def walk(value: Any, path: Path_) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                child = (*path, key)
                line = _toml_line(lines, child)
                if line:
                    source.lines[child] = (line, line)
                out[key] = walk(item, child)
            return out
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        if isinstance(value, str) and "$" in value:
            try:
                expanded, missing = expand_env(value, environ=environ)
            except KeyError as exc:
                raise ConfigError([source.issue(path, str(exc.args[0]))]) from exc
            for name in missing:
                warnings.warn(
                    f"{file}: {dotted(path)}: environment variable {name} is not set",
                    ConfigWarning,
                    stacklevel=2,
                )
            return expanded
        return value

    return walk(data, ()), source


def _toml_line(lines: list[str], path: Path_) -> int | None:
    """Best effort (tomllib keeps no positions): the ``[table]`` header or ``key =`` line."""
    keys = [str(p) for p in path if not isinstance(p, int)]
    header = re.compile(r"^\s*\[+\s*" + r"\s*\.\s*".join(re.escape(k) for k in keys) + r"\s*\]+")
    assign = re.compile(r"^\s*\"?" + re.escape(keys[-1]) + r"\"?\s*=")
    for number, text in enumerate(lines, 1):
        if header.match(text):
            return number
    parent = re.compile(
        r"^\s*\[+\s*" + r"\s*\.\s*".join(re.escape(k) for k in keys[:-1]) + r"\s*\]+"
    )
    inside = not keys[:-1]
    for number, text in enumerate(lines, 1):
        if keys[:-1] and parent.match(text):
            inside = True
            continue
        if inside and assign.match(text):
            return number
    return None


# validation ---------------------------------------------------------------------------------
def _has_child(container: Any, part: Any) -> bool:
    if isinstance(container, dict):
        return isinstance(part, str) and part in container
    if isinstance(container, list):
        return isinstance(part, int) and 0 <= part < len(container)
    return False


def _walk_loc(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Keep the parts of a pydantic ``loc`` that are real keys in ``data`` (drops union tags)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        # anything else is a union/validator tag, or a key missing from the data
        if _has_child(current, part):
            current = current[part]
            path.append(part)
    return tuple(path)


def _issues_from(exc: ValidationError, data: Any, source: SourceMap) -> list[ConfigIssue]:
    issues: list[ConfigIssue] = []
    seen: set[tuple[Path_, str]] = set()
    for error in exc.errors():
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            path = _walk_loc(data, loc)
            allowed = _allowed_keys(data, path[:-1])
            message = "unknown key" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
            issue = source.issue(path, message, of_key=True)
        elif kind == "missing":
            path = _walk_loc(data, loc)
            missing = str(loc[-1])
            issue = ConfigIssue(
                source.file,
                source.line(path, of_key=True),
                dotted((*path, missing)),
                "required key is missing",
            )
        else:
            path = _walk_loc(data, loc)
            got = error.get("input")
            shown = f" (got {got!r})" if not isinstance(got, (dict, list)) else ""
            issue = source.issue(path, f"{error['msg']}{shown}")
        if (tuple(issue.key.split(".")), issue.message) in seen:
            continue
        seen.add((tuple(issue.key.split(".")), issue.message))
        issues.append(issue)
    return issues


_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "semantic_recall": SemanticRecallConfig,
    "working_memory": WorkingMemoryConfig,
    "message_range": MessageRange,
    "mcp": McpConfig,
}


def _allowed_keys(data: Any, path: Path_) -> list[str]:
    """Field names of the strict section at ``path``, for 'unknown key' messages."""
    named = [p for p in path if isinstance(p, str)]
    if not named:
        return []
    if len(named) >= 3 and named[-3] == "mcp" and named[-2] == "servers":
        model: Any = McpServerConfig
    else:
        model = _SECTION_MODELS.get(named[-1])
    if model is None or not hasattr(model, "model_fields"):
        return []
    names = []
    for name, info in model.model_fields.items():
        alias = info.validation_alias
        names.append(alias.choices[0] if hasattr(alias, "choices") else name)  # type: ignore[union-attr]
    return [str(n) for n in names]


def _warn_unknown(config: LumosConfig, source: SourceMap) -> None:
    """Rust ignores unknown keys in its sections; we load them too, but say so."""

    def check(model: BaseModel, path: Path_) -> None:
        for key in model.model_extra or {}:
            if path == () and key in _IGNORED_TOP_LEVEL:
                continue
            line = source.line((*path, key), of_key=True)
            warnings.warn(
                f"{source.file}:{line}: {dotted((*path, key))}: unknown key, ignored",
                ConfigWarning,
                stacklevel=4,
            )
        for name in type(model).model_fields:
            value = getattr(model, name)
            children: list[tuple[Path_, Any]] = [((*path, name), value)]
            if isinstance(value, dict):
                children = [((*path, name, k), v) for k, v in value.items()]
            elif isinstance(value, list):
                children = [((*path, name, i), v) for i, v in enumerate(value)]
            for child_path, child in children:
                if isinstance(child, _Base):
                    check(child, child_path)

    check(config, ())


def _check_semantics(config: LumosConfig, source: SourceMap) -> list[ConfigIssue]:
    """Rust's ``validate()`` and ours: names, steps, one target per step."""
    issues: list[ConfigIssue] = []
    if not config.project.name.strip():
        issues.append(source.issue(("project", "name"), "must not be empty"))
    for name, workflow in config.workflows.items():
        base: Path_ = ("workflows", name)
        if workflow.handler is None and not workflow.steps:
            issues.append(
                source.issue(
                    base,
                    "needs 'steps' (at least one) or a 'handler' (pkg.module:attr)",
                    of_key=True,
                )
            )
        for index, step in enumerate(workflow.steps):
            targets = [t for t in ("agent", "tool", "workflow") if getattr(step, t)]
            if len(targets) != 1:
                message = (
                    "a step needs one of 'agent', 'tool' or 'workflow'"
                    if not targets
                    else f"a step names only one of 'agent', 'tool' or 'workflow', not {' and '.join(targets)}"
                )
                issues.append(source.issue((*base, "steps", index), message))
    return issues


def parse_config(
    text: str, file: str = "<string>", *, fmt: str = "yaml", environ: dict[str, str] | None = None
) -> LumosConfig:
    """Validate config text; ``ConfigError`` lists every problem with file, line and key."""
    data, source = (_read_toml if fmt == "toml" else _read_yaml)(text, file, environ)
    if not isinstance(data, dict):
        raise ConfigError([ConfigIssue(file, 1, "", "the config must be a mapping of sections")])
    try:
        config = LumosConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_issues_from(exc, data, source)) from None
    config._source = source
    issues = _check_semantics(config, source)
    if issues:
        raise ConfigError(issues)
    _warn_unknown(config, source)
    return config


def load_config(path: str | Path, *, environ: dict[str, str] | None = None) -> LumosConfig:
    """Read and validate a ``lumosai.yaml`` / ``.yml`` / ``.toml`` file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            [ConfigIssue(str(file), None, "", f"cannot read: {exc.strerror}")]
        ) from exc
    fmt = "toml" if file.suffix == ".toml" else "yaml"
    return parse_config(text, str(file), fmt=fmt, environ=environ)


def find_config(directory: str | Path | None = None) -> Path | None:
    """``$LUMOS_CONFIG`` if set, else the first of ``CONFIG_FILE_NAMES`` in ``directory``."""
    override = os.environ.get("LUMOS_CONFIG")
    if override:
        return Path(override)
    base = Path(directory or ".")
    for name in CONFIG_FILE_NAMES:
        candidate = base / name
        if candidate.is_file():
            return candidate
    return None


# handler references -------------------------------------------------------------------------
def import_handler(
    reference: str, source: SourceMap, path: Path_, *, base_dir: Path | None = None
) -> Any:
    """Import ``"pkg.module:attr"`` (``attr`` may be dotted); errors name file, line and key.

    ``base_dir`` (the config file's folder) is put on ``sys.path`` so modules next to the
    config import without installing the app."""
    module_name, sep, attr = reference.partition(":")
    if not sep or not module_name or not attr:
        raise ConfigError(
            [source.issue(path, f"handler {reference!r} must look like 'pkg.module:attr'")]
        )
    if base_dir is not None and str(base_dir) not in sys.path:
        sys.path.insert(0, str(base_dir))
    try:
        value: Any = importlib.import_module(module_name)
    except Exception as exc:
        raise ConfigError(
            [
                source.issue(
                    path,
                    f"cannot import handler {reference!r}: {type(exc).__name__}: {exc}",
                )
            ]
        ) from exc
    for part in attr.split("."):
        try:
            value = getattr(value, part)
        except AttributeError as exc:
            raise ConfigError(
                [
                    source.issue(
                        path,
                        f"cannot import handler {reference!r}: module {module_name!r} has no "
                        f"attribute {attr!r}",
                    )
                ]
            ) from exc
    return value
