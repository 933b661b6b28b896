"""The intermediate representation of a Mastra project, as the reader builds it.

One pydantic tree sits between the reader (TypeScript -> IR) and everything downstream
(converter, reports, verify). It is JSON round-trippable (`Project.model_dump_json()` /
`Project.model_validate_json()`) and versioned by `IR_VERSION`; changes stay backward
compatible (new optional fields only) unless the major number changes.

Conventions:
* Every construct has a stable `id` of the form `file:line:kind:name` (file relative to the
  project root, POSIX separators, line 1-based), a `span`, and `era` when decidable.
* Lines are 1-based; columns are 1-based UTF-8 byte columns; byte offsets are 0-based.
* `.env` *values* never enter the IR, only variable names.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

IR_VERSION = "1.0"

Era = Literal["0.x", "1.x"]
Severity = Literal["error", "warning", "info"]

#: Inventory kinds, in the order `lumos-migrate inspect` prints them.
INVENTORY_KINDS: tuple[str, ...] = (
    "mastra",
    "agent",
    "tool",
    "workflow",
    "step",
    "legacy_workflow",
    "memory",
    "storage",
    "vector",
    "mcp_client",
    "mcp_server",
    "rag",
    "scorer",
)


_FAST_SPECS: dict[type, tuple[dict[str, str], dict[str, Any], list[tuple[str, Any]]]] = {}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def fast(cls, **data: Any) -> Self:
        """Trusted construction without validation (the reader's hot path builds only
        well-typed values). Accepts field names and aliases; fills defaults."""
        spec = _FAST_SPECS.get(cls)
        if spec is None:
            aliases = {f.alias: n for n, f in cls.model_fields.items() if f.alias}
            base = {n: f.default for n, f in cls.model_fields.items() if f.default_factory is None}
            factories = [
                (n, f.default_factory)
                for n, f in cls.model_fields.items()
                if f.default_factory is not None
            ]
            spec = _FAST_SPECS[cls] = (aliases, base, factories)
        aliases, base, factories = spec
        if aliases:
            data = {aliases.get(k, k): v for k, v in data.items()}
        values = base.copy()
        for name, factory in factories:
            if name not in data:
                values[name] = factory()  # type: ignore[call-arg]
        values.update(data)
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "__pydantic_fields_set__", set(data))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj


class Span(_Model):
    """A source region: file relative to the project root, 1-based lines and columns."""

    file: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    start_byte: int
    end_byte: int


class Diagnostic(_Model):
    """A reader finding with a stable rule id (`LM1xx`, see docs/rules/)."""

    rule: str
    severity: Severity
    file: str | None = None
    line: int | None = None
    column: int | None = None
    message: str
    construct_id: str | None = None
    end_line: int | None = None
    end_column: int | None = None


# --------------------------------------------------------------------------- values


class _Value(_Model):
    span: Span | None = None


class LiteralValue(_Value):
    """A string, number, boolean or null (`undefined` is null with `undefined=True`)."""

    type: Literal["literal"] = "literal"
    value: str | int | float | bool | None
    undefined: bool = False
    #: The constant the value was folded from (`const MODEL = '...'`), if any.
    origin: str | None = None


class TemplateValue(_Value):
    """A template literal; `folded` is its text when every substitution is static."""

    type: Literal["template"] = "template"
    parts: list[str | Value] = Field(default_factory=list)
    folded: str | None = None
    source: str = ""


class ObjectProperty(_Model):
    key: str
    value: Value
    computed: bool = False
    shorthand: bool = False
    #: True when the property came from a statically merged `...spread`.
    from_spread: bool = False


class ObjectValue(_Value):
    """An object literal; known spreads are merged into `properties`, unknown ones kept."""

    type: Literal["object"] = "object"
    properties: list[ObjectProperty] = Field(default_factory=list)
    spreads: list[Value] = Field(default_factory=list)

    def get(self, key: str) -> Value | None:
        """The value of the last property named `key` (JS semantics), or None."""
        found: Value | None = None
        for prop in self.properties:
            if prop.key == key:
                found = prop.value
        return found

    def keys(self) -> list[str]:
        seen: dict[str, None] = {}
        for prop in self.properties:
            seen[prop.key] = None
        return list(seen)


class ArrayValue(_Value):
    type: Literal["array"] = "array"
    items: list[Value] = Field(default_factory=list)


class ReferenceValue(_Value):
    """A name that points at a construct, a schema, a helper, an import or an env var."""

    type: Literal["reference"] = "reference"
    name: str
    #: Id of the construct / schema / helper it resolves to, when it does.
    target: str | None = None
    target_kind: str | None = None
    #: Package or relative module it is imported from (`@mastra/core/agent`, `./tools`).
    module: str | None = None
    imported_name: str | None = None
    #: Member path after the name (`mcp.tools` -> ["tools"]).
    path: list[str] = Field(default_factory=list)
    #: For `process.env.X`: the env var name.
    env: str | None = None


class CallValue(_Value):
    """A call or `new` expression not recognised as a construct of its own."""

    type: Literal["call"] = "call"
    callee: str
    is_new: bool = False
    args: list[Value] = Field(default_factory=list)
    module: str | None = None
    imported_name: str | None = None
    #: Id of a construct the call result refers to (`await mcp.listTools()` -> the client).
    target: str | None = None
    is_await: bool = False
    source: str = ""


class FunctionValue(_Value):
    type: Literal["function"] = "function"
    code: Code


class SchemaValue(_Value):
    type: Literal["schema"] = "schema"
    schema_: ZodSchema = Field(alias="schema")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class OperatorValue(_Value):
    """A non-foldable operator expression: `a ?? b`, `a || b`, `c ? a : b` (`?:`), `!x`."""

    type: Literal["operator"] = "operator"
    operator: str
    operands: list[Value] = Field(default_factory=list)
    source: str = ""


class UnknownValue(_Value):
    """An expression the reader could not fold; kept as source with a reason."""

    type: Literal["unknown"] = "unknown"
    source: str
    reason: str = ""
    node_type: str = ""


Value = Annotated[
    LiteralValue
    | TemplateValue
    | ObjectValue
    | ArrayValue
    | ReferenceValue
    | CallValue
    | FunctionValue
    | SchemaValue
    | OperatorValue
    | UnknownValue,
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------- code


class PatternProperty(_Model):
    """One property of an object destructuring pattern: `{ key: local = default }`."""

    key: str
    local: str | None = None
    default_source: str | None = None
    pattern: Pattern | None = None
    rest: bool = False


class Pattern(_Model):
    """A parameter or destructuring target."""

    kind: Literal["identifier", "object", "array", "rest", "assignment", "other"]
    name: str | None = None
    properties: list[PatternProperty] = Field(default_factory=list)
    elements: list[Pattern | None] = Field(default_factory=list)
    default_source: str | None = None
    source: str = ""


class Param(_Model):
    pattern: Pattern
    type_source: str | None = None
    optional: bool = False

    @property
    def property_names(self) -> list[str]:
        return [p.key for p in self.pattern.properties]


class FreeName(_Model):
    """A name a function uses but does not declare, classified."""

    name: str
    kind: Literal[
        "helper",
        "construct",
        "schema",
        "constant",
        "import",
        "global",
        "env",
        "context",
        "unresolved",
    ]
    #: Helper / construct / schema id within the project.
    target: str | None = None
    module: str | None = None
    imported_name: str | None = None


class Code(_Model):
    """A function kept as TypeScript source (the converter re-parses it), with its interface."""

    id: str
    kind: Literal["execute", "condition", "dynamic", "helper", "function", "map", "callback"]
    name: str
    span: Span
    params: list[Param] = Field(default_factory=list)
    is_async: bool = False
    is_arrow: bool = False
    is_generator: bool = False
    #: The whole function as written.
    source: str
    #: The body: a statement block (with braces) or, for `=> expr`, the expression.
    body_source: str
    body_span: Span
    body_is_expression: bool = False
    free_names: list[FreeName] = Field(default_factory=list)
    env_vars: list[str] = Field(default_factory=list)
    #: Mastra context names it uses: destructured (`{ context, mastra }`) or accessed on the
    #: context parameter (`ctx.requestContext`).
    context_names: list[str] = Field(default_factory=list)
    #: Member calls on the context (`suspend`, `getStepResult`, `writer.write` ...).
    uses_suspend: bool = False
    return_type_source: str | None = None


# --------------------------------------------------------------------------- zod


class ZodModifier(_Model):
    """One chained method in source order (`.min(1)`, `.optional()`, `.describe('x')`)."""

    name: str
    args: list[Value] = Field(default_factory=list)
    source: str = ""


class ZodField(_Model):
    name: str
    schema_: ZodSchema = Field(alias="schema")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ZodSchema(_Model):
    """A zod schema tree node.

    `kind` is the base constructor (`object`, `string`, `number`, `boolean`, `bigint`, `date`,
    `enum`, `nativeEnum`, `literal`, `array`, `tuple`, `record`, `map`, `set`, `union`,
    `discriminatedUnion`, `intersection`, `lazy`, `any`, `unknown`, `null`, `undefined`, `void`,
    `never`, `nan`, `symbol`, `function`, `promise`, `custom`, `instanceof`, `preprocess`,
    `pipe`, `effects`), `ref` for a named schema, or `unknown_expr` when not static.
    Modifiers keep source order in `modifiers`; the common ones are also flattened.
    """

    kind: str
    span: Span | None = None
    #: For `ref`: the named schema's id and name.
    ref: str | None = None
    name: str | None = None
    fields: list[ZodField] = Field(default_factory=list)
    #: array/set/optional inner element, promise/lazy inner, record/map value.
    element: ZodSchema | None = None
    key: ZodSchema | None = None
    #: union / tuple / intersection / discriminatedUnion members.
    options: list[ZodSchema] = Field(default_factory=list)
    rest: ZodSchema | None = None
    discriminator: str | None = None
    #: enum values; literal value in `literal`.
    values: list[str | int | float | bool | None] = Field(default_factory=list)
    literal: str | int | float | bool | None = None
    enum_ref: str | None = None
    modifiers: list[ZodModifier] = Field(default_factory=list)
    optional: bool = False
    nullable: bool = False
    has_default: bool = False
    default: Value | None = None
    description: str | None = None
    #: Value checks: `min`, `max`, `length`, `int`, `positive`, `email`, `url`, `uuid`, `regex` ...
    checks: list[ZodModifier] = Field(default_factory=list)
    #: refine / superRefine / transform / check / catch, with TS source.
    refinements: list[ZodModifier] = Field(default_factory=list)
    coerce: bool = False
    #: Object unknown-key mode: strip (default), strict, passthrough.
    object_mode: Literal["strip", "strict", "passthrough"] | None = None
    #: Object methods applied (`extend`, `merge`, `pick`, `omit`, `partial`, `required`),
    #: already resolved into `fields` when static; `base` names the schema they started from.
    object_methods: list[str] = Field(default_factory=list)
    base: str | None = None
    #: True if the schema (or a sub-schema) refers back to itself through `lazy`.
    recursive: bool = False
    source: str = ""
    #: The zod namespace import (`zod`, `zod/v4`, `zod/v3`).
    zod_module: str | None = None


class NamedSchema(_Model):
    """A zod schema bound to a name (`const Address = z.object(...)`)."""

    id: str
    kind: Literal["schema"] = "schema"
    name: str
    span: Span
    schema_: ZodSchema = Field(alias="schema")
    exported: bool = False

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- constructs


class Construct(_Model):
    """Fields every Mastra construct has."""

    id: str
    kind: str
    name: str
    #: Key under which it is registered in `new Mastra({...})` (first one if several).
    registry_key: str | None = None
    registry_keys: list[str] = Field(default_factory=list)
    span: Span
    era: Era | None = None
    #: Local variable it is bound to and names it is exported under.
    variable: str | None = None
    exported_as: list[str] = Field(default_factory=list)
    #: Constructor or factory (`Agent`, `createTool`, `LibSQLStore`) and its package.
    factory: str = ""
    module: str | None = None
    #: Every key of the options object, as values (nothing dropped).
    options: dict[str, Value] = Field(default_factory=dict)
    #: Positional arguments when the constructor takes them (`new PgVector(conn)`).
    args: list[Value] = Field(default_factory=list)
    #: Id of the construct this one is defined inside (`memory: new Memory()` in an agent).
    parent: str | None = None


class ModelSpec(_Model):
    """An agent / judge / embedder model: provider call, router string, config, fallback or fn."""

    kind: Literal[
        "provider_call", "router_string", "openai_compatible", "fallback", "function", "unknown"
    ]
    provider: str | None = None
    model_id: str | None = None
    #: `openai('gpt-4o', {...})` second argument, `createOpenAI({ baseURL })` settings ...
    settings: dict[str, Value] = Field(default_factory=dict)
    #: For `provider_call`: the provider factory call (`openai`, `createOpenAI({...})`).
    provider_factory: str | None = None
    provider_module: str | None = None
    fallbacks: list[FallbackModel] = Field(default_factory=list)
    code: Code | None = None
    value: Value | None = None


class FallbackModel(_Model):
    model: ModelSpec
    max_retries: int | None = None
    enabled: Value | None = None
    options: dict[str, Value] = Field(default_factory=dict)


class RefMap(_Model):
    """A `{ key: construct }` map (agent tools, Mastra agents ...) resolved to ids."""

    key: str
    value: Value
    target: str | None = None
    target_kind: str | None = None


class Agent(Construct):
    kind: Literal["agent"] = "agent"
    agent_id: str | None = None
    description: Value | None = None
    instructions: Value | None = None
    model: ModelSpec | None = None
    tools: list[RefMap] = Field(default_factory=list)
    #: `tools: await mcp.listTools()` or another non-map value.
    tools_value: Value | None = None
    agents: list[RefMap] = Field(default_factory=list)
    workflows: list[RefMap] = Field(default_factory=list)
    scorers: list[RefMap] = Field(default_factory=list)
    evals: list[RefMap] = Field(default_factory=list)
    memory: Value | None = None
    memory_id: str | None = None
    input_processors: Value | None = None
    output_processors: Value | None = None
    voice: Value | None = None
    default_options: dict[str, Value] = Field(default_factory=dict)
    #: Options given as functions (dynamic config): field name -> code.
    dynamic: dict[str, Code] = Field(default_factory=dict)


class Tool(Construct):
    kind: Literal["tool"] = "tool"
    tool_id: str | None = None
    description: Value | None = None
    input_schema: ZodSchema | None = None
    output_schema: ZodSchema | None = None
    suspend_schema: ZodSchema | None = None
    resume_schema: ZodSchema | None = None
    request_context_schema: ZodSchema | None = None
    execute: Code | None = None
    #: `0.x` = `execute({ context, runtimeContext })`, `1.x` = `execute(inputData, context)`.
    execute_signature: Era | None = None
    require_approval: Value | None = None
    #: For RAG / MCP factories (`createVectorQueryTool`): the factory options.
    rag: bool = False


class Step(Construct):
    """`createStep({...})`, `createStep(agent|tool|workflow)`, or a legacy `new Step/LegacyStep`."""

    kind: Literal["step"] = "step"
    step_id: str | None = None
    step_type: Literal["step", "agent", "tool", "workflow", "processor", "legacy"] = "step"
    #: For agent/tool/workflow steps: the construct it wraps.
    wraps: str | None = None
    description: Value | None = None
    input_schema: ZodSchema | None = None
    output_schema: ZodSchema | None = None
    state_schema: ZodSchema | None = None
    resume_schema: ZodSchema | None = None
    suspend_schema: ZodSchema | None = None
    execute: Code | None = None
    retries: Value | None = None


class StepRef(_Model):
    """A step used in a workflow chain."""

    source: str
    target: str | None = None
    target_kind: str | None = None
    span: Span | None = None


class Branch(_Model):
    condition: Value
    step: StepRef


class FlowNode(_Model):
    """One call in a workflow chain, in order: `.then(s)`, `.parallel([...])`, `.branch(...)`."""

    op: str
    span: Span
    steps: list[StepRef] = Field(default_factory=list)
    branches: list[Branch] = Field(default_factory=list)
    condition: Value | None = None
    options: Value | None = None
    args: list[Value] = Field(default_factory=list)
    #: Legacy `.step(s, { when, variables })`.
    when: Value | None = None
    variables: Value | None = None


class Workflow(Construct):
    kind: Literal["workflow"] = "workflow"
    workflow_id: str | None = None
    description: Value | None = None
    input_schema: ZodSchema | None = None
    output_schema: ZodSchema | None = None
    state_schema: ZodSchema | None = None
    retry_config: Value | None = None
    flow: list[FlowNode] = Field(default_factory=list)
    committed: bool = False
    #: Ids of the step constructs used anywhere in the chain, in order, deduplicated.
    step_ids: list[str] = Field(default_factory=list)


class LegacyWorkflow(Construct):
    kind: Literal["legacy_workflow"] = "legacy_workflow"
    workflow_name: str | None = None
    trigger_schema: ZodSchema | None = None
    flow: list[FlowNode] = Field(default_factory=list)
    committed: bool = False
    step_ids: list[str] = Field(default_factory=list)


class Memory(Construct):
    kind: Literal["memory"] = "memory"
    storage: Value | None = None
    storage_id: str | None = None
    vector: Value | None = None
    vector_id: str | None = None
    embedder: ModelSpec | None = None
    #: The `options` object, key by key (lastMessages, semanticRecall, workingMemory ...).
    memory_options: dict[str, Value] = Field(default_factory=dict)
    working_memory_schema: ZodSchema | None = None
    processors: Value | None = None


class Store(Construct):
    """A storage adapter (`LibSQLStore`, `PostgresStore` ...) or vector store (`PgVector` ...)."""

    kind: Literal["storage", "vector"] = "storage"
    adapter: str = ""
    store_id: str | None = None
    #: Connection settings folded where static (`url`, `connectionString`); env var names
    #: appear as reference values with `env`.
    url: Value | None = None


class MCPServerEntry(_Model):
    """One server of an `MCPClient`: stdio (`command`) or HTTP (`url`)."""

    name: str
    transport: Literal["stdio", "http", "unknown"]
    command: Value | None = None
    args: Value | None = None
    url: Value | None = None
    env_names: list[str] = Field(default_factory=list)
    options: dict[str, Value] = Field(default_factory=dict)


class MCPClient(Construct):
    kind: Literal["mcp_client"] = "mcp_client"
    client_id: str | None = None
    servers: list[MCPServerEntry] = Field(default_factory=list)
    servers_value: Value | None = None


class MCPServer(Construct):
    kind: Literal["mcp_server"] = "mcp_server"
    server_id: str | None = None
    server_name: Value | None = None
    version: Value | None = None
    tools: list[RefMap] = Field(default_factory=list)
    agents: list[RefMap] = Field(default_factory=list)
    workflows: list[RefMap] = Field(default_factory=list)


class Rag(Construct):
    """A RAG operation: `MDocument.fromText`, `doc.chunk`, `embed(Many)`, vector index ops,
    `createVectorQueryTool` / `createGraphRAGTool` / `createDocumentChunkerTool`, `rerank`."""

    kind: Literal["rag"] = "rag"
    operation: str
    #: The object the operation is called on (`doc`, `pgVector`), resolved when possible.
    receiver: Value | None = None
    receiver_id: str | None = None
    embedding_model: ModelSpec | None = None


class Scorer(Construct):
    kind: Literal["scorer"] = "scorer"
    scorer_type: Literal["custom", "prebuilt", "legacy_metric"] = "custom"
    scorer_id: str | None = None
    description: Value | None = None
    judge: Value | None = None
    #: `createScorer(...).preprocess(fn).analyze(fn).generateScore(fn).generateReason(fn)`.
    pipeline: list[FlowNode] = Field(default_factory=list)
    model: ModelSpec | None = None


class MastraInstance(Construct):
    """`new Mastra({...})`: every key is in `options`; registries are resolved maps."""

    kind: Literal["mastra"] = "mastra"
    agents: list[RefMap] = Field(default_factory=list)
    workflows: list[RefMap] = Field(default_factory=list)
    legacy_workflows: list[RefMap] = Field(default_factory=list)
    tools: list[RefMap] = Field(default_factory=list)
    scorers: list[RefMap] = Field(default_factory=list)
    vectors: list[RefMap] = Field(default_factory=list)
    mcp_servers: list[RefMap] = Field(default_factory=list)
    memory: list[RefMap] = Field(default_factory=list)
    networks: list[RefMap] = Field(default_factory=list)
    storage: Value | None = None
    storage_id: str | None = None
    logger: Value | None = None
    observability: Value | None = None
    telemetry: Value | None = None
    server: ServerConfig | None = None


class ApiRoute(_Model):
    path: Value
    method: Value | None = None
    handler: Code | None = None
    options: dict[str, Value] = Field(default_factory=dict)
    span: Span


class ServerConfig(_Model):
    port: Value | None = None
    host: Value | None = None
    api_prefix: Value | None = None
    api_routes: list[ApiRoute] = Field(default_factory=list)
    middleware: Value | None = None
    cors: Value | None = None
    auth: Value | None = None
    options: dict[str, Value] = Field(default_factory=dict)


class OtherConstruct(Construct):
    """Other Mastra API objects: loggers, observability, processors, voice, RequestContext,
    provider factories (`createOpenAI`), `registerApiRoute`, `AgentNetwork` ..."""

    kind: Literal[
        "logger",
        "observability",
        "processor",
        "voice",
        "request_context",
        "provider",
        "api_route",
        "network",
        "other",
    ] = "other"


# --------------------------------------------------------------------------- modules


class ImportBinding(_Model):
    """`import { a as b } from 'm'` -> local `b`, imported `a`; default -> `default`; ns -> `*`."""

    local: str
    imported: str
    module: str
    #: Project-relative file it resolves to, when it is a project module.
    resolved: str | None = None
    type_only: bool = False
    line: int = 0


class ExportBinding(_Model):
    """`export { local as exported }`, `export const x`, `export default`, re-exports."""

    exported: str
    local: str | None = None
    #: For re-exports (`export { a } from './x'`, `export * from './x'` has exported `*`).
    module: str | None = None
    resolved: str | None = None
    imported: str | None = None
    line: int = 0


class ModuleInfo(_Model):
    path: str
    language: Literal["typescript", "tsx"]
    size: int
    lines: int
    sha256: str
    era: Era | None = None
    has_syntax_error: bool = False
    imports: list[ImportBinding] = Field(default_factory=list)
    exports: list[ExportBinding] = Field(default_factory=list)
    #: Ids of the module-level helper functions it defines.
    helpers: list[str] = Field(default_factory=list)
    #: Module-level constants folded to static values (name -> value).
    constants: dict[str, Value] = Field(default_factory=dict)
    #: Ids of all constructs defined in the file, in source order.
    constructs: list[str] = Field(default_factory=list)


class PackageInfo(_Model):
    name: str | None = None
    version: str | None = None
    module_type: str | None = None
    dependencies: dict[str, str] = Field(default_factory=dict)
    dev_dependencies: dict[str, str] = Field(default_factory=dict)
    #: `@mastra/*` (and `mastra`) packages with their version ranges.
    mastra_packages: dict[str, str] = Field(default_factory=dict)
    engines: dict[str, str] = Field(default_factory=dict)
    scripts: dict[str, str] = Field(default_factory=dict)


class TsConfig(_Model):
    base_url: str | None = None
    paths: dict[str, list[str]] = Field(default_factory=dict)


class EraEvidence(_Model):
    era: Era
    reason: str
    file: str | None = None
    line: int | None = None


class Project(_Model):
    """The whole Mastra app as read."""

    ir_version: str = IR_VERSION
    #: The project directory name (never an absolute path).
    root: str
    era: Era
    era_decided_by: Literal["package", "code", "default"] = "default"
    era_evidence: list[EraEvidence] = Field(default_factory=list)
    entry: str | None = None
    package: PackageInfo | None = None
    tsconfig: TsConfig | None = None
    env_names: list[str] = Field(default_factory=list)
    env_files: list[str] = Field(default_factory=list)
    modules: list[ModuleInfo] = Field(default_factory=list)
    mastra: MastraInstance | None = None
    mastra_instances: list[MastraInstance] = Field(default_factory=list)
    agents: list[Agent] = Field(default_factory=list)
    tools: list[Tool] = Field(default_factory=list)
    workflows: list[Workflow] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    legacy_workflows: list[LegacyWorkflow] = Field(default_factory=list)
    memories: list[Memory] = Field(default_factory=list)
    storages: list[Store] = Field(default_factory=list)
    vectors: list[Store] = Field(default_factory=list)
    mcp_clients: list[MCPClient] = Field(default_factory=list)
    mcp_servers: list[MCPServer] = Field(default_factory=list)
    rag: list[Rag] = Field(default_factory=list)
    scorers: list[Scorer] = Field(default_factory=list)
    others: list[OtherConstruct] = Field(default_factory=list)
    schemas: list[NamedSchema] = Field(default_factory=list)
    helpers: list[Code] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)

    def inventory(self) -> dict[str, int]:
        """Count of constructs per pinned inventory kind (0 when absent)."""
        return {
            "mastra": len(self.mastra_instances),
            "agent": len(self.agents),
            "tool": len(self.tools),
            "workflow": len(self.workflows),
            "step": len(self.steps),
            "legacy_workflow": len(self.legacy_workflows),
            "memory": len(self.memories),
            "storage": len(self.storages),
            "vector": len(self.vectors),
            "mcp_client": len(self.mcp_clients),
            "mcp_server": len(self.mcp_servers),
            "rag": len(self.rag),
            "scorer": len(self.scorers),
        }

    def constructs(self) -> list[Construct]:
        """Every construct, grouped by kind in inventory order, then `others`."""
        groups: list[list[Any]] = [
            self.mastra_instances,
            self.agents,
            self.tools,
            self.workflows,
            self.steps,
            self.legacy_workflows,
            self.memories,
            self.storages,
            self.vectors,
            self.mcp_clients,
            self.mcp_servers,
            self.rag,
            self.scorers,
            self.others,
        ]
        return [c for group in groups for c in group]

    def by_id(self) -> dict[str, Any]:
        """Index of constructs, named schemas and helpers by id."""
        index: dict[str, Any] = {c.id: c for c in self.constructs()}
        index.update({s.id: s for s in self.schemas})
        index.update({h.id: h for h in self.helpers})
        return index

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent, by_alias=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> Project:
        return cls.model_validate_json(text)


for _model in (
    TemplateValue,
    ObjectProperty,
    ObjectValue,
    ArrayValue,
    FunctionValue,
    SchemaValue,
    OperatorValue,
    PatternProperty,
    Pattern,
    Code,
    ZodModifier,
    ZodField,
    ZodSchema,
    NamedSchema,
    ModelSpec,
    FallbackModel,
    RefMap,
    Agent,
    Tool,
    Step,
    Branch,
    FlowNode,
    Workflow,
    LegacyWorkflow,
    Memory,
    Scorer,
    MastraInstance,
    ApiRoute,
    ServerConfig,
    Project,
):
    _model.model_rebuild()


# --------------------------------------------------------------------------- fast search

_M = TypeVar("_M", bound=BaseModel)
_SCALARS = (str, int, float, bool, bytes, type(None))
_PATHS: dict[tuple[type, type], tuple[str, ...]] = {}


def instances_of(root: object, cls: type[_M]) -> list[_M]:
    """Every `cls` instance inside `root` (models, lists, tuples, dict values), depth first in
    field order. Fields whose declared type cannot hold a `cls` (spans, names, numbers ...)
    are skipped by type, which is what makes this a small fraction of a generic walk over a
    large project."""
    found: list[_M] = []

    def walk(node: object) -> None:
        if isinstance(node, BaseModel):
            if isinstance(node, cls):
                found.append(node)
            values = node.__dict__
            for name in _fields_reaching(type(node), cls):
                value = values.get(name)
                if value is not None and not isinstance(value, _SCALARS):
                    walk(value)
        elif isinstance(node, list | tuple):
            for item in node:
                if not isinstance(item, _SCALARS):
                    walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                if not isinstance(item, _SCALARS):
                    walk(item)

    walk(root)
    return found


def _fields_reaching(model: type, target: type) -> tuple[str, ...]:
    key = (model, target)
    hit = _PATHS.get(key)
    if hit is None:
        fields = getattr(model, "model_fields", {})
        hit = tuple(n for n, f in fields.items() if _may_hold(f.annotation, target, set()))
        _PATHS[key] = hit
    return hit


def _may_hold(tp: Any, target: type, seen: set[type]) -> bool:
    """Whether a value of declared type `tp` can contain a `target` (conservative: unknown
    types answer yes)."""
    origin = typing.get_origin(tp)
    if origin is Literal:
        return False
    if origin is not None:
        return any(_may_hold(arg, target, seen) for arg in typing.get_args(tp))
    if isinstance(tp, types.UnionType):
        return any(_may_hold(arg, target, seen) for arg in tp.__args__)
    if not isinstance(tp, type):
        return True  # Any, forward references, type variables
    if tp in _SCALARS:
        return False
    if not issubclass(tp, BaseModel):
        return True
    for sub in _with_subclasses(tp):
        if issubclass(sub, target) or issubclass(target, sub):
            return True
        if sub in seen:
            continue
        seen.add(sub)
        if any(_may_hold(f.annotation, target, seen) for f in sub.model_fields.values()):
            return True
    return False


def _with_subclasses(tp: type[BaseModel]) -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = [tp]
    for sub in tp.__subclasses__():
        out.extend(_with_subclasses(sub))
    return out
