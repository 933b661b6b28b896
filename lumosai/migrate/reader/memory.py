"""`new Memory({...})`, storage adapters (`LibSQLStore`, `PostgresStore` ...) and vector
stores (`LibSQLVector`, `PgVector` ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import EraEvidence, Memory, ObjectValue, Store
from lumosai.migrate.reader import common
from lumosai.migrate.reader.models import embedder_spec

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader, Site

_URL_KEYS = ("url", "connectionString", "connectionUrl", "uri", "path", "dbPath")


def build_memory(ctx: Reader, site: Site) -> Memory:
    opts = common.options(ctx, site)
    mem = Memory(**common.base(ctx, site, opts))
    mem.storage = opts.get("storage")
    mem.storage_id, _ = common.target_of(mem.storage)
    mem.vector = opts.get("vector")
    mem.vector_id, _ = common.target_of(mem.vector)
    mem.embedder = embedder_spec(ctx, site.mod, opts.get("embedder"))
    mopts = opts.get("options")
    if isinstance(mopts, ObjectValue):
        mem.memory_options = {p.key: p.value for p in mopts.properties}
        wm = mopts.get("workingMemory")
        if isinstance(wm, ObjectValue) and wm.get("schema") is not None:
            mem.working_memory_schema = common.schema_of(wm.get("schema"))
        rel = site.mod.rel
        if isinstance(wm, ObjectValue) and common.lit_str(wm.get("use")) == "text-stream":
            ctx.era_evidence(
                mem.id, EraEvidence(era="0.x", reason="workingMemory.use text-stream", file=rel)
            )
        if isinstance(mopts.get("threads"), ObjectValue):
            ctx.era_evidence(
                mem.id, EraEvidence(era="0.x", reason="memory options.threads", file=rel)
            )
    mem.processors = opts.get("processors")
    if mem.processors is not None:
        ctx.era_evidence(
            mem.id, EraEvidence(era="0.x", reason="Memory({ processors })", file=site.mod.rel)
        )
    return mem


def build_store(ctx: Reader, site: Site) -> Store:
    opts = common.options(ctx, site)
    store = Store(**common.base(ctx, site, opts), adapter=site.factory)
    store.kind = "vector" if site.kind.kind == "vector" else "storage"
    store.store_id = common.lit_str(opts.get("id"))
    for key in _URL_KEYS:
        if opts.get(key) is not None:
            store.url = opts.get(key)
            break
    if store.url is None and store.args:
        store.url = store.args[0]
        ctx.era_evidence(
            store.id,
            EraEvidence(era="0.x", reason=f"positional {site.factory} argument", file=site.mod.rel),
        )
    if store.store_id is not None:
        ctx.era_evidence(
            store.id,
            EraEvidence(era="1.x", reason=f"{site.factory} has an `id`", file=site.mod.rel),
        )
    return store
