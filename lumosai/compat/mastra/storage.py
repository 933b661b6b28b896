"""Mastra storage and vector classes as native ones: ``LibSQLStore({url})`` is a
``SqliteStorage``, ``PostgresStore`` a ``PostgresStorage``, ``InMemoryStore`` an
``InMemoryStorage``, ``LibSQLVector`` a ``SqliteVector``; each is usable wherever the native
runtime takes a storage (``LumosApp``, workflows, native agents)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lumosai.memory.in_memory import InMemoryStorage
from lumosai.memory.sqlite import SqliteStorage
from lumosai.vector.in_memory import InMemoryVector
from lumosai.vector.sqlite import SqliteVector


def sqlite_path(url: str) -> str:
    """A libSQL url as a SQLite path: ``file:./x.db`` -> ``./x.db``, ``:memory:`` kept.

    Remote ``libsql://`` databases are not supported (no libSQL client here)."""
    if url in (":memory:", "file::memory:"):
        return ":memory:"
    if url.startswith(("libsql://", "http://", "https://", "ws://", "wss://")):
        raise ValueError(
            f"LibSQLStore url {url!r}: remote libSQL/Turso databases are not supported; use "
            "'file:<path>' (SQLite) or PostgresStore"
        )
    path = url[len("file:") :] if url.startswith("file:") else url
    if path.startswith("//"):
        path = path[2:]
    return str(Path(path))


def _opts(options: Mapping[str, Any] | None, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    return {**(options or {}), **kwargs}


class LibSQLStore(SqliteStorage):
    """``new LibSQLStore({ id?, url: 'file:./mastra.db' | ':memory:' })``."""

    def __init__(self, options: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        opts = _opts(options, kwargs)
        url = opts.get("url")
        if not isinstance(url, str) or not url:
            raise ValueError("LibSQLStore needs a url, e.g. {'url': 'file:./mastra.db'}")
        self.id: str = str(opts.get("id") or "libsql-store")
        self.url = url
        super().__init__(sqlite_path(url))


class InMemoryStore(InMemoryStorage):
    """``new InMemoryStore()`` (``@mastra/core/storage``)."""

    def __init__(self, options: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        self.id: str = str(_opts(options, kwargs).get("id") or "in-memory-store")
        super().__init__()


def _postgres_url(opts: Mapping[str, Any]) -> str:
    url = opts.get("connectionString") or opts.get("url")
    if url:
        return str(url)
    host = opts.get("host")
    if not host:
        raise ValueError(
            "PostgresStore needs a connectionString or host/port/database/user/password"
        )
    user = opts.get("user") or ""
    password = opts.get("password")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return (
        f"postgresql://{auth}{host}:{opts.get('port') or 5432}/{opts.get('database') or 'postgres'}"
    )


def PostgresStore(options: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
    """``new PostgresStore({ id?, connectionString, schemaName? })`` -> a ``PostgresStorage``
    (needs ``lumosai[postgres]``)."""
    from lumosai.memory.postgres import PostgresStorage

    opts = _opts(options, kwargs)
    storage = PostgresStorage(
        _postgres_url(opts), schema=opts.get("schemaName") or opts.get("schema")
    )
    storage.id = str(opts.get("id") or "postgres-store")  # type: ignore[attr-defined]
    return storage


class LibSQLVector(SqliteVector):
    """``new LibSQLVector({ id?, url })`` with Mastra's named-argument methods."""

    def __init__(self, options: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        opts = _opts(options, kwargs)
        url = opts.get("url") or opts.get("connectionUrl")
        if not isinstance(url, str) or not url:
            raise ValueError("LibSQLVector needs a url, e.g. {'url': 'file:./mastra.db'}")
        self.id: str = str(opts.get("id") or "libsql-vector")
        super().__init__(sqlite_path(url))

    async def createIndex(self, options: Mapping[str, Any]) -> None:
        await self.create_index(
            options["indexName"], int(options["dimension"]), options.get("metric", "cosine")
        )

    async def upsert(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if len(args) == 1 and isinstance(args[0], Mapping) and "indexName" in args[0]:
            o = args[0]
            return await super().upsert(
                o["indexName"], o["vectors"], o.get("metadata"), o.get("ids")
            )
        return await super().upsert(*args, **kwargs)

    async def query(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if len(args) == 1 and isinstance(args[0], Mapping) and "indexName" in args[0]:
            o = args[0]
            return await super().query(
                o["indexName"], o["queryVector"], o.get("topK", 10), o.get("filter")
            )
        return await super().query(*args, **kwargs)

    async def listIndexes(self) -> list[str]:
        return list(await self.list_indexes())


class InMemoryVectorStore(InMemoryVector):
    """An in-memory vector store (tests)."""
