"""``Memory``: what the agent loop asks before a call (``prepare``) and tells after it
(``remember``), with Mastra's semantics:

* the newest ``last_messages`` messages of the thread are loaded;
* semantic recall embeds the new user message, finds the ``top_k`` most similar stored
  messages in the thread or in all threads of the resource, and loads each with
  ``message_range`` neighbours: hits from this thread join the history in time order, hits from
  other threads come as a system text;
* working memory is shown in a system text and changed by the ``updateWorkingMemory`` tool;
  the tool's own calls are kept out of the history the model sees again.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lumosai.llm.messages import Message
from lumosai.memory.config import MemoryConfig
from lumosai.memory.defaults import default_db_path, default_storage, storage_from_id
from lumosai.memory.sqlite import SqliteStorage
from lumosai.memory.storage import Storage, Thread, new_message_id, stamp_messages
from lumosai.memory.working_memory import (
    DEFAULT_TEMPLATE,
    TOOL_NAME,
    UpdateWorkingMemoryTool,
    empty_from_schema,
    instruction,
    read_only_instruction,
)

if TYPE_CHECKING:
    from lumosai.llm.embedding import Embedder
    from lumosai.tool import Tool
    from lumosai.vector import VectorStore


#: how many texts Mastra 1.x's Memory keeps embeddings of (DEFAULT_EMBEDDING_CACHE_MAX_SIZE)
SAVED_VECTORS_MAX = 1000


@dataclass(slots=True)
class PreparedMemory:
    """What memory adds to one agent call."""

    system: list[str] = field(default_factory=list)
    history: list[Message] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)


class MemoryUsageError(ValueError):
    """Memory used in a way its configuration cannot serve (e.g. resource scope, no resource)."""


def _default_vector(storage: Storage) -> VectorStore:
    from lumosai.vector import InMemoryVector, SqliteVector

    if isinstance(storage, SqliteStorage) and storage.path != ":memory:":
        return SqliteVector(storage.path)
    if isinstance(storage, SqliteStorage):
        return InMemoryVector()
    from lumosai.memory.in_memory import InMemoryStorage

    if isinstance(storage, InMemoryStorage):
        return InMemoryVector()
    return SqliteVector(default_db_path())


def _strip_working_memory_calls(messages: list[Message]) -> list[Message]:
    """Drop ``updateWorkingMemory`` calls and results (Mastra hides them from later calls)."""
    kept: list[Message] = []
    for message in messages:
        calls = [c for c in message.tool_calls if c.name != TOOL_NAME]
        results = [r for r in message.tool_results if r.name != TOOL_NAME]
        if len(calls) == len(message.tool_calls) and len(results) == len(message.tool_results):
            kept.append(message)
            continue
        if not calls and not results and not message.content:
            continue
        message.tool_calls = calls
        message.tool_results = results
        kept.append(message)
    return kept


def _pair_tool_messages(messages: list[Message]) -> list[Message]:
    """Keep tool calls and tool results only in complete pairs.

    A window of the newest N messages (or a recalled range) can start with the results of a
    call that was cut off, or end with a call whose results were cut off; providers reject
    both, so the unpaired halves are dropped (and messages left empty with them)."""
    called = {c.id for m in messages for c in m.tool_calls}
    answered = {r.id for m in messages for r in m.tool_results}
    paired: list[Message] = []
    for message in messages:
        calls = [c for c in message.tool_calls if c.id in answered]
        results = [r for r in message.tool_results if r.id in called]
        if len(calls) == len(message.tool_calls) and len(results) == len(message.tool_results):
            paired.append(message)
            continue
        if not calls and not results and not message.content:
            continue
        message.tool_calls = calls
        message.tool_results = results
        paired.append(message)
    return paired


def _text(message: Message) -> str:
    return message.content.strip() if message.role in ("user", "assistant") else ""


def _offers_tool_without_thread(config: MemoryConfig) -> bool:
    wm = config.working_memory
    return (
        wm is not None
        and wm.enabled
        and wm.version == "0.x"
        and not (wm.read_only or config.read_only)
    )


def acts_without_thread(config: MemoryConfig) -> bool:
    """Whether a call without a thread still involves this memory (the agent then calls
    `prepare`): Mastra 1.x probes the embedder of semantic recall, Mastra 0.24 offers the
    working-memory tool."""
    if not config.enabled:
        return False
    recall = config.semantic_recall
    return (recall is not None and recall.version != "0.x") or _offers_tool_without_thread(config)


class Memory:
    """Memory of one agent over a ``Storage`` (and, for semantic recall, an embedder and a
    vector index).

    ``storage`` None: ``config.store_id`` if set, else ``default_storage()``. ``vector`` None
    with semantic recall: a ``SqliteVector`` on the storage's file (in-memory for in-memory
    storage). ``embedder`` None with semantic recall: ``config.embedder`` through
    ``lumosai.llm.embedding.embedder``; neither is an error."""

    def __init__(
        self,
        config: MemoryConfig | None = None,
        storage: Storage | None = None,
        embedder: Embedder | None = None,
        vector: VectorStore | None = None,
        processors: Sequence[Any] | None = None,
    ) -> None:
        self.config = config or MemoryConfig()
        # 0.x memory processors (lumosai.memory.processors) filter recalled history
        self.processors = list(processors or [])
        if storage is None:
            storage = (
                storage_from_id(self.config.store_id) if self.config.store_id else default_storage()
            )
        self.storage = storage
        self.embedder = embedder
        self.vector = vector
        self._known_indexes: set[str] = set()
        self._probed = False  # Mastra 1.x's embedder dimension probe (see _probe_embedder)
        # text -> vector, for save_messages only (Mastra 1.x Memory's own LRU embedding cache)
        self._saved_vectors: OrderedDict[str, list[float]] = OrderedDict()
        if self.config.semantic_recall is not None:
            if self.embedder is None:
                if not self.config.embedder:
                    raise MemoryUsageError(
                        "semantic_recall needs an embedder: pass Memory(embedder=...) or set "
                        "MemoryConfig(embedder='openai/text-embedding-3-small')"
                    )
                from lumosai.llm.embedding import embedder as make_embedder

                self.embedder = make_embedder(self.config.embedder)
            if self.vector is None:
                self.vector = _default_vector(self.storage)

    def __repr__(self) -> str:
        return f"Memory({self.config!r}, storage={self.storage!r})"

    # threads
    async def get_thread(self, thread_id: str) -> Thread | None:
        return await self.storage.get_thread(thread_id)

    async def ensure_thread(self, thread_id: str, resource_id: str | None) -> Thread:
        """The thread, created for ``resource_id`` if new; a thread of another resource is an
        error (Mastra refuses it too)."""
        thread = await self.storage.get_thread(thread_id)
        if thread is None:
            return await self.storage.save_thread(Thread(id=thread_id, resource_id=resource_id))
        if thread.resource_id and resource_id and thread.resource_id != resource_id:
            raise MemoryUsageError(
                f"thread {thread_id!r} belongs to resource {thread.resource_id!r},"
                f" not {resource_id!r}"
            )
        if thread.resource_id is None and resource_id:
            thread.resource_id = resource_id
            thread = await self.storage.save_thread(thread)
        return thread

    async def create_thread(
        self,
        *,
        resource_id: str | None = None,
        thread_id: str | None = None,
        title: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Thread:
        """A new thread (Mastra ``createThread``); the id is generated when not given."""
        return await self.storage.save_thread(
            Thread(
                id=thread_id or new_message_id(),
                resource_id=resource_id,
                title=title,
                metadata=dict(metadata or {}),
            )
        )

    async def list_threads(self, resource_id: str) -> list[Thread]:
        return await self.storage.list_threads(resource_id)

    async def delete_thread(self, thread_id: str) -> None:
        """Delete the thread, its messages and their recall vectors."""
        if self.vector is not None:
            ids = [m.id for m in await self.storage.get_messages(thread_id) if m.id]
            for index in await self.vector.list_indexes():
                if index.startswith("memory_messages") or index in self._known_indexes:
                    await self.vector.delete_vectors(index, ids)
        await self.storage.delete_thread(thread_id)

    async def get_messages(self, thread_id: str, *, last: int | None = None) -> list[Message]:
        return await self.storage.get_messages(thread_id, last=last)

    # working memory
    def _working_memory_key(self, thread_id: str | None, resource_id: str | None) -> str | None:
        if self.config.working_memory_scope == "thread":
            return f"thread:{thread_id}" if thread_id else None
        return f"resource:{resource_id}" if resource_id else None

    def working_memory_template(self) -> str:
        wm = self.config.working_memory
        if wm is not None and wm.json_schema is not None:
            return json.dumps(empty_from_schema(wm.json_schema, wm.version))
        if wm is not None and wm.template is not None:
            return wm.template
        return DEFAULT_TEMPLATE

    async def get_working_memory(
        self, *, thread_id: str | None = None, resource_id: str | None = None
    ) -> str | None:
        key = self._working_memory_key(thread_id, resource_id)
        return await self.storage.get_working_memory(key) if key else None

    async def update_working_memory(
        self, content: str, *, thread_id: str | None = None, resource_id: str | None = None
    ) -> None:
        key = self._working_memory_key(thread_id, resource_id)
        if key is None:
            scope = self.config.working_memory_scope
            raise MemoryUsageError(
                f"{'Thread' if scope == 'thread' else 'Resource'} ID is required for "
                f"{scope}-scoped working memory updates"
            )
        if thread_id:
            await self.ensure_thread(thread_id, resource_id)
        await self.storage.set_working_memory(key, content)

    # the two calls the agent loop makes
    async def prepare(
        self,
        *,
        thread_id: str | None,
        resource_id: str | None = None,
        new_messages: list[Message] | None = None,
        system_message: str | None = None,
    ) -> PreparedMemory:
        """System texts, history and tools to add to a call on ``thread_id``
        (``system_message``: the agent's instructions, which memory processors count)."""
        prepared = PreparedMemory()
        if not self.config.enabled:
            return prepared
        if not thread_id:
            await self._prepare_without_thread(prepared, resource_id)
            return prepared
        new_messages = new_messages or []
        if self.config.last_messages > 0:
            prepared.history = await self._last_messages(thread_id, self.config.last_messages)
        if self.config.semantic_recall is not None:
            await self._recall(prepared, thread_id, resource_id, new_messages)
        prepared.history = _pair_tool_messages(_strip_working_memory_calls(prepared.history))
        wm = self.config.working_memory
        if wm is not None and wm.enabled:
            key = self._working_memory_key(thread_id, resource_id)
            if key is not None:
                data = await self.storage.get_working_memory(key)
                if wm.read_only or self.config.read_only:
                    prepared.system.append(read_only_instruction(data))
                else:
                    schema = wm.json_schema
                    template = self.working_memory_template()
                    # Mastra (0.x and 1.x) shows the template trimmed and, before the first
                    # update, the data block as the text `null` (JS `${null}`)
                    prepared.system.append(
                        instruction(
                            template.strip(),
                            data if data else "null",
                            is_json=schema is not None,
                            json_template=empty_from_schema(schema, wm.version) if schema else None,
                        )
                    )
                    prepared.tools.append(
                        UpdateWorkingMemoryTool(self, thread_id=thread_id, resource_id=resource_id)
                    )
        if self.processors:
            from lumosai.memory.processors import apply_memory_processors

            prepared.history = apply_memory_processors(
                self.processors,
                prepared.history,
                system_message=system_message,
                memory_system_message="\n".join(prepared.system) or None,
                new_messages=new_messages,
            )
        return prepared

    async def _prepare_without_thread(
        self, prepared: PreparedMemory, resource_id: str | None
    ) -> None:
        """A call without a thread: no history and no memory text, but Mastra 1.x still builds
        the semantic-recall processor (which probes the embedder), and Mastra 0.24 still
        offers `updateWorkingMemory` (whose call then fails for want of a thread)."""
        recall = self.config.semantic_recall
        if recall is not None and recall.version != "0.x":
            await self._probe_embedder()
        if _offers_tool_without_thread(self.config):
            prepared.tools.append(UpdateWorkingMemoryTool(self, resource_id=resource_id))

    async def _last_messages(self, thread_id: str, n: int) -> list[Message]:
        """The newest ``n`` messages as Mastra counts them: a user message is one, and the
        assistant's answer of a turn (its tool calls, tool results and text) is one, because
        Mastra stores it as a single message with parts."""
        fetch = n * 6
        while True:
            messages = await self.storage.get_messages(thread_id, last=fetch)
            units = _turn_units(messages)
            if len(units) > n or len(messages) < fetch:
                return [m for unit in units[-n:] for m in unit]
            fetch *= 4

    async def remember(
        self,
        *,
        thread_id: str | None,
        resource_id: str | None = None,
        messages: list[Message],
        model: Any = None,
    ) -> None:
        """Store the messages of a finished call (not system messages) and index their text.

        With ``generateTitle`` on (``MemoryConfig.extra``) and a thread still untitled, the
        model (the title config's, else ``model``, the agent's) names the thread."""
        if not self.config.enabled or not thread_id or self.config.read_only:
            return
        to_store = stamp_messages([m for m in messages if m.role != "system"])
        if not to_store:
            return
        thread = await self.ensure_thread(thread_id, resource_id)
        await self.storage.add_messages(thread_id, to_store)
        if self.config.semantic_recall is not None:
            await self._index(to_store, thread_id, resource_id or thread.resource_id)
        if thread.title is None and (resource_id or thread.resource_id):
            # Mastra names threads only when the call has a resource
            await self._name_thread(thread, to_store, model)

    async def save_messages(
        self, *, thread_id: str, resource_id: str | None, messages: list[Message]
    ) -> None:
        """Mastra 1.x ``createThread`` + ``Memory.saveMessages``, as a delegation stores its
        exchange: the thread is (re)written untitled, the messages upserted by id, and with
        semantic recall each message's text is embedded in a request of its own unless this
        memory embedded that text in an earlier ``save_messages`` (Mastra's Memory keeps an LRU
        cache of 1000 texts, apart from the semantic-recall processor's cache that ``prepare``
        and ``remember`` stand for)."""
        await self.create_thread(resource_id=resource_id, thread_id=thread_id)
        to_store = stamp_messages([m for m in messages if m.role != "system"])
        if not to_store:
            return
        await self.storage.add_messages(thread_id, to_store)
        if self.config.semantic_recall is None:
            return
        assert self.embedder is not None and self.vector is not None
        texts = [(m, _text(m)) for m in to_store]
        texts = [(m, t) for m, t in texts if t]
        if not texts:
            return
        known = {t: self._saved_vectors[t] for _, t in texts if t in self._saved_vectors}
        # Mastra embeds the messages concurrently: a text twice in one call is asked for twice
        for text in [t for _, t in texts if t not in known]:
            [known[text]] = await self.embedder.embed([text])
        for text, vector in known.items():
            self._saved_vectors[text] = vector
            self._saved_vectors.move_to_end(text)
        while len(self._saved_vectors) > SAVED_VECTORS_MAX:
            self._saved_vectors.popitem(last=False)
        vectors = [known[t] for _, t in texts]
        await self._upsert_vectors(texts, vectors, thread_id, resource_id)

    async def _upsert_vectors(
        self,
        texts: list[tuple[Message, str]],
        vectors: list[list[float]],
        thread_id: str,
        resource_id: str | None,
    ) -> None:
        """Store each message's vector under its id (a later save of the same id replaces it)."""
        assert self.vector is not None
        index = await self._index_name(len(vectors[0]))
        await self.vector.upsert(
            index,
            vectors,
            metadata=[
                {"message_id": m.id, "thread_id": thread_id, "resource_id": resource_id}
                for m, _ in texts
            ],
            ids=[str(m.id) for m, _ in texts],
        )

    async def _name_thread(self, thread: Thread, latest: list[Message], model: Any) -> None:
        from lumosai.memory.titles import generate_title, title_config

        config = title_config(self.config)
        if config is None:
            return
        if config.legacy:
            messages = latest  # 0.x: the newest user message of this call
        else:
            window = max(self.config.last_messages, len(latest))
            messages = await self.storage.get_messages(thread.id, last=window)
        title = await generate_title(config, messages, model)
        if title:
            thread.title = title
            await self.storage.save_thread(thread)

    # semantic recall
    async def _probe_embedder(self) -> None:
        """Mastra 1.x asks the embedder for one embedding of "a" (its dimension) before it
        first uses the vector store; done once per Memory, as Mastra caches it."""
        recall = self.config.semantic_recall
        if self._probed or recall is None or recall.version == "0.x":
            return
        assert self.embedder is not None
        self._probed = True
        await self.embedder.embed(["a"])

    async def _index_name(self, dimension: int) -> str:
        recall = self.config.semantic_recall
        name = (recall.index_name if recall else None) or f"memory_messages_{dimension}"
        if name not in self._known_indexes:
            assert self.vector is not None
            await self.vector.create_index(name, dimension, "cosine")
            self._known_indexes.add(name)
        return name

    async def _index(
        self, messages: list[Message], thread_id: str, resource_id: str | None
    ) -> None:
        assert self.embedder is not None and self.vector is not None
        texts = [(m, _text(m)) for m in messages]
        texts = [(m, t) for m, t in texts if t]
        if not texts:
            return
        await self._probe_embedder()
        vectors = await self.embedder.embed([t for _, t in texts])
        await self._upsert_vectors(texts, vectors, thread_id, resource_id)

    async def _recall(
        self,
        prepared: PreparedMemory,
        thread_id: str,
        resource_id: str | None,
        new_messages: list[Message],
    ) -> None:
        recall = self.config.semantic_recall
        assert recall is not None and self.embedder is not None and self.vector is not None
        await self._probe_embedder()
        query = next((m.content for m in reversed(new_messages) if m.role == "user"), "").strip()
        if not query:
            return
        scope = self.config.recall_scope
        if scope == "resource" and not resource_id:
            raise MemoryUsageError(
                "resource-scoped semantic recall needs a resource_id: pass resource_id= to the "
                "call, or set SemanticRecallConfig(scope='thread')"
            )
        [vector] = await self.embedder.embed([query])
        index = await self._index_name(len(vector))
        scope_filter = (
            {"resource_id": resource_id} if scope == "resource" else {"thread_id": thread_id}
        )
        hits = await self.vector.query(index, vector, top_k=recall.top_k, filter=scope_filter)
        if recall.relevance_threshold is not None:
            hits = [h for h in hits if h.score >= recall.relevance_threshold]
        seen = {m.id for m in prepared.history} | {m.id for m in new_messages if m.id}
        same_thread: list[Message] = []
        other_threads: dict[str, list[Message]] = {}
        for hit in hits:
            hit_thread = hit.metadata.get("thread_id")
            message_id = hit.metadata.get("message_id")
            if not isinstance(hit_thread, str) or not isinstance(message_id, str):
                continue
            window = await self.storage.get_messages_around(
                hit_thread,
                message_id,
                before=recall.message_range.before,
                after=recall.message_range.after,
            )
            for message in window:
                if message.id in seen:
                    continue
                seen.add(message.id)
                if hit_thread == thread_id:
                    same_thread.append(message)
                else:
                    other_threads.setdefault(hit_thread, []).append(message)
        if same_thread:
            merged = same_thread + prepared.history
            merged.sort(key=lambda m: m.created_at or 0.0)
            prepared.history = merged
        if other_threads:
            prepared.system.append(_format_other_threads(other_threads))


def _format_other_threads(threads: dict[str, list[Message]]) -> str:
    blocks = []
    for thread_id, messages in threads.items():
        messages.sort(key=lambda m: m.created_at or 0.0)
        lines = [f"{m.role}: {m.content}" for m in messages if m.content]
        blocks.append(f'<thread id="{thread_id}">\n' + "\n".join(lines) + "\n</thread>")
    return (
        "The following messages were remembered from a different conversation:\n"
        "<remembered_from_other_conversation>\n"
        + "\n".join(blocks)
        + "\n</remembered_from_other_conversation>"
    )


def _turn_units(messages: list[Message]) -> list[list[Message]]:
    """Messages grouped as Mastra stores them: each user message alone, and each run of
    assistant/tool messages between them together (system messages stand alone)."""
    units: list[list[Message]] = []
    for message in messages:
        answer = message.role in ("assistant", "tool")
        if answer and units and units[-1][-1].role in ("assistant", "tool"):
            units[-1].append(message)
        else:
            units.append([message])
    return units
