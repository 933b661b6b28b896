"""``RagPipeline``: Lumos's ingest-and-search pipeline (chunk -> embed -> upsert, then query),
and ``pipeline_from_config`` for ``lumosai.yaml``'s ``rag:`` section."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lumosai.llm.embedding import Embedder
from lumosai.rag.document import MDocument
from lumosai.rag.embed import as_embedder
from lumosai.rag.tool import VectorQueryTool, create_vector_query_tool
from lumosai.vector.base import QueryResult, VectorStore

_LOADERS = {
    ".md": MDocument.from_markdown,
    ".markdown": MDocument.from_markdown,
    ".html": MDocument.from_html,
    ".htm": MDocument.from_html,
    ".json": MDocument.from_json,
}


class RagPipeline:
    """Documents in, searchable chunks out. Each chunk is stored with metadata
    ``{"text": ..., **document metadata, **chunk metadata}``, as Mastra's examples do."""

    def __init__(
        self,
        *,
        embedder: Embedder | str,
        vector_store: VectorStore,
        index_name: str = "documents",
        strategy: str = "recursive",
        chunk_size: int = 512,
        chunk_overlap: int = 50,
        chunk_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.embedder = as_embedder(embedder)
        self.vector_store = vector_store
        self.index_name = index_name
        self.strategy = strategy
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.chunk_options = dict(chunk_options or {})
        self._dimension: int | None = None

    @staticmethod
    def builder() -> RagPipelineBuilder:
        return RagPipelineBuilder()

    def _options(self, document: MDocument) -> dict[str, Any]:
        options = {"max_size": self.chunk_size, "overlap": self.chunk_overlap, **self.chunk_options}
        if document.type == "html" and self.strategy == "recursive":
            return {"strategy": "recursive", **options}
        return {"strategy": self.strategy, **options}

    async def process_document(
        self, document: MDocument | str, metadata: Mapping[str, Any] | None = None
    ) -> list[str]:
        """Chunk, embed and store one document; returns the stored ids."""
        doc = document if isinstance(document, MDocument) else MDocument.from_text(document)
        if metadata:
            for chunk in doc.chunks:
                chunk.metadata = {**metadata, **chunk.metadata}
        chunks = doc.chunk(**self._options(doc))
        if not chunks:
            return []
        vectors = await self.embedder.embed([c.text for c in chunks])
        if self._dimension is None:
            self._dimension = len(vectors[0])
            await self.vector_store.create_index(self.index_name, self._dimension)
        return await self.vector_store.upsert(
            self.index_name, vectors, [{"text": c.text, **c.metadata} for c in chunks]
        )

    async def process_documents(self, documents: Iterable[MDocument | str]) -> list[str]:
        ids: list[str] = []
        for document in documents:
            ids.extend(await self.process_document(document))
        return ids

    async def process_path(self, path: str | Path) -> list[str]:
        """A file, or every file under a folder (by extension: markdown, HTML, JSON, else text);
        each chunk records its ``source`` path."""
        root = Path(path)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        ids: list[str] = []
        for file in files:
            load = _LOADERS.get(file.suffix.lower(), MDocument.from_text)
            doc = load(file.read_text(encoding="utf-8"), {"source": str(file)})
            ids.extend(await self.process_document(doc))
        return ids

    async def query(
        self, text: str, top_k: int = 5, filter: dict[str, Any] | None = None
    ) -> list[QueryResult]:
        [vector] = await self.embedder.embed([text])
        return await self.vector_store.query(self.index_name, vector, top_k=top_k, filter=filter)

    def as_tool(self, **kwargs: Any) -> VectorQueryTool:
        """A ``create_vector_query_tool`` over this pipeline's index."""
        return create_vector_query_tool(
            vector_store=self.vector_store,
            index_name=self.index_name,
            embedder=self.embedder,
            **kwargs,
        )


class RagPipelineBuilder:
    """Lumos's builder: ``RagPipeline.builder().embedding_provider(e).vector_store(v)
    .chunking_strategy("recursive").chunk_size(512).chunk_overlap(50).build()``."""

    def __init__(self) -> None:
        self._settings: dict[str, Any] = {}

    def embedding_provider(self, embedder: Embedder | str) -> RagPipelineBuilder:
        self._settings["embedder"] = embedder
        return self

    def vector_store(self, store: VectorStore) -> RagPipelineBuilder:
        self._settings["vector_store"] = store
        return self

    def index_name(self, name: str) -> RagPipelineBuilder:
        self._settings["index_name"] = name
        return self

    def chunking_strategy(self, strategy: str, **options: Any) -> RagPipelineBuilder:
        self._settings["strategy"] = strategy
        self._settings["chunk_options"] = options
        return self

    def chunk_size(self, size: int) -> RagPipelineBuilder:
        self._settings["chunk_size"] = size
        return self

    def chunk_overlap(self, overlap: int) -> RagPipelineBuilder:
        self._settings["chunk_overlap"] = overlap
        return self

    def build(self) -> RagPipeline:
        missing = [k for k in ("embedder", "vector_store") if k not in self._settings]
        if missing:
            raise ValueError(f"RagPipeline needs {' and '.join(missing)}")
        return RagPipeline(**self._settings)


async def pipeline_from_config(config: Any, base_dir: str | Path = ".") -> RagPipeline:
    """Build the pipeline of a ``lumosai.yaml`` ``rag:`` section (``vector_store`` URL or
    ``memory``, ``embeddings`` model, ``chunk_size``, ``chunk_overlap``, ``index_name``) and
    ingest its ``documents`` (paths relative to ``base_dir``)."""
    from lumosai.vector.url import vector_store

    get = config.get if isinstance(config, Mapping) else lambda k, d=None: getattr(config, k, d)
    embeddings = get("embeddings") or "openai/text-embedding-3-small"
    if embeddings == "openai":
        embeddings = "openai/text-embedding-3-small"
    store_url = get("vector_store") or "memory"
    if store_url not in ("memory", ":memory:") and "://" not in store_url and ":" not in store_url:
        store_url = str(Path(base_dir) / store_url)
    pipeline = RagPipeline(
        embedder=embeddings,
        vector_store=vector_store(store_url),
        index_name=get("index_name") or "documents",
        chunk_size=int(get("chunk_size") or 512),
        chunk_overlap=int(get("chunk_overlap") or 0) if get("chunk_overlap") is not None else 50,
    )
    for document in get("documents") or []:
        await pipeline.process_path(Path(base_dir) / document)
    return pipeline
