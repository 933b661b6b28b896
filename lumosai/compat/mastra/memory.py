"""``Memory({storage, vector, embedder, options})`` (``@mastra/memory``) over
``lumosai.memory.Memory``: Mastra's option names become a native ``MemoryConfig``; the storage
falls back to the agent's, then the ``Mastra``/``LumosApp`` storage, then the default file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lumosai.compat.mastra.results import MastraObject
from lumosai.compat.mastra.schemas import json_schema_of
from lumosai.llm.messages import Message
from lumosai.memory import MemoryConfig
from lumosai.memory.storage import Storage, Thread

_OPTION_KEYS = {
    "lastMessages",
    "semanticRecall",
    "workingMemory",
    "generateTitle",
    "threads",
    "readOnly",
    "scope",
    "observationalMemory",
    "messageHistory",
}


def memory_config(options: Mapping[str, Any] | None, embedder: Any = None) -> MemoryConfig:
    """Mastra ``Memory.options`` -> ``MemoryConfig`` (Mastra 1.x defaults)."""
    opts = dict(options or {})
    unknown = set(opts) - _OPTION_KEYS
    if unknown:
        raise ValueError(
            f"Memory options: unknown key(s) {sorted(unknown)}; known: {sorted(_OPTION_KEYS)}"
        )
    data: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    if "lastMessages" in opts:
        data["last_messages"] = opts["lastMessages"]
    recall = opts.get("semanticRecall")
    if isinstance(recall, Mapping):
        converted: dict[str, Any] = {}
        for key, native in (
            ("topK", "top_k"),
            ("messageRange", "message_range"),
            ("scope", "scope"),
            ("threshold", "relevance_threshold"),
            ("indexName", "index_name"),
        ):
            if key in recall:
                converted[native] = recall[key]
        data["semantic_recall"] = converted
    elif recall is not None:
        data["semantic_recall"] = recall
    working = opts.get("workingMemory")
    if isinstance(working, Mapping):
        wm: dict[str, Any] = {"enabled": working.get("enabled", True)}
        for key, native in (
            ("template", "template"),
            ("scope", "scope"),
            ("readOnly", "read_only"),
        ):
            if key in working:
                wm[native] = working[key]
        if working.get("schema") is not None:
            wm["json_schema"] = json_schema_of(working["schema"])
        data["working_memory"] = wm
    elif working is not None:
        data["working_memory"] = working
    for key in ("generateTitle", "readOnly", "scope", "threads"):
        if key in opts:
            extra[key] = opts[key]
    if isinstance(embedder, str):
        data["embedder"] = embedder
    data["extra"] = extra
    return MemoryConfig.model_validate(data)


def thread_of(thread: Thread | None) -> MastraObject | None:
    if thread is None:
        return None
    return MastraObject(
        id=thread.id,
        resourceId=thread.resource_id,
        title=thread.title,
        metadata=dict(thread.metadata),
        createdAt=thread.created_at,
        updatedAt=thread.updated_at,
    )


def message_of(message: Message, thread_id: str | None = None) -> MastraObject:
    data = MastraObject(message.to_dict())
    data["threadId"] = thread_id
    if message.created_at is not None:
        data["createdAt"] = message.created_at
    return data


class Memory:
    """``new Memory({ storage?, vector?, embedder?, options? })``."""

    def __init__(self, config: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        cfg = {**(config or {}), **kwargs}
        self.storage: Storage | None = cfg.get("storage")
        vector = cfg.get("vector")
        self.vector: Any = None if vector is False else vector
        embedder = cfg.get("embedder")
        self.embedder: Any = None if isinstance(embedder, str) else embedder
        self.options: dict[str, Any] = dict(cfg.get("options") or {})
        self.config = memory_config(self.options, embedder)
        #: 0.x ``processors`` (lumosai.compat.mastra.processors MemoryTokenLimiter ...)
        self.processors: list[Any] = list(cfg.get("processors") or [])
        self._native: Any = None

    def native_for(self, fallback_storage: Storage | None = None) -> Any:
        """The native ``lumosai.memory.Memory`` (built once, on first use)."""
        if self._native is None:
            from lumosai.memory.memory import Memory as NativeMemory

            self._native = NativeMemory(
                self.config,
                self.storage or fallback_storage,
                embedder=self.embedder,
                vector=self.vector,
                processors=self.processors,
            )
        return self._native

    @property
    def native(self) -> Any:
        return self.native_for()

    # -- Mastra's memory API ----------------------------------------------------------------
    async def createThread(self, options: Mapping[str, Any]) -> MastraObject:
        thread = await self.native.create_thread(
            resource_id=options.get("resourceId"),
            thread_id=options.get("threadId"),
            title=options.get("title"),
            metadata=options.get("metadata"),
        )
        return thread_of(thread)  # type: ignore[return-value]

    async def getThreadById(self, options: Mapping[str, Any]) -> MastraObject | None:
        return thread_of(await self.native.get_thread(options["threadId"]))

    async def listThreadsByResourceId(self, options: Mapping[str, Any]) -> MastraObject:
        threads = [thread_of(t) for t in await self.native.list_threads(options["resourceId"])]
        return MastraObject(
            threads=threads, total=len(threads), page=0, perPage=False, hasMore=False
        )

    async def listThreads(self, options: Mapping[str, Any]) -> MastraObject:
        resource = options.get("resourceId") or (options.get("filter") or {}).get("resourceId")
        return await self.listThreadsByResourceId({"resourceId": resource})

    async def getThreadsByResourceId(self, options: Mapping[str, Any]) -> list[MastraObject]:
        """0.x: a plain list."""
        return list((await self.listThreadsByResourceId(options))["threads"])

    async def deleteThread(self, thread_id: str) -> None:
        await self.native.delete_thread(thread_id)

    async def recall(self, options: Mapping[str, Any]) -> MastraObject:
        """``{ messages }`` of the thread, oldest first (``perPage`` = the newest N)."""
        thread_id = options["threadId"]
        per_page = options.get("perPage")
        last = None if per_page in (None, False) else int(per_page)
        messages = await self.native.get_messages(thread_id, last=last)
        return MastraObject(messages=[message_of(m, thread_id) for m in messages])

    async def query(self, options: Mapping[str, Any]) -> MastraObject:
        """0.x ``query``: ``{ messages, uiMessages }``."""
        found = await self.recall(options)
        return MastraObject(messages=found["messages"], uiMessages=[])

    async def saveMessages(self, options: Mapping[str, Any]) -> MastraObject:
        by_thread: dict[str, list[Message]] = {}
        for data in options.get("messages") or []:
            thread_id = data.get("threadId")
            if not thread_id:
                raise ValueError("saveMessages: every message needs a threadId")
            message = Message.from_dict(
                {
                    "role": data.get("role", "user"),
                    **{
                        k: v
                        for k, v in data.items()
                        if k in ("content", "id", "tool_calls", "tool_results")
                    },
                }
            )
            by_thread.setdefault(thread_id, []).append(message)
        for thread_id, messages in by_thread.items():
            resource = next(
                (
                    d.get("resourceId")
                    for d in options["messages"]
                    if d.get("threadId") == thread_id
                ),
                None,
            )
            await self.native.remember(thread_id=thread_id, resource_id=resource, messages=messages)
        return MastraObject(messages=list(options.get("messages") or []))

    async def getWorkingMemory(self, options: Mapping[str, Any]) -> str | None:
        return await self.native.get_working_memory(
            thread_id=options.get("threadId"), resource_id=options.get("resourceId")
        )

    async def updateWorkingMemory(self, options: Mapping[str, Any]) -> None:
        await self.native.update_working_memory(
            options["workingMemory"],
            thread_id=options.get("threadId"),
            resource_id=options.get("resourceId"),
        )

    def __repr__(self) -> str:
        return f"Memory(options={self.options!r}, storage={self.storage!r})"
