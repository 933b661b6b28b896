"""Memory: threads and messages, semantic recall and working memory, over one storage.

``from lumosai.memory import MemoryConfig, SqliteStorage, Memory``. ``Memory`` and
``PostgresStorage`` load on first use (the latter needs the ``postgres`` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lumosai.memory.config import (
    MemoryConfig,
    MessageRange,
    SemanticRecallConfig,
    WorkingMemoryConfig,
)
from lumosai.memory.defaults import default_db_path, default_storage, storage_from_id
from lumosai.memory.in_memory import InMemoryStorage
from lumosai.memory.sqlite import SqliteStorage
from lumosai.memory.storage import Storage, StorageError, Thread, WorkflowSnapshot

if TYPE_CHECKING:
    from lumosai.memory.memory import Memory, MemoryUsageError, PreparedMemory
    from lumosai.memory.postgres import PostgresStorage
    from lumosai.memory.upstash import UpstashStorage

__all__ = [
    "InMemoryStorage",
    "Memory",
    "MemoryConfig",
    "MemoryUsageError",
    "MessageRange",
    "PostgresStorage",
    "PreparedMemory",
    "SemanticRecallConfig",
    "SqliteStorage",
    "Storage",
    "StorageError",
    "Thread",
    "UpstashStorage",
    "WorkflowSnapshot",
    "WorkingMemoryConfig",
    "default_db_path",
    "default_storage",
    "storage_from_id",
]

_LAZY = {
    "Memory": "lumosai.memory.memory",
    "MemoryUsageError": "lumosai.memory.memory",
    "PreparedMemory": "lumosai.memory.memory",
    "PostgresStorage": "lumosai.memory.postgres",
    "UpstashStorage": "lumosai.memory.upstash",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lumosai.memory' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
