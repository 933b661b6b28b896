"""RAG: ``MDocument`` loading and chunking (Mastra's strategies and options),
``create_vector_query_tool`` for agents, and embedding helpers.

``from lumosai.rag import MDocument``
"""

from lumosai.rag.chunk import Chunk, ChunkList
from lumosai.rag.document import MDocument
from lumosai.rag.options import STRATEGIES, ChunkOptionsError

__all__ = ["STRATEGIES", "Chunk", "ChunkList", "ChunkOptionsError", "MDocument"]
