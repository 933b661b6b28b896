"""`new Memory({...})` + storage adapters -> `MemoryConfig` (explicit values, per Mastra era).

Mastra's memory defaults changed between versions (mastra-api.md §11); the output states every
value so the converted app behaves the same whatever Lumos' own defaults are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.values import (
    NotStatic,
    env_read,
    py_env_text,
    py_literal,
    source_of,
    to_data,
)

RULE_MEMORY_OPTION = "LM350"
RULE_STORAGE = "LM351"


@dataclass
class MemoryOut:
    config: dict[str, Any] = field(default_factory=dict)  # MemoryConfig fields (plain data)
    issues: list[tuple[str, str]] = field(default_factory=list)  # -> todo
    notes: list[tuple[str, str]] = field(default_factory=list)  # -> warnings
    env: list[str] = field(default_factory=list)

    def code(self) -> str:
        """`MemoryConfig(...)` source (needs MemoryConfig, SemanticRecallConfig, ... imported)."""
        args = []
        for key, value in self.config.items():
            if key == "semantic_recall" and isinstance(value, dict):
                inner = dict(value)
                rng = inner.pop("message_range", None)
                parts = [f"{k}={py_literal(v)}" for k, v in inner.items()]
                if rng is not None:
                    parts.append(
                        f"message_range=MessageRange(before={rng['before']}, after={rng['after']})"
                    )
                args.append(f"semantic_recall=SemanticRecallConfig({', '.join(parts)})")
            elif key == "working_memory" and isinstance(value, dict):
                parts = [
                    f"{k}={v if isinstance(v, PyExpr) else py_literal(v)}" for k, v in value.items()
                ]
                args.append(f"working_memory=WorkingMemoryConfig({', '.join(parts)})")
            elif key == "store_id" and isinstance(value, str):
                # `${VAR...}` placeholders read the environment as lumosai.yaml would
                args.append(f"{key}={py_env_text(value)}")
            else:
                args.append(f"{key}={py_literal(value)}")
        return f"MemoryConfig({', '.join(args)})"

    def code_imports(self) -> list[str]:
        names = ["MemoryConfig"]
        if isinstance(self.config.get("semantic_recall"), dict):
            names.append("SemanticRecallConfig")
            if "message_range" in self.config["semantic_recall"]:
                names.append("MessageRange")
        if isinstance(self.config.get("working_memory"), dict):
            names.append("WorkingMemoryConfig")
        return names


def era_defaults(era: str | None, versions: dict[str, str]) -> dict[str, Any]:
    """Mastra's defaults for the project's era (mastra-api.md §11)."""
    core = versions.get("@mastra/core", "")
    digits = [int(p) for p in core.lstrip("^~>=v ").split(".")[:2] if p.isdigit()]
    if era == "1.x" or (digits and digits[0] >= 1):
        return {"last_messages": 10, "top_k": 4, "before": 1, "after": 1, "scope": "resource"}
    if digits and digits[0] == 0 and len(digits) > 1 and digits[1] < 10:
        return {
            "last_messages": 40,
            "top_k": 2,
            "before": 2,
            "after": 2,
            "scope": "thread",
            "semantic_on": True,
            "generate_title": True,
            "era": "0.x",
        }
    if era == "0.x" or (digits and digits[0] == 0):
        # what @mastra/core 0.24.9 + @mastra/memory 0.15.13 do (read from their bundles):
        # recall topK 2, range 2/2, working memory and recall per thread unless `scope:
        # 'resource'` is given, and memoryDefaultOptions.threads.generateTitle = true
        return {
            "last_messages": 10,
            "top_k": 2,
            "before": 2,
            "after": 2,
            "scope": "thread",
            "generate_title": True,
            "era": "0.x",
        }
    return {"last_messages": 10, "top_k": 4, "before": 1, "after": 1, "scope": "resource"}


def store_id_for(
    store: ir.Store | None, out: MemoryOut, index: Mapping[str, object] | None = None
) -> str | None:
    """`LibSQLStore({url})` -> `sqlite:<path>` / `memory`; `PostgresStore` -> env URL;
    `MastraCompositeStore` -> its default store (found in `index`, the IR by id)."""
    if store is None:
        return None
    adapter = store.adapter or store.factory
    if adapter == "MastraCompositeStore":
        return _composite(store, out, index or {})
    known = (
        "LibSQLStore",
        "LibSQLVector",
        "DefaultStorage",
        "PostgresStore",
        "PgVector",
        "InMemoryStore",
        "UpstashStore",
    )
    if adapter not in known:
        out.issues.append(
            (
                RULE_STORAGE,
                f"storage adapter {adapter} has no Lumos equivalent yet; use SQLite or PostgreSQL",
            )
        )
        return None
    if adapter == "UpstashStore":
        return _upstash(store, out)
    if adapter in ("PostgresStore", "PgVector"):
        return _postgres(store, adapter, out)
    try:
        url = to_data(store.url) if store.url is not None else None
    except NotStatic:
        url = None
    if adapter in ("LibSQLStore", "LibSQLVector", "DefaultStorage"):
        if not isinstance(url, str):
            out.notes.append(
                (
                    RULE_STORAGE,
                    f"{adapter} url is not static ({source_of(store.url)}); using sqlite:mastra.db",
                )
            )
            return "sqlite:mastra.db"
        if url in (":memory:", "file::memory:"):
            return "memory"
        if url.startswith(("libsql://", "http://", "https://", "wss://")):
            out.issues.append(
                (
                    RULE_STORAGE,
                    f"remote libSQL/Turso database {url!r} has no "
                    "Lumos storage; pick SQLite or PostgreSQL",
                )
            )
            return None
        path = url.removeprefix("file://").removeprefix("file:")
        parts = [p for p in PurePosixPath(path).parts if p not in ("..", ".")]
        if path.startswith("/"):
            return f"sqlite:{path}"
        if ".." in PurePosixPath(path).parts:
            # Mastra resolves relative files from .mastra/output; keep the db in the app folder
            out.notes.append(
                (
                    RULE_STORAGE,
                    f"relative database path {path!r} is resolved from the app folder in Lumos",
                )
            )
        return "sqlite:" + "/".join(parts[-1:] if ".." in PurePosixPath(path).parts else parts)
    if adapter in ("InMemoryStore",):
        return "memory"
    out.issues.append((RULE_STORAGE, f"storage adapter {adapter} has no Lumos equivalent yet"))
    return None


def _postgres(store: ir.Store, adapter: str, out: MemoryOut) -> str:
    """The connection string as the app reads it: its own variable and literal fallback
    (`process.env.X || 'postgresql://...'` -> `${X:-postgresql://...}`); a bare variable is
    required (@mastra/pg throws on an undefined or empty connection string when constructed).
    A literal connection string may hold a password: it moves to DATABASE_URL."""
    read = env_read(store.url)
    placeholder = read.placeholder(required=True) if read is not None else None
    if read is not None and placeholder is not None:
        out.env.append(read.name)
        return placeholder
    if read is not None:
        out.env.append(read.name)
        out.notes.append(
            (
                RULE_STORAGE,
                f"the {adapter} connection string's fallback cannot be written in lumosai.yaml; "
                f"set {read.name}",
            )
        )
        return "${" + read.name + ":?}"
    out.env.append("DATABASE_URL")
    if isinstance(store.url, ir.LiteralValue | ir.TemplateValue):
        message = (
            "the PostgreSQL connection string moved to DATABASE_URL (secrets are never copied)"
        )
        out.notes.append((RULE_STORAGE, message))
    elif store.url is not None:
        message = f"the PostgreSQL connection string ({source_of(store.url)[:60]}) is computed at "
        out.notes.append((RULE_STORAGE, message + "run time; Lumos reads DATABASE_URL"))
    return "${DATABASE_URL:?}"


def _composite(store: ir.Store, out: MemoryOut, index: Mapping[str, object]) -> str | None:
    """`new MastraCompositeStore({ default, domains })` (the 1.x starter's storage): Lumos keeps
    every domain in the default store; an `observability` domain store is not needed, spans go
    to the app's telemetry exporter."""
    default = store.options.get("default")
    target = (
        index.get(default.target)
        if isinstance(default, ir.ReferenceValue) and default.target
        else None
    )
    if not isinstance(target, ir.Store) or target.adapter == "MastraCompositeStore":
        out.issues.append(
            (RULE_STORAGE, f"MastraCompositeStore default store {source_of(default)} is not known")
        )
        return None
    domains = store.options.get("domains")
    for key in domains.keys() if isinstance(domains, ir.ObjectValue) else []:
        if key == "observability":
            out.notes.append(
                (
                    RULE_STORAGE,
                    "MastraCompositeStore: the observability domain store is not used; Lumos "
                    "sends spans to the telemetry exporter",
                )
            )
        else:
            out.notes.append(
                (
                    RULE_STORAGE,
                    f"MastraCompositeStore: domain {key!r} is kept in the default store "
                    f"({target.adapter})",
                )
            )
    return store_id_for(target, out, index)


def storage_variables(stores: list[ir.Store], index: Mapping[str, object]) -> set[str]:
    """The variables the stores' ids read (a converted app's tests set them to `memory`, so
    the stores run in memory whatever the variable is called)."""
    from lumosai.config import ENV_PLACEHOLDER

    names: set[str] = set()
    for store in stores:
        store_id = store_id_for(store, MemoryOut(), index) or ""
        names.update(m.group(1) for m in ENV_PLACEHOLDER.finditer(store_id) if m.group(1))
    return names


def observability_domain_stores(stores: list[ir.Store]) -> set[str]:
    """Ids of stores used only as a composite store's `observability` domain."""
    found: set[str] = set()
    for store in stores:
        domains = store.options.get("domains") if store.adapter == "MastraCompositeStore" else None
        value = domains.get("observability") if isinstance(domains, ir.ObjectValue) else None
        if isinstance(value, ir.CallValue | ir.ReferenceValue) and value.target:
            found.add(value.target)
    return found


class PyExpr(str):
    """Python source emitted as is (a class name), not as a literal."""


def _working_memory(value: ir.Value | None, out: MemoryOut) -> Any:
    """`workingMemory: {...}` as data; its `schema` (a zod schema) stays a marker."""
    if value is None:
        return None
    if isinstance(value, ir.ObjectValue) and not value.spreads:
        data: dict[str, Any] = {}
        for prop in value.properties:
            if prop.key == "schema" and isinstance(prop.value, ir.SchemaValue):
                data["schema"] = True
                continue
            try:
                data[prop.key] = to_data(prop.value)
            except NotStatic:
                out.issues.append(
                    (
                        RULE_MEMORY_OPTION,
                        f"memory option workingMemory.{prop.key} is computed at run time "
                        f"({source_of(prop.value)[:60]})",
                    )
                )
        return data
    try:
        return to_data(value)
    except NotStatic:
        out.issues.append(
            (
                RULE_MEMORY_OPTION,
                f"memory option workingMemory is computed at run time ({source_of(value)[:60]})",
            )
        )
        return None


def embedder_model(spec: ir.ModelSpec | None) -> str | None:
    """`openai.embedding('m')` / `new ModelRouterEmbeddingModel('openai/m')` / `'openai/m'`
    -> `openai/m`; `@mastra/fastembed`'s `fastembed` / `fastembed.base` -> `fastembed[/base]`
    (the same local models through the fastembed package)."""
    if spec is not None and spec.provider_module == "@mastra/fastembed":
        value = spec.value
        path = value.path if isinstance(value, ir.ReferenceValue) else []
        size = path[-1] if path and path[-1] in ("small", "base") else "small"
        return "fastembed" if size == "small" else "fastembed/base"
    if spec is None or not spec.model_id:
        return None
    if spec.kind == "router_string" and isinstance(spec.value, ir.LiteralValue):
        text = spec.value.value
        return text if isinstance(text, str) and "/" in text else None
    if spec.kind in ("router_string", "provider_call") and spec.provider:
        # `new ModelRouterEmbeddingModel('openai/m')`, `openai.embedding('m')`
        return f"{spec.provider.lower()}/{spec.model_id}"
    return None


UPSTASH_ENV = ("UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN")


def _upstash(store: ir.Store, out: MemoryOut) -> str:
    """`new UpstashStore({ url, token })` -> `upstash:<url>` with the URL read as the app reads
    it (`upstash:${UPSTASH_REDIS_REST_URL}`): the explicit prefix opens `UpstashStorage` for any
    URL (a local stand-in, a proxy), not only `https://*.upstash.io`. An unset URL does not stop
    the app starting (the Upstash client only warns; `UpstashStorage` then falls back to
    UPSTASH_REDIS_REST_URL and fails at the first call without one). The token comes from
    UPSTASH_REDIS_REST_TOKEN; secrets are never copied."""
    url, token = store.url, store.options.get("token")
    read = env_read(url)
    token_env = token.env if isinstance(token, ir.ReferenceValue) and token.env else None
    placeholder = read.placeholder() if read is not None else None
    if read is None or placeholder is None:
        out.notes.append(
            (RULE_STORAGE, f"UpstashStore's URL is not an env variable; set {UPSTASH_ENV[0]}")
        )
        placeholder = "${" + UPSTASH_ENV[0] + "}"
    out.env.extend([read.name if read is not None else UPSTASH_ENV[0], UPSTASH_ENV[1]])
    if token_env != UPSTASH_ENV[1]:
        out.notes.append(
            (
                RULE_STORAGE,
                f"UpstashStore read its token from {token_env or 'a literal'}; Lumos reads "
                f"{UPSTASH_ENV[1]} (the token was not copied)",
            )
        )
    return "upstash:" + placeholder


def convert_memory(
    memory: ir.Memory | None,
    store: ir.Store | None,
    *,
    era: str | None,
    versions: dict[str, str],
    schema_class: str | None = None,
    index: Mapping[str, object] | None = None,
) -> MemoryOut:
    """`schema_class`: the pydantic class the working-memory schema became, if any."""
    out = MemoryOut()
    defaults = era_defaults(era, versions)
    options = memory.memory_options if memory else {}

    def opt(key: str) -> Any:
        value = options.get(key)
        if value is None:
            return None
        try:
            return to_data(value)
        except NotStatic:
            out.issues.append(
                (
                    RULE_MEMORY_OPTION,
                    f"memory option {key} is computed at run time ({source_of(value)})",
                )
            )
            return None

    last = opt("lastMessages")
    if last is False:
        out.config["last_messages"] = 0
    elif isinstance(last, int):
        out.config["last_messages"] = last
    else:
        out.config["last_messages"] = defaults["last_messages"]

    recall = opt("semanticRecall")
    if recall is None and defaults.get("semantic_on"):
        recall = True
    if recall is True or isinstance(recall, dict):
        spec = recall if isinstance(recall, dict) else {}
        rng = spec.get("messageRange", {"before": defaults["before"], "after": defaults["after"]})
        if isinstance(rng, int):
            rng = {"before": rng, "after": rng}
        sr: dict[str, Any] = {
            "top_k": spec.get("topK", defaults["top_k"]),
            "message_range": {
                "before": rng.get("before", defaults["before"]),
                "after": rng.get("after", defaults["after"]),
            },
        }
        sr["scope"] = spec.get("scope", defaults["scope"])
        if defaults.get("era") == "0.x":  # 0.x does not probe the embedder's dimension
            sr["version"] = "0.x"
        out.config["semantic_recall"] = sr
    else:
        out.config["semantic_recall"] = None

    working = _working_memory(options.get("workingMemory"), out)
    if isinstance(working, dict) and working.get("enabled", False):
        wm: dict[str, Any] = {"enabled": True}
        if isinstance(working.get("template"), str):
            wm["template"] = working["template"]
        wm["scope"] = working.get("scope", defaults["scope"])
        if working.get("readOnly") is True:
            wm["read_only"] = True
        if defaults.get("era") == "0.x":  # @mastra/memory 0.x words its tool differently
            wm["version"] = "0.x"
        if "schema" in working:
            if schema_class is None:
                out.issues.append(
                    (
                        RULE_MEMORY_OPTION,
                        "working memory schema could not be converted; the template form is used",
                    )
                )
            else:
                wm["schema"] = PyExpr(schema_class)
        out.config["working_memory"] = wm
    else:
        out.config["working_memory"] = None

    store_id = store_id_for(store, out, index)
    if store_id is not None:
        out.config["store_id"] = store_id
    extra: dict[str, Any] = {}
    for key in ("generateTitle", "readOnly", "threads"):
        value = opt(key)
        if value is not None:
            extra[key] = value
    handled = {
        "lastMessages",
        "semanticRecall",
        "workingMemory",
        "generateTitle",
        "readOnly",
        "threads",
    }
    for key in options:
        if key not in handled:
            out.notes.append((RULE_MEMORY_OPTION, f"memory option {key} is not carried over"))
    if out.config["semantic_recall"]:
        embedder = embedder_model(memory.embedder if memory else None)
        if embedder is not None:
            out.config["embedder"] = embedder
        elif memory is not None and memory.embedder is not None:
            out.issues.append(
                (
                    RULE_MEMORY_OPTION,
                    f"the semantic-recall embedder ({source_of(memory.embedder.value)[:60]}) "
                    "could not be converted; set MemoryConfig(embedder=...)",
                )
            )
        if memory is not None and memory.vector is not None:
            out.notes.append(
                (
                    RULE_MEMORY_OPTION,
                    "semantic recall uses the vector store of the memory's storage",
                )
            )
    threads = extra.get("threads")
    titled = "generateTitle" in extra or (isinstance(threads, dict) and "generateTitle" in threads)
    if (
        defaults.get("generate_title")
        and not titled
        and (threads is None or isinstance(threads, dict))
    ):
        # Mastra 0.x memory names new threads unless told otherwise (memoryDefaultOptions)
        extra["threads"] = {**(threads or {}), "generateTitle": True}
    if extra:
        out.config["extra"] = extra
    return out
