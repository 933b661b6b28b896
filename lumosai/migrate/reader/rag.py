"""RAG: `MDocument` creation, `doc.chunk()`, `embed`/`embedMany`, vector `createIndex`/
`upsert`/`query`, `rerank`; RAG tool factories are handled with tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lumosai.migrate.ir import CallValue, Era, EraEvidence, ObjectValue, Rag
from lumosai.migrate.reader import common
from lumosai.migrate.reader import values as values_mod
from lumosai.migrate.reader.catalog import Kind
from lumosai.migrate.reader.models import model_spec
from lumosai.migrate.reader.sites import add_site
from lumosai.migrate.reader.syntax import member_path, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

    from lumosai.migrate.reader.context import Reader, Site
    from lumosai.migrate.reader.modules import ModuleIndex

_RECEIVER_KINDS = {
    "chunk": ("rag",),
    "createIndex": ("vector",),
    "upsert": ("vector",),
    "query": ("vector",),
}


def classify_member_calls(ctx: Reader, mod: ModuleIndex, deferred: list[tuple[Node, str]]) -> None:
    """Decide which `.chunk/.createIndex/.upsert/.query` calls are RAG operations."""
    file = mod.file
    for node, method in deferred:
        fn = node.child_by_field_name("function")
        recv = fn.child_by_field_name("object") if fn is not None else None
        if recv is None:
            continue
        kind = _receiver_kind(ctx, mod, recv)
        ok = kind is not None and (
            kind in _RECEIVER_KINDS[method] or (method == "chunk" and kind == "rag")
        )
        if not ok:
            keys = _first_object_keys(file, node)
            if method == "chunk":
                ok = "strategy" in keys
            else:
                ok = "indexName" in keys or _is_get_vector(file, recv)
        if ok:
            add_site(ctx, mod, node, Kind("rag", method), method, "")


def _receiver_kind(ctx: Reader, mod: ModuleIndex, recv: Node) -> str | None:
    recv = unwrap(recv)
    if recv.type == "identifier":
        site = ctx.site_for(ctx.resolve_name(mod, mod.file.text(recv)))
        if site is None:
            site = ctx.local_site(mod, recv)
        return site.kind.kind if site is not None else None
    site = ctx.site_at(mod, recv)
    return site.kind.kind if site is not None else None


def _first_object_keys(file: object, node: Node) -> set[str]:
    args = node.child_by_field_name("arguments")
    if args is None:
        return set()
    for a in args.named_children:
        a = unwrap(a)
        if a.type == "object":
            keys: set[str] = set()
            for c in a.named_children:
                if c.type == "pair":
                    k = c.child_by_field_name("key")
                    if k is not None:
                        keys.add(file.text(k).strip("'\""))  # type: ignore[attr-defined]
                elif c.type == "shorthand_property_identifier":
                    keys.add(file.text(c))  # type: ignore[attr-defined]
            return keys
        return set()
    return set()


def _is_get_vector(file: object, recv: Node) -> bool:
    recv = unwrap(recv)
    if recv.type != "call_expression":
        return False
    fn = recv.child_by_field_name("function")
    path = member_path(file, fn) if fn is not None else None  # type: ignore[arg-type]
    return bool(path) and path[-1] in ("getVector", "getVectors")  # type: ignore[index]


def build(ctx: Reader, site: Site) -> Rag:
    opts = common.options(ctx, site)
    rag = Rag(**common.base(ctx, site, opts), operation=site.kind.sub or site.factory)
    fn = site.node.child_by_field_name("function")
    if fn is not None and fn.type == "member_expression" and site.kind.sub in _RECEIVER_KINDS:
        recv = fn.child_by_field_name("object")
        if recv is not None:
            rag.receiver = values_mod.value(ctx, site.mod, recv, hint=site.name)
            rag.receiver_id, _ = common.target_of(rag.receiver)
            if rag.receiver_id is None and isinstance(rag.receiver, CallValue):
                rag.receiver_id = rag.receiver.target
    if site.kind.sub in ("embed", "embedMany"):
        rag.embedding_model = model_spec(ctx, site.mod, opts.get("model"))
    if site.kind.sub in _RECEIVER_KINDS and site.kind.sub != "chunk":
        era: Era = (
            "1.x" if isinstance(opts, ObjectValue) and opts.get("indexName") is not None else "0.x"
        )
        if rag.args or opts.properties:
            ctx.era_evidence(
                rag.id,
                EraEvidence(
                    era=era, reason=f"vector {site.kind.sub} argument style", file=site.mod.rel
                ),
            )
    if site.kind.sub == "chunk":
        chunk_keys: tuple[tuple[str, Era], ...] = (
            ("size", "0.x"),
            ("keepSeparator", "0.x"),
            ("maxSize", "1.x"),
            ("separatorPosition", "1.x"),
        )
        for key, chunk_era in chunk_keys:
            if opts.get(key) is not None:
                ctx.era_evidence(
                    rag.id,
                    EraEvidence(era=chunk_era, reason=f"chunk option `{key}`", file=site.mod.rel),
                )
    return rag
