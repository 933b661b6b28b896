"""``InMemoryStorage``: the storage contract in dicts, for tests and throwaway apps
(Mastra's ``InMemoryStore`` / ``LibSQLStore({url: ':memory:'})``)."""

from __future__ import annotations

import copy
import time

from lumosai.llm.messages import Message
from lumosai.memory.storage import Storage, Thread, WorkflowSnapshot, stamp_messages


class InMemoryStorage(Storage):
    """Everything lives in this process and is gone when it ends.

    Values are copied in and out so callers cannot change stored data by mutating objects."""

    def __init__(self) -> None:
        self._threads: dict[str, Thread] = {}
        self._messages: dict[str, list[Message]] = {}
        self._working_memory: dict[str, str] = {}
        self._snapshots: dict[tuple[str, str], WorkflowSnapshot] = {}

    async def get_thread(self, thread_id: str) -> Thread | None:
        thread = self._threads.get(thread_id)
        return copy.deepcopy(thread) if thread else None

    async def save_thread(self, thread: Thread) -> Thread:
        now = time.time()
        existing = self._threads.get(thread.id)
        stored = copy.deepcopy(thread)
        stored.created_at = existing.created_at if existing else (thread.created_at or now)
        stored.updated_at = now
        self._threads[thread.id] = stored
        return copy.deepcopy(stored)

    async def list_threads(self, resource_id: str) -> list[Thread]:
        found = [t for t in self._threads.values() if t.resource_id == resource_id]
        return [copy.deepcopy(t) for t in sorted(found, key=lambda t: t.created_at)]

    async def delete_thread(self, thread_id: str) -> None:
        self._threads.pop(thread_id, None)
        self._messages.pop(thread_id, None)

    async def add_messages(self, thread_id: str, messages: list[Message]) -> None:
        stored = self._messages.setdefault(thread_id, [])
        position = {m.id: i for i, m in enumerate(stored)}
        for message in stamp_messages(messages):
            kept = copy.deepcopy(message)
            if message.id in position:
                stored[position[message.id]] = kept
            else:
                position[message.id] = len(stored)
                stored.append(kept)
        thread = self._threads.get(thread_id)
        if thread is not None:
            thread.updated_at = time.time()

    async def get_messages(
        self, thread_id: str, *, last: int | None = None, ids: list[str] | None = None
    ) -> list[Message]:
        messages = self._messages.get(thread_id, [])
        if ids is not None:
            wanted = set(ids)
            messages = [m for m in messages if m.id in wanted]
        if last is not None:
            messages = messages[-last:] if last > 0 else []
        return [copy.deepcopy(m) for m in messages]

    async def get_working_memory(self, key: str) -> str | None:
        return self._working_memory.get(key)

    async def set_working_memory(self, key: str, content: str) -> None:
        self._working_memory[key] = content

    async def save_workflow_snapshot(self, snapshot: WorkflowSnapshot) -> None:
        now = time.time()
        key = (snapshot.workflow_id, snapshot.run_id)
        existing = self._snapshots.get(key)
        stored = copy.deepcopy(snapshot)
        stored.created_at = existing.created_at if existing else (snapshot.created_at or now)
        stored.updated_at = now
        self._snapshots[key] = stored

    async def load_workflow_snapshot(
        self, workflow_id: str, run_id: str
    ) -> WorkflowSnapshot | None:
        snapshot = self._snapshots.get((workflow_id, run_id))
        return copy.deepcopy(snapshot) if snapshot else None

    async def list_workflow_snapshots(self, workflow_id: str) -> list[WorkflowSnapshot]:
        found = [s for (wid, _), s in self._snapshots.items() if wid == workflow_id]
        return [copy.deepcopy(s) for s in sorted(found, key=lambda s: s.created_at)]
