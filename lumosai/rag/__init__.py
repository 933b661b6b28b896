"""RAG: ``MDocument`` loading and chunking (Mastra's strategies and options),
``create_vector_query_tool`` for agents, and embedding helpers.

``from lumosai.rag import MDocument``
"""

from lumosai.rag.chunk import Chunk, ChunkList
from lumosai.rag.document import MDocument
from lumosai.rag.embed import cosine_similarity, embed, embed_many
from lumosai.rag.graph import GraphRAG, GraphRAGTool, create_graph_rag_tool
from lumosai.rag.options import STRATEGIES, ChunkOptionsError
from lumosai.rag.pipeline import RagPipeline, RagPipelineBuilder, pipeline_from_config
from lumosai.rag.rerank import AgentRelevanceScorer, RerankResult, rerank, rerank_with_scorer
from lumosai.rag.tool import (
    DocumentChunkerTool,
    VectorQueryTool,
    create_document_chunker_tool,
    create_vector_query_tool,
)

__all__ = [
    "STRATEGIES",
    "AgentRelevanceScorer",
    "Chunk",
    "ChunkList",
    "ChunkOptionsError",
    "DocumentChunkerTool",
    "GraphRAG",
    "GraphRAGTool",
    "MDocument",
    "RagPipeline",
    "RagPipelineBuilder",
    "RerankResult",
    "VectorQueryTool",
    "cosine_similarity",
    "create_document_chunker_tool",
    "create_graph_rag_tool",
    "create_vector_query_tool",
    "embed",
    "embed_many",
    "pipeline_from_config",
    "rerank",
    "rerank_with_scorer",
]
