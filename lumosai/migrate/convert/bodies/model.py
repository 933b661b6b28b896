"""Public data types of the body translator: roles, the name map, results and rule ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """How a function's parameters map onto the Lumos runtime (see docs/rules/bodies.md)."""

    TOOL_V1 = "tool_v1"  # execute: async (inputData, context) => ...
    TOOL_V0 = "tool_v0"  # execute: async ({ context, runtimeContext, mastra, ... })
    STEP_V1 = "step_v1"  # execute: async ({ inputData, mastra, getStepResult, ... })
    STEP_V0_LEGACY = "step_v0_legacy"  # execute: async ({ context, mastra, suspend })
    CONDITION = "condition"  # branch/loop conditions: step_v1 params plus iterationCount
    MAP = "map"  # .map(fn) between steps
    INSTRUCTIONS = "instructions"  # ({ requestContext }) / ({ runtimeContext }) => ...
    HELPER = "helper"  # a plain module-level function
    API_ROUTE = "api_route"  # Hono route handler (c) => ... (hono.py, the server converter's)
    MIDDLEWARE = "middleware"  # Hono middleware (c, next) => ... (hono.py)


# Rule ids are stable: reports, SARIF and docs/rules/<RULE>.md use them.
RULES: dict[str, str] = {
    "LM200": "Internal translator error (the output would not compile)",
    "LM201": "TypeScript source could not be parsed as one function",
    "LM202": "Syntax construct with no faithful Python translation",
    "LM203": "Free name the converter does not know",
    "LM204": "Built-in, method or property with no Python twin in the translator",
    "LM205": "Imported package has no Python twin",
    "LM206": "Runtime context member with no Lumos equivalent",
    "LM207": "JavaScript semantics that depend on runtime types the translator cannot see",
    "LM208": "Regular expression feature with no Python `re` equivalent",
    "LM209": "Agent stream use beyond iterating its text",
    "LM210": "TypeScript type with no Python hint or TypedDict form",
}


@dataclass(frozen=True)
class HelperRef:
    """A project helper (function or constant) already translated to Python."""

    py_name: str
    is_async: bool = False  # the Python function is a coroutine function
    is_function: bool = True
    import_line: str | None = None  # e.g. "from app.utils import format_date"
    #: Whether the TypeScript function returns a Promise (None: same as `is_async`). A helper
    #: that is async only in Python (it runs through the Node bridge, or calls one that does)
    #: is awaited where the TypeScript calls it plainly.
    ts_async: bool | None = None
    #: for constants: "object" (a dict: `X[k] ?? d` reads with .get), "array", ... or None
    value_type: str | None = None
    #: the function runs the TypeScript through the Node bridge: what it throws is a
    #: TypeScriptError, never a translated project error class
    bridged: bool = False
    #: the TypeScript source of each positional parameter's default (None: no default), so a
    #: call passing a maybe-undefined argument can give the default as JavaScript does
    param_defaults: tuple[str | None, ...] = ()

    @property
    def implicitly_awaited(self) -> bool:
        return self.is_function and self.is_async and self.ts_async is False


@dataclass(frozen=True)
class ImportRef:
    """A name imported from a package; `py_expr` is None when there is no Python twin."""

    module: str  # the TypeScript module specifier, for messages
    py_expr: str | None = None  # e.g. "np" or "slugify"
    import_line: str | None = None  # e.g. "from slugify import slugify"
    is_async: bool = False
    #: the exported name it binds ("format" for `import { format as fmt }`; "default", "*")
    imported_name: str | None = None


@dataclass(frozen=True)
class SchemaRef:
    """A zod schema variable and the pydantic class it became."""

    py_class: str
    import_line: str | None = None


@dataclass(frozen=True)
class AgentRef:
    """An agent known by variable; `key` is its registry key (app.agent(key))."""

    key: str
    py_expr: str | None = None  # a module-level Python name, when helpers need it
    import_line: str | None = None


@dataclass(frozen=True)
class ToolRef:
    """A tool known by variable (`someTool.execute(...)`)."""

    py_name: str
    import_line: str | None = None


@dataclass(frozen=True)
class StepRef:
    """A workflow step known by variable (`getStepResult(fetchWeather)`)."""

    step_id: str


@dataclass
class NameMap:
    """What the free names of a function mean. Anything not listed is untranslatable (LM203)."""

    helpers: dict[str, HelperRef] = field(default_factory=dict)
    imports: dict[str, ImportRef] = field(default_factory=dict)
    schemas: dict[str, SchemaRef] = field(default_factory=dict)
    agents: dict[str, AgentRef] = field(default_factory=dict)
    tools: dict[str, ToolRef] = field(default_factory=dict)
    steps: dict[str, StepRef] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # TS type/interface -> Python hint name
    # Required top-level fields of the tool/step input schema. Reads of these use input["k"];
    # other keys use input.get("k") (zod leaves absent optional fields out). None = unknown.
    input_required: frozenset[str] | None = None
    # The same for a step's resume schema (`resumeData.k`): an absent optional key is left out
    # of the validated resume data, so it reads resume_data.get("k"). None = unknown.
    resume_required: frozenset[str] | None = None
    # Keys of `new Mastra({ vectors })` the Lumos app cannot register (no lumosai.vector twin):
    # `mastra.getVector(key)` on them stays bridged; a computed key too, when any exist.
    unregistered_vectors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Span:
    """1-based line and column range in the original file."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int


@dataclass
class BodyResult:
    """The outcome of translating one function. `python` is empty unless `ok`."""

    ok: bool
    python: str = ""
    imports: set[str] = field(default_factory=set)
    # Module-level lines the function relies on, e.g. "logger = logging.getLogger(__name__)".
    module_lines: set[str] = field(default_factory=set)
    rule: str | None = None
    reason: str | None = None
    span: Span | None = None
    free_names: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    is_async: bool = False

    def todo_comment(self) -> str:
        """The marker the converter puts above a bridged function (never stacked)."""
        if self.ok or self.rule is None:
            return ""
        return f"# TODO(lumos-migrate:{self.rule}): {self.reason} - see docs/rules/{self.rule}.md"


class Untranslatable(Exception):
    """Raised inside the translator; becomes a not-ok BodyResult."""

    def __init__(self, rule: str, reason: str, node: object | None = None) -> None:
        super().__init__(f"{rule}: {reason}")
        self.rule = rule
        self.reason = reason
        self.node = node
