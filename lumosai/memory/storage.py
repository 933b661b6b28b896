"""The storage contract shared by memory (threads, messages, working memory, vectors of
messages) and workflows (run snapshots).

One object serves both so a migrated app has one database, as Mastra apps have one ``storage``.
Implementations: ``InMemoryStorage``, ``SqliteStorage`` (default, a file), ``PostgresStorage``.
All methods are async; SQLite implementations may run blocking calls in a thread.
"""

from __future__ import annotations

import time
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from lumosai.llm.messages import Message


@dataclass(slots=True)
class Thread:
    id: str
    resource_id: str | None = None
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0
    updated_at: float = 0.0


@dataclass(slots=True)
class WorkflowSnapshot:
    """A workflow run as stored: enough to resume it in another process."""

    workflow_id: str
    run_id: str
    status: str
    snapshot: dict[str, Any]
    created_at: float = 0.0
    updated_at: float = 0.0


class StorageError(RuntimeError):
    """A storage cannot be opened or used (bad path, not a database, server unreachable)."""


def new_message_id() -> str:
    return str(uuid.uuid4())


def stamp_messages(messages: list[Message]) -> list[Message]:
    """Give each message an ``id`` and ``created_at`` if it has none (in place), as Mastra does.

    Timestamps of one batch rise by a microsecond each so time order equals list order."""
    now = time.time()
    for offset, message in enumerate(messages):
        if message.id is None:
            message.id = new_message_id()
        if message.created_at is None:
            message.created_at = now + offset * 1e-6
    return messages


class Storage(ABC):
    """Async storage used by memory and workflows."""

    # threads and messages
    @abstractmethod
    async def get_thread(self, thread_id: str) -> Thread | None: ...

    @abstractmethod
    async def save_thread(self, thread: Thread) -> Thread:
        """Insert or update; ``created_at`` of an existing thread is kept, ``updated_at`` is now."""

    @abstractmethod
    async def list_threads(self, resource_id: str) -> list[Thread]:
        """Threads of one resource, oldest first."""

    @abstractmethod
    async def delete_thread(self, thread_id: str) -> None:
        """Delete the thread and its messages."""

    @abstractmethod
    async def add_messages(self, thread_id: str, messages: list[Message]) -> None:
        """Append messages; each gets an ``id`` and ``created_at`` if it has none.

        A message whose ``id`` is already stored replaces the stored one in place (Mastra's
        ``saveMessages`` upserts by id)."""

    @abstractmethod
    async def get_messages(
        self, thread_id: str, *, last: int | None = None, ids: list[str] | None = None
    ) -> list[Message]:
        """Messages oldest first; ``last`` keeps only the newest N."""

    async def get_messages_around(
        self, thread_id: str, message_id: str, *, before: int = 0, after: int = 0
    ) -> list[Message]:
        """The message ``message_id`` with up to ``before``/``after`` neighbours, oldest first.

        Semantic recall uses it for ``message_range``. The default reads the whole thread;
        database backends override it with an indexed query."""
        messages = await self.get_messages(thread_id)
        for index, message in enumerate(messages):
            if message.id == message_id:
                return messages[max(0, index - before) : index + after + 1]
        return []

    # working memory (per thread or per resource, keyed by the caller)
    @abstractmethod
    async def get_working_memory(self, key: str) -> str | None: ...

    @abstractmethod
    async def set_working_memory(self, key: str, content: str) -> None: ...

    # workflow snapshots
    @abstractmethod
    async def save_workflow_snapshot(self, snapshot: WorkflowSnapshot) -> None:
        """Insert or replace the run ``(workflow_id, run_id)``; ``created_at`` is kept."""

    @abstractmethod
    async def load_workflow_snapshot(
        self, workflow_id: str, run_id: str
    ) -> WorkflowSnapshot | None: ...

    @abstractmethod
    async def list_workflow_snapshots(self, workflow_id: str) -> list[WorkflowSnapshot]:
        """Runs of one workflow, oldest first."""

    async def close(self) -> None:
        """Release connections; the default has none."""
        return None
