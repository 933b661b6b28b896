"""Choosing a storage: the process default and ``store_id`` strings from config."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from lumosai.memory.in_memory import InMemoryStorage
from lumosai.memory.sqlite import SqliteStorage
from lumosai.memory.storage import Storage

DEFAULT_DB_PATH = Path(".lumos") / "lumos.db"
"""Relative to the working directory; override with the ``LUMOS_DB`` environment variable."""

_cache: dict[str, SqliteStorage] = {}
_cache_lock = threading.Lock()


def default_db_path() -> Path:
    """``$LUMOS_DB`` if set, else ``./.lumos/lumos.db``, made absolute."""
    return Path(os.environ.get("LUMOS_DB") or DEFAULT_DB_PATH).resolve()


def default_storage() -> SqliteStorage:
    """The SQLite storage agents use when given memory but no storage.

    One instance per file per process, so agents share a connection."""
    return _sqlite_for(default_db_path())


def _sqlite_for(path: Path) -> SqliteStorage:
    key = str(path)
    with _cache_lock:
        storage = _cache.get(key)
        if storage is None:
            storage = _cache[key] = SqliteStorage(path)
        return storage


def storage_from_id(store_id: str, *, base_dir: str | Path | None = None) -> Storage:
    """Build a storage from a ``store_id`` as written in ``MemoryConfig`` or ``lumosai.yaml``.

    ``sqlite:<path>`` / ``file:<path>`` / a ``*.db`` path -> ``SqliteStorage`` (relative paths
    resolve against ``base_dir``, default the working directory); ``memory`` / ``:memory:`` ->
    ``InMemoryStorage``; ``postgres://…`` / ``postgresql://…`` -> ``PostgresStorage``;
    ``upstash`` / ``upstash:<any REST URL>`` / ``https://<db>.upstash.io`` -> ``UpstashStorage``
    (token from ``UPSTASH_REDIS_REST_TOKEN``); ``upstash:`` with an empty URL reads
    ``UPSTASH_REDIS_REST_URL`` when first used; ``upstash:memory`` is ``InMemoryStorage`` (the
    converted app's tests set the URL variable to ``memory`` to run offline).
    """
    value = store_id.strip()
    memory_ids = ("memory", ":memory:", "sqlite::memory:", "file::memory:")
    if value in memory_ids:
        return InMemoryStorage()
    if value == "upstash" or value.startswith("upstash:") or _is_upstash_url(value):
        # Upstash Redis REST; URL and token from UPSTASH_REDIS_REST_URL/_TOKEN unless given
        from lumosai.memory.upstash import UpstashStorage

        url = value.removeprefix("upstash").removeprefix(":").strip()
        if url in memory_ids:
            return InMemoryStorage()
        return UpstashStorage(url or None)
    if value.startswith(("postgres://", "postgresql://")):
        from lumosai.memory.postgres import PostgresStorage

        return PostgresStorage(value)
    for prefix in ("sqlite://", "sqlite:", "file://", "file:", "libsql:"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    else:
        if not value.endswith((".db", ".sqlite", ".sqlite3")):
            raise ValueError(
                f"unknown store_id {store_id!r}: use 'sqlite:<path>', 'memory' or 'postgresql://…'"
            )
    path = Path(value)
    if not path.is_absolute():
        path = Path(base_dir or ".") / path
    return _sqlite_for(path.resolve())


def _is_upstash_url(value: str) -> bool:
    """An Upstash Redis REST endpoint (``https://<name>.upstash.io``)."""
    from urllib.parse import urlparse

    if not value.startswith(("https://", "http://")):
        return False
    host = urlparse(value).hostname or ""
    return host == "upstash.io" or host.endswith(".upstash.io")
