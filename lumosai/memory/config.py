"""Memory options: Lumos field names (``lumosai_core::memory``) with Mastra's semantics.

Pydantic models with ``extra="forbid"`` so a typo is an error, not a silently ignored option.
Mastra options that have no Lumos field (``generateTitle``, ``readOnly`` …) go to
``MemoryConfig.extra``. Defaults are Mastra 1.x's; the converter always writes explicit values
because Mastra's defaults changed between versions.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

Scope = Literal["thread", "resource"]

DEFAULT_LAST_MESSAGES = 10
DEFAULT_SCOPE: Scope = "resource"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A pydantic model's JSON schema self-contained (``$defs`` inlined, no invented titles),
    as zod's JSON schema is: it is nested under the working-memory tool's ``memory`` key."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any, seen: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name in seen or name not in defs:
                return {k: v for k, v in node.items() if k != "$ref"}  # recursive: open
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**inline(defs[name], seen | {name}), **rest}
        out: dict[str, Any] = {}
        for key, child in node.items():
            if key == "title" and isinstance(child, str):
                continue
            if key in ("properties", "patternProperties") and isinstance(child, dict):
                out[key] = {name: inline(sub, seen) for name, sub in child.items()}
            else:
                out[key] = inline(child, seen)
        return out

    inlined: dict[str, Any] = inline(schema, frozenset())
    return inlined


class MessageRange(_Strict):
    """How many messages around each semantic-recall hit are loaded with it."""

    before: int = Field(default=1, ge=0)
    after: int = Field(default=1, ge=0)


class SemanticRecallConfig(_Strict):
    """Vector search over past messages (Mastra ``semanticRecall``)."""

    top_k: int = Field(default=4, ge=1)
    message_range: MessageRange = Field(default_factory=MessageRange)
    scope: Scope | None = None
    """``thread`` searches this thread only; ``resource`` all threads of the resource.
    None: ``MemoryConfig.extra["scope"]``, else ``resource`` (Mastra 1.x)."""
    relevance_threshold: float | None = None
    """Drop hits whose cosine similarity is below this (Mastra ``threshold``)."""
    index_name: str | None = None
    """Vector index; None: ``memory_messages_<dimension>``."""
    generate_summaries: bool = False
    use_embeddings: bool = True
    max_capacity: int | None = None
    max_results: int | None = None
    template: str | None = None
    version: Literal["0.x", "1.x"] = "1.x"
    """``1.x``: like Mastra 1.x, the embedder is first asked for one embedding of ``"a"`` to
    learn its dimension (once per ``Memory``); ``0.x`` (set by ``lumos-migrate`` for 0.x
    apps): no such call."""

    @field_validator("message_range", mode="before")
    @classmethod
    def _range_from_int(cls, value: Any) -> Any:
        # Mastra: `messageRange: n` means n before and n after.
        if isinstance(value, int) and not isinstance(value, bool):
            return {"before": value, "after": value}
        return value


class WorkingMemoryConfig(_Strict):
    """Persistent notes the agent keeps up to date through the ``updateWorkingMemory`` tool."""

    enabled: bool = True
    template: str | None = None
    """Markdown template; None with no ``schema``: Mastra's default user-information template."""
    json_schema: dict[str, Any] | None = Field(
        default=None, validation_alias=AliasChoices("schema", "json_schema")
    )
    """JSON schema of the working memory (Mastra ``schema: z.object(...)``); the agent sends
    partial objects that are merged into the stored one."""
    scope: Scope | None = None
    """None: ``MemoryConfig.extra["scope"]``, else ``resource`` (Mastra 1.x)."""
    content_type: str | None = None
    max_capacity: int | None = None
    read_only: bool = False
    """Show the working memory but give the agent no tool to change it (Mastra ``readOnly``)."""
    version: Literal["0.x", "1.x"] = "1.x"
    """Which Mastra release's ``updateWorkingMemory`` tool text the model sees (the converter
    sets ``0.x`` for apps on Mastra 0.x, whose tool description differs)."""

    @field_validator("json_schema", mode="before")
    @classmethod
    def _schema_from_model(cls, value: Any) -> Any:
        # `schema=UserProfile` (a pydantic model class, what a zod schema converts to)
        if isinstance(value, type) and issubclass(value, BaseModel):
            return model_schema(value)
        return value


class MemoryConfig(_Strict):
    """What an agent remembers between calls (Lumos ``MemoryConfig``, Mastra ``Memory.options``)."""

    enabled: bool = True
    last_messages: int = Field(default=DEFAULT_LAST_MESSAGES, ge=0)
    """Newest N messages of the thread loaded into every call; 0 (Mastra ``false``) loads none."""
    semantic_recall: SemanticRecallConfig | None = None
    working_memory: WorkingMemoryConfig | None = None
    store_id: str | None = None
    """Where messages live: ``sqlite:<path>``, ``memory``, ``postgres://…``; None: the storage
    given to the agent or app, else ``default_storage()``."""
    namespace: str | None = None
    embedder: str | None = None
    """Embedding model string for semantic recall, e.g. ``openai/text-embedding-3-small``."""
    query: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    """Mastra options without a Lumos field (``generate_title``, ``scope`` …), kept verbatim."""

    @field_validator("last_messages", mode="before")
    @classmethod
    def _false_is_zero(cls, value: Any) -> Any:
        if value is False:
            return 0
        if value is True:
            raise ValueError("last_messages must be a number or false")
        return value

    @field_validator("semantic_recall", mode="before")
    @classmethod
    def _recall_flag(cls, value: Any) -> Any:
        # Mastra: `semanticRecall: true` turns it on with defaults, `false` off.
        if value is True:
            return SemanticRecallConfig()
        if value is False:
            return None
        return value

    @field_validator("working_memory", mode="before")
    @classmethod
    def _working_flag(cls, value: Any) -> Any:
        if value is True:
            return WorkingMemoryConfig()
        if value is False:
            return None
        return value

    @model_validator(mode="after")
    def _check_scope(self) -> MemoryConfig:
        scope = self.extra.get("scope")
        if scope is not None and scope not in ("thread", "resource"):
            raise ValueError(f"extra.scope must be 'thread' or 'resource', not {scope!r}")
        return self

    @property
    def read_only(self) -> bool:
        """Mastra ``readOnly`` (kept in ``extra``): load memory, save nothing, no
        working-memory tool."""
        return bool(self.extra.get("readOnly") or self.extra.get("read_only"))

    @property
    def recall_scope(self) -> Scope:
        """The effective semantic-recall scope."""
        if self.semantic_recall and self.semantic_recall.scope:
            return self.semantic_recall.scope
        return self.extra.get("scope") or DEFAULT_SCOPE

    @property
    def working_memory_scope(self) -> Scope:
        """The effective working-memory scope."""
        if self.working_memory and self.working_memory.scope:
            return self.working_memory.scope
        return self.extra.get("scope") or DEFAULT_SCOPE
